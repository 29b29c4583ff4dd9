"""Submitting a case: it becomes an incoming public record, in one transaction.

The registration number, the received time, the frozen answers, the receipt and the
queued delivery all commit together or not at all; the e-mail itself goes out after the
commit (delivery queue), so a mail server that is down never fails the submission.
When the resident gave an e-mail address, a confirmation is queued the same way: the
number, the time and where to follow the case, nothing of its content.
"""

import email.errors
import json
import logging
from datetime import UTC
from datetime import datetime

from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.restapi.serializer.converters import json_compatible
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.answers import display
from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.form import is_file_field
from atvidaberg.etjanster.cases.form import shown_answers
from atvidaberg.etjanster.cases.form import step_complete
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.guard import SUBMIT
from atvidaberg.etjanster.cases.guard import submitting
from atvidaberg.etjanster.cases.numbers import reserve
from atvidaberg.etjanster.cases.personal_details import EMAIL
from atvidaberg.etjanster.cases.personal_details import NAME
from atvidaberg.etjanster.cases.personal_details import PERSONAL_NUMBER
from atvidaberg.etjanster.cases.serial import one_submission_at_a_time
from atvidaberg.etjanster.cases.signing import signature_is_current
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.dates import STOCKHOLM
from atvidaberg.etjanster.delivery.message import json_attachment
from atvidaberg.etjanster.delivery.notifications import enqueue_resident_notification
from atvidaberg.etjanster.delivery.notifications import receipt_confirmation
from atvidaberg.etjanster.delivery.submission import enqueue_submission
from atvidaberg.etjanster.login.session import has_protected_identity
from atvidaberg.etjanster.receipt import PROTECTED_ANSWER
from atvidaberg.etjanster.receipt import Attachment
from atvidaberg.etjanster.receipt import Receipt
from atvidaberg.etjanster.receipt import Signature
from atvidaberg.etjanster.receipt import Step
from atvidaberg.etjanster.receipt import mask_personal_number
from atvidaberg.etjanster.receipt import render_receipt

logger = logging.getLogger("atvidaberg.etjanster.cases")


class NotReady(Exception):
    """The case cannot be submitted yet; ``reasons`` (messages) say why."""

    def __init__(self, reasons):
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = reasons

    def translated(self, request):
        return [translate(reason, context=request) for reason in self.reasons]


def reasons_not_ready(case, request):
    reasons = []
    form_steps = visible_steps(case, request)
    if not form_steps:
        reasons.append(_("The e-service has no form to submit."))
    for step in form_steps:
        if not step_complete(case, step):
            reasons.append(
                _(
                    "The step ${title} is not complete.",
                    mapping={"title": step.title},
                )
            )
    eservice = eservice_of(case)
    if eservice is not None and eservice.requires_signature:
        if not case_signature(case):
            reasons.append(_("The application must be signed before it is sent in."))
        elif not signature_is_current(case, request):
            reasons.append(
                _(
                    "The application has changed since it was signed. "
                    "Sign it again before it is sent in."
                )
            )
    return reasons


def case_signature(case):
    return getattr(case, "signature", None)


def submit_case(case, request):
    """Submit ``case``; a second call returns the first submission's result."""
    one_submission_at_a_time()
    if case.registration_number:
        return case
    reasons = reasons_not_ready(case, request)
    if reasons:
        raise NotReady(reasons)
    # Stored in UTC: ZODB cannot pickle zoneinfo time zones. The year of the number is
    # the Swedish one (a case received 00.30 on 1 January is next year's).
    received = datetime.now(UTC)
    case.received = received
    # Protection belongs to the resident as PAS knows them now: one who got it after
    # starting the draft sends it in protected. It is never taken off a case.
    if not case.protected_identity and has_protected_identity(case.getOwner()):
        case.protected_identity = True
    case.responsible_unit = getattr(eservice_of(case), "responsible_unit", None)
    case.registration_number = reserve(
        api.portal.get(),
        received.astimezone(STOCKHOLM).year,
        api.content.get_uuid(case),
    )
    with submitting(case):
        api.content.transition(case, transition=SUBMIT)
    receipt = render_receipt(_receipt_for(case, request))
    case.receipt = NamedBlobFile(
        receipt, contentType="application/pdf", filename=receipt_filename(case)
    )
    _queue_delivery(case, request, receipt)
    _confirm_to_resident(case)
    case.reindexObject()
    return case


def receipt_filename(case):
    return f"kvittens-{case.registration_number}.pdf"


def _answers_by_step(case, request):
    result = []
    for step in visible_steps(case, request):
        answers = []
        for field in step.fields:
            name = field.getName()
            if is_file_field(field):
                value = ", ".join(
                    a["filename"]
                    for a in attachments_of(case).values()
                    if a["field"] == name
                )
            else:
                value = display(field, case.answers.get(name), case, request)
            answers.append(
                (
                    translate(field.title, context=request),
                    _receipt_answer(case, name, value),
                )
            )
        result.append(Step(translate(step.title, context=request), answers))
    return result


def _receipt_answer(case, name, value):
    """An answer as the receipt prints it.

    The personnummer only as its date part (a receipt gets saved, printed and
    forwarded); under protected identity neither the name nor the personnummer, as
    for the applicant at the top. The delivery to the municipality keeps both.
    """
    if value is None:
        return ""
    if case.protected_identity and name in (NAME, PERSONAL_NUMBER):
        return PROTECTED_ANSWER
    if name == PERSONAL_NUMBER:
        return mask_personal_number(value)
    return str(value)


def _signature_for(case):
    """The receipt's signature part from ``case.signature`` (None when unsigned).

    ``case.signature`` is what the signing stored: provider ("bankid"/"freja"),
    name, personal_number (12 digits), signed_at (aware, UTC), digest (hex SHA-256
    of what was signed) and the raw evidence, which the receipt does not show.
    """
    record = case_signature(case)
    if not record:
        return None
    signed_at = record["signed_at"]
    if isinstance(signed_at, str):
        signed_at = datetime.fromisoformat(signed_at)
    protected = case.protected_identity
    return Signature(
        provider=record["provider"],
        name="" if protected else (record.get("name") or ""),
        personal_number="" if protected else (record.get("personal_number") or ""),
        signed_at=signed_at,
        digest=record["digest"],
    )


def _receipt_for(case, request):
    def record(name):
        return api.portal.get_registry_record(f"{REGISTRY_PREFIX}.{name}", default="")

    owner = case.getOwner()
    applicant = "" if case.protected_identity else (owner.getProperty("fullname") or "")
    return Receipt(
        municipality=record("municipality_name"),
        eservice_title=case.title,
        registration_number=case.registration_number,
        received=case.received,
        applicant_name=applicant,
        steps=_answers_by_step(case, request),
        attachments=[
            Attachment(a["filename"], a["size"], a["sha256"])
            for a in attachments_of(case).values()
        ],
        signature=_signature_for(case),
        contact_phone=record("contact_centre_phone"),
        contact_email=record("contact_centre_email"),
    )


def _queue_delivery(case, request, receipt):
    data = {
        "registration_number": case.registration_number,
        "received": case.received.isoformat(),
        "eservice": case.title,
        "answers": json_compatible(shown_answers(case, request)),
        "attachments": [
            {"filename": a["filename"], "sha256": a["sha256"], "size": a["size"]}
            for a in attachments_of(case).values()
        ],
    }
    enqueue_submission(
        api.portal.get(),
        subject=f"{case.title} – {case.registration_number}",
        body=(
            f"Inkommen handling {case.registration_number} från e-tjänsten "
            f"{case.title}, mottagen {case.received.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}.\n"
            "Kvittens, formulärdata och bilagor är bifogade."
        ),
        receipt_pdf=receipt,
        form_data=json.loads(json.dumps(data)),
        attachments=[
            *_signature_evidence(case),
            *(
                (a["filename"], a["content_type"], a["file"])
                for a in attachments_of(case).values()
            ),
        ],
        eservice=eservice_of(case),
        reference=api.content.get_uuid(case),
        receipt_filename=receipt_filename(case),
        protected=case.protected_identity,
        registration_number=case.registration_number,
    )


def _signature_evidence(case):
    """The signature as the eID service gave it, for the record (underskrift.json)."""
    signature = case_signature(case)
    if not signature:
        return []
    evidence = dict(signature, signed_at=signature["signed_at"].isoformat())
    return [json_attachment("underskrift.json", evidence)]


def _confirm_to_resident(case):
    """Queue the confirmation of receipt, if the resident gave an e-mail address.

    Never fails the submission: an address that cannot be used is skipped (and
    logged without the address) by ``enqueue_resident_notification``.
    """
    address = case.answers.get(EMAIL)
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
            reference=api.content.get_uuid(case),
        )
    except (ValueError, TypeError, email.errors.MessageError) as error:
        # Only the kind of error: its text may quote the address.
        logger.error(
            "The confirmation of %s was not queued (%s).",
            case.registration_number,
            type(error).__name__,
        )
