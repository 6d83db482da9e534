"""TLS and proxies: certificate verification stays on, tls.ca_file trusts a private certificate
authority, and proxies come from the standard environment variables.

A throwaway certificate authority and server certificates are made with the openssl command for
each run; the fixture servers speak HTTPS with them.  A small recording proxy (CONNECT tunnels and
absolute-form requests) shows which requests went through it.
"""
import os
import select
import shutil
import socket
import socketserver
import subprocess
import tempfile
import threading
import unittest

from backstage_server import Backstage, epoch
from github_server import GitHubServer
from harness import FixtureServer, TestCase, main

GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
              "NO_PROXY")
PKI = None


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_pki():
    """A CA, a server certificate it signed for 127.0.0.1/localhost, one for another host name, and a
    second, unrelated CA.  Returns {name: path}."""
    d = tempfile.mkdtemp(prefix="idpm-pki-")
    p = lambda n: os.path.join(d, n)  # noqa: E731
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".pem",
                "-days", "2", "-subj", "/CN=idpmetrics test %s" % ca,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                cwd=d)
    for name, san in (("server", "IP:127.0.0.1,DNS:localhost"), ("wrong-host", "DNS:api.example.com")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=%s" % name, cwd=d)
        with open(p(name + ".ext"), "w") as f:
            f.write("subjectAltName=%s\nextendedKeyUsage=serverAuth\n" % san)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext", cwd=d)
    return {n: p(n) for n in ("ca.pem", "other-ca.pem", "server.pem", "server.key", "wrong-host.pem",
                              "wrong-host.key")} | {"dir": d}


def setUpModule():
    global PKI
    if not shutil.which("openssl"):
        raise unittest.SkipTest("the openssl command is missing (.ci/install-deps --test installs it)")
    PKI = make_pki()


def tearDownModule():
    if PKI:
        shutil.rmtree(PKI["dir"], ignore_errors=True)


class _ProxyHandler(socketserver.BaseRequestHandler):
    def handle(self):
        proxy = self.server.proxy
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        method, target = line.split(" ")[:2]
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            rest = head.split(b"\r\n\r\n", 1)[1]
        else:  # absolute form: GET http://host:port/path HTTP/1.1
            hostport = target.split("/")[2]
            host, port = hostport.rsplit(":", 1)
            rest = head
        with proxy.lock:
            proxy.seen.append((method, target))
        upstream = socket.create_connection((host, int(port)))
        if method == "CONNECT":
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if rest:
            upstream.sendall(rest)
        socks = [self.request, upstream]
        try:
            while True:
                ready, _, _ = select.select(socks, [], [], 30)
                if not ready:
                    return
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    if s is self.request:
                        with proxy.lock:
                            proxy.client_bytes += data
                    (upstream if s is self.request else self.request).sendall(data)
        except OSError:
            return
        finally:
            upstream.close()


class _ProxyServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class RecordingProxy:
    """An HTTP proxy on 127.0.0.1 that records the CONNECT targets and absolute-form requests it gets
    and every byte the client sent through it."""

    def __init__(self):
        self.seen = []
        self.client_bytes = b""
        self.lock = threading.Lock()
        self._srv = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
        self._srv.proxy = self
        threading.Thread(target=self._srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._srv.server_address[1]

    def stop(self):
        self._srv.shutdown()
        self._srv.server_close()


class Tls(TestCase):
    def https_github(self, cert="server"):
        fx = FixtureServer(tls=(PKI[cert + ".pem"], PKI[cert + ".key"]))
        gh = GitHubServer(server=fx).start()
        self.addCleanup(gh.stop)
        for i in range(3):
            gh.add_repo("r%d" % i, pushed_at=1795000000 + i)
            gh.add_workflow("r%d" % i, ".github/workflows/ci.yml", GOLDEN_CI)
        return gh

    def home_for(self, gh, ca_file=None, bs=None):
        h = self.home()
        for v in PROXY_VARS:
            h.env.pop(v, None)
        h.env["GITHUB_TOKEN"] = gh.token
        text = ("github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
                "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
                "http:\n  retries: 1\n" % gh.api_url)
        if bs:
            h.env["BACKSTAGE_TOKEN"] = bs.token
            text += "backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n" % bs.base_url
        if ca_file:
            text += "tls:\n  ca_file: %s\n" % ca_file
        h.write_config(text)
        return h

    def test_unknown_authority_is_refused_with_a_clear_error(self):
        gh = self.https_github()
        h = self.home_for(gh)
        r = h.run("collect", "github")
        self.assertExit(r, 1)
        self.assertIn("GET %s/orgs/acme/repos?type=all&per_page=100: SSL certificate problem: "
                      "unable to get local issuer certificate" % gh.api_url, r.err)
        self.assertIn("needs tls.ca_file set to that authority's certificate", r.err)
        self.assertNotIn("retrying", r.err)  # a certificate does not get better by asking again
        self.assertEqual(gh.count(""), 0)     # nothing was sent: the token never left

    def test_private_authority_with_tls_ca_file(self):
        gh = self.https_github()
        srv = FixtureServer(tls=(PKI["server.pem"], PKI["server.key"])).start()
        self.addCleanup(srv.stop)
        bs = Backstage(srv)
        bs.add_task("t1", "go-service", "completed", epoch("2026-07-06T09:00:00Z"), lead=12)
        # a relative ca_file is read from the configuration file's directory
        h = self.home_for(gh, ca_file="pki/ca.pem", bs=bs)
        os.makedirs(h.path("pki"))
        shutil.copyfile(PKI["ca.pem"], h.path("pki", "ca.pem"))
        r = h.run("collect")
        self.assertExit(r, 0)
        self.assertEqual(gh.count("/repos/acme/", 200), 6)
        self.assertEqual(len(bs.list_requests()), 1)

    def test_another_authority_or_host_is_refused(self):
        gh = self.https_github()
        h = self.home_for(gh, ca_file=PKI["other-ca.pem"])
        r = h.run("collect", "github")
        self.assertExit(r, 1)
        self.assertIn("SSL certificate problem", r.err)
        self.assertIn("checked against tls.ca_file only", r.err)
        # the right authority, but a certificate for another host name
        gh2 = self.https_github(cert="wrong-host")
        h = self.home_for(gh2, ca_file=PKI["ca.pem"])
        r = h.run("collect", "github")
        self.assertExit(r, 1)
        self.assertRegex(r.err, r"GET https://127\.0\.0\.1:\d+/orgs/acme/repos\S*: .*(subject|host ?name)")
        self.assertIn("not made out to the host in the URL", r.err)
        self.assertEqual(gh2.count(""), 0)

    def test_missing_ca_file(self):
        gh = self.https_github()
        h = self.home_for(gh, ca_file="nowhere/ca.pem")
        r = h.run("collect", "github")
        self.assertExit(r, 1)
        self.assertIn("cannot read tls.ca_file '%s': No such file or directory" % h.path("nowhere", "ca.pem"), r.err)


class Proxies(TestCase):
    def setUp(self):
        self.proxy = RecordingProxy()
        self.addCleanup(self.proxy.stop)

    def test_https_proxy_tunnels_and_never_sees_the_token(self):
        fx = FixtureServer(tls=(PKI["server.pem"], PKI["server.key"]))
        gh = GitHubServer(server=fx).start()
        self.addCleanup(gh.stop)
        gh.add_repo("r0", pushed_at=1795000000)
        gh.add_workflow("r0", ".github/workflows/ci.yml", GOLDEN_CI)
        h = Tls.home_for(self, gh, ca_file=PKI["ca.pem"])
        r = h.run("collect", "github", env={"https_proxy": self.proxy.url})
        self.assertExit(r, 0)
        port = gh.api_url.rsplit(":", 1)[1]
        self.assertEqual(set(self.proxy.seen), {("CONNECT", "127.0.0.1:%s" % port)})
        self.assertEqual(gh.count("", 200), 3)
        # inside the tunnel everything is encrypted: the proxy saw no request and no token
        self.assertNotIn(gh.token.encode(), self.proxy.client_bytes)
        self.assertNotIn(b"GET /", self.proxy.client_bytes)
        self.assertGreater(len(self.proxy.client_bytes), 0)

    def test_http_proxy_and_no_proxy(self):
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        gh.add_repo("r0", pushed_at=1795000000)
        gh.add_workflow("r0", ".github/workflows/ci.yml", GOLDEN_CI)
        h = Tls.home_for(self, gh)
        r = h.run("collect", "github", env={"http_proxy": self.proxy.url})
        self.assertExit(r, 0)
        self.assertEqual(self.proxy.seen[0], ("GET", gh.api_url + "/orgs/acme/repos?type=all&per_page=100"))
        self.assertEqual(gh.count("", 200), 3)
        # no_proxy wins
        del self.proxy.seen[:]
        r = h.run("collect", "github", env={"http_proxy": self.proxy.url, "no_proxy": "127.0.0.1"})
        self.assertExit(r, 0)
        self.assertEqual(self.proxy.seen, [])

    def test_unreachable_proxy_is_a_clear_error(self):
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        h = Tls.home_for(self, gh)
        url = self.proxy.url
        self.proxy.stop()
        r = h.run("collect", "github", env={"http_proxy": url})
        self.assertExit(r, 1)
        self.assertIn("GET %s/orgs/acme/repos?type=all&per_page=100: " % gh.api_url, r.err)
        self.assertIn("(through the proxy set in http_proxy, unless no_proxy excludes the host) (after 2 attempts)",
                      r.err)
        self.assertEqual(gh.count(""), 0)


if __name__ == "__main__":
    main()
