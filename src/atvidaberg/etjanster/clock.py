"""Zope's clock must agree with the system's, or every stored time is off by hours.

``DateTime`` learns the local time zone once, when it is imported, from Python's
``time`` module; the C library learns it again from ``TZ`` whenever ``mktime`` runs.
A ``TZ`` set after Python started (``<environment>`` in ``zope.conf``, as this add-on's
instance once did) therefore splits them: after the first ``mktime`` of the process
(mail headers, a date parsed, ...) ``DateTime()`` takes Stockholm's wall clock for
UTC, an hour late in winter and two in summer, and that is what Plone stores as
modification dates and what Mina sidor showed. Every time the portal shows is
converted to Swedish time explicitly (``dates.STOCKHOLM``); the process's own zone
only has to be consistent: set ``TZ`` in the environment the process starts with
(the Makefile, ``make cluster``, the buildout script and systemd do), never later.

At start the process checks that it is, and refuses to start when it is not.
"""

import logging
import time
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING

from DateTime import DateTime

if TYPE_CHECKING:
    from zope.processlifetime import ProcessStarting

logger = logging.getLogger("atvidaberg.etjanster.clock")
TOLERANCE = 60  # seconds; a wrong zone is off by a whole hour


def datetime_drift() -> float:
    """Seconds by which ``DateTime()`` misses the real time, once the C library has
    read ``TZ`` again as the process's first ``mktime`` makes it."""
    time.mktime(time.localtime())
    return DateTime().asdatetime().timestamp() - datetime.now(UTC).timestamp()


class ClockMismatch(RuntimeError):
    pass


def check_clock(event: "ProcessStarting | None" = None) -> None:
    """Refuse to start with a clock that would store wrong times."""
    drift = datetime_drift()
    if abs(drift) > TOLERANCE:
        message = (
            f"Zope's DateTime is {drift / 3600:+.1f} h off the system clock: TZ was "
            "changed after Python started (an <environment> TZ in zope.conf?). Set TZ "
            "in the environment the process starts with instead."
        )
        logger.critical(message)
        raise ClockMismatch(message)
