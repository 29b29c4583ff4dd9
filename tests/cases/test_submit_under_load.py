"""Submitting under load over HTTP: concurrent residents; a mail server that is down.

The live test server is waitress with 4 worker threads (the layer's default, and
``instance/etc/zope.ini``'s). The concurrency test sends all 20 submissions at once
and counts the overlapping publications: it fails rather than pass vacuously if the
server ever serves one request at a time.
"""

import email
import email.policy
import re
import socket
import threading
import time
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
import transaction
from plone import api
from zope.component import getGlobalSiteManager
from ZPublisher.interfaces import IPubEnd
from ZPublisher.interfaces import IPubFailure
from ZPublisher.interfaces import IPubStart

from atvidaberg.etjanster.delivery import queue as queue_module
from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.queue import DELIVERED
from atvidaberg.etjanster.delivery.queue import FAILING
from atvidaberg.etjanster.delivery.queue import get_queue
from atvidaberg.etjanster.delivery.sink import start_sink
from atvidaberg.etjanster.devserver.simulated_eid import settings_for
from atvidaberg.etjanster.eid.personnummer import is_valid
from atvidaberg.etjanster.eid.personnummer import luhn_check_digit
from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.simulators import persons as fixture_persons
from atvidaberg.etjanster.simulators.server import start_all
from atvidaberg.etjanster.testing import WSGI_SERVER_FIXTURE

from helpers import ONE_FIELD_MODEL
from helpers import add_form
from helpers import eid_login
from helpers import make_eservice
from helpers import make_portal
from helpers import send_mail_to
from helpers import site_url

MODEL = ONE_FIELD_MODEL
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NUMBER = re.compile(r"ETJ-(\d{4})-(\d{6})")
TIMEOUT = 60  # seconds per request, retries after conflicts included


def made_up_residents(count):
    """``count`` valid, made-up personnummer (born 1985-03-15), as simulator persons."""
    template = fixture_persons.load()["198001019820"]  # Anna: in the register
    residents = {}
    for serial in range(200, 200 + count):
        ten = f"850315{serial:03d}"
        number = f"19{ten}{luhn_check_digit(ten)}"
        assert is_valid(number)
        residents[number] = {
            **template,
            "personalNumber": number,
            "givenName": f"Invånare{serial}",
            "surname": "Lasttest",
        }
    return residents


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PublicationWatch:
    """Counts the requests Zope publishes at the same time, and the retried ones."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_at_once = 0
        self.retried = 0
        self.conflicts = Counter()  # class of the conflicting object, per retry

    def started(self, event):
        with self.lock:
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)

    def ended(self, event):
        with self.lock:
            self.in_flight -= 1
            if IPubFailure.providedBy(event) and event.retry:
                self.retried += 1
                found = re.search(r"class ([\w.]+)", str(event.exc_info[1]))
                self.conflicts[
                    found.group(1) if found else repr(event.exc_info[1])
                ] += 1

    def __enter__(self):
        registry = getGlobalSiteManager()
        registry.registerHandler(self.started, (IPubStart,))
        registry.registerHandler(self.ended, (IPubEnd,))  # success or failure
        return self

    def __exit__(self, *exc):
        registry = getGlobalSiteManager()
        registry.unregisterHandler(self.started, (IPubStart,))
        registry.unregisterHandler(self.ended, (IPubEnd,))


@pytest.fixture
def crowd(functional, simulators, tmp_path):
    """A live site with an e-service, and eID simulators that know 20 more residents.

    The session's simulators know only the seven fixture persons; these run beside them
    (same test PKI) with 20 made-up residents added.
    """
    _, home = simulators
    residents = made_up_residents(20)
    running = start_all(home, persons={**fixture_persons.load(), **residents})
    portal = functional["portal"]
    registry = portal.portal_registry
    ports = {
        name: int(server.url.rsplit(":", 1)[1])
        for name, server in running.servers.items()
    }
    for name, value in settings_for(home, ports=ports).items():
        registry[f"{EID_PREFIX}.{name}"] = value
    # Twenty residents log in within seconds from one address (the test's): more than
    # the per-client limit lets one address start.
    registry[f"{EID_PREFIX}.login_starts_per_client"] = 0
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(
            make_portal(portal), "bygglov", title="Ansökan om bygglov"
        )
        add_form(eservice, MODEL)
    transaction.commit()
    try:
        yield {
            "url": site_url(functional),
            "control": running.url("control"),
            "residents": sorted(residents),
            "portal": portal,
            "db": functional["zodbDB"],
        }
    finally:
        runner.wait_for_dispatch()  # no delivery thread outlives the test's database
        running.stop()


def point_mail_at(portal, port):
    send_mail_to(portal, port)
    transaction.commit()


def new_draft(resident, fastighet):
    case_url = resident.post("/e-tjanster/bygglov/@start").json()["@id"]
    filled = resident.patch(
        f"{case_url}/@form",
        json={"step": "default", "data": {"fastighet": fastighet}},
    )
    assert filled.status_code < 300, filled.text
    return case_url


def number_of(text):
    match = NUMBER.search(text)
    assert match, text
    return match.group(0)


class ConflictErrorAnswers(AssertionError):
    """Submissions answered 5xx because Zope ran out of retries on a ZODB conflict."""


def test_20_concurrent_submissions_get_20_consecutive_numbers_and_no_5xx(
    crowd, tmp_path
):
    server = WSGI_SERVER_FIXTURE.server
    assert server.adj.threads > 1, "the test server must serve requests concurrently"
    sink = start_sink(tmp_path / "mail")
    point_mail_at(crowd["portal"], sink.port)

    drafts = []
    for n, personal_number in enumerate(crowd["residents"]):
        resident = eid_login(crowd["url"], crowd["control"], personal_number)
        drafts.append((resident, new_draft(resident, f"Ekbacken 1:{n}")))

    barrier = threading.Barrier(len(drafts))
    answers = [None] * len(drafts)

    def submit(index, resident, case_url):
        try:
            barrier.wait(timeout=30)
            answers[index] = resident.post(f"{case_url}/@submit", timeout=TIMEOUT)
        except Exception as exc:
            answers[index] = exc

    threads = [
        threading.Thread(target=submit, args=(index, *draft))
        for index, draft in enumerate(drafts)
    ]
    # Served by the instance's 4 threads, as in production; the others queue. (The
    # numbers' own test draws from 20 connections at once, as several instances do.)
    try:
        with PublicationWatch() as watch:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT + 30)
        runner.wait_for_dispatch()
        delivered = sink.messages()
    finally:
        sink.stop()
    assert watch.most_at_once > 1, "no two submissions were ever in Zope at once"

    def conflict_5xx(answer):
        return (
            isinstance(answer, httpx.Response)
            and answer.status_code >= 500
            and '"ConflictError"' in answer.text
        )

    accepted = [
        (draft, answer.json()["registration_number"])
        for draft, answer in zip(drafts, answers, strict=True)
        if isinstance(answer, httpx.Response) and answer.status_code == 200
    ]
    conflicts = [
        (draft, answer)
        for draft, answer in zip(drafts, answers, strict=True)
        if conflict_5xx(answer)
    ]
    others = [
        answer if isinstance(answer, Exception) else f"{answer} {answer.text[:600]}"
        for answer in answers
        if not conflict_5xx(answer)
        and not (isinstance(answer, httpx.Response) and answer.status_code == 200)
    ]
    assert not others, others  # anything but a ConflictError is a failure of its own

    if conflicts:
        objects = Counter(
            re.search(r"class ([\w.]+)", answer.text).group(1)
            for _, answer in conflicts
        )
        raise ConflictErrorAnswers(
            f"{len(conflicts)} of {len(drafts)} submissions answered "
            f"{sorted({answer.status_code for _, answer in conflicts})} ConflictError "
            f"({watch.retried} retries, {watch.most_at_once} in Zope at once), "
            f"on {dict(objects)}; retried on {dict(watch.conflicts)}"
        )
    assert len(accepted) == len(drafts) == 20
    # Distinct numbers of this year, gap-free from the first.
    numbers = [number for _, number in accepted]
    assert all(NUMBER.fullmatch(number) for number in numbers), numbers
    assert len(set(numbers)) == len(numbers), Counter(numbers).most_common(3)
    assert {number[4:8] for number in numbers} <= {str(datetime.now(STOCKHOLM).year)}
    suffixes = sorted(int(number[-6:]) for number in numbers)
    assert suffixes == list(range(1, len(numbers) + 1)), suffixes  # a fresh site

    for (resident, case_url), number in accepted:
        case = resident.get(case_url).json()
        assert case["review_state"] == "submitted", case["review_state"]
        assert case["registration_number"] == number

    # The deliveries went out too, one per accepted case.
    subjects = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)[
            "Subject"
        ]
        for path in delivered
    ]
    assert sorted(number_of(subject) for subject in subjects) == sorted(numbers)


def test_mail_server_down_during_50_submissions_all_delivered_after_it_returns(
    crowd, tmp_path, monkeypatch
):
    port = free_port()  # nothing listens here until the sink starts
    point_mail_at(crowd["portal"], port)

    # Five residents send in ten applications each, one submission after the other:
    # this test is about the mail server, not about concurrent submissions (above).
    residents = [
        eid_login(crowd["url"], crowd["control"], personal_number)
        for personal_number in crowd["residents"][:5]
    ]
    numbers = []
    durations = []
    for n in range(50):
        resident = residents[n % 5]
        case_url = new_draft(resident, f"Tallåsen 1:{n}")
        began = time.monotonic()
        answer = resident.post(f"{case_url}/@submit", timeout=TIMEOUT)
        durations.append(time.monotonic() - began)
        assert answer.status_code == 200, f"{answer.status_code} {answer.text[:300]}"
        numbers.append(answer.json()["registration_number"])
    runner.wait_for_dispatch()  # every after-commit attempt has run (and failed)

    assert len(set(numbers)) == 50
    assert max(durations) < 5, max(durations)  # nobody waits for the mail server

    db, site_path = crowd["db"], crowd["portal"].getPhysicalPath()

    def jobs():
        with runner.Runner(db, site_path) as reader, reader.tm:
            return {
                job.id: (job.state, job.attempts, job.subject)
                for job in get_queue(reader.site()).jobs.values()
            }

    queued = jobs()
    assert len(queued) == 50
    assert {(state, attempts) for state, attempts, _ in queued.values()} == {
        (FAILING, 1)
    }  # each tried once right after its submission, and refused

    sink = start_sink(tmp_path / "mail", port=port)
    try:
        # The back-off's first retry is a minute later: move the queue's clock on.
        later = time.time() + 3600
        monkeypatch.setattr(queue_module, "clock", lambda: later)
        assert runner.run_site(db, site_path) == {
            "delivered": 50,
            "failed": 0,
            "skipped": 0,
        }
        later += 3600
        assert runner.run_site(db, site_path)["delivered"] == 0  # nothing is sent twice
        messages = sink.messages()
    finally:
        sink.stop()

    assert {state for state, _, _ in jobs().values()} == {DELIVERED}
    assert len(messages) == 50
    delivered = Counter(
        number_of(
            email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)[
                "Subject"
            ]
        )
        for eml in messages
    )
    assert delivered == Counter(numbers)  # every number exactly once
