"""The flow tests' e-service forms and a resident's browser without JavaScript.

The residents log in through the BankID simulator (``helpers.eid_login``) and then
use the pages as a browser without JavaScript would: GET a page, read its form, POST.
"""

from bs4 import BeautifulSoup

from helpers import eid_login

ANNA = "198001019820"
BENGT = "197503159837"
FIELDS = "atvidaberg.etjanster.formfields.fields"
KOMMUNER = "".join(
    f"<element>{name}</element>"
    for name in (
        "Åtvidaberg",
        "Linköping",
        "Norrköping",
        "Finspång",
        "Kinda",
        "Valdemarsvik",
    )
)
MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="uppgifter" type="{FIELDS}.PersonalDetails">
      <title>Dina uppgifter</title>
      <include_address>True</include_address>
    </field>
    <fieldset name="byggnaden" label="Byggnaden" description="Berätta om det du vill bygga.">
      <field name="info" type="collective.easyform.fields.Label">
        <title>Uppgifterna står sedan i beslutet.</title>
      </field>
      <field name="hjalp" type="collective.easyform.fields.RichLabel">
        <title>Hjälp</title>
        <rich_label>&lt;p&gt;Läs &lt;a href="https://www.boverket.se"&gt;Boverkets råd&lt;/a&gt;.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</rich_label>
      </field>
      <field name="atgard" type="zope.schema.Choice">
        <title>Åtgärd</title>
        <values><element>Nybyggnad</element><element>Tillbyggnad</element></values>
      </field>
      <field name="yta" type="zope.schema.Int">
        <title>Byggnadsarea</title>
        <description>I kvadratmeter, till exempel 120.</description>
      </field>
      <field name="hojd" type="zope.schema.Float">
        <title>Byggnadshöjd</title>
        <required>False</required>
      </field>
      <field name="byggstart" type="zope.schema.Date">
        <title>Planerad byggstart</title>
        <required>False</required>
      </field>
      <field name="garage" type="zope.schema.Bool">
        <title>Ingår ett garage?</title>
        <required>False</required>
      </field>
      <field name="fasad" type="zope.schema.Set">
        <title>Fasadmaterial</title>
        <required>False</required>
        <value_type type="zope.schema.Choice">
          <values><element>Trä</element><element>Puts</element><element>Tegel</element></values>
        </value_type>
      </field>
      <field name="kommun" type="zope.schema.Choice">
        <title>Kommun där du bor</title>
        <required>False</required>
        <values>{KOMMUNER}</values>
      </field>
      <field name="beskrivning" type="zope.schema.Text">
        <title>Beskrivning</title>
        <required>False</required>
      </field>
    </fieldset>
    <fieldset name="tillbyggnad" label="Tillbyggnaden">
      <field name="villkor" type="{FIELDS}.StepCondition">
        <title>Bara vid tillbyggnad</title>
        <depends_on>atgard</depends_on>
        <expected>Tillbyggnad</expected>
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


# One step, without the personal-details block.
SIMPLE_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="fastighet" type="zope.schema.TextLine">
      <title>Fastighetsbeteckning</title>
    </field>
    <field name="beskrivning" type="zope.schema.Text">
      <title>Beskrivning</title>
      <required>False</required>
    </field>
  </schema>
</model>"""


class Resident:
    """A logged-in resident's browser without JavaScript: pages, forms, buttons."""

    def __init__(self, site, control, personal_number):
        self.http = eid_login(site, control, personal_number)
        self.http.headers["Accept"] = "text/html"

    def get(self, url, **kw):
        return self.http.get(url, **kw)

    def page(self, url):
        response = self.http.get(url, follow_redirects=True)
        assert response.status_code == 200, response.text
        return response, soup(response)

    def start(self, eservice="bygglov"):
        """Press "Starta" on the e-service's start page; the URL of the first step."""
        _response, page = self.page(f"/e-tjanster/{eservice}/@@start")
        form = page.select_one("form.etjanster-start-form")
        started = self.http.post(form["action"], data=hidden_inputs(form))
        assert started.status_code == 302, started.text
        return started.headers["location"]

    def submit(self, url, data=None, button=("action", "next"), files=None):
        """Fill in the form on ``url`` (keeping the other fields) and press ``button``."""
        _, page = self.page(url)
        form = page.select_one("form.etjanster-form") or page.select_one(
            "form[method=post]"
        )
        values = current_values(form)
        values.update(data or {})
        values[button[0]] = button[1]
        return self.http.post(form["action"], data=values, files=files)


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def hidden_inputs(form):
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def current_values(form):
    """What a browser would send for the form as it stands (without any button)."""
    values = {}
    for element in form.select("input, textarea, select"):
        name = element.get("name")
        if not name or element.get("type") in ("file", "submit"):
            continue
        if element.name == "textarea":
            values[name] = element.get_text()
        elif element.name == "select":
            chosen = element.select_one("option[selected]")
            values[name] = chosen["value"] if chosen else ""
        elif element.get("type") in ("radio", "checkbox"):
            if element.has_attr("checked"):
                values.setdefault(name, []).append(element["value"])
        else:
            values[name] = element.get("value", "")
    return values


def text_of(page):
    return page.get_text(" ", strip=True)
