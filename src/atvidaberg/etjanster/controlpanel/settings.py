"""The municipality's settings, kept in plone.registry."""

from zope import schema
from zope.interface import Interface

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments.scanner import InvalidAddress
from atvidaberg.etjanster.attachments.scanner import parse_address
from atvidaberg.etjanster.content.constraints import FieldError
from atvidaberg.etjanster.content.constraints import has_no_duplicates
from atvidaberg.etjanster.content.constraints import is_email
from atvidaberg.etjanster.content.constraints import is_phone_number
from atvidaberg.etjanster.controlpanel.mapping import are_unit_handlers
from atvidaberg.etjanster.traffic.address import InvalidNetwork
from atvidaberg.etjanster.traffic.address import parse_networks

REGISTRY_PREFIX = "atvidaberg.etjanster"
CLAMD_RECORD = f"{REGISTRY_PREFIX}.clamd_address"

DEFAULT_CATEGORIES = [
    "Barn och utbildning",
    "Bygga, bo och miljö",
    "Omsorg och stöd",
    "Kultur och fritid",
    "Näringsliv och arbete",
    "Kommun och politik",
]
DEFAULT_UNITS = [
    "Barn- och utbildningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Socialförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Kommunledningsförvaltningen",
]


def is_clamd_address(value):
    """A UNIX socket path or host:port that clamd can listen on (or nothing)."""
    try:
        parse_address(value)
    except InvalidAddress as error:
        raise FieldError(
            _(
                "Enter the path of clamd's socket, starting with /, or host:port, "
                "for example /run/clamav/clamd.ctl or 127.0.0.1:3310."
            ),
        ) from error
    return True


def are_networks(values):
    """Each line an IP address or a network, so that no proxy is trusted by mistake."""
    try:
        parse_networks(values)
    except InvalidNetwork as error:
        raise FieldError(
            _(
                "${value} is not an IP address or network. Write one per line, for "
                "example 10.0.0.5 or 10.0.0.0/24.",
                mapping={"value": str(error)},
            )
        ) from error
    return True


class IEtjansterSettings(Interface):
    municipality_name = schema.TextLine(
        title=_("Name of the municipality"),
        default="Åtvidabergs kommun",
        required=True,
    )
    contact_centre_phone = schema.TextLine(
        title=_("Contact centre phone"),
        default="0120-830 00",
        required=True,
        constraint=is_phone_number,
    )
    contact_centre_email = schema.TextLine(
        title=_("Contact centre e-mail"),
        default="kontakt@atvidaberg.se",
        required=True,
        constraint=is_email,
    )
    delivery_mailbox = schema.TextLine(
        title=_("Mailbox for deliveries"),
        description=_(
            "The municipality's electronic mailbox that receives submitted forms, "
            "unless an e-service names its own."
        ),
        required=False,
        constraint=is_email,
    )
    protected_delivery_mailbox = schema.TextLine(
        title=_("Mailbox for cases with protected identity"),
        description=_(
            "Where the submissions of residents with protected identity are delivered, "
            "instead of the general mailbox, which is told only the case's number. "
            "Until it is set, those deliveries are held on the page Outgoing e-mail."
        ),
        required=False,
        constraint=is_email,
    )
    draft_retention_days = schema.Int(
        title=_("Days a draft is kept untouched"),
        description=_(
            "Drafts that nobody has changed for this many days are deleted by the "
            "daily clean-up."
        ),
        default=90,
        min=1,
        max=3650,
        required=True,
    )
    clamd_address = schema.TextLine(
        title=_("Virus scanner (clamd)"),
        description=_(
            "Where clamd listens: the path of its socket, for example "
            "/run/clamav/clamd.ctl, or host:port, for example 127.0.0.1:3310. Every "
            "attached file is checked there; while clamd does not answer, files are "
            "refused. Empty: files are not checked for viruses."
        ),
        required=False,
        constraint=is_clamd_address,
    )
    contact_centre_hours = schema.Text(
        title=_("Contact centre opening hours"),
        default="Måndag–torsdag 8.00–16.30, fredag 8.00–15.00",
        required=False,
    )
    categories = schema.List(
        title=_("Categories"),
        description=_(
            "The categories that group e-services and blanketter on the catalog page, "
            "in the order shown. One per line."
        ),
        value_type=schema.TextLine(),
        default=list(DEFAULT_CATEGORIES),
        constraint=has_no_duplicates,
        required=False,
    )
    units = schema.List(
        title=_("Responsible units"),
        description=_("The units that handle cases. One per line."),
        value_type=schema.TextLine(),
        default=list(DEFAULT_UNITS),
        constraint=has_no_duplicates,
        required=False,
    )
    unit_handlers = schema.List(
        title=_("Case officers of each unit"),
        description=_(
            "One line per unit: the unit's name as above, the id of the group whose "
            "members handle its cases and, if you like, the unit's e-mail address, "
            "which is told when a resident writes. Separate them with |, for example "
            "Samhällsbyggnadsförvaltningen | handlaggare-samhallsbyggnad | "
            "bygg@atvidaberg.se"
        ),
        value_type=schema.TextLine(),
        default=[],
        constraint=are_unit_handlers,
        required=False,
    )
    protected_case_group = schema.TextLine(
        title=_("Group for cases of residents with protected identity"),
        description=_(
            "The id of the group whose members alone see and handle the cases of "
            "residents with protected identity, whatever their unit."
        ),
        default="skyddade-arenden",
        required=False,
    )
    registrar_group = schema.TextLine(
        title=_("Registrars' group"),
        description=_(
            "The id of the group whose members see every sent-in case except those of "
            "residents with protected identity."
        ),
        default="registratorer",
        required=False,
    )

    # Traffic: who is asking (issue 9)
    trusted_proxies = schema.List(
        title=_("Trusted reverse proxies"),
        description=_(
            "The addresses or networks of the reverse proxies in front of the portal, "
            "one per line, for example 10.0.0.5 or 10.0.0.0/24. Only for requests "
            "that come from one of them is the client's address taken from the "
            "header X-Forwarded-For. Empty: the address the request came from is the "
            "client's."
        ),
        value_type=schema.TextLine(),
        default=[],
        constraint=are_networks,
        required=False,
    )
