"""Registration numbers ETJ-YYYY-NNNNNN: unique, and gap-free within each year.

The counter is an ordinary persistent object without conflict resolution, on purpose:
two draws at the same time conflict and the later one is retried, drawing the next
number (merging the increments would hand both the same number). This holds across
Zope instances on ZEO or RelStorage, since the conflict is detected by the storage.

A number is drawn in a short transaction of its own, on a connection of its own, and
kept for the case it was drawn for. Drawn inside the submission instead, the counter
would be held for the whole request (rendering the receipt included), and concurrent
submissions would conflict until Zope's retries ran out. The price: a number is
reserved for its case from the moment it is drawn. If that submission then fails,
the case gets the same number when it is submitted again; only a case that is never
submitted leaves a gap, and ``reserved`` records which case holds the number.
"""

import random
import time
from collections.abc import Callable
from typing import Any

import transaction
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from Products.CMFPlone.Portal import PloneSite
from ZODB.Connection import Connection
from ZODB.DB import DB
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations

ANNOTATION_KEY = "atvidaberg.etjanster.registration_numbers"
PREFIX = "ETJ"
ATTEMPTS = 100


class RegistrationCounter(Persistent):
    """The last number drawn per year, and which case holds each number."""

    def __init__(self) -> None:
        self.last_by_year = {}
        self.reserved = OOBTree()  # case key -> number

    def reserve(self, year: int, key: str) -> str:
        if getattr(self, "reserved", None) is None:  # a counter from before 2026-11
            self.reserved = OOBTree()
        number = self.reserved.get(key)
        if number is None:
            last = self.last_by_year.get(year, 0) + 1
            self.last_by_year = {**self.last_by_year, year: last}
            number = self.reserved[key] = format_number(year, last)
        return number


def counter_for(site: Any) -> RegistrationCounter:
    annotations = IAnnotations(site)
    counter = annotations.get(ANNOTATION_KEY)
    if counter is None:
        counter = annotations[ANNOTATION_KEY] = RegistrationCounter()
    return counter


def format_number(year: int, number: int) -> str:
    return f"{PREFIX}-{year:04d}-{number:06d}"


def reserve_in(
    db: DB, find_site: Callable[[Connection], Any], year: int, key: str
) -> str:
    """Draw (or find) the number of case ``key`` in a transaction of its own.

    ``find_site(connection)`` returns the object holding the counter in that
    connection. Conflicts with other draws are retried here, with a short random
    pause, so they never reach the submitting request.
    """
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        for attempt in range(ATTEMPTS):
            try:
                with manager:
                    number = counter_for(find_site(connection)).reserve(year, key)
                return number
            except ConflictError:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - jitter
        raise ConflictError(f"no registration number after {ATTEMPTS} attempts")
    finally:
        connection.close()


def reserve(site: PloneSite, year: int, key: str) -> str:
    """The registration number of case ``key`` in the Plone ``site``."""
    path = "/".join(site.getPhysicalPath())

    def find_site(connection: Connection) -> Any:
        return connection.root()["Application"].unrestrictedTraverse(path)

    return reserve_in(site._p_jar.db(), find_site, year, key)
