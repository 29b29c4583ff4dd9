"""Submitting a case: number, receipt, delivery to the mailbox, and the draft frozen."""

import email
import io
import subprocess

import pytest
import transaction
from fpdf import FPDF
from plone import api

from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.sink import start_sink

from helpers import ONE_FIELD_MODEL
from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import send_mail_to
from helpers import site_url

ANNA = "198001019820"
BENGT = "197503159837"
MODEL = ONE_FIELD_MODEL


@pytest.fixture
def site(eid_site, simulators, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "DISPATCH", "sync")  # deliver in the committing thread
    sink = start_sink(tmp_path / "mail")
    portal = eid_site["portal"]
    send_mail_to(portal, sink.port)
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(
            make_portal(portal), "bygglov", title="Ansökan om bygglov"
        )
        add_form(eservice, MODEL)
    transaction.commit()
    running, _ = simulators
    yield site_url(eid_site), running.url("control"), sink
    sink.stop()


def filled_draft(url, control):
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    anna.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"fastighet": "Ekbacken 1:23 <script>"}},
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text="Situationsplan")
    anna.post(
        f"{case_url}/@attachments",
        files={
            "file": ("plan.pdf", io.BytesIO(bytes(pdf.output())), "application/pdf")
        },
    )
    return anna, case_url


def test_submit_gives_a_number_a_receipt_and_a_delivery(site):
    url, control, sink = site
    anna, case_url = filled_draft(url, control)
    response = anna.post(f"{case_url}/@submit")
    assert response.status_code == 200, response.text
    submitted = response.json()
    number = submitted["registration_number"]
    assert number.startswith("ETJ-") and number.endswith("-000001")
    assert submitted["review_state"] == "submitted"

    receipt = anna.get(submitted["receipt"])
    assert receipt.status_code == 200
    assert receipt.headers["content-disposition"].startswith("attachment")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=receipt.content, capture_output=True, check=True
    ).stdout.decode()
    assert number in text
    assert "Ekbacken 1:23 <script>" in text  # printed as typed, not interpreted
    assert "plan.pdf" in text

    [delivered] = list(sink.directory.glob("*.eml"))
    message = email.message_from_bytes(delivered.read_bytes())
    assert message["To"] == "registrator@atvidaberg.se"
    assert number in message["Subject"]
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert f"kvittens-{number}.pdf" in names
    assert "plan.pdf" in names
    assert ANNA not in delivered.read_text(
        errors="replace"
    )  # no personnummer by e-mail


def test_double_submit_keeps_one_number(site):
    url, control, _ = site
    anna, case_url = filled_draft(url, control)
    first = anna.post(f"{case_url}/@submit").json()
    second = anna.post(f"{case_url}/@submit").json()
    assert first["registration_number"] == second["registration_number"]


def test_a_submitted_case_is_frozen(site):
    url, control, _ = site
    anna, case_url = filled_draft(url, control)
    anna.post(f"{case_url}/@submit")
    edit = anna.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": "X"}}
    )
    assert edit.status_code in (401, 403)
    assert anna.get(case_url).status_code == 200  # still hers to read


def test_an_incomplete_case_says_why(site):
    url, control, _ = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    response = anna.post(f"{case_url}/@submit")
    assert response.status_code == 409
    assert response.json()["error"]["reasons"]
    assert anna.get(f"{case_url}/@form").status_code == 200  # still a draft


def test_nobody_else_submits_her_draft(site):
    url, control, _ = site
    _, case_url = filled_draft(url, control)
    bengt = eid_login(url, control, BENGT)
    assert bengt.post(f"{case_url}/@submit").status_code in (401, 403, 404)


PERSON_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="applicant_name" type="zope.schema.TextLine">
      <title>Namn</title>
      <required>False</required>
    </field>
    <field name="applicant_personal_number" type="zope.schema.TextLine">
      <title>Personnummer</title>
      <required>False</required>
    </field>
    <field name="fastighet" type="zope.schema.TextLine">
      <title>Fastighetsbeteckning</title>
    </field>
  </schema>
</model>"""
DIGEST = "5e" * 32


def case_at(case_url):
    """The case object behind ``case_url``, in a fresh transaction."""
    from urllib.parse import urlsplit

    transaction.begin()
    return api.portal.get().unrestrictedTraverse(
        urlsplit(case_url).path.removeprefix("/plone/")
    )


def signature(provider="bankid"):
    """``case.signature`` as the signing stores it (the contract of issue 4)."""
    from datetime import UTC
    from datetime import datetime

    return {
        "provider": provider,
        "name": "Anna Andersson",
        "personal_number": ANNA,
        "signed_at": datetime(2026, 11, 27, 13, 4, 30, tzinfo=UTC),
        "digest": DIGEST,
        "visible_text": "Jag intygar att uppgifterna är riktiga.",
        "signature": "PD94bWwgdmVyc2lvbj0iMS4wIj8+",
        "ocsp_response": "MIIHfgoBAKCCB3cwggdzBgkrBgEFBQcwAQEEggdk",
    }


def receipt_text(session, receipt_url):
    receipt = session.get(receipt_url)
    assert receipt.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=receipt.content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def signed_draft(site, protected=False, provider="bankid"):
    url, control, _ = site
    with api.env.adopt_roles(["Manager"]):
        form = api.portal.get()["e-tjanster"]["bygglov"]["formular"]
        form.fields_model = PERSON_MODEL
    transaction.commit()
    anna, case_url = filled_draft(url, control)
    case = case_at(case_url)
    case.answers["applicant_name"] = "Anna Andersson"
    case.answers["applicant_personal_number"] = "19800101-9820"
    case.signature = signature(provider)
    case.protected_identity = protected
    transaction.commit()
    return anna, case_url


def test_a_signed_case_has_the_signature_on_its_receipt(site):
    anna, case_url = signed_draft(site)
    submitted = anna.post(f"{case_url}/@submit")
    assert submitted.status_code == 200, submitted.text
    text = receipt_text(anna, submitted.json()["receipt"])
    assert (
        "Underskrift Signerad med BankID av Anna Andersson (19800101-****) den "
        f"27 november 2026 kl. 14.04. Kontrollsumma (SHA-256): {DIGEST}"
    ) in text
    # The personnummer only as its date part, in the answers too.
    assert "Personnummer 19800101-****" in text
    assert "9820" not in text
    assert "Ekbacken 1:23 <script>" in text  # printed as typed, not interpreted


def test_a_freja_signature_under_protected_identity_names_nobody(site):
    anna, case_url = signed_draft(site, protected=True, provider="freja")
    submitted = anna.post(f"{case_url}/@submit")
    assert submitted.status_code == 200, submitted.text
    text = receipt_text(anna, submitted.json()["receipt"])
    assert (
        "Signerad med Freja eID+ den 27 november 2026 kl. 14.04. "
        "Skyddade personuppgifter – namnet visas inte."
    ) in text
    assert "Anna" not in text and "Andersson" not in text
    assert "19800101" not in text
    assert "Namn Skyddade personuppgifter – visas inte" in text
    assert "Personnummer Skyddade personuppgifter – visas inte" in text


def test_a_save_while_waiting_for_the_turn_is_what_is_sent_in(site):
    """The sign page reads the application before it submits; a step the resident
    saves in another tab before the submission's turn comes is what goes in."""
    from zope.globalrequest import getRequest

    from atvidaberg.etjanster.cases.snapshot import application_of
    from atvidaberg.etjanster.cases.submit import submit_case

    url, control, _ = site
    anna, case_url = filled_draft(url, control)
    case = case_at(case_url)
    with api.env.adopt_user(user=api.user.get(userid=case.getOwner().getId())):
        stale = application_of(case, getRequest())
        saved = anna.patch(  # the other tab, committed by the server
            f"{case_url}/@form",
            json={"step": "default", "data": {"fastighet": "Ekbacken 2:1"}},
        )
        assert saved.status_code == 200, saved.text
        submit_case(case, getRequest(), stale)
        transaction.commit()

    text = receipt_text(anna, f"{case_url}/@@receipt")
    assert "Ekbacken 2:1" in text
    assert "Ekbacken 1:23" not in text
