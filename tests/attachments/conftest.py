"""Fixtures of the attachment tests; the files and the fake clamd are in attachment_samples.py."""

import tempfile
from pathlib import Path

import pytest
from attachment_samples import FakeClamd
from attachment_samples import make_docx
from attachment_samples import make_heic
from attachment_samples import make_image
from attachment_samples import make_odt
from attachment_samples import make_pdf


@pytest.fixture(scope="session")
def samples():
    return {
        "pdf": make_pdf(),
        "jpeg": make_image("JPEG"),
        "png": make_image("PNG"),
        "heic": make_heic(),
        "docx": make_docx(),
        "odt": make_odt(),
    }


@pytest.fixture
def clamd_factory():
    """Start fake clamds: on a UNIX socket, or with ``tcp=True`` on a TCP port."""
    # UNIX socket paths are limited to about 100 bytes: pytest's tmp_path can be longer.
    directory = tempfile.TemporaryDirectory(prefix="clamd", dir="/tmp")
    tmp_path = Path(directory.name)
    servers = []

    def start(tcp=False, **kwargs):
        path = None if tcp else tmp_path / f"clamd{len(servers)}.sock"
        server = FakeClamd(path, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
    directory.cleanup()
