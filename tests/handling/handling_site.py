"""A live site where cases are sent in and handled: one e-service per unit, the unit
mapping set, and staff in the groups that handle them.

Residents log in through the BankID simulator; staff with basic auth. Mail goes to a
real SMTP sink, delivered in the committing thread.
"""

import email
import email.policy
from dataclasses import dataclass

import httpx
import transaction
from plone import api

from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.sink import start_sink

from helpers import EMAIL_MODEL
from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import make_user
from helpers import send_mail_to
from helpers import site_url

ANNA = "198001019820"
BENGT = "197503159837"
CECILIA = "199006229844"  # sekretessmarkering: protected identity
BUILDING_UNIT = "Samhällsbyggnadsförvaltningen"
SCHOOL_UNIT = "Barn- och utbildningsförvaltningen"
BUILDING_ADDRESS = "bygg@atvidaberg.se"
RESIDENT_ADDRESS = "anna.andersson@example.se"
PASSWORD = "handlaggare-test-1"
# user: group
STAFF = {
    "hanna": "handlaggare-bygg",  # handles the building unit's cases
    "olle": "handlaggare-skola",  # another unit
    "petra": "skyddade-arenden",  # the protected-case group
    "rita": "registratorer",
}


@dataclass
class HandlingSite:
    url: str
    control: str
    sink: object
    portal: object

    def resident(self, personal_number=ANNA):
        return eid_login(self.url, self.control, personal_number)

    def staff(self, username):
        return httpx.Client(
            base_url=self.url,
            auth=(username, PASSWORD),
            headers={"Accept": "application/json"},
        )

    def draft(self, client, eservice="bygglov", email=None):
        """A draft started and filled in by ``client`` (a resident's): its URL."""
        case_url = client.post(f"/e-tjanster/{eservice}/@start").json()["@id"]
        data = {"fastighet": "Ekbacken 1:23"}
        if email:
            data["applicant_email"] = email
        saved = client.patch(
            f"{case_url}/@form", json={"step": "default", "data": data}
        )
        assert saved.status_code == 200, saved.text
        return case_url

    def submitted_case(self, personal_number=ANNA, eservice="bygglov", email=None):
        """A resident's case, sent in: (the resident's client, the case's URL)."""
        resident = self.resident(personal_number)
        case_url = self.draft(resident, eservice, email)
        sent = resident.post(f"{case_url}/@submit")
        assert sent.status_code == 200, sent.text
        return resident, case_url

    def mails(self):
        """The e-mails received so far, parsed."""
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in self.sink.messages()
        ]


def build(eid_site, simulators, tmp_path, monkeypatch):
    """Set up the site; the caller stops ``.sink`` when done."""
    monkeypatch.setattr(runner, "DISPATCH", "sync")
    sink = start_sink(tmp_path / "mail")
    portal = eid_site["portal"]
    send_mail_to(portal, sink.port)
    registry = portal.portal_registry
    registry["atvidaberg.etjanster.unit_handlers"] = [
        f"{BUILDING_UNIT} | handlaggare-bygg | {BUILDING_ADDRESS}",
        f"{SCHOOL_UNIT} | handlaggare-skola",
    ]
    with api.env.adopt_roles(["Manager"]):
        for group in sorted(set(STAFF.values())):
            api.group.create(groupname=group)
        for username, group in STAFF.items():
            make_user(username, PASSWORD, group)
        services = make_portal(portal)
        building = make_eservice(
            services,
            "bygglov",
            title="Ansökan om bygglov",
            responsible_unit=BUILDING_UNIT,
            allows_protected_identity=True,
        )
        add_form(building, EMAIL_MODEL)
        school = make_eservice(
            services,
            "skolskjuts",
            title="Ansökan om skolskjuts",
            responsible_unit=SCHOOL_UNIT,
        )
        add_form(school, EMAIL_MODEL)
    transaction.commit()
    running, _ = simulators
    return HandlingSite(site_url(eid_site), running.url("control"), sink, portal)
