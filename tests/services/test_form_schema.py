"""The JSON Schema of every field in ``GET <case>/@form`` says exactly what
``PATCH <case>/@form`` takes, for every field type of the demo's forms.

Two properties, over HTTP against the live demo portal, with values made by
Hypothesis (derandomized, a fixed number of examples):

- a value the field's schema allows is saved (values made from the schema itself);
- a value the form saves is one the schema allows (values of any JSON shape).

Empty values (null, "", []) are outside both: they clear an answer in a draft.
"""

import json
import re
from datetime import date

import jsonschema
import pytest
from hypothesis import HealthCheck
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

EXAMPLES = 10  # per field and property, besides the near misses
FARDTJANST = "/e-tjanster/ansokan-om-fardtjanst"
DRAFTS = [
    "/e-tjanster/ansokan-om-bygglov",
    FARDTJANST,
    "/e-tjanster/felanmalan-gata-och-park",
    "/e-tjanster/anmalan-om-andrad-inkomst",
]
# Rules that a JSON Schema cannot say: the examples of such fields are fixed.
CONSTRAINED = {
    "telefon": st.sampled_from(["0120-830 00", "+46 120 830 00", "070-123 45 67"]),
    "applicant_phone": st.sampled_from(["0120-830 00", "070-123 45 67"]),
    "epost": st.sampled_from(["anna@example.se", "a.b@kommun.atvidaberg.se"]),
    "applicant_email": st.sampled_from(["anna@example.se"]),
}
EMPTY = (None, "", [], {})
ONE_LINE = st.characters(exclude_characters="\r\n", exclude_categories=["Cs"])
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def from_schema(schema):
    """Values the schema allows, not empty."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema["type"]
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        low, high = schema.get("minimum"), schema.get("maximum")
        return st.integers(low, high) | st.floats(
            low, high, allow_nan=False, allow_infinity=False
        )
    if kind == "array":
        items = schema["items"]
        return st.lists(
            from_schema(items), min_size=1, unique=schema.get("uniqueItems", False)
        )
    if schema.get("format") == "date":
        return st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)
    alphabet = ONE_LINE if "pattern" in schema else st.characters(codec="utf-8")
    text = st.text(alphabet, min_size=1, max_size=schema.get("maxLength", 60))
    return text.filter(lambda value: value.strip())


any_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.dates().map(date.isoformat)
    | st.sampled_from(["2027-1-5", "20270105", "Rivning", "Färdtjänst"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=6,
)


def near_misses(schema):
    """Values close to what the schema allows, where a form may be too lenient."""
    enum = schema.get("enum") or (schema.get("items") or {}).get("enum") or ["Ja"]
    misses = [
        "2027-1-5",
        "20270105",
        "2027-02-30",
        "2027-01-05T10:00",
        " 2027-01-05",
        "12",
        "1,5",
        "1.5",
        True,
        1,
        1.5,
        -1,
        "rad ett\nrad två",
        enum[0].upper() if isinstance(enum[0], str) else enum[0],
        [enum[0]],
        enum[0],
        [enum[0], enum[0]],
    ]
    return misses


def fields_of(resident, case_url):
    """(step id, field name, schema) of every field a PATCH answers."""
    form = resident.get(f"{case_url}/@form").json()
    for step in form["steps"]:
        for name, schema in step["schema"]["properties"].items():
            if schema.get("widget") != "file" and not schema.get("readOnly"):
                yield step["id"], name, schema


def save(resident, case_url, step, name, value):
    answer = resident.patch(
        f"{case_url}/@form", json={"step": step, "data": {name: value}}
    )
    assert answer.status_code in (200, 400), answer.text
    return answer


def settings_():
    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


CHOSEN = {"step": "resor", "data": {"soker": ["Färdtjänst", "Riksfärdtjänst"]}}


@pytest.fixture
def drafts(demo_site):
    resident = demo_site.resident()
    return resident, {path: demo_site.draft(resident, path) for path in DRAFTS}


def each_field(resident, cases):
    """Every field of every draft, with färdtjänst's conditional step shown: it is
    chosen again before each field, since a value saved for "soker" may hide it."""
    for path, case_url in cases.items():

        def show_every_step(path=path, case_url=case_url):
            if path == FARDTJANST:
                answer = resident.patch(f"{case_url}/@form", json=CHOSEN)
                assert answer.status_code == 200, answer.text

        show_every_step()
        for step, name, schema in list(fields_of(resident, case_url)):
            show_every_step()
            yield case_url, step, name, schema


def test_the_schemas_are_json_schema_with_formats_and_values(drafts):
    resident, cases = drafts
    kinds = set()
    for _case, _step, name, schema in each_field(resident, cases):
        jsonschema.Draft202012Validator.check_schema(schema)
        kinds.add(schema.get("format") or schema["type"])
        if schema.get("widget") == "date":
            assert schema["format"] == "date", name
        for choice in (schema, schema.get("items") or {}):
            for value in choice.get("enum", ()):
                assert not re.search(r"\\x[0-9a-f]{2}", json.dumps(value)), name
    assert kinds >= {"string", "integer", "number", "boolean", "array", "date"}


def saves_what_the_schema_allows(resident, case_url, step, name, schema):
    @settings_()
    @given(CONSTRAINED[name] if name in CONSTRAINED else from_schema(schema))
    def check(value):
        answer = save(resident, case_url, step, name, value)
        assert answer.status_code == 200, (name, value, answer.text)

    return check


def allows_what_the_form_saves(resident, case_url, step, name, schema):
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)

    @settings_()
    @given(any_json.filter(lambda value: value not in EMPTY))
    def check(value):
        answer = save(resident, case_url, step, name, value)
        if answer.status_code == 200:
            errors = [e.message for e in validator.iter_errors(value)]
            assert errors == [], (name, value)
        else:
            [error] = answer.json()["errors"]
            assert error["field"] == name

    for value in near_misses(schema):  # tried first, every time
        check = example(value)(check)
    return check


def test_a_value_the_schema_allows_is_saved(drafts):
    resident, cases = drafts
    for field in each_field(resident, cases):
        saves_what_the_schema_allows(resident, *field)()


def test_a_value_the_form_saves_is_one_the_schema_allows(drafts):
    resident, cases = drafts
    for field in each_field(resident, cases):
        allows_what_the_form_saves(resident, *field)()
