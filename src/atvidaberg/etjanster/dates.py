"""Dates as Swedish readers write them: "27 november 2026"."""

from datetime import datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def today_in_sweden():
    return datetime.now(STOCKHOLM).date()
