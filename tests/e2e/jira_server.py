"""A Jira-shaped fixture server (REST API v2/v3) on harness.FixtureServer, in Cloud or Data Center mode.

It behaves like Jira where the collector can tell:

- Cloud (mode="cloud"): Basic auth base64(email:API token); GET /rest/api/{2,3}/myself;
  GET /rest/api/3/search/jql with nextPageToken pages ({"issues", "nextPageToken", "isLast"}, no
  total, no startAt; a token is bound to its JQL); the removed GET /rest/api/{2,3}/search answers
  410 with Atlassian's errorMessages body.
- Data Center (mode="dc"): Bearer personal access token; GET /rest/api/2/myself; GET
  /rest/api/2/search with startAt/maxResults/total; anything under /rest/api/3 is 404.
- fields= is honoured as Jira does: only the fields asked for are sent (none without fields=).
- maxResults is capped at max_results (Jira "may return fewer items per page").
- A JQL subset: `project = KEY` (or `project in (A, B)`), `updated >= "yyyy-MM-dd HH:mm"` read in
  the API user's time zone (time_zone, the /myself timeZone), ORDER BY ignored.  Unknown clauses
  are ignored.  Every JQL received is kept in jira.jql_log.
- Issues are added with jira.add_issue(key, created, ...): the body is the real issue of
  fixtures/api/jira-issue-cloud.json (localised names: status "已完成", type "故事") with the
  KPI fields replaced; times are written like Jira ("2020-06-12T08:15:36.123+0800") in the user's zone.
- raw_pages: when set, a list of bodies served as they are for the search endpoint, one per
  request (the reference bodies fixtures/api/jira-search-jql.json and jira-search-dc.json).
"""
import base64
import copy
import datetime
import json
import re
import urllib.parse
import zoneinfo

from harness import FixtureServer, Reply, ServesThrough, fixture_path


def load(name):
    with open(fixture_path("api", name), encoding="utf-8") as f:
        return json.load(f)


ISSUE_TEMPLATE = load("jira-issue-cloud.json")
GONE = {"errorMessages": ["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
                          "A full migration guideline is available at "
                          "https://developer.atlassian.com/changelog/#CHANGE-2046"], "errors": {}}
# status categories as Jira sends them, with localised (Chinese) names as on the reference site
CATEGORIES = {
    "new": {"id": 2, "key": "new", "name": "待办", "colorName": "blue-gray"},
    "indeterminate": {"id": 4, "key": "indeterminate", "name": "进行中", "colorName": "yellow"},
    "done": {"id": 3, "key": "done", "name": "完成", "colorName": "green"},
}
STATUS_NAMES = {"new": "待办", "indeterminate": "处理中", "done": "已完成"}


class JiraServer(ServesThrough):
    def __init__(self, mode="cloud", email="platform-bot@acme.example", token="jira-token-0123456789abcdef",
                 time_zone="Asia/Seoul", max_results=50, server=None):
        self.fx = server or FixtureServer()
        self.mode = mode
        self.email = email
        self.token = token
        self.time_zone = time_zone
        self.max_results = max_results
        self.issues = []               # issue bodies, in key order
        self.jql_log = []              # every JQL received by a search
        self.search_log = []           # (path, query dict) of every search request
        self.gone_hits = 0             # requests to the removed search endpoints
        self.raw_pages = None
        self.next_id = 20000
        self.fx.route(r"/rest/api/(2|3)/myself", self._myself)
        self.fx.route(r"/rest/api/3/search/jql", self._search_jql)
        self.fx.route(r"/rest/api/(2|3|latest)/search", self._search)


    # ---- data ------------------------------------------------------------------------------
    def jira_time(self, t):
        """Unix seconds as Jira writes them in the user's zone: 2020-06-12T08:15:36.123+0800."""
        d = datetime.datetime.fromtimestamp(t, zoneinfo.ZoneInfo(self.time_zone))
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (d.microsecond // 1000) + d.strftime("%z")

    def add_issue(self, key, created, updated=None, resolved=None, category=None, labels=(), components=(),
                  fields=None):
        """Add an issue: CREATED/UPDATED/RESOLVED are Unix seconds; CATEGORY the status category key
        (default done when RESOLVED, else indeterminate); FIELDS extra fields (custom ones)."""
        issue = copy.deepcopy(ISSUE_TEMPLATE)
        self.next_id += 1
        issue["id"] = str(self.next_id)
        issue["key"] = key
        issue["self"] = "%s/rest/api/2/issue/%d" % (self.base_url, self.next_id)
        f = issue["fields"]
        project = key.split("-")[0]
        f["project"]["key"] = project
        category = category or ("done" if resolved is not None else "indeterminate")
        f["created"] = self.jira_time(created)
        f["updated"] = self.jira_time(updated if updated is not None else (resolved or created))
        f["resolutiondate"] = self.jira_time(resolved) if resolved is not None else None
        f["statuscategorychangedate"] = f["updated"]
        f["status"]["name"] = STATUS_NAMES[category]
        f["status"]["statusCategory"] = dict(CATEGORIES[category], self="%s/rest/api/2/statuscategory/%d" % (
            self.base_url, CATEGORIES[category]["id"]))
        if category != "done":
            f["resolution"] = None
        f["labels"] = list(labels)
        f["components"] = [{"self": "%s/rest/api/2/component/%d" % (self.base_url, 10000 + i), "id": str(10000 + i),
                            "name": c} for i, c in enumerate(components)]
        f.update(fields or {})
        self.issues.append(issue)
        return issue

    # ---- behaviour -------------------------------------------------------------------------
    def _authorised(self, req):
        auth = req.headers.get("authorization", "")
        if self.mode == "cloud":
            want = "Basic " + base64.b64encode(("%s:%s" % (self.email, self.token)).encode()).decode()
        else:
            want = "Bearer " + self.token
        return auth == want

    def _unauthorised(self):
        return Reply(401, {"errorMessages": ["You are not authenticated. Authentication required to perform this "
                                             "operation."], "errors": {}})

    def _myself(self, req, m):
        if self.mode == "dc" and m.group(1) == "3":
            return Reply(404, "<html><body>Not Found</body></html>", {"Content-Type": "text/html"})
        if not self._authorised(req):
            return self._unauthorised()
        return Reply(200, {"self": "%s/rest/api/2/user?accountId=5b10a2844c20165700ede21g" % self.base_url,
                           "accountId": "5b10a2844c20165700ede21g", "accountType": "atlassian",
                           "displayName": "Platform Bot", "active": True, "timeZone": self.time_zone,
                           "locale": "zh_CN", "groups": {"size": 1, "items": []}})

    def _matching(self, jql):
        """The issues the JQL subset selects, in key order."""
        projects = None
        m = re.search(r"project\s*=\s*\"?([A-Z][A-Z0-9]*)\"?", jql, re.I)
        if m:
            projects = {m.group(1).upper()}
        m = re.search(r"project\s+in\s*\(([^)]*)\)", jql, re.I)
        if m:
            projects = {p.strip().strip('"').upper() for p in m.group(1).split(",")}
        since = None
        m = re.search(r"updated\s*>=\s*\"(\d{4}-\d\d-\d\d \d\d:\d\d)\"", jql)
        if m:
            local = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M")
            since = local.replace(tzinfo=zoneinfo.ZoneInfo(self.time_zone)).timestamp()
        out = []
        for issue in self.issues:
            if projects is not None and issue["key"].split("-")[0] not in projects:
                continue
            if since is not None:
                updated = datetime.datetime.strptime(issue["fields"]["updated"], "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
                if updated < since:
                    continue
            out.append(issue)
        return out

    def _shaped(self, issue, fields):
        """The issue with only FIELDS in "fields", as Jira sends it (default: id only)."""
        body = {"expand": issue["expand"], "id": issue["id"], "self": issue["self"], "key": issue["key"]}
        wanted = [f for f in fields.split(",") if f] if fields else []
        if "*all" in wanted:
            body["fields"] = issue["fields"]
        elif wanted:
            body["fields"] = {f: issue["fields"][f] for f in wanted if f in issue["fields"]}
        return body

    KNOWN_FIELDS = {"project", "issuetype", "type", "updated", "created", "status", "statuscategory", "labels",
                    "component", "key", "resolution", "resolutiondate", "summary", "text", "assignee"}

    def _page_args(self, req):
        jql = req.arg("jql", "")
        for field in re.findall(r"([A-Za-z_][A-Za-z_0-9]*)\s*(?:!?=|>=|<=|>|<|~|\bin\b|\bnot in\b)",
                                re.sub(r'"[^"]*"|\'[^\']*\'', '""', jql)):
            if field.lower() not in self.KNOWN_FIELDS and not field.lower().startswith("cf"):
                self.jql_log.append(jql)
                return None, None, Reply(400, {"errorMessages": ["Field '%s' does not exist or you do not have "
                                                                 "permission to view it." % field], "errors": {}})
        self.jql_log.append(jql)
        self.search_log.append((req.path, dict(req.query)))
        try:
            size = int(req.arg("maxResults", "50"))
        except ValueError:
            return None, None, Reply(400, {"errorMessages": ["maxResults must be a number"], "errors": {}})
        return jql, max(0, min(size, self.max_results)), None

    def _begin_search(self, req):
        """(jql, page size, None), or (None, None, the answer) when it is decided already."""
        if not self._authorised(req):
            return None, None, self._unauthorised()
        if self.raw_pages is not None:
            return None, None, Reply(200, self.raw_pages.pop(0) if len(self.raw_pages) > 1 else self.raw_pages[0])
        return self._page_args(req)

    def _search_jql(self, req, m):
        if self.mode == "dc":
            return Reply(404, "<html><body>Not Found</body></html>", {"Content-Type": "text/html"})
        jql, size, early = self._begin_search(req)
        if early:
            return early
        if not re.search(r"\S", re.sub(r"(?i)order\s+by.*", "", jql)):
            return Reply(400, {"errorMessages": ["Unbounded JQL queries are not allowed here. Please add a search "
                                                 "restriction to your query."], "errors": {}})
        token = req.arg("nextPageToken")
        start = 0
        if token:
            try:
                t = json.loads(base64.urlsafe_b64decode(token.encode()).decode())
                start = t["at"]
                if t["jql"] != jql:
                    raise ValueError("token of another query")
            except (ValueError, KeyError):
                return Reply(400, {"errorMessages": ["The provided next page token is invalid or expired."],
                                   "errors": {}})
        issues = self._matching(jql)
        page = issues[start:start + size]
        body = {"issues": [self._shaped(i, req.arg("fields")) for i in page]}
        if start + size < len(issues):
            body["nextPageToken"] = base64.urlsafe_b64encode(json.dumps({"at": start + size, "jql": jql}).encode()
                                                             ).decode()
            body["isLast"] = False
        else:
            body["isLast"] = True
        return Reply(200, body)

    def _search(self, req, m):
        if self.mode == "cloud" or m.group(1) != "2":
            if self.mode == "cloud":
                self.gone_hits += 1
                return Reply(410, GONE)
            return Reply(404, "<html><body>Not Found</body></html>", {"Content-Type": "text/html"})
        jql, size, early = self._begin_search(req)
        if early:
            return early
        start = int(req.arg("startAt", "0"))
        issues = self._matching(jql)
        page = issues[start:start + size]
        return Reply(200, {"expand": "schema,names", "startAt": start, "maxResults": size, "total": len(issues),
                           "issues": [self._shaped(i, req.arg("fields")) for i in page]})
