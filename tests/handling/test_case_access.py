"""Who sees a sent-in case: its resident, its unit's officers and the registrars;
a protected resident's case only the protected-case group. Tried over HTTP."""

import transaction
from handling_site import ANNA
from handling_site import BENGT
from handling_site import CECILIA
from plone import api


def status(client, url):
    return client.get(url).status_code


def test_the_units_officers_see_a_case_and_others_do_not(handling):
    anna, case_url = handling.submitted_case(ANNA)
    assert status(anna, case_url) == 200
    assert status(handling.staff("hanna"), case_url) == 200
    assert status(handling.staff("rita"), case_url) == 200  # registrar
    for outsider in ("olle", "petra"):
        answer = handling.staff(outsider).get(case_url)
        assert answer.status_code in (401, 403, 404), outsider
        assert "Ekbacken" not in answer.text
    bengt = handling.resident(BENGT)
    assert status(bengt, case_url) in (401, 403, 404)


def test_a_protected_residents_case_is_seen_only_by_the_protected_group(handling):
    cecilia, case_url = handling.submitted_case(CECILIA)
    assert status(cecilia, case_url) == 200
    assert status(handling.staff("petra"), case_url) == 200
    for other in ("hanna", "olle", "rita"):
        answer = handling.staff(other).get(case_url)
        assert answer.status_code in (401, 403, 404), other
        assert "Ekbacken" not in answer.text


def test_the_catalog_lists_a_case_to_those_who_may_see_it(handling):
    handling.submitted_case(ANNA)
    handling.submitted_case(CECILIA)
    catalog = api.portal.get_tool("portal_catalog")
    transaction.begin()  # see what the server committed

    def numbers_for(username):
        with api.env.adopt_user(username=username):
            return [
                brain.registration_number
                for brain in catalog(portal_type="Case", sort_on="case_received")
            ]

    assert len(numbers_for("hanna")) == 1
    assert len(numbers_for("petra")) == 1
    assert numbers_for("hanna") != numbers_for("petra")
    assert numbers_for("olle") == []
    assert numbers_for("rita") == numbers_for("hanna")


def test_changing_the_mapping_moves_the_cases_to_the_new_group(handling):
    _, case_url = handling.submitted_case(ANNA)
    olle = handling.staff("olle")
    assert status(olle, case_url) in (401, 403, 404)
    transaction.begin()  # as an administrator's request would, see the server's commits
    registry = handling.portal.portal_registry
    registry["atvidaberg.etjanster.unit_handlers"] = [
        "Samhällsbyggnadsförvaltningen | handlaggare-skola",
    ]
    transaction.commit()
    assert status(olle, case_url) == 200
    assert status(handling.staff("hanna"), case_url) in (401, 403, 404)
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username="olle"):
        assert len(catalog(portal_type="Case")) == 1


def test_a_registrar_reading_the_messages_leaves_them_unread(handling):
    anna, case_url = handling.submitted_case(ANNA)
    hanna = handling.staff("hanna")
    sent = hanna.post(f"{case_url}/@messages", json={"text": "Vi behöver en ritning."})
    assert sent.status_code == 201, sent.text
    assert handling.staff("rita").get(f"{case_url}/@messages").status_code == 200

    def unread():
        ongoing = anna.get("/@my-cases").json()["ongoing"]
        return [item["unread"] for item in ongoing]

    assert unread() == [1]  # the registrar's look did not count as the resident's
    anna.get(f"{case_url}/@messages")
    assert unread() == [0]


def test_a_protected_residents_message_is_told_to_the_protected_group_only(handling):
    cecilia, case_url = handling.submitted_case(CECILIA)
    sent = cecilia.post(f"{case_url}/@messages", json={"text": "Här är ritningen."})
    assert sent.status_code == 201, sent.text
    notices = [m for m in handling.mails() if "Nytt meddelande" in m["Subject"]]
    assert len(notices) == 1
    assert notices[0]["To"] == "petra@example.se"  # the protected-case group's member
    assert "Här är ritningen" not in notices[0].get_body(("plain",)).get_content()
