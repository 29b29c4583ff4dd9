"""Who reads a case's answers, and a log line when someone without a role on it does.

The registrar's ``@form`` is refused as the handling page refuses them (they have the
receipt, with the personnummer masked). The Zope administrator who created the portal
reads every case (documented); such reads, and anyone else's without a role on the
case, are logged without personal data. Tried over HTTP.
"""

import logging

import httpx
import transaction
from handling_site import ANNA
from handling_site import CECILIA
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from atvidaberg.etjanster.cases.start import case_folder

JSON = {"Accept": "application/json"}
ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
READS = "atvidaberg.etjanster.reads"


def draft(handling, personal_number=ANNA):
    resident = handling.resident(personal_number)
    return resident, handling.draft(resident)


def test_the_registrar_gets_no_answers_the_officer_does(handling):
    _anna, case_url = handling.submitted_case(ANNA)
    refused = handling.staff("rita").get(f"{case_url}/@form")
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "Forbidden"
    assert "19800101" not in refused.text and "Ekbacken" not in refused.text
    answers = handling.staff("hanna").get(f"{case_url}/@form")
    assert answers.status_code == 200
    assert answers.json()["data"]["fastighet"] == "Ekbacken 1:23"


def test_a_read_without_a_role_on_the_case_is_logged_without_personal_data(
    handling, caplog
):
    """The Zope administrator who created the portal is Owner of it, and Zope gives
    that role to every object below: they read every case (documented in
    docs/administrators.md). Such a read is logged, without personal data.
    """
    _anna, draft_url = draft(handling)
    cecilia, protected_url = handling.submitted_case(CECILIA)
    transaction.begin()
    cases = [case_folder()[url.rsplit("/", 1)[1]] for url in (draft_url, protected_url)]
    caplog.set_level(logging.INFO, logger=READS)
    for url in (draft_url, protected_url):
        assert httpx.get(url, auth=ADMIN, headers=JSON).status_code == 200
        # The answers stay the applicant's and the officers' (as for the registrar).
        assert httpx.get(f"{url}/@form", auth=ADMIN, headers=JSON).status_code == 403
    lines = [r.getMessage() for r in caplog.records if r.name == READS]
    assert len(lines) == 4, lines
    for line, case in zip(lines, [cases[0]] * 2 + [cases[1]] * 2, strict=True):
        assert f"user={SITE_OWNER_NAME}" in line
        assert f"case={api.content.get_uuid(case)}" in line
        assert "method=GET" in line
    assert "view=-" in lines[0] and "view=@form" in lines[1]
    assert "state=draft" in lines[0] and "number=-" in lines[0]
    assert f"number={cases[1].registration_number}" in lines[2]
    assert "protected=True" in lines[2]
    text = "\n".join(lines)
    for personal in ("19800101", "800101", "19900622", "900622", "Anna", "Cecilia"):
        assert personal not in text
    assert "Andersson" not in text and "Ekbacken" not in text
    # The resident and the protected-case officer read without a line.
    caplog.clear()
    assert cecilia.get(f"{protected_url}/@form").status_code == 200
    assert handling.staff("petra").get(f"{protected_url}/@form").status_code == 200
    assert not [r for r in caplog.records if r.name == READS]
