"""The e-service portal's summary, kept for anonymous visitors until the catalog changes.

Every REST GET of an e-service, a blankett or the FAQ carries its ``parent``: the
e-service portal's summary, plone.restapi's (plone.volto's seventeen fields read
from the woken folder), the same for every anonymous visitor. It is kept under
``listing.shared.anonymous_key`` with the summary's fields (a client may ask for
more with ``metadata_fields``), as the relation lists are (``relations.py``; issue 11).
"""

from plone.memoize import ram
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.summary import DefaultJSONSummarySerializer
from plone.uuid.interfaces import IUUID
from zope.component import adapter
from zope.interface import implementer

from atvidaberg.etjanster.content.eservice_portal import IEServicePortal
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.listing import shared


def _key(method, serializer, fields):
    return shared.anonymous_key(IUUID(serializer.context), fields)


@implementer(ISerializeToJsonSummary)
@adapter(IEServicePortal, IBrowserLayer)
class PortalSummarySerializer(DefaultJSONSummarySerializer):
    def __call__(self) -> dict:
        fields = tuple(sorted(self.metadata_fields()))
        # A copy: the kept summary is shared by every anonymous visitor.
        return shared.fresh(self._summary(fields))

    @ram.cache(_key)
    def _summary(self, fields: tuple) -> dict:
        return super().__call__()
