"""Limits on what a request may carry, checked once, before any service reads it.

A JSON body nested deeper than ``MAX_JSON_DEPTH`` is refused when traversal enters
the site (``check_json_body``), before a parser recurses until Python gives up
(RecursionError, a 500); paging parameters (``b_start``, ``b_size``) of every REST
request, the add-on's services and plone.restapi's alike, must be whole numbers
within ``PAGING`` (``check_rest_paging``), so that no batch is built for a page
that cannot exist (MemoryError). Both answer 400 with a Swedish message in the REST
API's error format (``services.errors.error``). Bodies that are not JSON
at all are left to the service: it knows what it expected.

The bounds are documented in docs/integrators.md ("Limits on input").
"""

import itertools
import json
import re
from dataclasses import dataclass

from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from Products.CMFCore.interfaces import ISiteRoot
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zope.component import adapter
from zope.traversing.interfaces import IBeforeTraverseEvent
from ZPublisher.interfaces import IPubAfterTraversal

from atvidaberg.etjanster import _
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.services.errors import error

MAX_JSON_DEPTH = 64
SEARCHES = frozenset({"@search", "@querystring-search"})


@dataclass(frozen=True)
class Bounds:
    minimum: int
    maximum: int


# b_size: plone.restapi's default page is 25; a page of 1,000 is a few MB of JSON.
# b_start: far beyond any listing of the portal (100,000 cases is the benchmark).
PAGING = {"b_start": Bounds(0, 1_000_000), "b_size": Bounds(1, 1000)}

# Bodies of these types are forms or files, never parsed as JSON.
NOT_JSON = ("multipart/", "application/x-www-form-urlencoded", "application/offset+")

_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
PREFIX = 100_000  # brackets counted one by one before the rounds
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class BadInput(BadRequest):
    """A request the portal refuses before reading it: answered 400 with ``message``
    (a message id of the add-on) and ``code``, in the REST API's error format."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def nested_deeper(body, limit):
    """Whether the JSON text ``body`` (bytes) nests arrays and objects more than
    ``limit`` levels deep, found without parsing it. Brackets inside strings do not
    count. Every step is a bytes method, run in C: a body of ten million brackets
    takes well under a second."""
    if body.count(b"[") + body.count(b"{") <= limit:  # most bodies: at once
        return False
    # Escapes first, pairs from the left as JSON reads them ("\\\\" then "\\""): what
    # is left between two quotes is a string, every other piece is outside one.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[0::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    # An attack nests from the start: count the first levels, stopping at too many.
    if _deeper(brackets[:PREFIX], limit):
        return True
    # Take away the innermost pairs, level by level: brackets that are all gone
    # within ``limit`` rounds are balanced and nested no deeper.
    rest = brackets
    for _level in range(limit):
        shorter = rest.replace(b"[]", b"").replace(b"{}", b"")
        if not shorter:
            return False
        if len(shorter) == len(rest):
            break  # unbalanced: no JSON, but perhaps not deep either
        rest = shorter
    return _deeper(brackets, limit)


def _deeper(brackets, limit):
    """Count the levels, one bracket at a time, up to the first one too deep."""
    levels = itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets))
    return any(level > limit for level in levels)


def check_paging(form):
    """Refuse ``b_start`` and ``b_size`` unless each is one whole number in bounds."""
    for name, bounds in PAGING.items():
        if name not in form:
            continue
        value = form[name]
        if isinstance(value, int) and not isinstance(value, bool):
            number = value  # from a ":int" converter
        elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,10}", value.strip()):
            number = int(value)
        else:
            number = None
        if number is None or not bounds.minimum <= number <= bounds.maximum:
            raise BadInput(
                _(
                    "'${name}' must be a whole number from ${minimum} to ${maximum}.",
                    mapping={
                        "name": name,
                        "minimum": f"{bounds.minimum:,}".replace(",", " "),
                        "maximum": f"{bounds.maximum:,}".replace(",", " "),
                    },
                ),
                "bad_paging",
            )


def parsed_as_json(request):
    """Whether something may parse the body as JSON: plone.restapi's login plugin
    does for every "application/json" request, while authenticating (before
    traversal ends); REST services do whatever the body's declared type, and whatever
    the request's Accept says (``++api++`` marks a request as REST later, during
    traversal). So every body that may be JSON: declared as JSON, as text, or not
    declared at all. Files (``PUT`` of a blob, tus uploads) and forms are not."""
    if request.get("REQUEST_METHOD", "GET") in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = (request.getHeader("Content-Type") or "").lower().strip()
    if content_type.startswith(NOT_JSON):
        return False
    accept = (request.getHeader("Accept") or "").lower()
    return (
        not content_type
        or "json" in content_type
        or content_type.startswith("text/plain")
        or "application/json" in accept
    )


def check_body(request):
    body = request.get("BODY") or b""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    if nested_deeper(body, MAX_JSON_DEPTH):
        raise BadInput(
            _(
                "The request's JSON is nested more than ${depth} levels deep.",
                mapping={"depth": MAX_JSON_DEPTH},
            ),
            "too_deep",
        )


@adapter(ISiteRoot, IBeforeTraverseEvent)
def check_json_body(site, event):
    """Refuse a JSON body nested too deeply, before anything parses it.

    When traversal enters the Plone site: the body has been read (which it has not
    at ``IPubStart``), and authentication, which parses JSON bodies, comes at the
    end of traversal. The add-on's browser layer may not be marked yet, so the
    limit holds for every Plone site of the Zope instance.
    """
    if parsed_as_json(event.request):
        check_body(event.request)


@adapter(IPubAfterTraversal)
def check_rest_paging(event):
    """Refuse paging parameters of a REST request that a batch must not see."""
    request = event.request
    if IAPIRequest.providedBy(request) and IBrowserLayer.providedBy(request):
        check_paging(request.form)


class BadInputView(BrowserView):
    """The answer to a BadInput, in the REST API's error format: the request was
    a REST request or sent JSON."""

    def __call__(self):
        refused = self.context
        answer = error(self.request, 400, "BadRequest", refused.message, refused.code)
        return _json(self.request, answer)


class ClientErrorView(BrowserView):
    """The answer to an exception that is always the client's mistake, raised by
    code the add-on does not own: 400 with ``message`` instead of a 500."""

    kind = "BadRequest"
    message = None  # a message id
    code = None

    def __call__(self):
        answer = error(self.request, 400, self.kind, self.message, self.code)
        return _json(self.request, answer)


class DeserializationErrorView(ClientErrorView):
    """plone.restapi's ``json_body`` raises DeserializationError for a body that is
    not a JSON object; services that do not catch it (``@workflow``, among others)
    would answer 500."""

    kind = "DeserializationError"
    message = _("Send the request's body as a JSON object.")
    code = "bad_json"


class QueryErrorView(ClientErrorView):
    """The catalog's full-text index cannot read some searches (only common words,
    bytes that are not UTF-8): plone.restapi's ``@search`` answered 500."""

    message = _("The search text cannot be searched for. Use other words.")
    code = "bad_query"


class SearchErrorView(ClientErrorView):
    """plone.restapi's ``@search`` and ``@querystring-search`` pass the client's
    query to the catalog, whose indexes raise ValueError or TypeError (or
    plone.restapi's QueryParsingError) for values they cannot use (``path.depth=x``,
    ``sort_limit=x``, a query that is not a list): 400. The same exceptions anywhere else are the portal's own errors, answered as
    plone.rest answers them."""

    message = _("The search cannot be run with these parameters.")
    code = "bad_query"

    def __call__(self):
        if SEARCHES.intersection(self.request.steps or ()):
            return super().__call__()
        return ErrorHandling(self.context, self.request)()


def _json(request, answer):
    response = request.response
    response.setHeader("Content-Type", "application/json")
    # Locked, as plone.rest's own error view does: nothing later may change it.
    response.setStatus(response.getStatus(), lock=1)
    response.setBody(json.dumps(answer, indent=2, sort_keys=True), lock=1)
    return None
