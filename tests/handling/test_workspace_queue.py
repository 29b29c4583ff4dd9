"""The case officers' queue, /Plone/@@handlaggning, read as a browser without
JavaScript: who sees which cases, the filters, sorting, batches, counts and "Ta
ärendet"."""

from datetime import UTC
from datetime import datetime
from urllib.parse import parse_qs
from urllib.parse import urlparse

import httpx
import transaction
from handling_site import ANNA
from handling_site import BENGT
from handling_site import CECILIA
from plone import api
from test_workspace_support import handling_url
from test_workspace_support import make_cases
from test_workspace_support import queue_url
from test_workspace_support import resident_browser
from test_workspace_support import staff
from test_workspace_support import text_of


def queue(browser, handling, **params):
    _, page = browser.page(
        queue_url(handling)
        + "?"
        + "&".join(f"{key}={value}" for key, value in params.items())
    )
    return page


def numbers(page):
    return [a.get_text(strip=True) for a in page.select("a.etjanster-queue__case")]


def row_of(page, number):
    link = page.find("a", string=number)
    assert link is not None, number
    return link.find_parent("tr")


def cells(row):
    return [cell.get_text(" ", strip=True) for cell in row.select("th, td")]


def counts(page):
    return {
        item["data-status"]: int(item.select_one(".etjanster-queue__count").text)
        for item in page.select(".etjanster-queue__counts li")
    }


def test_each_officer_sees_only_the_cases_they_may_see(handling):
    anna, building = handling.submitted_case(ANNA)
    _, school = handling.submitted_case(BENGT, eservice="skolskjuts")
    _, protected = handling.submitted_case(CECILIA)
    anna.post("/e-tjanster/bygglov/@start")  # a draft: never in the queue

    seen = {
        name: numbers(queue(staff(handling, name), handling, status="all"))
        for name in ("hanna", "olle", "petra", "rita")
    }
    assert len(seen["hanna"]) == 1
    assert len(seen["olle"]) == 1
    assert len(seen["petra"]) == 1
    assert len({*seen["hanna"], *seen["olle"], *seen["petra"]}) == 3
    # The registrar sees both units' cases, but not the protected one.
    assert sorted(seen["rita"]) == sorted(seen["hanna"] + seen["olle"])

    hanna_page = queue(staff(handling, "hanna"), handling)
    row = row_of(hanna_page, seen["hanna"][0])
    _number, eservice, received, status, officer, unread, action = cells(row)
    assert eservice == "Ansökan om bygglov"
    assert status == "Nytt"
    assert officer == "Ingen"
    assert unread == "0"
    assert "Ta ärendet" in action
    assert " kl. " in received  # Swedish date and time
    link = row.select_one("a.etjanster-queue__case")["href"]
    assert link == handling_url(building)
    assert "Ekbacken" not in hanna_page.text  # no answers in the queue

    # Petra's row leads to the handling page of Cecilia's case; the registrar's rows
    # to the receipts, since registrars do not handle cases.
    petra_page = queue(staff(handling, "petra"), handling)
    assert petra_page.select_one("a.etjanster-queue__case")["href"] == handling_url(
        protected
    )
    rita_page = queue(staff(handling, "rita"), handling)
    links = {a["href"] for a in rita_page.select("a.etjanster-queue__case")}
    assert links == {f"{building}/@@receipt", f"{school}/@@receipt"}
    assert not rita_page.select("button[value=take]")


def test_residents_and_anonymous_visitors_get_no_queue(handling):
    handling.submitted_case(ANNA)
    anna = resident_browser(handling, ANNA)
    answer = anna.get(queue_url(handling))
    assert answer.status_code in (401, 403), answer.status_code
    assert "ETJ-" not in answer.text

    anonymous = httpx.get(queue_url(handling), headers={"Accept": "text/html"})
    assert anonymous.status_code in (302, 401), anonymous.status_code
    if anonymous.status_code == 302:
        assert "login" in anonymous.headers["location"]
    assert "ETJ-" not in anonymous.text


def test_filters_counts_and_sorting(handling):
    early = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
    building = make_cases(handling, 3, "bygglov", start=early)
    school = make_cases(
        handling, 2, "skolskjuts", start=datetime(2026, 2, 1, tzinfo=UTC)
    )
    hanna = staff(handling, "hanna")

    # Oldest first unless the officer chooses otherwise.
    assert numbers(queue(hanna, handling)) == building
    assert numbers(queue(hanna, handling, order="desc")) == building[::-1]

    # Hanna takes the middle case: one in review, two new.
    taken = hanna.press(handling_url_of(handling, building[1]), "take")
    assert taken.status_code == 302
    page = queue(hanna, handling)
    assert counts(page) == {
        "submitted": 2,
        "in_review": 1,
        "awaiting_resident": 0,
        "closed": 0,
    }
    assert numbers(queue(hanna, handling, status="submitted")) == [
        building[0],
        building[2],
    ]
    assert numbers(queue(hanna, handling, status="in_review")) == [building[1]]
    assert numbers(queue(hanna, handling, mine="1")) == [building[1]]
    mine = queue(hanna, handling, mine="1")
    assert mine.select_one("#filter-mine").has_attr("checked")
    assert counts(mine)["submitted"] == 0  # counts follow the other filters
    assert numbers(queue(staff(handling, "olle"), handling, mine="1")) == []

    # The e-service filter offers only e-services with cases the officer sees.
    options = {
        option.get_text(strip=True): option["value"]
        for option in page.select("#filter-eservice option")
    }
    assert set(options) == {"Alla e-tjänster", "Ansökan om bygglov"}
    rita = staff(handling, "rita")
    rita_page = queue(rita, handling)
    options = {
        option.get_text(strip=True): option["value"]
        for option in rita_page.select("#filter-eservice option")
    }
    assert set(options) == {
        "Alla e-tjänster",
        "Ansökan om bygglov",
        "Ansökan om skolskjuts",
    }
    only_school = queue(rita, handling, eservice=options["Ansökan om skolskjuts"])
    assert numbers(only_school) == school
    assert counts(only_school)["submitted"] == 2
    chosen = only_school.select_one("#filter-eservice option[selected]")
    assert chosen.get_text(strip=True) == "Ansökan om skolskjuts"

    # Odd parameters fall back to the defaults (open cases, oldest first).
    odd = queue(hanna, handling, status="draft", order="sideways", b_start="x")
    assert numbers(odd) == building


def handling_url_of(handling, number):
    """The handling page of the case with ``number``, as Hanna's queue links it."""
    page = queue(staff(handling, "hanna"), handling, status="all")
    return row_of(page, number).select_one("a")["href"]


def test_the_queue_is_shown_twenty_cases_at_a_time(handling):
    made = make_cases(handling, 25, "bygglov")
    hanna = staff(handling, "hanna")
    first = queue(hanna, handling, order="desc")
    assert numbers(first) == made[::-1][:20]
    assert "Antal ärenden: 25" in text_of(first)
    next_link = first.select_one("nav li.next a")
    query = parse_qs(urlparse(next_link["href"]).query)
    assert query["b_start:int"] == ["20"]
    assert query["order"] == ["desc"]  # the filters are kept
    _, second = hanna.page(next_link["href"])
    assert numbers(second) == made[::-1][20:]


def test_taking_a_case_from_the_queue(handling):
    _, case_url = handling.submitted_case(ANNA)
    hanna = staff(handling, "hanna")
    page = queue(hanna, handling)
    form = page.select_one("button[value=take]").find_parent("form")
    assert form["method"] == "post"
    assert form.select_one("input[name=_authenticator]")["value"]
    taken = hanna.post_form(form, "take")
    assert taken.status_code == 302
    assert taken.headers["location"] == handling_url(case_url)
    _, case_page = hanna.page(taken.headers["location"])
    assert "Du har tagit ärendet." in text_of(case_page)

    row = queue(hanna, handling).select_one("tbody tr")
    assert cells(row)[3:5] == ["Under handläggning", "hanna"]
    assert row.select_one("button[value=take]") is None

    # Without the CSRF token nothing happens.
    _, other = handling.submitted_case(BENGT)
    forged = hanna.http.post(handling_url(other), data={"action": "take"})
    assert forged.status_code == 403
    assert cells(row_of(queue(hanna, handling), number_in(hanna, other)))[4] == "Ingen"


def number_in(browser, case_url):
    _, page = browser.page(handling_url(case_url))
    return page.select_one(".etjanster-handling__facts dd").get_text(strip=True)


def test_unread_messages_from_the_resident_are_counted(handling):
    anna, case_url = handling.submitted_case(ANNA)
    for text in ("Första frågan", "Andra frågan"):
        sent = anna.post(f"{case_url}/@messages", json={"text": text})
        assert sent.status_code == 201, sent.text
    hanna = staff(handling, "hanna")
    row = queue(hanna, handling).select_one("tbody tr")
    assert cells(row)[5] == "2"
    hanna.page(handling_url(case_url))  # reading the case marks them read
    row = queue(hanna, handling).select_one("tbody tr")
    assert cells(row)[5] == "0"


def test_the_queue_names_the_assigned_officer(handling):
    _, case_url = handling.submitted_case(ANNA)
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        api.user.get(username="hanna").setMemberProperties(
            {"fullname": "Hanna Handläggare"}
        )
    transaction.commit()
    hanna = staff(handling, "hanna")
    hanna.press(handling_url(case_url), "take")
    row = queue(hanna, handling).select_one("tbody tr")
    assert cells(row)[4] == "Hanna Handläggare"


def test_the_personal_menu_leads_officers_to_the_queue(handling):
    def menu_links(browser):
        _, page = browser.page("/")
        return {
            a.get_text(" ", strip=True)
            for a in page.select("a[href]")
            if a["href"].endswith("/@@handlaggning")
        }

    for name in ("hanna", "petra", "rita"):
        assert menu_links(staff(handling, name)) == {"Handläggning"}, name
    assert menu_links(resident_browser(handling, ANNA)) == set()
    anonymous = httpx.get(f"{handling.url}/", headers={"Accept": "text/html"})
    assert "@@handlaggning" not in anonymous.text
