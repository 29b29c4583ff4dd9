"""GenericSetup upgrade steps: one module per profile version, ``vNNNN.py``.

Each module has a list ``STEPS`` of functions taking the portal_setup tool and an
``upgrade`` function that runs them in order; ``configure.zcml`` registers
``upgrade`` as the step from the previous version. A later fix that existing sites
need adds a function to the list of the version being prepared (docs/developers.md).
"""

import logging

logger = logging.getLogger("atvidaberg.etjanster.upgrades")

PROFILE_ID = "atvidaberg.etjanster:default"


def run_steps(setup, steps):
    for step in steps:
        logger.info("Upgrade: %s", step.__name__)
        step(setup)
