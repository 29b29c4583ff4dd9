"""A resident fills in a form in real Chromium with JavaScript switched off, by keyboard.

The flow is plain HTML: every step is a form that posts, and errors come back as a
page of their own. axe checks a step with errors and the review page (WCAG 2.1 AA).
"""

import re

import pytest
import transaction
from playwright.sync_api import expect
from plone import api

from a11y import wcag_violations
from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import site_url

ANNA = "198001019820"
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
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
      <field name="yta" type="zope.schema.Int">
        <title>Byggnadsarea</title>
        <description>I kvadratmeter, till exempel 120.</description>
      </field>
      <field name="byggstart" type="zope.schema.Date">
        <title>Planerad byggstart</title>
        <required>False</required>
      </field>
      <field name="fasad" type="zope.schema.Set">
        <title>Fasadmaterial</title>
        <required>False</required>
        <value_type type="zope.schema.Choice">
          <values><element>Trä</element><element>Puts</element></values>
        </value_type>
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
  </schema>
</model>"""


@pytest.fixture
def site(eid_site, simulators):
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(
            make_portal(eid_site["portal"]), "bygglov", title="Ansökan om bygglov"
        )
        add_form(eservice, MODEL)
    transaction.commit()
    running, _ = simulators
    return site_url(eid_site), running.url("control")


@pytest.fixture
def page(chromium, site):
    """Anna's browser, logged in, with JavaScript disabled."""
    url, control = site
    session = eid_login(url, control, ANNA)
    context = chromium.new_context(locale="sv-SE", java_script_enabled=False)
    context.add_cookies(
        [{"name": c.name, "value": c.value, "url": url} for c in session.cookies.jar]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def wcag_violations_without_script(page):
    """axe-core on the page exactly as the browser without JavaScript has it.

    axe needs script (and timers) to run, which this context does not have; it
    checks a copy of the page's DOM instead, with the page's own scripts left out,
    in a context of its own.
    """
    html = SCRIPT.sub("", page.content())
    context = page.context.browser.new_context(locale="sv-SE")
    try:
        copy = context.new_page()
        copy.set_content(html, wait_until="load")
        return wcag_violations(copy)
    finally:
        context.close()


def test_a_multi_step_form_by_keyboard_without_javascript(page, site):
    url, _ = site
    page.goto(f"{url}/e-tjanster/bygglov/@@start")
    start = page.get_by_role("button", name="Starta", exact=True)
    start.focus()
    page.keyboard.press("Enter")

    # Step 1: the details from the login; Enter in a field means "Nästa".
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Steg 1 av 2: Dina uppgifter"
    )
    expect(page.get_by_text("19800101-9820")).to_be_visible()
    page.get_by_label("E-post").focus()
    page.keyboard.type("anna@example.se")
    page.keyboard.press("Enter")

    # Step 2: "Nästa" without the required answers comes back with the errors.
    expect(page.get_by_role("heading", level=1)).to_have_text("Steg 2 av 2: Byggnaden")
    expect(page.locator("[aria-current=step]")).to_have_text("Byggnaden")
    page.get_by_label("Byggnadsarea").focus()
    page.keyboard.type("många")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Det finns fel i formuläret")
    assert page.title().startswith("Fel: Steg 2 av 2: Byggnaden")
    expect(page.get_by_label("Byggnadsarea")).to_have_value("många")
    expect(page.get_by_label("Byggnadsarea")).to_have_attribute("aria-invalid", "true")
    assert wcag_violations_without_script(page) == []

    # From the summary, the keyboard reaches the first field with an error.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_text("Åtgärd: Välj ett svar.")
    page.keyboard.press("Enter")
    page.get_by_label("Tillbyggnad").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Tillbyggnad")).to_be_checked()
    page.get_by_label("Byggnadsarea").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("1 200")
    page.get_by_label("Puts").focus()
    page.keyboard.press("Space")
    page.get_by_label("Beskrivning").focus()
    page.keyboard.type("Ett uterum mot söder.")
    page.get_by_role("button", name="Nästa").focus()
    page.keyboard.press("Enter")

    # The answer brings a third step.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Steg 3 av 3: Tillbyggnaden"
    )
    page.get_by_label("Befintlig yta").focus()
    page.keyboard.type("85")
    page.keyboard.press("Enter")

    # The review: every step's answers, and the send-in button.
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska och skicka in")
    expect(page.get_by_text("Ett uterum mot söder.")).to_be_visible()
    expect(page.get_by_text("1200", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ändra Tillbyggnaden")).to_be_visible()
    expect(page.get_by_role("button", name="Skicka in")).to_be_visible()
    assert wcag_violations_without_script(page) == []
