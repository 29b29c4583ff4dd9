"""What the three demo blanketter ask for, drawn into PDFs by ``demo.pdf``."""

from atvidaberg.etjanster.demo.pdf import Box
from atvidaberg.etjanster.demo.pdf import Choices
from atvidaberg.etjanster.demo.pdf import Section

PERSON = (
    (Box("Namn (förnamn och efternamn)", 2), Box("Personnummer", 1)),
    (Box("Utdelningsadress", 2), Box("Postnummer och ort", 1)),
    (Box("Telefon dagtid", 1), Box("E-post", 2)),
)

FULLMAKT_BYGGLOV = (
    Section(
        "Fullmaktsgivare (den som äger fastigheten)",
        (
            (
                Box("Namn eller företagsnamn", 2),
                Box("Person- eller organisationsnummer", 1),
            ),
            *PERSON[1:],
        ),
    ),
    Section(
        "Fastighet",
        ((Box("Fastighetsbeteckning", 1), Box("Fastighetens adress", 2)),),
    ),
    Section(
        "Ombud (den som får företräda fastighetsägaren)",
        (
            (Box("Ombudets namn", 2), Box("Personnummer", 1)),
            *PERSON[1:],
        ),
    ),
    Section(
        "Fullmakten gäller",
        (
            Choices(
                (
                    "Ansökan om bygglov, rivningslov eller marklov",
                    "Anmälan om åtgärd som kräver startbesked",
                    "Kontakter med byggnadsnämnden under hela ärendet, även "
                    "att ta emot beslut",
                    "Annat (beskriv nedan)",
                ),
                "Kryssa för det som ombudet får göra för din räkning.",
            ),
            (Box("Beskrivning och eventuell tidsgräns för fullmakten", 1, lines=2),),
        ),
    ),
)

FARDTJANST = (
    Section("Sökande", PERSON),
    Section(
        "Din funktionsnedsättning",
        (
            (Box("Vilken funktionsnedsättning har du?", 1, lines=3),),
            (
                Box("Hur länge beräknas den pågå?", 1),
                Box("Använder du hjälpmedel? Vilka?", 2),
            ),
            Choices(
                (
                    "Jag kan inte gå till busshållplatsen på egen hand",
                    "Jag kan inte resa med buss eller tåg ens med hjälp",
                    "Jag behöver ledsagare under resan",
                ),
                "Kryssa för det som stämmer in på dig.",
            ),
        ),
    ),
    Section(
        "Ansökan gäller",
        (
            Choices(
                ("Färdtjänst inom kommunen", "Riksfärdtjänst (resor utanför länet)")
            ),
            (Box("Ungefär hur ofta behöver du resa, och vart?", 1, lines=2),),
        ),
    ),
    Section(
        "Kontaktperson eller god man (om du har någon)",
        ((Box("Namn", 2), Box("Telefon", 1)),),
    ),
)

UPPSAGNING_FORSKOLA = (
    Section(
        "Barnet",
        ((Box("Barnets namn", 2), Box("Barnets personnummer", 1)),),
    ),
    Section(
        "Förskola eller fritidshem",
        (
            (Box("Förskolans eller fritidshemmets namn", 2), Box("Avdelning", 1)),
            (
                Box("Sista dag barnet har plats (datum)", 1),
                Box("Orsak (frivilligt)", 2),
            ),
        ),
    ),
    Section(
        "Vårdnadshavare 1",
        (
            (Box("Namn", 2), Box("Personnummer", 1)),
            (Box("Telefon", 1), Box("E-post", 2)),
        ),
    ),
    Section(
        "Vårdnadshavare 2",
        (
            (Box("Namn", 2), Box("Personnummer", 1)),
            (Box("Telefon", 1), Box("E-post", 2)),
        ),
    ),
)
