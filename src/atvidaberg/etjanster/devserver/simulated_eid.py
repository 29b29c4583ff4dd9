"""Point a site at the local simulators that `make start` runs (test mode)."""

from pathlib import Path
from typing import Any

from atvidaberg.etjanster.login.settings import EID_PREFIX
from atvidaberg.etjanster.login.settings import METHODS
from atvidaberg.etjanster.simulators.server import DEFAULT_PORTS
from atvidaberg.etjanster.simulators.server import pki_directory
from atvidaberg.etjanster.simulators.spar import ACCEPTED_ASSIGNMENTS
from atvidaberg.etjanster.simulators.tls import ensure_pki


def settings_for(home, host="127.0.0.1", ports=DEFAULT_PORTS):
    pki = ensure_pki(pki_directory(home))
    customer, end_customer, assignment = sorted(ACCEPTED_ASSIGNMENTS)[0]

    def url(name, path=""):
        return f"https://{host}:{ports[name]}{path}"

    def path(file):
        return str(Path(file).resolve())

    return {
        "enabled_methods": list(METHODS),
        "test_mode": True,
        "simulator_url": f"http://{host}:{ports['control']}/sim/",
        "bankid_url": url("bankid", "/rp/v6.0"),
        "bankid_cert_path": path(pki.rp_cert),
        "bankid_key_path": path(pki.rp_key),
        "bankid_ca_path": path(pki.ca_cert),
        "freja_url": url("freja"),
        "freja_cert_path": path(pki.rp_cert),
        "freja_key_path": path(pki.rp_key),
        "freja_ca_path": path(pki.ca_cert),
        "freja_jws_cert_path": path(pki.freja_jws_cert),
        "spar_url": url("spar", "/2021.1/"),
        "spar_cert_path": path(pki.rp_cert),
        "spar_key_path": path(pki.rp_key),
        "spar_ca_path": path(pki.ca_cert),
        "spar_customer_number": customer,
        "spar_end_customer_number": end_customer,
        "spar_assignment_id": assignment,
    }


# What says the settings are this machine's simulators, not services set by hand.
SIMULATOR_URLS = ("simulator_url", "bankid_url", "freja_url", "spar_url")


def configure(registry: Any, home: Path | str, **kwargs: Any) -> bool:
    """Set the eID settings unless an administrator has already pointed them elsewhere;
    True when they were set for the first time.

    Settings that still name the local simulators are brought up to date: a site
    restored into another home (``devserver.backup``) names the old home's test PKI,
    which the simulators of the new home do not trust."""
    wanted = settings_for(home, **kwargs)
    current = {name: registry.get(f"{EID_PREFIX}.{name}") for name in wanted}
    if current["bankid_url"]:
        simulated = current["test_mode"] and all(
            current[name] == wanted[name] for name in SIMULATOR_URLS
        )
        if not simulated:
            return False
    for name, value in wanted.items():
        if current[name] != value:
            registry[f"{EID_PREFIX}.{name}"] = value
    return not current["bankid_url"]
