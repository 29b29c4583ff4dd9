"""Frågor och svar: FAQ → FAQSection → FAQItem."""

from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer

from atvidaberg.etjanster import _


class IFAQ(model.Schema):
    introduction = RichText(title=_("Introduction"), required=False)


class IFAQSection(model.Schema):
    """A heading that groups questions; its title is the heading."""


class IFAQItem(model.Schema):
    """The title is the question."""

    answer = RichText(title=_("Answer"), required=True)


@implementer(IFAQ)
class FAQ(Container):
    pass


@implementer(IFAQSection)
class FAQSection(Container):
    pass


@implementer(IFAQItem)
class FAQItem(Item):
    pass
