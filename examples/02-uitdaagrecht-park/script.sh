#!/usr/bin/env bash
# Scenario 2 (RULES §3): uitdaagrecht — de bewonersgroep Vrienden van het Wilgenpark wil het onderhoud
# van het park overnemen, met budget. Zonder de kaders van de raad geen beoordeling: kaders die de raad zelf
# vaststelde vóórdat de uitdaging binnenkwam. Elke voorwaarde wordt apart getoetst; het college besluit met
# motivering; na een jaar uitvoering en evaluatie volgt verlenging. Een tweede uitdaging (de markt) komt binnen
# voordat de raad er kaders voor had: die is niet ontvankelijk, en de noodrem kan dat niet meer veranderen.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/02-uitdaagrecht-park/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=projectleider

# Maandag 2 maart 2026: de uitdaging komt binnen via het webformulier.
export PARTICIPATIE_NOW=2026-03-02T10:00:00+01:00
participatie plan check plan.json
# uitvoer: plan.json: compleet
participatie start uitdaagrecht --id UR-WILGENPARK --title "Onderhoud Wilgenpark door de buurt" --plan plan.json
# uitvoer: Participatieplan: plan.json, compleet
participatie input import UR-WILGENPARK inbreng.csv
# uitvoer: 1 uitdaging geregistreerd in UR-WILGENPARK
participatie advance UR-WILGENPARK inBehandelingNemen

# De raad stelde op 12 november 2025 de kaders voor het uitdaagrecht vast, maar dat besluit zit nog niet in het
# dossier: ontvankelijk verklaren kan niet. De melding zegt wie het toevoegt en van wanneer het moet zijn.
export PARTICIPATIE_NOW=2026-03-04T10:00:00+01:00
participatie advance UR-WILGENPARK ontvankelijkVerklaren   # verwacht: 1
# uitvoer: Document "Kaders van de raad: de voorwaarden waarbinnen de gemeente uitgedaagd mag worden" (kaders) ontbreekt. Alleen gemeenteraad (raad) mag het toevoegen. Het moet van vóór de eerste uitdaging (U-01, ontvangen 02-03-2026) zijn.

# De projectleider voegt het raadsbesluit zelf toe. Dat telt niet: de kaders zijn van de raad.
participatie document add UR-WILGENPARK --kind kaders --ref "Raadsbesluit 2025-118 Kaders uitdaagrecht"
participatie advance UR-WILGENPARK ontvankelijkVerklaren   # verwacht: 1
# uitvoer: (kaders) is toegevoegd als projectleider (behandelt de uitdaging); alleen gemeenteraad (raad) mag het toevoegen. Voeg het toe in de juiste rol met: participatie document add UR-WILGENPARK --kind kaders --ref VERWIJZING --as raad.

# De uitdaging blijft liggen tot de raad zijn kaders toevoegt; de status laat zien wat er ontbreekt.
participatie status UR-WILGENPARK
# uitvoer: (ontvankelijkVerklaren) → Beoordeling aan de voorwaarden van de raad (door projectleider): kan nog niet

# Woensdag 15 april: de griffie voegt namens de raad het raadsbesluit toe, met de datum van het besluit. Die kaders
# waren er vóór de uitdaging: nu is de uitdaging ontvankelijk.
export PARTICIPATIE_NOW=2026-04-15T11:30:00+02:00
participatie document add UR-WILGENPARK --kind kaders --ref "Raadsbesluit 2025-118 Kaders uitdaagrecht" --date 2025-11-12 --as raad
export PARTICIPATIE_NOW=2026-04-20T09:00:00+02:00
participatie advance UR-WILGENPARK ontvankelijkVerklaren
# uitvoer: "Toets op ontvankelijkheid" → "Beoordeling aan de voorwaarden van de raad"

# Maandag 11 mei: de bewonersgroep had binnen acht weken een antwoord moeten hebben (uiterlijk dinsdag
# 28 april; maandag 27 april is Koningsdag). Het wachten op de kaders blijft niet verborgen: de uitdaging
# staat op de lijst met antwoorden over tijd.
export PARTICIPATIE_NOW=2026-05-11T14:00:00+02:00
participatie list --overdue
# uitvoer: UR-WILGENPARK

# --- Een tweede uitdaging: Marktvereniging De Plaats wil de afvalinzameling van de weekmarkt overnemen ---

# Maandag 11 mei komt de uitdaging binnen. De kaders uit 2025 gaan niet over markten.
participatie start uitdaagrecht --id UR-MARKT --title "Afvalinzameling weekmarkt door de marktvereniging"
participatie input add UR-MARKT --kind uitdaging --id U-02 --channel e-mail --public-name "Marktvereniging De Plaats" --theme afval --text "Wij willen het afval van de weekmarkt zelf ophalen en scheiden, voor minder geld dan de gemeente nu betaalt."
participatie advance UR-MARKT inBehandelingNemen

# Woensdag 13 mei stelt de raad alsnog kaders voor markten vast. Die zijn van na de uitdaging: ze tellen niet.
export PARTICIPATIE_NOW=2026-05-13T21:30:00+02:00
participatie document add UR-MARKT --kind kaders --ref "Raadsbesluit 2026-052 Kaders uitdaagrecht markten" --as raad
participatie advance UR-MARKT ontvankelijkVerklaren   # verwacht: 1
# uitvoer: (kaders) is van 13-05-2026; dat moet vóór de eerste uitdaging (U-02, ontvangen 11-05-2026) zijn.

# Donderdag 14 mei: het college verklaart de uitdaging niet ontvankelijk, met de reden in het antwoord.
export PARTICIPATIE_NOW=2026-05-14T10:00:00+02:00
participatie feedback add UR-MARKT U-02 --verdict niet-ontvankelijk --reason "Toen uw uitdaging binnenkwam, had de raad nog geen voorwaarden voor markten vastgesteld. Dat is nu wel zo: dien uw uitdaging opnieuw in, dan toetsen wij haar aan de nieuwe voorwaarden."
participatie advance UR-MARKT nietOntvankelijkVerklaren --as college --reason "Geen kaders van de raad van vóór de uitdaging."
# uitvoer: "Toets op ontvankelijkheid" → "Niet ontvankelijk verklaard"

# Een fractie wil het proces met de noodrem als "gestopt" laten eindigen. Dat kan niet meer: het is al besloten.
participatie document add UR-MARKT --kind noodrembesluit --ref "Motie 2026-M12" --as raad
participatie advance UR-MARKT noodrem --as raad --reason "De raad wil dit anders afronden."   # verwacht: 1
# uitvoer: Deze overgang kan niet vanuit "Niet ontvankelijk verklaard".
participatie feedback sent UR-MARKT --all
participatie advance UR-MARKT afsluiten
# uitvoer: afgesloten met uitkomst: nietOntvankelijk

# Elke voorwaarde van de raad wordt apart getoetst en vastgelegd. Eerst ontbreken er nog twee toetsen.
participatie document add UR-WILGENPARK --kind toetsDeskundigheid --ref "Z-2026-0733 Toets deskundigheid: hovenier in de groep, plan voor maaien en snoeien"
participatie advance UR-WILGENPARK beoordelingAfronden   # verwacht: 1
# uitvoer: (toetsDraagvlak) ontbreekt
participatie document add UR-WILGENPARK --kind toetsDraagvlak --ref "Z-2026-0734 Toets draagvlak: 86 handtekeningen, buurtgesprek 7 mei"
participatie document add UR-WILGENPARK --kind toetsKosten --ref "Z-2026-0735 Toets kosten: gevraagd 21.400 euro per jaar, nu 23.800 euro"
participatie advance UR-WILGENPARK beoordelingAfronden
# uitvoer: "Beoordeling aan de voorwaarden van de raad" → "Besluit van het college"

# Dinsdag 9 juni: het college wil besluiten, maar de bewonersgroep heeft nog geen antwoord.
export PARTICIPATIE_NOW=2026-06-09T10:00:00+02:00
participatie document add UR-WILGENPARK --kind besluit --ref "Collegebesluit 2026-0609-12 Uitdaagrecht Wilgenpark"
participatie advance UR-WILGENPARK deelsToekennen --as college --reason "De bewonersgroep voldoet aan de drie voorwaarden. De grote bomen en de rand van de vijver blijven bij de gemeente, omdat daar een boomverzorger nodig is."   # verwacht: 1
# uitvoer: 1 uitdaging heeft nog geen antwoord: U-01
participatie feedback import UR-WILGENPARK antwoorden.csv
participatie advance UR-WILGENPARK deelsToekennen --as college --reason "De bewonersgroep voldoet aan de drie voorwaarden. De grote bomen en de rand van de vijver blijven bij de gemeente, omdat daar een boomverzorger nodig is."
# uitvoer: "Besluit van het college" → "Afspraken over taak, budget en duur"
export PARTICIPATIE_NOW=2026-06-10T09:00:00+02:00
participatie feedback sent UR-WILGENPARK --all

# Afspraken: de overeenkomst legt taak, budget, kwaliteit en duur vast. Uitvoering vanaf woensdag 1 juli.
export PARTICIPATIE_NOW=2026-06-26T11:00:00+02:00
participatie advance UR-WILGENPARK uitvoeringStarten --as college   # verwacht: 1
# uitvoer: (overeenkomst) ontbreekt
participatie document add UR-WILGENPARK --kind overeenkomst --ref "Overeenkomst 2026-UR-03: onderhoud Wilgenpark, 1-7-2026 t/m 30-6-2027, 19.600 euro"
export PARTICIPATIE_NOW=2026-07-01T09:00:00+02:00
participatie advance UR-WILGENPARK uitvoeringStarten --as college
# uitvoer: "Afspraken over taak, budget en duur" → "Uitvoering door de uitdagers"

# Maandag 12 oktober: een buurman belt over de bladblazer op zondagochtend. Het signaal krijgt een antwoord.
export PARTICIPATIE_NOW=2026-10-12T11:15:00+02:00
participatie input add UR-WILGENPARK --kind signaal --id S-01 --channel telefoon --author "P. de Graaf" --theme overlast --text "Op zondagochtend om acht uur staat er een bladblazer aan in het park. Dat is te vroeg, wij worden er wakker van."
# uitvoer: Inbreng S-01 geregistreerd in UR-WILGENPARK (signaal, ontvangen 12-10-2026)
export PARTICIPATIE_NOW=2026-10-20T15:00:00+02:00
participatie feedback add UR-WILGENPARK S-01 --verdict overgenomen --reason "We hebben dit met de bewonersgroep besproken. Vanaf nu gebruikt de groep de bladblazer alleen op werkdagen en op zaterdag, en nooit voor tien uur. Dit staat nu ook in de werkafspraken bij de overeenkomst."
participatie feedback sent UR-WILGENPARK S-01

# Juni 2027: evaluatie. Buren en de school reageren; elke reactie krijgt een antwoord.
export PARTICIPATIE_NOW=2027-06-01T09:00:00+02:00
participatie advance UR-WILGENPARK naarEvaluatie
# uitvoer: "Uitvoering door de uitdagers" → "Evaluatie"
participatie input add UR-WILGENPARK --kind evaluatiereactie --id E-01 --channel e-mail --public-name "Basisschool De Kikkerpoel" --theme gebruik --text "Het park is schoner dan vroeger. Wij zouden graag een vaste plek voor buitenles bij de vijver hebben."
participatie input add UR-WILGENPARK --kind evaluatiereactie --id E-02 --channel brief --author "H. Kersten" --theme onderhoud --text "De plantvakken zien er goed uit, maar het gras langs het pad aan de Rietstraat werd deze zomer te weinig gemaaid."
export PARTICIPATIE_NOW=2027-06-22T10:00:00+02:00
participatie document add UR-WILGENPARK --kind evaluatie --ref "Evaluatie uitdaagrecht Wilgenpark 2026-2027"
participatie document add UR-WILGENPARK --kind verlenging --ref "Verlengde overeenkomst 2027-UR-03: 1-7-2027 t/m 30-6-2029"
participatie advance UR-WILGENPARK verlengen --as college   # verwacht: 1
# uitvoer: 2 van de 4 inzendingen hebben nog geen antwoord: E-01, E-02
participatie feedback add UR-WILGENPARK E-01 --verdict doorverwezen --reason "Een vaste plek voor buitenles bij de vijver valt buiten de afspraken over onderhoud. Wij hebben uw vraag doorgestuurd naar de wijkbeheerder, die in september met u en de bewonersgroep een plek zoekt."
participatie feedback add UR-WILGENPARK E-02 --verdict overgenomen --reason "In de verlengde overeenkomst staat nu dat het gras langs het pad aan de Rietstraat van mei tot en met september elke twee weken wordt gemaaid. De wijkbeheerder controleert dit."
participatie advance UR-WILGENPARK verlengen --as college   # verwacht: 1
# uitvoer: zijn nog niet verstuurd: E-01, E-02
export PARTICIPATIE_NOW=2027-06-24T10:00:00+02:00
participatie feedback sent UR-WILGENPARK --all
participatie advance UR-WILGENPARK verlengen --as college
# uitvoer: afgesloten met uitkomst: verlengd
participatie status UR-WILGENPARK
# uitvoer: beantwoord 4 van 4 · verstuurd 4 van 4
