import contextlib
import re
import subprocess
import zlib
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from atvidaberg.etjanster.dates import file_size
from atvidaberg.etjanster.dates import swedish_time
from atvidaberg.etjanster.receipt import Attachment
from atvidaberg.etjanster.receipt import Receipt
from atvidaberg.etjanster.receipt import Signature
from atvidaberg.etjanster.receipt import Step
from atvidaberg.etjanster.receipt import mask_personal_number
from atvidaberg.etjanster.receipt import render_receipt

NUMBER = "ETJ-2026-000123"
RECEIVED = datetime(2026, 11, 27, 13, 5, tzinfo=UTC)  # 14.05 in Sweden
LONG = (
    "Vi vill bygga ett uterum på 18 kvadratmeter mot trädgården, med glastak och "
    "skjutdörrar. Grannarna på båda sidor har fått se ritningarna och har inget "
    "att invända. "
) * 6
ANSWERS = {
    "Namn": "Anna Åberg",
    "Fastighetsbeteckning": "Åtvidaberg Västra 1:23",
    "Beskrivning av åtgärden": LONG,
    "Övrigt": "<script>alert('x')</script> & <b>fet</b> {nb} **inte fet**",
    "Tom fråga": "",
}
HASHES = ("3f" * 32, "a1b2c3d4" * 8)
DIGEST = "9c" * 16 + "0e" * 16


def receipt(**changes):
    values = {
        "municipality": "Åtvidabergs kommun",
        "eservice_title": "Ansökan om bygglov",
        "registration_number": NUMBER,
        "received": RECEIVED,
        "applicant_name": "Anna Åberg",
        "steps": [
            Step("Om dig", list(ANSWERS.items())[:2]),
            ("Om bygget", list(ANSWERS.items())[2:]),
        ],
        "attachments": [
            Attachment("Ritning fasad.pdf", 1_234_567, HASHES[0]),
            ("Situationsplan å ä ö.png", 34_000, HASHES[1]),
        ],
        "signature": Signature(
            provider="bankid",
            name="Anna Åberg",
            personal_number="198001019820",
            signed_at=datetime(2026, 11, 27, 13, 4, tzinfo=UTC),
            digest=DIGEST,
        ),
        "contact_phone": "0120-830 00",
        "contact_email": "kontakt@atvidaberg.se",
    }
    values.update(changes)
    return Receipt(**values)


def text_of(data, tmp_path):
    path = tmp_path / "kvittens.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def flat(text):
    return " ".join(text.split())


def uncompressed(data):
    """The PDF with its compressed streams inflated, to look for objects."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


@pytest.fixture(scope="module")
def rendered():
    return render_receipt(receipt())


def test_everything_is_in_the_text(rendered, tmp_path):
    text = flat(text_of(rendered, tmp_path))
    assert "Åtvidabergs kommun" in text
    assert "Kvittens: Ansökan om bygglov" in text
    assert NUMBER in text
    assert "27 november 2026 kl. 14.05" in text
    assert "Om dig" in text and "Om bygget" in text
    for label, answer in ANSWERS.items():
        assert label in text
        assert flat(answer) in text
    assert "(inget svar)" in text
    assert "Ritning fasad.pdf (1,2 MB)" in text
    assert "Situationsplan å ä ö.png (33 kB)" in text
    for sha in HASHES:
        assert f"SHA-256: {sha}" in text
    assert (
        "Underskrift Signerad med BankID av Anna Åberg (19800101-****) den "
        f"27 november 2026 kl. 14.04. Kontrollsumma (SHA-256): {DIGEST}"
    ) in text
    assert "0120-830 00 eller kontakt@atvidaberg.se" in text


def test_the_personnummer_is_never_printed_in_full(rendered, tmp_path):
    text = text_of(rendered, tmp_path)
    assert "19800101-****" in text
    assert "9820" not in text


def test_a_freja_signature(tmp_path):
    signature = Signature(
        provider="freja",
        name="Bengt Ek",
        personal_number="19750315-9837",
        signed_at=datetime(2026, 7, 1, 6, 0, tzinfo=UTC),
        digest=DIGEST.upper(),
    )
    text = flat(text_of(render_receipt(receipt(signature=signature)), tmp_path))
    assert (
        "Signerad med Freja eID+ av Bengt Ek (19750315-****) den 1 juli 2026 kl. 08.00."
    ) in text
    assert f"Kontrollsumma (SHA-256): {DIGEST}" in text  # in lower case
    assert "9837" not in text


def test_a_signature_with_protected_identity_names_nobody(tmp_path):
    signature = Signature("bankid", "", "", RECEIVED, DIGEST)
    data = render_receipt(receipt(applicant_name="", signature=signature))
    text = flat(text_of(data, tmp_path))
    assert (
        "Signerad med BankID den 27 november 2026 kl. 14.05. "
        "Skyddade personuppgifter – namnet visas inte."
    ) in text


@pytest.mark.parametrize(
    "changes",
    [
        {"provider": "BankID"},
        {"provider": "eid"},
        {"signed_at": datetime(2026, 11, 27, 14, 4)},
        {"digest": "3f" * 31},
        {"digest": "zz" * 32},
        {"personal_number": "8001019820"},
        {"personal_number": "19800101+9820"},
    ],
)
def test_a_signature_is_checked(changes):
    values = {
        "provider": "bankid",
        "name": "Anna Åberg",
        "personal_number": "198001019820",
        "signed_at": RECEIVED,
        "digest": DIGEST,
    }
    with pytest.raises(ValueError):
        Signature(**{**values, **changes})


def test_markup_is_printed_literally(rendered, tmp_path):
    text = text_of(rendered, tmp_path)
    assert "<script>alert('x')</script> & <b>fet</b> {nb} **inte fet**" in text


def test_long_answers_wrap_inside_the_page(rendered, tmp_path):
    text = text_of(rendered, tmp_path)
    lines = [
        line for line in text.splitlines() if "uterum" in line or "skjutdörrar" in line
    ]
    assert len(lines) > 3
    assert max(len(line) for line in text.splitlines()) < 120


def test_language_title_and_tags(rendered):
    data = uncompressed(rendered)
    assert b"/Lang (sv)" in data or b"/Lang <FEFF00730076>" in data
    assert b"/MarkInfo <</Marked true>>" in data
    assert b"/StructTreeRoot" in data
    assert data.count(b"/S /H1") == 1
    assert data.count(b"/S /H2") == 5  # two steps, attachments, signature, contact
    assert b"/S /Figure" not in data
    assert data.count(b"/S /P\n") > 20
    assert b"/Title (" in data or b"/Title <" in data
    assert b"/Outlines" in data


def content_streams(data):
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(match.group(1))
            if b" Tj" in stream or b" TJ" in stream:
                yield stream


def structure(data, tmp_path):
    """Poppler's reading of the structure tree: [(type, text)], in order."""
    path = tmp_path / "tagged.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["/usr/bin/pdfinfo", "-struct-text", str(path)],
        capture_output=True,
        check=True,
        text=True,
    )
    assert result.stderr == ""  # poppler found nothing broken
    elements = []
    for line in result.stdout.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            elements.append([line.split()[0], ""])
        elif line.startswith('    "'):
            elements[-1][1] += line.strip()[1:-1]
    return [tuple(element) for element in elements]


def test_every_paragraph_is_tagged_and_the_footer_is_not(tmp_path):
    answers = [("Beskrivning", LONG * 4)] + [
        (f"Fråga {n}", f"Svar nummer {n}.") for n in range(60)
    ]
    data = render_receipt(receipt(steps=[Step("Om bygget", answers)]))
    pages = [page for page in text_of(data, tmp_path).split("\f") if page.strip()]
    assert len(pages) >= 3
    elements = structure(data, tmp_path)
    assert {kind for kind, _ in elements} == {"H1", "H2", "P"}
    tagged = flat(" ".join(text for _, text in elements))
    # Everything pdftotext reads, but the footer, is in the structure tree, in order.
    body = flat(
        " ".join(
            line
            for page in pages
            for line in page.splitlines()
            if not line.startswith("Sida ") and "·" not in line
        )
    )
    assert tagged == body
    assert "Sida 1 av" not in tagged and f"kommun · {NUMBER}" not in tagged
    # Words at line ends stay apart: "… och har inget att invända. Vi vill …".
    assert flat(LONG * 4) in tagged
    assert "Fråga 59 Svar nummer 59." in tagged
    # Every marked-content sequence is closed on the page where it began.
    for stream in content_streams(data):
        opened = stream.count(b" BDC") + stream.count(b" BMC")
        assert opened == stream.count(b"EMC") > 0
        assert b"/Artifact BMC" in stream  # the footer


def test_title_metadata(rendered, tmp_path):
    path = tmp_path / "k.pdf"
    path.write_bytes(rendered)
    info = subprocess.run(
        ["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert f"Kvittens {NUMBER} – Ansökan om bygglov" in info
    assert "Åtvidabergs kommun" in info


def test_many_answers_flow_onto_pages_with_footer(tmp_path):
    answers = [(f"Fråga {n}", f"Svar nummer {n} med å, ä och ö.") for n in range(200)]
    data = render_receipt(receipt(steps=[Step("Många frågor", answers)]))
    pages = text_of(data, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert f"Åtvidabergs kommun · {NUMBER}" in page
    text = flat("\n".join(pages))
    for n in (0, 99, 199):
        assert f"Fråga {n} Svar nummer {n} med å, ä och ö." in text


def test_protected_identity_and_no_signature_or_attachments(tmp_path):
    data = render_receipt(
        receipt(applicant_name="", attachments=[], signature=None, contact_email="")
    )
    text = flat(text_of(data, tmp_path))
    assert "Sökande Skyddade personuppgifter – namnet visas inte" in text
    assert "Anna Åberg" in text  # only as an answer
    assert "Inga bilagor." in text
    assert "Ansökan är inte underskriven med e-legitimation." in text
    assert "kontaktcenter på 0120-830 00." in text


def test_registration_number_and_time_are_checked():
    with pytest.raises(ValueError):
        receipt(registration_number="ETJ-26-1")
    with pytest.raises(ValueError):
        receipt(received=datetime(2026, 11, 27, 14, 5))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 27, 13, 5, tzinfo=UTC), "27 november 2026 kl. 14.05"),
        (datetime(2026, 7, 1, 6, 0, tzinfo=UTC), "1 juli 2026 kl. 08.00"),
        (
            datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=-5))),
            "1 januari 2026 kl. 06.30",
        ),
    ],
)
def test_swedish_time(moment, expected):
    assert swedish_time(moment) == expected


def test_file_size():
    assert file_size(512) == "512 byte"
    assert file_size(34_000) == "33 kB"
    assert file_size(20 * 2**20) == "20,0 MB"


def test_without_dejavu_the_core_font_is_used(monkeypatch, tmp_path):
    monkeypatch.setattr(
        "atvidaberg.etjanster.receipt.pdf.font_available", lambda: False
    )
    data = render_receipt(receipt(applicant_name="Åsa Öberg ✓"))
    text = flat(text_of(data, tmp_path))
    assert "Sökande Åsa Öberg ?" in text  # outside windows-1252: a stand-in
    assert NUMBER in text
    assert f"SHA-256: {HASHES[0]}" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("198001019820", "19800101-****"),
        ("19800101-9820", "19800101-****"),
        (" 19800101-9820 ", "19800101-****"),
        ("800101-9820", ""),  # ten digits: not printed at all
        ("inte ett nummer", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_personal_number(text, expected):
    assert mask_personal_number(text) == expected


def test_line_breaks_and_tabs_in_an_answer(tmp_path):
    answer = "Rad ett\r\nRad två\n\nRad fyra\tmed tabb\x0b."
    data = render_receipt(receipt(steps=[Step("Om bygget", [("Fråga", answer)])]))
    text = text_of(data, tmp_path)
    assert "Rad ett\nRad två\nRad fyra med tabb ." in text  # three lines
    tagged = {found: kind for kind, found in structure(data, tmp_path)}
    assert tagged["Rad ett Rad två  Rad fyra med tabb ."] == "P"
