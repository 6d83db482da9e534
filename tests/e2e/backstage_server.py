"""A Backstage-shaped fixture server for the end-to-end tests.

It answers like a real Backstage backend (the shapes of the real Backstage scaffolder and catalog APIs, fixtures/api/SOURCES.md):

- every route needs ``Authorization: Bearer <token>``, else 401 ``AuthenticationError``;
- errors use Backstage's body ``{"error":{"name","message"},"request":{...},"response":{"statusCode"}}``;
- ``GET /api/scaffolder/v2/tasks`` pages with ``limit``/``offset``, sorts by ``order``
  (``asc|desc:created_at|status|created_by``, default ``created_at desc``), filters by ``createdBy`` and
  ``status``, answers ``{"tasks":[...],"totalTasks":N}`` and, as current servers do (OpenAPI validation),
  400 ``InputError`` for any other query parameter;
- ``old=True`` plays a server from before the OpenAPI router: no ``totalTasks``, every query parameter but
  ``createdBy`` ignored, so everything comes back at once (and ``secrets`` are not stripped);
- ``GET /api/scaffolder/v2/tasks/{id}/events`` returns the events (ids global across tasks) with the
  ``after`` semantics ``id > after OR type == completion``; for an open task without events the real
  server long-polls 30 s and answers ``[]``: here the ``[]`` comes at once and is counted in ``long_polls``;
- ``GET /api/scaffolder/v2/tasks/{id}``.

Tasks are built from the real SerializedTask in ``fixtures/api/backstage-scaffolder-task.json`` and
their log events from ``backstage-scaffolder-task-events.json``.  Faults (5xx, truncated or corrupted
bodies, any canned reply) are injected per route with ``fail``, ``truncate`` and ``corrupt``.

The catalog (section 2 of api-shapes.md) is served by ``_catalog_routes``:

- ``GET /api/catalog/entities/by-query`` with ``filter`` (repeated: ORed; ``k=v`` conditions separated by
  commas: ANDed; keys are dotted paths, ``relations.<type>`` included; case-insensitive), ``fields`` (projected
  with the catalog's own path rule, quirks included), ``limit`` (default 20), ``offset``, ``cursor``;
  answers ``{"items","totalItems","pageInfo":{"nextCursor"?,"prevCursor"?}}``.  Cursors are opaque base64
  JSON, as Backstage's; on a cursor page ``filter`` and ``orderField`` are ignored (the cursor carries them),
  ``fields`` and ``limit`` apply; unknown parameters are a 400 ``InputError`` (OpenAPI validation);
- entities are built from the real ``backstage-catalog-entity.json`` and "processed" like the catalog does:
  ``ownedBy`` from ``spec.owner``, ``childOf``/``parentOf`` from ``spec.parent``, ``memberOf``/``hasMember``
  from ``spec.memberOf`` and a group's ``spec.members`` (``processed=False`` leaves relations out);
  the listing is ordered by uid, so kinds are interleaved as on a real server.
"""
import base64
import copy
import datetime
import json
import re
import threading

from harness import FixtureServer, Reply, fixture_path

SCAFFOLDER_LIST_PARAMS = {"createdBy", "status", "limit", "offset", "order"}
ORDER_FIELDS = {"created_at": "createdAt", "status": "status", "created_by": "createdBy"}
FINISHED = ("completed", "failed", "cancelled")
CATALOG_QUERY_PARAMS = {"filter", "fields", "limit", "offset", "cursor", "orderField", "fullTextFilterTerm",
                        "fullTextFilterFields"}


def load_reference(name):
    with open(fixture_path("api", name), encoding="utf-8") as f:
        return json.load(f)


def iso(t):
    """Unix seconds (int or float) -> '2026-07-02T09:00:00.250Z', as Backstage writes times."""
    ms = int(round(t * 1000))
    dt = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def epoch(s):
    """'2026-07-02T09:00:00Z' (or with milliseconds) -> Unix seconds as a float."""
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


class Fault:
    def __init__(self, path_re, make, times, query):
        self.rx = re.compile(path_re + r"\Z")
        self.make = make          # function(request, normal_reply_thunk) -> Reply
        self.times = times        # None: forever
        self.query = query or {}
        self.hits = 0

    def matches(self, req):
        if not self.rx.match(req.path) or (self.times is not None and self.hits >= self.times):
            return False
        # a value may be a predicate on the parameter (None when absent), e.g. cursor=lambda c: c is not None
        return all(v(req.arg(k)) if callable(v) else req.arg(k) == str(v) for k, v in self.query.items())


class Backstage:
    """One Backstage backend on a FixtureServer.  Thread-safe: the server answers from several threads."""

    def __init__(self, server: FixtureServer, token="kpi-static-token-0123456789", old=False,
                 total_as_string=False):
        self.server = server
        self.token = token
        self.old = old
        self.total_as_string = total_as_string   # PostgreSQL's COUNT(*) comes as a string
        self.ignore_offset = False                # a broken server that always answers the first page
        self.lock = threading.RLock()
        self.faults = []
        self.tasks = {}                           # id -> internal task record
        self.next_event_id = 1
        self.long_polls = 0
        self.proto = load_reference("backstage-scaffolder-task.json")
        self.reference_events = load_reference("backstage-scaffolder-task-events.json")
        self._scaffolder_routes()
        self.entities = {}                        # lower-case entity ref -> catalog record (see add_entity)
        self.next_uid = 1
        self.cursors_issued = []                  # every nextCursor handed out, in order
        self.repeat_page = None                   # see catalog_repeat_page()
        self._listing = None                      # [(served entity, search keys)] by uid; rebuilt after changes
        self.entity_proto = load_reference("backstage-catalog-entity.json")
        self._catalog_routes()

    @property
    def base_url(self):
        return self.server.base_url

    # -- plumbing shared by every plugin ---------------------------------------------------------

    def plugin_route(self, plugin, pattern, fn):
        """Route /api/PLUGIN/PATTERN to fn(req, match) behind the bearer-token check and the faults."""
        def handler(req, m):
            with self.lock:
                auth = req.headers.get("authorization")
                if auth is None:
                    return self.error(req, 401, "AuthenticationError", "Missing credentials")
                if auth != "Bearer " + self.token:
                    return self.error(req, 401, "AuthenticationError", "Illegal token")
                for f in self.faults:
                    if f.matches(req):
                        f.hits += 1
                        return f.make(req, lambda: fn(req, m))
                return fn(req, m)
        self.server.route("/api/%s/%s" % (plugin, pattern), handler)

    def error(self, req, status, name, message):
        return Reply(status, {"error": {"name": name, "message": message},
                              "request": {"method": req.method, "url": req.raw_path},
                              "response": {"statusCode": status}})

    def error_reply(self, status, name, message):
        """A canned Backstage error answer, for fail()."""
        return Reply(status, {"error": {"name": name, "message": message}, "request": {"method": "GET", "url": ""},
                              "response": {"statusCode": status}})

    def fail(self, path_re, reply, times=1, **query):
        """Answer REPLY (a Reply) instead, TIMES times (None: always), on requests matching the path and QUERY."""
        self.faults.append(Fault(path_re, lambda req, normal: reply, times, query))

    def truncate(self, path_re, nbytes, times=1, **query):
        """Send only the first NBYTES bytes of the real answer (Content-Length stays full)."""
        def make(req, normal):
            r = normal()
            r.truncate = nbytes
            return r
        self.faults.append(Fault(path_re, make, times, query))

    def corrupt(self, path_re, fn, times=1, **query):
        """Replace the real answer's body by fn(body_bytes), with a correct Content-Length."""
        def make(req, normal):
            r = normal()
            r.body = fn(r.body)
            return r
        self.faults.append(Fault(path_re, make, times, query))

    def requests(self, path_re=".*"):
        rx = re.compile(path_re + r"\Z")
        with self.server.lock:
            return [r for r in self.server.requests if rx.match(r.path)]

    # -- scaffolder: the data ----------------------------------------------------------------------

    def _event(self, task, type_, body, at):
        ev = {"id": self.next_event_id, "taskId": task["id"], "body": body, "type": type_, "createdAt": iso(at)}
        self.next_event_id += 1
        task["events"].append(ev)
        return ev

    def add_task(self, id, template, status, created, lead=None, created_by="user:default/jdoe",
                 repo=("acme", None), completion=True, cancelled=False, output=None, secrets=None,
                 heartbeat=None):
        """Add a task created at CREATED (Unix seconds) from template TEMPLATE ("go-service" or a full ref).

        A finished task ends LEAD minutes after creation with a completion event (unless COMPLETION is
        False, as when events were vacuumed) and a last heartbeat at its end.  CANCELLED adds the
        user's cancel event; the run then ends as failed, as on a real server.  REPO (owner, name) is
        the RepoUrlPicker value (name defaults to the id); None leaves repoUrl out.
        """
        with self.lock:
            spec = copy.deepcopy(self.proto["spec"])
            ref = template if ":" in template else "template:default/" + template
            spec["templateInfo"]["entityRef"] = ref
            spec["templateInfo"]["entity"]["metadata"]["name"] = ref.rsplit("/", 1)[-1]
            params = spec["parameters"]
            params["name"] = id
            if repo is None:
                params.pop("repoUrl", None)
            else:
                params["repoUrl"] = "github.com?owner=%s&repo=%s" % (repo[0], repo[1] or id)
            task = {"id": id, "spec": spec, "status": "open", "createdAt": created, "createdBy": created_by,
                    "heartbeat": None, "events": [], "secrets": secrets}
            self.tasks[id] = task
            if status != "open":
                self._start(task, created + 1)
            if status in FINISHED:
                end = created + (lead if lead is not None else 10) * 60
                if cancelled:
                    self._event(task, "cancelled", {"message": "Step fetch has been cancelled.", "stepId": "fetch",
                                                    "status": "cancelled"}, end - 1)
                self._finish(task, status, end, completion, output)
            elif status == "processing":
                task["status"] = "processing"
                task["heartbeat"] = created + 2
            if heartbeat is not None:
                task["heartbeat"] = heartbeat
            return task

    def _start(self, task, at):
        # the first log lines of the real run in backstage-scaffolder-task-events.json
        for i, ev in enumerate(self.reference_events[:2]):
            self._event(task, ev["type"], copy.deepcopy(ev["body"]), at + i * 0.01)
        task["status"] = "processing"
        task["heartbeat"] = at

    def _finish(self, task, status, end, completion=True, output=None):
        task["status"] = status
        task["heartbeat"] = end
        if not completion:
            return
        if status == "completed":
            if output is None:
                owner_repo = task["spec"]["parameters"].get("repoUrl", "github.com?owner=acme&repo=x")
                m = re.search(r"owner=([^&]+)&repo=([^&]+)", owner_repo)
                output = {"links": [{"title": "Repository", "url": "https://github.com/%s/%s" % m.groups()},
                                    {"title": "Open in catalog", "icon": "catalog",
                                     "entityRef": "component:default/%s" % m.group(2)}]}
            body = {"message": "Run completed with status: completed", "output": output}
        else:
            body = copy.deepcopy(self.reference_events[-1]["body"])  # "Run completed with status: failed"
        self._event(task, "completion", body, end)

    def retry(self, id, at):
        """POST /v2/tasks/{id}/retry: back to open, completion and cancelled events deleted, a recovered event."""
        with self.lock:
            task = self.tasks[id]
            task["events"] = [e for e in task["events"] if e["type"] not in ("completion", "cancelled")]
            self._event(task, "recovered", {"recoverStrategy": "startOver"}, at)
            task["status"] = "open"

    def finish(self, id, status, end, completion=True, output=None):
        """The worker claims the task (again) and completes it at END."""
        with self.lock:
            task = self.tasks[id]
            if task["status"] == "open":
                self._start(task, end - 5)
            self._finish(task, status, end, completion, output)

    def serialize(self, task):
        t = {"id": task["id"], "spec": task["spec"], "status": task["status"], "createdAt": iso(task["createdAt"])}
        if task["heartbeat"] is not None:
            t["lastHeartbeatAt"] = iso(task["heartbeat"])
        if task["createdBy"]:
            t["createdBy"] = task["createdBy"]
        if self.old and task["secrets"]:
            t["secrets"] = task["secrets"]  # servers before serializeTask() did not strip them
        return t

    # -- scaffolder: the routes --------------------------------------------------------------------

    def _scaffolder_routes(self):
        self.plugin_route("scaffolder", r"v2/tasks", self._list)
        self.plugin_route("scaffolder", r"v2/tasks/([^/]+)/events", self._events)
        self.plugin_route("scaffolder", r"v2/tasks/([^/]+)", self._get)

    def _list(self, req, m):
        tasks = list(self.tasks.values())
        created_by = req.query.get("createdBy")
        if created_by:
            tasks = [t for t in tasks if t["createdBy"] in created_by]
        if self.old:
            return Reply(200, {"tasks": [self.serialize(t) for t in tasks]})
        for k in req.query:
            if k not in SCAFFOLDER_LIST_PARAMS:
                return self.error(req, 400, "InputError", "Unknown query parameter '%s'" % k)
        nums = {}
        for k in ("limit", "offset"):
            v = req.arg(k)
            if v is not None:
                if not re.fullmatch(r"\d+", v):
                    return self.error(req, 400, "InputError", "request/query/%s must be integer" % k)
                nums[k] = int(v)
        statuses = req.query.get("status")
        if statuses:
            tasks = [t for t in tasks if t["status"] in statuses]
        orders = req.query.get("order") or ["desc:created_at"]
        for o in reversed(orders):
            mo = re.fullmatch(r"(asc|desc):(.*)", o)
            if not mo:
                return self.error(req, 400, "InputError",
                                  'Invalid order parameter "%s", expected "<asc or desc>:<field name>"' % o)
            if mo.group(2) not in ORDER_FIELDS:
                return self.error(req, 400, "InputError", 'Invalid order field "%s"' % mo.group(2))
            key = ORDER_FIELDS[mo.group(2)]
            tasks.sort(key=lambda t: (t[key] is not None, t[key] or ""), reverse=mo.group(1) == "desc")
        total = len(tasks)
        offset = 0 if self.ignore_offset else nums.get("offset", 0)
        end = offset + nums["limit"] if "limit" in nums else None
        page = tasks[offset:end]
        return Reply(200, {"tasks": [self.serialize(t) for t in page],
                           "totalTasks": str(total) if self.total_as_string else total})

    def _task_or_404(self, req, id):
        task = self.tasks.get(id)
        if task is None:
            return None, self.error(req, 404, "NotFoundError", "No task with id '%s' found" % id)
        return task, None

    def _get(self, req, m):
        task, err = self._task_or_404(req, m.group(1))
        return err or Reply(200, self.serialize(task))

    def _events(self, req, m):
        task, err = self._task_or_404(req, m.group(1))
        if err:
            return err
        if not self.old:
            for k in req.query:
                if k != "after":
                    return self.error(req, 400, "InputError", "Unknown query parameter '%s'" % k)
        after = req.arg("after")
        events = [e for e in task["events"]
                  if after is None or e["id"] > int(after) or e["type"] == "completion"]
        if not events and task["status"] == "open":
            self.long_polls += 1  # a real server holds this request for 30 s, then answers []
        return Reply(200, events)

    def event_fetches(self):
        """Task ids whose events were requested, in order."""
        out = []
        for r in self.requests(r"/api/scaffolder/v2/tasks/[^/]+/events"):
            out.append(r.path.split("/")[-2])
        return out

    def list_requests(self):
        return self.requests(r"/api/scaffolder/v2/tasks")

    # -- catalog: the data -------------------------------------------------------------------------

    @staticmethod
    def _ref(kind, name, namespace="default"):
        return ("%s:%s/%s" % (kind, namespace or "default", name)).lower()

    @staticmethod
    def qualify(ref, default_kind, namespace="default"):
        """parseEntityRef: '[kind:][namespace/]name' -> 'kind:namespace/name' in lower case."""
        kind, rest = ref.split(":", 1) if ":" in ref else (default_kind, ref)
        ns, name = rest.split("/", 1) if "/" in rest else (namespace, rest)
        return ("%s:%s/%s" % (kind, ns, name)).lower()

    def add_entity(self, entity, processed=True, relations=None):
        """Add ENTITY (a full entity dict).  Relations are computed unless PROCESSED is False or RELATIONS given."""
        with self.lock:
            meta = entity["metadata"]
            meta.setdefault("namespace", "default")
            # uids are random on a real catalog: spread them so that kinds interleave in uid order
            meta["uid"] = "%08x-0000-4000-8000-%012d" % ((self.next_uid * 2654435761) % (1 << 32), self.next_uid)
            meta["etag"] = "etag-%d" % self.next_uid
            self.next_uid += 1
            ref = self._ref(entity["kind"], meta["name"], meta["namespace"])
            self.entities[ref] = {"entity": entity, "processed": processed, "relations": relations}
            self._listing = None
            return entity

    def remove_entity(self, kind, name, namespace="default"):
        with self.lock:
            del self.entities[self._ref(kind, name, namespace)]
            self._listing = None

    def clear_entities(self):
        with self.lock:
            self.entities.clear()
            self._listing = None

    def add_component(self, name, owner="team-a", slug=None, lifecycle="production", type_="service", tags=(),
                      system=None, source_template=None, source_location=None, namespace=None, title=None,
                      processed=True, relations=None):
        """A Component from the reference entity; SLUG sets github.com/project-slug."""
        e = copy.deepcopy(self.entity_proto)
        meta, spec = e["metadata"], e["spec"]
        meta["name"] = name
        if namespace:
            meta["namespace"] = namespace
        if title:
            meta["title"] = title
        meta["tags"] = list(tags)
        ann = meta["annotations"]
        if slug is not None:
            ann["github.com/project-slug"] = slug
        if source_template:
            ann["backstage.io/source-template"] = source_template
        if source_location:
            ann["backstage.io/source-location"] = source_location
        spec["owner"] = owner
        spec["lifecycle"] = lifecycle
        spec["type"] = type_
        if system:
            spec["system"] = system
        else:
            spec.pop("system", None)
        return self.add_entity(e, processed, relations)

    def add_group(self, name, parent=None, title=None, display_name=None, members=(), namespace=None,
                  type_="team", processed=True, relations=None):
        e = {"apiVersion": "backstage.io/v1alpha1", "kind": "Group",
             "metadata": {"name": name, "annotations": {"backstage.io/managed-by-location": "file:/tmp/org.yaml"}},
             "spec": {"type": type_, "children": [], "members": list(members)}}
        if namespace:
            e["metadata"]["namespace"] = namespace
        if title:
            e["metadata"]["title"] = title
        if display_name:
            e["spec"]["profile"] = {"displayName": display_name}
        if parent:
            e["spec"]["parent"] = parent
        return self.add_entity(e, processed, relations)

    def add_user(self, name, member_of=(), namespace=None, processed=True, relations=None):
        e = {"apiVersion": "backstage.io/v1alpha1", "kind": "User",
             "metadata": {"name": name, "annotations": {"backstage.io/managed-by-location": "file:/tmp/org.yaml"}},
             "spec": {"profile": {"displayName": name.title(), "email": "%s@example.com" % name},
                      "memberOf": list(member_of)}}
        if namespace:
            e["metadata"]["namespace"] = namespace
        return self.add_entity(e, processed, relations)

    def add_template(self, name, owner="platform", title=None):
        e = {"apiVersion": "scaffolder.backstage.io/v1beta3", "kind": "Template",
             "metadata": {"name": name, "title": title or name, "tags": ["recommended"]},
             "spec": {"type": "service", "owner": owner, "steps": [], "parameters": []}}
        return self.add_entity(e)

    def add_other(self, kind, name, **spec):
        """An entity of a kind the collector does not use (API, System, Resource, Location ...)."""
        return self.add_entity({"apiVersion": "backstage.io/v1alpha1", "kind": kind,
                                "metadata": {"name": name}, "spec": dict(spec)})

    def _index(self):
        """Who is whose child and member, from every group's spec (what the catalog's processors see)."""
        children, members = {}, {}
        for rec in self.entities.values():
            o = rec["entity"]
            if o["kind"].lower() != "group":
                continue
            ns, spec = o["metadata"]["namespace"], o.get("spec", {})
            ref = self._ref("group", o["metadata"]["name"], ns)
            if spec.get("parent"):
                children.setdefault(self.qualify(spec["parent"], "group", ns), []).append(ref)
            for m in spec.get("members", []):
                members.setdefault(self.qualify(m, "user", ns), []).append(ref)
        return children, members

    def _relations(self, rec, index):
        """What the catalog's processors would emit for this entity (BuiltinKindsEntityProcessor)."""
        if rec["relations"] is not None:
            return rec["relations"]
        if not rec["processed"]:
            return None
        children, members = index
        e = rec["entity"]
        kind, ns, spec = e["kind"].lower(), e["metadata"]["namespace"], e.get("spec", {})
        self_ref = self._ref(kind, e["metadata"]["name"], ns)
        rels = []
        if kind in ("component", "template", "api", "system") and spec.get("owner"):
            rels.append({"type": "ownedBy", "targetRef": self.qualify(spec["owner"], "group", ns)})
        if kind == "group":
            if spec.get("parent"):
                rels.append({"type": "childOf", "targetRef": self.qualify(spec["parent"], "group", ns)})
            for child in children.get(self_ref, []):
                rels.append({"type": "parentOf", "targetRef": child})
            for m in spec.get("members", []):
                rels.append({"type": "hasMember", "targetRef": self.qualify(m, "user", ns)})
        if kind == "user":
            groups = [self.qualify(g, "group", ns) for g in spec.get("memberOf", [])] + members.get(self_ref, [])
            for g in sorted(set(groups)):
                rels.append({"type": "memberOf", "targetRef": g})
        return rels

    def _served(self, rec, index):
        e = copy.deepcopy(rec["entity"])
        rels = self._relations(rec, index)
        if rels is not None:
            e["relations"] = rels
        return e

    def listing(self):
        """Every entity as served, with its search keys, in uid order (cached until the catalog changes)."""
        if self._listing is None:
            index = self._index()
            records = sorted(self.entities.values(), key=lambda r: r["entity"]["metadata"]["uid"])
            self._listing = []
            for rec in records:
                e = self._served(rec, index)
                self._listing.append((e, self._flatten(e)))
        return self._listing

    def catalog_repeat_page(self, offset):
        """Hand out, once, a nextCursor that leads back to OFFSET: the next page repeats entities already listed."""
        self.repeat_page = offset

    # -- catalog: the routes -----------------------------------------------------------------------

    def _catalog_routes(self):
        self.plugin_route("catalog", r"entities/by-query", self._by_query)

    @staticmethod
    def _flatten(entity):
        """The catalog's search table: lower-case dotted keys -> lower-case values (relations.<type> too)."""
        out = {}

        def walk(prefix, v):
            if isinstance(v, dict):
                for k, x in v.items():
                    walk(prefix + "." + k if prefix else k, x)
            elif isinstance(v, list):
                for x in v:
                    walk(prefix, x)
            elif v is not None:
                out.setdefault(prefix.lower(), set()).add(str(v).lower())
        walk("", {k: v for k, v in entity.items() if k != "relations"})
        for r in entity.get("relations", []):
            out.setdefault("relations." + r["type"].lower(), set()).add(r["targetRef"].lower())
        return out

    @staticmethod
    def _matches(flat, filters):
        if not filters:
            return True
        for f in filters:                      # repeated filter parameters: OR
            ok = True
            for cond in f.split(","):          # conditions of one filter: AND
                key, _, value = cond.partition("=")
                key = key.strip().lower()
                if not key:
                    continue
                vals = flat.get(key)
                if vals is None or ("=" in cond and value.strip().lower() not in vals):
                    ok = False
                    break
            if ok:
                return True
        return False

    @staticmethod
    def _has(obj, path):
        for p in path:
            if not isinstance(obj, dict) or p not in obj:
                return False
            obj = obj[p]
        return True

    @classmethod
    def _project(cls, entity, fields):
        """parseEntityTransformParams: getPathArray() then lodash.get/set, including its quirks."""
        out = {}
        for field in fields:
            path, cur = [], ""
            for part in field.split("."):
                cur += part
                if cls._has(entity, path + [cur]):
                    path.append(cur)
                    cur = ""
            if not path:
                continue
            value = entity
            for p in path:
                value = value[p]
            node = out
            for p in path[:-1]:
                node = node.setdefault(p, {})
            node[path[-1]] = copy.deepcopy(value)
        return out

    @staticmethod
    def _encode_cursor(state):
        # Backstage: Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64').  Three '?' and three '>'
        # in a row always put a '/' and a '+' into the base64 text: the client must percent-encode them.
        state["pad"] = "???>>>"
        return base64.b64encode(json.dumps(state, sort_keys=True).encode()).decode()

    def _by_query(self, req, m):
        for k in req.query:
            if k not in CATALOG_QUERY_PARAMS:
                return self.error(req, 400, "InputError", "Unknown query parameter '%s'" % k)
        limit = req.arg("limit", "20")
        if not re.fullmatch(r"\d+", limit):
            return self.error(req, 400, "InputError", "request/query/limit must be integer")
        limit = int(limit)
        fields = [f.strip() for v in req.query.get("fields", []) for f in v.split(",") if f.strip()]
        cursor = req.arg("cursor")
        if cursor:
            try:
                state = json.loads(base64.b64decode(cursor, validate=True).decode())
                filters, offset = state["filters"], state["offset"]
            except Exception:
                return self.error(req, 400, "InputError", "Malformed cursor: could not be parsed")
        else:
            filters = req.query.get("filter", [])
            offset = int(req.arg("offset", "0") or 0)
        matched = [e for e, flat in self.listing() if self._matches(flat, filters)]
        page = matched[offset:offset + limit]
        info = {}
        if offset + limit < len(matched):
            nxt = offset + limit
            if self.repeat_page is not None:
                nxt, self.repeat_page = self.repeat_page, None
            info["nextCursor"] = self._encode_cursor({"filters": filters, "offset": nxt, "total": len(matched)})
            self.cursors_issued.append(info["nextCursor"])
        if offset > 0:
            info["prevCursor"] = self._encode_cursor({"filters": filters, "offset": max(0, offset - limit),
                                                      "total": len(matched), "isPrevious": True})
        if fields:
            page = [self._project(e, fields) for e in page]
        return Reply(200, {"items": page, "totalItems": len(matched), "pageInfo": info})

    def catalog_requests(self):
        return self.requests(r"/api/catalog/entities/by-query")
