"""A protected resident's application never reaches the general mailbox (issue 9, item 3).

Cecilia Ceder (19900622-9844, sekretessmarkering) sends in an application over HTTP;
the mail arrives at a real SMTP sink. The full delivery (receipt, formulardata.json
with her name and personnummer) goes to the mailbox for protected cases only; the
general mailbox gets the number and that a protected case arrived. Without that
mailbox the delivery is held (fail closed) until an administrator releases it.
"""

import json

import httpx
import transaction
from bs4 import BeautifulSoup
from handling_site import ANNA
from handling_site import CECILIA
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from atvidaberg.etjanster.delivery.queue import HELD
from atvidaberg.etjanster.delivery.queue import get_queue

GENERAL = "registrator@atvidaberg.se"  # handling_site's delivery mailbox
PROTECTED = "skyddat@atvidaberg.se"
RECORD = "atvidaberg.etjanster.protected_delivery_mailbox"
PERSONAL_NUMBER_FORMS = ("199006229844", "19900622-9844", "900622-9844", "9006229844")


def set_protected_mailbox(handling, address):
    handling.portal.portal_registry[RECORD] = address
    transaction.commit()


def mails_to(handling, address):
    return [m for m in handling.mails() if m["X-Envelope-To"] == address]


def whole_text(message):
    """Everything a reader of the mail could see: headers, body and attachments."""
    return message.as_bytes().decode("utf-8", "replace") + "".join(
        part.get_content() if part.get_content_type().startswith("text") else ""
        for part in message.walk()
        if not part.is_multipart()
    )


def assert_only_the_number(message, number):
    assert message["Subject"] == f"Skyddat ärende {number}"
    assert not list(message.iter_attachments())
    text = whole_text(message)
    assert number in text
    for secret in (*PERSONAL_NUMBER_FORMS, "Cecilia", "Ceder", "bygglov", "Ekbacken"):
        assert secret not in text, secret


def form_data(message):
    [data] = [
        part
        for part in message.iter_attachments()
        if part.get_filename() == "formulardata.json"
    ]
    return json.loads(data.get_content())


def test_the_protected_case_goes_to_its_own_mailbox(handling):
    set_protected_mailbox(handling, PROTECTED)
    resident, case_url = handling.submitted_case(CECILIA)
    number = resident.get(case_url).json()["registration_number"]
    [general] = mails_to(handling, GENERAL)
    assert_only_the_number(general, number)
    [delivery] = mails_to(handling, PROTECTED)
    assert delivery["Subject"] == f"Ansökan om bygglov – {number}"
    assert form_data(delivery)["registration_number"] == number
    assert {"kvittens-" + number + ".pdf", "formulardata.json"} <= {
        part.get_filename() for part in delivery.iter_attachments()
    }
    # An ordinary resident's application still goes to the general mailbox, whole.
    _, _ordinary_url = handling.submitted_case(ANNA)
    ordinary = [m for m in mails_to(handling, GENERAL) if "bygglov" in m["Subject"]]
    assert len(ordinary) == 1
    assert form_data(ordinary[0])["eservice"] == "Ansökan om bygglov"
    assert len(mails_to(handling, PROTECTED)) == 1


def test_without_its_mailbox_the_delivery_is_held_until_released(handling):
    assert not handling.portal.portal_registry.get(RECORD)
    resident, case_url = handling.submitted_case(CECILIA)
    number = resident.get(case_url).json()["registration_number"]
    # Only the notice went out, and it says nothing of her.
    [notice] = handling.mails()
    assert notice["X-Envelope-To"] == GENERAL
    assert_only_the_number(notice, number)
    assert "Leveransen väntar" in notice.get_body().get_content()

    # The administrator sees the held delivery and cannot release it without an address.
    url = f"{handling.url}/@@delivery-queue"
    admin = httpx.Client(auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=30)
    page = admin.get(url)
    assert page.status_code == 200
    [row] = BeautifulSoup(page.text, "html.parser").select(f"tr[data-state='{HELD}']")
    assert "skyddade" in row.select_one(".last-error").text
    form = row.select_one("form")
    fields = {i["name"]: i["value"] for i in form.select("[name]")}
    assert fields["release"] == "1"
    refused = admin.post(url, data=fields, follow_redirects=True)
    assert refused.status_code == 200
    assert "kontrollpanelen" in refused.text or "control panel" in refused.text
    assert len(handling.mails()) == 1

    set_protected_mailbox(handling, PROTECTED)
    released = admin.post(url, data=fields, follow_redirects=True)
    assert released.status_code == 200
    [delivery] = mails_to(handling, PROTECTED)
    assert form_data(delivery)["registration_number"] == number
    assert delivery["To"] == PROTECTED
    assert len(mails_to(handling, GENERAL)) == 1
    transaction.begin()
    queue = get_queue(handling.portal)
    assert not [job for job in queue.jobs.values() if job.state == HELD]
