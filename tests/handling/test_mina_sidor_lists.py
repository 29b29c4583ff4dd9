"""Mina sidor lists a resident's drafts, ongoing and closed cases, from the catalog."""

import httpx
import transaction
from DateTime import DateTime
from handling_site import ANNA
from handling_site import BENGT
from mina_sidor_pages import browser
from mina_sidor_pages import case_object
from mina_sidor_pages import hidden_inputs
from mina_sidor_pages import mina_sidor
from mina_sidor_pages import officer_closes
from mina_sidor_pages import officer_transition
from mina_sidor_pages import officer_writes
from mina_sidor_pages import page
from mina_sidor_pages import rows
from mina_sidor_pages import soup
from mina_sidor_pages import start_draft
from mina_sidor_pages import text_of
from plone import api

from helpers import make_eservice


def test_anonymous_visitors_are_sent_to_the_login_and_back(handling):
    response = httpx.get(f"{handling.url}/e-tjanster/mina-sidor")
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(f"{handling.url}/@@eid-login?came_from=")
    assert "mina-sidor" in location
    login = httpx.get(location)
    assert login.status_code == 200
    back = soup(login).find(attrs={"data-came-from": True})
    came_from = back["data-came-from"] if back else login.text
    assert f"{handling.url}/e-tjanster/mina-sidor" in came_from


def test_an_empty_mina_sidor_says_so(handling):
    anna = browser(handling.resident(ANNA))
    response = anna.get("/e-tjanster/mina-sidor")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page_ = soup(response)
    assert page_.h1.get_text(strip=True) == "Mina sidor"
    assert page_.title.get_text().startswith("Mina sidor")
    assert page_.html["lang"] == "sv"
    for heading, empty in (
        ("Inte inskickade", "Du har inga ansökningar som inte är inskickade."),
        ("Pågående", "Du har inga pågående ärenden."),
        ("Avslutade", "Du har inga avslutade ärenden."),
    ):
        assert rows(page_, heading) == []
        assert empty in text_of(page_)


def test_the_three_lists_have_the_residents_own_cases_with_swedish_statuses(handling):
    anna, sent_in = handling.submitted_case(ANNA)
    _, in_review = handling.submitted_case(ANNA, eservice="skolskjuts")
    _, closed = handling.submitted_case(ANNA)
    anna = browser(anna)
    draft = start_draft(anna, "skolskjuts")
    handling.submitted_case(BENGT)  # someone else's case is never listed
    officer_transition(handling, in_review, "start_review", username="olle")
    officer_closes(handling, closed, "Bygglov beviljas.")

    page_ = mina_sidor(anna)

    drafts = rows(page_, "Inte inskickade")
    assert [row["title"] for row in drafts] == ["Ansökan om skolskjuts"]
    assert "Senast ändrad" in drafts[0]
    assert " kl. " in drafts[0]["Senast ändrad"]
    assert drafts[0]["links"]["Fortsätt"] == draft
    assert drafts[0]["links"]["Ta bort"] == f"{draft}/@@ta-bort"
    assert "Ärendenummer" not in drafts[0]

    ongoing = {row["url"]: row for row in rows(page_, "Pågående")}
    assert set(ongoing) == {f"{sent_in}/@@mitt-arende", f"{in_review}/@@mitt-arende"}
    assert ongoing[f"{sent_in}/@@mitt-arende"]["Status"] == "Mottaget, inte påbörjat"
    assert ongoing[f"{in_review}/@@mitt-arende"]["Status"] == "Handläggs"
    assert ongoing[f"{in_review}/@@mitt-arende"]["title"] == "Ansökan om skolskjuts"
    for row in ongoing.values():
        assert row["Ärendenummer"].startswith("ETJ-")
        assert row["Olästa meddelanden"] == "0"
        assert " kl. " in row["Senast ändrad"]

    done = rows(page_, "Avslutade")
    assert [row["url"] for row in done] == [f"{closed}/@@mitt-arende"]
    assert done[0]["Status"] == "Avslutat"
    numbers = [row["Ärendenummer"] for row in (*ongoing.values(), *done)]
    assert len(set(numbers)) == 3


def test_the_unread_count_goes_up_with_the_officers_messages_and_down_when_read(
    handling,
):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    officer_writes(handling, case_url, "Vi har tagit emot ritningarna.")
    officer_writes(handling, case_url, "En intern anteckning.", internal=True)
    officer_writes(handling, case_url, "Kan du skicka en situationsplan?")

    [row] = rows(mina_sidor(anna), "Pågående")
    assert row["Olästa meddelanden"] == "2"  # the note is not the resident's to read

    page(anna, row["url"])  # reading the case page reads the messages

    [row] = rows(mina_sidor(anna), "Pågående")
    assert row["Olästa meddelanden"] == "0"
    officer_writes(
        handling, case_url, "Vi behöver en komplettering.", request_completion=True
    )
    [row] = rows(mina_sidor(anna), "Pågående")
    assert row["Olästa meddelanden"] == "1"
    assert row["Status"] == "Väntar på komplettering från dig"


def test_continue_leads_to_the_draft_and_remove_asks_first(handling):
    anna = browser(handling.resident(ANNA))
    draft = start_draft(anna)
    [row] = rows(mina_sidor(anna), "Inte inskickade")

    went = anna.get(row["links"]["Fortsätt"])
    assert went.status_code == 302
    assert went.headers["location"].startswith(f"{draft}/@@steg")

    confirm = page(anna, row["links"]["Ta bort"])
    assert confirm.h1.get_text(strip=True) == "Ta bort utkastet?"
    assert "Ansökan om bygglov" in text_of(confirm)
    form = confirm.select_one("main form[method=post]") or confirm.select_one(
        "form.etjanster-flow__buttons"
    )
    keep = confirm.find("a", string="Nej, behåll det")
    assert keep["href"].endswith("/e-tjanster/mina-sidor")
    assert len(rows(mina_sidor(anna), "Inte inskickade")) == 1  # asking deleted nothing

    # Without the CSRF token nothing happens.
    forged = anna.post(form["action"], data={"action": "remove"})
    assert forged.status_code == 403
    assert len(rows(mina_sidor(anna), "Inte inskickade")) == 1

    removed = anna.post(form["action"], data=hidden_inputs(form))
    assert removed.status_code == 302
    assert removed.headers["location"].endswith("/e-tjanster/mina-sidor")
    after = mina_sidor(anna)
    assert rows(after, "Inte inskickade") == []
    assert "Utkastet till Ansökan om bygglov är borttaget." in text_of(after)
    assert anna.get(draft).status_code == 404


def test_another_resident_cannot_remove_a_draft(handling):
    anna = browser(handling.resident(ANNA))
    draft = start_draft(anna)
    form = page(anna, f"{draft}/@@ta-bort").select_one("form.etjanster-flow__buttons")

    bengt = browser(handling.resident(BENGT))
    assert bengt.get(f"{draft}/@@ta-bort").status_code in (302, 401, 403, 404)
    token = hidden_inputs(
        page(bengt, "/e-tjanster/bygglov/@@start").select_one("form[method=post]")
    )
    answer = bengt.post(form["action"], data=token)
    assert answer.status_code in (302, 401, 403, 404)
    if answer.status_code == 302:
        assert "login" in answer.headers["location"]
    assert rows(mina_sidor(bengt), "Inte inskickade") == []
    assert len(rows(mina_sidor(anna), "Inte inskickade")) == 1


def test_a_sent_in_case_cannot_be_removed(handling):
    anna, case_url = handling.submitted_case(ANNA)
    anna = browser(anna)
    token = hidden_inputs(
        page(anna, "/e-tjanster/bygglov/@@start").select_one("form[method=post]")
    )
    answer = anna.post(f"{case_url}/@@ta-bort", data=token)
    assert answer.status_code == 403
    went = anna.get(f"{case_url}/@@ta-bort")
    assert went.status_code == 302
    assert went.headers["location"] == f"{case_url}/@@mitt-arende"
    assert len(rows(mina_sidor(anna), "Pågående")) == 1


def test_external_eservices_are_not_on_mina_sidor_and_say_so(handling):
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        make_eservice(
            handling.portal["e-tjanster"],
            "parkering",
            title="Ansökan om parkeringstillstånd",
            external_url="https://parkering.example.se/ansok",
        )
    transaction.commit()
    anna = browser(handling.resident(ANNA))
    start_page = page(anna, "/e-tjanster/parkering")
    assert (
        "E-tjänsten finns i ett annat system. Ärendet kan inte följas på Mina sidor."
        in text_of(start_page)
    )
    went = anna.get("/e-tjanster/parkering/@@start")
    assert went.status_code == 302
    assert went.headers["location"] == "https://parkering.example.se/ansok"
    assert "parkeringstillstånd" not in text_of(mina_sidor(anna))


# Sweden moves its clocks at 01.00 UTC on the last Sundays of March and October.
DAYLIGHT_SAVING = (
    ("2026-03-29T00:30:00+00:00", "29 mars 2026 kl. 01.30"),  # winter time, +1
    ("2026-03-29T01:30:00+00:00", "29 mars 2026 kl. 03.30"),  # summer time, +2
    ("2026-10-25T00:30:00+00:00", "25 oktober 2026 kl. 02.30"),  # still summer
    ("2026-10-25T01:30:00+00:00", "25 oktober 2026 kl. 02.30"),  # winter again
    ("2026-10-25T03:30:00+02:00", "25 oktober 2026 kl. 02.30"),  # stored in +2
)


def test_times_are_swedish_time_across_the_change_to_and_from_summer_time(handling):
    anna = browser(handling.resident(ANNA))
    for moment, shown in DAYLIGHT_SAVING:
        draft = start_draft(anna)
        case = case_object(handling, draft)
        case.modification_date = DateTime(moment)
        case.reindexObject(idxs=["modified"])
        transaction.commit()

        [row] = [
            row
            for row in rows(mina_sidor(anna), "Inte inskickade")
            if row["links"]["Fortsätt"] == draft
        ]
        assert row["Senast ändrad"] == shown, moment
        assert shown in text_of(page(anna, f"{draft}/@@ta-bort")), moment
