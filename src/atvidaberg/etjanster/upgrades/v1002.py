"""Profile version 1001 -> 1002 (issue 11, caching).

Each function of ``STEPS`` is one repair, safe to run more than once. Add the repairs
that existing sites need for other changes of version 1002 to the list.
"""

from atvidaberg.etjanster.upgrades import import_registry_file
from atvidaberg.etjanster.upgrades import run_steps

CACHING_PROFILE = "plone.app.caching:default"


def install_caching(setup):
    """plone.app.caching's settings, then the add-on's caching rules and purging.

    A new site gets plone.app.caching as a dependency of the profile; an existing
    site installs it here (once: a site that has it keeps its version). Then only the
    add-on's caching rules are imported (``registry/caching.xml``), not its whole
    registry step, which would also reset records an administrator changed on purpose
    (the form fields communicators may use, ``easyform.allowedFields``); the caching
    proxy's address (``cachingProxies``) stays too.
    """
    if setup.getLastVersionForProfile(CACHING_PROFILE) == "unknown":
        setup.runAllImportStepsFromProfile(f"profile-{CACHING_PROFILE}")
    import_registry_file("caching.xml")


STEPS = [
    install_caching,
]


def upgrade(setup):
    run_steps(setup, STEPS)
