import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of the shipped `burgerberaad` workflow, driven step by step with a clock that
/// the test sets.
private typealias BurgerberaadRun = WorkflowRun

extension WorkflowRun {
    fileprivate static let grounds: [DocumentKindID] = ["afwijkingBuitenOpdracht", "afwijkingOnrechtmatig", "afwijkingFinancieel"]
    fileprivate static let aanbevelingen: [InputID] = ["A-1", "A-2", "A-3"]

    fileprivate init() throws {
        try self.init(workflow: "burgerberaad", title: "Burgerberaad klimaat", at: "2026-01-12T10:00:00+01:00", attributes: [:], publicName: "Burgerberaad klimaat")
    }

    /// Opdracht and grounds fixed, lottery held, the beraad has given three aanbevelingen:
    /// the process waits in `weging`.
    fileprivate static func inWeging() throws -> BurgerberaadRun {
        var run = try BurgerberaadRun()
        run.attach("opdracht", "afwijkingsgronden")
        run.advance("opdrachtVaststellen", as: "raad")
        run.at("2026-03-02T10:00:00+01:00")
        run.attach("lotingsverslag")
        run.advance("beraadStarten")
        run.at("2026-11-16T10:00:00+01:00")
        for (number, id) in aanbevelingen.enumerated() {
            run.input("advies", id: id, text: "Aanbeveling \(number + 1) van het burgerberaad.")
        }
        run.advance("adviesOntvangen")
        #expect(run.state?.current == "weging")
        return run
    }
}

@Suite("Burgerberaad")
struct BurgerberaadTests {
    @Test("main path: opdracht and grounds, loting, beraad, advice adopted, uitvoering, evaluatie, afgerond")
    func mainPath() throws {
        var run = try BurgerberaadRun.inWeging()
        for id in BurgerberaadRun.aanbevelingen {
            run.answer(id, .overgenomen, "Het college neemt aanbeveling \(id) over; zie het besluit.")
        }
        run.attach("besluit")
        run.at("2026-12-14T10:00:00+01:00")
        run.advance("adviesOvernemen", as: "college")
        #expect(run.state?.current == "uitvoering")
        run.at("2027-03-01T10:00:00+01:00")
        run.input("reactie", id: "R-1", text: "Wanneer komen de laadpalen uit aanbeveling 2?")
        run.answer("R-1", .kennisgenomen, "De laadpalen komen in het najaar; de planning staat op de website.")
        run.advance("naarEvaluatie")
        run.attach("evaluatie")
        run.sendAll()
        run.advance("afronden", as: "raad")

        let state = try #require(run.state)
        #expect(state.isFinal && state.outcome == "afgerond")
        #expect(state.history.map(\.transition) == [
            "opdrachtVaststellen", "beraadStarten", "adviesOntvangen", "adviesOvernemen", "naarEvaluatie", "afronden",
        ])
        #expect(state.history.filter(\.decision).map(\.transition) == ["adviesOvernemen", "afronden"])
        #expect(state.history.first { $0.transition == "adviesOvernemen" }?.inputsWeighed == 3)
        #expect(run.harness.replayed() == state)
    }

    @Test("the beraad cannot be set up before the opdracht and the grounds for deviating are fixed")
    func opdrachtAndGroundsFirst() throws {
        var run = try BurgerberaadRun()
        let none = try run.refusal(.advance("opdrachtVaststellen", reason: nil), as: "raad")
        #expect(none.reasons.map(\.code) == [.missingDocument, .missingDocument])
        #expect(none.reasons.flatMap(\.ids) == ["opdracht", "afwijkingsgronden"])
        run.attach("opdracht")
        let noGrounds = try run.refusal(.advance("opdrachtVaststellen", reason: nil), as: "college")
        #expect(noGrounds.reasons.map(\.code) == [.missingDocument])
        #expect(noGrounds.reasons.first?.ids == ["afwijkingsgronden"])
        #expect(run.state?.current == "voorbereiding")
        run.attach("afwijkingsgronden")
        run.advance("opdrachtVaststellen", as: "college")
        let noLoting = try run.refusal(.advance("beraadStarten", reason: nil))
        #expect(noLoting.reasons.map(\.code) == [.missingDocument])
        #expect(noLoting.reasons.first?.ids == ["lotingsverslag"])
    }

    @Test("an advice that arrives before the beraad started is registered and flagged, and still needs an answer")
    func earlyAdviceFlagged() throws {
        var run = try BurgerberaadRun()
        run.input("advies", id: "A-0", text: "Ongevraagd advies van een inwoner.")
        let input = try #require(run.state?.input("A-0"))
        #expect(input.outOfScope)
        #expect(input.needsFeedback)
        #expect(run.state?.counts.needingFeedback == 1)
    }

    @Test("the advice cannot be received before the beraad gave one")
    func adviceNeeded() throws {
        var run = try BurgerberaadRun()
        run.attach("opdracht", "afwijkingsgronden", "lotingsverslag")
        run.advance("opdrachtVaststellen", as: "raad")
        run.advance("beraadStarten")
        let refusal = try run.refusal(.advance("adviesOntvangen", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs])
        #expect(refusal.reasons.first?.ids == ["advies"])
    }

    @Test("no decision on the advice while an aanbeveling is unanswered, naming it")
    func decisionNeedsEveryAnswer() throws {
        var run = try BurgerberaadRun.inWeging()
        run.answer("A-2", .overgenomen, "Overgenomen.")
        run.attach("besluit")
        let adopt = try run.refusal(.advance("adviesOvernemen", reason: nil), as: "college")
        #expect(adopt.reasons.map(\.code) == [.unanswered])
        #expect(adopt.reasons.first?.ids == ["A-1", "A-3"])
        run.attach("afwijkingFinancieel")
        let deviate = try run.refusal(.advance("afwijken", reason: "Te duur"), as: "raad")
        #expect(deviate.reasons.map(\.code) == [.unanswered])
        #expect(deviate.reasons.first?.ids == ["A-1", "A-3"])
        #expect(run.state?.current == "weging")
    }

    @Test("deviating from the advice without a pre-set ground is refused, as is deviating without a reason")
    func deviationNeedsPresetGround() throws {
        var run = try BurgerberaadRun.inWeging()
        run.answer("A-1", .overgenomen, "Overgenomen.")
        run.answer("A-2", .overgenomen, "Overgenomen.")
        run.answer("A-3", .nietOvergenomen, "Niet overgenomen: de aanbeveling kost meer dan het budget dat vooraf is vastgesteld.")
        run.attach("besluit")
        let noGround = try run.refusal(.advance("afwijken", reason: "Aanbeveling 3 past niet in het budget."), as: "college")
        #expect(noGround.reasons.map(\.code) == [.missingDocument])
        #expect(noGround.reasons.first?.ids == BurgerberaadRun.grounds.map(\.rawValue))
        let nothing = try run.refusal(.advance("afwijken", reason: nil), as: "college")
        #expect(nothing.reasons.map(\.code) == [.missingReason, .missingDocument])
        run.attach("afwijkingFinancieel")
        let noReason = try run.refusal(.advance("afwijken", reason: " "), as: "college")
        #expect(noReason.reasons.map(\.code) == [.missingReason])
        #expect(run.state?.current == "weging")
    }

    @Test("deviating with a pre-set ground and a reason is allowed", arguments: BurgerberaadRun.grounds)
    func deviationWithGround(ground: DocumentKindID) throws {
        var run = try BurgerberaadRun.inWeging()
        for id in BurgerberaadRun.aanbevelingen {
            run.answer(id, id == "A-3" ? .nietOvergenomen : .overgenomen, "Gewogen in het besluit; zie de motivering bij \(id).")
        }
        run.attach("besluit", ground)
        run.advance("afwijken", as: "college", reason: "Aanbeveling 3 wordt niet overgenomen (\(ground)).")
        let state = try #require(run.state)
        #expect(state.current == "uitvoering")
        #expect(state.history.last?.decision == true)
        #expect(state.history.last?.reason == "Aanbeveling 3 wordt niet overgenomen (\(ground)).")
    }

    @Test("the noodrem stops the beraad; closing needs an evaluation and every aanbeveling answered and sent")
    func noodrem() throws {
        var run = try BurgerberaadRun.inWeging()
        run.attach("noodrembesluit")
        run.advance("noodrem", as: "raad", reason: "Het onderwerp is door een rijksbesluit achterhaald.")
        #expect(run.state?.current == "gestopt")
        let closing = try run.refusal(.advance("afsluiten", reason: nil))
        #expect(closing.reasons.map(\.code) == [.missingDocument, .unanswered, .unsent])
        #expect(closing.reasons.first?.ids == ["evaluatie"])
        #expect(closing.reasons[1].ids == BurgerberaadRun.aanbevelingen.map(\.rawValue))
        for id in BurgerberaadRun.aanbevelingen {
            run.answer(id, .kennisgenomen, "De raad heeft het proces gestopt; de aanbeveling gaat mee in de evaluatie.")
        }
        run.attach("evaluatie")
        run.sendAll()
        run.advance("afsluiten")
        #expect(run.state?.isFinal == true && run.state?.outcome == "gestopt")
    }
}
