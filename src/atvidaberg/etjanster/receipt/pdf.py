"""The receipt a resident gets when an application is submitted, as a PDF.

Pure: takes a ``Receipt`` of plain data and returns PDF bytes. The receipt is a
Swedish document (``/Lang (sv)``), so its fixed texts are Swedish here rather than
i18n messages.

A tagged PDF: the headings are fpdf2 sections, which gives the outline (bookmarks)
and /H1 and /H2 elements in the structure tree. fpdf2 (2.8) has no public way to tag
anything else, so every other piece of text is tagged here as a /P element through
the same internals fpdf2's sections use (``_add_marked_content``; see ``_tagged``),
and the footer is marked as an artifact (page furniture screen readers skip). A
paragraph never spans a page break inside its marked content: a paragraph that does
not fit is printed line by line and continues on the next page as a second /P.

What residents typed is printed as text, never interpreted: fpdf2's markdown and
HTML are not used, and the page-count alias is a random token so that an answer
cannot contain it.
"""

import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import NamedTuple

from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.errors import FPDFException

from atvidaberg.etjanster.dates import file_size
from atvidaberg.etjanster.dates import swedish_time
from atvidaberg.etjanster.pdf_fonts import FONT_DIR
from atvidaberg.etjanster.pdf_fonts import FONT_FILES
from atvidaberg.etjanster.pdf_fonts import font_available

NUMBER_PATTERN = re.compile(r"ETJ-\d{4}-\d{6}")
MONO_FILE = "DejaVuSansMono.ttf"
MARGIN = 18
GREY = (90, 90, 90)
# Per heading level: font size (pt), space above and below (mm).
HEADINGS = ((17, 2, 3), (12.5, 5, 2))
NO_ANSWER = "(inget svar)"
PROTECTED_IDENTITY = "Skyddade personuppgifter – namnet visas inte"
PROTECTED_ANSWER = "Skyddade personuppgifter – visas inte"
PROVIDERS = {"bankid": "BankID", "freja": "Freja eID+"}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PERSONAL_NUMBER = re.compile(r"([0-9]{8})-?([0-9]{4})")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


class Step(NamedTuple):
    title: str
    answers: list  # of (question label, answer text)


class Attachment(NamedTuple):
    filename: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Signature:
    """The e-legitimation signature of the application, as the receipt tells of it.

    ``name`` and ``personal_number`` are empty for protected identity. The
    personnummer is never printed in full: only its date part (``masked``).
    """

    provider: str  # "bankid" or "freja"
    name: str
    personal_number: str  # 12 digits (YYYYMMDDNNNN), or ""
    signed_at: datetime  # aware
    digest: str  # hex SHA-256 of what was signed

    def __post_init__(self):
        if self.provider not in PROVIDERS:
            raise ValueError(f"Unknown e-legitimation: {self.provider!r}")
        if self.signed_at.utcoffset() is None:
            raise ValueError("signed_at must be an aware datetime")
        digest = self.digest.strip().lower()
        if not _SHA256.fullmatch(digest):
            raise ValueError("digest must be a hex SHA-256")
        object.__setattr__(self, "digest", digest)
        if self.personal_number and not _PERSONAL_NUMBER.fullmatch(
            self.personal_number
        ):
            raise ValueError("personal_number must be YYYYMMDDNNNN")

    @property
    def method(self):
        return PROVIDERS[self.provider]

    @property
    def masked(self):
        """The personnummer without its last four digits: "19800101-****"."""
        return mask_personal_number(self.personal_number)


def mask_personal_number(text):
    """A personnummer as the receipt prints it: "19800101-****".

    Only its date part; anything that is not a 12-digit personnummer is left out
    entirely rather than printed.
    """
    match = _PERSONAL_NUMBER.fullmatch(str(text or "").strip())
    return f"{match.group(1)}-****" if match else ""


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


def keep_spaces(text, lines):
    """``lines`` (as fpdf2 wrapped ``text``) with the space each wrap dropped.

    The space (also for a line break in the text) is invisible at the end of the
    line, but without it the text of a tagged paragraph, as screen readers and
    copying get it, runs the last word of one line into the first of the next
    ("om" + "ärendet" → "omärendet").
    """
    result = []
    position = 0
    for line in lines:
        start = text.find(line, position) if line else position
        if start < 0:  # fpdf2 changed the text (it does not today): keep its line
            result.append(line)
            continue
        end = start + len(line)
        if end < len(text) and text[end] in " \n":
            line += " "
        result.append(line)
        position = end
    return result


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

    def clean(self, text):
        """``text`` as it can be drawn: line breaks as "\\n", other control
        characters (tabs) as spaces, and outside DejaVu only windows-1252."""
        text = str(text).replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROL.sub(" ", text)
        if self.unicode_font:
            return text
        return text.encode("windows-1252", "replace").decode("windows-1252")

    def font(self, size, bold=False, colour=(0, 0, 0), family=None):
        self.set_font(family or self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    @contextmanager
    def _tagged(self, struct_type="/P"):
        """Mark what is drawn inside as one structure element of ``struct_type``.

        fpdf2 has no public API for this; it is what its ``_marked_sequence`` does
        for sections, with the element's type given. Nothing inside may break the
        page: the marked content would be cut in two.
        """
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=struct_type, mcid=mcid)
        page = self.page
        self._out(f"{struct_type} <</MCID {mcid}>> BDC")
        yield
        if self.page != page:
            raise FPDFException("A page break inside a tagged paragraph")
        self._out("EMC")

    @contextmanager
    def _artifact(self):
        """Page furniture (the footer): not part of the document's text."""
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def room_for(self, lines, height, extra=0):
        """Whether ``lines`` lines of ``height`` (and ``extra`` mm) fit on the page.

        On the safe side of rounding, so that ``cell`` never breaks the page itself.
        """
        needed = lines * height + extra
        return self.get_y() + needed <= self.page_break_trigger - 1e-6

    def paragraph(self, text, height=5.2):
        """``text`` as one /P, wrapped; across a page break as one /P per page."""
        text = self.clean(text)
        lines = self.multi_cell(
            0, height, text, align="L", dry_run=True, output=MethodReturnValue.LINES
        )
        lines = keep_spaces(text, lines) or [""]
        while lines:
            if not self.room_for(1, height):
                self.add_page()
            fit = 1
            while fit < len(lines) and self.room_for(fit + 1, height):
                fit += 1
            with self._tagged():
                for line in lines[:fit]:
                    self.cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")
            lines = lines[fit:]

    def heading(self, text, level):
        """A heading: /H1 or /H2, and an entry in the outline (bookmarks).

        Drawn here rather than by fpdf2's section titles, which tag a title as
        /Figure and lose the spaces where it wraps. Kept on one page with room for
        two lines of what follows.
        """
        size, above, below = HEADINGS[level]
        text = self.clean(text)
        self.font(size, bold=True)
        height = self.font_size
        lines = self.multi_cell(
            0, height, text, dry_run=True, output=MethodReturnValue.LINES
        )
        if not self.room_for(len(lines), height, extra=above + below + 11):
            self.add_page()
        else:
            self.ln(above)
        # No section title styles are set, so this only adds the outline entry.
        self.start_section(text, level=level)
        with self._tagged(f"/H{level + 1}"):
            for line in keep_spaces(text, lines):
                self.cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(below)
        self.font(10)

    def footer(self):
        with self._artifact():
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


def _facts(pdf, rows, label_width=38, height=5.6):
    """Label and value side by side; each row one /P, never split by a page break."""
    for label, value in rows:
        pdf.font(10)
        lines = pdf.multi_cell(
            pdf.epw - label_width,
            height,
            pdf.clean(value),
            dry_run=True,
            output=MethodReturnValue.LINES,
        )
        if not pdf.room_for(max(len(lines), 1), height):
            pdf.add_page()
        with pdf._tagged():
            pdf.font(10, bold=True)
            # The space keeps label and value apart in the tagged text.
            pdf.cell(label_width, height, pdf.clean(label) + " ")
            pdf.font(10)
            left = pdf.get_x()
            for line in keep_spaces(pdf.clean(value), lines) or [""]:
                pdf.set_x(left)
                pdf.cell(0, height, line, align="L", new_x="LEFT", new_y="NEXT")
            pdf.set_x(pdf.l_margin)


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
    name = signature.name.strip()
    when = swedish_time(signature.signed_at)
    if name and signature.masked:
        signer = f" av {name} ({signature.masked})"
    elif name:
        signer = f" av {name}"
    else:
        signer = ""
    text = f"Signerad med {signature.method}{signer} den {when}."
    if not name:
        text += f" {PROTECTED_IDENTITY}."
    if pdf.get_y() + 16 > pdf.page_break_trigger:
        pdf.add_page()  # the summary and its checksum together
    pdf.paragraph(text)
    pdf.font(8, colour=GREY, family=pdf.mono)
    pdf.paragraph(f"Kontrollsumma (SHA-256): {signature.digest}", 4.5)


def _contact(pdf, receipt):
    ways = [way for way in (receipt.contact_phone, receipt.contact_email) if way]
    if not ways:
        return
    pdf.heading("Frågor om ärendet", 1)
    pdf.paragraph(
        f"Kontakta kontaktcenter på {' eller '.join(ways)}. "
        f"Ange ärendenummer {receipt.registration_number}."
    )
