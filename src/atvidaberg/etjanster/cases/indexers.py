"""The catalog never learns who applied: a case's title is its e-service's name."""

from plone.indexer import indexer

from atvidaberg.etjanster.cases.content import ICase


@indexer(ICase)
def case_title(obj):
    return obj.title
