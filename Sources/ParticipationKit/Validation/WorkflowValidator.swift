/// Runs the static checks on a decoded workflow file.
///
/// Reading a file already checks its syntax, keys, types and references (``WorkflowFile``);
/// the rules here look at the shape of the whole workflow. Each rule is one small type.
public enum WorkflowValidator: Sendable {
    /// Every rule, in the order their findings are listed.
    public static let rules: [any ValidationRule] = []

    /// The findings for a file, located in it, errors first.
    public static func diagnostics(for file: WorkflowFile) -> [Diagnostic] {
        rules.flatMap { $0.check(file.definition) }.map(file.locate).sorted { $0.severity < $1.severity }
    }
}
