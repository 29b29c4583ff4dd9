"""What the resident's case page and the officer's handling page show alike.

``minasidor/case_page.py`` (``@@mitt-arende``) and ``workspace/case.py``
(``@@handlaggning``) show the same application, files, receipt and history, and take
messages with files from the same kind of form.
"""

from Acquisition import aq_base
from zope.i18n import translate

from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.flow.files import all_files
from atvidaberg.etjanster.flow.review import summary
from atvidaberg.etjanster.flow.urls import receipt_url
from atvidaberg.etjanster.flow.values import date_and_time
from atvidaberg.etjanster.flow.values import file_size
from atvidaberg.etjanster.handling import dialog
from atvidaberg.etjanster.handling.messages import Message
from atvidaberg.etjanster.handling.status import HISTORY_LABELS
from atvidaberg.etjanster.handling.status import HistoryEntry
from atvidaberg.etjanster.minasidor.urls import message_file_url


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
