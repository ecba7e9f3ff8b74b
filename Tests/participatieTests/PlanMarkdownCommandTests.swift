import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

@Suite("participatie plan new and Markdown plans", .serialized)
struct PlanMarkdownCommandTests {
    let tool = Tool(store: "/nonexistent")

    /// All journal lines of a store, as text ("" when there is no journal).
    func journal(_ store: String) -> String {
        let folder = store + "/journal"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        return names.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.joined()
    }

    /// The form with an answer under each question's hint, except the questions in `open`.
    func fillIn(_ form: String, project: String, leaving open: Set<Int> = []) -> String {
        var lines = form.components(separatedBy: "\n")
        lines[0] = "# Participatieplan: \(project)"
        for question in PlanQuestion.allCases.reversed() where !open.contains(question.number) {
            guard let heading = lines.firstIndex(of: "## \(question.number). \(question.wording)") else { continue }
            lines.insert("Antwoord op vraag \(question.number): dit is een “echte” zin,", at: heading + 4)
            lines.insert("over twee regels, zoals Word hem plakt.", at: heading + 5)
        }
        return lines.joined(separator: "\n")
            .replacingOccurrences(of: "\nImpact:\n", with: "\nImpact: midden\n")
            .replacingOccurrences(of: "\nParticipatie:\n", with: "\nParticipatie: ja\n")
            .replacingOccurrences(of: "\n- \n", with: "\n- Bewoners rond het plein\n")
    }

    @Test("plan new prints the form to standard output; --workflow and --project fill in what they know")
    func printsForm() throws {
        var result = try tool.run(["plan", "new"])
        #expect(result.code == 0, "\(result)")
        #expect(result.err.isEmpty)
        #expect(result.out == PlanTemplate(checkHint: "Controleer het plan met: participatie plan check PLAN.md").markdown)
        result = try tool.run(["plan", "new", "--workflow", "nijmegen-participatie", "--project", "Speelplek Lindeplein"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.hasPrefix("# Participatieplan: Speelplek Lindeplein\n"))
        #expect(result.out.contains("\nWerkstroom: nijmegen-participatie\n"))
        #expect(result.out.contains("### Samen doen\n\n> Uit de werkstroom: de stap \"Samen doen\"."))
        #expect(result.out.contains("\nNiveau: coproduceren\n"))
        result = try tool.run(["plan", "new", "--workflow", "bestaat-niet"])
        #expect(result.code == 65)
        #expect(result.out.isEmpty)
        #expect(try tool.run(["plan", "new", "extra"]).code == 64)
    }

    @Test("plan new --out writes a new file, and never over an existing one")
    func refusesToOverwrite() throws {
        let directory = TestSupport.temporaryDirectory("plan-new")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/plan.md"
        var result = try tool.run(["plan", "new", "--out", path])
        #expect(result.code == 0, "\(result)")
        #expect(
            result.out == "Participatieplan geschreven naar \(path). Vul het in en controleer het met: participatie plan check \(path)\n")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == PlanTemplate(checkHint: "Controleer het plan met: participatie plan check \(path)").markdown)

        // Filled in, then plan new again with the same name: refused, the filled-in plan untouched.
        let filled = fillIn(written, project: "Speelplek")
        try filled.write(toFile: path, atomically: true, encoding: .utf8)
        result = try tool.run(["plan", "new", "--workflow", "inspraak", "--out", path])
        #expect(result.code == 1)
        #expect(result.out.isEmpty)
        #expect(
            result.err.contains(
                "\(path) bestaat al. participatie plan new schrijft nooit over een bestaand bestand: er is niets geschreven."))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == filled)
        // A dangling symbolic link is a name that is taken, too; nothing is made where it points.
        let link = directory + "/link.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory + "/elders.md")
        #expect(try tool.run(["plan", "new", "--out", link]).code == 1)
        #expect(!FileManager.default.fileExists(atPath: directory + "/elders.md"))
        // No leftovers beside the plan.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["link.md", "plan.md"])
        // A folder that does not exist is an I/O error; nothing is made.
        #expect(try tool.run(["plan", "new", "--out", directory + "/geen/map/plan.md"]).code == 74)
    }

    @Test("round trip: plan new → fill in → plan check names what is missing by line → complete → start --plan")
    func roundTrip() throws {
        let directory = TestSupport.temporaryDirectory("plan-roundtrip")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/store"
        let tool = Tool(store: store)
        let path = directory + "/plan.md"
        #expect(try tool.run(["plan", "new", "--workflow", "nijmegen-participatie", "--out", path]).code == 0)
        let form = try String(contentsOfFile: path, encoding: .utf8)

        // The empty form: readable, one finding per question, at that question's heading.
        var result = try tool.run(["plan", "check", path])
        #expect(result.code == 1, "\(result)")
        let formLines = form.components(separatedBy: "\n")
        for question in PlanQuestion.allCases {
            let line = (formLines.firstIndex { $0.hasPrefix("## \(question.number). ") } ?? -1) + 1
            #expect(result.out.contains("\(path):\(line):1: fout: [PK110] vraag \(question.number) "), "vraag \(question.number)")
        }
        #expect(result.out.contains("[PK115] het project heeft geen naam"))
        #expect(!result.out.contains("(/vragen"), "no JSON Pointers in findings about a Markdown plan")

        // Filled in but for question 6, with Windows line ends and a byte order mark.
        let partial = fillIn(form, project: "Speelplek Lindeplein", leaving: [6])
        try Data([0xEF, 0xBB, 0xBF] + Array(partial.replacingOccurrences(of: "\n", with: "\r\n").utf8)).write(
            to: URL(fileURLWithPath: path))
        result = try tool.run(["plan", "check", path])
        #expect(result.code == 1, "\(result)")
        let sixth = (partial.components(separatedBy: "\n").firstIndex { $0.hasPrefix("## 6. ") } ?? -1) + 1
        #expect(result.out.hasPrefix("\(path):\(sixth):1: fout: [PK110] vraag 6 "))
        #expect(result.out.contains("\(path): niet compleet: 1 punt."))
        let json = try tool.run(["plan", "check", path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["form"] as? String == "markdown")
        #expect(object["encoding"] as? String == "utf8")
        #expect((object["findings"] as? [[String: Any]])?.map { $0["question"] as? Int } == [6])
        #expect((object["findings"] as? [[String: Any]])?.first?["line"] as? Int == sixth)

        // Complete: it checks, starts a process and lets samen denken begin.
        let complete = fillIn(form, project: "Speelplek Lindeplein")
        try complete.write(toFile: path, atomically: true, encoding: .utf8)
        result = try tool.run(["plan", "check", path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.hasPrefix("\(path): compleet. Alle 7 vragen van punt 9 zijn beantwoord.\n"))
        result = try tool.run(["start", "nijmegen-participatie", "--title", "Speelplek", "--id", "SPEEL", "--plan", path])
        #expect(result.code == 0, "\(result)")
        let digest = SHA256.hash(Array(complete.utf8)).hex
        #expect(result.out.contains("Participatieplan: \(path), compleet (SHA-256 \(digest))."))
        #expect(result.out.contains("Impact: midden (uit het participatieplan)."))
        #expect(journal(store).contains("\"planDigest\":\"\(digest)\",\"planComplete\":true"))
        #expect(try tool.run(["status", "SPEEL"]).out.contains("Participatieplan: compleet"))
        #expect(try tool.run(["advance", "SPEEL", "startDenken"]).code == 0)
        result = try tool.run(["plan", "paragraph", path])
        #expect(result.code == 0)
        #expect(result.out.contains("Antwoord op vraag 1: dit is een “echte” zin,\nover twee regels, zoals Word hem plakt."))
    }

    @Test("a Markdown plan in Windows-1252 reads, and every command that reads it says so")
    func windows1252() throws {
        let directory = TestSupport.temporaryDirectory("plan-1252")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        let form = try tool.run(["plan", "new", "--workflow", "nijmegen-participatie"]).out
        let text = fillIn(form, project: "Café “De Linde”")
        let path = directory + "/plan.md"
        try #require(text.data(using: .windowsCP1252)).write(to: URL(fileURLWithPath: path))
        let note = "Let op: \(path) is gelezen als Windows-1252 (geen UTF-8)."
        var result = try tool.run(["plan", "check", path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains(note))
        #expect(result.out.contains("Project: Café “De Linde”"))
        result = try tool.run(["plan", "check", path, "--format", "json"])
        #expect(result.out.contains("\"encoding\" : \"windows1252\""))
        result = try tool.run(["plan", "paragraph", path])
        #expect(result.err.contains(note))
        #expect(result.out.hasPrefix("# Participatieparagraaf: Café “De Linde”"))
        result = try tool.run(["start", "nijmegen-participatie", "--title", "X", "--id", "X", "--plan", path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains(note))
        result = try tool.run(["plan", "attach", "X", path])
        #expect(result.code == 1, "the same plan twice is refused")
    }

    @Test("an unreadable Markdown plan: exit 65, file:line:column without pointer, and start writes nothing")
    func unreadable() throws {
        let directory = TestSupport.temporaryDirectory("plan-md-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/store"
        let tool = Tool(store: store)
        let path = directory + "/plan.md"
        try "# Participatieplan: X\n\nImpact: hoog\n\n## Risico’s\n\nVeel.\n".write(toFile: path, atomically: true, encoding: .utf8)
        var result = try tool.run(["plan", "check", path])
        #expect(result.code == 65)
        #expect(result.out.hasPrefix("\(path):5:4: fout: [PK102] onbekende kop \"## Risico’s\"; bedoelt u \"## 5. Welke risico’s zijn er"))
        #expect(!result.out.contains("(/"))
        #expect(result.out.contains("het participatieplan is niet te lezen"))
        result = try tool.run(["start", "inspraak", "--title", "X", "--attr", "impact=hoog", "--plan", path])
        #expect(result.code == 65)
        #expect(result.err.contains("Het proces is niet gestart."))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("a JSON plan broken by Word's curly quotes says how to fix it, and where the Markdown form starts")
    func jsonPaste() throws {
        let directory = TestSupport.temporaryDirectory("plan-json-paste")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/plan.json"
        try "{\n  \"formatVersion\": 1,\n  \"project\": “Plein”\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try tool.run(["plan", "check", path])
        #expect(result.code == 65)
        #expect(result.out.contains("\(path):3:14: fout: [PK101] geen geldige JSON. Er staat een gekruld aanhalingsteken"))
        #expect(!result.out.contains("0xe2"))
        #expect(result.out.contains("begint u met: participatie plan new --out PLAN.md"))
    }

    @Test("plan new --help is Dutch and explains hints, Word paste and the refusal to overwrite")
    func help() throws {
        let result = try tool.run(["plan", "new", "--help"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Gebruik: participatie plan new [--workflow WERKSTROOM] [--project NAAM] [--out PLAN.md]\n"))
        #expect(result.out.contains("Regels die met > beginnen zijn uitleg"))
        #expect(result.out.contains("schrijven we niets (afsluitcode 1)"))
        #expect(try tool.run(["--help"]).out.contains("  plan new "))
        let check = try tool.run(["plan", "check", "--help"]).out
        #expect(check.contains("Een plan is Markdown (.md"))
    }
}
