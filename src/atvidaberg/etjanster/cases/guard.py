"""Only the submission moves a draft on: the guard of case_workflow's ``submit``.

A draft becomes an incoming public record only through ``cases.submit.submit_case``,
which draws the number, freezes the answers and queues the receipt and the delivery in
the same transaction. The workflow's ``submit`` transition alone would make a
"submitted" case without any of that (issue 9, item 2), so its guard asks this module
whether the submission code is running for that very case. Nothing a request carries
(form, cookies, headers) can set the marker: it is a context variable of the thread,
set by Python code around the transition. So plone.restapi's ``@workflow/submit``,
Plone's ``content_status_modify`` and ``portal_workflow`` all find no such transition.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from AccessControl.SecurityInfo import ModuleSecurityInfo
from Acquisition import aq_base

from atvidaberg.etjanster.cases.content import Case

SUBMIT = "submit"

_submitting = ContextVar("atvidaberg.etjanster.submitting", default=None)


@contextmanager
def submitting(case: Case) -> Iterator[None]:
    """Let the workflow's ``submit`` transition run for ``case`` inside the block."""
    token = _submitting.set(aq_base(case))
    try:
        yield
    finally:
        _submitting.reset(token)


def submission_in_progress(case: Case) -> bool:
    """The guard expression of ``submit``: is ``submit_case`` moving this case?"""
    current = _submitting.get()
    return current is not None and current is aq_base(case)


# The guard is a restricted (TALES) expression: it may call this function and nothing
# else of the module.
ModuleSecurityInfo(__name__).declarePublic("submission_in_progress")
