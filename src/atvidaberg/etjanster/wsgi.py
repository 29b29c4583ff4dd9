"""WSGI middleware in front of Zope: requests Zope cannot even begin to publish,
and the health check a load balancer asks (``health``, below).

Zope decodes the request's path as UTF-8 before anything of Plone runs
(``ZPublisher.WSGIPublisher.publish_module``); an address with bytes that are not
UTF-8 (``/Plone/%ff``) raised UnicodeDecodeError there, a 500 (and in the query,
``?%ff=1``, an English 400). This filter answers such a request 400 itself, in the
REST API's error format when the client asked for JSON. It knows nothing of Plone: the message is the portal's language, Swedish.

Put it in the WSGI pipeline before Zope (``egg:atvidaberg.etjanster#valid_paths``):
``make start``'s instance does (``devserver.instance``), and so do the test layers.
"""

import json
import logging
from urllib.parse import unquote_to_bytes

import transaction

from atvidaberg.etjanster.httpsecurity.errors import error_body

logger = logging.getLogger(__name__)

MESSAGE = "Adressen innehåller tecken som inte kan läsas (den är inte giltig UTF-8)."


def valid_paths(app, global_config=None, **settings):
    """The ``paste.filter_app_factory`` entry point."""
    return ValidPaths(app)


class ValidPaths:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "").encode("latin-1", "replace")
        query = unquote_to_bytes(environ.get("QUERY_STRING", "").replace("+", " "))
        if not (_utf8(path) and _utf8(query)):
            return _refuse(environ, start_response)
        return self.app(environ, start_response)


def _utf8(raw):
    """PEP 3333 gives the path as latin-1 text of the raw bytes, which Zope decodes
    as UTF-8; so does it with the query's names."""
    try:
        raw.decode("utf-8")
    except UnicodeError:
        return False
    return True


def _refuse(environ, start_response):
    if "json" in environ.get("HTTP_ACCEPT", ""):
        body = json.dumps(error_body("BadRequest", MESSAGE, "bad_path")).encode()
        content_type = "application/json"
    else:
        body = MESSAGE.encode("utf-8")
        content_type = "text/plain; charset=utf-8"
    start_response(
        "400 Bad Request",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
    )
    return [body]


HEALTH_PATH = "/@@health"
DATABASE_DOWN = "Databasen kan inte läsas just nu."


def health(app, global_config=None, **settings):
    """The ``paste.filter_app_factory`` entry point of the health check."""
    return Health(app)


class Health:
    """``GET /@@health``: 200 ``{"status": "ok"}`` while this instance can read its
    database, 503 ``{"status": "unavailable", "error": {...}}`` while it cannot.

    It is a filter in front of Zope rather than a view because a view is reached only
    after Zope has opened a connection for the request: with the database gone that
    fails first, and the load balancer would read a 500 with a traceback. Here the
    check opens a connection of its own (RelStorage polls PostgreSQL when a
    connection opens) and reads the root object. Anonymous, never cached. Any other
    request that Zope fails while the database cannot be read gets the same 503.
    """

    def __init__(self, app, database=None):
        self.app = app
        self._database = database  # tests give one; otherwise Zope's own

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != HEALTH_PATH:
            return self.other(environ, start_response)
        if not self.healthy():
            return _json(start_response, "503 Service Unavailable", _unavailable())
        return _json(start_response, "200 OK", {"status": "ok"})

    def other(self, environ, start_response):
        """Any other request goes to Zope. When Zope fails before it answers and the
        database cannot be read, the answer is the same 503 (not waitress's 500)."""
        try:
            return self.app(environ, start_response)
        except Exception:
            if self.healthy():
                raise
            return _json(start_response, "503 Service Unavailable", _unavailable())

    def healthy(self) -> bool:
        try:
            self.check()
        except Exception:
            logger.exception("Health check: the database cannot be read")
            return False
        return True

    def database(self):
        if self._database is not None:
            return self._database
        import Zope2  # set by Zope's startup, which runs when the pipeline is built

        return Zope2.DB

    def check(self) -> None:
        manager = transaction.TransactionManager()
        connection = self.database().open(transaction_manager=manager)
        try:
            connection.root()
        finally:
            manager.abort()
            connection.close()


def _unavailable() -> dict:
    return {
        "status": "unavailable",
        **error_body("ServiceUnavailable", DATABASE_DOWN, "database_down"),
    }


def _json(start_response, status, body):
    data = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [data]
