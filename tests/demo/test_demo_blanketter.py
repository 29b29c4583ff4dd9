"""The three demo blanketter: real A4 PDFs to print, fill in, sign and hand in."""

import re

import pytest
from plone import api

from atvidaberg.etjanster.controlpanel.settings import DEFAULT_CATEGORIES
from atvidaberg.etjanster.demo import pdf as pdf_module
from atvidaberg.etjanster.demo.blanketter import BLANKETTER
from atvidaberg.etjanster.demo.blanketter import pdf_for

A4_MEDIABOX = re.compile(rb"/MediaBox \[0 0 595\.28 841\.89\]")
IDS = [data["id"] for data in BLANKETTER]


@pytest.fixture
def folder(portal):
    return portal["e-tjanster"]["blanketter"]


def test_folder_holds_three_published_blanketter(folder, find_as):
    assert folder.portal_type == "Folder"
    assert folder.Title() == "Blanketter"
    assert api.content.get_state(folder) == "published"
    blanketter = folder.listFolderContents({"portal_type": "Blankett"})
    assert [b.getId() for b in blanketter] == IDS
    visible = [b.getId for b in find_as(None, portal_type="Blankett")]
    assert sorted(visible) == sorted(IDS)


@pytest.mark.parametrize("blankett_id", IDS)
def test_blankett_fields_tell_how_to_hand_it_in(folder, blankett_id):
    blankett = folder[blankett_id]
    assert blankett.category in DEFAULT_CATEGORIES
    assert "597 81 Åtvidaberg" in blankett.postal_address
    assert blankett.contact_centre is True
    assert blankett.signature_required is True
    assert blankett.submission_email is None or blankett.submission_email.endswith(
        "@atvidaberg.se"
    )
    assert blankett.Description()


@pytest.mark.parametrize("blankett_id", IDS)
def test_file_is_an_a4_pdf_with_the_form(folder, read_pdf, blankett_id):
    blankett = folder[blankett_id]
    file = blankett.file
    assert file.contentType == "application/pdf"
    assert file.filename == f"{blankett_id}.pdf"
    assert file.data.startswith(b"%PDF-")
    assert file.data.rstrip().endswith(b"%%EOF")
    pdf = read_pdf(file.data)
    assert 1 <= pdf.page_count <= 3
    assert A4_MEDIABOX.search(file.data)
    words = pdf.words()
    assert blankett.Title() in words
    for part in (
        "Åtvidabergs kommun",
        "Personnummer",
        "Underskrift",
        "Ort och datum",
        "Namnförtydligande",
        "Så lämnar du in blanketten",
        "597 81 Åtvidaberg",
        "kontaktcenter",
        "0120-830 00",
        f"Sida 1 av {pdf.page_count}",
    ):
        assert part in words, (blankett_id, part)
    if blankett.submission_email:
        assert blankett.submission_email in words


def test_text_is_set_in_an_embedded_unicode_font(folder, read_pdf):
    if not pdf_module.font_available():
        pytest.skip("DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
    pdf = read_pdf(folder[IDS[0]].file.data)
    assert pdf.embeds_fonts
    assert "Fullmakt i bygglovsärende" in pdf.words()


def test_only_the_fillable_blankett_has_fields_to_type_in(folder, read_pdf):
    fillable = {}
    for blankett in folder.listFolderContents({"portal_type": "Blankett"}):
        pdf = read_pdf(blankett.file.data)
        fillable[blankett.getId()] = (blankett.fillable, len(pdf.form_fields))
    assert fillable["ansokan-om-fardtjanst-och-riksfardtjanst"][0] is True
    for blankett_id, (is_fillable, fields) in fillable.items():
        assert (fields > 0) is is_fillable, blankett_id


def test_fillable_fields_are_named_after_their_labels(folder, read_pdf):
    pdf = read_pdf(folder["ansokan-om-fardtjanst-och-riksfardtjanst"].file.data)
    widgets = [pdf.objects[n] for n in pdf.form_fields]
    text_fields = [w for w in widgets if b"/FT /Tx" in w]
    tick_boxes = [w for w in widgets if b"/FT /Btn" in w]
    assert len(text_fields) >= 10
    assert len(tick_boxes) >= 3
    # The tooltip a screen reader announces: "Personnummer", in UTF-16.
    label = "<FEFF" + "Personnummer".encode("utf-16-be").hex().upper() + ">"
    assert any(label.encode() in w for w in text_fields)
    catalog = [pdf.objects[n] for n in pdf.of_type("Catalog")]
    assert b"/AcroForm" in catalog[0]


def test_without_dejavu_the_core_font_still_prints_swedish(monkeypatch, read_pdf):
    monkeypatch.setattr(pdf_module, "font_available", lambda: False)
    data = pdf_for(BLANKETTER[2]).data
    pdf = read_pdf(data)
    assert not pdf.embeds_fonts
    words = pdf.words()
    assert "Uppsägning av plats i förskola eller fritidshem" in words
    assert "Åtvidabergs kommun · 597 81 Åtvidaberg" in words
