"""Post handler of the demo profile: a believable self-service portal for Åtvidaberg.

Safe to run again: what exists is kept as it is, what is missing is created.
"""

from plone import api

from atvidaberg.etjanster.demo.accessibility import ensure_accessibility_statement
from atvidaberg.etjanster.demo.blanketter import ensure_blanketter
from atvidaberg.etjanster.demo.eservices import ensure_eservices
from atvidaberg.etjanster.demo.eservices import ensure_portal
from atvidaberg.etjanster.demo.eservices import link_related
from atvidaberg.etjanster.demo.eservices import set_popular
from atvidaberg.etjanster.demo.faq import ensure_faq
from atvidaberg.etjanster.demo.forms import ensure_forms
from atvidaberg.etjanster.demo.users import ensure_users

# Which blanketter and questions each e-service's start page points to.
RELATED_BLANKETTER = {
    "ansokan-om-bygglov": ["fullmakt-i-bygglovsarende"],
    "ansokan-om-fardtjanst": ["ansokan-om-fardtjanst-och-riksfardtjanst"],
    "ansokan-om-forskoleplats": ["uppsagning-av-plats-i-forskola-eller-fritidshem"],
}
RELATED_FAQ = {
    "ansokan-om-bygglov": [
        "problem-med-e-legitimation",
        "sparad-ansokan",
        "inskickat-arende-ar-allman-handling",
    ],
    "ansokan-om-forskoleplats": ["skyddad-identitet", "folj-ditt-arende"],
    "ansokan-om-fardtjanst": ["skyddad-identitet", "vilka-e-legitimationer"],
    "bokning-av-lokal": ["arendet-syns-inte-pa-mina-sidor"],
}


def _pick(objects, ids_by_eservice):
    return {key: [objects[i] for i in ids] for key, ids in ids_by_eservice.items()}


def create_demo_content(context):
    site = api.portal.get()
    # Whoever runs the profile, the demo needs to create, publish and share.
    with api.env.adopt_roles(["Manager"]):
        ensure_users()
        portal = ensure_portal(site)
        eservices = ensure_eservices(portal)
        ensure_forms(eservices)
        blanketter = ensure_blanketter(portal)
        faq_items = ensure_faq(portal)
        set_popular(portal, eservices)
        link_related(
            eservices, "related_blanketter", _pick(blanketter, RELATED_BLANKETTER)
        )
        link_related(eservices, "related_faq", _pick(faq_items, RELATED_FAQ))
        ensure_accessibility_statement(site)
