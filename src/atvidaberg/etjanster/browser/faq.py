"""Frågor och svar: each question a disclosure with an anchor, plus FAQPage JSON-LD."""

import json

from plone import api
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView


class FAQView(BrowserView):
    @memoize
    def sections(self):
        """The sections and their questions, read once per request: the page and its
        JSON-LD both show them (and each read wakes every question)."""
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
