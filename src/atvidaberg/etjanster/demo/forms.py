"""The forms of the demo e-services, made as a communicator makes them in EasyForm.

Each form is an EasyForm "Formulär" inside its e-service. Its model is the supermodel
XML that EasyForm's field editor keeps (and shows under "Edit XML Fields Model"); the
models are the files in ``form_models/``, one per e-service, named after its id. Every
field sits in a named fieldset, so that each step has a title residents understand:
fields left outside any fieldset would make a first step titled "Innehåll".

External e-services get no form: they are filled in in another system.
"""

from importlib.resources import files

from plone import api

from atvidaberg.etjanster.cases.form import eservice_form

FORM_ID = "formular"
FORM_TITLE = "Formulär"
FORM_DESCRIPTION = (
    "Frågorna i e-tjänsten. Invånarna fyller i dem via knappen Starta e-tjänsten."
)
WITH_FORMS = (
    "felanmalan-gata-och-park",
    "anmalan-om-andrad-inkomst",
    "ansokan-om-bygglov",
    "ansokan-om-fardtjanst",
)


def model(eservice_id):
    """The demo's supermodel XML for the form of ``eservice_id``."""
    path = files(__package__) / "form_models" / f"{eservice_id}.xml"
    return path.read_text(encoding="utf-8")


MODELS = {eservice_id: model(eservice_id) for eservice_id in WITH_FORMS}


def ensure_forms(eservices):
    """Give each demo e-service its form, unless it already has one.

    An existing form is left as it is, whatever its id: a communicator may have
    changed it, or replaced it with another, since the demo was installed. The form
    stays private: residents reach it through the e-service's start button, never
    through EasyForm's own page.
    """
    created = {}
    for eservice_id, xml in MODELS.items():
        eservice = eservices.get(eservice_id)
        if eservice is None or eservice_form(eservice) is not None:
            continue
        form = api.content.create(
            container=eservice,
            type="EasyForm",
            id=FORM_ID,
            title=FORM_TITLE,
            description=FORM_DESCRIPTION,
            safe_id=False,
        )
        form.fields_model = xml
        form.reindexObject()
        created[eservice_id] = form
    return created
