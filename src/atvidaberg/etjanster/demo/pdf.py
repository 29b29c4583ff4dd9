"""Paper blanketter as real A4 PDFs, drawn with fpdf2 when the demo is installed.

A form is described as data (see ``FormSpec``) and drawn the way Swedish municipal
forms look: labelled boxes to write in, tick boxes, a signature line and, last, how
to hand the form in. Text is set in DejaVu Sans, embedded, so that å, ä and ö print
right; without the font (Debian package ``fonts-dejavu-core``) fpdf2's Helvetica is
used, which covers Swedish but not every typographic character.
"""

from dataclasses import dataclass
from dataclasses import field

from fpdf import FPDF

from atvidaberg.etjanster.demo.pdf_fields import CheckBox
from atvidaberg.etjanster.demo.pdf_fields import TextField
from atvidaberg.etjanster.demo.pdf_fields import add_form_fields
from atvidaberg.etjanster.pdf_fonts import FONT_DIR
from atvidaberg.etjanster.pdf_fonts import FONT_FILES
from atvidaberg.etjanster.pdf_fonts import font_available

MUNICIPALITY = "Åtvidabergs kommun"
FOOTER = (
    "Åtvidabergs kommun · 597 81 Åtvidaberg · Kontaktcenter 0120-830 00 · "
    "kontakt@atvidaberg.se"
)
MARGIN = 18
BOX_HEIGHT = 11
LABEL_SIZE = 7
GREY = (90, 90, 90)
LIGHT = (232, 238, 243)
# Helvetica in fpdf2 speaks windows-1252: close enough stand-ins for the rest.
_CORE_FONT_REPLACEMENTS = {"→": "->", "≤": "<=", "≥": ">=", "☐": "[ ]"}


@dataclass(frozen=True)
class Box:
    """A labelled box to write in; ``weight`` is its share of the row's width."""

    label: str
    weight: int = 1
    lines: int = 1


@dataclass(frozen=True)
class Choices:
    """Tick boxes, one per option, with an optional lead text."""

    options: tuple
    label: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    rows: tuple  # of tuples of Box, or of Choices


@dataclass(frozen=True)
class FormSpec:
    title: str
    unit: str
    intro: str
    sections: tuple
    signers: tuple = ("Sökandens underskrift",)
    postal_address: str = ""
    submission_email: str = ""
    contact_centre: bool = True
    fillable: bool = False
    notes: tuple = field(default_factory=tuple)


class _Blankett(FPDF):
    def __init__(self, unicode_font):
        super().__init__(format="A4", unit="mm")
        self.unicode_font = unicode_font
        self.family = "DejaVu" if unicode_font else "Helvetica"
        if unicode_font:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
        else:
            self.core_fonts_encoding = "windows-1252"
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.alias_nb_pages()
        self.form_fields = []

    def clean(self, text):
        if self.unicode_font:
            return text
        for char, stand_in in _CORE_FONT_REPLACEMENTS.items():
            text = text.replace(char, stand_in)
        return text.encode("windows-1252", "replace").decode("windows-1252")

    def font(self, size, bold=False, colour=(0, 0, 0)):
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def write_cell(self, text, height, **kwargs):
        self.multi_cell(
            0,
            height,
            self.clean(text),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
            **kwargs,
        )

    def footer(self):
        self.set_y(-14)
        self.set_draw_color(*GREY)
        self.line(MARGIN, self.get_y() - 1, self.w - MARGIN, self.get_y() - 1)
        self.font(7.5, colour=GREY)
        self.cell(0, 5, self.clean(FOOTER), align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"Sida {self.page_no()} av {{nb}}", align="R")


def render(spec):
    """The blankett as PDF bytes."""
    pdf = _Blankett(font_available())
    pdf.set_title(spec.title)
    pdf.set_author(MUNICIPALITY)
    pdf.set_subject(f"Blankett från {spec.unit}")
    pdf.set_lang("sv-SE")
    pdf.set_creator("atvidaberg.etjanster")
    pdf.add_page()
    _header(pdf, spec)
    for section in spec.sections:
        _section(pdf, section)
    _signature(pdf, spec.signers)
    _hand_in(pdf, spec)
    data = bytes(pdf.output())
    if spec.fillable:
        data = add_form_fields(data, pdf.form_fields, page_height_mm=pdf.h)
    return data


def _header(pdf, spec):
    pdf.font(15, bold=True)
    pdf.cell(0, 7, pdf.clean(MUNICIPALITY), new_x="LMARGIN", new_y="NEXT")
    pdf.font(9, colour=GREY)
    pdf.cell(0, 5, pdf.clean(spec.unit), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(0, 0, 0)
    pdf.line(MARGIN, pdf.get_y() + 2, pdf.w - MARGIN, pdf.get_y() + 2)
    pdf.ln(6)
    pdf.font(17, bold=True)
    pdf.write_cell(spec.title, 8)
    pdf.ln(2)
    pdf.font(9.5)
    pdf.write_cell(spec.intro, 5)
    for note in spec.notes:
        pdf.ln(1)
        pdf.write_cell(note, 5)
    pdf.ln(3)


def _heading(pdf, text, space_after):
    if pdf.get_y() + 8 + space_after > pdf.page_break_trigger:
        pdf.add_page()
    pdf.font(10.5, bold=True)
    pdf.set_fill_color(*LIGHT)
    pdf.cell(0, 7, pdf.clean(" " + text), fill=True, new_x="LMARGIN", new_y="NEXT")


def _section(pdf, section):
    first = section.rows[0]
    _heading(pdf, section.heading, _row_height(first))
    for row in section.rows:
        if isinstance(row, Choices):
            _choices(pdf, row)
        else:
            _boxes(pdf, row)
    pdf.ln(4)


def _row_height(row):
    if isinstance(row, Choices):
        return 7 * (len(row.options) + bool(row.label))
    return max(box.lines for box in row) * BOX_HEIGHT


def _boxes(pdf, row):
    height = _row_height(row)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    width = pdf.w - 2 * MARGIN
    total = sum(box.weight for box in row)
    x, y = MARGIN, pdf.get_y()
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.25)
    for box in row:
        w = width * box.weight / total
        pdf.rect(x, y, w, height)
        pdf.font(LABEL_SIZE, colour=GREY)
        pdf.text(x + 1.2, y + 2.9, pdf.clean(box.label))
        pdf.form_fields.append(
            TextField(
                page=pdf.page_no(),
                name=f"f{len(pdf.form_fields) + 1}",
                tooltip=box.label,
                x=x + 0.8,
                y=y + 3.6,
                w=w - 1.6,
                h=height - 4.2,
                multiline=box.lines > 1,
            )
        )
        x += w
    pdf.set_y(y + height)


def _choices(pdf, choices):
    if pdf.get_y() + _row_height(choices) > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(1.5)
    if choices.label:
        pdf.font(9.5)
        pdf.write_cell(choices.label, 6)
    for option in choices.options:
        y = pdf.get_y() + 1
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(MARGIN + 1, y, 4, 4)
        pdf.form_fields.append(
            CheckBox(
                page=pdf.page_no(),
                name=f"f{len(pdf.form_fields) + 1}",
                tooltip=option,
                x=MARGIN + 1,
                y=y,
                size=4,
            )
        )
        pdf.font(9.5)
        pdf.set_xy(MARGIN + 7, y - 0.5)
        pdf.multi_cell(
            0, 5, pdf.clean(option), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(1)


def _signature(pdf, signers):
    _heading(pdf, "Underskrift", 24 * len(signers))
    pdf.ln(2)
    width = pdf.w - 2 * MARGIN
    for signer in signers:
        if pdf.get_y() + 24 > pdf.page_break_trigger:
            pdf.add_page()
        _boxes(pdf, (Box("Ort och datum", 1), Box("Namnförtydligande", 2)))
        y = pdf.get_y() + 11
        pdf.set_draw_color(0, 0, 0)
        pdf.line(MARGIN, y, MARGIN + width * 2 / 3, y)
        pdf.font(LABEL_SIZE, colour=GREY)
        pdf.text(MARGIN, y + 3.2, pdf.clean(signer))
        pdf.set_y(y + 7)
    pdf.ln(2)


def _hand_in(pdf, spec):
    lines = ["Skriv ut blanketten, fyll i den och skriv under."]
    if spec.postal_address:
        address = ", ".join(p.strip() for p in spec.postal_address.splitlines() if p)
        lines.append(f"Skicka den med post till: {address}.")
    if spec.submission_email:
        lines.append(
            "Du kan också skanna eller fotografera den underskrivna blanketten och "
            f"skicka den med e-post till {spec.submission_email}. Skicka inte "
            "känsliga uppgifter, som uppgifter om hälsa, med vanlig e-post."
        )
    if spec.contact_centre:
        lines.append(
            "Du kan också lämna blanketten i kommunens kontaktcenter. Frågor? Ring "
            "kontaktcenter på 0120-830 00 eller mejla kontakt@atvidaberg.se."
        )
    lines.append(
        "Kommunen behandlar personuppgifterna i blanketten enligt "
        "dataskyddsförordningen (GDPR) för att kunna handlägga ärendet. Läs mer om "
        "dina rättigheter på www.atvidaberg.se."
    )
    _heading(pdf, "Så lämnar du in blanketten", 30)
    pdf.ln(1.5)
    pdf.font(9.5)
    for line in lines:
        pdf.write_cell(line, 5)
        pdf.ln(1)
