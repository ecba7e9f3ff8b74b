/// The algemeen erkende feestdagen (generally recognised public holidays) of the Algemene
/// termijnenwet, art. 3 lid 1 and 2.
///
/// Nieuwjaarsdag, Goede Vrijdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag,
/// Koningsdag (27 April, or 26 April when the 27th is a Sunday), 5 mei (every year) and both
/// Kerstdagen. Eerste Paasdag and eerste Pinksterdag are Sundays and need no listing. The
/// rules are those in force since Koningsdag replaced Koninginnedag (2014). Days that a royal
/// decree sets equal to a holiday (art. 3 lid 3) are data; see ``LegalCalendar``.
public enum DutchHolidays: Sendable {
    /// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
    ///
    /// - Parameter year: A year from 1583 on.
    public static func easterSunday(year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        // March or April 22–25 always exist; the fallback is never taken.
        return CivilDate(year: year, month: month, day: day) ?? CivilDate(dayNumber: 0)
    }

    /// The Dutch name of the holiday on a day, or `nil` when it is not one.
    ///
    /// Complexity: O(1), a few integer operations; no tables.
    public static func name(of day: CivilDate) -> String? {
        switch (day.month, day.day) {
        case (1, 1): return "Nieuwjaarsdag"
        case (4, 26) where day.weekday == .saturday: return "Koningsdag"
        case (4, 27): return day.weekday == .sunday ? nil : "Koningsdag"
        case (5, 5): return easterName(of: day).map { "\($0) en Bevrijdingsdag" } ?? "Bevrijdingsdag"
        case (12, 25): return "eerste Kerstdag"
        case (12, 26): return "tweede Kerstdag"
        // Goede Vrijdag falls on 20 March at the earliest, tweede Pinksterdag on 14 June at the latest.
        case (3...6, _): return easterName(of: day)
        default: return nil
        }
    }

    /// The holidays of a year with their Dutch names, in date order.
    public static func holidays(in year: Int) -> [(date: CivilDate, name: String)] {
        guard let first = CivilDate(year: year, month: 1, day: 1) else { return [] }
        let days = CivilDate.isLeapYear(year) ? 366 : 365
        return (0..<days).compactMap { offset in
            let day = first.adding(days: offset)
            return name(of: day).map { (day, $0) }
        }
    }

    /// The holidays that move with Easter: Goede Vrijdag (−2), tweede Paasdag (+1),
    /// Hemelvaartsdag (+39), tweede Pinksterdag (+50).
    private static func easterName(of day: CivilDate) -> String? {
        switch day.days(since: easterSunday(year: day.year)) {
        case -2: "Goede Vrijdag"
        case 1: "tweede Paasdag"
        case 39: "Hemelvaartsdag"
        case 50: "tweede Pinksterdag"
        default: nil
        }
    }
}
