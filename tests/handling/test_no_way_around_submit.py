"""Only the submission moves a draft on (issue 9, item 2), over HTTP as the resident.

The attack: ``POST <draft>/@workflow/submit`` made a "submitted" case with no number,
receipt, delivery or unit. Every way to the workflow's transitions a resident can
reach (plone.restapi's ``@workflow``, Plone's ``content_status_modify``, the
``portal_workflow`` tool by URL) must refuse, with the session cookie and with the
Bearer token of the same login; ``@submit`` still works afterwards.
"""

import re

import httpx
from handling_site import ANNA

WORKFLOW_TRANSITIONS = ("submit", "start_review", "close", "reopen")


def bearer_only(handling, resident):
    """A client with the resident's token and no cookie."""
    return httpx.Client(
        base_url=handling.url,
        headers={
            "Accept": "application/json",
            "Authorization": f"Bearer {resident.token}",
        },
    )


def as_seen_by(client, case_url):
    answer = client.get(case_url)
    assert answer.status_code == 200, answer.text
    return answer.json()


def authenticator(resident, draft_url):
    """Plone's CSRF token of the resident, as their draft's step page carries it."""
    page = resident.get(
        f"{draft_url}/@@steg/default",
        headers={"Accept": "text/html"},
        follow_redirects=True,
    )
    found = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def assert_refused_json(answer, what):
    assert 400 <= answer.status_code < 500, (what, answer.status_code, answer.text)
    assert answer.headers["content-type"].startswith("application/json"), what
    body = answer.json()
    assert "error" in body or "message" in body, what


def attempts(client, case_url, name, token):
    """Every URL by which a resident could try the transition ``name``, each with
    the resident's own CSRF token (as a page of theirs would post it)."""
    form = {"workflow_action": name, "_authenticator": token}
    return {
        f"@workflow/{name}": client.post(f"{case_url}/@workflow/{name}", json={}),
        f"content_status_modify {name}": client.post(
            f"{case_url}/content_status_modify", data=form
        ),
        f"@@content_status_modify {name}": client.post(
            f"{case_url}/@@content_status_modify", data=form
        ),
        f"portal_workflow/doActionFor {name}": client.post(
            f"{case_url}/portal_workflow/doActionFor",
            data={"action": name, "_authenticator": token},
        ),
    }


def test_the_resident_cannot_submit_a_draft_by_the_workflow(handling):
    anna = handling.resident(ANNA)
    case_url = handling.draft(anna)
    token = authenticator(anna, case_url)
    for client in (anna, bearer_only(handling, anna)):
        for name in WORKFLOW_TRANSITIONS:
            for what, answer in attempts(client, case_url, name, token).items():
                assert_refused_json(answer, what)
        case = as_seen_by(client, case_url)
        assert case["review_state"] == "draft"
    # The workflow offers the resident nothing to do.
    listed = anna.get(f"{case_url}/@workflow").json()
    assert listed["transitions"] == []
    # Nothing was queued or sent, and the submission itself still works.
    assert handling.mails() == []
    sent = anna.post(f"{case_url}/@submit")
    assert sent.status_code == 200, sent.text
    assert sent.json()["registration_number"].startswith("ETJ-")
    assert sent.json()["review_state"] == "submitted"


def test_the_resident_cannot_move_a_submitted_case(handling):
    anna, case_url = handling.submitted_case(ANNA)
    token = authenticator(anna, handling.draft(anna))
    for client in (anna, bearer_only(handling, anna)):
        for name in WORKFLOW_TRANSITIONS:
            for what, answer in attempts(client, case_url, name, token).items():
                assert_refused_json(answer, what)
        assert as_seen_by(client, case_url)["review_state"] == "submitted"
    # The officer's transition is theirs; the resident still gets nothing.
    hanna = handling.staff("hanna")
    taken = hanna.post(f"{case_url}/@workflow/start_review", json={})
    assert taken.status_code == 200, taken.text
    for name in WORKFLOW_TRANSITIONS:
        for what, answer in attempts(anna, case_url, name, token).items():
            assert_refused_json(answer, what)
    assert as_seen_by(hanna, case_url)["review_state"] == "in_review"


def test_the_resident_still_deletes_a_draft(handling):
    anna = handling.resident(ANNA)
    case_url = handling.draft(anna)
    deleted = bearer_only(handling, anna).delete(case_url)
    assert deleted.status_code == 204, deleted.text
    assert anna.get(case_url).status_code == 404
