"""A draft is seen by its owner and by nobody else: not officers, residents or search."""

import httpx
import pytest
import transaction
from plone import api

from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import make_user
from helpers import site_url

ANNA = "198001019820"
BENGT = "197503159837"
CECILIA = "199006229844"
PASSWORD = "ett-långt-lösenord-42"


@pytest.fixture
def site(eid_site, simulators):
    running, _ = simulators
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(eid_site["portal"])
        make_eservice(catalog_page, "bygglov", title="Ansökan om bygglov")
        make_eservice(
            catalog_page, "boka", title="Boka", external_url="https://x.example"
        )
        make_user("handlaggare", PASSWORD)
        api.user.grant_roles(username="handlaggare", roles=["CaseOfficer"])
        make_user("kommunikator", PASSWORD, "Kommunikatorer")
    transaction.commit()
    return site_url(eid_site), running.url("control")


def start(session, path="/e-tjanster/bygglov"):
    return session.post(f"{path}/@start")


def test_a_resident_starts_a_draft(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    response = start(anna)
    assert response.status_code == 201
    case = response.json()
    assert case["review_state"] == "draft"
    assert case["title"] == "Ansökan om bygglov"
    assert ANNA not in case["@id"]
    assert (
        "bygglov" not in case["@id"].rsplit("/", 1)[1]
    )  # no names or counts in the URL
    assert anna.get(case["@id"]).status_code == 200


def test_nobody_else_sees_the_draft(site):
    url, control = site
    case_url = start(eid_login(url, control, ANNA)).json()["@id"]
    bengt = eid_login(url, control, BENGT)
    assert bengt.get(case_url).status_code in (401, 403, 404)
    anonymous = httpx.get(case_url, headers={"Accept": "application/json"})
    assert anonymous.status_code in (401, 403, 404)
    for user in ("handlaggare", "kommunikator"):
        response = httpx.get(
            case_url, headers={"Accept": "application/json"}, auth=(user, PASSWORD)
        )
        assert response.status_code in (401, 403, 404), user
        assert "Ansökan om bygglov" not in response.text


def test_drafts_are_not_found_by_search_or_the_case_folder(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    start(anna)
    bengt = eid_login(url, control, BENGT)
    found = bengt.get("/@search", params={"portal_type": "Case"}).json()
    assert found["items_total"] == 0
    assert (
        httpx.get(
            f"{url}/@search",
            params={"portal_type": "Case"},
            headers={"Accept": "application/json"},
        ).json()["items_total"]
        == 0
    )
    assert httpx.get(
        f"{url}/arenden", headers={"Accept": "application/json"}
    ).status_code in (401, 403)
    # The owner finds her own draft.
    mine = anna.get("/@search", params={"portal_type": "Case"}).json()
    assert mine["items_total"] == 1


def test_anonymous_and_external_and_protected_starts_are_refused(site):
    url, control = site
    assert (
        httpx.post(
            f"{url}/e-tjanster/bygglov/@start", headers={"Accept": "application/json"}
        ).status_code
        == 401
    )
    anna = eid_login(url, control, ANNA)
    assert start(anna, "/e-tjanster/boka").status_code == 409
    cecilia = eid_login(url, control, CECILIA)
    refused = start(cecilia)
    assert refused.status_code == 409
    assert refused.json()["error"]["type"] == "Conflict"


def test_the_owner_deletes_her_draft(site):
    url, control = site
    anna = eid_login(url, control, ANNA)
    case_url = start(anna).json()["@id"]
    assert anna.delete(case_url).status_code == 204
    assert anna.get(case_url).status_code == 404
