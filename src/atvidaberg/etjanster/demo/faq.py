"""Frågor och svar: the questions residents ask the contact centre most often."""

from atvidaberg.etjanster.demo.common import ensure
from atvidaberg.etjanster.demo.common import html

FAQ_ID = "fragor-och-svar"
CONTACT = (
    'kontaktcenter på <a href="tel:+4612083000">0120-830 00</a> eller '
    '<a href="mailto:kontakt@atvidaberg.se">kontakt@atvidaberg.se</a>'
)

SECTIONS = (
    (
        "e-tjanster-och-blanketter",
        "E-tjänster och blanketter",
        (
            (
                "skillnad-e-tjanst-och-blankett",
                "Vad är skillnaden mellan en e-tjänst och en blankett?",
                "<p>En e-tjänst fyller du i på webben, från dator, surfplatta eller "
                "mobil, vilken tid på dygnet du vill. Bilagor laddar du upp direkt i "
                "e-tjänsten, och efteråt kan du följa ärendet på Mina sidor.</p>"
                "<p>En blankett är ett formulär som du skriver ut. Du fyller i den "
                "för hand, eller på datorn om blanketten är ifyllningsbar, och "
                "skriver under med din namnteckning. Sedan skickar du den med post "
                "eller e-post, eller lämnar den i kommunens kontaktcenter.</p>",
            ),
            (
                "varfor-syns-inte-e-tjansten",
                "Varför hittar jag inte den e-tjänst jag letar efter?",
                "<p>Vissa e-tjänster är bara till för kommunens medarbetare eller "
                "för förtroendevalda. De syns först när du har loggat in som "
                "medarbetare eller förtroendevald.</p>"
                "<p>Letar du efter en e-tjänst för invånare och hittar den inte, "
                "pröva att söka på ett annat ord eller kontakta " + CONTACT + ".</p>",
            ),
        ),
    ),
    (
        "mina-sidor",
        "Mina sidor och dina uppgifter",
        (
            (
                "folj-ditt-arende",
                "Hur följer jag mitt ärende på Mina sidor?",
                "<p>Logga in i självserviceportalen och gå till Mina sidor. Där ser "
                "du de ärenden du har skickat in och vilken status de har, och där "
                "kan du fortsätta med en ansökan som du har påbörjat.</p>"
                "<p>Via meddelandefunktionen på Mina sidor kan du skriva till "
                "handläggaren och skicka in kompletteringar som handläggaren ber "
                "om.</p>",
            ),
            (
                "arendet-syns-inte-pa-mina-sidor",
                "Varför syns inte mitt ärende på Mina sidor?",
                "<p>En del e-tjänster finns i andra system än självserviceportalen, "
                "till exempel kommunens bokningssystem. De är märkta med en symbol "
                "för extern länk vid knappen Starta e-tjänsten. Eftersom det andra "
                "systemet inte är kopplat till portalen kan du inte följa de "
                "ärendena på Mina sidor, utan i systemet där du skickade in dem.</p>",
            ),
            (
                "sparad-ansokan",
                "Har kommunen fått min ansökan när jag har sparat den?",
                "<p>Nej. När du klickar på Spara lagras ansökan på en skyddad yta "
                "som bara du kommer åt, så att ingen obehörig kan läsa eller ändra "
                "den. Du fortsätter med den från Mina sidor, efter att ha loggat in "
                "med e-legitimation.</p>"
                "<p>En sparad ansökan är ingen inkommen handling. Kommunen tar emot "
                "och börjar handlägga ansökan först när du har gått igenom alla "
                "steg och skickat in den.</p>",
            ),
            (
                "inskickat-arende-ar-allman-handling",
                "Vad händer med mina uppgifter när jag har skickat in ett ärende?",
                "<p>Allt som kommer in via en e-tjänst blir en inkommen handling hos "
                "kommunen och därmed i regel en allmän handling. Vem som helst kan "
                "begära att få ta del av allmänna handlingar, och den rätten gäller "
                "även uppgifter om dig.</p>"
                "<p>Innan kommunen lämnar ut en handling prövar vi alltid om "
                "uppgifterna omfattas av sekretess enligt offentlighets- och "
                "sekretesslagen. Uppgifter som omfattas av sekretess lämnas inte "
                "ut.</p>",
            ),
        ),
    ),
    (
        "e-legitimation-och-skyddad-identitet",
        "E-legitimation och skyddad identitet",
        (
            (
                "vad-ar-e-legitimation",
                "Vad är en e-legitimation?",
                "<p>En e-legitimation är en digital id-handling. Precis som du visar "
                "körkort eller pass vid en disk, visar du med e-legitimationen vem "
                "du är på internet. Med den loggar du in i e-tjänsterna och, när "
                "det behövs, skriver du under digitalt.</p>"
                "<p>Mer om hur det fungerar finns på "
                '<a href="https://www.e-legitimation.se/">e-legitimation.se</a>.</p>',
            ),
            (
                "varfor-e-legitimation",
                "Varför behöver jag logga in med e-legitimation?",
                "<p>Kommunen måste kunna lita på att det är du som skickar in en "
                "ansökan eller anmälan i ditt namn. E-legitimationen gör det "
                "säkert.</p>"
                "<p>När du loggar in hämtar e-tjänsten ditt namn och din adress "
                "från Skatteverket, så du behöver inte skriva in dem själv. Och "
                "eftersom vi vet vem du är kan du följa ditt ärende på Mina sidor "
                "hela vägen till beslut.</p>",
            ),
            (
                "vilka-e-legitimationer",
                "Vilka e-legitimationer kan jag använda?",
                "<p>Du kan logga in och skriva under med BankID, Mobilt BankID och "
                "Freja eID+. De flesta av kommunens e-tjänster kräver någon av "
                "dem.</p>",
            ),
            (
                "skaffa-e-legitimation",
                "Hur skaffar jag en e-legitimation?",
                "<p>BankID och Mobilt BankID skaffar du via din bank, oftast i "
                "internetbanken. Freja eID+ är en app som du laddar ner och sedan "
                "styrker med en giltig id-handling.</p>"
                '<p>På <a href="https://www.e-legitimation.se/">e-legitimation.se'
                "</a> finns en översikt över vilka e-legitimationer som finns och "
                "hur du skaffar dem.</p>",
            ),
            (
                "problem-med-e-legitimation",
                "Jag kan inte logga in eller skriva under. Vad gör jag?",
                "<p>Börja med att testa din e-legitimation, det kan du göra hos den "
                "som har utfärdat den. Vanliga orsaker är att e-legitimationen har "
                "slutat gälla, att appen behöver uppdateras eller att den aldrig "
                "installerades på enheten du använder.</p>"
                "<p>Fungerar testet inte, kontakta utfärdaren, för BankID oftast "
                "din bank. Fungerar testet men inte e-tjänsten, kontakta "
                + CONTACT
                + ".</p>",
            ),
            (
                "skyddad-identitet",
                "Jag har skyddad identitet. Hur gör jag?",
                "<p>Har du skyddade personuppgifter ska du inte använda e-tjänster "
                "som inte är öppna för skyddad identitet. Det står på varje "
                "e-tjänsts startsida om den är det.</p>"
                "<p>Vänd dig i stället direkt till verksamheten som handlägger "
                "ärendet, eller ring kommunens kontaktcenter på 0120-830 00, så "
                "hjälper vi dig att lämna in ärendet på ett säkert sätt.</p>",
            ),
        ),
    ),
    (
        "teknik-och-kontakt",
        "Teknik och kontakt",
        (
            (
                "webblasare",
                "Vilka webbläsare fungerar med e-tjänsterna?",
                "<p>Webbplatsen och e-tjänsterna fungerar bäst i en uppdaterad "
                "version av någon av de vanliga webbläsarna: Microsoft Edge, Google "
                "Chrome, Mozilla Firefox eller Safari. För att kunna logga in behöver "
                "webbläsaren tillåta kakor.</p>"
                "<p>Får du ett felmeddelande, som att sidan inte kan visas, pröva "
                "först att uppdatera webbläsaren och att rensa dess cache. Hjälp "
                "finns hos tillverkarna: "
                '<a href="https://support.microsoft.com/microsoft-edge">Edge</a>, '
                '<a href="https://support.google.com/chrome">Chrome</a>, '
                '<a href="https://support.mozilla.org/">Firefox</a> och '
                '<a href="https://support.apple.com/safari">Safari</a>.</p>',
            ),
            (
                "vem-kontaktar-jag",
                "Vem kontaktar jag om jag inte hittar svar här?",
                "<p>Gäller frågan en viss e-tjänst, hittar du kontaktuppgifter på "
                "e-tjänstens startsida.</p>"
                "<p>Har du frågor eller synpunkter på självserviceportalen eller på "
                "kommunens e-tjänster i allmänhet, kontakta " + CONTACT + ".</p>",
            ),
        ),
    ),
)


def ensure_faq(portal):
    """The FAQ with its sections and questions; returns the questions by id."""
    faq, _ = ensure(
        portal,
        "FAQ",
        FAQ_ID,
        title="Frågor och svar",
        description=(
            "Svar på vanliga frågor om e-tjänster, blanketter, Mina sidor och "
            "e-legitimation."
        ),
        introduction=html(
            "<p>Här har vi samlat svar på det som invånare oftast frågar om när "
            "de använder kommunens e-tjänster. Hittar du inte svaret, kontakta "
            + CONTACT
            + ".</p>"
        ),
    )
    items = {}
    for section_id, section_title, questions in SECTIONS:
        section, _ = ensure(faq, "FAQSection", section_id, title=section_title)
        for item_id, question, answer in questions:
            items[item_id], _ = ensure(
                section, "FAQItem", item_id, title=question, answer=html(answer)
            )
    return items
