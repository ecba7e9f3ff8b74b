#!/usr/bin/env bash
# Een brief aan de raad met drie punten, verdeeld over college en raad (RULES §2.11, scenario 3).
# Elk punt is eigen inbreng met een eigen antwoord, behandelaar en route: het college beantwoordt zijn punt,
# de raad besluit over het zijne, elk in zijn eigen tijd. De brief sluit pas als elk punt een antwoord heeft
# en de schrijver die antwoorden heeft gekregen.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/05-brief-verdeeld/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=griffie

# Maandag 1 maart 2027: de griffie registreert de brief met zijn drie punten (één regel per punt, kolommen punt
# en route). Het eerste punt is voor het college, het tweede voor de raad, het derde heeft geen route.
export PARTICIPATIE_NOW=2027-03-01T10:00:00+01:00
participatie start ingekomen-stuk --id BRIEF-2027-012 --title "Brief van de ouderraad De Wilg over de schoolroute"
participatie input import BRIEF-2027-012 brief.csv
# uitvoer: 1 brief met 3 punten geregistreerd in BRIEF-2027-012
participatie status BRIEF-2027-012
# uitvoer: Inbreng: 1 (met 3 punten) · beantwoord 0 van 3
# uitvoer: Afdeling Verkeer: 1 open
# uitvoer: Gemeenteraad: 1 open
# Eén termijn voor de ontvangstbevestiging, vanaf de eerste brief of het eerste losse punt (wat het eerst binnenkwam).
# uitvoer: Termijn voor de ontvangstbevestiging: 1 week vanaf ontvangst van de eerste inbreng (brief, BRIEF-2027-012, ontvangen 26-02-2027)
# uitvoer: (bevestigingVerlopen) → Ontvangst nog niet bevestigd (termijn verstreken) (gaat vanzelf op zaterdag 06-03-2027): kan

# De brief zelf krijgt geen antwoord: elk punt krijgt er een.
participatie feedback add BRIEF-2027-012 BRIEF-2027-012 --verdict overgenomen --reason "Zebrapad."   # verwacht: 1
# uitvoer: BRIEF-2027-012 heeft 3 punten (BRIEF-2027-012.1, BRIEF-2027-012.2, BRIEF-2027-012.3); elk punt krijgt een eigen antwoord

# Dinsdag 2 maart: ontvangst bevestigd; de griffie verdeelt de brief over college en raad.
export PARTICIPATIE_NOW=2027-03-02T10:00:00+01:00
participatie document add BRIEF-2027-012 --kind ontvangstbevestiging --ref "Ontvangstbevestiging griffie 2027-012"
participatie advance BRIEF-2027-012 bevestigen
participatie document add BRIEF-2027-012 --kind afdoeningsvoorstel --ref "Lijst ingekomen stukken 2027-03, nummer 4"
participatie advance BRIEF-2027-012 "Brief verdelen over college en raad"
# uitvoer: → "Verdeeld over college en raad"

# Dinsdag 16 maart: het college wil zijn punt afdoen, maar het antwoord op het zebrapad ontbreekt nog (en het
# punt zonder route wacht ook). Het punt voor de raad houdt het college niet tegen.
export PARTICIPATIE_NOW=2027-03-16T10:00:00+01:00
participatie document add BRIEF-2027-012 --kind antwoordbrief --ref "Antwoordbrief college 2027-0312" --as college
participatie advance BRIEF-2027-012 collegeBeantwoordt --as college   # verwacht: 1
# uitvoer: Beide punten voor college van B en W hebben nog geen antwoord: BRIEF-2027-012.1, BRIEF-2027-012.3.
participatie feedback import BRIEF-2027-012 antwoorden.csv
# uitvoer: 2 antwoorden vastgelegd in BRIEF-2027-012
participatie advance BRIEF-2027-012 collegeBeantwoordt --as college
# uitvoer: → "Punten voor het college beantwoord; de raad besluit nog"
# uitvoer: Besluit genomen; beide punten hadden een antwoord.

# Donderdag 8 april: de raad besluit over zijn punt; eerst nog zonder antwoord: geweigerd.
export PARTICIPATIE_NOW=2027-04-08T21:00:00+02:00
participatie document add BRIEF-2027-012 --kind raadsbesluit --ref "Raadsbesluit 2027-041" --as raad
participatie advance BRIEF-2027-012 raadBesluit --as raad   # verwacht: 1
# uitvoer: 1 van de 2 punten voor gemeenteraad heeft nog geen antwoord: BRIEF-2027-012.2.
participatie feedback add BRIEF-2027-012 BRIEF-2027-012 --point 2 --verdict overgenomen --reason "De raad bespreekt op 12 mei 2027 in de commissie Bestuur hoe de gemeente signalen van ouders opvolgt. U bent welkom om in te spreken." --as raad
participatie advance BRIEF-2027-012 raadBesluit --as raad
# uitvoer: → "Brief beantwoord"

# Vrijdag 9 april: sluiten kan pas als de schrijver elk antwoord heeft gekregen.
export PARTICIPATIE_NOW=2027-04-09T10:00:00+02:00
participatie advance BRIEF-2027-012 sluiten   # verwacht: 1
# uitvoer: De antwoorden op alle 3 punten zijn nog niet verstuurd: BRIEF-2027-012.1 (College van B en W), BRIEF-2027-012.2 (Gemeenteraad), BRIEF-2027-012.3.
participatie feedback sent BRIEF-2027-012 BRIEF-2027-012
# uitvoer: 3 antwoorden verstuurd op 09-04-2027
participatie advance BRIEF-2027-012 sluiten
# uitvoer: afgesloten met uitkomst: beantwoord

# Het register en de reactienota tonen elk punt onder de brief, met route en antwoord.
participatie report register --format md
# uitvoer: | BRIEF-2027-012.2 | BRIEF-2027-012 | Gemeenteraad |
participatie report reactienota BRIEF-2027-012 --format md
# uitvoer: Voor College van B en W: Kinderen steken de Populierenlaan over
participatie report audit BRIEF-2027-012
# uitvoer: Inbreng:            1 (met 3 punten, elk met een eigen antwoord)
