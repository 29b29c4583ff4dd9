"""The demo e-services' forms: what a resident is asked, step by step.

The forms are EasyForms that the demo profile puts into the e-services, as a
communicator would with the form editor. The steps are read through the case's step
engine (``cases.form``), the same way a started case reads them.
"""

import pytest
from plone import api
from plone.supermodel import loadString
from plone.supermodel import serializeSchema

from atvidaberg.etjanster.cases.form import eservice_form
from atvidaberg.etjanster.cases.form import form_steps
from atvidaberg.etjanster.cases.form import snapshot
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.start import ensure_case_folder
from atvidaberg.etjanster.demo.eservice_data import EXTERNAL_ID
from atvidaberg.etjanster.formfields.fields import IStepCondition

from helpers import eid_login
from helpers import site_url

ANNA = "198001019820"
PERSONAL_DETAILS = [
    "applicant_name",
    "applicant_personal_number",
    "applicant_email",
    "applicant_phone",
]
WITH_ADDRESS = [
    "applicant_name",
    "applicant_personal_number",
    "applicant_street_address",
    "applicant_postal_code",
    "applicant_city",
    "applicant_email",
    "applicant_phone",
]
# The steps of each demo form, as (id, title), in order, shown or not.
STEPS = {
    "felanmalan-gata-och-park": [("felet", "Felet")],
    "anmalan-om-andrad-inkomst": [("inkomst", "Ny inkomst")],
    "ansokan-om-bygglov": [
        ("sokande", "Dina uppgifter"),
        ("fastighet", "Fastighet och åtgärd"),
        ("byggnaden", "Byggnaden"),
        ("bilagor", "Bilagor"),
    ],
    "ansokan-om-fardtjanst": [
        ("sokande", "Dina uppgifter"),
        ("funktionsnedsattning", "Din funktionsnedsättning"),
        ("resor", "Vad du söker"),
        ("riksfardtjanst", "Riksfärdtjänst"),
    ],
}


@pytest.fixture
def etjanster(manager):
    return manager["e-tjanster"]


def easyforms(eservice):
    return [c for c in eservice.objectValues() if c.portal_type == "EasyForm"]


def new_case(eservice, id_):
    """A case started from ``eservice``, as ``@start`` keeps it: with a form copy."""
    case = api.content.create(
        container=ensure_case_folder(), type="Case", id=id_, title=eservice.title
    )
    case.form_model, case.default_step_title = snapshot(eservice)
    return case


@pytest.fixture
def case_of(etjanster):
    def make(eservice_id):
        return new_case(etjanster[eservice_id], f"demo-{eservice_id}")

    return make


def steps_by_id(case):
    return {step.id: step for step in form_steps(case, api.env.getRequest())}


def shown(case):
    return [step.id for step in visible_steps(case, api.env.getRequest())]


def test_the_eservices_with_forms_have_one_private_form_each(etjanster, find_as):
    with_forms = {
        e.getId()
        for e in etjanster.listFolderContents({"portal_type": "EService"})
        if easyforms(e)
    }
    assert with_forms == set(STEPS)
    assert EXTERNAL_ID not in with_forms
    for eservice_id in STEPS:
        [form] = easyforms(etjanster[eservice_id])
        assert form.Title() == "Formulär"
        assert api.content.get_state(form) == "private"
    # Residents fill in the form through the e-service, never on EasyForm's own page.
    assert not find_as(None, portal_type="EasyForm")
    assert not find_as("medarbetare", portal_type="EasyForm")


@pytest.mark.parametrize("eservice_id", sorted(STEPS))
def test_the_form_comes_in_the_expected_steps(case_of, eservice_id):
    steps = form_steps(case_of(eservice_id), api.env.getRequest())
    assert [(step.id, step.title) for step in steps] == STEPS[eservice_id]
    for step in steps:
        assert step.fields, step.id
        assert all(str(f.title).strip() for f in step.fields), step.id


@pytest.mark.parametrize("eservice_id", sorted(STEPS))
def test_the_form_uses_only_field_types_the_editor_offers(etjanster, eservice_id):
    """A communicator can open every demo form in the field editor and change it."""
    offered = set(api.portal.get_registry_record("easyform.allowedFields"))
    model = eservice_form(etjanster[eservice_id]).fields_model
    schema = loadString(model).schema
    used = {
        f"{type(f).__module__}.{type(f).__name__}"
        for _, f in schema.namesAndDescriptions()
    }
    assert used <= offered
    # Saving in the field editor writes the model again; the steps must survive it.
    again = loadString(serializeSchema(schema)).schema
    assert list(again) == list(schema)
    for name in schema:
        if IStepCondition.providedBy(schema[name]):
            assert again[name].depends_on == schema[name].depends_on
            assert again[name].expected == schema[name].expected


def test_a_short_form_without_login_asks_no_personal_details(case_of, etjanster):
    """Felanmälan needs no e-legitimation: contact details are optional, the photo too."""
    assert etjanster["felanmalan-gata-och-park"].requires_eid is False
    [step] = form_steps(case_of("felanmalan-gata-och-park"), api.env.getRequest())
    fields = {f.getName(): f for f in step.fields}
    assert not [name for name in fields if name.startswith("applicant_")]
    assert [n for n, f in fields.items() if f.required] == [
        "typ",
        "plats",
        "beskrivning",
    ]
    assert fields["foto"].__class__.__name__ == "NamedBlobFile"


def test_a_one_step_form_with_personal_details_but_no_address(case_of):
    [step] = form_steps(case_of("anmalan-om-andrad-inkomst"), api.env.getRequest())
    names = [f.getName() for f in step.fields]
    assert names[: len(PERSONAL_DETAILS)] == PERSONAL_DETAILS
    assert "applicant_street_address" not in names
    required = {f.getName() for f in step.fields if f.required}
    assert {"galler_fran", "inkomst", "andring"} <= required
    assert "underlag" not in required


def test_bygglov_asks_for_the_address_and_pdf_attachments_and_is_signed(
    case_of, etjanster
):
    bygglov = etjanster["ansokan-om-bygglov"]
    assert bygglov.requires_eid and bygglov.requires_signature
    assert bygglov.attachment_types == ["pdf"]
    steps = steps_by_id(case_of("ansokan-om-bygglov"))
    assert [f.getName() for f in steps["sokande"].fields] == WITH_ADDRESS
    files = {
        f.getName(): f.required
        for f in steps["bilagor"].fields
        if f.__class__.__name__ == "NamedBlobFile"
    }
    assert files == {
        "situationsplan": True,
        "ritningar": True,
        "fullmakt": False,
        "ovriga_handlingar": False,
    }
    kinds = {f.__class__.__name__ for step in steps.values() for f in step.fields}
    assert {"Choice", "Date", "Int", "Float", "Bool", "Text"} <= kinds


def test_the_riksfardtjanst_step_shows_only_when_it_is_sought(case_of):
    case = case_of("ansokan-om-fardtjanst")
    before = ["sokande", "funktionsnedsattning", "resor"]
    assert shown(case) == before  # not answered yet
    case.answers["soker"] = {"Färdtjänst"}
    assert shown(case) == before
    case.answers["soker"] = {"Färdtjänst", "Riksfärdtjänst"}
    assert shown(case) == [*before, "riksfardtjanst"]
    case.answers["soker"] = {"Riksfärdtjänst"}
    assert shown(case) == [*before, "riksfardtjanst"]


def test_the_condition_names_a_field_of_an_earlier_step(case_of):
    """A condition naming no earlier field would show its step to everyone."""
    steps = form_steps(case_of("ansokan-om-fardtjanst"), api.env.getRequest())
    conditional = [i for i, step in enumerate(steps) if step.conditions]
    assert conditional == [len(steps) - 1]
    [condition] = steps[-1].conditions
    earlier = {f.getName(): f for step in steps[:-1] for f in step.fields}
    target = earlier[condition.depends_on]
    assert condition.expected in target.value_type.vocabulary.by_value


def test_only_the_fardtjanst_form_has_a_conditional_step(case_of):
    for eservice_id in STEPS:
        conditions = [
            step.id
            for step in form_steps(case_of(eservice_id), api.env.getRequest())
            if step.conditions
        ]
        expected = ["riksfardtjanst"] if eservice_id == "ansokan-om-fardtjanst" else []
        assert conditions == expected, eservice_id


# A resident's view over REST, logged in with BankID at the simulators.


@pytest.fixture
def resident(demo_functional, eid_site, simulators):
    running, _ = simulators
    return eid_login(site_url(demo_functional), running.url("control"), ANNA)


def start(resident, eservice_id):
    response = resident.post(f"/e-tjanster/{eservice_id}/@start")
    assert response.status_code in (200, 201), response.text
    return response.json()["@id"]


def test_a_resident_fills_in_bygglov_step_by_step(resident):
    case_url = start(resident, "ansokan-om-bygglov")
    form = resident.get(f"{case_url}/@form").json()
    assert [(s["id"], s["title"]) for s in form["steps"]] == STEPS["ansokan-om-bygglov"]
    assert form["data"]["applicant_street_address"] == "Storgatan 12"
    assert form["steps"][0]["complete"] is True
    saved = resident.patch(
        f"{case_url}/@form",
        json={
            "step": "fastighet",
            "data": {
                "fastighetsbeteckning": "Åtvidaberg Mården 4",
                "atgard": "Ändrad användning",
                "byggnadstyp": "Enbostadshus",
                "beskrivning": "Garaget blir ett gästrum.",
            },
        },
    )
    assert saved.status_code == 200, saved.text
    form = resident.get(f"{case_url}/@form").json()
    complete = {s["id"]: s["complete"] for s in form["steps"]}
    # The drawings are still missing: the application cannot be sent in yet.
    assert complete == {
        "sokande": True,
        "fastighet": True,
        "byggnaden": True,
        "bilagor": False,
    }
    assert form["complete"] is False
    bilagor = form["steps"][-1]
    assert set(bilagor["schema"]["required"]) == {"situationsplan", "ritningar"}


def test_a_resident_sees_the_riksfardtjanst_step_when_choosing_it(resident):
    case_url = start(resident, "ansokan-om-fardtjanst")

    def step_ids():
        return [s["id"] for s in resident.get(f"{case_url}/@form").json()["steps"]]

    assert "riksfardtjanst" not in step_ids()
    refused = resident.patch(
        f"{case_url}/@form",
        json={"step": "riksfardtjanst", "data": {"resmal": "Göteborg"}},
    )
    assert refused.status_code == 400
    chosen = resident.patch(
        f"{case_url}/@form",
        json={"step": "resor", "data": {"soker": ["Färdtjänst", "Riksfärdtjänst"]}},
    )
    assert chosen.status_code == 200, chosen.text
    assert step_ids()[-1] == "riksfardtjanst"
    resident.patch(
        f"{case_url}/@form", json={"step": "resor", "data": {"soker": ["Färdtjänst"]}}
    )
    assert "riksfardtjanst" not in step_ids()
