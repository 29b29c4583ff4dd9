"""Install and remove the plugin with the add-on's profiles."""

from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.plugins import IRolesPlugin
from Products.PluggableAuthService.interfaces.plugins import IUserEnumerationPlugin

from atvidaberg.etjanster.pas.plugin import PLUGIN_ID
from atvidaberg.etjanster.pas.plugin import EidPlugin

INTERFACES = (
    IAuthenticationPlugin,
    IUserEnumerationPlugin,
    IPropertiesPlugin,
    IRolesPlugin,
)


def install_plugin():
    pas = api.portal.get_tool("acl_users")
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, EidPlugin())
    for interface in INTERFACES:
        active = [plugin_id for plugin_id, _ in pas.plugins.listPlugins(interface)]
        if PLUGIN_ID not in active:
            pas.plugins.activatePlugin(interface, PLUGIN_ID)
    # Plone's own property sheet has an empty full name for every user; ours must win.
    pas.plugins.movePluginsTop(IPropertiesPlugin, [PLUGIN_ID])
    return pas[PLUGIN_ID]


def remove_plugin():
    """Uninstalling forgets every resident's record (and so who owns which member id)."""
    pas = api.portal.get_tool("acl_users")
    if PLUGIN_ID in pas.objectIds():
        pas._delObject(PLUGIN_ID)


def get_plugin():
    return api.portal.get_tool("acl_users")[PLUGIN_ID]
