import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of the shipped `burgerberaad` workflow, driven step by step with a clock that
/// the test sets.
private typealias BurgerberaadRun = WorkflowRun

extension WorkflowRun {
    /// The reasons to deviate the raad fixes before the beraad begins, one document each.
    fileprivate static let grounds = ["buiten de opdracht", "in strijd met de wet", "niet binnen het budget"]
    fileprivate static let aanbevelingen: [InputID] = ["A-1", "A-2", "A-3"]

    fileprivate init() throws {
        try self.init(
            workflow: "burgerberaad", title: "Burgerberaad klimaat", at: "2026-01-12T10:00:00+01:00", attributes: [:],
            publicName: "Burgerberaad klimaat")
    }

    /// The raad fixes the reasons to deviate, one document per reason.
    fileprivate mutating func fixGrounds(as role: RoleID = "raad", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for ground in Self.grounds { attach("afwijkingsgrond", as: role, reference: ground, sourceLocation: sourceLocation) }
    }

    /// Opdracht and grounds fixed, lottery held, the beraad has given three aanbevelingen:
    /// the process waits in `weging`.
    fileprivate static func inWeging() throws -> BurgerberaadRun {
        var run = try BurgerberaadRun()
        run.attach("opdracht")
        run.fixGrounds()
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
        #expect(
            state.history.map(\.transition) == [
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
        #expect(none.reasons.flatMap(\.ids) == ["opdracht", "afwijkingsgrond", "college", "raad"])
        run.attach("opdracht")
        let noGrounds = try run.refusal(.advance("opdrachtVaststellen", reason: nil), as: "college")
        #expect(noGrounds.reasons.map(\.code) == [.missingDocument])
        #expect(noGrounds.reasons.first?.ids == ["afwijkingsgrond", "college", "raad"])
        #expect(noGrounds.reasons.first?.message.contains("Alleen college van B en W of gemeenteraad (raad) mag het toevoegen.") == true)
        #expect(run.state?.current == "voorbereiding")
        run.fixGrounds(as: "projectleider")
        let notFixedByThem = try run.refusal(.advance("opdrachtVaststellen", reason: nil), as: "college")
        #expect(notFixedByThem.reasons.map(\.code) == [.documentWrongRole])
        run.fixGrounds(as: "college")
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
        run.attach("opdracht", "lotingsverslag")
        run.fixGrounds()
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
        let deviate = try run.refusal(.advance("afwijken", reason: "Te duur"), as: "raad")
        #expect(deviate.reasons.map(\.code) == [.unanswered])
        #expect(deviate.reasons.first?.ids == ["A-1", "A-3"])
        #expect(run.state?.current == "weging")
    }

    @Test("adopting the advice is refused while any aanbeveling is not adopted, naming each one")
    func adoptingMeansAdopting() throws {
        var run = try BurgerberaadRun.inWeging()
        for id in BurgerberaadRun.aanbevelingen {
            run.answer(id, .nietOvergenomen, "Het college neemt deze aanbeveling niet over.")
        }
        run.attach("besluit")
        let refusal = try run.refusal(.advance("adviesOvernemen", reason: nil), as: "college")
        #expect(refusal.reasons.map(\.code) == [.verdictNotAllowed])
        #expect(refusal.reasons.first?.ids == ["A-1", "A-2", "A-3"])
        #expect(
            refusal.reasons.first?.message.hasPrefix(
                "Alle 3 aanbevelingen van het burgerberaad hebben een ander oordeel dan overgenomen of deels overgenomen: A-1 (niet overgenomen), A-2 (niet overgenomen), A-3 (niet overgenomen)."
            ) == true, "\(refusal)")
        // Partly adopted counts as adopted; a recommendation that was only noted does not.
        for id in BurgerberaadRun.aanbevelingen { run.answer(id, .deels, "Het college neemt deze aanbeveling deels over.") }
        run.answer("A-2", .kennisgenomen, "Het college neemt kennis van deze aanbeveling.")
        let noted = try run.refusal(.advance("adviesOvernemen", reason: nil), as: "college")
        #expect(noted.reasons.first?.ids == ["A-2"])
        run.answer("A-2", .overgenomen, "Het college neemt deze aanbeveling over.")
        run.advance("adviesOvernemen", as: "college")
        #expect(run.state?.current == "uitvoering")
    }

    @Test("deviating from the advice without naming a pre-set ground is refused, as is deviating without a reason")
    func deviationNeedsPresetGround() throws {
        var run = try BurgerberaadRun.inWeging()
        run.answer("A-1", .overgenomen, "Overgenomen.")
        run.answer("A-2", .overgenomen, "Overgenomen.")
        run.answer("A-3", .nietOvergenomen, "Niet overgenomen: de aanbeveling past niet in de plannen van het college.")
        run.attach("besluit")
        let noGround = try run.refusal(.advance("afwijken", reason: "Aanbeveling 3 past niet in de plannen."), as: "college")
        #expect(noGround.reasons.map(\.code) == [.verdictNotAllowed])
        #expect(noGround.reasons.first?.ids == ["A-3"])
        let message = noGround.reasons.first?.message ?? ""
        #expect(
            message.contains(
                "1 van de 3 aanbevelingen van het burgerberaad heeft een ander oordeel dan overgenomen of deels overgenomen: "
                    + "A-3 (niet overgenomen)."),
            "\(message)")
        #expect(
            message.contains(
                "Afwijken kan alleen met een reden die vóór het begin van \"Het burgerberaad is bezig\" (02-03-2026) is vastgelegd: "
                    + "\"buiten de opdracht\", \"in strijd met de wet\", \"niet binnen het budget\". Noem die reden in de motivering."),
            "\(message)")
        let nothing = try run.refusal(.advance("afwijken", reason: nil), as: "college")
        #expect(nothing.reasons.map(\.code) == [.missingReason, .verdictNotAllowed])
        run.answer("A-3", .nietOvergenomen, "Niet overgenomen: de aanbeveling past NIET binnen  het budget van 2 miljoen.")
        let noReason = try run.refusal(.advance("afwijken", reason: " "), as: "college")
        #expect(noReason.reasons.map(\.code) == [.missingReason])
        run.advance("afwijken", as: "college", reason: "Aanbeveling 3 past niet binnen het budget.")
        #expect(run.state?.current == "uitvoering")
    }

    @Test("deviating with a pre-set ground named in the answer and a reason is allowed", arguments: BurgerberaadRun.grounds)
    func deviationWithGround(ground: String) throws {
        var run = try BurgerberaadRun.inWeging()
        for id in BurgerberaadRun.aanbevelingen {
            run.answer(
                id, id == "A-3" ? .nietOvergenomen : .overgenomen,
                id == "A-3" ? "Niet overgenomen, om een reden die vooraf is vastgelegd: \(ground)." : "Overgenomen; zie het besluit.")
        }
        run.attach("besluit")
        run.advance("afwijken", as: "college", reason: "Aanbeveling 3 wordt niet overgenomen (\(ground)).")
        let state = try #require(run.state)
        #expect(state.current == "uitvoering")
        #expect(state.history.last?.decision == true)
        #expect(state.history.last?.reason == "Aanbeveling 3 wordt niet overgenomen (\(ground)).")
    }

    @Test("a ground fixed after the beraad began does not count, and the refusal says when it was fixed")
    func groundFixedLateDoesNotCount() throws {
        var run = try BurgerberaadRun.inWeging()
        run.answer("A-1", .overgenomen, "Overgenomen.")
        run.answer("A-2", .overgenomen, "Overgenomen.")
        run.answer("A-3", .nietOvergenomen, "Niet overgenomen: dit past niet in de plannen van het college.")
        run.attach("besluit")
        run.attach("afwijkingsgrond", as: "college", reference: "past niet in de plannen van het college")
        let late = try run.refusal(.advance("afwijken", reason: "Zie het besluit."), as: "college")
        #expect(late.reasons.map(\.code) == [.verdictNotAllowed])
        #expect(
            late.reasons.first?.message.contains(
                "A-3 noemt \"past niet in de plannen van het college\", maar die reden is van 16-11-2026; "
                    + "dat moet vóór het begin van \"Het burgerberaad is bezig\" (02-03-2026) zijn.") == true, "\(late)")
        // Dated back does not help: the beraad had begun.
        run.attach("afwijkingsgrond", as: "raad", dated: "2026-06-01", reference: "past niet in de plannen van het college")
        #expect(
            try run.refusal(.advance("afwijken", reason: "Zie het besluit."), as: "college").reasons.map(\.code) == [.verdictNotAllowed])
        // A ground the projectleider recorded before the beraad does not count either.
        var early = try BurgerberaadRun()
        early.attach("opdracht", "lotingsverslag")
        early.fixGrounds()
        early.attach("afwijkingsgrond", reference: "te duur")
        early.advance("opdrachtVaststellen", as: "raad")
        early.advance("beraadStarten")
        early.input("advies", id: "A-1", text: "Aanbeveling 1.")
        early.advance("adviesOntvangen")
        early.answer("A-1", .nietOvergenomen, "Niet overgenomen: te duur.")
        early.attach("besluit")
        let byProjectleider = try early.refusal(.advance("afwijken", reason: "Te duur."), as: "college")
        #expect(
            byProjectleider.reasons.first?.message.contains("A-1 noemt \"te duur\", maar die reden is vastgelegd als projectleider")
                == true,
            "\(byProjectleider)")
    }

    @Test("a withdrawn aanbeveling needs no allowed verdict")
    func withdrawnIgnored() throws {
        var run = try BurgerberaadRun.inWeging()
        run.answer("A-1", .overgenomen, "Overgenomen.")
        run.answer("A-2", .overgenomen, "Overgenomen.")
        run.answer("A-3", .nietOvergenomen, "Niet overgenomen.")
        run.accept(.withdrawInput("A-3", reason: "Het beraad trekt aanbeveling 3 in.", evidence: "brief van het burgerberaad"))
        run.attach("besluit")
        run.advance("adviesOvernemen", as: "college")
        #expect(run.state?.current == "uitvoering")
    }

    @Test("the noodrem stops the beraad; closing needs an evaluation and every aanbeveling answered and sent")
    func noodrem() throws {
        var run = try BurgerberaadRun.inWeging()
        run.attach("noodrembesluit", as: "raad")
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
