"""Clients for the configured services: one per process and settings, shared.

A client holds its SSL context (certificates read from disk once) and, for BankID and
Freja, an httpx connection pool whose mutual-TLS connections are kept alive, so a
login's polling (``@eid/collect`` every two seconds) costs no new handshake. The
clients are thread-safe and shared by Zope's threads.

Each use compares the settings, and the size and modification time of the files they
name, with those the client was built from: a change in the control panel, or a
renewed certificate written over the old file, builds a new client at the next
request, on every Zope process. The replaced client is left to the garbage collector
(a thread may still be using it).
"""

import os
import threading
from pathlib import Path

from plone import api

from atvidaberg.etjanster.login.settings import EID_PREFIX

_FILES = ("cert_path", "key_path", "password_path", "ca_path", "jws_cert_path")
_clients = {}  # service -> (what it was built from, client)
_lock = threading.Lock()


def setting(name):
    return api.portal.get_registry_record(f"{EID_PREFIX}.{name}", default=None)


def _file_state(path):
    try:
        status = os.stat(path)
    except (OSError, TypeError, ValueError):
        return None
    return status.st_mtime_ns, status.st_size


def _settings_of(service, names):
    """The settings ``service`` is built from, with the state of the files named."""
    values = tuple((name, setting(f"{service}_{name}")) for name in names)
    files = tuple(
        _file_state(value) for name, value in values if name in _FILES and value
    )
    return values, files


def _shared(service, names, build):
    """The process's client for ``service``, built anew when its settings changed."""
    key = _settings_of(service, names)
    with _lock:
        known = _clients.get(service)
        if known is None or known[0] != key:
            known = (key, build(dict(key[0])))
            _clients[service] = known
        return known[1]


def forget_clients():
    """Drop the shared clients (their connections close as they are collected)."""
    with _lock:
        _clients.clear()


def _client_certificate(values):
    cert, key = values.get("cert_path"), values.get("key_path")
    return (cert, key) if key else cert


def _build_bankid(values):
    from atvidaberg.etjanster.eid.bankid import BankIdClient

    password_file = values.get("password_path")
    password = Path(password_file).read_text().strip() if password_file else None
    certificate = _client_certificate(values)
    if isinstance(certificate, str) and certificate.lower().endswith((".p12", ".pfx")):
        return BankIdClient(
            values["url"],
            pkcs12_path=certificate,
            password=password,
            ca_cert=values.get("ca_path"),
        )
    return BankIdClient(values["url"], cert=certificate, ca_cert=values.get("ca_path"))


def _build_freja(values):
    from atvidaberg.etjanster.eid.freja import FrejaClient

    return FrejaClient(
        values["url"],
        cert=_client_certificate(values),
        ca_cert=values.get("ca_path"),
        jws_cert_path=values.get("jws_cert_path"),
    )


def _build_spar(values):
    from atvidaberg.etjanster.eid.spar import SparClient

    return SparClient(
        values["url"],
        cert=_client_certificate(values),
        ca_cert=values.get("ca_path"),
        customer_number=values.get("customer_number"),
        end_customer_number=values.get("end_customer_number"),
        assignment_id=values.get("assignment_id"),
    )


def bankid_client():
    return _shared(
        "bankid",
        ("url", "cert_path", "key_path", "password_path", "ca_path"),
        _build_bankid,
    )


def freja_client():
    return _shared(
        "freja",
        ("url", "cert_path", "key_path", "ca_path", "jws_cert_path"),
        _build_freja,
    )


def register_client():
    return _shared(
        "spar",
        (
            "url",
            "cert_path",
            "key_path",
            "ca_path",
            "customer_number",
            "end_customer_number",
            "assignment_id",
        ),
        _build_spar,
    )


def client_for(provider):
    return {"bankid": bankid_client, "freja": freja_client}[provider]()
