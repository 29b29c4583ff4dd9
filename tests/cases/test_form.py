"""The form a case was started with: steps from the e-service's EasyForm, kept per case."""

import pytest
import transaction
from plone import api

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
        form = api.content.create(
            container=eservice, type="EasyForm", id="formular", title="Formulär"
        )
        form.fields_model = MODEL
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
