"""Residents change answers through ``@form`` and nothing else (issue 9, item 7).

The attack: ``PATCH <draft> {"title": "… REDAN BEVILJAD av chefen"}`` answered 204,
and the text showed in the officers' queue, on the receipt and in the delivery's
subject. Over HTTP as the resident, with the session cookie and with the token, every
generic edit path of Plone must refuse; what officers see is the e-service's title.
"""

import re
import subprocess

import transaction
from handling_site import ANNA
from test_no_way_around_submit import authenticator
from test_no_way_around_submit import bearer_only

FORGED = "Ansökan om bygglov – REDAN BEVILJAD av chefen"


def attempts(client, case_url, token):
    """Every generic way a resident could try to retitle their case."""
    return {
        "PATCH": client.patch(case_url, json={"title": FORGED}),
        "PATCH description": client.patch(case_url, json={"description": FORGED}),
        # Sharing the draft would make someone else look like its handler.
        "@sharing": client.post(
            f"{case_url}/@sharing",
            json={
                "entries": [{"id": "hanna", "type": "user", "roles": {"Editor": True}}]
            },
        ),
        "@@edit": client.post(
            f"{case_url}/@@edit",
            data={
                "form.widgets.IBasic.title": FORGED,
                "form.widgets.title": FORGED,
                "form.buttons.save": "Spara",
                "_authenticator": token,
            },
        ),
        "object_rename": client.post(
            f"{case_url}/object_rename",
            data={"new_id": "beviljad", "new_title": FORGED, "_authenticator": token},
        ),
        "@@fc-rename": client.post(
            f"{case_url}/@@fc-rename",
            data={
                "UID_1": case_url,
                "newid_1": "beviljad",
                "newtitle_1": FORGED,
                "_authenticator": token,
            },
        ),
        "folder_rename": client.post(
            f"{case_url.rsplit('/', 1)[0]}/folder_rename",
            data={
                "paths:list": case_url,
                "new_ids:list": "beviljad",
                "new_titles:list": FORGED,
                "_authenticator": token,
            },
        ),
    }


def assert_unchanged(handling, client, case_url):
    case = client.get(case_url)
    assert case.status_code == 200, case.text
    assert case.json()["title"] == "Ansökan om bygglov"
    assert FORGED not in case.text
    transaction.begin()
    stored = handling.portal["arenden"][case_url.rsplit("/", 1)[1]]
    assert "hanna" not in dict(stored.get_local_roles())


def test_the_resident_cannot_retitle_a_draft(handling):
    anna = handling.resident(ANNA)
    case_url = handling.draft(anna)
    token = authenticator(anna, case_url)
    for client in (anna, bearer_only(handling, anna)):
        for what, answer in attempts(client, case_url, token).items():
            if what == "@@fc-rename":
                # Plone's folder contents reports each item it could not rename as
                # skipped, with 200; what counts is that nothing changed.
                assert answer.status_code in (200, 401, 403), answer.text
            else:
                assert 400 <= answer.status_code < 500, (what, answer.text)
                assert answer.headers["content-type"].startswith("application/json")
            assert_unchanged(handling, client, case_url)
    # The answers are still the resident's to change, through @form.
    saved = anna.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"fastighet": "Ekbacken 1:24"}},
    )
    assert saved.status_code < 300, saved.text
    sent = anna.post(f"{case_url}/@submit")
    assert sent.status_code == 200, sent.text
    number = sent.json()["registration_number"]

    # What officers see: the queue, the receipt and the delivery's subject.
    queue = handling.staff("hanna").get("/@case-queue").json()["items"]
    [row] = [row for row in queue if row["registration_number"] == number]
    assert row["title"] == "Ansökan om bygglov"
    receipt = anna.get(f"{case_url}/@@receipt")
    assert receipt.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=receipt.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Ansökan om bygglov" in text
    assert "BEVILJAD" not in text
    [delivery] = [m for m in handling.mails() if number in m["Subject"]]
    assert delivery["Subject"] == f"Ansökan om bygglov – {number}"


def test_the_resident_cannot_retitle_a_submitted_case(handling):
    anna, case_url = handling.submitted_case(ANNA)
    token = authenticator(anna, handling.draft(anna))
    for client in (anna, bearer_only(handling, anna)):
        for what, answer in attempts(client, case_url, token).items():
            assert 400 <= answer.status_code < 500 or what == "@@fc-rename", what
            assert_unchanged(handling, client, case_url)
    assert not re.search("BEVILJAD", handling.staff("hanna").get("/@case-queue").text)
