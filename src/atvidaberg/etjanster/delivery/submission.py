"""Delivery of a submission to the e-service's mailbox: what a form submission calls.

A case of a resident with protected identity never goes to the general mailbox: its
delivery goes to the mailbox for protected cases alone (a setting of its own), and
the general mailbox is only told that a protected case with that number arrived. If
no such mailbox is set, the delivery is held in the queue (fail closed) for an
administrator to release once it is (issue 9, item 3).
"""

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING
from typing import Any

from atvidaberg.etjanster import _
from atvidaberg.etjanster.delivery.message import AttachmentPart
from atvidaberg.etjanster.delivery.message import json_attachment
from atvidaberg.etjanster.delivery.queue import default_mailbox
from atvidaberg.etjanster.delivery.queue import enqueue

if TYPE_CHECKING:
    from plone.namedfile.file import NamedBlobFile
    from plone.namedfile.file import NamedFile
    from Products.CMFPlone.Portal import PloneSite
    from ZODB.blob import Blob

    from atvidaberg.etjanster.content.eservice import EService

logger = logging.getLogger("atvidaberg.etjanster.delivery")

PROTECTED_MAILBOX_RECORD = "atvidaberg.etjanster.protected_delivery_mailbox"
# Log-safe: shown to administrators (translated) as the held job's reason.
HELD_REASON = _(
    "Held: no mailbox for cases with protected identity is set "
    "(control panel E-tjänster). Set it, then release the delivery here."
)


def mailbox_for(site: "PloneSite", eservice: "EService | None" = None) -> str | None:
    """The e-service's own mailbox if it has one, else the control panel's.

    Until the control panel's mailbox is set, the contact centre's address is used, so
    that a submission is never refused for want of a setting.
    """
    address = getattr(eservice, "delivery_mailbox", None) if eservice else None
    return (
        address
        or default_mailbox(site)
        or site.portal_registry.get("atvidaberg.etjanster.contact_centre_email")
    )


def protected_mailbox(site: "PloneSite") -> str | None:
    """The mailbox for cases of residents with protected identity, or None."""
    return site.portal_registry.get(PROTECTED_MAILBOX_RECORD) or None


def protected_notice(registration_number: str | None, held: bool) -> tuple[str, str]:
    """What the general mailbox learns of a protected case: its number, nothing else.

    Not the e-service either: its name alone can be sensitive.
    """
    subject = f"Skyddat ärende {registration_number}"
    lines = [
        f"Ett ärende från en person med skyddade personuppgifter har kommit in: "
        f"{registration_number}.",
        "Ärendet levereras bara till brevlådan för skyddade ärenden.",
    ]
    if held:
        lines.append(
            "Leveransen väntar: ingen brevlåda för skyddade ärenden är inställd. "
            "En administratör anger den i kontrollpanelen E-tjänster och släpper "
            "sedan leveransen på sidan Utgående e-post."
        )
    return subject, "\n".join(lines)


def enqueue_submission(
    site: "PloneSite",
    *,
    subject: str,
    body: str,
    receipt_pdf: "bytes | Blob",
    form_data: dict[str, Any],
    attachments: Iterable["AttachmentPart | NamedFile | NamedBlobFile"] = (),
    eservice: "EService | None" = None,
    reference: str | None = None,
    receipt_filename: str = "kvittens.pdf",
    data_filename: str = "formulardata.json",
    protected: bool = False,
    registration_number: str | None = None,
) -> str:
    """Queue the delivery of one submission; returns the job id.

    `receipt_pdf` is bytes (or a blob); `form_data` a JSON-serialisable dict;
    `attachments` as for `queue.enqueue`. Raises ValueError only when no address at all is set.
    With `protected`, the delivery goes to the mailbox for protected cases (held if
    none is set) and the general mailbox gets `protected_notice` only.
    """
    mailbox = mailbox_for(site, eservice)
    if not mailbox:
        raise ValueError("No mailbox for deliveries is configured.")
    held = None
    if protected:
        mailbox, held = _route_protected(site, mailbox, reference, registration_number)
    parts = [
        (receipt_filename, "application/pdf", receipt_pdf),
        json_attachment(data_filename, form_data),
        *attachments,
    ]
    return enqueue(
        site,
        to=mailbox,
        subject=subject,
        body=body,
        attachments=parts,
        kind="delivery",
        reference=reference,
        held=held,
    )


def _route_protected(
    site: "PloneSite",
    general: str,
    reference: str | None,
    registration_number: str | None,
) -> tuple[str | None, str | None]:
    """Tell the general mailbox; return (the protected mailbox, None) or (None, why)."""
    mailbox = protected_mailbox(site)
    held = None
    if mailbox is None:
        held = str(HELD_REASON)
        logger.error(
            "The delivery of case %s is held: no mailbox for protected cases.",
            reference,
        )
    subject, body = protected_notice(registration_number, held is not None)
    enqueue(
        site,
        to=general,
        subject=subject,
        body=body,
        kind="protected-notice",
        reference=reference,
    )
    return mailbox, held
