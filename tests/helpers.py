"""Small helpers shared by the tests: content as a communicator would make it."""

import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import transaction
from plone import api
from plone.app.textfield.value import RichTextValue


def html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


def make_portal(site, **fields):
    fields.setdefault("title", "Självserviceportal")
    portal = api.content.create(
        container=site, type="EServicePortal", id="e-tjanster", **fields
    )
    api.content.transition(portal, "publish")
    return portal


def make_eservice(container, id, publish=True, **fields):
    fields.setdefault("title", id.replace("-", " ").capitalize())
    eservice = api.content.create(container=container, type="EService", id=id, **fields)
    if publish:
        transition = (
            "publish" if eservice.audience == "everyone" else "publish_internal"
        )
        api.content.transition(eservice, transition)
    return eservice


def make_user(username, password, group=None):
    api.user.create(
        email=f"{username}@example.se", username=username, password=password
    )
    if group:
        api.group.add_user(groupname=group, username=username)


def make_pdf_bytes(title="Blankett"):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=title)
    return bytes(pdf.output())


def site_url(layer):
    return f"http://{layer['host']}:{layer['port']}/plone"


def eid_login(site, control, personal_number, came_from=None, headers=None):
    """A browser-like client logged in as ``personal_number`` through BankID's QR flow.

    ``session.came_from`` is where the login sends the browser afterwards; ``headers``
    are sent with every request of the client (e.g. X-Forwarded-For)."""
    import httpx

    session = httpx.Client(
        base_url=site, headers={"Accept": "application/json", **(headers or {})}
    )
    start = {"provider": "bankid", "device": "other"}
    if came_from is not None:
        start["cameFrom"] = came_from
    started = session.post("/@eid/start", json=start)
    assert started.status_code == 200, started.text
    approved = httpx.post(
        f"{control}/sim/bankid/approve",
        json={"qr": started.json()["qr"], "personalNumber": personal_number},
    )
    assert approved.status_code == 200, approved.text
    answer = session.post(
        "/@eid/collect", json={"transaction": started.json()["transaction"]}
    ).json()
    assert answer["status"] == "complete", answer
    session.user_id = answer["user"]["id"]
    session.answer = answer  # collect's whole answer (claims, user, token)
    session.token = answer["token"]
    session.came_from = answer["cameFrom"]
    return session


FAULT_REPORT = "/e-tjanster/felanmalan-gata-och-park"  # one step, no e-legitimation
A_FAULT = {"typ": "Gatubelysning", "plats": "Storgatan 12", "beskrivning": "Mörkt."}


def submit_fault_report(resident):
    """A demo fault report sent in over REST by ``resident`` (an ``eid_login``
    client, its ``Origin`` set); (the case's URL, ``@submit``'s answer)."""
    draft = resident.post(f"{FAULT_REPORT}/@start")
    assert draft.status_code in (200, 201), draft.text
    case = draft.json()["@id"]
    saved = resident.patch(f"{case}/@form", json={"step": "felet", "data": A_FAULT})
    assert saved.status_code == 200, saved.text
    sent = resident.post(f"{case}/@submit")
    assert sent.status_code == 200, sent.text
    return case, sent.json()


# A form of one step with one required text field, the smallest an e-service can have.
ONE_FIELD_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="fastighet" type="zope.schema.TextLine">
      <title>Fastighetsbeteckning</title>
    </field>
  </schema>
</model>"""

# A form with the answer ``applicant_email`` (``cases.personal_details.EMAIL``) as a
# plain optional field, as the personal-details block gives it: notices go there.
EMAIL_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="fastighet" type="zope.schema.TextLine">
      <title>Fastighetsbeteckning</title>
    </field>
    <field name="applicant_email" type="zope.schema.TextLine">
      <title>E-post</title>
      <required>False</required>
    </field>
  </schema>
</model>"""


def add_form(eservice, model, **fields):
    """The e-service's form, as a communicator builds it: an EasyForm inside it."""
    form = api.content.create(
        container=eservice, type="EasyForm", id="formular", **fields
    )
    form.fields_model = model
    return form


def send_mail_to(portal, port, mailbox="registrator@atvidaberg.se"):
    """Outgoing mail to the SMTP server (a test sink) at ``port`` on this machine."""
    registry = portal.portal_registry
    registry["plone.smtp_host"] = "127.0.0.1"
    registry["plone.smtp_port"] = port
    registry["plone.email_from_address"] = "noreply@atvidaberg.se"
    registry["atvidaberg.etjanster.delivery_mailbox"] = mailbox


SERVICES = Path(__file__).resolve().parents[1] / "src/atvidaberg/etjanster/services"
_SERVICE = re.compile(r"<plone:service\b(.*?)/>", re.S)
_ATTRIBUTE = re.compile(r'\b(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Endpoint:
    """A REST service the add-on registers (``services/**/configure.zcml``)."""

    name: str  # "@form"
    method: str  # "PATCH"
    context: str  # the interface it is registered for, dotted


def registered_services():
    found = set()
    for zcml in SERVICES.rglob("configure.zcml"):
        for match in _SERVICE.finditer(zcml.read_text(encoding="utf-8")):
            attributes = dict(_ATTRIBUTE.findall(match.group(1)))
            found.add(
                Endpoint(attributes["name"], attributes["method"], attributes["for"])
            )
    return sorted(found, key=lambda e: (e.name, e.method))


def registered_endpoints():
    """The names of every REST endpoint the add-on adds."""
    return sorted({endpoint.name for endpoint in registered_services()})


def calls_of(monkeypatch, module_name, name):
    """Count the calls of ``module_name.name`` wherever a module of the add-on took it.

    Every module that bound the function (``from ... import name``) gets the counting
    wrapper, so no import style escapes the count.
    """
    original = getattr(importlib.import_module(module_name), name)
    calls = []

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    for module in list(sys.modules.values()):
        if (getattr(module, "__name__", "") or "").startswith(
            "atvidaberg.etjanster"
        ) and getattr(module, name, None) is original:
            monkeypatch.setattr(module, name, counting)
    return calls


def eid_eservice(eid_site, simulators, model, **fields):
    """An e-service "bygglov" with the form ``model`` on the eID site, committed.

    Returns the site's URL and the simulators' control URL."""
    running, _ = simulators
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(make_portal(eid_site["portal"]), "bygglov", **fields)
        add_form(eservice, model)
    transaction.commit()
    return site_url(eid_site), running.url("control")
