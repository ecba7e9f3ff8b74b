import Foundation

/// A line of `personal.jsonl` in the shape ``PersonalRecord/write(to:)`` writes, read in
/// place: its digest, input and process stay bytes of the line, and only the details become
/// strings.
///
/// Checking a line against the journal (is its input there, with this digest?) then makes no
/// string of the digest, the input, the process or the salt: sending every answer and
/// `verify` read a line per writer. `nil` for any other shape, and for a line whose digest,
/// input or process has an escape or a byte outside ASCII (never, in what the store writes):
/// the general reader takes those, and both read every line alike (tested). The bytes are
/// those of the buffer given, valid only as long as it is.
struct PersonalLine {
    let details: PersonalDetails
    let digest: UnsafeBufferPointer<UInt8>
    let input: UnsafeBufferPointer<UInt8>
    let process: UnsafeBufferPointer<UInt8>

    init?(_ line: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let end = line.count
        func literal(_ text: StaticString) -> Bool { PersonalRecord.literal(text, line, at: &index, end: end) }
        func plain() -> UnsafeBufferPointer<UInt8>? { Self.plainString(line, at: &index, end: end) }
        guard literal(#"{"details":"#), let details = PersonalRecord.writtenDetails(line, at: &index, end: end),
            literal(#","digest":"#), let digest = plain(), literal(#","input":"#), let input = plain(), literal(#","process":"#),
            let process = plain(), literal(#","salt":"#), Self.skipString(line, at: &index, end: end), literal("}"), index == end
        else { return nil }
        (self.details, self.digest, self.input, self.process) = (details, digest, input, process)
    }

    /// The bytes between the quotes of a string at `index` that is plain ASCII without
    /// escapes; moves past it. `nil` for any other string.
    private static func plainString(_ line: UnsafeBufferPointer<UInt8>, at index: inout Int, end: Int) -> UnsafeBufferPointer<UInt8>? {
        let quote = UInt8(ascii: "\"")
        guard index < end, line[index] == quote else { return nil }
        var cursor = index + 1
        while cursor < end {
            let byte = line[cursor]
            if byte == quote { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor += 1
        }
        guard cursor < end else { return nil }
        defer { index = cursor + 1 }
        return UnsafeBufferPointer(rebasing: line[(index + 1)..<cursor])
    }

    /// Moves past a string at `index`, checked as the general reader checks it.
    private static func skipString(_ line: UnsafeBufferPointer<UInt8>, at index: inout Int, end: Int) -> Bool {
        guard index < end, line[index] == UInt8(ascii: "\"") else { return false }
        var scanner = JSONScanner(bytes: line, index: index, end: end)
        guard (try? scanner.scanString()) != nil else { return false }
        index = scanner.index
        return true
    }
}

/// A line of `personal.jsonl` as it is read: in the written shape, in place; in another
/// shape, the record the general reader makes of it.
enum PersonalEntry {
    case line(PersonalLine)
    case record(PersonalRecord)

    /// The entry of one line (without its newline), `nil` when it is no readable record.
    init?(_ line: UnsafeBufferPointer<UInt8>) {
        if let written = PersonalLine(line) {
            self = .line(written)
        } else if let record = PersonalRecord.record(line, from: 0, to: line.count) {
            self = .record(record)
        } else {
            return nil
        }
    }
}
