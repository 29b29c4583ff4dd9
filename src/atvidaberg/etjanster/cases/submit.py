"""Submitting a case: it becomes an incoming public record, in one transaction.

The registration number, the received time, the frozen answers, the receipt and the
queued delivery all commit together or not at all; the e-mail itself goes out after the
commit (delivery queue), so a mail server that is down never fails the submission.
When the resident gave an e-mail address, a confirmation is queued the same way: the
number, the time and where to follow the case, nothing of its content.

This module holds the steps only. The application is read once
(``cases.snapshot.application_of``) and that one ``Application`` is checked here, drawn
by ``cases.receipt_content`` and packed by ``cases.delivery_payload``.
"""

import email.errors
import logging
from datetime import UTC
from datetime import datetime
from typing import Any

from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.i18n import translate
from zope.i18nmessageid import Message

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.delivery_payload import queue_delivery
from atvidaberg.etjanster.cases.guard import SUBMIT
from atvidaberg.etjanster.cases.guard import submitting
from atvidaberg.etjanster.cases.numbers import reserve
from atvidaberg.etjanster.cases.receipt_content import receipt_filename
from atvidaberg.etjanster.cases.receipt_content import receipt_of
from atvidaberg.etjanster.cases.serial import one_submission_at_a_time
from atvidaberg.etjanster.cases.snapshot import Application
from atvidaberg.etjanster.cases.snapshot import application_of
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.dates import STOCKHOLM
from atvidaberg.etjanster.delivery.notifications import enqueue_resident_notification
from atvidaberg.etjanster.delivery.notifications import receipt_confirmation
from atvidaberg.etjanster.receipt import render_receipt

logger = logging.getLogger("atvidaberg.etjanster.cases")


class NotReady(Exception):
    """The case cannot be submitted yet; ``reasons`` (messages) say why."""

    def __init__(self, reasons: list[Message]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = reasons

    def translated(self, request: Any) -> list[str]:
        return [translate(reason, context=request) for reason in self.reasons]


def reasons_not_ready(application: Application) -> list[Message]:
    """Why ``application`` cannot be sent in; empty when it can."""
    reasons = []
    if not application.steps:
        reasons.append(_("The e-service has no form to submit."))
    for step in application.steps:
        if not step.complete:
            reasons.append(
                _(
                    "The step ${title} is not complete.",
                    mapping={"title": step.title},
                )
            )
    if application.requires_signature:
        if application.signature is None:
            reasons.append(_("The application must be signed before it is sent in."))
        elif not application.signature_is_current:
            reasons.append(
                _(
                    "The application has changed since it was signed. "
                    "Sign it again before it is sent in."
                )
            )
    return reasons


def submit_case(
    case: Case, request: Any, application: Application | None = None
) -> Case:
    """Submit ``case``; a second call returns the first submission's result.

    ``application`` is the case's snapshot if the caller has read it already in this
    request, after taking its turn (the sign page checks the signature on it first);
    else, or when the turn began the transaction afresh (a snapshot read before that
    may miss a save the resident made in another tab meanwhile), it is read here.
    """
    if one_submission_at_a_time():
        application = None
    if case.registration_number:
        return case
    if application is None:
        application = application_of(case, request)
    reasons = reasons_not_ready(application)
    if reasons:
        raise NotReady(reasons)
    # Stored in UTC: ZODB cannot pickle zoneinfo time zones. The year of the number is
    # the Swedish one (a case received 00.30 on 1 January is next year's).
    received = datetime.now(UTC)
    case.received = received
    # Protection belongs to the resident as PAS knows them now: one who got it after
    # starting the draft sends it in protected (``application.protected``). It is
    # never taken off a case.
    if application.protected:
        case.protected_identity = True
    case.responsible_unit = getattr(application.eservice, "responsible_unit", None)
    number = case.registration_number = reserve(
        api.portal.get(),
        received.astimezone(STOCKHOLM).year,
        application.case_uid,
    )
    with submitting(case):
        api.content.transition(case, transition=SUBMIT)
    receipt = render_receipt(receipt_of(application, number, received))
    case.receipt = NamedBlobFile(
        receipt, contentType="application/pdf", filename=receipt_filename(number)
    )
    queue_delivery(application, number, received, receipt)
    _confirm_to_resident(case, application)
    case.reindexObject()
    return case


def _confirm_to_resident(case: Case, application: Application) -> None:
    """Queue the confirmation of receipt, if the resident gave an e-mail address.

    Never fails the submission: an address that cannot be used is skipped (and
    logged without the address) by ``enqueue_resident_notification``.
    """
    address = application.email
    if not address:
        return
    subject, body = receipt_confirmation(
        registration_number=case.registration_number,
        received=case.received,
        follow_url=mina_sidor_url(case),
        municipality=api.portal.get_registry_record(
            f"{REGISTRY_PREFIX}.municipality_name", default=""
        ),
    )
    try:
        enqueue_resident_notification(
            api.portal.get(),
            address,
            subject,
            body,
            reference=application.case_uid,
        )
    except (ValueError, TypeError, email.errors.MessageError) as error:
        # Only the kind of error: its text may quote the address.
        logger.error(
            "The confirmation of %s was not queued (%s).",
            case.registration_number,
            type(error).__name__,
        )
