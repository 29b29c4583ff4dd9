"""Logging a verified resident in, and knowing later whether they have protected identity.

The protected-identity flag lives in the signed session ticket (plone.session's
user data) and in the REST token, never in the ZODB: it holds for this login only.
"""

import binascii

import jwt
from plone import api
from Products.PlonePAS.events import UserLoggedInEvent
from zope.event import notify

PROTECTED = "protected-identity"


def log_in(user_id, request, protected):
    """Set Plone's session cookie; return a plone.restapi token for headless clients."""
    pas = api.portal.get_tool("acl_users")
    pas.session._setupSession(
        user_id, request.response, user_data=PROTECTED if protected else ""
    )
    notify(UserLoggedInEvent(api.user.get(userid=user_id).getUser()))
    jwt_plugin = getattr(pas, "jwt_auth", None)
    if jwt_plugin is None:
        return None
    return jwt_plugin.create_token(user_id, data={"protectedIdentity": protected})


def has_protected_identity(request):
    """True when this login came with protected identity (or its status is unknown)."""
    pas = api.portal.get_tool("acl_users")
    session = pas.session
    cookie = request.cookies.get(session.getProperty("cookie_name"))
    if cookie:
        try:
            ticket = session._validateTicket(binascii.a2b_base64(cookie))
        except (binascii.Error, ValueError):
            ticket = None
        if ticket is not None:
            return ticket[3] == PROTECTED
    return _token_claim(request, pas)


def _token_claim(request, pas):
    auth = request.getHeader("Authorization") or ""
    jwt_plugin = getattr(pas, "jwt_auth", None)
    if not auth.lower().startswith("bearer ") or jwt_plugin is None:
        return False
    try:
        claims = jwt.decode(
            auth[7:], jwt_plugin._signing_secret(), algorithms=["HS256"]
        )
    except jwt.InvalidTokenError:
        return False
    return bool(claims.get("protectedIdentity"))
