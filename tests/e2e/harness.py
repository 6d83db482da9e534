"""Shared helpers for the end-to-end tests: run the binary, temporary homes, fixture HTTP servers.

Only the Python 3 standard library is used.  Fixture servers bind to 127.0.0.1 on an ephemeral
port and record every request, so tests can check what the tool sent as well as what it stored.
"""
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

BIN = os.environ.get("IDPMETRICS", "idpmetrics")
SRC = os.environ.get("IDPM_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
SHARED = os.path.abspath(os.path.join(SRC, "..", "shared"))
NOW = "2026-11-27T12:00:00Z"


def fixture_path(*parts):
    return os.path.join(SRC, "fixtures", *parts)


def shared_path(*parts):
    return os.path.join(SHARED, *parts)


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "exit %d\n--- stdout\n%s\n--- stderr\n%s" % (self.code, self.out[-4000:], self.err[-4000:])


class Home:
    """A temporary working directory with a config file and a database for one test."""

    def __init__(self, test=None):
        self.dir = tempfile.mkdtemp(prefix="idpm-")
        self.config = os.path.join(self.dir, "idpmetrics.yaml")
        self.db = os.path.join(self.dir, "idpmetrics.db")
        self.env = dict(os.environ)
        self.env.pop("GITHUB_TOKEN", None)
        self.env.pop("BACKSTAGE_TOKEN", None)
        self.env["IDPMETRICS_FAKE_SLEEP"] = "1"
        self.env["TZ"] = "UTC"
        if test is not None:
            test.addCleanup(self.remove)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, text, mode=None):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
        if mode is not None:
            os.chmod(p, mode)
        return p

    def write_config(self, text):
        return self.write("idpmetrics.yaml", text)

    def run(self, *args, now=NOW, stdin=None, timeout=120, env=None, config=True, db=True):
        argv = [BIN]
        if config:
            argv += ["--config", self.config]
        if db:
            argv += ["--db", self.db]
        if now:
            argv += ["--now", now]
        argv += list(args)
        e = dict(self.env)
        if env:
            e.update(env)
        proc = subprocess.run(argv, cwd=self.dir, env=e, input=stdin, capture_output=True, text=True,
                              timeout=timeout)
        return Result(proc)

    def export(self, period, *extra, now=NOW):
        r = self.run("export", "--format", "json", "--period", period, *extra, now=now)
        if r.code != 0:
            raise AssertionError("export failed: %r" % r)
        return r.json()

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def metric(doc, name, scope="org"):
    """The row of metric NAME for SCOPE in an export document, or None."""
    for m in doc["metrics"]:
        if m["metric"] == name and m["scope"] == scope:
            return m
    return None


def percentile(values, p):
    """Hyndman-Fan type 7, written independently of the C code (Excel PERCENTILE.INC)."""
    xs = sorted(values)
    if not xs:
        return None
    h = (len(xs) - 1) * p
    lo = int(h)
    if lo + 1 >= len(xs):
        return float(xs[-1])
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


# ---------------------------------------------------------------------------------------------
# Fixture HTTP server


class Reply:
    """What a route answers.  body may be bytes, str, or a JSON-able object."""

    def __init__(self, status=200, body=b"", headers=None, truncate=None, delay=0.0, close=False):
        self.status = status
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers = dict(headers or {})
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
        elif isinstance(body, str):
            body = body.encode()
        self.body = body
        self.headers = headers or {}
        self.truncate = truncate      # send only this many bytes of the body (Content-Length stays full)
        self.delay = delay            # seconds to wait before answering (timeouts)
        self.close = close


class Request:
    def __init__(self, handler):
        self.method = handler.command
        self.raw_path = handler.path
        parsed = urllib.parse.urlsplit(handler.path)
        self.path = parsed.path
        self.query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        self.query_string = parsed.query
        self.headers = {k.lower(): v for k, v in handler.headers.items()}

    def arg(self, name, default=None):
        v = self.query.get(name)
        return v[0] if v else default


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: without this, keep-alive waits 40 ms per answer

    def log_message(self, fmt, *args):  # keep test output clean
        pass

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def _serve(self):
        server = self.server.fixture
        req = Request(self)
        with server.lock:
            server.requests.append(req)
        reply = server.dispatch(req)
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if reply.status != 304:
                self.send_header("Content-Length", str(len(reply.body)))
            if reply.close or reply.truncate is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            if reply.status != 304:
                body = reply.body if reply.truncate is None else reply.body[:reply.truncate]
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if reply.close or reply.truncate is not None:
            self.close_connection = True


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class FixtureServer:
    """Routes are (method, regex on the path, function(request, match) -> Reply).  First match wins."""

    def __init__(self):
        self.routes = []
        self.requests = []
        self.lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fixture = self
        self._thread = None

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self._httpd.server_address[1]

    def route(self, pattern, fn, method="GET"):
        self.routes.append((method, re.compile(pattern + r"\Z"), fn))

    def dispatch(self, req):
        for method, rx, fn in self.routes:
            m = rx.match(req.path)
            if m and method == req.method:
                try:
                    return fn(req, m)
                except Exception as e:  # a bug in a fixture must be visible, not a hang
                    return Reply(599, "fixture error: %r" % e)
        return Reply(404, {"message": "Not Found", "path": req.path})

    def start(self):
        # a short poll interval: stop() waits for it, once per test
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()

    def paths(self, prefix=""):
        with self.lock:
            return [r.raw_path for r in self.requests if r.path.startswith(prefix)]

    def reset_log(self):
        with self.lock:
            self.requests.clear()


class TestCase(unittest.TestCase):
    maxDiff = None

    def home(self):
        return Home(self)

    def server(self):
        s = FixtureServer().start()
        self.addCleanup(s.stop)
        return s

    def assertExit(self, result, code):
        self.assertEqual(result.code, code, repr(result))


def main():
    unittest.main(verbosity=2)
