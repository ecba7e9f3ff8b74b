import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let griffie = ActorIdentity(role: "griffie")
private let presidium = ActorIdentity(role: "presidium")
private let raadslid = ActorIdentity(role: "raadslid", name: "M. de Vries")
private let college = ActorIdentity(role: "college")
private let raad = ActorIdentity(role: "raad")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private func d(_ text: String) -> CivilDate { TestSupport.day(text) }

/// The events of an accepted command, or `nil` when it was refused.
private func accepted(_ result: Result<[EventPayload], Refusal>) -> [EventPayload]? {
    if case .success(let events) = result { return events }
    return nil
}

private let points: [InputID] = ["IS-12.1", "IS-12.2", "IS-12.3"]

/// A letter of three points, received and registered on Monday 02-03-2026.
private func letter() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
    let started = harness.start(at: t("2026-03-02T10:00:00+01:00"), by: griffie, title: "Brief Bewonersgroep Laakhaven")
    #expect(started.isSuccess, "\(started)")
    let texts = [
        "De overlast in de wijk wordt niet opgepakt.",
        "Meldingen verdwijnen tussen afdelingen.",
        "Wij vragen de raad dit raadsbreed te bespreken.",
    ]
    for (id, text) in zip(points, texts) {
        let added = harness.run(
            .addInput(NewInput(id: id, kind: "punt", text: text, received: d("2026-03-02"), publicName: "Bewonersgroep Laakhaven")),
            at: t("2026-03-02T11:00:00+01:00"), by: griffie)
        #expect(added.isSuccess, "\(added)")
    }
    return harness
}

/// The letter with its receipt confirmed and an afdoeningsvoorstel attached.
private func confirmedLetter() throws -> ProcessHarness {
    var harness = try letter()
    #expect(
        harness.run(
            .attachDocument(kind: "ontvangstbevestiging", reference: "UIT-2026-311"), at: t("2026-03-04T10:00:00+01:00"), by: griffie
        ).isSuccess)
    let confirmed = harness.run(.advance("bevestigen", reason: nil), at: t("2026-03-04T10:05:00+01:00"), by: griffie)
    #expect(confirmed.isSuccess, "\(confirmed)")
    #expect(
        harness.run(
            .attachDocument(kind: "afdoeningsvoorstel", reference: "Lijst ingekomen stukken 2026-05"), at: t("2026-03-05T10:00:00+01:00"),
            by: griffie
        ).isSuccess)
    #expect(harness.state?.current == "afdoeningsvoorstel")
    return harness
}

private func answer(
    _ harness: inout ProcessHarness, _ ids: [InputID], verdict: Verdict = .overgenomen, motivation: String, at now: String,
    by actor: ActorIdentity
) {
    for id in ids {
        let result = harness.run(
            .recordFeedback(NewFeedback(input: id, verdict: verdict, motivation: motivation + " (\(id))")), at: t(now), by: actor)
        #expect(result.isSuccess, "\(result)")
    }
}

@Suite("IngekomenStuk")
struct IngekomenStukTests {
    @Test("the shipped workflow is clean under --strict: no errors and no warnings")
    func validatesStrictly() throws {
        let diagnostics = WorkflowValidator.diagnostics(for: try TestSupport.shippedFile("ingekomen-stuk"))
        #expect(diagnostics.filter { $0.severity != .note }.isEmpty, "\(diagnostics)")
    }

    @Test("main path: ontvangen → bevestigd → in handen van het college → beantwoord → gesloten")
    func mainPathThroughCollege() throws {
        var harness = try confirmedLetter()
        // Handing the letter to the college is not a decision: the college answers the points.
        let handed = harness.run(.advance("inHandenCollege", reason: nil), at: t("2026-03-12T20:00:00+01:00"), by: presidium)
        #expect(handed.isSuccess, "\(handed)")
        #expect(harness.state?.current == "bijCollege")
        #expect(harness.state?.history.last?.decision == false)
        answer(
            &harness, points, verdict: .deels, motivation: "De wijkmanager neemt dit op in het wijkplan", at: "2026-04-01T10:00:00+02:00",
            by: college)
        #expect(
            harness.run(.attachDocument(kind: "antwoordbrief", reference: "UIT-2026-480"), at: t("2026-04-01T10:00:00+02:00"), by: college)
                .isSuccess)
        let answered = harness.run(.advance("collegeBeantwoordt", reason: nil), at: t("2026-04-07T10:00:00+02:00"), by: college)
        #expect(answered.isSuccess, "\(answered)")
        #expect(harness.state?.current == "beantwoord")
        #expect(harness.state?.history.last?.decision == true)
        #expect(harness.state?.history.last?.inputsWeighed == 3)
        #expect(harness.run(.markFeedbackSent(.allUnsent, on: d("2026-04-08")), at: t("2026-04-08T10:00:00+02:00"), by: griffie).isSuccess)
        let closed = harness.run(.advance("sluiten", reason: nil), at: t("2026-04-09T10:00:00+02:00"), by: griffie)
        #expect(closed.isSuccess, "\(closed)")
        #expect(harness.state?.isFinal == true)
        #expect(harness.state?.current == "gesloten")
        #expect(harness.state?.outcome == "beantwoord")
        #expect(harness.replayed() == harness.state)
    }

    @Test("the receipt cannot be confirmed before the letter is split into points and the confirmation exists")
    func confirmationNeedsPointsAndDocument() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        harness.start(at: t("2026-03-02T10:00:00+01:00"), by: griffie)
        let refusal = try #require(
            harness.run(.advance("bevestigen", reason: nil), at: t("2026-03-03T10:00:00+01:00"), by: griffie).refusal)
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs, .missingDocument])
        // A loose point or a letter with points: either will do.
        #expect(refusal.reasons.map(\.ids) == [["punt", "brief"], ["ontvangstbevestiging"]])
        #expect(harness.state?.current == "ontvangen")
    }

    @Test("without a confirmation within a week the letter moves visibly to 'ontvangst nog niet bevestigd' (Atw: Koningsdag)")
    func confirmationTermIsTimed() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        // Entered on Monday 20-04-2026: one week ends on Koningsdag 27-04, runs on to Tuesday 28-04; fires on Wednesday 29-04.
        harness.start(at: t("2026-04-20T09:00:00+02:00"), by: griffie)
        harness.run(
            .addInput(NewInput(id: "IS-20.1", kind: "punt", text: "Graag een zebrapad.")), at: t("2026-04-20T09:30:00+02:00"), by: griffie)
        let state = try #require(harness.state)
        let timed = try #require(harness.engine.definition.transitions.first { $0.name == "bevestigingVerlopen" })
        #expect(harness.engine.timedDue(timed, in: state) == d("2026-04-29"))
        let early = try #require(accepted(harness.run(.tick, at: t("2026-04-28T23:59:00+02:00"), by: .system)))
        #expect(early.isEmpty)
        #expect(harness.state?.current == "ontvangen")
        let due = try #require(accepted(harness.run(.tick, at: t("2026-04-29T00:01:00+02:00"), by: .system)))
        #expect(due.count == 1)
        #expect(harness.state?.current == "bevestigingTeLaat")
        #expect(harness.state?.history.last?.timed == true)
        #expect(harness.state?.history.last?.transition == "bevestigingVerlopen")
        // The griffie still has to confirm; from there the letter goes on as usual.
        harness.run(
            .attachDocument(kind: "ontvangstbevestiging", reference: "UIT-2026-501"), at: t("2026-04-29T10:00:00+02:00"), by: griffie)
        #expect(harness.run(.advance("bevestigen", reason: nil), at: t("2026-04-29T10:05:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.current == "afdoeningsvoorstel")
    }

    @Test("the college's answer is refused while a point is unanswered, naming exactly those points")
    func collegeAnswerRefusedWhilePointUnanswered() throws {
        var harness = try confirmedLetter()
        harness.run(.advance("inHandenCollege", reason: nil), at: t("2026-03-12T20:00:00+01:00"), by: presidium)
        answer(&harness, ["IS-12.2"], motivation: "De meldingen worden voortaan gebundeld", at: "2026-04-01T10:00:00+02:00", by: college)
        let refusal = try #require(
            harness.run(.advance("collegeBeantwoordt", reason: nil), at: t("2026-04-02T10:00:00+02:00"), by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingDocument, .unanswered])
        let unanswered = try #require(refusal.reasons.first { $0.code == .unanswered })
        #expect(unanswered.ids == ["IS-12.1", "IS-12.3"])
        #expect(unanswered.message.hasPrefix("2 van de 3 "))
        #expect(unanswered.message.hasSuffix("nog geen antwoord: IS-12.1, IS-12.3."))
        // The griffie cannot answer on the college's behalf.
        let wrongRole = try #require(
            harness.run(.advance("collegeBeantwoordt", reason: nil), at: t("2026-04-02T10:00:00+02:00"), by: griffie).refusal)
        #expect(wrongRole.reasons.first?.code == .roleNotAllowed)
        #expect(wrongRole.reasons.first?.ids == ["college"])
        #expect(harness.state?.current == "bijCollege")
    }

    @Test("the letter closes only when every answer was sent to the writer")
    func closingRefusedUntilAnswersSent() throws {
        var harness = try confirmedLetter()
        harness.run(.advance("inHandenCollege", reason: nil), at: t("2026-03-12T20:00:00+01:00"), by: presidium)
        answer(&harness, points, motivation: "Zie de antwoordbrief", at: "2026-04-01T10:00:00+02:00", by: college)
        harness.run(.attachDocument(kind: "antwoordbrief", reference: "UIT-2026-480"), at: t("2026-04-01T10:00:00+02:00"), by: college)
        #expect(harness.run(.advance("collegeBeantwoordt", reason: nil), at: t("2026-04-07T10:00:00+02:00"), by: college).isSuccess)
        let none = try #require(harness.run(.advance("sluiten", reason: nil), at: t("2026-04-08T10:00:00+02:00"), by: griffie).refusal)
        #expect(none.reasons.map(\.code) == [.unsent])
        #expect(none.reasons.first?.ids == ["IS-12.1", "IS-12.2", "IS-12.3"])
        harness.run(.markFeedbackSent(.inputs(["IS-12.2"]), on: d("2026-04-08")), at: t("2026-04-08T11:00:00+02:00"), by: griffie)
        let some = try #require(harness.run(.advance("sluiten", reason: nil), at: t("2026-04-08T12:00:00+02:00"), by: griffie).refusal)
        #expect(some.reasons.map(\.code) == [.unsent])
        #expect(some.reasons.first?.ids == ["IS-12.1", "IS-12.3"])
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-04-09")), at: t("2026-04-09T10:00:00+02:00"), by: griffie)
        #expect(harness.run(.advance("sluiten", reason: nil), at: t("2026-04-09T11:00:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.outcome == "beantwoord")
    }

    @Test("kennisname is a decision: refused while points are unanswered or without a reason")
    func kennisnameRefusedWhileUnanswered() throws {
        var harness = try confirmedLetter()
        answer(
            &harness, ["IS-12.1"], verdict: .kennisgenomen, motivation: "De raad neemt dit punt voor kennisgeving aan",
            at: "2026-03-25T10:00:00+01:00", by: griffie)
        let refusal = try #require(
            harness.run(.advance("kennisnemen", reason: nil), at: t("2026-03-30T20:00:00+02:00"), by: presidium).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingReason, .unanswered])
        #expect(refusal.reasons.first { $0.code == .unanswered }?.ids == ["IS-12.2", "IS-12.3"])
        #expect(harness.state?.current == "afdoeningsvoorstel")
    }

    @Test("kennisname is never final: after eight weeks without follow-up the letter moves to geenOpvolging by tick, on the Atw day")
    func kennisnameMovesToGeenOpvolging() throws {
        var harness = try confirmedLetter()
        answer(
            &harness, points, verdict: .kennisgenomen,
            motivation: "De raad neemt de brief voor kennisgeving aan; raadsleden kunnen hem agenderen", at: "2026-03-25T10:00:00+01:00",
            by: griffie)
        // Entered on Monday 30-03-2026: 8 weeks end on Monday 25-05 (tweede Pinksterdag), run on to Tuesday 26-05; fires Wednesday 27-05.
        let decided = harness.run(
            .advance("kennisnemen", reason: "Geen raadsvoorstel nodig; ter kennisneming aan de raadsleden"),
            at: t("2026-03-30T20:00:00+02:00"), by: presidium)
        #expect(decided.isSuccess, "\(decided)")
        #expect(harness.state?.current == "terKennisneming")
        #expect(harness.state?.isFinal == false)
        #expect(harness.state?.history.last?.decision == true)
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-03-31")), at: t("2026-03-31T10:00:00+02:00"), by: griffie)

        // What `status` shows: the next timed transition and the day it fires.
        let state = try #require(harness.state)
        let timed = try #require(harness.engine.definition.transitions(from: "terKennisneming").first { $0.isTimed })
        #expect(timed.name == "opvolgingVerlopen")
        #expect(harness.engine.timedDue(timed, in: state) == d("2026-05-27"))
        #expect(harness.engine.blockers(of: timed, in: state, today: d("2026-05-27"), reason: nil).isEmpty)
        // Nobody fires it by hand; the refusal says when it happens.
        let byHand = try #require(
            harness.run(.advance("opvolgingVerlopen", reason: nil), at: t("2026-04-10T10:00:00+02:00"), by: griffie).refusal)
        #expect(byHand.reasons.map(\.code) == [.timedTransition])
        #expect(byHand.reasons.first?.message.contains("woensdag 27-05-2026") == true)

        let dayBefore = try #require(accepted(harness.run(.tick, at: t("2026-05-26T23:59:00+02:00"), by: .system)))
        #expect(dayBefore.isEmpty)
        #expect(harness.state?.current == "terKennisneming")
        let onTheDay = try #require(accepted(harness.run(.tick, at: t("2026-05-27T00:01:00+02:00"), by: .system)))
        #expect(onTheDay.count == 1)
        #expect(harness.state?.current == "geenOpvolging")
        #expect(harness.state?.isFinal == false)
        let record = try #require(harness.state?.history.last)
        #expect(record.timed)
        #expect(record.transition == "opvolgingVerlopen")

        // geenOpvolging still needs the griffie to close it with a letter to the writer, and every current answer sent.
        answer(
            &harness, ["IS-12.3"], verdict: .kennisgenomen, motivation: "Geen raadslid heeft de brief binnen acht weken geagendeerd",
            at: "2026-05-28T10:00:00+02:00", by: griffie)
        let closing = try #require(
            harness.run(.advance("sluitenZonderOpvolging", reason: nil), at: t("2026-05-28T11:00:00+02:00"), by: griffie).refusal)
        #expect(closing.reasons.map(\.code) == [.missingDocument, .unsent])
        #expect(closing.reasons.map(\.ids) == [["slotbrief"], ["IS-12.3"]])
        harness.run(.attachDocument(kind: "slotbrief", reference: "UIT-2026-702"), at: t("2026-05-28T12:00:00+02:00"), by: griffie)
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-05-28")), at: t("2026-05-28T12:00:00+02:00"), by: griffie)
        #expect(harness.run(.advance("sluitenZonderOpvolging", reason: nil), at: t("2026-05-28T13:00:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.current == "geslotenZonderOpvolging")
        #expect(harness.state?.outcome == "kennisgenomen")
    }

    @Test("no transition leads from ter kennisneming or geen opvolging straight to a final state")
    func terKennisnemingNeverFinal() throws {
        let definition = try TestSupport.shipped("ingekomen-stuk")
        for state: StateID in ["terKennisneming", "geenOpvolging"] {
            #expect(definition.states[state]?.isFinal == false)
        }
        for transition in definition.transitions(from: "terKennisneming") {
            #expect(definition.states[transition.to]?.isFinal == false, "\(transition.name)")
        }
        let afdoeningen = definition.transitions(from: "afdoeningsvoorstel")
        #expect(Set(afdoeningen.map(\.name)) == ["kennisnemen", "inHandenCollege", "adviesVragen", "agenderen", "splitsen"])
        #expect(afdoeningen.filter(\.decision).map(\.name) == ["kennisnemen"])
        #expect(definition.roles["presidium"]?.decides == true)
    }

    @Test("a raadslid can still put a letter ter kennisneming on the agenda, with a reason; then the raad decides")
    func raadslidAgendasLetter() throws {
        var harness = try confirmedLetter()
        answer(
            &harness, points, verdict: .kennisgenomen, motivation: "Voor kennisgeving aangenomen", at: "2026-03-25T10:00:00+01:00",
            by: griffie)
        harness.run(.advance("kennisnemen", reason: "Ter kennisneming"), at: t("2026-03-30T20:00:00+02:00"), by: presidium)
        let noReason = try #require(
            harness.run(.advance("alsnogAgenderen", reason: nil), at: t("2026-04-14T10:00:00+02:00"), by: raadslid).refusal)
        #expect(noReason.reasons.map(\.code) == [.missingReason])
        let griffieMayNot = try #require(
            harness.run(.advance("alsnogAgenderen", reason: "x"), at: t("2026-04-14T10:00:00+02:00"), by: griffie).refusal)
        #expect(griffieMayNot.reasons.map(\.code) == [.roleNotAllowed])
        #expect(griffieMayNot.reasons.first?.ids == ["raadslid", "presidium"])
        #expect(
            harness.run(
                .advance("alsnogAgenderen", reason: "De fractie wil de systeemknelpunten bespreken"), at: t("2026-04-14T10:00:00+02:00"),
                by: raadslid
            ).isSuccess)
        #expect(harness.state?.current == "geagendeerd")
        // Ticks no longer move it: the timed transition belonged to terKennisneming.
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-06-01T10:00:00+02:00"), by: .system))).isEmpty)
        let noBesluit = try #require(
            harness.run(.advance("raadBesluit", reason: nil), at: t("2026-05-07T22:00:00+02:00"), by: raad).refusal)
        #expect(noBesluit.reasons.map(\.ids) == [["raadsbesluit"]])
        answer(
            &harness, ["IS-12.3"], verdict: .overgenomen, motivation: "De raad bespreekt de knelpunten in een themabijeenkomst",
            at: "2026-05-07T21:00:00+02:00", by: griffie)
        harness.run(.attachDocument(kind: "raadsbesluit", reference: "RB-2026-41"), at: t("2026-05-07T21:30:00+02:00"), by: raad)
        #expect(harness.run(.advance("raadBesluit", reason: nil), at: t("2026-05-07T22:00:00+02:00"), by: raad).isSuccess)
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-05-08")), at: t("2026-05-08T10:00:00+02:00"), by: griffie)
        let noLetter = try #require(harness.run(.advance("sluiten", reason: nil), at: t("2026-05-08T11:00:00+02:00"), by: griffie).refusal)
        #expect(noLetter.reasons.map(\.ids) == [["antwoordbrief"]])
        harness.run(.attachDocument(kind: "antwoordbrief", reference: "UIT-2026-612"), at: t("2026-05-08T11:00:00+02:00"), by: griffie)
        #expect(harness.run(.advance("sluiten", reason: nil), at: t("2026-05-08T11:05:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.outcome == "beantwoord")
    }

    @Test("when the college advises the raad first, the letter is agendered only with that advice")
    func collegeAdvisesRaad() throws {
        var harness = try confirmedLetter()
        #expect(harness.run(.advance("adviesVragen", reason: nil), at: t("2026-03-12T20:00:00+01:00"), by: presidium).isSuccess)
        #expect(harness.state?.current == "adviesCollege")
        let refusal = try #require(
            harness.run(.advance("agenderenNaAdvies", reason: nil), at: t("2026-04-02T10:00:00+02:00"), by: presidium).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingDocument])
        #expect(refusal.reasons.first?.ids == ["collegeadvies"])
        harness.run(.attachDocument(kind: "collegeadvies", reference: "B&W 2026-88"), at: t("2026-04-02T10:00:00+02:00"), by: college)
        #expect(harness.run(.advance("agenderenNaAdvies", reason: nil), at: t("2026-04-02T10:05:00+02:00"), by: presidium).isSuccess)
        #expect(harness.state?.current == "geagendeerd")
    }

    @Test("a point that arrives after the afdoening is registered, flagged late, and holds the answer back")
    func latePointHoldsLetterOpen() throws {
        var harness = try confirmedLetter()
        harness.run(.advance("inHandenCollege", reason: nil), at: t("2026-03-12T20:00:00+01:00"), by: presidium)
        answer(&harness, points, motivation: "Zie de antwoordbrief", at: "2026-04-01T10:00:00+02:00", by: college)
        let added = harness.run(
            .addInput(NewInput(id: "IS-12.4", kind: "punt", text: "Aanvulling: ook de speeltuin.", received: d("2026-04-02"))),
            at: t("2026-04-02T09:00:00+02:00"), by: griffie)
        #expect(added.isSuccess, "\(added)")
        let input = try #require(harness.state?.input("IS-12.4"))
        #expect(input.late == true)
        #expect(input.outOfScope == false)
        harness.run(.attachDocument(kind: "antwoordbrief", reference: "UIT-2026-480"), at: t("2026-04-02T10:00:00+02:00"), by: college)
        let refusal = try #require(
            harness.run(.advance("collegeBeantwoordt", reason: nil), at: t("2026-04-02T10:00:00+02:00"), by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.ids == ["IS-12.4"])
    }
}
