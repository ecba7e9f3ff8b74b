import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider")
private let college = ActorIdentity(role: "college")
private let raad = ActorIdentity(role: "raad")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

/// An inspraak harness that is ter inzage from Monday 16-03-2026 (window ends Tuesday 28-04-2026).
private func inspraakTerInzage(impact: String = "midden") throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
    #expect(harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": impact]).isSuccess)
    #expect(
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider).isSuccess)
    let opened = harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
    #expect(opened.isSuccess, "\(opened)")
    return harness
}

private func addInputs(
    _ harness: inout ProcessHarness, count: Int, received: String = "2026-04-01", at now: String = "2026-04-02T10:00:00+02:00"
) {
    for _ in 0..<count {
        let result = harness.run(
            .addInput(NewInput(kind: "inspraakreactie", text: "Graag meer bomen.", received: TestSupport.day(received))),
            at: t(now), by: projectleider)
        #expect(result.isSuccess, "\(result)")
    }
}

@Suite("ProcessEngine")
struct ProcessEngineTests {
    @Test("a decision is refused with the exact ids of the unanswered inputs")
    func decisionRefusedWithUnansweredIDs() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 5)
        for id in ["R-0002", "R-0004"] {
            #expect(
                harness.run(
                    .recordFeedback(NewFeedback(input: InputID(id), verdict: .deels, motivation: "Bomen komen aan de oostkant.")),
                    at: t("2026-04-29T10:00:00+02:00"), by: projectleider
                ).isSuccess)
        }
        #expect(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider).isSuccess)
        #expect(
            harness.run(.attachDocument(kind: "reactienota", reference: "Z-2"), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
                .isSuccess)
        let refusal = try #require(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-01T10:00:00+02:00"), by: college).refusal)
        let unanswered = try #require(refusal.reasons.first { $0.code == .unanswered })
        #expect(unanswered.ids == ["R-0001", "R-0003", "R-0005"])
        #expect(unanswered.message == "3 van de 5 inspraakreacties hebben nog geen antwoord: R-0001, R-0003, R-0005.")
        #expect(harness.state?.current == "reactienota")
        #expect(harness.state?.history.contains { $0.decision } == false)
    }

    @Test("an input of a kind the workflow does not have is refused, with the kinds it has; nothing of the command is registered")
    func unknownKindRefused() throws {
        var harness = try inspraakTerInzage()
        let result = harness.run(
            .addInputs([
                NewInput(kind: "inspraakreactie", text: "Graag meer bomen."), NewInput(kind: "zienswijze", text: "Bezwaar."),
            ]), at: t("2026-04-02T10:00:00+02:00"), by: projectleider)
        let reasons = try #require(result.refusal?.reasons)
        #expect(reasons.map(\.code) == [.unknownKind])
        #expect(reasons.first?.message.hasPrefix("inbreng 2: soort \"zienswijze\" bestaat niet in inspraak; soorten: ") == true)
        #expect(harness.state?.inputs.isEmpty == true)
    }

    @Test("a refusal lists every unmet requirement, not just the first")
    func refusalListsEverything() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 2)
        #expect(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider).isSuccess)
        // No reactienota document, no answers, and the wrong role: three reasons at once.
        let refusal = try #require(
            harness.run(.advance("besluiten", reason: nil), at: t("2026-05-01T10:00:00+02:00"), by: projectleider).refusal)
        #expect(Set(refusal.reasons.map(\.code)) == [.roleNotAllowed, .missingDocument, .unanswered])
    }

    @Test("the engine adds allAnswered to a decision even when the file does not ask for it")
    func engineAddsGateToEveryDecision() throws {
        var definition = try TestSupport.shipped("inspraak")
        let index = try #require(definition.transitions.firstIndex { $0.name == "besluiten" })
        definition.transitions[index].requires = []
        #expect(definition.effectiveRequirements(of: definition.transitions[index]) == [.allAnswered])
        let afronden = try #require(definition.transitions.first { $0.name == "afronden" })
        #expect(definition.effectiveRequirements(of: afronden) == [.allAnswered, .allAnswersSent])
        var harness = ProcessHarness(definition: definition)
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "laag"])
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
        harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
        addInputs(&harness, count: 1)
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
        let refusal = try #require(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-01T10:00:00+02:00"), by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.unanswered])
    }

    @Test("a final state is refused while answers are unsent, and allowed once they are sent")
    func finalStateNeedsSentAnswers() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 3)
        for id in ["R-0001", "R-0002", "R-0003"] {
            harness.run(
                .recordFeedback(NewFeedback(input: InputID(id), verdict: .overgenomen, motivation: "Wordt aangepast in het ontwerp.")),
                at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
        }
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
        harness.run(.attachDocument(kind: "reactienota", reference: "Z-2"), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
        #expect(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-01T10:00:00+02:00"), by: college).isSuccess)
        harness.run(
            .markFeedbackSent(.inputs(["R-0002"]), on: TestSupport.day("2026-05-02")), at: t("2026-05-02T10:00:00+02:00"), by: projectleider
        )
        let refusal = try #require(
            harness.run(.advance("afronden", reason: nil), at: t("2026-05-03T10:00:00+02:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.code) == [.unsent])
        #expect(refusal.reasons.first?.ids == ["R-0001", "R-0003"])
        harness.run(.markFeedbackSent(.allUnsent, on: TestSupport.day("2026-05-03")), at: t("2026-05-03T10:00:00+02:00"), by: projectleider)
        #expect(harness.run(.advance("afronden", reason: nil), at: t("2026-05-04T10:00:00+02:00"), by: projectleider).isSuccess)
        #expect(harness.state?.isFinal == true)
        #expect(harness.state?.outcome == "vastgesteld")
    }

    @Test("only the roles in `by` may fire a transition")
    func roleRefused() throws {
        var harness = try inspraakTerInzage()
        let refusal = try #require(
            harness.run(.advance("noodrem", reason: "Te veel onrust"), at: t("2026-03-20T10:00:00+01:00"), by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.roleNotAllowed, .missingDocument])
        #expect(refusal.reasons.first?.ids == ["raad"])
        // A role the workflow does not know cannot register inputs either.
        let stranger = ActorIdentity(role: "wethouder")
        let other = harness.run(.addInput(NewInput(kind: "inspraakreactie", text: "x")), at: t("2026-03-20T10:00:00+01:00"), by: stranger)
        #expect(other.refusal?.reasons.first?.code == .roleNotAllowed)
    }

    @Test("a late input is registered, flagged and still blocks the decision")
    func lateInputFlaggedAndBlocking() throws {
        var harness = try inspraakTerInzage()
        // Received on the last day of the window (any hour): on time.
        addInputs(&harness, count: 1, received: "2026-04-28", at: "2026-04-28T23:30:00+02:00")
        // Received the day after: late, but registered.
        addInputs(&harness, count: 1, received: "2026-04-29", at: "2026-04-29T08:00:00+02:00")
        let state = try #require(harness.state)
        #expect(state.input("R-0001")?.late == false)
        #expect(state.input("R-0002")?.late == true)
        #expect(state.counts.late == 1)
        harness.run(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .kennisgenomen, motivation: "Dank, dit is al zo gepland.")),
            at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
        harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
        // Received after the window closed and the state moved on: still registered, still late.
        addInputs(&harness, count: 1, received: "2026-05-01", at: "2026-05-01T09:00:00+02:00")
        #expect(harness.state?.input("R-0003")?.late == true)
        harness.run(.attachDocument(kind: "reactienota", reference: "Z-2"), at: t("2026-05-01T10:00:00+02:00"), by: projectleider)
        let refusal = try #require(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-01T10:00:00+02:00"), by: college).refusal)
        #expect(refusal.reasons.first { $0.code == .unanswered }?.ids == ["R-0002", "R-0003"])
    }

    @Test("an input of a kind the state does not accept is registered and flagged out of scope")
    func outOfScopeFlagged() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("nijmegen-participatie"))
        harness.start(at: t("2026-02-02T10:00:00+01:00"), by: projectleider, attributes: ["impact": "laag"])
        let result = harness.run(
            .addInput(NewInput(kind: "signaal", text: "De lantaarnpaal is kapot.")), at: t("2026-02-03T10:00:00+01:00"), by: projectleider)
        #expect(result.isSuccess)
        #expect(harness.state?.input("R-0001")?.outOfScope == true)
        #expect(harness.state?.counts.needingFeedback == 1)
    }

    @Test("new feedback supersedes the old one; both are kept and the new one must be sent again")
    func supersededFeedback() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 1)
        harness.run(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .nietOvergenomen, motivation: "Past niet in het budget.")),
            at: t("2026-04-03T10:00:00+02:00"), by: projectleider)
        harness.run(.markFeedbackSent(.allUnsent, on: TestSupport.day("2026-04-03")), at: t("2026-04-03T11:00:00+02:00"), by: projectleider)
        #expect(harness.state?.counts.sent == 1)
        harness.run(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .deels, motivation: "Na herberekening: twee extra bomen.")),
            at: t("2026-04-10T10:00:00+02:00"), by: projectleider)
        let input = try #require(harness.state?.input("R-0001"))
        #expect(input.feedback.map(\.verdict) == [.nietOvergenomen, .deels])
        #expect(input.currentFeedback?.verdict == .deels)
        #expect(input.isSent == false)
        #expect(harness.state?.counts.answered == 1)
        #expect(harness.state?.counts.sent == 0)
    }

    @Test("feedback needs a motivation, also for kennisgenomen")
    func motivationRequired() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 1)
        let refusal = harness.run(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .kennisgenomen, motivation: "   ")),
            at: t("2026-04-03T10:00:00+02:00"), by: projectleider
        ).refusal
        #expect(refusal?.reasons.map(\.code) == [.missingReason])
        #expect(harness.state?.counts.answered == 0)
    }

    @Test("the window must have closed before the inzage can be closed")
    func windowClosedRequired() throws {
        var harness = try inspraakTerInzage()
        let refusal = try #require(
            harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-28T18:00:00+02:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.code) == [.windowOpen])
        #expect(refusal.reasons.first?.message.contains("dinsdag 28-04-2026") == true)
        #expect(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T00:30:00+02:00"), by: projectleider).isSuccess)
    }

    @Test("verdaging moves the window on, needs a reason, and shows in the state")
    func verdaging() throws {
        var harness = try inspraakTerInzage()
        #expect(
            harness.run(.extendTerm(days: 14, reason: ""), at: t("2026-04-20T10:00:00+02:00"), by: projectleider).refusal?.reasons.first?
                .code == .missingReason)
        #expect(
            harness.run(.extendTerm(days: 14, reason: "Informatieavond verplaatst"), at: t("2026-04-20T10:00:00+02:00"), by: projectleider)
                .isSuccess)
        let state = try #require(harness.state)
        #expect(state.window?.end == TestSupport.day("2026-05-12"))
        #expect(state.extensions.first?.reason == "Informatieavond verplaatst")
        #expect(
            harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-05-01T10:00:00+02:00"), by: projectleider).refusal?.reasons
                .first?.code == .windowOpen)
    }

    @Test("high impact needs the raad's kaders before the draft goes ter inzage")
    func kadersForHighImpact() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "hoog"])
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
        let refusal = try #require(
            harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).refusal)
        #expect(refusal.reasons.map(\.ids) == [["kaders", "raad"]])
        harness.run(
            .attachDocument(kind: "kaders", reference: "Raadsbesluit 2026-12"), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
        let notTheRaads = try #require(
            harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).refusal)
        #expect(notTheRaads.reasons.map(\.code) == [.documentWrongRole])
        #expect(notTheRaads.reasons.first?.message.hasSuffix("(want impact is hoog)") == true)
        harness.run(.attachDocument(kind: "kaders", reference: "Raadsbesluit 2026-12"), at: t("2026-03-16T09:00:00+01:00"), by: raad)
        #expect(harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).isSuccess)
    }

    @Test("inspraak: the noodrem needs the raad's own decision; closing after it needs an evaluation made after the stop")
    func inspraakNoodrem() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 1, received: "2026-03-18", at: "2026-03-19T10:00:00+01:00")
        let bare = try #require(
            harness.run(.advance("noodrem", reason: "Het plan gaat niet door."), at: t("2026-03-20T21:00:00+01:00"), by: raad).refusal)
        #expect(bare.reasons.map(\.code) == [.missingDocument])
        #expect(bare.reasons.first?.ids == ["noodrembesluit", "raad"])
        harness.run(.attachDocument(kind: "noodrembesluit", reference: "Motie M-12"), at: t("2026-03-20T20:00:00+01:00"), by: projectleider)
        let byProjectleider = try #require(
            harness.run(.advance("noodrem", reason: "Het plan gaat niet door."), at: t("2026-03-20T21:00:00+01:00"), by: raad).refusal)
        #expect(byProjectleider.reasons.map(\.code) == [.documentWrongRole])
        harness.run(
            .attachDocument(kind: "noodrembesluit", reference: "Raadsbesluit 2026-40"), at: t("2026-03-20T20:30:00+01:00"), by: raad)
        harness.run(
            .attachDocument(kind: "evaluatie", reference: "Evaluatie vooraf"), at: t("2026-03-20T20:40:00+01:00"), by: projectleider)
        #expect(
            harness.run(.advance("noodrem", reason: "Het plan gaat niet door."), at: t("2026-03-20T21:00:00+01:00"), by: raad).isSuccess)
        #expect(harness.state?.current == "gestopt")
        harness.run(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .kennisgenomen, motivation: "De raad heeft de inspraak gestopt.")),
            at: t("2026-03-23T10:00:00+01:00"), by: projectleider)
        harness.run(.markFeedbackSent(.allUnsent, on: TestSupport.day("2026-03-23")), at: t("2026-03-23T11:00:00+01:00"), by: projectleider)
        let before = try #require(
            harness.run(.advance("beeindigen", reason: nil), at: t("2026-03-24T10:00:00+01:00"), by: projectleider).refusal)
        #expect(before.reasons.map(\.code) == [.documentWrongMoment])
        #expect(
            before.reasons.first?.message
                == "Document \"Evaluatie na de noodrem\" (evaluatie) is van 20-03-2026; dat moet na het begin van \"Gestopt door de raad\" (20-03-2026) zijn."
        )
        // The same day, but added after the stop: that is after it.
        harness.run(.attachDocument(kind: "evaluatie", reference: "Evaluatie"), at: t("2026-03-20T21:00:00+01:00"), by: projectleider)
        #expect(harness.run(.advance("beeindigen", reason: nil), at: t("2026-03-24T10:00:00+01:00"), by: projectleider).isSuccess)
        #expect(harness.state?.outcome == "gestopt")
    }

    @Test("start refuses unknown and missing attributes, all at once")
    func startAttributes() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        let refusal = try #require(
            harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["kleur": "rood"]).refusal)
        #expect(refusal.reasons.count == 2)
        #expect(harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "enorm"]).refusal != nil)
        #expect(harness.state == nil)
    }

    @Test("duplicate input ids are refused; the engine numbers inputs without an id")
    func inputIDs() throws {
        var harness = try inspraakTerInzage()
        #expect(
            harness.run(
                .addInput(NewInput(id: "DMS-7", kind: "inspraakreactie", text: "a")), at: t("2026-03-20T10:00:00+01:00"), by: projectleider
            ).isSuccess)
        let refusal = harness.run(
            .addInput(NewInput(id: "DMS-7", kind: "inspraakreactie", text: "b")), at: t("2026-03-20T10:00:00+01:00"), by: projectleider
        ).refusal
        #expect(refusal?.reasons.first?.code == .duplicateInput)
        addInputs(&harness, count: 1)
        #expect(harness.state?.inputs.map(\.id) == ["DMS-7", "R-0001"])
    }

    @Test("an import with one bad row registers nothing and names every bad row")
    func importAllOrNothing() throws {
        var harness = try inspraakTerInzage()
        let inputs = [
            NewInput(kind: "inspraakreactie", text: "goed"),
            NewInput(kind: "brief", text: "verkeerde soort"),
            NewInput(kind: "inspraakreactie", text: " "),
        ]
        let refusal = try #require(harness.run(.addInputs(inputs), at: t("2026-03-20T10:00:00+01:00"), by: projectleider).refusal)
        #expect(refusal.reasons.count == 2)
        #expect(harness.state?.counts.total == 0)
    }

    @Test("the noodrem stops a process; closing needs every input answered and told")
    func noodrem() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("nijmegen-participatie"))
        harness.start(at: t("2026-02-02T10:00:00+01:00"), by: projectleider, attributes: ["impact": "hoog"])
        harness.run(
            .attachPlan(digest: String(repeating: "0f", count: 32), complete: true), at: t("2026-02-02T10:00:00+01:00"), by: projectleider)
        harness.run(.attachDocument(kind: "kaders", reference: "RB-3"), at: t("2026-02-02T10:00:00+01:00"), by: raad)
        #expect(harness.run(.advance("startDenken", reason: nil), at: t("2026-02-03T10:00:00+01:00"), by: projectleider).isSuccess)
        harness.run(
            .addInput(NewInput(kind: "idee", text: "Een moestuin op het plein.")), at: t("2026-02-10T10:00:00+01:00"), by: projectleider)
        // Without a reason and without the raad's decision the brake does not pull.
        let refusal = try #require(harness.run(.advance("noodrem", reason: nil), at: t("2026-02-20T10:00:00+01:00"), by: raad).refusal)
        #expect(Set(refusal.reasons.map(\.code)) == [.missingReason, .missingDocument])
        harness.run(.attachDocument(kind: "noodrembesluit", reference: "RB-9"), at: t("2026-02-20T10:00:00+01:00"), by: raad)
        #expect(harness.run(.advance("noodrem", reason: "Grote onrust in de wijk"), at: t("2026-02-20T10:00:00+01:00"), by: raad).isSuccess)
        #expect(harness.state?.current == "gestopt")
        #expect(harness.state?.isFinal == false)
        harness.run(.attachDocument(kind: "evaluatie", reference: "EV-1"), at: t("2026-02-21T10:00:00+01:00"), by: projectleider)
        let closing = try #require(
            harness.run(.advance("beeindigen", reason: nil), at: t("2026-02-22T10:00:00+01:00"), by: projectleider).refusal)
        #expect(Set(closing.reasons.map(\.code)) == [.unanswered, .unsent])
        harness.run(
            .recordFeedback(
                NewFeedback(
                    input: "R-0001", verdict: .kennisgenomen,
                    motivation: "Het proces is gestopt door de raad; uw idee bewaren we voor later.")),
            at: t("2026-02-23T10:00:00+01:00"), by: projectleider)
        harness.run(.markFeedbackSent(.allUnsent, on: TestSupport.day("2026-02-23")), at: t("2026-02-23T11:00:00+01:00"), by: projectleider)
        #expect(harness.run(.advance("beeindigen", reason: nil), at: t("2026-02-24T10:00:00+01:00"), by: projectleider).isSuccess)
        #expect(harness.state?.outcome == "gestopt")
    }

    @Test("a refusal names the transition that starts in the current state when two share a name")
    func labelOfSharedName() throws {
        let workflow = FixtureWorkflow().with {
            $0.states.append(#""ingetrokken": {"label": "Ingetrokken", "final": true, "outcome": "gestopt"}"#)
            $0.transitions.append(
                #"{ "name": "afsluiten", "label": "Afsluiten na intrekking", "from": ["start"], "to": "ingetrokken", "by": ["projectleider"], "requires": [{"document": "besluit"}] }"#
            )
            $0.transitions.append(
                #"{ "name": "afsluiten", "label": "Afsluiten voor de inzage", "from": ["open"], "to": "ingetrokken", "by": ["projectleider"], "requires": [{"reason": true}] }"#
            )
        }
        var harness = ProcessHarness(definition: try workflow.file().definition)
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
        let atStart = try #require(
            harness.run(.advance("afsluiten", reason: nil), at: t("2026-03-13T10:00:00+01:00"), by: projectleider).refusal)
        #expect(atStart.summary == "Afsluiten na intrekking kan niet")
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
        harness.run(.advance("openen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
        let whileOpen = try #require(
            harness.run(.advance("afsluiten", reason: nil), at: t("2026-03-17T10:00:00+01:00"), by: college).refusal)
        #expect(whileOpen.summary == "Afsluiten voor de inzage kan niet")
        #expect(whileOpen.reasons.contains { $0.message.contains("\"Afsluiten voor de inzage\"") })
    }

    @Test("a plan attached later replaces the one from the start; a plan requirement follows it")
    func planAttachedLater() throws {
        let workflow = FixtureWorkflow().with {
            $0.transitions[0] =
                #"{ "name": "openen", "from": ["start"], "to": "open", "by": ["projectleider"], "requires": [{"document": "ontwerp"}, {"plan": "complete"}] }"#
        }
        var harness = ProcessHarness(definition: try workflow.file().definition)
        harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider)
        let none = try #require(harness.run(.advance("openen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).refusal)
        #expect(none.reasons.map(\.code) == [.planIncomplete])
        let draft = SHA256.hash(Array("concept".utf8)).hex
        let final = SHA256.hash(Array("definitief".utf8)).hex
        #expect(harness.run(.attachPlan(digest: draft, complete: false), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).isSuccess)
        #expect(
            harness.run(.advance("openen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).refusal?.reasons.map(\.code)
                == [.planIncomplete])
        let again = harness.run(.attachPlan(digest: draft, complete: false), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
        #expect(again.refusal?.reasons.map(\.code) == [.invalidValue])
        let garbage = harness.run(.attachPlan(digest: "niet-hex", complete: true), at: t("2026-03-16T09:00:00+01:00"), by: projectleider)
        #expect(garbage.refusal?.reasons.map(\.code) == [.invalidValue])
        #expect(harness.run(.attachPlan(digest: final, complete: true), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).isSuccess)
        #expect(harness.state?.planDigest == final)
        #expect(harness.run(.advance("openen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).isSuccess)
        #expect(harness.replayed() == harness.state)
    }

    @Test("withdrawn inputs stay visible and no longer hold back the decision")
    func withdrawal() throws {
        var harness = try inspraakTerInzage()
        addInputs(&harness, count: 2)
        #expect(
            harness.run(
                .withdrawInput("R-0002", reason: "Brief van indiener", evidence: "Brief Z-2026-0403"), at: t("2026-04-03T10:00:00+02:00"),
                by: projectleider
            ).isSuccess)
        let state = try #require(harness.state)
        #expect(state.counts.needingFeedback == 1)
        #expect(state.counts.total == 2)
        #expect(state.input("R-0002")?.isWithdrawn == true)
    }
}
