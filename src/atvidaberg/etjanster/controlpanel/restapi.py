"""The control panel under plone.restapi's @controlpanels/etjanster."""

from plone.restapi.controlpanels import RegistryConfigletPanel
from zope.component import adapter
from zope.interface import Interface

from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.controlpanel.settings import IEtjansterSettings
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.login.settings import IEidSettings


@adapter(Interface, IBrowserLayer)
class EtjansterControlpanel(RegistryConfigletPanel):
    schema = IEtjansterSettings
    schema_prefix = REGISTRY_PREFIX
    configlet_id = "atvidaberg-etjanster"
    configlet_category_id = "Products"
    title = "E-tjänster"
    group = "Products"


@adapter(Interface, IBrowserLayer)
class EidControlpanel(RegistryConfigletPanel):
    schema = IEidSettings
    schema_prefix = EID_PREFIX
    configlet_id = "atvidaberg-etjanster-eid"
    configlet_category_id = "Products"
    title = "E-legitimation"
    group = "Products"
