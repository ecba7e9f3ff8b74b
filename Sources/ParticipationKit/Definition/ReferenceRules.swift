/// `initial` names a state that exists.
struct InitialStateRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownState] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        guard !definition.states.contains(definition.initial) else { return [] }
        return [
            Diagnostic(
                .error, .unknownState,
                "begintoestand \"\(definition.initial)\" bestaat niet; toestanden: \(WorkflowDefinition.names(definition.states.keys))",
                pointer: JSONPointer().appending("initial"))
        ]
    }
}

/// Every state named in a transition (`from`, `except`, `to`, `windowClosed`, `elapsed.since`,
/// a moment's `entered`) exists.
struct StateReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownState] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        func require(_ state: StateID, _ pointer: JSONPointer) {
            guard !definition.states.contains(state) else { return }
            result.append(
                Diagnostic(
                    .error, .unknownState,
                    "toestand \"\(state)\" bestaat niet; toestanden: \(WorkflowDefinition.names(definition.states.keys))",
                    pointer: pointer))
        }
        for (index, transition) in definition.transitions.enumerated() {
            if case .states(let sources) = transition.from {
                for (position, state) in sources.enumerated() {
                    require(state, WorkflowDefinition.pointer(transition: index, "from").appending(position))
                }
            }
            for (position, state) in transition.except.enumerated() {
                require(state, WorkflowDefinition.pointer(transition: index, "except").appending(position))
            }
            require(transition.to, WorkflowDefinition.pointer(transition: index, "to"))
        }
        for (requirement, pointer) in definition.requirementsWithPointers() {
            switch requirement {
            case .windowClosed(let state?): require(state, pointer.appending("windowClosed"))
            case .elapsed(_, let state): require(state, pointer.appending("since"))
            default: break
            }
        }
        for (condition, pointer) in definition.documentConditionsWithPointers() {
            for (key, moment) in [("before", condition.before), ("after", condition.after)] {
                if case .entered(let state)? = moment { require(state, pointer.appending(key).appending("entered")) }
            }
        }
        return result
    }
}

/// Every role in `by` (of a transition or of a document requirement) is declared; `systeem` is
/// reserved for timed transitions.
struct RoleReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownRole, .reservedRole] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        if definition.roles.contains(.system) {
            result.append(
                Diagnostic(
                    .error, .reservedRole, "de rol \"systeem\" is gereserveerd voor getimede overgangen",
                    pointer: JSONPointer().appending("roles").appending(RoleID.system.rawValue)))
        }
        for (index, transition) in definition.transitions.enumerated() {
            for (position, role) in transition.by.enumerated() where !definition.roles.contains(role) {
                result.append(
                    Diagnostic(
                        .error, .unknownRole,
                        "rol \"\(role)\" bestaat niet; rollen: \(WorkflowDefinition.names(definition.roles.keys))",
                        pointer: WorkflowDefinition.pointer(transition: index, "by").appending(position)))
            }
        }
        for (condition, pointer) in definition.documentConditionsWithPointers() {
            for (position, role) in condition.by.enumerated() where !definition.roles.contains(role) {
                result.append(
                    Diagnostic(
                        .error, .unknownRole,
                        "rol \"\(role)\" bestaat niet; rollen: \(WorkflowDefinition.names(definition.roles.keys))",
                        pointer: pointer.appending("by").appending(position)))
            }
        }
        return result
    }
}

/// Every input kind in `accepts`, `atLeast`, `verdicts` and a moment's `firstInput` (each kind
/// of a list) is declared.
struct InputKindReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownInputKind] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        func require(_ kind: InputKindID, _ pointer: JSONPointer) {
            guard !definition.inputKinds.contains(kind) else { return }
            result.append(
                Diagnostic(
                    .error, .unknownInputKind,
                    "soort inbreng \"\(kind)\" bestaat niet; soorten: \(WorkflowDefinition.names(definition.inputKinds.keys))",
                    pointer: pointer))
        }
        for (state, spec) in definition.states {
            for (position, kind) in spec.accepts.enumerated() {
                require(kind, JSONPointer().appending("states").appending(state.rawValue).appending("accepts").appending(position))
            }
        }
        for (requirement, pointer) in definition.requirementsWithPointers() {
            switch requirement {
            case .atLeast(let kind, _):
                require(kind, pointer.appending("atLeast").appending("kind"))
            case .verdicts(let verdicts):
                for (position, kind) in verdicts.kinds.enumerated() {
                    require(kind, pointer.appending("verdicts").appending("kinds").appending(position))
                }
            default:
                break
            }
        }
        for (condition, pointer) in definition.documentConditionsWithPointers() {
            for (key, moment) in [("before", condition.before), ("after", condition.after)] {
                guard case .firstInput(let kinds)? = moment else { continue }
                if kinds.isEmpty {
                    result.append(
                        Diagnostic(
                            .error, .unknownInputKind, "geef minstens één soort inbreng",
                            pointer: pointer.appending(key).appending("firstInput")))
                }
                for (kind, kindPointer) in Moment.kindsWithPointers(kinds, at: pointer.appending(key)) { require(kind, kindPointer) }
            }
        }
        return result
    }
}

/// Every document kind a requirement asks for (also as the grounds of `verdicts`) is declared.
struct DocumentReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownDocument] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.documentConditionsWithPointers().compactMap { condition, pointer in
            let kind = condition.kind
            guard !definition.documents.contains(kind) else { return nil }
            return Diagnostic(
                .error, .unknownDocument,
                "documentsoort \"\(kind)\" bestaat niet; documenten: \(WorkflowDefinition.names(definition.documents.keys))",
                pointer: pointer.appending("document"))
        }
    }
}

/// Every attribute in a `when` is declared, with a value it can have; every attribute in a
/// `withinBudget` is declared.
struct AttributeReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownAttribute] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.requirementsWithPointers().compactMap { requirement, pointer in
            if case .withinBudget(let attribute) = requirement, !definition.attributes.contains(attribute) {
                return Diagnostic(
                    .error, .unknownAttribute,
                    "kenmerk \"\(attribute)\" bestaat niet; kenmerken: \(WorkflowDefinition.names(definition.attributes.keys))",
                    pointer: pointer.appending("withinBudget").appending("attribute"))
            }
            guard case .when(let attribute, let value, _) = requirement else { return nil }
            guard let spec = definition.attributes[attribute] else {
                return Diagnostic(
                    .error, .unknownAttribute,
                    "kenmerk \"\(attribute)\" bestaat niet; kenmerken: \(WorkflowDefinition.names(definition.attributes.keys))",
                    pointer: pointer.appending("when").appending("attribute"))
            }
            if let values = spec.values, !values.contains(value) {
                return Diagnostic(
                    .error, .unknownAttribute,
                    "kenmerk \"\(attribute)\" kan geen \"\(value)\" zijn; waarden: \(values.joined(separator: ", "))",
                    pointer: pointer.appending("when").appending("equals"))
            }
            return nil
        }
    }
}

/// Every named term runs from a document kind, input kind or state that exists, and every
/// `after.term` (and an extension's `before`) names something that exists (PK016).
struct TermReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownTermReference] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        func problem(_ message: String, _ pointer: JSONPointer) {
            result.append(Diagnostic(.error, .unknownTermReference, message, pointer: pointer))
        }
        func check(_ moment: Moment, _ pointer: JSONPointer) {
            switch moment {
            case .firstInput(let kinds) where kinds.isEmpty:
                problem("geef minstens één soort inbreng", pointer.appending("firstInput"))
            case .firstInput(let kinds):
                for (kind, kindPointer) in Moment.kindsWithPointers(kinds, at: pointer) where !definition.inputKinds.contains(kind) {
                    problem(
                        "soort inbreng \"\(kind)\" bestaat niet; soorten: \(WorkflowDefinition.names(definition.inputKinds.keys))",
                        kindPointer)
                }
            case .entered(let state) where !definition.states.contains(state):
                problem(
                    "toestand \"\(state)\" bestaat niet; toestanden: \(WorkflowDefinition.names(definition.states.keys))",
                    pointer.appending("entered"))
            default: break
            }
        }
        func check(_ origin: TermOrigin, _ pointer: JSONPointer) {
            switch origin {
            case .document(let kind) where !definition.documents.contains(kind):
                problem(
                    "documentsoort \"\(kind)\" bestaat niet; soorten: \(WorkflowDefinition.names(definition.documents.keys))",
                    pointer.appending("document"))
            case .moment(let moment): check(moment, pointer)
            default: break
            }
        }
        for (name, term) in definition.terms {
            let pointer = JSONPointer().appending("terms").appending(name.rawValue)
            check(term.from, pointer.appending("from"))
            if let until = term.until { check(until, pointer.appending("until")) }
            if let before = term.extensionRule?.before { check(before, pointer.appending("extension").appending("before")) }
        }
        for (index, transition) in definition.transitions.enumerated() {
            guard let name = transition.afterTerm, !definition.terms.contains(name) else { continue }
            problem(
                "termijn \"\(name)\" bestaat niet; termijnen: \(WorkflowDefinition.names(definition.terms.keys))",
                WorkflowDefinition.pointer(transition: index, "after").appending("term"))
        }
        return result
    }
}

/// A term's `extension` rule can be used: a `max` above zero, `times` of at least 1, at least
/// one `basis`, and roles in `by` that exist (PK017).
struct TermExtensionCheck: ValidationRule {
    var codes: [Diagnostic.Code] { [.invalidTermExtension] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for (name, term) in definition.terms {
            guard let rule = term.extensionRule else { continue }
            let pointer = JSONPointer().appending("terms").appending(name.rawValue).appending("extension")
            func problem(_ message: String, _ key: String) {
                result.append(Diagnostic(.error, .invalidTermExtension, message, pointer: pointer.appending(key)))
            }
            if let max = rule.max, max.count < 1 {
                problem("een verlenging van ten hoogste \(max.count) kan niet; geef minstens 1, of laat \"max\" weg", "max")
            }
            if let times = rule.times, times < 1 {
                problem(
                    "\"times\" moet minstens 1 zijn, is \(times); een termijn die niet verlengd kan worden heeft geen \"extension\"",
                    "times")
            }
            if rule.basis.isEmpty {
                problem("noem de wettelijke grondslag van de verlenging, bijvoorbeeld \"Awb 3:18 lid 2\"", "basis")
            }
            for (position, role) in rule.by.enumerated() where !definition.roles.contains(role) {
                result.append(
                    Diagnostic(
                        .error, .invalidTermExtension,
                        "rol \"\(role)\" bestaat niet; rollen: \(WorkflowDefinition.names(definition.roles.keys))",
                        pointer: pointer.appending("by").appending(position)))
            }
        }
        return result
    }
}

/// Every route of an input kind's `points` is a role of the workflow (PK018), and only a kind
/// that needs an answer has points (PK019).
struct PointsRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownPointRoute, .pointsWithoutFeedback] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for (kind, spec) in definition.inputKinds {
            guard let points = spec.points else { continue }
            let pointer = JSONPointer().appending("inputKinds").appending(kind.rawValue).appending("points")
            if spec.feedback == .none {
                result.append(
                    Diagnostic(
                        .error, .pointsWithoutFeedback,
                        "soort inbreng \"\(kind)\" krijgt geen antwoord (\"feedback\": \"none\"), maar heeft punten; "
                            + "elk punt krijgt een eigen antwoord, dus de soort moet een antwoord krijgen",
                        pointer: pointer))
            }
            for (position, route) in points.routes.enumerated() where !definition.roles.contains(route) {
                result.append(
                    Diagnostic(
                        .error, .unknownPointRoute,
                        "route \"\(route)\" van de punten is geen rol; rollen: \(WorkflowDefinition.names(definition.roles.keys))",
                        pointer: pointer.appending("routes").appending(position)))
            }
        }
        return result
    }
}

extension Moment {
    /// The kinds of a `firstInput` moment at `pointer`, each with the JSON Pointer to name it
    /// by: the element of a list (`…/firstInput/1`), or `…/firstInput` itself for a single kind.
    static func kindsWithPointers(_ kinds: [InputKindID], at pointer: JSONPointer) -> [(InputKindID, JSONPointer)] {
        let base = pointer.appending("firstInput")
        if kinds.count == 1, let kind = kinds.first { return [(kind, base)] }
        return kinds.enumerated().map { ($1, base.appending($0)) }
    }
}
