import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private func parse(_ text: String) throws(CSVError) -> CSVTable {
    try CSVReader.parse(Array(text.utf8))
}

/// The error parsing `bytes` throws, or `nil` when it parses.
private func failure(_ bytes: [UInt8]) -> CSVError? {
    do {
        _ = try CSVReader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func failure(_ text: String) -> CSVError? { failure(Array(text.utf8)) }

private func fields(_ table: CSVTable) -> [[String]] { table.rows.map(\.fields) }

private func lines(_ table: CSVTable) -> [Int] { table.rows.map(\.line) }

private let comma = UInt8(ascii: ",")
private let semicolon = UInt8(ascii: ";")

@Suite("CSVReader")
struct CSVReaderTests {
    // MARK: RFC 4180 section 2

    @Test("rule 1: each record on its own line, ended by CRLF")
    func rule1() throws {
        let table = try parse("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n")
        #expect(table.header == ["aaa", "bbb", "ccc"])
        #expect(fields(table) == [["zzz", "yyy", "xxx"]])
        #expect(lines(table) == [2])
        #expect(table.delimiter == comma)
    }

    @Test("rule 2: the last record may lack a line break")
    func rule2() throws {
        let table = try parse("aaa,bbb,ccc\r\nzzz,yyy,xxx")
        #expect(fields(table) == [["zzz", "yyy", "xxx"]])
        let withEmptyLast = try parse("a,b\r\n1,")
        #expect(fields(withEmptyLast) == [["1", ""]])
    }

    @Test("rule 3: the header line has the same format as the records")
    func rule3() throws {
        let table = try parse("field_name,\"field name\",field_name3\r\naaa,bbb,ccc\r\nzzz,yyy,xxx\r\n")
        #expect(table.header == ["field_name", "field name", "field_name3"])
        #expect(fields(table) == [["aaa", "bbb", "ccc"], ["zzz", "yyy", "xxx"]])
        #expect(lines(table) == [2, 3])
    }

    @Test("rule 4: spaces are part of a field; a trailing comma makes one field more; a row of only separators is skipped")
    func rule4() throws {
        // `,,` is what a spreadsheet writes below its data: skipped (DESIGN §8). A row of empty
        // values is written with a quoted first cell, and kept.
        let table = try parse("a,b,c\r\n aaa , bbb,ccc \r\n,,\r\n\"\",,\r\n")
        #expect(fields(table) == [[" aaa ", " bbb", "ccc "], ["", "", ""]])
        #expect(lines(table) == [2, 4])
        let error = try #require(failure("a,b,c\r\naaa,bbb,ccc,\r\n"))
        #expect(error.line == 2)
        #expect(error.message.contains("4 velden"))
        #expect(error.message.contains("maar 3"))
    }

    @Test("rule 5: quoted and unquoted fields read the same; no quotes inside unquoted fields")
    func rule5() throws {
        let table = try parse("a,b,c\r\n\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx\r\n\"\",x,\"\"\r\n")
        #expect(fields(table) == [["aaa", "bbb", "ccc"], ["zzz", "yyy", "xxx"], ["", "x", ""]])
        let error = try #require(failure("a,b\r\naaa,b\"bb\r\n"))
        #expect(error.line == 2)
        #expect(error.message.contains("aanhalingsteken midden in een veld"))
    }

    @Test("rule 6: line breaks, quotes and commas inside quoted fields")
    func rule6() throws {
        let table = try parse("a,b,c\r\n\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,\"y,y\",xxx\r\n")
        #expect(fields(table) == [["aaa", "b\r\nbb", "ccc"], ["zzz", "y,y", "xxx"]])
        #expect(lines(table) == [2, 4])
    }

    @Test("rule 7: a quote inside a quoted field is written twice")
    func rule7() throws {
        let table = try parse("a,b,c\r\n\"aaa\",\"b\"\"bb\",\"ccc\"\r\n\"\"\"\",\"\"\"\"\"\",x\r\n")
        #expect(fields(table) == [["aaa", "b\"bb", "ccc"], ["\"", "\"\"", "x"]])
    }

    // MARK: Beyond the RFC

    @Test("a header with more ; than , outside quotes uses ;")
    func semicolonDetection() throws {
        let table = try parse("kenmerk;soort;tekst\r\nR-1;brief;Hallo, wereld\r\n")
        #expect(table.delimiter == semicolon)
        #expect(table.header == ["kenmerk", "soort", "tekst"])
        #expect(fields(table) == [["R-1", "brief", "Hallo, wereld"]])
    }

    @Test("delimiters inside quotes in the header do not count")
    func detectionIgnoresQuotedText() throws {
        // Outside quotes: one `;`, no `,`. Counting the quoted text too would tie and pick `,`.
        let semicolonTable = try parse("\"a,b\";c\nx;y\n")
        #expect(semicolonTable.delimiter == semicolon)
        #expect(semicolonTable.header == ["a,b", "c"])
        #expect(fields(semicolonTable) == [["x", "y"]])
        // Outside quotes: one `,`, no `;`.
        let commaTable = try parse("\"a;b;c\",d\nx,y\n")
        #expect(commaTable.delimiter == comma)
        #expect(commaTable.header == ["a;b;c", "d"])
    }

    @Test("a tie, or a header without any delimiter, means ,")
    func tieMeansComma() throws {
        let tie = try parse("a;b,c\n1;2,3\n")
        #expect(tie.delimiter == comma)
        #expect(tie.header == ["a;b", "c"])
        let single = try parse("tekst\nHallo; daar\n")
        #expect(single.delimiter == comma)
        #expect(fields(single) == [["Hallo; daar"]])
    }

    @Test("only the header line decides the delimiter")
    func detectionLooksAtHeaderOnly() throws {
        let table = try parse("a,b\n1;2;3;4,5\n")
        #expect(table.delimiter == comma)
        #expect(fields(table) == [["1;2;3;4", "5"]])
    }

    @Test("a UTF-8 byte order mark is skipped")
    func byteOrderMark() throws {
        let table = try CSVReader.parse([0xEF, 0xBB, 0xBF] + Array("naam;tekst\r\nZoë;één\r\n".utf8))
        #expect(table.header == ["naam", "tekst"])
        #expect(table.delimiter == semicolon)
        #expect(fields(table) == [["Zoë", "één"]])
        #expect(lines(table) == [2])
        // Only one mark is a mark; a second one is text.
        let twice = try CSVReader.parse([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("a\n1\n".utf8))
        #expect(twice.header == ["\u{FEFF}a"])
    }

    @Test("CRLF, LF and a lone CR all end a line", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(_ end: String) throws {
        let table = try parse("a,b" + end + "1,2" + end + "3,4" + end)
        #expect(fields(table) == [["1", "2"], ["3", "4"]])
        #expect(lines(table) == [2, 3])
    }

    @Test("mixed line ends in one file")
    func mixedLineEnds() throws {
        let table = try parse("a,b\r\n1,2\n3,4\r5,6\r\n\r7,8")
        #expect(fields(table) == [["1", "2"], ["3", "4"], ["5", "6"], ["7", "8"]])
        #expect(lines(table) == [2, 3, 4, 6])
    }

    @Test("line breaks inside quoted fields count for the lines of later rows")
    func quotedLineBreaks() throws {
        let table = try parse("a,b\n1,\"x\ny\nz\"\n2,3\n\"p\r\nq\rr\",s\n4,5\n")
        #expect(fields(table) == [["1", "x\ny\nz"], ["2", "3"], ["p\r\nq\rr", "s"], ["4", "5"]])
        #expect(lines(table) == [2, 5, 6, 9])
    }

    @Test("blank lines and lines of only spaces are skipped, also before the header")
    func blankLines() throws {
        let table = try parse("\n  \r\na,b\n\n \t \n1,2\n\n\n3,4\n \n\n")
        #expect(table.header == ["a", "b"])
        #expect(fields(table) == [["1", "2"], ["3", "4"]])
        #expect(lines(table) == [6, 9])
    }

    @Test("a row with fewer fields than the header is kept as it is")
    func fewerFields() throws {
        let table = try parse("a,b,c\n1\n1,2\n")
        #expect(fields(table) == [["1"], ["1", "2"]])
    }

    @Test("header names are trimmed, data fields are not")
    func headerTrimmed() throws {
        let table = try parse(" kenmerk ;\tsoort\t; \"tekst\" \n x ; y ;\" z \"\n")
        #expect(table.header == ["kenmerk", "soort", "tekst"])
        #expect(fields(table) == [[" x ", " y ", " z "]])
    }

    @Test("spaces around a quoted field are allowed and dropped")
    func spacesAroundQuotedField() throws {
        let table = try parse("a,b,c\n1, \"x, y\" ,3\n")
        #expect(fields(table) == [["1", "x, y", "3"]])
    }

    @Test("a header with a name left empty keeps the empty name")
    func emptyHeaderName() throws {
        let table = try parse("a;;b\n1;2;3\n")
        #expect(table.header == ["a", "", "b"])
        #expect(fields(table) == [["1", "2", "3"]])
    }

    @Test("text in several scripts comes back unchanged")
    func unicode() throws {
        let table = try parse("naam,tekst\nZoë,\"Crème brûlée 😀 — ½, 中文\"\n")
        #expect(fields(table) == [["Zoë", "Crème brûlée 😀 — ½, 中文"]])
    }

    // MARK: Errors

    @Test("invalid UTF-8 is refused with its line")
    func invalidUTF8() throws {
        let bad = try #require(failure(Array("a,b\n1,2\nx,".utf8) + [0xFF] + Array("\n".utf8)))
        #expect(bad.line == 3)
        #expect(bad.message.contains("UTF-8"))
        #expect(bad.description == "regel 3: " + bad.message)
        // A truncated two-byte sequence in a quoted field, and a Latin-1 é in the header.
        #expect(failure(Array("a,b\n\"x".utf8) + [0xC3] + Array("\",y\n".utf8))?.line == 2)
        #expect(failure(Array("caf".utf8) + [0xE9] + Array(",b\n1,2\n".utf8))?.line == 1)
        // A truncated four-byte sequence is repaired to one U+FFFD of the same length (3
        // bytes); it must still be refused.
        #expect(failure(Array("a\nx".utf8) + [0xF0, 0x9F, 0x98] + Array("y\n".utf8))?.line == 2)
        #expect(failure(Array("a\n\"x".utf8) + [0xF0, 0x9F, 0x98] + Array("\"\n".utf8))?.line == 2)
        // An encoded surrogate (ED A0 80) is not UTF-8 either.
        #expect(failure(Array("a\n".utf8) + [0xED, 0xA0, 0x80])?.line == 2)
    }

    @Test("an unclosed quoted field names the line where it began")
    func unterminatedQuote() throws {
        let error = try #require(failure("a,b\n1,2\n3,\"open\nmore\nlines\n"))
        #expect(error.line == 3)
        #expect(error.message.contains("afsluitende aanhalingsteken ontbreekt"))
        #expect(failure("\"a")?.line == 1)
        #expect(failure("a\n\"\"\"")?.line == 2)
    }

    @Test("a quote inside an unquoted field is refused", arguments: ["a,b\n1,x\"y\n", "a,b\n1,x\"\n", "a,b\n1,2\n\n3,x \"y\"\n"])
    func quoteInUnquotedField(_ text: String) throws {
        let error = try #require(failure(text))
        #expect(error.line == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        #expect(error.message.contains("aanhalingsteken midden in een veld"))
    }

    @Test("text after a closing quote is refused, on the line of that quote")
    func textAfterClosingQuote() throws {
        let error = try #require(failure("a,b\n1,\"x\"y\n"))
        #expect(error.line == 2)
        #expect(error.message.contains("na het afsluitende aanhalingsteken"))
        #expect(failure("a,b\n1,\"x\ny\" z\n")?.line == 3)
        #expect(failure("\"a\"\"b\"c,d\n")?.line == 1)
    }

    @Test("a row with more fields than the header is refused")
    func tooManyFields() throws {
        let error = try #require(failure("a;b\n1;2\n\n1;2;3\n"))
        #expect(error.line == 4)
        #expect(error.message.contains("3 velden"))
        #expect(error.message.contains("maar 2"))
    }

    @Test("a file without a header is refused", arguments: ["", "\n", "  \r\n\t\n", "\u{FEFF}"])
    func emptyFile(_ text: String) throws {
        let error = try #require(failure(text))
        #expect(error.line == 1)
        #expect(error.message.contains("leeg"))
    }

    @Test("a header without any name is refused")
    func headerWithoutNames() throws {
        let error = try #require(failure("\n , \t,\"\"\n1,2\n"))
        #expect(error.line == 2)
        #expect(error.message.contains("kolomnamen"))
    }

    @Test("a NUL byte is refused, quoted or not")
    func nulByte() throws {
        let unquoted = try #require(failure(Array("a,b\n1,x".utf8) + [0] + Array("y\n".utf8)))
        #expect(unquoted.line == 2)
        #expect(unquoted.message.contains("NUL"))
        let quoted = try #require(failure(Array("a,b\n1,\"x\n".utf8) + [0] + Array("\"\n".utf8)))
        #expect(quoted.line == 3)
        #expect(quoted.message.contains("NUL"))
    }

    @Test("a field longer than the maximum is refused; one of the maximum is not")
    func fieldLength() throws {
        let limit = 10
        let atLimit = "a\n" + String(repeating: "x", count: limit) + "\n"
        let table = try CSVReader.parse(Array(atLimit.utf8), maximumFieldLength: limit, maximumRows: 10)
        #expect(table.rows.first?.fields == [String(repeating: "x", count: limit)])

        let unquoted = "a\n1\n" + String(repeating: "x", count: limit + 1) + "\n"
        let error = try #require(throws: CSVError.self) {
            try CSVReader.parse(Array(unquoted.utf8), maximumFieldLength: limit, maximumRows: 10)
        }
        #expect(error.line == 3)
        #expect(error.message.contains("langer dan 10 bytes"))

        // Doubled quotes count once; a long quoted field is named by its first line.
        let quotedAtLimit = "a\n\"" + String(repeating: "\"\"", count: limit) + "\"\n"
        #expect(try CSVReader.parse(Array(quotedAtLimit.utf8), maximumFieldLength: limit, maximumRows: 10).rows.count == 1)
        let quoted = "a\n\"x\n" + String(repeating: "y", count: limit) + "\"\n"
        let quotedError = try #require(throws: CSVError.self) {
            try CSVReader.parse(Array(quoted.utf8), maximumFieldLength: limit, maximumRows: 10)
        }
        #expect(quotedError.line == 2)
    }

    @Test("the public limit on field length is a million bytes")
    func publicFieldLength() throws {
        #expect(CSVReader.maximumFieldLength == 1_000_000)
        let long = Array("a\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1_000_001)
        let error = try #require(failure(long))
        #expect(error.line == 2)
        let fits = Array("a\n".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1_000_000)
        #expect(try CSVReader.parse(fits).rows.first?.fields.first?.utf8.count == 1_000_000)
    }

    @Test("more rows than the maximum are refused; the maximum itself is not")
    func rowLimit() throws {
        let text = "a\n" + (1...4).map(String.init).joined(separator: "\n") + "\n"
        let table = try CSVReader.parse(Array(text.utf8), maximumFieldLength: 100, maximumRows: 4)
        #expect(table.rows.count == 4)
        let error = try #require(throws: CSVError.self) {
            try CSVReader.parse(Array(text.utf8), maximumFieldLength: 100, maximumRows: 3)
        }
        #expect(error.line == 5)
        #expect(error.message.contains("meer dan 3 regels"))
        #expect(CSVReader.maximumRows == 1_000_000)
    }
}

@Suite("CSVWriter")
struct CSVWriterTests {
    private func rendered(_ header: [String], _ rows: [[String]], delimiter: UInt8 = comma, byteOrderMark: Bool = false) -> String {
        String(decoding: CSVWriter.render(header: header, rows: rows, delimiter: delimiter, byteOrderMark: byteOrderMark), as: UTF8.self)
    }

    @Test("plain fields are written as they are, every line ends with CRLF")
    func plain() {
        #expect(rendered(["a", "b"], [["1", "2"], ["", "x y"]]) == "a,b\r\n1,2\r\n,x y\r\n")
        #expect(rendered(["a"], []) == "a\r\n")
    }

    @Test("fields with the delimiter, a quote, CR or LF are quoted, quotes doubled")
    func quoting() {
        let text = rendered(["a", "b"], [["x,y", "zei \"hoi\""], ["regel\neen", "cr\rlf"], ["\"", "crlf\r\n"]])
        #expect(text == "a,b\r\n\"x,y\",\"zei \"\"hoi\"\"\"\r\n\"regel\neen\",\"cr\rlf\"\r\n\"\"\"\",\"crlf\r\n\"\r\n")
    }

    @Test("both , and ; are quoted whatever the delimiter")
    func bothDelimitersQuoted() {
        #expect(rendered(["a", "b"], [["x;y", "p,q"]], delimiter: semicolon) == "a;b\r\n\"x;y\";\"p,q\"\r\n")
        #expect(rendered(["a", "b"], [["x;y", "p,q"]]) == "a,b\r\n\"x;y\",\"p,q\"\r\n")
    }

    @Test("a byte order mark is written when asked")
    func byteOrderMark() {
        let bytes = CSVWriter.render(header: ["a"], rows: [["é"]], byteOrderMark: true)
        #expect(bytes == [0xEF, 0xBB, 0xBF, 0x61, 0x0D, 0x0A, 0xC3, 0xA9, 0x0D, 0x0A])
        #expect(CSVWriter.render(header: ["a"], rows: []).first == UInt8(ascii: "a"))
    }

    @Test(
        "cells that could start a formula get a leading quote",
        arguments: [
            ("=1+1", "'=1+1"), ("+31 6 1234", "'+31 6 1234"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"), ("\rx", "'\rx"), ("=", "'="),
            // After leading whitespace too: some spreadsheets trim a cell before reading it.
            (" =x", "' =x"), ("\n=x", "'\n=x"), ("\u{A0}+1", "'\u{A0}+1"),
        ])
    func neutralising(_ cell: String, _ expected: String) {
        #expect(CSVWriter.neutralised(cell) == expected)
    }

    @Test("other cells are left alone", arguments: ["", "a=b", "1-2", "'=x", " x=1", "x@y.nl", "Zoë", "\n x"])
    func notNeutralised(_ cell: String) {
        #expect(CSVWriter.neutralised(cell) == cell)
    }

    @Test("render neutralises cells, also in the header, and then quotes as needed")
    func renderNeutralises() {
        let text = rendered(["=kop", "b"], [["=HYPERLINK(\"x\")", "-1"], ["\rx", "@a;b"]], delimiter: semicolon)
        #expect(text == "'=kop;b\r\n\"'=HYPERLINK(\"\"x\"\")\";'-1\r\n\"'\rx\";\"'@a;b\"\r\n")
    }

    @Test("a lone empty or blank cell, or the first of a row of empty cells, is quoted so the row is not skipped")
    func loneBlankCell() throws {
        #expect(rendered(["a"], [[""], ["  "], ["x"]]) == "a\r\n\"\"\r\n\"  \"\r\nx\r\n")
        #expect(rendered(["a", "b"], [["", ""]]) == "a,b\r\n\"\",\r\n", "a row of empty cells is no row of only separators")
        let table = try CSVReader.parse(CSVWriter.render(header: ["a"], rows: [[""], ["  "], ["x"]]))
        #expect(table.rows.map(\.fields) == [[""], ["  "], ["x"]])
    }

    @Test("a first cell starting with U+FEFF is quoted so it is not read as a byte order mark")
    func leadingFEFF() throws {
        let bytes = CSVWriter.render(header: ["\u{FEFF}a", "b"], rows: [["1", "2"]])
        #expect(bytes.first == UInt8(ascii: "\""))
        #expect(try CSVReader.parse(bytes).header == ["\u{FEFF}a", "b"])
    }

    @Test(
        "random tables survive a write and a read",
        arguments: [UInt64(1), 2, 3, 42, 0xC5F, 20_260_316], [comma, semicolon])
    func roundTrip(seed: UInt64, delimiter: UInt8) throws {
        var random = SeededGenerator(seed: seed)
        for round in 0..<40 {
            let columns = Int.random(in: 1...6, using: &random)
            var header: [String] = []
            while header.count < columns {
                let name = randomCell(&random, name: true)
                if !header.contains(name) { header.append(name) }
            }
            let rows = (0..<Int.random(in: 0...25, using: &random)).map { _ in
                (0..<columns).map { _ in randomCell(&random, name: false) }
            }
            let byteOrderMark = Bool.random(using: &random)
            let bytes = CSVWriter.render(header: header, rows: rows, delimiter: delimiter, byteOrderMark: byteOrderMark)
            let context = "seed \(seed), round \(round), delimiter \(Character(Unicode.Scalar(delimiter)))"
            let table = try CSVReader.parse(bytes)
            #expect(table.header == header.map(CSVWriter.neutralised), "\(context)")
            #expect(table.rows.map(\.fields) == rows.map { $0.map(CSVWriter.neutralised) }, "\(context)")
            if columns > 1 { #expect(table.delimiter == delimiter, "\(context)") }
            // Each row starts after the physical lines of the records before it.
            var line = 1 + lineBreaks(header)
            var expectedLines: [Int] = []
            for row in rows {
                line += 1
                expectedLines.append(line)
                line += lineBreaks(row)
            }
            #expect(table.rows.map(\.line) == expectedLines, "\(context)")
        }
    }
}

/// Line breaks in the cells of a record: CRLF, LF and a lone CR each count once.
private func lineBreaks(_ cells: [String]) -> Int {
    cells.reduce(0) { total, cell in
        let bytes = Array(cell.utf8)
        var count = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) { count += 1 }
        }
        return total + count
    }
}

/// A cell mixing what a CSV writer can get wrong; header names have no surrounding spaces
/// and are not empty.
private func randomCell(_ random: inout SeededGenerator, name: Bool) -> String {
    let pieces = [
        ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", " ", "\t", "=", "+", "-", "@", "'", "é", "ë", "😀", "中", "a", "b", "Zoë",
        "R-0007", "12", "\u{2028}",
    ]
    var cell = ""
    for _ in 0..<Int.random(in: 0...8, using: &random) {
        cell += pieces.randomElement(using: &random) ?? "a"
    }
    if name {
        cell = "k" + cell.filter { $0 != " " && $0 != "\t" } + "k"
    }
    return cell
}
