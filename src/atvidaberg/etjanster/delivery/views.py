"""The administrators' view of the queue: @@delivery-queue, with retry per job and
release of held deliveries (protected cases waiting for their mailbox)."""

from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import BadRequest
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.delivery import queue as queue_module
from atvidaberg.etjanster.delivery.queue import DELIVERED
from atvidaberg.etjanster.delivery.queue import FAILING
from atvidaberg.etjanster.delivery.queue import HELD
from atvidaberg.etjanster.delivery.queue import PENDING
from atvidaberg.etjanster.delivery.queue import SENDING
from atvidaberg.etjanster.delivery.queue import Job
from atvidaberg.etjanster.delivery.queue import get_queue
from atvidaberg.etjanster.delivery.submission import HELD_REASON
from atvidaberg.etjanster.delivery.submission import protected_mailbox

if TYPE_CHECKING:
    from Products.statusmessages.adapter import StatusMessage

STATE_TITLES = {
    HELD: _("Held"),
    PENDING: _("Pending"),
    SENDING: _("Sending"),
    FAILING: _("Failing"),
    DELIVERED: _("Delivered"),
}


def format_time(epoch: float | None) -> str:
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


class DeliveryQueueView(BrowserView):
    template = ViewPageTemplateFile("templates/queue.pt")

    def __call__(self) -> str:
        if self.request.method == "POST":
            return self.handle_post()
        return self.template()

    def handle_post(self) -> str:
        CheckAuthenticator(self.request)
        job_id = self.request.form.get("job_id", "")
        messages = IStatusMessage(self.request)
        if not job_id:
            raise BadRequest("job_id")
        if self.request.form.get("release"):
            self.release(job_id, messages)
        elif queue_module.retry(self.context, job_id):
            messages.add(_("The message will be sent again now."), type="info")
        else:
            messages.add(_("That message cannot be retried."), type="warning")
        self.request.response.redirect(
            self.context.absolute_url() + "/@@delivery-queue"
        )
        return ""

    def release(self, job_id: str, messages: "StatusMessage") -> None:
        address = protected_mailbox(self.context)
        if not address:
            messages.add(
                _(
                    "Set the mailbox for cases with protected identity in the "
                    "control panel first."
                ),
                type="error",
            )
        elif queue_module.release(self.context, job_id, address):
            messages.add(
                _("The delivery is sent to the mailbox for protected cases now."),
                type="info",
            )
        else:
            messages.add(_("That message is not held."), type="warning")

    def last_error(self, job: Job) -> str:
        if job.state == HELD and job.last_error == HELD_REASON:
            return translate(HELD_REASON, context=self.request)
        return job.last_error or ""

    def counts(self) -> list[dict[str, Any]]:
        queue = get_queue(self.context)
        counts = queue.counts() if queue is not None else {}
        return [
            {"state": state, "title": title, "count": counts.get(state, 0)}
            for state, title in STATE_TITLES.items()
        ]

    def jobs(self) -> list[dict[str, Any]]:
        queue = get_queue(self.context)  # never created on a GET: no write on read
        if queue is None:
            return []
        now = queue_module.clock()
        return [
            {
                "id": job.id,
                "state": job.state,
                "state_title": STATE_TITLES[job.state],
                "created": format_time(job.created),
                "recipients": ", ".join(job.recipients),
                "subject": job.subject,
                "kind": job.kind,
                "attempts": job.attempts,
                "next_attempt": format_time(job.next_attempt_at)
                if job.state in (PENDING, FAILING)
                else "",
                "delivered": format_time(job.delivered_at),
                "last_error": self.last_error(job),
                "can_release": job.state == HELD,
                "can_retry": job.state == FAILING
                or (job.state == SENDING and job.is_due(now)),
            }
            for job in queue.listing()
        ]
