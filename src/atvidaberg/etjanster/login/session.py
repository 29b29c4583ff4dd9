"""Logging a verified resident in, and knowing later how: eID method, protected identity.

Both facts live in the signed session ticket (plone.session's user data, as words:
``"bankid protected-identity"``) and in the REST token's claims, never in the ZODB:
they hold for this login only.
"""

import binascii

import jwt
from plone import api
from Products.PlonePAS.events import UserLoggedInEvent
from zope.event import notify

PROTECTED = "protected-identity"
PROVIDERS = ("bankid", "freja")


def log_in(user_id, request, protected, provider=None):
    """Set Plone's session cookie; return a plone.restapi token for headless clients."""
    pas = api.portal.get_tool("acl_users")
    words = [word for word in (provider, PROTECTED if protected else None) if word]
    pas.session._setupSession(user_id, request.response, user_data=" ".join(words))
    notify(UserLoggedInEvent(api.user.get(userid=user_id).getUser()))
    jwt_plugin = getattr(pas, "jwt_auth", None)
    if jwt_plugin is None:
        return None
    return jwt_plugin.create_token(
        user_id, data={"protectedIdentity": protected, "eid": provider}
    )


def has_protected_identity(request):
    """True when this login came with protected identity (or its status is unknown)."""
    words = _ticket_words(request)
    if words is not None:
        return PROTECTED in words
    return bool(_token_claims(request).get("protectedIdentity"))


def login_provider(request):
    """The e-legitimation this resident logged in with ("bankid", "freja"), or None."""
    words = _ticket_words(request)
    if words is None:
        words = [_token_claims(request).get("eid")]
    return next((word for word in words if word in PROVIDERS), None)


def _ticket_words(request):
    session = api.portal.get_tool("acl_users").session
    cookie = request.cookies.get(session.getProperty("cookie_name"))
    if not cookie:
        return None
    try:
        ticket = session._validateTicket(binascii.a2b_base64(cookie))
    except (binascii.Error, ValueError):
        return None
    return None if ticket is None else ticket[3].split()


def _token_claims(request):
    pas = api.portal.get_tool("acl_users")
    auth = request.getHeader("Authorization") or ""
    jwt_plugin = getattr(pas, "jwt_auth", None)
    if not auth.lower().startswith("bearer ") or jwt_plugin is None:
        return {}
    try:
        return jwt.decode(auth[7:], jwt_plugin._signing_secret(), algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return {}
