"""What the pages of a case share: privacy, the attachment store, the sent-in case.

``private_page`` and ``prepare`` serve every page of a case (the resident's flow,
Mina sidor, the officers' handling page). ``summary`` is the application as the
review page (``flow/``), Mina sidor and the officers' page list it.

``minasidor/case_page.py`` (``@@mitt-arende``) and ``workspace/case.py``
(``@@handlaggning``) show the same application, files, receipt and history, and take
messages with files from the same kind of form.
"""

from Acquisition import aq_base
from plone.protect.utils import safeWrite
from zope.i18n import translate

from atvidaberg.etjanster.browser.files import all_files
from atvidaberg.etjanster.browser.files import files_of_field
from atvidaberg.etjanster.cases.answers import date_and_time
from atvidaberg.etjanster.cases.answers import display
from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.cases.form import is_file_field
from atvidaberg.etjanster.cases.form import step_complete
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.urls import message_file_url
from atvidaberg.etjanster.cases.urls import receipt_url
from atvidaberg.etjanster.cases.urls import step_url
from atvidaberg.etjanster.dates import file_size
from atvidaberg.etjanster.handling import dialog
from atvidaberg.etjanster.handling.messages import Message
from atvidaberg.etjanster.handling.status import HISTORY_LABELS
from atvidaberg.etjanster.handling.status import HistoryEntry


def error_line(label: str, message: str) -> str:
    """An error summary's line: "Yta: Ange ett heltal." A label that ends with its own
    punctuation ("Vad söker du lov för?") is not followed by a colon as well."""
    label = label.strip()
    if not label:
        return message
    return f"{label} {message}" if label[-1] in "?!:." else f"{label}: {message}"


def private_page(request):
    """A resident's answers must stay out of shared caches and the back-forward cache."""
    request.response.setHeader("Cache-Control", "no-store")
    request.set("disable_plone.leftcolumn", True)
    request.set("disable_plone.rightcolumn", True)


def prepare(case, request):
    """Create the case's (empty) attachment store before a page reads it.

    ``attachments_of`` creates it on first use; on a GET that write would make
    plone.protect refuse the page, and an empty store is no change worth refusing.
    """
    if getattr(aq_base(case), "attachments", None) is None:
        attachments_of(case)
        safeWrite(case, request)


def summary(case, request, shown):
    """The shown steps with their answers, as the review page lists them."""
    result = []
    for step in shown:
        answers = []
        for field in step.fields:
            name = field.getName()
            if is_file_field(field):
                files = files_of_field(case, name)
                text = ", ".join(f"{f['filename']} ({f['size']})" for f in files)
            else:
                text = display(field, case.answers.get(name), case, request)
            answers.append(
                {"label": translate(field.title, context=request), "text": text}
            )
        result.append(
            {
                "id": step.id,
                "title": step.title,
                "url": step_url(case, step.id),
                "complete": step_complete(case, step),
                "answers": answers,
            }
        )
    return result


class SentInCasePage:
    """The views' methods of a sent-in case's page (a mixin of both views)."""

    def received(self):
        received = self.context.received
        return date_and_time(received, self.request) if received else ""

    def summary(self):
        case = self.context
        return summary(case, self.request, visible_steps(case, self.request))

    def files(self):
        return all_files(self.context)

    def receipt_url(self):
        if getattr(aq_base(self.context), "receipt", None) is None:
            return None
        return receipt_url(self.context)

    def may_write(self):
        return dialog.may_write(self.context)


def history_row(entry: HistoryEntry, request) -> dict[str, str]:
    """A ``status.HistoryEntry`` as shown."""
    return {
        "label": translate(HISTORY_LABELS[entry.action], context=request),
        "time": date_and_time(entry.time, request),
        "comment": entry.comment,
    }


def message_files(message: Message, case_url: str) -> list[dict[str, str]]:
    """The files of a message, as listed under it."""
    return [
        {
            "filename": record.filename,
            "size": file_size(record.size),
            "url": message_file_url(case_url, record.id),
        }
        for record in message.file_records()
    ]


def uploads(request, name: str = "files") -> list[tuple[str, bytes]]:
    """(filename, bytes) of the files chosen in the input ``name`` (several allowed)."""
    chosen = request.form.get(name) or []
    if not isinstance(chosen, list | tuple):
        chosen = [chosen]
    return [
        (upload.filename, upload.read())
        for upload in chosen
        if getattr(upload, "filename", None)
    ]
