"""Where the resident is in the form: the shown steps, their titles, what is left."""

from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.form import step_done
from atvidaberg.etjanster.cases.form import visible_steps
from atvidaberg.etjanster.cases.urls import review_url
from atvidaberg.etjanster.cases.urls import step_url


def first_incomplete(case, request):
    """The address of the first shown step not yet done (saved by the resident with
    every required answer), else the review."""
    for step in visible_steps(case, request):
        if not step_done(case, step):
            return step_url(case, step.id)
    return review_url(case)


def indicator(case, request, shown, current=None):
    """The step list of every page: the shown steps, then the review ("Granska")."""
    items = [
        {
            "number": number,
            "title": step.title,
            "url": step_url(case, step.id),
            "current": step.id == current,
            "complete": step_done(case, step),
        }
        for number, step in enumerate(shown, start=1)
    ]
    items.append(
        {
            "number": None,
            "title": translate(_("Review"), context=request),
            "url": review_url(case),
            "current": current is None,
            "complete": False,
        }
    )
    return items
