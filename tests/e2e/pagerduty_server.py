"""A PagerDuty REST API v2 server on a FixtureServer, shaped like the real one.

GET /incidents filters by service_ids[], since/until on created_at (since inclusive, until exclusive),
urgencies[], statuses[]; classic offset pagination with limit (at most 100), offset, more, total null;
offset + limit above 10,000 is HTTP 400 (developer docs, Pagination).  A range over 6 months is 400.
GET /incidents/ID answers {"incident": ...}.  Authorization must be "Token token=KEY" (401 otherwise).
rate_limit(n) answers the next N requests with 429 and the ratelimit-* headers.  Incidents are copies
of the reference incident in fixtures/api/pagerduty-incidents.json with the fields a test sets.
"""
import copy
import json
import threading
import time
import calendar

from harness import FixtureServer, Reply, ServesThrough, fixture_path


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def epoch(s):
    return calendar.timegm(time.strptime(s.replace(".000", ""), "%Y-%m-%dT%H:%M:%SZ"))


class PagerDutyServer(ServesThrough):
    def __init__(self, token="pd-rest-api-key-0123456789"):
        self.fx = FixtureServer()
        self.token = token
        self.lock = threading.Lock()
        with open(fixture_path("api", "pagerduty-incidents.json"), encoding="utf-8") as f:
            self.reference = json.load(f)
        self.proto = self.reference["incidents"][0]
        self.incidents = {}            # id -> incident
        self.limited = 0               # 429s still to answer
        self.served_reference = False  # serve the reference body as it is for its service
        self.fx.route(r"/incidents", self._list)
        self.fx.route(r"/incidents/([A-Z0-9]+)", self._get)

    def requests(self, prefix="/incidents"):
        return self.fx.paths(prefix)

    def add(self, id, number, service, created, resolved=None, urgency="high", merged_into=None, status=None,
            resolved_field=True):
        inc = copy.deepcopy(self.proto)
        inc.update({"id": id, "incident_number": number, "summary": "[#%d] %s" % (number, inc["title"]),
                    "self": "https://api.pagerduty.com/incidents/%s" % id, "created_at": iso(created),
                    "updated_at": iso(resolved or created), "urgency": urgency})
        inc["service"] = dict(inc["service"], id=service, self="https://api.pagerduty.com/services/%s" % service)
        if resolved is not None:
            inc["status"] = status or "resolved"
            inc["resolved_at"] = iso(resolved) if resolved_field else None
            inc["last_status_change_at"] = iso(resolved)
        else:
            inc["status"] = status or "triggered"
            inc["resolved_at"] = None
            inc["last_status_change_at"] = iso(created)
        inc["resolve_reason"] = ({"type": "merge_resolve_reason",
                                  "incident": {"id": merged_into, "type": "incident_reference"}}
                                 if merged_into else None)
        inc["_t"] = created
        with self.lock:
            self.incidents[id] = inc
        return inc

    def bulk(self, service, n, start, step):
        """N small incidents of SERVICE created every STEP seconds from START, resolved a minute later."""
        with self.lock:
            for k in range(n):
                t = start + k * step
                id = "PB%07d" % k
                self.incidents[id] = {"id": id, "type": "incident", "incident_number": 100000 + k, "status": "resolved",
                                      "created_at": iso(t), "resolved_at": iso(t + 60),
                                      "last_status_change_at": iso(t + 60), "urgency": "high",
                                      "service": {"id": service, "type": "service_reference"},
                                      "resolve_reason": None, "_t": t}

    def resolve(self, id, at):
        with self.lock:
            inc = self.incidents[id]
            inc.update({"status": "resolved", "resolved_at": iso(at), "last_status_change_at": iso(at),
                        "updated_at": iso(at)})

    def rate_limit(self, n):
        with self.lock:
            self.limited += n

    # ---- routes -------------------------------------------------------------------------------
    def _check(self, req):
        if req.headers.get("authorization") != "Token token=" + self.token:
            return Reply(401, {"error": {"message": "Unauthorized", "code": 2006}})
        with self.lock:
            if self.limited:
                self.limited -= 1
                return Reply(429, {"error": {"message": "Rate Limit Exceeded", "code": 2020}},
                             {"ratelimit-limit": "960", "ratelimit-remaining": "0", "ratelimit-reset": "2"})
        return None

    @staticmethod
    def _error(message, code=2001):
        return Reply(400, {"error": {"message": "Invalid Input Provided", "code": code, "errors": [message]}})

    def _list(self, req, m):
        bad = self._check(req)
        if bad:
            return bad
        try:
            limit = int(req.arg("limit", "25"))
            offset = int(req.arg("offset", "0"))
        except ValueError:
            return self._error("limit and offset must be integers")
        if limit > 100:
            limit = 100
        if offset + limit > 10000:
            return self._error("Offset must be less than 10000 minus the limit.", 2001)
        if req.arg("time_zone") != "UTC":
            return self._error("idpmetrics always asks for time_zone=UTC (the account's zone would apply)")
        # without since/until PagerDuty answers the last month
        until = epoch(req.arg("until")) if req.arg("until") else int(time.time())
        since = epoch(req.arg("since")) if req.arg("since") else until - 30 * 86400
        if until - since > 180 * 86400 + 86400:
            return self._error("The maximum range is 6 months.")
        services = set(req.query.get("service_ids[]", []))
        urgencies = set(req.query.get("urgencies[]", []))
        with self.lock:
            rows = sorted((i for i in self.incidents.values()
                           if (not services or i["service"]["id"] in services)
                           and (not urgencies or i["urgency"] in urgencies)
                           and since <= i["_t"] < until),
                          key=lambda i: (i["_t"], i["id"]))
            page = [self._served(i) for i in rows[offset:offset + limit]]
        return Reply(200, {"incidents": page, "limit": limit, "offset": offset, "more": offset + limit < len(rows),
                           "total": None})

    @staticmethod
    def _served(inc):
        return {k: copy.deepcopy(v) for k, v in inc.items() if not k.startswith("_")}

    def _get(self, req, m):
        bad = self._check(req)
        if bad:
            return bad
        with self.lock:
            inc = self.incidents.get(m.group(1))
            if inc is None:
                return Reply(404, {"error": {"message": "Not Found", "code": 2100}})
            return Reply(200, {"incident": self._served(inc)})
