"""One resident tries to learn the name behind another resident's pseudonymous user id,
over HTTP, through every page of Plone that turns a user id into a name.

Only the resident themself and administrators get the name; officers' own names (the
staff) stay on their author pages as before.
"""

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from helpers import eid_login
from helpers import make_user
from helpers import site_url

ANNA = "198001019820"
BENGT = "197503159837"
NAME = "Anna Andersson"
OFFICER = ("hanna", "Hemligt-losen-1")
HTML = {"Accept": "text/html"}


@pytest.fixture
def people(eid_site, simulators):
    running, _ = simulators
    url = site_url(eid_site)
    anna = eid_login(url, running.url("control"), ANNA)
    bengt = eid_login(url, running.url("control"), BENGT)
    with api.env.adopt_roles(["Manager"]):
        make_user(*OFFICER, group="registratorer")
        api.user.get(userid=OFFICER[0]).setMemberProperties(
            {"fullname": "Hanna Handläggare"}
        )
        # A page attributed to Anna that everybody may read, for the byline.
        page = api.content.create(
            container=eid_site["portal"], type="Document", id="sidan", title="Sidan"
        )
        page.setCreators((anna.user_id,))
        api.content.transition(page, "publish")
        page.reindexObject()
    transaction.commit()
    officer = httpx.Client(base_url=url, auth=OFFICER, headers=HTML)
    admin = httpx.Client(
        base_url=url, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), headers=HTML
    )
    yield url, anna, bengt, officer, admin
    for client in (anna, bengt, officer, admin):
        client.close()


def author_pages(user_id):
    return [
        f"/author/{user_id}",
        f"/@@author/{user_id}",
        f"/author/{user_id}/@@author",
    ]


def test_another_resident_gets_no_name_from_the_author_page(people):
    _, anna, bengt, officer, _ = people
    for reader in (bengt, officer):
        for path in author_pages(anna.user_id):
            response = reader.get(path, headers=HTML)
            assert response.status_code == 404, path
            assert NAME not in response.text, path


def test_the_resident_and_an_administrator_see_the_name(people):
    _, anna, _, _, admin = people
    for reader in (anna, admin):
        response = reader.get(f"/author/{anna.user_id}", headers=HTML)
        assert response.status_code == 200
        assert NAME in response.text


def test_the_personal_information_page_names_only_the_reader(people):
    _, anna, bengt, _, admin = people
    page = f"/@@personal-information?userid={anna.user_id}"
    response = bengt.get(page, headers=HTML)
    assert response.status_code == 200
    assert NAME not in response.text
    assert "Bengt Bergström" in response.text  # his own account, as before
    assert NAME in admin.get(page).text


def test_rest_gives_no_other_users_name(people):
    _, anna, bengt, officer, _ = people
    for reader in (bengt, officer):
        response = reader.get(
            f"/@users/{anna.user_id}", headers={"Accept": "application/json"}
        )
        assert response.status_code in (401, 403)
        assert NAME not in response.text


def test_the_byline_names_a_resident_only_to_themself(people):
    _, anna, bengt, officer, admin = people
    for reader in (bengt, officer):
        response = reader.get("/sidan", headers=HTML)
        assert response.status_code == 200
        assert NAME not in response.text
        byline = byline_of(response)
        assert anna.user_id in byline.text  # the pseudonym, as in the page's URLs
        assert byline.find("a", href=lambda href: "/author/" in href) is None
    for reader in (anna, admin):
        byline = byline_of(reader.get("/sidan", headers=HTML))
        assert NAME in byline.text
        assert byline.find("a", href=lambda href: "/author/" in href) is not None


def byline_of(response):
    return BeautifulSoup(response.text, "html.parser").find(id="section-byline")


def test_officers_keep_their_author_page(people):
    _, _, bengt, _, _ = people
    response = bengt.get(f"/author/{OFFICER[0]}", headers=HTML)
    assert response.status_code == 200
    assert "Hanna Handläggare" in response.text
