"""Drafts untouched for the retention period are purged; submitted cases never."""

import logging
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import httpx
import transaction
from DateTime import DateTime
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from atvidaberg.etjanster.cases.cleanup import purge_old_drafts
from atvidaberg.etjanster.cases.guard import submitting

from helpers import site_url


def make_case(folder, state="draft", days_ago=0):
    with api.env.adopt_roles(["Manager"]):
        case_id = folder.invokeFactory(
            "Case", f"case-{days_ago}-{state}", title="Ansökan"
        )
        case = folder._getOb(case_id)  # unrestricted: a draft is its owner's alone
        if state != "draft":
            case.registration_number = "ETJ-2026-000001"
            with submitting(case):
                api.content.transition(case, "submit")
        case.setModificationDate(DateTime(datetime.now(UTC) - timedelta(days=days_ago)))
        case.reindexObject(idxs=["modified"])
    return case


def test_old_drafts_go_and_the_log_has_only_a_count(integration, caplog):
    portal = integration["portal"]
    folder = portal["arenden"]
    old = make_case(folder, days_ago=91)
    recent = make_case(folder, days_ago=89)
    submitted = make_case(folder, state="submitted", days_ago=400)
    with caplog.at_level(logging.INFO):
        assert purge_old_drafts() == 1
    assert old.getId() not in folder
    assert recent.getId() in folder and submitted.getId() in folder
    [record] = [r for r in caplog.records if "Purged" in r.getMessage()]
    assert record.getMessage() == "Purged 1 draft(s) untouched for 90 days"


def test_the_retention_period_is_a_setting(integration):
    portal = integration["portal"]
    api.portal.set_registry_record("atvidaberg.etjanster.draft_retention_days", 10)
    draft = make_case(portal["arenden"], days_ago=11)
    assert purge_old_drafts() == 1
    assert draft.getId() not in portal["arenden"]


def test_cron_purges_through_the_view_as_administrator(functional):
    make_case(functional["portal"]["arenden"], days_ago=100)
    transaction.commit()
    url = site_url(functional) + "/@@purge-drafts"
    assert httpx.post(url).status_code in (302, 401, 403)
    response = httpx.post(url, auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
    assert response.status_code == 200
    assert response.text == "1 draft(s) purged.\n"
