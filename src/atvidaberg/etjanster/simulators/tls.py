"""A local test PKI, generated on first start and kept under the instance (never committed).

- ``ca``: the test CA that signs everything below, trusted by both sides;
- ``server``: the simulators' TLS certificate for 127.0.0.1 and localhost;
- ``rp``: the relying party's client certificate (PEM, and PKCS#12 as BankID ships it);
- ``freja-jws``: the key and certificate Freja's simulator signs its result JWS with.
"""

import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

P12_PASSWORD = "qwerty123"  # noqa: S105 (a local test certificate, as BankID's test RP)
VALID_DAYS = 825


@dataclass(frozen=True)
class Pki:
    directory: Path

    def path(self, name):
        return self.directory / name

    @property
    def ca_cert(self):
        return self.path("ca.pem")

    @property
    def server_cert(self):
        return self.path("server.pem")

    @property
    def server_key(self):
        return self.path("server.key")

    @property
    def rp_cert(self):
        return self.path("rp.pem")

    @property
    def rp_key(self):
        return self.path("rp.key")

    @property
    def rp_p12(self):
        return self.path("rp.p12")

    @property
    def freja_jws_cert(self):
        return self.path("freja-jws.pem")

    @property
    def freja_jws_key(self):
        return self.path("freja-jws.key")


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Åtvidaberg e-tjänster TEST"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, key, issuer, issuer_key, *, ca=False, usage=None, sans=()):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage(usage), critical=False)
    if sans:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(list(sans)), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path, data, private=False):
    path.write_bytes(data)
    if private:
        path.chmod(0o600)


def _pem_key(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _pem_cert(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def ensure_pki(directory) -> Pki:
    """Create the test PKI in ``directory`` unless it is there already."""
    pki = Pki(Path(directory))
    if pki.freja_jws_key.exists():
        return pki
    pki.directory.mkdir(parents=True, exist_ok=True)
    ca_key = _key()
    ca_name = _name("Åtvidaberg e-tjänster TEST CA")
    ca = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    _write(pki.ca_cert, _pem_cert(ca))

    server_key = _key()
    server = _certificate(
        _name("localhost"),
        server_key,
        ca_name,
        ca_key,
        usage=[ExtendedKeyUsageOID.SERVER_AUTH],
        sans=[
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ],
    )
    _write(pki.server_cert, _pem_cert(server))
    _write(pki.server_key, _pem_key(server_key), private=True)

    rp_key = _key()
    rp = _certificate(
        _name("Åtvidabergs kommun RP TEST"),
        rp_key,
        ca_name,
        ca_key,
        usage=[ExtendedKeyUsageOID.CLIENT_AUTH],
    )
    _write(pki.rp_cert, _pem_cert(rp))
    _write(pki.rp_key, _pem_key(rp_key), private=True)
    _write(
        pki.rp_p12,
        pkcs12.serialize_key_and_certificates(
            b"rp",
            rp_key,
            rp,
            [ca],
            serialization.BestAvailableEncryption(P12_PASSWORD.encode()),
        ),
        private=True,
    )

    jws_key = _key()
    jws = _certificate(_name("Freja eID TEST JWS"), jws_key, ca_name, ca_key)
    _write(pki.freja_jws_cert, _pem_cert(jws))
    _write(pki.freja_jws_key, _pem_key(jws_key), private=True)
    return pki


def server_context(pki: Pki) -> ssl.SSLContext:
    """TLS for a simulator: its own certificate, and a client certificate required."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(pki.server_cert, pki.server_key)
    context.load_verify_locations(pki.ca_cert)
    context.verify_mode = ssl.CERT_REQUIRED
    return context
