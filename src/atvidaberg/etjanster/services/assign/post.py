"""POST <case>/@assign: who handles the case. ``{}`` is the caller, ``{"user": null}``
nobody, ``{"user": "<id>"}`` another officer who may handle it."""

from plone import api
from plone.restapi.exceptions import DeserializationError

from atvidaberg.etjanster import _
from atvidaberg.etjanster.handling.dialog import HANDLE
from atvidaberg.etjanster.handling.dialog import assign
from atvidaberg.etjanster.services.base import Service


def may_be_assigned(user_id, case):
    user = api.user.get(userid=user_id)
    return user is not None and api.user.has_permission(HANDLE, user=user, obj=case)


class AssignPost(Service):
    def reply(self):
        try:
            data = self.json_body()
        except DeserializationError:
            return self.error(400, "BadRequest", _('Send {} or {"user": …} as JSON.'))
        user_id = data.get("user", api.user.get_current().getId())
        if user_id is not None and (
            not isinstance(user_id, str) or not may_be_assigned(user_id, self.context)
        ):
            return self.error(
                400,
                "BadRequest",
                _("The user is not one of the case's officers."),
                "not_an_officer",
            )
        assign(self.context, user_id)
        return {"@id": f"{self.context.absolute_url()}/@assign", "assignee": user_id}
