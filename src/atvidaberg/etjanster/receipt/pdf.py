"""The receipt a resident gets when an application is submitted, as a PDF.

Pure: takes a ``Receipt`` of plain data and returns PDF bytes. The receipt is a
Swedish document (``/Lang (sv)``), so its fixed texts are Swedish here rather than
i18n messages. The headings are fpdf2 sections, which gives the outline (bookmarks)
and a structure tree with /H1 and /H2 elements; fpdf2 does not tag paragraphs, so
the PDF is tagged only as far as that goes.

What residents typed is printed as text, never interpreted: fpdf2's markdown and
HTML are not used, and the page-count alias is a random token so that an answer
cannot contain it.
"""

import re
import secrets
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.fonts import TextStyle

from atvidaberg.etjanster.dates import swedish_date
from atvidaberg.etjanster.pdf_fonts import FONT_DIR
from atvidaberg.etjanster.pdf_fonts import FONT_FILES
from atvidaberg.etjanster.pdf_fonts import font_available

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NUMBER_PATTERN = re.compile(r"ETJ-\d{4}-\d{6}")
MONO_FILE = "DejaVuSansMono.ttf"
MARGIN = 18
GREY = (90, 90, 90)
NO_ANSWER = "(inget svar)"
PROTECTED_IDENTITY = "Skyddade personuppgifter – namnet visas inte"


class Step(NamedTuple):
    title: str
    answers: list  # of (question label, answer text)


class Attachment(NamedTuple):
    filename: str
    size: int
    sha256: str


class Signature(NamedTuple):
    method: str  # e.g. "BankID"
    signer: str
    signed_at: datetime


@dataclass(frozen=True)
class Receipt:
    municipality: str
    eservice_title: str
    registration_number: str  # ETJ-YYYY-NNNNNN
    received: datetime  # aware
    applicant_name: str = ""  # empty for protected identity
    steps: list = field(default_factory=list)  # of Step or (title, answers)
    attachments: list = field(default_factory=list)  # of Attachment or tuples
    signature: Signature | None = None
    contact_phone: str = ""
    contact_email: str = ""

    def __post_init__(self):
        if not NUMBER_PATTERN.fullmatch(self.registration_number):
            raise ValueError(f"Not a registration number: {self.registration_number}")
        if self.received.utcoffset() is None:
            raise ValueError("received must be an aware datetime")


def swedish_time(moment: datetime) -> str:
    """``moment`` in Swedish time, e.g. "27 november 2026 kl. 14.05"."""
    if moment.utcoffset() is None:
        raise ValueError("an aware datetime is needed")
    local = moment.astimezone(STOCKHOLM)
    return f"{swedish_date(local)} kl. {local:%H.%M}"


def file_size(size: int) -> str:
    """A size the Swedish way: "512 byte", "34 kB", "1,2 MB"."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024**2:
        return f"{round(size / 1024)} kB"
    return f"{size / 1024**2:.1f} MB".replace(".", ",")


class _ReceiptPDF(FPDF):
    def __init__(self, receipt):
        super().__init__(format="A4", unit="mm")
        self.receipt = receipt
        self.unicode_font = font_available()
        self.family = self.mono = "DejaVu" if self.unicode_font else "Helvetica"
        if self.unicode_font:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
            if (FONT_DIR / MONO_FILE).is_file():
                self.add_font("DejaVuMono", "", str(FONT_DIR / MONO_FILE))
                self.mono = "DejaVuMono"
        else:
            self.core_fonts_encoding = "windows-1252"
            self.mono = "Courier"
        self.nb_alias = "{" + secrets.token_hex(8) + "}"
        self.alias_nb_pages(self.nb_alias)
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.set_section_title_styles(
            TextStyle(self.family, "B", 17, t_margin=2, b_margin=3),
            TextStyle(self.family, "B", 12.5, t_margin=5, b_margin=2),
        )

    def clean(self, text):
        text = str(text)
        if self.unicode_font:
            return text
        return text.encode("windows-1252", "replace").decode("windows-1252")

    def font(self, size, bold=False, colour=(0, 0, 0), family=None):
        self.set_font(family or self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def paragraph(self, text, height=5.2):
        self.multi_cell(
            0, height, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def heading(self, text, level):
        self.start_section(self.clean(text), level=level)
        # fpdf2 tags section titles as /Figure; a screen reader needs a heading.
        element = self._outline[-1].struct_elem if self._outline else None
        if element is not None:
            element.s = f"/H{level + 1}"
        self.font(10)

    def footer(self):
        self.set_y(-14)
        self.set_draw_color(*GREY)
        self.line(MARGIN, self.get_y() - 1, self.w - MARGIN, self.get_y() - 1)
        self.font(8, colour=GREY)
        left = f"{self.receipt.municipality} · {self.receipt.registration_number}"
        self.cell(0, 5, self.clean(left), align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"Sida {self.page_no()} av {self.nb_alias}", align="R")


def render_receipt(receipt: Receipt) -> bytes:
    """The receipt as PDF bytes."""
    pdf = _ReceiptPDF(receipt)
    title = f"Kvittens {receipt.registration_number} – {receipt.eservice_title}"
    pdf.set_title(title)
    pdf.set_subject(f"Kvittens på ärende till {receipt.municipality}")
    pdf.set_author(receipt.municipality)
    pdf.set_keywords(receipt.registration_number)
    pdf.set_creator("atvidaberg.etjanster")
    pdf.set_lang("sv")
    pdf.set_display_mode("fullwidth")
    pdf.add_page()
    _summary(pdf, receipt)
    for step in receipt.steps:
        _step(pdf, *step)
    _attachments(pdf, receipt.attachments)
    _signature(pdf, receipt.signature)
    _contact(pdf, receipt)
    return bytes(pdf.output())


def _summary(pdf, receipt):
    pdf.font(11, bold=True, colour=GREY)
    pdf.paragraph(receipt.municipality, 6)
    pdf.heading(f"Kvittens: {receipt.eservice_title}", 0)
    pdf.paragraph(
        "Vi har tagit emot din ansökan. Spara kvittensen. Ange ärendenumret när du "
        "kontaktar oss om ärendet."
    )
    pdf.ln(2)
    applicant = receipt.applicant_name.strip() or PROTECTED_IDENTITY
    _facts(
        pdf,
        (
            ("Ärendenummer", receipt.registration_number),
            ("E-tjänst", receipt.eservice_title),
            ("Mottagen", swedish_time(receipt.received)),
            ("Sökande", applicant),
        ),
    )


def _facts(pdf, rows, label_width=38):
    for label, value in rows:
        pdf.font(10, bold=True)
        pdf.cell(label_width, 5.6, pdf.clean(label))
        pdf.font(10)
        pdf.multi_cell(
            0, 5.6, pdf.clean(value), align="L", new_x="LMARGIN", new_y="NEXT"
        )


def _step(pdf, title, answers):
    pdf.heading(title, 1)
    for label, answer in answers:
        # Keep a question together with at least the first line of its answer.
        if pdf.get_y() + 12 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.font(9.5, bold=True)
        pdf.paragraph(label, 5)
        pdf.font(10)
        pdf.paragraph(str(answer).strip() or NO_ANSWER)
        pdf.ln(1.5)


def _attachments(pdf, attachments):
    pdf.heading("Bilagor", 1)
    if not attachments:
        pdf.paragraph("Inga bilagor.")
        return
    for filename, size, sha256 in attachments:
        if pdf.get_y() + 11 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.font(10, bold=True)
        pdf.paragraph(f"{filename} ({file_size(size)})", 5)
        pdf.font(8, colour=GREY, family=pdf.mono)
        pdf.paragraph(f"SHA-256: {sha256}", 4.5)
        pdf.ln(1.5)


def _signature(pdf, signature):
    pdf.heading("Underskrift", 1)
    if signature is None:
        pdf.paragraph("Ansökan är inte underskriven med e-legitimation.")
        return
    method, signer, signed_at = signature
    _facts(
        pdf,
        (
            ("Underskriven med", method),
            ("Undertecknare", signer.strip() or PROTECTED_IDENTITY),
            ("Tidpunkt", swedish_time(signed_at)),
        ),
    )


def _contact(pdf, receipt):
    ways = [way for way in (receipt.contact_phone, receipt.contact_email) if way]
    if not ways:
        return
    pdf.heading("Frågor om ärendet", 1)
    pdf.paragraph(
        f"Kontakta kontaktcenter på {' eller '.join(ways)}. "
        f"Ange ärendenummer {receipt.registration_number}."
    )
