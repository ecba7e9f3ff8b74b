import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// The gate itself, through the built tool: the reproductions of the law issue. A withdrawal
/// needs the writer's request; a closed process takes nothing new; `start` refuses what
/// `validate` rejects; `validate --strict` asks why a kind needs no answer.
@Suite("participatie: the gate itself", .serialized)
struct GateCommandTests {
    /// An inspraak ter inzage with one reaction R-0001 (with the writer's name, so it can be erased).
    static func inspraakWithOneReaction(_ tool: inout Tool, process p: String) throws {
        tool.now = "2026-03-13T10:00:00+01:00"
        try require(tool.run(["start", "inspraak", "--id", p, "--title", "Speelplek Hazenkamp", "--attr", "impact=midden"]))
        try require(tool.run(["document", "add", p, "--kind", "ontwerp", "--ref", "Z-2026-0142"]))
        tool.now = "2026-03-16T09:00:00+01:00"
        try require(tool.run(["advance", p, "terInzageLeggen"]))
        tool.now = "2026-04-02T10:00:00+02:00"
        try require(tool.run(["input", "add", p, "--kind", "inspraakreactie", "--text", "Graag een schommel.", "--author", "A. de Boer"]))
    }

    static func require(_ result: (code: Int32, out: String, err: String)) throws {
        try #require(result.code == 0, "\(result)")
    }

    @Test("input withdraw without --evidence is refused (exit 1) naming what is missing; the only reaction still holds the decision back")
    func withdrawNeedsEvidence() throws {
        let directory = TestSupport.temporaryDirectory("gate-withdraw")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        let p = "P"
        try Self.inspraakWithOneReaction(&tool, process: p)

        tool.now = "2026-04-03T10:00:00+02:00"
        var result = try tool.run(["input", "withdraw", p, "R-0001", "--reason", "Niet relevant."])
        #expect(result.code == 1, "\(result)")
        #expect(result.err.contains("Inbreng intrekken: Leg vast waar het verzoek van de indiener staat"), "\(result.err)")
        #expect(result.err.contains("Geef het verzoek met --evidence VERWIJZING."), "\(result.err)")
        result = try tool.run(["input", "withdraw", p, "R-0001"])
        #expect(result.code == 1)
        #expect(result.err.contains("Geef de reden van intrekking. Geef die met --reason."), "\(result.err)")
        #expect(result.err.contains("--evidence VERWIJZING"), "\(result.err)")
        #expect(try tool.counts(p)["withdrawn"] == 0)

        // The reproduction: the decision stays refused while the only reaction has no answer.
        tool.now = "2026-04-29T10:00:00+02:00"
        try Self.require(tool.run(["advance", p, "inzageSluiten"]))
        try Self.require(tool.run(["document", "add", p, "--kind", "reactienota", "--ref", "Z-2026-0150"]))
        tool.actor = "college"
        result = try tool.run(["advance", p, "besluiten"])
        #expect(result.code == 1)
        #expect(result.err.contains("1 inspraakreactie heeft nog geen antwoord: R-0001."), "\(result.err)")

        // With the writer's request it is withdrawn, and the decision and the audit say so.
        tool.actor = "projectleider"
        result = try tool.run([
            "input", "withdraw", p, "R-0001", "--reason", "De indiener ziet af van zijn reactie.", "--evidence",
            "E-mail van de indiener, DMS 2026-0311",
        ])
        #expect(result.code == 0, "\(result)")
        tool.actor = "college"
        tool.now = "2026-05-05T10:00:00+02:00"
        result = try tool.run(["advance", p, "besluiten"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("1 stuk inbreng is ingetrokken en telde niet mee: R-0001."), "\(result.out)")
        // Markdown: no line is wrapped.
        result = try tool.run(["report", "audit", p, "--format", "md"])
        #expect(result.code == 0, "\(result)")
        #expect(!result.out.contains("was er geen inbreng die een antwoord nodig had"), "\(result.out)")
        #expect(result.out.contains("omdat de enige inbreng was ingetrokken"), "\(result.out)")
        #expect(result.out.contains("Ingetrokken inbreng"))
        #expect(result.out.contains("E-mail van de indiener, DMS 2026-0311"))
        #expect(result.out.contains("De indiener ziet af van zijn reactie."))
        result = try tool.run(["report", "audit", p, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let process = try #require((json["processes"] as? [[String: Any]])?.first)
        let withdrawals = try #require(process["withdrawals"] as? [[String: Any]])
        #expect(withdrawals.first?["evidence"] as? String == "E-mail van de indiener, DMS 2026-0311")
        // The journal line carries it.
        let journal = try String(contentsOfFile: tool.store + "/journal/000001.jsonl", encoding: .utf8)
        #expect(journal.contains(#""evidence":"E-mail van de indiener, DMS 2026-0311""#))
    }

    @Test("a closed process refuses new inputs, new and changed answers, withdrawals, sending and documents (exit 1); redact still works")
    func closedProcess() throws {
        let directory = TestSupport.temporaryDirectory("gate-closed")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        let p = "P"
        try Self.inspraakWithOneReaction(&tool, process: p)
        tool.now = "2026-04-20T10:00:00+02:00"
        try Self.require(tool.run(["feedback", "add", p, "R-0001", "--verdict", "overgenomen", "--reason", "De schommel komt er."]))
        tool.now = "2026-04-29T10:00:00+02:00"
        try Self.require(tool.run(["advance", p, "inzageSluiten"]))
        try Self.require(tool.run(["document", "add", p, "--kind", "reactienota", "--ref", "Z-2026-0150"]))
        tool.actor = "college"
        try Self.require(tool.run(["advance", p, "besluiten"]))
        tool.actor = "projectleider"
        try Self.require(tool.run(["feedback", "sent", p, "--all"]))
        try Self.require(tool.run(["advance", p, "afronden"]))
        #expect(try tool.status(p)["isFinal"] as? Bool == true)
        let journal = tool.store + "/journal/000001.jsonl"
        let before = try String(contentsOfFile: journal, encoding: .utf8)

        tool.now = "2026-05-20T10:00:00+02:00"
        let refused: [[String]] = [
            ["input", "add", p, "--kind", "inspraakreactie", "--text", "Nog een reactie."],
            ["feedback", "add", p, "R-0001", "--verdict", "deels", "--reason", "Toch maar deels."],
            ["input", "withdraw", p, "R-0001", "--reason", "Ziet ervan af.", "--evidence", "Brief Z-2026-0400"],
            ["feedback", "sent", p, "R-0001"],
            ["feedback", "sent", p, "--all"],
            ["document", "add", p, "--kind", "reactienota", "--ref", "Z-2026-0151"],
        ]
        for arguments in refused {
            let result = try tool.run(arguments)
            #expect(result.code == 1, "\(arguments): \(result)")
            #expect(result.err.contains("Het proces is afgesloten (\"Afgerond\" met uitkomst vastgesteld)."), "\(arguments): \(result.err)")
        }
        let input = try tool.run(refused[0])
        #expect(input.err.contains("Registreer hem in een nieuw proces"), "\(input.err)")
        let csv = directory + "/extra.csv"
        try "soort;tekst\ninspraakreactie;Nog een.\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try tool.run(["input", "import", p, csv]).code == 1)
        let answers = directory + "/answers.csv"
        try "kenmerk;oordeel;motivering\nR-0001;deels;Toch deels.\n".write(toFile: answers, atomically: true, encoding: .utf8)
        #expect(try tool.run(["feedback", "import", p, answers]).code == 1)
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == before)

        // The right to erasure does not wait for the process.
        let erased = try tool.run(["redact", p, "R-0001", "--reason", "Verzoek van de indiener."])
        #expect(erased.code == 0, "\(erased)")
    }

    @Test("start refuses a workflow file that validate rejects (PK031), printing the findings as validate does; nothing is written")
    func startRefusesInvalidWorkflow() throws {
        let directory = TestSupport.temporaryDirectory("gate-start")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.directory = directory
        // The shipped inspraak with a shortcut from the reactienota straight to the end.
        let shipped = try #require(ShippedWorkflows.files["inspraak"])
        let shortcut = shipped.replacingOccurrences(
            of: #"    { "name": "afronden", "from": ["besloten"], "to": "afgerond", "by": ["projectleider"] },"#,
            with: #"""
                    { "name": "afronden", "from": ["besloten"], "to": "afgerond", "by": ["projectleider"] },
                    { "name": "afkorten", "from": ["reactienota"], "to": "afgerond", "by": ["projectleider"] },
                """#)
        #expect(shortcut != shipped)
        try shortcut.write(toFile: directory + "/kortsluiting.json", atomically: true, encoding: .utf8)

        let validate = try tool.run(["validate", "kortsluiting.json"])
        #expect(validate.code == 1)
        let finding = try #require(validate.out.components(separatedBy: "\n").first { $0.contains("[PK031]") })
        #expect(finding.hasPrefix("kortsluiting.json:"))

        let result = try tool.run(["start", "kortsluiting.json", "--title", "Kortsluiting", "--attr", "impact=midden"])
        #expect(result.code == 1, "\(result)")
        #expect(result.err.contains(finding), "\(result.err)")
        #expect(result.err.contains("kortsluiting.json: niet in orde (1 fout). Het proces is niet gestart."), "\(result.err)")
        #expect(result.out.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/store"))

        // A shipped workflow starts as before.
        #expect(try tool.run(["start", "inspraak", "--title", "Goed", "--attr", "impact=midden"]).code == 0)
    }

    @Test(
        "validate --strict fails on \"feedback\": \"none\" without a feedbackReason (PK035); with one, and for the shipped workflows, it passes"
    )
    func strictAsksWhyNoFeedback() throws {
        let directory = TestSupport.temporaryDirectory("gate-strict")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.directory = directory
        let shipped = try #require(ShippedWorkflows.files["referendumverzoek"])
        let reason = try #require(shipped.range(of: #","# + "\n" + #"                      "feedbackReason": ""#))
        let end = try #require(shipped[reason.upperBound...].firstIndex(of: "\""))
        let without = shipped.replacingCharacters(in: reason.lowerBound...end, with: "")
        #expect(!without.contains("feedbackReason"))
        try without.write(toFile: directory + "/zonder-reden.json", atomically: true, encoding: .utf8)

        var result = try tool.run(["validate", "zonder-reden.json"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("waarschuwing: [PK035]"), "\(result.out)")
        #expect(result.out.contains("/inputKinds/handtekening/feedback"), "\(result.out)")
        result = try tool.run(["validate", "--strict", "zonder-reden.json"])
        #expect(result.code == 1, "\(result)")
        #expect(result.out.contains("zonder-reden.json: niet in orde"))
        // A warning does not stop a start.
        tool.actor = "griffie"
        #expect(try tool.run(["start", "zonder-reden.json", "--title", "Referendum"]).code == 0)

        let repository = TestSupport.repositoryRoot().path
        result = try tool.run(["validate", "--strict", repository + "/workflows/referendumverzoek.json"])
        #expect(result.code == 0, "\(result)")
        #expect(!result.out.contains("PK035"))
    }
}
