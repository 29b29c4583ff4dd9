"""The delivery queue against a real SMTP sink: delivered, retried, never lost."""

import email
import email.policy
import json
import threading

import pytest
import transaction
from ZODB.POSException import ConflictError

from atvidaberg.etjanster.delivery import queue as queue_module
from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.queue import DELIVERED
from atvidaberg.etjanster.delivery.queue import FAILING
from atvidaberg.etjanster.delivery.queue import LEASE
from atvidaberg.etjanster.delivery.queue import backoff
from atvidaberg.etjanster.delivery.queue import enqueue
from atvidaberg.etjanster.delivery.queue import get_queue
from atvidaberg.etjanster.delivery.runner import Runner
from atvidaberg.etjanster.delivery.sink import start_sink
from atvidaberg.etjanster.delivery.submission import enqueue_submission

from helpers import make_pdf_bytes

MAILBOX = "registrator@atvidaberg.se"


def parse(path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def jobs(portal):
    transaction.begin()  # see what the runner's connections committed
    return get_queue(portal).jobs


def simple(portal, n=0):
    return enqueue(portal, to=MAILBOX, subject=f"Ärende {n}", body="Hej!")


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [backoff(n) for n in range(1, 9)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


def test_submission_is_delivered_with_receipt_data_and_attachments(site, sink):
    pdf = make_pdf_bytes("Kvittens")
    photo = bytes(range(256)) * 40
    job_id = enqueue_submission(
        site,
        eservice=type("EService", (), {"delivery_mailbox": MAILBOX})(),
        subject="Ansökan om bygglov – ärende 2026-17",
        body="En ny ansökan har kommit in.",
        receipt_pdf=pdf,
        form_data={"namn": "Anna Andersson", "antal": 3},
        attachments=[("ritning.png", "image/png", photo)],
        reference="2026-17",
    )
    assert sink.messages() == []  # nothing leaves before the commit
    transaction.commit()

    [path] = sink.messages()
    message = parse(path)
    assert message["To"] == MAILBOX
    assert message["Subject"] == "Ansökan om bygglov – ärende 2026-17"
    assert message["X-Etjanster-Job"] == job_id
    assert message["X-Envelope-To"] == MAILBOX
    assert "noreply@atvidaberg.se" in message["From"]
    parts = {part.get_filename(): part for part in message.iter_attachments()}
    assert parts["kvittens.pdf"].get_content() == pdf
    assert parts["kvittens.pdf"].get_content_type() == "application/pdf"
    assert parts["ritning.png"].get_content() == photo
    data = json.loads(parts["formulardata.json"].get_content())
    assert data == {"namn": "Anna Andersson", "antal": 3}
    assert message.get_body(("plain",)).get_content().strip() == (
        "En ny ansökan har kommit in."
    )

    job = jobs(site)[job_id]
    assert (job.state, job.attempts, job.kind) == (DELIVERED, 1, "delivery")
    assert job.reference == "2026-17"


def test_mail_server_down_during_50_submissions_all_delivered_after(
    down_site, tmp_path, clock
):
    portal, port = down_site
    ids = []
    for n in range(50):  # 50 submissions, each its own transaction
        ids.append(simple(portal, n))
        transaction.commit()  # never raises although sending fails

    queue = jobs(portal)
    assert len(ids) == len(set(ids)) == len(queue) == 50
    for job_id in ids:
        job = queue[job_id]
        assert (job.state, job.attempts) == (FAILING, 1)
        assert job.next_attempt_at == clock.now + 60
        assert "Connection" in job.last_error and "Hej" not in job.last_error

    # Still down a minute later: every job failed twice, next try two minutes on.
    clock.advance(60)
    assert runner.run_site(portal._p_jar.db(), portal.getPhysicalPath()) == {
        "delivered": 0,
        "failed": 50,
        "skipped": 0,
    }
    assert {(job.attempts, job.next_attempt_at) for job in jobs(portal).values()} == {
        (2, clock.now + 120)
    }

    sink = start_sink(tmp_path / "mail", port=port)
    try:
        db, path = portal._p_jar.db(), portal.getPhysicalPath()
        assert runner.run_site(db, path)["delivered"] == 0  # not due yet
        clock.advance(120)
        assert runner.run_site(db, path)["delivered"] == 50
        clock.advance(3600)
        assert runner.run_site(db, path)["delivered"] == 0  # nothing twice
        messages = sink.messages()
    finally:
        sink.stop()

    assert len(messages) == 50
    assert sorted(parse(path)["X-Etjanster-Job"] for path in messages) == sorted(ids)
    assert {job.state for job in jobs(portal).values()} == {DELIVERED}
    assert len(get_queue(portal).open) == 0


def test_a_job_claimed_by_one_process_is_not_sent_by_another(site, sink):
    runner.DISPATCH = "off"  # restored by the sync_dispatch fixture's monkeypatch
    job_id = simple(site)
    transaction.commit()
    db, path = site._p_jar.db(), site.getPhysicalPath()
    with Runner(db, path) as first, Runner(db, path) as second:
        # Both read the job as due, then both try to claim it: ZODB lets one win.
        first.tm.begin()
        second.tm.begin()
        mine = first.queue().jobs[job_id]
        theirs = second.queue().jobs[job_id]
        assert mine.is_due(queue_module.clock()) and theirs.is_due(queue_module.clock())
        mine.claim_for("first", queue_module.clock())
        first.tm.commit()
        theirs.claim_for("second", queue_module.clock())
        with pytest.raises(ConflictError):
            second.tm.commit()
        second.tm.abort()

        # While the first holds the lease, the second does not send it.
        assert second.deliver(job_id) is None
        assert second.run() == {"delivered": 0, "failed": 0, "skipped": 0}
        assert sink.messages() == []


def test_two_processes_racing_deliver_each_job_once(site, sink):
    runner.DISPATCH = "off"
    ids = [simple(site, n) for n in range(20)]
    transaction.commit()
    db, path = site._p_jar.db(), site.getPhysicalPath()
    start = threading.Barrier(2)
    results = []

    def process():
        with Runner(db, path) as worker:
            start.wait()
            results.append(worker.run(ids))

    threads = [threading.Thread(target=process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sum(result["delivered"] for result in results) == 20
    assert len(sink.messages()) == 20
    assert {job.state for job in jobs(site).values()} == {DELIVERED}


def test_a_stale_lease_is_claimed_again(site, sink, clock):
    runner.DISPATCH = "off"
    job_id = simple(site)
    transaction.commit()
    db, path = site._p_jar.db(), site.getPhysicalPath()
    with Runner(db, path) as crashed, Runner(db, path) as other:
        token, _mailer = crashed.claim(job_id)  # then the process dies
        clock.advance(LEASE - 1)
        assert other.run()["delivered"] == 0
        clock.advance(2)
        assert other.run()["delivered"] == 1
        # The first process's late report of a failure does not undo the delivery.
        crashed.record(job_id, token, "OSError: too late")
    job = jobs(site)[job_id]
    assert (job.state, job.attempts, job.last_error) == (DELIVERED, 2, None)
    assert len(sink.messages()) == 1


def test_after_commit_thread_delivers_without_holding_up_the_commit(site, sink):
    runner.DISPATCH = "thread"
    job_id = simple(site)
    transaction.commit()
    runner.wait_for_dispatch()
    assert len(sink.messages()) == 1
    assert jobs(site)[job_id].state == DELIVERED


def test_an_aborted_transaction_queues_nothing(site, sink):
    simple(site)
    transaction.abort()
    transaction.commit()
    assert sink.messages() == []
    assert get_queue(site) is None or len(get_queue(site).jobs) == 0


def test_enqueue_needs_a_recipient(site):
    with pytest.raises(ValueError):
        enqueue(site, to=[], subject="x", body="y")


def test_without_a_mailbox_setting_deliveries_go_to_the_contact_centre(site, sink):
    job_id = enqueue_submission(
        site, subject="x", body="y", receipt_pdf=b"%PDF-1.4", form_data={}
    )
    transaction.commit()
    assert jobs(site)[job_id].recipients == ("kontakt@atvidaberg.se",)
    assert len(sink.messages()) == 1


def test_the_worker_thread_retries_every_site_when_due(down_site, tmp_path, clock):
    portal, port = down_site
    job_id = simple(portal)
    transaction.commit()
    assert jobs(portal)[job_id].state == FAILING
    db = portal._p_jar.db()
    assert runner.sites_with_queue(db) == [portal.getPhysicalPath()]

    sink = start_sink(tmp_path / "mail", port=port)
    worker = runner.Worker(db, interval=0.01)
    try:
        clock.advance(60)
        worker.start()
        for _ in range(500):
            if sink.messages():
                break
            threading.Event().wait(0.01)
    finally:
        worker.stop()
        worker.join(10)
        sink.stop()
    assert len(sink.messages()) == 1
    assert jobs(portal)[job_id].state == DELIVERED


def test_delivered_jobs_leave_the_open_list_at_the_workers_round():
    from atvidaberg.etjanster.delivery.queue import DELIVERED
    from atvidaberg.etjanster.delivery.queue import PENDING
    from atvidaberg.etjanster.delivery.queue import DeliveryQueue
    from atvidaberg.etjanster.delivery.queue import Job

    queue = DeliveryQueue()
    for n in range(3):
        queue.add(Job(f"job-{n}", 0, "a@b.se", ["c@d.se"], "s", "delivery", None))
    queue.mark_delivered(queue.jobs["job-0"], 10)
    assert queue.counts()[DELIVERED] == 1 and queue.counts()[PENDING] == 2
    assert queue.due(20) == ["job-1", "job-2"]
    assert [job.id for job in queue.listing()] == ["job-2", "job-1", "job-0"]
    assert queue.compact() == 1
    assert list(queue.open) == ["job-1", "job-2"]
    assert queue.counts()[DELIVERED] == 1 and queue.counts()[PENDING] == 2
