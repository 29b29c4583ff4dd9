"""Marker interfaces of the resident's pages."""

from zope.interface import Interface


class IFlowPage(Interface):
    """A page of the resident's flow; it names itself in the <title> (page_title)."""

    def page_title():
        """The page's own part of the window title, before the case's name."""
