"""An Argo CD API server on a FixtureServer, shaped like the real one (server/application/application.go).

GET /api/v1/applications lists full Application objects sorted by name, without pagination, with the
`projects` and `selector` filters; `items` is null when there are none.  GET /api/v1/applications/NAME
answers one object, 404 when it does not exist.  A Bearer token is required (401 otherwise); an
application may be made forbidden (403, as an RBAC denial).  Each application starts from one of the
reference bodies in fixtures/api/ (argocd-application.json, or argocd-application-sync-failed.json),
and `sync` records history entries the way the controller does: ids grow by one per successful sync,
the history is cut to spec.revisionHistoryLimit (10 by default), failed syncs only change
status.operationState.  The reference bodies themselves can be served as they are (add_reference_apps).
"""
import copy
import json
import threading
import time

import yaml

from harness import FixtureServer, Reply, ServesThrough, fixture_path


def load_json(name):
    with open(fixture_path("api", name), encoding="utf-8") as f:
        return json.load(f)


class _KeepTimestamps(yaml.SafeLoader):
    """YAML's timestamps stay the strings Argo CD sends."""


_KeepTimestamps.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(name):
    with open(fixture_path("api", name), encoding="utf-8") as f:
        return yaml.load(f, Loader=_KeepTimestamps)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class ArgoCDServer(ServesThrough):
    def __init__(self, token="argocd-account-token-0123456789"):
        self.fx = FixtureServer()
        self.token = token
        self.lock = threading.Lock()
        self.apps = {}                 # name -> Application object
        self.forbidden = set()         # names the account may not get: left out of the listing, 403 on GET
        self.forbid_get = set()        # names listed but answered 403 (the RBAC changed between list and get)
        self.proto = load_json("argocd-application.json")
        self.fx.route(r"/api/v1/applications", self._list)
        self.fx.route(r"/api/v1/applications/([^/]+)", self._get)

    def requests(self, prefix="/api/v1/applications"):
        return self.fx.paths(prefix)

    # ---- data ---------------------------------------------------------------------------------
    def add_reference_apps(self):
        """The three reference Applications exactly as they are (one listed, one failed, one truncated)."""
        with self.lock:
            for body in (load_json("argocd-application.json"), load_json("argocd-application-sync-failed.json"),
                         load_yaml("argocd-application-truncated-history.yaml")):
                body.pop("apiVersion", None)
                body.pop("kind", None)
                self.apps[body["metadata"]["name"]] = body

    def add_app(self, name, repo_url=None, sources=None, uid=None, labels=None, project="default", limit=None,
                created=0):
        """An application from the reference body: one source (REPO_URL) or several (SOURCES), empty history."""
        app = copy.deepcopy(self.proto)
        meta, spec, status = app["metadata"], app["spec"], app["status"]
        meta["name"] = name
        meta["uid"] = uid or "uid-%s-1" % name
        meta["selfLink"] = "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/%s" % name
        meta["creationTimestamp"] = iso(created)
        meta.pop("managedFields", None)
        if labels:
            meta["labels"] = dict(labels)
        spec["project"] = project
        if sources:
            spec.pop("source", None)
            spec["sources"] = [{"repoURL": u, "path": ".", "targetRevision": "HEAD"} for u in sources]
        else:
            spec["source"] = {"repoURL": repo_url, "path": "deploy", "targetRevision": "HEAD"}
        if limit is not None:
            spec["revisionHistoryLimit"] = limit
        status["history"] = []
        status.pop("operationState", None)
        status["summary"] = {}
        with self.lock:
            self.apps[name] = app
        return app

    def recreate(self, name, uid):
        """The application is deleted and created again: a new uid, and the history restarts at id 0."""
        with self.lock:
            app = self.apps[name]
            app["metadata"]["uid"] = uid
            app["status"]["history"] = []
            app["status"].pop("operationState", None)
            app["_next_id"] = 0

    def set_images(self, name, images):
        with self.lock:
            self.apps[name]["status"]["summary"] = {"images": list(images)}

    def sync(self, name, revision, at, started=None):
        """A successful sync finished at AT: REVISION is a SHA (one source) or a list (one per source)."""
        with self.lock:
            app = self.apps[name]
            spec, status = app["spec"], app["status"]
            hist = status.setdefault("history", [])
            nid = app.get("_next_id", hist[-1]["id"] + 1 if hist else 0)
            app["_next_id"] = nid + 1
            entry = {"deployedAt": iso(at), "id": nid, "deployStartedAt": iso(started if started else at - 30),
                     "initiatedBy": {"automated": True}}
            if isinstance(revision, list):
                entry["source"] = {"repoURL": ""}
                entry["sources"] = copy.deepcopy(spec["sources"])
                entry["revisions"] = list(revision)
            else:
                entry["revision"] = revision
                entry["source"] = copy.deepcopy(spec["source"])
            hist.append(entry)
            limit = spec.get("revisionHistoryLimit", 10)
            del hist[:max(0, len(hist) - limit)]
            result = {"resources": [], "revision": "" if isinstance(revision, list) else revision}
            if isinstance(revision, list):
                result["revisions"] = list(revision)
            status["operationState"] = {
                "operation": {"sync": {"revision": result["revision"]}, "initiatedBy": {"automated": True}},
                "phase": "Succeeded", "message": "successfully synced (all tasks run)", "syncResult": result,
                "startedAt": entry["deployStartedAt"], "finishedAt": entry["deployedAt"]}

    def fail(self, name, revision, at, phase="Failed"):
        """A sync that failed (or errored) at AT: only status.operationState shows it."""
        with self.lock:
            status = self.apps[name]["status"]
            status["operationState"] = {
                "operation": {"sync": {"revision": revision}, "initiatedBy": {"username": "admin"}},
                "phase": phase, "message": "one or more synchronization tasks are not valid",
                "syncResult": {"resources": [], "revision": revision},
                "startedAt": iso(at - 60), "finishedAt": iso(at)}

    # ---- routes -------------------------------------------------------------------------------
    def _auth(self, req):
        auth = req.headers.get("authorization")
        if auth != "Bearer " + self.token:
            # a careless proxy echoes what it was sent: the client must not repeat it
            said = "invalid session: token '%s' is malformed" % (auth or "")[7:]
            return Reply(401, {"error": said, "code": 16, "message": said})
        return None

    @staticmethod
    def _served(app):
        return {k: v for k, v in app.items() if not k.startswith("_")}

    @staticmethod
    def _selected(app, selector):
        labels = app["metadata"].get("labels") or {}
        for term in selector.split(","):
            k, _, v = term.partition("=")
            if labels.get(k.strip()) != v.strip():
                return False
        return True

    def _list(self, req, m):
        denied = self._auth(req)
        if denied:
            return denied
        projects = req.query.get("projects", [])
        selector = req.arg("selector")
        with self.lock:
            items = [self._served(a) for n, a in sorted(self.apps.items())
                     if n not in self.forbidden  # apps the caller may not get are dropped silently
                     and (not projects or a["spec"].get("project") in projects)
                     and (not selector or self._selected(a, selector))]
        return Reply(200, {"metadata": {"resourceVersion": "2540554"}, "items": items or None})

    def _get(self, req, m):
        denied = self._auth(req)
        if denied:
            return denied
        name = m.group(1)
        with self.lock:
            if name in self.forbidden or name in self.forbid_get:
                return Reply(403, {"error": "permission denied", "code": 7,
                                   "message": "permission denied: applications, get, default/%s, sub: idpmetrics" % name})
            app = self.apps.get(name)
            if app is None:
                return Reply(404, {"error": "applications.argoproj.io \"%s\" not found" % name, "code": 5,
                                   "message": "applications.argoproj.io \"%s\" not found" % name})
            return Reply(200, self._served(app))
