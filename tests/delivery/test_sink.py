"""The SMTP sink of `make start`: each message an .eml file under var/mail."""

import smtplib
import socket
import threading

from atvidaberg.etjanster.delivery import sink as sink_module
from atvidaberg.etjanster.delivery.sink import start_sink


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_each_message_is_stored_as_an_eml_file(tmp_path):
    sink = start_sink(tmp_path / "mail")
    try:
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as smtp:
            for n in range(3):
                smtp.sendmail(
                    "noreply@atvidaberg.se",
                    ["registrator@atvidaberg.se"],
                    f"Subject: {n}\r\n\r\nHej {n}\r\n".encode(),
                )
        files = sink.messages()
    finally:
        sink.stop()
    assert len(files) == 3
    assert all(path.suffix == ".eml" for path in files)
    text = files[0].read_text()
    assert "X-Envelope-To: registrator@atvidaberg.se" in text
    assert not list((tmp_path / "mail").glob(".*.tmp"))


def test_main_serves_under_home_var_mail(tmp_path):
    port = free_port()
    stopped = threading.Event()
    thread = threading.Thread(
        target=sink_module.main,
        args=(["--home", str(tmp_path), "--port", str(port)], stopped),
    )
    thread.start()
    try:
        for _ in range(100):
            try:
                smtp = smtplib.SMTP("127.0.0.1", port, timeout=5)
                break
            except ConnectionRefusedError:
                threading.Event().wait(0.02)
        with smtp:
            smtp.sendmail("a@atvidaberg.se", ["b@atvidaberg.se"], b"Subject: x\r\n\r\n")
    finally:
        stopped.set()
        thread.join(10)
    assert len(list((tmp_path / "var" / "mail").glob("*.eml"))) == 1
