"""Profile version 1003 -> 1004 (issue 12, residents: keyboard, search).

Each function of ``STEPS`` is one repair, safe to run more than once.
"""

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


STEPS = [
    skip_link_first,
    cases_out_of_search,
]


def upgrade(setup) -> None:
    run_steps(setup, STEPS)
