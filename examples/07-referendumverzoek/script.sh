#!/usr/bin/env bash
# Scenario 7 (RULES §3): twee verzoeken om een referendum. Het eerste haalt 3.999 geldige handtekeningen:
# één te weinig. Er komen er nog 20 bij, maar die zijn gezet vóór of na de verzamelperiode: ze worden
# geregistreerd en tellen niet mee. De raad kan het referendum dan niet laten doorgaan, en wijst het verzoek
# af met een reden. Het tweede haalt er precies 4.000: het referendum gaat door. Beide initiatiefnemers
# krijgen een antwoord.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/07-referendumverzoek/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=griffie

# --- Verzoek 1: verkoop van Sporthal De Wielewaal (3.999 handtekeningen) ---

# Woensdag 27 januari 2027: Comité Houd De Wielewaal vraagt een referendum over het raadsbesluit van 20 januari.
export PARTICIPATIE_NOW=2027-01-27T11:00:00+01:00
participatie start referendumverzoek --id REF-2027-01 --title "Referendumverzoek verkoop Sporthal De Wielewaal" --plan plan.json
# uitvoer: Participatieplan: plan.json, compleet
participatie input import REF-2027-01 inbreng.csv
# uitvoer: 1 verzoek om een referendum geregistreerd in REF-2027-01

# Dinsdag 2 februari: verzamelen kan pas als vastligt waar de raad het onderwerp eerder besprak.
export PARTICIPATIE_NOW=2027-02-02T10:00:00+01:00
participatie advance REF-2027-01 verzamelenStarten   # verwacht: 1
# uitvoer: (agendering) ontbreekt
participatie document add REF-2027-01 --kind agendering --ref "Raadsvergadering 20-01-2027, agendapunt 9: verkoop Sporthal De Wielewaal"

# Woensdag 3 februari: de zes weken beginnen. Die lengte is een voorbeeld (in het werkstroombestand
# "source": "model"): de referendumverordening van de gemeente bepaalt de echte periode.
export PARTICIPATIE_NOW=2027-02-03T09:00:00+01:00
participatie advance REF-2027-01 verzamelenStarten
# uitvoer: Termijn tot en met dinsdag 16-03-2027
# uitvoer: De lengte van deze termijn is een voorbeeld; de eigen verordening van de gemeente bepaalt hem.

# Dinsdag 16 maart, de laatste dag: de handtekeningen die burgerzaken geldig verklaarde, komen in het systeem.
export PARTICIPATIE_NOW=2027-03-16T16:00:00+01:00
participatie input import REF-2027-01 handtekeningen-3999.csv
# uitvoer: 3.999 handtekeningen geregistreerd in REF-2027-01
export PARTICIPATIE_NOW=2027-03-17T09:00:00+01:00
participatie advance REF-2027-01 verzamelingSluiten
# uitvoer: "Handtekeningen verzamelen" → "De raad besluit over het verzoek"
export PARTICIPATIE_NOW=2027-03-31T10:00:00+02:00
participatie document add REF-2027-01 --kind telling --ref "Verklaring burgerzaken 31-03-2027: 4.187 ingeleverd, 3.999 geldig en binnen de periode"

# Het comité levert nog 20 echte handtekeningen in, gezet tussen 28 januari en 2 februari en tussen 17 en 26
# maart. Ze worden geregistreerd (er gaat niets verloren), maar ze vallen buiten de verzamelperiode.
participatie input import REF-2027-01 handtekeningen-buiten-termijn.csv
# uitvoer: 20 handtekeningen geregistreerd in REF-2027-01 (10 te vroeg, 10 te laat; die tellen niet mee voor de drempel)
participatie status REF-2027-01
# uitvoer: Telling handtekening (nodig 4.000): 3.999 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat

# Het antwoord aan het comité staat klaar voor de raadsvergadering.
export PARTICIPATIE_NOW=2027-04-12T15:00:00+02:00
participatie feedback import REF-2027-01 antwoorden.csv
# uitvoer: vastgelegd in REF-2027-01

# Woensdag 14 april: een fractie wil het referendum toch laten doorgaan: er zijn 4.019 handtekeningen. Dat kan
# niet: er tellen er 3.999 mee, één te weinig.
export PARTICIPATIE_NOW=2027-04-14T21:00:00+02:00
participatie document add REF-2027-01 --kind raadsbesluit --ref "Raadsbesluit 2027-051 Referendumverzoek Sporthal De Wielewaal" --as raad
participatie advance REF-2027-01 referendumToestaan --as raad   # verwacht: 1
# uitvoer: Er tellen 3.999 handtekeningen mee; nodig zijn er minstens 4.000. 3.999 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat.
participatie advance REF-2027-01 verzoekAfwijzen --as raad --reason "Er zijn 3.999 geldige handtekeningen; de Referendumverordening vraagt er minstens 4.000."
# uitvoer: "De raad besluit over het verzoek" → "Besloten: het verzoek is afgewezen"

# Afsluiten kan pas als het comité het antwoord heeft gekregen.
export PARTICIPATIE_NOW=2027-04-15T10:00:00+02:00
participatie advance REF-2027-01 afsluiten   # verwacht: 1
# uitvoer: Het antwoord op 1 verzoek om een referendum is nog niet verstuurd: V-2027-01
participatie feedback sent REF-2027-01 --all
# uitvoer: 1 antwoord verstuurd op 15-04-2027
participatie advance REF-2027-01 afsluiten
# uitvoer: afgesloten met uitkomst: afgewezen
participatie status REF-2027-01
# uitvoer: Afgesloten met uitkomst: afgewezen
# uitvoer: zonder antwoordplicht 4019

# --- Verzoek 2: betaald parkeren tot 23.00 uur in de binnenstad (4.000 handtekeningen) ---

# Maandag 19 april: Stichting Binnenstad Bereikbaar vraagt een referendum over het raadsbesluit van 24 maart.
export PARTICIPATIE_NOW=2027-04-19T10:00:00+02:00
participatie start referendumverzoek --id REF-2027-02 --title "Referendumverzoek betaald parkeren binnenstad tot 23.00 uur" --plan plan.json
participatie input add REF-2027-02 --kind verzoek --id V-2027-02 --channel e-mail --author "D. Claassen" --public-name "Stichting Binnenstad Bereikbaar" --theme parkeren --text "Wij vragen een referendum over het besluit van de raad van 24 maart 2027 om betaald parkeren in de binnenstad te verlengen tot 23.00 uur. Dat raakt bewoners, bezoekers en de horeca."
# uitvoer: Inbreng V-2027-02 geregistreerd in REF-2027-02 (verzoek, ontvangen 19-04-2027)
participatie document add REF-2027-02 --kind agendering --ref "Raadsvergadering 24-03-2027, agendapunt 12: parkeerbeleid binnenstad"

# Woensdag 21 april tot en met dinsdag 1 juni: verzamelen.
export PARTICIPATIE_NOW=2027-04-21T09:00:00+02:00
participatie advance REF-2027-02 verzamelenStarten
# uitvoer: Termijn tot en met dinsdag 01-06-2027
export PARTICIPATIE_NOW=2027-06-01T16:00:00+02:00
participatie input import REF-2027-02 handtekeningen-4000.csv
# uitvoer: 4.000 handtekeningen geregistreerd in REF-2027-02
export PARTICIPATIE_NOW=2027-06-02T09:00:00+02:00
participatie advance REF-2027-02 verzamelingSluiten
export PARTICIPATIE_NOW=2027-06-16T10:00:00+02:00
participatie document add REF-2027-02 --kind telling --ref "Verklaring burgerzaken 16-06-2027: 4.311 ingeleverd, 4.000 geldig"
participatie feedback add REF-2027-02 V-2027-02 --verdict overgenomen --reason "Het referendum over betaald parkeren tot 23.00 uur gaat door. Burgerzaken heeft 4.311 handtekeningen gecontroleerd: 4.000 zijn geldig, precies genoeg. Het referendum is op woensdag 6 oktober 2027. Tot de uitslag blijft betaald parkeren tot 21.00 uur, zoals nu. Alle kiezers krijgen in september een stempas en een folder met de argumenten voor en tegen."

# Woensdag 30 juni: de raad laat het referendum doorgaan.
export PARTICIPATIE_NOW=2027-06-30T21:00:00+02:00
participatie document add REF-2027-02 --kind raadsbesluit --ref "Raadsbesluit 2027-089 Referendum parkeerbeleid binnenstad op 6 oktober 2027" --as raad
participatie advance REF-2027-02 referendumToestaan --as raad
# uitvoer: "De raad besluit over het verzoek" → "Besloten: het referendum gaat door"
export PARTICIPATIE_NOW=2027-07-01T10:00:00+02:00
participatie feedback sent REF-2027-02 --all
participatie advance REF-2027-02 afronden
# uitvoer: afgesloten met uitkomst: toegestaan
participatie status REF-2027-02
# uitvoer: Inbreng: 4001 · beantwoord 1 van 1 · verstuurd 1 van 1
# uitvoer: zonder antwoordplicht 4000

# Het overzicht van de griffie: beide verzoeken afgerond, elk met een verstuurd antwoord.
participatie list
# uitvoer: Afgerond: het verzoek is afgewezen
# uitvoer: Afgerond: het referendum gaat door
