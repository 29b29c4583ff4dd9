"""Helpers of the workspace tests (no tests here): browsers without JavaScript for
staff (basic auth) and residents (e-legitimation), forms read off the pages, and
sent-in cases made directly in the database when many are needed."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import httpx
import transaction
from bs4 import BeautifulSoup
from handling_site import BUILDING_UNIT
from handling_site import PASSWORD
from handling_site import SCHOOL_UNIT
from plone import api

from atvidaberg.etjanster.cases.guard import submitting

from helpers import eid_login

UNITS = {"bygglov": BUILDING_UNIT, "skolskjuts": SCHOOL_UNIT}


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def text_of(page):
    return page.get_text(" ", strip=True)


class Browser:
    """A browser without JavaScript: GET pages, read their forms, POST them."""

    def __init__(self, http):
        self.http = http
        self.http.headers["Accept"] = "text/html"

    def get(self, url, **kw):
        return self.http.get(url, **kw)

    def page(self, url):
        response = self.http.get(url, follow_redirects=True)
        assert response.status_code == 200, response.text[:2000]
        return response, soup(response)

    def press(self, url, button, data=None, files=None, form=None):
        """On the page ``url``, fill in the form with the button ``button`` (its
        value) and press it; the response, not followed."""
        _, page = self.page(url)
        chosen = page.select_one(f"button[name=action][value={button}]")
        assert chosen is not None, f"no button {button} on {url}"
        form = chosen.find_parent("form")
        return self.post_form(form, button, data, files)

    def post_form(self, form, button, data=None, files=None):
        values = {
            i["name"]: i.get("value", "")
            for i in form.select("input[type=hidden]")
            if i.get("name")
        }
        values.update(data or {})
        values["action"] = button
        return self.http.post(form["action"], data=values, files=files)


def staff(handling, username):
    return Browser(
        httpx.Client(base_url=handling.url, auth=(username, PASSWORD), timeout=60)
    )


def resident_browser(handling, personal_number):
    return Browser(eid_login(handling.url, handling.control, personal_number))


def queue_url(handling):
    return f"{handling.url}/@@handlaggning"


def handling_url(case_url):
    return f"{case_url}/@@handlaggning"


def make_cases(handling, count, eservice="bygglov", start=None, protected=False):
    """``count`` sent-in cases, one minute apart from ``start``: their numbers.

    Made in the test's own connection, as a submission would leave them (number,
    received time, unit, state), without going through the pages one by one.
    """
    transaction.begin()  # see what the server committed
    portal = handling.portal
    folder = portal["arenden"]
    source = portal["e-tjanster"][eservice]
    start = start or datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    numbers = []
    with api.env.adopt_roles(["Manager"]):
        existing = len(folder.objectIds())
        for index in range(count):
            case_id = f"direkt-{eservice}-{existing + index}"
            folder.invokeFactory("Case", case_id, title=source.title)
            case = folder._getOb(case_id)
            case.eservice_uid = api.content.get_uuid(source)
            case.answers["fastighet"] = f"Ekbacken 1:{index}"
            case.received = start + timedelta(minutes=index)
            case.responsible_unit = UNITS[eservice]
            case.protected_identity = protected
            case.registration_number = f"ETJ-2026-{900000 + existing + index:06d}"
            with submitting(case):
                api.content.transition(case, "submit")
            case.reindexObjectSecurity()
            case.reindexObject()
            numbers.append(case.registration_number)
    transaction.commit()
    return numbers
