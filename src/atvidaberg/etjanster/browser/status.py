"""Plone's ``content_status_modify`` on a case: refused, whoever asks.

Plone's view is lenient: a transition the user may not do is skipped without a word
and the answer is a redirect, which tells a client nothing. A case moves only through
the submission (``cases.submit``), the officers' pages (``workspace``) and
plone.restapi's ``@workflow``; so on a case the view answers 403 with a JSON error, as
the REST API would (issue 9, item 2).
"""

import json

from Products.Five import BrowserView
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.httpsecurity.errors import error_body


class NoStatusChange(BrowserView):
    def __call__(self, *args, **kwargs):
        response = self.request.response
        response.setStatus(403)
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        message = _(
            "A case changes status only when it is sent in or by its case officer."
        )
        return json.dumps(
            error_body(
                "Forbidden",
                translate(message, context=self.request),
                "not_by_this_path",
            )
        )
