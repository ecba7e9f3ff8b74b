// The doorwerking rules (DESIGN §5): input must be able to make a difference. Each failure
// carries a counterexample, the transitions from `initial` that show it. One type per rule.
//
// Only states reachable from `initial` are considered: a process can never be in the
// others, and PK020 already reports them.

extension WorkflowGraph {
    /// The states reachable from `initial` that accept inputs, with how they are reached.
    func reachableAcceptingStates() -> (nodes: [Int], reached: Search) {
        let reached = fromInitial
        return (states.indices.filter { reached.reached($0) && acceptsInputs($0) }, reached)
    }

    /// The path from `initial` through a search's origin to `node`: the origin is reached by
    /// the shortest path, and the rest follows `search`.
    func counterexample(_ reached: Search, then search: Search, to node: Int) -> [Edge] {
        guard let origin = search.origin(of: node) else { return [] }
        return (reached.edges(to: origin) ?? []) + (search.edges(to: node) ?? [])
    }
}

/// PK030: from every state that accepts inputs a decision can be reached, so that what
/// residents say can be weighed in a besluit. States after a noodrem, from which only a
/// stopped outcome can be reached, are exempt: there is nothing left to decide, and the
/// engine still makes every input answered before such a process closes.
struct DecisionReachableRule: GraphRule {
    var codes: [Diagnostic.Code] { [.noDecisionReachable] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let deciding = graph.states.indices.filter { node in graph.outgoing[node].contains { graph.transition($0).decision } }
        let reachesDecision = graph.reaching(deciding)
        let stopping = graph.stoppingStates
        let (accepting, reached) = graph.reachableAcceptingStates()
        return accepting.filter { !reachesDecision.contains($0) && !stopping.contains($0) }.map { node in
            // Show where inputs from here end up instead: the way to the nearest final state.
            let onward = graph.search(from: [node])
            let end = onward.nodes.filter(graph.isFinal).min { (onward.edges(to: $0)?.count ?? 0) < (onward.edges(to: $1)?.count ?? 0) }
            let path = (reached.edges(to: node) ?? []) + (end.flatMap { onward.edges(to: $0) } ?? [])
            let ending = end.map { ", en het proces kan eindigen in \(graph.quoted($0))" } ?? ""
            return Diagnostic(
                .error, .noDecisionReachable,
                "\(graph.describe(path)): inbreng uit \(graph.quoted(node)) kan nooit tot een besluit leiden: "
                    + "vanuit \(graph.quoted(node)) is geen overgang met \"decision\": true te bereiken\(ending)",
                pointer: JSONPointer.state(graph.states[node]).appending("accepts"), path: graph.names(path))
        }
    }
}

/// PK031: every path from a state that accepts inputs to a final state whose outcome is not
/// `gestopt` passes a decision transition. Reported once per final state, with the shortest
/// path that reaches it without a decision.
struct DecisionBeforeFinalRule: GraphRule {
    var codes: [Diagnostic.Code] { [.finalWithoutDecision] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let (accepting, reached) = graph.reachableAcceptingStates()
        let undecided = graph.search(from: accepting, follow: { !graph.transition($0).decision })
        return graph.decidedFinals.filter(undecided.reached).compactMap { final in
            guard let origin = undecided.origin(of: final) else { return nil }
            let path = graph.counterexample(reached, then: undecided, to: final)
            let last = undecided.edges(to: final)?.last
            return Diagnostic(
                .error, .finalWithoutDecision,
                "\(graph.describe(path)): inbreng uit \(graph.quoted(origin)) bereikt eindtoestand \(graph.quoted(final)) zonder besluit; "
                    + "markeer een overgang op dit pad met \"decision\": true of leid het pad langs een besluit",
                pointer: last.map { .transition($0.transition) } ?? .state(graph.states[final]), path: graph.names(path))
        }
    }
}

/// PK032: a state with a window is left before the window closes only by a transition that
/// needs a reason, so that cutting a consultation short is always visible and motivated.
/// `when` requirements may not apply and so do not count; `anyOf` counts if every option does.
struct WindowCutShortRule: GraphRule {
    var codes: [Diagnostic.Code] { [.windowCutShort] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let reached = graph.fromInitial
        var result: [Diagnostic] = []
        for node in graph.states.indices where reached.reached(node) {
            guard let window = graph.spec(node)?.window else { continue }
            let state = graph.states[node]
            for edge in graph.outgoing[node] {
                let transition = graph.transition(edge)
                if waitsForWindow(transition, leaving: state, window: window, orReason: true) { continue }
                let path = (reached.edges(to: node) ?? []) + [edge]
                result.append(
                    Diagnostic(
                        .error, .windowCutShort,
                        "\(graph.describe(path)): '\(transition.name)' kan \(graph.quoted(node)) verlaten terwijl de termijn "
                            + "(\(window.length)) nog loopt, zonder reden. Voeg {\"windowClosed\": true} toe, of {\"reason\": true} "
                            + "als eerder stoppen mag",
                        pointer: .transition(edge.transition), path: graph.names(path)))
            }
        }
        return result
    }
}

/// PK033: a decision is fired by a role that can decide: `college`, `raad`, or a role marked
/// `"decides": true` (warning).
struct DecidingRoleRule: GraphRule {
    var codes: [Diagnostic.Code] { [.decisionByNonDecidingRole] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let reached = graph.fromInitial
        var edges: [Int: [WorkflowGraph.Edge]] = [:]
        for edge in graph.outgoing.joined() { edges[edge.transition, default: []].append(edge) }
        var result: [Diagnostic] = []
        for (index, transition) in graph.definition.transitions.enumerated() where transition.decision {
            let entry = (edges[index] ?? [])
                .compactMap { edge in reached.edges(to: edge.from).map { $0 + [edge] } }
                .min { $0.count < $1.count }
            for (position, role) in transition.by.enumerated() where !graph.definition.canDecide(role) {
                let prefix = entry.map { "\(graph.describe($0)): " } ?? ""
                result.append(
                    Diagnostic(
                        .warning, .decisionByNonDecidingRole,
                        "\(prefix)besluit '\(transition.name)' kan worden genomen door rol '\(role)', die niet mag besluiten; "
                            + "alleen college, raad of een rol met \"decides\": true besluit",
                        pointer: JSONPointer.transition(index).appending("by").appending(position), path: entry.map(graph.names)))
            }
        }
        return result
    }
}

/// PK034: when a process can have `impact` `hoog`, every way from `initial` into a state
/// where residents take part passes a transition that requires the raad's kaders when impact
/// is `hoog` (warning, Tienpuntenplan point 6). Residents take part in a state that accepts
/// inputs or has a rung above `informeren`; states after a noodrem do not count.
struct HighImpactKadersRule: GraphRule {
    var codes: [Diagnostic.Code] { [.highImpactWithoutKaders] }

    static let attribute: AttributeName = "impact"
    static let high = "hoog"

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let definition = graph.definition
        guard let impact = definition.attributes[Self.attribute], impact.values?.contains(Self.high) ?? true,
            let initial = graph.initial
        else { return [] }
        let kaders = definition.documents.keys.filter { id in
            id.rawValue.lowercased().contains("kaders") || definition.documents[id]?.lowercased().contains("kaders") == true
        }
        guard !kaders.isEmpty else {
            return [
                Diagnostic(
                    .warning, .highImpactWithoutKaders,
                    "een proces kan impact 'hoog' hebben, maar er is geen document voor de kaders van de raad; "
                        + "voeg er een toe (\"documents\": {\"kaders\": \"Kaders van de raad\"}) en eis het vóór de participatie",
                    pointer: JSONPointer().appending("attributes").appending(Self.attribute.rawValue))
            ]
        }
        let stopping = graph.stoppingStates
        func participating(_ node: Int) -> Bool {
            guard !stopping.contains(node), let spec = graph.spec(node) else { return false }
            return !spec.accepts.isEmpty || (spec.level.map { $0 != .informeren } ?? false)
        }
        if participating(initial) {
            return [
                Diagnostic(
                    .warning, .highImpactWithoutKaders,
                    "de begintoestand '\(definition.initial)' laat inwoners al meedoen, dus de kaders van de raad kunnen niet vooraf worden geëist; "
                        + "begin met een voorbereidende toestand",
                    pointer: JSONPointer().appending("initial"))
            ]
        }
        let requiresKaders: (Transition) -> Bool = { transition in
            transition.guarantees(
                { if case .document(let condition) = $0 { kaders.contains(condition.kind) } else { false } },
                assume: { attribute, value in attribute == Self.attribute && value == Self.high })
        }
        // Walk forward over transitions that do not require the kaders, stopping at the first
        // state where residents take part: every such state reached is a way in without them.
        let unguarded = graph.search(from: [initial], follow: { !requiresKaders(graph.transition($0)) }, expand: { !participating($0) })
        let kadersNames = kaders.map { "'\($0.rawValue)'" }.joined(separator: " of ")
        return graph.states.indices.filter { $0 != initial && unguarded.reached($0) && participating($0) }.compactMap { node in
            guard let path = unguarded.edges(to: node), let last = path.last else { return nil }
            return Diagnostic(
                .warning, .highImpactWithoutKaders,
                "\(graph.describe(path)): bij impact 'hoog' komen inwoners in \(graph.quoted(node)) zonder dat de kaders van de raad er zijn; "
                    + "eis het document \(kadersNames) op dit pad, bijvoorbeeld met {\"when\": {\"attribute\": \"impact\", \"equals\": \"hoog\"}, "
                    + "\"require\": {\"document\": \"\(kaders[0])\"}}",
                pointer: .transition(last.transition), path: graph.names(path))
        }
    }
}

/// PK035: an input kind that needs no answer (`"feedback": "none"`) says why
/// (`"feedbackReason"`) — warning. Such inputs never hold back a decision, so an unexplained
/// exemption is a way around the gate that nobody can check.
struct FeedbackExemptionReasonRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.feedbackExemptWithoutReason] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.inputKinds.keys.compactMap { kind in
            guard let spec = definition.inputKinds[kind], spec.feedback == .none, spec.feedbackReason == nil else { return nil }
            return Diagnostic(
                .warning, .feedbackExemptWithoutReason,
                "soort inbreng '\(kind)' krijgt geen antwoord (\"feedback\": \"none\") en houdt dus geen besluit tegen, maar er staat "
                    + "niet waarom; leg het uit met \"feedbackReason\", bijvoorbeeld: de handtekening zelf vraagt geen antwoord, "
                    + "het verzoek als geheel krijgt het besluit",
                pointer: JSONPointer().appending("inputKinds").appending(kind.rawValue).appending("feedback"))
        }
    }
}
