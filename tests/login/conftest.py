import httpx
import pytest

from helpers import site_url

JSON = {"Accept": "application/json"}


@pytest.fixture
def bankid_session(eid_site, simulators):
    """(an HTTP client of the live site, BankID's simulator), its orders and faults
    cleared before and after."""
    running, _ = simulators
    bankid = running.simulators["bankid"]
    bankid.reset()
    with httpx.Client(base_url=site_url(eid_site), headers=JSON) as session:
        yield session, bankid
    bankid.reset()
