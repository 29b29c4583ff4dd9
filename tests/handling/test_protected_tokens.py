"""A protected resident's case made with nothing but a REST token (renewed, even) is
a protected case: only the protected-case group reads it. And a resident who became
protected after starting a draft sends it in protected. Tried over HTTP."""

import httpx
import transaction
from handling_site import ANNA
from handling_site import CECILIA

from atvidaberg.etjanster.pas.setup import get_plugin

JSON = {"Accept": "application/json"}


def token_of(handling, personal_number):
    """The token of a login at the simulators, renewed once by ``@login-renew``."""
    login = handling.resident(personal_number)  # a browser-like client, then dropped
    token = login.token
    login.close()
    renewed = httpx.post(
        f"{handling.url}/@login-renew",
        headers={**JSON, "Authorization": f"Bearer {token}"},
    )
    assert renewed.status_code == 200, renewed.text
    return renewed.json()["token"]


def assert_only_the_protected_group_reads(handling, case_url):
    for other in ("hanna", "rita"):  # the unit's officer, the registrar
        answer = handling.staff(other).get(f"{case_url}/@form")
        assert answer.status_code in (401, 403, 404), other
        assert "Ekbacken" not in answer.text
    assert handling.staff("petra").get(f"{case_url}/@form").status_code == 200


def test_a_case_made_with_a_renewed_token_is_protected(handling):
    token = token_of(handling, CECILIA)
    with httpx.Client(
        base_url=handling.url, headers={**JSON, "Authorization": f"Bearer {token}"}
    ) as client:
        case_url = handling.draft(client)
        sent = client.post(f"{case_url}/@submit")
        assert sent.status_code == 200, sent.text
    assert_only_the_protected_group_reads(handling, case_url)


def test_protection_gained_after_the_draft_holds_at_submission(handling):
    anna = handling.resident(ANNA)
    case_url = handling.draft(anna)
    # The register now says Anna is protected (her next login wrote it on her record).
    transaction.begin()
    plugin = get_plugin()
    plugin.remember(ANNA, plugin._users[anna.user_id]["fullname"], protected=True)
    transaction.commit()
    sent = anna.post(f"{case_url}/@submit")
    assert sent.status_code == 200, sent.text
    assert_only_the_protected_group_reads(handling, case_url)
