"""Create the demo portal once; later runs leave the data as it is.

Run inside Zope: ``zconsole run instance/etc/zope.conf <this file>``.
The variable ``app`` is the Zope root, given by zconsole.
"""

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


def create_site(app):
    app = makerequest(app)
    ensure_admin(app)
    if SITE_ID in app.objectIds():
        print(f"The site /{SITE_ID} exists; its data is kept.")
        site = app[SITE_ID]
        setSite(site)
        if simulated_eid.configure(site.portal_registry, INSTANCE_HOME):
            print("E-legitimation now uses the local simulators (test mode).")
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
    simulated_eid.configure(site.portal_registry, INSTANCE_HOME)
    transaction.commit()
    print(f"Created the site /{SITE_ID} with the demo portal.")


create_site(app)  # noqa: F821 (app comes from zconsole)
