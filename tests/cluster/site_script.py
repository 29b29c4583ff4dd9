"""Run inside a cluster's Zope (``zconsole run``) by tests/cluster/test_load.py.

What the load tests cannot see over HTTP: every case's state and every delivery job,
and the two set-ups they need (drafts made old, jobs due at one moment). The command
is ``LOAD_COMMAND``, its argument ``LOAD_ARGUMENT`` (JSON); the answer is one JSON
line on stdout after ``RESULT:``. ``app`` is the Zope root, given by zconsole.
"""

import json
import os
import time

import transaction
from Acquisition import aq_base
from DateTime import DateTime
from plone import api
from zope.component.hooks import setSite

from atvidaberg.etjanster.delivery import runner
from atvidaberg.etjanster.delivery.queue import enqueue
from atvidaberg.etjanster.delivery.queue import get_queue

SITE = app["Plone"]  # noqa: F821 (zconsole's global)
setSite(SITE)
runner.DISPATCH = "off"  # nothing is sent from here: the instances' workers do it


def cases(argument):
    """Every case: state, number, receipt; every job: state, attempts, reference."""
    catalog = api.portal.get_tool("portal_catalog")
    found, dangling = [], []
    for brain in catalog.unrestrictedSearchResults(portal_type="Case"):
        case = brain._unrestrictedGetObject()
        if (
            getattr(aq_base(case), "portal_type", None) != "Case"
        ):  # an entry without its case
            dangling.append(
                {"path": brain.getPath(), "uid": brain.UID, "state": brain.review_state}
            )
            continue
        found.append(
            {
                "uid": brain.UID,
                "path": "/".join(case.getPhysicalPath()),
                "state": api.content.get_state(case),
                # A draft has neither attribute (not acquired from above: aq_base)
                "number": getattr(aq_base(case), "registration_number", None),
                "receipt": getattr(aq_base(case), "receipt", None) is not None,
            }
        )
    queue = get_queue(SITE)
    jobs = [
        {
            "id": job.id,
            "state": job.state,
            "attempts": job.attempts,
            "kind": job.kind,
            "reference": job.reference,
        }
        for job in (queue.jobs.values() if queue is not None else ())
    ]
    return {"cases": found, "dangling": dangling, "jobs": jobs}


def old_drafts(paths):
    """Make the drafts at ``paths`` look untouched for a year."""
    long_ago = DateTime() - 365
    for path in paths:
        case = app.unrestrictedTraverse(path)  # noqa: F821
        case.setModificationDate(long_ago)
        case.reindexObject(idxs=["modified"])
    transaction.commit()
    return len(paths)


def due_jobs(argument):
    """Queue ``count`` mails, all due at one moment ``delay`` seconds after commit."""
    due_at = time.time() + argument["delay"]
    ids = []
    for number in range(argument["count"]):
        job_id = enqueue(
            SITE,
            to="registrator@atvidaberg.se",
            subject=f"Lasttest {number}",
            body="Ett prov av leveranskön.",
            kind="load-test",
        )
        get_queue(SITE).jobs[job_id].next_attempt_at = due_at
        ids.append(job_id)
    transaction.commit()
    return {"ids": ids, "due_at": due_at}


COMMANDS = {"cases": cases, "old-drafts": old_drafts, "due-jobs": due_jobs}
result = COMMANDS[os.environ["LOAD_COMMAND"]](
    json.loads(os.environ.get("LOAD_ARGUMENT", "null"))
)
print("RESULT:" + json.dumps(result), flush=True)
