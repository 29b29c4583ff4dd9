"""Communicators add our field types in EasyForm's field editor, through the web."""

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api

from helpers import make_eservice
from helpers import make_portal
from helpers import make_user
from helpers import site_url

PASSWORD = "ett-långt-lösenord-42"
FIELDS = "atvidaberg.etjanster.formfields.fields"


@pytest.fixture
def form_url(functional):
    site = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(make_portal(site), "bygglov", title="Bygglov")
        api.content.create(
            container=eservice, type="EasyForm", id="formular", title="Formulär"
        )
        make_user("kommunikator", PASSWORD, "Kommunikatorer")
    transaction.commit()
    return site_url(functional) + "/e-tjanster/bygglov/formular"


def add_field(session, form_url, title, name, factory):
    page = session.get(f"{form_url}/fields/@@add-field")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    offered = {
        o.get_text(strip=True): o["value"]
        for o in soup.select("select[name='form.widgets.factory:list'] option")
    }
    assert factory in offered, sorted(offered)
    token = soup.select_one("input[name='_authenticator']")
    response = session.post(
        f"{form_url}/fields/@@add-field",
        data={
            "form.widgets.title": title,
            "form.widgets.__name__": name,
            "form.widgets.factory:list": offered[factory],
            "form.widgets.fieldset_id": "0",
            "form.widgets.factory-empty-marker": "1",
            "form.widgets.required-empty-marker": "1",
            "form.buttons.add": "Lägg till",
            **({"_authenticator": token["value"]} if token else {}),
        },
    )
    assert response.status_code in (200, 302), response.text
    assert "There were some errors" not in response.text


def test_a_communicator_builds_a_form_with_our_field_types(functional, form_url):
    with httpx.Client(
        auth=("kommunikator", PASSWORD), follow_redirects=True
    ) as session:
        add_field(
            session,
            form_url,
            "Dina uppgifter",
            "uppgifter",
            "Personuppgifter (från folkbokföringen)",
        )
        add_field(session, form_url, "Telefon dagtid", "telefon", "Telefonnummer")
        add_field(
            session,
            form_url,
            "Bara vid tillbyggnad",
            "villkor",
            "Villkor för steget",
        )
        preview = session.get(form_url)
    transaction.begin()
    model = functional["portal"]["e-tjanster"]["bygglov"]["formular"].fields_model
    assert f'name="uppgifter" type="{FIELDS}.PersonalDetails"' in model
    assert f'name="telefon" type="{FIELDS}.Phone"' in model
    assert f'name="villkor" type="{FIELDS}.StepCondition"' in model
    assert preview.status_code == 200
    assert "Dina uppgifter" in preview.text
    assert "Telefon dagtid" in preview.text


def test_the_condition_is_edited_in_the_fields_settings(functional, form_url):
    with httpx.Client(
        auth=("kommunikator", PASSWORD), follow_redirects=True
    ) as session:
        add_field(
            session,
            form_url,
            "Bara vid tillbyggnad",
            "villkor",
            "Villkor för steget",
        )
        page = session.get(f"{form_url}/fields/villkor")
        soup = BeautifulSoup(page.text, "html.parser")
        labels = [label.get_text(" ", strip=True) for label in soup.select("label")]
        assert any("Svar att titta på" in text for text in labels)
        assert any("Värde som visar steget" in text for text in labels)
