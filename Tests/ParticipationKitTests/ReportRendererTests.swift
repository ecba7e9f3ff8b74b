import Foundation
import Testing

@testable import ParticipationKit
import ParticipationKitTestSupport

// MARK: - Fixtures

/// A reactienota-like document with every kind of block.
private func sampleDocument(current: Phase? = .besluiten) -> ReportDocument {
    ReportDocument(
        title: "Reactienota Herinrichting Stationsplein",
        subtitle: "Proces stationsplein-2025, stand op 14 maart 2025",
        sections: [
            ReportSection(
                heading: "Overzicht",
                blocks: [
                    .phaseRibbon(current: current),
                    .facts([
                        ReportFact("Inbreng", "13"), ReportFact("Beantwoord", "11"),
                        ReportFact("Mediaan dagen tot terugkoppeling", "9"),
                    ]),
                    .paragraph(
                        "Het college heeft alle inbreng gewogen. Elf reacties zijn beantwoord; twee wachten nog op een antwoord van de projectleider."
                    ),
                ]),
            ReportSection(
                heading: "Inbreng per thema",
                blocks: [
                    .subheading("Verkeer"),
                    .table(
                        ReportTable(
                            caption: "Inbreng over verkeer, met oordeel en motivering",
                            columns: [
                                ReportTable.Column("Nummer"), ReportTable.Column("Indiener"), ReportTable.Column("Oordeel"),
                                ReportTable.Column("Motivering"), ReportTable.Column("Dagen", numeric: true),
                            ],
                            rows: [
                                [
                                    "I-001", "Bewonersvereniging Oost", "overgenomen",
                                    "De oversteek bij de fietsenstalling wordt veiliger gemaakt.", "7",
                                ],
                                ["I-002", "J. de Vries", "niet overgenomen", "Een tweede busbaan past niet binnen het budget.", "12"],
                                ["I-003", "Café \"De Zon\"", "deels overgenomen", "Laden en lossen blijft mogelijk tot 11.00 uur.", "103"],
                            ])),
                    .list(["Snelheid omlaag naar 30 km/u.", "Meer fietsparkeerplaatsen."]),
                ]),
        ])
}

/// A table with a column of every kind, including wide, combining and wrapped text.
private func alignmentTable() -> ReportTable {
    ReportTable(
        caption: "Uitlijning",
        columns: [
            ReportTable.Column("Nr"), ReportTable.Column("Naam"), ReportTable.Column("Toelichting"),
            ReportTable.Column("Aantal", numeric: true), ReportTable.Column("Status"),
        ],
        rows: [
            ["1", "Jose\u{301}", "kort", "7", "open"],
            ["22", "日本語", String(repeating: "een lange motivering die moet worden afgebroken ", count: 4), "1234", "gesloten"],
            ["333", "Zoë 😀", "regel een\nregel twee", "0", "open"],
            ["4", "", "", "", ""],
            ["5", "Ånne", "ééngigantischwoordzonderspatiesdatlangerisdanelkekolombreedteinditrapport", "12", "klaar"],
        ])
}

/// Payloads that try to escape from every format.
private let hostilePayloads = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x\")",
    "a|b\nc",
    "# kop",
    "\u{1B}[31mrood\u{1B}[0m",
    "\u{202E}gnp.exe",
    "|\u{301} <\u{338}script> \"\u{301}",
    "\u{9B}31m \u{7F} \u{07} \u{2066}x\u{2069}",
    "\u{200F}\u{061C}rechts\u{200E} \u{E0001}\u{E0061}tag\u{E007F} zacht\u{AD}streepje \u{FEFF}",
    "1. lijst",
    "> citaat",
    "- min\r\n+ plus\r* ster",
    "[link](javascript:alert(1)) ![x](y)",
    "`code` ```",
    "&lt;b&gt; &#60;",
    "@SUM(1+1)",
    "\t=1+1",
    "===",
    "'; DROP TABLE --",
]

/// A document with the payload in every place text can go.
private func hostileDocument(_ payload: String) -> ReportDocument {
    ReportDocument(
        title: payload, subtitle: payload,
        sections: [
            ReportSection(
                heading: payload,
                blocks: [
                    .paragraph(payload), .paragraph("tekst ervoor\n" + payload),
                    .facts([ReportFact(payload, payload), ReportFact("Aantal", payload)]),
                    .list([payload, "x " + payload]),
                    .subheading(payload),
                    .phaseRibbon(current: .doen),
                    .table(
                        ReportTable(
                            caption: payload,
                            columns: [
                                ReportTable.Column(payload), ReportTable.Column("Tekst"), ReportTable.Column(payload, numeric: true),
                            ],
                            rows: [[payload, payload, payload], ["gewoon", "x " + payload, "3"]])),
                ])
        ])
}

/// The formats ``ReportRenderer`` writes (JSON comes from each report's model).
private let renderedFormats: [ReportFormat] = [.text, .md, .html, .csv]

private func render(_ document: ReportDocument, as format: ReportFormat) -> String {
    switch format {
    case .text: ReportRenderer.text(document)
    case .md: ReportRenderer.markdown(document)
    case .html: ReportRenderer.html(document)
    case .csv, .json: String(decoding: ReportRenderer.csv(document), as: UTF8.self)
    }
}

// MARK: - Helpers

/// How often `target` occurs in `line` without a backslash escaping it.
private func unescapedCount(of target: Unicode.Scalar, in line: some StringProtocol) -> Int {
    var count = 0
    var backslashes = 0
    for scalar in line.unicodeScalars {
        if scalar == "\\" {
            backslashes += 1
            continue
        }
        if scalar == target, backslashes % 2 == 0 { count += 1 }
        backslashes = 0
    }
    return count
}

/// The line as terminal columns: a wide character fills two slots (the second `nil`).
private func slots(_ line: some StringProtocol) -> [Character?] {
    line.flatMap { character -> [Character?] in
        let width = ReportRenderer.displayWidth(character)
        return width == 0 ? [] : [character] + Array(repeating: nil, count: width - 1)
    }
}

/// The tags of an HTML text: name and the text between the name and `>`.
private func tags(_ html: String) -> [(name: String, rest: String)] {
    let pattern = /<(\/?[A-Za-z][A-Za-z0-9]*)([^>]*)>/
    return html.matches(of: pattern).map { (String($0.output.1).lowercased(), String($0.output.2)) }
}

// MARK: - Tests

@Suite("ReportRenderer")
struct ReportRendererTests {
    // MARK: Text

    @Test func textLayout() {
        let document = ReportDocument(
            title: "Register ingekomen stukken", subtitle: "Stand op 1 april",
            sections: [
                ReportSection(
                    heading: "Stukken",
                    blocks: [
                        .facts([ReportFact("Open", "2"), ReportFact("Te laat", "1")]),
                        .table(
                            ReportTable(
                                caption: "Open stukken",
                                columns: [
                                    ReportTable.Column("Stuk"), ReportTable.Column("Afzender"), ReportTable.Column("Dagen", numeric: true),
                                ],
                                rows: [["IS-1", "Wijkraad Noord", "3"], ["IS-12", "A. Bakker", "41"]])),
                        .list(["Eerste punt", "Tweede punt"]),
                        .subheading("Toelichting"),
                        .phaseRibbon(current: .doen),
                    ])
            ])
        #expect(
            ReportRenderer.text(document) == """
                Register ingekomen stukken
                ==========================
                Stand op 1 april

                Stukken
                -------

                  Open:    2
                  Te laat: 1

                Open stukken
                Stuk   Afzender        Dagen
                -----  --------------  -----
                IS-1   Wijkraad Noord      3
                IS-12  A. Bakker          41

                  - Eerste punt
                  - Tweede punt

                Toelichting
                ~~~~~~~~~~~

                Fasen: denken → besluiten → [doen] → leren (huidige fase: doen)

                """)
    }

    @Test func textTableColumnsLineUp() throws {
        let text = ReportRenderer.text(
            ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(alignmentTable())])]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ruleIndex = try #require(lines.firstIndex { $0.hasPrefix("---") })
        let rule = slots(lines[ruleIndex])
        // Column spans from the rule line: runs of dashes.
        var spans: [Range<Int>] = []
        var start: Int?
        for (index, slot) in (rule + [" "]).enumerated() {
            if slot == "-", start == nil { start = index }
            if slot != "-", let begin = start {
                spans.append(begin..<index)
                start = nil
            }
        }
        #expect(spans.count == 5)
        #expect(rule.count <= ReportRenderer.tableWidth)
        let tableLines = Array(lines[(ruleIndex - 1)...]).filter { !$0.isEmpty && !$0.hasPrefix("---") }
        #expect(tableLines.count > 6, "lange cellen en regeleinden geven extra regels")
        for line in tableLines {
            let cells = slots(line)
            #expect(cells.count <= spans.last?.upperBound ?? 0, "regel te lang: \(line)")
            for span in spans.dropFirst() {
                // The two columns before each span are the gap.
                for gap in (span.lowerBound - 2)..<span.lowerBound where gap < cells.count {
                    #expect(cells[gap] == " ", "kolom begint niet op \(span.lowerBound): \(line)")
                }
            }
        }
        // Each row's first line: text cells start at their span, numbers end at theirs.
        for (number, name, count) in [("1", "Jose\u{301}", "7"), ("22", "日本語", "1234"), ("333", "Zoë 😀", "0")] {
            let line = try #require(tableLines.first { $0.hasPrefix(number + " ") })
            let cells = slots(line)
            #expect(cells[spans[1].lowerBound] == name.first)
            #expect(String(cells[spans[3]].compactMap { $0 }).trimmingCharacters(in: .whitespaces) == count)
            #expect(cells[spans[3].upperBound - 1] == count.last)
        }
        #expect(text.contains("regel een"))
        #expect(!text.contains("regel een regel twee"), "een regeleinde in een cel begint een nieuwe regel in de cel")
    }

    @Test func displayWidths() {
        #expect(ReportRenderer.displayWidth("Jose\u{301}") == 4)
        #expect(ReportRenderer.displayWidth("日本") == 4)
        #expect(ReportRenderer.displayWidth("a😀") == 3)
        #expect(ReportRenderer.displayWidth("a\u{200B}b") == 2)
        #expect(ReportRenderer.displayWidth("af\u{AD}breken") == 8, "een zacht afbreekstreepje neemt geen kolom")
        #expect(ReportRenderer.displayWidth("\u{301}") == 0, "een los accent neemt geen kolom")
    }

    /// The byte count for printable ASCII is a shortcut: on any text the width is the sum of
    /// the widths of its characters.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func displayWidthOfTextIsTheSumOfItsCharacters(seed: UInt64) {
        let pieces: [String] = [
            "a", "Z", " ", "~", "\t", "\n", "\r\n", "\u{7F}", "é", "e\u{301}", "\u{AD}", "\u{A0}", "\u{85}", "日",
            "😀", "\u{200B}", "ß", "\u{2028}",
        ]
        var random = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(
                ReportRenderer.displayWidth(text) == text.reduce(0) { $0 + ReportRenderer.displayWidth($1) },
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// ASCII text is escaped and measured from its bytes: the result is what the character by
    /// character path gives (a trailing no-break space, white space that ends the last word,
    /// sends the same text down that path).
    @Test(arguments: [21, 22, 23, 24])
    func asciiShortcutsMatchTheCharacterPath(seed: UInt64) {
        let pieces: [String] = ["a", "bcdefgh", "0123456789", "-", " ", "\t", "\n", "\r\n", "&", "<", ">", "\"", "'", "/"]
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...16, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for breaking in [false, true] {
                #expect(
                    ReportRenderer.htmlEscaped(text, breakingLongWords: breaking) + "\u{A0}"
                        == ReportRenderer.htmlEscaped(text + "\u{A0}", breakingLongWords: breaking), "\(text.debugDescription)")
            }
            let table = ReportTable(caption: "", columns: [.init("Kop")], rows: [[text]])
            let other = ReportTable(caption: "", columns: [.init("Kop")], rows: [[text + "\u{A0}"]])
            #expect(ReportRenderer.printedWidth(table) == ReportRenderer.printedWidth(other), "\(text.debugDescription)")
        }
    }

    /// Collapsing white space from the bytes gives what splitting on `Character.isWhitespace`
    /// gives, for ASCII and for other text.
    @Test(arguments: [11, 12, 13, 14, 15, 16])
    func whitespaceCollapsedMatchesSplittingOnWhitespace(seed: UInt64) {
        let pieces: [String] = [
            "a", "bc", " ", "  ", "\t", "\n", "\r\n", "\u{B}", "\u{C}", "\u{1F}", "\u{A0}", "\u{85}", "é", "\u{2003}", "x",
        ]
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(
                text.whitespaceCollapsed == text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The audit's normal form of a motivation, made in one pass for ASCII, is collapsing
    /// white space and then lowercasing, for ASCII and for other text.
    @Test(arguments: [21, 22, 23])
    func whitespaceCollapsedLowercasedMatchesBothSteps(seed: UInt64) {
        let pieces: [String] = [
            "a", "Bc", "XYZ", "@[`{", " ", "  ", "\t", "\n", "\r\n", "\u{B}", "\u{1F}", "\u{A0}", "É", "İ", "ß", "\u{2003}", "Q",
        ]
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...10, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(
                text.whitespaceCollapsedLowercased == text.whitespaceCollapsed.lowercased(),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(AuditReport.normalised(text) == text.whitespaceCollapsed.lowercased())
        }
    }

    @Test func textNeutralisesControlCharacters() {
        let hostile = "a\u{1B}[31mb\u{07}c\u{7F}d\u{9B}e\u{202E}f\u{2067}g\u{0}h\r\ni\rj\u{2028}k\tl"
        let text = ReportRenderer.text(
            ReportDocument(
                title: hostile, subtitle: hostile,
                sections: [
                    ReportSection(
                        heading: hostile,
                        blocks: [
                            .paragraph(hostile), .facts([ReportFact(hostile, hostile)]), .list([hostile]),
                            .table(ReportTable(caption: hostile, columns: [ReportTable.Column(hostile)], rows: [[hostile]])),
                        ])
                ]))
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isControl = (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value)
            let isFormat = scalar.properties.generalCategory == .format
            #expect(!isControl && !isFormat && value != 0x2028, "U+\(String(value, radix: 16)) in de tekst")
        }
        #expect(text.contains("a<U+001B>[31mb<U+0007>c<U+007F>d<U+009B>e<U+202E>f<U+2067>g<U+0000>h"))
        #expect(ReportRenderer.neutralised("i\r\nj\rk\nl\u{85}m") == "i\nj\nk\nl\nm")
    }

    @Test("every format character is made visible, like the bidi overrides")
    func formatCharactersMadeVisible() {
        let cases: [(String, String)] = [
            ("\u{200F}rechts\u{200E}", "<U+200F>rechts<U+200E>"),
            ("\u{061C}x", "<U+061C>x"),
            ("a\u{200B}b\u{200C}c\u{200D}d\u{2060}e\u{FEFF}", "a<U+200B>b<U+200C>c<U+200D>d<U+2060>e<U+FEFF>"),
            ("\u{2061}\u{2064}\u{206A}\u{206F}", "<U+2061><U+2064><U+206A><U+206F>"),
            ("\u{FFF9}x\u{FFFA}y\u{FFFB}", "<U+FFF9>x<U+FFFA>y<U+FFFB>"),
            ("\u{E0001}\u{E0020}\u{E007F}", "<U+E0001><U+E0020><U+E007F>"),
            ("zacht\u{AD}streepje \u{180E}", "zacht<U+00AD>streepje <U+180E>"),
            ("\u{1F469}\u{200D}\u{1F467}", "\u{1F469}<U+200D>\u{1F467}"),
            // What stays: letters, combining marks, variation selectors, flags of regional indicators.
            ("é e\u{301} ❤\u{FE0F} \u{1F1F3}\u{1F1F1} ‘a’ –", "é e\u{301} ❤\u{FE0F} \u{1F1F3}\u{1F1F1} ‘a’ –"),
        ]
        for (input, expected) in cases {
            #expect(ReportRenderer.neutralised(input) == expected, "\(input.debugDescription)")
            #expect(ReportRenderer.terminalSafe(input) == expected, "\(input.debugDescription)")
        }
    }

    @Test("the one definition: control characters, line and paragraph separators and general category Cf, for every scalar")
    func invisibleOrSteeringMatchesTheUnicodeCategories() {
        // The fast path below U+0600 and the table look-up agree with the categories everywhere.
        var mismatches: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected: Bool
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: expected = true
            default: expected = false
            }
            if ReportRenderer.isInvisibleOrSteering(scalar) != expected { mismatches.append(ReportRenderer.codePoint(scalar)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    // MARK: Markdown

    @Test func markdownLayout() {
        let document = ReportDocument(
            title: "Audit", subtitle: "2025",
            sections: [
                ReportSection(
                    heading: "Cijfers",
                    blocks: [
                        .facts([ReportFact("Inbreng", "13"), ReportFact("", "zonder label")]),
                        .table(
                            ReportTable(
                                caption: "Besluiten",
                                columns: [ReportTable.Column("Besluit"), ReportTable.Column("Inbreng", numeric: true)],
                                rows: [["Vaststelling", "13"], ["Wijziging"]])),
                        .phaseRibbon(current: nil),
                        .paragraph("Eerste regel.\nTweede regel.\n\n\nNieuwe alinea."),
                        .list([]), .paragraph("  "),
                    ])
            ])
        #expect(
            ReportRenderer.markdown(document) == """
                # Audit

                2025

                ## Cijfers

                - **Inbreng**: 13
                - zonder label

                **Besluiten**

                | Besluit | Inbreng |
                | --- | ---: |
                | Vaststelling | 13 |
                | Wijziging |   |

                Fasen: denken → besluiten → doen → leren (geen huidige fase)

                Eerste regel.
                Tweede regel.

                Nieuwe alinea.

                """)
    }

    @Test func markdownEscapesLineStartsAndInlineSyntax() {
        let paragraph =
            "# kop\n> citaat\n- min\n+ plus\n* ster\n2024. jaar\n3) drie\n===\n---\n    code\n```swift\n:::\n"
            + "a *b* _c_ `d` [e](f) <g> h|i ~j~ &amp; $x$ \\ 2024.5"
        #expect(
            ReportRenderer.markdownParagraph(paragraph) == """
                \\# kop
                \\> citaat
                \\- min
                \\+ plus
                \\* ster
                2024\\. jaar
                3\\) drie
                \\===
                \\---
                code
                \\`\\`\\`swift
                \\:::
                a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> h\\|i \\~j\\~ \\&amp; \\$x\\$ \\\\ 2024.5
                """)
        #expect(ReportRenderer.markdownInline("regel\neen\r\ntwee") == "regel een twee")
    }

    @Test func markdownTablesKeepTheirCellCount() {
        let table = ReportTable(
            caption: "a|b", columns: [ReportTable.Column("x|y"), ReportTable.Column("z\nw"), ReportTable.Column("n", numeric: true)],
            rows: [["a|b\nc", "|\u{301}", "1"], ["\\|", "d\r\ne|", "2"], ["", "", ""], ["kort"]])
        let markdown = ReportRenderer.markdown(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])]))
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.count == 2 + table.rows.count, "een regeleinde in een cel breekt de tabel niet")
        for row in rows {
            #expect(unescapedCount(of: "|", in: row) == 4, "vier scheidingstekens voor drie cellen: \(row)")
        }
    }

    // MARK: HTML

    @Test func htmlStructure() throws {
        let html = ReportRenderer.html(sampleDocument())
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<title>Reactienota Herinrichting Stationsplein</title>"))
        #expect(html.components(separatedBy: "<style>").count == 2, "precies één style-blok")
        #expect(html.contains("<header>\n<h1>Reactienota Herinrichting Stationsplein</h1>"))
        #expect(html.contains("<main>") && html.contains("</main>"))
        #expect(html.contains("<section aria-labelledby=\"sectie-1\">\n<h2 id=\"sectie-1\">Overzicht</h2>"))
        #expect(html.contains("<h3>Verkeer</h3>"))
        #expect(html.contains("<caption id=\"tabel-1\">Inbreng over verkeer, met oordeel en motivering</caption>"))
        #expect(
            html.contains(
                "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabel-1\">\n<table class=\"kaarten\" role=\"table\">"
            ))
        #expect(html.contains("<th scope=\"col\" role=\"columnheader\">Nummer</th>"))
        #expect(html.contains("<th scope=\"col\" role=\"columnheader\" class=\"num\">Dagen</th>"))
        #expect(
            html.contains(
                "<tr role=\"row\"><th scope=\"row\" role=\"rowheader\" data-label=\"Nummer\">I-001</th><td role=\"cell\" data-label=\"Indiener\">Bewonersvereniging Oost</td>"
            ))
        #expect(html.contains("<td role=\"cell\" data-label=\"Dagen\" class=\"num\">103</td>"))
        #expect(html.contains("<td role=\"cell\" data-label=\"Indiener\">Café &quot;De Zon&quot;</td>"))
        #expect(html.contains("<dl>\n<div><dt>Inbreng</dt><dd>13</dd></div>"))
        #expect(html.contains("<ul>\n<li>Snelheid omlaag naar 30 km/u.</li>"))
        // Style: focus, A4, print, numbers.
        #expect(html.contains(":focus-visible { outline: 3px solid #0b57d0"))
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("@media print {"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.contains(".num { text-align: right;"))
        // Self-contained: no script, no reference to anything outside the file.
        let lowered = html.lowercased()
        #expect(!lowered.contains("<script"))
        #expect(!lowered.replacingOccurrences(of: "http-equiv", with: "").contains("http"))
        for reference in ["src=", "href=", "url(", "@import", "//", "xlink"] {
            #expect(!lowered.contains(reference), "\(reference) in de HTML")
        }
    }

    @Test func htmlContentSecurityPolicyAllowsExactlyTheStyleSheet() throws {
        let html = ReportRenderer.html(sampleDocument())
        let style = try #require(html.firstMatch(of: /<style>([\s\S]*)<\/style>/)).output.1
        let digest = Data(SHA256.hash(Array(style.utf8)).bytes).base64EncodedString()
        #expect(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-\(digest)'; base-uri 'none'; form-action 'none'\">"
            ))
    }

    @Test(arguments: [Phase?.none] + Phase.allCases.map(Optional.some))
    func htmlPhaseRibbonMarksTheCurrentPhase(current: Phase?) throws {
        let html = ReportRenderer.html(sampleDocument(current: current))
        let svg = String(try #require(html.firstMatch(of: /<svg[\s\S]*?<\/svg>/)).output)
        let state = current.map { "huidige fase: \(WorkflowDiagram.groupLabel($0))" } ?? "geen huidige fase"
        #expect(
            svg.hasPrefix(
                "<svg class=\"fasen\" role=\"img\" aria-label=\"Fasen: Samen denken, Samen besluiten, Samen doen, Samen leren; \(state)\""))
        #expect(svg.matches(of: /<polygon points="[^"]*" fill="[^"]*" stroke=/).count == 4, "vier stappen")
        for phase in Phase.allCases {
            let style = phase == current ? "font-weight=\"700\" fill=\"#ffffff\"" : "font-weight=\"400\" fill=\"#1a1a1a\""
            #expect(svg.contains("\(style)>Samen</text>\n<text "))
            #expect(svg.contains("\(style)>\(phase.rawValue)</text>"), "\(phase) in \(phase == current ? "vet wit" : "gewoon zwart")")
        }
        // Marked by more than colour: bold text above, and a triangle with "huidige fase" below.
        #expect(svg.components(separatedBy: ">huidige fase</text>").count == (current == nil ? 1 : 2))
        #expect(!svg.contains("xmlns"), "inline SVG in HTML heeft geen namespace-URL nodig")
    }

    @Test func htmlTablesHaveOneCellPerColumn() {
        let table = alignmentTable()
        let html = ReportRenderer.html(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])]))
        let rows = html.split(separator: "\n").filter { $0.hasPrefix("<tr") }
        #expect(rows.count == 1 + table.rows.count)
        for row in rows {
            #expect(row.matches(of: /<t[hd][ >]/).count == table.columns.count, "\(row)")
        }
        #expect(html.contains("<td role=\"cell\" data-label=\"Toelichting\">regel een<br>regel twee</td>"))
        #expect(
            html.contains(
                "<td role=\"cell\" data-label=\"Toelichting\">ééngigantischwoordzonder<wbr>spatiesdatlangerisdanelk<wbr>ekolombreedteinditrapport</td>"
            ),
            "lange woorden mogen afbreken")
        #expect(
            html.contains("<td role=\"cell\" data-label=\"Toelichting\">een lange motivering die moet worden afgebroken een"),
            "gewone woorden niet")
        let empty = ReportRenderer.html(
            ReportDocument(
                title: "",
                sections: [
                    ReportSection(heading: "S", blocks: [.table(ReportTable(caption: "", columns: [ReportTable.Column("a")], rows: []))])
                ]))
        #expect(empty.contains("<title>Rapport</title>"))
        #expect(empty.contains("<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel 1\">"))
        #expect(empty.contains("<tr><td colspan=\"1\">Geen rijen.</td></tr>"))
    }

    @Test("a table of four columns or more becomes cards on a phone, labelled with its column titles; three stay a table")
    func htmlCards() throws {
        func html(columns count: Int) -> String {
            let table = ReportTable(
                caption: "T", columns: (0..<count).map { ReportTable.Column("kolom \($0)") }, rows: [(0..<count).map { "cel \($0)" }])
            return ReportRenderer.html(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])]))
        }
        let narrow = html(columns: ReportRenderer.cardColumns - 1)
        #expect(narrow.contains("<table>\n"))
        #expect(!narrow.contains(" data-label=\"") && !narrow.contains("role=\"cell\""))
        let cards = html(columns: ReportRenderer.cardColumns)
        #expect(cards.contains("<table class=\"kaarten\" role=\"table\">"))
        #expect(cards.contains("<thead role=\"rowgroup\">") && cards.contains("<tbody role=\"rowgroup\">"))
        #expect(
            cards.contains(
                "<th scope=\"row\" role=\"rowheader\" data-label=\"kolom 0\">cel 0</th><td role=\"cell\" data-label=\"kolom 1\">cel 1</td>")
        )
        // The style sheet: on a phone the header row is hidden but read out, every cell has its label.
        #expect(
            cards.contains(
                "@media screen and (max-width: 40rem) {\n  .kaarten, .kaarten tbody, .kaarten tr, .kaarten th, .kaarten td { display: block; }"
            ))
        #expect(cards.contains(".kaarten [data-label]::before { content: attr(data-label) \": \"; font-weight: 600; }"))
        #expect(cards.contains(".kaarten thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);"))
        #expect(!cards.contains("class=\"tabel breed\""))
    }

    @Test(
        "a table of seven columns or more is set smaller and is cards on a tablet; one too wide for portrait A4 prints on a landscape page")
    func htmlWideTables() throws {
        func html(_ table: ReportTable) -> String {
            ReportRenderer.html(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])]))
        }
        let columns = (0..<ReportRenderer.wideColumns).map { ReportTable.Column("kolom\($0)", numeric: true) }
        // Seven short numeric columns fit across a portrait page.
        let numbers = ReportTable(caption: "Breed", columns: columns, rows: [(0..<columns.count).map(String.init)])
        #expect(ReportRenderer.printedWidth(numbers) <= ReportRenderer.portraitWidth)
        let wide = html(numbers)
        #expect(wide.contains("<div class=\"tabel breed\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabel-1\">"))
        #expect(wide.contains("@media screen and (max-width: 64rem) {\n  .breed .kaarten, .breed .kaarten tbody"))
        #expect(wide.contains(".breed { font-size: 9pt; }"))
        // Long words in every column do not: that table gets its own landscape page.
        let words = ReportTable(
            caption: "Liggend", columns: columns, rows: [(0..<columns.count).map { _ in "Afdoeningsvoorstel standaardantwoorden" }])
        #expect(ReportRenderer.printedWidth(words) > ReportRenderer.portraitWidth)
        let landscape = html(words)
        #expect(landscape.contains("<div class=\"tabel breed liggend\" role=\"region\""))
        #expect(landscape.contains("@page liggend { size: A4 landscape;"))
        #expect(landscape.contains("section:has(.liggend), .liggend { page: liggend; }"))
        // A word longer than 24 characters counts as 24: HTML offers a break there.
        let long = ReportTable(caption: "", columns: [.init("a")], rows: [[String(repeating: "x", count: 200)]])
        #expect(ReportRenderer.printedWidth(long) == (ReportRenderer.longWordChunk * 13 + 1) / 2 + 9)
        let html = landscape
        // Printing never scrolls: every column goes on paper.
        let print = try #require(html.range(of: "@media print {"))
        #expect(html[print.upperBound...].contains(".tabel { overflow: visible; }"))
    }

    @Test("a column title that looks like markup is escaped in its data-label too")
    func htmlCardLabelsAreEscaped() {
        let table = ReportTable(
            caption: "T", columns: [.init("a\"><b>"), .init("b"), .init("c"), .init("d")], rows: [["1", "2", "3", "4"]])
        let html = ReportRenderer.html(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])]))
        #expect(html.contains("data-label=\"a&quot;&gt;&lt;b&gt;\""))
        #expect(!html.contains("a\"><b>"))
    }

    @Test(
        "a chart: a figure with its title, an SVG image labelled and described, and the text alternative below; text and Markdown print the text"
    )
    func charts() throws {
        let chart = ReportChart(
            title: "Oordelen per proces", summary: "P-1: 2 overgenomen (67%), 1 niet overgenomen (33%).", style: .shares,
            series: [.init("overgenomen", tone: 0), .init("niet overgenomen", tone: 2)],
            rows: [.init(label: "P-1", values: [2, 1], note: "3 antwoorden")])
        let document = ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.chart(chart)])])
        let html = ReportRenderer.html(document)
        #expect(
            html.contains(
                "<figure class=\"grafiek\" aria-labelledby=\"grafiek-1-titel\">\n<figcaption id=\"grafiek-1-titel\">Oordelen per proces</figcaption>\n"
            ))
        #expect(html.contains("<svg role=\"img\" aria-label=\"Oordelen per proces\" aria-describedby=\"grafiek-1\" viewBox=\"0 0 400 "))
        #expect(html.contains("<title>Oordelen per proces</title>"))
        #expect(html.contains("<p id=\"grafiek-1\">P-1: 2 overgenomen (67%), 1 niet overgenomen (33%).</p>\n</figure>"))
        // The shares: two parts of 2/3 and 1/3 of the width, each with its count, and a legend.
        #expect(html.contains("<rect x=\"0\" y=\"22\" width=\"266.7\" height=\"22\" fill=\"#1b6e3a\""))
        #expect(html.contains("<rect x=\"266.7\" y=\"22\" width=\"133.3\" height=\"22\" fill=\"#a4262c\""))
        #expect(html.contains(">P-1: 3 antwoorden</text>"))
        #expect(html.contains("font-weight=\"700\" fill=\"#ffffff\">2</text>"))
        #expect(html.contains(">niet overgenomen</text>"))
        // No script, no link, no outside reference in the picture.
        #expect(!html.lowercased().contains("href") && !html.lowercased().contains("<script"))
        #expect(ReportRenderer.text(document).contains("Oordelen per proces: P-1: 2 overgenomen (67%), 1 niet overgenomen (33%)."))
        #expect(ReportRenderer.markdown(document).contains("Oordelen per proces: P-1: 2 overgenomen (67%), 1 niet overgenomen (33%)."))
        // A bar with a marker: the bar to the value, a line on to the marker, on one scale.
        let bars = ReportChart(
            title: "Dagen", summary: "S", style: .bars, series: [.init("mediaan", tone: 3), .init("langst", tone: 3)],
            rows: [.init(label: "A", values: [10], marker: 40, note: "mediaan 10"), .init(label: "B", values: [20], note: "mediaan 20")])
        let barsHTML = ReportRenderer.html(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.chart(bars)])]))
        #expect(barsHTML.contains("<rect x=\"0\" y=\"22\" width=\"100\" height=\"22\" fill=\"#1d4f7c\"/>"))
        #expect(barsHTML.contains("<line x1=\"100\" y1=\"33\" x2=\"399\" y2=\"33\" stroke=\"#1a1a1a\" stroke-width=\"2\"/>"))
        #expect(barsHTML.contains("width=\"200\" height=\"22\" fill=\"#1d4f7c\"/>"))
        #expect(barsHTML.contains(">langst</text>"))
    }

    @Test("a table with its own text lines: one line per row in plain text, a table everywhere else")
    func tableTextLines() {
        let title = Array(repeating: "lange titel", count: 6).joined(separator: " ")
        let table = ReportTable(
            caption: "Per proces", columns: [.init("proces"), .init("titel"), .init("antwoord")],
            rows: [["P-1", title, "ja"]], textLines: ["P-1 (\(title)): ja"])
        let document = ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])])
        let text = ReportRenderer.text(document)
        #expect(text.contains("Per proces\nP-1 (lange titel lange titel lange titel lange titel lange titel lange titel): ja\n"))
        #expect(!text.contains("------"))
        #expect(ReportRenderer.markdown(document).contains("| proces | titel | antwoord |"))
        #expect(ReportRenderer.html(document).contains("<th scope=\"col\">titel</th>"))
    }

    @Test("a warning stands out in every format")
    func warnings() {
        let document = ReportDocument(
            title: "T", sections: [ReportSection(heading: "S", blocks: [.warning("nog geen enkel antwoord verstuurd.")])])
        #expect(ReportRenderer.text(document).contains("!! Let op: nog geen enkel antwoord verstuurd."))
        #expect(ReportRenderer.markdown(document).contains("**Let op: nog geen enkel antwoord verstuurd.**"))
        #expect(ReportRenderer.html(document).contains("<p class=\"let-op\" role=\"note\">Let op: nog geen enkel antwoord verstuurd.</p>"))
    }

    // MARK: CSV

    @Test func csvIsRFC4180() {
        let table = ReportTable(
            caption: "c", columns: [ReportTable.Column("Naam"), ReportTable.Column("Aantal", numeric: true)],
            rows: [["a, b", "1"], ["zeg \"ja\"", "2"], ["regel\neen", "-3"], ["=1+1"], ["@x", "+4"]])
        let document = ReportDocument(
            title: "T",
            sections: [
                ReportSection(
                    heading: "S", blocks: [.paragraph("p"), .table(table), .table(ReportTable(caption: "b", columns: [], rows: []))])
            ])
        #expect(
            String(decoding: ReportRenderer.csv(document), as: UTF8.self)
                == "Naam,Aantal\r\n\"a, b\",1\r\n\"zeg \"\"ja\"\"\",2\r\n\"regel\neen\",'-3\r\n'=1+1,\r\n'@x,'+4\r\n")
        let excel = ReportRenderer.csv(document, excel: true)
        #expect(Array(excel.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(
            String(decoding: excel.dropFirst(3), as: UTF8.self)
                == "Naam;Aantal\r\n\"a, b\";1\r\n\"zeg \"\"ja\"\"\";2\r\n\"regel\neen\";'-3\r\n'=1+1;\r\n'@x;'+4\r\n")
        #expect(ReportRenderer.csv(ReportDocument(title: "leeg")).isEmpty)
    }

    @Test func csvRoundTripsThroughTheReader() throws {
        let table = alignmentTable()
        let parsed = try CSVReader.parse(
            ReportRenderer.csv(ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.table(table)])]), excel: true))
        #expect(parsed.delimiter == UInt8(ascii: ";"))
        #expect(parsed.header == table.columns.map(\.title))
        #expect(parsed.rows.map(\.fields) == table.rows)
    }

    // MARK: Hostile text

    @Test(arguments: renderedFormats, hostilePayloads)
    func hostileTextStaysInert(format: ReportFormat, payload: String) throws {
        let output = render(hostileDocument(payload), as: format)
        // Nothing that steers a terminal or reorders text, in any format.
        for scalar in output.unicodeScalars {
            let value = scalar.value
            // CSV keeps tabs and line ends inside (quoted) cells; the other formats none.
            let lineEnd = format == .csv && (value == 0x0D || value == 0x09)
            let isControl = (value < 0x20 && value != 0x0A && !lineEnd) || (0x7F...0x9F).contains(value)
            let isFormat = scalar.properties.generalCategory == .format
            #expect(!isControl && !isFormat, "U+\(String(value, radix: 16)) in \(format)")
        }
        #expect(!output.contains("\u{1B}"))
        switch format {
        case .text:
            let hasControls = payload.unicodeScalars.contains { scalar in
                let value = scalar.value
                return (value < 0x20 && !"\n\r\t".unicodeScalars.contains(scalar)) || (0x7F...0x9F).contains(value)
                    || scalar.properties.generalCategory == .format
            }
            #expect(output.contains("<U+") == hasControls, "zichtbaar gemaakt waar de invoer zulke tekens had, en alleen daar")
        case .md:
            try checkMarkdown(output)
        case .html:
            try checkHTML(output)
        case .csv, .json:
            let table = try CSVReader.parse(Array(output.utf8))
            for field in table.header + table.rows.flatMap(\.fields) {
                let first = field.unicodeScalars.first
                #expect(first.map { !"=+-@\t\r".unicodeScalars.contains($0) } ?? true, "formule niet geneutraliseerd: \(field)")
            }
            #expect(table.rows.count == 2)
            #expect(table.rows.allSatisfy { $0.fields.count == 3 })
        }
    }

    private func checkMarkdown(_ markdown: String) throws {
        // Scalars that start markup when they open a line (or the content after our own markup).
        let active: Set<Unicode.Scalar> = ["#", ">", "-", "+", "*", "=", "<", "[", "`", "|", "~", ":", "&", "_"]
        for line in markdown.split(separator: "\n") {
            for scalar in ["<", ">", "[", "]", "`", "&", "~"] as [Unicode.Scalar] {
                #expect(unescapedCount(of: scalar, in: line) == 0, "\(scalar) niet ge-escaped: \(line)")
            }
            if line.hasPrefix("|") {
                #expect(unescapedCount(of: "|", in: line) == 4, "tabelrij met een extra cel: \(line)")
            } else {
                #expect(unescapedCount(of: "|", in: line) == 0, "\(line)")
            }
            guard !line.hasPrefix("| ---") else { continue }
            var rest = Substring(line)
            for prefix in ["### ", "## ", "# ", "- **", "- ", "| ", "**"] where rest.hasPrefix(prefix) {
                rest = rest.dropFirst(prefix.count)
                break
            }
            if let first = rest.unicodeScalars.first {
                #expect(first == "\\" || !active.contains(first), "begint met opmaak: \(line)")
            }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty {
                let next = rest.dropFirst(digits.count).first
                #expect(next != "." && next != ")", "begint een genummerde lijst: \(line)")
            }
        }
    }

    private func checkHTML(_ html: String) throws {
        let allowed: [String: Set<String>] = [
            "html": ["lang"], "head": [], "meta": ["charset", "name", "content", "http-equiv"], "title": [], "style": [],
            "body": [], "header": [], "main": [], "section": ["aria-labelledby"], "h1": [], "h2": ["id"], "h3": [],
            "p": ["class"], "br": [], "wbr": [], "dl": [], "div": ["class", "role", "tabindex", "aria-labelledby", "aria-label"],
            "dt": [], "dd": [], "ul": [], "li": [], "table": [], "caption": ["id"], "thead": [], "tbody": [], "tr": [],
            "th": ["scope", "class"], "td": ["class", "colspan"],
            "svg": ["class", "role", "aria-label", "viewbox", "width", "height"],
            "polygon": ["points", "fill", "stroke", "stroke-width"],
            "text": ["x", "y", "text-anchor", "font-size", "font-weight", "fill"],
        ]
        let attribute = /\s+([a-z-]+)="([^"<>]*)"/.ignoresCase()
        for (name, rest) in tags(html) where !name.hasPrefix("/") {
            let permitted = try #require(allowed[name], "onverwachte tag <\(name)>")
            var remainder = rest
            for match in rest.matches(of: attribute) {
                #expect(permitted.contains(match.output.1.lowercased()), "attribuut \(match.output.1) op <\(name)>")
                #expect(!match.output.2.contains("'") || name == "meta", "\(match.output.2)")
            }
            remainder.replace(attribute, with: "")
            #expect(remainder == "" || remainder == "/", "losse tekst in <\(name)\(rest)>")
        }
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<img"))
        // Outside tags, no quote or angle bracket is left raw.
        let text = html.replacing(/<style>[\s\S]*<\/style>/, with: "").replacing(/<[^>]*>/, with: "")
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("\"") && !text.contains("'"))
    }
}
