"""Choices for communicators; the lists themselves live in the control panel."""

from functools import lru_cache

from plone import api
from plone.i18n.normalizer.interfaces import IIDNormalizer
from zope.component import getUtility
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.eservice import AUDIENCE_ELECTED_OFFICIALS
from atvidaberg.etjanster.content.eservice import AUDIENCE_EMPLOYEES
from atvidaberg.etjanster.content.eservice import AUDIENCE_EVERYONE
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX


@lru_cache(maxsize=1024)
def token_for(value: str) -> str:
    """A readable, URL-safe token: "Bygga, bo och miljö" → "bygga-bo-och-miljo".

    Kept per value: the e-service's REST answer and the catalog page asked for the
    same dozen tokens on every request (issue 11).
    """
    return getUtility(IIDNormalizer).normalize(value)


def _vocabulary(names, current):
    return _vocabulary_of(tuple(names or ()), current)


@lru_cache(maxsize=256)
def _vocabulary_of(names: tuple, current: str | None) -> SimpleVocabulary:
    """Built once per list and current value: a REST GET of an e-service binds two of
    these, every request (issue 11). The terms are not changed by their users."""
    values = list(names)
    if current and current not in values:
        values.append(current)
    terms, tokens = [], set()
    for value in values:
        token = token_for(value)
        while token in tokens:
            token += "-1"
        tokens.add(token)
        terms.append(SimpleTerm(value=value, token=token, title=value))
    return SimpleVocabulary(terms)


def _record(name):
    return api.portal.get_registry_record(f"{REGISTRY_PREFIX}.{name}", default=None)


@provider(IVocabularyFactory)
def categories(context):
    return _vocabulary(_record("categories"), getattr(context, "category", None))


@provider(IVocabularyFactory)
def units(context):
    return _vocabulary(_record("units"), getattr(context, "responsible_unit", None))


@provider(IVocabularyFactory)
def audiences(context):
    return SimpleVocabulary(
        [
            SimpleTerm(AUDIENCE_EVERYONE, AUDIENCE_EVERYONE, _("Everyone")),
            SimpleTerm(AUDIENCE_EMPLOYEES, AUDIENCE_EMPLOYEES, _("Employees")),
            SimpleTerm(
                AUDIENCE_ELECTED_OFFICIALS,
                AUDIENCE_ELECTED_OFFICIALS,
                _("Elected officials"),
            ),
        ]
    )


@provider(IVocabularyFactory)
def eid_methods(context):
    from atvidaberg.etjanster.login.settings import METHOD_BANKID_OTHER
    from atvidaberg.etjanster.login.settings import METHOD_BANKID_SAME
    from atvidaberg.etjanster.login.settings import METHOD_FREJA

    return SimpleVocabulary(
        [
            SimpleTerm(
                METHOD_BANKID_SAME, METHOD_BANKID_SAME, _("BankID on this device")
            ),
            SimpleTerm(
                METHOD_BANKID_OTHER, METHOD_BANKID_OTHER, _("BankID on another device")
            ),
            SimpleTerm(METHOD_FREJA, METHOD_FREJA, _("Freja eID+")),
        ]
    )


@provider(IVocabularyFactory)
def attachment_types(context):
    from atvidaberg.etjanster.attachments.types import KNOWN
    from atvidaberg.etjanster.attachments.validation import ALLOWED_DEFAULT

    return SimpleVocabulary(
        [SimpleTerm(key, key, KNOWN[key].label) for key in sorted(ALLOWED_DEFAULT)]
    )
