"""Zope's clock agrees with the system's, and a process whose would not, refuses to start.

A ``TZ`` set in ``zope.conf``'s ``<environment>`` reaches the C library but not
``DateTime``, which then stores and shows times an hour late after the first
``mktime`` (``clock.py``). The instance the add-on renders starts its Zope with ``TZ``
in the process's environment (as ``make start`` does) and shows the right time; one
configured the old way stops at start with the reason in its log.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from atvidaberg.etjanster import clock
from atvidaberg.etjanster.devserver import instance
from atvidaberg.etjanster.devserver.cluster import free_port

RUNWSGI = Path(sys.executable).with_name("runwsgi")
# A zone other than the one this machine's processes start in.
LATE_ZONE = "Asia/Tokyo" if time.timezone != -9 * 3600 else "America/New_York"


def start(home, env):
    port = free_port()
    instance.render(home, "127.0.0.1", port)
    log = (home / "zope.log").open("w")
    process = subprocess.Popen(
        [str(RUNWSGI), str(home / "etc" / "zope.ini")],
        env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def wait(process, url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url + "/@@health", timeout=5).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture
def stopping():
    processes = []
    yield processes.append
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(30)


def test_zope_started_as_make_start_does_keeps_the_time(tmp_path, stopping):
    process, url = start(tmp_path, {"TZ": "Europe/Stockholm"})
    stopping(process)
    # It passed its own check of the clock at start (clock.check_clock) and serves.
    assert wait(process, url), (tmp_path / "zope.log").read_text()[-3000:]
    assert "ClockMismatch" not in (tmp_path / "zope.log").read_text()


def test_a_time_zone_set_in_zope_conf_stops_the_start(tmp_path, stopping):
    instance.render(tmp_path, "127.0.0.1", free_port())
    conf = tmp_path / "etc" / "zope.conf"
    conf.write_text(
        conf.read_text().replace("<environment>", f"<environment>\n  TZ {LATE_ZONE}")
    )
    with (tmp_path / "zope.log").open("w") as log:
        old = subprocess.Popen(
            [str(RUNWSGI), str(tmp_path / "etc" / "zope.ini")],
            env={k: v for k, v in os.environ.items() if k != "TZ"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    stopping(old)
    assert old.wait(120) != 0
    assert "ClockMismatch" in (tmp_path / "zope.log").read_text()


def test_the_check_finds_a_clock_split_by_a_late_time_zone(monkeypatch):
    assert abs(clock.datetime_drift()) < clock.TOLERANCE
    clock.check_clock()
    monkeypatch.setenv("TZ", LATE_ZONE)  # after Python started: too late
    try:
        assert abs(clock.datetime_drift()) >= 3600 - clock.TOLERANCE
        with pytest.raises(clock.ClockMismatch):
            clock.check_clock()
    finally:
        monkeypatch.undo()
        time.mktime(time.localtime())  # the C library reads TZ again
    assert abs(clock.datetime_drift()) < clock.TOLERANCE
