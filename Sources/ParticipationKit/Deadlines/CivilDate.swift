import Foundation

/// A date on the civil calendar (year, month, day) without a time or a time zone.
///
/// Terms in Dutch law are counted in whole days; all of them are dates in
/// Europe/Amsterdam. Printed the Dutch way (`28-04-2026`); stored as ISO 8601 (`2026-04-28`).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Year, month and day in four bytes (`year << 9 | month << 5 | day`): a process keeps
    /// several dates per input, so this keeps a million inputs some 60 MB smaller. Comparing
    /// the packed values orders dates by year, month, day.
    private let packed: UInt32

    public var year: Int { Int(packed >> 9) }
    public var month: Int { Int((packed >> 5) & 0x0F) }
    public var day: Int { Int(packed & 0x1F) }

    /// Years outside 0…262143 (far beyond any term) are clamped to that range.
    private init(uncheckedYear year: Int, month: Int, day: Int) {
        packed = UInt32(min(max(year, 0), 0x3FFFF)) << 9 | UInt32(month) << 5 | UInt32(day)
    }

    /// Creates a date, or `nil` when the day does not exist (31 April, 29 February 2026).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// Creates the date that is `dayNumber` days after 1 January 1970.
    /// The day numbers of the first and last day that ``init(dayNumber:)`` keeps as they are
    /// (0000-01-01 and 262143-12-31); outside these it clamps the year.
    static let exactDayNumbers: ClosedRange<Int> = {
        let first = CivilDate(uncheckedYear: 0, month: 1, day: 1)
        let last = CivilDate(uncheckedYear: 0x3FFFF, month: 12, day: 31)
        return first.dayNumber...last.dayNumber
    }()

    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(uncheckedYear: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Parses exactly `YYYY-MM-DD` from ASCII bytes (the journal's form), without making a string.
    init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Self.decimal(bytes, 0, 4), let month = Self.decimal(bytes, 5, 2), let day = Self.decimal(bytes, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// Parses `YYYY-MM-DD` (ISO 8601) or `DD-MM-YYYY` (the Dutch way of writing a date).
    ///
    /// Also the forms Dutch Excel writes: `8-9-2026` (day and month without a leading zero)
    /// and `8/9/2026` or `08.09.2026`. Always day before month, never the American order.
    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let separator: Character = trimmed.contains("/") ? "/" : trimmed.contains(".") ? "." : "-"
        let parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2])
        else { return nil }
        if separator == "-", parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 {
            self.init(year: a, month: b, day: c)
        } else if (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4 {
            self.init(year: c, month: b, day: a)
        } else {
            return nil
        }
    }

    /// Days since 1 January 1970 (negative before).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1 January 1970 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday(rawValue: index + 1) ?? .monday
    }

    /// The date `days` days later (or earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same day `months` months later; a day that does not exist in the target month
    /// becomes that month's last day (31 January + 1 month = 28 or 29 February).
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        let d = min(day, CivilDate.daysInMonth(year: y, month: m))
        return CivilDate(year: y, month: m, day: d) ?? self
    }

    /// Number of days from `other` to this date (positive when this date is later).
    public func days(since other: CivilDate) -> Int { dayNumber - other.dayNumber }

    /// `2026-04-28`.
    public var iso: String { Self.dashed(year: year, month: month, day: day, yearFirst: true) }

    /// `28-04-2026`, the way Dutch letters write a date.
    public var description: String { Self.dashed(year: year, month: month, day: day, yearFirst: false) }

    /// `dinsdag 28-04-2026`.
    public var longDescription: String { "\(weekday.dutchName) \(description)" }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.packed < rhs.packed }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `year-month-day` or `day-month-year`, each with zeros in front to four or two digits. A
    /// year of four digits is written straight into a small string (no allocation: every report
    /// writes dates by the thousand); a longer one as ``paddedDash(year:month:day:yearFirst:)``.
    static func dashed(year: Int, month: Int, day: Int, yearFirst: Bool) -> String {
        guard (0...9999).contains(year) else { return paddedDash(year: year, month: month, day: day, yearFirst: yearFirst) }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, digits: Int, at start: Int) {
                var value = value
                for offset in stride(from: digits - 1, through: 0, by: -1) {
                    buffer[start + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, digits: 4, at: yearFirst ? 0 : 6)
            put(month, digits: 2, at: yearFirst ? 5 : 3)
            put(day, digits: 2, at: yearFirst ? 8 : 0)
            buffer[yearFirst ? 4 : 2] = UInt8(ascii: "-")
            buffer[yearFirst ? 7 : 5] = UInt8(ascii: "-")
            return 10
        }
    }

    /// The same text put together from padded numbers: for any year, and the twin the tests
    /// hold ``dashed(year:month:day:yearFirst:)`` against.
    static func paddedDash(year: Int, month: Int, day: Int, yearFirst: Bool) -> String {
        yearFirst
            ? "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
            : "\(Self.pad(day, 2))-\(Self.pad(month, 2))-\(Self.pad(year, 4))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension CivilDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Geen geldige datum: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// A day of the week, numbered as in ISO 8601 (Monday = 1).
public enum Weekday: Int, Hashable, Sendable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var dutchName: String {
        switch self {
        case .monday: "maandag"
        case .tuesday: "dinsdag"
        case .wednesday: "woensdag"
        case .thursday: "donderdag"
        case .friday: "vrijdag"
        case .saturday: "zaterdag"
        case .sunday: "zondag"
        }
    }

    public var isWeekend: Bool { self == .saturday || self == .sunday }
}
