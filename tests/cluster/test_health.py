"""``/@@health`` (``wsgi.Health``), the question HAProxy asks each instance."""

import json

import httpx
import pytest
import ZODB
from ZODB.MappingStorage import MappingStorage

from atvidaberg.etjanster.wsgi import Health


def test_health_answers_200_over_http_without_login_or_cache(functional):
    server = f"http://{functional['host']}:{functional['port']}"
    answer = httpx.get(f"{server}/@@health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Content-Type"] == "application/json"


def test_other_paths_go_on_to_zope(functional):
    server = f"http://{functional['host']}:{functional['port']}"
    assert httpx.get(f"{server}/plone/@@health-not").status_code == 404


def call(app, path):
    answered = {}

    def start_response(status, headers):
        answered["status"] = status
        answered["headers"] = dict(headers)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    return answered["status"], answered["headers"], body


def test_a_database_that_cannot_be_read_answers_503_in_json_not_a_traceback():
    database = ZODB.DB(MappingStorage())
    database.close()  # its storage is closed: opening a connection raises
    health = Health(lambda environ, start_response: [b"zope"], database=database)
    status, headers, body = call(health, "/@@health")
    assert status == "503 Service Unavailable"
    assert headers["Cache-Control"] == "no-store"
    answer = json.loads(body)
    assert answer["status"] == "unavailable"
    assert answer["error"]["type"] == "ServiceUnavailable"
    assert answer["error"]["code"] == "database_down"
    assert "Traceback" not in body.decode()


def test_a_readable_database_answers_200_and_zope_gets_the_rest():
    health = Health(
        lambda environ, start_response: [b"zope"], database=ZODB.DB(MappingStorage())
    )
    assert call(health, "/@@health")[0] == "200 OK"
    assert health({"PATH_INFO": "/Plone"}, None) == [b"zope"]


def test_a_request_zope_fails_while_the_database_is_down_answers_503():
    def failing_zope(environ, start_response):
        raise ConnectionError("the database is gone")

    database = ZODB.DB(MappingStorage())
    database.close()
    health = Health(failing_zope, database=database)
    status, _headers, body = call(health, "/Plone")
    assert status == "503 Service Unavailable"
    assert json.loads(body)["error"]["code"] == "database_down"


def test_a_request_zope_fails_with_the_database_up_is_zopes_own_error():
    def failing_zope(environ, start_response):
        raise ValueError("a bug")

    health = Health(failing_zope, database=ZODB.DB(MappingStorage()))
    with pytest.raises(ValueError):
        call(health, "/Plone")
