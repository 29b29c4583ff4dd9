"""The folder Blanketter with three paper forms, each a PDF drawn at install time."""

from plone.namedfile.file import NamedBlobFile

from atvidaberg.etjanster.demo import blankett_forms
from atvidaberg.etjanster.demo.common import ensure
from atvidaberg.etjanster.demo.pdf import FormSpec
from atvidaberg.etjanster.demo.pdf import render

FOLDER_ID = "blanketter"
POSTAL_ADDRESS = "Åtvidabergs kommun\n{unit}\n597 81 Åtvidaberg"

BLANKETTER = (
    {
        "id": "fullmakt-i-bygglovsarende",
        "title": "Fullmakt i bygglovsärende",
        "description": (
            "Ge någon annan, till exempel en byggfirma eller arkitekt, rätt att "
            "söka lov och ha kontakt med kommunen åt dig."
        ),
        "unit": "Samhällsbyggnadsförvaltningen",
        "intro": (
            "Med den här fullmakten får ett ombud företräda dig som äger fastigheten "
            "i ett ärende hos byggnadsnämnden. Äger flera personer fastigheten ska "
            "alla skriva under, på var sin blankett. Bifoga fullmakten till "
            "ansökan."
        ),
        "form": blankett_forms.FULLMAKT_BYGGLOV,
        "signers": ("Fullmaktsgivarens underskrift",),
        "category": "Bygga, bo och miljö",
        "fillable": False,
        "signature_required": True,
        "submission_email": "bygglov@atvidaberg.se",
        "contact_centre": True,
        "subjects": ["bygglov", "fullmakt", "ombud"],
    },
    {
        "id": "ansokan-om-fardtjanst-och-riksfardtjanst",
        "title": "Ansökan om färdtjänst och riksfärdtjänst",
        "description": (
            "Pappersblanketten för dig som inte kan eller vill använda e-tjänsten. "
            "Den kan fyllas i på datorn innan du skriver ut den."
        ),
        "unit": "Socialförvaltningen",
        "intro": (
            "Använd blanketten om du vill söka färdtjänst eller riksfärdtjänst på "
            "papper. Du kan fylla i den på datorn eller för hand. Handläggaren kan "
            "kontakta dig för ett samtal och be om ett läkarintyg."
        ),
        "form": blankett_forms.FARDTJANST,
        "signers": ("Sökandens underskrift",),
        "category": "Omsorg och stöd",
        "fillable": True,
        "signature_required": True,
        # Health details do not belong in ordinary e-mail: post or hand in only.
        "submission_email": "",
        "contact_centre": True,
        "subjects": ["färdtjänst", "riksfärdtjänst"],
    },
    {
        "id": "uppsagning-av-plats-i-forskola-eller-fritidshem",
        "title": "Uppsägning av plats i förskola eller fritidshem",
        "description": (
            "Säg upp barnets plats. Uppsägningstiden är en månad och båda "
            "vårdnadshavarna ska skriva under."
        ),
        "unit": "Barn- och utbildningsförvaltningen",
        "intro": (
            "Uppsägningstiden är en månad från den dag blanketten kommer in till "
            "kommunen. Du betalar avgift under uppsägningstiden, även om barnet inte "
            "är på förskolan eller fritidshemmet. Har barnet två vårdnadshavare ska "
            "båda skriva under."
        ),
        "form": blankett_forms.UPPSAGNING_FORSKOLA,
        "signers": ("Vårdnadshavare 1, underskrift", "Vårdnadshavare 2, underskrift"),
        "category": "Barn och utbildning",
        "fillable": False,
        "signature_required": True,
        "submission_email": "barnomsorg@atvidaberg.se",
        "contact_centre": True,
        "subjects": ["förskola", "fritidshem", "uppsägning"],
    },
)


def pdf_for(data):
    spec = FormSpec(
        title=data["title"],
        unit=data["unit"],
        intro=data["intro"],
        sections=data["form"],
        signers=data["signers"],
        postal_address=POSTAL_ADDRESS.format(unit=data["unit"]),
        submission_email=data["submission_email"],
        contact_centre=data["contact_centre"],
        fillable=data["fillable"],
    )
    return NamedBlobFile(
        data=render(spec),
        contentType="application/pdf",
        filename=f"{data['id']}.pdf",
    )


def ensure_blanketter(portal):
    folder, _ = ensure(
        portal,
        "Folder",
        FOLDER_ID,
        title="Blanketter",
        description="Blanketter att skriva ut, skriva under och lämna in.",
    )
    result = {}
    for data in BLANKETTER:
        if data["id"] in folder.objectIds():
            result[data["id"]] = folder[data["id"]]
            continue
        result[data["id"]], _ = ensure(
            folder,
            "Blankett",
            data["id"],
            subjects=data["subjects"],
            title=data["title"],
            description=data["description"],
            file=pdf_for(data),
            category=data["category"],
            fillable=data["fillable"],
            signature_required=data["signature_required"],
            postal_address=POSTAL_ADDRESS.format(unit=data["unit"]),
            submission_email=data["submission_email"] or None,
            contact_centre=data["contact_centre"],
        )
    return result
