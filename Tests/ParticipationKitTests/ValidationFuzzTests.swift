import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Seeded random mutations of the shipped workflows: the validator never crashes, and it finds
/// exactly the final states that some input can reach without a decision, as an independent
/// search over (state, "input seen since the last decision") pairs says.
@Suite("Validation under mutation")
struct ValidationFuzzTests {
    static let mutationCount = 2_000

    enum Mutation: CaseIterable {
        case dropTransition, retarget, removeRequirement, renameState, dropDecision, widenSource, addAccepts
    }

    /// Changes one thing in a definition; names of states are left dangling on purpose.
    static func mutate(_ definition: inout WorkflowDefinition, _ mutation: Mutation, using random: inout SeededGenerator) {
        let states = definition.states.keys
        guard !definition.transitions.isEmpty, !states.isEmpty else { return }
        let index = Int.random(in: 0..<definition.transitions.count, using: &random)
        switch mutation {
        case .dropTransition:
            definition.transitions.remove(at: index)
        case .retarget:
            definition.transitions[index].to = states.randomElement(using: &random) ?? definition.transitions[index].to
        case .removeRequirement:
            if !definition.transitions[index].requires.isEmpty {
                definition.transitions[index].requires.remove(
                    at: Int.random(in: 0..<definition.transitions[index].requires.count, using: &random))
            }
        case .renameState:
            if let state = states.randomElement(using: &random), let spec = definition.states[state] {
                definition.states[state] = nil
                definition.states[StateID(state.rawValue + "X")] = spec
            }
        case .dropDecision:
            let decisions = definition.transitions.indices.filter { definition.transitions[$0].decision }
            if let chosen = decisions.randomElement(using: &random) { definition.transitions[chosen].decision = false }
        case .widenSource:
            if case .states(var sources) = definition.transitions[index].from, let extra = states.randomElement(using: &random) {
                sources.append(extra)
                definition.transitions[index].from = .states(sources)
            } else {
                definition.transitions[index].from = .anyState
            }
        case .addAccepts:
            if let state = states.randomElement(using: &random), let kind = definition.inputKinds.keys.first {
                definition.states[state]?.accepts.append(kind)
            }
        }
    }

    /// The final states (outcome not `gestopt`) that a path from `initial` reaches after passing
    /// a state that accepts inputs, with no decision since: found by depth-first search over
    /// (state, seen) pairs, straight from the transition list.
    static func oracle(_ definition: WorkflowDefinition) -> Set<StateID> {
        guard let initialSpec = definition.states[definition.initial] else { return [] }
        struct Node: Hashable {
            var state: StateID
            var seen: Bool
        }
        var result = Set<StateID>()
        var visited = Set<Node>()
        var stack = [Node(state: definition.initial, seen: !initialSpec.accepts.isEmpty)]
        while let node = stack.popLast() {
            guard visited.insert(node).inserted, let spec = definition.states[node.state] else { continue }
            if spec.isFinal, node.seen, spec.outcome != StateSpec.stoppedOutcome { result.insert(node.state) }
            for transition in definition.transitions where definition.transition(transition, startsIn: node.state) {
                guard let target = definition.states[transition.to] else { continue }
                let seen = (node.seen && !transition.decision) || !target.accepts.isEmpty
                stack.append(Node(state: transition.to, seen: seen))
            }
        }
        return result
    }

    /// Whether a counterexample is a real path: from `initial`, following transitions by name,
    /// it can end in `final` with an input-accepting state passed and no decision since.
    static func walks(_ path: [TransitionName], to final: StateID, in definition: WorkflowDefinition) -> Bool {
        guard let initialSpec = definition.states[definition.initial] else { return false }
        var positions: Set<[String]> = [[definition.initial.rawValue, initialSpec.accepts.isEmpty ? "" : "seen"]]
        for name in path {
            var next: Set<[String]> = []
            for position in positions {
                let state = StateID(position[0])
                for transition in definition.transitions where transition.name == name && definition.transition(transition, startsIn: state)
                {
                    guard let target = definition.states[transition.to] else { continue }
                    let seen = (position[1] == "seen" && !transition.decision) || !target.accepts.isEmpty
                    next.insert([transition.to.rawValue, seen ? "seen" : ""])
                }
            }
            positions = next
        }
        return positions.contains([final.rawValue, "seen"])
    }

    @Test("2,000 seeded mutations: no crash, and every path to a final state without a decision is caught")
    func mutations() throws {
        var random = SeededGenerator(seed: 0x5EED_0004)
        let originals = try ShippedWorkflows.names.map { try TestSupport.shipped($0) }
        var gateRemoved = 0
        var caughtDiagnostics = 0
        for round in 0..<Self.mutationCount {
            var definition = originals[round % originals.count]
            let steps = Int.random(in: 1...3, using: &random)
            for _ in 0..<steps {
                Self.mutate(&definition, Mutation.allCases.randomElement(using: &random) ?? .retarget, using: &random)
            }
            // Reference checks and the rules both run on a definition with dangling names.
            _ = ReferenceCheck.diagnostics(for: definition)
            let found = WorkflowValidator.diagnostics(for: definition)
            let expected = Self.oracle(definition)
            if !expected.isEmpty { gateRemoved += 1 }
            let reported = found.filter { $0.code == .finalWithoutDecision }
            var reportedFinals = Set<StateID>()
            for diagnostic in reported {
                let path = try #require(diagnostic.path)
                // The finding points at the last transition of the path, into the final state.
                // (or, for a final state that itself accepts inputs, at that state).
                let tokens = diagnostic.pointer.tokens
                let final =
                    tokens.first == "states"
                    ? StateID(tokens[1])
                    : definition.transitions[try #require(Int(tokens[1]), "round \(round): \(diagnostic.pointer)")].to
                #expect(Self.walks(path, to: final, in: definition), "round \(round): \(diagnostic.message)")
                reportedFinals.insert(final)
                caughtDiagnostics += 1
            }
            #expect(reportedFinals == expected, "round \(round): expected \(expected), got \(found.map(\.description))")
            #expect(reported.count == expected.count, "round \(round)")
        }
        // The mutations must actually exercise the rule.
        #expect(gateRemoved > Self.mutationCount / 10)
        #expect(caughtDiagnostics >= gateRemoved)
    }
}
