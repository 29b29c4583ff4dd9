"""Attachments of a draft: checked by content, downloaded only by those who may see."""

import io
import os

import httpx
import pytest
import transaction
from fpdf import FPDF
from plone import api

from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import site_url

ANNA = "198001019820"
BENGT = "197503159837"


def pdf_bytes():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Situationsplan")
    return bytes(pdf.output())


@pytest.fixture
def draft(eid_site, simulators):
    running, _ = simulators
    with api.env.adopt_roles(["Manager"]):
        make_eservice(make_portal(eid_site["portal"]), "bygglov", title="Bygglov")
    transaction.commit()
    url, control = site_url(eid_site), running.url("control")
    anna = eid_login(url, control, ANNA)
    case_url = anna.post("/e-tjanster/bygglov/@start").json()["@id"]
    return url, control, anna, case_url


def upload(session, case_url, name, data):
    return session.post(
        f"{case_url}/@attachments",
        files={"file": (name, io.BytesIO(data), "application/pdf")},
    )


def test_a_pdf_is_attached_and_downloaded_as_a_file(draft):
    _, _, anna, case_url = draft
    data = pdf_bytes()
    response = upload(anna, case_url, "situationsplan.pdf", data)
    assert response.status_code == 201, response.text
    attachment = response.json()
    assert attachment["content_type"] == "application/pdf"
    assert attachment["size"] == len(data)
    download = anna.get(attachment["download"])
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-disposition"].startswith("attachment")
    listed = anna.get(f"{case_url}/@attachments").json()["items"]
    assert [a["filename"] for a in listed] == ["situationsplan.pdf"]


def test_a_renamed_executable_is_refused_in_swedish(draft):
    _, _, anna, case_url = draft
    response = upload(
        anna, case_url, "faktura.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 64
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "type_mismatch"
    assert error["message"].startswith("Filnamnet säger")
    assert anna.get(f"{case_url}/@attachments").json()["items"] == []


def test_others_cannot_download_or_attach(draft):
    url, control, anna, case_url = draft
    download = upload(anna, case_url, "plan.pdf", pdf_bytes()).json()["download"]
    bengt = eid_login(url, control, BENGT)
    assert bengt.get(download).status_code in (401, 403, 404)
    anonymous = httpx.get(download)
    assert anonymous.status_code in (302, 401, 403, 404)  # 302: to the login page
    assert b"%PDF" not in anonymous.content
    assert upload(bengt, case_url, "plan.pdf", pdf_bytes()).status_code in (
        401,
        403,
        404,
    )


def test_the_owner_removes_an_attachment(draft):
    _, _, anna, case_url = draft
    attachment = upload(anna, case_url, "plan.pdf", pdf_bytes()).json()
    assert anna.delete(attachment["@id"]).status_code == 204
    assert anna.get(attachment["download"]).status_code == 404
    assert anna.delete(attachment["@id"]).status_code == 404


def test_the_eservice_decides_types_and_sizes(draft, eid_site):
    _, _, anna, case_url = draft
    eservice = eid_site["portal"]["e-tjanster"]["bygglov"]
    eservice.attachment_types = ["png"]
    eservice.max_file_mb = 1
    transaction.commit()
    refused = upload(anna, case_url, "plan.pdf", pdf_bytes())
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "type_not_allowed"
    assert "PNG" in refused.json()["error"]["message"]
    from PIL import Image

    big = io.BytesIO()  # noise does not compress: about 1.9 MB
    Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3)).save(big, "PNG")
    too_large = upload(anna, case_url, "foto.png", big.getvalue())
    assert too_large.status_code == 400
    assert too_large.json()["error"]["code"] == "too_large"
    assert "1 MB" in too_large.json()["error"]["message"]
