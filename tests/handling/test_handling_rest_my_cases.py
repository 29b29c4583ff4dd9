"""GET /Plone/@my-cases over HTTP: each resident's own cases, in the right lists, with
unread counts that follow the dialog."""

import httpx
from handling_site import ANNA
from handling_site import BENGT
from handling_site import CECILIA


def my_cases(client):
    answer = client.get("/@my-cases")
    assert answer.status_code == 200, answer.text
    return answer.json()


def ids(items):
    return [item["@id"] for item in items]


def test_a_resident_gets_their_own_cases_in_three_lists(handling):
    anna, sent_url = handling.submitted_case(ANNA)
    draft_url = anna.post("/e-tjanster/skolskjuts/@start").json()["@id"]
    bengt, bengts_url = handling.submitted_case(BENGT)
    listed = my_cases(anna)
    assert ids(listed["drafts"]) == [draft_url]
    assert ids(listed["ongoing"]) == [sent_url]
    assert listed["closed"] == []
    [sent] = listed["ongoing"]
    case = anna.get(sent_url).json()
    assert sent["title"] == "Ansökan om bygglov"
    assert sent["registration_number"] == case["registration_number"]
    assert sent["review_state"] == "submitted"
    assert sent["status"] == "submitted"
    assert sent["status_title"] == "Mottaget, inte påbörjat"
    assert sent["unread"] == 0
    assert (
        sent["eservice"]
        == handling.staff("hanna").get("/e-tjanster/bygglov").json()["UID"]
    )
    assert sent["modified"].startswith("20")
    [draft] = listed["drafts"]
    assert draft["title"] == "Ansökan om skolskjuts"
    assert draft["registration_number"] is None
    assert draft["status_title"] == "Inte inskickat"
    assert ids(my_cases(bengt)["ongoing"]) == [bengts_url]
    assert bengts_url not in str(listed)


def test_nobody_else_gets_them(handling):
    handling.submitted_case(ANNA)
    handling.submitted_case(CECILIA)
    empty = {"drafts": [], "ongoing": [], "closed": []}
    for username in ("hanna", "olle", "petra", "rita"):
        listed = my_cases(handling.staff(username))
        assert {k: listed[k] for k in empty} == empty, username
    anonymous = httpx.get(
        f"{handling.url}/@my-cases", headers={"Accept": "application/json"}
    )
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["type"] == "Unauthorized"
    assert "arenden" not in anonymous.text


def test_unread_goes_up_when_the_officer_writes_and_down_when_read(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    for text in ("Vi har tagit emot ansökan.", "Vi återkommer."):
        posted = hanna.post(f"{case_url}/@messages", json={"text": text})
        assert posted.status_code == 201, posted.text
    note = {"text": "Intern anteckning", "internal": True}
    assert hanna.post(f"{case_url}/@messages", json=note).status_code == 201
    [listed] = my_cases(anna)["ongoing"]
    assert listed["unread"] == 2  # the note is not the resident's
    read = anna.get(f"{case_url}/@messages").json()["items"]
    assert [m["read"] for m in read] == [None, None]  # new to her when she looked
    [listed] = my_cases(anna)["ongoing"]
    assert listed["unread"] == 0
    again = anna.get(f"{case_url}/@messages").json()["items"]
    assert all(m["read"] for m in again)


def test_the_officers_unread_follows_the_residents_messages(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    anna.post(f"{case_url}/@messages", json={"text": "Har ni fått min ansökan?"})

    def officers_unread():
        [row] = hanna.get("/@case-queue").json()["items"]
        return row["unread"]

    assert officers_unread() == 1
    # A registrar's look does not count as the officers' reading.
    assert handling.staff("rita").get(f"{case_url}/@messages").status_code == 200
    assert officers_unread() == 1
    [message] = hanna.get(f"{case_url}/@messages").json()["items"]
    assert message["read"] is None
    assert officers_unread() == 0
    # The resident sees that her message was read.
    [mine] = anna.get(f"{case_url}/@messages").json()["items"]
    assert mine["read"] is not None


def test_newest_change_first_and_closed_cases_apart(handling):
    anna, first_url = handling.submitted_case(ANNA)
    _, second_url = handling.submitted_case(ANNA)
    assert ids(my_cases(anna)["ongoing"]) == [second_url, first_url]
    hanna = handling.staff("hanna")
    hanna.post(f"{first_url}/@messages", json={"text": "En fråga"})
    assert ids(my_cases(anna)["ongoing"]) == [first_url, second_url]
    assert hanna.post(f"{second_url}/@workflow/start_review").status_code == 200
    closed = hanna.post(f"{second_url}/@workflow/close", json={"comment": "Beviljas"})
    assert closed.status_code == 200, closed.text
    listed = my_cases(anna)
    assert ids(listed["ongoing"]) == [first_url]
    assert ids(listed["closed"]) == [second_url]
    assert listed["closed"][0]["status_title"] == "Avslutat"
