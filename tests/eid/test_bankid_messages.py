"""BankID's recommended user messages, and which one each hintCode and errorCode gets."""

import pytest

from atvidaberg.etjanster.eid import messages
from atvidaberg.etjanster.eid.messages import DEVICES
from atvidaberg.etjanster.eid.messages import ERROR_CODES
from atvidaberg.etjanster.eid.messages import FAILED_HINTS
from atvidaberg.etjanster.eid.messages import MESSAGES
from atvidaberg.etjanster.eid.messages import PENDING_HINTS
from atvidaberg.etjanster.eid.messages import message
from atvidaberg.etjanster.eid.messages import message_for
from atvidaberg.etjanster.eid.messages import message_for_error
from atvidaberg.etjanster.eid.types import COMPLETE
from atvidaberg.etjanster.eid.types import FAILED
from atvidaberg.etjanster.eid.types import PENDING

# As documented for collect (v6.0) and for the RP API's errors.
DOCUMENTED_PENDING = [
    "outstandingTransaction",
    "noClient",
    "started",
    "userMrtd",
    "userCallConfirm",
    "userSign",
]
DOCUMENTED_FAILED = [
    "expiredTransaction",
    "certificateErr",
    "userCancel",
    "cancelled",
    "startFailed",
    "userDeclinedCall",
    "notSupportedByUserApp",
    "transactionRiskBlocked",
]
DOCUMENTED_ERRORS = [
    "alreadyInProgress",
    "invalidParameters",
    "unauthorized",
    "notFound",
    "methodNotAllowed",
    "requestTimeout",
    "unsupportedMediaType",
    "internalError",
    "maintenance",
]


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_in_both_languages(code):
    swedish, english = MESSAGES[code]
    assert swedish.strip() == swedish and swedish.endswith((".", "?"))
    assert english.strip() == english and english.endswith((".", "?"))
    assert message(code, "sv") == swedish
    assert message(code, "en") == english


def test_codes_are_bankids():
    expected = {f"RFA{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 13, 16, 19, 20, 21, 22, 23)}
    expected |= {"RFA15A", "RFA15B", "RFA17A", "RFA17B"}
    assert set(MESSAGES) == expected


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    ("status", "hint_code"),
    [(PENDING, h) for h in DOCUMENTED_PENDING]
    + [(FAILED, h) for h in DOCUMENTED_FAILED],
)
def test_every_hint_code_has_a_message(status, hint_code, device):
    code = message_for(status, hint_code, device)
    assert code in MESSAGES
    assert message(code, "sv") and message(code, "en")


def test_tables_cover_what_is_documented():
    assert set(PENDING_HINTS) == set(DOCUMENTED_PENDING)
    assert set(FAILED_HINTS) == set(DOCUMENTED_FAILED)
    assert set(ERROR_CODES) == set(DOCUMENTED_ERRORS)


@pytest.mark.parametrize("error_code", DOCUMENTED_ERRORS)
def test_every_error_code_has_a_message(error_code):
    assert message_for_error(error_code) in MESSAGES


@pytest.mark.parametrize(
    ("status", "hint_code", "device", "expected"),
    [
        (PENDING, "outstandingTransaction", "other", "RFA1"),
        (PENDING, "outstandingTransaction", "same", "RFA13"),
        (PENDING, "outstandingTransaction", "computer", "RFA13"),
        (PENDING, "noClient", "same", "RFA1"),
        (PENDING, "started", "computer", "RFA15A"),
        (PENDING, "started", "mobile", "RFA15B"),
        (PENDING, "started", "other", "RFA15B"),
        (PENDING, "userSign", "other", "RFA9"),
        (PENDING, "userMrtd", "other", "RFA23"),
        (PENDING, "somethingNew", "other", "RFA21"),
        (FAILED, "expiredTransaction", "other", "RFA8"),
        (FAILED, "certificateErr", "other", "RFA16"),
        (FAILED, "userCancel", "other", "RFA6"),
        (FAILED, "cancelled", "other", "RFA3"),
        (FAILED, "startFailed", "other", "RFA17B"),
        (FAILED, "startFailed", "same", "RFA17A"),
        (FAILED, "somethingNew", "other", "RFA22"),
        (COMPLETE, "", "other", ""),
        ("strange", "", "other", "RFA22"),
    ],
)
def test_recommended_code(status, hint_code, device, expected):
    assert message_for(status, hint_code, device) == expected


def test_an_unknown_device_is_treated_as_the_qr_code():
    assert message_for(PENDING, "outstandingTransaction", "tv") == "RFA1"


@pytest.mark.parametrize(
    ("error_code", "expected"),
    [
        ("alreadyInProgress", "RFA4"),
        ("requestTimeout", "RFA5"),
        ("internalError", "RFA5"),
        ("maintenance", "RFA5"),
        ("invalidParameters", "RFA22"),
        ("unauthorized", "RFA22"),
        ("tooManyRequests", "RFA22"),
        ("", "RFA22"),
    ],
)
def test_error_codes(error_code, expected):
    assert message_for_error(error_code) == expected


def test_languages():
    assert message("RFA1", "sv-SE") == "Starta BankID-appen."
    assert message("RFA1", "en-GB") == "Start your BankID app."
    assert message("RFA1") == "Starta BankID-appen."
    assert message("RFA1", None) == "Starta BankID-appen."
    assert message("RFA1", "de") == "Starta BankID-appen."


def test_an_unknown_code_gets_the_general_error():
    assert message("RFA99", "en") == messages.message("RFA22", "en")
