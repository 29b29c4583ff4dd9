"""Registration numbers: unique and gap-free per year, also under concurrency."""

import threading

import transaction
from persistent.mapping import PersistentMapping
from ZODB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError
from zope.annotation.attribute import AttributeAnnotations
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.component import provideAdapter
from zope.interface import implementer

from atvidaberg.etjanster.cases.numbers import allocate
from atvidaberg.etjanster.cases.numbers import format_number


@implementer(IAttributeAnnotatable)
class Site(PersistentMapping):
    """Stands in for the Plone site: something annotatable in a real ZODB."""


def test_format():
    assert format_number(2026, 7) == "ETJ-2026-000007"


def test_numbers_count_per_year(integration):
    site = integration["portal"]
    assert allocate(site, 2026) == "ETJ-2026-000001"
    assert allocate(site, 2026) == "ETJ-2026-000002"
    assert allocate(site, 2027) == "ETJ-2027-000001"
    assert allocate(site, 2026) == "ETJ-2026-000003"


def test_an_aborted_submission_leaves_no_gap(integration):
    site = integration["portal"]
    before_submission = transaction.savepoint()
    assert allocate(site, 2026) == "ETJ-2026-000001"
    before_submission.rollback()  # the submission failed after drawing its number
    assert allocate(site, 2026) == "ETJ-2026-000001"


def test_concurrent_submissions_get_distinct_consecutive_numbers(tmp_path):
    provideAdapter(AttributeAnnotations)
    database = DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as connection:
        connection.root()["site"] = Site()
    drawn, errors = [], []
    start = threading.Barrier(20)

    def submit():
        manager = transaction.TransactionManager()
        connection = database.open(transaction_manager=manager)
        try:
            start.wait()
            for _attempt in range(20):  # Zope retries a conflicting request, too
                manager.begin()
                number = allocate(connection.root()["site"], 2026)
                try:
                    manager.commit()
                except ConflictError:
                    manager.abort()
                    continue
                drawn.append(number)
                return
            errors.append("gave up")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    database.close()
    assert errors == []
    assert sorted(drawn) == [format_number(2026, n) for n in range(1, 21)]
