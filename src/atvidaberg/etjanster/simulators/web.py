"""The smallest HTTP plumbing the simulators need: a request in, a response out.

Each simulator implements ``handle(request) -> Response`` for its API (served over
mTLS) and ``handle_control(request) -> Response`` for the ``/sim/...`` endpoints that
play the user's app. Standard-library servers are enough for a local simulator.
"""

import json
import threading
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs
from urllib.parse import urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    client_certificate: dict | None = None  # as ssl.SSLSocket.getpeercert() gives it

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self):
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)


def json_response(data, status=200):
    return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def html_response(text, status=200):
    return Response(status, text.encode("utf-8"), "text/html; charset=utf-8")


def _handler_class(handle):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's
        # algorithm and the client's delayed ACK hold every answer on a kept-alive
        # connection back by some 40 ms, which no real service does.
        disable_nagle_algorithm = True

        def _dispatch(self):
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            getpeercert = getattr(self.connection, "getpeercert", None)
            request = Request(
                method=self.command,
                path=parts.path,
                query={
                    k: v[-1]
                    for k, v in parse_qs(parts.query, keep_blank_values=True).items()
                },
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length) if length else b"",
                client_certificate=getpeercert() if getpeercert else None,
            )
            response = handle(request)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

        def log_message(self, format, *args):  # noqa: A002 (http.server's name)
            # Request lines carry personnummer in the control endpoints' bodies only,
            # but stay quiet anyway: the simulators' output is addresses, not traffic.
            pass

    return Handler


class Server:
    """One simulator endpoint on a thread; port 0 picks a free port."""

    def __init__(self, handle, host="127.0.0.1", port=0, ssl_context=None):
        self.httpd = ThreadingHTTPServer((host, port), _handler_class(handle))
        self.httpd.daemon_threads = True
        if ssl_context is not None:
            self.httpd.socket = ssl_context.wrap_socket(
                self.httpd.socket, server_side=True
            )
        self.scheme = "https" if ssl_context is not None else "http"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
