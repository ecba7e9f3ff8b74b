/// One small static check on a workflow definition. Each rule adds its findings; none throws.
public protocol ValidationRule: Sendable {
    /// Every code this rule can report.
    var codes: [Diagnostic.Code] { get }
    /// The findings for a definition, with JSON Pointers into its file.
    func check(_ definition: WorkflowDefinition) -> [Diagnostic]
}

/// The rules that check names refer to something the file declares. They run as part of
/// reading a workflow file, since a definition with dangling names cannot run.
enum ReferenceCheck {
    static let all: [any ValidationRule] = [
        InitialStateRule(), StateReferenceRule(), RoleReferenceRule(), InputKindReferenceRule(),
        DocumentReferenceRule(), AttributeReferenceRule(), TermReferenceRule(), TermExtensionCheck(),
        PointsRule(),
    ]

    static func diagnostics(for definition: WorkflowDefinition) -> [Diagnostic] {
        all.flatMap { $0.check(definition) }
    }
}

extension WorkflowDefinition {
    /// Every requirement in a transition with its pointer, nested ones included.
    func requirementsWithPointers() -> [(requirement: Requirement, pointer: JSONPointer)] {
        var result: [(Requirement, JSONPointer)] = []
        func visit(_ requirement: Requirement, _ pointer: JSONPointer) {
            result.append((requirement, pointer))
            switch requirement {
            case .when(_, _, let inner): visit(inner, pointer.appending("require"))
            case .anyOf(let inner):
                for (index, item) in inner.enumerated() { visit(item, pointer.appending("anyOf").appending(index)) }
            default: break
            }
        }
        for (index, transition) in transitions.enumerated() {
            let base = JSONPointer().appending("transitions").appending(index).appending("requires")
            for (position, requirement) in transition.requires.enumerated() {
                visit(requirement, base.appending(position))
            }
        }
        return result
    }

    /// Every document condition with the pointer of its object: each `document` requirement,
    /// and the `orGround` of each `verdicts` requirement.
    func documentConditionsWithPointers() -> [(condition: DocumentRequirement, pointer: JSONPointer)] {
        requirementsWithPointers().compactMap { requirement, pointer in
            switch requirement {
            case .document(let condition): (condition, pointer)
            case .verdicts(let verdicts): verdicts.orGround.map { ($0, pointer.appending("verdicts").appending("orGround")) }
            default: nil
            }
        }
    }

    static func pointer(transition index: Int, _ key: String) -> JSONPointer {
        JSONPointer().appending("transitions").appending(index).appending(key)
    }

    static func names<T: StringIdentifier>(_ keys: [T]) -> String {
        keys.isEmpty ? "(geen)" : keys.map(\.rawValue).joined(separator: ", ")
    }
}
