"""Where the real (or simulated) eID services are, and which files hold the secrets.

Certificates and keys stay files on disk, referenced by path: nothing secret is kept
in the ZODB, so a database copy never carries the municipality's RP keys.
"""

import os

from zope import schema
from zope.interface import Interface

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.constraints import FieldError
from atvidaberg.etjanster.content.constraints import is_web_address

EID_PREFIX = "atvidaberg.etjanster.eid"
METHOD_BANKID_SAME = "bankid_same"
METHOD_BANKID_OTHER = "bankid_other"
METHOD_FREJA = "freja"
METHODS = (METHOD_BANKID_SAME, METHOD_BANKID_OTHER, METHOD_FREJA)


def is_readable_file(value):
    if value and not (os.path.isfile(value) and os.access(value, os.R_OK)):
        raise FieldError(_("There is no readable file at this path on the server."))
    return True


def _path(title, description=None):
    return schema.TextLine(
        title=title,
        description=description,
        required=False,
        constraint=is_readable_file,
    )


class IEidSettings(Interface):
    enabled_methods = schema.List(
        title=_("Login methods offered to residents"),
        value_type=schema.Choice(vocabulary="atvidaberg.etjanster.eid_methods"),
        default=list(METHODS),
        required=False,
    )
    test_mode = schema.Bool(
        title=_("Test mode"),
        description=_(
            "Shows every visitor a banner saying that e-legitimation is simulated. "
            "Turn off in production."
        ),
        default=False,
        required=False,
    )
    session_idle_minutes = schema.Int(
        title=_("Logins end after this many minutes without activity"),
        description=_(
            "A login (residents' and staff's alike) ends when no page or request has "
            "been made with it for this long; residents' REST tokens live as long. "
            "Logging out ends it at once."
        ),
        default=30,
        min=5,
        max=720,
        required=True,
    )
    simulator_url = schema.TextLine(
        title=_("Address of the simulators' app page"),
        description=_(
            "In test mode, the banner links here so testers can play the apps."
        ),
        required=False,
        constraint=is_web_address,
    )

    bankid_url = schema.TextLine(
        title=_("BankID RP API address"),
        description=_("For example https://appapi2.bankid.com/rp/v6.0"),
        required=False,
        constraint=is_web_address,
    )
    bankid_cert_path = _path(_("BankID RP certificate (PEM or PKCS#12), path"))
    bankid_key_path = _path(_("BankID RP private key (PEM), path"))
    bankid_password_path = _path(
        _("File with the PKCS#12 password, path"),
        _("Only for a PKCS#12 certificate."),
    )
    bankid_ca_path = _path(_("CA certificate that BankID's server presents, path"))

    freja_url = schema.TextLine(
        title=_("Freja eID+ API address"),
        required=False,
        constraint=is_web_address,
    )
    freja_cert_path = _path(_("Freja RP certificate (PEM), path"))
    freja_key_path = _path(_("Freja RP private key (PEM), path"))
    freja_ca_path = _path(_("CA certificate that Freja's server presents, path"))
    freja_jws_cert_path = _path(_("Certificate that Freja signs results with, path"))

    spar_url = schema.TextLine(
        title=_("SPAR PersonSok address"),
        required=False,
        constraint=is_web_address,
    )
    spar_cert_path = _path(_("SPAR client certificate (PEM), path"))
    spar_key_path = _path(_("SPAR client private key (PEM), path"))
    spar_ca_path = _path(_("CA certificate that SPAR's server presents, path"))
    spar_customer_number = schema.TextLine(
        title=_("SPAR customer number (KundNrLeveransMottagare)"), required=False
    )
    spar_end_customer_number = schema.TextLine(
        title=_("SPAR end customer number (KundNrSlutkund)"), required=False
    )
    spar_assignment_id = schema.TextLine(
        title=_("SPAR assignment id (UppdragId)"), required=False
    )

    # Limits on starting e-legitimation orders (issue 9), per process
    login_starts_per_client = schema.Int(
        title=_("Logins one client may start per minute"),
        description=_(
            "How many logins or signatures with e-legitimation one address (an IPv6 "
            "client: its /64 network) may start at once; then one more each "
            "60/this many seconds. Beyond it, the client is asked to wait. 0: no "
            "limit. Each Zope process counts its own."
        ),
        default=10,
        min=0,
        required=False,
    )
    login_starts_overall = schema.Int(
        title=_("Logins all clients together may start per minute"),
        description=_(
            "The same for all clients together, so that the portal never floods "
            "BankID or Freja with orders. 0: no limit. Each Zope process counts its "
            "own."
        ),
        default=300,
        min=0,
        required=False,
    )
