/// The last day of a term, with how it was reached.
///
/// Made by ``LegalCalendar/deadline(from:length:rule:startsOn:)`` and moved on by
/// ``LegalCalendar/extending(_:byDays:)`` (verdaging, postponement). Something that arrives on
/// `end`, at any hour, is on time.
public struct Deadline: Hashable, Sendable, Codable {
    /// The day of the event the term runs from.
    public var start: CivilDate
    /// How long the term is.
    public var length: TermLength
    /// How days are counted.
    public var rule: TermRule
    /// Whether `start` is day 1 or the term begins the day after.
    public var startsOn: TermStart
    /// Days of verdaging (postponement) added so far; 0 normally.
    public var extensionDays: Int
    /// The end before any extension under the Algemene termijnenwet and before any verdaging.
    public var nominalEnd: CivilDate
    /// The last day on which something is on time.
    public var end: CivilDate
    /// How `end` was reached, in Dutch (B1).
    public var explanation: String

    public init(
        start: CivilDate, length: TermLength, rule: TermRule, startsOn: TermStart, extensionDays: Int,
        nominalEnd: CivilDate, end: CivilDate, explanation: String
    ) {
        self.start = start
        self.length = length
        self.rule = rule
        self.startsOn = startsOn
        self.extensionDays = extensionDays
        self.nominalEnd = nominalEnd
        self.end = end
        self.explanation = explanation
    }
}
