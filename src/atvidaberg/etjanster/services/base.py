"""The base of the add-on's REST services: plone.restapi's ``Service`` with the
add-on's way to read a body and to refuse.

A service's ``reply()`` returns a dict (or ``reply_no_content()``), as plone.restapi's
own services do. It reads a JSON body with ``self.json_body()`` (plone.restapi's
``json_body``): a body that is not a JSON object raises ``DeserializationError``,
which a service catches to say what it expected, or leaves to
``services.limits.DeserializationErrorView`` (400, ``bad_json``). A body nested too
deep never gets here (``services.limits.check_json_body``). It refuses with
``return self.error(status, type, message, code)`` (``services.errors.error``).
Writes need no CSRF exemption: ``httpsecurity.origin`` checks the origin of every
unsafe REST request and then lets it write.
"""

from typing import Any

from plone.restapi.deserializer import json_body
from plone.restapi.services import Service as RestapiService
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from atvidaberg.etjanster.services import errors


class Service(RestapiService):
    """A REST service of the add-on."""

    def json_body(self) -> dict:
        """The request's body as a JSON object; ``DeserializationError`` if it is not
        one. An empty body is ``{}``."""
        return json_body(self.request)

    def error(
        self,
        status: int,
        kind: str,
        message: Message | str,
        code: str | None = None,
        **extra: Any,
    ) -> dict:
        """Refuse: set ``status`` and answer with ``services.errors.error``."""
        return errors.error(self.request, status, kind, message, code, **extra)


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
