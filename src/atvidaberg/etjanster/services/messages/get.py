"""GET <case>/@messages: the dialog between the resident and the officers.

Reading marks the other side's messages as read.
"""

from atvidaberg.etjanster.cases.access import is_owner
from atvidaberg.etjanster.handling.dialog import may_handle
from atvidaberg.etjanster.handling.dialog import read_messages
from atvidaberg.etjanster.handling.messages import visible_messages
from atvidaberg.etjanster.httpsecurity.csrf import write_without_form_token
from atvidaberg.etjanster.services.base import Service
from atvidaberg.etjanster.services.messages.serializer import describe


class MessagesGet(Service):
    def reply(self):
        # Reading is a write (messages marked read, and a case's first look makes its
        # empty message store), and a GET carries no token; a cross-site GET can do
        # no more than that. (Unsafe methods are let through by httpsecurity.origin.)
        write_without_form_token(self.request)
        officer = may_handle(self.context)
        items = [
            describe(self.context, m) for m in visible_messages(self.context, officer)
        ]
        # Registrars read without answering: their look marks nothing as read.
        if officer or is_owner(self.context):
            read_messages(self.context)
        return {"@id": f"{self.context.absolute_url()}/@messages", "items": items}
