"""<case>/@@steg/<step id>: one step of the form as a plain HTML form.

GET shows the step with the saved answers. POST saves it (``cases.form.save_step``:
valid answers are kept, invalid ones reported at their field) and then, by the button
pressed: "Nästa" checks the required fields too and goes to the next shown step (or
the review), "Föregående" goes back, "Spara och fortsätt senare" leads to the saved
page, "Ladda upp" and "Ta bort" stay on the step. Whenever something is wrong the step
is shown again with what the resident typed, never redirected away from it.
"""

from plone.protect import CheckAuthenticator
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.browser.files import file_rules
from atvidaberg.etjanster.browser.files import files_of_field
from atvidaberg.etjanster.browser.interfaces import IFlowPage
from atvidaberg.etjanster.browser.pages import error_line
from atvidaberg.etjanster.browser.pages import prepare
from atvidaberg.etjanster.cases.access import may_edit
from atvidaberg.etjanster.cases.answers import Unreadable
from atvidaberg.etjanster.cases.answers import parse
from atvidaberg.etjanster.cases.attachments import add_attachment
from atvidaberg.etjanster.cases.attachments import attachment_record
from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.cases.form import form_steps
from atvidaberg.etjanster.cases.form import is_answered
from atvidaberg.etjanster.cases.form import is_file_field
from atvidaberg.etjanster.cases.form import save_step
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.urls import review_url
from atvidaberg.etjanster.cases.urls import saved_url
from atvidaberg.etjanster.cases.urls import step_url
from atvidaberg.etjanster.flow.page import DraftPage
from atvidaberg.etjanster.flow.progress import first_incomplete
from atvidaberg.etjanster.flow.progress import indicator
from atvidaberg.etjanster.flow.widgets import FILE_PREFIX
from atvidaberg.etjanster.flow.widgets import INPUT_PREFIX
from atvidaberg.etjanster.flow.widgets import widget_for

NEXT, PREVIOUS, SAVE, UPLOAD, REMOVE = "next", "previous", "save", "upload", "remove"


@implementer(IPublishTraverse, IFlowPage)
class StepView(DraftPage):
    step_id = None
    step = None
    widgets = ()
    errors = ()

    def publishTraverse(self, request, name):
        if self.step_id is not None:
            raise NotFound(name)
        self.step_id = name
        return self

    def render(self):
        case, request = self.context, self.request
        prepare(case, request)
        self.shown = visible_steps(case, request)
        if self.step_id is None:
            return request.response.redirect(first_incomplete(case, request))
        self.step = next((s for s in self.shown if s.id == self.step_id), None)
        if self.step is None:
            if any(s.id == self.step_id for s in form_steps(case, request)):
                # Not shown for the answers given (any more): back into the flow.
                return request.response.redirect(first_incomplete(case, request))
            raise NotFound(self.step_id)
        if request.method == "POST":
            return self.save()
        self.show()
        return self.index()

    # Showing the step

    def show(self, raw=None, errors=None):
        raw, errors = raw or {}, errors or {}
        eservice = eservice_of(self.context)
        self.widgets = [
            self._widget(item, raw.get(item.getName()), errors, eservice)
            for item in self.step.items
        ]
        self.errors = [
            {"target": w.target_id, "text": error_line(w.label, w.error)}
            for w in self.widgets
            if w.error
        ]

    def _widget(self, item, raw, errors, eservice):
        name = item.getName()
        files = files_of_field(self.context, name) if is_file_field(item) else ()
        widget = widget_for(
            item, self.context, self.request, raw, errors.get(name, ""), files
        )
        if widget.kind == "file":
            rules, widget.accept = file_rules(eservice, self.request)
            widget.help = " ".join(part for part in (widget.help, rules) if part)
            widget.required = widget.required and not files
        return widget

    def position(self):
        return [s.id for s in self.shown].index(self.step.id) + 1

    def heading(self):
        return translate(
            _(
                "Step ${number} of ${total}: ${title}",
                mapping={
                    "number": self.position(),
                    "total": len(self.shown),
                    "title": self.step.title,
                },
            ),
            context=self.request,
        )

    def page_title(self):
        return self.heading()

    def steps(self):
        return indicator(self.context, self.request, self.shown, self.step.id)

    def has_files(self):
        return any(is_file_field(item) for item in self.step.items)

    def is_first(self):
        return self.position() == 1

    def action_url(self):
        return step_url(self.context, self.step.id)

    # Saving the step

    def save(self):
        CheckAuthenticator(self.request)
        if not may_edit(self.context):
            raise Forbidden("Only the owner may change a draft.")
        form = self.request.form
        action = REMOVE if form.get("remove") else form.get("action") or NEXT
        editable = [
            f for f in self.step.fields if not f.readonly and not is_file_field(f)
        ]
        raw = {f.getName(): form.get(INPUT_PREFIX + f.getName(), "") for f in editable}
        data, errors = {}, {}
        for field in editable:
            try:
                data[field.getName()] = parse(field, raw[field.getName()], self.context)
            except Unreadable as unreadable:
                errors[field.getName()] = translate(
                    unreadable.message, context=self.request
                )
        _saved, refused = save_step(self.context, self.request, self.step.id, data)
        errors.update({item["field"]: item["message"] for item in refused})
        self._upload(errors)
        if action == REMOVE:
            self._remove(form.get("remove"))
        if action == NEXT:
            self._check_required(errors)
        self.context.setModificationDate()  # the draft is in use: not to be purged
        self.context.reindexObject(idxs=["modified"])
        if errors:
            self.shown = visible_steps(self.context, self.request)
            self.show(raw, errors)
            return self.index()
        return self.request.response.redirect(self._next_url(action))

    def _upload(self, errors):
        eservice = eservice_of(self.context)
        for field in self.step.fields:
            if not is_file_field(field):
                continue
            upload = self.request.form.get(FILE_PREFIX + field.getName())
            if not getattr(upload, "filename", None):
                continue
            try:
                attachment = add_attachment(
                    self.context,
                    upload.filename,
                    upload.read(),
                    field.getName(),
                    eservice=eservice,
                )
            except AttachmentRefused as refusal:
                errors[field.getName()] = translate(
                    refusal.message, context=self.request
                )
                continue
            self._tell(
                _(
                    "The file ${filename} is attached.",
                    mapping={"filename": attachment.filename},
                )
            )

    def _remove(self, attachment_id):
        names = {f.getName() for f in self.step.fields if is_file_field(f)}
        attachment = attachment_record(self.context, attachment_id)
        if attachment is None or attachment.field not in names:
            return
        del attachments_of(self.context)[attachment_id]
        self._tell(
            _(
                "The file ${filename} is removed.",
                mapping={"filename": attachment.filename},
            )
        )

    def _check_required(self, errors):
        for field in self.step.fields:
            name = field.getName()
            if field.readonly or not field.required or name in errors:
                continue
            if not is_answered(self.context, field):
                errors[name] = translate(required_message(field), context=self.request)

    def _tell(self, message):
        IStatusMessage(self.request).add(
            translate(message, context=self.request), type="info"
        )

    def _next_url(self, action):
        case = self.context
        if action == SAVE:
            return saved_url(case, self.step.id)
        if action in (UPLOAD, REMOVE):
            return step_url(case, self.step.id)
        ids = [s.id for s in visible_steps(case, self.request)]
        here = ids.index(self.step.id)
        if action == PREVIOUS:
            return step_url(case, ids[max(here - 1, 0)])
        if here + 1 < len(ids):
            return step_url(case, ids[here + 1])
        return review_url(case)


def required_message(field):
    if is_file_field(field):
        return _("Attach a file.")
    if IBool.providedBy(field) or IChoice.providedBy(field):
        return _("Choose an answer.")
    if ICollection.providedBy(field) and IChoice.providedBy(field.value_type):
        return _("Choose at least one answer.")
    return _("Fill in this field.")
