"""Swedish personnummer and samordningsnummer: parse, validate, normalise.

Accepted input: 10 digits (ÅÅMMDDNNNK) or 12 digits (ÅÅÅÅMMDDNNNK), optionally with
``-`` or ``+`` before the last four digits; whitespace anywhere is ignored.

The century of a 10-digit form follows folkbokföringslagen 18 § as Skatteverket applies
it: the hyphen becomes a plus sign *in the year* the person turns 100 (not on the
birthday). So, relative to the reference date's year Y, ``-`` means born in the
100 years up to Y (Y-99 … Y), and ``+`` means born in Y-100 or earlier (the latest such
year that fits). A 10-digit form without a separator is read as with ``-``. In a
12-digit form the century is explicit and a separator is only cosmetic.

A samordningsnummer (coordination number) has 60 added to the day of birth.

Only ASCII digits count: Python's ``\\d`` and ``int()`` also take full-width ("１"),
Arabic-Indic ("١") and other Unicode digits, which would come back mixed into the
number and differ from what every register stores. The serial number (födelsenummer,
the three digits before the check digit) 000 is never issued, so it is refused even
with a correct check digit.

Error messages never contain the number, and neither does ``repr()`` of a parsed one:
a personnummer must not end up in a log by accident.
"""

import datetime
import re
from dataclasses import dataclass

_SHAPE = re.compile(
    r"(?P<date>[0-9]{6}|[0-9]{8})(?P<separator>[-+]?)(?P<serial>[0-9]{4})"
)
_ALLOWED = re.compile(r"[0-9+-]*")
NEVER_ISSUED_SERIAL = "000"
COORDINATION_DAY_OFFSET = 60

MESSAGES = {
    "empty": (
        "Ange ett personnummer.",
        "Enter a personal identity number.",
    ),
    "format": (
        "Personnumret får bara innehålla siffror, med ett bindestreck eller "
        "plustecken före de fyra sista.",
        "The personal identity number may only contain digits, with a hyphen or "
        "a plus sign before the last four.",
    ),
    "length": (
        "Personnumret ska ha 10 eller 12 siffror.",
        "The personal identity number must have 10 or 12 digits.",
    ),
    "date": (
        "Personnumret innehåller inget giltigt födelsedatum.",
        "The personal identity number does not contain a valid date of birth.",
    ),
    "checksum": (
        "Kontrollsiffran stämmer inte. Kontrollera att du har skrivit rätt.",
        "The check digit does not match. Check that you typed the number correctly.",
    ),
    "serial": (
        "Det finns inget personnummer med de siffrorna. Kontrollera att du har "
        "skrivit rätt.",
        "No personal identity number has those digits. Check that you typed the "
        "number correctly.",
    ),
    "future": (
        "Födelsedatumet i personnumret ligger i framtiden.",
        "The date of birth in the personal identity number is in the future.",
    ),
}


class PersonalNumberError(ValueError):
    """Why a text is not a personnummer; ``code`` is one of the keys of MESSAGES."""

    def __init__(self, code):
        self.code = code
        self.message_sv, self.message_en = MESSAGES[code]
        super().__init__(self.message_en)


@dataclass(frozen=True, repr=False)
class PersonalNumber:
    twelve: str  # YYYYMMDDNNNN, as the registers store it

    def __repr__(self):
        return "PersonalNumber(<redacted>)"

    __str__ = __repr__

    @property
    def ten(self):
        """The 10 digits YYMMDDNNNN (without separator: the century is lost)."""
        return self.twelve[2:]

    @property
    def is_coordination_number(self):
        return int(self.twelve[6:8]) > COORDINATION_DAY_OFFSET

    @property
    def birth_date(self):
        day = int(self.twelve[6:8])
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        return datetime.date(int(self.twelve[:4]), int(self.twelve[4:6]), day)

    def format(self):
        """YYYYMMDD-NNNN, the form to show to people."""
        return f"{self.twelve[:8]}-{self.twelve[8:]}"


def luhn_check_digit(nine_digits):
    """The check digit over YYMMDDNNN (modulus 10, weights 2 and 1)."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _birth_date(year, month, day):
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise PersonalNumberError("date") from None


def _century_year(two_digits, separator, reference_year):
    # The latest year ending in the two digits that is no later than the limit.
    limit = reference_year - 100 if separator == "+" else reference_year
    return limit - (limit - two_digits) % 100


def _reference_day(today):
    if today is None:
        return datetime.date.today()
    if isinstance(today, datetime.datetime):
        return today.date()
    return today


def _year_and_month_day(date_part, separator, today):
    """The full year and "MMDD" of the date part (8 or 6 digits)."""
    if len(date_part) == 8:
        year = int(date_part[:4])
        if year < 1800:
            raise PersonalNumberError("date")
        return year, date_part[4:]
    return _century_year(int(date_part[:2]), separator, today.year), date_part[2:]


def parse(text, today=None) -> PersonalNumber:
    """Parse a personnummer or samordningsnummer; raise PersonalNumberError if invalid.

    ``today`` (a date, default today) is the reference for the century of 10-digit forms
    and for "not in the future".
    """
    today = _reference_day(today)
    compact = re.sub(r"\s+", "", "" if text is None else str(text))
    if not compact:
        raise PersonalNumberError("empty")
    if not _ALLOWED.fullmatch(compact):
        raise PersonalNumberError("format")
    digits = compact.replace("-", "").replace("+", "")
    if len(digits) not in (10, 12):
        raise PersonalNumberError("length")
    match = _SHAPE.fullmatch(compact)
    if match is None:
        raise PersonalNumberError("format")
    date_part, separator, serial = match.group("date", "separator", "serial")
    year, month_day = _year_and_month_day(date_part, separator, today)
    born = _birth_date(year, int(month_day[:2]), int(month_day[2:]))
    ten = f"{year % 100:02d}{month_day}{serial}"
    if luhn_check_digit(ten[:9]) != int(ten[9]):
        raise PersonalNumberError("checksum")
    if born > today:
        raise PersonalNumberError("future")
    if serial[:3] == NEVER_ISSUED_SERIAL:
        raise PersonalNumberError("serial")
    return PersonalNumber(f"{year:04d}{month_day}{serial}")


def is_valid(text, today=None):
    try:
        parse(text, today)
    except PersonalNumberError:
        return False
    return True
