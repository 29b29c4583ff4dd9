"""Real Chromium (Debian's package) driven by Playwright; no browser is downloaded."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The machine has no network but the package registries: keep Chromium from calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every page of a browser test reports what the Content-Security-Policy blocked (the
# policy is the portal's own, httpsecurity.headers); a test whose pages need anything
# the policy forbids fails at teardown. The listener runs outside the page's policy.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
      ` on ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`
  );
});
"""


def watch_csp(context):
    """The list of CSP violations of every page of ``context``, filled as they happen."""
    violations = []

    def report(violation):
        violations.append(violation)

    context.expose_function("reportCspViolation", report)
    context.add_init_script(CSP_LISTENER)
    return violations


def assert_no_csp_violations(violations):
    assert violations == [], "The Content-Security-Policy blocked: " + "; ".join(
        violations
    )


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="sv-SE")
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert_no_csp_violations(violations)
