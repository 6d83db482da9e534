"""End to end: what an attacker, a broken server and real data tried (terminal escapes, planted
symlinks, endless pagination, blocking files, hostile names), and what idpmetrics does instead."""
import os
import re

from backstage_server import Backstage
from harness import Reply, TestCase, main

# OSC 52 writes the terminal's clipboard; U+202E reverses what follows; U+009B is a C1 CSI.
HOSTILE = "\x1b]52;c;ZXZpbA==\x07Evil\x1b[2J \u202etxt.exe \u0085\u009b1m"
RAW = ("\x1b", "\x07", "\u202e", "\u0085", "\u009b")


class Terminal(TestCase):
    """Text from a server or the catalog is shown literally, never obeyed by the terminal."""

    def assertClean(self, text):
        for c in RAW:
            self.assertNotIn(c, text, "raw %r reached the terminal" % c)

    def backstage_home(self, bs):
        h = self.home()
        h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n" % bs.base_url)
        h.env["BACKSTAGE_TOKEN"] = bs.token
        return h

    def test_teams_shows_group_titles_literally(self):
        bs = Backstage(self.server())
        bs.add_group("team-a", title=HOSTILE)
        bs.add_group("team\u202eb", title="Bravo")
        bs.add_user("alice", ["team-a"])
        bs.add_component("svc-a1", owner="team-a", slug="acme/svc\x1b[31m-a1")
        h = self.backstage_home(bs)
        self.assertExit(h.run("collect", "catalog"), 0)
        for args in (("teams",), ("teams", "--repos"), ("teams", "--repos", "--format", "csv")):
            r = h.run(*args)
            self.assertExit(r, 0)
            self.assertClean(r.out)
            self.assertClean(r.err)
        r = h.run("teams")
        self.assertIn("\\x1b]52;c;ZXZpbA==\\x07Evil", r.out)
        self.assertIn("team:team\\u202eb", r.out)

    def test_status_and_doctor_show_server_text_literally(self):
        bs = Backstage(self.server())
        bs.fail(r".*", Reply(400, {"error": {"name": "InputError", "message": HOSTILE}}), times=None)
        h = self.backstage_home(bs)
        r = h.run("collect", "catalog")
        self.assertNotEqual(r.code, 0)
        self.assertClean(r.err)
        self.assertIn("\\u202etxt.exe", r.err)
        r = h.run("status")
        self.assertClean(r.out)
        self.assertIn("\\u202etxt.exe", r.out)
        r = h.run("doctor")
        self.assertClean(r.out)
        self.assertClean(r.err)


if __name__ == "__main__":
    main()
