"""<case>/@@handlaggning: one case as its officer handles it.

The page shows the application (answers, files, receipt, signature), the history and
the messages with the internal notes, and has a form for each thing an officer does:
take or assign the case, start the review, write to the resident, ask for completion,
write a note, close with a decision and reopen. Every form posts with Plone's CSRF
token and leads back to the page (POST, redirect, GET); a refusal comes back at its
field with the text kept. Viewing marks the resident's messages read.
"""

from plone import api
from plone.api.exc import InvalidParameterError
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import BadRequest
from zope.i18n import translate
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.browser.pages import SentInCasePage
from atvidaberg.etjanster.browser.pages import error_line
from atvidaberg.etjanster.browser.pages import history_row
from atvidaberg.etjanster.browser.pages import message_files
from atvidaberg.etjanster.browser.pages import prepare
from atvidaberg.etjanster.browser.pages import private_page
from atvidaberg.etjanster.browser.pages import uploads
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.signature import signature_of
from atvidaberg.etjanster.cases.signing import PROVIDER_NAMES
from atvidaberg.etjanster.handling import HANDLING_VIEW
from atvidaberg.etjanster.handling import dialog
from atvidaberg.etjanster.handling.messages import OFFICER
from atvidaberg.etjanster.handling.messages import RESIDENT
from atvidaberg.etjanster.handling.messages import MessageRefused
from atvidaberg.etjanster.handling.messages import visible_messages
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import IN_REVIEW
from atvidaberg.etjanster.handling.status import OFFICER_LABELS
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.handling.status import case_status
from atvidaberg.etjanster.handling.status import decision
from atvidaberg.etjanster.handling.status import history
from atvidaberg.etjanster.httpsecurity.csrf import write_without_form_token
from atvidaberg.etjanster.workspace.access import StaffNames
from atvidaberg.etjanster.workspace.interfaces import IWorkspacePage

# The fields of the page's forms: input name, element id, label, help, required.
FIELDS = {
    "message": (
        "text",
        "meddelande-text",
        _("Message to the resident"),
        _(
            "The resident reads the message on Mina sidor and is told by e-mail that "
            "something new has happened. Choose Ask for completion when the resident "
            "must complete the application: the case then waits for the resident."
        ),
        False,
    ),
    "files": ("files", "meddelande-filer", _("Attach files (optional)"), None, False),
    "note": (
        "note",
        "anteckning-text",
        _("Note"),
        _("Only case officers see notes. The resident never does."),
        False,
    ),
    "decision": (
        "decision",
        "beslut-text",
        _("Decision"),
        _(
            "The resident reads the decision on Mina sidor and is told by e-mail "
            "that something new has happened in the case."
        ),
        True,
    ),
    "reason": (
        "reason",
        "ateroppning-text",
        _("Reason for reopening"),
        _("Optional. The resident sees it in the case's history."),
        False,
    ),
    "status": (None, "arendets-status", _("Status"), None, False),
}

TRANSITION_DONE = {
    "start_review": _("The handling of the case has started."),
    "close": _("The case is closed. The resident can read the decision."),
    "reopen": _("The case is open again."),
}


@implementer(IWorkspacePage)
class CaseHandlingView(SentInCasePage, BrowserView):
    errors = ()

    def __call__(self):
        request = self.request
        private_page(request)
        self.values = {}
        self.field_errors = {}
        if request.method == "POST":
            return self.handle_post()
        # Viewing is reading: the resident's new messages are marked read, and the
        # case's stores of files and messages are created on first use.
        write_without_form_token(request)
        prepare(self.context, request)
        self.update()
        dialog.read_messages(self.context)
        return self.index()

    def page_title(self):
        return translate(
            _(
                "Case ${number}",
                mapping={"number": self.context.registration_number},
            ),
            context=self.request,
        )

    def url(self):
        return f"{self.context.absolute_url()}/@@{HANDLING_VIEW}"

    # Reading

    def update(self):
        case = self.context
        self.names = StaffNames()
        self.status = case_status(case)
        self.state = api.content.get_state(case)
        self.me = api.user.get_current().getId()
        self.messages = self._messages()

    def status_title(self):
        return translate(OFFICER_LABELS[self.status], context=self.request)

    def eservice_title(self):
        eservice = eservice_of(self.context)
        return eservice.Title() if eservice is not None else self.context.Title()

    def assignee(self):
        return self.names(getattr(self.context, "assigned_to", None))

    def assigned_to_me(self):
        return getattr(self.context, "assigned_to", None) == self.me

    def take_action(self):
        """ "take" (assign and start) a new case, "assign" any other; None when mine."""
        if self.assigned_to_me():
            return None
        return "take" if self.state == SUBMITTED else "assign"

    def may_start(self):
        return self.state == SUBMITTED

    def may_close(self):
        return self.state == IN_REVIEW

    def may_reopen(self):
        return self.state == CLOSED

    def decision(self):
        return decision(self.context)

    def signature(self):
        signature = signature_of(self.context)
        if signature is None:
            return None
        return {
            "provider": PROVIDER_NAMES.get(signature.provider, signature.provider),
            "name": signature.name,
            "signed_at": date_and_time(signature.signed_at, self.request),
            "digest": signature.digest,
        }

    def history(self):
        return [
            {
                **history_row(entry, self.request),
                "actor": self.names(entry.actor),
            }
            for entry in history(self.context, officers=True)
        ]

    def _messages(self):
        case, request = self.context, self.request
        base = case.absolute_url()
        rows = []
        for message in visible_messages(case, officer=True):
            from_resident = message.author == RESIDENT
            rows.append(
                {
                    "id": message.id,
                    "from_resident": from_resident,
                    "author": translate(_("The resident"), context=request)
                    if from_resident
                    else self.names(message.author_id),
                    "time": date_and_time(message.created, request),
                    "text": message.text,
                    "internal": message.internal,
                    "requests_completion": message.requests_completion,
                    "new": from_resident and not message.seen_by(OFFICER),
                    "read": date_and_time(message.read, request)
                    if message.read and not from_resident and not message.internal
                    else "",
                    "files": message_files(message, base),
                }
            )
        return rows

    # Doing

    def handle_post(self):
        CheckAuthenticator(self.request)
        action = self.request.form.get("action")
        handlers = {
            "take": self._take,
            "assign": self._assign,
            "start_review": self._start_review,
            "close": self._close,
            "reopen": self._reopen,
            "message": self._message,
            "completion": self._completion,
            "note": self._note,
        }
        if not isinstance(action, str) or action not in handlers:
            raise BadRequest("Unknown action.")
        done = handlers[action]()
        if self.field_errors:
            self.update()
            self.errors = self._error_summary()
            return self.index()
        IStatusMessage(self.request).add(done, type="info")
        return self.request.response.redirect(self.url())

    def _text(self, name):
        text = self.request.form.get(name, "")
        text = text if isinstance(text, str) else ""
        self.values[name] = text
        return text

    def _refuse(self, field, message):
        self.field_errors[field] = translate(message, context=self.request)

    def _take(self):
        dialog.take(self.context)
        return _("You have taken the case.")

    def _assign(self):
        dialog.assign(self.context, api.user.get_current().getId())
        return _("The case is assigned to you.")

    def _transition(self, transition, comment=""):
        try:
            api.content.transition(self.context, transition=transition, comment=comment)
        except InvalidParameterError:
            self._refuse(
                "status",
                _(
                    "That cannot be done in the case's present status. The page "
                    "shows the status now."
                ),
            )
        return TRANSITION_DONE[transition]

    def _start_review(self):
        return self._transition("start_review")

    def _close(self):
        text = self._text("decision").strip()
        if not text:
            self._refuse(
                "decision",
                _("Write the decision. The resident reads it when the case is closed."),
            )
            return None
        return self._transition("close", comment=text)

    def _reopen(self):
        return self._transition("reopen", comment=self._text("reason").strip())

    def _post(self, field, text, **kwargs):
        try:
            dialog.post_message(self.context, text, **kwargs)
        except (MessageRefused, AttachmentRefused) as refusal:
            target = "files" if isinstance(refusal, AttachmentRefused) else field
            self._refuse(target, refusal.message)
            return False
        return True

    def _message(self):
        text = self._text("text")
        self._post("message", text, files=uploads(self.request, "files"))
        return _("The message is sent. The resident is told by e-mail.")

    def _completion(self):
        text = self._text("text")
        if not text.strip():
            self._refuse(
                "message",
                _("Write what the resident needs to complete."),
            )
            return None
        self._post(
            "message",
            text,
            files=uploads(self.request, "files"),
            request_completion=True,
        )
        return _("The resident is asked to complete the application.")

    def _note(self):
        self._post("note", self._text("note"), internal=True)
        return _("The note is saved.")

    def _error_summary(self):
        return [
            {
                "target": FIELDS[name][1],
                "text": error_line(
                    translate(FIELDS[name][2], context=self.request), message
                ),
            }
            for name, message in self.field_errors.items()
        ]

    def field(self, name):
        """What the template needs for one field: id, texts, value, error, ARIA."""
        input_name, element_id, label, help_text, required = FIELDS[name]
        error = self.field_errors.get(name, "")
        described = [f"{element_id}-hjalp"] if help_text else []
        if error:
            described.append(f"{element_id}-fel")
        return {
            "name": input_name,
            "id": element_id,
            "label": translate(label, context=self.request),
            "help": translate(help_text, context=self.request) if help_text else "",
            "required": required,
            "value": self.values.get(input_name, "") if input_name else "",
            "error": error,
            "error_id": f"{element_id}-fel",
            "help_id": f"{element_id}-hjalp",
            "invalid": "true" if error else None,
            "describedby": " ".join(described) or None,
        }
