"""Addresses of the resident's pages, in one place."""

from urllib.parse import quote

from Acquisition import aq_chain
from plone import api

from atvidaberg.etjanster.cases.start import eservice_of

MINA_SIDOR = "mina-sidor"


def step_url(case, step_id=None):
    base = f"{case.absolute_url()}/@@steg"
    return base if step_id is None else f"{base}/{quote(step_id, safe='')}"


def review_url(case):
    return f"{case.absolute_url()}/@@granska"


def confirmation_url(case):
    return f"{case.absolute_url()}/@@bekraftelse"


def saved_url(case, step_id):
    return f"{case.absolute_url()}/@@sparat?steg={quote(step_id, safe='')}"


def sign_url(case):
    return f"{case.absolute_url()}/@@signera"


def receipt_url(case):
    return f"{case.absolute_url()}/@@receipt"


def mina_sidor_url(case):
    """Mina sidor of the e-service's portal (the site's, when there is none)."""
    eservice = eservice_of(case)
    chain = aq_chain(eservice) if eservice is not None else ()
    portal = next(
        (obj for obj in chain if getattr(obj, "portal_type", None) == "EServicePortal"),
        None,
    )
    base = portal if portal is not None else api.portal.get()
    return f"{base.absolute_url()}/{MINA_SIDOR}"
