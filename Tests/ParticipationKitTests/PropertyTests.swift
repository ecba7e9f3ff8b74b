import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Random command sequences on every shipped workflow. After every step: no decision with
/// unanswered inputs, no final state with unsent answers, counters equal a recount, nothing
/// but an erasure accepted once the process is closed, and the journal (encoded, parsed and
/// decoded again) replays to the live state.
@Suite("Properties")
struct PropertyTests {
    static let workflows = ["inspraak", "nijmegen-participatie"]
    static let seeds: [UInt64] = Array(1...12)

    @Test("random command sequences keep the feedback gate and replay exactly", arguments: workflows, seeds)
    func randomSequences(workflow: String, seed: UInt64) throws {
        let definition = try TestSupport.shipped(workflow)
        var random = SeededGenerator(seed: seed &* 7919 &+ UInt64(workflow.count))
        var harness = ProcessHarness(definition: definition, process: ProcessID("P-\(seed)"))
        var trace: [String] = []
        var now = TestSupport.instant("2026-01-05T09:00:00+01:00")
        let roles: [RoleID] = definition.roles.keys + [RoleID.system]
        func fail(_ message: String) {
            let recent: String = trace.suffix(40).joined(separator: "\n")
            Issue.record("\(message)\nworkflow \(workflow), seed \(seed)\n\(recent)")
        }
        var attributes: [AttributeName: String] = [:]
        for (name, spec) in definition.attributes where spec.required || Bool.random(using: &random) {
            attributes[name] = spec.values?.randomElement(using: &random) ?? ("wijk-" + String(Int.random(in: 1...4, using: &random)))
        }
        harness.start(at: now, by: ActorIdentity(role: roles[0]), attributes: attributes)
        guard harness.state != nil else { return fail("start geweigerd") }

        // Steps tried after the process closed (every one must be refused).
        var closedSteps = 0
        for step in 0..<220 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...(4 * 86_400), using: &random)))
            guard let state = harness.state else { return fail("geen toestand") }
            let actor = ActorIdentity(role: roles.randomElement(using: &random) ?? "raad")
            let command = randomCommand(definition: definition, state: state, now: now, random: &random)
            let before = state
            let result = harness.run(command, at: now, by: actor)
            trace.append("\(step): \(actor.role) \(command) -> \(result.isSuccess ? "ok" : "geweigerd")")
            guard case .success(let payloads) = result, let after = harness.state else {
                if before.isFinal { closedSteps += 1 }
                if closedSteps > 30 { break }
                continue
            }
            // A closed process takes nothing but an erasure of contact details.
            if before.isFinal {
                if payloads.contains(where: { if case .personalDataRedacted = $0 { false } else { true } }) {
                    fail("afgesloten proces nam \(command) aan")
                }
                closedSteps += 1
                if closedSteps > 30 { break }
                continue
            }
            for payload in payloads {
                guard case .transitioned(let moved) = payload else { continue }
                let target = definition.states[moved.to]
                if moved.decision, before.counts.answered != before.counts.needingFeedback {
                    fail("besluit \(moved.transition) met onbeantwoorde inbreng")
                }
                if target?.isFinal == true, before.counts.sent != before.counts.needingFeedback {
                    fail("eindtoestand \(moved.to) met onverstuurde antwoorden")
                }
            }
            if let last = after.history.last, last.decision || after.isFinal, payloads.contains(where: { if case .transitioned = $0 { true } else { false } }) {
                if last.unansweredAtThatMoment != 0 { fail("journaal toont een besluit met \(last.unansweredAtThatMoment) onbeantwoord") }
            }
            // Counters must equal a recount.
            let gate = after.inputs.filter { $0.countsForGate }
            let recount = (gate.count, gate.filter { $0.isAnswered }.count, gate.filter { $0.isSent }.count)
            if (after.counts.needingFeedback, after.counts.answered, after.counts.sent) != recount {
                fail("tellers \(after.counts) wijken af van hertelling \(recount)")
            }
        }
        // Replay from the events alone equals the live state.
        #expect(harness.replayed() == harness.state, "herhaling wijkt af; seed \(seed)")
        // And so does replay through the journal's own line format.
        var rebuilt: ProcessState?
        var fastPath = 0
        for event in harness.events {
            var bytes = Array(#"{"v":1,"seq":1,"more":0,"#.utf8)
            bytes += EventCoding.encode(event)
            // The one-pass reader either declines or reads exactly what the general one reads.
            let body = bytes[...]
            let general = try EventCoding.decodeGenerally(body: body)
            #expect(general == event)
            if let fast = body.withUnsafeBufferPointer({ EventLineDecoder.decode(body: $0) }) {
                #expect(fast == general, "one-pass reader differs; seed \(seed)")
                fastPath += 1
            }
            bytes.append(UInt8(ascii: "}"))
            let decoded = try EventCoding.decode(bytes)
            #expect(decoded == event)
            harness.engine.apply(decoded, to: &rebuilt)
        }
        #expect(rebuilt == harness.replayed())
        #expect(fastPath > 0 || !harness.events.contains { if case .inputReceived = $0.payload { true } else { false } })
    }

    private func randomCommand(
        definition: WorkflowDefinition, state: ProcessState, now: Date, random: inout SeededGenerator
    ) -> Command {
        let today = CivilDate(amsterdam: now)
        let ids = state.inputs.map(\.id)
        let texts = ["Meer groen graag.", "Te weinig parkeerplaatsen.", "  ", "Prima plan", String(repeating: "lang ", count: 50)]
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<30:
            let kind = definition.inputKinds.keys.randomElement(using: &random) ?? "x"
            let received = today.adding(days: -Int.random(in: 0...20, using: &random))
            let id: InputID? = Bool.random(using: &random) ? nil : ids.randomElement(using: &random)
            return .addInput(NewInput(id: id, kind: kind, text: texts.randomElement(using: &random) ?? "x", received: received))
        case 30..<52:
            let verdict = Verdict.allCases.randomElement(using: &random) ?? .deels
            let input = ids.randomElement(using: &random) ?? "R-9999"
            return .recordFeedback(NewFeedback(input: input, verdict: verdict, motivation: texts.randomElement(using: &random) ?? "x"))
        case 52..<62:
            if Bool.random(using: &random) { return .markFeedbackSent(.allUnsent, on: today) }
            return .markFeedbackSent(.inputs(Array(ids.shuffled(using: &random).prefix(3))), on: today)
        case 62..<70:
            let kind = definition.documents.keys.randomElement(using: &random) ?? "x"
            return .attachDocument(kind: kind, reference: "Z-\(Int.random(in: 1...99, using: &random))")
        case 70..<93:
            let names = definition.transitions.map(\.name)
            let reason = Bool.random(using: &random) ? "Omdat het moet." : nil
            return .advance(names.randomElement(using: &random) ?? "x", reason: reason)
        case 93..<96:
            return .withdrawInput(ids.randomElement(using: &random) ?? "R-1", reason: "Ingetrokken per brief", evidence: "Brief van de indiener")
        case 96..<98:
            return .extendTerm(days: Int.random(in: 1...20, using: &random), reason: "Zomervakantie")
        default:
            return .tick
        }
    }
}
