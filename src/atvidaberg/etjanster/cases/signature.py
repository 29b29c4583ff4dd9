"""The signature of an application: stored on the case, read as a record.

``case.signature`` stays a plain dict in the ZODB (``SignatureRecord``): cases signed
before this type existed keep theirs, and a dict pickles without naming a class that
might move. Code that reads it takes a ``CaseSignature`` through ``signature_of``.
"""

from collections.abc import Mapping
from dataclasses import asdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from typing import NotRequired
from typing import TypedDict

from atvidaberg.etjanster.cases.content import Case


class SignatureRecord(TypedDict):
    """``case.signature`` as the signing stores it (the contract of issue 4)."""

    provider: str  # "bankid" or "freja"
    name: str
    personal_number: str  # 12 digits
    signed_at: datetime  # aware, UTC
    digest: str  # hex SHA-256 of what was signed (cases.snapshot.Application.digest)
    visible_text: NotRequired[str]
    signature: NotRequired[str]  # BankID's signature (base64 XML)
    ocsp_response: NotRequired[str]
    jws: NotRequired[str]  # Freja's signed JWS


@dataclass(frozen=True)
class CaseSignature:
    """A signature of an application, as the receipt, delivery and pages read it."""

    provider: str
    name: str
    personal_number: str
    signed_at: datetime
    digest: str
    visible_text: str = ""
    signature: str = ""
    ocsp_response: str = ""
    jws: str = ""

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "CaseSignature":
        signed_at = record["signed_at"]
        if isinstance(signed_at, str):
            signed_at = datetime.fromisoformat(signed_at)
        return cls(
            provider=record["provider"],
            name=record.get("name") or "",
            personal_number=record.get("personal_number") or "",
            signed_at=signed_at,
            digest=record["digest"],
            visible_text=record.get("visible_text") or "",
            signature=record.get("signature") or "",
            ocsp_response=record.get("ocsp_response") or "",
            jws=record.get("jws") or "",
        )

    def record(self) -> SignatureRecord:
        """The plain dict to store as ``case.signature``."""
        return SignatureRecord(**asdict(self))

    def evidence(self) -> dict[str, str]:
        """The signature as the eID service gave it, as JSON (underskrift.json)."""
        return dict(asdict(self), signed_at=self.signed_at.isoformat())


def signature_of(case: Case) -> CaseSignature | None:
    """The case's signature, or None when it is not signed."""
    record = getattr(case, "signature", None)
    return CaseSignature.from_record(record) if record else None
