"""`make cluster` for real, small: PostgreSQL, two Zope instances, HAProxy, Varnish.

One cluster for the module (``conftest.py``); the last test stops it and starts it
again on the same data. Skipped only where PostgreSQL, HAProxy or Varnish is not
installed (``.ci/run`` installs them).
"""

import re
import time

import httpx
import pytest

from atvidaberg.etjanster.devserver.cluster import HEALTH
from atvidaberg.etjanster.devserver.cluster import binaries_missing

from helpers import eid_login
from helpers import submit_fault_report

ANNA = "198001019820"
NUMBER = re.compile(r"ETJ-\d{4}-(\d{6})")

pytestmark = pytest.mark.skipif(
    bool(binaries_missing()),
    reason=f"needs PostgreSQL, HAProxy and Varnish: {', '.join(binaries_missing())} missing",
)


def control(cluster):
    return f"http://127.0.0.1:{cluster.settings.simulator_ports['control']}"


def submit(cluster, resident):
    _, sent = submit_fault_report(resident)
    return int(NUMBER.fullmatch(sent["registration_number"]).group(1))


def resident_through_haproxy(cluster):
    site = f"{cluster.url}/Plone"
    resident = eid_login(site, control(cluster), ANNA)
    resident.headers["Origin"] = cluster.url
    return resident


def test_each_instance_and_haproxy_answer_the_health_check(cluster):
    for server in [*cluster.instance_urls(), cluster.haproxy_url, cluster.url]:
        answer = httpx.get(server + HEALTH)
        assert answer.status_code == 200, server
        assert answer.json() == {"status": "ok"}
    config = (cluster.home / "cluster" / "haproxy.cfg").read_text()
    assert f"option httpchk GET {HEALTH}" in config
    assert "option forwardfor" in config


def test_a_login_started_on_one_instance_completes_on_the_other(cluster):
    first, second = (f"{url}/Plone" for url in cluster.instance_urls())
    headers = {"Accept": "application/json"}
    on_first = httpx.Client(base_url=first, headers=headers)
    started = on_first.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}
    )
    assert started.status_code == 200, started.text
    approved = httpx.post(
        f"{control(cluster)}/sim/bankid/approve",
        json={"qr": started.json()["qr"], "personalNumber": ANNA},
    )
    assert approved.status_code == 200, approved.text
    # The same browser (its cookies) polls the other instance.
    on_second = httpx.Client(base_url=second, headers=headers, cookies=on_first.cookies)
    answer = on_second.post(
        "/@eid/collect", json={"transaction": started.json()["transaction"]}
    )
    assert answer.json()["status"] == "complete", answer.text
    # The session the second instance opened is valid on the first.
    on_first.cookies.update(on_second.cookies)
    assert on_first.get("/@my-cases").status_code == 200
    assert httpx.get(f"{first}/@my-cases", headers=headers).status_code == 401


def test_two_submissions_through_haproxy_get_consecutive_numbers(cluster):
    resident = resident_through_haproxy(cluster)
    first = submit(cluster, resident)
    second = submit(cluster, resident)
    assert second == first + 1
    cluster.last_number = second


def health_of_instances(cluster):
    return [httpx.get(url + HEALTH) for url in cluster.instance_urls()]


def test_while_postgresql_is_down_the_instances_answer_503_and_recover(cluster):
    cluster.postgresql.stop()
    try:
        for answer in health_of_instances(cluster):
            assert answer.status_code == 503
            assert answer.json()["error"]["code"] == "database_down"
            assert "Traceback" not in answer.text
        page = httpx.get(f"{cluster.instance_urls()[0]}/Plone/e-tjanster")
        assert page.status_code == 503
        assert page.json()["error"]["code"] == "database_down"
    finally:
        cluster.postgresql.start()
    # The same processes read it again, without a restart of their own.
    deadline = time.monotonic() + 30
    while any(a.status_code != 200 for a in health_of_instances(cluster)):
        assert time.monotonic() < deadline, "the instances did not recover"
        time.sleep(0.5)


def test_the_data_survives_a_restart(cluster):
    cluster.stop()
    cluster.start()  # the site exists: created once, kept
    resident = resident_through_haproxy(cluster)
    assert submit(cluster, resident) == cluster.last_number + 1
