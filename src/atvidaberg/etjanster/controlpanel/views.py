from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout

from atvidaberg.etjanster import _
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.controlpanel.settings import IEtjansterSettings
from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.login.settings import IEidSettings


class SettingsForm(RegistryEditForm):
    schema = IEtjansterSettings
    schema_prefix = REGISTRY_PREFIX
    label = _("E-services")
    description = _(
        "The municipality's contact details shown to residents, and the lists that "
        "communicators choose from."
    )


SettingsView = layout.wrap_form(SettingsForm, ControlPanelFormWrapper)


class EidSettingsForm(RegistryEditForm):
    schema = IEidSettings
    schema_prefix = EID_PREFIX
    label = _("E-legitimation")
    description = _(
        "The BankID, Freja eID+ and SPAR services the portal uses. Certificates and "
        "keys are files on the server: enter their paths, never their contents."
    )


EidSettingsView = layout.wrap_form(EidSettingsForm, ControlPanelFormWrapper)
