import Foundation

extension Redaction {
    /// What a report shows in place of a writer's name once the contact details were erased.
    public static let placeholder = "gegevens verwijderd (AVG)"
}

extension InputRecord {
    /// The writer's name for a report that asked for names (`--with-names`): what `lookup`
    /// finds, or ``Redaction/placeholder`` once the details were erased, whatever `lookup` says.
    func reportedName(in process: ProcessID, lookup: (ProcessID, InputID) -> String?) -> String? {
        isRedacted ? Redaction.placeholder : lookup(process, id)
    }
}
