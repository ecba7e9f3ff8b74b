#!/usr/bin/env bash
# Scenario 4 (RULES §3): herinrichting van het Kastanjeplein met een parkeergarage, impact hoog.
# Zonder een compleet participatieplan en de kaders van de raad begint het meedenken niet. Tijdens het
# meedenken blijkt de garage veel duurder; de raad trekt aan de noodrem, met een raadsbesluit. Ook na de stop
# krijgt elke reactie een antwoord, en het proces wordt pas beëindigd als iedereen dat antwoord heeft gekregen
# en er een evaluatie is van ná de stop.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/04-noodrem-plein/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=projectleider

# Woensdag 30 september 2026 gaf de raad kaders mee. Donderdag 1 oktober start het proces met het plan.
export PARTICIPATIE_NOW=2026-10-01T09:00:00+02:00
participatie plan check plan.json
# uitvoer: kaders: Raadsbesluit 2026-097 Kaders participatie Kastanjeplein
participatie start nijmegen-participatie --id KP-OOSTERVELD --title "Herinrichting Kastanjeplein met parkeergarage" --plan plan.json
# uitvoer: Impact: hoog (uit het participatieplan).

# Het plan noemt de kaders, maar het raadsbesluit zelf zit nog niet in het dossier: samen denken kan niet beginnen.
participatie advance KP-OOSTERVELD startDenken   # verwacht: 1
# uitvoer: Document "Kaders van de raad" (kaders) ontbreekt. Alleen gemeenteraad (raad) mag het toevoegen. (want impact is hoog) Voeg het toe met: participatie document add KP-OOSTERVELD --kind kaders --ref VERWIJZING --as raad.
participatie document add KP-OOSTERVELD --kind kaders --ref "Raadsbesluit 2026-097 Kaders participatie Kastanjeplein" --date 2026-09-30 --as raad

# Maandag 5 oktober: samen denken begint, met een inloopavond, de markt, een online kaart en de bibliotheek.
export PARTICIPATIE_NOW=2026-10-05T09:00:00+02:00
participatie advance KP-OOSTERVELD startDenken
# uitvoer: "Voorbereiding en participatieplan" → "Samen denken"

# Maandag 9 november: alle ideeën en reacties van de afgelopen weken staan in het systeem.
export PARTICIPATIE_NOW=2026-11-09T10:00:00+01:00
participatie input import KP-OOSTERVELD inbreng.csv
# uitvoer: 8 stuks inbreng geregistreerd in KP-OOSTERVELD
participatie status KP-OOSTERVELD
# uitvoer: beantwoord 0 van 8

# Woensdag 11 november: de kosten blijken 9,4 miljoen euro, de kaders zeggen 6,8 miljoen. De raad wil stoppen.
# Zonder reden en zonder raadsbesluit kan dat niet.
export PARTICIPATIE_NOW=2026-11-11T22:15:00+01:00
participatie advance KP-OOSTERVELD noodrem --as raad   # verwacht: 1
# uitvoer: Noodrem kan niet:
# uitvoer: - Geef een motivering. Geef die met --reason.
# uitvoer: (noodrembesluit) ontbreekt
participatie document add KP-OOSTERVELD --kind noodrembesluit --ref "Raadsbesluit 2026-131 Stopzetten participatie Kastanjeplein (motie 2026-M44)" --as raad
participatie advance KP-OOSTERVELD noodrem --as raad   # verwacht: 1
# uitvoer: Noodrem kan niet: Geef een motivering. Geef die met --reason.
participatie advance KP-OOSTERVELD noodrem --as raad --reason "De garage kost volgens de nieuwe raming 9,4 miljoen euro; de raad gaf 6,8 miljoen als kader. De raad wil niet dat inwoners meedenken over een ontwerp dat niet betaald kan worden. Het college onderzoekt eerst of een garage nodig is."
# uitvoer: "Samen denken" → "Gestopt door de raad (noodrem)"

# Donderdag 12 november: een bewoner die drie avonden meedacht, belt. Ook na de stop wordt dat geregistreerd.
export PARTICIPATIE_NOW=2026-11-12T10:30:00+01:00
participatie input add KP-OOSTERVELD --kind reactie --id K-09 --channel telefoon --author "W. Hendriks" --theme proces --text "Ik ben drie avonden naar de bijeenkomsten geweest. Wat gebeurt er nu met alles wat wij hebben gezegd?"
# uitvoer: Inbreng K-09 geregistreerd in KP-OOSTERVELD (reactie, ontvangen 12-11-2026)

# Het proces beëindigen kan pas met een evaluatie van ná de stop, en als alle negen reacties een antwoord hebben
# dat verstuurd is.
export PARTICIPATIE_NOW=2026-11-18T10:00:00+01:00
participatie advance KP-OOSTERVELD beeindigen   # verwacht: 1
# uitvoer: (evaluatie) ontbreekt. Het moet van na het begin van "Gestopt door de raad (noodrem)" (11-11-2026) zijn.
# uitvoer: Alle 9 inzendingen hebben nog geen antwoord: K-01, K-02, K-03, K-04, K-05, K-06, K-07, K-08, K-09

# De projectleider voegt de tussenevaluatie van de denkfase toe, geschreven op 30 oktober. Die is van vóór de
# stop en zegt niets over waarom het proces stopte: die telt niet als evaluatie na de noodrem.
participatie document add KP-OOSTERVELD --kind evaluatie --ref "Tussenevaluatie denkfase Kastanjeplein" --date 2026-10-30
participatie advance KP-OOSTERVELD beeindigen   # verwacht: 1
# uitvoer: Document "Evaluatie" (evaluatie) is van 30-10-2026; dat moet na het begin van "Gestopt door de raad (noodrem)" (11-11-2026) zijn.
participatie feedback import KP-OOSTERVELD antwoorden.csv
# uitvoer: 8 antwoorden vastgelegd in KP-OOSTERVELD
participatie feedback add KP-OOSTERVELD K-09 --verdict kennisgenomen --reason "Alles wat u en anderen hebben gezegd, staat in het verslag van de denkfase op de projectpagina; een papieren versie ligt in de bibliotheek. Iedereen krijgt een eigen antwoord. Maakt het college in 2027 een nieuw plan, dan is dat verslag het begin, zodat u niet opnieuw hoeft te beginnen. U krijgt dan een uitnodiging."
export PARTICIPATIE_NOW=2026-11-19T10:00:00+01:00
participatie document add KP-OOSTERVELD --kind evaluatie --ref "Evaluatie participatie Kastanjeplein na de noodrem (19-11-2026)"
participatie advance KP-OOSTERVELD beeindigen   # verwacht: 1
# uitvoer: De antwoorden op alle 9 inzendingen zijn nog niet verstuurd

# Maandag 23 november: de antwoorden gaan per post en e-mail naar iedereen. Nu kan het proces worden beëindigd.
export PARTICIPATIE_NOW=2026-11-23T11:00:00+01:00
participatie feedback sent KP-OOSTERVELD --all
# uitvoer: 9 antwoorden verstuurd op 23-11-2026
participatie advance KP-OOSTERVELD beeindigen
# uitvoer: afgesloten met uitkomst: gestopt
participatie status KP-OOSTERVELD
# uitvoer: beantwoord 9 van 9 · verstuurd 9 van 9
