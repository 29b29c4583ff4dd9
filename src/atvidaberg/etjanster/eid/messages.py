"""What to tell the user while an eID order runs: BankID's recommended messages (RFA).

The texts are BankID's own recommended user messages (developers.bankid.com, "User
messages"), word for word in Swedish and English, except two plain typos in the
published text ("gitligt", "you ID document"), corrected here. Users know these texts
from every other e-service, and they reveal nothing about the portal.

``message(code, language)`` is the only thing the pages need; the Freja client maps its
own states onto the same codes. ``message_for`` and ``message_for_error`` hold BankID's
recommendations for which code belongs to which hintCode and errorCode.
"""

from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import PENDING

SWEDISH = "sv"
ENGLISH = "en"
LANGUAGES = (SWEDISH, ENGLISH)

# Where the BankID app runs, as far as the portal knows. Some recommendations differ:
# a QR code scanned with another device, or the app autostarted on this device.
OTHER_DEVICE = "other"  # QR code, BankID on a phone or tablet
SAME_DEVICE = "same"  # autostart on this device, kind unknown
THIS_MOBILE = "mobile"  # autostart on this phone or tablet
THIS_COMPUTER = "computer"  # autostart on this computer (BankID on file or card)
DEVICES = (OTHER_DEVICE, SAME_DEVICE, THIS_MOBILE, THIS_COMPUTER)

UNKNOWN_PENDING = "RFA21"
UNKNOWN_FAILED = "RFA22"
RP_ERROR = "RFA22"

MESSAGES = {
    "RFA1": ("Starta BankID-appen.", "Start your BankID app."),
    "RFA2": (
        "Du verkar inte ha BankID-appen. Installera den och skaffa ett BankID.",
        "You don't seem to have the BankID app. Install the app and get a BankID.",
    ),
    "RFA3": (
        "Åtgärden avbröts. Försök igen.",
        "The action was cancelled. Please try again.",
    ),
    "RFA4": (
        "En identifiering eller underskrift pågår redan för ditt personnummer. "
        "Försök igen.",
        "An identification or signature is already in progress for your personal "
        "identity number. Please try again.",
    ),
    "RFA5": ("Något gick fel. Försök igen.", "Something went wrong. Please try again."),
    "RFA6": ("Åtgärden avbröts.", "The action was cancelled."),
    "RFA8": (
        "BankID-appen svarar inte. Kontrollera att den är startad och att du har "
        "internetanslutning. Försök sedan igen.",
        "The BankID app is not responding. Please check that it’s started and that "
        "you have internet access. Try again.",
    ),
    "RFA9": (
        "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.",
        "Enter your security code in the BankID app and select Identify or Sign.",
    ),
    "RFA13": ("Försöker starta BankID-appen.", "Trying to start your BankID app."),
    "RFA15A": (
        "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här "
        "datorn. Om du har ett BankID på kort, sätt in kortet i kortläsaren.",
        "Searching for BankID. Make sure you have a valid BankID on this computer. "
        "If you have a BankID on card, please insert the card into your card reader.",
    ),
    "RFA15B": (
        "Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.",
        "Searching for BankID. Make sure you have a valid BankID on this device.",
    ),
    "RFA16": (
        "Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller "
        "skaffa ett nytt hos din bank.",
        "Your BankID is blocked or too old. Please use another BankID or get a new "
        "one from your bank.",
    ),
    "RFA17A": (
        "Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett "
        "BankID hos din bank.",
        "You don't seem to have the BankID app/program. Please install it and get a "
        "BankID from your bank.",
    ),
    "RFA17B": (
        "Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.",
        "Failed to scan the QR code. Start the BankID app and scan the QR code.",
    ),
    "RFA19": (
        "Vill du använda BankID på den här datorn eller ett Mobilt BankID?",
        "Would you like to use BankID on this computer, or a Mobile BankID?",
    ),
    "RFA20": (
        "Vill du använda BankID på den här enheten eller på en annan enhet?",
        "Do you want to use BankID on this device or another device?",
    ),
    "RFA21": (
        "En identifiering eller underskrift pågår.",
        "An identification or signing is in progress.",
    ),
    "RFA22": (
        "Något gick fel. Försök igen.",
        "Something went wrong. Please try again.",
    ),
    "RFA23": (
        "Fotografera och läs av din ID-handling med BankID-appen.",
        "Take a photo of, and scan, your ID document with the BankID app.",
    ),
}

# hintCode -> RFA code, or {device: code} where BankID's advice depends on the device.
_SEARCHING = {
    OTHER_DEVICE: "RFA15B",
    SAME_DEVICE: "RFA15B",
    THIS_MOBILE: "RFA15B",
    THIS_COMPUTER: "RFA15A",
}
PENDING_HINTS = {
    "outstandingTransaction": {
        OTHER_DEVICE: "RFA1",
        SAME_DEVICE: "RFA13",
        THIS_MOBILE: "RFA13",
        THIS_COMPUTER: "RFA13",
    },
    "noClient": "RFA1",
    "started": _SEARCHING,
    "userSign": "RFA9",
    "userMrtd": "RFA23",
    # Phone orders only (BankID calls the user); BankID recommends no text of its own.
    "userCallConfirm": UNKNOWN_PENDING,
}
FAILED_HINTS = {
    "expiredTransaction": "RFA8",
    "certificateErr": "RFA16",
    "userCancel": "RFA6",
    "cancelled": "RFA3",
    "startFailed": {
        OTHER_DEVICE: "RFA17B",
        SAME_DEVICE: "RFA17A",
        THIS_MOBILE: "RFA17A",
        THIS_COMPUTER: "RFA17A",
    },
    # Documented, but without a recommended text: the general one.
    "userDeclinedCall": UNKNOWN_FAILED,
    "notSupportedByUserApp": UNKNOWN_FAILED,
    "transactionRiskBlocked": UNKNOWN_FAILED,
}
# errorCode of an RP API call -> RFA code. The ones that are the portal's own mistake
# (invalidParameters, unauthorized, notFound, methodNotAllowed, unsupportedMediaType)
# are not BankID errors to the user: the general text, and the detail goes to the log.
ERROR_CODES = {
    "alreadyInProgress": "RFA4",
    "invalidParameters": RP_ERROR,
    "unauthorized": RP_ERROR,
    "notFound": RP_ERROR,
    "methodNotAllowed": RP_ERROR,
    "unsupportedMediaType": RP_ERROR,
    "requestTimeout": "RFA5",
    "internalError": "RFA5",
    "maintenance": "RFA5",
}


def language_of(language):
    """ "sv", "sv-SE", "en-GB" ... to a language with texts; Swedish unless English."""
    if isinstance(language, str) and language.lower().startswith(ENGLISH):
        return ENGLISH
    return SWEDISH


def message(code, language=SWEDISH):
    """The text of an RFA code; an unknown code gets the general error text."""
    swedish, english = MESSAGES.get(code, MESSAGES[UNKNOWN_FAILED])
    return english if language_of(language) == ENGLISH else swedish


def _by_device(choice, device):
    if isinstance(choice, dict):
        return choice.get(device, choice[OTHER_DEVICE])
    return choice


def message_for(status, hint_code, device=OTHER_DEVICE):
    """The RFA code for a collect result; "" for a complete order (nothing to say)."""
    if status == COMPLETE:
        return ""
    if status == PENDING:
        return _by_device(PENDING_HINTS.get(hint_code, UNKNOWN_PENDING), device)
    if status == FAILED:
        return _by_device(FAILED_HINTS.get(hint_code, UNKNOWN_FAILED), device)
    return UNKNOWN_FAILED


def message_for_error(error_code):
    """The RFA code for an errorCode of a failed API call (unknown: RFA22)."""
    return ERROR_CODES.get(error_code, RP_ERROR)
