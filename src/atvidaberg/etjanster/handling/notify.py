"""Notices about a case: to the resident when something happens on Mina sidor, and to
the unit's functional address when the resident writes.

A notice to the resident says only that there is something new and where to look: no
e-service, no number, no text (the e-service's name alone can reveal too much, e.g.
an application for income support). It goes to the address the resident gave in the
form, if any. The unit's notice names the registration number and links to the case;
for a protected resident's case it goes to the protected-case group's members instead
of the unit (whose officers may not even know that the case exists).
Both go through the delivery queue, so a mail server outage loses nothing.
"""

import logging
from typing import TYPE_CHECKING

import transaction
from plone import api

from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.personal_details import EMAIL
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.delivery.notifications import enqueue_resident_notification
from atvidaberg.etjanster.delivery.notifications import usable_address
from atvidaberg.etjanster.delivery.queue import enqueue
from atvidaberg.etjanster.handling import HANDLING_VIEW
from atvidaberg.etjanster.handling.localroles import unit_of
from atvidaberg.etjanster.handling.units import functional_address
from atvidaberg.etjanster.handling.units import protected_case_group

if TYPE_CHECKING:
    from transaction import Transaction

UNIT_KIND = "unit-notice"
logger = logging.getLogger("atvidaberg.etjanster.handling")


def _municipality() -> str:
    return api.portal.get_registry_record(
        f"{REGISTRY_PREFIX}.municipality_name", default=""
    )


def resident_notice(follow_url: str, municipality: str) -> tuple[str, str]:
    subject = "Nytt i ditt ärende på Mina sidor"
    body = (
        "Hej!\n"
        "\n"
        "Det har hänt något nytt i ett av dina ärenden hos oss.\n"
        "Logga in på Mina sidor för att se vad:\n"
        f"{follow_url}\n"
        "\n"
        "Det här meddelandet är skickat automatiskt och går inte att svara på.\n"
        "\n"
        "Med vänlig hälsning\n"
    )
    if municipality:
        body += f"{municipality}\n"
    return subject, body


def notify_resident(case: Case) -> str | None:
    """Queue the notice to the resident, if they gave an address; its job id or None.

    One notice per case and transaction: asking for completion also starts the
    review, and the resident needs to hear about it once.
    """
    address = (getattr(case, "answers", None) or {}).get(EMAIL)
    if not address or _told_already(case):
        return None
    subject, body = resident_notice(mina_sidor_url(case), _municipality())
    return enqueue_resident_notification(
        api.portal.get(),
        address,
        subject,
        body,
        reference=api.content.get_uuid(case),
    )


def _told_already(case: Case) -> bool:
    current = transaction.get()
    told = current.data(notify_resident) if _has_data(current) else set()
    key = api.content.get_uuid(case)
    if key in told:
        return True
    current.set_data(notify_resident, told | {key})
    return False


def _has_data(current: "Transaction") -> bool:
    try:
        current.data(notify_resident)
    except KeyError:
        return False
    return True


def unit_notice(registration_number: str, case_url: str) -> tuple[str, str]:
    subject = f"Nytt meddelande i ärende {registration_number}"
    body = (
        f"Den sökande har skickat ett meddelande i ärende {registration_number}.\n"
        "\n"
        "Läs det i handläggningen:\n"
        f"{case_url}\n"
    )
    return subject, body


def _protected_group_addresses() -> list[str]:
    group = protected_case_group()
    if not group or api.group.get(groupname=group) is None:
        return []
    addresses = (
        usable_address(user.getProperty("email", None))
        for user in api.user.get_users(groupname=group)
    )
    return sorted({address for address in addresses if address})


def _unit_addresses(case: Case) -> list[str]:
    """Who is told: the unit's address (else the e-service's contact address); for a
    protected resident's case the protected-case group's members instead, since the
    unit may not know that the case exists."""
    if getattr(case, "protected_identity", False):
        return _protected_group_addresses()
    address = functional_address(unit_of(case))
    if address is None:
        address = getattr(eservice_of(case), "contact_email", None)
    address = usable_address(address)
    return [address] if address else []


def notify_unit(case: Case) -> str | None:
    """Tell the unit that the resident wrote; its job id, or None without an address."""
    addresses = _unit_addresses(case)
    if not addresses:
        logger.warning(
            "No functional address for the unit of case %s; nobody was told of the "
            "resident's message.",
            api.content.get_uuid(case),
        )
        return None
    subject, body = unit_notice(
        case.registration_number, f"{case.absolute_url()}/{HANDLING_VIEW}"
    )
    return enqueue(
        api.portal.get(),
        to=addresses,
        subject=subject,
        body=body,
        kind=UNIT_KIND,
        reference=api.content.get_uuid(case),
        headers={"Auto-Submitted": "auto-generated"},
    )
