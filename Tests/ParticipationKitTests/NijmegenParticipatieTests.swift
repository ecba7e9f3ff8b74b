import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of the shipped `nijmegen-participatie` workflow, driven step by step with a clock
/// that the test sets.
private typealias NijmegenRun = WorkflowRun

extension WorkflowRun {
    fileprivate init(impact: String) throws {
        try self.init(
            workflow: "nijmegen-participatie", title: "Herinrichting Kastanjeplein", at: "2026-09-01T10:00:00+02:00",
            attributes: ["impact": impact])
    }

    /// A complete participatieplan, attached after the start.
    fileprivate mutating func attachCompletePlan(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        accept(.attachPlan(digest: String(repeating: "5c", count: 32), complete: true), sourceLocation: sourceLocation)
    }

    /// Plan and kaders in place, samen denken begun: the process waits in `samenDenken`.
    fileprivate static func denking() throws -> NijmegenRun {
        var run = try NijmegenRun(impact: "hoog")
        run.attachCompletePlan()
        run.attach("kaders", as: "raad", dated: "2026-08-26")
        run.at("2026-09-07T09:00:00+02:00")
        run.advance("startDenken")
        run.input("reactie", id: "K-01", text: "Laat de kastanjes staan.")
        return run
    }
}

@Suite("Nijmegen participatie")
struct NijmegenParticipatieTests {
    @Test("samen denken needs a complete participatieplan, not a document that says there is one")
    func planMustBeComplete() throws {
        var run = try NijmegenRun(impact: "laag")
        let none = try run.refusal(.advance("startDenken", reason: nil))
        #expect(none.reasons.map(\.code) == [.planIncomplete])
        #expect(none.reasons.first?.message == "Er is geen participatieplan gekoppeld.")
        run.accept(.attachPlan(digest: String(repeating: "5c", count: 32), complete: false))
        let incomplete = try run.refusal(.advance("startDenken", reason: nil))
        #expect(incomplete.reasons.first?.message == "Het gekoppelde participatieplan is niet compleet.")
        run.attachCompletePlan()
        run.advance("startDenken")
        #expect(run.state?.current == "samenDenken")
        #expect(try TestSupport.shipped("nijmegen-participatie").documents["participatieplan"] == nil)
    }

    @Test("skipping samen denken needs a reason; going on after samen denken does not")
    func skippingDenkenNeedsReason() throws {
        var run = try NijmegenRun(impact: "laag")
        run.attachCompletePlan()
        let skip = try run.refusal(.advance("startBesluiten", reason: nil))
        #expect(skip.reasons.map(\.code) == [.missingReason])
        #expect(skip.summary == "Start samen besluiten (samen denken overgeslagen, met reden) kan niet")
        run.advance("startBesluiten", reason: "Het samen denken gebeurde al bij de wijkvisie.")
        #expect(run.state?.current == "samenBesluiten")
        #expect(run.state?.history.last?.reason == "Het samen denken gebeurde al bij de wijkvisie.")

        var denking = try NijmegenRun.denking()
        denking.advance("startBesluiten")
        #expect(denking.state?.current == "samenBesluiten")
    }

    @Test("going to the besluitvorming skips a phase from voorbereiding or samen denken, and then needs a reason")
    func skippingToBesluitvormingNeedsReason() throws {
        var run = try NijmegenRun.denking()
        run.attach("verslag")
        let skip = try run.refusal(.advance("naarBesluitvorming", reason: nil))
        #expect(skip.reasons.map(\.code) == [.missingReason])
        run.advance("naarBesluitvorming", reason: "Er viel niets samen te besluiten: de keuze is al gemaakt.")
        #expect(run.state?.current == "besluitvorming")

        var full = try NijmegenRun.denking()
        full.advance("startBesluiten")
        full.attach("verslag")
        full.advance("naarBesluitvorming")
        #expect(full.state?.current == "besluitvorming")
    }

    @Test("with high impact, only kaders the raad attached open samen denken")
    func kadersByTheRaad() throws {
        var run = try NijmegenRun(impact: "hoog")
        run.attachCompletePlan()
        let none = try run.refusal(.advance("startDenken", reason: nil))
        #expect(none.reasons.map(\.code) == [.missingDocument])
        #expect(none.reasons.first?.ids == ["kaders", "raad"])
        run.attach("kaders")
        let byProjectleider = try run.refusal(.advance("startDenken", reason: nil))
        #expect(byProjectleider.reasons.map(\.code) == [.documentWrongRole])
        run.attach("kaders", as: "raad")
        run.advance("startDenken")
    }

    @Test("after the noodrem, an evaluation written before the stop does not count; one made after it does")
    func evaluationAfterTheStop() throws {
        var run = try NijmegenRun.denking()
        run.at("2026-10-30T10:00:00+01:00")
        run.attach("evaluatie", reference: "Tussenevaluatie denkfase")
        run.at("2026-11-11T22:00:00+01:00")
        run.attach("noodrembesluit", as: "raad")
        run.advance("noodrem", as: "raad", reason: "De garage is te duur.")
        run.answer("K-01", .kennisgenomen, "De raad heeft het proces gestopt.")
        run.sendAll()
        run.at("2026-11-18T10:00:00+01:00")
        let written = try run.refusal(.advance("beeindigen", reason: nil))
        #expect(written.reasons.map(\.code) == [.documentWrongMoment])
        #expect(
            written.reasons.first?.message
                == "Document \"Evaluatie\" (evaluatie) is van 30-10-2026; dat moet na het begin van \"Gestopt door de raad (noodrem)\" (11-11-2026) zijn."
        )
        // Dated before the stop, even if added after it: still not an evaluation of the stop.
        run.attach("evaluatie", dated: "2026-11-10")
        #expect(try run.refusal(.advance("beeindigen", reason: nil)).reasons.map(\.code) == [.documentWrongMoment])
        run.attach("evaluatie", reference: "Evaluatie na de noodrem")
        run.advance("beeindigen")
        #expect(run.state?.isFinal == true && run.state?.outcome == "gestopt")
        #expect(run.harness.replayed() == run.state)
    }

    @Test("the evaluation that closes the process is made in samen leren")
    func evaluationInLeren() throws {
        var run = try NijmegenRun.denking()
        run.answer("K-01", .overgenomen, "De kastanjes blijven staan.")
        run.advance("startBesluiten")
        run.attach("verslag", "besluit", "evaluatie")
        run.advance("naarBesluitvorming")
        run.advance("besluitenZonderDoen", as: "college", reason: "Er is niets samen uit te voeren.")
        run.sendAll()
        let early = try run.refusal(.advance("afronden", reason: nil), as: "college")
        #expect(early.reasons.map(\.code) == [.documentWrongMoment])
        run.attach("evaluatie")
        run.advance("afronden", as: "college")
        #expect(run.state?.outcome == "afgerond")
    }
}
