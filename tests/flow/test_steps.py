"""Filling in the steps: labels, the step list, errors that keep what was typed."""

import io

import pytest
from flow_site import soup
from flow_site import text_of

from helpers import make_pdf_bytes


@pytest.fixture
def anna(residents):
    return residents()


@pytest.fixture
def second_step(anna):
    """Anna has started and pressed "Nästa" on her details: the URL of step 2."""
    first = anna.start()
    response = anna.submit(first)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def field_of(page, name):
    return page.select_one(f"#falt-{name}")


def test_the_first_step_shows_the_details_from_the_login(anna):
    _, page = anna.page(anna.start())
    assert "Anna Andersson" in text_of(page)
    assert "19800101-9820" in text_of(page)
    # Name and personnummer are shown, not offered for editing.
    assert page.select_one("input[name='answer.applicant_name']") is None
    assert page.select_one("input[name='answer.applicant_personal_number']") is None
    autocomplete = {
        i["name"].removeprefix("answer."): i.get("autocomplete")
        for i in page.select("form.etjanster-form input[name^='answer.']")
    }
    assert autocomplete == {
        "applicant_street_address": "street-address",
        "applicant_postal_code": "postal-code",
        "applicant_city": "address-level2",
        "applicant_email": "email",
        "applicant_phone": "tel",
    }
    assert field_of(page, "applicant_email")["type"] == "email"
    assert field_of(page, "applicant_phone")["type"] == "tel"


def test_a_step_has_labels_help_and_the_step_list(anna, second_step):
    _, page = anna.page(second_step)
    assert page.h1.get_text(strip=True) == "Steg 2 av 2: Byggnaden"
    assert page.title.get_text().startswith(
        "Steg 2 av 2: Byggnaden – Ansökan om bygglov"
    )
    steps = page.select("nav.etjanster-progress ol li")
    assert [li.get_text(" ", strip=True) for li in steps] == [
        "Dina uppgifter (klart)",
        "Byggnaden",
        "Granska",
    ]
    assert steps[1]["aria-current"] == "step"
    # Every input has a label that names it.
    for control in page.select(
        "form.etjanster-form input:not([type=hidden]), select, textarea"
    ):
        assert page.select_one(f"label[for='{control['id']}']"), control
    yta = field_of(page, "yta")
    assert "obligatoriskt" in page.select_one("label[for=falt-yta]").get_text()
    assert yta.has_attr("required") and yta["aria-required"] == "true"
    assert yta["inputmode"] == "numeric"
    assert page.select_one(f"#{yta['aria-describedby']}").get_text(strip=True) == (
        "I kvadratmeter, till exempel 120."
    )
    assert field_of(page, "byggstart")["type"] == "date"
    assert field_of(page, "hojd")["inputmode"] == "decimal"
    assert field_of(page, "beskrivning").name == "textarea"
    assert field_of(page, "kommun").name == "select"  # six choices: a list box
    atgard = page.select_one("input[name='answer.atgard']").find_parent("fieldset")
    assert atgard.legend.get_text(" ", strip=True) == "Åtgärd (obligatoriskt)"
    assert [i["type"] for i in atgard.select("input")] == ["radio", "radio"]
    garage = page.select_one("input[name='answer.garage']").find_parent("fieldset")
    assert [label.get_text() for label in garage.select("label")] == ["Ja", "Nej"]
    fasad = page.select_one("input[name='answer.fasad:list']").find_parent("fieldset")
    assert fasad.legend.get_text(strip=True) == "Fasadmaterial"
    assert [i["type"] for i in fasad.select("input")] == ["checkbox"] * 3
    assert "Uppgifterna står sedan i beslutet." in text_of(page)  # a label field
    rich = page.select(".etjanster-field--label")[1]  # a rich label, made safe
    assert rich.a["href"] == "https://www.boverket.se"
    assert rich.select("script") == [] and "alert" not in rich.decode()
    buttons = [
        b.get_text(strip=True) for b in page.select(".etjanster-flow__buttons button")
    ]
    # Back before forward, as they read (issue 12); Enter still means "Nästa".
    assert buttons == ["Föregående", "Nästa", "Spara och fortsätt senare"]
    first_button = page.select_one("form.etjanster-form button")
    assert (first_button["name"], first_button["value"]) == ("action", "next")


def test_next_with_a_missing_answer_shows_the_errors_and_keeps_the_input(
    anna, second_step
):
    response = anna.submit(
        second_step,
        {"answer.hojd": "4,5", "answer.beskrivning": "Ett fritidshus vid sjön"},
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Fel: Steg 2 av 2: Byggnaden")
    summary = page.select_one(".etjanster-error-summary")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1"
    assert summary.has_attr("autofocus")
    assert summary.h2.get_text(strip=True) == "Det finns fel i formuläret"
    links = {a["href"]: a.get_text(strip=True) for a in summary.select("a")}
    assert links == {
        "#falt-atgard-0": "Åtgärd: Välj ett svar.",
        "#falt-yta": "Byggnadsarea: Fyll i fältet.",
    }
    for target in links:
        assert page.select_one(target)  # each link leads to its field
    yta = field_of(page, "yta")
    assert yta["aria-invalid"] == "true"
    error = page.select_one("#falt-yta-error")
    assert error.get_text(" ", strip=True) == "Fel: Fyll i fältet."
    assert "falt-yta-error" in yta["aria-describedby"].split()
    # What was typed is still there.
    assert field_of(page, "hojd")["value"] == "4,5"
    assert field_of(page, "beskrivning").get_text() == "Ett fritidshus vid sjön"


def test_an_invalid_number_is_kept_and_reported_and_the_rest_saved(anna, second_step):
    response = anna.submit(
        second_step,
        {
            "answer.atgard": "Nybyggnad",
            "answer.yta": "många",
            "answer.byggstart": "2027-05-01",
        },
    )
    page = soup(response)
    assert field_of(page, "yta")["value"] == "många"
    assert page.select_one("#falt-yta-error").get_text(" ", strip=True) == (
        "Fel: Ange ett heltal."
    )
    # The valid answers are saved: they are there when the step is opened again.
    _, again = anna.page(second_step)
    assert again.select_one("#falt-atgard-0").has_attr("checked")
    assert field_of(again, "byggstart")["value"] == "2027-05-01"
    assert field_of(again, "yta")["value"] == ""


def test_numbers_are_read_the_swedish_way(anna, second_step):
    response = anna.submit(
        second_step,
        {"answer.atgard": "Nybyggnad", "answer.yta": "1 200", "answer.hojd": "4,5"},
    )
    assert response.status_code == 302
    _, again = anna.page(second_step)
    assert field_of(again, "yta")["value"] == "1200"
    assert field_of(again, "hojd")["value"] == "4,5"


def test_save_and_continue_later_keeps_the_draft_without_the_required_answers(
    anna, second_step
):
    response = anna.submit(
        second_step,
        {"answer.beskrivning": "Ett garage"},
        button=("action", "save"),
    )
    assert response.status_code == 302
    assert "/@@sparat" in response.headers["location"]
    _, page = anna.page(response.headers["location"])
    assert page.h1.get_text(strip=True) == "Ditt utkast är sparat"
    mina_sidor = page.select_one(".etjanster-saved a")
    assert mina_sidor.get_text(strip=True) == "Mina sidor"
    assert mina_sidor["href"].endswith("/e-tjanster/mina-sidor")
    assert "Du hittar det på Mina sidor" in text_of(page)
    back = page.select_one("a.btn-primary")
    assert back.get_text(strip=True) == "Fortsätt fylla i"
    _, again = anna.page(back["href"])
    assert field_of(again, "beskrivning").get_text() == "Ett garage"


def test_previous_goes_back_and_saves(anna, second_step):
    response = anna.submit(
        second_step, {"answer.yta": "80"}, button=("action", "previous")
    )
    assert response.headers["location"].endswith("/@@steg/default")
    _, again = anna.page(second_step)
    assert field_of(again, "yta")["value"] == "80"


def test_a_conditional_step_appears_after_its_answer(anna, second_step):
    response = anna.submit(
        second_step, {"answer.atgard": "Tillbyggnad", "answer.yta": "40"}
    )
    assert response.headers["location"].endswith("/@@steg/tillbyggnad")
    _, page = anna.page(response.headers["location"])
    assert page.h1.get_text(strip=True) == "Steg 3 av 3: Tillbyggnaden"
    assert [
        li.get_text(" ", strip=True) for li in page.select(".etjanster-progress li")
    ][2:] == [
        "Tillbyggnaden",
        "Granska",
    ]
    # Answered otherwise, the step goes away and "Nästa" leads to the review.
    response = anna.submit(second_step, {"answer.atgard": "Nybyggnad"})
    assert response.headers["location"].endswith("/@@granska")
    hidden = anna.get(second_step.replace("byggnaden", "tillbyggnad"))
    assert hidden.status_code == 302  # not shown for these answers: back into the flow


def test_a_file_is_uploaded_on_its_step_and_removed_again(anna, second_step):
    response = anna.submit(
        second_step,
        {"answer.atgard": "Nybyggnad", "answer.yta": "30", "answer.garage": ["true"]},
    )
    garage_step = response.headers["location"]
    assert garage_step.endswith("/@@steg/garaget")
    _, page = anna.page(garage_step)
    form = page.select_one("form.etjanster-form")
    assert form["enctype"] == "multipart/form-data"
    upload = field_of(page, "ritning")
    assert upload["type"] == "file" and upload.has_attr("required")
    assert "PDF" in page.select_one(f"#{upload['aria-describedby']}").get_text()

    # "Nästa" without a file: the file is required.
    page = soup(anna.submit(garage_step))
    assert page.select_one("#falt-ritning-error").get_text(" ", strip=True) == (
        "Fel: Bifoga en fil."
    )

    response = anna.submit(
        garage_step,
        button=("action", "upload"),
        files={
            "file.ritning": (
                "garage.pdf",
                io.BytesIO(make_pdf_bytes()),
                "application/pdf",
            )
        },
    )
    assert response.headers["location"] == garage_step
    _, page = anna.page(garage_step)
    assert "Filen garage.pdf är bifogad." in text_of(page)
    [listed] = page.select(".etjanster-files li")
    assert "garage.pdf" in listed.get_text()
    assert "kB" in listed.get_text() or "byte" in listed.get_text()
    remove = listed.select_one("button[name=remove]")
    assert remove.get_text(" ", strip=True) == "Ta bort garage.pdf"
    assert not field_of(page, "ritning").has_attr("required")  # it has a file now

    response = anna.submit(garage_step, button=("remove", remove["value"]))
    assert response.headers["location"] == garage_step
    _, page = anna.page(garage_step)
    assert "Filen garage.pdf är borttagen." in text_of(page)
    assert page.select(".etjanster-files li") == []


def test_a_refused_file_is_reported_at_its_field(anna, second_step):
    anna.submit(
        second_step,
        {"answer.atgard": "Nybyggnad", "answer.yta": "30", "answer.garage": ["true"]},
    )
    garage_step = second_step.replace("byggnaden", "garaget")
    response = anna.submit(
        garage_step,
        button=("action", "upload"),
        files={
            "file.ritning": (
                "ritning.pdf",
                io.BytesIO(b"MZ\x90\x00" * 64),
                "application/pdf",
            )
        },
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Fel: ")
    assert page.select_one("#falt-ritning-error")
    assert page.select(".etjanster-files li") == []


def test_enter_in_a_field_of_a_step_with_files_means_next(anna, second_step):
    anna.submit(
        second_step,
        {"answer.atgard": "Nybyggnad", "answer.yta": "30", "answer.garage": ["true"]},
    )
    _, page = anna.page(second_step.replace("byggnaden", "garaget"))
    first_button = page.select_one("form.etjanster-form button")
    assert (first_button["name"], first_button["value"]) == ("action", "next")
    assert first_button["tabindex"] == "-1" and first_button["aria-hidden"] == "true"


def test_a_draft_started_elsewhere_opens_in_the_pages(anna):
    """A draft made through the REST API (no attachment store yet) opens on a GET."""
    anna.http.headers["Accept"] = "application/json"
    case = anna.http.post("/e-tjanster/bygglov/@start").json()["@id"]
    anna.http.headers["Accept"] = "text/html"
    response = anna.get(case)
    assert response.status_code == 302
    # Its first step (her details from the login) is complete but she has never
    # seen it: the pages begin there (issue 12: resume on the first step not done).
    assert response.headers["location"] == f"{case}/@@steg/default"
    response, page = anna.page(f"{case}/@@granska")
    assert "confirm-action" not in str(response.url)
    assert page.h1.get_text(strip=True) == "Granska och skicka in"


def test_resuming_opens_the_first_step_not_yet_saved_even_when_it_is_complete(anna):
    """Mina sidor's "Fortsätt" opens the draft: on the first step the resident has not
    saved with every required answer, not on one skipped because it asks nothing
    required; the step list marks only saved steps done (for screen readers too)."""
    anna.http.headers["Accept"] = "application/json"
    case = anna.http.post("/e-tjanster/bygglov/@start").json()["@id"]
    anna.http.headers["Accept"] = "text/html"
    first = anna.get(case).headers["location"]
    assert first == f"{case}/@@steg/default"
    _, page = anna.page(first)
    steps = page.select("nav.etjanster-progress ol li")
    assert "(klart)" not in steps[0].get_text(" ", strip=True)

    nasta = anna.submit(first)  # "Nästa" on her details
    assert nasta.headers["location"] == f"{case}/@@steg/byggnaden"
    later = anna.submit(
        nasta.headers["location"],
        {"answer.atgard": "Nybyggnad", "answer.yta": "80"},
        button=("action", "save"),
    )
    assert later.status_code == 302
    # Both shown steps saved and complete: "Fortsätt" goes on to the review.
    assert anna.get(case).headers["location"] == f"{case}/@@granska"


def test_an_error_line_adds_no_colon_after_a_label_that_asks_a_question():
    from atvidaberg.etjanster.browser.pages import error_line

    assert error_line("Vad söker du lov för?", "Välj ett svar.") == (
        "Vad söker du lov för? Välj ett svar."
    )
    assert error_line("Åtgärd", "Välj ett svar.") == "Åtgärd: Välj ett svar."
    assert error_line("", "Meddelandet är för långt.") == "Meddelandet är för långt."


def test_search_and_breadcrumbs_never_lead_into_the_case_folder(anna, second_step):
    """Residents find their drafts and cases on Mina sidor (issue 12, item 5)."""
    _, page = anna.page(second_step)
    crumbs = [a["href"] for a in page.select("#portal-breadcrumbs a")]
    assert crumbs, "the step page has breadcrumbs"
    assert not [href for href in crumbs if "/arenden" in href]

    case_url = second_step.split("/@@steg")[0]
    _, results = anna.page("/@@search?SearchableText=bygglov")
    links = [a["href"] for a in results.select("#search-results a")]
    assert links, "the search finds the e-service"
    assert not [href for href in links if "/arenden" in href]
    assert case_url not in results.decode()
