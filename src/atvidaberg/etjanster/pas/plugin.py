"""Residents as Plone members, keyed by a pseudonym of their personnummer.

The user id is a keyed HMAC of the personnummer, so it can be shown in URLs, logs and
the catalog without revealing who it is; the personnummer itself is kept only on this
plugin's user record. Residents are found by exact id only: the plugin never lists or
searches them, so Plone's user search cannot be used to browse the population.

Whether a resident has protected identity (sekretessmarkering, skyddad folkbokföring)
is a property of the user as PAS knows it (``protected_identity``), written on the
record from the person register's answer at every login. It is not a property of one
credential: a session cookie, a REST token and a renewed token all find the same user,
so protection holds however the resident authenticates. A record without the flag (one
written before the flag existed) counts as protected until the next login: unknown
fails closed.
"""

import hashlib
import hmac
import secrets

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from persistent.mapping import PersistentMapping
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.plugins import IRolesPlugin
from Products.PluggableAuthService.interfaces.plugins import IUserEnumerationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.interface import implementer

PLUGIN_ID = "etjanster_eid"
USER_ID_PREFIX = "eid-"
CREDENTIALS_SOURCE = "atvidaberg.etjanster.eid"
PROTECTED_PROPERTY = "protected_identity"


@implementer(
    IAuthenticationPlugin, IUserEnumerationPlugin, IPropertiesPlugin, IRolesPlugin
)
class EidPlugin(BasePlugin):
    meta_type = "Åtvidaberg e-legitimation"
    security = ClassSecurityInfo()

    def __init__(self, id=PLUGIN_ID, title="E-legitimation (BankID, Freja eID+)"):
        self._setId(id)
        self.title = title
        self._secret = secrets.token_bytes(32)
        self._users = OOBTree()

    # The pseudonym -------------------------------------------------------------

    def user_id_for(self, personal_number):
        digest = hmac.new(self._secret, personal_number.encode(), hashlib.sha256)
        return USER_ID_PREFIX + digest.hexdigest()[:32]

    security.declarePrivate("remember")

    def remember(self, personal_number, fullname="", protected=True):
        """Create or update the resident's record; return the user id.

        ``protected`` is the person register's answer at this login (True when the
        register could not answer). It replaces the one of the last login: a person
        whose protection ended is no longer protected, and one who got it is, in every
        session they have open.
        """
        user_id = self.user_id_for(personal_number)
        record = self._users.get(user_id)
        if record is None:
            record = self._users[user_id] = PersistentMapping(
                personal_number=personal_number, created=DateTime()
            )
        if record.get("fullname") != fullname:
            record["fullname"] = fullname
        if record.get(PROTECTED_PROPERTY) is not bool(protected):
            record[PROTECTED_PROPERTY] = bool(protected)
        return user_id

    security.declarePrivate("is_protected")

    def is_protected(self, user_id):
        """True, False, or None for a user who is not a resident of this plugin.

        A record that does not say (written before the flag existed) is protected.
        """
        record = self._users.get(user_id)
        if record is None:
            return None
        return record.get(PROTECTED_PROPERTY, True) is not False

    security.declarePrivate("personal_number")

    def personal_number(self, user_id):
        record = self._users.get(user_id)
        return record["personal_number"] if record is not None else None

    security.declarePrivate("forget")

    def forget(self, user_id):
        self._users.pop(user_id, None)

    # IAuthenticationPlugin: credentials come only from this add-on's login ---------

    security.declarePrivate("authenticateCredentials")

    def authenticateCredentials(self, credentials):
        if credentials.get("source") != CREDENTIALS_SOURCE:
            return None
        user_id = credentials.get("user_id")
        if user_id in self._users:
            return user_id, user_id
        return None

    # IUserEnumerationPlugin -------------------------------------------------------

    security.declarePrivate("enumerateUsers")

    def enumerateUsers(
        self,
        id=None,
        login=None,
        exact_match=False,
        sort_by=None,
        max_results=None,
        **kw,
    ):
        wanted = id or login
        if isinstance(wanted, (list, tuple)):
            candidates = wanted
        elif wanted:
            candidates = [wanted]
        else:
            return ()
        return tuple(
            {"id": user_id, "login": user_id, "pluginid": self.getId()}
            for user_id in candidates
            if isinstance(user_id, str) and user_id in self._users
        )

    # IPropertiesPlugin --------------------------------------------------------------

    security.declarePrivate("getPropertiesForUser")

    def getPropertiesForUser(self, user, request=None):
        record = self._users.get(user.getId())
        if record is None:
            return {}
        return {
            "fullname": record.get("fullname", ""),
            PROTECTED_PROPERTY: self.is_protected(user.getId()),
        }

    # IRolesPlugin: a resident is a member of the portal, nothing more -------------

    security.declarePrivate("getRolesForPrincipal")

    def getRolesForPrincipal(self, principal, request=None):
        return ("Member",) if principal.getId() in self._users else ()


InitializeClass(EidPlugin)
