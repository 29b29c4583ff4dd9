"""What the receipt says, from the application that was sent in.

``receipt`` draws the PDF and knows nothing of cases; this module fills its
``Receipt`` from the submission's ``Application``: the answers by step, the
attachments, the signature, with the personnummer cut to its date part and, under
protected identity, nobody named.
"""

from datetime import datetime

from plone import api

from atvidaberg.etjanster.cases.personal_details import NAME
from atvidaberg.etjanster.cases.personal_details import PERSONAL_NUMBER
from atvidaberg.etjanster.cases.snapshot import Application
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.receipt import PROTECTED_ANSWER
from atvidaberg.etjanster.receipt import Attachment
from atvidaberg.etjanster.receipt import Receipt
from atvidaberg.etjanster.receipt import Signature
from atvidaberg.etjanster.receipt import Step
from atvidaberg.etjanster.receipt import mask_personal_number


def receipt_of(
    application: Application, registration_number: str, received: datetime
) -> Receipt:
    """The receipt of ``application``, received at ``received`` (aware)."""

    def record(name: str) -> str:
        return api.portal.get_registry_record(f"{REGISTRY_PREFIX}.{name}", default="")

    protected = application.protected
    return Receipt(
        municipality=record("municipality_name"),
        eservice_title=application.title,
        registration_number=registration_number,
        received=received,
        applicant_name="" if protected else application.applicant_name,
        steps=[
            Step(
                step.label,
                [
                    (answer.label, _receipt_answer(protected, answer.name, answer.text))
                    for answer in step.answers
                ],
            )
            for step in application.steps
        ],
        attachments=[
            Attachment(a.filename, a.size, a.sha256) for a in application.attachments
        ],
        signature=_signature_for(application),
        contact_phone=record("contact_centre_phone"),
        contact_email=record("contact_centre_email"),
    )


def receipt_filename(registration_number: str) -> str:
    return f"kvittens-{registration_number}.pdf"


def _receipt_answer(protected: bool, name: str, value: str | None) -> str:
    """An answer as the receipt prints it.

    The personnummer only as its date part (a receipt gets saved, printed and
    forwarded); under protected identity neither the name nor the personnummer, as
    for the applicant at the top. The delivery to the municipality keeps both.
    """
    if value is None:
        return ""
    if protected and name in (NAME, PERSONAL_NUMBER):
        return PROTECTED_ANSWER
    if name == PERSONAL_NUMBER:
        return mask_personal_number(value)
    return str(value)


def _signature_for(application: Application) -> Signature | None:
    """The receipt's signature part (None when unsigned); never the raw evidence."""
    signature = application.signature
    if signature is None:
        return None
    protected = application.protected
    return Signature(
        provider=signature.provider,
        name="" if protected else signature.name,
        personal_number="" if protected else signature.personal_number,
        signed_at=signature.signed_at,
        digest=signature.digest,
    )
