import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Checks the iCalendar writer against RFC 5545: §3.1 (CRLF, folding at 75 octets, never
/// inside a UTF-8 sequence), §3.3.11 (TEXT escaping), §3.8.7.2 (DTSTAMP in UTC), §3.6.1
/// (all-day events: DATE values, exclusive end), §3.6 (BEGIN/END).
@Suite("ICalendar")
struct ICalendarTests {
    static let stamp = TestSupport.instant("2027-04-20T09:00:00+02:00")

    static let awkward = [
        "Zienswijze van café ‘De Gouden Leeuw’; reactie, met komma’s en een \\ backslash.",
        "Tweede regel\nDerde regel\r\nVierde regel\rVijfde regel",
        String(repeating: "é", count: 100),
        String(repeating: "ë😀", count: 40) + "👩‍👩‍👧‍👦 familie 🇳🇱",
        String(repeating: "a", count: 74) + "é" + String(repeating: "b", count: 73) + "😀",
        "Tab\tin de tekst en een \u{7} bel",
    ]

    static func calendar() -> ICalendar {
        ICalendar(
            name: "Termijnen, test; proef",
            events: awkward.enumerated().map { index, text in
                ICalendar.Event(
                    uid: ICalendar.uid(["inspraak-2027-001", "answer", "R-000\(index)"]),
                    day: TestSupport.day("2027-12-31").adding(days: index - 1), summary: text, description: text + "\n" + text)
            })
    }

    static var text: String { calendar().render(stamp: stamp) }

    /// Physical lines, split on CRLF (the text ends with CRLF, so the last piece is empty).
    static var physicalLines: [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            current.append(bytes[index])
            index += 1
        }
        lines.append(current)
        return lines
    }

    /// Content lines after unfolding.
    static var contentLines: [String] {
        var lines = ICalendar.unfold(text).components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func value(of property: String, in lines: [String]) -> [String] {
        lines.filter { $0.hasPrefix(property + ":") }.map { String($0.dropFirst(property.count + 1)) }
    }

    /// Undoes TEXT escaping.
    static func unescape(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    @Test("every line ends with CRLF, the last one too; no bare LF or CR anywhere")
    func crlfOnly() {
        let bytes = Array(Self.text.utf8)
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "kale LF op byte \(index)") }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "kale CR op byte \(index)") }
        }
        #expect(Self.physicalLines.last == [])
    }

    @Test("no line is longer than 75 octets, and folding was needed")
    func lineLength() {
        let lines = Self.physicalLines
        for line in lines { #expect(line.count <= 75, "\(line.count) octets: \(String(decoding: line, as: UTF8.self))") }
        #expect(lines.contains { $0.first == 0x20 }, "er is niets gevouwen")
    }

    @Test("a fold never splits a UTF-8 sequence: every physical line is valid UTF-8 on its own")
    func noSplitSequences() {
        for line in Self.physicalLines {
            #expect(String(validating: line, as: UTF8.self) != nil, "\(line)")
            if let first = line.first { #expect(!(0x80...0xBF).contains(first)) }
        }
    }

    @Test("characters such as é, ë and emoji that fit on a line are never split between lines")
    func charactersStayWhole() {
        // Join the folded lines of one property back and check the physical pieces start on
        // a character boundary of the unfolded text.
        let folded = ICalendar.fold("SUMMARY:" + String(repeating: "ë😀", count: 40) + "👩‍👩‍👧‍👦")
        let pieces = folded.components(separatedBy: "\r\n ")
        #expect(pieces.count > 1)
        #expect(pieces.joined() == "SUMMARY:" + String(repeating: "ë😀", count: 40) + "👩‍👩‍👧‍👦")
        for piece in pieces {
            #expect(piece.utf8.count <= 74 || piece == pieces.first)
            #expect(piece.unicodeScalars.first.map { $0.properties.generalCategory != .nonspacingMark && $0 != "\u{200D}" } ?? true)
        }
        #expect(pieces.last?.hasSuffix("👩‍👩‍👧‍👦") == true)
        // The family emoji (25 octets) is one character: it is on one line, whole.
        #expect(pieces.contains { $0.contains("👩‍👩‍👧‍👦") })
    }

    @Test("a character longer than a line is cut between scalars, never inside one")
    func hugeCharacter() {
        let huge = "e" + String(repeating: "\u{0301}", count: 60)  // one character, 121 octets
        let folded = ICalendar.fold("X:" + huge)
        for piece in folded.components(separatedBy: "\r\n") {
            #expect(piece.utf8.count <= 75)
            #expect(String(validating: Array(piece.utf8), as: UTF8.self) != nil)
        }
        #expect(ICalendar.unfold(folded) == "X:" + huge)
    }

    @Test("unfolding restores every value exactly", arguments: awkward.indices)
    func unfoldingRestores(index: Int) {
        let summaries = Self.value(of: "SUMMARY", in: Self.contentLines)
        let descriptions = Self.value(of: "DESCRIPTION", in: Self.contentLines)
        let original = Self.awkward[index]
        let lineEnds =
            original.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\u{7}", with: " ")
        // A zero-width joiner (in the family emoji) is a format character: made visible.
        let expected = String(
            String.UnicodeScalarView(lineEnds.unicodeScalars.flatMap { $0 == "\u{200D}" ? Array("<U+200D>".unicodeScalars) : [$0] }))
        #expect(Self.unescape(summaries[index]) == expected)
        #expect(Self.unescape(descriptions[index]) == expected + "\n" + expected)
    }

    @Test(
        "TEXT escaping: backslash, semicolon, comma and line breaks",
        arguments: [
            ("a\\b", "a\\\\b"), ("a;b", "a\\;b"), ("a,b", "a\\,b"), ("a\nb", "a\\nb"), ("a\r\nb", "a\\nb"), ("a\rb", "a\\nb"),
            ("a:b \"c\"", "a:b \"c\""), ("\\n", "\\\\n"), ("a\u{0}b", "a b"), ("é; ë, 😀", "é\\; ë\\, 😀"),
            ("\u{202E}a\u{200F}b\u{061C}c", "<U+202E>a<U+200F>b<U+061C>c"),
            ("zacht\u{AD}e\u{E0001}\u{E0041}", "zacht<U+00AD>e<U+E0001><U+E0041>"),
        ])
    func escaping(input: String, expected: String) {
        #expect(ICalendar.escapeText(input) == expected)
    }

    @Test("the calendar's name is escaped too")
    func calendarName() {
        #expect(Self.contentLines.contains("X-WR-CALNAME:Termijnen\\, test\\; proef"))
    }

    @Test("UIDs are unique and derived from process, kind and id")
    func uids() {
        let uids = Self.value(of: "UID", in: Self.contentLines)
        #expect(uids.count == Self.awkward.count)
        #expect(Set(uids).count == uids.count)
        #expect(uids.first == "inspraak-2027-001/answer/R-0000@participatie")
        #expect(ICalendar.uid(["P 1", "answer", "a/b"]) == "P%201/answer/a%2Fb@participatie")
        #expect(ICalendar.uid(["P", "answer", "a/b"]) != ICalendar.uid(["P", "answer/a", "b"]))
        #expect(ICalendar.uid(["P", "answer", "Zoë; ok"]) == "P/answer/Zo%C3%AB%3B%20ok@participatie")
    }

    @Test("DTSTAMP is the given moment in UTC, YYYYMMDDTHHMMSSZ, on every event")
    func dtstamp() {
        let stamps = Self.value(of: "DTSTAMP", in: Self.contentLines)
        #expect(stamps.count == Self.awkward.count)
        #expect(stamps.allSatisfy { $0 == "20270420T070000Z" })
        #expect(ICalendar.utcDateTime(TestSupport.instant("2027-01-05T00:30:09+01:00")) == "20270104T233009Z")
        let other = Self.calendar().render(stamp: TestSupport.instant("2030-06-01T12:00:00Z"))
        #expect(other.contains("DTSTAMP:20300601T120000Z\r\n"))
    }

    @Test("all-day events: DATE values, the end the next day (across a year end)")
    func allDay() {
        let lines = Self.contentLines
        let starts = Self.value(of: "DTSTART;VALUE=DATE", in: lines)
        let ends = Self.value(of: "DTEND;VALUE=DATE", in: lines)
        #expect(starts.first == "20271230")
        #expect(starts[1] == "20271231")
        #expect(ends[1] == "20280101")
        for (start, end) in zip(starts, ends) {
            #expect(start.count == 8 && start.allSatisfy(\.isNumber))
            #expect(
                CivilDate("\(start.prefix(4))-\(start.dropFirst(4).prefix(2))-\(start.suffix(2))")?.adding(days: 1).iso
                    .replacingOccurrences(of: "-", with: "") == end)
        }
        #expect(!lines.contains { $0.hasPrefix("DTSTART:") || $0.hasPrefix("DTEND:") })
    }

    @Test("BEGIN and END are balanced and nested; the calendar has VERSION, PRODID, CALSCALE and METHOD")
    func structure() {
        let lines = Self.contentLines
        var stack: [String] = []
        for line in lines {
            if line.hasPrefix("BEGIN:") { stack.append(String(line.dropFirst(6))) }
            if line.hasPrefix("END:") { #expect(stack.popLast() == String(line.dropFirst(4)), "\(line)") }
        }
        #expect(stack.isEmpty)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(
            Array(lines[1...4]) == ["VERSION:2.0", "PRODID:-//participatie//ParticipationKit//NL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"])
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == Self.awkward.count)
        #expect(lines.filter { $0 == "END:VEVENT" }.count == Self.awkward.count)
    }

    @Test("an empty calendar is still a well-formed VCALENDAR")
    func empty() {
        let text = ICalendar().render(stamp: Self.stamp)
        #expect(
            text
                == "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//participatie//ParticipationKit//NL\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
        )
    }

    @Test("short lines are not folded; a line of exactly 75 octets is not folded; 76 is")
    func foldBoundary() {
        #expect(ICalendar.fold("SUMMARY:kort") == "SUMMARY:kort")
        let exact = String(repeating: "x", count: 75)
        #expect(ICalendar.fold(exact) == exact)
        let over = String(repeating: "x", count: 76)
        #expect(ICalendar.fold(over) == String(repeating: "x", count: 75) + "\r\n x")
        // A two-octet é that would straddle octet 75 moves to the next line whole.
        let straddle = String(repeating: "x", count: 74) + "é"
        #expect(ICalendar.fold(straddle) == String(repeating: "x", count: 74) + "\r\n é")
    }
}
