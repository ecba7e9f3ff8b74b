#!/usr/bin/env bash
# Scenario 8 (RULES §3): zienswijzen op een ontwerpbesluit, met genummerde punten. Elk punt krijgt een eigen
# antwoord in de nota van beantwoording; het besluit wacht tot elk punt is gewogen.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/11-zienswijze-per-punt/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=projectleider

# Maandag 5 januari 2026: de aanvraag kwam op 2 januari binnen; het ontwerpbesluit gaat ter inzage.
export PARTICIPATIE_NOW=2026-01-05T09:00:00+01:00
participatie start zienswijze-uov --id ZW-WAALKADE --title "Omgevingsvergunning Waalkade 12: aanbouw met dakterras"
participatie document add ZW-WAALKADE --kind aanvraag --ref "OLO-88123" --date 2026-01-02
participatie document add ZW-WAALKADE --kind ontwerpbesluit --ref "Ontwerpbesluit Z-2026-0012"
participatie document add ZW-WAALKADE --kind kennisgevingOntwerp --ref "Gemeenteblad 2026-1044"
participatie advance ZW-WAALKADE terInzageLeggen

# Dinsdag 20 januari: de buren geven één zienswijze met twee punten; een ander geeft een zienswijze zonder punten.
export PARTICIPATIE_NOW=2026-01-20T14:00:00+01:00
participatie input add ZW-WAALKADE --kind zienswijze --id ZW-1 --text "Zienswijze van de bewoners van Waalkade 10 en 14." --public-name "Bewoners Waalkade 10 en 14" --point "De aanbouw wordt 4 meter hoog en neemt ons middagzon weg." --point "Het dakterras kijkt recht in onze tuin."
# uitvoer: 1 zienswijze met 2 punten:
participatie input add ZW-WAALKADE --kind zienswijze --id ZW-2 --text "Ik steun de aanvraag: de aanbouw past bij de straat."

# Dinsdag 17 februari: de zes weken zijn voorbij (tot en met maandag 16 februari).
export PARTICIPATIE_NOW=2026-02-17T09:00:00+01:00
participatie advance ZW-WAALKADE inzageSluiten
participatie feedback add ZW-WAALKADE ZW-1 --point 1 --verdict deels --reason "De aanbouw wordt 3,5 meter hoog in plaats van 4 meter. De bezonningsstudie laat zien dat de tuin van nummer 10 in maart en september één uur minder zon krijgt; dat vinden wij aanvaardbaar."
participatie feedback add ZW-WAALKADE ZW-2 --verdict kennisgenomen --reason "Dank voor uw steun; wij nemen uw zienswijze mee in de afweging."
participatie document add ZW-WAALKADE --kind notaVanBeantwoording --ref "Nota van beantwoording Z-2026-0012"
participatie document add ZW-WAALKADE --kind besluit --ref "Besluit Z-2026-0012" --as college

# Het besluit wacht op het antwoord op het tweede punt.
participatie advance ZW-WAALKADE besluiten --as college   # verwacht: 1
# uitvoer: 1 van de 3 punten en zienswijzen heeft nog geen antwoord: ZW-1.2.
participatie feedback add ZW-WAALKADE ZW-1.2 --verdict overgenomen --reason "Het dakterras krijgt aan de kant van de tuinen een scherm van 1,80 meter; dat staat als voorwaarde in het besluit."
participatie advance ZW-WAALKADE besluiten --as college
# uitvoer: → "Besluit genomen"
# uitvoer: Besluit genomen; alle 3 stuks inbreng hadden een antwoord.

# De nota van beantwoording geeft elk punt een eigen antwoord.
participatie report reactienota ZW-WAALKADE --format md
# uitvoer: | ZW-1.1 |
# uitvoer: | ZW-1.2 |
# uitvoer: De aanbouw wordt 3,5 meter hoog
