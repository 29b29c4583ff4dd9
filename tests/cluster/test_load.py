"""The production shape under load and faults: two Zope instances on PostgreSQL.

One cluster for the module (see tests/cluster/test_cluster.py), whose instances run
their delivery worker every second and hold a claim for 20 s instead of 10 minutes (so
that a killed instance's claims expire within the test). What the tests cannot see
over HTTP (every case's state, every delivery job) a script run inside Zope reads
(``site_script.py``, through ``zconsole run`` on the first instance's configuration,
beside the running instances: RelStorage takes any number of clients).

The residents go straight to each instance in turn, so that both instances take
submissions (the load balancer's round robin is shown in test_cluster.py); the
session of a login on one instance is valid on the other.
"""

import email
import email.policy
import json
import os
import re
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from atvidaberg.etjanster.devserver.cluster import BIN
from atvidaberg.etjanster.devserver.cluster import binaries_missing
from atvidaberg.etjanster.devserver.cluster import temporary_cluster

from helpers import eid_login

# Ordinary adults of docs/fixture-persons.md (no protected identity: their deliveries
# go to the general mailbox, one mail per submission).
RESIDENTS = ["198001019820", "197503159837", "200002299881"]
FELANMALAN = "/e-tjanster/felanmalan-gata-och-park"
A_REPORT = {"typ": "Gatubelysning", "plats": "Storgatan 12", "beskrivning": "Mörkt."}
NUMBER = re.compile(r"ETJ-\d{4}-(\d{6})")
SUBMITTERS = 40
LEASE = 20  # seconds: ETJANSTER_DELIVERY_LEASE of the instances
SCRIPT = Path(__file__).with_name("site_script.py")
TIMEOUT = httpx.Timeout(180)

pytestmark = pytest.mark.skipif(
    bool(binaries_missing()),
    reason=f"needs PostgreSQL and HAProxy: {', '.join(binaries_missing())} missing",
)


@pytest.fixture(scope="module")
def cluster():
    environment = {
        "ETJANSTER_DELIVERY_INTERVAL": "1",
        "ETJANSTER_DELIVERY_LEASE": str(LEASE),
    }
    with temporary_cluster("etjanster-load-", zope_environment=environment) as running:
        yield running


@pytest.fixture(scope="module")
def residents(cluster):
    """Forty residents logged in, each from an address of their own; the sessions
    last the module (a session is valid on every instance, and after a restart)."""
    return log_in_residents(cluster, SUBMITTERS)


# Helpers -----------------------------------------------------------------------------


def control(cluster):
    return f"http://127.0.0.1:{cluster.settings.simulator_ports['control']}"


def instance_site(cluster, number):
    return f"{cluster.instance_urls()[number - 1]}/Plone"


def logged_in(cluster, number, personal_number, address):
    """A resident at ``address`` logged in on instance ``number``. The address is
    the X-Forwarded-For a load balancer would send (the cluster trusts 127.0.0.1):
    forty logins from one address would be over the per-client limit of e-ID starts."""
    resident = eid_login(
        instance_site(cluster, number),
        control(cluster),
        personal_number,
        headers={"X-Forwarded-For": address},
    )
    resident.timeout = TIMEOUT
    resident.headers["Origin"] = cluster.instance_urls()[number - 1]
    return resident


def fill_in_a_draft(resident):
    draft = resident.post(f"{FELANMALAN}/@start")
    assert draft.status_code in (200, 201), draft.text
    resident.case = draft.json()["@id"]
    saved = resident.patch(
        f"{resident.case}/@form", json={"step": "felet", "data": A_REPORT}
    )
    assert saved.status_code == 200, saved.text
    return resident


def log_in_residents(cluster, count):
    """``count`` residents, every other one on the second instance; one login at a
    time (the BankID simulator refuses orders started side by side: RFA22)."""
    return [
        logged_in(cluster, i % 2 + 1, RESIDENTS[i % len(RESIDENTS)], f"192.0.2.{i + 1}")
        for i in range(count)
    ]


def with_drafts(residents):
    """Each resident fills in a new report, ready to send."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(fill_in_a_draft, residents))


def submit_at_once(residents, during=None, watched=lambda resident: True):
    """Every resident sends in their draft at the same moment; the answers (or the
    exception a request ended with), in the residents' order. ``during`` runs once
    the first answer to a ``watched`` resident is in (the SIGKILL test's fault)."""
    start = threading.Barrier(len(residents))
    first_answer = threading.Event()

    def send(resident):
        start.wait()
        try:
            return resident.post(f"{resident.case}/@submit")
        except httpx.HTTPError as error:
            return error
        finally:
            if watched(resident):
                first_answer.set()

    with ThreadPoolExecutor(len(residents)) as pool:
        answers = [pool.submit(send, resident) for resident in residents]
        if during is not None:
            first_answer.wait(180)
            during()
        return [answer.result() for answer in answers]


def number_of(answer):
    return int(NUMBER.fullmatch(answer.json()["registration_number"]).group(1))


def inside_zope(cluster, command, argument=None):
    """Run ``site_script.py``'s ``command`` in a Zope of its own; its JSON answer."""
    env = {
        **os.environ,
        "LOAD_COMMAND": command,
        "LOAD_ARGUMENT": json.dumps(argument),
        "ETJANSTER_DELIVERY_INTERVAL": "0",  # no worker in this process
    }
    zope_conf = cluster.instance_home(1) / "etc" / "zope.conf"
    done = subprocess.run(
        [str(BIN / "zconsole"), "run", str(zope_conf), str(SCRIPT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT:")]
    return json.loads(result[-1].removeprefix("RESULT:"))


def mails(cluster):
    """Every message in the cluster's SMTP sink (var/mail under its home)."""
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.SMTP)
        for path in sorted((cluster.home / "var" / "mail").glob("*.eml"))
    ]


def mails_by_job(cluster):
    """Job id (X-Etjanster-Job) -> the Message-IDs of every copy received."""
    received = {}
    for message in mails(cluster):
        received.setdefault(message["X-Etjanster-Job"], []).append(
            message["Message-ID"]
        )
    return received


def wait_for_mails(cluster, job_ids, timeout=90):
    """Wait until every job has a mail, then two more worker rounds for any copy."""
    deadline = time.monotonic() + timeout
    while not set(job_ids) <= mails_by_job(cluster).keys():
        missing = set(job_ids) - mails_by_job(cluster).keys()
        assert time.monotonic() < deadline, f"{len(missing)} mail(s) never came"
        time.sleep(1)
    time.sleep(3)
    return mails_by_job(cluster)


def delivery_jobs(state):
    """Case UID -> its delivery job (from ``inside_zope(..., "cases")``)."""
    return {job["reference"]: job for job in state["jobs"] if job["kind"] == "delivery"}


def uid_of(state, resident):
    path = httpx.URL(resident.case).path
    return next(case["uid"] for case in state["cases"] if case["path"] == path)


def assert_nothing_half_submitted(state):
    """Every case is a draft without a number, or submitted with number, receipt and
    a delivery job; and the catalog lists no case that is not there."""
    assert state["dangling"] == []
    jobs = delivery_jobs(state)
    for case in state["cases"]:
        if case["state"] == "draft":
            assert case["number"] is None, case
            assert case["uid"] not in jobs, case
        else:
            assert case["number"] and case["receipt"], case
            assert case["uid"] in jobs, case


# The tests ---------------------------------------------------------------------------


def test_forty_residents_submit_at_once_over_both_instances(cluster, residents):
    """Also the proof that X-Forwarded-For reaches the portal: twenty logins on one
    instance from one address would be over its limit of ten e-ID starts a minute."""
    residents = with_drafts(residents)
    answers = submit_at_once(residents)
    statuses = Counter(getattr(answer, "status_code", answer) for answer in answers)
    assert statuses == {200: SUBMITTERS}, statuses  # no 5xx, no error at all
    # Both instances took submissions: every other resident went to the second one.
    hosts = Counter(httpx.URL(resident.case).port for resident in residents)
    assert sorted(hosts.values()) == [SUBMITTERS // 2] * 2
    numbers = sorted(number_of(answer) for answer in answers)
    assert numbers == list(range(numbers[0], numbers[0] + SUBMITTERS))  # no gap

    state = inside_zope(cluster, "cases")
    assert_nothing_half_submitted(state)
    jobs = delivery_jobs(state)
    ours = [jobs[uid_of(state, resident)]["id"] for resident in residents]
    received = wait_for_mails(cluster, ours)
    copies = [received[job_id] for job_id in ours]
    assert all(len(ids) == 1 for ids in copies), copies  # none twice
    assert len({ids[0] for ids in copies}) == SUBMITTERS  # 40 distinct Message-IDs


def test_a_job_both_workers_see_due_at_one_moment_is_sent_once(cluster):
    """Twenty mails fall due at one moment while both instances run their worker
    (every second): each worker's round finds all twenty due, and they claim the
    same jobs side by side. The claim's conflict decides: one copy each, and no job
    was claimed twice (a second claim would count a second attempt)."""
    queued = inside_zope(cluster, "due-jobs", {"count": 20, "delay": 5})
    received = wait_for_mails(cluster, queued["ids"])
    assert all(len(received[job_id]) == 1 for job_id in queued["ids"])
    jobs = {job["id"]: job for job in inside_zope(cluster, "cases")["jobs"]}
    assert {jobs[job_id]["state"] for job_id in queued["ids"]} == {"delivered"}
    assert {jobs[job_id]["attempts"] for job_id in queued["ids"]} == {1}


def purge_drafts_on(cluster, number, start):
    start.wait()
    return httpx.post(
        f"{instance_site(cluster, number)}/@@purge-drafts",
        auth=("admin", "admin"),
        timeout=TIMEOUT,
    )


def test_the_draft_clean_up_on_both_instances_at_once_purges_each_draft_once(
    cluster, residents
):
    residents = residents[:6]
    for resident in residents:
        draft = resident.post(f"{FELANMALAN}/@start")
        assert draft.status_code in (200, 201), draft.text
        resident.case = draft.json()["@id"]
    paths = [httpx.URL(resident.case).path for resident in residents]
    assert inside_zope(cluster, "old-drafts", paths) == len(paths)
    start = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda n: purge_drafts_on(cluster, n, start), (1, 2)))
    assert [answer.status_code for answer in answers] == [200, 200], answers
    purged = [int(answer.text.split()[0]) for answer in answers]
    assert sum(purged) == len(paths), purged  # each old draft once, by one of them
    left = {case["path"] for case in inside_zope(cluster, "cases")["cases"]}
    assert not left & set(paths)


def test_an_instance_killed_during_the_load_loses_no_submission(cluster, residents):
    """SIGKILL the second instance once its first answer is in, and start it again.
    A submission that got its 200 is delivered exactly once; the others failed with
    an error and are drafts still, or completed; no case is half-submitted. Sent in
    again, each of those gets the number drawn for it before the kill (``numbers``
    keeps it for its case), so that the numbers of the module have no gap."""
    residents = with_drafts(residents)
    second = httpx.URL(cluster.instance_urls()[1]).port
    answers = submit_at_once(
        residents,
        during=lambda: cluster.kill_instance(2),
        watched=lambda resident: httpx.URL(resident.case).port == second,
    )
    cluster.start_instance(2)
    statuses = Counter(getattr(answer, "status_code", "error") for answer in answers)
    assert set(statuses) <= {200, "error"}, statuses  # a 5xx is not a clean failure
    assert statuses[200] > SUBMITTERS // 2  # the first instance's half, and more
    assert statuses["error"], "the kill came too late to cut a submission"

    state = inside_zope(cluster, "cases")
    assert_nothing_half_submitted(state)
    cases = {case["uid"]: case for case in state["cases"]}
    completed = 0  # cut off from their answer, but committed
    for resident, answer in zip(residents, answers, strict=True):
        case = cases[uid_of(state, resident)]
        if getattr(answer, "status_code", None) == 200:
            assert case["number"] == answer.json()["registration_number"]
        elif case["number"]:
            completed += 1

    # The residents whose submission failed send it in again (a completed one
    # answers with its number again).
    again = [
        resident.post(f"{resident.case}/@submit")
        for resident, answer in zip(residents, answers, strict=True)
        if getattr(answer, "status_code", None) != 200
    ]
    assert [answer.status_code for answer in again] == [200] * len(again)
    last_before = max(
        number_of(answer) for answer in answers if not isinstance(answer, Exception)
    )
    drawn_before = sum(number_of(answer) < last_before for answer in again)
    state = inside_zope(cluster, "cases")
    assert_nothing_half_submitted(state)
    numbers = sorted(
        int(NUMBER.fullmatch(case["number"]).group(1))
        for case in state["cases"]
        if case["number"]
    )
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # no gap

    # A claim of the killed instance expires after the lease; then a worker sends
    # the job.
    jobs = delivery_jobs(state)
    ours = [jobs[uid_of(state, resident)] for resident in residents]
    received = wait_for_mails(cluster, [job["id"] for job in ours], LEASE + 90)
    jobs = delivery_jobs(inside_zope(cluster, "cases"))
    for job in ours:
        copies = received[job["id"]]
        assert len(set(copies)) == 1  # one Message-ID, whoever sent it
        if jobs[job["reference"]]["attempts"] == 1:
            assert len(copies) == 1, job  # exactly once
        else:
            # Claimed by the killed instance, then again after its lease: if it had
            # sent the mail before it died, the copy has the same Message-ID
            # (at-least-once; the receiving side can drop the copy).
            assert len(copies) <= 2, job
    twice = sum(len(received[job["id"]]) > 1 for job in ours)
    print(  # the figures of docs/developers.md, "Under load and faults" (pytest -s)
        f"\nSIGKILL: {statuses[200]} answered 200, {statuses['error']} cut off "
        f"({completed} of them committed, {drawn_before} sent in again with the "
        f"number drawn before the kill), {len(ours)} delivered, {twice} twice"
    )
