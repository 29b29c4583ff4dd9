"""Logging a verified resident in, and knowing later who: eID method, protected identity.

Protected identity is a property of the user as PAS knows it (``protected_identity``,
from the e-legitimation plugin's record, written at each login from the person
register's answer; see ``pas.plugin``). It is deliberately not read from a credential:
a cookie, a REST token, a renewed token and any login method added later all
authenticate the same user, and so all carry the protection. (Reading it from the
token's claims once failed: Zope moves the Authorization header out of the headers.)

The e-legitimation used ("bankid", "freja") is a fact of one login: it lives in the
signed session ticket (plone.session's user data) and the REST token's claims.
"""

import binascii
import secrets

import jwt
from Acquisition import aq_base
from plone import api
from Products.PlonePAS.events import UserLoggedInEvent
from zope.event import notify

from atvidaberg.etjanster.login.lifetime import forget_expired_tokens
from atvidaberg.etjanster.login.lifetime import token_lifetime
from atvidaberg.etjanster.pas.plugin import PROTECTED_PROPERTY
from atvidaberg.etjanster.traffic.request import bearer_token

PROVIDERS = ("bankid", "freja")


def log_in(user_id, request, protected, provider=None):
    """Set Plone's session cookie; return a plone.restapi token for headless clients.

    The token lives as long as a session without activity (``login.lifetime``).

    ``protected`` goes into the token's claims only to tell the client; the portal
    reads it from the user (``has_protected_identity``), never from the token.
    """
    pas = api.portal.get_tool("acl_users")
    pas.session._setupSession(user_id, request.response, user_data=provider or "")
    notify(UserLoggedInEvent(api.user.get(userid=user_id).getUser()))
    jwt_plugin = getattr(pas, "jwt_auth", None)
    if jwt_plugin is None:
        return None
    return _resident_token(jwt_plugin, user_id, protected, provider)


def renew_token(user_id, request):
    """A resident's token for the one this request came with (``@login-renew``).

    The new token lives as long as the first, keeps which e-legitimation was used and
    says the user's protection as it is now. The old token is retired.
    """
    jwt_plugin = api.portal.get_tool("acl_users").jwt_auth
    claims = _token_claims(request)
    token = _resident_token(
        jwt_plugin,
        user_id,
        has_protected_identity(api.user.get(userid=user_id)),
        claims.get("eid"),
    )
    old = bearer_token(request)
    if jwt_plugin.store_tokens and old is not None:
        jwt_plugin.delete_token(old)
    return token


def _resident_token(jwt_plugin, user_id, protected, provider):
    forget_expired_tokens(jwt_plugin, user_id)
    # ``jti`` makes every token unique: a token renewed within the second it was
    # issued would otherwise be the same string, and retiring the old one would
    # retire it.
    return jwt_plugin.create_token(
        user_id,
        timeout=token_lifetime(),
        data={
            "protectedIdentity": protected,
            "eid": provider,
            "jti": secrets.token_urlsafe(12),
        },
    )


def has_protected_identity(user=None):
    """True when PAS knows ``user`` (the current user) as having protected identity.

    Asked of the user's property sheets, so that any PAS plugin that knows residents
    can say it. A resident of the e-legitimation plugin whose record does not say is
    protected (``EidPlugin.is_protected``). A user no plugin says it of (an employee's
    password account, anonymous) has no register data for the portal to protect, and
    is not protected.
    """
    if user is None:
        if api.user.is_anonymous():
            return False
        user = api.user.get_current()
    if not hasattr(aq_base(user), "getOrderedPropertySheets"):  # MemberData
        user = user.getUser() if hasattr(aq_base(user), "getUser") else None
    for sheet in getattr(user, "getOrderedPropertySheets", tuple)():
        if sheet.hasProperty(PROTECTED_PROPERTY):
            value = sheet.getProperty(PROTECTED_PROPERTY)
            return value is not False
    return False


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
    token = bearer_token(request)
    jwt_plugin = getattr(pas, "jwt_auth", None)
    if token is None or jwt_plugin is None:
        return {}
    try:
        return jwt.decode(token, jwt_plugin._signing_secret(), algorithms=["HS256"])
    except jwt.InvalidTokenError:
        return {}
