/// The largest inputs participatie accepts, in one place.
///
/// A file or text above a limit is refused where it enters, with a Dutch message that names
/// the limit, before anything is written, so a huge or hostile file gives a clear error
/// instead of exhausting memory or producing a journal line too long to read back. Lengths
/// of text count Unicode scalars ("tekens"), not grapheme clusters: one character with a
/// million combining marks is a million tekens.
public enum InputLimits: Sendable {
    /// The text of one input, in tekens (Unicode scalars: a character with many combining
    /// marks counts each of them).
    public static let textLength = 100_000
    /// A motivation, a reason or a document reference, in tekens.
    public static let noteLength = 20_000
    /// An input id (kenmerk) or a process id, in tekens.
    public static let idLength = 64
    /// A short text: a title, public name, channel, theme, attribute value or a writer's
    /// name, address, e-mail or phone number, in tekens.
    public static let labelLength = 1_000
    /// The name of an input's owner (behandelaar): a department, a team or an employee, in
    /// tekens. One line, long enough for "Afdeling Verkeer en Vervoer, team Fiets" and a name.
    public static let ownerLength = 200
    /// Points of one input (a letter with its points).
    public static let pointsPerInput = 1_000
    /// Inputs or answers in one import file.
    public static let importRows = 50_000
    /// A CSV file to import, in bytes (64 MiB).
    public static let csvFileBytes = 64 << 20
    /// One CSV field, in bytes (``CSVReader/maximumFieldLength``).
    public static let csvFieldBytes = CSVReader.maximumFieldLength
    /// Fields in one CSV record (``CSVReader/maximumFields``).
    public static let csvFields = CSVReader.maximumFields
    /// A workflow file or a participatieplan, in bytes (1 MiB; the shipped ones are under 10 KiB).
    public static let jsonFileBytes = 1 << 20
    /// Arrays and objects inside each other in a JSON file.
    public static let jsonDepth = JSONParser.defaultMaximumDepth
    /// A file read with `input add --file`, in bytes: room for ``textLength`` tekens of
    /// four bytes each.
    public static let textFileBytes = 4 * textLength
    /// Inputs named in one `feedbackSent` event: sending more answers at once (`feedback sent
    /// --all` on a large process) writes one event per this many, so every line stays far
    /// below ``journalLineBytes`` (10,000 ids of at most 64 tekens take under 3 MiB).
    public static let inputsPerSentEvent = 10_000
    /// One journal line, in bytes (8 MiB). The limits above keep every line far below it; the
    /// journal refuses a longer one and writes nothing.
    public static let journalLineBytes = 8 << 20

    /// A Dutch message when `owner` cannot name a behandelaar: blank, longer than
    /// ``ownerLength`` tekens, or with a line end. `nil` when it can.
    ///
    /// - Parameter what: What the text is, for example `"de behandelaar"` or `"--owner"`.
    public static func ownerProblem(_ owner: some StringProtocol, what: String = "de behandelaar") -> String? {
        if owner.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return "\(what) is leeg; noem een afdeling, team of medewerker"
        }
        if let problem = problem(owner, limit: ownerLength, what: what) { return problem }
        let lineEnd = owner.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
            default: false
            }
        }
        return lineEnd ? "\(what) moet op één regel staan, zonder regeleinde" : nil
    }

    /// The length of a text as the limits count it: Unicode scalars.
    public static func length(_ text: some StringProtocol) -> Int { text.unicodeScalars.count }

    /// A Dutch message when `text` is longer than `limit` tekens, otherwise `nil`.
    ///
    /// - Parameter what: What the text is, for example `"de tekst"` or `"--reason"`.
    public static func problem(_ text: some StringProtocol, limit: Int, what: String) -> String? {
        // utf8.count is O(1) for native strings and never less than the scalar count.
        guard text.utf8.count > limit else { return nil }
        let length = length(text)
        guard length > limit else { return nil }
        return "\(what) is \(number(length)) tekens lang; de grens is \(number(limit)) tekens"
    }

    /// The start of a text a message repeats back, at most `length` tekens, with `…` when
    /// cut, so a message about a huge field stays short.
    public static func excerpt(_ text: some StringProtocol, length: Int = 60) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > length else { return String(text) }
        var result = String.UnicodeScalarView(scalars.prefix(length))
        result.append("…")
        return String(result)
    }

    /// A whole number with Dutch thousands separators: `100.000`.
    public static func number(_ value: Int) -> String { DutchNumber.format(value) }

    /// A size in bytes as people read it: `1 MiB (1.048.576 bytes)`.
    public static func size(_ bytes: Int) -> String { DutchNumber.size(bytes) }
}
