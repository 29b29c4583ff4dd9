"""<case>/@messages and <case>/@@message-file over HTTP: the dialog between a resident
and the unit's officers, tried by the owner, the officer, and everybody who may not."""

import io
import time

import httpx
from handling_site import ANNA
from handling_site import BENGT
from handling_site import BUILDING_ADDRESS
from handling_site import CECILIA
from handling_site import RESIDENT_ADDRESS

from helpers import make_pdf_bytes

EXECUTABLE = b"\x7fELF\x02\x01\x01" + b"\0" * 64
REFUSED = (401, 403, 404)


def messages(client, case_url):
    answer = client.get(f"{case_url}/@messages")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def write(client, case_url, text, **flags):
    return client.post(f"{case_url}/@messages", json={"text": text, **flags})


def write_with_files(client, case_url, text, files, **fields):
    return client.post(
        f"{case_url}/@messages",
        data={"text": text, **fields},
        files=[("file", (name, io.BytesIO(data))) for name, data in files],
    )


def mails_to(handling, address, count=1, timeout=5):
    """The mails to ``address``, waiting until ``count`` have arrived."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in handling.mails() if address in str(m["To"])]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_resident_and_officer_write_to_each_other_in_plain_text(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    text = "<script>alert('hej')</script> Är <b>ritningen</b> & planen rätt?"
    posted = write(anna, case_url, text)
    assert posted.status_code == 201, posted.text
    assert posted.json()["text"] == text
    assert posted.json()["author"] == "resident"
    reply = write(hanna, case_url, "Ja, det <i>ser</i> bra ut.")
    assert reply.status_code == 201, reply.text
    shown = messages(anna, case_url)
    assert [(m["author"], m["text"]) for m in shown] == [
        ("resident", text),
        ("officer", "Ja, det <i>ser</i> bra ut."),
    ]
    assert all(m["internal"] is False and m["files"] == [] for m in shown)
    assert next(m["text"] for m in messages(hanna, case_url)) == text


def test_internal_notes_are_seen_only_by_the_cases_officers(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    note = write(hanna, case_url, "Grannen har ringt om bygget.", internal=True)
    assert note.status_code == 201, note.text
    assert note.json()["internal"] is True
    assert [m["text"] for m in messages(hanna, case_url)] == [
        "Grannen har ringt om bygget."
    ]
    for reader in (anna, handling.staff("rita")):  # the resident, a registrar
        answer = reader.get(f"{case_url}/@messages")
        assert answer.status_code == 200
        assert answer.json()["items"] == []
        assert "Grannen" not in answer.text
    refused = write(anna, case_url, "En egen anteckning", internal=True)
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["message"].startswith("Bara ärendets handläggare")
    asked = write(anna, case_url, "Komplettera själv", request_completion=True)
    assert asked.status_code in (401, 403), asked.text
    assert len(messages(hanna, case_url)) == 1


def test_outsiders_neither_read_nor_write(handling):
    anna, case_url = handling.submitted_case(ANNA)
    assert write(anna, case_url, "Hemlig fråga om Ekbacken").status_code == 201
    outsiders = {
        "bengt": handling.resident(BENGT),
        "olle": handling.staff("olle"),  # another unit
        "petra": handling.staff("petra"),  # protected cases, not this one
        "anonymous": httpx.Client(
            base_url=handling.url, headers={"Accept": "application/json"}
        ),
    }
    for name, client in outsiders.items():
        read = client.get(f"{case_url}/@messages")
        assert read.status_code in REFUSED, name
        assert "Hemlig" not in read.text, name
        posted = write(client, case_url, f"Inlägg av {name}")
        assert posted.status_code in REFUSED, name
    registrar = write(handling.staff("rita"), case_url, "Registratorn skriver")
    assert registrar.status_code == 403, registrar.text
    texts = [m["text"] for m in messages(handling.staff("hanna"), case_url)]
    assert texts == ["Hemlig fråga om Ekbacken"]


def test_a_protected_case_is_closed_to_the_units_officers(handling):
    cecilia, case_url = handling.submitted_case(CECILIA)
    assert write(cecilia, case_url, "Skyddad fråga").status_code == 201
    hanna = handling.staff("hanna")  # handles the unit, not protected cases
    read = hanna.get(f"{case_url}/@messages")
    assert read.status_code in REFUSED
    assert "Skyddad" not in read.text
    assert write(hanna, case_url, "Svar").status_code in REFUSED
    petra = handling.staff("petra")
    assert [m["text"] for m in messages(petra, case_url)] == ["Skyddad fråga"]
    assert write(petra, case_url, "Svar från skyddade ärenden").status_code == 201


def test_a_draft_takes_no_messages(handling):
    anna = handling.resident(ANNA)
    draft_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    answer = write(anna, draft_url, "Hej")
    assert answer.status_code == 409, answer.text
    error = answer.json()["error"]
    assert error["code"] == "draft"
    assert error["message"] == (
        "Ett utkast har inga meddelanden. Skicka in ansökan först."
    )
    assert messages(anna, draft_url) == []


def test_a_closed_case_takes_no_more_messages(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    assert hanna.post(f"{case_url}/@workflow/start_review").status_code == 200
    closed = hanna.post(
        f"{case_url}/@workflow/close", json={"comment": "Bygglov beviljas."}
    )
    assert closed.status_code == 200, closed.text
    for client in (anna, hanna):
        answer = write(client, case_url, "En fråga till")
        assert answer.status_code == 409, answer.text
        error = answer.json()["error"]
        assert error["type"] == "Conflict"
        assert error["code"] == "closed"
        assert error["message"].startswith("Ärendet är avslutat")
    assert messages(anna, case_url) == []
    # The officers may still keep notes on it.
    note = write(hanna, case_url, "Arkiverat i pappersakten.", internal=True)
    assert note.status_code == 201, note.text
    assert messages(anna, case_url) == []


def test_bad_messages_get_a_clear_400(handling):
    anna, case_url = handling.submitted_case(ANNA)
    empty = write(anna, case_url, "   ")
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "empty"
    assert empty.json()["error"]["message"] == (
        "Skriv ett meddelande eller bifoga en fil."
    )
    for body in ({"text": 42}, {"text": "Hej", "internal": "kanske"}, ["Hej"]):
        answer = anna.post(f"{case_url}/@messages", json=body)
        assert answer.status_code == 400, body
        assert answer.json()["error"]["type"] == "BadRequest"
    not_json = anna.post(
        f"{case_url}/@messages",
        content=b"Hej",
        headers={"Content-Type": "application/json"},
    )
    assert not_json.status_code == 400
    assert messages(anna, case_url) == []


def test_completion_is_asked_for_and_given_with_a_pdf(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    asked = write(hanna, case_url, "Skicka en situationsplan.", request_completion=True)
    assert asked.status_code == 201, asked.text
    assert asked.json()["requests_completion"] is True
    case = hanna.get(case_url).json()
    assert case["review_state"] == "in_review"  # asking starts the review
    ongoing = anna.get("/@my-cases").json()["ongoing"]
    assert [(c["status"], c["status_title"]) for c in ongoing] == [
        ("awaiting_resident", "Väntar på komplettering från dig")
    ]
    pdf = make_pdf_bytes("Situationsplan")
    reply = write_with_files(
        anna, case_url, "Här är planen.", [("situationsplan.pdf", pdf)]
    )
    assert reply.status_code == 201, reply.text
    [attached] = reply.json()["files"]
    assert attached["filename"] == "situationsplan.pdf"
    assert attached["content_type"] == "application/pdf"
    assert attached["size"] == len(pdf)
    assert [c["status"] for c in anna.get("/@my-cases").json()["ongoing"]] == [
        "in_review"
    ]
    downloaded = hanna.get(attached["download"])
    assert downloaded.status_code == 200
    assert downloaded.content == pdf
    assert downloaded.headers["content-disposition"].startswith("attachment")
    assert downloaded.headers["x-content-type-options"] == "nosniff"
    assert anna.get(attached["download"]).content == pdf
    outsiders = [
        handling.resident(BENGT),
        handling.staff("olle"),
        handling.staff("petra"),
        httpx.Client(),
    ]
    for client in outsiders:
        answer = client.get(attached["download"])
        assert answer.status_code in (302, *REFUSED)
        assert b"%PDF" not in answer.content
    assert hanna.get(f"{case_url}/@@message-file/not-a-file").status_code == 404


def test_several_files_go_with_one_message(handling):
    anna, case_url = handling.submitted_case(ANNA)
    files = [("plan.pdf", make_pdf_bytes("Plan")), ("fasad.pdf", make_pdf_bytes("F"))]
    answer = write_with_files(anna, case_url, "Två ritningar", files)
    assert answer.status_code == 201, answer.text
    assert [f["filename"] for f in answer.json()["files"]] == ["plan.pdf", "fasad.pdf"]


def test_a_renamed_executable_is_refused(handling):
    anna, case_url = handling.submitted_case(ANNA)
    answer = write_with_files(
        anna, case_url, "Min ritning", [("ritning.pdf", EXECUTABLE)]
    )
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["type"] == "AttachmentRefused"
    assert error["code"] == "type_mismatch"
    assert error["message"].startswith("Filnamnet säger")
    assert messages(anna, case_url) == []


def test_an_internal_note_has_no_files(handling):
    _, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    answer = write_with_files(
        hanna, case_url, "Anteckning", [("plan.pdf", make_pdf_bytes())], internal="true"
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "note_files"


def test_the_resident_is_told_without_case_content_and_the_unit_by_mail(handling):
    anna, case_url = handling.submitted_case(ANNA, email=RESIDENT_ADDRESS)
    number = anna.get(case_url).json()["registration_number"]
    # The confirmation of receipt comes first (it names the case; notices do not).
    [confirmation] = mails_to(handling, RESIDENT_ADDRESS, 1)
    hanna = handling.staff("hanna")
    secret = "Vi behöver veta hur högt staketet blir."
    assert write(hanna, case_url, secret).status_code == 201
    notices = [
        mail
        for mail in mails_to(handling, RESIDENT_ADDRESS, 2)
        if mail.as_bytes() != confirmation.as_bytes()
    ]
    assert len(notices) == 1
    notice = notices[0]
    body = notice.get_body(("plain",)).get_content()
    whole = f"{notice['Subject']}\n{body}"
    assert f"{handling.url}/e-tjanster/mina-sidor" in body
    for revealing in (secret, number, "bygglov", "Bygglov", "Ekbacken"):
        assert revealing not in whole, revealing
    note = write(hanna, case_url, "Intern: ring grannen", internal=True)
    assert note.status_code == 201
    time.sleep(0.5)
    assert len(mails_to(handling, RESIDENT_ADDRESS)) == 2  # notes are silent

    assert write(anna, case_url, "Staketet blir 1,2 meter.").status_code == 201
    [unit_mail] = mails_to(handling, BUILDING_ADDRESS)
    unit_body = unit_mail.get_body(("plain",)).get_content()
    assert number in unit_mail["Subject"]
    assert case_url in unit_body
    assert "1,2 meter" not in unit_body
