"""Small helpers that make every step of the demo safe to run twice."""

from plone import api
from plone.app.textfield.value import RichTextValue
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.event import notify
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import ObjectModifiedEvent


def html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


def ensure(container, portal_type, id, transition="publish", subjects=(), **fields):
    """The object ``id`` in ``container``, created and published if it is missing.

    An object that exists is left as it is: a communicator may have edited or
    retracted it since the demo was installed.
    """
    if id in container.objectIds():
        return container[id], False
    obj = api.content.create(
        container=container,
        type=portal_type,
        id=id,
        safe_id=False,
        **fields,
    )
    if subjects:
        obj.setSubject(list(subjects))
    if transition:
        api.content.transition(obj=obj, transition=transition)
    obj.reindexObject()
    return obj, True


def relations(objects):
    intids = getUtility(IIntIds)
    return [RelationValue(intids.getId(obj)) for obj in objects]


def relate(obj, field_name, targets):
    """Point ``field_name`` at ``targets`` unless someone has already chosen some."""
    if getattr(obj, field_name, None):
        return False
    setattr(obj, field_name, relations(targets))
    # The relation catalog and the back-references follow the modified event.
    notify(ObjectModifiedEvent(obj))
    return True
