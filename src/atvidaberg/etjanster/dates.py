"""Dates, times and sizes as Swedish readers write them: "27 november 2026".

No Plone in here: the receipt (``receipt/``) prints with these as the pages do.
"""

from datetime import UTC
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


def in_sweden(moment: datetime) -> datetime:
    """``moment`` on Swedish clocks; a naive ``moment`` is taken as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM)


def swedish_time(moment: datetime) -> str:
    """``moment`` in Swedish time, e.g. "27 november 2026 kl. 14.05"."""
    if moment.utcoffset() is None:
        raise ValueError("an aware datetime is needed")
    local = in_sweden(moment)
    return f"{swedish_date(local)} kl. {local:%H.%M}"


def file_size(size: int) -> str:
    """Bytes as residents read them: "820 byte", "35 kB", "1,2 MB" (MB as in the limits)."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024**2:
        return f"{round(size / 1024)} kB"
    return f"{size / 1024**2:.1f} MB".replace(".", ",")
