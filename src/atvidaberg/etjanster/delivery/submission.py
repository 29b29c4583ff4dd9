"""Delivery of a submission to the e-service's mailbox: what a form submission calls."""

from atvidaberg.etjanster.delivery.message import json_attachment
from atvidaberg.etjanster.delivery.queue import default_mailbox
from atvidaberg.etjanster.delivery.queue import enqueue


def mailbox_for(site, eservice=None):
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


def enqueue_submission(
    site,
    *,
    subject,
    body,
    receipt_pdf,
    form_data,
    attachments=(),
    eservice=None,
    reference=None,
    receipt_filename="kvittens.pdf",
    data_filename="formulardata.json",
):
    """Queue the delivery of one submission; returns the job id.

    `receipt_pdf` is bytes (or a blob); `form_data` a JSON-serialisable dict;
    `attachments` as for `queue.enqueue`. Raises ValueError only when no address at all is set.
    """
    mailbox = mailbox_for(site, eservice)
    if not mailbox:
        raise ValueError("No mailbox for deliveries is configured.")
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
    )
