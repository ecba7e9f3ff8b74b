#!/usr/bin/env bash
# Een participatieplan in Markdown, zoals participatie plan new het maakt, ingevuld met tekst uit Word.
# Het concept (concept.md) is in Kladblok opgeslagen als Windows-1252, met Windows-regeleinden, vaste spaties
# en een zachte regelovergang uit Word; vraag 5 zegt alleen "n.v.t." en vraag 6 is leeg. Het proces start met
# dat concept, maar samen denken begint pas als het aangevulde plan (plan.md) compleet is en gekoppeld.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/08-plan-in-markdown/script.sh
# Een nieuw, leeg plan maakt u met: participatie plan new --workflow nijmegen-participatie --out plan.md
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=projectleider

# Maandag 2 maart 2026: het concept wordt gecontroleerd. Wat mist, staat er per vraag bij, met de regel.
export PARTICIPATIE_NOW=2026-03-02T09:00:00+01:00
participatie plan check concept.md   # verwacht: 1
# uitvoer: concept.md:47:1: fout: [PK111] vraag 5
# uitvoer: concept.md:49:1: fout: [PK110] vraag 6
# uitvoer: is gelezen als Windows-1252
participatie start nijmegen-participatie --id SPEEL-LINDE --title "Speelplek Lindeplein" --plan concept.md
# uitvoer: NIET compleet: 2 punten
participatie advance SPEEL-LINDE startDenken   # verwacht: 1
# uitvoer: Het gekoppelde participatieplan is niet compleet

# Dinsdag 3 maart: het plan is aangevuld. Nu is het compleet, en samen denken kan beginnen.
export PARTICIPATIE_NOW=2026-03-03T09:00:00+01:00
participatie plan check plan.md
# uitvoer: plan.md: compleet. Alle 7 vragen van punt 9 zijn beantwoord.
participatie plan attach SPEEL-LINDE plan.md
# uitvoer: gekoppeld aan SPEEL-LINDE: compleet
participatie advance SPEEL-LINDE startDenken
# uitvoer: "Voorbereiding en participatieplan" → "Samen denken"
participatie input add SPEEL-LINDE --kind idee --id I-01 --text "Een waterpomp met een zandbak, en schaduw voor de ouders."
participatie status SPEEL-LINDE
# uitvoer: Participatieplan: compleet
participatie plan paragraph plan.md
# uitvoer: # Participatieparagraaf: Speelplek Lindeplein
