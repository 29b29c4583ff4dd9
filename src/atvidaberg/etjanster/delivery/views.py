"""The administrators' view of the queue: @@delivery-queue, with retry per job."""

from datetime import datetime

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import BadRequest

from atvidaberg.etjanster import _
from atvidaberg.etjanster.delivery import queue as queue_module
from atvidaberg.etjanster.delivery.queue import DELIVERED
from atvidaberg.etjanster.delivery.queue import FAILING
from atvidaberg.etjanster.delivery.queue import PENDING
from atvidaberg.etjanster.delivery.queue import SENDING
from atvidaberg.etjanster.delivery.queue import get_queue

STATE_TITLES = {
    PENDING: _("Pending"),
    SENDING: _("Sending"),
    FAILING: _("Failing"),
    DELIVERED: _("Delivered"),
}


def format_time(epoch):
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


class DeliveryQueueView(BrowserView):
    template = ViewPageTemplateFile("templates/queue.pt")

    def __call__(self):
        if self.request.method == "POST":
            return self.handle_post()
        return self.template()

    def handle_post(self):
        CheckAuthenticator(self.request)
        job_id = self.request.form.get("job_id", "")
        messages = IStatusMessage(self.request)
        if not job_id:
            raise BadRequest("job_id")
        if queue_module.retry(self.context, job_id):
            messages.add(_("The message will be sent again now."), type="info")
        else:
            messages.add(_("That message cannot be retried."), type="warning")
        self.request.response.redirect(
            self.context.absolute_url() + "/@@delivery-queue"
        )
        return ""

    def counts(self):
        queue = get_queue(self.context)
        counts = queue.counts() if queue is not None else {}
        return [
            {"state": state, "title": title, "count": counts.get(state, 0)}
            for state, title in STATE_TITLES.items()
        ]

    def jobs(self):
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
                "last_error": job.last_error or "",
                "can_retry": job.state == FAILING
                or (job.state == SENDING and job.is_due(now)),
            }
            for job in queue.listing()
        ]
