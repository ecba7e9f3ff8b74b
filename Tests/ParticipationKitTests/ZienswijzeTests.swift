import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let behandelaar = ActorIdentity(role: "projectleider")
private let college = ActorIdentity(role: "college")
private let raad = ActorIdentity(role: "raad")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private func d(_ text: String) -> CivilDate { TestSupport.day(text) }

private func accepted(_ result: Result<[EventPayload], Refusal>) -> [EventPayload]? {
    if case .success(let events) = result { return events }
    return nil
}

/// An application received on Monday 02-02-2026 whose draft goes ter inzage on Monday
/// 16-03-2026; the six weeks end on Sunday 26-04, run on past Koningsdag to Tuesday 28-04-2026.
private func terInzage() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("zienswijze-uov"))
    #expect(harness.start(at: t("2026-02-02T10:00:00+01:00"), by: behandelaar, title: "Omgevingsvergunning Waalkade 12").isSuccess)
    for (kind, reference) in [
        ("aanvraag", "OLO-88123"), ("ontwerpbesluit", "Z-2026-140"), ("kennisgevingOntwerp", "Gemeenteblad 2026-3311"),
    ] {
        #expect(
            harness.run(
                .attachDocument(kind: DocumentKindID(kind), reference: reference), at: t("2026-03-13T10:00:00+01:00"), by: behandelaar
            ).isSuccess)
    }
    let opened = harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: behandelaar)
    #expect(opened.isSuccess, "\(opened)")
    #expect(harness.state?.window?.end == d("2026-04-28"))
    return harness
}

private func zienswijze(_ harness: inout ProcessHarness, id: InputID, received: String, at now: String) {
    let result = harness.run(
        .addInput(NewInput(id: id, kind: "zienswijze", text: "Het gebouw is te hoog voor de kade.", received: d(received))),
        at: t(now), by: behandelaar)
    #expect(result.isSuccess, "\(result)")
}

private func answer(_ harness: inout ProcessHarness, _ ids: [InputID], at now: String) {
    for id in ids {
        let result = harness.run(
            .recordFeedback(NewFeedback(input: id, verdict: .deels, motivation: "De bouwhoogte gaat omlaag van 24 naar 21 meter (\(id)).")),
            at: t(now), by: behandelaar)
        #expect(result.isSuccess, "\(result)")
    }
}

@Suite("Zienswijze")
struct ZienswijzeTests {
    @Test("the shipped workflow is clean under --strict: no errors and no warnings")
    func validatesStrictly() throws {
        let diagnostics = WorkflowValidator.diagnostics(for: try TestSupport.shippedFile("zienswijze-uov"))
        #expect(diagnostics.filter { $0.severity != .note }.isEmpty, "\(diagnostics)")
        let definition = try TestSupport.shipped("zienswijze-uov")
        let window = try #require(definition.states["terInzage"]?.window)
        #expect(window.length == .weeks(6))
        #expect(window.startsOn == .entry)
    }

    @Test("main path: ter inzage → nota van beantwoording → besluit → bekendgemaakt")
    func mainPath() throws {
        var harness = try terInzage()
        zienswijze(&harness, id: "ZW-1", received: "2026-03-20", at: "2026-03-20T10:00:00+01:00")
        zienswijze(&harness, id: "ZW-2", received: "2026-04-28", at: "2026-04-28T16:00:00+02:00")
        #expect(harness.state?.input("ZW-2")?.late == false)  // the last day, Atw-extended, is on time
        #expect(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T09:00:00+02:00"), by: behandelaar).isSuccess)
        #expect(harness.state?.current == "beantwoording")
        answer(&harness, ["ZW-1", "ZW-2"], at: "2026-05-20T10:00:00+02:00")
        harness.run(
            .attachDocument(kind: "notaVanBeantwoording", reference: "Z-2026-301"), at: t("2026-05-20T10:00:00+02:00"), by: behandelaar)
        harness.run(.attachDocument(kind: "besluit", reference: "B&W 2026-210"), at: t("2026-05-26T10:00:00+02:00"), by: college)
        let decided = harness.run(.advance("besluiten", reason: nil), at: t("2026-05-26T11:00:00+02:00"), by: college)
        #expect(decided.isSuccess, "\(decided)")
        #expect(harness.state?.history.last?.decision == true)
        #expect(harness.state?.history.last?.inputsWeighed == 2)
        harness.run(
            .attachDocument(kind: "bekendmaking", reference: "Gemeenteblad 2026-4470"), at: t("2026-05-28T10:00:00+02:00"), by: behandelaar)
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-05-28")), at: t("2026-05-28T10:00:00+02:00"), by: behandelaar)
        #expect(harness.run(.advance("bekendmaken", reason: nil), at: t("2026-05-28T11:00:00+02:00"), by: behandelaar).isSuccess)
        #expect(harness.state?.current == "bekendgemaakt")
        #expect(harness.state?.outcome == "vastgesteld")
        #expect(harness.replayed() == harness.state)
    }

    @Test("the draft goes ter inzage only with the application, the draft and its kennisgeving")
    func terInzageNeedsDocuments() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("zienswijze-uov"))
        harness.start(at: t("2026-02-02T10:00:00+01:00"), by: behandelaar)
        harness.run(.attachDocument(kind: "aanvraag", reference: "OLO-88123"), at: t("2026-02-02T10:00:00+01:00"), by: behandelaar)
        let refusal = try #require(
            harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: behandelaar).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingDocument, .missingDocument])
        #expect(refusal.reasons.map(\.ids) == [["ontwerpbesluit"], ["kennisgevingOntwerp"]])
        #expect(harness.state?.current == "aanvraagOntvangen")
    }

    @Test("closing the inzage early is refused while the six weeks run (Atw: until Tuesday 28-04-2026)")
    func inzageClosedEarlyRefused() throws {
        var harness = try terInzage()
        let refusal = try #require(
            harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-28T18:00:00+02:00"), by: behandelaar).refusal)
        #expect(refusal.reasons.map(\.code) == [.windowOpen])
        #expect(refusal.reasons.first?.ids == ["terInzage"])
        #expect(refusal.reasons.first?.message.contains("dinsdag 28-04-2026") == true)
        #expect(harness.state?.current == "terInzage")
        #expect(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T00:30:00+02:00"), by: behandelaar).isSuccess)
    }

    @Test("the besluit is refused while a zienswijze is unanswered, naming exactly those, and without the nota")
    func besluitRefusedWhileUnanswered() throws {
        var harness = try terInzage()
        for (index, day) in ["2026-03-18", "2026-03-25", "2026-04-01", "2026-04-08"].enumerated() {
            zienswijze(&harness, id: InputID("ZW-\(index + 1)"), received: day, at: "\(day)T12:00:00+01:00")
        }
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T09:00:00+02:00"), by: behandelaar)
        answer(&harness, ["ZW-2", "ZW-3"], at: "2026-05-06T10:00:00+02:00")
        harness.run(.attachDocument(kind: "besluit", reference: "B&W 2026-210"), at: t("2026-05-12T10:00:00+02:00"), by: college)
        let refusal = try #require(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-12T11:00:00+02:00"), by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingDocument, .unanswered])
        #expect(refusal.reasons.first?.ids == ["notaVanBeantwoording"])
        let unanswered = try #require(refusal.reasons.first { $0.code == .unanswered })
        #expect(unanswered.ids == ["ZW-1", "ZW-4"])
        #expect(unanswered.message == "2 van de 4 zienswijzen hebben nog geen antwoord: ZW-1, ZW-4.")
        // The behandelaar does not decide; only the bevoegd gezag (college or raad).
        let wrongRole = try #require(
            harness.run(.advance("besluiten", reason: nil), at: t("2026-05-12T11:00:00+02:00"), by: behandelaar).refusal)
        #expect(wrongRole.reasons.first?.code == .roleNotAllowed)
        #expect(wrongRole.reasons.first?.ids == ["college", "raad"])
        #expect(harness.state?.current == "beantwoording")
    }

    @Test("the decision is made known only once every indiener has the answer")
    func bekendmakingRefusedUntilSent() throws {
        var harness = try terInzage()
        zienswijze(&harness, id: "ZW-1", received: "2026-03-20", at: "2026-03-20T10:00:00+01:00")
        zienswijze(&harness, id: "ZW-2", received: "2026-03-21", at: "2026-03-23T10:00:00+01:00")
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T09:00:00+02:00"), by: behandelaar)
        answer(&harness, ["ZW-1", "ZW-2"], at: "2026-05-06T10:00:00+02:00")
        harness.run(
            .attachDocument(kind: "notaVanBeantwoording", reference: "Z-2026-301"), at: t("2026-05-06T10:00:00+02:00"), by: behandelaar)
        harness.run(.attachDocument(kind: "besluit", reference: "RB-2026-77"), at: t("2026-05-21T21:00:00+02:00"), by: raad)
        #expect(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-21T22:00:00+02:00"), by: raad).isSuccess)
        harness.run(.markFeedbackSent(.inputs(["ZW-1"]), on: d("2026-05-22")), at: t("2026-05-22T10:00:00+02:00"), by: behandelaar)
        let refusal = try #require(
            harness.run(.advance("bekendmaken", reason: nil), at: t("2026-05-22T11:00:00+02:00"), by: behandelaar).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingDocument, .unsent])
        #expect(refusal.reasons.map(\.ids) == [["bekendmaking"], ["ZW-2"]])
        #expect(harness.state?.isFinal == false)
    }

    @Test("a zienswijze after the six weeks is registered, flagged late and still needs an answer")
    func lateZienswijzeFlagged() throws {
        var harness = try terInzage()
        // Received the day after the last day, while the state is still ter inzage.
        zienswijze(&harness, id: "ZW-9", received: "2026-04-29", at: "2026-04-29T08:00:00+02:00")
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T09:00:00+02:00"), by: behandelaar)
        // Received after the state moved on: still registered, still late (not out of scope).
        zienswijze(&harness, id: "ZW-10", received: "2026-05-04", at: "2026-05-04T09:00:00+02:00")
        let state = try #require(harness.state)
        #expect(state.input("ZW-9")?.late == true)
        #expect(state.input("ZW-10")?.late == true)
        #expect(state.input("ZW-10")?.outOfScope == false)
        #expect(state.counts.late == 2)
        #expect(state.counts.needingFeedback == 2)
        harness.run(
            .attachDocument(kind: "notaVanBeantwoording", reference: "Z-2026-301"), at: t("2026-05-06T10:00:00+02:00"), by: behandelaar)
        harness.run(.attachDocument(kind: "besluit", reference: "B&W 2026-210"), at: t("2026-05-06T10:00:00+02:00"), by: college)
        let refusal = try #require(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-12T11:00:00+02:00"), by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.ids == ["ZW-9", "ZW-10"])
    }

    @Test("a zienswijze before the draft is ter inzage is registered and flagged out of scope")
    func earlyZienswijzeOutOfScope() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("zienswijze-uov"))
        harness.start(at: t("2026-02-02T10:00:00+01:00"), by: behandelaar)
        zienswijze(&harness, id: "ZW-0", received: "2026-02-10", at: "2026-02-10T10:00:00+01:00")
        #expect(harness.state?.input("ZW-0")?.outOfScope == true)
        #expect(harness.state?.counts.needingFeedback == 1)
    }

    @Test(
        "the decision term runs six months from the application's date (Awb 3:18): the timed transition fires only after it, on the Atw day"
    )
    func decisionTermIsTimed() throws {
        var harness = try terInzage()
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T09:00:00+02:00"), by: behandelaar)
        // The aanvraag was attached on Friday 13-03-2026 (no own date): 6 months end on Sunday 13-09,
        // run on to Monday 14-09-2026; the transition fires on Tuesday 15-09-2026.
        let state = try #require(harness.state)
        let timed = try #require(harness.engine.definition.transitions(from: "beantwoording").first { $0.isTimed })
        #expect(timed.name == "beslistermijnVerstrijkt")
        #expect(harness.engine.termDeadline("beslistermijn", in: state)?.end == d("2026-09-14"))
        #expect(harness.engine.timedDue(timed, in: state) == d("2026-09-15"))
        // Ticks before then change nothing.
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-05-01T10:00:00+02:00"), by: .system))).isEmpty)
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-09-14T23:59:00+02:00"), by: .system))).isEmpty)
        #expect(harness.state?.current == "beantwoording")
        let due = try #require(accepted(harness.run(.tick, at: t("2026-09-15T00:01:00+02:00"), by: .system)))
        #expect(due.count == 1)
        #expect(harness.state?.current == "termijnVerstreken")
        #expect(harness.state?.history.last?.timed == true)
        // The besluit must still be taken, with every zienswijze answered.
        harness.run(
            .attachDocument(kind: "notaVanBeantwoording", reference: "Z-2026-301"), at: t("2026-09-16T10:00:00+02:00"), by: behandelaar)
        harness.run(.attachDocument(kind: "besluit", reference: "B&W 2026-260"), at: t("2026-09-16T10:00:00+02:00"), by: college)
        #expect(harness.run(.advance("besluiten", reason: nil), at: t("2026-09-16T11:00:00+02:00"), by: college).isSuccess)
        #expect(harness.state?.current == "besloten")
    }
}
