"""A Zope process with the demo portal in a FileStorage, and many sent-in cases, fast.

The site is the one `make start` creates (the demo profile, themed on 127.0.0.1), in
an instance rendered by ``devserver.instance`` under a directory of the caller's; the
WSGI application is the instance's own ``zope.ini`` pipeline, served by waitress in
this process (``serve``).

Cases are made as a submission leaves them, without the submission: a ``Case`` object
with its e-service, unit, registration number and received time, owned by a resident
(local role Owner, Creator = the resident's pseudonymous id), its workflow history
written directly (submitted, in review or closed) and the state's permissions applied,
then indexed; a batch of cases is committed at once. No receipt, delivery or
e-mail: they do not change what a listing reads.
"""

import argparse
import gc
import logging
import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import httpx
import transaction
from DateTime import DateTime
from persistent.mapping import PersistentMapping
from webtest.http import StopableWSGIServer

HOST = "127.0.0.1"
SITE_ID = "Plone"
ADMIN = "admin"
DOCUMENT_ID = "benchmark-dokument"
# The resident whose Mina sidor is measured: the simulators' Anna Andersson.
RESIDENT_NUMBER = "198001019820"
RESIDENT_CASES = 20
OFFICER = "handlaggare"  # a demo account, of Samhällsbyggnadsförvaltningen
EXTENSIONS = [  # as devserver/create_site.py
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
    "atvidaberg.etjanster:default",
    "atvidaberg.etjanster:demo",
]
# Half of the cases go to the officer's unit's two e-services (a large unit).
ESERVICE_WEIGHTS = {"ansokan-om-bygglov": 30, "felanmalan-gata-och-park": 20}
OTHER_WEIGHT = 7
STATES = (("submitted", 20), ("in_review", 30), ("closed", 50))
PROTECTED_SHARE = 0.01
SPAN_DAYS = 730
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


@dataclass
class Zope:
    home: Path
    app: object  # the Zope root on this process's own connection
    wsgi: object  # the instance's WSGI pipeline


def start_zope(home):
    """Render an instance in ``home`` (data kept) and load Zope with it."""
    from paste.deploy import loadapp

    from atvidaberg.etjanster.devserver import instance

    home = Path(home).resolve()
    instance.render(home, HOST, 8080)
    wsgi = loadapp(f"config:{home / 'etc' / 'zope.ini'}")
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from Testing.makerequest import makerequest

    app = makerequest(Zope2.app())
    if ADMIN not in app.acl_users.getUserNames():
        app.acl_users._doAddUser(ADMIN, ADMIN, ["Manager"], [])
    newSecurityManager(None, app.acl_users.getUser(ADMIN).__of__(app.acl_users))
    return Zope(home, app, wsgi)


@contextmanager
def instance(home, title, out=print):
    """(Zope, the site, its directory) for one benchmark run, and the run's header.

    In ``home`` (kept, and reused by the next run) or in a temporary directory that
    is removed afterwards.
    """
    directory = Path(home) if home else Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        out(
            f"{title}, {date.today()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}; instance in {directory}"
        )
        zope = start_zope(directory)
        try:
            yield zope, ensure_site(zope), directory
        finally:
            stop_zope(zope)
    finally:
        if not home:
            shutil.rmtree(directory, ignore_errors=True)


def stop_zope(zope):
    """Close the database (the FileStorage writes its index for the next run)."""
    import Zope2

    transaction.abort()
    zope.app._p_jar.close()
    Zope2.DB.close()


def settle(site):
    """Empty this connection's cache before measuring: the server's threads have
    their own, and a standalone server would not hold the generator's objects (a
    larger heap makes Python's garbage collection, and every page, slower)."""
    transaction.commit()
    site._p_jar.cacheMinimize()
    gc.collect()


def ensure_site(
    zope,
    site_id=SITE_ID,
    title="Åtvidabergs kommun – e-tjänster",
    extensions=EXTENSIONS,
    setup_content=False,
):
    """A site (by default the demo site) with a plain published Document; returns it.

    ``bench/pages.py`` also makes a plain Plone site with Plone's own content.
    """
    from plone import api
    from Products.CMFPlone.factory import addPloneSite
    from zope.component.hooks import setSite

    app = zope.app
    if site_id not in app.objectIds():
        site = addPloneSite(
            app,
            site_id,
            title=title,
            setup_content=setup_content,
            default_language="sv",
            portal_timezone="Europe/Stockholm",
            extension_ids=extensions,
        )
        # Plone leaves 127.0.0.1 unthemed; measure the pages residents get.
        site.portal_registry[
            "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"
        ] = []
        transaction.commit()
    site = app[site_id]
    setSite(site)
    if DOCUMENT_ID not in site.objectIds():
        document = api.content.create(
            container=site,
            type="Document",
            id=DOCUMENT_ID,
            title="Om e-tjänsterna",
            description="En vanlig sida, som jämförelse.",
        )
        api.content.transition(document, "publish")
        transaction.commit()
    return site


def resident_id(site):
    """The measured resident's pseudonymous user id (a resident record, as at login)."""
    plugin = site.acl_users.etjanster_eid
    user_id = plugin.remember(RESIDENT_NUMBER, "Anna Andersson")
    transaction.commit()
    return user_id


def session_cookie(site, user_id):
    """(name, value) of plone.session's cookie for ``user_id``, as a login sets it."""

    class Response:
        def setCookie(self, name, value, **options):
            self.cookie = (name, value.decode() if isinstance(value, bytes) else value)

    response = Response()
    site.acl_users.session._setupSession(user_id, response, user_data="bankid")
    transaction.commit()
    return response.cookie


def case_count(site):
    return len(site.portal_catalog.unrestrictedSearchResults(portal_type="Case"))


class CaseMaker:
    """Adds cases numbered from the current count; case ``i`` is the same every run."""

    def __init__(self, site, residents, officer_id=OFFICER):
        from plone import api

        from atvidaberg.etjanster.cases.start import case_folder
        from atvidaberg.etjanster.demo.eservice_data import EXTERNAL_ID

        self.site = site
        self.folder = case_folder()
        self.catalog = site.portal_catalog
        self.workflow = site.portal_workflow.getWorkflowById("case_workflow")
        self.owner_path = list(site.acl_users.getPhysicalPath()[1:])
        self.plugin = site.acl_users.etjanster_eid
        self.resident = self.plugin.user_id_for(RESIDENT_NUMBER)
        self.residents = residents
        self.officer_id = officer_id
        self.officer_unit = api.portal.get()["e-tjanster"][
            "ansokan-om-bygglov"
        ].responsible_unit
        eservices = [
            brain.getObject()
            for brain in api.content.find(portal_type="EService", sort_on="id")
            if brain.getId != EXTERNAL_ID
        ]
        self.eservices = eservices
        self.weights = [
            ESERVICE_WEIGHTS.get(e.getId(), OTHER_WEIGHT) for e in eservices
        ]
        self.uids = {e.getId(): api.content.get_uuid(e) for e in eservices}
        self._resident_ids = {}

    def resident_for(self, index, rng):
        """The first cases are the measured resident's; the others are spread."""
        if index < RESIDENT_CASES:
            return self.resident
        number = rng.randrange(self.residents)
        if number not in self._resident_ids:
            # A pseudonym as the e-legitimation plugin makes them; no record needed.
            self._resident_ids[number] = self.plugin.user_id_for(f"bench-{number}")
        return self._resident_ids[number]

    def grow(self, total, batch=1000, report=None):
        """Add cases until there are ``total``; commit every ``batch``."""
        count = case_count(self.site)
        while count < total:
            end = min(total, count + batch)
            for index in range(count, end):
                self.add(index)
            transaction.commit()
            self.site._p_jar.cacheGC()
            count = end
            if report:
                report(count)
        return count

    def add(self, index):
        from plone.dexterity.utils import createContent

        rng = random.Random(index)  # noqa: S311 (test data)
        eservice = rng.choices(self.eservices, weights=self.weights)[0]
        owner = self.resident_for(index, rng)
        state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
        received = NOW - timedelta(seconds=rng.randrange(SPAN_DAYS * 86400))
        case_id = f"{rng.getrandbits(64):016x}"
        case = createContent("Case", title=eservice.title)
        case.id = case_id
        # Without events: no workflow start, relation scan or folder reindex; what
        # they would set is set below.
        self.folder._setObject(case_id, case, suppress_events=True)
        case = self.folder._getOb(case_id)
        case.__ac_local_roles__ = {owner: ["Owner"]}
        case._owner = (self.owner_path, owner)
        case.setCreators([owner])
        case.eservice_uid = self.uids[eservice.getId()]
        case.responsible_unit = eservice.responsible_unit
        case.protected_identity = (
            index >= RESIDENT_CASES and rng.random() < PROTECTED_SHARE
        )
        case.received = received
        case.registration_number = f"ETJ-{received.year}-{index + 1:06d}"
        case.answers["beskrivning"] = "Ärende skapat för prestandamätning."
        mine = eservice.responsible_unit == self.officer_unit
        officer = self.officer_id if mine else "kollega"
        history, changed = self._history(state, owner, officer, received, rng)
        if state != "submitted":
            case.assigned_to = officer
        case.workflow_history = PersistentMapping({"case_workflow": tuple(history)})
        self.workflow.updateRoleMappingsFor(case)
        case.creation_date = DateTime(received - timedelta(minutes=20))
        case.modification_date = DateTime(changed)
        # Indexed now, not through the queue: Plone queues a reindex, which would set
        # the modification date to the time of the commit.
        self.catalog._indexObject(case)

    def _history(self, state, owner, officer, received, rng):
        def entry(action, actor, review_state, time, comments=""):
            return {
                "action": action,
                "actor": actor,
                "comments": comments,
                "review_state": review_state,
                "time": DateTime(time),
            }

        started = received - timedelta(minutes=20)
        history = [
            entry(None, owner, "draft", started),
            entry("submit", owner, "submitted", received),
        ]
        time = received
        if state in ("in_review", "closed"):
            time = received + timedelta(hours=rng.randrange(1, 200))
            history.append(entry("start_review", officer, "in_review", time))
        if state == "closed":
            time += timedelta(hours=rng.randrange(1, 400))
            history.append(entry("close", officer, "closed", time, "Ansökan beviljas."))
        return history, time


def serve(wsgi, threads=4):
    """Serve ``wsgi`` with waitress on a free port; returns (server, the site's URL).

    WebTest's waitress server, as plone.testing's, for its clean ``shutdown()``.
    """
    server = StopableWSGIServer.create(
        wsgi, host=HOST, threads=threads, expose_tracebacks=False
    )
    return server, f"http://{HOST}:{server.effective_port}/{SITE_ID}"


def hammer(requests, seconds):
    """Run each ``request()`` in its own thread for ``seconds``; (count, elapsed)."""
    counts = [0] * len(requests)
    barrier = threading.Barrier(len(requests) + 1)
    failures = []

    def loop(index, request):
        barrier.wait()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            try:
                status = request().status_code
            except httpx.HTTPError as error:
                status = type(error).__name__
            if status != 200:
                failures.append(status)
                return
            counts[index] += 1

    threads = [
        threading.Thread(target=loop, args=(i, r)) for i, r in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"requests failed with {sorted(set(map(str, failures)))}")
    return sum(counts), elapsed


def rate_parser(doc, seconds=5.0, warmup=1.0, clients_help="concurrent clients"):
    """The options of a benchmark that measures rates in rounds (``bench/cache.py``;
    ``pages.py`` and ``eid_collect.py`` spell the same ones out); the caller adds its
    own and parses."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=4, help=clients_help)
    parser.add_argument(
        "--seconds", type=float, default=seconds, help="per page, round"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=warmup, help="seconds, untimed")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads")
    parser.add_argument("--home", help="keep the instance here (and reuse it)")
    parser.add_argument(
        "--no-check", action="store_true", help="exit 0 even when a goal is missed"
    )
    return parser


def run_checked(run, args):
    """``run(args)``, which returns whether every goal was met; exit 1 when one was
    missed, unless ``--no-check``."""
    # Clients outnumbering waitress's free threads for a moment is expected.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    if not run(args) and not args.no_check:
        sys.exit(1)
