"""Självserviceportal: the catalog page that holds the e-services."""

from plone.app.textfield import RichText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope.interface import implementer

from atvidaberg.etjanster import _


class IEServicePortal(model.Schema):
    introduction = RichText(
        title=_("Introduction"),
        description=_("Shown above the search box on the catalog page."),
        required=False,
    )
    directives.widget(
        "popular",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["EService"], "recentlyUsed": True},
    )
    popular = RelationList(
        title=_("Popular e-services"),
        description=_("Picked by communicators, shown first, in this order."),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )


@implementer(IEServicePortal)
class EServicePortal(Container):
    pass
