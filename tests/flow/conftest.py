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

from helpers import make_eservice
from helpers import make_portal
from helpers import site_url


@pytest.fixture
def site(eid_site, simulators, tmp_path, monkeypatch):
    """(site URL, simulator control URL) with /e-tjanster/bygglov and its form."""
    monkeypatch.setattr(runner, "DISPATCH", "sync")
    sink = start_sink(tmp_path / "mail")
    portal = eid_site["portal"]
    registry = portal.portal_registry
    registry["plone.smtp_host"] = "127.0.0.1"
    registry["plone.smtp_port"] = sink.port
    registry["plone.email_from_address"] = "noreply@atvidaberg.se"
    registry["atvidaberg.etjanster.delivery_mailbox"] = "registrator@atvidaberg.se"
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(portal)
        eservice = make_eservice(catalog_page, "bygglov", title="Ansökan om bygglov")
        form = api.content.create(container=eservice, type="EasyForm", id="formular")
        form.fields_model = MODEL
        make_eservice(
            catalog_page,
            "signerad",
            title="Anmälan om eldstad",
            requires_signature=True,
            allows_protected_identity=True,
        )
        signed_form = api.content.create(
            container=catalog_page["signerad"], type="EasyForm", id="formular"
        )
        signed_form.fields_model = SIMPLE_MODEL
        closed = make_eservice(
            catalog_page,
            "stangd",
            title="Ansökan om parkeringstillstånd",
            available=False,
            unavailable_message="Öppnar igen i januari.",
        )
        api.content.create(
            container=closed, type="EasyForm", id="formular"
        ).fields_model = SIMPLE_MODEL
        make_eservice(catalog_page, "utan-formular", title="Anmälan om hund")
        simple = make_eservice(catalog_page, "enkel", title="Ansökan om grävtillstånd")
        api.content.create(
            container=simple, type="EasyForm", id="formular"
        ).fields_model = SIMPLE_MODEL
    transaction.commit()
    running, _ = simulators
    yield site_url(eid_site), running.url("control")
    sink.stop()


@pytest.fixture
def residents(site):
    url, control = site
    return lambda personal_number=ANNA: Resident(url, control, personal_number)
