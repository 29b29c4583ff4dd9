import pytest
from handling_site import build


@pytest.fixture
def handling(eid_site, simulators, tmp_path, monkeypatch):
    site = build(eid_site, simulators, tmp_path, monkeypatch)
    yield site
    site.sink.stop()
