"""Small helpers shared by the tests: content as a communicator would make it."""

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
