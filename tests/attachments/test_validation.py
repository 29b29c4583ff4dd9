import hashlib

import pytest
from attachment_samples import ELF
from attachment_samples import PE
from attachment_samples import SCRIPT
from attachment_samples import make_docx
from attachment_samples import make_heic
from attachment_samples import make_odt

from atvidaberg.etjanster.attachments import ALLOWED_DEFAULT
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.attachments import detect_type
from atvidaberg.etjanster.attachments import validate
from atvidaberg.etjanster.attachments.validation import megabytes
from atvidaberg.etjanster.attachments.validation import safe_filename

MB = 2**20
NAMES = {
    "pdf": "Faktura.pdf",
    "jpeg": "Foto från altanen.jpg",
    "png": "skärmbild.png",
    "heic": "IMG_0001.HEIC",
    "docx": "Ansökan.docx",
    "odt": "Ansökan.odt",
}
MIMES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def refusal(**kwargs):
    with pytest.raises(AttachmentRefused) as info:
        validate(**kwargs)
    return info.value


def test_default_allow_list():
    assert {"pdf", "jpeg", "png", "heic", "docx", "odt"} == ALLOWED_DEFAULT


@pytest.mark.parametrize("key", sorted(NAMES))
def test_each_default_type_is_accepted(samples, key):
    data = samples[key]
    assert detect_type(data).key == key
    result = validate(NAMES[key], data)
    assert result.type_key == key
    assert result.content_type == MIMES[key]
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size == len(data)
    assert result.filename == NAMES[key].replace(".HEIC", ".heic")


def test_the_browsers_claim_and_the_name_are_not_trusted(samples):
    # No extension: the type comes from the content and names the file.
    assert validate("scan", samples["pdf"]).filename == "scan.pdf"
    assert validate("scan.tmp", samples["png"]).filename == "scan.tmp.png"


@pytest.mark.parametrize(
    ("major", "compatible"),
    [
        (b"heic", (b"mif1", b"heic")),
        (b"heix", ()),
        (b"mif1", (b"heic",)),
        (b"msf1", (b"hevc",)),
        (b"mif1", ()),
    ],
)
def test_heic_brands(major, compatible):
    assert detect_type(make_heic(major, compatible)).key == "heic"


def test_avif_is_not_heic():
    assert detect_type(make_heic(b"avif", (b"mif1", b"miaf"))) is None


def test_macro_documents_are_not_docx():
    macro = make_docx("application/vnd.ms-word.document.macroEnabled.main+xml")
    assert detect_type(macro).key == "zip"
    error = refusal(filename="Ansökan.docx", data=macro)
    assert error.code == "type_mismatch"


def test_other_opendocument_types_are_not_odt():
    spreadsheet = make_odt("application/vnd.oasis.opendocument.spreadsheet")
    assert detect_type(spreadsheet).key == "zip"


def test_damaged_zip_is_not_recognised():
    assert detect_type(b"PK\x03\x04" + b"\0" * 50) is None


@pytest.mark.parametrize("payload", [ELF, PE, SCRIPT], ids=["elf", "pe", "script"])
@pytest.mark.parametrize("name", ["faktura.pdf", "bild.jpg", "intyg.docx"])
def test_renamed_executables_are_refused(payload, name):
    error = refusal(filename=name, data=payload)
    assert error.code == "type_mismatch"
    assert error.message.mapping["type"] in ("PDF", "JPEG", "Word (DOCX)")


@pytest.mark.parametrize("payload", [ELF, PE, SCRIPT], ids=["elf", "pe", "script"])
def test_executables_by_their_own_name_are_not_allowed(payload):
    error = refusal(filename="setup.exe", data=payload)
    assert error.code == "type_not_allowed"


def test_allowed_type_under_the_wrong_name_is_refused(samples):
    error = refusal(filename="faktura.pdf", data=samples["png"])
    assert error.code == "type_mismatch"
    assert str(error.message) == (
        "The file's name says ${type}, but its content is something else. "
        "Save the file again in the right format and attach it once more."
    )
    assert error.message.mapping == {"type": "PDF"}


def test_per_eservice_allow_list(samples):
    error = refusal(filename="Ansökan.docx", data=samples["docx"], allowed={"pdf"})
    assert error.code == "type_not_allowed"
    assert error.message.mapping == {"types": "PDF"}
    error = refusal(filename="karta", data=samples["png"], allowed={"pdf", "jpeg"})
    assert error.code == "type_not_allowed"
    assert error.message.mapping == {"types": "JPEG, PDF"}
    # Named as an allowed type, but is another: the name is what is wrong.
    error = refusal(filename="karta.jpg", data=samples["png"], allowed={"pdf", "jpeg"})
    assert error.code == "type_mismatch"
    assert validate("karta.png", samples["png"], allowed={"png"}).type_key == "png"


def test_unknown_content_is_not_allowed():
    error = refusal(filename="anteckning.txt", data=b"hello, plain text")
    assert error.code == "type_not_allowed"
    assert str(error.message) == (
        "Files of this type cannot be attached. Allowed types: ${types}."
    )
    assert error.message.mapping == {"types": "Word (DOCX), HEIC, JPEG, ODT, PDF, PNG"}


def test_empty_file():
    error = refusal(filename="tom.pdf", data=b"")
    assert error.code == "empty"
    assert str(error.message) == "The file is empty."


def padded_pdf(samples, size):
    return samples["pdf"] + b"\n" * (size - len(samples["pdf"]))


def test_file_size_limit_at_the_boundary(samples):
    limit = 1 * MB
    assert validate("a.pdf", padded_pdf(samples, limit), max_file_bytes=limit)
    error = refusal(
        filename="a.pdf", data=padded_pdf(samples, limit + 1), max_file_bytes=limit
    )
    assert error.code == "too_large"
    assert str(error.message) == "The file is larger than ${limit} MB."
    assert error.message.mapping == {"limit": "1"}


def test_default_file_limit_is_20_mb(samples):
    assert validate("a.pdf", padded_pdf(samples, 20 * MB), max_case_bytes=100 * MB)
    error = refusal(filename="a.pdf", data=padded_pdf(samples, 20 * MB + 1))
    assert error.code == "too_large"
    assert error.message.mapping == {"limit": "20"}


def test_case_size_limit_at_the_boundary(samples):
    data = padded_pdf(samples, 10 * MB)
    assert validate("a.pdf", data, case_total_bytes=40 * MB)
    error = refusal(filename="a.pdf", data=data, case_total_bytes=40 * MB + 1)
    assert error.code == "case_too_large"
    assert str(error.message) == (
        "The attached files may together be at most ${limit} MB. "
        "There is room for ${remaining} MB more."
    )
    assert error.message.mapping == {"limit": "50", "remaining": "10"}


def test_megabytes_are_written_the_swedish_way():
    assert megabytes(20 * MB) == "20"
    assert megabytes(MB // 2) == "0,5"
    assert megabytes(int(9.96 * MB)) == "10"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("C:\\Users\\Anna\\Skrivbord\\Ansökan.pdf", "Ansökan.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("Räkning\x00\x1b[31m.pdf", "Räkning[31m.pdf"),
        ("faktura\u202efdp.pdf", "fakturafdp.pdf"),
        ("  .dold   fil .PDF ", "dold fil.pdf"),
        ('a<b>c:"d|e?*.pdf', "a_b_c__d_e__.pdf"),
        ("A\u030ar.pdf", "År.pdf"),
        ("", "bilaga.pdf"),
        ("....pdf", "pdf.pdf"),
        ("CON.pdf", "_CON.pdf"),
    ],
)
def test_safe_filename(samples, given, expected):
    assert validate(given, samples["pdf"]).filename == expected


def test_right_to_left_override_does_not_disguise_a_program(samples):
    # Shown as "fakturaexe.pdf" where the override is honoured.
    assert refusal(filename="faktura\u202efdp.exe", data=PE).code == "type_not_allowed"
    error = refusal(filename="faktura\u202efdp.exe", data=samples["pdf"])
    assert error.code == "type_mismatch"


def test_long_names_keep_their_extension():
    name = safe_filename("å" * 500 + ".pdf")
    assert len(name) == 120
    assert name.endswith("å.pdf")
