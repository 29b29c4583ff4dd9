"""A local SMTP sink: every message received is stored as an .eml file.

    etjanster-mailsink --home instance --port 8025

stores into instance/var/mail/<timestamp>-<id>.eml and serves until Ctrl+C. Tests use
``start_sink(directory, port=0)``, which returns the running sink with ``.port`` and
``.stop()``. Envelope sender and recipients are added as X-Envelope-* headers.
"""

import argparse
import asyncio
import os
import signal
import threading
import time
import uuid
from collections.abc import Iterable
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from aiosmtpd.smtp import SMTP
from aiosmtpd.smtp import Envelope
from aiosmtpd.smtp import Session


class MaildirHandler:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.store(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
        return "250 Message accepted for delivery"

    def store(
        self, mail_from: str | None, rcpt_tos: Iterable[str], content: bytes
    ) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
        envelope = f"X-Envelope-From: {mail_from}\r\n" + "".join(
            f"X-Envelope-To: {rcpt}\r\n" for rcpt in rcpt_tos
        )
        partial = self.directory / f".{name}.tmp"
        partial.write_bytes(envelope.encode("utf-8") + content)
        os.replace(partial, self.directory / name)  # readers never see half a file
        return name


class Sink:
    def __init__(
        self, directory: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.directory = Path(directory)
        self.host = host
        self.port = port
        self.handler = MaildirHandler(directory)
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        ready = threading.Event()
        failure: list[Exception] = []

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            try:
                self.server = self.loop.run_until_complete(
                    self.loop.create_server(
                        lambda: SMTP(self.handler, loop=self.loop),
                        self.host,
                        self.port,
                    )
                )
            except Exception as exc:
                failure.append(exc)
                ready.set()
                return
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()
            self.server.close()
            self.loop.run_until_complete(self.server.wait_closed())
            self.loop.close()

        self._thread = threading.Thread(target=serve, name="mailsink", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._thread is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
        self._thread = None

    def messages(self) -> list[Path]:
        """The stored .eml files, oldest first."""
        return sorted(self.directory.glob("*.eml"))


def start_sink(
    directory: str | os.PathLike[str], port: int = 0, host: str = "127.0.0.1"
) -> Sink:
    return Sink(directory, host, port).start()


def main(
    argv: Sequence[str] | None = None, stopped: threading.Event | None = None
) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", default="instance", help="the instance directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args(argv)
    directory = Path(args.home) / "var" / "mail"
    sink = start_sink(directory, args.port, args.host)
    print(f"  E-post (SMTP-sänka): smtp://{args.host}:{sink.port} -> {directory}/")
    if stopped is None:
        stopped = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopped.set())
    stopped.wait()
    sink.stop()


if __name__ == "__main__":
    main()
