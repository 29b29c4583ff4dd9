"""A site with e-services whose forms use every kind of field a resident meets."""

import pytest
import transaction
from flow_site import ANNA
from flow_site import MODEL
from flow_site import SIMPLE_MODEL
from flow_site import Resident
from plone import api

from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.sink import start_sink

from helpers import add_form
from helpers import make_eservice
from helpers import make_portal
from helpers import send_mail_to
from helpers import site_url


@pytest.fixture
def site(eid_site, simulators, tmp_path, monkeypatch):
    """(site URL, simulator control URL) with /e-tjanster/bygglov and its form."""
    monkeypatch.setattr(runner, "DISPATCH", "sync")
    sink = start_sink(tmp_path / "mail")
    portal = eid_site["portal"]
    send_mail_to(portal, sink.port)
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(portal)
        eservice = make_eservice(catalog_page, "bygglov", title="Ansökan om bygglov")
        add_form(eservice, MODEL)
        make_eservice(
            catalog_page,
            "signerad",
            title="Anmälan om eldstad",
            requires_signature=True,
            allows_protected_identity=True,
        )
        add_form(catalog_page["signerad"], SIMPLE_MODEL)
        closed = make_eservice(
            catalog_page,
            "stangd",
            title="Ansökan om parkeringstillstånd",
            available=False,
            unavailable_message="Öppnar igen i januari.",
        )
        add_form(closed, SIMPLE_MODEL)
        make_eservice(catalog_page, "utan-formular", title="Anmälan om hund")
        simple = make_eservice(catalog_page, "enkel", title="Ansökan om grävtillstånd")
        add_form(simple, SIMPLE_MODEL)
    transaction.commit()
    running, _ = simulators
    yield site_url(eid_site), running.url("control")
    sink.stop()


@pytest.fixture
def residents(site):
    url, control = site
    return lambda personal_number=ANNA: Resident(url, control, personal_number)
