"""E-mail to residents: short notices that say that something happened and where to look.

A notice goes through the persistent delivery queue (kind "notification"), so it is
sent after the commit and retried like a delivery. It says nothing of what the case is
about: no answers, no name, no personnummer, not even the e-service's title. E-mail is
not encrypted and a mailbox may be shared; what the case says is on Mina sidor, behind
e-legitimation. The texts are Swedish documents, not i18n messages.

``enqueue_resident_notification`` is what every notice to a resident goes through
(the confirmation of receipt today, Mina sidor's notices later). An address that
cannot be used is skipped and logged without the address: a notice is a courtesy and
never makes what the resident did fail.
"""

import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING

from atvidaberg.etjanster.dates import swedish_time
from atvidaberg.etjanster.delivery.queue import enqueue

if TYPE_CHECKING:
    from Products.CMFPlone.Portal import PloneSite

KIND = "notification"
logger = logging.getLogger("atvidaberg.etjanster.delivery")

# The dot-atom of RFC 5322: no quoted local parts, comments, spaces or line breaks.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"^{_ATOM}(\.{_ATOM})*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_TOP_LABEL = re.compile(r"^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")


def usable_address(text: object) -> str | None:
    """``text`` as an address to send to, or None when it cannot be used safely.

    One plain address (``namn@exempel.se``), nothing a header could be made of: no
    display name, no list, no line breaks. A domain with å, ä or ö is given in its
    IDNA (``xn--``) form.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if len(text) > 254 or text.count("@") != 1:
        return None
    local, domain = text.split("@")
    if len(local) > 64 or not _LOCAL.match(local):
        return None
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not _TOP_LABEL.match(labels[-1]):
        return None
    if not all(_LABEL.match(label) for label in labels):
        return None
    return f"{local}@{domain}"


def enqueue_resident_notification(
    site: "PloneSite",
    to: str,
    subject: str,
    body: str,
    reference: str | None = None,
) -> str | None:
    """Queue a notice to a resident; its job id, or None when ``to`` is not usable.

    ``reference`` ties the job to what it is about (a case's UID); it is the only
    thing logged when the address is skipped.
    """
    address = usable_address(to)
    if address is None:
        logger.warning(
            "A notice to a resident was not queued: the e-mail address given is not "
            "usable (reference %s).",
            reference,
        )
        return None
    return enqueue(
        site,
        to=address,
        subject=subject,
        body=body,
        kind=KIND,
        reference=reference,
        # RFC 3834: no out-of-office replies to a machine's message.
        headers={"Auto-Submitted": "auto-generated"},
    )


def receipt_confirmation(
    *,
    registration_number: str,
    received: datetime,
    follow_url: str,
    municipality: str,
) -> tuple[str, str]:
    """Subject and body of the e-mail that confirms a submission was received.

    Only the registration number, the time and where to follow the case.
    """
    subject = f"Vi har tagit emot ditt ärende {registration_number}"
    body = (
        "Hej!\n"
        "\n"
        f"Vi har tagit emot ditt ärende den {swedish_time(received)}.\n"
        f"Ärendenummer: {registration_number}\n"
        "\n"
        "Du kan följa ärendet på Mina sidor:\n"
        f"{follow_url}\n"
        "\n"
        "Ange ärendenumret när du kontaktar oss om ärendet.\n"
        "\n"
        "Det här meddelandet är skickat automatiskt.\n"
        "\n"
        "Med vänlig hälsning\n"
    )
    if municipality:
        body += f"{municipality}\n"
    return subject, body
