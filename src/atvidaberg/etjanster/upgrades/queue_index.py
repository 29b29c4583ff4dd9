"""Profile version 1002 -> 1003 (issue 11): the queue's entries in the security index.

The officers' queue reads the cases of each status from entries of the security
index that cases sent in before this version lack (``handling.listings``,
``indexers.case``): until they are reindexed, the queue of an old site would be empty.
"""

import transaction
from plone import api

from atvidaberg.etjanster.handling.listings import SECURITY_INDEX
from atvidaberg.etjanster.handling.status import HANDLED_STATES
from atvidaberg.etjanster.upgrades import run_steps

SAVEPOINT_EVERY = 1000


def index_queue_entries(setup):
    """Reindex the security of every sent-in case (a few minutes at 100,000)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case", review_state=list(HANDLED_STATES)
    )
    for count, brain in enumerate(brains, start=1):
        # At once, not through the indexing queue, which would hold every case.
        catalog.catalog_object(
            brain._unrestrictedGetObject(), idxs=[SECURITY_INDEX], update_metadata=0
        )
        if count % SAVEPOINT_EVERY == 0:
            # Lets ZODB move the reindexed cases out of memory on a large site.
            transaction.savepoint(optimistic=True)


STEPS = [index_queue_entries]


def upgrade(setup):
    run_steps(setup, STEPS)
