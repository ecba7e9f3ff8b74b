import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

@Suite("participatie plan", .serialized)
struct PlanCommandTests {
    let repository = TestSupport.repositoryRoot()
    let tool = Tool(store: "/nonexistent")

    func example(_ name: String) -> String { repository.appendingPathComponent("examples/\(name)").path }

    func digest(_ path: String) throws -> String {
        SHA256.hash([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).hex
    }

    /// All journal lines of a store, as text ("" when there is no journal).
    func journal(_ store: String) -> String {
        let folder = store + "/journal"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        return names.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.joined()
    }

    @Test("plan check on the incomplete example exits 1 and lists its three problems")
    func checkIncomplete() throws {
        let path = example("plan-onvolledig.json")
        let result = try tool.run(["plan", "check", path])
        #expect(result.code == 1, "\(result)")
        let lines = result.out.split(separator: "\n").map(String.init)
        let findings = lines.filter { $0.contains(": fout: [PK") }
        #expect(findings.count == 3)
        #expect(findings[0].hasPrefix("\(path):10:13: fout: [PK110] vraag 3 (\"Waarom welke vorm van participatie wordt gebruikt\")"))
        #expect(findings[1].hasPrefix("\(path):12:16: fout: [PK111] vraag 5 (\"Welke risico’s zijn er"))
        #expect(findings[1].contains("\"n.v.t.\" zonder reden"))
        #expect(findings[2].hasPrefix("\(path):13:19: fout: [PK110] vraag 6"))
        #expect(result.out.contains("\(path): niet compleet: 3 punten."))
        #expect(result.out.contains("SHA-256: \(try digest(path))"))
        #expect(result.err.isEmpty)
    }

    @Test("plan check on the complete examples exits 0", arguments: ["plan-plein.json", "plan-herbestrating.json"])
    func checkComplete(name: String) throws {
        let path = example(name)
        let result = try tool.run(["plan", "check", path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.hasPrefix("\(path): compleet. Alle 7 vragen van punt 9 zijn beantwoord.\n"))
        #expect(result.out.contains("SHA-256: \(try digest(path))"))
        #expect(!result.out.contains("fout:"))
    }

    @Test("plan check --format json gives the findings with their question, and the digest")
    func checkJSON() throws {
        let path = example("plan-onvolledig.json")
        let result = try tool.run(["plan", "check", path, "--format", "json"])
        #expect(result.code == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["complete"] as? Bool == false)
        #expect(object["readable"] as? Bool == true)
        #expect(object["digest"] as? String == (try digest(path)))
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["PK110", "PK111", "PK110"])
        #expect(findings.map { $0["question"] as? Int } == [3, 5, 6])
        #expect(findings.map { $0["pointer"] as? String } == ["/vragen/vorm", "/vragen/risicos", "/vragen/afstemming"])
        #expect(findings.first?["line"] as? Int == 10)
        let questions = try #require(object["questions"] as? [[String: Any]])
        #expect(questions.map { $0["answered"] as? Bool } == [true, true, false, true, false, false, true])
        let plein = try tool.run(["plan", "check", example("plan-plein.json"), "--format", "json"])
        #expect(plein.code == 0)
        #expect(plein.out.contains("\"complete\" : true"))
    }

    @Test("an unreadable or invalid plan exits 65 with file:line:column and a suggestion")
    func checkInvalid() throws {
        let directory = TestSupport.temporaryDirectory("plan")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = directory + "/kapot.json"
        try "{\n  \"formatVersion\": 1,\n  \"project\": \"x\",\n  \"participatei\": true\n}\n".write(
            toFile: broken, atomically: true, encoding: .utf8)
        var result = try tool.run(["plan", "check", broken])
        #expect(result.code == 65)
        #expect(result.out.contains("\(broken):4:3: fout: [PK102] onbekende sleutel \"participatei\"; bedoelt u \"participatie\"?"))
        #expect(result.out.contains("het participatieplan is niet te lezen"))
        result = try tool.run(["plan", "check", broken, "--format", "json"])
        #expect(result.code == 65)
        #expect(result.out.contains("\"readable\" : false"))
        result = try tool.run(["plan", "check", directory + "/bestaat-niet.json"])
        #expect(result.code == 65)
        #expect(result.err.contains("Kan \(directory)/bestaat-niet.json niet lezen"))
        #expect(try tool.run(["plan", "check"]).code == 64)
    }

    @Test("plan paragraph prints the paragraph's document as Markdown, through the report renderer")
    func paragraph() throws {
        let path = example("plan-plein.json")
        let result = try tool.run(["plan", "paragraph", path])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.err.isEmpty)
        let file = try PlanFile(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
        let document = Participatieparagraaf(plan: file.plan, planDigest: file.digest).document
        #expect(result.out == ReportRenderer.markdown(document))
        #expect(result.out.hasPrefix("# Participatieparagraaf: Herinrichting Plein 1944\n"))
        #expect(result.out.contains("### 7\\. Evaluatie\n\nVraag: Hoe er wordt geëvalueerd.\n"))
        let html = try tool.run(["plan", "paragraph", path, "--format", "html"])
        #expect(html.out == ReportRenderer.html(document))
        let herbestrating = try tool.run(["plan", "paragraph", example("plan-herbestrating.json"), "--format", "md"])
        #expect(herbestrating.code == 0)
        #expect(herbestrating.out.contains("Inwoners doen niet mee aan dit project."))
    }

    @Test("plan paragraph refuses an incomplete plan with the findings, unless --concept")
    func paragraphIncomplete() throws {
        let path = example("plan-onvolledig.json")
        let refused = try tool.run(["plan", "paragraph", path])
        #expect(refused.code == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err.components(separatedBy: ": fout: [PK").count - 1 == 3)
        #expect(refused.err.contains("Er is geen paragraaf gemaakt"))
        #expect(refused.err.contains("--concept"))
        let concept = try tool.run(["plan", "paragraph", path, "--concept"])
        #expect(concept.code == 0, "\(concept.err)")
        #expect(concept.out.hasPrefix("# CONCEPT — Participatieparagraaf: Speelplek Lindeplein\n"))
        #expect(concept.out.contains("\n\nCONCEPT. Gebruik deze tekst nog niet in een raadsvoorstel."))
        #expect(concept.out.contains("\n\nNog niet beantwoord.\n"))
        // A complete plan can be a concept too.
        let draft = try tool.run(["plan", "paragraph", example("plan-plein.json"), "--concept"])
        #expect(draft.out.hasPrefix("# CONCEPT — "))
        #expect(!draft.out.contains("open punt"))
    }

    @Test("plan paragraph --out writes the file in one go; HTML is not there yet")
    func paragraphOut() throws {
        let directory = TestSupport.temporaryDirectory("plan")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/paragraaf.md"
        try "oud".write(toFile: target, atomically: true, encoding: .utf8)
        let result = try tool.run(["plan", "paragraph", example("plan-plein.json"), "--out", target])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out == "Participatieparagraaf geschreven naar \(target).\n")
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written == (try tool.run(["plan", "paragraph", example("plan-plein.json")])).out)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["paragraaf.md"])
        // An incomplete plan leaves the old file alone.
        let refused = try tool.run(["plan", "paragraph", example("plan-onvolledig.json"), "--out", target])
        #expect(refused.code == 1)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == written)
        let missing = try tool.run(["plan", "paragraph", example("plan-plein.json"), "--out", directory + "/geen/map/p.md"])
        #expect(missing.code == 74)
        let html = try tool.run(["plan", "paragraph", example("plan-plein.json"), "--format", "html"])
        #expect(html.code == 0, "\(html.err)")
        #expect(html.out.hasPrefix("<!doctype html>"))
        #expect(html.out.contains("<html lang=\"nl\">"))
        #expect(html.out.contains("Participatieparagraaf: Herinrichting Plein 1944"))
        #expect(html.out.contains("<th scope=\"col\" role=\"columnheader\">Fase</th>"))
        #expect(!html.out.contains("<script"))
        for question in PlanQuestion.allCases { #expect(html.out.contains(question.title.replacingOccurrences(of: "’", with: "’"))) }
        #expect(try tool.run(["plan", "paragraph", example("plan-plein.json"), "--format", "pdf"]).code == 64)
    }

    @Test("start --plan records the plan's digest and completeness in the journal")
    func startWithPlan() throws {
        let directory = TestSupport.temporaryDirectory("plan-start")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/store"
        let tool = Tool(store: store)
        let plein = example("plan-plein.json")
        var result = try tool.run([
            "start", "nijmegen-participatie", "--title", "Herinrichting Plein 1944", "--id", "PLEIN-1", "--plan", plein,
        ])
        #expect(result.code == 0, "\(result)")
        let hex = try digest(plein)
        #expect(result.out.contains("Participatieplan: \(plein), compleet (SHA-256 \(hex))."))
        #expect(result.out.contains("Impact: hoog (uit het participatieplan)."))
        #expect(journal(store).contains("\"planDigest\":\"\(hex)\",\"planComplete\":true"))
        #expect(journal(store).contains("\"impact\":\"hoog\""))
        #expect(try tool.status("PLEIN-1")["state"] as? String == "voorbereiding")

        // An incomplete plan may start, with a clear warning.
        let draft = example("plan-onvolledig.json")
        result = try tool.run(["start", "nijmegen-participatie", "--title", "Speelplek", "--id", "SPEEL-1", "--plan", draft])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("NIET compleet: 3 punten"))
        #expect(result.out.contains("{\"plan\": \"complete\"}"))
        #expect(journal(store).contains("\"planDigest\":\"\(try digest(draft))\",\"planComplete\":false"))

        // A plan with another impact than --attr is refused.
        let before = journal(store)
        result = try tool.run(["start", "nijmegen-participatie", "--title", "X", "--plan", plein, "--attr", "impact=laag"])
        #expect(result.code == 65)
        #expect(result.err.contains("--attr impact=laag past niet bij het plan"))
        // So is a plan for another workflow.
        result = try tool.run(["start", "inspraak", "--title", "X", "--plan", plein, "--attr", "impact=hoog"])
        #expect(result.code == 65)
        #expect(result.err.contains("is een plan voor werkstroom nijmegen-participatie, niet voor inspraak"))
        #expect(journal(store) == before)
    }

    @Test("an invalid or unreadable plan makes start write nothing")
    func startWithInvalidPlan() throws {
        let directory = TestSupport.temporaryDirectory("plan-invalid")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = directory + "/store"
        let tool = Tool(store: store)
        let broken = directory + "/kapot.json"
        try "{\"formatVersion\": 1, \"project\": \"x\", \"fasen\": [{\"fase\": \"nadenken\"}]}".write(
            toFile: broken, atomically: true, encoding: .utf8)
        // A fresh store is not even created.
        var result = try tool.run(["start", "nijmegen-participatie", "--title", "X", "--attr", "impact=laag", "--plan", broken])
        #expect(result.code == 65)
        #expect(result.err.contains("\(broken):1:57: fout: [PK105] onbekende fase \"nadenken\"; bedoelt u \"denken\"?"))
        #expect(result.err.contains("Het proces is niet gestart."))
        #expect(result.out.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store))
        // An existing store keeps its journal byte for byte.
        #expect(try tool.run(["start", "inspraak", "--title", "Eerst", "--attr", "impact=laag"]).code == 0)
        let before = journal(store)
        #expect(!before.isEmpty)
        result = try tool.run(["start", "nijmegen-participatie", "--title", "X", "--attr", "impact=laag", "--plan", broken])
        #expect(result.code == 65)
        result = try tool.run([
            "start", "nijmegen-participatie", "--title", "X", "--attr", "impact=laag", "--plan", directory + "/geen.json",
        ])
        #expect(result.code == 65)
        #expect(journal(store) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/definitions").count == 1)
    }

    @Test("a {\"plan\": \"complete\"} requirement passes with a complete plan and refuses an incomplete or missing one")
    func planCompleteRequirement() throws {
        let directory = TestSupport.temporaryDirectory("plan-requirement")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        let workflow = directory + "/plantoets.json"
        try """
        {
          "formatVersion": 1, "id": "plantoets", "version": "1", "title": "Plantoets",
          "roles": { "projectleider": "Projectleider" },
          "inputKinds": { "reactie": { "label": "Reactie" } },
          "initial": "voorbereiding",
          "states": {
            "voorbereiding": { "label": "Voorbereiding" },
            "klaar": { "label": "Klaar", "final": true }
          },
          "transitions": [
            { "name": "starten", "from": ["voorbereiding"], "to": "klaar", "by": ["projectleider"],
              "requires": [ { "plan": "complete" } ] }
          ]
        }
        """.write(toFile: workflow, atomically: true, encoding: .utf8)
        // No state accepts inputs: a workflow where reactions reach the end without a decision
        // (PK030, PK031) would not start.
        // The example plans name nijmegen-participatie; these copies name no workflow.
        func copy(_ name: String) throws -> String {
            let text = try String(contentsOfFile: example(name), encoding: .utf8)
                .replacingOccurrences(of: "\"workflow\": \"nijmegen-participatie\",", with: "")
            let path = directory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        #expect(try tool.run(["start", workflow, "--title", "Compleet", "--id", "A", "--plan", try copy("plan-plein.json")]).code == 0)
        #expect(
            try tool.run(["start", workflow, "--title", "Onvolledig", "--id", "B", "--plan", try copy("plan-onvolledig.json")]).code == 0)
        #expect(try tool.run(["start", workflow, "--title", "Zonder plan", "--id", "C"]).code == 0)

        var result = try tool.run(["advance", "A", "starten"])
        #expect(result.code == 0, "\(result)")
        result = try tool.run(["advance", "B", "starten"])
        #expect(result.code == 1)
        #expect(result.err.contains("Het gekoppelde participatieplan is niet compleet"))
        result = try tool.run(["advance", "C", "starten"])
        #expect(result.code == 1)
        #expect(result.err.contains("Er is geen participatieplan"))
        #expect(result.err.contains("participatie plan attach C PLAN"))

        // A completed plan attached later lifts the refusal; the journal keeps both plans.
        let complete = try copy("plan-plein.json")
        result = try tool.run(["plan", "attach", "B", complete])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("gekoppeld aan B: compleet (SHA-256 \(try digest(complete)))"))
        #expect(try tool.run(["status", "B"]).out.contains("Participatieplan: compleet (SHA-256 \(try digest(complete)))"))
        #expect(try tool.run(["advance", "B", "starten"]).code == 0)
        #expect(try tool.run(["plan", "attach", "C", complete]).code == 0)
        #expect(try tool.run(["advance", "C", "starten"]).code == 0)
        // Refused: a closed process, the same plan twice; an unreadable plan writes nothing.
        #expect(try tool.run(["plan", "attach", "A", complete]).code == 1)
        #expect(try tool.run(["plan", "attach", "B", complete]).code == 1)
        let before = journal(directory + "/store")
        let broken = directory + "/kapot.json"
        try "{\"formatVersion\": 1, \"projct\": \"x\"}".write(toFile: broken, atomically: true, encoding: .utf8)
        result = try tool.run(["plan", "attach", "B", broken])
        #expect(result.code == 65)
        #expect(result.err.contains("[PK102]"))
        #expect(journal(directory + "/store") == before)
        #expect(try tool.run(["verify"]).code == 0)
    }

    @Test("--help for both plan commands, in Dutch", arguments: [["plan", "check"], ["plan", "paragraph"], ["plan", "attach"]])
    func help(words: [String]) throws {
        let result = try tool.run(words + ["--help"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Gebruik: participatie \(words.joined(separator: " ")) "))
        #expect(result.out.components(separatedBy: "\n").first?.contains("PLAN.json") == true)
        #expect(try tool.run(["--help"]).out.contains("  \(words.joined(separator: " ")) "))
    }

    @Test("the help texts explain the n.v.t. rule, the exit codes, --concept and --out")
    func helpContent() throws {
        let check = try tool.run(["plan", "check", "--help"]).out
        #expect(check.contains("\"n.v.t.\""))
        #expect(check.contains("minstens 4 woorden"))
        #expect(check.contains("0 compleet, 1 niet compleet, 65"))
        let paragraph = try tool.run(["plan", "paragraph", "--help"]).out
        #expect(paragraph.contains("--concept"))
        #expect(paragraph.contains("--out BESTAND"))
        #expect(paragraph.contains("CONCEPT"))
        let group = try tool.run(["plan"])
        #expect(group.code == 0)
        #expect(group.out.contains("plan check — "))
        #expect(group.out.contains("plan paragraph — "))
        let start = try tool.run(["start", "--help"]).out
        #expect(start.contains("--plan PLAN.md|PLAN.json"))
        #expect(start.contains("Markdown"))
    }
}
