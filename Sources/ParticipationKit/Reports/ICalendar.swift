import Foundation

/// A small iCalendar writer (RFC 5545) for all-day events, such as the deadlines of
/// `participatie deadlines --format ics`, that Outlook, Thunderbird and other calendars import.
///
/// The output keeps to RFC 5545: every line ends with CRLF, the last one too (§3.1); a line
/// longer than 75 octets is folded with CRLF and one space, never inside a UTF-8 sequence
/// (§3.1); TEXT values escape `\`, `;`, `,` and line breaks (§3.3.11); `DTSTAMP` is a UTC
/// date-time (§3.8.7.2) taken from the instant passed in, never from the clock; an all-day
/// event has `DTSTART;VALUE=DATE` and an `DTEND;VALUE=DATE` on the next day, because the end
/// is exclusive (§3.6.1).
public struct ICalendar: Hashable, Sendable {
    /// One all-day event.
    public struct Event: Hashable, Sendable {
        /// A stable, globally unique id: the same deadline keeps the same `UID`, so importing
        /// a newer file updates the event instead of adding a second one.
        public var uid: String
        /// The day of the event.
        public var day: CivilDate
        /// The title in the calendar.
        public var summary: String
        /// The text of the event; line breaks are kept.
        public var description: String?
        /// Written as `STATUS:CANCELLED`: the event fell away (a deadline that was met).
        public var cancelled: Bool
        /// `SEQUENCE`: raised when the event changes (cancelling it), so calendars take the newer one.
        public var sequence: Int
        /// A reminder this many days before, as a `VALARM`; none when `nil` or cancelled.
        public var reminderDaysBefore: Int?

        public init(
            uid: String, day: CivilDate, summary: String, description: String? = nil, cancelled: Bool = false, sequence: Int = 0,
            reminderDaysBefore: Int? = nil
        ) {
            self.uid = uid
            self.day = day
            self.summary = summary
            self.description = description
            self.cancelled = cancelled
            self.sequence = sequence
            self.reminderDaysBefore = reminderDaysBefore
        }
    }

    /// `PRODID`: who made the file (§3.7.3).
    public var productID: String
    /// The calendar's name, as Outlook and Thunderbird show it (`X-WR-CALNAME`), if any.
    public var name: String?
    public var events: [Event]

    /// The `PRODID` of files this package writes.
    public static let defaultProductID = "-//participatie//ParticipationKit//NL"
    /// The longest line, in octets, without its CRLF (RFC 5545 §3.1).
    public static let maximumLineLength = 75

    public init(productID: String = ICalendar.defaultProductID, name: String? = nil, events: [Event] = []) {
        self.productID = productID
        self.name = name
        self.events = events
    }

    /// The calendar as iCalendar text: CRLF line ends, folded lines.
    ///
    /// A calendar without events is written as an empty `VCALENDAR`; calendars import it as
    /// "nothing to add".
    ///
    /// - Parameter stamp: The moment the file is made, written as `DTSTAMP` in UTC.
    /// - Complexity: O(total length of the text).
    public func render(stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:" + Self.escapeText(productID),
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
        if let name { lines.append("X-WR-CALNAME:" + Self.escapeText(name)) }
        let dtstamp = Self.utcDateTime(stamp)
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + Self.escapeText(event.uid),
                "DTSTAMP:" + dtstamp,
                "DTSTART;VALUE=DATE:" + Self.date(event.day),
                "DTEND;VALUE=DATE:" + Self.date(event.day.adding(days: 1)),
                "SUMMARY:" + Self.escapeText(event.summary),
            ]
            if let description = event.description { lines.append("DESCRIPTION:" + Self.escapeText(description)) }
            lines.append("SEQUENCE:\(event.sequence)")
            lines.append(event.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED")
            // A deadline does not make anyone busy.
            lines.append("TRANSP:TRANSPARENT")
            if let days = event.reminderDaysBefore, !event.cancelled {
                lines += [
                    "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + Self.escapeText(event.summary), "TRIGGER:-P\(days)D", "END:VALARM",
                ]
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        var text = ""
        for line in lines {
            text += Self.fold(line)
            text += "\r\n"
        }
        return text
    }

    // MARK: Values

    /// A TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`, a line break
    /// (CRLF, LF, CR, NEL, U+2028, U+2029) → `\n`; other control characters become a space,
    /// and format characters (bidi overrides and marks, zero-width joiners, tag characters…;
    /// see ``ReportRenderer/isInvisibleOrSteering(_:)``) become their visible code point
    /// (`<U+202E>`), so no title is shown reversed and nothing hides in it.
    public static func escapeText(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": result += "\\n"
            case "\n": if !afterCarriageReturn { result += "\\n" }
            case "\t": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    result += " "
                } else if ReportRenderer.isInvisibleOrSteering(scalar) {
                    result += ReportRenderer.visible(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// A DATE value: `20260428`.
    public static func date(_ day: CivilDate) -> String {
        day.iso.replacingOccurrences(of: "-", with: "")
    }

    /// A UTC DATE-TIME value: `20260316T080000Z`.
    public static func utcDateTime(_ instant: Date) -> String {
        Timestamp.format(instant).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// A stable `UID` from its parts, for example process, kind and id:
    /// `BRIEF-2027-004/antwoord/B-2027-004-1@participatie`.
    ///
    /// Every part is percent-encoded except letters, digits, `-`, `.`, `_` and `~`, so a `/`
    /// inside a part cannot make two different deadlines share a `UID`.
    public static func uid(_ parts: [String], domain: String = "participatie") -> String {
        let encoded = parts.map { part in
            var result = ""
            for byte in part.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    result.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = String(byte, radix: 16, uppercase: true)
                    result += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            }
            return result
        }
        return encoded.joined(separator: "/") + "@" + domain
    }

    // MARK: Lines

    /// Folds one content line (without its CRLF) into lines of at most 75 octets, joined with
    /// CRLF and a space (RFC 5545 §3.1).
    ///
    /// A fold never falls inside a character when the character fits on a line, so é, ë and
    /// emoji stay whole; a character longer than a line (a very long emoji sequence) is cut
    /// between its Unicode scalars, never inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        if line.utf8.count <= maximumLineLength { return line }
        var result = ""
        var used = 0
        var limit = maximumLineLength
        func breakLine() {
            result += "\r\n "
            used = 0
            limit = maximumLineLength - 1  // the space counts
        }
        for character in line {
            let size = character.utf8.count
            if used + size <= limit {
                result.append(character)
                used += size
                continue
            }
            if size <= maximumLineLength - 1 {
                breakLine()
                result.append(character)
                used = size
                continue
            }
            for scalar in character.unicodeScalars {
                let scalarSize = String(scalar).utf8.count
                if used + scalarSize > limit { breakLine() }
                result.unicodeScalars.append(scalar)
                used += scalarSize
            }
        }
        return result
    }

    /// Undoes folding: removes every CRLF that is followed by a space or a tab.
    public static func unfold(_ text: String) -> String {
        var result: [UInt8] = []
        let bytes = Array(text.utf8)
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 2 < bytes.count, bytes[index + 1] == 0x0A,
                bytes[index + 2] == 0x20 || bytes[index + 2] == 0x09
            {
                index += 3
                continue
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}
