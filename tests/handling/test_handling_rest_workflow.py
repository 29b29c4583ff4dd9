"""POST <case>/@assign and plone.restapi's @workflow/<transition> on cases, over HTTP:
the unit's officer may, nobody else may, and a case is closed only with a decision."""

import httpx
from handling_site import ANNA
from handling_site import BENGT
from handling_site import CECILIA

REFUSED = (401, 403, 404)


def state(client, case_url):
    return client.get(case_url).json()["review_state"]


def transition(client, case_url, name, **body):
    return client.post(f"{case_url}/@workflow/{name}", json=body)


def anonymous(handling):
    return httpx.Client(base_url=handling.url, headers={"Accept": "application/json"})


def test_the_officer_takes_and_leaves_a_case(handling):
    _, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    taken = hanna.post(f"{case_url}/@assign", json={})
    assert taken.status_code == 200, taken.text
    assert taken.json()["assignee"] == "hanna"
    [row] = hanna.get("/@case-queue", params={"assignee": "me"}).json()["items"]
    assert row["assignee"] == "hanna"
    left = hanna.post(f"{case_url}/@assign", json={"user": None})
    assert left.status_code == 200, left.text
    assert left.json()["assignee"] is None
    assert hanna.get("/@case-queue", params={"assignee": "me"}).json()["items"] == []


def test_a_case_is_assigned_only_to_its_officers(handling):
    _, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    for user in ("olle", "nobody-by-that-name", 42):
        answer = hanna.post(f"{case_url}/@assign", json={"user": user})
        assert answer.status_code == 400, user
        assert answer.json()["error"]["type"] == "BadRequest"
    not_json = hanna.post(
        f"{case_url}/@assign",
        content=b"hanna",
        headers={"Content-Type": "application/json"},
    )
    assert not_json.status_code == 400
    [row] = hanna.get("/@case-queue").json()["items"]
    assert row["assignee"] is None


def test_nobody_else_assigns(handling):
    anna, case_url = handling.submitted_case(ANNA)
    _, protected_url = handling.submitted_case(CECILIA)
    attempts = {
        "the resident": (anna, case_url),
        "another resident": (handling.resident(BENGT), case_url),
        "another unit": (handling.staff("olle"), case_url),
        "a registrar": (handling.staff("rita"), case_url),
        "anonymous": (anonymous(handling), case_url),
        "the unit, on a protected case": (handling.staff("hanna"), protected_url),
    }
    for who, (client, url) in attempts.items():
        answer = client.post(f"{url}/@assign", json={})
        assert answer.status_code in REFUSED, who
        assert "assignee" not in answer.text, who
    assert (
        handling.staff("hanna").get("/@case-queue").json()["items"][0]["assignee"]
        is None
    )
    petra = handling.staff("petra").post(f"{protected_url}/@assign", json={})
    assert petra.status_code == 200
    assert petra.json()["assignee"] == "petra"


def test_the_officer_reviews_closes_with_a_decision_and_reopens(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    started = transition(hanna, case_url, "start_review")
    assert started.status_code == 200, started.text
    assert started.json()["review_state"] == "in_review"
    assert state(anna, case_url) == "in_review"

    for body in ({}, {"comment": "   "}):
        refused = transition(hanna, case_url, "close", **body)
        assert refused.status_code == 400, refused.text
        error = refused.json()["error"]
        assert error["type"] == "WorkflowException"
        assert error["code"] == "decision_required"
        assert error["message"] == (
            "Ett ärende avslutas med ett beslut: skriv det som kommentar."
        )
        assert state(hanna, case_url) == "in_review"

    closed = transition(hanna, case_url, "close", comment="Bygglov beviljas.")
    assert closed.status_code == 200, closed.text
    assert state(anna, case_url) == "closed"
    [mine] = anna.get("/@my-cases").json()["closed"]
    assert mine["status"] == "closed"

    reopened = transition(hanna, case_url, "reopen", comment="Fel i beslutet.")
    assert reopened.status_code == 200, reopened.text
    assert state(anna, case_url) == "in_review"


def test_others_cannot_move_a_case(handling):
    anna, case_url = handling.submitted_case(ANNA)
    _, protected_url = handling.submitted_case(CECILIA)
    olle, hanna = handling.staff("olle"), handling.staff("hanna")
    for client in (anna, handling.resident(BENGT), olle, anonymous(handling)):
        answer = transition(client, case_url, "start_review")
        assert 400 <= answer.status_code < 500, answer.text
    assert state(hanna, case_url) == "submitted"
    refused = transition(hanna, protected_url, "start_review")
    assert refused.status_code in REFUSED
    assert state(handling.staff("petra"), protected_url) == "submitted"

    assert transition(hanna, case_url, "start_review").status_code == 200
    for client in (anna, olle, handling.staff("rita")):
        answer = transition(client, case_url, "close", comment="Avslås.")
        assert 400 <= answer.status_code < 500, answer.text
    assert state(hanna, case_url) == "in_review"


def test_the_resident_does_not_read_the_officers_comments(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    comment = "Grannen har klagat, kolla bygglovet noga."
    started = transition(hanna, case_url, "start_review", comment=comment)
    assert started.status_code == 200
    assert comment in hanna.get(f"{case_url}/@workflow").text  # the officers' own
    for endpoint in ("@workflow", "@history"):
        answer = anna.get(f"{case_url}/{endpoint}")
        assert comment not in answer.text, endpoint
