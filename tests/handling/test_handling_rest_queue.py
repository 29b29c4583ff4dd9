"""GET /Plone/@case-queue over HTTP: the officers' work queue, its filters, paging and
counts, and who may not use it."""

from urllib.parse import parse_qs
from urllib.parse import urlparse

import httpx
import transaction
from handling_site import ANNA
from handling_site import BENGT
from handling_site import BUILDING_UNIT
from handling_site import CECILIA
from handling_site import SCHOOL_UNIT


def queue(client, **params):
    answer = client.get("/@case-queue", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def urls(answer):
    return [item["@id"] for item in answer["items"]]


def test_each_officer_gets_the_cases_they_handle(handling):
    _, building_url = handling.submitted_case(ANNA)
    _, school_url = handling.submitted_case(BENGT, eservice="skolskjuts")
    _, protected_url = handling.submitted_case(CECILIA)
    assert urls(queue(handling.staff("hanna"))) == [building_url]
    assert urls(queue(handling.staff("olle"))) == [school_url]
    assert urls(queue(handling.staff("petra"))) == [protected_url]
    assert set(urls(queue(handling.staff("rita")))) == {building_url, school_url}
    [row] = queue(handling.staff("hanna"))["items"]
    number = handling.staff("hanna").get(building_url).json()["registration_number"]
    assert row["title"] == "Ansökan om bygglov"
    assert row["registration_number"] == number
    assert row["review_state"] == "submitted"
    assert (row["status"], row["status_title"]) == ("submitted", "Nytt")
    assert row["unit"] == BUILDING_UNIT
    assert row["assignee"] is None
    assert row["unread"] == 0
    assert row["received"].startswith("20") and row["modified"].startswith("20")
    assert "Ekbacken" not in str(row)  # no answers in the listing


def test_those_who_handle_nothing_are_refused(handling):
    handling.submitted_case(ANNA)
    anonymous = httpx.get(
        f"{handling.url}/@case-queue", headers={"Accept": "application/json"}
    )
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["type"] == "Unauthorized"
    resident = handling.resident(BENGT).get("/@case-queue")
    assert resident.status_code == 403
    assert resident.json()["error"]["type"] == "Forbidden"
    assert resident.json()["error"]["message"] == "Du handlägger inga ärenden."
    assert "items" not in resident.json()


def test_drafts_never_come_into_the_queue(handling):
    anna, sent_url = handling.submitted_case(ANNA)
    anna.post("/e-tjanster/bygglov/@start")  # her own draft, which she may see
    # Anna is also one of the unit's officers (a member of staff applying herself).
    transaction.begin()
    groups = handling.portal.acl_users.source_groups
    groups.addPrincipalToGroup(anna.user_id, "handlaggare-bygg")
    transaction.commit()
    answer = queue(anna)
    assert urls(answer) == [sent_url]
    assert "draft" not in answer["counts"]
    for parameter in ({"review_state": "draft"}, {"status": "draft"}):
        refused = anna.get("/@case-queue", params=parameter)
        assert refused.status_code == 400, parameter
        assert refused.json()["error"]["type"] == "BadRequest"


def test_filters_and_counts(handling):
    hanna = handling.staff("hanna")
    _, first_url = handling.submitted_case(ANNA)
    _, second_url = handling.submitted_case(BENGT)
    _, third_url = handling.submitted_case(ANNA)
    assert hanna.post(f"{second_url}/@workflow/start_review").status_code == 200
    asked = {"text": "Komplettera", "request_completion": True}
    assert hanna.post(f"{third_url}/@messages", json=asked).status_code == 201
    assert hanna.post(f"{first_url}/@assign", json={}).status_code == 200

    everything = queue(hanna)
    assert urls(everything) == [third_url, second_url, first_url]  # newest first
    assert everything["items_total"] == 3
    assert everything["counts"] == {
        "submitted": 1,
        "in_review": 1,
        "awaiting_resident": 1,
        "closed": 0,
    }
    by_status = queue(hanna, status="in_review")
    assert urls(by_status) == [second_url]
    assert by_status["counts"] == everything["counts"]  # before the status filter
    assert urls(queue(hanna, status="awaiting_resident")) == [third_url]
    in_review = queue(hanna, review_state="in_review")
    assert urls(in_review) == [third_url, second_url]
    assert in_review["counts"]["submitted"] == 0
    assert urls(queue(hanna, assignee="me")) == [first_url]
    assert urls(queue(hanna, assignee="hanna")) == [first_url]
    assert urls(queue(hanna, sort_order="ascending")) == [
        first_url,
        second_url,
        third_url,
    ]
    assert queue(hanna, unit=SCHOOL_UNIT)["items"] == []
    assert len(queue(hanna, unit=BUILDING_UNIT)["items"]) == 3
    uid = hanna.get("/e-tjanster/bygglov").json()["UID"]
    assert len(queue(hanna, eservice=uid)["items"]) == 3
    other = hanna.get("/e-tjanster/skolskjuts").json()["UID"]
    assert queue(hanna, eservice=other)["items"] == []


def test_paging_with_batching_links(handling):
    hanna = handling.staff("hanna")
    _, first_url = handling.submitted_case(ANNA)
    _, second_url = handling.submitted_case(BENGT)
    assert "batching" not in queue(hanna)
    page = queue(hanna, b_size=1)
    assert urls(page) == [second_url]
    assert page["items_total"] == 2
    links = page["batching"]
    assert set(links) >= {"@id", "first", "last", "next"}
    assert "prev" not in links
    following = hanna.get(links["next"])
    assert following.status_code == 200
    assert urls(following.json()) == [first_url]
    assert "prev" in following.json()["batching"]
    assert parse_qs(urlparse(links["next"]).query)["b_start"] == ["1"]


def test_bad_parameters_are_a_400_not_a_500(handling):
    handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    for params in (
        {"b_size": "många"},
        {"b_size": "0"},
        {"b_start": "-1"},
        {"b_start": "x"},
        {"status": "beviljat"},
        {"review_state": "private"},
        {"sort_order": "upp"},
        [("unit", "A"), ("unit", "B")],
    ):
        answer = hanna.get("/@case-queue", params=params)
        assert answer.status_code == 400, (params, answer.text)
        error = answer.json()["error"]
        assert error["type"] == "BadRequest"
        assert error["message"]


def test_the_queue_follows_the_status_and_who_handles_the_unit(handling):
    """The queue reads each status's cases from the security index's entries per
    status (handling.listings): they follow every change of status and of handlers."""
    hanna, olle = handling.staff("hanna"), handling.staff("olle")
    anna, case_url = handling.submitted_case(ANNA)
    asked = {"text": "Komplettera", "request_completion": True}
    assert hanna.post(f"{case_url}/@messages", json=asked).status_code == 201
    assert queue(hanna, status="awaiting_resident")["items_total"] == 1
    # The resident's answer clears "waiting for the resident" without a transition.
    assert anna.post(f"{case_url}/@messages", json={"text": "Här"}).status_code == 201
    answer = queue(hanna)
    assert answer["counts"]["awaiting_resident"] == 0
    assert answer["counts"]["in_review"] == 1
    assert urls(queue(hanna, status="in_review")) == [case_url]
    closing = {"comment": "Beviljas."}
    assert hanna.post(f"{case_url}/@workflow/close", json=closing).status_code == 200
    assert queue(hanna)["counts"]["closed"] == 1
    assert urls(queue(hanna, status="closed")) == [case_url]
    # The two units swap their officers.
    transaction.begin()
    handling.portal.portal_registry["atvidaberg.etjanster.unit_handlers"] = [
        f"{BUILDING_UNIT} | handlaggare-skola",
        f"{SCHOOL_UNIT} | handlaggare-bygg",
    ]
    transaction.commit()
    assert queue(hanna)["items_total"] == 0
    assert queue(hanna)["counts"]["closed"] == 0
    assert urls(queue(olle, status="closed")) == [case_url]
    assert queue(olle)["counts"]["closed"] == 1
