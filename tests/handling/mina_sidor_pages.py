"""Mina sidor as a resident's browser without JavaScript reads it, and the officers'
side done in the test's own ZODB connection (``handling.dialog``), as their pages would.

A module of its own, not conftest.py (shared): see tests/attachments/attachment_samples.py.
"""

from urllib.parse import urlsplit

import transaction
from bs4 import BeautifulSoup
from plone import api

from atvidaberg.etjanster.handling import dialog

JSON = {"Accept": "application/json"}


def browser(client):
    """A logged-in client (``handling.resident``) that asks for pages, as browsers do."""
    client.headers["Accept"] = "text/html"
    return client


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def text_of(page):
    return page.get_text(" ", strip=True)


def page(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, (url, response.status_code)
    return soup(response)


def mina_sidor(client):
    return page(client, "/e-tjanster/mina-sidor")


def section(page, heading):
    """The list under the heading ``heading`` ("Inte inskickade", "Pågående", …)."""
    title = page.find("h2", string=heading)
    assert title is not None, heading
    return title.find_parent("section")


def rows(page, heading):
    """The rows of a list: {"title", "url", facts by their Swedish label, "links"}."""
    result = []
    for row in section(page, heading).select("li.etjanster-case-row"):
        title = row.select_one("h3")
        link = title.find("a")
        facts = {
            dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
            for dt in row.select("dt")
        }
        result.append(
            {
                "title": title.get_text(strip=True),
                "url": link["href"] if link else None,
                "links": {
                    a.find("span").get_text(strip=True): a["href"]
                    for a in row.select(".etjanster-case-row__actions a")
                },
                **facts,
            }
        )
    return result


def hidden_inputs(form):
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def start_draft(client, eservice="bygglov"):
    """A new draft, started as the REST API does; its URL."""
    answer = client.post(f"/e-tjanster/{eservice}/@start", headers=JSON)
    assert answer.status_code < 300, answer.text
    return answer.json()["@id"]


def case_object(handling, case_url):
    """The case in the test's connection, after the server's last commit."""
    transaction.begin()
    path = urlsplit(case_url).path.split("/plone/", 1)[1]
    return handling.portal.unrestrictedTraverse(path)


def as_officer(handling, case_url, action, username="hanna"):
    """Do ``action(case)`` as an officer and commit, as the officers' pages would."""
    case = case_object(handling, case_url)
    with api.env.adopt_user(username=username):
        result = action(case)
    transaction.commit()
    return result


def officer_writes(handling, case_url, text, **kw):
    return as_officer(
        handling, case_url, lambda case: dialog.post_message(case, text, **kw)
    )


def officer_transition(handling, case_url, transition, comment=None, username="hanna"):
    def act(case):
        kw = {"comment": comment} if comment else {}
        api.content.transition(case, transition=transition, **kw)

    return as_officer(handling, case_url, act, username=username)


def officer_closes(handling, case_url, decision, username="hanna"):
    """The officer takes the case if nobody has, and closes it with ``decision``."""

    def act(case):
        if api.content.get_state(case) == "submitted":
            api.content.transition(case, transition="start_review")
        api.content.transition(case, transition="close", comment=decision)

    return as_officer(handling, case_url, act, username=username)


def message_form(page):
    return page.select_one("form.etjanster-message-form")


def write(client, case_url, text, files=None):
    """Write a message on the case page as the form does; the response."""
    form = message_form(page(client, f"{case_url}/@@mitt-arende"))
    assert form is not None
    assert form["enctype"] == "multipart/form-data"
    data = {**hidden_inputs(form), "text": text}
    return client.post(form["action"], data=data, files=files or {})
