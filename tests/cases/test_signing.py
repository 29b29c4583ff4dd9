"""Signing an application: the resident's own e-legitimation, over the form's digest."""

import base64
import json

import httpx
import pytest
import transaction
from plone import api

from atvidaberg.etjanster.eid.types import CollectResult
from atvidaberg.etjanster.eid.types import Identity
from atvidaberg.etjanster.eid.types import Order

from helpers import ONE_FIELD_MODEL
from helpers import calls_of
from helpers import eid_eservice
from helpers import eid_login

ANNA = "198001019820"
BENGT = "197503159837"
MODEL = ONE_FIELD_MODEL


@pytest.fixture
def site(eid_site, simulators):
    url, control = eid_eservice(
        eid_site,
        simulators,
        MODEL,
        title="Ansökan om bygglov",
        requires_signature=True,
    )
    return url, control, eid_site["portal"]


def filled(url, control, who=ANNA, answer="Ekbacken 1:23"):
    resident = eid_login(url, control, who)
    case_url = resident.post("/e-tjanster/bygglov/@start").json()["@id"]
    resident.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": answer}}
    )
    return resident, case_url


def approve(control, started, who):
    return httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": started["qr"], "personalNumber": who},
    )


def sign(resident, control, case_url, who=ANNA):
    started = resident.post(
        f"{case_url}/@sign", json={"provider": "bankid", "device": "other"}
    )
    assert started.status_code == 200, started.text
    assert approve(control, started.json(), who).status_code == 200
    return resident.post(
        "/@eid/collect", json={"transaction": started.json()["transaction"]}
    ).json()


def stored_signature(portal, case_url):
    transaction.begin()
    return portal.unrestrictedTraverse(case_url.split("/plone/")[1]).signature


def test_a_signed_application_can_be_submitted(site):
    url, control, portal = site
    anna, case_url = filled(url, control)
    refused = anna.post(f"{case_url}/@submit")
    assert refused.status_code == 409
    assert refused.json()["error"]["reasons"] == [
        "Ansökan måste signeras innan den skickas in."
    ]
    answer = sign(anna, control, case_url)
    assert answer["status"] == "complete" and answer["signed"] is True
    signature = stored_signature(portal, case_url)
    assert signature["provider"] == "bankid"
    assert signature["personal_number"] == ANNA
    assert signature["name"] == "Anna Andersson"
    assert "Ansökan om bygglov" in signature["visible_text"]
    assert "Anna Andersson" in signature["visible_text"]
    assert signature["ocsp_response"]
    signed_xml = base64.b64decode(signature["signature"]).decode()
    hidden = base64.b64encode(signature["digest"].encode()).decode()
    assert f"<usrNonVisibleData>{hidden}</usrNonVisibleData>" in signed_xml
    submitted = anna.post(f"{case_url}/@submit")
    assert submitted.status_code == 200, submitted.text


def test_the_digest_covers_answers_and_attachments(site):
    url, control, portal = site
    anna, case_url = filled(url, control)
    sign(anna, control, case_url)
    first = stored_signature(portal, case_url)["digest"]
    assert len(first) == 64 and int(first, 16) >= 0
    anna.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"fastighet": "Ekbacken 1:24"}},
    )
    sign(anna, control, case_url)
    second = stored_signature(portal, case_url)["digest"]
    assert second != first
    anna.post(
        f"{case_url}/@attachments",
        files={"file": ("plan.png", _png(), "image/png")},
    )
    sign(anna, control, case_url)
    assert stored_signature(portal, case_url)["digest"] not in (first, second)


def _png():
    import io
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00\xff\xff\xff"
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return io.BytesIO(png)


def test_a_change_after_signing_asks_for_a_new_signature(site):
    url, control, _ = site
    anna, case_url = filled(url, control)
    sign(anna, control, case_url)
    anna.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": "Annat"}}
    )
    refused = anna.post(f"{case_url}/@submit")
    assert refused.status_code == 409
    [reason] = refused.json()["error"]["reasons"]
    assert reason.startswith("Ansökan har ändrats sedan den skrevs under.")


def test_an_incomplete_application_cannot_be_signed(site):
    url, control, _ = site
    anna, case_url = filled(url, control, answer="")
    refused = anna.post(
        f"{case_url}/@sign", json={"provider": "bankid", "device": "other"}
    )
    assert refused.status_code == 409
    [reason] = refused.json()["error"]["reasons"]
    assert reason.startswith("Fyll i steget")


def test_only_the_resident_can_approve_their_sign_order(site):
    url, control, _ = site
    anna, case_url = filled(url, control)
    started = anna.post(
        f"{case_url}/@sign", json={"provider": "bankid", "device": "other"}
    ).json()
    assert approve(control, started, BENGT).status_code != 200  # BankID refuses
    # The order is locked to Anna: another person's app ends it, unsigned.
    failed = anna.post("/@eid/collect", json={"transaction": started["transaction"]})
    assert failed.json()["status"] == "failed"
    assert failed.json()["hintCode"] == "startFailed"


def test_another_resident_can_neither_start_nor_collect_a_signature(site):
    url, control, _ = site
    anna, case_url = filled(url, control)
    bengt = eid_login(url, control, BENGT)
    started = bengt.post(
        f"{case_url}/@sign", json={"provider": "bankid", "device": "other"}
    )
    assert started.status_code in (401, 403, 404)
    token = anna.post(
        f"{case_url}/@sign", json={"provider": "bankid", "device": "other"}
    ).json()["transaction"]
    stolen = bengt.post("/@eid/collect", json={"transaction": token})
    assert stolen.status_code == 400
    anna.post("/@eid/cancel", json={"transaction": token})
    anonymous = httpx.post(
        f"{url}/{case_url.split('/plone/')[1]}/@sign",
        json={"provider": "bankid", "device": "other"},
        headers={"Accept": "application/json"},
    )
    assert anonymous.status_code in (401, 403, 404)


def test_a_signature_by_someone_else_is_not_stored(site):
    """Even if an order came back signed by another person, the case refuses it."""
    from atvidaberg.etjanster.cases.signing import application_digest
    from atvidaberg.etjanster.cases.signing import complete_signing

    url, control, portal = site
    anna, case_url = filled(url, control)
    transaction.begin()
    case = portal.unrestrictedTraverse(case_url.split("/plone/")[1])
    request = portal.REQUEST
    with api.env.adopt_user(user=api.user.get(userid=anna.user_id)):
        state = {
            "case": api.content.get_uuid(case),
            "digest": application_digest(case, request),
            "text": "…",
        }
        result = CollectResult(
            "complete",
            identity=Identity(BENGT, "Bengt", "Bergström"),
            signature="x",
            ocsp_response="y",
        )
        order = Order("bankid", "sign", "ref", 0.0)
        answer = complete_signing(order, result, state, request)
    assert answer["status"] == "failed"
    assert answer["hintCode"] == "otherSigner"
    assert getattr(case, "signature", None) is None
    transaction.abort()


def test_sign_with_the_method_you_logged_in_with(site):
    url, control, _ = site
    anna, case_url = filled(url, control)
    refused = anna.post(f"{case_url}/@sign", json={"provider": "freja"})
    assert refused.status_code == 400
    assert "BankID" in refused.json()["error"]["message"]


def test_freja_signature_keeps_the_jws(site):
    url, control, portal = site
    freja = httpx.Client(base_url=url, headers={"Accept": "application/json"})
    started = freja.post("/@eid/start", json={"provider": "freja", "device": "other"})
    reference = started.json()["qr"].split("transactionReference=")[1]
    httpx.post(f"{control}/sim/freja/approve", json={"ref": reference, "ssn": ANNA})
    freja.post("/@eid/collect", json={"transaction": started.json()["transaction"]})
    case_url = freja.post("/e-tjanster/bygglov/@start").json()["@id"]
    freja.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": "X 1:2"}}
    )
    sign_order = freja.post(f"{case_url}/@sign", json={"device": "other"})
    assert sign_order.status_code == 200, sign_order.text
    approved = httpx.post(
        f"{control}/sim/freja/approve",
        json={"ref": sign_order.json()["qr"].split("transactionReference=")[1]},
    )
    assert approved.status_code == 200, approved.text
    answer = freja.post(
        "/@eid/collect", json={"transaction": sign_order.json()["transaction"]}
    ).json()
    assert answer["status"] == "complete", answer
    signature = stored_signature(portal, case_url)
    assert signature["provider"] == "freja"
    assert signature["jws"].count(".") == 2
    signed = _claims(_claims(signature["jws"])["signatureData"]["userSignature"])
    assert base64.b64decode(signed["binaryData"]).decode() == signature["digest"]
    assert "Anna Andersson" in base64.b64decode(signed["text"]).decode()


def _claims(jws):
    payload = jws.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_delivery_carries_the_signature_evidence(site):
    import email
    import email.policy

    from atvidaberg.etjanster.delivery.queue import get_queue

    url, control, portal = site
    anna, case_url = filled(url, control)
    sign(anna, control, case_url)
    assert anna.post(f"{case_url}/@submit").status_code == 200
    transaction.begin()
    [job] = [
        job
        for job in get_queue(portal).listing()
        if job.kind == "delivery" and "Ansökan om bygglov" in job.subject
    ][-1:]
    message = email.message_from_bytes(job.message_bytes(), policy=email.policy.SMTP)
    parts = {
        part.get_filename(): part.get_content() for part in message.iter_attachments()
    }
    evidence = parts["underskrift.json"]
    evidence = json.loads(evidence if isinstance(evidence, str) else evidence.decode())
    assert evidence["provider"] == "bankid"
    assert evidence["ocsp_response"] and evidence["signature"]
    assert evidence["digest"] == stored_signature(portal, case_url)["digest"]


def test_starting_signatures_is_limited_like_logins(site):
    """Each @sign leaves an order pending at BankID, as a login does (issue 9)."""
    url, control, portal = site
    anna, case_url = filled(url, control)
    # A changed limit counts afresh: one more start for this client.
    portal.portal_registry["atvidaberg.etjanster.eid.login_starts_per_client"] = 1
    transaction.commit()
    body = {"provider": "bankid", "device": "other"}
    started = anna.post(f"{case_url}/@sign", json=body)
    assert started.status_code == 200
    refused = anna.post(f"{case_url}/@sign", json=body)
    # The started order is cancelled, or Anna's next one would be alreadyInProgress.
    anna.post("/@eid/cancel", json={"transaction": started.json()["transaction"]})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"]["type"] == "TooManyRequests"
    assert refused.json()["error"]["message"].startswith("För många inloggningar")


def test_a_submission_reads_the_application_once(site, monkeypatch):
    """Issue 10: the check, the digest, the receipt, the delivery and the confirmation
    read one snapshot, so the shown steps are worked out once per submission."""
    url, control, _ = site
    anna, case_url = filled(url, control)
    assert sign(anna, control, case_url)["status"] == "complete"
    snapshots = calls_of(
        monkeypatch, "atvidaberg.etjanster.cases.snapshot", "application_of"
    )
    steps = calls_of(monkeypatch, "atvidaberg.etjanster.cases.form", "visible_steps")
    assert anna.post(f"{case_url}/@submit").status_code == 200
    assert len(snapshots) == 1
    assert len(steps) == 1
