"""The demo portal live, with residents logged in through the eID simulators and the
demo's staff accounts: the REST API as clients meet it (fixture ``demo_site`` in
this folder's conftest)."""

from dataclasses import dataclass

import httpx

from helpers import eid_login

ANNA = "198001019820"
OFFICER = ("handlaggare", "handlaggare-demo")  # Samhällsbyggnadsförvaltningen
FELANMALAN = "/e-tjanster/felanmalan-gata-och-park"
BYGGLOV = "/e-tjanster/ansokan-om-bygglov"
A_REPORT = {
    "typ": "Gatubelysning",
    "plats": "Storgatan 12",
    "beskrivning": "Lampan lyser inte.",
}


@dataclass
class DemoSite:
    url: str
    control: str

    def resident(self, personal_number=ANNA):
        """A resident's client, logged in with BankID; it sends the portal's own
        Origin, as the portal's pages do."""
        client = eid_login(self.url, self.control, personal_number)
        client.headers["Origin"] = self.url.split("/plone")[0]
        return client

    def staff(self, username, password):
        return httpx.Client(
            base_url=self.url,
            auth=(username, password),
            headers={"Accept": "application/json"},
            timeout=30,
        )

    def anonymous(self):
        return httpx.Client(
            base_url=self.url, headers={"Accept": "application/json"}, timeout=30
        )

    def draft(self, resident, eservice=BYGGLOV):
        answer = resident.post(f"{eservice}/@start")
        assert answer.status_code in (200, 201), answer.text
        return answer.json()["@id"]

    def submitted_report(self, resident):
        """A felanmälan sent in: handled by the demo's building officer."""
        case_url = self.draft(resident, FELANMALAN)
        saved = resident.patch(
            f"{case_url}/@form", json={"step": "felet", "data": A_REPORT}
        )
        assert saved.status_code == 200, saved.text
        sent = resident.post(f"{case_url}/@submit")
        assert sent.status_code == 200, sent.text
        return case_url
