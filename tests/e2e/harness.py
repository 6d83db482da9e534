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
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

BIN = os.environ.get("IDPMETRICS", "idpmetrics")
# IDPM_VALGRIND=1 runs every command under valgrind's memcheck (see README "Security and robustness");
# IDPM_VALGRIND may also hold the whole valgrind command line to use.
VALGRIND_EXIT = 97
_vg = os.environ.get("IDPM_VALGRIND", "")
VALGRIND = (["valgrind", "--quiet", "--error-exitcode=%d" % VALGRIND_EXIT, "--leak-check=full",
             "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite", "--track-origins=yes",
             "--suppressions=" + os.path.join(os.environ.get("IDPM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")),
                                              "tests", "valgrind.supp")]
            if _vg in ("1", "yes", "true") else _vg.split() if _vg else [])


def command(*argv):
    """The command line that runs the binary with ARGV (under valgrind when IDPM_VALGRIND is set)."""
    return VALGRIND + [BIN] + list(argv)
SRC = os.environ.get("IDPM_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
NOW = "2026-11-27T12:00:00Z"


def fixture_path(*parts):
    return os.path.join(SRC, "fixtures", *parts)


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
        if VALGRIND:
            self.env["IDPM_RELEASE_GLOBALS"] = "1"  # report children free their font caches for memcheck
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

    def argv(self, *args, now=NOW, config=True, db=True):
        argv = command()
        if config:
            argv += ["--config", self.config]
        if db:
            argv += ["--db", self.db]
        if now:
            argv += ["--now", now]
        return argv + list(args)

    def environ(self, env=None):
        e = dict(self.env)
        if env:
            e.update(env)
        return e

    def run(self, *args, now=NOW, stdin=None, timeout=120, env=None, config=True, db=True):
        if VALGRIND:
            timeout *= 20
        proc = subprocess.run(self.argv(*args, now=now, config=config, db=db), cwd=self.dir, env=self.environ(env),
                              input=stdin, capture_output=True, text=True, timeout=timeout)
        return Result(proc)

    def start(self, *args, now=NOW, env=None, config=True, db=True):
        """Start the binary without waiting (for tests that kill it); stdout and stderr are pipes."""
        return subprocess.Popen(self.argv(*args, now=now, config=config, db=db), cwd=self.dir,
                                env=self.environ(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

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


class Gate:
    """Holds one fixture answer until the test releases it.

    Tests coordinate with the process under test through gates, never with sleeps: the server
    thread that answers the held request sets `arrived` and waits for `release()`.
    """

    def __init__(self, limit=120.0):
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.limit = limit          # a safety net so that a broken test cannot hang the suite
        self.request = None

    def hold(self, req=None):
        self.request = req
        self.arrived.set()
        self.released.wait(self.limit)

    def wait(self, timeout=60.0):
        """Wait until the held request has arrived; False when it never did."""
        return self.arrived.wait(timeout * (20 if VALGRIND else 1))

    def release(self):
        self.released.set()


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
        # read a request body (POST) off the connection, or it would be taken for the next request
        length = int(self.headers.get("content-length") or 0)
        self.body = handler.rfile.read(length) if length > 0 else b""

    def arg(self, name, default=None):
        v = self.query.get(name)
        return v[0] if v else default


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: without this, keep-alive waits 40 ms per answer

    def log_message(self, fmt, *args):  # keep test output clean
        pass

    def date_time_string(self, timestamp=None):
        return getattr(self, "_date", None) or super().date_time_string(timestamp)

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def _serve(self):
        server = self.server.fixture
        req = Request(self)
        with server.lock:
            server.requests.append(req)
            gate = server.gates.pop(server.counted, None)
            server.counted += 1
        if gate is not None:
            gate.hold(req)
        reply = server.injected(req)
        if reply is None:
            reply = server.dispatch(req)
        if reply.delay:
            time.sleep(reply.delay)
        # a Date the route chose (a server whose clock runs apart) replaces the one send_response writes
        self._date = next((v for k, v in reply.headers.items() if k.lower() == "date"), None)
        try:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                if k.lower() != "date":
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

    def handle_error(self, request, client_address):
        # a client that refuses our certificate, or hangs up, is what some tests want
        if isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError)):
            return
        super().handle_error(request, client_address)


class Injection:
    def __init__(self, pattern, kind, times, skip):
        self.rx = re.compile(pattern)
        self.kind = kind
        self.times = times
        self.skip = skip
        self.hits = 0
        self.paths = []             # raw paths (with query) of the faulted requests

    def take(self, req):
        if not self.rx.search(req.raw_path) or (self.times is not None and self.hits >= self.times):
            return False
        if self.skip > 0:
            self.skip -= 1
            return False
        self.hits += 1
        self.paths.append(req.raw_path)
        return True


class ServesThrough:
    """For a fixture server built around a FixtureServer in self.fx: start, stop and base_url."""

    def start(self):
        self.fx.start()
        return self

    def stop(self):
        self.fx.stop()

    @property
    def base_url(self):
        return self.fx.base_url


class FixtureServer:
    """Routes are (method, regex on the path, function(request, match) -> Reply).  First match wins."""

    def __init__(self, tls=None):
        """TLS: (certificate file, key file) to serve HTTPS instead of HTTP."""
        self.routes = []
        self.scheme = "https" if tls else "http"
        self.requests = []
        self.counted = 0            # requests seen, never reset: gates count with it
        self.gates = {}             # request number -> Gate
        self.open_gates = []        # released when the server stops
        self.injections = []        # faults any route may get (inject())
        self.lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fixture = self
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            # the handshake happens in the handler's thread, so a refused certificate cannot block the server
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True, do_handshake_on_connect=False)
        self._thread = None

    @property
    def base_url(self):
        return "%s://127.0.0.1:%d" % (self.scheme, self._httpd.server_address[1])

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
        for g in self.open_gates:
            g.release()
        self._httpd.shutdown()
        self._httpd.server_close()

    def inject(self, pattern, kind, times=1, skip=0):
        """Answer the next TIMES requests (None: all) whose path and query match PATTERN (re.search),
        after SKIP matching ones passed, with a transport or content fault, whatever the fixture:

        - "status500": HTTP 500 with a small JSON error body;
        - "hang": no answer until the server stops (the client must time out);
        - "cut": the real answer's first half, then the connection closes (Content-Length stays full);
        - "html": 200 with an HTML page (a proxy's or login page);
        - "empty_object": 200 with the JSON body {}.
        Returns the injection; its `hits` counts the faulted requests."""
        inj = Injection(pattern, kind, times, skip)
        with self.lock:
            self.injections.append(inj)
        return inj

    def injected(self, req):
        with self.lock:
            inj = next((i for i in self.injections if i.take(req)), None)
        if inj is None:
            return None
        if inj.kind == "status500":
            return Reply(500, {"message": "Internal Server Error (injected)"})
        if inj.kind == "hang":
            gate = Gate(limit=3600)
            with self.lock:
                self.open_gates.append(gate)
            gate.hold(req)
            return Reply(503, "", close=True)
        if inj.kind == "cut":
            r = self.dispatch(req)
            r.truncate = max(1, len(r.body) // 2)
            return r
        if inj.kind == "html":
            return Reply(200, "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>",
                         {"Content-Type": "text/html; charset=utf-8"})
        if inj.kind == "empty_object":
            return Reply(200, {})
        raise ValueError("unknown injected fault %r" % inj.kind)

    def gate_request(self, n):
        """A Gate that holds the N-th request from now (1 = the next one), whatever its path."""
        gate = Gate()
        with self.lock:
            self.gates[self.counted + n - 1] = gate
            self.open_gates.append(gate)
        return gate

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


# The exit status of a module that ran without failures but skipped something (a tool is missing):
# tests/CMakeLists.txt registers it as SKIP_RETURN_CODE, so ctest reports the test as not run
# instead of passed, and .ci/run fails on it.
SKIP_EXIT = 77


def main():
    """Run the module's tests: exit 0 when all passed, 1 on a failure, SKIP_EXIT when any was skipped."""
    result = unittest.main(verbosity=2, exit=False).result
    if not result.wasSuccessful():
        sys.exit(1)
    if result.skipped:
        for test, reason in result.skipped:
            print("SKIPPED %s: %s" % (test.id(), reason), file=sys.stderr)
        sys.exit(SKIP_EXIT)
    sys.exit(0)
