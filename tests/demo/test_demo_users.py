"""The demo accounts that `make start` prints."""

import pytest
from plone import api

ACCOUNTS = [
    ("kommunikator", "kommunikator-demo", "Kommunikatorer"),
    ("medarbetare", "medarbetare-demo", "Medarbetare"),
    ("fortroendevald", "fortroendevald-demo", "Fortroendevalda"),
]


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
