import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Files as Dutch Excel and other programs really save them: Windows-1252 ("CSV (puntkomma)"),
/// UTF-16 ("Unicode-tekst"), dates like 8-9-2026, rows of only separators below the data, and a
/// reactienota or template filled in and read back.
@Suite("Import as Excel saves it")
struct ExcelImportTests {
    static let header = "kenmerk;soort;ontvangen;naam;publieke_naam;kanaal;thema;tekst\r\n"
    static let row = "R-1;inspraakreactie;8-9-2026;José Müller;;brief;verkeer;“Meer bomen” op het plein, graag — kost € 5\r\n"

    static func read(_ bytes: [UInt8]) throws -> InputImport.Reading {
        try InputImport.read(
            fromCSV: bytes, file: "reacties.csv", definition: try TestSupport.shipped("inspraak"), today: TestSupport.day("2026-09-10"))
    }

    /// Windows-1252 bytes of a text of Latin-1 and the Windows-1252 punctuation.
    static func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar -> UInt8 in
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
            guard let index = CSVText.windows1252.firstIndex(of: scalar) else { preconditionFailure("\(scalar) is geen Windows-1252") }
            return UInt8(0x80 + index)
        }
    }

    @Test("Windows-1252 from Dutch Excel: accents, curly quotes, dash and euro read right, and it says so")
    func windows1252() throws {
        let bytes = Self.windows1252(Self.header + Self.row)
        #expect(!bytes.withUnsafeBufferPointer(UTF8Text.isValid))
        let reading = try Self.read(bytes)
        #expect(reading.encoding == .windows1252)
        #expect(reading.inputs.first?.text == "“Meer bomen” op het plein, graag — kost € 5")
        #expect(reading.personal.first??.name == "José Müller")
        #expect(reading.inputs.first?.received == TestSupport.day("2026-09-08"))
        #expect(CSVText.Encoding.windows1252.dutchName.contains("CSV (puntkomma)"))
    }

    @Test("UTF-16 with a byte order mark, both byte orders; without one, a clear message instead of a NUL error")
    func utf16() throws {
        let text = Self.header + Self.row
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        for (bytes, encoding) in [(little, CSVText.Encoding.utf16LittleEndian), (big, .utf16BigEndian)] {
            let reading = try Self.read(bytes)
            #expect(reading.encoding == encoding)
            #expect(reading.inputs.first?.text == "“Meer bomen” op het plein, graag — kost € 5")
        }
        let noMark = Array(little.dropFirst(2))
        #expect {
            _ = try Self.read(noMark)
        } throws: { error in
            "\(error)".contains("UTF-16 zonder BOM") && "\(error)".contains("CSV UTF-8")
        }
        #expect(throws: ImportError.self) { _ = try Self.read(Array(little.dropLast())) }
    }

    @Test("dates as Excel writes them, day first; never the American order")
    func dates() {
        #expect(CivilDate("8-9-2026") == TestSupport.day("2026-09-08"))
        #expect(CivilDate("08-09-2026") == TestSupport.day("2026-09-08"))
        #expect(CivilDate("8/9/2026") == TestSupport.day("2026-09-08"))
        #expect(CivilDate("8.9.2026") == TestSupport.day("2026-09-08"))
        #expect(CivilDate("2026-09-08") == TestSupport.day("2026-09-08"))
        #expect(CivilDate("31-2-2026") == nil)
        #expect(CivilDate("2026-9-8") == nil)
        #expect(CivilDate("8-9-26") == nil)
    }

    @Test("rows of only separators below the data are skipped; a real row with one field still counts")
    func separatorRows() throws {
        let bytes = Array((Self.header + Self.row + ";;;;;;;\r\n;;;;;;;\r\n  ; ;;;;;;\r\n").utf8)
        let reading = try Self.read(bytes)
        #expect(reading.inputs.count == 1)
        #expect(reading.encoding == .utf8)
    }

    @Test("a reactienota or template filled in: informational columns named and skipped, verdicts as the reports print them")
    func filledInAnswers() throws {
        let text = """
            Kenmerk;Soort;Thema;Tekst;Oordeel;Motivering\r
            R-1;inspraakreactie;verkeer;Meer bomen;deels overgenomen;Er komen zes bomen.\r
            R-2;inspraakreactie;groen;Een bank;Niet overgenomen;Geen ruimte.\r
            R-3;inspraakreactie;groen;Nog niet beantwoord;;\r
            '-4;inspraakreactie;groen;Kenmerk met min;kennisgenomen;Gelezen.\r
            """
        let reading = try FeedbackImport.read(fromCSV: Self.windows1252(text), file: "nota.csv")
        #expect(reading.encoding == .windows1252 || reading.encoding == .utf8)
        #expect(reading.ignoredColumns == ["Soort", "Thema", "Tekst"])
        #expect(reading.blankLines == [4])
        #expect(reading.feedback.map(\.verdict) == [.deels, .nietOvergenomen, .kennisgenomen])
        #expect(reading.feedback.map(\.input) == ["R-1", "R-2", "-4"])
        // Half an answer is still an error, naming the line; nothing is read.
        let half = "kenmerk;oordeel;motivering\r\nR-1;deels overgenomen;\r\n"
        #expect {
            _ = try FeedbackImport.read(fromCSV: Array(half.utf8), file: "half.csv")
        } throws: { error in
            "\(error)".contains("half.csv:2: motivering ontbreekt")
        }
    }
}
