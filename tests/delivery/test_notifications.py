"""Notices to residents: a usable address only, through the queue, nothing of the case."""

import email
import email.policy
import logging
from datetime import UTC
from datetime import datetime

import pytest
import transaction

from atvidaberg.etjanster.delivery.notifications import KIND
from atvidaberg.etjanster.delivery.notifications import enqueue_resident_notification
from atvidaberg.etjanster.delivery.notifications import receipt_confirmation
from atvidaberg.etjanster.delivery.notifications import usable_address
from atvidaberg.etjanster.delivery.queue import DELIVERED
from atvidaberg.etjanster.delivery.queue import get_queue


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna@example.se", "anna@example.se"),
        ("  Anna.Andersson+kvitto@Example.SE ", "Anna.Andersson+kvitto@Example.SE"),
        ("o'brien@post.example.co.uk", "o'brien@post.example.co.uk"),
        ("anna@åtvidaberg.se", "anna@xn--tvidaberg-42a.se"),
        ("anna@xn--tvidaberg-42a.se", "anna@xn--tvidaberg-42a.se"),
    ],
)
def test_usable_addresses(text, expected):
    assert usable_address(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "anna",
        "anna@",
        "@example.se",
        "anna@example",  # no top-level domain
        "anna@@example.se",
        "anna@example.se, bengt@example.se",
        "Anna <anna@example.se>",
        "anna@example.se\r\nBcc: alla@example.se",
        "anna@example.se\nX: y",
        '"anna andersson"@example.se',
        "anna..andersson@example.se",
        ".anna@example.se",
        "anna@-example.se",
        "anna@example..se",
        "anna@example.s",
        "anna@example.123",
        "åsa@example.se",  # would need SMTPUTF8
        "a" * 65 + "@example.se",
        "anna@" + "a" * 250 + ".se",
        ["anna@example.se"],
    ],
)
def test_unusable_addresses(text):
    assert usable_address(text) is None


def test_the_confirmation_says_only_number_time_and_where_to_look():
    subject, body = receipt_confirmation(
        registration_number="ETJ-2026-000123",
        received=datetime(2026, 11, 27, 13, 5, tzinfo=UTC),
        follow_url="https://portal.example/Plone/e-tjanster/mina-sidor",
        municipality="Åtvidabergs kommun",
    )
    assert subject == "Vi har tagit emot ditt ärende ETJ-2026-000123"
    assert body == (
        "Hej!\n"
        "\n"
        "Vi har tagit emot ditt ärende den 27 november 2026 kl. 14.05.\n"
        "Ärendenummer: ETJ-2026-000123\n"
        "\n"
        "Du kan följa ärendet på Mina sidor:\n"
        "https://portal.example/Plone/e-tjanster/mina-sidor\n"
        "\n"
        "Ange ärendenumret när du kontaktar oss om ärendet.\n"
        "\n"
        "Det här meddelandet är skickat automatiskt.\n"
        "\n"
        "Med vänlig hälsning\n"
        "Åtvidabergs kommun\n"
    )


def test_a_notice_is_queued_and_sent_as_plain_text(site, sink):
    job_id = enqueue_resident_notification(
        site, " anna@example.se ", "Ärende mottaget", "Hej!\n", reference="uid-1"
    )
    transaction.commit()
    [path] = sink.messages()
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "anna@example.se"
    assert message["X-Envelope-To"] == "anna@example.se"
    assert message["Subject"] == "Ärende mottaget"
    assert message["Auto-Submitted"] == "auto-generated"
    assert not message.is_multipart()
    assert message.get_content().strip() == "Hej!"
    transaction.begin()
    job = get_queue(site).jobs[job_id]
    assert (job.kind, job.reference, job.state) == (KIND, "uid-1", DELIVERED)


def test_an_unusable_address_is_skipped_and_not_logged(site, sink, caplog):
    caplog.set_level(logging.INFO)
    address = "anna@example.se\r\nBcc: alla@example.se"
    assert (
        enqueue_resident_notification(site, address, "Ärende", "Hej", "uid-2") is None
    )
    transaction.commit()
    assert sink.messages() == []
    assert get_queue(site) is None or len(get_queue(site).jobs) == 0
    assert "uid-2" in caplog.text
    assert "anna" not in caplog.text and "example.se" not in caplog.text
