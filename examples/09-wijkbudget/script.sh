#!/usr/bin/env bash
# Scenario 9 (RULES §3): het leefbaarheidsbudget van een kern. De dorpsraad van Heerjansdam heeft in 2027
# € 40.000 om te verdelen. Inwoners vragen geld aan; elke aanvraag krijgt een besluit met de reden. Er kan nooit
# meer worden toegekend dan er in het budget zit: een toekenning die het budget overschrijdt, wordt geweigerd,
# met het bedrag waarmee het erover gaat.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/09-wijkbudget/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=kerncontact

# Maandag 11 januari 2027: de ronde begint. Het budget is een bedrag; "veertigduizend" is dat niet.
export PARTICIPATIE_NOW=2027-01-11T09:00:00+01:00
participatie start wijkbudget --id LB-HEERJANSDAM-2027 --title "Leefbaarheidsbudget Heerjansdam 2027" --attr budget=veertigduizend --attr eigenBijdrage=ja   # verwacht: 65
# uitvoer: kenmerk "budget" (Budget van de kern) is een bedrag, en dit is geen bedrag
participatie start wijkbudget --id LB-HEERJANSDAM-2027 --title "Leefbaarheidsbudget Heerjansdam 2027" --attr "budget=€ 40.000,00" --attr eigenBijdrage=ja
# uitvoer: Toestand: Aanvragen ingediend

# Een aanvraag noemt altijd het gevraagde bedrag.
export PARTICIPATIE_NOW=2027-02-22T10:00:00+01:00
participatie input add LB-HEERJANSDAM-2027 --kind aanvraag --id A-05 --text "Bloembakken in de Dorpsstraat."   # verwacht: 1
# uitvoer: geef het gevraagde bedrag; een aanvraag noemt altijd een bedrag.
participatie input import LB-HEERJANSDAM-2027 aanvragen.csv
# uitvoer: 4 aanvragen geregistreerd in LB-HEERJANSDAM-2027
participatie status LB-HEERJANSDAM-2027
# uitvoer: Budget van de kern: € 40.000,00 · gevraagd € 45.500,00 · toegekend € 0,00 · nog vrij € 40.000,00

# Maandag 1 maart: indienen sluit. De dorpsraadcoördinator toetst elke aanvraag aan de spelregels van de kern.
export PARTICIPATIE_NOW=2027-03-01T09:00:00+01:00
participatie advance LB-HEERJANSDAM-2027 indieningSluiten --reason "De termijn voor aanvragen voor 2027 is voorbij, zoals aangekondigd in de dorpskrant."
participatie advance LB-HEERJANSDAM-2027 ontvankelijkheidGetoetst   # verwacht: 1
# uitvoer: (toetsEigenBijdrage) ontbreekt. (want eigenBijdrage is ja)
participatie document add LB-HEERJANSDAM-2027 --kind spelregels --ref "Spelregels leefbaarheidsbudget Heerjansdam 2027"
participatie document add LB-HEERJANSDAM-2027 --kind toetsDraagvlak --ref "Toets draagvlak aanvragen 2027 (DMS 2027-0412)"
participatie document add LB-HEERJANSDAM-2027 --kind toetsEigenBijdrage --ref "Toets eigen bijdrage aanvragen 2027 (DMS 2027-0413)"
participatie advance LB-HEERJANSDAM-2027 ontvankelijkheidGetoetst
# uitvoer: → "Afweging door de dorpsraad of het coördinatorenteam"

# Donderdag 11 maart: de dorpsraad weegt de aanvragen. De braderie is niet ontvankelijk: er is geen draagvlak
# aangetoond, en geen eigen bijdrage. Op een afwijzing past geen bedrag.
export PARTICIPATIE_NOW=2027-03-11T20:30:00+01:00
export PARTICIPATIE_ACTOR=dorpsraad
participatie feedback add LB-HEERJANSDAM-2027 A-04 --verdict niet-ontvankelijk --amount 3000 --reason "Geen draagvlak."   # verwacht: 1
# uitvoer: bij "niet ontvankelijk" wordt niets toegekend
participatie feedback add LB-HEERJANSDAM-2027 A-04 --verdict niet-ontvankelijk --reason "Uw aanvraag voldoet niet aan de spelregels van de kern. U hebt niet laten zien dat inwoners van Heerjansdam het plan steunen, en u betaalt zelf niets. Een braderie met winkels van buiten het dorp is ook geen verbetering van de leefbaarheid van de kern. U kunt volgend jaar een nieuwe aanvraag doen."
participatie feedback add LB-HEERJANSDAM-2027 A-01 --verdict overgenomen --reason "De AED maakt het dorp veiliger. 212 inwoners steunen het plan, en de buurtvereniging betaalt het onderhoud zelf."
# uitvoer: Antwoord op A-01 vastgelegd: overgenomen, toegekend € 2.500,00.
participatie feedback add LB-HEERJANSDAM-2027 A-02 --verdict overgenomen --amount 25.000 --reason "Het Kerkeplein is de enige speelplek in het dorp. De ouders betalen de helft zelf."
# uitvoer: toegekend € 25.000,00

# Meer dan gevraagd kan niet, en samen meer dan het budget ook niet.
participatie feedback add LB-HEERJANSDAM-2027 A-03 --verdict overgenomen --amount 16000 --reason "Een baan voor jong en oud."   # verwacht: 1
# uitvoer: het toegekende bedrag (€ 16.000,00) is meer dan gevraagd (€ 15.000,00).
participatie feedback add LB-HEERJANSDAM-2027 A-03 --verdict overgenomen --reason "Een baan voor jong en oud."   # verwacht: 1
# uitvoer: De toekenningen (€ 42.500,00) gaan € 2.500,00 over het budget van de kern (€ 40.000,00).
participatie feedback add LB-HEERJANSDAM-2027 A-03 --verdict deels --amount 12.500 --reason "De baan brengt jong en oud samen bij het dorpshuis. Er is nog € 12.500 in het budget: dat is wat de dorpsraad kan geven. Lukt het de club om de rest op te halen, dan kan de baan er komen; anders kunt u volgend jaar opnieuw aanvragen."
# uitvoer: Antwoord op A-03 vastgelegd: deels overgenomen, toegekend € 12.500,00.

# Het besluit: alle vier de aanvragen hebben een antwoord met de reden, en de toekenningen passen in het budget.
participatie advance LB-HEERJANSDAM-2027 toekennen --reason "De dorpsraad kent € 40.000 toe aan drie aanvragen; het budget voor 2027 is daarmee op. De braderie voldoet niet aan de spelregels."
# uitvoer: → "Toegekend"
participatie status LB-HEERJANSDAM-2027
# uitvoer: Budget van de kern: € 40.000,00 · gevraagd € 45.500,00 · toegekend € 40.000,00 · nog vrij € 0,00

# De antwoorden gaan naar de aanvragers; de gemeente betaalt uit. Na de uitvoering volgt een korte verantwoording.
export PARTICIPATIE_NOW=2027-03-15T09:00:00+01:00
export PARTICIPATIE_ACTOR=kerncontact
participatie feedback sent LB-HEERJANSDAM-2027 --all
# uitvoer: 4 antwoorden verstuurd op 15-03-2027
export PARTICIPATIE_NOW=2027-04-01T09:00:00+02:00
participatie document add LB-HEERJANSDAM-2027 --kind betaling --ref "Betaalopdracht 2027-LB-07 (€ 40.000)" --as gemeente
participatie advance LB-HEERJANSDAM-2027 uitbetalen --as gemeente
export PARTICIPATIE_NOW=2027-10-04T09:00:00+02:00
participatie advance LB-HEERJANSDAM-2027 uitvoeringGereed --reason "De AED hangt, de speeltoestellen staan, de jeu-de-boulesbaan is op 25 september geopend."
participatie advance LB-HEERJANSDAM-2027 verantwoordingVragen
export PARTICIPATIE_NOW=2027-11-01T09:00:00+01:00
participatie document add LB-HEERJANSDAM-2027 --kind verantwoording --ref "Verantwoording aanvragers leefbaarheidsbudget 2027 (DMS 2027-2210)"
participatie advance LB-HEERJANSDAM-2027 sluiten
# uitvoer: afgesloten met uitkomst: toegekend
