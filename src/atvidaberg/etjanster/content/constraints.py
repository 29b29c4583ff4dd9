"""Field constraints with messages that residents and communicators understand."""

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from zope.schema import ValidationError

from atvidaberg.etjanster import _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# Swedish numbers as people write them: "0120-830 00", "+46 120 830 00", "070-123 45 67".
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-()]+$")


class FieldError(ValidationError):
    """A value that breaks a rule; the message says which, in the reader's language.

    A ValidationError (not a bare Invalid) so that both the edit forms and
    plone.restapi report it at the field instead of failing with a 500.
    """

    def doc(self) -> str:
        return self.args[0]


def is_email(value: str | None) -> bool:
    if value and not _EMAIL.match(value.strip()):
        raise FieldError(
            _("Enter an e-mail address in the form name@example.se."),
        )
    return True


def is_phone_number(value: str | None) -> bool:
    if not value:
        return True
    digits = re.sub(r"\D", "", value)
    if not _PHONE_CHARS.match(value.strip()) or not 7 <= len(digits) <= 15:
        raise FieldError(
            _(
                "Enter a phone number with 7 to 15 digits, for example 0120-830 00 "
                "or +46 120 830 00."
            ),
        )
    return True


def is_web_address(value: str | None) -> bool:
    """Only http and https: a javascript: or data: link must never reach a button."""
    if not value:
        return True
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FieldError(
            _("Enter a web address that starts with https:// or http://."),
        )
    return True


def has_no_duplicates(values: Iterable[str] | None) -> bool:
    """The same category twice would split one group on the catalog page in two."""
    names = [v.strip().casefold() for v in values or []]
    if len(names) != len(set(names)):
        raise FieldError(_("Each entry may occur only once."))
    return True
