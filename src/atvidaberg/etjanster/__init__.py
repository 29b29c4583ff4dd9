"""Självserviceportal för Åtvidabergs kommun."""

from zope.i18nmessageid import MessageFactory

PACKAGE_NAME = "atvidaberg.etjanster"

_ = MessageFactory(PACKAGE_NAME)
