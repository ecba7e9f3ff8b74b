/// Computes the last day of a term under Dutch law and explains it in Dutch.
///
/// Knows the algemeen erkende feestdagen of the Algemene termijnenwet (``DutchHolidays``) and
/// the days a royal decree sets equal to them (art. 3 lid 3), which are data. Three rules
/// (``TermRule``):
///
/// - `atw`: a term that ends on a Saturday, Sunday, holiday or equal day runs on to the next
///   day that is none of these (art. 1); a term of three days or more is extended so that it
///   holds at least two such days (art. 2).
/// - `calendar`: plain calendar days, never extended.
/// - `workingDays`: only days that are not a Saturday, Sunday, holiday or equal day count; a
///   week is five of them; a term in months ends on the next working day.
///
/// Counts are clamped to 0…100 000 so that a wrong file cannot make the arithmetic trap.
public struct LegalCalendar: Hashable, Sendable {
    /// Days set equal to an algemeen erkende feestdag by royal decree, with their Dutch name.
    public let equalDays: [CivilDate: String]

    /// The Dutch calendar: the holidays of the Algemene termijnenwet plus the equal days of
    /// `workflows/calendars/nl-atw.json` (embedded in the library).
    ///
    /// Should the embedded copy ever fail to decode, this is the holidays alone; it never traps.
    public static let netherlands: LegalCalendar = shipped(ShippedCalendars.nlAtw)

    /// Creates a calendar with extra days set equal to a holiday by royal decree.
    ///
    /// - Parameter equalDays: The days with their Dutch name, such as "vrijdag na Hemelvaartsdag".
    public init(equalDays: [CivilDate: String] = [:]) {
        self.equalDays = equalDays
    }

    /// Decodes an embedded calendar file, or falls back to the holidays alone.
    static func shipped(_ text: String) -> LegalCalendar {
        (try? LegalCalendar(jsonBytes: Array(text.utf8), file: "workflows/calendars/nl-atw.json")) ?? LegalCalendar()
    }

    /// The Dutch name of the holiday or equal day on `day`, or `nil`.
    public func holiday(on day: CivilDate) -> String? {
        DutchHolidays.name(of: day) ?? equalDays[day]
    }

    /// Whether `day` is none of: Saturday, Sunday, holiday, equal day.
    public func isWorkingDay(_ day: CivilDate) -> Bool {
        !day.weekday.isWeekend && DutchHolidays.name(of: day) == nil && equalDays[day] == nil
    }

    /// The last day of a term, with a Dutch explanation of how it was reached.
    ///
    /// - Parameters:
    ///   - start: The day of the event the term runs from.
    ///   - length: Days, weeks or months.
    ///   - rule: How days are counted.
    ///   - startsOn: `.entry`: `start` is day 1 (Awb 3:16); `.nextDay`: the term begins the day
    ///     after (Awb 6:8).
    /// - Complexity: O(length in days) for `workingDays`, otherwise O(1) apart from the few
    ///   days an extension skips.
    public func deadline(from start: CivilDate, length: TermLength, rule: TermRule, startsOn: TermStart) -> Deadline {
        let count = Self.clamped(length.count)
        let firstDay = startsOn == .entry ? start : start.adding(days: 1)
        var text =
            "\(length) vanaf \(start.longDescription) "
            + (startsOn == .entry ? "(die dag telt als dag 1)" : "(de termijn begint de dag erna)")
        let nominalEnd: CivilDate
        var end: CivilDate
        switch (rule, length.unit) {
        case (.workingDays, .days), (.workingDays, .weeks):
            let needed = length.unit == .days ? count : 5 * count
            let (last, skippedHolidays) = countWorkingDays(needed, from: firstDay)
            nominalEnd = last
            end = last
            text +=
                " eindigt op \(end.longDescription) (\(needed == 1 ? "1 werkdag" : "\(needed) werkdagen"); "
                + "zaterdagen, zondagen en feestdagen tellen niet mee)"
            if !skippedHolidays.isEmpty { text += ". Niet geteld: " + describe(skippedHolidays, limit: 6) }
        case (.workingDays, .months):
            nominalEnd = Self.calendarEnd(firstDay: firstDay, count: count, unit: .months)
            end = nominalEnd
            text += " eindigt op \(nominalEnd.longDescription)"
            let move = moveToWorkingDay(&end, citing: "de termijn telt in werkdagen en eindigt op een werkdag")
            text += move.isEmpty ? " (een werkdag; de termijn telt in werkdagen)" : move
        case (.calendar, _):
            nominalEnd = Self.calendarEnd(firstDay: firstDay, count: count, unit: length.unit)
            end = nominalEnd
            text += " eindigt op \(end.longDescription) (kalenderdagen, zonder verlenging bij weekend of feestdag)"
        case (.atw, _):
            nominalEnd = Self.calendarEnd(firstDay: firstDay, count: count, unit: length.unit)
            end = nominalEnd
            text += " eindigt op \(nominalEnd.longDescription)"
            text += moveToWorkingDay(&end, citing: "Algemene termijnenwet art. 1")
            let atLeastThreeDays = length.unit == .days ? count >= 3 : count >= 1
            if atLeastThreeDays, !hasTwoWorkingDays(from: firstDay, through: end) {
                end = secondWorkingDay(from: firstDay)
                text +=
                    "; verlengd naar \(end.longDescription), zodat de termijn ten minste twee dagen heeft "
                    + "die geen zaterdag, zondag of feestdag zijn (Algemene termijnenwet art. 2)"
            }
        }
        return Deadline(
            start: start, length: length, rule: rule, startsOn: startsOn, extensionDays: 0,
            nominalEnd: nominalEnd, end: end, explanation: text + ".")
    }

    /// The same term postponed (verdaagd) by `days` calendar days from its current end.
    ///
    /// A negative `days` counts as 0: verdaging only moves a term on.
    /// The new end is the old `end` plus `days`; under `atw` it then runs on past a Saturday,
    /// Sunday, holiday or equal day (art. 1), under `workingDays` on to the next working day.
    /// `start` and `nominalEnd` stay; `extensionDays` adds up; the explanation gets one sentence more.
    public func extending(_ deadline: Deadline, byDays days: Int) -> Deadline {
        let days = Self.clamped(days)
        var result = deadline
        var end = deadline.end.adding(days: days)
        var text = " Verdaagd met \(days == 1 ? "1 dag" : "\(days) dagen") tot en met \(end.longDescription)"
        switch deadline.rule {
        case .atw: text += moveToWorkingDay(&end, citing: "Algemene termijnenwet art. 1")
        case .workingDays: text += moveToWorkingDay(&end, citing: "de termijn telt in werkdagen en eindigt op een werkdag")
        case .calendar: break
        }
        result.end = end
        let (total, overflow) = deadline.extensionDays.addingReportingOverflow(days)
        result.extensionDays = overflow ? Int.max : total
        result.explanation += text + "."
        return result
    }

    // MARK: - Counting

    /// The largest count of days, weeks or months taken seriously.
    private static let maximumCount = 100_000

    private static func clamped(_ value: Int) -> Int { min(max(value, 0), maximumCount) }

    /// The last day of `count` units on the plain calendar when `firstDay` is day 1.
    ///
    /// Months end on the day before the same date `count` months later; when that date does not
    /// exist (31 January + 1 month), on the last day of that month. That is the same date
    /// `count` months after the day before `firstDay`.
    private static func calendarEnd(firstDay: CivilDate, count: Int, unit: TermLength.Unit) -> CivilDate {
        switch unit {
        case .days: firstDay.adding(days: count - 1)
        case .weeks: firstDay.adding(days: 7 * count - 1)
        case .months: firstDay.adding(days: -1).adding(months: count)
        }
    }

    /// Moves `day` on to the first working day on or after it; returns the Dutch clause that
    /// explains the move (empty when `day` already was a working day).
    private func moveToWorkingDay(_ day: inout CivilDate, citing rule: String) -> String {
        var skipped: [CivilDate] = []
        while !isWorkingDay(day) {
            skipped.append(day)
            day = day.adding(days: 1)
        }
        guard !skipped.isEmpty else { return "" }
        return "; verlengd naar \(day.longDescription), want \(describe(skipped, limit: skipped.count)) (\(rule))"
    }

    /// The day on which the `count`-th working day from `firstDay` falls, and the holidays on
    /// weekdays passed over on the way.
    private func countWorkingDays(_ count: Int, from firstDay: CivilDate) -> (CivilDate, [CivilDate]) {
        var day = firstDay
        var counted = 0
        var last = firstDay.adding(days: -1)
        var skipped: [CivilDate] = []
        while counted < count {
            if isWorkingDay(day) {
                counted += 1
                last = day
            } else if !day.weekday.isWeekend {
                skipped.append(day)
            }
            day = day.adding(days: 1)
        }
        return (last, skipped)
    }

    /// Whether the days `firstDay` through `end` hold at least two working days.
    private func hasTwoWorkingDays(from firstDay: CivilDate, through end: CivilDate) -> Bool {
        var found = 0
        var day = firstDay
        while day <= end {
            if isWorkingDay(day) {
                found += 1
                if found == 2 { return true }
            }
            day = day.adding(days: 1)
        }
        return false
    }

    private func secondWorkingDay(from firstDay: CivilDate) -> CivilDate { countWorkingDays(2, from: firstDay).0 }

    // MARK: - Wording

    /// `zaterdag 25-04-2026 valt in het weekend en maandag 27-04-2026 is Koningsdag`, naming at
    /// most `limit` days; a weekend is named once ("zaterdag … en zondag … vallen in het
    /// weekend"), never as "zondag … is een zondag".
    private func describe(_ days: [CivilDate], limit: Int) -> String {
        var parts: [String] = []
        var weekend: [CivilDate] = []
        func closeWeekend() {
            guard !weekend.isEmpty else { return }
            let named = weekend.map(\.longDescription)
            parts.append(
                named.count == 1
                    ? "\(named[0]) valt in het weekend"
                    : named.dropLast().joined(separator: ", ") + " en \(named[named.count - 1]) vallen in het weekend")
            weekend = []
        }
        for day in days.prefix(limit) {
            if let reason = holidayReason(day) {
                closeWeekend()
                parts.append(reason)
            } else {
                if let last = weekend.last, last.adding(days: 1) != day { closeWeekend() }
                weekend.append(day)
            }
        }
        closeWeekend()
        if days.count > limit { parts.append("nog \(days.count - limit) andere feestdagen") }
        guard let last = parts.popLast() else { return "" }
        return parts.isEmpty ? last : parts.joined(separator: ", ") + " en " + last
    }

    /// Why `day` is not a working day when it is a feestdag: `maandag 27-04-2026 is
    /// Koningsdag`; `nil` for a plain Saturday or Sunday.
    private func holidayReason(_ day: CivilDate) -> String? {
        if let name = DutchHolidays.name(of: day) { return "\(day.longDescription) is \(name)" }
        if let name = equalDays[day] { return "\(day.longDescription) telt als feestdag (\(name))" }
        return nil
    }
}
