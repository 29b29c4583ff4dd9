"""The resident's confirmation e-mail: number, time and Mina sidor, nothing else.

The e-mail address is the answer ``applicant_email`` (``cases.personal_details.EMAIL``):
here a plain field of that name in the form, as the personal-details block will give.
Sent for real through the delivery queue to an SMTP sink.
"""

import email
import email.policy
import logging
from urllib.parse import urlsplit

import pytest
import transaction
from plone import api

from atvidaberg.etjanster.cases.personal_details import EMAIL
from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.sink import start_sink

from helpers import EMAIL_MODEL
from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import send_mail_to
from helpers import site_url

ANNA = "198001019820"
REGISTRAR = "registrator@atvidaberg.se"
ADDRESS = "anna.andersson@example.se"
ANSWER = "Ekbacken 1:23 <script>alert('x')</script>"
TITLE = "Ansökan om bygglov"


@pytest.fixture
def site(eid_site, simulators, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "DISPATCH", "sync")  # deliver in the committing thread
    sink = start_sink(tmp_path / "mail")
    portal = eid_site["portal"]
    send_mail_to(portal, sink.port, REGISTRAR)
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(make_portal(portal), "bygglov", title=TITLE)
        add_form(eservice, EMAIL_MODEL)
    transaction.commit()
    running, _ = simulators
    yield site_url(eid_site), running.url("control"), sink, portal
    sink.stop()


def draft(url, control, **answers):
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    saved = anna.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"fastighet": ANSWER, **answers}},
    )
    assert saved.status_code < 300, saved.text
    return anna, case_url


def messages(sink):
    """The messages the sink received by recipient, each with its raw bytes."""
    result = {}
    for path in sink.messages():
        raw = path.read_bytes()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        message.raw = raw
        result[message["To"]] = message
    return result


def test_the_resident_gets_the_number_and_nothing_of_the_content(site):
    url, control, sink, _ = site
    anna, case_url = draft(url, control, applicant_email=ADDRESS)
    submitted = anna.post(f"{case_url}/@submit")
    assert submitted.status_code == 200, submitted.text
    number = submitted.json()["registration_number"]

    mails = messages(sink)
    assert set(mails) == {REGISTRAR, ADDRESS}
    confirmation = mails[ADDRESS]
    assert confirmation["Subject"] == f"Vi har tagit emot ditt ärende {number}"
    assert confirmation["Auto-Submitted"] == "auto-generated"
    assert not confirmation.is_multipart()  # no receipt, no attachments, no HTML
    body = confirmation.get_content()
    assert f"Ärendenummer: {number}" in body
    assert "Vi har tagit emot ditt ärende den " in body
    assert f"{url}/e-tjanster/mina-sidor" in body

    raw = confirmation.raw.decode("utf-8", "replace")
    for secret in (
        "Ekbacken",
        "script",
        TITLE,
        "bygglov",
        "Anna",
        "Andersson",
        "19800101",
        "9820",
    ):
        assert secret not in body, secret
        assert secret not in confirmation["Subject"], secret
        assert secret not in raw, secret

    # The registrar's delivery is untouched: the answers are there, as typed.
    delivery = mails[REGISTRAR]
    [data] = [
        part
        for part in delivery.iter_attachments()
        if part.get_filename().endswith(".json")
    ]
    assert ANSWER in data.get_content().decode("utf-8")


def test_no_address_no_confirmation(site):
    url, control, sink, _ = site
    anna, case_url = draft(url, control)
    assert anna.post(f"{case_url}/@submit").status_code == 200
    assert set(messages(sink)) == {REGISTRAR}


def test_a_second_submit_sends_no_second_confirmation(site):
    url, control, sink, _ = site
    anna, case_url = draft(url, control, applicant_email=ADDRESS)
    anna.post(f"{case_url}/@submit")
    anna.post(f"{case_url}/@submit")
    assert len(sink.messages()) == 2


@pytest.mark.parametrize(
    "address",
    ["anna(at)example.se", "anna@example.se\r\nBcc: alla@example.se", "Anna <a@b.se>"],
)
def test_an_unusable_address_does_not_stop_the_submission(site, address, caplog):
    url, control, sink, portal = site
    anna, case_url = draft(url, control)
    # Put in directly, past the form's own check, as an older form could have kept it.
    transaction.begin()
    case = portal.unrestrictedTraverse(urlsplit(case_url).path.removeprefix("/plone/"))
    case.answers[EMAIL] = address
    transaction.commit()

    caplog.set_level(logging.INFO)
    submitted = anna.post(f"{case_url}/@submit")
    assert submitted.status_code == 200, submitted.text
    assert set(messages(sink)) == {REGISTRAR}
    assert "not usable" in caplog.text
    assert "anna" not in caplog.text.lower() and "b.se" not in caplog.text
