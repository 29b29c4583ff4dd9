"""<case>/@@mitt-arende: the resident follows a sent-in case and writes to the officer.

The page shows the status, the decision of a closed case, the messages (the
officers' internal notes never), the history and what was sent in. Viewing it marks
the officers' messages read, so its GET writes
(``httpsecurity.csrf.write_without_form_token``). A POST writes a message with files
(``handling.dialog.post_message``); what is refused comes back at its field and in the
error summary, with the text kept. The page is for the case's owner alone: officers
have their own pages.
"""

from Acquisition import aq_base
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.browser.contact import contact_centre
from atvidaberg.etjanster.browser.files import file_rules
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.browser.pages import SentInCasePage
from atvidaberg.etjanster.browser.pages import error_line
from atvidaberg.etjanster.browser.pages import history_row
from atvidaberg.etjanster.browser.pages import message_files
from atvidaberg.etjanster.browser.pages import prepare
from atvidaberg.etjanster.browser.pages import uploads
from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.cases.access import is_submitted
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.urls import case_page_url
from atvidaberg.etjanster.cases.urls import mina_sidor_url
from atvidaberg.etjanster.flow.page import owners_page
from atvidaberg.etjanster.handling import dialog
from atvidaberg.etjanster.handling import status
from atvidaberg.etjanster.handling.messages import RESIDENT
from atvidaberg.etjanster.handling.messages import MessageRefused
from atvidaberg.etjanster.handling.messages import visible_messages
from atvidaberg.etjanster.httpsecurity.csrf import write_without_form_token

TEXT_ID = "meddelande-text"
FILES_ID = "meddelande-filer"
# Refusals that are about the text the resident wrote; the others are about the case.
TEXT_REFUSALS = ("empty", "too_long")


@implementer(IFlowPage)
class MyCaseView(SentInCasePage, BrowserView):
    errors = ()
    field_errors = None
    text = ""

    def __call__(self):
        case, request = self.context, self.request
        owners_page(case, request)
        if request.method == "POST":
            return self.post()
        if not is_submitted(case):  # a draft is still in the resident's flow
            return request.response.redirect(case.absolute_url())
        self.update()
        return self.index()

    # Showing the case

    def update(self):
        case = self.context
        prepare(case, self.request)
        stored = getattr(aq_base(case), "messages", None)
        self.shown_messages = [] if stored is None else visible_messages(case, False)
        self.fresh = {m.id for m in self.shown_messages if not m.seen_by(RESIDENT)}
        if self.fresh:
            # Seen now: the officers' messages are read, which this GET writes.
            write_without_form_token(self.request)
            dialog.read_messages(case)
        self.status = status.case_status(case)
        self.history_entries = status.history(case)

    def page_title(self):
        return translate(_("Your case"), context=self.request)

    def is_draft(self):
        return not is_submitted(self.context)

    def status_label(self):
        return translate(status.RESIDENT_LABELS[self.status], context=self.request)

    def is_closed(self):
        return self.status == status.CLOSED

    def is_awaiting(self):
        return self.status == status.AWAITING_RESIDENT

    def decision(self):
        """The decision of a closed case: its text and when it was made."""
        if not self.is_closed():
            return None
        closings = [e for e in self.history_entries if e.action == "close"]
        return {
            "text": status.decision(self.context),
            "time": date_and_time(closings[-1].time, self.request) if closings else "",
        }

    def completion_request(self):
        """The officer's last request for completion, while the case waits for it."""
        if not self.is_awaiting():
            return None
        requests = [m for m in self.shown_messages if m.requests_completion]
        if not requests:
            return {"text": "", "time": ""}
        return {
            "text": requests[-1].text,
            "time": date_and_time(requests[-1].created, self.request),
        }

    def history(self):
        return [history_row(entry, self.request) for entry in self.history_entries]

    def messages(self):
        case_url = self.context.absolute_url()
        request = self.request
        return [
            {
                "id": message.id,
                "mine": message.author == RESIDENT,
                "time": date_and_time(message.created, request),
                "text": message.text,
                "new": message.id in self.fresh,
                "read": date_and_time(message.read, request) if message.read else "",
                "requests_completion": message.requests_completion,
                "files": message_files(message, case_url),
            }
            for message in self.shown_messages
        ]

    def mina_sidor_url(self):
        return mina_sidor_url(self.context)

    def action_url(self):
        return case_page_url(self.context.absolute_url())

    def file_rules(self):
        text, accept = file_rules(eservice_of(self.context), self.request)
        return {"text": text, "accept": accept or None}

    def contact(self):
        """Whom to ask about a closed case: the e-service's contact, else the centre."""
        eservice = eservice_of(self.context)
        name = getattr(eservice, "contact_name", None) or ""
        phone = getattr(eservice, "contact_phone", None) or ""
        email = getattr(eservice, "contact_email", None) or ""
        if not (name or phone or email):
            centre = contact_centre()
            name = centre["municipality"]
            phone, email = centre["phone"], centre["email"]
        return {
            "name": name,
            "phone": phone,
            "phone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
            "email": email,
        }

    def field_error(self, name):
        return (self.field_errors or {}).get(name, "")

    def described_by(self, name, help_id=None):
        ids = [help_id] if help_id else []
        if self.field_error(name):
            ids.append(f"{name}-error")
        return " ".join(ids) or None

    # Writing a message

    def post(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        self.text = form.get("text", "")
        if not isinstance(self.text, str):
            self.text = ""
        try:
            dialog.post_message(self.context, self.text, files=uploads(self.request))
        except MessageRefused as refusal:
            target = TEXT_ID if refusal.code in TEXT_REFUSALS else None
            return self._refused(refusal.message, target)
        except AttachmentRefused as refusal:
            return self._refused(refusal.message, FILES_ID)
        IStatusMessage(self.request).add(
            translate(_("Your message is sent."), context=self.request), type="info"
        )
        return self.request.response.redirect(f"{self.action_url()}#meddelanden")

    def _refused(self, message, target):
        request = self.request
        text = translate(message, context=request)
        labels = {
            TEXT_ID: translate(_("Message"), context=request),
            FILES_ID: translate(_("Attach files"), context=request),
        }
        self.field_errors = {target: text} if target else {}
        self.errors = [
            {"target": target, "text": error_line(labels.get(target, ""), text)}
        ]
        if target is None:  # the case takes no messages: not a mistake in the form
            request.response.setStatus(409)
        if is_submitted(self.context):
            self.update()
        else:
            self.status = DRAFT
            self.shown_messages, self.fresh, self.history_entries = [], set(), []
        return self.index()
