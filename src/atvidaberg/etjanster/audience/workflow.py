"""Keep a published e-service's state in step with its audience."""

from plone import api

from atvidaberg.etjanster.content.eservice import AUDIENCE_EVERYONE

STATE_FOR_AUDIENCE = {True: "published", False: "internal"}
TRANSITION_TO = {"published": "publish", "internal": "publish_internal"}


def sync_review_state_with_audience(eservice, event=None):
    """A communicator who turns a public e-service internal must not leave it public."""
    state = api.content.get_state(eservice, default=None)
    if state not in STATE_FOR_AUDIENCE.values():
        return
    is_public = getattr(eservice, "audience", AUDIENCE_EVERYONE) == AUDIENCE_EVERYONE
    wanted = STATE_FOR_AUDIENCE[is_public]
    if state != wanted:
        # The editor may lack Review portal content; the move itself is not a choice.
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(eservice, transition=TRANSITION_TO[wanted])
    eservice.reindexObjectSecurity()
