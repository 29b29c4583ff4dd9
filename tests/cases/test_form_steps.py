"""How a form's steps behave: the personal-details block, conditional steps, files.

The form is built with the field types a communicator picks in the form editor;
the tests drive it as a resident would, through the REST endpoints.
"""

import io

import pytest
import transaction
from plone import api
from plone.schemaeditor.interfaces import IFieldFactory
from plone.supermodel import loadString
from plone.supermodel import serializeSchema
from zope.component import getUtility

from helpers import eid_eservice
from helpers import eid_login
from helpers import make_pdf_bytes

ANNA = "198001019820"
CECILIA = "199006229844"  # sekretessmarkering
FIELDS = "atvidaberg.etjanster.formfields.fields"
MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="uppgifter" type="{FIELDS}.PersonalDetails">
      <title>Dina uppgifter</title>
      <include_address>True</include_address>
    </field>
    <fieldset name="byggnaden" label="Byggnaden">
      <field name="atgard" type="zope.schema.Choice">
        <title>Åtgärd</title>
        <values><element>Nybyggnad</element><element>Tillbyggnad</element></values>
      </field>
      <field name="garage" type="zope.schema.Bool">
        <title>Ingår ett garage?</title>
        <required>False</required>
      </field>
    </fieldset>
    <fieldset name="tillbyggnad" label="Tillbyggnaden">
      <field name="villkor" type="{FIELDS}.StepCondition">
        <title>Bara vid tillbyggnad</title>
        <depends_on>Åtgärd</depends_on>
        <expected>tillbyggnad</expected>
      </field>
      <field name="befintlig_yta" type="zope.schema.Int">
        <title>Befintlig yta</title>
      </field>
    </fieldset>
    <fieldset name="garaget" label="Garaget">
      <field name="villkor_garage" type="{FIELDS}.StepCondition">
        <title>Bara med garage</title>
        <depends_on>garage</depends_on>
        <expected>Ja</expected>
      </field>
      <field name="ritning" type="plone.namedfile.field.NamedBlobFile">
        <title>Ritning över garaget</title>
      </field>
    </fieldset>
  </schema>
</model>"""


@pytest.fixture
def site(eid_site, simulators):
    return eid_eservice(
        eid_site,
        simulators,
        MODEL,
        title="Ansökan om bygglov",
        allows_protected_identity=True,
    )


def start(url, control, personal_number):
    resident = eid_login(url, control, personal_number)
    return resident, resident.post("/e-tjanster/bygglov/@start").json()["@id"]


def test_the_form_editor_offers_our_field_types(integration):
    titles = {
        name: getUtility(IFieldFactory, name=f"{FIELDS}.{name}").title
        for name in ("Phone", "PersonalDetails", "StepCondition")
    }
    assert titles["PersonalDetails"] == "Personal details (from the register)"


def test_our_field_types_survive_the_form_model_round_trip(integration):
    schema = loadString(MODEL).schema
    again = loadString(serializeSchema(schema)).schema
    assert again["uppgifter"].include_address is True
    assert again["villkor"].depends_on == "Åtgärd"
    assert again["villkor"].expected == "tillbyggnad"


def test_the_personal_details_come_from_the_login_and_the_register(site, simulators):
    url, control = site
    spar = simulators[0].simulators["spar"]
    spar.end_users.clear()
    anna, case_url = start(url, control, ANNA)
    # SPAR was told who asked, at the login and at the prefill: Anna's pseudonym.
    assert list(spar.end_users) == [anna.user_id, anna.user_id]
    form = anna.get(f"{case_url}/@form").json()
    first = form["steps"][0]
    assert first["fields"] == [
        "applicant_name",
        "applicant_personal_number",
        "applicant_street_address",
        "applicant_postal_code",
        "applicant_city",
        "applicant_email",
        "applicant_phone",
    ]
    assert first["schema"]["properties"]["applicant_personal_number"]["readOnly"]
    assert form["data"] == {
        "applicant_name": "Anna Andersson",
        "applicant_personal_number": "19800101-9820",
        "applicant_street_address": "Storgatan 12",
        "applicant_postal_code": "59730",
        "applicant_city": "ÅTVIDABERG",
    }
    assert first["complete"] is True


def test_name_and_personnummer_cannot_be_changed(site):
    url, control = site
    anna, case_url = start(url, control, ANNA)
    response = anna.patch(
        f"{case_url}/@form",
        json={
            "step": "default",
            "data": {
                "applicant_personal_number": "19750315-9837",
                "applicant_name": "Någon Annan",
                "applicant_city": "LINKÖPING",
            },
        },
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"applicant_personal_number", "applicant_name"}
    assert "kan inte ändras" in errors["applicant_name"]
    data = anna.get(f"{case_url}/@form").json()["data"]
    assert data["applicant_personal_number"] == "19800101-9820"
    assert data["applicant_name"] == "Anna Andersson"
    assert data["applicant_city"] == "LINKÖPING"  # the address may be corrected


def test_email_and_phone_are_checked(site):
    url, control = site
    anna, case_url = start(url, control, ANNA)
    response = anna.patch(
        f"{case_url}/@form",
        json={
            "step": "default",
            "data": {"applicant_email": "anna@", "applicant_phone": "ring mig"},
        },
    )
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "e-postadress" in errors["applicant_email"]
    assert "telefonnummer" in errors["applicant_phone"]
    response = anna.patch(
        f"{case_url}/@form",
        json={
            "step": "default",
            "data": {
                "applicant_email": "anna@example.se",
                "applicant_phone": "+46 120-830 00",
            },
        },
    )
    assert response.status_code == 200, response.text


def test_nothing_from_the_register_for_protected_identity(site):
    url, control = site
    cecilia, case_url = start(url, control, CECILIA)
    data = cecilia.get(f"{case_url}/@form").json()["data"]
    assert "applicant_street_address" not in data
    assert "applicant_postal_code" not in data
    assert "applicant_city" not in data
    assert data["applicant_personal_number"] == "19900622-9844"  # from the login


def test_a_conditional_step_shows_only_for_its_answer(site):
    url, control = site
    anna, case_url = start(url, control, ANNA)

    def shown():
        form = anna.get(f"{case_url}/@form")
        assert form.status_code == 200, form.text
        return [s["id"] for s in anna.get(f"{case_url}/@form").json()["steps"]]

    assert shown() == ["default", "byggnaden"]
    hidden = anna.patch(
        f"{case_url}/@form",
        json={"step": "tillbyggnad", "data": {"befintlig_yta": 80}},
    )
    assert hidden.status_code == 400
    anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Tillbyggnad"}},
    )
    assert shown() == ["default", "byggnaden", "tillbyggnad"]
    anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Nybyggnad", "garage": True}},
    )
    assert shown() == ["default", "byggnaden", "garaget"]


def test_a_hidden_step_does_not_hold_up_submission(site):
    url, control = site
    anna, case_url = start(url, control, ANNA)
    anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Nybyggnad", "garage": False}},
    )
    assert anna.get(f"{case_url}/@form").json()["complete"] is True


def test_a_required_file_is_answered_by_an_attachment(site):
    url, control = site
    anna, case_url = start(url, control, ANNA)
    anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Nybyggnad", "garage": True}},
    )
    form = anna.get(f"{case_url}/@form").json()
    assert [s["complete"] for s in form["steps"]] == [True, True, False]
    refused = anna.patch(
        f"{case_url}/@form", json={"step": "garaget", "data": {"ritning": "x.pdf"}}
    )
    assert refused.status_code == 400
    anna.post(
        f"{case_url}/@attachments",
        data={"field": "ritning"},
        files={"file": ("garage.pdf", io.BytesIO(make_pdf_bytes()), "application/pdf")},
    )
    assert anna.get(f"{case_url}/@form").json()["complete"] is True


CHAINED = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="har_hund" type="zope.schema.Bool">
      <title>Har du hund?</title>
      <required>False</required>
    </field>
    <fieldset name="hunden" label="Hunden">
      <field name="villkor_hund" type="{FIELDS}.StepCondition">
        <title>Bara med hund</title>
        <depends_on>har_hund</depends_on>
        <expected>Ja</expected>
      </field>
      <field name="ras" type="zope.schema.TextLine">
        <title>Ras</title>
      </field>
    </fieldset>
    <fieldset name="valp" label="Valpen">
      <field name="villkor_ras" type="{FIELDS}.StepCondition">
        <title>Bara för tax</title>
        <depends_on>ras</depends_on>
        <expected>Tax</expected>
      </field>
      <field name="villkor_stavfel" type="{FIELDS}.StepCondition">
        <title>Ett fält som inte finns</title>
        <depends_on>finns_inte</depends_on>
        <expected>x</expected>
      </field>
      <field name="valpens_namn" type="zope.schema.TextLine">
        <title>Valpens namn</title>
      </field>
    </fieldset>
    <fieldset name="katt" label="Katten">
      <field name="villkor_a" type="{FIELDS}.StepCondition">
        <title>Med hund</title>
        <depends_on>har_hund</depends_on>
        <expected>Ja</expected>
      </field>
      <field name="villkor_b" type="{FIELDS}.StepCondition">
        <title>Och tax</title>
        <depends_on>ras</depends_on>
        <expected>Tax</expected>
      </field>
      <field name="katt" type="zope.schema.TextLine">
        <title>Katt</title>
      </field>
    </fieldset>
  </schema>
</model>"""


def test_conditions_chain_and_combine(integration):
    from atvidaberg.etjanster.cases.content import Case
    from atvidaberg.etjanster.cases.form import visible_steps

    case = Case("x")
    case.form_model = CHAINED
    request = integration["request"]

    def shown(**answers):
        case.answers.clear()
        case.answers.update(answers)
        return [step.id for step in visible_steps(case, request)]

    assert shown() == ["default"]
    # "ras" was answered while the dog step showed; it no longer counts once hidden.
    assert shown(har_hund=False, ras="Tax") == ["default"]
    assert shown(har_hund=True, ras="Pudel") == ["default", "hunden"]
    assert shown(har_hund=True, ras="Tax") == ["default", "hunden", "valp", "katt"]


def test_the_receipt_lists_the_block_the_choices_and_the_files(site, tmp_path):
    import subprocess

    url, control = site
    anna, case_url = start(url, control, ANNA)
    anna.patch(
        f"{case_url}/@form",
        json={"step": "byggnaden", "data": {"atgard": "Nybyggnad", "garage": True}},
    )
    anna.post(
        f"{case_url}/@attachments",
        data={"field": "ritning"},
        files={"file": ("garage.pdf", io.BytesIO(make_pdf_bytes()), "application/pdf")},
    )
    submitted = anna.post(f"{case_url}/@submit")
    assert submitted.status_code == 200, submitted.text
    receipt = tmp_path / "kvittens.pdf"
    receipt.write_bytes(anna.get(submitted.json()["receipt"]).content)
    text = subprocess.run(
        ["pdftotext", str(receipt), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Personnummer" in text and "19800101-****" in text
    assert "19800101-9820" not in text
    assert "Ingår ett garage?" in text
    assert "Ritning över garaget" in text and "garage.pdf" in text
    assert "Befintlig yta" not in text  # the hidden step is not part of it


def test_the_first_steps_name_stays_with_the_case(site):
    """A first step named by the communicators keeps its name in started drafts."""
    url, control = site
    anna, case_url = start(url, control, ANNA)
    assert anna.get(f"{case_url}/@form").json()["steps"][0]["title"] == (
        "Dina uppgifter"
    )
    transaction.begin()
    form = api.portal.get()["e-tjanster"]["bygglov"]["formular"]
    form.default_fieldset_label = "Sökande"
    transaction.commit()
    assert anna.get(f"{case_url}/@form").json()["steps"][0]["title"] == (
        "Dina uppgifter"
    )
    _, fresh_url = start(url, control, ANNA)
    assert anna.get(f"{fresh_url}/@form").json()["steps"][0]["title"] == "Sökande"
