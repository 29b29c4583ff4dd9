"""Every REST service of the add-on is written the one way docs/developers.md describes
("REST services"): a folder per endpoint with its configure.zcml, a module per method
holding that method's service, the base ``services.base.Service``, no body parsed by
hand and no CSRF exemption of its own."""

import importlib
import inspect
import re

import pytest

from atvidaberg.etjanster.services.base import Service

from helpers import SERVICES

PACKAGE = "atvidaberg.etjanster.services"
METHODS = ("get", "post", "patch", "put", "delete")
_SERVICE = re.compile(r"<plone:service\b(.*?)/>", re.S)
_ATTRIBUTE = re.compile(r'\b(\w+)="([^"]*)"')
SRC = SERVICES.parent


def registrations():
    """(folder, method, module, class name, endpoint name) of every plone:service."""
    found = []
    for zcml in sorted(SERVICES.rglob("configure.zcml")):
        for match in _SERVICE.finditer(zcml.read_text(encoding="utf-8")):
            attributes = dict(_ATTRIBUTE.findall(match.group(1)))
            module, _, name = attributes["factory"].lstrip(".").rpartition(".")
            folder = zcml.parent.relative_to(SERVICES).as_posix()
            found.append(
                (folder, attributes["method"], module, name, attributes["name"])
            )
    return found


def python_modules():
    return sorted(SERVICES.rglob("*.py"))


def test_the_services_zcml_registers_none_itself():
    """Endpoints are registered in their folders, not in services/configure.zcml."""
    assert not _SERVICE.search((SERVICES / "configure.zcml").read_text("utf-8"))


@pytest.mark.parametrize("registration", registrations(), ids=lambda r: repr(r))
def test_a_service_lives_in_its_endpoints_folder_and_its_methods_module(registration):
    folder, method, module, _name, endpoint = registration
    assert module == method.lower(), f"{endpoint} {method} is in {module}.py"
    assert folder.replace("_", "-") == endpoint.lstrip("@"), (
        f"{endpoint} is registered in services/{folder}/"
    )


@pytest.mark.parametrize("registration", registrations(), ids=lambda r: repr(r))
def test_every_service_is_the_add_ons_service(registration):
    folder, _method, module, name, _endpoint = registration
    factory = getattr(
        importlib.import_module(f"{PACKAGE}.{folder}.{module}".replace("/", ".")),
        name,
    )
    assert issubclass(factory, Service)


def test_a_methods_module_holds_only_that_methods_services():
    registered = {
        (folder, module, name) for folder, _, module, name, _ in registrations()
    }
    for path in python_modules():
        if path.stem not in METHODS:
            continue
        folder = path.parent.relative_to(SERVICES).as_posix()
        module = importlib.import_module(
            f"{PACKAGE}.{folder.replace('/', '.')}.{path.stem}"
        )
        services = [
            name
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and issubclass(value, Service)
            and value.__module__ == module.__name__
        ]
        assert services, f"services/{folder}/{path.name} defines no service"
        for name in services:
            assert (folder, path.stem, name) in registered, (
                f"{name} in services/{folder}/{path.name} is not its {path.stem.upper()}"
            )


@pytest.mark.parametrize(
    "path", python_modules(), ids=lambda p: p.relative_to(SERVICES).as_posix()
)
def test_no_service_parses_a_body_or_exempts_itself_from_csrf(path):
    text = path.read_text(encoding="utf-8")
    assert "json.loads" not in text
    assert "IDisableCSRFProtection" not in text
    assert "alsoProvides" not in text
    # Refusals go through services.errors.error, which alone builds the answer.
    assert '{"error"' not in text or path.name == "errors.py"


def test_one_place_turns_plone_protect_off():
    """``httpsecurity.csrf.write_without_form_token``, called with a reason."""
    naming = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "IDisableCSRFProtection" in path.read_text(encoding="utf-8")
    ]
    assert naming == ["httpsecurity/csrf.py"]
