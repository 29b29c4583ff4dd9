"""Profile version 1001 -> 1002 (issue 11, caching).

Each function of ``STEPS`` is one repair, safe to run more than once. Add the repairs
that existing sites need for other changes of version 1002 to the list.
"""

from atvidaberg.etjanster.upgrades import PROFILE_ID
from atvidaberg.etjanster.upgrades import run_steps

CACHING_PROFILE = "plone.app.caching:default"


def install_caching(setup):
    """plone.app.caching's settings, then the add-on's caching rules and purging.

    A new site gets plone.app.caching as a dependency of the profile; an existing
    site installs it here (once: a site that has it keeps its version). The add-on's
    registry step then sets the rules; other settings an administrator changed stay,
    the caching proxy's address (``cachingProxies``) among them.
    """
    if setup.getLastVersionForProfile(CACHING_PROFILE) == "unknown":
        setup.runAllImportStepsFromProfile(f"profile-{CACHING_PROFILE}")
    setup.runImportStepFromProfile(
        f"profile-{PROFILE_ID}", "plone.app.registry", run_dependencies=False
    )


STEPS = [
    install_caching,
]


def upgrade(setup):
    run_steps(setup, STEPS)
