"""What several of the add-on's REST services share."""

from plone.restapi.services import Service
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class PathParamsService(Service):
    """A service that takes the path segments after its name (``@eid/start``) as
    ``self.params``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self
