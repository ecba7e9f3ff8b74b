/// The length of a term: a number of days, weeks or months.
///
/// Written in workflow files as `{"weeks": 6}`, `{"days": 14}` or `{"months": 6}`.
public struct TermLength: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable, Codable, CaseIterable {
        case days, weeks, months
    }

    public var count: Int
    public var unit: Unit

    public init(_ count: Int, _ unit: Unit) {
        self.count = count
        self.unit = unit
    }

    public static func days(_ count: Int) -> TermLength { TermLength(count, .days) }
    public static func weeks(_ count: Int) -> TermLength { TermLength(count, .weeks) }
    public static func months(_ count: Int) -> TermLength { TermLength(count, .months) }

    /// `6 weken`, `1 dag`, `6 maanden`.
    public var description: String {
        switch unit {
        case .days: count == 1 ? "1 dag" : "\(count) dagen"
        case .weeks: count == 1 ? "1 week" : "\(count) weken"
        case .months: count == 1 ? "1 maand" : "\(count) maanden"
        }
    }
}

/// How a term is counted (DESIGN §6).
public enum TermRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// Algemene termijnenwet: a term that ends on a Saturday, Sunday or public holiday runs
    /// on to the next day that is none of these (art. 1); a term of three days or more holds
    /// at least two such days (art. 2).
    case atw
    /// Plain calendar days, no extension.
    case calendar
    /// Only days that are not a weekend day or public holiday count.
    case workingDays
}

/// On which day a term starts to run.
public enum TermStart: String, Hashable, Sendable, Codable, CaseIterable {
    /// The day of the event counts as day 1 (Awb 3:16, terinzagelegging).
    case entry
    /// The term starts the day after the event (Awb 6:8).
    case nextDay
}
