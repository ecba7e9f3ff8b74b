import Foundation

/// The formats a report can be written in.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable {
    case text, md, html, json, csv
}

/// Writes a ``ReportDocument`` as text, Markdown, HTML or CSV. (JSON is written from each
/// report's own data model, with `"formatVersion": 1`.)
///
/// All text in a document is plain text, much of it written by citizens, and is treated as
/// hostile:
///
/// - **Text, Markdown and HTML** first make invisible steering characters visible
///   (``isInvisibleOrSteering(_:)``): C0 control characters (ESC included), DEL, C1 control
///   characters and every format character (general category Cf: bidi marks, embeddings,
///   overrides and isolates, zero-width spaces and joiners, the byte order mark, the soft
///   hyphen, tag characters…) become their code point in ASCII, `<U+001B>`, `<U+202E>`,
///   `<U+200F>`, which every font can show (the Unicode control pictures such as `␛` are
///   missing from common fonts). CRLF, CR, NEL and U+2028/U+2029 become a line feed, a tab
///   becomes a space. No escape sequence reaches a terminal, no line is reordered and no
///   character hides in the text. This includes a zero-width joiner inside an emoji
///   sequence: the family emoji shows as its parts with `<U+200D>` between them.
/// - **Markdown** backslash-escapes `\` `` ` `` `*` `_` `[` `]` `<` `>` `|` `~` `&` `#` `$`
///   everywhere and `-` `+` `=` `:` and a digit run's `.` or `)` at the start of a line, so
///   no text becomes a heading, list, quote, code, link, raw HTML, table cell or entity.
///   Line breaks inside headings, facts, list items and table cells become spaces.
/// - **HTML** escapes `&` `<` `>` `"` `'` in every piece of text, writes no script and no
///   external reference, and forbids both with a Content Security Policy.
/// - **CSV** cells are neutralised in the same way (keeping tabs, which CSV quotes) and go
///   through ``CSVWriter``, which neutralises cells that start like a formula, also after
///   leading whitespace.
///
/// Escaping works on Unicode scalars, not characters, so a combining mark after `|`, `<` or
/// `"` does not hide it. The output depends only on the document.
public enum ReportRenderer: Sendable {
    /// Plain text for a terminal: the title underlined with `=`, section headings with `-`,
    /// subheadings with `~`; paragraphs wrapped at ``proseWidth`` columns; facts with their
    /// values lined up; tables with aligned columns.
    ///
    /// Table columns are padded by display width (a CJK character or an emoji counts two
    /// columns, a combining mark none); numeric columns are right-aligned. When a table is
    /// wider than ``tableWidth`` columns, its text columns wider than
    /// ``narrowestWrappedColumn`` are narrowed (the widest first, not below that) and their
    /// cells wrapped at spaces onto extra lines (a longer word is cut). Shorter columns, such
    /// as ids, dates, names and numbers, stay whole on one line, so a table with many of them
    /// may stay wider than ``tableWidth``. Every column starts at the same place on
    /// every line. A line break in a cell starts a new line within the cell. A table that
    /// brings its own ``ReportTable/textLines`` is written as those lines, one per row.
    ///
    /// - Complexity: O(n) in the length of the text, plus O(excess × columns) per table for
    ///   narrowing.
    public static func text(_ document: ReportDocument) -> String {
        ReportBytes.collect { writeText(document, to: &$0) }
    }

    /// ``text(_:)`` handed to `chunks` piece by piece (about a megabyte each), for a report too
    /// large to hold in memory twice: the same bytes, in order.
    public static func text(_ document: ReportDocument, chunks: (UnsafeRawBufferPointer) -> Void) {
        ReportBytes.stream(to: chunks) { writeText(document, to: &$0) }
    }

    private static func writeText(_ document: ReportDocument, to output: inout ReportBytes) {
        var text = TextBlocks()
        let title = singleLine(document.title)
        text.block([title, String(repeating: "=", count: max(displayWidth(title), 1))], to: &output)
        if let subtitle = document.subtitle {
            text.lines(wrapped(neutralised(subtitle), width: proseWidth, breakWords: false), to: &output)
        }
        for notice in document.notices {
            text.block(wrapped("!! " + neutralised(notice), width: proseWidth, breakWords: false), to: &output)
        }
        for section in document.sections {
            let heading = singleLine(section.heading)
            text.block([heading, String(repeating: "-", count: max(displayWidth(heading), 1))], to: &output)
            for block in section.blocks {
                text.startBlock()
                if case .table(let table) = block {
                    writeTextTable(table, text: &text, to: &output)
                } else {
                    text.lines(textLines(block), to: &output)
                }
            }
        }
        output.append(byte: UInt8(ascii: "\n"))
    }

    /// Markdown: CommonMark with GitHub tables.
    ///
    /// The title is a level-1 heading, sections level 2, subheadings level 3. Facts are a
    /// list of `**label**: value`, the phase ribbon a line with the current phase in bold,
    /// a table's caption a bold line above it and its alignment row right-aligns numeric
    /// columns. See the type's documentation for the escaping.
    public static func markdown(_ document: ReportDocument) -> String {
        ReportBytes.collect { writeMarkdown(document, to: &$0) }
    }

    /// ``markdown(_:)`` handed to `chunks` piece by piece (about a megabyte each): the same
    /// bytes, in order.
    public static func markdown(_ document: ReportDocument, chunks: (UnsafeRawBufferPointer) -> Void) {
        ReportBytes.stream(to: chunks) { writeMarkdown(document, to: &$0) }
    }

    /// The blocks of the document with a blank line between them; a table's rows are written
    /// one by one, not joined first.
    private static func writeMarkdown(_ document: ReportDocument, to output: inout ReportBytes) {
        var first = true
        func startBlock() {
            if !first { output.append("\n\n") }
            first = false
        }
        func block(_ text: String) {
            startBlock()
            output.append(text)
            output.flushIfFull()
        }
        block("# " + markdownInline(document.title))
        if let subtitle = document.subtitle, let paragraph = markdownParagraph(subtitle) { block(paragraph) }
        for notice in document.notices { block("**Let op: " + markdownInline(notice) + "**") }
        for section in document.sections {
            block("## " + markdownInline(section.heading))
            for item in section.blocks {
                guard case .table(let table) = item else {
                    for text in markdownBlocks(item) { block(text) }
                    continue
                }
                let shape = TableShape(table)
                let caption = markdownInline(table.caption)
                if !caption.isEmpty { block("**\(caption)**") }
                guard shape.count > 0 else { continue }
                startBlock()
                writeMarkdownRow(shape.titles, count: shape.count, to: &output)
                output.append("\n|" + shape.numeric.map { $0 ? " ---: |" : " --- |" }.joined())
                for row in table.rows {
                    output.append(byte: UInt8(ascii: "\n"))
                    writeMarkdownRow(row, count: shape.count, to: &output)
                    output.flushIfFull()
                }
                if table.rows.isEmpty { block("(geen rijen)") }
            }
        }
        output.append(byte: UInt8(ascii: "\n"))
    }

    /// A table row as ``markdownTable(_:)`` writes it, cells padded to `count`.
    private static func writeMarkdownRow(_ cells: [String], count: Int, to output: inout ReportBytes) {
        output.append("| ")
        for column in 0..<count {
            if column > 0 { output.append(" | ") }
            let text = column < cells.count ? markdownInline(cells[column]) : ""
            output.append(text.isEmpty ? " " : text)
        }
        output.append(" |")
    }

    /// One self-contained HTML file: `lang="nl"`, inline CSS, no script and no external
    /// reference (a Content Security Policy forbids both), printable on A4.
    ///
    /// The title and subtitle form the `<header>`; each section is a `<section>` labelled
    /// by its `<h2>` inside `<main>`. Tables have a `<caption>`, `<th scope="col">` headers
    /// and `<th scope="row">` for the row-header column, numeric cells right-aligned, and sit
    /// in a focusable scroll region. Facts are a `<dl>`. The phase ribbon is an inline
    /// `<svg role="img">` whose label names the current phase, which is drawn filled, in
    /// bold and with a "huidige fase" marker below it. Line breaks in paragraphs, values, list
    /// items and cells become `<br>`; in headings, captions, labels and column titles a space.
    public static func html(_ document: ReportDocument) -> String {
        ReportBytes.collect { output in
            var html = HTMLWriter(output: output)
            output = ReportBytes()
            html.document(document)
            output = html.output
        }
    }

    /// ``html(_:)`` handed to `chunks` piece by piece (about a megabyte each): the same bytes,
    /// in order.
    public static func html(_ document: ReportDocument, chunks: (UnsafeRawBufferPointer) -> Void) {
        ReportBytes.stream(to: chunks) { output in
            var html = HTMLWriter(output: output)
            output = ReportBytes()
            html.document(document)
            output = html.output
        }
    }

    /// The main table (``ReportDocument/csvTable``, else the first) as RFC 4180 CSV; with
    /// `excel`, `;` and a byte order mark.
    ///
    /// Cells are neutralised like text (control and format characters made visible,
    /// every line end a line feed) except that tabs stay: CSV quotes them, and a tab at the
    /// start of a cell is neutralised by ``CSVWriter``. Rows are padded with empty cells to the width
    /// of the widest row (and the header with empty names), so every record has the same
    /// number of fields. A document without a table gives no bytes.
    public static func csv(_ document: ReportDocument, excel: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        csv(document, excel: excel) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// ``csv(_:excel:)`` handed to `chunks` piece by piece (about a megabyte each, ending where
    /// a record ends), each row made as it is written: the same bytes, never all in memory.
    public static func csv(_ document: ReportDocument, excel: Bool = false, chunks: (UnsafeRawBufferPointer) -> Void) {
        guard let table = document.csvTable ?? document.tables.first else { return }
        let shape = TableShape(table)
        func cells(_ row: [String]) -> [String] { shape.padded(row).map { neutralised($0, keepingTabs: true) } }
        CSVWriter.render(
            header: cells(shape.titles), rows: table.rows.lazy.map(cells), delimiter: UInt8(ascii: excel ? ";" : ","),
            byteOrderMark: excel, chunkSize: ReportBytes.chunkSize, chunks: chunks)
    }

    /// The width, in terminal columns, that text paragraphs, facts and lists are wrapped at.
    static let proseWidth = 80
    /// The width, in terminal columns, that a table is narrowed to when it is wider.
    static let tableWidth = 100
    /// The narrowest a text table column is made by wrapping; columns whose longest line is
    /// no wider are never wrapped.
    static let narrowestWrappedColumn = 32
    /// HTML tables with at least this many columns show each row as a card on a phone.
    static let cardColumns = 4
    /// HTML tables with at least this many columns are set smaller, and are cards on a tablet.
    static let wideColumns = 7
    /// The width of a portrait A4 page between the margins, in CSS pixels (180 mm), less a
    /// margin for error.
    static let portraitWidth = 640

    /// About how wide a table must be on paper, in CSS pixels, so that no word is broken: per
    /// column its longest word (at most ``longWordChunk`` characters, where HTML offers a
    /// break) at 9 points, about 6.5 pixels a character, plus the cell's padding and border.
    /// Overestimates rather than under: a table it puts on a landscape page would have fitted
    /// at worst a little tightly.
    ///
    /// - Complexity: O(characters in the table).
    static func printedWidth(_ table: ReportTable) -> Int {
        let shape = TableShape(table)
        var longest = shape.titles.map { longestWord($0) }
        for row in table.rows {
            for (column, cell) in shape.padded(row).enumerated() { longest[column] = max(longest[column], longestWord(cell)) }
        }
        return longest.reduce(0) { $0 + ($1 * 13 + 1) / 2 + 9 }
    }

    /// The length of the longest run of characters without white space, at most ``longWordChunk``.
    private static func longestWord(_ text: String) -> Int {
        var longest = 0
        var run = 0
        var isASCII = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                isASCII = false
                break
            }
            run = isASCIIWhitespace(byte) ? 0 : run + 1
            longest = max(longest, run)
            if longest >= longWordChunk { return longWordChunk }
        }
        if isASCII { return longest }
        longest = 0
        run = 0
        for character in text {
            run = character.isWhitespace ? 0 : run + 1
            longest = max(longest, run)
        }
        return min(longest, longWordChunk)
    }
}

// MARK: - Neutralising

extension ReportRenderer {
    /// The text with terminal control and format characters made visible and every line
    /// end a line feed; see the type's documentation.
    ///
    /// - Complexity: O(n).
    ///
    /// - Parameter keepingTabs: Keep tabs (for CSV, which quotes them). Line ends become
    ///   a line feed in both modes, so no lone CR inside a CSV cell can send a terminal back
    ///   to the start of the line.
    static func neutralised(_ text: String, keepingTabs: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsNeutralising) else { return text }
        var output = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x09 where keepingTabs:
                output.append(scalar)
            case 0x0A:
                if !previousWasCarriageReturn { output.append("\n") }
            case 0x0D, 0x85, 0x2028, 0x2029:
                output.append("\n")
            case 0x09:
                output.append(" ")
            default:
                if isInvisibleOrSteering(scalar) {
                    output.append(contentsOf: visible(scalar).unicodeScalars)
                } else {
                    output.append(scalar)
                }
            }
            previousWasCarriageReturn = value == 0x0D
        }
        return String(output)
    }

    /// Text for a terminal: C0 control characters (ESC, BEL, a lone CR…), DEL, C1 controls
    /// and format characters (bidi overrides, RLM, zero-width joiners, tag characters…) shown
    /// as `<U+001B>` and the like, line ends made line feeds, tabs made spaces
    /// (``neutralised(_:keepingTabs:)``). The `participatie` tool passes everything it prints
    /// through this.
    package static func terminalSafe(_ text: String) -> String { neutralised(text) }

    /// What text and Markdown print for a chart: its title and its text alternative.
    static func chartSentence(_ chart: ReportChart) -> String {
        let title = singleLine(chart.title)
        return title.isEmpty ? chart.summary : "\(title): \(chart.summary)"
    }

    /// Whether a scalar steers a terminal or the layout of text without being seen: a
    /// control character (C0, DEL, C1), a line or paragraph separator, or a format character
    /// (general category Cf).
    ///
    /// This is the one definition of what no output carries raw. Format characters include
    /// the bidi marks (LRM, RLM, ALM), embeddings, overrides and isolates, zero-width spaces
    /// and joiners, the word joiner and invisible operators, the byte order mark, the soft
    /// hyphen, interlinear annotation marks and tag characters. Text, Markdown, HTML and CSV
    /// show them as `<U+200F>` (``neutralised(_:keepingTabs:)``), iCalendar, Mermaid and DOT
    /// likewise, and the `participatie` tool writes them as `\uXXXX` escapes in JSON.
    ///
    /// - Complexity: O(1); below U+0600 without a look-up in the Unicode tables (the soft
    ///   hyphen is the only format character there).
    package static func isInvisibleOrSteering(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x2028, 0x2029: true
        case 0x20..<0x0600: false
        default: scalar.properties.generalCategory == .format
        }
    }

    /// A scalar's code point in ASCII between angle brackets, at least four hex digits:
    /// `<U+001B>`, `<U+200F>`, `<U+E0041>`.
    static func visible(_ scalar: Unicode.Scalar) -> String { "<\(codePoint(scalar))>" }

    /// A scalar's code point as `U+001B`, at least four hex digits.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func needsNeutralising(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\n" && isInvisibleOrSteering(scalar)
    }

    /// ``neutralised(_:)`` on one line: line breaks become spaces, surrounding spaces go.
    static func singleLine(_ text: String) -> String {
        if let line = asciiSingleLine(text) { return line }
        return singleLineByCharacters(text)
    }

    /// ``singleLine(_:)`` through Foundation: the slow twin of ``asciiSingleLine(_:)``, and the
    /// path for all other text.
    static func singleLineByCharacters(_ text: String) -> String {
        let text = neutralised(text)
        let line = text.contains("\n") ? text.replacingOccurrences(of: "\n", with: " ") : text
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// ``singleLine(_:)`` of printable ASCII with line feeds, from the bytes (a line feed is a
    /// space; spaces at either end go); `nil` for any other text.
    private static func asciiSingleLine(_ text: String) -> String? {
        var copy = text
        var unchanged = false
        let line = copy.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) else { return nil }
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x0A { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A { end -= 1 }
            if start == 0, end == bytes.count, !bytes.contains(0x0A) {
                unchanged = true
                return nil
            }
            return String(decoding: bytes[start..<end].map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
        }
        return unchanged ? text : line
    }

    /// The short Dutch name of each phase with the current one marked, for text and Markdown.
    static func ribbonLine(current: Phase?, mark: (String) -> String) -> String {
        let steps = Phase.allCases.map { $0 == current ? mark($0.rawValue) : $0.rawValue }
        let state = current.map { "huidige fase: \($0.rawValue)" } ?? "geen huidige fase"
        return "Fasen: " + steps.joined(separator: " → ") + " (\(state))"
    }
}

// MARK: - Table shape

/// A table's column count, titles and alignment, widened to its widest row so that no cell
/// is dropped.
private struct TableShape {
    let count: Int
    let titles: [String]
    let numeric: [Bool]
    let rowHeader: Int?

    init(_ table: ReportTable) {
        let count = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
        self.count = count
        titles = (0..<count).map { $0 < table.columns.count ? table.columns[$0].title : "" }
        numeric = (0..<count).map { $0 < table.columns.count && table.columns[$0].numeric }
        rowHeader = table.rowHeader.flatMap { (0..<count).contains($0) ? $0 : nil }
    }

    func padded(_ row: [String]) -> [String] {
        row.count >= count ? row : row + Array(repeating: "", count: count - row.count)
    }
}

// MARK: - Text

extension ReportRenderer {
    /// The number of terminal columns a character takes: 2 for East Asian wide and emoji
    /// presentation characters, 0 for a lone mark or format character, otherwise 1.
    static func displayWidth(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        // Below the combining marks (U+0300) every scalar but the soft hyphen takes one column.
        if first.value < 0x300 { return first.value == 0xAD ? 0 : 1 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The number of terminal columns a string takes.
    ///
    /// Complexity: O(n) in the UTF-8 length; printable ASCII (the common case) is counted from
    /// the bytes without looking up Unicode properties.
    static func displayWidth(_ text: some StringProtocol) -> Int {
        let printableASCII = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        if printableASCII ?? text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + displayWidth($1) }
    }

    /// The text broken into lines of at most `width` columns, at spaces; each line feed
    /// starts a new line. A word longer than the width is cut when `breakWords`, otherwise
    /// it gets a line of its own.
    static func wrapped(_ text: String, width: Int, breakWords: Bool) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            wrappedLine($0, width: max(width, 1), breakWords: breakWords)
        }
    }

    static func wrappedLine(_ line: Substring, width: Int, breakWords: Bool) -> [String] {
        if displayWidth(line) <= width { return [String(line)] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in line.split(separator: " ") {
            var word = word
            var wordWidth = displayWidth(word)
            if currentWidth > 0, currentWidth + 1 + wordWidth <= width {
                current += " " + word
                currentWidth += 1 + wordWidth
                continue
            }
            if currentWidth > 0 { lines.append(current) }
            while breakWords, wordWidth > width {
                var cut = word.startIndex
                var cutWidth = 0
                while cut < word.endIndex {
                    let next = displayWidth(word[cut])
                    if cutWidth + next > width, cut > word.startIndex { break }
                    cutWidth += next
                    cut = word.index(after: cut)
                }
                lines.append(String(word[..<cut]))
                word = word[cut...]
                wordWidth -= cutWidth
            }
            current = String(word)
            currentWidth = wordWidth
        }
        if currentWidth > 0 || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The text padded with spaces to `width` columns, on the left when `right`.
    private static func padded(_ text: String, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - displayWidth(text)))
        return right ? padding + text : text + padding
    }

    private static func textLines(_ block: ReportBlock) -> [String] {
        switch block {
        case .paragraph(let text):
            return wrapped(neutralised(text), width: proseWidth, breakWords: false)
        case .subheading(let text):
            let heading = singleLine(text)
            return [heading, String(repeating: "~", count: max(displayWidth(heading), 1))]
        case .facts(let facts):
            let labels = facts.map { singleLine($0.label) + ":" }
            let labelWidth = min(labels.map { displayWidth($0) }.max() ?? 0, 30)
            return zip(labels, facts).flatMap { label, fact in
                let label = padded(label, to: labelWidth, right: false)
                let indent = String(repeating: " ", count: 3 + labelWidth)
                let value = wrapped(neutralised(fact.value), width: max(proseWidth - indent.count, 20), breakWords: false)
                return value.enumerated().map { index, line in
                    (index == 0 ? "  " + label + " " : indent) + line
                }.map(trimmedTrailing)
            }
        case .list(let items):
            return items.flatMap { item in
                wrapped(neutralised(item), width: proseWidth - 4, breakWords: false).enumerated().map { index, line in
                    (index == 0 ? "  - " : "    ") + line
                }.map(trimmedTrailing)
            }
        case .phaseRibbon(let current):
            return [ribbonLine(current: current) { "[\($0)]" }]
        case .table(let table):
            return textTable(table)
        case .chart(let chart):
            return wrapped(neutralised(chartSentence(chart)), width: proseWidth, breakWords: false)
        case .warning(let text):
            return wrapped("!! Let op: " + neutralised(text), width: proseWidth, breakWords: false)
        }
    }

    private static func trimmedTrailing(_ line: String) -> String {
        let bytes = line.utf8
        guard bytes.last == UInt8(ascii: " ") else { return line }
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        return String(line[..<end])
    }

    /// The lines of a table in text, each made whole before the next: the slow twin of
    /// ``writeTextTable(_:text:to:)``, which writes the same lines without keeping them.
    static func textTable(_ table: ReportTable) -> [String] {
        let shape = TableShape(table)
        var lines = table.caption.isEmpty ? [] : wrapped(neutralised(table.caption), width: proseWidth, breakWords: false)
        if let rows = table.textLines { return lines + (rows.isEmpty ? ["(geen rijen)"] : rows.map(singleLine)) }
        guard shape.count > 0 else { return lines }
        let header = shape.titles.map { neutralised($0).split(separator: "\n", omittingEmptySubsequences: false) }
        let rows = table.rows.map { shape.padded($0).map { neutralised($0).split(separator: "\n", omittingEmptySubsequences: false) } }

        // Natural widths, then narrow the widest text column one step at a time. Only text
        // columns wider than `narrowestWrappedColumn` are narrowed, so ids, dates, names,
        // verdicts and numbers stay whole on one line (and can be found with grep).
        var widths = (0..<shape.count).map { column in
            max(1, ([header[column]] + rows.map { $0[column] }).lazy.flatMap { $0 }.map { displayWidth($0) }.max() ?? 0)
        }
        let budget = tableWidth - 2 * (shape.count - 1)
        while widths.reduce(0, +) > budget {
            let candidates = widths.indices.filter { !shape.numeric[$0] && widths[$0] > narrowestWrappedColumn }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }

        func physicalLines(_ cells: [[Substring]]) -> [String] {
            let wrappedCells = cells.enumerated().map { column, lines in
                lines.flatMap { wrappedLine($0, width: widths[column], breakWords: true) }
            }
            let height = wrappedCells.map(\.count).max() ?? 1
            return (0..<height).map { line in
                let pieces = wrappedCells.enumerated().map { column, cell in
                    padded(line < cell.count ? cell[line] : "", to: widths[column], right: shape.numeric[column])
                }
                return trimmedTrailing(pieces.joined(separator: "  "))
            }
        }
        lines += physicalLines(header)
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows { lines += physicalLines(row) }
        if rows.isEmpty { lines.append("(geen rijen)") }
        return lines
    }
}

/// Text output as blocks of lines: a blank line between two blocks that have lines, a line
/// feed between the lines of a block.
private struct TextBlocks {
    /// Whether any block had a line yet.
    private var started = false
    private var blockHasLine = false
    /// Where the current line starts in the output's buffer.
    private var lineStart = 0

    mutating func startBlock() { blockHasLine = false }

    mutating func startLine(_ output: inout ReportBytes) {
        if blockHasLine {
            output.append(byte: UInt8(ascii: "\n"))
        } else {
            if started { output.append("\n\n") }
            started = true
            blockHasLine = true
        }
        lineStart = output.buffer.count
    }

    /// Ends a line, without its trailing spaces when `trimming`; hands on a full chunk.
    mutating func endLine(_ output: inout ReportBytes, trimming: Bool) {
        if trimming {
            while output.buffer.count > lineStart, output.buffer.last == UInt8(ascii: " ") { output.buffer.removeLast() }
        }
        output.flushIfFull()
    }

    mutating func lines(_ lines: [String], to output: inout ReportBytes) {
        for line in lines {
            startLine(&output)
            output.append(line)
            endLine(&output, trimming: false)
        }
    }

    mutating func block(_ lines: [String], to output: inout ReportBytes) {
        startBlock()
        self.lines(lines, to: &output)
    }
}

/// One row of a text table at a time: each cell wrapped to its column into lines kept in one
/// reused buffer, then written line by line. Printable ASCII (the common case) is wrapped from
/// the bytes; other text goes through ``ReportRenderer/wrappedLine(_:width:breakWords:)``.
private struct TextTableRows {
    /// A wrapped line of a cell: bytes in ``lineBytes`` and the columns it takes.
    struct Line {
        var start: Int
        var end: Int
        var width: Int
    }

    let widths: [Int]
    let numeric: [Bool]
    private var lineBytes: [UInt8] = []
    private var lines: [Line] = []
    /// Per column, the range of its lines in ``lines``.
    private var cells: [Range<Int>]

    init(widths: [Int], numeric: [Bool]) {
        self.widths = widths
        self.numeric = numeric
        cells = Array(repeating: 0..<0, count: widths.count)
    }

    /// The widest line of a cell, in columns (after neutralising; a line feed starts a line).
    static func naturalWidth(_ cell: String) -> Int {
        var cell = cell
        let ascii = cell.withUTF8 { bytes -> Int? in
            var widest = 0
            var run = 0
            for byte in bytes {
                if byte == 0x0A {
                    run = 0
                } else if byte >= 0x20 && byte < 0x7F {
                    run += 1
                    if run > widest { widest = run }
                } else {
                    return nil
                }
            }
            return widest
        }
        if let ascii { return ascii }
        return ReportRenderer.neutralised(cell).split(separator: "\n", omittingEmptySubsequences: false).lazy.map {
            ReportRenderer.displayWidth($0)
        }.max() ?? 0
    }

    /// Writes one row: the physical lines of its cells side by side.
    mutating func write(_ row: [String], count: Int, text: inout TextBlocks, to output: inout ReportBytes) {
        lineBytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        var height = 1
        for column in 0..<count {
            let first = lines.count
            wrap(column < row.count ? row[column] : "", width: widths[column])
            cells[column] = first..<lines.count
            height = max(height, lines.count - first)
        }
        for index in 0..<height {
            text.startLine(&output)
            for column in 0..<count {
                if column > 0 { output.append("  ") }
                let cell = cells[column]
                let padding: Int
                if index < cell.count {
                    let line = lines[cell.lowerBound + index]
                    padding = widths[column] - line.width
                    if numeric[column] { output.append(spaces: padding) }
                    lineBytes.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[line.start..<line.end])) }
                    if !numeric[column] { output.append(spaces: padding) }
                } else {
                    output.append(spaces: widths[column])
                }
            }
            text.endLine(&output, trimming: true)
        }
    }

    /// The lines of one cell, wrapped at `width` columns with long words cut.
    private mutating func wrap(_ cell: String, width: Int) {
        var cell = cell
        let done = cell.withUTF8 { bytes -> Bool in
            guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) else { return false }
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
                wrapASCII(UnsafeBufferPointer(rebasing: bytes[start..<index]), width: max(width, 1))
                start = index + 1
            }
            return true
        }
        if done { return }
        for line in ReportRenderer.neutralised(cell).split(separator: "\n", omittingEmptySubsequences: false) {
            let lineWidth = ReportRenderer.displayWidth(line)
            if lineWidth <= max(width, 1) {
                add(line, width: lineWidth)
            } else {
                for piece in ReportRenderer.wrappedLine(line, width: max(width, 1), breakWords: true) {
                    add(piece[...], width: ReportRenderer.displayWidth(piece))
                }
            }
        }
    }

    private mutating func add(_ text: Substring, width: Int) {
        let start = lineBytes.count
        lineBytes.append(contentsOf: text.utf8)
        lines.append(Line(start: start, end: lineBytes.count, width: width))
    }

    /// ``ReportRenderer/wrappedLine(_:width:breakWords:)`` with `breakWords` on a line of
    /// printable ASCII, where a character is a byte and a column: words (runs without a space)
    /// joined by one space while they fit; a longer word cut into pieces of `width`.
    private mutating func wrapASCII(_ line: UnsafeBufferPointer<UInt8>, width: Int) {
        if line.count <= width {
            let start = lineBytes.count
            lineBytes.append(contentsOf: line)
            lines.append(Line(start: start, end: lineBytes.count, width: line.count))
            return
        }
        let firstLine = lines.count
        var current = lineBytes.count
        var currentWidth = 0
        var index = 0
        while index < line.count {
            if line[index] == 0x20 {
                index += 1
                continue
            }
            var end = index
            while end < line.count, line[end] != 0x20 { end += 1 }
            var word = index
            let wordEnd = end
            index = end
            var wordWidth = wordEnd - word
            if currentWidth > 0, currentWidth + 1 + wordWidth <= width {
                lineBytes.append(0x20)
                lineBytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[word..<wordEnd]))
                currentWidth += 1 + wordWidth
                continue
            }
            if currentWidth > 0 { lines.append(Line(start: current, end: lineBytes.count, width: currentWidth)) }
            while wordWidth > width {
                let start = lineBytes.count
                lineBytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[word..<word + width]))
                lines.append(Line(start: start, end: lineBytes.count, width: width))
                word += width
                wordWidth -= width
            }
            current = lineBytes.count
            lineBytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[word..<wordEnd]))
            currentWidth = wordWidth
        }
        if currentWidth > 0 || lines.count == firstLine {
            lines.append(Line(start: current, end: lineBytes.count, width: currentWidth))
        }
    }
}

extension ReportRenderer {
    /// Writes a table as ``textTable(_:)`` has its lines, a row at a time: the widths from a
    /// first pass over the cells, then each row wrapped and written, so no line of the table is
    /// kept.
    ///
    /// - Complexity: O(characters in the table), plus O(excess × columns) for narrowing.
    fileprivate static func writeTextTable(_ table: ReportTable, text: inout TextBlocks, to output: inout ReportBytes) {
        let shape = TableShape(table)
        if !table.caption.isEmpty { text.lines(wrapped(neutralised(table.caption), width: proseWidth, breakWords: false), to: &output) }
        if let rows = table.textLines {
            text.lines(rows.isEmpty ? ["(geen rijen)"] : rows.map(singleLine), to: &output)
            return
        }
        guard shape.count > 0 else { return }
        var widths = shape.titles.map { max(1, TextTableRows.naturalWidth($0)) }
        for row in table.rows {
            for column in row.indices { widths[column] = max(widths[column], TextTableRows.naturalWidth(row[column])) }
        }
        let budget = tableWidth - 2 * (shape.count - 1)
        while widths.reduce(0, +) > budget {
            let candidates = widths.indices.filter { !shape.numeric[$0] && widths[$0] > narrowestWrappedColumn }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
        }
        var rows = TextTableRows(widths: widths, numeric: shape.numeric)
        rows.write(shape.titles, count: shape.count, text: &text, to: &output)
        text.lines([widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")], to: &output)
        for row in table.rows { rows.write(row, count: shape.count, text: &text, to: &output) }
        if table.rows.isEmpty { text.lines(["(geen rijen)"], to: &output) }
    }
}

// MARK: - Markdown

extension ReportRenderer {
    /// The scalars escaped with a backslash wherever they are.
    private static let markdownEscapedEverywhere: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "$",
    ]
    /// The scalars escaped with a backslash at the start of a line.
    private static let markdownEscapedAtStart: Set<Unicode.Scalar> = ["-", "+", "=", ":"]

    /// One line of text, escaped so that it is literal text wherever it stands: at the start
    /// of a line, in a heading, list item or table cell.
    static func markdownInline(_ text: String) -> String {
        asciiMarkdownInline(text) ?? markdownEscapedLine(singleLine(text))
    }

    /// ``markdownInline(_:)`` of printable ASCII with line feeds, from the bytes; `nil` for
    /// any other text.
    private static func asciiMarkdownInline(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) else { return nil }
            // One line (a line feed is a space), without the spaces around it.
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x0A { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A { end -= 1 }
            var output: [UInt8] = []
            output.reserveCapacity(end - start + 8)
            var digitRun = true
            for index in start..<end {
                let byte = bytes[index] == 0x0A ? 0x20 : bytes[index]
                let startsLine = index == start && markdownEscapedAtStartBytes.contains(byte)
                let endsListNumber = digitRun && index > start && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")"))
                if markdownEscapedEverywhereBytes.contains(byte) || startsLine || endsListNumber { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
                digitRun = digitRun && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static let markdownEscapedEverywhereBytes = Array("\\`*_[]<>|~&#$".utf8)
    private static let markdownEscapedAtStartBytes = Array("-+=:".utf8)

    /// A line (without line breaks, already neutralised) escaped for Markdown.
    static func markdownEscapedLine(_ line: String) -> String {
        let scalars = Array(line.trimmingCharacters(in: .whitespaces).unicodeScalars)
        var output = String.UnicodeScalarView()
        // At the start, a run of digits followed by `.` or `)` would start an ordered list.
        var digitRun = true
        for (index, scalar) in scalars.enumerated() {
            let startsLine = index == 0 && markdownEscapedAtStart.contains(scalar)
            let endsListNumber = digitRun && index > 0 && (scalar == "." || scalar == ")")
            if markdownEscapedEverywhere.contains(scalar) || startsLine || endsListNumber { output.append("\\") }
            output.append(scalar)
            digitRun = digitRun && ("0"..."9").contains(scalar)
        }
        return String(output)
    }

    /// A paragraph (or several, where the text has blank lines), every line escaped; `nil`
    /// when the text is blank.
    static func markdownParagraph(_ text: String) -> String? {
        var paragraphs: [[String]] = [[]]
        for line in neutralised(text).split(separator: "\n", omittingEmptySubsequences: false) {
            let escaped = markdownEscapedLine(String(line))
            if escaped.isEmpty {
                if paragraphs[paragraphs.count - 1].isEmpty == false { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(escaped)
            }
        }
        let blocks = paragraphs.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }
        return blocks.isEmpty ? nil : blocks.joined(separator: "\n\n")
    }

    private static func markdownBlocks(_ block: ReportBlock) -> [String] {
        switch block {
        case .paragraph(let text):
            return markdownParagraph(text).map { [$0] } ?? []
        case .subheading(let text):
            return ["### " + markdownInline(text)]
        case .facts(let facts):
            guard !facts.isEmpty else { return [] }
            return [
                facts.map { fact in
                    let label = markdownInline(fact.label)
                    let value = markdownInline(fact.value)
                    return label.isEmpty ? "- \(value)" : "- **\(label)**: \(value)"
                }.joined(separator: "\n")
            ]
        case .list(let items):
            guard !items.isEmpty else { return [] }
            return [items.map { "- " + markdownInline($0) }.joined(separator: "\n")]
        case .phaseRibbon(let current):
            return [ribbonLine(current: current) { "**\($0)**" }]
        case .table(let table):
            return markdownTable(table)
        case .chart(let chart):
            return markdownParagraph(chartSentence(chart)).map { [$0] } ?? []
        case .warning(let text):
            return ["**Let op: " + markdownInline(text) + "**"]
        }
    }

    /// The blocks of a table in Markdown: the slow twin of the rows ``writeMarkdown(_:to:)``
    /// writes one by one.
    static func markdownTable(_ table: ReportTable) -> [String] {
        let shape = TableShape(table)
        let caption = markdownInline(table.caption)
        var blocks = caption.isEmpty ? [] : ["**\(caption)**"]
        guard shape.count > 0 else { return blocks }
        func row(_ cells: [String]) -> String {
            "| "
                + cells.map { cell in
                    let text = markdownInline(cell)
                    return text.isEmpty ? " " : text
                }.joined(separator: " | ") + " |"
        }
        var lines = [row(shape.titles)]
        lines.append("|" + shape.numeric.map { $0 ? " ---: |" : " --- |" }.joined())
        lines += table.rows.map { row(shape.padded($0)) }
        blocks.append(lines.joined(separator: "\n"))
        if table.rows.isEmpty { blocks.append("(geen rijen)") }
        return blocks
    }
}

// MARK: - HTML

extension ReportRenderer {
    /// The text with `&`, `<`, `>`, `"` and `'` as character references, scalar by scalar.
    ///
    /// - Parameter breakingLongWords: Put a `<wbr>` after every ``longWordChunk``
    ///   characters of a word (unless fewer than four follow), so a long URL or code can
    ///   wrap in a table cell or on paper without widening the table for everything else.
    ///
    /// - Complexity: O(n) in the UTF-8 length; ASCII text (the common case) is escaped from
    ///   the bytes.
    static func htmlEscaped(_ text: String, breakingLongWords: Bool = false) -> String {
        if let escaped = asciiHTMLEscaped(text, breakingLongWords: breakingLongWords) { return escaped }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        let characters = breakingLongWords ? Array(text) : []
        var run = 0
        for (index, character) in text.enumerated() {
            if breakingLongWords {
                if character.isWhitespace {
                    run = 0
                } else {
                    // Break only where at least four characters of the word follow.
                    if run >= longWordChunk, characters[index...].prefix(4).count == 4,
                        !characters[index...].prefix(4).contains(where: \.isWhitespace)
                    {
                        output += "<wbr>"
                        run = 0
                    }
                    run += 1
                }
            }
            for scalar in character.unicodeScalars {
                switch scalar {
                case "&": output += "&amp;"
                case "<": output += "&lt;"
                case ">": output += "&gt;"
                case "\"": output += "&quot;"
                case "'": output += "&#39;"
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// ``htmlEscaped(_:breakingLongWords:)`` for ASCII text, from the bytes; `nil` for any
    /// other text. In ASCII a character is a byte, except CR LF, which is white space either way.
    private static func asciiHTMLEscaped(_ text: String, breakingLongWords: Bool) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var run = 0
        for (index, byte) in bytes.enumerated() {
            if breakingLongWords {
                if isASCIIWhitespace(byte) {
                    run = 0
                } else {
                    if run >= longWordChunk, index + 4 <= bytes.count, !bytes[index..<index + 4].contains(where: isASCIIWhitespace) {
                        output += "<wbr>".utf8
                        run = 0
                    }
                    run += 1
                }
            }
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: ">"): output += "&gt;".utf8
            case UInt8(ascii: "\""): output += "&quot;".utf8
            case UInt8(ascii: "'"): output += "&#39;".utf8
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether an ASCII byte is white space as `Character.isWhitespace` has it.
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// How many characters of a word may stand together before HTML offers a line break.
    static let longWordChunk = 24

    /// Plain text as HTML content: neutralised, escaped, line breaks as `<br>`, long words
    /// breakable.
    static func htmlText(_ text: String) -> String {
        var output = ReportBytes()
        writeHTMLText(text, to: &output)
        return String(decoding: output.buffer, as: UTF8.self)
    }

    /// ``htmlText(_:)`` character by character: the slow twin of ``writeHTMLText(_:to:)``'s
    /// path for printable ASCII, and the path for all other text.
    static func htmlTextByCharacters(_ text: String) -> String {
        htmlEscaped(neutralised(text), breakingLongWords: true).replacingOccurrences(of: "\n", with: "<br>")
    }

    /// Writes ``htmlText(_:)`` of the text; printable ASCII (the common case) in one pass
    /// over the bytes, without making a string.
    static func writeHTMLText(_ text: String, to output: inout ReportBytes) {
        var text = text
        let done = text.withUTF8 { bytes -> Bool in
            guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) else { return false }
            var run = 0
            var plain = 0
            // Runs of bytes that need nothing are copied at once.
            func copyPlain(upTo index: Int) {
                if plain < index { output.append(UnsafeBufferPointer(rebasing: bytes[plain..<index])) }
            }
            for index in bytes.indices {
                let byte = bytes[index]
                if isASCIIWhitespace(byte) {
                    run = 0
                } else {
                    if run >= longWordChunk, index + 4 <= bytes.count, !bytes[index..<index + 4].contains(where: isASCIIWhitespace) {
                        copyPlain(upTo: index)
                        plain = index
                        output.append("<wbr>")
                        run = 0
                    }
                    run += 1
                }
                let replacement: String
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                case 0x0A: replacement = "<br>"
                default: continue
                }
                copyPlain(upTo: index)
                output.append(replacement)
                plain = index + 1
            }
            copyPlain(upTo: bytes.count)
            return true
        }
        if !done { output.append(htmlTextByCharacters(text)) }
    }

    /// The style sheet, the only `<style>` of the page.
    ///
    /// Colours (WCAG 2.1 contrast; AA asks 4.5:1 for text, 3:1 for borders and focus):
    /// text #1a1a1a on white 17.4:1, on the header fill #e3e9f0 14.2:1, on the zebra fill
    /// #f3f5f8 15.9:1; grey text #4a4a4a on white 8.9:1; white on phase blue #1d4f7c 8.5:1
    /// and #1d4f7c on white 8.5:1; borders #6b6b6b on white 5.3:1, on #e3e9f0 4.4:1; focus
    /// outline #0b57d0 on white 6.4:1, on #f3f5f8 5.9:1.
    static let styleSheet = """
        /* Contrast (WCAG 2.1 AA: 4.5:1 text, 3:1 borders and focus):
           text #1a1a1a on #ffffff 17.4:1, on header #e3e9f0 14.2:1, on zebra #f3f5f8 15.9:1;
           grey text #4a4a4a on #ffffff 8.9:1, on #f3f5f8 8.1:1;
           #ffffff on phase blue #1d4f7c 8.5:1, #1d4f7c on #ffffff 8.5:1;
           borders #6b6b6b on #ffffff 5.3:1, on #e3e9f0 4.4:1;
           focus #0b57d0 on #ffffff 6.4:1, on #f3f5f8 5.9:1. */
        :root { color: #1a1a1a; background: #ffffff; line-height: 1.5;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
        body { max-width: 80rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .25rem; }
        h2 { font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 .75rem; padding-bottom: .2rem; border-bottom: 2px solid #1d4f7c; }
        h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        .ondertitel { color: #4a4a4a; margin: 0 0 1rem; }
        .let-op { border: 2px solid #8a4b00; background: #fff4e5; color: #1a1a1a; font-weight: bold; padding: .5rem .75rem; margin: 0 0 1rem; }
        p, ul { max-width: 42rem; margin: 0 0 1rem; }
        li + li { margin-top: .25rem; }
        dl { margin: 0 0 1rem; }
        dl div { display: grid; grid-template-columns: minmax(8rem, 16rem) 1fr; gap: 1rem; padding: .2rem 0; border-bottom: 1px solid #e3e9f0; }
        dt { font-weight: 600; }
        dd { margin: 0; }
        /* Should a table ever be wider than the page, it scrolls in its own region (focusable, so a
           keyboard can scroll it too) instead of being cut off; .ci/check-html fails on that. */
        .tabel { margin: 0 0 1.5rem; overflow-x: auto; }
        /* As wide as the content needs, at least as wide as the text, never wider than the page. */
        table { border-collapse: collapse; min-width: min(100%, 42rem); }
        caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 .4rem; }
        /* Cells wrap at spaces; a word longer than a cell (never more than 24 characters: the
           renderer offers a break after that many) is broken only when it has to be. */
        th, td { border: 1px solid #6b6b6b; padding: .3rem .55rem; text-align: left; vertical-align: top; overflow-wrap: break-word; hyphens: auto; }
        /* A table of seven columns or more is set a little smaller. */
        .breed table { font-size: .875rem; }
        .breed th, .breed td { padding: .3rem .4rem; }
        thead th { background: #e3e9f0; vertical-align: bottom; }
        tbody tr:nth-child(even) { background: #f3f5f8; }
        tbody th { font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; overflow-wrap: normal; }
        :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
        .fasen { display: block; width: 100%; max-width: 34rem; height: auto; margin: .5rem 0 1rem; }
        .grafiek { margin: .5rem 0 1.5rem; max-width: 42rem; }
        .grafiek svg { display: block; width: 100%; max-width: 30rem; height: auto; margin: 0 0 .4rem; }
        .grafiek figcaption { font-weight: 600; margin: 0 0 .4rem; }
        @media (max-width: 40rem) { dl div { display: block; } }
        /* A phone shows every row of a table of four columns or more as a card, the column titles as
           labels; a tablet does so for a table of seven columns or more. */
        \(cardRules(media: "screen and (max-width: 40rem)", table: ".kaarten"))
        \(cardRules(media: "screen and (max-width: 64rem)", table: ".breed .kaarten"))
        @page { size: A4; margin: 18mm 15mm 20mm; }
        /* A table too wide for a portrait page prints on a landscape page of its own. */
        @page liggend { size: A4 landscape; margin: 15mm 12mm 15mm; }
        @media print {
          :root { font-size: 10pt; }
          body { max-width: none; padding: 0; }
          .tabel { overflow: visible; }
          /* The whole section goes with it, so that its heading is not left behind on the page before. */
          section:has(.liggend), .liggend { page: liggend; }
          .breed { font-size: 9pt; }
          .breed th, .breed td { padding: .2rem .3rem; }
          tr, li, dl div, .fasen, .grafiek { break-inside: avoid; }
          thead { display: table-header-group; break-after: avoid; }
          tbody tr:first-child { break-before: avoid; }
          h2, h3, caption { break-after: avoid; }
        }
        """

    /// The rules that show each row of a `table` as a card under `media`: the header row is
    /// hidden (but read out), every cell is a line with its column title before it.
    private static func cardRules(media: String, table: String) -> String {
        let parts = ["", " tbody", " tr", " th", " td"].map { table + $0 }.joined(separator: ", ")
        return """
            @media \(media) {
              \(parts) { display: block; }
              \(table) { min-width: 0; width: 100%; }
              \(table) caption { display: block; }
              \(table) thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
              \(table) tr { border: 1px solid #6b6b6b; margin: 0 0 .75rem; }
              \(table) th, \(table) td { border: 0; border-top: 1px solid #e3e9f0; text-align: left; }
              \(table) tbody th { background: #e3e9f0; border-top: 0; }
              \(table) td.num { white-space: normal; }
              \(table) td:empty { display: none; }
              \(table) [data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
            }
            """
    }

    /// The Content Security Policy: nothing may load or run except this page's own style
    /// sheet (by its hash); no base URL, no form target.
    static let contentSecurityPolicy: String = {
        let digest = SHA256.hash(Array(styleSheet.utf8))
        let hash = Data(digest.bytes).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; base-uri 'none'; form-action 'none'"
    }()
}

/// Builds the HTML page; ids are numbered in document order.
private struct HTMLWriter {
    var output: ReportBytes
    private var sectionCount = 0
    private var tableCount = 0
    private var chartCount = 0

    init(output: ReportBytes) {
        self.output = output
    }

    private static func text(_ text: String) -> String { ReportRenderer.htmlText(text) }
    /// Text for a heading, caption, label or column title: one line.
    private static func line(_ text: String) -> String { ReportRenderer.htmlEscaped(ReportRenderer.singleLine(text)) }

    mutating func document(_ document: ReportDocument) {
        let title = ReportRenderer.singleLine(document.title)
        output += """
            <!doctype html>
            <html lang="nl">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(ReportRenderer.contentSecurityPolicy)">
            <meta name="referrer" content="no-referrer">
            <title>\(ReportRenderer.htmlEscaped(title.isEmpty ? "Rapport" : title))</title>
            <style>\(ReportRenderer.styleSheet)</style>
            </head>
            <body>
            <header>
            <h1>\(Self.line(document.title))</h1>

            """
        if let subtitle = document.subtitle { output += "<p class=\"ondertitel\">\(Self.text(subtitle))</p>\n" }
        for notice in document.notices { output += "<p class=\"let-op\" role=\"note\">Let op: \(Self.text(notice))</p>\n" }
        output += "</header>\n<main>\n"
        for section in document.sections {
            sectionCount += 1
            let id = "sectie-\(sectionCount)"
            output += "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(Self.line(section.heading))</h2>\n"
            for block in section.blocks { self.block(block) }
            output += "</section>\n"
        }
        output += "</main>\n</body>\n</html>\n"
    }

    private mutating func block(_ block: ReportBlock) {
        switch block {
        case .paragraph(let text):
            output += "<p>"
            ReportRenderer.writeHTMLText(text, to: &output)
            output += "</p>\n"
        case .subheading(let text):
            output += "<h3>\(Self.line(text))</h3>\n"
        case .facts(let facts):
            guard !facts.isEmpty else { return }
            output += "<dl>\n"
            for fact in facts { output += "<div><dt>\(Self.line(fact.label))</dt><dd>\(Self.text(fact.value))</dd></div>\n" }
            output += "</dl>\n"
        case .list(let items):
            guard !items.isEmpty else { return }
            output += "<ul>\n" + items.map { "<li>\(Self.text($0))</li>\n" }.joined() + "</ul>\n"
        case .phaseRibbon(let current):
            ribbon(current: current)
        case .table(let table):
            self.table(table)
        case .chart(let chart):
            self.chart(chart)
        case .warning(let text):
            output += "<p class=\"let-op\" role=\"note\">Let op: \(Self.text(text))</p>\n"
        }
    }

    /// A table that keeps every column: on a phone (40rem or less) a table of
    /// ``ReportRenderer/cardColumns`` columns or more shows each row as a card with the column
    /// titles as labels (`data-label`); a table of ``ReportRenderer/wideColumns`` or more is set
    /// smaller, and is cards on a tablet too (64rem or less). A table whose words would not fit
    /// across a portrait A4 page (``ReportRenderer/printedWidth(_:)``) prints on a landscape page
    /// of its own. Cells wrap at spaces, and a word longer than 24 characters may break. The table, row and cell roles are
    /// stated, so a screen reader still reads a table when it is shown as cards.
    private mutating func table(_ table: ReportTable) {
        let shape = TableShape(table)
        tableCount += 1
        let id = "tabel-\(tableCount)"
        let hasCaption = !ReportRenderer.singleLine(table.caption).isEmpty
        let label = hasCaption ? "aria-labelledby=\"\(id)\"" : "aria-label=\"Tabel \(tableCount)\""
        var classes = ["tabel"]
        if shape.count >= ReportRenderer.wideColumns { classes.append("breed") }
        if ReportRenderer.printedWidth(table) > ReportRenderer.portraitWidth { classes.append("liggend") }
        let cards = shape.count >= ReportRenderer.cardColumns
        output += "<div class=\"\(classes.joined(separator: " "))\" role=\"region\" tabindex=\"0\" \(label)>\n"
        output += cards ? "<table class=\"kaarten\" role=\"table\">\n" : "<table>\n"
        if hasCaption { output += "<caption id=\"\(id)\">\(Self.line(table.caption))</caption>\n" }
        func numeric(_ column: Int) -> String { shape.numeric[column] ? " class=\"num\"" : "" }
        let titles = shape.titles.map(Self.line)
        let rowRole = cards ? " role=\"row\"" : ""
        output += cards ? "<thead role=\"rowgroup\">\n<tr role=\"row\">" : "<thead>\n<tr>"
        for (column, title) in titles.enumerated() {
            output += "<th scope=\"col\"\(cards ? " role=\"columnheader\"" : "")\(numeric(column))>\(title)</th>"
        }
        output += "</tr>\n</thead>\n" + (cards ? "<tbody role=\"rowgroup\">\n" : "<tbody>\n")
        // Each cell's opening tag is the same in every row: made once, per column.
        let opening = titles.indices.map { column in
            let labelled = cards && !titles[column].isEmpty ? " data-label=\"\(titles[column])\"" : ""
            return column == shape.rowHeader
                ? "<th scope=\"row\"\(cards ? " role=\"rowheader\"" : "")\(labelled)\(numeric(column))>"
                : "<td\(cards ? " role=\"cell\"" : "")\(labelled)\(numeric(column))>"
        }
        let closing = titles.indices.map { $0 == shape.rowHeader ? "</th>" : "</td>" }
        let rowStart = "<tr\(rowRole)>"
        for row in table.rows {
            output += rowStart
            for column in 0..<shape.count {
                output += opening[column]
                if column < row.count { ReportRenderer.writeHTMLText(row[column], to: &output) }
                output += closing[column]
            }
            output += "</tr>\n"
            output.flushIfFull()
        }
        if table.rows.isEmpty, shape.count > 0 {
            output += "<tr\(rowRole)><td\(cards ? " role=\"cell\"" : "") colspan=\"\(shape.count)\">Geen rijen.</td></tr>\n"
        }
        output += "</tbody>\n</table>\n</div>\n"
    }

    /// Four chevrons, each labelled on two lines ("Samen" / "denken") so that the text stays
    /// readable when the picture shrinks to a phone's width. The current one is filled blue
    /// with bold white text and has a "huidige fase" marker (a triangle and bold text) below
    /// it, so it does not rely on colour alone.
    private mutating func ribbon(current: Phase?) {
        let labels = Phase.allCases.map(WorkflowDiagram.groupLabel)
        let state = current.map { "huidige fase: \(WorkflowDiagram.groupLabel($0))" } ?? "geen huidige fase"
        let description = "Fasen: " + labels.joined(separator: ", ") + "; " + state
        output +=
            "<svg class=\"fasen\" role=\"img\" aria-label=\"\(Self.line(description))\" viewBox=\"0 0 524 108\" width=\"524\" height=\"108\">\n"
        for (index, phase) in Phase.allCases.enumerated() {
            let x = 2 + index * 130
            let isCurrent = phase == current
            let notch = index == 0 ? "\(x),66 \(x),2" : "\(x),66 \(x + 14),34 \(x),2"
            let points = "\(x),2 \(x + 112),2 \(x + 126),34 \(x + 112),66 " + notch
            let (fill, stroke, ink, weight) =
                isCurrent ? ("#1d4f7c", "#1d4f7c", "#ffffff", "700") : ("#ffffff", "#4a4a4a", "#1a1a1a", "400")
            output += "<polygon points=\"\(points)\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(isCurrent ? "3" : "1.5")\"/>\n"
            let center = x + (index == 0 ? 58 : 66)
            for (line, word) in labels[index].split(separator: " ", maxSplits: 1).enumerated() {
                output +=
                    "<text x=\"\(center)\" y=\"\(29 + 22 * line)\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"\(weight)\" fill=\"\(ink)\">"
                    + "\(ReportRenderer.htmlEscaped(String(word)))</text>\n"
            }
            if isCurrent {
                output += "<polygon points=\"\(center - 9),84 \(center + 9),84 \(center),73\" fill=\"#1d4f7c\"/>\n"
                output +=
                    "<text x=\"\(center)\" y=\"103\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"700\" fill=\"#1d4f7c\">huidige fase</text>\n"
            }
        }
        output += "</svg>\n"
    }

    /// A chart as a `<figure>`: a `<figcaption>` with its title, an inline SVG (`role="img"`,
    /// its `<title>` and `aria-label` the chart's title, `aria-describedby` the text below) and a
    /// paragraph with the text alternative, which a screen reader reads and a printout shows.
    ///
    /// The picture is 400 units wide and scales to the width of the page up to 30rem, so its
    /// 14-unit text is 12 to 17 pixels high, from a phone to a desktop. Each row has its label and numbers above its
    /// bar; a shares bar writes each count inside its part when there is room; the legend
    /// names the colours. The numbers are in the text, so nothing depends on colour alone.
    private mutating func chart(_ chart: ReportChart) {
        chartCount += 1
        let id = "grafiek-\(chartCount)"
        let title = Self.line(chart.title)
        let width = 400.0
        var body = ""
        var y = 0.0
        let bars = chart.style == .bars
        let scale = max(1, chart.rows.map { max($0.values.first ?? 0, $0.marker ?? 0) }.max() ?? 1)
        for row in chart.rows {
            let lines = Self.chartLines(row.note.isEmpty ? row.label : "\(row.label): \(row.note)")
            for line in lines {
                y += 17
                body +=
                    "<text x=\"0\" y=\"\(Self.number(y))\" font-size=\"14\" fill=\"#1a1a1a\">\(ReportRenderer.htmlEscaped(line))</text>\n"
            }
            y += 5
            let top = y
            let height = 22.0
            if bars {
                let value = row.values.first ?? 0
                let tone = Self.tone(chart.series.first?.tone ?? 3)
                let length = width * value / scale
                if length > 0 {
                    body +=
                        "<rect x=\"0\" y=\"\(Self.number(top))\" width=\"\(Self.number(length))\" height=\"\(Self.number(height))\" fill=\"\(tone.fill)\"/>\n"
                }
                if let marker = row.marker, marker > value {
                    let end = width * marker / scale
                    let middle = top + height / 2
                    body +=
                        "<line x1=\"\(Self.number(length))\" y1=\"\(Self.number(middle))\" x2=\"\(Self.number(end - 1))\" y2=\"\(Self.number(middle))\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n"
                    body +=
                        "<line x1=\"\(Self.number(end - 1))\" y1=\"\(Self.number(top + 3))\" x2=\"\(Self.number(end - 1))\" y2=\"\(Self.number(top + height - 3))\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n"
                }
            } else {
                let total = row.values.reduce(0, +)
                if total <= 0 {
                    body +=
                        "<rect x=\"0.5\" y=\"\(Self.number(top + 0.5))\" width=\"\(Self.number(width - 1))\" height=\"\(Self.number(height - 1))\" fill=\"#ffffff\" stroke=\"#6b6b6b\"/>\n"
                } else {
                    var x = 0.0
                    for (index, value) in row.values.enumerated() where value > 0 {
                        let part = width * value / total
                        let tone = Self.tone(index < chart.series.count ? chart.series[index].tone : index)
                        body +=
                            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(top))\" width=\"\(Self.number(part))\" height=\"\(Self.number(height))\" "
                            + "fill=\"\(tone.fill)\" stroke=\"\(tone.stroke)\" stroke-width=\"1.5\"/>\n"
                        let count = Self.number(value)
                        if part >= Double(count.count) * 8 + 8 {
                            body +=
                                "<text x=\"\(Self.number(x + part / 2))\" y=\"\(Self.number(top + 16))\" text-anchor=\"middle\" font-size=\"13\" "
                                + "font-weight=\"700\" fill=\"\(tone.ink)\">\(count)</text>\n"
                        }
                        x += part
                    }
                }
            }
            y = top + height + 12
        }
        // The legend: what each colour (and the marker line) means, two to a line.
        var legend: [(swatch: String, label: String)] = []
        if bars {
            if let first = chart.series.first { legend.append(("bar:\(first.tone)", first.label)) }
            if chart.series.count > 1, chart.rows.contains(where: { $0.marker != nil }) { legend.append(("marker", chart.series[1].label)) }
        } else {
            for (index, series) in chart.series.enumerated()
            where chart.rows.contains(where: { index < $0.values.count && $0.values[index] > 0 }) {
                legend.append(("bar:\(series.tone)", series.label))
            }
        }
        for (index, item) in legend.enumerated() {
            if index % 2 == 0 { y += 20 }
            let x = index % 2 == 0 ? 0.0 : width / 2
            if item.swatch == "marker" {
                body +=
                    "<line x1=\"\(Self.number(x))\" y1=\"\(Self.number(y - 5))\" x2=\"\(Self.number(x + 14))\" y2=\"\(Self.number(y - 5))\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>\n"
            } else {
                let tone = Self.tone(Int(item.swatch.dropFirst(4)) ?? 3)
                body +=
                    "<rect x=\"\(Self.number(x + 0.75))\" y=\"\(Self.number(y - 12))\" width=\"13\" height=\"13\" fill=\"\(tone.fill)\" stroke=\"#4a4a4a\" stroke-width=\"1.5\"/>\n"
            }
            let label = Self.chartLines(item.label, width: 24).first ?? ""
            body +=
                "<text x=\"\(Self.number(x + 20))\" y=\"\(Self.number(y))\" font-size=\"13\" fill=\"#1a1a1a\">\(ReportRenderer.htmlEscaped(label))</text>\n"
        }
        let height = Int((y + 6).rounded(.up))
        output += "<figure class=\"grafiek\" aria-labelledby=\"\(id)-titel\">\n<figcaption id=\"\(id)-titel\">\(title)</figcaption>\n"
        output +=
            "<svg role=\"img\" aria-label=\"\(title)\" aria-describedby=\"\(id)\" viewBox=\"0 0 400 \(height)\" width=\"400\" height=\"\(height)\">\n"
        output += "<title>\(title)</title>\n" + body + "</svg>\n"
        output += "<p id=\"\(id)\">\(Self.text(chart.summary))</p>\n</figure>\n"
    }

    /// The colours of a chart's series: fill, the ink of a count written on it, and the line
    /// between parts. Every fill has at least 4.5:1 contrast with its ink: white on #1b6e3a
    /// 6.3:1, #8a4b00 6.8:1, #a4262c 7.3:1, #1d4f7c 8.5:1, #6b3fa0 7.4:1, #4a4a4a 8.9:1; the
    /// last tone (no answer yet) is white with a grey line and dark ink.
    private static func tone(_ index: Int) -> (fill: String, ink: String, stroke: String) {
        let fills = ["#1b6e3a", "#8a4b00", "#a4262c", "#1d4f7c", "#6b3fa0", "#4a4a4a"]
        if index >= 0, index < fills.count { return (fills[index], "#ffffff", "#ffffff") }
        return ("#ffffff", "#1a1a1a", "#6b6b6b")
    }

    /// A number for an SVG attribute: whole numbers without a fraction, others to one decimal.
    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// A label for a chart, neutralised and on at most two lines of `width` characters (at
    /// 14 units a character is 7.5 units wide at most, so 52 fit in 400); more is cut with `…`
    /// (the figure's caption has the whole text).
    private static func chartLines(_ text: String, width: Int = 52) -> [String] {
        let words = ReportRenderer.singleLine(text).split(separator: " ").map(String.init)
        var lines: [String] = []
        var current = ""
        for word in words {
            let next = current.isEmpty ? word : current + " " + word
            if next.count <= width {
                current = next
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = word.count > width ? String(word.prefix(width - 1)) + "…" : word
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > 2 {
            var second = lines[1]
            if second.count > width - 1 { second = String(second.prefix(width - 1)) }
            lines = [lines[0], second + "…"]
        }
        return lines.isEmpty ? [""] : lines
    }
}
