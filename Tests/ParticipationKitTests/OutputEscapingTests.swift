import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Every renderer × every format × every hostile string, at the renderer itself, with the
/// text untrimmed in every place a document has: title, subtitle, headings, paragraphs,
/// facts, lists, table captions, column titles (also as a card's labels) and cells, warnings,
/// charts (title, text alternative, row labels and notes, series); iCalendar summaries and
/// descriptions; diagram titles, state and transition labels and outcomes; CSV cells.
@Suite("Output escaping matrix")
struct OutputEscapingTests {
    static func document(_ text: String) -> ReportDocument {
        ReportDocument(
            title: text, subtitle: text,
            sections: [
                ReportSection(
                    heading: text,
                    blocks: [
                        .paragraph(text), .subheading(text), .facts([ReportFact(text, text), ReportFact("Gewoon", text)]),
                        .list([text, "gewoon"]),
                        .table(ReportTable(caption: text, columns: [.init(text), .init("Tekst")], rows: [[text, text], ["R-1", text]])),
                        // A table wide enough to be cards on a phone: its column titles are data-label attributes too.
                        .table(
                            ReportTable(
                                caption: "Kaarten", columns: [.init(text), .init("b"), .init(text), .init("d", numeric: true)],
                                rows: [[text, text, text, "1"]])),
                        .warning(text),
                        .chart(
                            ReportChart(
                                title: text, summary: text, style: .shares, series: [.init(text, tone: 0), .init("gewoon", tone: 6)],
                                rows: [.init(label: text, values: [1, 2], note: text), .init(label: "gewoon", values: [0, 0], note: "")])),
                        .chart(
                            ReportChart(
                                title: text, summary: text, style: .bars, series: [.init(text, tone: 3), .init(text, tone: 3)],
                                rows: [.init(label: text, values: [3], marker: 7, note: text)])),
                    ])
            ])
    }

    @Test("text, Markdown, HTML and CSV of a document with the string everywhere", arguments: HostileText.all)
    func renderers(_ hostile: HostileText) throws {
        let document = Self.document(hostile.text)
        let text = ReportRenderer.text(document)
        #expect(OutputChecks.rawControls(text).isEmpty, "text: \(OutputChecks.rawControls(text))")
        #expect(text.contains(hostile.marker))

        let markdown = ReportRenderer.markdown(document)
        #expect(OutputChecks.rawControls(markdown).isEmpty, "md: \(OutputChecks.rawControls(markdown))")
        #expect(OutputChecks.markdownProblems(markdown).isEmpty, "md: \(OutputChecks.markdownProblems(markdown).prefix(4))")
        #expect(markdown.contains(hostile.marker))

        let html = ReportRenderer.html(document)
        #expect(OutputChecks.rawControls(html).isEmpty, "html: \(OutputChecks.rawControls(html))")
        #expect(OutputChecks.foreignTags(html).isEmpty, "html: \(OutputChecks.foreignTags(html))")
        #expect(html.contains(hostile.marker))

        for excel in [false, true] {
            let csv = ReportRenderer.csv(document, excel: excel)
            let decoded = String(decoding: csv, as: UTF8.self)
            let raw = OutputChecks.rawControls(decoded, tabs: true, crlf: true, byteOrderMark: excel)
            #expect(raw.isEmpty, "csv: \(raw)")
            let formulas = try OutputChecks.formulaCells(csv)
            #expect(formulas.isEmpty, "csv: \(formulas)")
            #expect(try CSVReader.parse(csv).rows.count == 2)
            #expect(decoded.contains(hostile.marker))
        }
    }

    @Test("the participatieparagraaf with the string in every text of the plan, in Markdown, HTML and text", arguments: HostileText.all)
    func paragraaf(_ hostile: HostileText) throws {
        let text = hostile.text
        var answers: [PlanQuestion: String] = [:]
        for question in PlanQuestion.allCases { answers[question] = text }
        let plan = ParticipationPlan(
            project: text, impact: .hoog, participation: true, answers: answers,
            phases: Phase.allCases.map { .init(phase: $0, goal: text, level: .raadplegen, period: text, form: text) },
            stakeholders: [text, "gewoon"],
            kaders: .init(decision: text, date: CivilDate(year: 2026, month: 2, day: 11), summary: text))
        let document = Participatieparagraaf(plan: plan, isConcept: true, planDigest: SHA256.hash(Array(text.utf8))).document

        let markdown = ReportRenderer.markdown(document)
        #expect(OutputChecks.rawControls(markdown).isEmpty, "md: \(OutputChecks.rawControls(markdown))")
        #expect(OutputChecks.markdownProblems(markdown).isEmpty, "md: \(OutputChecks.markdownProblems(markdown).prefix(4))")
        #expect(markdown.contains(hostile.marker))
        #expect(markdown.hasPrefix("# CONCEPT — Participatieparagraaf: "))

        let html = ReportRenderer.html(document)
        #expect(OutputChecks.rawControls(html).isEmpty, "html: \(OutputChecks.rawControls(html))")
        #expect(OutputChecks.foreignTags(html).isEmpty, "html: \(OutputChecks.foreignTags(html))")
        #expect(html.contains(hostile.marker))

        let plain = ReportRenderer.text(document)
        #expect(OutputChecks.rawControls(plain).isEmpty, "text: \(OutputChecks.rawControls(plain))")
        #expect(plain.contains(hostile.marker))
    }

    @Test("CSVWriter neutralises a formula after leading whitespace, and only then", arguments: HostileText.all)
    func csvWriter(_ hostile: HostileText) throws {
        let csv = CSVWriter.render(header: [hostile.text, "x"], rows: [[hostile.text, "x"], ["  " + hostile.text, "\t" + hostile.text]])
        let formulas = try OutputChecks.formulaCells(csv)
        #expect(formulas.isEmpty, "\(formulas)")
        let table = try CSVReader.parse(csv)
        // Every cell reads back as written, apart from the one quote in front.
        for (written, read) in zip(
            [hostile.text, "  " + hostile.text, "\t" + hostile.text],
            [table.rows[0].fields[0], table.rows[1].fields[0], table.rows[1].fields[1]])
        {
            #expect(read == written || read == "'" + written, "\(read.debugDescription)")
        }
    }

    @Test("formula triggers, with and without whitespace in front")
    func formulaTriggers() {
        for cell in ["=1", "+1", "-1", "@A1", "\t1", "\r1", " =1", "\n+1", "\u{A0}@A1", "\u{3000}-1", "＝1+1", "  ＠x"] {
            #expect(CSVWriter.neutralised(cell) == "'" + cell, "\(cell.debugDescription)")
        }
        for cell in ["1", "a=1", "R-1", " a", "", "   ", "é=1", "€-5", "(=)"] {
            #expect(CSVWriter.neutralised(cell) == cell, "\(cell.debugDescription)")
        }
    }

    @Test("iCalendar: escaped, folded, CRLF only, nothing steering", arguments: HostileText.all)
    func iCalendar(_ hostile: HostileText) {
        let calendar = ICalendar(
            name: hostile.text,
            events: [
                ICalendar.Event(
                    uid: ICalendar.uid(["P", hostile.text]), day: TestSupport.day("2026-05-01"), summary: hostile.text,
                    description: hostile.text)
            ])
        let text = calendar.render(stamp: TestSupport.instant("2026-04-01T09:00:00+02:00"))
        #expect(OutputChecks.rawControls(text, tabs: true, crlf: true).isEmpty, "\(OutputChecks.rawControls(text, tabs: true, crlf: true))")
        #expect(OutputChecks.iCalendarProblems(text).isEmpty, "\(OutputChecks.iCalendarProblems(text).prefix(4))")
        #expect(ICalendar.unfold(text).contains(hostile.marker))
        // The UID has only safe characters.
        let uid = ICalendar.unfold(text).components(separatedBy: "\r\n").first { $0.hasPrefix("UID:") } ?? ""
        #expect(uid.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%/@:".contains($0)) }, "\(uid)")
    }

    @Test("Mermaid and DOT with the string in every label", arguments: HostileText.all)
    func diagrams(_ hostile: HostileText) throws {
        let url = TestSupport.repositoryRoot().appendingPathComponent("workflows/inspraak.json")
        var workflow = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let label = hostile.text + "\nSENTINEL"
        workflow["title"] = label
        if var states = workflow["states"] as? [String: [String: Any]] {
            for key in states.keys {
                states[key]?["label"] = label
                if states[key]?["outcome"] != nil { states[key]?["outcome"] = label }
            }
            workflow["states"] = states
        }
        if var transitions = workflow["transitions"] as? [[String: Any]] {
            for index in transitions.indices { transitions[index]["label"] = label }
            workflow["transitions"] = transitions
        }
        let file = try WorkflowFile(bytes: [UInt8](try JSONSerialization.data(withJSONObject: workflow)))
        for format in WorkflowDiagram.Format.allCases {
            let diagram = WorkflowDiagram.render(file.definition, as: format)
            #expect(OutputChecks.rawControls(diagram).isEmpty, "\(format): \(OutputChecks.rawControls(diagram))")
            #expect(diagram.contains(hostile.marker.prefix(4)), "\(format)")
            for line in diagram.components(separatedBy: "\n") {
                #expect(!line.trimmingCharacters(in: .whitespaces).hasPrefix("SENTINEL"), "\(format): \(line)")
                var quotes = 0
                var escaped = false
                for character in line {
                    if escaped {
                        escaped = false
                    } else if character == "\\", format == .dot {
                        escaped = true
                    } else if character == "\"" {
                        quotes += 1
                    }
                }
                #expect(quotes % 2 == 0, "\(format): \(line)")
                if format == .mermaid {
                    // A label never closes its quotes early, adds an arrow or opens a block.
                    #expect(quotes <= 2, "\(line)")
                    let outside = line.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                        .filter { $0.offset % 2 == 0 }.map(\.element).joined()
                    let afterColon = outside.split(separator: ":", maxSplits: 1).dropFirst().first ?? ""
                    #expect(!afterColon.contains("-->") && !afterColon.contains("{") && !afterColon.contains("}"), "\(line)")
                }
            }
        }
    }
}
