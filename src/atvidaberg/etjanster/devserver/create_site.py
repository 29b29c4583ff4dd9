"""Create the demo portal once; later runs leave the data as it is.

Run inside Zope: ``zconsole run instance/etc/zope.conf <this file>``.
The variable ``app`` is the Zope root, given by zconsole.
"""

import json
import os
from pathlib import Path

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from Products.CMFPlone.factory import addPloneSite
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

from atvidaberg.etjanster.devserver import simulated_eid

SITE_ID = os.environ.get("SITE_ID", "Plone")
ADMIN_USER = os.environ.get("ADMIN_USER", "admin")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
INSTANCE_HOME = Path(os.environ.get("INSTANCE_HOME", "instance"))
# `make cluster` (devserver.cluster): where the simulators keep their test PKI (Zope
# sets INSTANCE_HOME to the instance, one of several there), their ports when not the
# defaults, the proxies' address, whose X-Forwarded-For is believed, and the caching
# proxy's URL (comma-separated URLs), to which an edit's purges go.
SIMULATOR_HOME = Path(os.environ.get("SIMULATOR_HOME", INSTANCE_HOME))
SIMULATOR_PORTS = json.loads(os.environ.get("SIMULATOR_PORTS", "null"))
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES")
CACHING_PROXIES = os.environ.get("CACHING_PROXIES")
CACHING_PROXIES_RECORD = (
    "plone.cachepurging.interfaces.ICachePurgingSettings.cachingProxies"
)

EXTENSIONS = [
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "plone.restapi:default",
    "atvidaberg.etjanster:default",
    "atvidaberg.etjanster:demo",
]


def ensure_admin(app):
    users = app.acl_users
    if ADMIN_USER not in users.getUserNames():
        users._doAddUser(ADMIN_USER, ADMIN_PASSWORD, ["Manager"], [])
    newSecurityManager(None, users.getUser(ADMIN_USER).__of__(users))


def configure_mail(site):
    """All e-mail of the demo goes to the local SMTP sink of `make start`."""
    registry = site.portal_registry
    registry["plone.smtp_host"] = "127.0.0.1"
    registry["plone.smtp_port"] = int(os.environ.get("MAIL_PORT", "8025"))
    if not registry.get("plone.email_from_address"):
        registry["plone.email_from_address"] = "noreply@atvidaberg.se"
        registry["plone.email_from_name"] = "Åtvidabergs kommun – e-tjänster"
    if not registry.get("atvidaberg.etjanster.delivery_mailbox"):
        registry["atvidaberg.etjanster.delivery_mailbox"] = "registrator@atvidaberg.se"


def simulated_eid_settings(registry):
    """The simulators of `make start`; ports given by the caller (a test's cluster on
    free ports) are written every time, since they change from run to run."""
    if SIMULATOR_PORTS:
        for name, value in simulated_eid.settings_for(
            SIMULATOR_HOME, ports=SIMULATOR_PORTS
        ).items():
            registry[f"{simulated_eid.EID_PREFIX}.{name}"] = value
        return False
    return simulated_eid.configure(registry, SIMULATOR_HOME)


def configure_proxies(registry):
    """Written on every run when given: a test's cluster has new ports each time."""
    if TRUSTED_PROXIES is not None:
        registry["atvidaberg.etjanster.trusted_proxies"] = TRUSTED_PROXIES.split(",")
    if CACHING_PROXIES is not None:
        registry[CACHING_PROXIES_RECORD] = tuple(
            url for url in CACHING_PROXIES.split(",") if url
        )


def create_site(app):
    app = makerequest(app)
    ensure_admin(app)
    if SITE_ID in app.objectIds():
        print(f"The site /{SITE_ID} exists; its data is kept.")
        site = app[SITE_ID]
        setSite(site)
        if simulated_eid_settings(site.portal_registry):
            print("E-legitimation now uses the local simulators (test mode).")
        configure_mail(site)
        configure_proxies(site.portal_registry)
        transaction.commit()
        return
    site = addPloneSite(
        app,
        SITE_ID,
        title="Åtvidabergs kommun – e-tjänster",
        setup_content=False,
        default_language="sv",
        portal_timezone="Europe/Stockholm",
        extension_ids=EXTENSIONS,
    )
    setSite(site)
    # Plone leaves 127.0.0.1 unthemed for theme developers; the demo is served there.
    site.portal_registry[
        "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist"
    ] = []
    simulated_eid_settings(site.portal_registry)
    configure_mail(site)
    configure_proxies(site.portal_registry)
    transaction.commit()
    print(f"Created the site /{SITE_ID} with the demo portal.")


create_site(app)  # noqa: F821 (app comes from zconsole)
