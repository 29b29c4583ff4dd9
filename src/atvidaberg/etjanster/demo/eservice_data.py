"""The demo e-services: what residents, employees and politicians read on start pages.

Contact addresses and the external booking address are illustrative demo values.
"""

from atvidaberg.etjanster.content.eservice import AUDIENCE_ELECTED_OFFICIALS
from atvidaberg.etjanster.content.eservice import AUDIENCE_EMPLOYEES

CONTACT_CENTRE_PHONE = "0120-830 00"
PUBLIC_TASK = "Uppgift av allmänt intresse och myndighetsutövning (GDPR artikel 6.1 e)"
LEGAL_OBLIGATION = "Rättslig förpliktelse (GDPR artikel 6.1 c)"

BYGGLOV = {
    "id": "ansokan-om-bygglov",
    "title": "Ansökan om bygglov",
    "description": (
        "Sök bygglov, rivningslov eller marklov för att bygga nytt, bygga till eller "
        "ändra en byggnad."
    ),
    "introduction": (
        "<p>Vill du bygga ett hus, en tillbyggnad eller ett garage, eller ändra "
        "fasaden eller användningen av en byggnad, behöver du oftast bygglov. I "
        "e-tjänsten beskriver du vad du vill göra och laddar upp ritningarna. Till "
        "sist skriver du under ansökan med BankID eller Freja eID+.</p>"
        "<p>När ansökan har kommit in kontrollerar en handläggare att den är "
        "komplett. Saknas något hör vi av oss. Grannar och andra som berörs kan få "
        "yttra sig innan byggnadsnämnden fattar beslut. Du får beslutet på Mina "
        "sidor och med post.</p>"
        "<p>Du får inte börja bygga förrän du har fått ett startbesked.</p>"
    ),
    "target_group": (
        "Dig som äger en fastighet i Åtvidabergs kommun, eller som företräder ägaren "
        "med en fullmakt."
    ),
    "prerequisites": [
        "E-legitimation för inloggning och signering",
        "Fastighetsbeteckningen (finns på fastighetsägarens lagfart eller i kartan)",
        "Situationsplan samt fasad-, plan- och sektionsritningar som PDF",
        "Namn på kontrollansvarig, om åtgärden kräver en",
        "Fullmakt, om du söker för någon annans räkning",
    ],
    "steps": [
        "Logga in med e-legitimation",
        "Kontrollera dina uppgifter och fyll i hur vi når dig",
        "Ange fastigheten och vilken åtgärd du söker lov för",
        "Beskriv byggnaden: mått, material och kulörer, och ange kontrollansvarig",
        "Ladda upp situationsplan och ritningar som PDF, och fullmakt om du har ombud",
        "Granska uppgifterna och skriv under ansökan med e-legitimation",
        "Skicka in ansökan och spara kvittensen",
    ],
    "processing_time": (
        "Beslut inom tio veckor från att ansökan är komplett. Tiden kan förlängas "
        "en gång med högst tio veckor."
    ),
    "cost": (
        "Avgift enligt plan- och bygglovstaxan. Fakturan skickas när beslutet har "
        "fattats."
    ),
    "contact_name": "Bygglovsenheten",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "bygglov@atvidaberg.se",
    "responsible_unit": "Samhällsbyggnadsförvaltningen",
    "data_controller": "Samhällsbyggnadsnämnden",
    "processing_purpose": (
        "Att pröva ansökan om lov enligt plan- och bygglagen, underrätta berörda "
        "grannar och arkivera ärendet."
    ),
    "legal_basis": PUBLIC_TASK,
    "category": "Bygga, bo och miljö",
    "subjects": ["bygglov", "bygga", "rivningslov", "marklov", "tillbyggnad"],
    "requires_eid": True,
    "requires_signature": True,
    "allows_protected_identity": False,
    # Drawings are handled as PDF from the application to the archive.
    "attachment_types": ["pdf"],
}

FORSKOLEPLATS = {
    "id": "ansokan-om-forskoleplats",
    "title": "Ansökan om förskoleplats",
    "description": "Ställ ditt barn i kö till förskola eller pedagogisk omsorg.",
    "introduction": (
        "<p>Barn från ett års ålder kan få plats i förskola när vårdnadshavarna "
        "arbetar, studerar eller söker arbete. Alla barn har också rätt till "
        "allmän förskola från hösten det år de fyller tre.</p>"
        "<p>Ansök senast fyra månader innan du behöver platsen. Du kan önska flera "
        "förskolor i den ordning du föredrar dem. Erbjudandet om plats kommer till "
        "Mina sidor och ska besvaras inom den tid som anges där.</p>"
    ),
    "target_group": (
        "Vårdnadshavare till barn mellan ett och fem år som bor i kommunen."
    ),
    "prerequisites": [
        "E-legitimation",
        "Barnets personnummer",
        "Önskat startdatum och de förskolor du helst vill ha",
        "Uppgifter om den andra vårdnadshavaren",
    ],
    "steps": [
        "Logga in med e-legitimation",
        "Välj vilket barn ansökan gäller",
        "Ange önskat startdatum och förskolor i prioritetsordning",
        "Fyll i uppgifter om arbete eller studier",
        "Skicka in ansökan",
    ],
    "processing_time": "Plats erbjuds inom fyra månader från att ansökan kom in.",
    "cost": "Avgiften följer maxtaxan och beror på hushållets inkomst.",
    "contact_name": "Förskoleantagningen",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "barnomsorg@atvidaberg.se",
    "responsible_unit": "Barn- och utbildningsförvaltningen",
    "data_controller": "Barn- och utbildningsnämnden",
    "processing_purpose": (
        "Att ordna förskoleplats för barnet, placera barnet i kö och beräkna avgiften."
    ),
    "legal_basis": PUBLIC_TASK,
    "category": "Barn och utbildning",
    "subjects": ["förskola", "barnomsorg", "kö", "pedagogisk omsorg"],
    "requires_eid": True,
    "requires_signature": False,
    "allows_protected_identity": False,
}

ANDRAD_INKOMST = {
    "id": "anmalan-om-andrad-inkomst",
    "title": "Anmälan om ändrad inkomst för barnomsorgsavgift",
    "description": (
        "Meddela ny hushållsinkomst så att avgiften för förskola och fritidshem "
        "blir rätt."
    ),
    "introduction": (
        "<p>Avgiften för förskola och fritidshem räknas på hushållets samlade "
        "inkomst före skatt. När inkomsten ändras ska du anmäla det, så att du "
        "inte betalar för mycket eller får en efterdebitering.</p>"
        "<p>Den nya avgiften gäller från månaden efter att anmälan kommit in. "
        "Kommunen jämför uppgifterna med Skatteverkets uppgifter i efterhand.</p>"
    ),
    "target_group": (
        "Vårdnadshavare och deras sambor eller makar, när barnet har plats i "
        "förskola, pedagogisk omsorg eller fritidshem."
    ),
    "prerequisites": [
        "E-legitimation",
        "Hushållets nya månadsinkomst före skatt",
        "Datum från när den nya inkomsten gäller",
    ],
    "steps": [
        "Logga in med e-legitimation",
        "Ange den nya inkomsten för varje vuxen i hushållet",
        "Skicka in anmälan",
    ],
    "processing_time": "Den nya avgiften syns på nästa faktura.",
    "cost": "Kostnadsfritt.",
    "contact_name": "Avgiftshandläggare barnomsorg",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "barnomsorgsavgift@atvidaberg.se",
    "responsible_unit": "Barn- och utbildningsförvaltningen",
    "data_controller": "Barn- och utbildningsnämnden",
    "processing_purpose": "Att ta ut rätt avgift för barnomsorg enligt maxtaxan.",
    "legal_basis": PUBLIC_TASK,
    "category": "Barn och utbildning",
    "subjects": ["avgift", "inkomst", "maxtaxa", "fritidshem", "förskola"],
    "requires_eid": True,
    "requires_signature": False,
    "allows_protected_identity": True,
}

FELANMALAN = {
    "id": "felanmalan-gata-och-park",
    "title": "Felanmälan gata och park",
    "description": (
        "Tipsa oss om potthål, trasig gatubelysning, klotter eller annat som behöver "
        "åtgärdas på gator, cykelvägar och i parker."
    ),
    "introduction": (
        "<p>Ser du något som är trasigt eller farligt på kommunens gator, torg, "
        "lekplatser eller i parkerna? Berätta var felet finns och vad som är fel, "
        "och bifoga gärna en bild.</p>"
        "<p>Vid akut fara, till exempel en nedfallen stolpe eller ett öppet "
        "brunnslock, ring kontaktcenter direkt på 0120-830 00. Efter kontorstid "
        "ringer du 112 om någon kan skadas.</p>"
    ),
    "target_group": (
        "Alla. Du loggar in med e-legitimation, eller med ditt konto om du arbetar i "
        "kommunen, så kan du följa anmälan på Mina sidor."
    ),
    "prerequisites": ["Platsen där felet finns", "Gärna ett foto av felet"],
    "steps": [
        "Välj vad felet gäller och beskriv var det finns",
        "Beskriv felet och bifoga gärna en bild",
        "Lämna e-post om du vill få besked när felet är åtgärdat",
    ],
    "processing_time": "Akuta fel åtgärdas snarast, övriga fel planeras in.",
    "cost": "Kostnadsfritt.",
    "contact_name": "Gatu- och parkenheten",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "gatapark@atvidaberg.se",
    "responsible_unit": "Samhällsbyggnadsförvaltningen",
    "data_controller": "Samhällsbyggnadsnämnden",
    "processing_purpose": (
        "Att kunna återkoppla till dig om felanmälan, när du har lämnat "
        "kontaktuppgifter."
    ),
    "legal_basis": PUBLIC_TASK,
    "category": "Bygga, bo och miljö",
    "subjects": ["felanmälan", "gata", "park", "gatubelysning", "lekplats"],
    "requires_eid": False,
    "requires_signature": False,
    "allows_protected_identity": True,
}

FARDTJANST = {
    "id": "ansokan-om-fardtjanst",
    "title": "Ansökan om färdtjänst",
    "description": (
        "Sök färdtjänst eller riksfärdtjänst om du har svårt att resa med "
        "kollektivtrafik på grund av en funktionsnedsättning."
    ),
    "introduction": (
        "<p>Färdtjänst är ett sätt att resa för dig som på grund av en "
        "funktionsnedsättning som inte bara är tillfällig har stora svårigheter att "
        "förflytta dig på egen hand eller att åka buss och tåg.</p>"
        "<p>I e-tjänsten beskriver du dina svårigheter och skriver under ansökan "
        "med BankID eller Freja eID+. En handläggare kan kontakta dig för ett "
        "samtal och kan be om ett läkarintyg. Beslutet skickas till dig och syns "
        "på Mina sidor.</p>"
    ),
    "target_group": "Dig som är folkbokförd i Åtvidabergs kommun.",
    "prerequisites": [
        "E-legitimation för inloggning och signering",
        "Uppgifter om din funktionsnedsättning och hur länge den väntas pågå",
        "Vilka hjälpmedel du använder, till exempel rullator eller rullstol",
    ],
    "steps": [
        "Logga in med e-legitimation",
        "Kontrollera dina uppgifter och fyll i hur vi når dig",
        "Beskriv din funktionsnedsättning och dina svårigheter att resa",
        "Ange om du söker färdtjänst, riksfärdtjänst eller båda",
        "Söker du riksfärdtjänst: berätta om resorna du vill göra",
        "Skriv under ansökan med e-legitimation och skicka in den",
    ],
    "processing_time": "Cirka tre veckor, längre om vi behöver ett läkarintyg.",
    "cost": (
        "Ansökan är kostnadsfri. För resorna betalar du en egenavgift enligt "
        "kommunens taxa."
    ),
    "contact_name": "Färdtjänsthandläggare",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "fardtjanst@atvidaberg.se",
    "responsible_unit": "Socialförvaltningen",
    "data_controller": "Socialnämnden",
    "processing_purpose": (
        "Att utreda rätten till färdtjänst och riksfärdtjänst och ordna resorna."
    ),
    "legal_basis": PUBLIC_TASK,
    "category": "Omsorg och stöd",
    "subjects": ["färdtjänst", "riksfärdtjänst", "resor", "funktionsnedsättning"],
    "requires_eid": True,
    "requires_signature": True,
    "allows_protected_identity": False,
}

SERVERINGSTILLSTAND = {
    "id": "ansokan-om-serveringstillstand",
    "title": "Ansökan om serveringstillstånd",
    "description": (
        "Sök stadigvarande eller tillfälligt tillstånd att servera alkohol på "
        "restaurang, vid evenemang eller för slutna sällskap."
    ),
    "introduction": (
        "<p>För att servera starköl, vin, spritdrycker eller andra jästa "
        "alkoholdrycker behöver du serveringstillstånd från kommunen. Vi prövar "
        "om du är lämplig, om lokalen uppfyller kraven och om serveringen kan "
        "ske utan olägenheter.</p>"
        "<p>Polisen och räddningstjänsten får yttra sig över ansökan. Du som söker "
        "ska ha klarat kunskapsprovet i alkohollagen.</p>"
    ),
    "target_group": "Företag, föreningar och privatpersoner som vill servera alkohol.",
    "prerequisites": [
        "E-legitimation för inloggning och signering",
        "Organisationsnummer och registreringsbevis",
        "Ritning över serveringsytan och köket",
        "Intyg om godkänt kunskapsprov",
        "Uppgifter om hur verksamheten finansieras",
    ],
    "steps": [
        "Logga in med e-legitimation",
        "Välj typ av tillstånd",
        "Fyll i uppgifter om bolaget och personer med betydande inflytande",
        "Beskriv serveringsstället och serveringstiderna",
        "Bifoga handlingar, signera och skicka in",
    ],
    "processing_time": (
        "Oftast två till fyra månader för stadigvarande tillstånd, kortare för "
        "tillfälliga."
    ),
    "cost": "Ansökningsavgift enligt taxan för serveringstillstånd.",
    "contact_name": "Alkoholhandläggare",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "alkoholtillstand@atvidaberg.se",
    "responsible_unit": "Socialförvaltningen",
    "data_controller": "Socialnämnden",
    "processing_purpose": (
        "Att pröva ansökan om serveringstillstånd enligt alkohollagen och utöva "
        "tillsyn."
    ),
    "legal_basis": PUBLIC_TASK,
    "category": "Näringsliv och arbete",
    "subjects": ["alkohol", "serveringstillstånd", "restaurang", "tillstånd"],
    "requires_eid": True,
    "requires_signature": True,
    "allows_protected_identity": False,
}

BOKNING_AV_LOKAL = {
    "id": "bokning-av-lokal",
    "title": "Bokning av lokal",
    "description": (
        "Boka idrottshall, gymnastiksal eller möteslokal i kommunens bokningssystem."
    ),
    "introduction": (
        "<p>Föreningar, företag och privatpersoner kan hyra kommunens idrottshallar, "
        "gymnastiksalar och samlingslokaler. Bokningen görs i ett separat "
        "bokningssystem där du ser lediga tider direkt.</p>"
        "<p>Eftersom bokningssystemet inte hör till självserviceportalen syns dina "
        "bokningar inte på Mina sidor, utan i bokningssystemet.</p>"
    ),
    "target_group": "Föreningar, företag och privatpersoner.",
    "prerequisites": [
        "Ett konto i bokningssystemet (skapas första gången du bokar)",
        "Organisationsnummer om du bokar för en förening eller ett företag",
    ],
    "steps": [
        "Välj lokal och se lediga tider",
        "Logga in eller skapa ett konto",
        "Boka och få en bekräftelse med e-post",
    ],
    "processing_time": "Bokningen bekräftas direkt.",
    "cost": "Hyra enligt kommunens taxa för lokaler. Lägre taxa för ungdomsföreningar.",
    "contact_name": "Bokningen, kultur och fritid",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "bokning@atvidaberg.se",
    "responsible_unit": "Kultur- och fritidsförvaltningen",
    "data_controller": "Kultur- och fritidsnämnden",
    "processing_purpose": "Att hantera bokningar och fakturera hyran.",
    "legal_basis": "Avtal (GDPR artikel 6.1 b)",
    "category": "Kultur och fritid",
    "subjects": ["boka", "lokal", "idrottshall", "hyra"],
    "requires_eid": False,
    "requires_signature": False,
    "allows_protected_identity": False,
    "external_url": "https://atvidaberg.ibgo.se/",
}

FORENINGSBIDRAG = {
    "id": "ansokan-om-foreningsbidrag",
    "title": "Ansökan om föreningsbidrag",
    "description": (
        "Sök aktivitetsbidrag, lokalbidrag eller bidrag till arrangemang för din "
        "förening."
    ),
    "introduction": (
        "<p>Kommunen stöder föreningar som bedriver verksamhet för barn och unga, "
        "för personer med funktionsnedsättning och för äldre. Bidragen söks "
        "två gånger per år.</p>"
        "<p>Föreningen ska vara registrerad i kommunens föreningsregister och ha "
        "lämnat verksamhetsberättelse och ekonomisk redovisning för det senaste "
        "året.</p>"
    ),
    "target_group": "Ideella föreningar med säte i Åtvidabergs kommun.",
    "prerequisites": [
        "E-legitimation för föreningens firmatecknare",
        "Föreningens organisationsnummer och bankgiro",
        "Närvaro- och deltagarstatistik för perioden",
    ],
    "steps": [
        "Logga in med e-legitimation",
        "Välj bidragsform",
        "Fyll i deltagarstatistik och bifoga redovisning",
        "Skicka in ansökan",
    ],
    "processing_time": "Beslut cirka sex veckor efter att ansökningsperioden stängt.",
    "cost": "Kostnadsfritt.",
    "contact_name": "Föreningsservice",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "forening@atvidaberg.se",
    "responsible_unit": "Kultur- och fritidsförvaltningen",
    "data_controller": "Kultur- och fritidsnämnden",
    "processing_purpose": "Att pröva och betala ut bidrag till föreningar.",
    "legal_basis": PUBLIC_TASK,
    "category": "Kultur och fritid",
    "subjects": ["förening", "bidrag", "aktivitetsbidrag"],
    "requires_eid": True,
    "requires_signature": False,
    "allows_protected_identity": False,
    "available": False,
    "unavailable_message": (
        "E-tjänsten är stängd medan vi byter system för föreningsbidrag. Den öppnar "
        "igen före nästa ansökningsperiod. Behöver du komma i kontakt med "
        "föreningsservice under tiden, ring kontaktcenter på 0120-830 00."
    ),
}

TILLBUD = {
    "id": "anmalan-av-tillbud-och-arbetsskada",
    "title": "Anmälan av tillbud och arbetsskada",
    "description": (
        "För medarbetare: anmäl ett tillbud, en olycka eller en arbetssjukdom till "
        "din chef."
    ),
    "introduction": (
        "<p>Har du varit med om en händelse på jobbet som kunde ha lett till en "
        "skada, eller har du skadats eller blivit sjuk av arbetet? Anmäl det så "
        "snart som möjligt. Anmälan går direkt till din närmaste chef, som "
        "utreder vad som hände och vad som behöver göras.</p>"
        "<p>Allvarliga olyckor och tillbud anmäler chefen vidare till "
        "Arbetsmiljöverket, och arbetsskador anmäls till Försäkringskassan.</p>"
    ),
    "target_group": "Anställda i Åtvidabergs kommun.",
    "prerequisites": [
        "Inloggning som medarbetare",
        "När och var händelsen inträffade",
        "Namn på eventuella vittnen",
    ],
    "steps": [
        "Välj om det gäller ett tillbud, en olycka eller en arbetssjukdom",
        "Beskriv händelsen och vad som orsakade den",
        "Föreslå åtgärder som kan hindra att det händer igen",
        "Skicka anmälan till din chef",
    ],
    "processing_time": "Chefen återkopplar inom en vecka.",
    "cost": "Kostnadsfritt.",
    "contact_name": "HR-enheten",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "hr@atvidaberg.se",
    "responsible_unit": "Kommunledningsförvaltningen",
    "data_controller": "Kommunstyrelsen",
    "processing_purpose": (
        "Att utreda händelsen, förebygga ohälsa och olycksfall och fullgöra "
        "arbetsgivarens anmälningsskyldighet."
    ),
    "legal_basis": LEGAL_OBLIGATION,
    "category": "Kommun och politik",
    "subjects": ["arbetsmiljö", "tillbud", "arbetsskada", "medarbetare"],
    "requires_eid": True,
    "requires_signature": False,
    "allows_protected_identity": True,
    "audience": AUDIENCE_EMPLOYEES,
}

FORLORAD_ARBETSINKOMST = {
    "id": "ersattning-for-forlorad-arbetsinkomst",
    "title": "Ersättning för förlorad arbetsinkomst",
    "description": (
        "För förtroendevalda: begär ersättning för inkomst du förlorat när du "
        "deltagit i sammanträden."
    ),
    "introduction": (
        "<p>Som förtroendevald har du rätt till ersättning för den arbetsinkomst, "
        "semesterförmån och pension du går miste om när du fullgör ditt uppdrag. "
        "Ersättningen betalas enligt kommunens arvodesbestämmelser.</p>"
        "<p>Begär ersättningen senast tre månader efter sammanträdet. Bifoga ett "
        "intyg från arbetsgivaren om löneavdraget första gången, och när lönen "
        "ändras.</p>"
    ),
    "target_group": "Förtroendevalda i fullmäktige, nämnder och styrelser.",
    "prerequisites": [
        "Inloggning som förtroendevald och e-legitimation för signering",
        "Datum och tider för sammanträdena",
        "Intyg från arbetsgivaren om löneavdrag",
    ],
    "steps": [
        "Ange sammanträden och hur många timmar du var ledig",
        "Bifoga intyg om löneavdrag",
        "Signera och skicka in",
    ],
    "processing_time": "Betalas ut med nästa arvodesutbetalning.",
    "cost": "Kostnadsfritt.",
    "contact_name": "Nämndsekretariatet",
    "contact_phone": CONTACT_CENTRE_PHONE,
    "contact_email": "namndsekretariatet@atvidaberg.se",
    "responsible_unit": "Kommunledningsförvaltningen",
    "data_controller": "Kommunstyrelsen",
    "processing_purpose": "Att betala ut ersättning till förtroendevalda.",
    "legal_basis": LEGAL_OBLIGATION,
    "category": "Kommun och politik",
    "subjects": ["förtroendevald", "arvode", "ersättning", "sammanträde"],
    "requires_eid": True,
    "requires_signature": True,
    "allows_protected_identity": True,
    "audience": AUDIENCE_ELECTED_OFFICIALS,
}

EXTERNAL_ID = BOKNING_AV_LOKAL["id"]

ESERVICES = (
    BYGGLOV,
    FORSKOLEPLATS,
    ANDRAD_INKOMST,
    FELANMALAN,
    FARDTJANST,
    SERVERINGSTILLSTAND,
    BOKNING_AV_LOKAL,
    FORENINGSBIDRAG,
    TILLBUD,
    FORLORAD_ARBETSINKOMST,
)

# Shown first on the catalog page, in this order.
POPULAR = (
    FORSKOLEPLATS["id"],
    BYGGLOV["id"],
    FELANMALAN["id"],
    FARDTJANST["id"],
)
