"""What goes to the municipality's mailbox for one submission.

``delivery`` queues and sends mail and knows nothing of cases; this module packs the
submission's ``Application`` for it: the subject and body, the form data
(formulardata.json: the answers of the shown steps as stored, the attachments' names
and hashes), the signature evidence (underskrift.json) and the attached files.
"""

import json
from datetime import datetime
from typing import Any

from plone import api
from plone.restapi.serializer.converters import json_compatible

from atvidaberg.etjanster.cases.receipt_content import receipt_filename
from atvidaberg.etjanster.cases.snapshot import Application
from atvidaberg.etjanster.dates import STOCKHOLM
from atvidaberg.etjanster.delivery.message import json_attachment
from atvidaberg.etjanster.delivery.submission import enqueue_submission


def form_data(
    application: Application, registration_number: str, received: datetime
) -> dict[str, Any]:
    """formulardata.json: the application as data, JSON through and through."""
    data = {
        "registration_number": registration_number,
        "received": received.isoformat(),
        "eservice": application.title,
        "answers": json_compatible(dict(application.answers)),
        "attachments": [
            {"filename": a.filename, "sha256": a.sha256, "size": a.size}
            for a in application.attachments
        ],
    }
    return json.loads(json.dumps(data))


def files(application: Application) -> list[tuple[str, str, Any]]:
    """The signature evidence, if signed, then the resident's files."""
    evidence = (
        [json_attachment("underskrift.json", application.signature.evidence())]
        if application.signature is not None
        else []
    )
    return [
        *evidence,
        *((a.filename, a.content_type, a.file) for a in application.attachments),
    ]


def queue_delivery(
    application: Application,
    registration_number: str,
    received: datetime,
    receipt_pdf: bytes,
) -> str:
    """Queue the delivery of the submission; returns the job id."""
    title = application.title
    return enqueue_submission(
        api.portal.get(),
        subject=f"{title} – {registration_number}",
        body=(
            f"Inkommen handling {registration_number} från e-tjänsten "
            f"{title}, mottagen {received.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}.\n"
            "Kvittens, formulärdata och bilagor är bifogade."
        ),
        receipt_pdf=receipt_pdf,
        form_data=form_data(application, registration_number, received),
        attachments=files(application),
        eservice=application.eservice,
        reference=application.case_uid,
        receipt_filename=receipt_filename(registration_number),
        protected=application.protected,
        registration_number=registration_number,
    )
