"""Property-based: no request to any REST endpoint the add-on adds answers 5xx.

Hypothesis makes the requests: sub-paths, query parameters (paging among them),
bodies of every kind (JSON of any shape, JSON shaped like what the services expect
with values of the wrong types, nesting far too deep, bytes that are no JSON at all,
multipart uploads), sent by an anonymous client, the resident who owns the case and
a case officer, to the live demo portal. The endpoints are every ``plone:service``
in ``services/**/configure.zcml`` (``helpers.registered_services``, the list the
documentation test uses): a new endpoint is fuzzed as soon as it is registered, or
this test says which context it needs.

Deterministic, so that it cannot make CI flaky: derandomized (the examples follow
from the test's code, not from a random seed), no example database, and a fixed
number of examples per endpoint (``EXAMPLES``), about a minute in all.
"""

import json
from urllib.parse import quote

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from rest_site import A_REPORT
from rest_site import BYGGLOV
from rest_site import OFFICER

from helpers import registered_services

EXAMPLES = 40  # per endpoint and method

# What each context interface of the add-on's services is, on the demo portal.
SITE = "plone.base.interfaces.IPloneSiteRoot"
ESERVICE = "atvidaberg.etjanster.content.eservice.IEService"
CASE = "atvidaberg.etjanster.cases.content.ICase"

FIELD_NAMES = [
    *A_REPORT,
    "fastighetsbeteckning",
    "atgard",
    "byggnadsarea",
    "byggnadshojd",
    "byggstart",
    "har_kontrollansvarig",
    "situationsplan",
    "applicant_name",
    "applicant_email",
]
KEYS = [
    "step",
    "data",
    "provider",
    "device",
    "transaction",
    "cameFrom",
    "text",
    "internal",
    "request_completion",
    "user",
    "field",
]
PARAMETERS = [
    "b_start",
    "b_size",
    "status",
    "sort_order",
    "review_state",
    "unit",
    "eservice",
    "assignee",
    "field",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["felet", "fastighet", "bankid", "freja", "other", "Rivning"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
shaped = st.fixed_dictionaries(
    {},
    optional={
        **dict.fromkeys(KEYS, json_values),
        "step": st.sampled_from(["felet", "fastighet", "byggnaden", "bilagor"])
        | json_values,
        "data": st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=4)
        | json_values,
    },
)


@st.composite
def bodies(draw):
    """(content type, body bytes or None, multipart files or None)."""
    kind = draw(st.sampled_from(["none", "json", "shaped", "deep", "bytes", "upload"]))
    json_type = draw(st.sampled_from(["application/json", "text/plain", None]))
    if kind == "none":
        return json_type, None, None
    if kind == "json":
        return json_type, json.dumps(draw(json_values)).encode(), None
    if kind == "shaped":
        return json_type, json.dumps(draw(shaped)).encode(), None
    if kind == "deep":
        # Python's JSON parser gives up at about 1,000 levels.
        depth = draw(
            st.sampled_from([65, 1_000, 100_000])
            | st.integers(min_value=60, max_value=5000)
        )
        opener = draw(st.sampled_from(["[", '{"data":']))
        closer = "]" if opener == "[" else "}"
        return json_type, (opener * depth + closer * depth).encode(), None
    if kind == "bytes":
        raw = draw(st.binary(max_size=64))
        content_type = draw(
            st.sampled_from(
                [json_type, "multipart/form-data; boundary=x", "application/xml"]
            )
        )
        return content_type, raw, None
    name = draw(st.text(max_size=12))
    files = {"file": (name, draw(st.binary(max_size=256)), "application/pdf")}
    return None, None, files


segments = st.text(max_size=10).map(lambda text: quote(text, safe=""))
subpaths = st.lists(
    st.sampled_from(["start", "collect", "cancel"]) | segments, min_size=1, max_size=2
)
# Values known to have broken a listing, besides any text.
paging = st.sampled_from(["-1", "0", "1.5", "x", "99999999999", "1000001", "1000"])
requests_ = st.fixed_dictionaries(
    {
        "who": st.sampled_from(["anonymous", "resident", "officer"]),
        "case": st.sampled_from(["draft", "submitted"]),
        # Most endpoints take no sub-path: about one request in five has one.
        "subpath": st.integers(min_value=0, max_value=4).flatmap(
            lambda n: st.just([]) if n else subpaths
        ),
        "params": st.dictionaries(
            st.sampled_from(PARAMETERS) | st.text(max_size=6),
            paging | st.text(max_size=12) | st.integers().map(str),
            max_size=3,
        ),
        "body": bodies(),
    }
)


def test_no_request_to_any_endpoint_answers_5xx(demo_site):
    resident = demo_site.resident()
    cases = {
        "draft": demo_site.draft(resident),
        "submitted": demo_site.submitted_report(resident),
    }
    clients = {
        "anonymous": demo_site.anonymous(),
        "resident": resident,
        "officer": demo_site.staff(*OFFICER),
    }
    contexts = {SITE: lambda case: "", ESERVICE: lambda case: BYGGLOV, CASE: None}
    endpoints = registered_services()
    unknown = {e.context for e in endpoints} - set(contexts)
    assert not unknown, f"Give the fuzz test a context on the demo portal: {unknown}"

    def fuzz(endpoint):
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(requests_)
        def answers_below_500(request):
            case = request["case"]
            context = cases[case] if endpoint.context == CASE else None
            base = context or demo_site.url + contexts[endpoint.context](case)
            url = "/".join([base, endpoint.name, *request["subpath"]])
            content_type, content, files = request["body"]
            headers = {"Content-Type": content_type} if content_type else {}
            answer = clients[request["who"]].request(
                endpoint.method,
                url,
                params=request["params"],
                content=content,
                files=files,
                headers=headers,
            )
            assert answer.status_code < 500, (
                endpoint,
                request,
                answer.status_code,
                answer.text[:500],
            )
            if answer.status_code >= 400:
                assert answer.headers["content-type"].startswith("application/json")

        return answers_below_500

    for endpoint in endpoints:
        fuzz(endpoint)()
