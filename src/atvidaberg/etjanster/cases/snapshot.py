"""The application as it stands: built once, read by every part of a submission.

A submission checks the application (complete? signed, and signed as it is now?),
prints the receipt, packs the delivery and confirms to the resident. All of them read
the same things: the steps shown for the answers given, those answers with their
labels, the attachments, the signature, who applied. ``application_of`` reads them
from the case once (``visible_steps`` runs once) and every part reads the same frozen
``Application``, so they cannot disagree about what was sent in. Signing reads it too:
``Application.digest`` is what the resident signs.
"""

import hashlib
import json
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from typing import Any

from plone import api
from plone.restapi.serializer.converters import json_compatible
from zope.i18n import translate

from atvidaberg.etjanster.cases.answers import display
from atvidaberg.etjanster.cases.attachments import AttachmentRecord
from atvidaberg.etjanster.cases.attachments import attachment_records
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.form import FormStep
from atvidaberg.etjanster.cases.form import is_file_field
from atvidaberg.etjanster.cases.form import step_complete
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.personal_details import EMAIL
from atvidaberg.etjanster.cases.signature import CaseSignature
from atvidaberg.etjanster.cases.signature import signature_of
from atvidaberg.etjanster.content.eservice import EService
from atvidaberg.etjanster.login.session import has_protected_identity


@dataclass(frozen=True)
class ShownAnswer:
    """One field of a shown step: its label and its answer as the review writes it."""

    name: str
    label: str  # the field's title, translated
    text: str  # the answer as text; for a file field the names of its files
    is_file: bool


@dataclass(frozen=True)
class ShownStep:
    id: str
    title: str  # as the form names it (for messages that translate it)
    label: str  # translated
    complete: bool
    answers: tuple[ShownAnswer, ...]


@dataclass(frozen=True, eq=False)
class Application:
    """What the resident applies with, read from the case at one moment.

    Frozen at the top level; ``answers`` and the attachment records are the case's
    own values and are only read.
    """

    case_uid: str
    eservice_uid: str
    title: str
    steps: tuple[ShownStep, ...]
    answers: Mapping[str, Any]  # the stored answers of the shown steps only
    attachments: tuple[AttachmentRecord, ...]
    signature: CaseSignature | None
    protected: bool  # the case, or its owner as PAS knows them now
    applicant_name: str  # the owner's full name (not masked: the reader decides)
    email: str  # the address the resident gave, "" if none
    eservice: EService | None = field(
        default=None, repr=False
    )  # the e-service, None if gone

    @property
    def requires_signature(self) -> bool:
        return bool(getattr(self.eservice, "requires_signature", False))

    @cached_property
    def digest(self) -> str:
        """SHA-256 (hex) of the answers and attachments: what a signature covers."""
        content = {
            "case": self.case_uid,
            "eservice": self.eservice_uid,
            "answers": json_compatible(dict(self.answers)),
            "attachments": sorted(
                (
                    {"filename": a.filename, "sha256": a.sha256, "size": a.size}
                    for a in self.attachments
                ),
                key=lambda a: (a["sha256"], a["filename"]),
            ),
        }
        canonical = json.dumps(
            content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def signature_is_current(self) -> bool:
        """Signed, and signed as the application is now."""
        return self.signature is not None and self.signature.digest == self.digest


def application_of(case: Case, request: Any) -> Application:
    """The case's application as it stands now (reads ``visible_steps`` once)."""
    attachments = tuple(attachment_records(case))
    shown = visible_steps(case, request)
    names = {f.getName() for step in shown for f in step.fields}
    owner = case.getOwner()
    return Application(
        case_uid=api.content.get_uuid(case),
        eservice_uid=case.eservice_uid,
        title=case.title,
        steps=tuple(_shown_step(case, request, step, attachments) for step in shown),
        answers={name: value for name, value in case.answers.items() if name in names},
        attachments=attachments,
        signature=signature_of(case),
        protected=bool(case.protected_identity or has_protected_identity(owner)),
        applicant_name=owner.getProperty("fullname") or "",
        email=case.answers.get(EMAIL) or "",
        eservice=eservice_of(case),
    )


def _shown_step(
    case: Case,
    request: Any,
    step: FormStep,
    attachments: Sequence[AttachmentRecord],
) -> ShownStep:
    answers = []
    for form_field in step.fields:
        name = form_field.getName()
        is_file = is_file_field(form_field)
        if is_file:
            text = ", ".join(a.filename for a in attachments if a.field == name)
        else:
            text = display(form_field, case.answers.get(name), case, request)
        answers.append(
            ShownAnswer(
                name=name,
                label=translate(form_field.title, context=request),
                text=text,
                is_file=is_file,
            )
        )
    return ShownStep(
        id=step.id,
        title=step.title,
        label=translate(step.title, context=request),
        complete=step_complete(case, step),
        answers=tuple(answers),
    )
