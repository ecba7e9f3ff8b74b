import Foundation
import Testing

@testable import ParticipationKit
import ParticipationKitTestSupport

/// The renderers write long tables a row at a time, from the bytes where the text is printable
/// ASCII. Each fast path is compared with its slow twin on the same random input.
struct ReportStreamingTests {
    /// Pieces of cell text: ASCII words short and long, runs of spaces, line ends, and text that
    /// takes the character path (accents, wide characters, marks, controls, bidi).
    static let pieces: [String] = [
        "a", "woord", "langer-woord-dan-een-kolom-breed-is-en-nog-wat-verder", " ", "   ", "\n", "\r\n", "\t", "&", "<b>", "\"'",
        "é", "e\u{301}", "日本", "😀", "\u{1B}[31m", "\u{202E}", "\u{AD}", "—", "12", "-", "#", "|", "*", ".", ")",
    ]

    static func randomText(_ random: inout SeededGenerator, maximum: Int = 14) -> String {
        (0..<Int.random(in: 0...maximum, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
    }

    static func randomTable(_ random: inout SeededGenerator) -> ReportTable {
        let count = Int.random(in: 1...7, using: &random)
        let columns = (0..<count).map { _ in
            ReportTable.Column(randomText(&random, maximum: 3), numeric: Bool.random(using: &random))
        }
        let rows = (0..<Int.random(in: 0...6, using: &random)).map { _ in
            // Some rows are shorter or longer than the columns.
            (0..<max(0, count + Int.random(in: -1...1, using: &random))).map { _ in randomText(&random, maximum: 30) }
        }
        return ReportTable(caption: Bool.random(using: &random) ? "" : randomText(&random), columns: columns, rows: rows)
    }

    /// What text wrote for a document of one table before it was written a row at a time: the
    /// table's lines (``ReportRenderer/textTable(_:)``) as a block after the section heading.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func textTablesMatchTheirLines(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<150 {
            let table = Self.randomTable(&random)
            let document = ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])])
            let lines = ReportRenderer.textTable(table)
            let expected = "T\n=\n\nS\n-" + (lines.isEmpty ? "" : "\n\n" + lines.joined(separator: "\n")) + "\n"
            #expect(ReportRenderer.text(document) == expected, "\(table)")
        }
    }

    /// Markdown tables written row by row are the blocks ``ReportRenderer/markdownTable(_:)`` gives.
    @Test(arguments: [7, 8, 9])
    func markdownTablesMatchTheirBlocks(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<150 {
            let table = Self.randomTable(&random)
            let document = ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])])
            let expected = (["# T", "## S"] + ReportRenderer.markdownTable(table)).joined(separator: "\n\n") + "\n"
            #expect(ReportRenderer.markdown(document) == expected, "\(table)")
        }
    }

    /// HTML text, single lines and Markdown lines from the bytes are what the character path gives.
    @Test(arguments: [10, 11, 12])
    func asciiPathsMatchTheCharacterPath(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            let text = Self.randomText(&random, maximum: 20)
            var output = ReportBytes()
            ReportRenderer.writeHTMLText(text, to: &output)
            #expect(String(decoding: output.buffer, as: UTF8.self) == ReportRenderer.htmlTextByCharacters(text), "\(text.debugDescription)")
            #expect(ReportRenderer.singleLine(text) == ReportRenderer.singleLineByCharacters(text), "\(text.debugDescription)")
            #expect(
                ReportRenderer.markdownInline(text) == ReportRenderer.markdownEscapedLine(ReportRenderer.singleLineByCharacters(text)),
                "\(text.debugDescription)")
        }
    }

    /// A report of several megabytes comes in chunks of about a megabyte, each whole UTF-8,
    /// that together are the report, in every format.
    @Test func chunksTogetherAreTheReport() {
        let rows = (0..<12_000).map { index in
            ["r\(index)", "2025-03-0\(index % 9 + 1)", "Een reactie over de straat en het plein, nummer \(index), met é en 日.", "\(index)"]
        }
        let table = ReportTable(
            caption: "Inbreng", columns: [.init("Kenmerk"), .init("Ontvangen"), .init("Tekst"), .init("Nummer", numeric: true)],
            rows: rows)
        let document = ReportDocument(title: "Groot", sections: [ReportSection(heading: "Alles", blocks: [.table(table)])])
        let renderings: [(String, ((UnsafeRawBufferPointer) -> Void) -> Void)] = [
            (ReportRenderer.text(document), { ReportRenderer.text(document, chunks: $0) }),
            (ReportRenderer.markdown(document), { ReportRenderer.markdown(document, chunks: $0) }),
            (ReportRenderer.html(document), { ReportRenderer.html(document, chunks: $0) }),
            (String(decoding: ReportRenderer.csv(document), as: UTF8.self), { ReportRenderer.csv(document, chunks: $0) }),
            (
                String(decoding: ReportRenderer.csv(document, excel: true), as: UTF8.self),
                { ReportRenderer.csv(document, excel: true, chunks: $0) }
            ),
        ]
        for (whole, render) in renderings {
            var chunks: [[UInt8]] = []
            render { chunks.append(Array($0)) }
            #expect(chunks.count > 1)
            #expect(chunks.dropLast().allSatisfy { $0.count >= ReportBytes.chunkSize })
            #expect(chunks.allSatisfy { String(bytes: $0, encoding: .utf8) != nil })
            #expect(String(decoding: chunks.joined(), as: UTF8.self) == whole)
        }
    }
}

/// The reactienota's summaries and cells from the bytes are what the character path gives.
struct ReactienotaSummaryTwinTests {
    @Test(arguments: [31, 32, 33, 34])
    func asciiSummariesMatchTheCharacterPath(seed: UInt64) {
        let pieces = ["a", "woord", "langwoordzonderspaties", " ", "  ", "\t", "\n", ",", ".", ";", "-", ":", "é", "—", "x."]
        var random = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            #expect(text.whitespaceCollapsedIfNeeded == text.whitespaceCollapsed, "\(text.debugDescription)")
            let flat = text.whitespaceCollapsed
            let limit = Int.random(in: 1...60, using: &random)
            guard flat.utf8.count > limit, let fast = ReactienotaReport.asciiSummary(flat, limit: limit) else { continue }
            #expect(fast == ReactienotaReport.summaryByCharacters(flat, limit: limit), "\(flat.debugDescription) \(limit)")
        }
    }
}
