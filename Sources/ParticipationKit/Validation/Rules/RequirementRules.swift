// Rules about what a requirement asks: a requirement that can never hold where its transition
// starts makes that transition dead. One type per rule.

/// PK040: a document required `after` entering a state is asked for on a transition that can
/// start in a state the process cannot have reached through that state: there the requirement
/// never holds, and the transition can never fire. `when` counts (it may apply); `anyOf` does
/// not (another option may hold).
struct RequirementNeverMetRule: GraphRule {
    var codes: [Diagnostic.Code] { [.requirementNeverMet] }

    func check(_ graph: WorkflowGraph) -> [Diagnostic] {
        let reached = graph.fromInitial
        var result: [Diagnostic] = []
        for (index, transition) in graph.definition.transitions.enumerated() {
            for (position, requirement) in transition.requires.enumerated() {
                var pointer = JSONPointer.transition(index).appending("requires").appending(position)
                var current = requirement
                while case .when(_, _, let inner) = current {
                    current = inner
                    pointer = pointer.appending("require")
                }
                guard case .document(let condition) = current, case .entered(let state)? = condition.after,
                    let moment = graph.index[state]
                else { continue }
                let afterMoment = graph.search(from: [moment])
                let sources = graph.definition.sources(of: transition).compactMap { graph.index[$0] }
                for source in sources where reached.reached(source) && !afterMoment.reached(source) {
                    let path = reached.edges(to: source) ?? []
                    let prefix = path.isEmpty ? "" : "\(graph.describe(path)): "
                    result.append(
                        Diagnostic(
                            .error, .requirementNeverMet,
                            "\(prefix)'\(transition.name)' eist een document '\(condition.kind)' van na het begin van "
                                + "\(graph.quoted(moment)), maar een proces in \(graph.quoted(source)) is nooit in "
                                + "\(graph.quoted(moment)) geweest; vanuit \(graph.quoted(source)) kan deze overgang nooit",
                            pointer: pointer.appending("after").appending("entered"), path: graph.names(path)))
                }
            }
        }
        return result
    }
}

/// PK041: a `withinBudget` requirement names an attribute that is not an amount
/// (`"type": "amount"`): its value is text, so there is no budget to add the grants up against.
struct BudgetAttributeRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.budgetAttributeNotAmount] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        definition.requirementsWithPointers().compactMap { requirement, pointer in
            guard case .withinBudget(let attribute) = requirement, let spec = definition.attributes[attribute], !spec.isAmount
            else { return nil }
            return Diagnostic(
                .error, .budgetAttributeNotAmount,
                "'withinBudget' noemt kenmerk \"\(attribute)\", maar dat is geen bedrag; geef het kenmerk \"type\": \"amount\"",
                pointer: pointer.appending("withinBudget").appending("attribute"))
        }
    }
}

/// PK042: a `withinBudget` requirement in a workflow where no input kind names an amount
/// (`"amount"`): no answer can grant anything, so the requirement checks nothing.
struct BudgetWithoutAmountsRule: ValidationRule {
    var codes: [Diagnostic.Code] { [.budgetWithoutAmounts] }

    func check(_ definition: WorkflowDefinition) -> [Diagnostic] {
        guard !definition.inputKinds.values.contains(where: { $0.amount != nil }) else { return [] }
        return definition.requirementsWithPointers().compactMap { requirement, pointer in
            guard case .withinBudget = requirement else { return nil }
            return Diagnostic(
                .error, .budgetWithoutAmounts,
                "'withinBudget' telt toegekende bedragen op, maar geen soort inbreng vraagt een bedrag; "
                    + "geef de soort aanvraag \"amount\": \"required\"",
                pointer: pointer.appending("withinBudget"))
        }
    }
}
