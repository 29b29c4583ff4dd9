"""Registration numbers ETJ-YYYY-NNNNNN: unique, and gap-free within each year.

The counter is an ordinary persistent object without conflict resolution, on purpose:
two submissions that draw from it at the same time conflict, and Zope retries the
later one, which then draws the next number. Merging the increments instead would
hand both the same number. A number is drawn inside the submitting transaction, so an
aborted submission gives its number back and no gap appears. This holds across Zope
instances on ZEO or RelStorage, since the conflict is detected by the storage.
"""

from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

ANNOTATION_KEY = "atvidaberg.etjanster.registration_numbers"
PREFIX = "ETJ"


class RegistrationCounter(Persistent):
    """The last number drawn per year, in one object that every draw writes."""

    def __init__(self):
        self.last_by_year = {}

    def next(self, year):
        number = self.last_by_year.get(year, 0) + 1
        self.last_by_year = {**self.last_by_year, year: number}
        return number


def counter_for(site):
    annotations = IAnnotations(site)
    counter = annotations.get(ANNOTATION_KEY)
    if counter is None:
        counter = annotations[ANNOTATION_KEY] = RegistrationCounter()
    return counter


def format_number(year, number):
    return f"{PREFIX}-{year:04d}-{number:06d}"


def allocate(site, year):
    """The next registration number of ``year``, drawn in the current transaction."""
    return format_number(year, counter_for(site).next(year))
