"""A GitHub-shaped fixture server (REST API, version 2022-11-28) on harness.FixtureServer.

It behaves like api.github.com where the collector can tell: bodies shaped like
fixtures/api/github-*.json, Link pagination whose rel="next" uses the
/organizations/{id}/... and /repositories/{id}/... forms GitHub really sends, an ETag on
every 200 and 304 for a matching If-None-Match (a 304 does not use up the rate limit),
x-ratelimit-* headers on every answer, the raw media type for file contents, 401 without a
valid token, and injectable faults (rate limits, permissions, 404, 5xx, cut bodies).

Extension points (for DORA: runs, commits, compare, issues, deployments):

- gh.route(pattern, fn): add an endpoint below the API prefix; fn(req, match) -> Reply.
  Build answers with gh.respond(req, body) (ETag, 304, rate-limit headers) and
  gh.paged(req, items, envelope=None, link_path=None) (per_page/page, Link header).
  Routes added later win over the built-in ones.
- gh.repo(name) -> the repository dict (None when absent); gh.data(name) -> a dict per
  repository to keep anything (runs, commits, ...); gh.repo_by_id(id) -> name.
- gh.fault(pattern, kind, times=1, skip=0, **params): the next TIMES requests whose path
  matches PATTERN (after SKIP matching ones pass) get the fault; see fault_reply().
- gh.log: (path with query, status) of every answer; gh.count(prefix, status=None).
- gh.iso(t): a GitHub timestamp.

DORA endpoints (data kept per repository in gh.data(name)):

- workflow runs: gh.add_run(repo, workflow, sha, created, ...) for
  /repos/{o}/{r}/actions/workflows/{id}/runs and /actions/runs, with the created= filter
  (dates, times, >=, <=, >, <, A..B), branch=, status=, total_count and GitHub's cap of 1,000
  results for a filtered listing (later pages are empty);
- commits: gh.add_commit(repo, sha, parents, authored, committed=None) and
  gh.set_branch(repo, branch, sha) for /commits?sha=&since=&until= (ancestors of sha, newest
  committer date first, 404 for an unknown sha, 409 for an empty repository) and
  /compare/{base}...{head} (404 when either is unknown); gh.forget_commit(repo, sha) rewrites history;
- issues: gh.add_issue(repo, number, created, ...) for /issues?labels=&state=&since=&sort=&direction=
  (pull requests appear with a pull_request key, as on GitHub);
- pull requests: gh.add_pull(repo, number, created, merged, merge_commit_sha) for /pulls;
- deployments: gh.add_deployment(repo, sha, created, environment=, statuses=[(state, time)]) for
  /deployments?environment= (newest first) and /deployments/{id}/statuses.
"""
import base64
import calendar
import copy
import email.utils
import hashlib
import json
import os
import re
import threading
import time
import urllib.parse

from harness import FixtureServer, Reply, ServesThrough, fixture_path

API_VERSION = "2022-11-28"


def _load(name):
    with open(fixture_path("api", name), encoding="utf-8") as f:
        return json.load(f)


REPO_TEMPLATE = _load("github-org-repos.json")[0]
WORKFLOW_TEMPLATE = _load("github-workflows.json")["workflows"][0]


def _replace_strings(obj, old, new):
    if isinstance(obj, dict):
        return {k: _replace_strings(v, old, new) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_replace_strings(v, old, new) for v in obj]
    if isinstance(obj, str):
        return obj.replace(old, new)
    return obj


class Fault:
    def __init__(self, pattern, kind, times, skip, params):
        self.rx = re.compile(pattern)
        self.kind = kind
        self.times = times
        self.skip = skip
        self.params = params
        self.hits = 0


class GitHubServer(ServesThrough):
    def __init__(self, org="acme", token="ghs_fixture_token_0123456789", prefix="", latency=0.0, max_per_page=100,
                 server=None):
        self.fx = server or FixtureServer()
        self.org = org
        self.org_id = 4000 + len(org)
        self.token = token
        self.prefix = prefix            # "/api/v3" for a GitHub Enterprise Server
        self.latency = latency
        self.max_per_page = max_per_page
        self.repos = {}                 # lower-case name -> repository dict (insertion order = listing order)
        self.workflows = {}             # lower-case name -> [workflow dict]
        self.files = {}                 # (lower-case name, path) -> bytes
        self.extra = {}                 # lower-case name -> dict for extensions
        self.faults = []
        self.log = []
        self.lock = threading.Lock()
        self.limit = 5000
        self.used = 0
        self.reset_at = int(time.time()) + 3600
        self.next_id = 100000
        self._routes = []
        self.auth_hook = None           # function(req, path) -> None (accepted) or a Reply, instead of the token check
        self.clock = None               # function() -> epoch seconds for the Date header (a clock of its own)
        self.fx.route(r".*", self._dispatch)
        self.fx.route(r".*", self._dispatch, method="POST")
        self.route(r"/orgs/([^/]+)/repos", self._org_repos)
        self.route(r"/organizations/(\d+)/repos", self._org_repos_by_id)
        self.route(r"/repositories/(\d+)(/.*)?", self._by_repo_id)
        self.route(r"/repos/([^/]+)/([^/]+)/actions/workflows", self._workflows)
        self.route(r"/repos/([^/]+)/([^/]+)/contents/(.+)", self._contents)
        self.route(r"/rate_limit", self._rate_limit)
        self.route(r"/repos/([^/]+)/([^/]+)/actions/workflows/(\d+)/runs", self._workflow_runs)
        self.route(r"/repos/([^/]+)/([^/]+)/actions/runs", self._repo_runs)
        self.route(r"/repos/([^/]+)/([^/]+)/commits", self._commits)
        self.route(r"/repos/([^/]+)/([^/]+)/compare/(.+)", self._compare)
        self.route(r"/repos/([^/]+)/([^/]+)/issues", self._issues)
        self.route(r"/repos/([^/]+)/([^/]+)/pulls", self._pulls)
        self.route(r"/repos/([^/]+)/([^/]+)/deployments", self._deployments)
        self.route(r"/repos/([^/]+)/([^/]+)/deployments/(\d+)/statuses", self._statuses)

    # ---- lifecycle (start, stop, base_url: ServesThrough) -----------------------------------
    @property
    def api_url(self):
        return self.fx.base_url + self.prefix

    # ---- data ------------------------------------------------------------------------------
    @staticmethod
    def iso(t):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

    def add_repo(self, name, pushed_at=None, created_at=None, **fields):
        """Add a repository; FIELDS override Minimal Repository keys (archived, fork, ...)."""
        self.next_id += 1
        full = "%s/%s" % (self.org, name)
        r = _replace_strings(copy.deepcopy(REPO_TEMPLATE), "octocat/Hello-World", full)
        r = _replace_strings(r, "Hello-World", name)
        r["id"] = self.next_id
        r["node_id"] = base64.b64encode(("010:Repository%d" % self.next_id).encode()).decode()
        r["name"] = name
        r["full_name"] = full
        r["owner"]["login"] = self.org
        r["owner"]["id"] = self.org_id
        r["owner"]["type"] = "Organization"
        r["default_branch"] = "main"
        r["private"] = False
        r["visibility"] = "internal"
        r["topics"] = []
        r["created_at"] = created_at if isinstance(created_at, str) or created_at is None else self.iso(created_at)
        if r["created_at"] is None:
            r["created_at"] = "2024-01-02T03:04:05Z"
        r["pushed_at"] = pushed_at if isinstance(pushed_at, str) or pushed_at is None else self.iso(pushed_at)
        r["updated_at"] = r["pushed_at"] or r["created_at"]
        r.update(fields)
        key = name.lower()
        self.repos[key] = r
        self.workflows.setdefault(key, [])
        self.extra.setdefault(key, {})
        return r

    def repo(self, name):
        return self.repos.get(name.lower())

    def data(self, name):
        return self.extra.setdefault(name.lower(), {})

    def repo_by_id(self, rid):
        for r in self.repos.values():
            if r["id"] == rid:
                return r["name"]
        return None

    def remove_repo(self, name):
        self.repos.pop(name.lower(), None)

    def push(self, name, when):
        r = self.repo(name)
        r["pushed_at"] = self.iso(when) if not isinstance(when, str) else when
        r["updated_at"] = r["pushed_at"]

    def add_workflow(self, repo, path, text=None, state="active", name=None):
        """Add a workflow to REPO; TEXT (str or bytes) is its file content (None: no file)."""
        self.next_id += 1
        full = "%s/%s" % (self.org, repo)
        w = copy.deepcopy(WORKFLOW_TEMPLATE)
        w = _replace_strings(w, "octo-org/octo-repo", full)
        w["id"] = self.next_id
        w["node_id"] = base64.b64encode(("002:Workflow%d" % self.next_id).encode()).decode()
        w["name"] = name or os.path.splitext(os.path.basename(path))[0]
        w["path"] = path
        w["state"] = state
        w["url"] = "%s/repos/%s/actions/workflows/%d" % (self.api_url, full, w["id"])
        self.workflows.setdefault(repo.lower(), []).append(w)
        if text is not None:
            self.set_file(repo, path, text)
        return w

    def set_file(self, repo, path, text):
        self.files[(repo.lower(), path)] = text.encode() if isinstance(text, str) else text

    # ---- faults ------------------------------------------------------------------------------
    def fault(self, pattern, kind, times=1, skip=0, **params):
        """Kinds: retry_after (seconds=), primary (reset_in=), secondary, permission, unauthorized,
        not_found, server_error (status=), truncate, html, reply (reply=Reply or function(request) -> Reply)."""
        f = Fault(pattern, kind, times, skip, params)
        with self.lock:
            self.faults.append(f)
        return f

    def _take_fault(self, path):
        with self.lock:
            for f in self.faults:
                if f.rx.search(path):
                    if f.skip > 0:
                        f.skip -= 1
                        continue
                    if f.times > 0:
                        f.times -= 1
                        f.hits += 1
                        return f
        return None

    def fault_reply(self, f, req, normal):
        p = f.params
        if f.kind == "retry_after":
            return self._error(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                                    "try again.", {"retry-after": str(p.get("seconds", 30))})
        if f.kind == "primary":
            reset = int(time.time()) + int(p.get("reset_in", 60))
            return self._error(p.get("status", 403), "API rate limit exceeded for installation ID 1234.",
                               {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset),
                                "x-ratelimit-used": str(self.limit)})
        if f.kind == "secondary":
            return self._error(p.get("status", 403), "You have exceeded a secondary rate limit. Please wait a few "
                                                     "minutes before you try again. If you reach out to GitHub "
                                                     "Support for help, please include the request ID ABCD.")
        if f.kind == "permission":
            return self._error(403, "Resource not accessible by integration")
        if f.kind == "unauthorized":
            return self._error(401, "Bad credentials")
        if f.kind == "not_found":
            return self._error(404, "Not Found")
        if f.kind == "server_error":
            return self._error(p.get("status", 502), "Server Error")
        if f.kind == "truncate":
            normal = normal()
            normal.truncate = max(1, len(normal.body) // 2)
            return normal
        if f.kind == "html":
            return Reply(200, "<html><body>proxy error</body></html>", self._rate_headers({"Content-Type": "text/html"}))
        if f.kind == "reply":  # a Reply, or a function(request) -> Reply
            return p["reply"](req) if callable(p["reply"]) else p["reply"]
        raise ValueError("unknown fault kind %r" % f.kind)

    # ---- answers -----------------------------------------------------------------------------
    def _rate_headers(self, headers=None, count=True):
        with self.lock:
            if count:
                self.used += 1
            used = self.used
        h = {"x-ratelimit-limit": str(self.limit), "x-ratelimit-remaining": str(max(0, self.limit - used)),
             "x-ratelimit-used": str(used), "x-ratelimit-reset": str(self.reset_at), "x-ratelimit-resource": "core",
             "X-GitHub-Media-Type": "github.v3; format=json", "X-GitHub-Api-Version-Selected": API_VERSION}
        h.update(headers or {})
        return h

    def _error(self, status, message, headers=None):
        body = {"message": message,
                "documentation_url": "https://docs.github.com/rest", "status": str(status)}
        return Reply(status, body, self._rate_headers(headers))

    def respond(self, req, body, status=200, headers=None, content_type="application/json; charset=utf-8",
                weak=True):
        """A 200 (or STATUS) with an ETag; 304 when If-None-Match matches (not counted against the limit)."""
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body, separators=(",", ":")).encode()
        elif isinstance(body, str):
            body = body.encode()
        tag = '"%s"' % hashlib.sha256(body).hexdigest()[:40]
        etag = ("W/" + tag) if weak else tag
        inm = req.headers.get("if-none-match")
        if status == 200 and inm and etag in [t.strip() for t in inm.split(",")]:
            return Reply(304, b"", self._rate_headers({"ETag": etag, "Cache-Control": "private, max-age=60, s-maxage=60"},
                                                       count=False))
        h = {"Content-Type": content_type, "ETag": etag, "Cache-Control": "private, max-age=60, s-maxage=60",
             "Vary": "Accept, Authorization, Cookie, X-GitHub-OTP"}
        h.update(headers or {})
        return Reply(status, body, self._rate_headers(h))

    def paged(self, req, items, envelope=None, link_path=None, total=None, wrap=None, cap=None):
        """One page of ITEMS per req's per_page (max self.max_per_page) and page, with a Link header
        whose URLs use LINK_PATH (default: the request's path) and keep the other query parameters."""
        try:
            per_page = min(int(req.arg("per_page", "30")), 100, self.max_per_page)
            page = max(1, int(req.arg("page", "1")))
        except ValueError:
            return self._error(422, "Validation Failed")
        if per_page < 1:
            per_page = 30
        reachable = items[:cap] if cap is not None else items
        last = max(1, (len(reachable) + per_page - 1) // per_page)
        chunk = reachable[(page - 1) * per_page:page * per_page]
        if wrap:
            body = wrap(chunk)
        else:
            body = {"total_count": len(items) if total is None else total, envelope: chunk} if envelope else chunk
        query = [(k, v) for k, vs in req.query.items() for v in vs if k != "page"]
        base = self.base_url + (link_path or req.path)

        def link(n):
            return "<%s?%s>" % (base, urllib.parse.urlencode(query + [("page", str(n))]))

        rels = []
        if page > 1:
            rels.append('%s; rel="prev"' % link(page - 1))
        if page < last:
            rels.append('%s; rel="next"' % link(page + 1))
            rels.append('%s; rel="last"' % link(last))
        if page > 1:
            rels.append('%s; rel="first"' % link(1))
        return self.respond(req, body, headers={"Link": ", ".join(rels)} if rels else None)

    # ---- routing -----------------------------------------------------------------------------
    def route(self, pattern, fn):
        self._routes.insert(0, (re.compile(pattern + r"\Z"), fn))

    def _dispatch(self, req, _m):
        if self.latency:
            time.sleep(self.latency)
        reply = self._answer(req)
        if self.clock is not None:
            reply.headers["Date"] = email.utils.formatdate(self.clock(), usegmt=True)
        with self.lock:
            self.log.append((req.raw_path, reply.status))
        return reply

    def _answer(self, req):
        path = req.path
        if self.prefix:
            if not path.startswith(self.prefix + "/"):
                return Reply(404, "not an API path")
            path = path[len(self.prefix):]
        if not req.headers.get("user-agent"):
            return self._error(403, "Request forbidden by administrative rules. Please make sure your request has "
                                    "a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).")
        if req.headers.get("x-github-api-version", API_VERSION) != API_VERSION:
            return self._error(400, "Unsupported API version")
        if self.auth_hook is not None:  # GitHub App sign-in: github_app_server.py
            refused = self.auth_hook(req, path)
            if refused is not None:
                return refused
        elif req.headers.get("authorization") != "Bearer " + self.token:
            return self._error(401, "Bad credentials")
        for rx, fn in self._routes:
            m = rx.match(path)
            if m:
                normal = lambda: fn(req, m)  # noqa: E731
                f = self._take_fault(path)
                if f:
                    return self.fault_reply(f, req, normal)
                return normal()
        return self._error(404, "Not Found")

    # ---- built-in endpoints --------------------------------------------------------------------
    def _repo_or_404(self, owner, name):
        if owner.lower() != self.org.lower():
            return None
        return self.repo(name)

    def _list(self, req, link_path):
        t = req.arg("type", "all")
        repos = list(self.repos.values())
        if t == "forks":
            repos = [r for r in repos if r["fork"]]
        elif t == "sources":
            repos = [r for r in repos if not r["fork"]]
        return self.paged(req, repos, link_path=link_path)

    def _org_repos(self, req, m):
        if m.group(1).lower() != self.org.lower():
            return self._error(404, "Not Found")
        return self._list(req, self.prefix + "/organizations/%d/repos" % self.org_id)

    def _org_repos_by_id(self, req, m):
        if int(m.group(1)) != self.org_id:
            return self._error(404, "Not Found")
        return self._list(req, self.prefix + "/organizations/%d/repos" % self.org_id)

    def _by_repo_id(self, req, m):
        name = self.repo_by_id(int(m.group(1)))
        if not name:
            return self._error(404, "Not Found")
        inner = "/repos/%s/%s%s" % (self.org, name, m.group(2) or "")
        for rx, fn in self._routes:
            mm = rx.match(inner)
            if mm and fn is not self._by_repo_id:
                return fn(req, mm)
        return self._error(404, "Not Found")

    def _workflows(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        link = self.prefix + "/repositories/%d/actions/workflows" % r["id"]
        return self.paged(req, self.workflows.get(r["name"].lower(), []), envelope="workflows", link_path=link)

    def _contents(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        path = urllib.parse.unquote(m.group(3))
        data = self.files.get((r["name"].lower(), path)) if r else None
        if data is None:
            return self._error(404, "Not Found")
        accept = req.headers.get("accept", "")
        if "raw" in accept:
            return self.respond(req, data, content_type="application/vnd.github.raw+json; charset=utf-8", weak=False)
        b64 = base64.b64encode(data).decode()
        content = "\n".join(b64[i:i + 60] for i in range(0, len(b64), 60)) + "\n"
        obj = {"type": "file", "encoding": "base64", "size": len(data), "name": os.path.basename(path), "path": path,
               "content": content, "sha": hashlib.sha1(data).hexdigest()}
        return self.respond(req, obj)

    def _rate_limit(self, req, m):
        rate = {"limit": self.limit, "remaining": max(0, self.limit - self.used), "used": self.used,
                "reset": self.reset_at}
        return Reply(200, {"resources": {"core": rate}, "rate": rate}, self._rate_headers(count=False))


    # ---- DORA data -------------------------------------------------------------------------------
    RUN_TEMPLATE = None

    @staticmethod
    def _ts(t):
        return t if isinstance(t, str) or t is None else GitHubServer.iso(t)

    @staticmethod
    def _epoch(s):
        return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))

    def add_run(self, repo, workflow, sha, created, updated=None, status="completed", conclusion="success",
                branch="main", attempt=1, event="push", run_id=None, **fields):
        """A workflow run of WORKFLOW (the dict add_workflow returned); times are epochs or strings."""
        if GitHubServer.RUN_TEMPLATE is None:
            GitHubServer.RUN_TEMPLATE = _load("github-workflow-runs.json")["workflow_runs"][0]
        self.next_id += 1
        full = "%s/%s" % (self.org, repo)
        r = _replace_strings(copy.deepcopy(GitHubServer.RUN_TEMPLATE), "octo-org/octo-repo", full)
        r["id"] = run_id or self.next_id
        r["workflow_id"] = workflow["id"]
        r["name"] = workflow["name"]
        r["path"] = workflow["path"] + "@" + branch
        r["head_branch"] = branch
        r["head_sha"] = sha
        r["head_commit"]["id"] = sha
        r["event"] = event
        r["status"] = status
        r["conclusion"] = conclusion if status == "completed" else None
        r["run_attempt"] = attempt
        r["run_number"] = r["id"] % 10000
        r["created_at"] = self._ts(created)
        r["updated_at"] = self._ts(updated if updated is not None else created)
        r["run_started_at"] = r["created_at"]
        r["repository"]["full_name"] = full
        r["repository"]["name"] = repo
        r.update(fields)
        self.data(repo).setdefault("runs", []).append(r)
        return r

    def add_commit(self, repo, sha, parents=(), authored=None, committed=None, message="change"):
        authored = self._ts(authored)
        committed = self._ts(committed) if committed is not None else authored
        c = {"sha": sha, "node_id": base64.b64encode(("C_" + sha).encode()).decode(),
             "commit": {"author": {"name": "Dev", "email": "dev@example.com", "date": authored},
                        "committer": {"name": "GitHub", "email": "noreply@github.com", "date": committed},
                        "message": message, "tree": {"sha": hashlib.sha1(sha.encode()).hexdigest()},
                        "comment_count": 0},
             "url": "%s/repos/%s/%s/commits/%s" % (self.api_url, self.org, repo, sha),
             "html_url": "https://github.com/%s/%s/commit/%s" % (self.org, repo, sha),
             "author": None, "committer": None,
             "parents": [{"sha": p, "url": "%s/repos/%s/%s/commits/%s" % (self.api_url, self.org, repo, p)}
                         for p in parents]}
        self.data(repo).setdefault("commits", {})[sha] = c
        return c

    def set_branch(self, repo, branch, sha):
        self.data(repo).setdefault("branches", {})[branch] = sha

    def forget_commit(self, repo, sha):
        """History rewritten: the commit no longer exists (compare and commits answer 404)."""
        self.data(repo).get("commits", {}).pop(sha, None)

    def add_issue(self, repo, number, created, closed=None, labels=("incident",), pull_request=False, updated=None):
        i = {"id": 500000 + number, "number": number, "title": "issue %d" % number,
             "state": "closed" if closed is not None else "open",
             "labels": [{"id": hash(l) & 0xffff, "name": l, "color": "d73a4a"} for l in labels],
             "created_at": self._ts(created), "closed_at": self._ts(closed),
             "updated_at": self._ts(updated if updated is not None else (closed if closed is not None else created)),
             "user": {"login": "octocat"}, "body": "something broke"}
        if pull_request:
            i["pull_request"] = {"url": "%s/repos/%s/%s/pulls/%d" % (self.api_url, self.org, repo, number),
                                 "merged_at": None}
        self.data(repo).setdefault("issues", []).append(i)
        return i

    def add_pull(self, repo, number, created, merged, merge_commit_sha, updated=None, base="main"):
        p = {"id": 700000 + number, "number": number, "state": "closed", "title": "pr %d" % number,
             "created_at": self._ts(created), "closed_at": self._ts(merged), "merged_at": self._ts(merged),
             "updated_at": self._ts(updated if updated is not None else merged),
             "merge_commit_sha": merge_commit_sha, "head": {"ref": "feature-%d" % number, "sha": "f" * 40},
             "base": {"ref": base}, "user": {"login": "octocat"}}
        self.data(repo).setdefault("pulls", []).append(p)
        return p

    def add_deployment(self, repo, sha, created, environment="production", ref="main", statuses=()):
        if not hasattr(self, "_deployment_template"):
            self._deployment_template = _load("github-deployments.json")[0]
            self._status_template = _load("github-deployment-statuses.json")[0]
        self.next_id += 1
        d = copy.deepcopy(self._deployment_template)
        d = _replace_strings(d, "octocat/example", "%s/%s" % (self.org, repo))
        d["id"] = self.next_id
        d["sha"] = sha
        d["ref"] = ref
        d["environment"] = environment
        d["original_environment"] = environment
        d["production_environment"] = environment == "production"
        d["created_at"] = d["updated_at"] = self._ts(created)
        d["statuses_url"] = "%s/repos/%s/%s/deployments/%d/statuses" % (self.api_url, self.org, repo, d["id"])
        self.data(repo).setdefault("deployments", []).append(d)
        self.data(repo).setdefault("statuses", {})[d["id"]] = []
        for state, when in statuses:
            self.add_status(repo, d, state, when)
        return d

    def add_status(self, repo, deployment, state, when):
        self.next_id += 1
        st = copy.deepcopy(self._status_template)
        st["id"] = self.next_id
        st["state"] = state
        st["environment"] = deployment["environment"]
        st["created_at"] = st["updated_at"] = self._ts(when)
        self.data(repo)["statuses"][deployment["id"]].append(st)
        return st

    # ---- DORA endpoints ----------------------------------------------------------------------
    @staticmethod
    def _bound(tok, upper):
        tok = tok.strip()
        if len(tok) == 10:  # a date: the whole day
            t = calendar.timegm(time.strptime(tok, "%Y-%m-%d"))
            return t + 86399 if upper else t
        return GitHubServer._epoch(tok.replace(".000Z", "Z"))

    @staticmethod
    def _created_filter(expr):
        """GitHub search syntax for created=: returns (lo, hi) inclusive epochs (None: open)."""
        if ".." in expr:
            a, b = expr.split("..", 1)
            return (None if a in ("", "*") else GitHubServer._bound(a, False),
                    None if b in ("", "*") else GitHubServer._bound(b, True))
        for op in (">=", "<=", ">", "<"):
            if expr.startswith(op):
                t = GitHubServer._bound(expr[len(op):], op[0] == "<")
                return {">=": (t, None), "<=": (None, t), ">": (t + 1, None), "<": (None, t - 1)}[op]
        return GitHubServer._bound(expr, False), GitHubServer._bound(expr, True)

    def _list_runs(self, req, r, runs, link):
        created = req.arg("created")
        filtered = created is not None or any(req.arg(k) for k in ("branch", "status", "event", "actor"))
        if created:
            try:
                lo, hi = self._created_filter(created)
            except ValueError:
                return self._error(422, "Validation Failed")
            runs = [x for x in runs if (lo is None or self._epoch(x["created_at"]) >= lo)
                    and (hi is None or self._epoch(x["created_at"]) <= hi)]
        if req.arg("branch"):
            runs = [x for x in runs if x["head_branch"] == req.arg("branch")]
        if req.arg("status"):
            st = req.arg("status")
            runs = [x for x in runs if x["status"] == st or x["conclusion"] == st]
        runs = sorted(runs, key=lambda x: (x["created_at"], x["id"]), reverse=True)
        return self.paged(req, runs, envelope="workflow_runs", link_path=link, cap=1000 if filtered else None)

    def _workflow_runs(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        wid = int(m.group(3))
        if not any(w["id"] == wid for w in self.workflows.get(r["name"].lower(), [])):
            return self._error(404, "Not Found")
        runs = [x for x in self.data(r["name"]).get("runs", []) if x["workflow_id"] == wid]
        return self._list_runs(req, r, runs, self.prefix + "/repositories/%d/actions/workflows/%d/runs" % (r["id"], wid))

    def _repo_runs(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        return self._list_runs(req, r, self.data(r["name"]).get("runs", []),
                               self.prefix + "/repositories/%d/actions/runs" % r["id"])

    def _ancestors(self, commits, start):
        seen, stack = set(), [start]
        while stack:
            sha = stack.pop()
            if sha in seen or sha not in commits:
                continue
            seen.add(sha)
            stack.extend(p["sha"] for p in commits[sha]["parents"])
        return seen

    def _resolve(self, repo, ref):
        d = self.data(repo)
        return d.get("branches", {}).get(ref, ref)

    def _commits(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        d = self.data(r["name"])
        commits = d.get("commits", {})
        if not commits:
            return self._error(409, "Git Repository is empty.")
        start = self._resolve(r["name"], req.arg("sha", r["default_branch"]))
        if start not in commits:
            return self._error(404, "No commit found for SHA: %s" % req.arg("sha"))
        items = [commits[s] for s in self._ancestors(commits, start)]
        since, until = req.arg("since"), req.arg("until")
        if since:
            items = [c for c in items if self._epoch(c["commit"]["committer"]["date"]) >= self._epoch(since)]
        if until:
            items = [c for c in items if self._epoch(c["commit"]["committer"]["date"]) <= self._epoch(until)]
        items.sort(key=lambda c: (c["commit"]["committer"]["date"], c["sha"]), reverse=True)
        return self.paged(req, items, link_path=self.prefix + "/repositories/%d/commits" % r["id"])

    def _compare(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        basehead = urllib.parse.unquote(m.group(3))
        if "..." not in basehead:
            return self._error(404, "Not Found")
        base, head = basehead.split("...", 1)
        commits = self.data(r["name"]).get("commits", {})
        base, head = self._resolve(r["name"], base), self._resolve(r["name"], head)
        if base not in commits or head not in commits:
            return self._error(404, "Not Found")
        ahead = self._ancestors(commits, head) - self._ancestors(commits, base)
        behind = self._ancestors(commits, base) - self._ancestors(commits, head)
        items = sorted((commits[s] for s in ahead), key=lambda c: (c["commit"]["committer"]["date"], c["sha"]))
        status = "identical" if not ahead and not behind else "ahead" if not behind else \
            "behind" if not ahead else "diverged"

        def wrap(chunk):
            return {"url": req.raw_path, "status": status, "ahead_by": len(ahead), "behind_by": len(behind),
                    "total_commits": len(ahead), "commits": chunk,
                    "files": [{"filename": "f%d.txt" % i, "status": "modified", "patch": "x" * 200}
                              for i in range(20)]}
        return self.paged(req, items, wrap=wrap)

    def _issues(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        items = list(self.data(r["name"]).get("issues", []))
        labels = [l for l in (req.arg("labels") or "").split(",") if l]
        for l in labels:
            items = [i for i in items if any(x["name"] == l for x in i["labels"])]
        state = req.arg("state", "open")
        if state != "all":
            items = [i for i in items if i["state"] == state]
        if req.arg("since"):
            items = [i for i in items if self._epoch(i["updated_at"]) >= self._epoch(req.arg("since"))]
        key = {"created": "created_at", "updated": "updated_at"}.get(req.arg("sort", "created"), "created_at")
        items.sort(key=lambda i: (i[key], i["number"]), reverse=req.arg("direction", "desc") == "desc")
        return self.paged(req, items, link_path=self.prefix + "/repositories/%d/issues" % r["id"])

    def _pulls(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        items = list(self.data(r["name"]).get("pulls", []))
        state = req.arg("state", "open")
        if state != "all":
            items = [p for p in items if p["state"] == state]
        if req.arg("base"):
            items = [p for p in items if p["base"]["ref"] == req.arg("base")]
        key = {"created": "created_at", "updated": "updated_at"}.get(req.arg("sort", "created"), "created_at")
        items.sort(key=lambda p: (p[key], p["number"]), reverse=req.arg("direction", "desc") == "desc")
        return self.paged(req, items, link_path=self.prefix + "/repositories/%d/pulls" % r["id"])

    def _deployments(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        items = list(self.data(r["name"]).get("deployments", []))
        for k in ("environment", "sha", "ref", "task"):
            if req.arg(k):
                items = [d for d in items if d.get(k) == req.arg(k)]
        items.sort(key=lambda d: (d["created_at"], d["id"]), reverse=True)
        return self.paged(req, items, link_path=self.prefix + "/repositories/%d/deployments" % r["id"])

    def _statuses(self, req, m):
        r = self._repo_or_404(m.group(1), m.group(2))
        if r is None:
            return self._error(404, "Not Found")
        st = self.data(r["name"]).get("statuses", {}).get(int(m.group(3)))
        if st is None:
            return self._error(404, "Not Found")
        items = sorted(st, key=lambda s: (s["created_at"], s["id"]), reverse=True)  # newest first
        return self.paged(req, items)

    # ---- what happened -----------------------------------------------------------------------
    def count(self, prefix="", status=None):
        path_prefix = self.prefix + prefix
        with self.lock:
            return sum(1 for p, s in self.log if p.startswith(path_prefix) and (status is None or s == status))

    def reset_log(self):
        with self.lock:
            self.log.clear()
        self.fx.reset_log()
