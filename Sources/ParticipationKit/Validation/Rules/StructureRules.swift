// The structural rules (DESIGN §5): every state can be reached and left, names are
// unambiguous, windows and terms make sense. One type per rule.

/// PK020: every state can be reached from `initial` (warning: a leftover state does no
/// harm, but usually means a transition is missing).
struct UnreachableStateRule: GraphRule {
    var codes: [Diagnostic.Code] { [.unreachableState] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        guard graph.initial != nil else { return [] }
        let reached = graph.fromInitial
        return graph.states.indices.filter { !reached.reached($0) }.map { node in
            let why =
                graph.incoming[node].isEmpty
                ? "geen overgang leidt ernaartoe"
                : "alleen overgangen uit toestanden die zelf onbereikbaar zijn leiden ernaartoe"
            return Diagnostic(
                .warning, .unreachableState,
                "toestand \(graph.quoted(node)) is vanuit de begintoestand '\(graph.definition.initial)' niet te bereiken: \(why)",
                pointer: .state(graph.states[node]))
        }
    }
}

/// PK021: from every state some final state can be reached, so every process can be closed.
/// A state with no way out at all is PK023 instead.
struct CannotFinishRule: GraphRule {
    var codes: [Diagnostic.Code] { [.cannotFinish] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let finishing = graph.reaching(graph.states.indices.filter(graph.isFinal))
        let reached = graph.fromInitial
        return graph.states.indices.filter { !finishing.contains($0) && !graph.outgoing[$0].isEmpty }.map { node in
            let path = reached.edges(to: node)
            let prefix = path.map { "\(graph.describe($0)): " } ?? ""
            return Diagnostic(
                .error, .cannotFinish,
                "\(prefix)vanuit toestand \(graph.quoted(node)) is geen eindtoestand te bereiken; een proces dat hier komt, kan nooit worden afgesloten",
                pointer: .state(graph.states[node]), path: path.map(graph.names))
        }
    }
}

/// PK022: a final state ends the process; no transition may start there. (`"from": "*"`
/// already leaves final states out.)
struct FinalStateExitRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.finalStateHasExit] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for (index, transition) in definition.transitions.enumerated() {
            guard case .states(let sources) = transition.from else { continue }
            for (position, source) in sources.enumerated() where definition.states[source]?.isFinal == true {
                result.append(
                    Diagnostic(
                        .error, .finalStateHasExit,
                        "overgang '\(transition.name)' start in eindtoestand '\(source)'; een eindtoestand sluit het proces af. "
                            + "Haal \"final\": true weg of laat de overgang ergens anders starten",
                        pointer: JSONPointer.transition(index).appending("from").appending(position)))
            }
        }
        return result
    }
}

/// PK023: a state that is not final has a way out.
struct DeadEndRule: GraphRule {
    var codes: [Diagnostic.Code] { [.deadEnd] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let reached = graph.fromInitial
        return graph.states.indices.filter { !graph.isFinal($0) && graph.outgoing[$0].isEmpty }.map { node in
            let path = reached.edges(to: node)
            let prefix = path.map { "\(graph.describe($0)): " } ?? ""
            return Diagnostic(
                .error, .deadEnd,
                "\(prefix)toestand \(graph.quoted(node)) is geen eindtoestand, maar er gaat geen overgang uit; "
                    + "voeg een overgang toe of maak er een eindtoestand van (\"final\": true)",
                pointer: .state(graph.states[node]), path: path.map(graph.names))
        }
    }
}

/// PK024: the name of a transition says which one `advance` fires, so two transitions that can
/// start in the same state need different names.
struct DuplicateTransitionNameRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.duplicateTransitionName] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var byName: [TransitionName: [Int]] = [:]
        for (index, transition) in definition.transitions.enumerated() { byName[transition.name, default: []].append(index) }
        var result: [Diagnostic] = []
        for (index, transition) in definition.transitions.enumerated() {
            guard let earlier = byName[transition.name]?.filter({ $0 < index }), !earlier.isEmpty else { continue }
            let sources = Set(definition.sources(of: transition))
            for other in earlier {
                let shared = definition.states.keys.filter {
                    sources.contains($0) && definition.transition(definition.transitions[other], startsIn: $0)
                }
                guard !shared.isEmpty else { continue }
                result.append(
                    Diagnostic(
                        .error, .duplicateTransitionName,
                        "de overgangen /transitions/\(other) en /transitions/\(index) heten allebei '\(transition.name)' "
                            + "en kunnen allebei starten in \(WorkflowDefinition.names(shared)); geef ze elk een eigen naam",
                        pointer: JSONPointer.transition(index).appending("name")))
                break
            }
        }
        return result
    }
}

/// PK025: a transition that is not timed names at least one role that may fire it.
struct EmptyByRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.emptyBy] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.transitions.enumerated().compactMap { index, transition in
            guard !transition.isTimed, transition.by.isEmpty else { return nil }
            return Diagnostic(
                .error, .emptyBy,
                "niemand mag overgang '\(transition.name)' uitvoeren: \"by\" is leeg. Noem een rol "
                    + "(\(WorkflowDefinition.names(definition.roles.keys))) of maak de overgang getimed met \"after\"",
                pointer: JSONPointer.transition(index).appending("by"))
        }
    }
}

/// Whether leaving `state` by `transition` is sure to wait until its window has closed:
/// a `windowClosed` for it, an `elapsed` since it at least as long as the window, or a timed
/// transition at least that long. With `orReason`, a required reason counts too (also as
/// one option of an `anyOf` whose other options wait).
func waitsForWindow(_ transition: Transition, leaving state: StateID, window: WindowSpec, orReason: Bool = false) -> Bool {
    if let after = transition.after, after.minimumDays >= window.length.maximumDays { return true }
    return transition.guarantees { requirement in
        switch requirement {
        case .windowClosed(let named): named == nil || named == state
        case .elapsed(let term, let since): since == state && term.minimumDays >= window.length.maximumDays
        case .reason: orReason
        default: false
        }
    }
}

/// PK026: a window means something only if some transition waits for it to close (warning).
struct WindowWithoutCloseRule: GraphRule {
    var codes: [Diagnostic.Code] { [.windowWithoutClose] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        graph.states.indices.compactMap { node in
            guard let window = graph.spec(node)?.window, !graph.outgoing[node].isEmpty else { return nil }
            let state = graph.states[node]
            guard !graph.outgoing[node].contains(where: { waitsForWindow(graph.transition($0), leaving: state, window: window) })
            else { return nil }
            return Diagnostic(
                .warning, .windowWithoutClose,
                "de termijn van \(graph.quoted(node)) (\(window.length)) heeft geen gevolg: geen overgang wacht tot hij "
                    + "voorbij is. Voeg {\"windowClosed\": true} toe aan de overgang die de toestand normaal verlaat",
                pointer: JSONPointer.state(state).appending("window"))
        }
    }
}

/// PK027: every input kind is accepted somewhere (warning: otherwise every such input is
/// registered as out of scope).
struct UnacceptedInputKindRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.inputKindNeverAccepted] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        let accepted = Set(definition.states.values.flatMap(\.accepts))
        return definition.inputKinds.keys.filter { !accepted.contains($0) }.map { kind in
            Diagnostic(
                .warning, .inputKindNeverAccepted,
                "geen toestand neemt soort inbreng '\(kind)' aan (\"accepts\"); zulke inbreng wordt altijd als buiten de procedure gemarkeerd",
                pointer: JSONPointer().appending("inputKinds").appending(kind.rawValue))
        }
    }
}

/// PK028: the municipality's own answer term fits before the decision it must precede
/// (warning). The decision term is the window, or the shortest timed way out, of a state that
/// a decision leaves; it is flagged only when the answer term is longer in any calendar.
struct AnswerTermRule: GraphRule {
    var codes: [Diagnostic.Code] { [.answerTermTooLong] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        // The term within which each deciding state must be left.
        var bounds: [(node: Int, term: TermLength, source: String)] = []
        for node in graph.states.indices where graph.outgoing[node].contains(where: { graph.transition($0).decision }) {
            var candidates: [(TermLength, String)] = []
            if let window = graph.spec(node)?.window { candidates.append((window.length, "de termijn van \(graph.quoted(node))")) }
            for edge in graph.outgoing[node] {
                let transition = graph.transition(edge)
                guard let after = transition.after else { continue }
                // A timed transition that also waits for an `elapsed` term fires no earlier than that.
                let waits = transition.requires.compactMap { requirement -> TermLength? in
                    if case .elapsed(let term, _) = requirement { term } else { nil }
                }
                let term = ([after] + waits).max { $0.maximumDays < $1.maximumDays } ?? after
                candidates.append((term, "de getimede overgang '\(transition.name)'"))
            }
            if let shortest = candidates.min(by: { $0.0.maximumDays < $1.0.maximumDays }) {
                bounds.append((node, shortest.0, shortest.1))
            }
        }
        guard !bounds.isEmpty else { return [] }
        var result: [Diagnostic] = []
        for (kind, spec) in graph.definition.inputKinds {
            guard let answer = spec.answerWithin, spec.feedback == .required else { continue }
            let accepting = graph.states.indices.filter { graph.spec($0)?.accepts.contains(kind) == true }
            let reach = graph.search(from: accepting)
            for bound in bounds where reach.reached(bound.node) && answer.minimumDays > bound.term.maximumDays {
                result.append(
                    Diagnostic(
                        .warning, .answerTermTooLong,
                        "de antwoordtermijn van '\(kind)' (\(answer)) is langer dan \(bound.source) (\(bound.term)), "
                            + "terwijl in \(graph.quoted(bound.node)) alle inbreng beantwoord moet zijn vóór het besluit",
                        pointer: JSONPointer().appending("inputKinds").appending(kind.rawValue).appending("answerWithin")))
            }
        }
        return result
    }
}

/// PK029: `{"windowClosed": STATE}` names a state that has a window; otherwise it can never hold.
struct WindowRequirementRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.windowRequirementWithoutWindow] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.requirementsWithPointers().compactMap { requirement, pointer in
            guard case .windowClosed(let named?) = requirement, let spec = definition.states[named], spec.window == nil
            else { return nil }
            return Diagnostic(
                .error, .windowRequirementWithoutWindow,
                "toestand '\(named)' heeft geen termijn (\"window\"), dus aan {\"windowClosed\": \"\(named)\"} kan nooit worden voldaan",
                pointer: pointer.appending("windowClosed"))
        }
    }
}
