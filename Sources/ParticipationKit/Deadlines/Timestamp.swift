import Foundation

/// Instants as written in the journal and accepted from people: ISO 8601.
public enum Timestamp: Sendable {
    /// `2026-03-16T09:00:00Z`: UTC, whole seconds.
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let day = CivilDate(dayNumber: days)
        return "\(day.iso)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// Parses `2026-03-16T09:00:00Z`, `2026-03-16T10:00:00+01:00`, with optional fractions of a
    /// second, or a bare date `2026-03-16` (taken as 12:00 in Europe/Amsterdam).
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let day = CivilDate(trimmed) {
            return day.amsterdamStart.addingTimeInterval(12 * 3600)
        }
        let bytes = Array(trimmed.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let day = CivilDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = digits(bytes[11..<13]), let minute = digits(bytes[14..<16]), let second = digits(bytes[17..<19]),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":"),
                let hours = digits(bytes[(index + 1)..<(index + 3)]), let minutes = digits(bytes[(index + 4)..<(index + 6)])
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let seconds = day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` from ASCII bytes, the form ``format(_:)`` writes,
    /// without making a string; `nil` for anything else (use ``parse(_:)`` then).
    static func parse(utcBytes bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z"), let day = CivilDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[0..<10])),
            let hour = CivilDate.decimal(bytes, 11, 2), let minute = CivilDate.decimal(bytes, 14, 2),
            let second = CivilDate.decimal(bytes, 17, 2), hour < 24, minute < 60, second < 61
        else { return nil }
        return Date(timeIntervalSince1970: Double(day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// The instant rounded down to a whole second, as the journal keeps it.
    public static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
