"""The axe check measures the page at rest: the same answer however slow the machine.

A button whose colours are in a CSS transition is the case that made the suite fail
now and then (Barceloneta's 0.15 s transitions measured half-way). Here the
transition lasts long and holds its starting colours until its end (``steps(1,
end)``), so that a measurement in the middle is certain to see them.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from a11y import WCAG_21_AA
from a11y import PageNotAtRest
from a11y import wcag_violations

PAGE = """<!DOCTYPE html>
<html lang="sv"><head><title>Mätning</title><style>
  button { background-color: #eeeeee; color: #ffffff; border: 0; padding: 1em;
           transition: background-color 1.5s steps(1, end); }
  button.ready { background-color: #005a80; }
  .spinner { animation: turn 1s linear infinite; width: 1em; height: 1em; }
  @keyframes turn { to { transform: rotate(360deg); } }
</style></head>
<body><main><h1>Mätning</h1><button class="{button}">Skicka in</button>{extra}</main>
</body></html>"""


def load(page, button="", extra=""):
    page.set_content(PAGE.replace("{button}", button).replace("{extra}", extra))


def contrast_violations(page):
    """axe run as before, with no wait: what the check saw mid-transition."""
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    )
    return [v["id"] for v in results.response["violations"]]


def test_a_button_in_its_transition_is_measured_after_it(page):
    load(page)
    # The theme's colour arrives, as when a stylesheet or the focus changes it.
    page.evaluate("document.querySelector('button').classList.add('ready')")
    # Held in the middle of its transition, the button fails: white on light grey.
    page.evaluate("document.getAnimations().forEach(a => a.pause())")
    assert contrast_violations(page) == ["color-contrast"]
    # Let go, the check waits for the transition's end and finds white on dark blue.
    page.evaluate("document.getAnimations().forEach(a => a.play())")
    assert wcag_violations(page) == []
    assert page.evaluate("document.getAnimations().length") == 0


def test_a_real_contrast_fault_is_still_found(page):
    load(page)
    [violation] = wcag_violations(page)
    assert violation.startswith("color-contrast (serious)")


def test_a_page_that_never_comes_to_rest_is_not_measured(page):
    load(page, button="ready", extra='<div class="spinner"></div>')
    with pytest.raises(PageNotAtRest, match=r"turn on div\.spinner"):
        wcag_violations(page)
