"""Addresses of a case's pages, in one place.

The resident's flow (``flow/``), Mina sidor (``minasidor/``), the officers' pages and
the mails all link to the same pages; the builders live here, below all of them, so
that no page package has to import another for an address.
"""

from urllib.parse import quote

from Acquisition import aq_chain
from plone import api

from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import eservice_of

MINA_SIDOR = "mina-sidor"
CASE_PAGE = "mitt-arende"
REMOVE_DRAFT = "ta-bort"


def step_url(case: Case, step_id: str | None = None) -> str:
    base = f"{case.absolute_url()}/@@steg"
    return base if step_id is None else f"{base}/{quote(step_id, safe='')}"


def review_url(case: Case) -> str:
    return f"{case.absolute_url()}/@@granska"


def confirmation_url(case: Case) -> str:
    return f"{case.absolute_url()}/@@bekraftelse"


def saved_url(case: Case, step_id: str) -> str:
    return f"{case.absolute_url()}/@@sparat?steg={quote(step_id, safe='')}"


def sign_url(case: Case) -> str:
    return f"{case.absolute_url()}/@@signera"


def receipt_url(case: Case) -> str:
    return f"{case.absolute_url()}/@@receipt"


def case_page_url(case_url: str) -> str:
    """The resident's page of a sent-in case (``case_url`` from an object or a brain)."""
    return f"{case_url}/@@{CASE_PAGE}"


def remove_url(case_url: str) -> str:
    """Where the resident confirms that a draft is to be deleted."""
    return f"{case_url}/@@{REMOVE_DRAFT}"


def attachment_url(case_url: str, attachment_id: str) -> str:
    """A file attached to the application (downloaded through ``browser.download``)."""
    return f"{case_url}/@@attachment/{attachment_id}"


def message_file_url(case_url: str, file_id: str) -> str:
    """A file sent with a message (downloaded through ``browser.download``)."""
    return f"{case_url}/@@message-file/{file_id}"


def mina_sidor_url(case: Case) -> str:
    """Where the resident follows the case: Mina sidor of the e-service's portal."""
    eservice = eservice_of(case)
    portal = next(
        (
            obj
            for obj in (aq_chain(eservice) if eservice is not None else ())
            if getattr(obj, "portal_type", None) == "EServicePortal"
        ),
        None,
    )
    base = portal if portal is not None else api.portal.get()
    return f"{base.absolute_url()}/{MINA_SIDOR}"
