/// Runs the static checks on a decoded workflow file (DESIGN §5).
///
/// Reading a file already checks its syntax, keys, types and references (``WorkflowFile``);
/// the rules here look at the shape of the whole workflow: can every state be reached and
/// left, and does every input reach a decision before the process ends (doorwerking). Each
/// rule is one small type; the DocC article "Diagnostics" lists every code with an example.
public enum WorkflowValidator: Sendable {
    /// Every rule, in the order their findings are listed.
    public static let rules: [any ValidationRule] = [
        // Structure
        UnreachableStateRule(), CannotFinishRule(), FinalStateExitRule(), DeadEndRule(),
        DuplicateTransitionNameRule(), EmptyByRule(), WindowWithoutCloseRule(), UnacceptedInputKindRule(),
        AnswerTermRule(), WindowRequirementRule(),
        // Doorwerking
        DecisionReachableRule(), DecisionBeforeFinalRule(), WindowCutShortRule(), DecidingRoleRule(),
        HighImpactKadersRule(),
        FeedbackExemptionReasonRule(),
        // Requirements
        RequirementNeverMetRule(), BudgetAttributeRule(), BudgetWithoutAmountsRule(),
    ]

    /// The findings for a file, located in it, errors first (otherwise in rule order).
    public static func diagnostics(for file: WorkflowFile) -> [Diagnostic] {
        diagnostics(for: file.definition).map(file.locate)
    }

    /// The findings for a definition, without file locations, errors first.
    public static func diagnostics(for definition: WorkflowDefinition) -> [Diagnostic] {
        let graph = WorkflowGraph(definition)
        let found = rules.flatMap { rule in
            (rule as? any GraphRule)?.check(graph) ?? rule.check(definition)
        }
        return found.enumerated()
            .sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
            .map(\.element)
    }

    /// The codes reading a file can report before any rule runs.
    static let decodingCodes: [Diagnostic.Code] = [
        .syntax, .unknownKey, .wrongType, .missingKey, .invalidValue, .newerFormatVersion,
    ]

    /// Every code a rule here or the decoder can report, in order.
    public static var allCodes: [Diagnostic.Code] {
        Set(decodingCodes + ReferenceCheck.all.flatMap(\.codes) + rules.flatMap(\.codes)).sorted()
    }
}

/// A rule that looks at the workflow as a graph of states and transitions. The validator
/// builds the graph once and hands it to every such rule.
protocol GraphRule: ValidationRule {
    func check(_ graph: WorkflowGraph) -> [Diagnostic]
}

extension GraphRule {
    func check(_ definition: WorkflowDefinition) -> [Diagnostic] { check(WorkflowGraph(definition)) }
}

extension JSONPointer {
    static func state(_ state: StateID) -> JSONPointer {
        JSONPointer().appending("states").appending(state.rawValue)
    }

    static func transition(_ index: Int) -> JSONPointer {
        JSONPointer().appending("transitions").appending(index)
    }
}
