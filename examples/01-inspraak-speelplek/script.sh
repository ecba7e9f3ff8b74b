#!/usr/bin/env bash
# Scenario 1 (RULES §3): inspraak op het ontwerp "Speelplek en groen Hazenkamp-Noord".
# Het ontwerp ligt zes weken ter inzage; zes reacties, waarvan één te laat; het college kan pas
# besluiten als elke reactie een antwoord heeft, en het proces sluit pas als iedereen het antwoord kreeg.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/01-inspraak-speelplek/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=projectleider

export PARTICIPATIE_NOW=2026-09-01T10:00:00+02:00
participatie start inspraak --id INS-HZN --title "Speelplek en groen Hazenkamp-Noord" --attr impact=midden --plan plan.json
# uitvoer: Participatieplan: plan.json, compleet
participatie advance INS-HZN terInzageLeggen   # verwacht: 1
# uitvoer: Document "Ontwerpbesluit" (ontwerp) ontbreekt
participatie document add INS-HZN --kind ontwerp --ref Z-2026-0412

# Maandag 7 september: ter inzage. Zes weken, tot en met maandag 19 oktober (Algemene termijnenwet).
export PARTICIPATIE_NOW=2026-09-07T09:00:00+02:00
participatie advance INS-HZN terInzageLeggen
# uitvoer: Termijn tot en met maandag 19-10-2026

# De reacties uit de brievenbus, de balie, de telefoon en de mail; H-06 kwam op 21 oktober: te laat, toch geregistreerd.
export PARTICIPATIE_NOW=2026-10-22T09:00:00+02:00
participatie input import INS-HZN reacties.csv
# uitvoer: 6 inspraakreacties geregistreerd in INS-HZN (1 te laat
# Elke reactie heeft een behandelaar (kolom behandelaar). De vraag over de planning gaat naar de afdeling Uitvoering.
participatie input assign INS-HZN H-06 --to "Afdeling Uitvoering" --reason "Vraag over de planning van het werk"
participatie status INS-HZN
# uitvoer: Team Groen: 2 open
# uitvoer: Afdeling Uitvoering: 1 open
participatie advance INS-HZN inzageSluiten
participatie document add INS-HZN --kind reactienota --ref Z-2026-0498

# Het college wil besluiten, maar geen enkele reactie heeft een antwoord: geweigerd, met de kenmerken.
export PARTICIPATIE_NOW=2026-11-10T10:00:00+01:00
participatie advance INS-HZN besluiten --as college   # verwacht: 1
# uitvoer: Alle 6 inspraakreacties hebben nog geen antwoord: H-01, H-02, H-03, H-04, H-05, H-06
participatie feedback import INS-HZN antwoorden.csv
participatie advance INS-HZN besluiten --as college
# uitvoer: alle 6 inspraakreacties hadden een antwoord

# Afsluiten kan pas als iedereen het antwoord heeft gekregen.
participatie advance INS-HZN afronden   # verwacht: 1
# uitvoer: De antwoorden op alle 6 inspraakreacties zijn nog niet verstuurd
export PARTICIPATIE_NOW=2026-11-12T10:00:00+01:00
participatie feedback sent INS-HZN --all
participatie advance INS-HZN afronden
# uitvoer: afgesloten met uitkomst: vastgesteld
participatie status INS-HZN
# uitvoer: beantwoord 6 van 6 · verstuurd 6 van 6 · te laat 1
participatie verify
