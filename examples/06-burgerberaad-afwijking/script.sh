#!/usr/bin/env bash
# Scenario 6 (RULES §3): een burgerberaad over groen en hitte. Voordat het beraad begint, liggen de opdracht
# en de redenen om af te wijken vast, elke reden als eigen document. Het college neemt vier van de zeven
# aanbevelingen over. "Advies overnemen" kan dan niet; afwijken kan alleen als het antwoord op elke aanbeveling
# die niet wordt overgenomen een van de vooraf vastgelegde redenen noemt. Een reden die het college later
# bedenkt, telt niet.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/06-burgerberaad-afwijking/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=projectleider

# Maandag 7 september 2026: de voorbereiding begint, met het participatieplan.
export PARTICIPATIE_NOW=2026-09-07T09:00:00+02:00
participatie start burgerberaad --id BB-GROEN-HITTE --title "Burgerberaad Groen en Hitte" --plan plan.json
# uitvoer: Participatieplan: plan.json, compleet
participatie document add BB-GROEN-HITTE --kind opdracht --ref "Raadsvoorstel 2026-112 Opdracht burgerberaad Groen en Hitte"

# Woensdag 14 oktober: de raad wil de opdracht vaststellen, maar de redenen om af te wijken staan nog niet vast.
export PARTICIPATIE_NOW=2026-10-14T20:30:00+02:00
participatie advance BB-GROEN-HITTE opdrachtVaststellen --as raad   # verwacht: 1
# uitvoer: (afwijkingsgrond) ontbreekt. Alleen college van B en W of gemeenteraad (raad) mag het toevoegen.

# Raadsbesluit 2026-112, artikel 4: afwijken mag alleen om drie redenen. Elke reden is een eigen document; de
# verwijzing is de naam van de reden, die een antwoord dat afwijkt letterlijk noemt.
participatie document add BB-GROEN-HITTE --kind afwijkingsgrond --ref "buiten de opdracht" --as raad
participatie document add BB-GROEN-HITTE --kind afwijkingsgrond --ref "in strijd met de wet" --as raad
participatie document add BB-GROEN-HITTE --kind afwijkingsgrond --ref "niet binnen het budget" --as raad
participatie advance BB-GROEN-HITTE opdrachtVaststellen --as raad
# uitvoer: "Opdracht en afwijkingsgronden vastleggen" → "Loting en uitnodiging van deelnemers"

# De loting gebeurt buiten dit systeem; vastgelegd worden de methode en de datum. Het beraad begint op zaterdag 16 januari 2027.
export PARTICIPATIE_NOW=2026-11-20T15:00:00+01:00
participatie document add BB-GROEN-HITTE --kind lotingsverslag --ref "Lotingsverslag 20-11-2026: 8.000 brieven, 612 aanmeldingen, 48 deelnemers geloot naar leeftijd, wijk en opleiding"
export PARTICIPATIE_NOW=2027-01-16T09:30:00+01:00
participatie advance BB-GROEN-HITTE beraadStarten
# uitvoer: "Loting en uitnodiging van deelnemers" → "Het burgerberaad is bezig"

# Zaterdag 12 juni 2027 biedt het beraad zijn advies aan: zeven aanbevelingen, elk apart geregistreerd.
export PARTICIPATIE_NOW=2027-06-14T10:00:00+02:00
participatie input import BB-GROEN-HITTE inbreng.csv
# uitvoer: 7 aanbevelingen van het burgerberaad geregistreerd in BB-GROEN-HITTE
participatie advance BB-GROEN-HITTE adviesOntvangen
# uitvoer: "Het burgerberaad is bezig" → "Het advies wordt gewogen"

# Maandag 5 juli: het college beantwoordt elke aanbeveling. Vier worden overgenomen, drie niet.
export PARTICIPATIE_NOW=2027-07-05T16:00:00+02:00
participatie feedback import BB-GROEN-HITTE antwoorden.csv
# uitvoer: 7 antwoorden vastgelegd in BB-GROEN-HITTE
participatie document add BB-GROEN-HITTE --kind besluit --ref "Collegebesluit 2027-0706-03 Reactie op het advies van het burgerberaad Groen en Hitte"

# Dinsdag 6 juli: het college wil "het advies overnemen", terwijl drie aanbevelingen niet worden overgenomen: geweigerd.
export PARTICIPATIE_NOW=2027-07-06T11:00:00+02:00
participatie advance BB-GROEN-HITTE adviesOvernemen --as college   # verwacht: 1
# uitvoer: Advies overnemen kan niet: 3 van de 7 aanbevelingen van het burgerberaad hebben een ander oordeel dan overgenomen of deels overgenomen: A-03 (niet overgenomen), A-05 (niet overgenomen), A-07 (niet overgenomen).

# Dan afwijken. A-03 en A-05 noemen een vooraf vastgelegde reden, maar het antwoord op A-07 zegt alleen dat gratis
# busvervoer niet in de plannen van het college past. Het college legt die reden nu vast, maar die is bedacht nadat
# het beraad begon: geweigerd, met de aanbeveling en de datum erbij.
participatie document add BB-GROEN-HITTE --kind afwijkingsgrond --ref "past niet in de plannen van het college" --as college
participatie advance BB-GROEN-HITTE afwijken --as college --reason "A-03, A-05 en A-07 neemt het college niet over."   # verwacht: 1
# uitvoer: 1 van de 7 aanbevelingen van het burgerberaad heeft een ander oordeel dan overgenomen of deels overgenomen: A-07 (niet overgenomen).
# uitvoer: A-07 noemt "past niet in de plannen van het college", maar die reden is van 06-07-2027; dat moet vóór het begin van "Het burgerberaad is bezig" (16-01-2027) zijn.

# Het college kijkt opnieuw naar A-07: busvervoer valt buiten de opdracht van de raad. Het nieuwe antwoord noemt die reden.
participatie feedback add BB-GROEN-HITTE A-07 --verdict niet-overgenomen --reason "Het college neemt deze aanbeveling niet over, om een reden die vooraf is vastgelegd: ze valt buiten de opdracht. De raad heeft het beraad gevraagd om advies over groen, koelte in huis en zorg bij hitte, niet over het openbaar vervoer; de bus is bovendien een zaak van de provincie. Het college stuurt uw aanbeveling wel door naar de provincie, en laat u weten wat die antwoordt."
participatie advance BB-GROEN-HITTE afwijken --as college --reason "A-01, A-02, A-04 en A-06 neemt het college over. A-03 past niet binnen het budget van 4 miljoen euro, A-05 is in strijd met de wet, A-07 valt buiten de opdracht. Dit zijn drie van de redenen die de raad vooraf vastlegde."
# uitvoer: "Het advies wordt gewogen" → "Uitvoering van het besluit"
# uitvoer: alle 7 aanbevelingen van het burgerberaad hadden een antwoord
export PARTICIPATIE_NOW=2027-07-07T10:00:00+02:00
participatie feedback sent BB-GROEN-HITTE --all
# uitvoer: 7 antwoorden verstuurd op 07-07-2027

# Najaar 2027: evaluatie. Een deelnemer reageert; ook die reactie krijgt een antwoord voordat het beraad wordt afgerond.
export PARTICIPATIE_NOW=2027-11-01T09:00:00+01:00
participatie advance BB-GROEN-HITTE naarEvaluatie
# uitvoer: "Uitvoering van het besluit" → "Evaluatie"
participatie input add BB-GROEN-HITTE --kind reactie --id R-01 --channel vragenlijst --author "L. Smits" --theme evaluatie --text "Ik vond het beraad goed, maar ik hoorde pas in de krant dat de schoolpleinen niet doorgaan. Ik had dat liever eerst van de gemeente zelf gehoord."
export PARTICIPATIE_NOW=2027-12-06T10:00:00+01:00
participatie document add BB-GROEN-HITTE --kind evaluatie --ref "Evaluatie burgerberaad Groen en Hitte, onderzoeksbureau, 06-12-2027"
participatie advance BB-GROEN-HITTE afronden --as college   # verwacht: 1
# uitvoer: heeft nog geen antwoord: R-01
participatie feedback add BB-GROEN-HITTE R-01 --verdict overgenomen --reason "U heeft gelijk. De reactie van het college ging op 7 juli naar alle deelnemers, maar de krant had het nieuws een dag eerder. Bij het volgende burgerberaad krijgen de deelnemers de reactie van het college eerst, op een bijeenkomst, en pas daarna de pers. Dat staat nu in de evaluatie als afspraak."
participatie feedback sent BB-GROEN-HITTE R-01
export PARTICIPATIE_NOW=2027-12-14T10:00:00+01:00
participatie advance BB-GROEN-HITTE afronden --as college
# uitvoer: afgesloten met uitkomst: afgerond
participatie status BB-GROEN-HITTE
# uitvoer: beantwoord 8 van 8 · verstuurd 8 van 8
