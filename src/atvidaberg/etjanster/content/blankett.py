"""Blankett: a paper form to download, print, sign by hand and hand in."""

from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.constraints import is_email


class IBlankett(model.Schema):
    model.primary("file")
    file = NamedBlobFile(
        title=_("File"),
        description=_("The form as a PDF or another document to download."),
        required=True,
    )
    category = schema.Choice(
        title=_("Category"),
        vocabulary="atvidaberg.etjanster.categories",
        required=False,
    )
    fillable = schema.Bool(
        title=_("Can be filled in on a computer"),
        default=False,
        required=False,
    )
    signature_required = schema.Bool(
        title=_("Must be signed by hand"),
        default=True,
        required=False,
    )
    postal_address = schema.Text(
        title=_("Postal address"),
        description=_("Where to send the signed form by post."),
        required=False,
    )
    submission_email = schema.TextLine(
        title=_("E-mail address for scanned forms"),
        required=False,
        constraint=is_email,
    )
    contact_centre = schema.Bool(
        title=_("Can be handed in at the contact centre"),
        default=True,
        required=False,
    )


@implementer(IBlankett)
class Blankett(Item):
    pass
