#!/usr/bin/env bash
# Scenario 12 (RULES §3): een ruimtelijk initiatief onder de Omgevingswet. Een projectontwikkelaar wil 48 woningen
# bouwen aan de Tweede Oude Heselaan. Eerst een verkenning met de omgeving, dan pas de voorwaarden van het college;
# dan een compleet participatieplan; dan voert de initiatiefnemer de participatie uit. De omgevingsmanager van de
# gemeente blijft verantwoordelijk voor elke reactie. Het college besluit pas als elke reactie een antwoord heeft.
#
# Zelf naspelen (met participatie op het PATH):
#   export PARTICIPATIE_STORE=$(mktemp -d)
#   bash examples/10-omgevingsinitiatief/script.sh
# De test "Examples" voert dit script uit; `# verwacht: N` is de afsluitcode, `# uitvoer:` een stuk van de uitvoer.
cd "$(dirname "$0")"
export PARTICIPATIE_ACTOR=omgevingsmanager

# Maandag 11 januari 2027: het idee komt binnen. Het participatieplan is nog een concept.
export PARTICIPATIE_NOW=2027-01-11T09:00:00+01:00
participatie start omgevingsinitiatief --id OI-HESELAAN --title "Woningbouw Tweede Oude Heselaan" --plan plan-concept.json --attr "gebied=Tweede Oude Heselaan, Hengstdal"
# uitvoer: Participatieplan: plan-concept.json, NIET compleet: 2 punten
participatie document add OI-HESELAAN --kind idee --ref "Principeverzoek 48 woningen Tweede Oude Heselaan (DMS 2027-0031)" --as initiatiefnemer

# Het college wil meteen voorwaarden stellen. Dat kan niet: eerst komt de verkenning met de omgeving.
participatie advance OI-HESELAAN voorwaardenVaststellen --as college   # verwacht: 1
# uitvoer: Deze overgang kan niet vanuit "Nieuw idee".
participatie advance OI-HESELAAN verkenningStarten
# uitvoer: "Nieuw idee" → "Verkenning met de omgeving"

# Maandag 25 januari: de voorwaarden liggen klaar, maar de kansen en risico's uit de verkenning nog niet.
export PARTICIPATIE_NOW=2027-01-25T10:00:00+01:00
participatie document add OI-HESELAAN --kind voorwaarden --ref "Collegebesluit 2027-044 Voorwaarden Tweede Oude Heselaan" --as college
participatie advance OI-HESELAAN voorwaardenVaststellen --as college   # verwacht: 1
# uitvoer: Document "Kansen en risico's uit de verkenning met de omgeving" (kansenEnRisicos) ontbreekt. Het moet van na het begin van "Verkenning met de omgeving" (11-01-2027) zijn.

# Maandag 1 februari: de initiatiefnemer sprak met 23 omwonenden. Nu kan het college de voorwaarden vaststellen.
export PARTICIPATIE_NOW=2027-02-01T10:00:00+01:00
participatie document add OI-HESELAAN --kind kansenEnRisicos --ref "Verkenning Tweede Oude Heselaan: gesprekken met 23 omwonenden (DMS 2027-0102)" --as initiatiefnemer
participatie advance OI-HESELAAN voorwaardenVaststellen --as college
# uitvoer: "Verkenning met de omgeving" → "Voorwaarden vastgesteld"

# Het participatieplan is nog niet compleet: de risico's en de evaluatie ontbreken. Zonder compleet plan geen participatie.
participatie advance OI-HESELAAN participatieplanVaststellen   # verwacht: 1
# uitvoer: Het gekoppelde participatieplan is niet compleet.
participatie plan attach OI-HESELAAN plan.json
# uitvoer: compleet
participatie advance OI-HESELAAN participatieplanVaststellen
# uitvoer: "Voorwaarden vastgesteld" → "Participatieplan vastgesteld"

# Maandag 8 maart: de initiatiefnemer start de participatie, zoals gepland tot en met 19 april. Hij registreert de
# reacties van de inloopavond; de omgevingsmanager van de gemeente is de behandelaar van elke reactie.
export PARTICIPATIE_NOW=2027-03-08T19:30:00+01:00
participatie advance OI-HESELAAN participatieStarten --as initiatiefnemer
# uitvoer: Termijn tot en met maandag 19-04-2027.
participatie input add OI-HESELAAN --kind reactie --id R-01 --public-name "Bewonersvereniging Hengstdal" --text "Vijf lagen is te hoog voor deze straat." --as initiatiefnemer
# uitvoer: Behandelaar: Omgevingsmanager van de gemeente
participatie input add OI-HESELAAN --kind reactie --id R-02 --text "Waar parkeren de nieuwe bewoners?" --as initiatiefnemer

# Donderdag 15 april: de initiatiefnemer wil eerder stoppen dan gepland. Dat kan alleen met een reden: een afwijking
# van het plan staat in het journaal.
export PARTICIPATIE_NOW=2027-04-15T10:00:00+02:00
participatie input add OI-HESELAAN --kind reactie --id R-03 --text "Laat het pad naar de school open tijdens de bouw." --as initiatiefnemer
participatie advance OI-HESELAAN participatieAfronden --as initiatiefnemer   # verwacht: 1
# uitvoer: De termijn van "Participatie door de initiatiefnemer" loopt nog tot en met maandag 19-04-2027.
participatie advance OI-HESELAAN participatieEerderAfronden --as initiatiefnemer   # verwacht: 1
# uitvoer: Participatie eerder afronden dan gepland (met reden) kan niet: Geef een motivering.

# Dinsdag 20 april: de geplande periode is voorbij. De initiatiefnemer rondt de participatie af.
export PARTICIPATIE_NOW=2027-04-20T10:00:00+02:00
participatie advance OI-HESELAAN participatieAfronden --as initiatiefnemer
# uitvoer: "Participatie door de initiatiefnemer" → "Participatieverslag en aanvraag"

# Het participatieverslag is van de initiatiefnemer. Een verslag dat de gemeente zelf toevoegt, telt niet.
participatie document add OI-HESELAAN --kind participatieverslag --ref "Samenvatting participatie door de gemeente"
participatie document add OI-HESELAAN --kind aanvraag --ref "Aanvraag omgevingsvergunning OLO-1234567" --as initiatiefnemer
participatie advance OI-HESELAAN naarAfweging   # verwacht: 1
# uitvoer: is toegevoegd als omgevingsmanager van de gemeente; alleen initiatiefnemer (projectontwikkelaar) mag het toevoegen.
participatie document add OI-HESELAAN --kind participatieverslag --ref "Participatieverslag Tweede Oude Heselaan (bij OLO-1234567)" --as initiatiefnemer
participatie advance OI-HESELAAN naarAfweging
# uitvoer: "Participatieverslag en aanvraag" → "Afweging van de inbreng"

# Maandag 10 mei: de gemeente weegt de reacties. Het college wil besluiten, maar R-03 heeft nog geen antwoord.
export PARTICIPATIE_NOW=2027-05-10T10:00:00+02:00
participatie feedback add OI-HESELAAN R-01 --verdict deels --reason "Aan de straatkant wordt het gebouw vier lagen hoog. De vijfde laag ligt terug, aan de kant van het spoor."
participatie feedback add OI-HESELAAN R-02 --verdict overgenomen --reason "Er komt een parkeerkelder met 40 plaatsen. De initiatiefnemer legt dat vast in de aanvraag."
participatie document add OI-HESELAAN --kind besluit --ref "Besluit omgevingsvergunning OLO-1234567" --as college
participatie advance OI-HESELAAN besluiten --as college   # verwacht: 1
# uitvoer: 1 van de 3 reacties van omwonenden heeft nog geen antwoord: R-03.
participatie feedback add OI-HESELAAN R-03 --verdict overgenomen --reason "Het pad naar de school blijft open tijdens de bouw. Dat is een voorschrift in de vergunning."
participatie advance OI-HESELAAN besluiten --as college
# uitvoer: "Afweging van de inbreng" → "Terugkoppeling na het besluit"

# Na het besluit krijgt iedereen die reageerde het antwoord. Eerder gaat het proces niet door naar de evaluatie.
participatie advance OI-HESELAAN naarEvaluatie   # verwacht: 1
# uitvoer: De antwoorden op alle 3 reacties van omwonenden zijn nog niet verstuurd: R-01, R-02, R-03.
participatie feedback sent OI-HESELAAN --all
# uitvoer: 3 antwoorden verstuurd op 10-05-2027
participatie advance OI-HESELAAN naarEvaluatie
# uitvoer: "Terugkoppeling na het besluit" → "Evaluatie"

# Maandag 4 oktober: de evaluatie is klaar; het proces sluit.
export PARTICIPATIE_NOW=2027-10-04T10:00:00+02:00
participatie document add OI-HESELAAN --kind evaluatie --ref "Evaluatie participatie Tweede Oude Heselaan (DMS 2027-1840)"
participatie advance OI-HESELAAN sluiten
# uitvoer: Het proces is afgesloten met uitkomst: besloten.
