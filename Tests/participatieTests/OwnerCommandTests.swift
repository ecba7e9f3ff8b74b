import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// Behandelaars through the built tool: a letter with two points, one with the afdeling
/// Verkeer and one handed from Team Groen to Wijkzaken, followed to a closed outcome.
@Suite("participatie: behandelaars", .serialized)
struct OwnerCommandTests {
    static func require(_ result: (code: Int32, out: String, err: String)) throws {
        try #require(result.code == 0, "\(result)")
    }

    static func journal(_ tool: Tool) throws -> String {
        try String(contentsOfFile: tool.store + "/journal/000001.jsonl", encoding: .utf8)
    }

    /// BRIEF-1 with B-1 (Afdeling Verkeer) and B-2 (Team Groen), registered on 04-05-2026.
    static func letter(_ tool: inout Tool) throws {
        tool.actor = "griffie"
        tool.now = "2026-05-04T09:00:00+02:00"
        try require(tool.run(["start", "ingekomen-stuk", "--id", "BRIEF-1", "--title", "Brief Thijmstraat"]))
        let added = try tool.run([
            "input", "add", "BRIEF-1", "--kind", "punt", "--id", "B-1", "--text", "Drempels.", "--owner", "Afdeling Verkeer",
        ])
        try require(added)
        #expect(added.out.contains("Behandelaar: Afdeling Verkeer."), "\(added.out)")
        try require(tool.run(["input", "add", "BRIEF-1", "--kind", "punt", "--id", "B-2", "--text", "Bomen.", "--owner", "Team Groen"]))
    }

    @Test("a letter with two points followed through status, list --owner, the register and the audit to a closed outcome")
    func letterToClosedOutcome() throws {
        let directory = TestSupport.temporaryDirectory("owners-letter")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        try Self.letter(&tool)

        tool.now = "2026-05-07T11:00:00+02:00"
        var result = try tool.run(["input", "assign", "BRIEF-1", "B-2", "--to", "Wijkzaken", "--reason", "Hoort bij de wijkaanpak."])
        try Self.require(result)
        #expect(result.out.contains("1 stuk inbreng overgedragen aan Wijkzaken in BRIEF-1:"))
        #expect(result.out.contains("B-2: Team Groen → Wijkzaken"))
        #expect(
            try Self.journal(tool).contains(
                #""type":"inputsAssigned","data":{"inputs":["B-2"],"owner":"Wijkzaken","reason":"Hoort bij de wijkaanpak."}"#))

        tool.now = "2026-05-14T10:00:00+02:00"
        result = try tool.run(["status", "BRIEF-1"])
        #expect(result.out.contains("  Afdeling Verkeer: 1 open · langst: B-1, 10 dagen bij deze behandelaar"), "\(result.out)")
        #expect(result.out.contains("  Wijkzaken: 1 open · langst: B-2, 7 dagen bij deze behandelaar"))
        let status = try tool.status("BRIEF-1")
        let workload = try #require(status["workload"] as? [String: Any])
        #expect((workload["owners"] as? [[String: Any]])?.compactMap { $0["owner"] as? String } == ["Afdeling Verkeer", "Wijkzaken"])

        result = try tool.run(["list", "--owner", "wijkzaken"])
        try Self.require(result)
        #expect(result.out.contains("Behandelaar Wijkzaken: 1 stuk inbreng, 1 open."), "\(result.out)")
        #expect(result.out.contains("BRIEF-1  B-2      punt   07-05-2026"), "\(result.out)")
        #expect(!result.out.contains("B-1"))
        result = try tool.run(["list", "--owner", "Wijkzaken", "--format", "json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let rows = try #require(listed["inputs"] as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["daysWithOwner"] as? Int == 7 && rows.first?["handovers"] as? Int == 1)

        // Answered by their behandelaars, decided by the college, sent, closed.
        for (arguments, moment, actor) in [
            (["document", "add", "BRIEF-1", "--kind", "ontvangstbevestiging", "--ref", "OB-1"], "2026-05-14T10:05:00+02:00", "griffie"),
            (["advance", "BRIEF-1", "bevestigen"], "2026-05-14T10:10:00+02:00", "griffie"),
            (["document", "add", "BRIEF-1", "--kind", "afdoeningsvoorstel", "--ref", "Lijst 5"], "2026-05-14T10:15:00+02:00", "griffie"),
            (["advance", "BRIEF-1", "inHandenCollege"], "2026-05-19T20:00:00+02:00", "presidium"),
            (
                ["feedback", "add", "BRIEF-1", "B-1", "--verdict", "doorverwezen", "--reason", "In het verkeersplan 2027."],
                "2026-05-26T10:00:00+02:00", "college"
            ),
            (
                ["feedback", "add", "BRIEF-1", "B-2", "--verdict", "deels", "--reason", "Vier plantenbakken."], "2026-05-26T10:05:00+02:00",
                "college"
            ),
            (["document", "add", "BRIEF-1", "--kind", "antwoordbrief", "--ref", "AB-1"], "2026-05-26T10:10:00+02:00", "college"),
            (["advance", "BRIEF-1", "collegeBeantwoordt"], "2026-05-26T10:15:00+02:00", "college"),
            (["feedback", "sent", "BRIEF-1", "--all"], "2026-05-27T10:00:00+02:00", "griffie"),
            (["advance", "BRIEF-1", "sluiten"], "2026-05-27T10:05:00+02:00", "griffie"),
        ] {
            tool.now = moment
            tool.actor = actor
            try Self.require(tool.run(arguments))
        }
        tool.now = "2026-06-01T10:00:00+02:00"
        result = try tool.run(["status", "BRIEF-1"])
        #expect(result.out.contains("Afgesloten met uitkomst: beantwoord"))
        #expect(!result.out.contains("Open per behandelaar"))

        result = try tool.run(["report", "register", "--format", "md"])
        try Self.require(result)
        #expect(
            result.out.contains("| B-1 | BRIEF-1 | Afdeling Verkeer | 04-05-2026 | 23 | — | 0 | antwoord verstuurd op 27-05-2026 | — |"),
            "\(result.out)")
        #expect(
            result.out.contains(
                "| B-2 | BRIEF-1 | Wijkzaken | 07-05-2026 | 20 | — | 0 | antwoord verstuurd op 27-05-2026 | Team Groen → Wijkzaken op 07-05-2026, door griffie: Hoort bij de wijkaanpak. |"
            ))
        result = try tool.run(["report", "register", "--owner", "Afdeling Verkeer", "--format", "md"])
        #expect(result.out.contains("| B-1 | BRIEF-1 |") && !result.out.contains("| B-2 | BRIEF-1 |"), "\(result.out)")
        result = try tool.run(["report", "register", "--owner", "Team Groen", "--format", "md"])
        #expect(result.out.contains("Er zijn geen brieven om te tonen."))

        result = try tool.run(["report", "audit", "BRIEF-1", "--format", "md"])
        #expect(result.out.contains("| 26-05-2026 | Brief beantwoorden (college) | Afdeling Verkeer | 1 | 2 |"), "\(result.out)")
        #expect(result.out.contains("| 26-05-2026 | Brief beantwoorden (college) | Wijkzaken | 1 | 2 |"))
        #expect(result.out.contains("Geen inbreng ging na de termijn voor het antwoord naar een andere behandelaar."))

        // Closed: no more hand-overs, and nothing is written.
        let before = try Self.journal(tool)
        result = try tool.run(["input", "assign", "BRIEF-1", "B-1", "--to", "Wijkzaken"])
        #expect(result.code == 1)
        #expect(result.err.contains("Behandelaar toewijzen: Het proces is afgesloten"), "\(result.err)")
        #expect(try Self.journal(tool) == before)
    }

    @Test(
        "refused hand-overs: every reason with its hint (exit 1), bad behandelaar text (exit 65), a missing --to (exit 64); nothing written"
    )
    func refused() throws {
        let directory = TestSupport.temporaryDirectory("owners-refused")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        try Self.letter(&tool)
        tool.now = "2026-05-05T10:00:00+02:00"
        try Self.require(tool.run(["input", "withdraw", "BRIEF-1", "B-2", "--reason", "Ingetrokken.", "--evidence", "E-mail 5 mei"]))
        let before = try Self.journal(tool)

        var result = try tool.run(["input", "assign", "BRIEF-1", "B-1", "B-2", "B-9", "--to", "afdeling verkeer"])
        #expect(result.code == 1, "\(result)")
        #expect(result.err.contains("Onbekende inbreng in proces BRIEF-1: B-9."))
        #expect(result.err.contains("Ingetrokken door de indiener, dus geen behandelaar meer nodig: B-2. Laat dit kenmerk weg."))
        #expect(result.err.contains("Al bij Afdeling Verkeer: B-1. Kies een andere behandelaar met --to, of laat dit kenmerk weg."))
        for bad in ["   ", "Twee\nregels", String(repeating: "x", count: InputLimits.ownerLength + 1)] {
            result = try tool.run(["input", "assign", "BRIEF-1", "B-1", "--to", bad])
            #expect(result.code == 65, "\(result)")
            #expect(result.err.contains("--to"), "\(result.err)")
            result = try tool.run(["input", "add", "BRIEF-1", "--kind", "punt", "--text", "Drie.", "--owner", bad])
            #expect(result.code == 65, "\(result)")
        }
        result = try tool.run(["input", "assign", "BRIEF-1", "B-1"])
        #expect(result.code == 64)
        #expect(result.err.contains("Geef de nieuwe behandelaar met --to"))
        result = try tool.run(["input", "assign", "BRIEF-1", "--to", "Wijkzaken"])
        #expect(result.code == 64)
        #expect(try Self.journal(tool) == before)
    }

    @Test("input import reads the behandelaar column, takes the workflow's default for an empty cell, and names inputs without one")
    func importColumn() throws {
        let directory = TestSupport.temporaryDirectory("owners-import")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.actor = "griffie"
        tool.now = "2026-05-04T09:00:00+02:00"
        try Self.require(tool.run(["start", "ingekomen-stuk", "--id", "BRIEF-1", "--title", "Brief"]))
        let file = directory + "/punten.csv"
        try "kenmerk;soort;behandelaar;tekst\nB-1;punt;Afdeling Verkeer;Drempels\nB-2;punt;;Bomen\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        var result = try tool.run(["input", "import", "BRIEF-1", file, "--format", "json"])
        try Self.require(result)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["owner"] as? String } == ["Afdeling Verkeer", "Griffie"])

        // A workflow without a default: the tool says which inputs have no behandelaar.
        tool.actor = "projectleider"
        try Self.require(tool.run(["start", "inspraak", "--id", "P", "--title", "Plein", "--attr", "impact=laag"]))
        let reactions = directory + "/reacties.csv"
        try "soort;tekst;behandelaar\ninspraakreactie;Meer bomen;Team Groen\ninspraakreactie;Minder auto's;\n".write(
            toFile: reactions, atomically: true, encoding: .utf8)
        result = try tool.run(["input", "import", "P", reactions])
        try Self.require(result)
        #expect(
            result.out.contains(
                "Zonder behandelaar: 1 (R-0002). Wijs er een toe met: participatie input assign P KENMERK… --to BEHANDELAAR"),
            "\(result.out)")
        result = try tool.run(["status", "P"])
        #expect(result.out.contains("Zonder behandelaar: 1 (R-0002)"), "\(result.out)")
    }
}
