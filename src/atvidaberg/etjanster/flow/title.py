"""The window title of the resident's pages: what the page is, "Fel: " when it has errors.

The title is the first thing a screen reader reads after a page loads, so a step that
comes back with errors says so there (WCAG 2.4.2, 3.3.1).
"""

from html import escape

from plone.app.layout.viewlets.common import TitleViewlet
from zope.i18n import translate

from atvidaberg.etjanster import _


class FlowTitleViewlet(TitleViewlet):
    def update(self):
        super().update()
        view = self.view
        parts = [view.page_title(), self.context.Title()]
        title = " – ".join(part for part in parts if part)
        if getattr(view, "errors", None):
            title = translate(
                _("Error: ${title}", mapping={"title": title}), context=self.request
            )
        self.site_title = self.sep.join([escape(title), self.site_title_setting])
