"""Profile version 1003 -> 1004 (issue 12, residents: keyboard, search).

Each function of ``STEPS`` is one repair, safe to run more than once.
"""

from plone import api

from atvidaberg.etjanster.upgrades import PROFILE_ID
from atvidaberg.etjanster.upgrades import import_registry_file
from atvidaberg.etjanster.upgrades import run_steps

SEARCH_SETTINGS = "search.xml"


def skip_link_first(setup) -> None:
    """The skip link ("Hoppa till innehållet") first in the page's header: the profile's
    viewlet order (``viewlets.xml``) only, nothing else of the profile."""
    setup.runImportStepFromProfile(
        f"profile-{PROFILE_ID}", "viewlets", run_dependencies=False
    )


def cases_out_of_search(setup) -> None:
    """The site search no longer lists drafts and cases (``registry/search.xml``)."""
    import_registry_file(SEARCH_SETTINGS)


def login_markers_tell_the_truth(setup) -> None:
    """The catalog's ``requires_eid`` is now whether starting asks for a login (every
    e-service with a form here does): the metadata of each e-service again."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EService"):
        eservice = brain._unrestrictedGetObject()
        catalog.catalog_object(eservice, idxs=["getId"], update_metadata=True)


STEPS = [
    skip_link_first,
    cases_out_of_search,
    login_markers_tell_the_truth,
]


def upgrade(setup) -> None:
    run_steps(setup, STEPS)
