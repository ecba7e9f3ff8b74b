import Foundation
import ParticipationKit

/// The letter to the raad and the uitdaagrecht of `participatie demo`, after the inspraak.
extension Demo {
    /// A letter with two points is passed on *ter kennisneming*; nobody follows up, and eight
    /// weeks later it turns visibly into "geen opvolging" instead of going silent. Each point
    /// has its own behandelaar: one the afdeling Verkeer, the other handed from Team Groen to
    /// Wijkzaken.
    func runLetter(_ store: ParticipationStore) throws {
        let griffie = ActorIdentity(role: "griffie", name: "Griffie")
        let presidium = ActorIdentity(role: "presidium")
        let letter: ProcessID = "brief-2026-017"
        let say = context.print
        say("participatie demo — brief van Bewonersgroep Willemskwartier aan de gemeenteraad")
        say("")
        try start(
            "ingekomen-stuk", letter, title: "Brief over te hard rijden in de Thijmstraat", in: store, by: griffie,
            at: "2026-05-04T09:00:00+02:00")
        let points = [
            NewInput(
                id: "B17-1", kind: "punt", text: "Er wordt te hard gereden in de Thijmstraat; wij vragen om drempels.", channel: "e-mail",
                publicName: "Bewonersgroep Willemskwartier", owner: "Afdeling Verkeer"),
            NewInput(
                id: "B17-2", kind: "punt",
                text: "Wij vragen om bomen en plantenbakken die de straat smaller maken, zodat er langzamer wordt gereden.",
                channel: "e-mail", publicName: "Bewonersgroep Willemskwartier", owner: "Team Groen"),
        ]
        try store.execute(.addInputs(points), on: letter, by: griffie, at: try at("2026-05-04T09:05:00+02:00"))
        try store.execute(
            .attachDocument(kind: "ontvangstbevestiging", reference: "Ontvangstbevestiging brief 2026-017"), on: letter,
            by: griffie, at: try at("2026-05-05T10:00:00+02:00"))
        try store.execute(.advance("bevestigen", reason: nil), on: letter, by: griffie, at: try at("2026-05-05T10:05:00+02:00"))
        say("1. maandag 04-05-2026 — de griffie registreert de brief met twee punten en bevestigt de ontvangst. Elk punt heeft een")
        say("   eigen behandelaar: B17-1 (drempels) de afdeling Verkeer, B17-2 (bomen en plantenbakken) Team Groen.")
        try store.execute(
            .assignInputs(["B17-2"], to: "Wijkzaken", reason: "Smaller maken van de straat hoort bij de wijkaanpak Willemskwartier."),
            on: letter, by: griffie, at: try at("2026-05-07T11:00:00+02:00"))
        say("   donderdag 07-05-2026 — Team Groen draagt B17-2 over aan Wijkzaken; de overdracht blijft bewaard.")
        try store.execute(
            .attachDocument(kind: "afdoeningsvoorstel", reference: "Lijst ingekomen stukken, raad 20-05-2026"), on: letter,
            by: griffie, at: try at("2026-05-12T09:00:00+02:00"))
        say("2. Het presidium stelt voor de brief voor kennisgeving aan te nemen, voordat de punten een antwoord hebben:")
        try expectRefusal(
            .advance("kennisnemen", reason: "Het college neemt het verzoek mee in het verkeersplan."), on: letter,
            in: store, by: presidium, at: "2026-05-20T20:00:00+02:00")
        try store.execute(
            .recordFeedbacks([
                NewFeedback(
                    input: "B17-1", verdict: .doorverwezen,
                    motivation:
                        "Drempels zijn een zaak van het college; het verzoek is doorgestuurd naar het team Verkeer, dat het meeneemt in het verkeersplan 2027."
                ),
                NewFeedback(
                    input: "B17-2", verdict: .deels,
                    motivation:
                        "Wijkzaken plaatst in het najaar vier plantenbakken bij de school; bomen passen niet boven de leidingen in de stoep."
                ),
            ]), on: letter, by: griffie, at: try at("2026-05-19T14:00:00+02:00"))
        try store.execute(
            .advance("kennisnemen", reason: "Het college neemt het verzoek mee in het verkeersplan."), on: letter,
            by: presidium, at: try at("2026-05-20T20:00:00+02:00"))
        say(
            "3. woensdag 20-05-2026 — beide punten hebben een antwoord, van hun eigen behandelaar; de brief wordt voor kennisgeving aangenomen."
        )
        if let state = store.process(letter) {
            let engine = try store.engine(for: state)
            if let timed = engine.definition.transitions(from: state.current).first(where: \.isTimed),
                let due = engine.timedDue(timed, in: state)
            {
                say("   Geen raadslid vraagt om opvolging? Dan gaat de brief vanzelf naar \"geen opvolging\" op \(due.longDescription).")
            }
        }
        let fired = try store.tick(at: try at("2026-07-16T06:00:00+02:00"))
        if fired.isEmpty { throw DataError(message: "De demo verwachtte dat de brief naar geen opvolging ging.") }
        let label = try store.process(letter).map { try store.engine(for: $0).stateLabel($0.current) } ?? "?"
        say("4. donderdag 16-07-2026 — participatie tick: de brief staat nu zichtbaar in \(label), niet stil in een la.")
        try store.execute(
            .attachDocument(kind: "slotbrief", reference: "Slotbrief aan Bewonersgroep Willemskwartier"), on: letter,
            by: griffie, at: try at("2026-07-17T10:00:00+02:00"))
        say("5. De griffie wil de brief sluiten, maar de schrijver heeft de antwoorden nog niet:")
        try expectRefusal(
            .advance("sluitenZonderOpvolging", reason: nil), on: letter, in: store, by: griffie, at: "2026-07-17T10:05:00+02:00")
        let sentDay = CivilDate(year: 2026, month: 7, day: 17) ?? CivilDate(dayNumber: 0)
        try store.execute(.markFeedbackSent(.allUnsent, on: sentDay), on: letter, by: griffie, at: try at("2026-07-17T11:00:00+02:00"))
        try store.execute(.advance("sluitenZonderOpvolging", reason: nil), on: letter, by: griffie, at: try at("2026-07-17T11:05:00+02:00"))
        let outcome = store.process(letter)?.outcome ?? "?"
        say("6. vrijdag 17-07-2026 — antwoorden verstuurd; de brief is gesloten met uitkomst: \(outcome).")
    }

    /// A bewonersgroep challenges the municipality to maintain a park: not ontvankelijk
    /// without the raad's kaders; the college decides with every criterion recorded.
    func runUitdaagrecht(_ store: ParticipationStore) throws {
        let projectleider = ActorIdentity(role: "projectleider", name: "Sanne de Wit")
        let college = ActorIdentity(role: "college")
        let challenge: ProcessID = "uitdaagrecht-2026-003"
        let say = context.print
        say("participatie demo — uitdaagrecht: Buurtgroep Park Brakkenstein wil het onderhoud van het park overnemen")
        say("")
        try start(
            "uitdaagrecht", challenge, title: "Onderhoud Park Brakkenstein door de buurt", in: store, by: projectleider,
            at: "2026-06-01T09:00:00+02:00")
        try store.execute(
            .addInput(
                NewInput(
                    id: "U-1", kind: "uitdaging",
                    text: "Wij nemen het maaien, snoeien en de speelplek over, voor het budget dat de gemeente er nu aan uitgeeft.",
                    channel: "webformulier", publicName: "Buurtgroep Park Brakkenstein")),
            on: challenge, by: projectleider, at: try at("2026-06-01T09:05:00+02:00"))
        try store.execute(
            .advance("inBehandelingNemen", reason: nil), on: challenge, by: projectleider, at: try at("2026-06-02T09:00:00+02:00"))
        say("1. maandag 01-06-2026 — de uitdaging (U-1) is binnen en in behandeling. Ontvankelijk verklaren zonder de kaders van de raad:")
        try expectRefusal(
            .advance("ontvankelijkVerklaren", reason: nil), on: challenge, in: store, by: projectleider, at: "2026-06-03T09:00:00+02:00")
        // The raad adopted its kaders for the uitdaagrecht in 2025, before this challenge came in; the
        // griffie adds the raad's decision with that date.
        try store.execute(
            .attachDocument(
                kind: "kaders", reference: "Raadsbesluit kaders uitdaagrecht 2025", date: CivilDate(year: 2025, month: 11, day: 12)),
            on: challenge, by: ActorIdentity(role: "raad"), at: try at("2026-06-10T09:00:00+02:00"))
        for (kind, reference) in [
            ("toetsDeskundigheid", "Toets deskundigheid: hovenier in de groep"),
            ("toetsDraagvlak", "Toets draagvlak: 140 handtekeningen uit de buurt"), ("toetsKosten", "Toets kosten: binnen huidig budget"),
            ("besluit", "Collegebesluit 2026-0611"),
        ] {
            try store.execute(
                .attachDocument(kind: DocumentKindID(kind), reference: reference), on: challenge, by: projectleider,
                at: try at("2026-06-10T09:00:00+02:00"))
        }
        try store.execute(
            .advance("ontvankelijkVerklaren", reason: nil), on: challenge, by: projectleider, at: try at("2026-06-10T10:00:00+02:00"))
        try store.execute(
            .advance("beoordelingAfronden", reason: nil), on: challenge, by: projectleider, at: try at("2026-06-24T10:00:00+02:00"))
        say(
            "2. Met de kaders die de raad in 2025 vaststelde, vóór de uitdaging, is de uitdaging ontvankelijk; deskundigheid, draagvlak en kosten zijn elk getoetst en vastgelegd."
        )
        say("3. Het college wil toekennen voordat de buurtgroep een antwoord heeft:")
        try expectRefusal(.advance("toekennen", reason: nil), on: challenge, in: store, by: college, at: "2026-07-07T10:00:00+02:00")
        try store.execute(
            .recordFeedback(
                NewFeedback(
                    input: "U-1", verdict: .overgenomen,
                    motivation:
                        "U voldoet aan alle drie de criteria; u krijgt het onderhoud voor twee jaar, met het huidige budget van 18.000 euro per jaar."
                )),
            on: challenge, by: projectleider, at: try at("2026-07-07T11:00:00+02:00"))
        try store.execute(.advance("toekennen", reason: nil), on: challenge, by: college, at: try at("2026-07-07T14:00:00+02:00"))
        say("4. dinsdag 07-07-2026 — de uitdaging heeft een antwoord met motivering; het college kent haar toe. Nu volgen de afspraken.")
    }
}
