"""The clamd client against a real clamd, when one is installed (skipped otherwise).

The other tests use a fake clamd (``attachment_samples.FakeClamd``). This one checks
the client against the real daemon: set ``ETJANSTER_CLAMD`` to a clamd binary (or have
``clamd`` on the PATH, e.g. from Debian's clamav-daemon). It needs no internet and no
freshclam: clamd gets a signature database of one line of our own that finds the EICAR
test string, and is started on a socket and a TCP port of its own.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from attachment_samples import EICAR
from attachment_samples import make_pdf

from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.attachments import scanner_for
from atvidaberg.etjanster.attachments import validate

CLAMD = os.environ.get("ETJANSTER_CLAMD") or shutil.which("clamd")
SIGNATURE = "Etjanster.Test.EICAR"

pytestmark = pytest.mark.skipif(
    not CLAMD, reason="no clamd (set ETJANSTER_CLAMD or install clamav-daemon)"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def clamd():
    # UNIX socket paths are limited to about 100 bytes: pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="clamd", dir="/tmp") as name:
        home = Path(name)
        (home / "db").mkdir()
        # An extended signature (.ndb): any file type, the string anywhere.
        (home / "db" / "etjanster.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
        port = free_port()
        (home / "clamd.conf").write_text(
            f"DatabaseDirectory {home / 'db'}\n"
            f"LocalSocket {home / 'clamd.sock'}\n"
            f"TCPSocket {port}\n"
            "TCPAddr 127.0.0.1\n"
            "Foreground yes\n"
            f"LogFile {home / 'clamd.log'}\n"
            f"PidFile {home / 'clamd.pid'}\n"
            "StreamMaxLength 1M\n"
        )
        process = subprocess.Popen(
            [CLAMD, "-c", str(home / "clamd.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            unix = scanner_for(str(home / "clamd.sock"), timeout=10)
            tcp = scanner_for(f"127.0.0.1:{port}", timeout=10)
            deadline = time.monotonic() + 60
            while not (unix.ping() and tcp.ping()):
                if process.poll() is not None or time.monotonic() > deadline:
                    log = home / "clamd.log"
                    pytest.fail(
                        "clamd did not start: "
                        + (log.read_text() if log.exists() else "no log")
                    )
                time.sleep(0.2)
            yield {"unix": unix, "tcp": tcp}
        finally:
            process.terminate()
            process.wait(10)


@pytest.mark.parametrize("kind", ["unix", "tcp"])
def test_real_clamd_finds_eicar_and_passes_a_clean_file(clamd, kind):
    scanner = clamd[kind]
    pdf = make_pdf()
    assert scanner.scan(pdf) is None
    assert scanner.scan(EICAR) == f"{SIGNATURE}.UNOFFICIAL"
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", pdf + b"\n%" + EICAR + b"\n", scanner=scanner)
    assert info.value.code == "infected"


@pytest.mark.parametrize("kind", ["unix", "tcp"])
def test_a_file_over_stream_max_length_fails_closed(clamd, kind):
    """clamd answers an error (or closes the socket), never OK: the file is refused."""
    data = make_pdf() + b"%" + b"A" * (2 * 2**20)  # StreamMaxLength is 1M here
    with pytest.raises(AttachmentRefused) as info:
        validate("Faktura.pdf", data, scanner=clamd[kind])
    assert info.value.code == "scanner_unavailable"
