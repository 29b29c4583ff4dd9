"""Registration numbers: unique and gap-free per year, also under concurrency."""

import threading

import pytest
import transaction
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from ZODB import DB
from ZODB.FileStorage import FileStorage
from zope.annotation.attribute import AttributeAnnotations
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.component import provideAdapter
from zope.interface import implementer

from atvidaberg.etjanster.cases.numbers import format_number
from atvidaberg.etjanster.cases.numbers import reserve_in


@implementer(IAttributeAnnotatable)
class Site(PersistentMapping):
    """Stands in for the Plone site: something annotatable in a real ZODB."""

    def __init__(self):
        super().__init__()
        # Its own storage, as a Plone site has. Python 3.10+ gives a class an empty
        # ``__annotations__`` dict once anybody reads it (type introspection of
        # PersistentMapping in an earlier test does); a Site without annotations of
        # its own would find that one class-level dict, and zope.annotation would keep
        # every Site's counter in it, across databases.
        self.__annotations__ = OOBTree()


@pytest.fixture
def database(tmp_path):
    provideAdapter(AttributeAnnotations)
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as connection:
        connection.root()["site"] = Site()
    yield db
    db.close()


def draw(db, year, key):
    return reserve_in(db, lambda connection: connection.root()["site"], year, key)


def test_format():
    assert format_number(2026, 7) == "ETJ-2026-000007"


def test_numbers_count_per_year(database):
    assert draw(database, 2026, "a") == "ETJ-2026-000001"
    assert draw(database, 2026, "b") == "ETJ-2026-000002"
    assert draw(database, 2027, "c") == "ETJ-2027-000001"
    assert draw(database, 2026, "d") == "ETJ-2026-000003"


def test_a_case_submitted_again_keeps_its_number(database):
    """A submission that failed after drawing its number gets it back: no gap."""
    assert draw(database, 2026, "case-1") == "ETJ-2026-000001"
    assert draw(database, 2026, "case-1") == "ETJ-2026-000001"
    assert draw(database, 2026, "case-2") == "ETJ-2026-000002"


def test_the_draw_commits_on_its_own_and_leaves_the_caller_alone(database):
    manager = transaction.TransactionManager()
    connection = database.open(transaction_manager=manager)
    manager.begin()
    connection.root()["site"]["note"] = "the submitting request's own change"
    assert draw(database, 2026, "case-1") == "ETJ-2026-000001"
    manager.abort()  # the request fails: its change goes, the reservation stays
    connection.close()
    assert draw(database, 2026, "case-2") == "ETJ-2026-000002"
    with database.transaction() as check:
        assert "note" not in check.root()["site"]


def test_concurrent_submissions_get_distinct_consecutive_numbers(database):
    drawn, errors = [], []
    start = threading.Barrier(20)

    def submit(key):
        try:
            start.wait()
            drawn.append(draw(database, 2026, key))
        except Exception as error:
            errors.append(repr(error))

    threads = [threading.Thread(target=submit, args=(f"case-{n}",)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(drawn) == [format_number(2026, n) for n in range(1, 21)]
