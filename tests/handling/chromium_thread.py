"""Chromium in a thread of its own, for the browser tests of Mina sidor and the workspace.

Playwright's sync API refuses to start a second time in a thread where it already
runs, as it does in a whole-suite run once tests/e2e's session-wide browser is up.
"""

import threading

from e2e.conftest import CHROMIUM
from e2e.conftest import CHROMIUM_ARGS
from e2e.conftest import assert_no_csp_violations
from e2e.conftest import watch_csp
from playwright.sync_api import sync_playwright


def in_chromium(steps, url=None, cookies=(), headers=None):
    """Run ``steps(page)`` in Chromium (Swedish), with ``cookies`` set for ``url``
    and ``headers`` sent on every request; a failure is raised in the caller, and so
    is anything the portal's Content-Security-Policy blocked."""
    failure = []

    def run():
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                try:
                    context = chromium.new_context(
                        locale="sv-SE", extra_http_headers=headers
                    )
                    if cookies:
                        context.add_cookies(
                            [
                                {"name": c.name, "value": c.value, "url": url}
                                for c in cookies
                            ]
                        )
                    violations = watch_csp(context)
                    page = context.new_page()
                    page.set_default_timeout(15_000)
                    steps(page)
                    assert_no_csp_violations(violations)
                finally:
                    chromium.close()
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=run, name="chromium")
    thread.start()
    thread.join(timeout=600)
    assert not thread.is_alive(), "Chromium did not finish"
    if failure:
        raise failure[0]
