"""The animated QR code: BankID's published test vector, and the checks the app makes."""

import pytest

from atvidaberg.etjanster.eid.qr import is_valid_qr_data
from atvidaberg.etjanster.eid.qr import parse_qr_data
from atvidaberg.etjanster.eid.qr import qr_data
from atvidaberg.etjanster.eid.qr import qr_svg

TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8"
SECRET = "d28db9a7-4cde-429e-a983-359be676944c"


@pytest.mark.parametrize(
    ("seconds", "code_start"),
    [(0, "dc69358e"), (1, "949d559b"), (2, "a9e5ec59")],
)
def test_published_vector(seconds, code_start):
    data = qr_data(TOKEN, SECRET, seconds)
    prefix = f"bankid.{TOKEN}.{seconds}."
    assert data.startswith(prefix)
    code = data.removeprefix(prefix)
    assert code.startswith(code_start)
    assert len(code) == 64


def test_full_code_at_zero():
    assert qr_data(TOKEN, SECRET, 0) == (
        f"bankid.{TOKEN}.0."
        "dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8"
    )


def test_seconds_are_whole_and_never_negative():
    assert qr_data(TOKEN, SECRET, 1.99) == qr_data(TOKEN, SECRET, 1)
    assert qr_data(TOKEN, SECRET, -0.5) == qr_data(TOKEN, SECRET, 0)


def test_parse_and_check():
    data = qr_data(TOKEN, SECRET, 7)
    assert parse_qr_data(data) == (TOKEN, 7, data.rsplit(".", 1)[1])
    assert is_valid_qr_data(data, TOKEN, SECRET)
    assert not is_valid_qr_data(data, TOKEN, "another-secret")
    assert not is_valid_qr_data(data, "another-token", SECRET)
    forged_time = data.replace(".7.", ".8.")
    assert not is_valid_qr_data(forged_time, TOKEN, SECRET)


@pytest.mark.parametrize(
    "data", ["", "bankid", "bankid.a.b.c", "other.a.1.c", "bankid.a.1.c.d", None]
)
def test_not_qr_data(data):
    assert parse_qr_data(data) is None
    assert not is_valid_qr_data(data, TOKEN, SECRET)


def test_svg():
    svg = qr_svg(qr_data(TOKEN, SECRET, 0), title="QR-kod för BankID <test>")
    assert svg.startswith("<svg")
    assert "viewBox" in svg
    assert "<title>QR-kod för BankID &lt;test&gt;</title>" in svg
    assert "<?xml" not in svg
