"""Clients for the configured services, built from the eID settings on each use.

Built per request (cheap: an httpx client and an SSL context), so a change in the
control panel takes effect at once on every Zope instance.
"""

from pathlib import Path

from plone import api

from atvidaberg.etjanster.login.settings import EID_PREFIX


def setting(name):
    return api.portal.get_registry_record(f"{EID_PREFIX}.{name}", default=None)


def _client_certificate(prefix):
    cert, key = setting(f"{prefix}_cert_path"), setting(f"{prefix}_key_path")
    return (cert, key) if key else cert


def bankid_client():
    from atvidaberg.etjanster.eid.bankid import BankIdClient

    password_file = setting("bankid_password_path")
    password = Path(password_file).read_text().strip() if password_file else None
    certificate = _client_certificate("bankid")
    if isinstance(certificate, str) and certificate.lower().endswith((".p12", ".pfx")):
        return BankIdClient(
            setting("bankid_url"),
            pkcs12_path=certificate,
            password=password,
            ca_cert=setting("bankid_ca_path"),
        )
    return BankIdClient(
        setting("bankid_url"), cert=certificate, ca_cert=setting("bankid_ca_path")
    )


def freja_client():
    from atvidaberg.etjanster.eid.freja import FrejaClient

    return FrejaClient(
        setting("freja_url"),
        cert=_client_certificate("freja"),
        ca_cert=setting("freja_ca_path"),
        jws_cert_path=setting("freja_jws_cert_path"),
    )


def register_client():
    from atvidaberg.etjanster.eid.spar import SparClient

    return SparClient(
        setting("spar_url"),
        cert=_client_certificate("spar"),
        ca_cert=setting("spar_ca_path"),
        customer_number=setting("spar_customer_number"),
        end_customer_number=setting("spar_end_customer_number"),
        assignment_id=setting("spar_assignment_id"),
    )


def client_for(provider):
    return {"bankid": bankid_client, "freja": freja_client}[provider]()
