import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

@Suite("ReactienotaReport")
struct ReactienotaReportTests {
    func nota(names: Bool = false) throws -> ReactienotaReport {
        let harness = try GriffieFixture.groenestraat()
        let state = try #require(harness.state)
        if names { return ReactienotaReport(state: state, engine: harness.engine, names: GriffieFixture.names) }
        return ReactienotaReport(state: state, engine: harness.engine)
    }

    @Test("inputs are grouped per theme, alphabetically, with inputs without a theme under Overig at the end")
    func themes() throws {
        let nota = try nota()
        #expect(nota.themes.map(\.name) == ["groen", "verkeer", "Overig"])
        #expect(nota.themes.map { $0.inputs.map(\.id) } == [["R-0002", "R-0006"], ["R-0001", "R-0003"], ["R-0004"]])
        #expect(nota.formatVersion == 1)
        #expect(nota.stateLabel.isEmpty == false)
    }

    @Test("counts per verdict over all themes and per theme; no answer yet is counted apart")
    func verdictCounts() throws {
        let nota = try nota()
        #expect(nota.verdicts.map(\.verdict) == Verdict.allCases.map(\.rawValue) + ["geen"])
        #expect(nota.verdicts.map(\.count) == [1, 1, 1, 1, 0, 0, 1])
        #expect(nota.inputs == 5)
        #expect(nota.unanswered == 1)
        let groen = try #require(nota.themes.first)
        #expect(groen.counts.map(\.label) == ["overgenomen", "nog geen antwoord"])
        #expect(groen.counts.map(\.count) == [1, 1])
    }

    @Test("late inputs are counted and marked; withdrawn inputs are listed apart and not counted")
    func lateAndWithdrawn() throws {
        let nota = try nota()
        #expect(nota.late == 1)
        let late = try #require(nota.themes.flatMap(\.inputs).first { $0.late })
        #expect(late.id == "R-0006")
        #expect(late.verdict == nil && late.verdictLabel == "nog geen antwoord")
        #expect(nota.withdrawn.map(\.id) == ["R-0005"])
        #expect(nota.withdrawn.first?.withdrawnReason == "Dubbel ingediend, zie R-0002.")
        #expect(!nota.themes.flatMap(\.inputs).contains { $0.id == "R-0005" })
        let text = ReportRenderer.text(nota.document)
        #expect(text.contains("(te laat)"))
        #expect(text.contains("Ingetrokken reacties"))
    }

    @Test("each input: public name, verdict label, motivation and a summary cut at a word")
    func entries() throws {
        let nota = try nota()
        let all = Dictionary(uniqueKeysWithValues: nota.themes.flatMap(\.inputs).map { ($0.id, $0) })
        let r2 = try #require(all["R-0002"])
        #expect(r2.publicName == "Bewonersvereniging Groenekwartier")
        #expect(r2.verdictLabel == "overgenomen")
        #expect(r2.motivation == "De lindebomen blijven staan; er komen zes nieuwe bij.")
        #expect(all["R-0003"]?.verdictLabel == "niet overgenomen")
        #expect(all["R-0004"]?.summary == "Waarom is dit zo duur?")
        let r1 = try #require(all["R-0001"])
        #expect(r1.summary.hasSuffix("…"))
        #expect(r1.summary.count <= ReactienotaReport.summaryLength + 1)
        let flat = GriffieFixture.longText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let kept = String(r1.summary.dropLast())
        #expect(flat.hasPrefix(kept))
        #expect(flat.dropFirst(kept.count).first == " ", "knipt midden in een woord: \(r1.summary)")
        #expect(r1.writerName == nil && r1.publicName == nil)
    }

    @Test(
        "summaries: white space made single, at most 200 characters, cut at a word and marked with …",
        arguments: [
            ("Kort.", "Kort."),
            ("Waarom\nis dit\n\nzo   duur?", "Waarom is dit zo duur?"),
            (String(repeating: "a", count: 200), String(repeating: "a", count: 200)),
            (String(repeating: "a", count: 201), String(repeating: "a", count: 200) + "…"),
            (String(repeating: "één ", count: 60), String(repeating: "één ", count: 49) + "één…"),
            (String(repeating: "woord, ", count: 40), String(repeating: "woord, ", count: 27) + "woord…"),
        ])
    func summarize(text: String, expected: String) {
        #expect(ReactienotaReport.summarize(text) == expected)
    }

    @Test("CSV gets every input in one table with a theme column; withdrawn last")
    func csvTable() throws {
        let nota = try nota()
        let table = try #require(nota.csvDocument.tables.first)
        #expect(table.columns.map(\.title) == ["Thema", "Kenmerk", "Ontvangen", "Indiener", "Samenvatting", "Oordeel", "Motivering"])
        #expect(table.rows.map { $0[1] } == ["R-0002", "R-0006", "R-0001", "R-0003", "R-0004", "R-0005"])
        #expect(table.rows.map { $0[0] } == ["groen", "groen", "verkeer", "verkeer", "Overig", "ingetrokken"])
    }

    @Test("no writer's name without the names lookup, in any format; with it, in every format")
    func namesOnlyWithLookup() throws {
        let names = Set(GriffieFixture.writerNames.filter { $0.key.hasPrefix("inspraak-2027-001/") }.values)
        let without = try nota()
        var outputs = GriffieFixture.rendered(without.document, csv: without.csvDocument)
        outputs["json"] = try GriffieFixture.json(without)
        outputs["document"] = GriffieFixture.strings(without.document)
        for (format, output) in outputs {
            for name in names { #expect(!output.contains(name), "\(format) bevat \(name)") }
        }
        let with = try nota(names: true)
        #expect(with.withdrawn.first?.writerName == "Bram Dubbelman")
        var withOutputs = GriffieFixture.rendered(with.document, csv: with.csvDocument)
        // Plain text wraps long cells over lines; the document it is made from is checked instead.
        withOutputs["txt"] = nil
        withOutputs["json"] = try GriffieFixture.json(with)
        withOutputs["document"] = GriffieFixture.strings(with.document)
        for (format, output) in withOutputs {
            for name in names { #expect(output.contains(name), "\(format) mist \(name)") }
        }
    }

    @Test("every count reads right in Dutch; snapshots: text, md, html, json and csv of the fixed example store")
    func snapshots() throws {
        let nota = try nota()
        for (format, output) in GriffieFixture.rendered(nota.document, csv: nota.csvDocument) {
            assertGriffieSnapshot(output, named: "reactienota.\(format)")
        }
        assertGriffieSnapshot(try GriffieFixture.json(nota), named: "reactienota.json")
        #expect(DutchCounts.problems(in: nota.document).isEmpty, "\(DutchCounts.problems(in: nota.document))")
    }
}
