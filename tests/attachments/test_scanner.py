import pytest
from attachment_samples import EICAR

from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.attachments import ClamdScanner
from atvidaberg.etjanster.attachments import InvalidAddress
from atvidaberg.etjanster.attachments import ScannerUnavailable
from atvidaberg.etjanster.attachments import parse_address
from atvidaberg.etjanster.attachments import scanner_for
from atvidaberg.etjanster.attachments import validate
from atvidaberg.etjanster.attachments.scanner import UnusableScanner
from atvidaberg.etjanster.attachments.scanner import parse_reply


def test_clean_file_passes(clamd_factory, samples):
    clamd = clamd_factory()
    scanner = ClamdScanner(clamd.path, timeout=5)
    assert scanner.scan(samples["pdf"]) is None
    assert validate("Faktura.pdf", samples["pdf"], scanner=scanner).type_key == "pdf"
    assert clamd.received == [samples["pdf"], samples["pdf"]]


def test_data_is_sent_in_chunks_and_arrives_whole(clamd_factory, samples):
    clamd = clamd_factory()
    data = samples["jpeg"] * 50
    assert ClamdScanner(clamd.path, chunk_size=1000).scan(data) is None
    assert clamd.received == [data]


def test_eicar_is_found(clamd_factory):
    clamd = clamd_factory()
    assert ClamdScanner(clamd.path).scan(EICAR) == "Win.Test.EICAR_HDB-1"


def test_infected_file_is_refused(clamd_factory, samples):
    clamd = clamd_factory()
    # EICAR inside an otherwise valid PDF, as a resident's file would carry it.
    data = samples["pdf"] + b"\n%" + EICAR + b"\n"
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", data, scanner=ClamdScanner(clamd.path))
    assert info.value.code == "infected"
    assert str(info.value.message) == (
        "The file contains a virus or other harmful code and cannot be attached."
    )


def test_missing_socket_fails_closed(tmp_path, samples):
    scanner = ClamdScanner(str(tmp_path / "nothing.sock"), timeout=1)
    with pytest.raises(ScannerUnavailable):
        scanner.scan(samples["pdf"])
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", samples["pdf"], scanner=scanner)
    assert info.value.code == "scanner_unavailable"
    assert str(info.value.message) == (
        "The file could not be checked for viruses just now. "
        "Please try again in a little while."
    )


def test_refused_tcp_connection_fails_closed(samples):
    scanner = ClamdScanner(("127.0.0.1", 1), timeout=1)
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", samples["pdf"], scanner=scanner)
    assert info.value.code == "scanner_unavailable"


def test_silent_scanner_times_out(clamd_factory, samples):
    clamd = clamd_factory(silent=True)
    with pytest.raises(ScannerUnavailable):
        ClamdScanner(clamd.path, timeout=0.3).scan(samples["pdf"])


def test_clamd_error_reply_fails_closed(clamd_factory, samples):
    clamd = clamd_factory(reply=b"INSTREAM size limit exceeded. ERROR\0")
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", samples["pdf"], scanner=ClamdScanner(clamd.path))
    assert info.value.code == "scanner_unavailable"


def test_ping(clamd_factory, tmp_path):
    assert ClamdScanner(clamd_factory().path).ping()
    assert not ClamdScanner(str(tmp_path / "none.sock")).ping()


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("stream: OK", None),
        ("stream: Eicar-Signature FOUND", "Eicar-Signature"),
        ("1: stream: OK", None),
    ],
)
def test_parse_reply(reply, expected):
    assert parse_reply(reply) == expected


@pytest.mark.parametrize("reply", ["", "stream: ERROR", "garbage"])
def test_unusable_replies(reply):
    with pytest.raises(ScannerUnavailable):
        parse_reply(reply)


def test_type_is_checked_before_the_scanner_is_asked(clamd_factory):
    clamd = clamd_factory()
    with pytest.raises(AttachmentRefused) as info:
        validate("x.pdf", b"MZ" + b"\0" * 100, scanner=ClamdScanner(clamd.path))
    assert info.value.code == "type_mismatch"
    assert clamd.received == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        (None, None),
        ("/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
        (" /var/run/clamd.scan/clamd.sock ", "/var/run/clamd.scan/clamd.sock"),
        ("127.0.0.1:3310", ("127.0.0.1", 3310)),
        ("clamd:3310", ("clamd", 3310)),
        ("av-1.kommun.example.se:3310", ("av-1.kommun.example.se", 3310)),
        ("[::1]:3310", ("::1", 3310)),
        ("[fd00::a:1]:65535", ("fd00::a:1", 65535)),
    ],
)
def test_addresses_administrators_write(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "clamd",  # no port
        "clamd:",
        "clamd:port",
        "clamd:0",
        "clamd:65536",
        ":3310",
        "::1:3310",  # IPv6 needs brackets
        "[not-v6]:3310",
        "300.1.1.1:3310",
        "-clamd:3310",
        "clam d:3310",
        "tcp://clamd:3310",
        "run/clamav/clamd.ctl",  # relative
        "/",
        "/run/clamav/",
        "/run/clam av/clamd.ctl",
        "/" + "x" * 107,
        "clamd:33\n10",
    ],
)
def test_addresses_that_cannot_be_used(text):
    with pytest.raises(InvalidAddress):
        parse_address(text)


def test_scanner_for_the_setting(clamd_factory):
    assert scanner_for("") is None
    tcp = clamd_factory(tcp=True)
    scanner = scanner_for(tcp.address, timeout=5)
    assert scanner.address == ("127.0.0.1", tcp.port)
    assert scanner.ping()
    assert scanner.scan(EICAR) == "Win.Test.EICAR_HDB-1"
    assert scanner.scan(b"%PDF-1.4 clean") is None
    unix = clamd_factory()
    assert scanner_for(unix.path).scan(EICAR) == "Win.Test.EICAR_HDB-1"


def test_an_unusable_setting_fails_closed(samples):
    scanner = UnusableScanner("no port")
    assert not scanner.ping()
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", samples["pdf"], scanner=scanner)
    assert info.value.code == "scanner_unavailable"
