"""The form a case was started with: steps from the e-service's EasyForm, kept per case."""

import pytest
import transaction
from plone import api

from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import site_url

ANNA = "198001019820"
BENGT = "197503159837"

MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="fastighet" type="zope.schema.TextLine">
      <title>Fastighetsbeteckning</title>
    </field>
    <fieldset name="byggnaden" label="Byggnaden">
      <field name="atgard" type="zope.schema.Choice">
        <title>Åtgärd</title>
        <values><element>Nybyggnad</element><element>Tillbyggnad</element></values>
      </field>
      <field name="yta" type="zope.schema.Int">
        <title>Yta i kvadratmeter</title>
        <required>False</required>
      </field>
    </fieldset>
  </schema>
</model>"""


@pytest.fixture
def site(eid_site, simulators):
    running, _ = simulators
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(eid_site["portal"])
        eservice = make_eservice(catalog_page, "bygglov", title="Ansökan om bygglov")
        form = add_form(eservice, MODEL, title="Formulär")
    transaction.commit()
    return site_url(eid_site), running.url("control"), form


def test_the_form_comes_in_steps_with_their_fields(site):
    url, control, _ = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    form = anna.get(f"{case_url}/@form").json()
    assert [step["id"] for step in form["steps"]] == ["default", "byggnaden"]
    first, second = form["steps"]
    assert first["schema"]["properties"]["fastighet"]["title"] == "Fastighetsbeteckning"
    assert first["schema"]["required"] == ["fastighet"]
    assert second["title"] == "Byggnaden"
    assert second["schema"]["properties"]["atgard"]["choices"] == [
        ["Nybyggnad", "Nybyggnad"],
        ["Tillbyggnad", "Tillbyggnad"],
    ]
    assert second["schema"]["required"] == ["atgard"]
    assert [step["complete"] for step in form["steps"]] == [False, False]
    assert form["complete"] is False
    assert form["data"] == {}


def test_editing_the_form_later_leaves_started_cases_alone(site):
    url, control, easyform = site
    anna = eid_login(url, control, ANNA)
    started = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    easyform.fields_model = MODEL.replace("Fastighetsbeteckning", "Fastighet").replace(
        '<fieldset name="byggnaden" label="Byggnaden">',
        '<fieldset name="bygget" label="Bygget">',
    )
    transaction.commit()
    kept = anna.get(f"{started}/@form").json()
    assert [step["id"] for step in kept["steps"]] == ["default", "byggnaden"]
    assert kept["steps"][0]["schema"]["properties"]["fastighet"]["title"] == (
        "Fastighetsbeteckning"
    )
    fresh = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    assert [s["id"] for s in anna.get(f"{fresh}/@form").json()["steps"]] == [
        "default",
        "bygget",
    ]


def test_the_form_of_a_draft_is_the_owners_alone(site):
    url, control, _ = site
    case_url = (
        eid_login(url, control, ANNA).post("/e-tjanster/bygglov/@start").json()["@id"]
    )
    bengt = eid_login(url, control, BENGT)
    assert bengt.get(f"{case_url}/@form").status_code in (401, 403, 404)


def test_saving_a_step_keeps_valid_answers_and_reports_invalid_ones(site):
    url, control, _ = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    response = anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Tillbyggnad", "yta": "många"}},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["data"] == {"atgard": "Tillbyggnad"}
    [error] = body["errors"]
    assert error["field"] == "yta"
    assert error["message"] == "Ange ett heltal."
    form = anna.get(f"{case_url}/@form").json()
    assert form["data"] == {"atgard": "Tillbyggnad"}
    assert [step["complete"] for step in form["steps"]] == [False, True]


def test_a_draft_saves_incomplete_and_completes_step_by_step(site):
    url, control, _ = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    saved = anna.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": ""}}
    )
    assert saved.status_code == 200  # an empty required field does not block a save
    saved = anna.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"fastighet": "Åtvidaberg Ekbacken 1:23"}},
    )
    assert saved.json() == {"data": {"fastighet": "Åtvidaberg Ekbacken 1:23"}}
    anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Nybyggnad", "yta": 42}},
    )
    form = anna.get(f"{case_url}/@form").json()
    assert form["complete"] is True
    assert form["data"]["yta"] == 42


@pytest.mark.parametrize(
    "body",
    [
        {"step": "finns-inte", "data": {}},
        {"step": "default"},
        {"step": "default", "data": ["inte", "ett", "objekt"]},
    ],
)
def test_bad_saves_are_a_clear_400(site, body):
    url, control, _ = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    response = anna.patch(f"{case_url}/@form", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"


def test_nobody_else_can_write_into_a_draft(site):
    url, control, _ = site
    case_url = (
        eid_login(url, control, ANNA).post("/e-tjanster/bygglov/@start").json()["@id"]
    )
    bengt = eid_login(url, control, BENGT)
    response = bengt.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": "X"}}
    )
    assert response.status_code in (401, 403, 404)


def test_saving_a_step_counts_as_touching_the_draft(site):
    """The draft clean-up counts from the last save, also over REST."""
    import time

    url, control, _ = site
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    before = anna.get(case_url).json()["modified"]
    time.sleep(1.1)
    anna.patch(
        f"{case_url}/@form", json={"step": "default", "data": {"fastighet": "X 1:2"}}
    )
    assert anna.get(case_url).json()["modified"] > before
