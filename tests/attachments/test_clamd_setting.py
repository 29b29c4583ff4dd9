"""The control panel's clamd setting decides whether uploads through REST are scanned.

clamd is a fake (``attachment_samples.FakeClamd``): a real socket server speaking
clamd's INSTREAM protocol, answering FOUND for the EICAR test string and OK for
everything else. Debian's clamav-daemon could be installed, but the test machines have
no clamd and no internet for its signatures; ``test_real_clamd.py`` checks the client
against a real clamd where there is one.
"""

import io
import socket

import httpx
import pytest
import transaction
from attachment_samples import EICAR
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import site_url

ANNA = "198001019820"
ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
INFECTED = "Filen innehåller virus eller annan skadlig kod och går inte att bifoga."
UNCHECKED = "Filen kunde inte kontrolleras mot virus just nu. Försök igen om en stund."


@pytest.fixture
def draft(eid_site, simulators):
    running, _ = simulators
    with api.env.adopt_roles(["Manager"]):
        make_eservice(make_portal(eid_site["portal"]), "bygglov", title="Bygglov")
    transaction.commit()
    url = site_url(eid_site)
    anna = eid_login(url, running.url("control"), ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    return url, anna, case_url


def configure(url, address):
    """Set the address as an administrator does, through @controlpanels/etjanster."""
    response = httpx.patch(
        f"{url}/@controlpanels/etjanster",
        headers=JSON,
        auth=ADMIN,
        json={"clamd_address": address},
    )
    assert response.status_code == 204, response.text


def upload(session, case_url, data, name="plan.pdf"):
    return session.post(
        f"{case_url}/@attachments",
        files={"file": (name, io.BytesIO(data), "application/pdf")},
    )


def infected_pdf(samples):
    # EICAR inside an otherwise valid PDF: the type check passes, the scanner decides.
    return samples["pdf"] + b"\n%" + EICAR + b"\n"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_eicar_is_refused_in_swedish_and_a_clean_file_accepted(
    draft, clamd_factory, samples
):
    url, anna, case_url = draft
    clamd = clamd_factory(tcp=True)
    configure(url, clamd.address)

    refused = upload(anna, case_url, infected_pdf(samples))
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["code"] == "infected"
    assert refused.json()["error"]["message"] == INFECTED
    assert anna.get(f"{case_url}/@attachments").json()["items"] == []

    accepted = upload(anna, case_url, samples["pdf"])
    assert accepted.status_code == 201, accepted.text
    # Both files went through clamd, whole.
    assert clamd.received == [infected_pdf(samples), samples["pdf"]]


def test_a_unix_socket_address_is_used_too(draft, clamd_factory, samples):
    url, anna, case_url = draft
    clamd = clamd_factory()
    configure(url, clamd.path)
    assert upload(anna, case_url, infected_pdf(samples)).status_code == 400
    assert upload(anna, case_url, samples["pdf"]).status_code == 201
    assert len(clamd.received) == 2


def test_a_dead_tcp_address_refuses_every_file(draft, samples):
    url, anna, case_url = draft
    configure(url, f"127.0.0.1:{free_port()}")  # nothing listens there
    refused = upload(anna, case_url, samples["pdf"])
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "scanner_unavailable"
    assert refused.json()["error"]["message"] == UNCHECKED
    assert anna.get(f"{case_url}/@attachments").json()["items"] == []


def test_a_missing_socket_refuses_every_file(draft, samples):
    url, anna, case_url = draft
    configure(url, "/tmp/no-such-clamd.sock")
    refused = upload(anna, case_url, samples["pdf"])
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "scanner_unavailable"


def test_a_broken_registry_value_fails_closed(draft, eid_site, samples):
    """Written to the registry past the form's check: still no unscanned file."""
    _, anna, case_url = draft
    registry = eid_site["portal"].portal_registry
    # As a script or an old export could: the value store, without the field's check.
    registry.records._values["atvidaberg.etjanster.clamd_address"] = "clamd:port"
    transaction.commit()
    refused = upload(anna, case_url, samples["pdf"])
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "scanner_unavailable"


def test_without_a_setting_files_are_not_scanned(draft, samples):
    _, anna, case_url = draft
    assert api.portal.get_registry_record("atvidaberg.etjanster.clamd_address") is None
    assert upload(anna, case_url, infected_pdf(samples)).status_code == 201
