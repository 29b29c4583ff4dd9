"""Property-based tests of ``eid.personnummer``: only ASCII digits, never serial 000.

Python's ``\\d`` and ``int()`` accept every Unicode decimal digit (full-width "１",
Arabic-Indic "١", Devanagari "१", ...). A parser built on them accepted such numbers
and handed them on with the foreign digits mixed in. These tests generate valid
numbers, then put other digits of the same value in their place.
"""

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from atvidaberg.etjanster.eid.personnummer import PersonalNumberError
from atvidaberg.etjanster.eid.personnummer import luhn_check_digit
from atvidaberg.etjanster.eid.personnummer import parse

TODAY = datetime.date(2025, 3, 1)
ASCII_TWELVE = "0123456789"

# Every non-ASCII character that Python counts as a decimal digit, e.g. "١" (U+0661).
UNICODE_DIGITS = [
    chr(code)
    for code in range(0x80, 0x110000)
    if unicodedata.category(chr(code)) == "Nd"
]


ISSUED_SERIALS = st.integers(min_value=1, max_value=999)


@st.composite
def personal_numbers(draw, serials=ISSUED_SERIALS):
    """A valid 12-digit personnummer or samordningsnummer, as ASCII text."""
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
    day = born.day + (60 if draw(st.booleans()) else 0)
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{draw(serials):03d}"
    return f"{born.year}{nine[2:]}{luhn_check_digit(nine)}"


@given(personal_numbers())
def test_a_valid_number_comes_back_as_the_same_ascii_digits(twelve):
    number = parse(twelve, TODAY)
    assert number.twelve == twelve
    assert number.twelve.isascii()
    assert parse(f"{twelve[:8]}-{twelve[8:]}", TODAY).twelve == twelve


@given(
    personal_numbers(),
    st.integers(min_value=0, max_value=11),
    st.sampled_from(UNICODE_DIGITS),
    st.booleans(),
)
def test_a_unicode_digit_anywhere_is_refused(twelve, position, digit, hyphen):
    # A digit of the same value, so that int() would read the same number.
    same_value = [
        d for d in UNICODE_DIGITS if unicodedata.digit(d) == int(twelve[position])
    ]
    foreign = same_value[ord(digit) % len(same_value)]
    text = twelve[:position] + foreign + twelve[position + 1 :]
    if hyphen:
        text = f"{text[:8]}-{text[8:]}"
    with pytest.raises(PersonalNumberError) as caught:
        parse(text, TODAY)
    assert caught.value.code == "format"


@given(
    st.text(
        alphabet=st.sampled_from([*ASCII_TWELVE, *UNICODE_DIGITS[:300], "-", "+", " "]),
        max_size=16,
    )
)
@settings(max_examples=300)
def test_whatever_is_accepted_is_twelve_ascii_digits_never_serial_000(text):
    try:
        number = parse(text, TODAY)
    except PersonalNumberError:
        return
    assert number.twelve.isascii() and number.twelve.isdigit()
    assert len(number.twelve) == 12
    assert number.twelve[8:11] != "000"


@given(personal_numbers(serials=st.just(0)))
def test_serial_000_is_never_issued(twelve):
    for text in (twelve, f"{twelve[:8]}-{twelve[8:]}"):
        with pytest.raises(PersonalNumberError) as caught:
            parse(text, TODAY)
        assert caught.value.code == "serial"
