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

/// Every state named in a transition (`from`, `to`, `windowClosed`, `elapsed.since`) exists.
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
            require(transition.to, WorkflowDefinition.pointer(transition: index, "to"))
        }
        for (requirement, pointer) in definition.requirementsWithPointers() {
            switch requirement {
            case .windowClosed(let state?): require(state, pointer.appending("windowClosed"))
            case .elapsed(_, let state): require(state, pointer.appending("since"))
            default: break
            }
        }
        return result
    }
}

/// Every role in `by` is declared; `systeem` is reserved for timed transitions.
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
        return result
    }
}

/// Every input kind in `accepts` and `atLeast` is declared.
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
            if case .atLeast(let kind, _) = requirement { require(kind, pointer.appending("atLeast").appending("kind")) }
        }
        return result
    }
}

/// Every document kind a requirement asks for is declared.
struct DocumentReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownDocument] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.requirementsWithPointers().compactMap { requirement, pointer in
            guard case .document(let kind) = requirement, !definition.documents.contains(kind) else { return nil }
            return Diagnostic(
                .error, .unknownDocument,
                "documentsoort \"\(kind)\" bestaat niet; documenten: \(WorkflowDefinition.names(definition.documents.keys))",
                pointer: pointer.appending("document"))
        }
    }
}

/// Every attribute in a `when` is declared, with a value it can have.
struct AttributeReferenceRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.unknownAttribute] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.requirementsWithPointers().compactMap { requirement, pointer in
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
