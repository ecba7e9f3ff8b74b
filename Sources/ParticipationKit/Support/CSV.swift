/// A CSV file read into a header and rows (RFC 4180, as Dutch spreadsheets write it).
public struct CSVTable: Hashable, Sendable {
    /// The column names of the first record, trimmed of surrounding spaces and tabs.
    public var header: [String]
    /// The records after the header; blank lines are left out.
    public var rows: [CSVRow]
    /// The field separator found in the header: `,` or `;` (Dutch Excel).
    public var delimiter: UInt8

    public init(header: [String], rows: [CSVRow], delimiter: UInt8) {
        self.header = header
        self.rows = rows
        self.delimiter = delimiter
    }
}

/// One record of a CSV file.
public struct CSVRow: Hashable, Sendable {
    /// The physical line (from 1) where the record starts; the header is on line 1 (after
    /// a byte order mark). Line breaks inside quoted fields count, so a later row's line is
    /// the line an editor shows.
    public var line: Int
    /// The fields as written (quotes removed, doubled quotes undone, spaces kept). A row may
    /// have fewer fields than the header; the missing ones are absent, not empty strings.
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A CSV file that cannot be read, with the line of the problem.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The physical line (from 1) of the problem.
    public var line: Int
    /// What is wrong, in Dutch.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `regel 3: …`.
    public var description: String { "regel \(line): \(message)" }
}

/// Reads CSV text (RFC 4180) with a header row.
///
/// Accepted beyond the RFC, because people save these files from spreadsheets and editors:
/// `;` as the delimiter, CRLF, LF or a lone CR as line end, a UTF-8 byte order mark, blank
/// lines and rows of only delimiters (skipped), rows with fewer fields than the header, and spaces or tabs around a
/// quoted field (`a, "b, c" ,d` gives `b, c`). Refused, with the line: invalid UTF-8, NUL
/// bytes, a quoted field that is not closed, a quote inside an unquoted field, text after
/// a closing quote, a row with more fields than the header, a file without a header, a
/// field longer than ``maximumFieldLength`` bytes, a record with more than ``maximumFields``
/// fields and more than ``maximumRows`` rows.
public enum CSVReader: Sendable {
    /// The longest field accepted, in UTF-8 bytes.
    public static let maximumFieldLength = 1_000_000
    /// The most rows accepted below the header.
    public static let maximumRows = 1_000_000
    /// The most fields in one record (the header included).
    public static let maximumFields = 1_000

    /// Reads a CSV file with a header row.
    ///
    /// The delimiter is `;` when the header line has more `;` than `,` outside quotes,
    /// otherwise `,`.
    ///
    /// Complexity: O(n) in the number of bytes.
    public static func parse(_ bytes: [UInt8]) throws(CSVError) -> CSVTable {
        try parse(bytes, maximumFieldLength: maximumFieldLength, maximumRows: maximumRows)
    }

    /// ``parse(_:)`` with other limits, for tests.
    static func parse(
        _ bytes: [UInt8], maximumFieldLength: Int, maximumRows: Int, maximumFields: Int = maximumFields
    ) throws(CSVError) -> CSVTable {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) -> CSVTable in
            var parser = Parser(
                text: buffer, maximumFieldLength: maximumFieldLength, maximumRows: maximumRows, maximumFields: maximumFields)
            return try parser.table()
        }
    }

    /// The delimiter the header line uses: `;` if it has more `;` than `,` outside quotes.
    static func detectDelimiter(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var semicolons = 0
        var commas = 0
        var quoted = false
        var content = false
        var index = start
        while index < text.count {
            let byte = text[index]
            index += 1
            if byte == Byte.quote {
                quoted.toggle()
                content = true
            } else if quoted {
                continue
            } else if byte == Byte.lineFeed || byte == Byte.carriageReturn {
                if content { break }
            } else if byte == Byte.semicolon {
                semicolons += 1
                content = true
            } else if byte == Byte.comma {
                commas += 1
                content = true
            } else if byte != Byte.space && byte != Byte.tab {
                content = true
            }
        }
        return semicolons > commas ? Byte.semicolon : Byte.comma
    }

    private struct Parser {
        let text: UnsafeBufferPointer<UInt8>
        let maximumFieldLength: Int
        let maximumRows: Int
        let maximumFields: Int
        var delimiter = Byte.comma
        var index = 0
        var line = 1
        /// The unquoted content of the quoted field being read.
        var scratch: [UInt8] = []

        init(text: UnsafeBufferPointer<UInt8>, maximumFieldLength: Int, maximumRows: Int, maximumFields: Int) {
            self.text = text
            self.maximumFieldLength = maximumFieldLength
            self.maximumRows = maximumRows
            self.maximumFields = maximumFields
        }

        mutating func table() throws(CSVError) -> CSVTable {
            if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { index = 3 }
            delimiter = CSVReader.detectDelimiter(text, from: index)
            var header: [String]?
            var rows: [CSVRow] = []
            var fields: [String] = []
            while skipBlankLines() {
                let recordLine = line
                let recordStart = index
                fields.removeAll(keepingCapacity: true)
                try record(into: &fields)
                guard let columns = header else {
                    let names = fields.map(Self.trimmed)
                    if names.allSatisfy(\.isEmpty) {
                        throw CSVError(line: recordLine, message: "de kopregel heeft geen kolomnamen")
                    }
                    header = names
                    continue
                }
                // A row of only separators (Excel writes `;;;;;;` below the data) holds nothing; a
                // row with a quoted empty field (`""`) is a real row of empty values.
                if fields.allSatisfy({ Self.trimmed($0).isEmpty }),
                    !UnsafeBufferPointer(rebasing: text[recordStart..<index]).contains(Byte.quote)
                {
                    continue
                }
                if fields.count > columns.count {
                    throw CSVError(
                        line: recordLine,
                        message: "deze regel heeft \(fields.count) velden, de kopregel maar \(columns.count); "
                            + "zet tekst met \(Self.name(delimiter)) tussen aanhalingstekens")
                }
                if rows.count >= maximumRows {
                    throw CSVError(
                        line: recordLine,
                        message: "het bestand heeft meer dan \(DutchNumber.format(maximumRows)) regels (de grens); "
                            + "splits het in kleinere bestanden")
                }
                rows.append(CSVRow(line: recordLine, fields: fields))
            }
            guard let header else {
                throw CSVError(line: 1, message: "het bestand is leeg; de eerste regel moet de kolomnamen bevatten")
            }
            return CSVTable(header: header, rows: rows, delimiter: delimiter)
        }

        /// Skips lines that hold only spaces and tabs; `false` at the end of the text.
        mutating func skipBlankLines() -> Bool {
            while true {
                var probe = index
                while probe < text.count, text[probe] == Byte.space || text[probe] == Byte.tab { probe += 1 }
                guard probe < text.count else {
                    index = probe
                    return false
                }
                guard text[probe] == Byte.lineFeed || text[probe] == Byte.carriageReturn else { return true }
                index = probe
                skipLineEnd()
            }
        }

        /// Steps over a CRLF, LF or CR at `index` and counts the line.
        mutating func skipLineEnd() {
            if text[index] == Byte.carriageReturn, index + 1 < text.count, text[index + 1] == Byte.lineFeed {
                index += 2
            } else {
                index += 1
            }
            line += 1
        }

        /// Reads the fields of one record and the line end after it.
        mutating func record(into fields: inout [String]) throws(CSVError) {
            while true {
                var probe = index
                while probe < text.count, text[probe] == Byte.space || text[probe] == Byte.tab { probe += 1 }
                if probe < text.count, text[probe] == Byte.quote {
                    index = probe
                    fields.append(try quotedField())
                } else {
                    fields.append(try unquotedField())
                }
                if fields.count > maximumFields {
                    throw CSVError(
                        line: line, message: "deze regel heeft meer dan \(DutchNumber.format(maximumFields)) velden (de grens)")
                }
                guard index < text.count else { return }
                if text[index] == delimiter {
                    index += 1
                    continue
                }
                skipLineEnd()
                return
            }
        }

        /// A field without quotes, up to the delimiter or the line end.
        mutating func unquotedField() throws(CSVError) -> String {
            let start = index
            var end = index
            let delimiter = self.delimiter
            while end < text.count {
                let byte = text[end]
                // `;` (0x3B) is the highest byte that means anything here.
                if byte > Byte.semicolon {
                    end += 1
                    continue
                }
                if byte == delimiter || byte == Byte.lineFeed || byte == Byte.carriageReturn { break }
                if byte == Byte.quote {
                    throw CSVError(
                        line: line,
                        message: "aanhalingsteken midden in een veld; zet het hele veld tussen aanhalingstekens "
                            + "en schrijf elk aanhalingsteken erin dubbel (\"\")")
                }
                if byte == 0 { throw Self.nulError(line) }
                end += 1
            }
            index = end
            try checkLength(end - start, line: line)
            return try string(UnsafeBufferPointer(rebasing: text[start..<end]), line: line)
        }

        /// A field between quotes at `index`, with `""` read as one quote; leaves `index`
        /// after the closing quote and any spaces behind it.
        mutating func quotedField() throws(CSVError) -> String {
            let startLine = line
            index += 1
            scratch.removeAll(keepingCapacity: true)
            var runStart = index
            while true {
                guard index < text.count else {
                    throw CSVError(
                        line: startLine,
                        message: "op deze regel begint een veld met een aanhalingsteken, "
                            + "maar het afsluitende aanhalingsteken ontbreekt")
                }
                let byte = text[index]
                // `"` (0x22) is the highest byte that means anything inside quotes.
                if byte > Byte.quote {
                    index += 1
                    continue
                }
                if byte == Byte.quote {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
                    try checkLength(scratch.count, line: startLine)
                    if index + 1 < text.count, text[index + 1] == Byte.quote {
                        scratch.append(Byte.quote)
                        index += 2
                        runStart = index
                        continue
                    }
                    index += 1
                    break
                }
                if byte == Byte.lineFeed {
                    line += 1
                } else if byte == Byte.carriageReturn {
                    if !(index + 1 < text.count && text[index + 1] == Byte.lineFeed) { line += 1 }
                } else if byte == 0 {
                    throw Self.nulError(line)
                }
                index += 1
            }
            while index < text.count, text[index] == Byte.space || text[index] == Byte.tab { index += 1 }
            if index < text.count, text[index] != delimiter, text[index] != Byte.lineFeed, text[index] != Byte.carriageReturn {
                throw CSVError(
                    line: line,
                    message: "tekst na het afsluitende aanhalingsteken van een veld; "
                        + "schrijf een aanhalingsteken binnen een veld dubbel (\"\")")
            }
            return try scratch.withUnsafeBufferPointer { (buffer) throws(CSVError) -> String in
                try string(buffer, line: startLine)
            }
        }

        func checkLength(_ length: Int, line: Int) throws(CSVError) {
            if length > maximumFieldLength {
                throw CSVError(
                    line: line, message: "een veld is langer dan \(DutchNumber.format(maximumFieldLength)) bytes (de grens)")
            }
        }

        /// The field as a string, or an error when it is not valid UTF-8.
        func string(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(CSVError) -> String {
            guard let text = UTF8Text.string(bytes) else {
                throw CSVError(
                    line: line,
                    message: "de tekst is geen geldige UTF-8; sla het bestand op als \"CSV UTF-8\" "
                        + "(in Excel: Opslaan als, CSV UTF-8)")
            }
            return text
        }

        static func nulError(_ line: Int) -> CSVError {
            CSVError(line: line, message: "een veld bevat een NUL-byte (0x00); dit lijkt geen tekstbestand")
        }

        static func trimmed(_ name: String) -> String {
            let scalars = name.unicodeScalars
            guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
                let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
            else { return "" }
            return String(scalars[first...last])
        }

        static func name(_ delimiter: UInt8) -> String {
            delimiter == Byte.semicolon ? "een puntkomma (;)" : "een komma (,)"
        }
    }
}

/// Writes CSV text (RFC 4180) for spreadsheets.
public enum CSVWriter: Sendable {
    /// RFC 4180 text: CRLF line ends (also after the last row), fields quoted when they hold
    /// a `,` or a `;` (whichever the delimiter is, so a reader that guesses the delimiter is
    /// not misled), a quote, CR or LF; quotes doubled.
    ///
    /// Cells starting with `=` `+` `-` `@` TAB or CR are neutralised against formula
    /// injection by prefixing a single quote `'` (OWASP CSV injection advice), then quoted as
    /// needed; so are cells where one of `=` `+` `-` `@` (or its full-width form) follows
    /// leading whitespace (spaces, line feeds, no-break spaces), which some spreadsheets
    /// trim away on import. Header cells are treated the same. A lone cell that is empty or only spaces is
    /// quoted, and so is the first cell of a record whose cells are all empty, so a reader does not
    /// take the row for a blank line or a row of only delimiters. A cell that starts with
    /// U+FEFF is quoted, so it is not taken for a byte order mark.
    ///
    /// - Parameters:
    ///   - header: The column names.
    ///   - rows: The records; each should have as many cells as the header.
    ///   - delimiter: `,` (the default) or `;` for Dutch Excel.
    ///   - byteOrderMark: Whether to start with a UTF-8 byte order mark, which Excel needs
    ///     to read the text as UTF-8.
    /// Complexity: O(n) in the total length of the cells.
    public static func render(
        header: [String], rows: [[String]], delimiter: UInt8 = UInt8(ascii: ","), byteOrderMark: Bool = false
    ) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 * (rows.count + 1))
        render(header: header, rows: rows, delimiter: delimiter, byteOrderMark: byteOrderMark, chunkSize: .max) {
            output.append(contentsOf: $0)
        }
        return output
    }

    /// ``render(header:rows:delimiter:byteOrderMark:)`` handed to `chunks` in pieces of about
    /// `chunkSize` bytes, each ending where a record ends: a file of a hundred megabytes is
    /// written without standing in memory whole, and every piece is whole UTF-8.
    public static func render(
        header: [String], rows: some Sequence<[String]>, delimiter: UInt8 = UInt8(ascii: ","), byteOrderMark: Bool = false,
        chunkSize: Int = 1 << 20, chunks: (UnsafeRawBufferPointer) -> Void
    ) {
        var output: [UInt8] = []
        if chunkSize < .max { output.reserveCapacity(chunkSize + chunkSize / 4) }
        if byteOrderMark { output.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        appendRecord(header, delimiter: delimiter, to: &output)
        for row in rows {
            appendRecord(row, delimiter: delimiter, to: &output)
            if output.count >= chunkSize {
                output.withUnsafeBytes(chunks)
                output.removeAll(keepingCapacity: true)
            }
        }
        if !output.isEmpty { output.withUnsafeBytes(chunks) }
    }

    /// The cell with a `'` in front when it starts with `=`, `+`, `-`, `@`, TAB or CR, or
    /// with one of those four after leading whitespace, which a spreadsheet could take for the
    /// start of a formula; otherwise the cell unchanged.
    public static func neutralised(_ cell: String) -> String {
        needsNeutralising(cell) ? "'" + cell : cell
    }

    static func needsNeutralising(_ cell: String) -> Bool {
        guard let first = cell.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), Byte.tab, Byte.carriageReturn: return true
        case 0x21...0x7E: return false  // any other visible ASCII character starts plain text
        default: break
        }
        // Whitespace or a non-ASCII character first: what counts is the first one that is not
        // whitespace, as a spreadsheet that trims the cell would see it.
        for scalar in cell.unicodeScalars where !scalar.properties.isWhitespace {
            switch scalar {
            case "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return true
            default: return false
            }
        }
        return false
    }

    private static func appendRecord(_ cells: [String], delimiter: UInt8, to output: inout [UInt8]) {
        // A record of only empty cells is written with its first cell quoted, so a reader does
        // not take it for a blank line or a row of only separators.
        let blank = cells.allSatisfy { $0.utf8.allSatisfy { $0 == Byte.space || $0 == Byte.tab } }
        for (position, cell) in cells.enumerated() {
            if position > 0 { output.append(delimiter) }
            appendCell(cell, delimiter: delimiter, alone: blank && position == 0, to: &output)
        }
        output.append(Byte.carriageReturn)
        output.append(Byte.lineFeed)
    }

    private static func appendCell(_ cell: String, delimiter: UInt8, alone: Bool, to output: inout [UInt8]) {
        var cell = cell
        let prefix = needsNeutralising(cell)
        cell.withUTF8 { text in
            var quote = text.starts(with: [0xEF, 0xBB, 0xBF])
            if !quote {
                quote = text.contains { byte in
                    byte == delimiter || byte == Byte.comma || byte == Byte.semicolon || byte == Byte.quote
                        || byte == Byte.lineFeed || byte == Byte.carriageReturn
                }
            }
            if !quote, alone, !prefix {
                quote = text.allSatisfy { $0 == Byte.space || $0 == Byte.tab }
            }
            if quote { output.append(Byte.quote) }
            if prefix { output.append(UInt8(ascii: "'")) }
            guard quote else {
                output.append(contentsOf: text)
                return
            }
            // Copy the runs between quotes in one go, each quote twice.
            var runStart = 0
            for index in text.indices where text[index] == Byte.quote {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...index]))
                output.append(Byte.quote)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
            output.append(Byte.quote)
        }
    }
}

/// The bytes CSV gives a meaning.
private enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
}
