import datetime

import pytest

from atvidaberg.etjanster.eid.personnummer import MESSAGES
from atvidaberg.etjanster.eid.personnummer import PersonalNumberError
from atvidaberg.etjanster.eid.personnummer import is_valid
from atvidaberg.etjanster.eid.personnummer import luhn_check_digit
from atvidaberg.etjanster.eid.personnummer import parse
from atvidaberg.etjanster.simulators import persons

TODAY = datetime.date(2025, 3, 1)


def with_check_digit(nine):
    return f"{nine}{luhn_check_digit(nine[-9:])}"


@pytest.mark.parametrize(
    "text",
    [
        "198001019820",
        "19800101-9820",
        "19800101 - 9820",
        " 1980 01 01 9820 ",
        "8001019820",
        "800101-9820",
        "800101 9820",
    ],
)
def test_the_same_number_in_every_accepted_shape(text):
    number = parse(text, TODAY)
    assert number.twelve == "198001019820"
    assert number.ten == "8001019820"
    assert number.format() == "19800101-9820"
    assert number.birth_date == datetime.date(1980, 1, 1)
    assert not number.is_coordination_number


def test_every_fixture_person_is_valid():
    for twelve in persons.load():
        assert parse(twelve).twelve == twelve


def test_luhn_check_digit_of_skatteverkets_example():
    assert luhn_check_digit("640823323") == 4
    assert parse("640823-3234", TODAY).twelve == "196408233234"


def test_a_wrong_check_digit_is_refused():
    with pytest.raises(PersonalNumberError) as caught:
        parse("19800101-9821", TODAY)
    assert caught.value.code == "checksum"


# The hyphen becomes a plus sign in the year the person turns 100 (FOL 18 §).
BORN_JUNE_25 = with_check_digit("250601002")  # 10 digits, born 1 June of a year ..25
BORN_NEW_YEAR_26 = with_check_digit("260101002")


def test_hyphen_means_born_within_the_last_hundred_years():
    assert (
        parse(BORN_NEW_YEAR_26[:6] + "-" + BORN_NEW_YEAR_26[6:], TODAY).twelve[:4]
        == "1926"
    )
    summer = datetime.date(2025, 7, 1)
    assert parse(BORN_JUNE_25[:6] + "-" + BORN_JUNE_25[6:], summer).twelve[:4] == "2025"


def test_plus_in_the_year_of_the_hundredth_birthday_before_the_birthday():
    number = parse(BORN_JUNE_25[:6] + "+" + BORN_JUNE_25[6:], TODAY)
    assert number.birth_date == datetime.date(1925, 6, 1)


def test_plus_a_year_before_the_hundredth_year_means_two_hundred():
    assert (
        parse(BORN_NEW_YEAR_26[:6] + "+" + BORN_NEW_YEAR_26[6:], TODAY).twelve[:4]
        == "1826"
    )


def test_on_new_years_day_of_the_hundredth_year():
    new_year = datetime.date(2026, 1, 1)
    plus = parse(BORN_NEW_YEAR_26[:6] + "+" + BORN_NEW_YEAR_26[6:], new_year)
    assert plus.birth_date == datetime.date(1926, 1, 1)
    hyphen = parse(BORN_NEW_YEAR_26[:6] + "-" + BORN_NEW_YEAR_26[6:], new_year)
    assert hyphen.birth_date == new_year  # born today: not in the future


def test_ten_digits_without_separator_read_as_hyphen():
    assert parse(BORN_NEW_YEAR_26, TODAY).twelve[:4] == "1926"


def test_a_separator_in_twelve_digits_is_cosmetic():
    assert parse("19800101+9820", TODAY).twelve == "198001019820"


def test_samordningsnummer_has_sixty_added_to_the_day():
    twelve = with_check_digit("19800161982")
    number = parse(twelve, TODAY)
    assert number.is_coordination_number
    assert number.birth_date == datetime.date(1980, 1, 1)
    assert number.twelve == twelve
    assert number.format() == f"{twelve[:8]}-{twelve[8:]}"


def test_samordningsnummer_day_must_be_a_real_day():
    with pytest.raises(PersonalNumberError) as caught:
        parse(with_check_digit("19800192982"), TODAY)
    assert caught.value.code == "date"


def test_leap_day_2000_is_valid():
    number = parse(with_check_digit("20000229988"), TODAY)
    assert number.birth_date == datetime.date(2000, 2, 29)


def test_leap_day_1900_is_not():
    with pytest.raises(PersonalNumberError) as caught:
        parse(with_check_digit("19000229988"), TODAY)
    assert caught.value.code == "date"
    with pytest.raises(PersonalNumberError):
        parse(
            with_check_digit("000229988")[:6] + "+" + with_check_digit("000229988")[6:],
            TODAY,
        )


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("abc", "format"),
        ("19800101-98X0", "format"),
        ("19800101/9820", "format"),
        ("19800101--9820", "format"),
        ("198001-019820", "format"),
        ("12345", "length"),
        ("19800101-982", "length"),
        ("1980010198201", "length"),
        ("19801301-9820", "date"),
        ("19800132-9820", "date"),
        ("17991231-9820", "date"),
        (with_check_digit("20990101000"), "future"),
        ("19800101-9821", "checksum"),
        (with_check_digit("19800101000"), "serial"),
        (
            with_check_digit("800101000")[:6] + "-" + with_check_digit("800101000")[6:],
            "serial",
        ),
        ("１９８００１０１９８２０", "format"),
        ("19800101-٩٨٢٠", "format"),
    ],
)
def test_each_failure_has_its_code_and_messages(text, code):
    with pytest.raises(PersonalNumberError) as caught:
        parse(text, TODAY)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.code == code
    assert (error.message_sv, error.message_en) == MESSAGES[code]
    assert str(error) == error.message_en
    assert "9820" not in error.message_sv + error.message_en


def test_every_message_exists_in_swedish_and_english():
    for swedish, english in MESSAGES.values():
        assert swedish and english and swedish != english


def test_the_number_does_not_leak_through_repr_or_str():
    number = parse("19800101-9820", TODAY)
    assert "9820" not in repr(number)
    assert "9820" not in str(number)
    assert "9820" not in f"{number}"


def test_today_may_be_a_datetime():
    assert (
        parse("19800101-9820", datetime.datetime(2025, 3, 1, 12, 0)).twelve
        == "198001019820"
    )


def test_is_valid():
    assert is_valid("19800101-9820")
    assert not is_valid("19800101-9821")
