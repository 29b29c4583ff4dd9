"""What the eID clients hand to the rest of the portal.

Orders travel to the browser inside an encrypted token (see the Plone side), so every
field here must survive ``to_dict``/``from_dict`` through JSON.
"""

from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field

PENDING = "pending"
FAILED = "failed"
COMPLETE = "complete"


@dataclass(frozen=True)
class Order:
    """A started auth or sign order at BankID or Freja."""

    provider: str  # "bankid" | "freja"
    kind: str  # "auth" | "sign"
    reference: str  # BankID orderRef, Freja authRef/signRef
    started_at: float  # epoch seconds, when the order was started
    qr_start_token: str = ""  # BankID only
    qr_start_secret: str = ""  # BankID only; never sent to the browser in clear
    auto_start_token: str = ""  # BankID only

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**data)


@dataclass(frozen=True)
class Identity:
    """A person the eID provider vouches for."""

    personal_number: str  # 12 digits, YYYYMMDDNNNN
    given_name: str = ""
    surname: str = ""

    @property
    def name(self):
        return f"{self.given_name} {self.surname}".strip()


@dataclass(frozen=True)
class CollectResult:
    status: str  # PENDING | FAILED | COMPLETE
    hint_code: str = (
        ""  # BankID hintCode / error code, or the Freja status, lower camel
    )
    message_code: str = ""  # "RFA1" ... "RFA23" (also used for Freja's messages)
    identity: Identity | None = None
    signature: str = ""  # BankID signature (base64 XML) or Freja JWS
    ocsp_response: str = ""  # BankID only
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RegisterAnswer:
    """What the person register says about a personnummer."""

    found: bool
    given_name: str = ""
    surname: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    protected_identity: bool = False  # Sekretessmarkering or SkyddadFolkbokforing
    deceased: bool = False
    deregistered: bool = False


class EidError(Exception):
    """Something went wrong on the relying party's side or in transport.

    ``message_code`` is the RFA message to show the user (RFA22 unless known better);
    the exception text is for the log only and never shown.
    """

    def __init__(self, text, message_code="RFA22", error_code=""):
        super().__init__(text)
        self.message_code = message_code
        self.error_code = error_code


class RegisterError(Exception):
    """The person register could not answer (SOAP fault, transport, bad answer)."""
