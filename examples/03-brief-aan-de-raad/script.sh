#!/usr/bin/env bash
# Scenario 3 (RULES §3): een brief van een bewonersgroep aan de gemeenteraad, met drie punten.
# Het presidium neemt de brief voor kennisgeving aan; geen raadslid pakt hem op. Na acht weken zet
# `participatie tick` de brief zichtbaar op "geen opvolging". De griffie sluit de brief pas als elk punt
# een antwoord heeft en de schrijver dat antwoord heeft gekregen.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/03-brief-aan-de-raad/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=griffie

# Maandag 11 januari 2027: de brief komt binnen. De griffie zet elk punt apart als inbreng, elk met een eigen
# behandelaar (kolom behandelaar). Het derde punt is voor de raad: zonder behandelaar in het bestand krijgt het de
# standaard van de werkstroom, de griffie.
export PARTICIPATIE_NOW=2027-01-11T10:00:00+01:00
participatie start ingekomen-stuk --id BRIEF-2027-004 --title "Brief Bewonersgroep Hoefslag-Kerkpad: stoep, bushalte en opvolging van meldingen" --plan plan.json
# uitvoer: Participatieplan: plan.json, compleet
participatie input import BRIEF-2027-004 inbreng.csv
# uitvoer: 3 punten uit de brief geregistreerd in BRIEF-2027-004
participatie status BRIEF-2027-004
# uitvoer: Afdeling Openbare Ruimte: 1 open
# uitvoer: Griffie: 1 open

# Woensdag 13 januari: de griffie bevestigt de ontvangst (binnen een week).
export PARTICIPATIE_NOW=2027-01-13T09:30:00+01:00
participatie advance BRIEF-2027-004 bevestigen   # verwacht: 1
# uitvoer: (ontvangstbevestiging) ontbreekt
participatie document add BRIEF-2027-004 --kind ontvangstbevestiging --ref "Ontvangstbevestiging griffie 2027-004, per post en e-mail"
participatie advance BRIEF-2027-004 bevestigen
# uitvoer: "Brief ontvangen door de griffie" → "Afdoeningsvoorstel in voorbereiding"

# Dinsdag 19 januari: de griffie stelt voor de brief voor kennisgeving aan te nemen.
# Maandag 25 januari: het presidium wil dat doen, maar de punten hebben nog geen antwoord: geweigerd.
# Dezelfde dag draagt de griffie het punt over de stoep over: die ligt open na werk aan het riool.
export PARTICIPATIE_NOW=2027-01-19T11:00:00+01:00
participatie document add BRIEF-2027-004 --kind afdoeningsvoorstel --ref "Lijst ingekomen stukken raad 17-02-2027, nummer 7"
participatie input assign BRIEF-2027-004 B-2027-004-1 --to "Team Riolering" --reason "De stoep ligt open na werk aan het riool; Riolering herstelt hem."
# uitvoer: B-2027-004-1: Afdeling Openbare Ruimte → Team Riolering
participatie list --owner "team riolering"
# uitvoer: Behandelaar Team Riolering: 1 stuk inbreng, 1 open.
export PARTICIPATIE_NOW=2027-01-25T16:00:00+01:00
participatie advance BRIEF-2027-004 kennisnemen --as presidium --reason "Voor kennisgeving aannemen. De uitvoeringspunten zijn voor het college; het punt over opvolging van meldingen kan elk raadslid agenderen."   # verwacht: 1
# uitvoer: nog geen antwoord: B-2027-004-1, B-2027-004-2, B-2027-004-3

# Maandag 8 februari: de antwoorden van het college en de griffie zijn er.
export PARTICIPATIE_NOW=2027-02-08T14:00:00+01:00
participatie feedback import BRIEF-2027-004 antwoorden.csv
# uitvoer: 3 antwoorden vastgelegd in BRIEF-2027-004

# Maandag 15 februari: het presidium neemt de brief voor kennisgeving aan; de schrijver krijgt de antwoorden.
export PARTICIPATIE_NOW=2027-02-15T16:00:00+01:00
participatie advance BRIEF-2027-004 kennisnemen --as presidium --reason "Voor kennisgeving aannemen. De uitvoeringspunten zijn voor het college; het punt over opvolging van meldingen kan elk raadslid agenderen."
# uitvoer: "Afdoeningsvoorstel in voorbereiding" → "Voor kennisgeving aangenomen; wacht op opvolging door raadsleden"
export PARTICIPATIE_NOW=2027-02-16T10:00:00+01:00
participatie feedback sent BRIEF-2027-004 --all
# uitvoer: 3 antwoorden verstuurd op 16-02-2027

# Geen raadslid vraagt om de brief te bespreken. De status toont wanneer hij vanzelf naar "geen opvolging" gaat.
export PARTICIPATIE_NOW=2027-04-12T09:00:00+02:00
participatie status BRIEF-2027-004
# uitvoer: (opvolgingVerlopen) → Geen opvolging door de raad (gaat vanzelf op dinsdag 13-04-2027): kan
participatie tick
# uitvoer: Niets aan de beurt.

# Dinsdag 13 april, acht weken later: de dagelijkse tick zet de brief zichtbaar op "geen opvolging".
export PARTICIPATIE_NOW=2027-04-13T06:00:00+02:00
participatie tick
# uitvoer: → "Geen opvolging door de raad" (vanzelf, na de termijn)
participatie status BRIEF-2027-004
# uitvoer: Toestand: Geen opvolging door de raad (geenOpvolging)

# De brief is niet klaar: de schrijver moet horen dat er geen opvolging kwam. De griffie past het antwoord op
# het derde punt aan; dat nieuwe antwoord moet opnieuw naar de schrijver. Sluiten zonder slotbrief kan niet.
export PARTICIPATIE_NOW=2027-04-14T10:00:00+02:00
participatie feedback add BRIEF-2027-004 B-2027-004-3 --verdict kennisgenomen --reason "Geen raadslid heeft uw brief op de agenda laten zetten. De raad bespreekt uw punt over de opvolging van meldingen dus niet. U kunt zelf inspreken bij de commissie Bestuur op 19 mei 2027; meld u daarvoor uiterlijk 17 mei aan bij de griffie. Uw brief staat in de jaarlijkse lijst van brieven zonder opvolging, die de raad in juni krijgt."
# uitvoer: Het vervangt het vorige antwoord (dat blijft bewaard); verstuur het opnieuw.
participatie advance BRIEF-2027-004 sluitenZonderOpvolging   # verwacht: 1
# uitvoer: (slotbrief) ontbreekt
# uitvoer: Het antwoord op 1 van de 3 punten uit de brief is nog niet verstuurd: B-2027-004-3
participatie document add BRIEF-2027-004 --kind slotbrief --ref "Slotbrief griffie 2027-004 aan Bewonersgroep Hoefslag-Kerkpad"
participatie advance BRIEF-2027-004 sluitenZonderOpvolging   # verwacht: 1
# uitvoer: Het antwoord op 1 van de 3 punten uit de brief is nog niet verstuurd: B-2027-004-3

# Donderdag 15 april: de slotbrief met het nieuwe antwoord gaat op de post. Nu sluit de griffie de brief.
export PARTICIPATIE_NOW=2027-04-15T11:00:00+02:00
participatie feedback sent BRIEF-2027-004 B-2027-004-3
participatie advance BRIEF-2027-004 sluitenZonderOpvolging
# uitvoer: afgesloten met uitkomst: kennisgenomen
participatie status BRIEF-2027-004
# uitvoer: beantwoord 3 van 3 · verstuurd 3 van 3

# Het register toont per punt de behandelaar en elke overdracht; de audit wie de punten beantwoordde.
participatie report register --owner "Team Riolering" --format md
# uitvoer: | B-2027-004-1 | BRIEF-2027-004 | Team Riolering |
# uitvoer: Afdeling Openbare Ruimte → Team Riolering op 19-01-2027
participatie report audit BRIEF-2027-004 --format md
# uitvoer: | Afdeling Verkeer | 1 |
