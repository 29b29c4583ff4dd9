from pytest_plone import fixtures_factory

from atvidaberg.etjanster.testing import DEMO_FUNCTIONAL_TESTING
from atvidaberg.etjanster.testing import FUNCTIONAL_TESTING
from atvidaberg.etjanster.testing import INTEGRATION_TESTING

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
            (DEMO_FUNCTIONAL_TESTING, "demo"),
        )
    )
)
