"""GitHub App sign-in on a GitHubServer (github_server.py), behaving like api.github.com.

- GET /orgs/{org}/installation and POST /app/installations/{id}/access_tokens accept only a JSON Web
  Token whose RS256 signature VERIFIES with the App's public key (checked with `openssl dgst -verify`:
  the Python standard library has no RSA), whose header is {"alg":"RS256","typ":"JWT"}, whose iss is
  the App id, whose iat is not in the future and whose exp is in the future and at most 600 s after
  iat; otherwise 401 with GitHub's messages.  Bodies are fixtures/api/github-org-installation.json and
  github-app-installation-token.json with this server's values.
- Every other endpoint accepts only an installation token it issued that has not expired on the
  server's clock (401 "Bad credentials" otherwise), and, with revoke_after=N, that has served fewer
  than N requests (a token revoked early).
- The server may keep a clock of its own (clock_step: seconds it advances per answer), sent in the
  Date header, so that a long night passes in a few requests.

keypair(dir) makes a throwaway RSA key with `openssl genrsa` and returns (private, public) paths.
"""
import base64
import copy
import json
import os
import subprocess
import tempfile
import threading
import time

from github_server import _load
from harness import Reply

ORG_INSTALLATION = _load("github-org-installation.json")
INSTALLATION_TOKEN = _load("github-app-installation-token.json")
NEEDED = {"metadata": "read", "contents": "read", "actions": "read", "issues": "read", "pull_requests": "read",
          "deployments": "read"}


def keypair(directory, name="app", bits=2048):
    key = os.path.join(directory, name + ".pem")
    pub = os.path.join(directory, name + ".pub.pem")
    subprocess.run(["openssl", "genrsa", "-out", key, str(bits)], check=True, capture_output=True)
    subprocess.run(["openssl", "rsa", "-in", key, "-pubout", "-out", pub], check=True, capture_output=True)
    os.chmod(key, 0o600)
    return key, pub


def pem_body_lines(path):
    """The base64 lines of a PEM file: what must never leak."""
    with open(path, encoding="ascii") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("-----")]


def b64url_decode(s):
    if "=" in s:
        raise ValueError("padding in a JWT segment")
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class GitHubApp:
    def __init__(self, gh, app_id, public_key, installation_id=4242, installed=True, ttl=3600, clock_step=0,
                 revoke_after=None, permissions=None, selection="all", clock_offset=0):
        self.gh = gh
        self.app_id = app_id
        self.public_key = public_key
        self.installation_id = installation_id
        self.installed = installed
        self.ttl = ttl
        self.clock_step = clock_step
        self.revoke_after = revoke_after
        self.permissions = dict(NEEDED if permissions is None else permissions)
        self.selection = selection
        self.start = int(time.time()) + clock_offset  # GitHub's clock against ours
        self.ticks = 0
        self.lock = threading.Lock()
        self.tokens = {}          # token -> {"expires": epoch, "uses": n}
        self.jwts = []            # every JWT received
        self.claims = []          # the claims of every JWT accepted
        self.refusals = []        # why JWTs or tokens were refused
        self.stale_token_uses = 0
        gh.auth_hook = self._auth
        gh.clock = self.now
        gh.route(r"/orgs/([^/]+)/installation", self._installation)
        gh.route(r"/app/installations/(\d+)/access_tokens", self._access_tokens)

    def now(self):
        return self.start + self.ticks * self.clock_step

    def _tick(self):
        with self.lock:
            self.ticks += 1

    # ---- authentication ----------------------------------------------------------------------
    def _verify_jwt(self, auth):
        """None when AUTH carries a valid JWT of this App, else GitHub's message."""
        if not auth.startswith("Bearer "):
            return "A JSON web token could not be decoded"
        jwt = auth[len("Bearer "):]
        with self.lock:
            self.jwts.append(jwt)
        parts = jwt.split(".")
        if len(parts) != 3:
            return "A JSON web token could not be decoded"
        try:
            header = json.loads(b64url_decode(parts[0]))
            claims = json.loads(b64url_decode(parts[1]))
            sig = b64url_decode(parts[2])
        except ValueError:
            return "A JSON web token could not be decoded"
        if header != {"alg": "RS256", "typ": "JWT"}:
            return "A JSON web token could not be decoded"
        with tempfile.TemporaryDirectory() as d:
            data, sigf = os.path.join(d, "data"), os.path.join(d, "sig")
            with open(data, "wb") as f:
                f.write((parts[0] + "." + parts[1]).encode())
            with open(sigf, "wb") as f:
                f.write(sig)
            r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", self.public_key, "-signature", sigf, data],
                               capture_output=True)
        if r.returncode != 0:
            return "A JSON web token could not be decoded"
        now = self.now()
        iat, exp, iss = claims.get("iat"), claims.get("exp"), claims.get("iss")
        if not isinstance(iat, int) or iat > now:
            return "'Issued at' claim ('iat') must be an Integer representing a time in the past"
        if not isinstance(exp, int) or exp <= now:
            return "'Expiration time' claim ('exp') must be a numeric value representing the future time at " \
                   "which the assertion expires"
        if exp - iat > 600:
            return "'Expiration time' claim ('exp') is too far in the future"
        if str(iss) != str(self.app_id):
            return "Integration not found"
        with self.lock:
            self.claims.append(claims)
        return None

    def _auth(self, req, path):
        auth = req.headers.get("authorization", "")
        if path.startswith("/app/") or path == "/orgs/%s/installation" % self.gh.org:
            why = self._verify_jwt(auth)
        else:
            tok = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
            with self.lock:
                info = self.tokens.get(tok)
                if info is None:
                    why = "Bad credentials"
                elif info["expires"] <= self.now() or (self.revoke_after is not None
                                                        and info["uses"] >= self.revoke_after):
                    why = "Bad credentials"
                    self.stale_token_uses += 1
                else:
                    why = None
                    info["uses"] += 1
        self._tick()
        if why is None:
            return None
        with self.lock:
            self.refusals.append((req.raw_path, why))
        return self.gh._error(401, why)

    # ---- endpoints ---------------------------------------------------------------------------
    def _installation(self, req, m):
        if not self.installed or m.group(1).lower() != self.gh.org.lower():
            return self.gh._error(404, "Not Found")
        body = copy.deepcopy(ORG_INSTALLATION)
        body["id"] = self.installation_id
        body["account"]["login"] = self.gh.org
        body["app_id"] = self.app_id if isinstance(self.app_id, int) else 1
        body["permissions"] = dict(self.permissions)
        body["repository_selection"] = self.selection
        body["access_tokens_url"] = "%s/app/installations/%d/access_tokens" % (self.gh.api_url, self.installation_id)
        return self.gh.respond(req, body)

    def _access_tokens(self, req, m):
        if req.method != "POST":
            return self.gh._error(404, "Not Found")
        if not self.installed or int(m.group(1)) != self.installation_id:
            return self.gh._error(404, "Not Found")
        token = "ghs_" + os.urandom(18).hex()
        expires = self.now() + self.ttl
        with self.lock:
            self.tokens[token] = {"expires": expires, "uses": 0}
        body = copy.deepcopy(INSTALLATION_TOKEN)
        body["token"] = token
        body["expires_at"] = self.gh.iso(expires)
        body["permissions"] = dict(self.permissions)
        body["repository_selection"] = self.selection
        if self.selection == "all":
            body.pop("repositories", None)
        return Reply(201, body, self.gh._rate_headers())

    # ---- what happened -----------------------------------------------------------------------
    @property
    def issued(self):
        with self.lock:
            return list(self.tokens)

    def token_posts(self):
        return self.gh.count("/app/installations/%d/access_tokens" % self.installation_id, status=201)
