"""Signing an application with e-legitimation before it is sent in.

The resident signs, in the BankID or Freja app, a short text naming the e-service,
themselves and the date; the hidden part of the signature is the SHA-256 of a
canonical serialisation of the answers and the attachments' hashes. The case keeps
that digest with the signature, so a change to the application after signing is
seen (``signature_is_current``) and asks for a new signature.

Like the login, a sign order travels sealed with the browser and completes through
``POST /Plone/@eid/collect``: ``login.flow`` notifies ``SignOrderCompleted`` and
``store_signature`` (subscribed in configure.zcml) answers it.
"""

import logging
import re
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from plone import api
from plone.app.uuid.utils import uuidToObject
from zope.i18nmessageid import Message

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import is_draft
from atvidaberg.etjanster.cases.content import FILL_IN_CASE
from atvidaberg.etjanster.cases.content import Case
from atvidaberg.etjanster.cases.signature import CaseSignature
from atvidaberg.etjanster.cases.snapshot import Application
from atvidaberg.etjanster.cases.snapshot import application_of
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.dates import swedish_date
from atvidaberg.etjanster.dates import today_in_sweden
from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import CollectResult
from atvidaberg.etjanster.eid.types import Order
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login import providers
from atvidaberg.etjanster.login import transaction
from atvidaberg.etjanster.login.events import SignOrderCompleted
from atvidaberg.etjanster.login.limits import check_start
from atvidaberg.etjanster.login.session import login_provider
from atvidaberg.etjanster.pas.setup import get_plugin
from atvidaberg.etjanster.traffic.request import client_address

logger = logging.getLogger(__name__)
PROVIDER_NAMES = {"bankid": "BankID", "freja": "Freja eID+"}
# Characters that BankID's simpleMarkdownV1 would read as formatting.
_MARKDOWN = re.compile(r"[*_#`+\\-]{2,}|^[#>*+\-]\s", re.M)


class SignRefused(Exception):
    """The case cannot be signed now; ``reasons`` say why, for the resident."""

    def __init__(self, reasons: list[Message], status: int = 409) -> None:
        super().__init__("; ".join(str(r) for r in reasons))
        self.reasons = reasons
        self.status = status


def application_digest(case: Case, request: Any) -> str:
    """SHA-256 (hex) of the application as it is now: answers and attachments."""
    return application_of(case, request).digest


def signature_is_current(case: Case, request: Any) -> bool:
    return application_of(case, request).signature_is_current


def _plain(text: str) -> str:
    return _MARKDOWN.sub(" ", " ".join(str(text).split()))


def visible_text(case: Case, signer_name: str, when: date) -> str:
    municipality = api.portal.get_registry_record(
        f"{REGISTRY_PREFIX}.municipality_name", default=""
    )
    at = f" hos {_plain(municipality)}" if municipality else ""
    return (
        f"Jag, {_plain(signer_name)}, skriver under min ansökan i e-tjänsten "
        f"{_plain(case.title)}{at}.\n\nDatum: {swedish_date(when)}"
    )


def _resident_personal_number() -> str | None:
    return get_plugin().personal_number(api.user.get_current().getId())


def _check_own_draft(case: Case) -> None:
    if not is_draft(case) or not api.user.has_permission(FILL_IN_CASE, obj=case):
        raise SignRefused([_("Only your own application, before it is sent in.")], 403)


def _check_signable(application: Application) -> None:
    if not application.requires_signature:
        raise SignRefused([_("This e-service does not ask for a signature.")])
    incomplete = [step.title for step in application.steps if not step.complete]
    if incomplete:
        raise SignRefused(
            [
                _(
                    "Complete the step ${step} before you sign.",
                    mapping={"step": title},
                )
                for title in incomplete
            ]
        )


def start_signing(
    case: Case, provider: str | None, device: str, binding: str, request: Any
) -> dict[str, Any]:
    """Start a sign order for the logged-in resident's draft; like ``flow.start``."""
    _check_own_draft(case)
    application = application_of(case, request)
    _check_signable(application)
    logged_in_with = login_provider(request)
    provider = provider or logged_in_with or "bankid"
    if logged_in_with and provider != logged_in_with:
        raise SignRefused(
            [
                _(
                    "Sign with the e-legitimation you logged in with: ${method}.",
                    mapping={"method": PROVIDER_NAMES[logged_in_with]},
                )
            ],
            400,
        )
    if provider not in PROVIDER_NAMES or device not in ("same", "other"):
        raise flow.LoginError(
            _("provider must be bankid or freja, device same or other")
        )
    if not flow.is_enabled(provider, device):
        raise flow.LoginError(_("this e-legitimation method is not enabled"))
    personal_number = _resident_personal_number()
    if personal_number is None:
        raise SignRefused([_("Log in with e-legitimation to sign.")], 403)
    check_start(request)
    user = api.user.get_current()
    digest = application.digest
    text = visible_text(case, user.getProperty("fullname") or "", today_in_sweden())
    client = providers.client_for(provider)
    if provider == "bankid":
        order = client.sign(
            end_user_ip=client_address(request),
            user_visible_data=text,
            user_non_visible_data=digest,
            requirement={"personalNumber": personal_number},
            device=device,
        )
    else:
        order = client.sign(
            personal_number, f"Ansökan: {_plain(case.title)}", text, digest
        )
    token = transaction.seal(
        order,
        binding,
        device=device,
        came_from=f"{case.absolute_url()}/@@signera",
        first_started_at=order.started_at,
        case=api.content.get_uuid(case),
        digest=digest,
        text=text,
    )
    return {
        "transaction": token,
        "qr": flow.qr_for(order, device, client),
        "autoStartUrl": flow.auto_start_url(order, device, client),
        "pollAfterMs": flow.POLL_AFTER_MS,
    }


def store_signature(event: SignOrderCompleted) -> None:
    """Answer a completed sign order that signs an application (``state["case"]``)."""
    if event.answer is None and event.state.get("case"):
        event.answer = complete_signing(
            event.order, event.result, event.state, event.request
        )


def complete_signing(
    order: Order, result: CollectResult, state: dict, request: Any
) -> dict[str, Any]:
    """Store a completed signature on the case, if it is the resident's and current."""
    case = uuidToObject(state.get("case"))
    if case is None or not api.user.has_permission(FILL_IN_CASE, obj=case):
        return _failed(
            "notYours", _("The signature does not belong to your application.")
        )
    personal_number = _resident_personal_number()
    if result.identity.personal_number != personal_number:
        logger.warning("A sign order was completed by someone else than the resident.")
        return _failed(
            "otherSigner",
            _("The application must be signed by you, with your own e-legitimation."),
        )
    if application_digest(case, request) != state["digest"]:
        return _failed(
            "changed", _("The application changed while you signed it. Sign again.")
        )
    provider = order.provider
    case.signature = CaseSignature(
        provider=provider,
        name=result.identity.name,
        personal_number=personal_number,
        signed_at=datetime.now(UTC),
        digest=state["digest"],
        visible_text=state["text"],
        signature=result.signature if provider == "bankid" else "",
        ocsp_response=result.ocsp_response,
        jws=result.signature if provider == "freja" else "",
    ).record()
    case.reindexObject(idxs=["modified"])
    return {
        "status": COMPLETE,
        "signed": True,
        "case": case.absolute_url(),
        "cameFrom": state.get("came_from"),
    }


def _failed(code: str, text: str) -> dict[str, Any]:
    return {
        "status": FAILED,
        "hintCode": code,
        "message": {
            "code": code,
            "text": api.portal.translate(text, lang=flow.language()),
        },
    }
