import Foundation
import ParticipationKitTestSupport
import Testing

/// Hostile text in an input's text, its writer's public name and its theme goes through every
/// report in every format without becoming active: no HTML element, no spreadsheet formula,
/// no broken Markdown table row, no terminal escape.
@Suite("Report escaping")
struct ReportEscapingTests {
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"
    static let formula = "=HYPERLINK(\"http://x\")"

    static func store(_ directory: String) throws -> Tool {
        var tool = Tool(store: directory + "/store")
        func must(_ arguments: [String]) throws {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.err)")
        }
        tool.now = "2026-03-13T10:00:00+01:00"
        try must(["start", "inspraak", "--id", "P", "--title", "Plein \(script)", "--attr", "impact=laag"])
        try must(["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"])
        tool.now = "2026-03-16T09:00:00+01:00"
        try must(["advance", "P", "terInzageLeggen"])
        tool.now = "2026-03-20T09:00:00+01:00"
        try must([
            "input", "add", "P", "--kind", "inspraakreactie", "--id", "R-1", "--text", "\(script) \(image) | a\nb \u{1B}[31m",
            "--public-name", image, "--theme", formula,
        ])
        try must([
            "input", "add", "P", "--kind", "inspraakreactie", "--id", "R-2", "--text", formula, "--public-name", formula, "--theme", script,
        ])
        try must(["feedback", "add", "P", "R-1", "--verdict", "deels", "--reason", "\(formula) \(script)"])
        // The letter register too, with the same text in a letter's point.
        try must(["start", "ingekomen-stuk", "--id", "B", "--title", "Brief \(image)", "--as", "griffie"])
        try must([
            "input", "add", "B", "--kind", "punt", "--id", "B-1", "--text", script, "--public-name", formula, "--theme", image, "--as",
            "griffie",
        ])
        tool.now = "2026-04-01T09:00:00+02:00"
        return tool
    }

    static let commands: [[String]] = [
        ["report", "audit"], ["report", "register"], ["report", "reactienota", "P"], ["deadlines", "--within", "365"],
    ]

    @Test("every report in every format keeps hostile text inert", arguments: commands)
    func inert(_ command: [String]) throws {
        let directory = TestSupport.temporaryDirectory("escaping")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.store(directory)
        for format in ["text", "md", "html", "json", "csv"] {
            let result = try tool.run(command + ["--format", format])
            #expect(result.code == 0, "\(command) \(format): \(result.err)")
            let out = result.out
            #expect(!out.contains("\u{1B}"), "\(command) \(format): ESC in de uitvoer")
            switch format {
            case "html":
                #expect(!out.contains("<script"), "\(command): <script")
                #expect(!out.contains("<img"), "\(command): <img")
                // The hostile text is there, as text: the test is not vacuous.
                if command.first == "report" {
                    #expect(out.contains("&lt;script&gt;") || out.contains("&lt;img"), "\(command): de vijandige tekst ontbreekt")
                }
            case "csv":
                let cells = out.components(separatedBy: CharacterSet(charactersIn: ",;\r\n")).map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
                #expect(!cells.contains { $0.hasPrefix("=") || $0.hasPrefix("@") || $0.hasPrefix("+") }, "\(command): formule in CSV")
            case "md":
                #expect(out.range(of: #"(?<!\\)<(script|img)"#, options: .regularExpression) == nil, "\(command): HTML in Markdown")
                // Every row of a table has as many cell borders as its header: an escaped pipe never ends a cell.
                var borders: Int?
                for line in out.components(separatedBy: "\n") {
                    guard line.hasPrefix("|") else {
                        borders = nil
                        continue
                    }
                    let count = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
                    if let borders { #expect(count == borders, "\(command): tabelrij gebroken: \(line)") } else { borders = count }
                }
            case "json":
                #expect(try JSONSerialization.jsonObject(with: Data(out.utf8)) is [String: Any], "\(command): geen geldige JSON")
            default:
                break
            }
        }
    }
}
