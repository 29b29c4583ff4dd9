"""Dates as Swedish readers write them: "27 november 2026"."""

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
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Stockholm")).date()
