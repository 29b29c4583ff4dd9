"""Fill-in fields for a PDF from fpdf2, which draws forms but cannot make them fillable.

The text fields and tick boxes are added as an incremental update (PDF 1.7, section
7.5.6): the field widgets, an AcroForm dictionary, and new versions of the catalog and
of the pages that carry fields are appended after the original file with their own
cross-reference section. What fpdf2 drew stays byte for byte as it was.
"""

import re
from dataclasses import dataclass

PT_PER_MM = 72 / 25.4
FIELD_FONT = "/Helv 9 Tf 0 g"


@dataclass(frozen=True)
class TextField:
    """A box to type in, in millimetres from the page's top left corner."""

    page: int
    name: str
    tooltip: str
    x: float
    y: float
    w: float
    h: float
    multiline: bool = False


@dataclass(frozen=True)
class CheckBox:
    """A tick box, in millimetres from the page's top left corner."""

    page: int
    name: str
    tooltip: str
    x: float
    y: float
    size: float


def _text_string(text):
    """A PDF text string that keeps å, ä and ö: UTF-16BE with a byte order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _object_body(data, number):
    start = data.index(b"\n%d 0 obj" % number) + 1
    start = data.index(b"<<", start)
    end = data.index(b"endobj", start)
    body = data[start:end].strip()
    if not body.endswith(b">>") or b"stream" in body:
        raise ValueError(f"object {number} is not a plain dictionary")
    return body


def _ref(body, key):
    match = re.search(rb"/%s (\d+) 0 R" % key, body)
    if match is None:
        raise ValueError(f"no /{key.decode()} reference")
    return int(match.group(1))


def _add_entry(body, entry):
    return body[:-2].rstrip() + b"\n" + entry + b"\n>>"


def _add_annots(body, refs):
    refs = " ".join(f"{n} 0 R" for n in refs).encode()
    if b"/Annots [" in body:
        return body.replace(b"/Annots [", b"/Annots [" + refs + b" ", 1)
    if b"/Annots" in body:
        raise ValueError("page annotations are not an inline array")
    return _add_entry(body, b"/Annots [" + refs + b"]")


def _rect(field, width, height, page_height_mm):
    x1, x2 = field.x * PT_PER_MM, (field.x + width) * PT_PER_MM
    y1 = (page_height_mm - field.y - height) * PT_PER_MM
    y2 = (page_height_mm - field.y) * PT_PER_MM
    return f"[{x1:.2f} {y1:.2f} {x2:.2f} {y2:.2f}]", (x2 - x1, y2 - y1)


def _appearance(width, height, drawing):
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Length %d >>"
        b"\nstream\n%s\nendstream" % (width, height, len(drawing), drawing)
    )


def _widget(field, page_ref, page_height_mm, new_object):
    common = (
        f"/Type /Annot /Subtype /Widget /T ({field.name})"
        f" /TU {_text_string(field.tooltip)} /P {page_ref} 0 R /F 4"
    )
    if isinstance(field, CheckBox):
        rect, (w, h) = _rect(field, field.size, field.size, page_height_mm)
        cross = b"0 g 1 w 2 2 m %.2f %.2f l 2 %.2f m %.2f 2 l S" % (
            w - 2,
            h - 2,
            h - 2,
            w - 2,
        )
        on = new_object(_appearance(w, h, cross))
        off = new_object(_appearance(w, h, b""))
        return (
            f"<< {common} /FT /Btn /Rect {rect} /V /Off /AS /Off"
            f" /AP << /N << /Yes {on} 0 R /Off {off} 0 R >> >> >>"
        ).encode()
    rect, _ = _rect(field, field.w, field.h, page_height_mm)
    flags = " /Ff 4096" if field.multiline else ""
    return f"<< {common} /FT /Tx /Rect {rect}{flags} /DA ({FIELD_FONT}) >>".encode()


def add_form_fields(data, fields, page_height_mm):
    """``data`` (a PDF written by fpdf2) with ``fields`` to type in or tick."""
    if not fields:
        return data
    trailer = re.findall(rb"trailer\s*(<<.*?>>)\s*startxref\s*(\d+)", data, re.S)[-1]
    trailer_body, previous_xref = trailer[0], int(trailer[1])
    size = int(re.search(rb"/Size (\d+)", trailer_body).group(1))
    root = _ref(trailer_body, b"Root")
    catalog = _object_body(data, root)
    kids = _object_body(data, _ref(catalog, b"Pages"))
    pages = [int(n) for n in re.findall(rb"(\d+) 0 R", kids.split(b"/Kids", 1)[1])]

    objects = {}
    next_number = size

    def new_object(body):
        nonlocal next_number
        objects[next_number] = body
        next_number += 1
        return next_number - 1

    font = new_object(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        b" /Encoding /WinAnsiEncoding >>"
    )
    widgets_by_page = {}
    for field in fields:
        page_ref = pages[field.page - 1]
        number = new_object(_widget(field, page_ref, page_height_mm, new_object))
        widgets_by_page.setdefault(page_ref, []).append(number)
    all_widgets = " ".join(
        f"{n} 0 R" for refs in widgets_by_page.values() for n in refs
    )
    acroform = new_object(
        f"<< /Fields [{all_widgets}] /NeedAppearances true /DA ({FIELD_FONT})"
        f" /DR << /Font << /Helv {font} 0 R >> >> >>".encode()
    )
    objects[root] = _add_entry(catalog, b"/AcroForm %d 0 R" % acroform)
    for page_ref, refs in widgets_by_page.items():
        objects[page_ref] = _add_annots(_object_body(data, page_ref), refs)

    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref_offset = len(out)
    # The free-list head first, as other writers of incremental updates do.
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    extra = b"".join(
        m.group(0) + b"\n"
        for key in (rb"/Info \d+ 0 R", rb"/ID \[[^\]]*\]")
        if (m := re.search(key, trailer_body))
    )
    out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n%s/Prev %d\n>>\n" % (
        next_number,
        root,
        extra,
        previous_xref,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)
