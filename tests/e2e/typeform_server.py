"""A Typeform-shaped fixture server (Create and Responses APIs) on harness.FixtureServer.

It behaves like api.typeform.com where the collector can tell:

- Bearer personal access token, 401 otherwise ({"code": "AUTHENTICATION_FAILED", "description": ...}).
- GET /forms/{id}: the form definition.  tf.add_form(id, body) registers one; tf.nps_form(id)
  builds one from the real form fixtures/api/typeform-form.json with an 11-step opinion_scale
  starting at 0 (the NPS question, ref "nps"), a long_text comment question (ref "improve") and a
  hidden field "team" added; its own 0-5 and 1-10 scales stay.
- GET /forms/{id}/responses: page_size (default 25, at most 1000: 400 above), since/until
  (inclusive, ISO 8601 UTC to the second or Unix seconds) on submitted_at, completed=true (or
  response_type=completed) leaves out responses never submitted, before/after = a response token
  (exclusive; 400 with sort=), newest submitted first, {"total_items", "page_count", "items"}.
  Items are shaped like fixtures/api/typeform-responses.json (landing_id, token, landed_at,
  submitted_at, metadata, answers with field {id, type, ref}, hidden, calculated); a response never
  submitted has submitted_at 0001-01-01T00:00:00Z and answers null.
- tf.responses_of(id) lists every request's query for the tests (tf.log).
"""
import calendar
import copy
import json
import math
import time

from harness import FixtureServer, Reply, ServesThrough, fixture_path


def load(name):
    with open(fixture_path("api", name), encoding="utf-8") as f:
        return json.load(f)


FORM = load("typeform-form.json")
RESPONSES = load("typeform-responses.json")
ZERO = "0001-01-01T00:00:00Z"


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def parse_time(s):
    if s.isdigit():
        return int(s)
    s = s.rstrip("Z")
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%S"))


class TypeformServer(ServesThrough):
    def __init__(self, token="tfp_fixture_token_0123456789", server=None):
        self.fx = server or FixtureServer()
        self.token = token
        self.forms = {}                # id -> form body
        self.responses = {}            # id -> [response item]
        self.log = []                  # (path, query dict) of every request
        self.fx.route(r"/forms/([^/]+)", self._form)
        self.fx.route(r"/forms/([^/]+)/responses", self._responses)


    # ---- data ------------------------------------------------------------------------------
    def add_form(self, form_id, body):
        self.forms[form_id] = body
        self.responses.setdefault(form_id, [])

    def nps_form(self, form_id):
        form = copy.deepcopy(FORM)
        form["id"] = form_id
        form["title"] = "Developer experience survey"
        form["_links"]["responses"] = "%s/forms/%s/responses" % (self.base_url, form_id)
        form["fields"].insert(0, {"id": "NpS0to10aaaa", "title": "How likely are you to recommend the platform to a "
                                  "colleague?", "ref": "nps", "type": "opinion_scale",
                                  "properties": {"steps": 11, "start_at_one": False,
                                                 "labels": {"left": "Not likely", "right": "Very likely"}},
                                  "validations": {"required": False}})
        form["fields"].insert(1, {"id": "ImPrOvEbbbbb", "title": "What should the platform team improve?",
                                  "ref": "improve", "type": "long_text", "validations": {"required": False}})
        form["hidden"] = ["team"]
        self.add_form(form_id, form)
        return form

    def add_response(self, form_id, token, submitted, score=None, team=None, comment=None, name=None, email=None):
        """A submitted response (SUBMITTED Unix seconds) with the reference item's shape; NAME and EMAIL
        go into short_text and email answers that must never be stored."""
        item = copy.deepcopy(RESPONSES["items"][1])
        item["landing_id"] = item["token"] = token
        item["response_id"] = token
        item["landed_at"] = iso(submitted - 120)
        item["submitted_at"] = iso(submitted)
        answers = []
        if score is not None:
            answers.append({"field": {"id": "NpS0to10aaaa", "type": "opinion_scale", "ref": "nps"},
                            "type": "number", "number": score})
        if comment is not None:
            answers.append({"field": {"id": "ImPrOvEbbbbb", "type": "long_text", "ref": "improve"},
                            "type": "text", "text": comment})
        if name is not None:
            answers.append({"field": {"id": "uVd9KWczmiqY", "type": "short_text", "ref": "short-text-typeform"},
                            "type": "text", "text": name})
        if email is not None:
            answers.append({"field": {"id": "SMEUb7VJz92Q", "type": "email", "ref": "my_custom_email_reference"},
                            "type": "email", "email": email})
        item["answers"] = answers
        item["hidden"] = {"team": team} if team is not None else {}
        self.responses[form_id].append(item)
        return item

    def add_partial(self, form_id, token, landed):
        """A response started and never submitted, exactly like the reference body's fourth item."""
        item = copy.deepcopy(RESPONSES["items"][3])
        item["landing_id"] = item["token"] = token
        item["landed_at"] = iso(landed)
        self.responses[form_id].append(item)
        return item

    # ---- behaviour -------------------------------------------------------------------------
    def _authorised(self, req):
        return req.headers.get("authorization") == "Bearer " + self.token

    def _denied(self):
        return Reply(401, {"code": "AUTHENTICATION_FAILED", "description": "Authentication credentials not found on "
                           "the Request Headers"})

    def _form(self, req, m):
        self.log.append((req.path, dict(req.query)))
        if not self._authorised(req):
            return self._denied()
        form = self.forms.get(m.group(1))
        if form is None:
            return Reply(404, {"code": "FORM_NOT_FOUND", "description": "Non existing form with uid %s" % m.group(1)})
        return Reply(200, form)

    def _responses(self, req, m):
        self.log.append((req.path, dict(req.query)))
        if not self._authorised(req):
            return self._denied()
        if m.group(1) not in self.forms:
            return Reply(404, {"code": "FORM_NOT_FOUND", "description": "Non existing form with uid %s" % m.group(1)})
        size = int(req.arg("page_size", "25"))
        if size < 1 or size > 1000:
            return Reply(400, {"code": "VALIDATION_ERROR", "description": "page_size must be between 1 and 1000"})
        if (req.arg("before") or req.arg("after")) and req.arg("sort"):
            return Reply(400, {"code": "VALIDATION_ERROR", "description": "before/after cannot be used with sort"})
        items = list(self.responses[m.group(1)])
        completed = req.arg("completed") == "true" or req.arg("response_type", "completed") == "completed"
        if completed:
            items = [i for i in items if i["submitted_at"] != ZERO]
        key = (lambda i: i["submitted_at"]) if completed else (lambda i: i["landed_at"])
        if req.arg("since"):
            since = parse_time(req.arg("since"))
            items = [i for i in items if i["submitted_at"] != ZERO and parse_time(i["submitted_at"]) >= since]
        if req.arg("until"):
            until = parse_time(req.arg("until"))
            items = [i for i in items if i["submitted_at"] != ZERO and parse_time(i["submitted_at"]) <= until]
        items.sort(key=lambda i: (key(i), i["token"]), reverse=True)
        total = len(items)
        if req.arg("before"):
            at = next((k for k, i in enumerate(items) if i["token"] == req.arg("before")), None)
            if at is None:
                return Reply(400, {"code": "VALIDATION_ERROR", "description": "invalid before token"})
            items = items[at + 1:]
        if req.arg("after"):
            at = next((k for k, i in enumerate(items) if i["token"] == req.arg("after")), None)
            items = items[:at] if at is not None else []
        return Reply(200, {"total_items": total, "page_count": math.ceil(total / size) if total else 0,
                           "items": items[:size]})
