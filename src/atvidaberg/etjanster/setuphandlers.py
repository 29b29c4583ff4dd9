"""What the profiles cannot say in XML: the groups of people who use the portal."""

from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer

from atvidaberg.etjanster.audience import GROUP_COMMUNICATORS
from atvidaberg.etjanster.audience import GROUP_ELECTED_OFFICIALS
from atvidaberg.etjanster.audience import GROUP_EMPLOYEES
from atvidaberg.etjanster.cases.start import ensure_case_folder
from atvidaberg.etjanster.login.lifetime import configure_sessions
from atvidaberg.etjanster.login.transaction import ensure_keyring
from atvidaberg.etjanster.pas.setup import install_plugin
from atvidaberg.etjanster.pas.setup import remove_plugin

GROUPS = {
    GROUP_COMMUNICATORS: (
        "Kommunikatörer",
        "Redigerar e-tjänsternas startsidor, blanketter och frågor och svar.",
        [],
    ),
    GROUP_EMPLOYEES: (
        "Medarbetare",
        "Ser och använder interna e-tjänster för medarbetare.",
        ["Employee"],
    ),
    GROUP_ELECTED_OFFICIALS: (
        "Förtroendevalda",
        "Ser och använder interna e-tjänster för förtroendevalda.",
        ["ElectedOfficial"],
    ),
    # The defaults of the control panel's protected_case_group and registrar_group.
    # Their roles are local, per case (handling.localroles), never global.
    "skyddade-arenden": (
        "Handläggare av skyddade ärenden",
        "De enda som ser och handlägger ärenden från personer med skyddade "
        "personuppgifter.",
        [],
    ),
    "registratorer": (
        "Registratorer",
        "Ser alla inskickade ärenden utom dem från personer med skyddade "
        "personuppgifter.",
        [],
    ),
}


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["atvidaberg.etjanster:uninstall"]

    def getNonInstallableProducts(self):
        return []


def ensure_groups():
    for group_id, (title, description, roles) in GROUPS.items():
        if api.group.get(groupname=group_id) is None:
            api.group.create(
                groupname=group_id, title=title, description=description, roles=roles
            )


def post_install(context):
    ensure_groups()
    install_plugin()
    ensure_keyring()
    configure_sessions()
    ensure_case_folder()


def uninstall(context):
    """Groups stay: they hold people, and re-installing should find them again.

    The e-legitimation plugin goes, and with it the residents' records.
    """
    remove_plugin()
