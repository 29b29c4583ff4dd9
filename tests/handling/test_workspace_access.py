"""Nobody but the case's own officers gets a case's handling page or may use its
forms: an officer of another unit, the registrar, the protected-case group (for an
ordinary case), the resident herself, another resident and anonymous visitors are
refused on GET and on every POST, each with a valid CSRF token of their own."""

import httpx
from handling_site import ANNA
from handling_site import BENGT
from handling_site import CECILIA
from test_workspace_support import handling_url
from test_workspace_support import resident_browser
from test_workspace_support import staff
from test_workspace_support import text_of

ACTIONS = {
    "take": {},
    "assign": {},
    "start_review": {},
    "close": {"decision": "Avslag."},
    "reopen": {},
    "message": {"text": "Hej från fel håll"},
    "completion": {"text": "Komplettera från fel håll"},
    "note": {"note": "Anteckning från fel håll"},
}


def own_token(browser):
    """The visitor's own CSRF token, from their personal preferences page."""
    _, page = browser.page("/@@personal-information")
    return page.select_one("input[name=_authenticator]")["value"]


def assert_refused(response, *secrets):
    """Refused, with nothing of the case: Plone sends a session without the right to
    its login, which shows "insufficient privileges" to those logged in."""
    assert response.status_code in (302, 401, 403, 404), response.status_code
    for secret in secrets:
        assert secret not in response.text
    if response.status_code == 302:
        location = response.headers["location"]
        assert "/require_login?" in location, location


def state_seen_by(officer, case_url):
    _, page = officer.page(handling_url(case_url))
    found = page.select_one(".etjanster-handling__facts")
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in found.select("dt")
    }
    return facts["Status"], facts["Handläggare"], text_of(page)


def visitors(handling, *names):
    """Browsers of staff and residents by name, each with their own token."""
    residents = {"anna": ANNA, "bengt": BENGT}
    found = {}
    for name in names:
        if name in residents:
            browser = resident_browser(handling, residents[name])
        else:
            browser = staff(handling, name)
        found[name] = (browser, own_token(browser))
    return found


def try_everything(handling, case_url, outsiders, *secrets):
    url = handling_url(case_url)
    for name, (browser, token) in outsiders.items():
        assert_refused(browser.get(url), *secrets)
        shown = browser.get(url, follow_redirects=True)
        assert "Ekbacken" not in shown.text
        assert str(shown.url).endswith("/insufficient-privileges"), name
        for action, data in ACTIONS.items():
            answer = browser.http.post(
                url, data={"action": action, "_authenticator": token, **data}
            )
            assert answer.status_code in (302, 401, 403, 404), (name, action)
            assert_refused(answer, *secrets)
    anonymous = httpx.Client(base_url=handling.url, headers={"Accept": "text/html"})
    assert_refused(anonymous.get(url), *secrets)
    for action, data in ACTIONS.items():
        assert_refused(anonymous.post(url, data={"action": action, **data}), *secrets)


def test_only_the_units_officers_handle_a_case(handling):
    _, case_url = handling.submitted_case(ANNA)
    _, page = staff(handling, "hanna").page(handling_url(case_url))
    number = page.select_one(".etjanster-handling__facts dd").get_text(strip=True)
    outsiders = visitors(handling, "olle", "rita", "petra", "anna", "bengt")
    try_everything(handling, case_url, outsiders, "Ekbacken", number)

    # Nothing of it happened.
    status, officer, text = state_seen_by(staff(handling, "hanna"), case_url)
    assert status.startswith("Nytt")
    assert officer.startswith("Ingen")
    assert "fel håll" not in text
    assert "Inga meddelanden än." in text


def test_a_protected_case_is_handled_by_the_protected_group_alone(handling):
    _, case_url = handling.submitted_case(CECILIA)
    outsiders = visitors(handling, "hanna", "olle", "rita")
    try_everything(handling, case_url, outsiders, "Ekbacken", "Cecilia")

    petra = staff(handling, "petra")
    _, page = petra.page(handling_url(case_url))
    assert "Ekbacken 1:23" in text_of(page)
    assert petra.press(handling_url(case_url), "take").status_code == 302
    status, officer, text = state_seen_by(petra, case_url)
    assert (status, officer) == ("Under handläggning", "petra")
    assert "fel håll" not in text


def test_the_registrar_sees_a_case_but_does_not_handle_it(handling):
    _, case_url = handling.submitted_case(ANNA)
    rita = staff(handling, "rita")
    assert rita.get(case_url).status_code == 200  # the case itself: a record
    receipt = rita.get(f"{case_url}/@@receipt")
    assert receipt.status_code == 200
    assert_refused(rita.get(handling_url(case_url)), "Ekbacken")
