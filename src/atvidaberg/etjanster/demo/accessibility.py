"""Tillgänglighetsredogörelse: the statement lagen (2018:1937) requires, after DIGG.

The footer link to it is a site action in ``profiles/demo/actions.xml``.
"""

from datetime import date

from atvidaberg.etjanster.dates import swedish_date
from atvidaberg.etjanster.demo.common import ensure
from atvidaberg.etjanster.demo.common import html

PAGE_ID = "tillganglighetsredogorelse"
CONTACT = (
    '<ul><li>E-post: <a href="mailto:kontakt@atvidaberg.se">kontakt@atvidaberg.se'
    "</a></li>"
    '<li>Telefon: kontaktcenter, <a href="tel:+4612083000">0120-830 00</a></li></ul>'
)


def statement(day):
    when = swedish_date(day)
    return (
        "<p>Åtvidabergs kommun står bakom självserviceportalen med kommunens "
        "e-tjänster och blanketter. Vi vill att så många som möjligt ska kunna "
        "använda den. Här beskriver vi hur portalen uppfyller lagen (2018:1937) om "
        "tillgänglighet till digital offentlig service, vilka brister vi känner "
        "till och hur du kan rapportera brister till oss så att vi kan rätta "
        "dem.</p>"
        "<h2>Hur tillgänglig är webbplatsen?</h2>"
        "<p>Vi vet att delar av webbplatsen inte är helt tillgängliga. Bristerna "
        "beskrivs under rubriken Innehåll som inte är tillgängligt.</p>"
        "<h2>Vad kan du göra om du inte kan använda delar av webbplatsen?</h2>"
        "<p>Behöver du innehåll i ett annat format, till exempel en blankett som "
        "tillgänglig text, uppläst eller i punktskrift, eller vill du lämna in ett "
        "ärende på annat sätt? Kontakta oss:</p>" + CONTACT + "<p>Vi svarar "
        "inom fem arbetsdagar.</p>"
        "<h2>Rapportera brister i webbplatsens tillgänglighet</h2>"
        "<p>Vi arbetar hela tiden med att göra portalen bättre. Upptäcker du "
        "problem som inte står här, eller anser du att vi inte uppfyller lagens "
        "krav, vill vi gärna veta det. Kontakta oss på samma sätt som ovan.</p>"
        "<h2>Tillsyn</h2>"
        "<p>Myndigheten för digital förvaltning (DIGG) har tillsyn över lagen om "
        "tillgänglighet till digital offentlig service. Är du inte nöjd med hur vi "
        "har hanterat dina synpunkter kan du "
        '<a href="https://www.digg.se/tdosanmalan">anmäla det till DIGG</a> '
        "(digg.se/tdosanmalan).</p>"
        "<h2>Teknisk information om webbplatsens tillgänglighet</h2>"
        "<p>Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital "
        "offentlig service, på grund av de brister som beskrivs nedan.</p>"
        "<h3>Innehåll som inte är tillgängligt</h3>"
        "<p>Bristande förenlighet med lagkraven:</p><ul>"
        "<li>Blanketterna är PDF-filer utan taggad dokumentstruktur. En "
        "skärmläsare kan därför inte återge rubriker, fältens ordning och "
        "sambandet mellan en ledtext och dess fält på ett pålitligt sätt (WCAG 2.1 "
        "kriterium 1.3.1 och 1.3.2). De flesta blanketter går inte heller att fylla "
        "i på datorn. Använd e-tjänsten när det finns en, eller kontakta oss så "
        "hjälper vi dig.</li>"
        "<li>Inloggning med Mobilt BankID på en annan enhet sker genom att du "
        "skannar en QR-kod. Det kräver en andra enhet med kamera. Har du BankID på "
        "samma dator eller mobil som du använder e-tjänsten på kan du i stället "
        "öppna BankID direkt, utan QR-kod.</li>"
        "<li>Vissa e-tjänster, som bokningen av lokaler, finns i andra leverantörers "
        "system. Vi har inte granskat deras tillgänglighet; varje sådant system ska "
        "ha en egen tillgänglighetsredogörelse.</li></ul>"
        "<h2>Hur vi testat webbplatsen</h2>"
        "<p>Vi har gjort en självskattning (intern testning) av självserviceportalen "
        "mot WCAG 2.1 nivå AA: automatisk granskning av sidorna och manuell "
        "kontroll med enbart tangentbord, med skärmläsare och med 200 procents "
        "förstoring.</p>"
        f"<p>Redogörelsen upprättades den {when} och uppdaterades senast den "
        f"{when}.</p>"
    )


def ensure_accessibility_statement(site, today=None):
    page, _created = ensure(
        site,
        "Document",
        PAGE_ID,
        title="Tillgänglighetsredogörelse",
        description=(
            "Hur tillgänglig självserviceportalen är, vilka brister vi känner till "
            "och hur du rapporterar brister."
        ),
        text=html(statement(today or date.today())),
        # Reached from the footer link on every page, not from the main menu.
        exclude_from_nav=True,
    )
    return page
