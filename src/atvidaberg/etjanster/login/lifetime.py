"""How long a login lasts and how it ends: idle timeout, Secure cookie, server-side logout.

Plone's session cookie (``__ac``, plone.session) and plone.restapi's tokens are set up
here as a public service needs them:

- **Idle timeout.** plone.session's ``timeout`` is the ticket's lifetime since it was
  signed; the add-on signs the ticket afresh on a request made with it once it is
  ``REFRESH_AFTER_SECONDS`` old, so the lifetime becomes the time without a request.
  The value is the setting ``session_idle_minutes`` (``IEidSettings``), copied to the
  plugin when installed and whenever the setting is saved. Residents' REST tokens from
  ``@eid/collect`` live as long (``token_lifetime``).
- **Secure.** ``__ac`` gets the ``Secure`` flag whenever the request came over HTTPS
  (``is_https``: the site's URL, as Zope or the VirtualHostMonster sees it, or a
  proxy's ``X-Forwarded-Proto: https``), as the eID binding cookie does. plone.session
  would set it only from its ``secure`` property, the same for every request.
- **Logout ends the session on the server.** plone.session's per-user keyrings: a
  ticket is signed with a secret of its user, which logging out (``/logout``, and
  ``@logout``, which logs out of Plone too) replaces, so a copied cookie stops working.
  This ends the user's other sessions too (another browser). plone.restapi's
  ``store_tokens``: tokens are kept, ``@logout`` forgets the one it was sent with, and
  only kept tokens are accepted.
"""

import binascii
import logging
import time

from AccessControl import getSecurityManager
from BTrees.OOBTree import OOBTree
from plone import api
from plone.keyring.interfaces import IKeyManager
from plone.protect.utils import safeWrite
from zope.component import queryUtility
from zope.component.hooks import getSite
from zope.globalrequest import getRequest

from atvidaberg.etjanster.login.settings import EID_PREFIX

logger = logging.getLogger(__name__)

IDLE_RECORD = f"{EID_PREFIX}.session_idle_minutes"
DEFAULT_IDLE_MINUTES = 30
# A ticket is signed afresh at most once a minute: the idle timeout is exact to a
# minute, and a busy page does not get a new cookie with every request.
REFRESH_AFTER_SECONDS = 60


def idle_seconds():
    minutes = api.portal.get_registry_record(IDLE_RECORD, default=None)
    return 60 * (minutes or DEFAULT_IDLE_MINUTES)


def token_lifetime():
    """Seconds a resident's REST token lives: the idle timeout (renew to go on)."""
    return idle_seconds()


def is_https(request):
    """Whether the visitor reached the portal over HTTPS.

    The site's URL says it when Zope serves HTTPS or a proxy rewrites to a
    VirtualHostMonster ``https`` URL; a proxy that ends TLS and says so in
    ``X-Forwarded-Proto`` is believed too: the answer only ever adds ``Secure``, which
    a visitor on plain HTTP can only use against themselves.
    """
    if request.get("SERVER_URL", "").startswith("https:"):
        return True
    forwarded = request.getHeader("X-Forwarded-Proto") or ""
    return forwarded.split(",")[0].strip().lower() == "https"


def _session_plugin(site=None):
    site = site if site is not None else getSite()
    pas = getattr(site, "acl_users", None)
    plugin = getattr(pas, "session", None) if pas is not None else None
    return (
        plugin if getattr(plugin, "meta_type", "") == "Plone Session Plugin" else None
    )


def _jwt_plugin(site=None):
    site = site if site is not None else getSite()
    pas = getattr(site, "acl_users", None)
    return getattr(pas, "jwt_auth", None) if pas is not None else None


def configure_sessions(site=None, end_old_sessions=False):
    """Set plone.session and plone.restapi's token plugin up as the module says.

    At install, and for an upgrade step of a site installed before. Turning on
    per-user keyrings on a site that had them off must end every session signed with
    the shared secret (``end_old_sessions``): plone.session cannot log such a session
    out (it finds no keyring of the user). Its users, and holders of REST tokens,
    log in again.
    """
    site = site if site is not None else api.portal.get()
    session = _session_plugin(site)
    if session is not None:
        was_on = session.getProperty("per_user_keyring")
        session.per_user_keyring = True
        session.timeout = idle_seconds()
        if end_old_sessions and not was_on:
            manager = queryUtility(IKeyManager)
            manager.clear(ring="_system")
            manager.rotate(ring="_system")
    jwt_plugin = _jwt_plugin(site)
    if jwt_plugin is not None and not jwt_plugin.store_tokens:
        jwt_plugin.store_tokens = True
        if jwt_plugin._tokens is None:
            jwt_plugin._tokens = OOBTree()


def idle_setting_changed(event):
    """The control panel saved the idle timeout: the session plugin follows."""
    if event.record.__name__ != IDLE_RECORD:
        return
    session = _session_plugin()
    if session is not None:
        session.timeout = idle_seconds()


def forget_expired_tokens(jwt_plugin, user_id, now=None):
    """Drop ``user_id``'s kept tokens that have expired (they pile up otherwise)."""
    kept = (getattr(jwt_plugin, "_tokens", None) or {}).get(user_id)
    if not kept:
        return
    now = now or time.time()
    oldest = now - max(jwt_plugin.token_timeout, token_lifetime())
    for token, created in list(kept.items()):
        if created < oldest:
            del kept[token]


# Publisher events ---------------------------------------------------------------


def refresh_idle_session(event):
    """Sign the session ticket afresh when a request comes with one a minute old.

    Only the ticket that authenticated this request, and only when its user's keyring
    exists (creating one would write to the ZODB on a GET).
    """
    request = event.request
    session = _session_plugin()
    if session is None:
        return
    cookie = request.cookies.get(session.getProperty("cookie_name"))
    if not cookie:
        return
    try:
        ticket = binascii.a2b_base64(cookie)
    except (binascii.Error, ValueError):
        return
    data = session._validateTicket(ticket)
    if data is None:
        return
    _digest, user_id, tokens, user_data, signed_at = data
    if time.time() - signed_at < REFRESH_AFTER_SECONDS:
        return
    if getSecurityManager().getUser().getId() != user_id:
        return
    manager = queryUtility(IKeyManager)
    if session.getProperty("per_user_keyring") and (
        manager is None or session._getSecretKey(user_id) not in manager
    ):
        return
    session._setupSession(user_id, request.response, tokens, user_data)


def logged_out(event):
    """Let the logout's writes through plone.protect: ``/logout`` is a GET.

    plone.session has just replaced the user's keyring; plone.protect would otherwise
    take that for a write forged on a GET, ask to confirm, and undo it.
    """
    session = _session_plugin()
    manager = queryUtility(IKeyManager)
    if session is None or manager is None:
        return
    request = getRequest()
    user_id = event.object.getId()
    key = session._getSecretKey(user_id)
    if key in manager:
        safeWrite(manager[key], request)
    # plone.restapi's @logout has just forgotten the token, on a request without
    # plone.protect's authenticator (it has a token instead).
    kept = getattr(_jwt_plugin(), "_tokens", None)
    if kept is not None and user_id in kept:
        safeWrite(kept[user_id], request)


def secure_session_cookie(event):
    """``Secure`` on the session cookie set by this response, if it came over HTTPS."""
    request = event.request
    session = _session_plugin()
    if session is None or not is_https(request):
        return
    cookie = request.response.cookies.get(session.getProperty("cookie_name"))
    if cookie is not None:
        cookie["secure"] = True
