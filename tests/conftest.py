import os

# Compile the .po files when Zope loads them, as `make start` does: the tests read the
# pages in Swedish.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

import sys

sys.path.insert(0, os.path.dirname(__file__))

from pytest_plone import fixtures_factory  # noqa: E402

from atvidaberg.etjanster.testing import DEMO_FUNCTIONAL_TESTING  # noqa: E402
from atvidaberg.etjanster.testing import DEMO_INTEGRATION_TESTING  # noqa: E402
from atvidaberg.etjanster.testing import FUNCTIONAL_TESTING  # noqa: E402
from atvidaberg.etjanster.testing import INTEGRATION_TESTING  # noqa: E402

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
            (DEMO_INTEGRATION_TESTING, "demo_integration"),
            (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
        )
    )
)
