import Foundation

/// Civil dates in Europe/Amsterdam, computed with the EU summer-time rule instead of a
/// time-zone database.
///
/// Central European Time is UTC+1; summer time (UTC+2) runs from the last Sunday of March at
/// 01:00 UTC to the last Sunday of October at 01:00 UTC (EU rule, in force since 1996; earlier
/// years get the same rule). The arithmetic is deterministic and cheap, because replays call it
/// once per event.
extension CivilDate {
    /// The civil date in Europe/Amsterdam at an instant.
    ///
    /// - Parameter date: The instant. Instants beyond the year 9999 are clamped.
    public init(amsterdam date: Date) {
        let utc = AmsterdamTime.seconds(of: date)
        let local = utc + AmsterdamTime.offset(atUTCSeconds: utc)
        self.init(dayNumber: AmsterdamTime.floorDivide(local, 86_400))
    }

    /// The instant at which this date begins (00:00 local time) in Europe/Amsterdam.
    public var amsterdamStart: Date {
        let utcMidnight = dayNumber * 86_400
        // Local midnight falls at 22:00 or 23:00 UTC on the day before; the offset never changes
        // between 22:00 and 24:00 UTC (changes happen at 01:00 UTC), so 22:00 UTC tells which.
        let offset = AmsterdamTime.offset(atUTCSeconds: utcMidnight - 7200)
        return Date(timeIntervalSince1970: Double(utcMidnight - offset))
    }
}

/// The UTC offset rule of Europe/Amsterdam.
enum AmsterdamTime: Sendable {
    /// About ±8000 years in seconds: keeps integer arithmetic safe for absurd instants.
    private static let limit = 250_000_000_000.0

    /// Whole seconds since 1970 (rounded down), clamped to a safe range.
    static func seconds(of date: Date) -> Int {
        let raw = date.timeIntervalSince1970
        guard !raw.isNaN else { return 0 }
        return Int(Swift.min(Swift.max(raw, -limit), limit).rounded(.down))
    }

    /// The offset from UTC in seconds (3600 or 7200) at an instant given in seconds since 1970.
    static func offset(atUTCSeconds seconds: Int) -> Int {
        let year = CivilDate(dayNumber: floorDivide(seconds, 86_400)).year
        guard let springSunday = lastSunday(year: year, month: 3), let autumnSunday = lastSunday(year: year, month: 10)
        else { return 3600 }
        let summerStart = springSunday * 86_400 + 3600
        let summerEnd = autumnSunday * 86_400 + 3600
        return (summerStart..<summerEnd).contains(seconds) ? 7200 : 3600
    }

    /// The day number of the last Sunday of a month, or `nil` outside the years 1–9999.
    private static func lastSunday(year: Int, month: Int) -> Int? {
        guard let last = CivilDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
        else { return nil }
        // Weekday raw values run Monday = 1 … Sunday = 7.
        return last.dayNumber - last.weekday.rawValue % 7
    }

    /// Division that rounds towards minus infinity.
    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
