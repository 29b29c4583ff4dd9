"""The window title of the workspace's pages: what the page is, "Fel: " with errors."""

from html import escape

from plone.app.layout.viewlets.common import TitleViewlet
from zope.i18n import translate

from atvidaberg.etjanster import _


class WorkspaceTitleViewlet(TitleViewlet):
    def update(self):
        super().update()
        title = self.view.page_title()
        if getattr(self.view, "errors", None):
            title = translate(
                _("Error: ${title}", mapping={"title": title}), context=self.request
            )
        self.site_title = self.sep.join([escape(title), self.site_title_setting])
