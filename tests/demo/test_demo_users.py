"""The demo accounts that `make start` prints, and who handles the demo's cases."""

import pytest
from plone import api

from atvidaberg.etjanster.demo.eservice_data import ESERVICES
from atvidaberg.etjanster.handling.units import functional_address
from atvidaberg.etjanster.handling.units import groups_for_unit
from atvidaberg.etjanster.handling.units import handles_protected_cases
from atvidaberg.etjanster.handling.units import protected_case_group
from atvidaberg.etjanster.handling.units import registrar_group
from atvidaberg.etjanster.handling.units import units_of

ACCOUNTS = [
    ("kommunikator", "kommunikator-demo", "Kommunikatorer"),
    ("medarbetare", "medarbetare-demo", "Medarbetare"),
    ("fortroendevald", "fortroendevald-demo", "Fortroendevalda"),
    ("handlaggare", "handlaggare-demo", "handlaggare-samhallsbyggnad"),
    ("handlaggare-skola", "handlaggare-skola-demo", "handlaggare-barn-och-utbildning"),
    ("skyddad-handlaggare", "skyddad-demo", "skyddade-arenden"),
    ("registrator", "registrator-demo", "registratorer"),
]
BUILDING_UNIT = "Samhällsbyggnadsförvaltningen"
SCHOOL_UNIT = "Barn- och utbildningsförvaltningen"


@pytest.mark.parametrize(("username", "password", "group"), ACCOUNTS)
def test_demo_account_logs_in_and_is_in_its_group(portal, username, password, group):
    user = api.user.get(username=username)
    assert user is not None
    assert user.getProperty("fullname")
    assert user.getProperty("email")
    groups = {g.getId() for g in api.group.get_groups(username=username)}
    assert group in groups
    request = portal.REQUEST
    assert portal.acl_users.authenticate(username, password, request) is not None
    assert portal.acl_users.authenticate(username, "wrong-password", request) is None


def test_communicator_may_edit_the_eservices(portal):
    eservice = portal["e-tjanster"]["ansokan-om-bygglov"]
    with api.env.adopt_user(username="kommunikator"):
        assert api.user.has_permission("Modify portal content", obj=eservice)
    with api.env.adopt_user(username="medarbetare"):
        assert not api.user.has_permission("Modify portal content", obj=eservice)


def test_every_unit_of_the_demo_eservices_has_officers_and_an_address(portal):
    units = {eservice["responsible_unit"] for eservice in ESERVICES}
    assert BUILDING_UNIT in units
    for unit in units:
        groups = groups_for_unit(unit)
        assert groups, unit
        for group in groups:
            assert api.group.get(groupname=group) is not None, group
        assert functional_address(unit).endswith("@atvidaberg.se"), unit
    assert functional_address(BUILDING_UNIT) == "bygg@atvidaberg.se"


def test_the_multi_step_bygglov_eservice_is_handled_by_handlaggare(portal):
    bygglov = portal["e-tjanster"]["ansokan-om-bygglov"]
    assert len(bygglov["formular"].fields_model.split("<fieldset")) > 2  # steps
    officer = api.user.get(username="handlaggare")
    assert units_of(officer) == [bygglov.responsible_unit]
    assert units_of(api.user.get(username="handlaggare-skola")) == [SCHOOL_UNIT]


def test_protected_cases_and_registrars_have_their_own_accounts(portal):
    assert protected_case_group() == "skyddade-arenden"
    assert registrar_group() == "registratorer"
    assert handles_protected_cases(api.user.get(username="skyddad-handlaggare"))
    for username in ("handlaggare", "handlaggare-skola", "registrator"):
        assert not handles_protected_cases(api.user.get(username=username)), username
    # Neither of them handles a unit's ordinary cases.
    assert units_of(api.user.get(username="skyddad-handlaggare")) == []
    assert units_of(api.user.get(username="registrator")) == []


def test_case_handlers_get_no_global_role(portal):
    """A global CaseOfficer or Registrar would see every case, protected ones too."""
    for username in ("handlaggare", "skyddad-handlaggare", "registrator"):
        roles = set(api.user.get_roles(username=username))
        assert not roles & {"CaseOfficer", "Registrar", "Manager", "Site Administrator"}
