"""GenericSetup upgrade steps: one module per profile version, ``vNNNN.py``.

Each module has a list ``STEPS`` of functions taking the portal_setup tool and an
``upgrade`` function that runs them in order; ``configure.zcml`` registers
``upgrade`` as the step from the previous version. A later fix that existing sites
need adds a function to the list of the version being prepared (docs/developers.md).
"""

import logging
from pathlib import Path

from plone.app.registry.exportimport.handler import RegistryImporter
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

logger = logging.getLogger("atvidaberg.etjanster.upgrades")

PROFILE_ID = "atvidaberg.etjanster:default"
REGISTRY_FILES = Path(__file__).parents[1] / "profiles" / "default" / "registry"


class _ImportEnvironment:
    """What plone.app.registry's importer asks of GenericSetup's import context."""

    def getLogger(self, name: str) -> logging.Logger:
        return logging.getLogger(name)

    def shouldPurge(self) -> bool:
        return False


def import_registry_file(name: str) -> None:
    """One file of the profile's ``registry/``, not the whole registry step, which
    would also reset records an administrator changed on purpose (the form fields
    communicators may use, ``easyform.allowedFields``)."""
    importer = RegistryImporter(getUtility(IRegistry), _ImportEnvironment())
    importer.importDocument((REGISTRY_FILES / name).read_bytes())


def run_steps(setup, steps):
    for step in steps:
        logger.info("Upgrade: %s", step.__name__)
        step(setup)
