import Foundation

/// Thrown when a calendar file (`workflows/calendars/*.json`) cannot be read. Lists every
/// problem found, not just the first.
public struct CalendarFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem, with the place in the file it is about.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The file as the caller named it.
        public var file: String
        /// Where in the JSON document (`/equalDays/3/date`); empty for the whole document.
        public var pointer: JSONPointer
        /// Line and column, where known.
        public var location: SourceLocation?
        /// The problem in Dutch.
        public var message: String

        public init(file: String, pointer: JSONPointer, location: SourceLocation?, message: String) {
            self.file = file
            self.pointer = pointer
            self.location = location
            self.message = message
        }

        /// `workflows/calendars/nl-atw.json:9:7: fout: … (/equalDays/0/naam)`.
        public var description: String {
            let place = file + (location.map { ":\($0)" } ?? "")
            let pointerText = pointer.description.isEmpty ? "" : " (\(pointer))"
            return "\(place): fout: \(message)\(pointerText)"
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension LegalCalendar {
    /// The newest calendar file format this version reads.
    public static let calendarFormatVersion = 1

    /// Reads a calendar file: the days that royal decrees set equal to a holiday.
    ///
    /// The format: `{"formatVersion": 1, "id": "…", "title": "…", "source": "…", "note": "…",
    /// "equalDays": [{"date": "2026-05-15", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit …",
    /// "note": "…"}]}`. `formatVersion`, `id` and `equalDays` are required, and each day needs
    /// `date` (`JJJJ-MM-DD`), `name` and `source`. Unknown keys, bad dates and a date listed
    /// twice are refused.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes (UTF-8).
    ///   - file: The file name for messages.
    /// - Throws: ``CalendarFileError`` with every problem found.
    public init(jsonBytes bytes: [UInt8], file: String) throws(CalendarFileError) {
        var reader = CalendarFileReader(bytes: bytes, file: file)
        let days = reader.read()
        guard reader.problems.isEmpty else { throw CalendarFileError(problems: reader.problems) }
        self.init(equalDays: days)
    }
}

/// Walks the parsed JSON of a calendar file and collects problems.
private struct CalendarFileReader {
    let bytes: [UInt8]
    let file: String
    let source: SourceText
    var problems: [CalendarFileError.Problem] = []

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        self.source = SourceText(bytes)
    }

    mutating func read() -> [CivilDate: String] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            report("geen geldige JSON: \(error.message)", at: JSONPointer(), offset: error.offset)
            return [:]
        }
        let top = JSONPointer()
        guard
            checkObject(
                root, at: top, allowed: ["formatVersion", "id", "title", "source", "note", "equalDays"],
                required: ["formatVersion", "id", "equalDays"])
        else { return [:] }
        if let node = root["formatVersion"] {
            let pointer = top.appending("formatVersion")
            if let version = node.intValue, version >= 1 {
                if version > LegalCalendar.calendarFormatVersion {
                    report(
                        "dit bestand heeft formatVersion \(version); deze versie van participatie leest tot en met "
                            + "\(LegalCalendar.calendarFormatVersion)", at: pointer, offset: node.offset)
                }
            } else {
                report("formatVersion moet een geheel getal vanaf 1 zijn", at: pointer, offset: node.offset)
            }
        }
        for key in ["id", "title", "source", "note"] { _ = text(root[key], at: top.appending(key)) }
        guard let daysNode = root["equalDays"] else { return [:] }
        let daysPointer = top.appending("equalDays")
        guard let items = daysNode.arrayValue else {
            report("equalDays moet een lijst zijn, gevonden \(daysNode.kindName)", at: daysPointer, offset: daysNode.offset)
            return [:]
        }
        var days: [CivilDate: String] = [:]
        var firstIndex: [CivilDate: Int] = [:]
        for (index, item) in items.enumerated() {
            let pointer = daysPointer.appending(index)
            guard
                checkObject(
                    item, at: pointer, allowed: ["date", "name", "source", "note"], required: ["date", "name", "source"])
            else { continue }
            let name = text(item["name"], at: pointer.appending("name"))
            _ = text(item["source"], at: pointer.appending("source"))
            _ = text(item["note"], at: pointer.appending("note"))
            guard let dateNode = item["date"], let dateText = text(dateNode, at: pointer.appending("date")) else { continue }
            guard let date = CivilDate(dateText), date.iso == dateText else {
                report(
                    "\"\(dateText)\" is geen bestaande datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-05-15",
                    at: pointer.appending("date"), offset: dateNode.offset)
                continue
            }
            if let earlier = firstIndex[date] {
                report(
                    "\(dateText) staat al in de lijst (\(daysPointer.appending(earlier)))", at: pointer.appending("date"),
                    offset: dateNode.offset)
                continue
            }
            firstIndex[date] = index
            if let name { days[date] = name }
        }
        return days
    }

    /// Checks that `node` is an object with only `allowed` keys and all `required` ones.
    /// Returns `false` when it is not an object at all.
    private mutating func checkObject(_ node: JSONNode, at pointer: JSONPointer, allowed: [String], required: [String]) -> Bool {
        guard let members = node.objectValue else {
            report("verwacht een object, gevonden \(node.kindName)", at: pointer, offset: node.offset)
            return false
        }
        for member in members where !allowed.contains(member.key) {
            report(
                "onbekende sleutel \"\(member.key)\"; toegestaan zijn \(allowed.joined(separator: ", "))",
                at: pointer.appending(member.key), offset: member.keyOffset)
        }
        for key in required where node[key] == nil {
            report("sleutel \"\(key)\" ontbreekt", at: pointer.appending(key), offset: node.offset)
        }
        return true
    }

    /// The text of an optional member; reports a value that is not non-empty text.
    private mutating func text(_ node: JSONNode?, at pointer: JSONPointer) -> String? {
        guard let node else { return nil }
        guard let value = node.stringValue else {
            report("verwacht tekst, gevonden \(node.kindName)", at: pointer, offset: node.offset)
            return nil
        }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            report("de tekst mag niet leeg zijn", at: pointer, offset: node.offset)
            return nil
        }
        return value
    }

    private mutating func report(_ message: String, at pointer: JSONPointer, offset: Int) {
        problems.append(
            CalendarFileError.Problem(
                file: file, pointer: pointer, location: source.location(ofOffset: offset), message: message))
    }
}
