"""Every field type a communicator can put in a form: its exact JSON Schema in
``@form``, the JSON values ``PATCH @form`` takes, and the Swedish messages for the
ones it does not (issue 9, item 9)."""

import pytest
import transaction
from plone import api

from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import site_url

ANNA = "198001019820"

MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="rad" type="zope.schema.TextLine">
      <title>Rad</title><required>False</required><max_length>10</max_length>
    </field>
    <field name="text" type="zope.schema.Text">
      <title>Text</title><required>False</required><min_length>3</min_length>
    </field>
    <field name="antal" type="zope.schema.Int">
      <title>Antal</title><required>False</required><min>1</min><max>10</max>
    </field>
    <field name="hojd" type="zope.schema.Float">
      <title>Höjd</title><required>False</required><min>0.5</min>
    </field>
    <field name="belopp" type="zope.schema.Decimal">
      <title>Belopp</title><required>False</required><max>1000</max>
    </field>
    <field name="dag" type="zope.schema.Date">
      <title>Dag</title><required>False</required>
    </field>
    <field name="tid" type="zope.schema.Datetime">
      <title>Tid</title><required>False</required>
    </field>
    <field name="ja" type="zope.schema.Bool">
      <title>Ja eller nej</title><required>False</required>
    </field>
    <field name="val" type="zope.schema.Choice">
      <title>Val</title><required>False</required>
      <values><element>Ärende</element><element>Annat</element></values>
    </field>
    <field name="flera" type="zope.schema.Set">
      <title>Flera</title><required>False</required>
      <value_type type="zope.schema.Choice">
        <values><element>Rött</element><element>Grönt</element></values>
      </value_type>
    </field>
    <field name="lista" type="zope.schema.List">
      <title>Lista</title><required>False</required>
      <value_type type="zope.schema.Choice">
        <values><element>Ett</element><element>Två</element></values>
      </value_type>
    </field>
    <field name="epost" type="plone.schema.email.Email">
      <title>E-post</title><required>False</required>
    </field>
    <field name="telefon" type="atvidaberg.etjanster.formfields.fields.Phone">
      <title>Telefon</title><required>False</required>
    </field>
  </schema>
</model>"""


@pytest.fixture
def draft(eid_site, simulators):
    running, _ = simulators
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(make_portal(eid_site["portal"]), "alla-typer")
        add_form(eservice, MODEL)
    transaction.commit()
    anna = eid_login(site_url(eid_site), running.url("control"), ANNA)
    anna.headers["Origin"] = site_url(eid_site).split("/plone")[0]
    case_url = anna.post("/e-tjanster/alla-typer/@start").json()["@id"]
    return anna, case_url


def schema_of(anna, case_url):
    [step] = anna.get(f"{case_url}/@form").json()["steps"]
    return step["schema"]["properties"]


def without_texts(schema):
    return {
        key: value
        for key, value in schema.items()
        if key not in ("title", "description", "factory", "vocabulary", "widget")
    }


def test_each_field_type_has_an_exact_schema(draft):
    properties = schema_of(*draft)
    exact = {name: without_texts(schema) for name, schema in properties.items()}
    one_line = "^[^\\r\\n]*$"
    assert exact["rad"] == {"type": "string", "maxLength": 10, "pattern": one_line}
    assert exact["text"] == {"type": "string", "minLength": 3}
    assert exact["antal"] == {"type": "integer", "minimum": 1, "maximum": 10}
    assert exact["hojd"] == {"type": "number", "minimum": 0.5}
    assert exact["belopp"]["type"] == "number"
    assert exact["belopp"]["maximum"] == 1000
    assert exact["dag"] == {"type": "string", "format": "date"}
    assert exact["tid"] == {"type": "string", "format": "date-time"}
    assert exact["ja"] == {"type": "boolean"}
    assert exact["val"]["enum"] == ["Ärende", "Annat"]
    assert exact["val"]["choices"] == [["Ärende", "Ärende"], ["Annat", "Annat"]]
    assert exact["flera"]["type"] == "array"
    assert exact["flera"]["uniqueItems"] is True
    assert exact["flera"]["items"]["enum"] == ["Rött", "Grönt"]
    assert exact["lista"]["uniqueItems"] is False
    assert exact["epost"]["format"] == "email"
    assert exact["telefon"]["pattern"] == one_line


GOOD = {
    "rad": ("Mården 4", "Mården 4"),
    "text": ("Ett\nlängre svar", "Ett\nlängre svar"),
    "antal": (10, 10),
    "hojd": (1, 1.0),
    "belopp": (999, "999"),  # plone.restapi writes decimals as strings
    "dag": ("2027-05-01", "2027-05-01"),
    "ja": (False, False),
    "val": ("Ärende", "Ärende"),
    "flera": (["Rött", "Grönt"], None),
    "lista": (["Två", "Två"], ["Två", "Två"]),
    "epost": ("anna@example.se", "anna@example.se"),
    "telefon": ("0120-830 00", "0120-830 00"),
}


def test_each_field_type_takes_its_json_values(draft):
    anna, case_url = draft
    for name, (sent, read_back) in GOOD.items():
        answer = anna.patch(
            f"{case_url}/@form", json={"data": {name: sent}, "step": "default"}
        )
        assert answer.status_code == 200, (name, answer.text)
        if read_back is not None:
            assert anna.get(f"{case_url}/@form").json()["data"][name] == read_back
    data = anna.get(f"{case_url}/@form").json()["data"]
    assert sorted(data["flera"]) == ["Grönt", "Rött"]


def test_a_date_and_time_is_iso_8601(draft):
    anna, case_url = draft
    answer = anna.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"tid": "2027-05-01T10:00:00+02:00"}},
    )
    assert answer.status_code == 200, answer.text
    saved = anna.get(f"{case_url}/@form").json()["data"]["tid"]
    assert saved.startswith("2027-05-01T08:00:00")


BAD = [
    ("rad", "elva tecken", "Använd högst 10 tecken."),
    ("text", "ab", "Använd minst 3 tecken."),
    ("antal", 11, "Ange högst 10."),
    ("antal", "5", "Ange ett heltal."),
    ("hojd", 0.25, "Ange minst 0,5."),
    ("belopp", 1000.5, "Ange högst 1000."),
    ("belopp", "12", "Ange ett tal."),
    ("dag", "2027-5-1", "Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-11-27."),
    ("tid", "1 maj 2027", "Ange datum och tid."),
    ("ja", 1, "Svara ja eller nej (true eller false)."),
    ("val", "ärende", "Välj ett av alternativen."),
    ("flera", ["Rött", "Rött"], "Välj bland alternativen (en lista)."),
    ("flera", ["Blått"], "Välj bland alternativen (en lista)."),
    ("lista", "Ett", "Välj bland alternativen (en lista)."),
    ("epost", "anna@", "Ange en e-postadress i formen namn@exempel.se."),
    ("telefon", "ring mig", None),
]


def test_each_wrong_value_gets_a_swedish_message_at_its_field(draft):
    anna, case_url = draft
    for name, value, message in BAD:
        answer = anna.patch(
            f"{case_url}/@form", json={"step": "default", "data": {name: value}}
        )
        assert answer.status_code == 400, (name, value, answer.text)
        [error] = answer.json()["errors"]
        assert error["field"] == name
        if message is not None:
            assert error["message"] == message, (name, value)
        assert "Object is of wrong type" not in error["message"]
    assert anna.get(f"{case_url}/@form").json()["data"] == {}
