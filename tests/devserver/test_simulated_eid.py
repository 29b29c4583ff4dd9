"""The demo's eID settings follow the simulators' test PKI to a new home (a restored
backup), and stay as an administrator set them otherwise."""

from atvidaberg.etjanster.devserver.simulated_eid import configure
from atvidaberg.etjanster.devserver.simulated_eid import settings_for
from atvidaberg.etjanster.login.settings import EID_PREFIX

CA = f"{EID_PREFIX}.bankid_ca_path"
BANKID = f"{EID_PREFIX}.bankid_url"


def test_settings_of_the_local_simulators_follow_the_home(tmp_path):
    registry = {}
    assert configure(registry, tmp_path / "old") is True  # set the first time
    assert registry[CA] == settings_for(tmp_path / "old")["bankid_ca_path"]
    # The site restored under another home: its simulators made a PKI of their own.
    assert configure(registry, tmp_path / "new") is False
    assert registry[CA] == settings_for(tmp_path / "new")["bankid_ca_path"]
    assert registry[CA].startswith(str((tmp_path / "new").resolve()))


def test_settings_an_administrator_changed_are_left_alone(tmp_path):
    registry = {}
    configure(registry, tmp_path / "old")
    registry[BANKID] = "https://appapi2.bankid.com/rp/v6.0"
    before = dict(registry)
    assert configure(registry, tmp_path / "new") is False
    assert registry == before
    registry[BANKID] = settings_for(tmp_path / "old")["bankid_url"]
    registry[f"{EID_PREFIX}.test_mode"] = False
    before = dict(registry)
    configure(registry, tmp_path / "new")
    assert registry == before
