"""The "E-tjänster" control panel, through the web form and through plone.restapi."""

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from helpers import make_user
from helpers import site_url

ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
JSON = {"Accept": "application/json", "Content-Type": "application/json"}


def test_configlet_is_listed(controlpanel_actions):
    assert "atvidaberg-etjanster" in controlpanel_actions


def test_defaults_describe_the_municipality(integration):
    record = "atvidaberg.etjanster.{}".format
    assert (
        api.portal.get_registry_record(record("municipality_name"))
        == "Åtvidabergs kommun"
    )
    assert (
        api.portal.get_registry_record(record("contact_centre_phone")) == "0120-830 00"
    )
    assert api.portal.get_registry_record(record("contact_centre_email")) == (
        "kontakt@atvidaberg.se"
    )
    assert "Bygga, bo och miljö" in api.portal.get_registry_record(record("categories"))


@pytest.fixture
def form_url(functional):
    return site_url(functional) + "/@@etjanster-controlpanel"


def form_page(session, url):
    response = session.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def submit(session, url, **changes):
    """Post the form as a browser would: every field as shown, with some changed."""
    soup = form_page(session, url)
    form = soup.select_one("form#form")
    data = {}
    for field in form.select("input[name], textarea[name]"):
        if field.get("type") in ("submit", "button"):
            continue
        data[field["name"]] = (
            field.get("value", "") if field.name == "input" else field.text
        )
    for name, value in changes.items():
        data[f"form.widgets.{name}"] = value
    data["form.buttons.save"] = "Spara"
    return session.post(url, data=data)


def errors_by_field(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        field["data-fieldname"].split(".")[-1]: field.select_one(
            ".invalid-feedback, .fieldErrorBox, .error"
        ).get_text(" ", strip=True)
        for field in soup.select("[data-fieldname]")
        if field.select_one(".invalid-feedback, .fieldErrorBox, .error")
    }


@pytest.mark.parametrize(
    "field,value,message",
    [
        (
            "contact_centre_phone",
            "ring oss",
            "Ange ett telefonnummer med 7 till 15 siffror",
        ),
        ("contact_centre_email", "kontakt(at)atvidaberg", "Ange en e-postadress"),
        ("categories", "Skola\nskola", "Varje värde får bara finnas en gång."),
    ],
)
def test_bad_values_get_a_clear_message_at_the_field(form_url, field, value, message):
    with httpx.Client(auth=ADMIN, follow_redirects=True) as session:
        response = submit(session, form_url, **{field: value})
        assert response.status_code == 200
        errors = errors_by_field(response.text)
        assert message in errors[field]
        # Nothing was saved, and what the administrator typed is still in the form.
        assert value.splitlines()[0] in response.text
    assert api.portal.get_registry_record(
        "atvidaberg.etjanster.contact_centre_phone"
    ) == ("0120-830 00")


def test_good_values_are_saved(form_url, functional):
    with httpx.Client(auth=ADMIN, follow_redirects=True) as session:
        response = submit(
            session,
            form_url,
            contact_centre_phone="+46 120 830 00",
            categories="Skola\nOmsorg",
        )
        assert response.status_code == 200
        assert errors_by_field(response.text) == {}
    transaction.begin()
    assert api.portal.get_registry_record(
        "atvidaberg.etjanster.contact_centre_phone"
    ) == ("+46 120 830 00")
    assert api.portal.get_registry_record("atvidaberg.etjanster.categories") == [
        "Skola",
        "Omsorg",
    ]


def test_control_panel_is_closed_to_communicators(form_url, functional):
    with api.env.adopt_roles(["Manager"]):
        make_user("kommunikator", "lösenord-12345", "Kommunikatorer")
    transaction.commit()
    response = httpx.get(form_url, auth=("kommunikator", "lösenord-12345"))
    assert response.status_code in (302, 401, 403)
    assert "contact_centre_phone" not in response.text


def test_rest_api_reads_and_validates_the_settings(functional):
    url = site_url(functional) + "/@controlpanels/etjanster"
    response = httpx.get(url, headers=JSON, auth=ADMIN)
    assert response.status_code == 200
    assert response.json()["data"]["municipality_name"] == "Åtvidabergs kommun"
    response = httpx.patch(
        url, headers=JSON, auth=ADMIN, json={"contact_centre_email": "inte-en-adress"}
    )
    assert response.status_code == 400
    assert "e-postadress" in response.text
    response = httpx.patch(
        url,
        headers=JSON,
        auth=ADMIN,
        json={"contact_centre_email": "info@atvidaberg.se"},
    )
    assert response.status_code == 204
    assert (
        httpx.get(url, headers=JSON, auth=ADMIN).json()["data"]["contact_centre_email"]
        == "info@atvidaberg.se"
    )


def test_eid_settings_take_paths_to_readable_files_only(functional, tmp_path):
    url = site_url(functional) + "/@controlpanels/eid"
    response = httpx.patch(
        url, headers=JSON, auth=ADMIN, json={"bankid_cert_path": "/nonexistent/rp.pem"}
    )
    assert response.status_code == 400
    assert (
        "Det finns ingen läsbar fil med den sökvägen på servern."
        in response.json()["message"]
    )
    certificate = tmp_path / "rp.pem"
    certificate.write_text("-----BEGIN CERTIFICATE-----\n")
    response = httpx.patch(
        url, headers=JSON, auth=ADMIN, json={"bankid_cert_path": str(certificate)}
    )
    assert response.status_code == 204
    data = httpx.get(url, headers=JSON, auth=ADMIN).json()["data"]
    assert data["bankid_cert_path"] == str(certificate)
    # Only the path is stored, never the certificate itself.
    assert "BEGIN CERTIFICATE" not in str(data)


def test_eid_control_panel_form_is_there_for_administrators(functional):
    response = httpx.get(site_url(functional) + "/@@eid-controlpanel", auth=ADMIN)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "E-legitimation"
    assert soup.select_one('[name="form.widgets.bankid_url"]') is not None


def test_clamd_address_is_empty_by_default(integration):
    assert api.portal.get_registry_record("atvidaberg.etjanster.clamd_address") is None


@pytest.mark.parametrize(
    "address", ["/run/clamav/clamd.ctl", "127.0.0.1:3310", "[::1]:3310", ""]
)
def test_clamd_address_takes_a_socket_path_or_host_and_port(functional, address):
    url = site_url(functional) + "/@controlpanels/etjanster"
    response = httpx.patch(
        url, headers=JSON, auth=ADMIN, json={"clamd_address": address}
    )
    assert response.status_code == 204, response.text
    data = httpx.get(url, headers=JSON, auth=ADMIN).json()["data"]
    assert (data["clamd_address"] or "") == address


@pytest.mark.parametrize(
    "address", ["clamd", "tcp://127.0.0.1:3310", "run/clamav/clamd.ctl", "::1:3310"]
)
def test_clamd_address_in_another_form_is_refused_with_an_example(functional, address):
    url = site_url(functional) + "/@controlpanels/etjanster"
    response = httpx.patch(
        url, headers=JSON, auth=ADMIN, json={"clamd_address": address}
    )
    assert response.status_code == 400
    # The examples are the same in Swedish and English.
    assert "/run/clamav/clamd.ctl" in response.json()["message"]
    assert "127.0.0.1:3310" in response.json()["message"]
    assert httpx.get(url, headers=JSON, auth=ADMIN).json()["data"]["clamd_address"] in (
        None,
        "",
    )


def test_clamd_address_in_the_form(form_url):
    with httpx.Client(auth=ADMIN, follow_redirects=True) as session:
        response = submit(session, form_url, clamd_address="clamd.local")
        assert response.status_code == 200
        assert "127.0.0.1:3310" in errors_by_field(response.text)["clamd_address"]
        response = submit(session, form_url, clamd_address="clamd.local:3310")
        assert errors_by_field(response.text) == {}
    transaction.begin()
    assert (
        api.portal.get_registry_record("atvidaberg.etjanster.clamd_address")
        == "clamd.local:3310"
    )


def test_unit_mapping_in_the_form_needs_a_unit_and_a_group(form_url):
    with httpx.Client(auth=ADMIN, follow_redirects=True) as session:
        response = submit(
            session, form_url, unit_handlers="Socialförvaltningen utan grupp"
        )
        assert response.status_code == 200
        message = errors_by_field(response.text)["unit_handlers"]
        assert "åtskilda med |" in message
        assert "Socialförvaltningen utan grupp" in response.text  # kept in the form
        response = submit(
            session,
            form_url,
            unit_handlers="Socialförvaltningen | handlaggare-social | social(at)x",
        )
        assert "Ange en e-postadress" in errors_by_field(response.text)["unit_handlers"]
        response = submit(
            session,
            form_url,
            unit_handlers=(
                "Socialförvaltningen | handlaggare-social | social@atvidaberg.se\n"
                "Kommunledningsförvaltningen | handlaggare-kl"
            ),
        )
        assert errors_by_field(response.text) == {}
    transaction.begin()
    assert api.portal.get_registry_record("atvidaberg.etjanster.unit_handlers") == [
        "Socialförvaltningen | handlaggare-social | social@atvidaberg.se",
        "Kommunledningsförvaltningen | handlaggare-kl",
    ]


def test_protected_cases_and_registrars_have_groups_by_default(integration):
    get = api.portal.get_registry_record
    assert get("atvidaberg.etjanster.protected_case_group") == "skyddade-arenden"
    assert get("atvidaberg.etjanster.registrar_group") == "registratorer"
    assert get("atvidaberg.etjanster.unit_handlers") == []


def test_trusted_proxies_take_addresses_and_networks_only(functional):
    url = site_url(functional) + "/@controlpanels/etjanster"
    response = httpx.patch(
        url,
        headers=JSON,
        auth=ADMIN,
        json={"trusted_proxies": ["10.0.0.5", "proxy.example"]},
    )
    assert response.status_code == 400
    assert (
        "proxy.example är inte en IP-adress eller ett nät" in response.json()["message"]
    )
    response = httpx.patch(
        url,
        headers=JSON,
        auth=ADMIN,
        json={"trusted_proxies": ["10.0.0.5", "192.168.0.0/24", "fd00::/8"]},
    )
    assert response.status_code == 204, response.text
    data = httpx.get(url, headers=JSON, auth=ADMIN).json()["data"]
    assert data["trusted_proxies"] == ["10.0.0.5", "192.168.0.0/24", "fd00::/8"]


def test_login_limits_are_settings_with_documented_defaults(integration):
    prefix = "atvidaberg.etjanster.eid"
    assert api.portal.get_registry_record(f"{prefix}.login_starts_per_client") == 10
    assert api.portal.get_registry_record(f"{prefix}.login_starts_overall") == 300
