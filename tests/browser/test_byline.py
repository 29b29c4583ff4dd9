"""No byline on the residents' pages (issue 12): "av admin", "av Karin Kommunikatör"
tells a resident nothing and names staff. Plone's other pages keep theirs."""

import httpx
from bs4 import BeautifulSoup

from helpers import site_url

COMMUNICATOR = ("kommunikator", "kommunikator-demo")
RESIDENT_PAGES = (
    "/e-tjanster",
    "/e-tjanster/ansokan-om-bygglov",
    "/e-tjanster/fragor-och-svar",
)


def byline(site, path, auth=None):
    answer = httpx.get(f"{site}{path}", auth=auth, follow_redirects=True)
    assert answer.status_code == 200, (path, answer.status_code)
    return BeautifulSoup(answer.text, "html.parser").find(id="section-byline")


def test_residents_pages_have_no_byline_whoever_reads_them(demo_functional):
    site = site_url(demo_functional)
    for path in RESIDENT_PAGES:
        assert byline(site, path) is None, path
        assert byline(site, path, auth=COMMUNICATOR) is None, path
    # A plain page of the site keeps Plone's byline for those who may see it.
    assert byline(site, "/tillganglighetsredogorelse", auth=COMMUNICATOR) is not None
