"""Profile version 1003 -> 1004 (issue 12, residents: keyboard).

Each function of ``STEPS`` is one repair, safe to run more than once.
"""

from atvidaberg.etjanster.upgrades import PROFILE_ID
from atvidaberg.etjanster.upgrades import run_steps


def skip_link_first(setup) -> None:
    """The skip link ("Hoppa till innehållet") first in the page's header: the profile's
    viewlet order (``viewlets.xml``) only, nothing else of the profile."""
    setup.runImportStepFromProfile(
        f"profile-{PROFILE_ID}", "viewlets", run_dependencies=False
    )


STEPS = [
    skip_link_first,
]


def upgrade(setup) -> None:
    run_steps(setup, STEPS)
