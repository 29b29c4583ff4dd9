"""Frågor och svar: each question a disclosure with an anchor, plus FAQPage JSON-LD."""

import json

from plone import api
from plone.memoize import ram
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView

from atvidaberg.etjanster.listing import shared


def _shared_key(method, view):
    return shared.anonymous_key("/".join(view.context.getPhysicalPath()))


class FAQView(BrowserView):
    @memoize
    def sections(self) -> list[dict]:
        """The sections and their questions, read once per request: the page and its
        JSON-LD both show them."""
        # A copy: the kept list is shared by every anonymous visitor.
        return shared.fresh(self._sections())

    @ram.cache(_shared_key)
    def _sections(self) -> list[dict]:
        """Read from the questions, which each read wakes (the answers are rich text,
        not catalog metadata): for anonymous visitors once per catalog change (an
        edit, a new question, a workflow change all index), issue 11."""
        result = []
        for section in self.context.listFolderContents({"portal_type": "FAQSection"}):
            items = [
                {
                    "id": item.getId(),
                    "question": item.Title(),
                    "answer": item.answer.output if item.answer else "",
                }
                for item in section.listFolderContents({"portal_type": "FAQItem"})
            ]
            if items:
                result.append(
                    {
                        "id": "avsnitt-" + section.getId(),
                        "title": section.Title(),
                        "questions": items,
                    }
                )
        return result

    def json_ld(self):
        questions = [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
            }
            for section in self.sections()
            for item in section["questions"]
        ]
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": api.portal.get_current_language(),
            "mainEntity": questions,
        }
        # "</script>" inside an answer must not end the script element.
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
