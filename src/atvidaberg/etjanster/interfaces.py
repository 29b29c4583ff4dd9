"""Marker interfaces shared by the subpackages."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Installed with the add-on: views and resources of the portal are bound to it."""
