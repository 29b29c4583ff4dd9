"""The self-service portal and its e-services."""

from atvidaberg.etjanster.content.eservice import AUDIENCE_EVERYONE
from atvidaberg.etjanster.demo.common import ensure
from atvidaberg.etjanster.demo.common import html
from atvidaberg.etjanster.demo.common import relate
from atvidaberg.etjanster.demo.eservice_data import ESERVICES
from atvidaberg.etjanster.demo.eservice_data import POPULAR

PORTAL_ID = "e-tjanster"
PORTAL_INTRODUCTION = (
    "<p>Här hittar du Åtvidabergs kommuns e-tjänster och blanketter. Med en "
    "e-tjänst kan du söka, anmäla och boka när det passar dig, dygnet runt, och "
    "sedan följa ditt ärende på Mina sidor.</p>"
    "<p>De flesta e-tjänster kräver att du loggar in med e-legitimation. Hittar du "
    "inte det du söker, eller behöver du hjälp? Ring kontaktcenter på "
    '<a href="tel:+4612083000">0120-830 00</a> eller skriv till '
    '<a href="mailto:kontakt@atvidaberg.se">kontakt@atvidaberg.se</a>.</p>'
)


def ensure_portal(site):
    portal, created = ensure(
        site,
        "EServicePortal",
        PORTAL_ID,
        title="Självserviceportal",
        description=(
            "Sök, anmäl och boka hos Åtvidabergs kommun – när det passar dig."
        ),
        introduction=html(PORTAL_INTRODUCTION),
    )
    current = site.getDefaultPage()
    if created or current not in site.objectIds():
        # The start page of the site is the catalog of e-services, unless someone
        # has chosen another start page since the demo was installed.
        site.setDefaultPage(PORTAL_ID)
    return portal


def _fields(data):
    fields = {k: v for k, v in data.items() if k not in ("id", "subjects")}
    fields["introduction"] = html(data["introduction"])
    return fields


def ensure_eservices(portal):
    """Every demo e-service, by id; published for its audience."""
    result = {}
    for data in ESERVICES:
        public = data.get("audience", AUDIENCE_EVERYONE) == AUDIENCE_EVERYONE
        result[data["id"]], _ = ensure(
            portal,
            "EService",
            data["id"],
            transition="publish" if public else "publish_internal",
            subjects=data["subjects"],
            **_fields(data),
        )
    return result


def set_popular(portal, eservices):
    relate(portal, "popular", [eservices[id_] for id_ in POPULAR])


def link_related(eservices, field_name, targets_by_id):
    """Point ``field_name`` of the e-services named in ``targets_by_id`` at targets."""
    for eservice_id, targets in targets_by_id.items():
        if eservice_id in eservices and targets:
            relate(eservices[eservice_id], field_name, targets)
