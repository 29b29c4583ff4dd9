"""The demo's case officers handle what residents send to their unit, and only that.

A case is made as a submission leaves it (owner, e-service, unit, the workflow's
``submit``); then each demo account is asked what it may do with it.
"""

import pytest
from plone import api

from atvidaberg.etjanster.cases.guard import submitting
from atvidaberg.etjanster.cases.start import case_folder
from atvidaberg.etjanster.demo.content import create_demo_content
from atvidaberg.etjanster.handling.units import HANDLERS_RECORD
from atvidaberg.etjanster.handling.units import groups_for_unit

HANDLE = "atvidaberg.etjanster: Handle cases"
STAFF = (
    "handlaggare",
    "handlaggare-skola",
    "skyddad-handlaggare",
    "registrator",
    "kommunikator",
)


def sent_in(portal, eservice_id, protected=False):
    eservice = portal["e-tjanster"][eservice_id]
    case = api.content.create(
        container=case_folder(), type="Case", id=f"demo-{eservice_id}", title="Case"
    )
    case.eservice_uid = api.content.get_uuid(eservice)
    case.protected_identity = protected
    case.responsible_unit = eservice.responsible_unit
    with submitting(case):
        api.content.transition(case, transition="submit")
    case.reindexObject()
    return case


def who_may(case, permission):
    allowed = set()
    for username in STAFF:
        with api.env.adopt_user(username=username):
            if api.user.has_permission(permission, obj=case):
                allowed.add(username)
    return allowed


def listed_to(case, username):
    with api.env.adopt_user(username=username):
        found = api.content.find(portal_type="Case", UID=api.content.get_uuid(case))
    return bool(found)


@pytest.mark.parametrize(
    ("eservice_id", "officer"),
    [
        ("ansokan-om-bygglov", "handlaggare"),
        ("felanmalan-gata-och-park", "handlaggare"),
        ("ansokan-om-forskoleplats", "handlaggare-skola"),
    ],
)
def test_the_units_officer_handles_a_case_and_the_others_do_not(
    manager, eservice_id, officer
):
    case = sent_in(manager, eservice_id)
    assert who_may(case, HANDLE) == {officer}
    assert who_may(case, "View") == {officer, "registrator"}
    assert listed_to(case, officer)
    assert listed_to(case, "registrator")
    assert not listed_to(case, "skyddad-handlaggare")
    assert not listed_to(case, "kommunikator")


def test_a_protected_residents_case_goes_to_the_protected_case_officer(manager):
    case = sent_in(manager, "ansokan-om-bygglov", protected=True)
    assert who_may(case, "View") == {"skyddad-handlaggare"}
    assert who_may(case, HANDLE) == {"skyddad-handlaggare"}
    assert listed_to(case, "skyddad-handlaggare")
    assert not listed_to(case, "handlaggare")


def test_the_officer_takes_a_case(manager):
    case = sent_in(manager, "ansokan-om-bygglov")
    with api.env.adopt_user(username="handlaggare"):
        api.content.transition(case, transition="start_review")
    assert api.content.get_state(case) == "in_review"


def test_running_the_profile_again_keeps_the_administrators_mapping(manager):
    changed = [
        line.replace("handlaggare-samhallsbyggnad", "bygglovsenheten")
        for line in api.portal.get_registry_record(HANDLERS_RECORD)
    ]
    api.portal.set_registry_record(HANDLERS_RECORD, changed)
    create_demo_content(None)
    assert api.portal.get_registry_record(HANDLERS_RECORD) == changed
    assert groups_for_unit("Samhällsbyggnadsförvaltningen") == ["bygglovsenheten"]
    assert api.group.get(groupname="bygglovsenheten") is not None
