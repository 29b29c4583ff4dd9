"""Answers as a resident types them and reads them back, in Swedish conventions.

``parse`` turns what an HTML form posts into what ``cases.form.save_step`` takes;
``form_value`` gives a saved answer back to an input; ``display`` writes an answer
for the review page. Decimals are written with a comma, dates as "27 november 2026".
"""

import re
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from zope.i18n import translate
from zope.schema import Field
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IDecimal
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt

from atvidaberg.etjanster import _
from atvidaberg.etjanster.dates import STOCKHOLM
from atvidaberg.etjanster.dates import in_sweden
from atvidaberg.etjanster.dates import swedish_date

TRUE, FALSE = "true", "false"
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class Unreadable(ValueError):
    """What the resident typed cannot be read as the field's type; says how to write it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def vocabulary(field: Field, context: Any) -> Any:
    return field.bind(context).vocabulary


def is_multiple_choice(field: Field) -> bool:
    return ICollection.providedBy(field) and IChoice.providedBy(field.value_type)


def parse(
    field: Field, raw: str | list[str] | tuple[str, ...] | None, context: Any
) -> str | bool | list[str] | date:
    """The value to save for ``raw`` (a string, or a list of tokens); "" clears."""
    if isinstance(raw, list | tuple):
        raw = [str(item).strip() for item in raw if str(item).strip()]
        return raw or ""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if IBool.providedBy(field):
        return {TRUE: True, FALSE: False}.get(raw, "")
    if ICollection.providedBy(field):  # a list of lines typed in a text area
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if IInt.providedBy(field):
        return _SPACES.sub("", raw)
    if IFloat.providedBy(field) or IDecimal.providedBy(field):
        return _SPACES.sub("", raw).replace(",", ".")
    if IDatetime.providedBy(field):
        return _parse_datetime(raw)
    if IDate.providedBy(field):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise Unreadable(
                _("Enter a date as YYYY-MM-DD, for example 2026-11-27.")
            ) from None
    return raw


def _parse_datetime(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Unreadable(_("Enter a date and time.")) from None
    if moment.tzinfo is None:  # the resident means Swedish time
        moment = moment.replace(tzinfo=STOCKHOLM)
    return moment.astimezone(UTC)  # ZODB cannot pickle zoneinfo time zones


def form_value(field: Field, answer: Any, context: Any) -> str | list[str]:
    """A saved answer as an input shows it: a string, or a list of tokens."""
    if is_multiple_choice(field):
        vocab = vocabulary(field.value_type, context)
        return [_token(vocab, item) for item in answer or ()]
    if answer is None:
        return ""
    if IBool.providedBy(field):
        return TRUE if answer else FALSE
    if IChoice.providedBy(field):
        return _token(vocabulary(field, context), answer)
    if ICollection.providedBy(field):
        return "\n".join(str(item) for item in answer)
    if isinstance(answer, datetime):
        return in_sweden(answer).strftime("%Y-%m-%dT%H:%M")
    if isinstance(answer, date):
        return answer.isoformat()
    if isinstance(answer, float | Decimal):
        return _decimal_comma(answer)
    return str(answer)


def display(field: Field, answer: Any, context: Any, request: Any) -> str:
    """An answer as the review page writes it; "" when there is none."""
    if answer in (None, "", [], (), set(), frozenset()):
        return ""
    if IBool.providedBy(field):
        return translate(_("Yes") if answer else _("No"), context=request)
    if IChoice.providedBy(field):
        return _title(vocabulary(field, context), answer, request)
    if ICollection.providedBy(field):
        if is_multiple_choice(field):
            vocab = vocabulary(field.value_type, context)
            return ", ".join(_title(vocab, item, request) for item in answer)
        return ", ".join(str(item) for item in answer)
    if isinstance(answer, datetime):
        return date_and_time(answer, request)
    if isinstance(answer, date):
        return swedish_date(answer)
    if isinstance(answer, float | Decimal):
        return _decimal_comma(answer)
    return str(answer)


def date_and_time(moment: datetime, request: Any) -> str:
    """ "27 november 2026 kl. 14.05", in Swedish time."""
    local = in_sweden(moment)
    return translate(
        _(
            "${date} at ${time}",
            mapping={"date": swedish_date(local), "time": local.strftime("%H.%M")},
        ),
        context=request,
    )


def _decimal_comma(number: float | Decimal) -> str:
    return str(number).replace(".", ",")


def _token(vocab: Any, value: Any) -> str:
    try:
        return vocab.getTerm(value).token
    except LookupError:
        return str(value)


def _title(vocab: Any, value: Any, request: Any) -> str:
    try:
        term = vocab.getTerm(value)
    except LookupError:
        return str(value)
    title = getattr(term, "title", None)
    return translate(title, context=request) if title else str(value)
