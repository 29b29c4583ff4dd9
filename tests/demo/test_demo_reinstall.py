"""Applying the demo profile again keeps what is there and duplicates nothing."""

from collections import Counter

from plone import api

from atvidaberg.etjanster.demo.content import create_demo_content

PROFILE = "profile-atvidaberg.etjanster:demo"
TYPES = (
    "EServicePortal",
    "EService",
    "EasyForm",
    "Blankett",
    "FAQ",
    "FAQSection",
    "FAQItem",
)


def _inventory(portal):
    brains = api.content.find(portal_type=[*list(TYPES), "Folder", "Document"])
    etjanster = portal["e-tjanster"]
    return {
        "types": Counter(b.portal_type for b in brains),
        "paths": sorted(b.getPath() for b in brains),
        "users": sorted(u.getId() for u in api.user.get_users()),
        "popular": [r.to_object.getId() for r in etjanster.popular],
        "related": {
            e.getId(): (len(e.related_blanketter or ()), len(e.related_faq or ()))
            for e in etjanster.listFolderContents({"portal_type": "EService"})
        },
        "forms": {
            e.getId(): [
                f.getId() for f in e.objectValues() if f.portal_type == "EasyForm"
            ]
            for e in etjanster.listFolderContents({"portal_type": "EService"})
        },
        "actions": portal.portal_actions.site_actions.objectIds(),
        "default_page": portal.getDefaultPage(),
    }


def test_running_the_profile_again_creates_no_duplicates(manager):
    portal = manager
    before = _inventory(portal)
    portal.portal_setup.runAllImportStepsFromProfile(PROFILE)
    portal.portal_setup.runAllImportStepsFromProfile(PROFILE)
    after = _inventory(portal)
    assert after == before
    assert before["types"]["EService"] >= 8
    assert before["types"]["EasyForm"] >= 3
    assert all(len(forms) <= 1 for forms in after["forms"].values())
    assert not [p for p in after["paths"] if p.endswith("-1")]


def test_running_again_keeps_what_communicators_changed(manager):
    portal = manager
    bygglov = portal["e-tjanster"]["ansokan-om-bygglov"]
    bygglov.title = "Bygglov – ansök här"
    api.content.transition(obj=bygglov, transition="retract")
    api.content.create(container=portal, type="Document", id="start", title="Start")
    portal.setDefaultPage("start")
    create_demo_content(None)
    assert bygglov.title == "Bygglov – ansök här"
    assert api.content.get_state(bygglov) == "private"
    assert portal.getDefaultPage() == "start"


def test_running_again_keeps_a_form_a_communicator_changed(manager):
    bygglov = manager["e-tjanster"]["ansokan-om-bygglov"]
    form = bygglov["formular"]
    changed = form.fields_model.replace("Fastighetsbeteckning", "Fastighet")
    form.fields_model = changed
    create_demo_content(None)
    assert form.fields_model == changed
    # A form under another name is the e-service's form too: no second one is added.
    api.content.rename(obj=form, new_id="ansokan")
    create_demo_content(None)
    assert [c.getId() for c in bygglov.objectValues()] == ["ansokan"]


def test_running_again_restores_what_was_deleted(manager):
    portal = manager
    # It is one of the popular e-services: the communicator confirmed the warning.
    api.content.delete(
        portal["e-tjanster"]["felanmalan-gata-och-park"], check_linkintegrity=False
    )
    create_demo_content(None)
    restored = portal["e-tjanster"]["felanmalan-gata-och-park"]
    assert api.content.get_state(restored) == "published"
    assert restored.Title() == "Felanmälan gata och park"
    assert restored.objectIds() == ["formular"]
