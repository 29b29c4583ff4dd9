"""Marker interfaces of the workspace's pages."""

from zope.interface import Interface


class IWorkspacePage(Interface):
    """A page of the case officers' workspace; it names itself (page_title)."""

    def page_title():
        """The page's window title, before the site's name."""
