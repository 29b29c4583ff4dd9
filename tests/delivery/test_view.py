"""@@delivery-queue over HTTP: administrators see the jobs and retry a failing one."""

import httpx
import transaction
from bs4 import BeautifulSoup
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from atvidaberg.etjanster.delivery.queue import FAILING
from atvidaberg.etjanster.delivery.queue import enqueue
from atvidaberg.etjanster.delivery.queue import get_queue
from atvidaberg.etjanster.delivery.sink import start_sink

from helpers import make_user
from helpers import site_url

ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)


def rows(response):
    soup = BeautifulSoup(response.text, "html.parser")
    return {row["data-job"]: row for row in soup.select("tr[data-job]")}


def test_lists_failing_jobs_and_retries_one(down_site, functional, tmp_path):
    portal, port = down_site
    failing = enqueue(portal, to="registrator@atvidaberg.se", subject="A", body="x")
    transaction.commit()
    url = site_url(functional) + "/@@delivery-queue"

    with httpx.Client(auth=ADMIN, timeout=30) as client:
        page = client.get(url)
        assert page.status_code == 200
        row = rows(page)[failing]
        assert row["data-state"] == FAILING
        assert "registrator@atvidaberg.se" in row.text
        assert "ConnectionRefusedError" in row.select_one(".last-error").text
        assert row.select_one(".attempts").text == "1"
        form = row.select_one("form")
        fields = {i["name"]: i["value"] for i in form.select("input[name]")}
        assert set(fields) == {"_authenticator", "job_id"}

        # Without the authenticator the POST is refused and nothing is retried.
        forged = client.post(url, data={"job_id": failing})
        assert forged.status_code == 403

        sink = start_sink(tmp_path / "mail", port=port)
        try:
            done = client.post(url, data=fields, follow_redirects=True)
            assert done.status_code == 200
            assert len(sink.messages()) == 1
        finally:
            sink.stop()
        row = rows(done)[failing]
        assert row["data-state"] == "delivered"
        assert row.select_one("form") is None

    transaction.begin()
    job = get_queue(portal).jobs[failing]
    assert (job.state, job.attempts, job.last_error) == ("delivered", 2, None)


def test_empty_queue_page_writes_nothing(down_site, functional):
    with httpx.Client(auth=ADMIN, timeout=30) as client:
        page = client.get(site_url(functional) + "/@@delivery-queue")
    assert page.status_code == 200
    assert not rows(page)
    transaction.begin()
    assert get_queue(down_site[0]) is None


def test_members_may_not_see_the_queue(down_site, functional):
    make_user("invanare", "invanare-losen")
    transaction.commit()
    with httpx.Client(auth=("invanare", "invanare-losen"), timeout=30) as client:
        page = client.get(
            site_url(functional) + "/@@delivery-queue", follow_redirects=False
        )
    assert page.status_code in (302, 401, 403)
