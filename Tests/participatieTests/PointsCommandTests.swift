import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// A letter to the raad with one point for the college and one for the raad, through the
/// built tool: each point is answered by its own role, the letter closes when both are.
@Suite("participatie: punten van een brief", .serialized)
struct PointsCommandTests {
    static let letter = "BRIEF-2027-012"

    static func require(_ result: (code: Int32, out: String, err: String)) throws {
        try #require(result.code == 0, "\(result)")
    }

    static func journal(_ tool: Tool) throws -> String {
        try String(contentsOfFile: tool.store + "/journal/000001.jsonl", encoding: .utf8)
    }

    /// The letter registered on Monday 01-03-2027, receipt confirmed and an afdoeningsvoorstel made.
    static func registered(_ tool: inout Tool) throws {
        tool.actor = "griffie"
        tool.now = "2027-03-01T10:00:00+01:00"
        try require(tool.run(["start", "ingekomen-stuk", "--id", letter, "--title", "Brief van de ouderraad over de schoolroute"]))
        let added = try tool.run([
            "input", "add", letter, "--kind", "brief", "--id", letter, "--text", "Brief van de ouderraad.", "--public-name",
            "Ouderraad De Wilg", "--point", "college:Graag een zebrapad bij de school", "--point",
            "raad: Bespreek hoe de gemeente signalen van ouders opvolgt",
        ])
        try require(added)
        #expect(added.out.contains("1 brief met 2 punten:"), "\(added.out)")
        #expect(added.out.contains("  BRIEF-2027-012.1 → College van B en W: Graag een zebrapad bij de school"))
        #expect(added.out.contains("  BRIEF-2027-012.2 → Gemeenteraad: Bespreek hoe de gemeente signalen van ouders opvolgt"))
        #expect(!added.out.contains("stuks inbreng"))
        let counts = try tool.counts(letter)
        #expect(counts["inputs"] == 1 && counts["points"] == 2 && counts["needingFeedback"] == 2, "\(counts)")
        for (arguments, moment) in [
            (["document", "add", letter, "--kind", "ontvangstbevestiging", "--ref", "OB-12"], "2027-03-02T10:00:00+01:00"),
            (["advance", letter, "bevestigen"], "2027-03-02T10:05:00+01:00"),
            (["document", "add", letter, "--kind", "afdoeningsvoorstel", "--ref", "AV-12"], "2027-03-03T10:00:00+01:00"),
        ] {
            tool.now = moment
            try require(tool.run(arguments))
        }
    }

    @Test("split over college and raad: each decision waits for its own point, closing for both, answered and sent")
    func splitLetter() throws {
        let directory = TestSupport.temporaryDirectory("points-split")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        try Self.registered(&tool)
        let letter = Self.letter
        tool.now = "2027-03-04T10:00:00+01:00"
        try Self.require(tool.run(["advance", letter, "splitsen"]))
        try Self.require(tool.run(["document", "add", letter, "--kind", "antwoordbrief", "--ref", "AB-12", "--as", "college"]))

        var result = try tool.run(["advance", letter, "collegeBeantwoordt", "--as", "college"])
        #expect(result.code == 1)
        #expect(
            result.err.contains("1 punt voor college van B en W heeft nog geen antwoord: BRIEF-2027-012.1."), "\(result.err)")
        #expect(!result.err.contains("BRIEF-2027-012.2"))

        // The letter itself takes no answer: the refusal names its points.
        result = try tool.run(["feedback", "add", letter, letter, "--verdict", "overgenomen", "--reason", "Zebrapad."])
        #expect(result.code == 1)
        #expect(result.err.contains("BRIEF-2027-012 heeft 2 punten (BRIEF-2027-012.1, BRIEF-2027-012.2)"), "\(result.err)")

        result = try tool.run([
            "feedback", "add", letter, letter, "--point", "1", "--verdict", "overgenomen", "--reason", "Er komt een zebrapad in mei.",
            "--as", "college",
        ])
        try Self.require(result)
        #expect(result.out.contains("Antwoord op BRIEF-2027-012.1 vastgelegd: overgenomen."))
        result = try tool.run(["advance", letter, "collegeBeantwoordt", "--as", "college"])
        try Self.require(result)
        #expect(result.out.contains("Besluit genomen; het punt had een antwoord."), "\(result.out)")

        tool.now = "2027-03-10T20:00:00+01:00"
        try Self.require(tool.run(["document", "add", letter, "--kind", "raadsbesluit", "--ref", "RB-2027-031", "--as", "raad"]))
        result = try tool.run(["advance", letter, "raadBesluit", "--as", "raad"])
        #expect(result.code == 1)
        #expect(result.err.contains("1 punt voor gemeenteraad heeft nog geen antwoord: BRIEF-2027-012.2."), "\(result.err)")
        // The point's own id works as well as --point.
        try Self.require(
            tool.run([
                "feedback", "add", letter, "BRIEF-2027-012.2", "--verdict", "kennisgenomen", "--reason",
                "De raad bespreekt de opvolging van signalen op 12 mei.", "--as", "raad",
            ]))
        try Self.require(tool.run(["advance", letter, "raadBesluit", "--as", "raad"]))

        result = try tool.run(["advance", letter, "sluiten"])
        #expect(result.code == 1)
        #expect(
            result.err.contains(
                "De antwoorden op beide punten zijn nog niet verstuurd: BRIEF-2027-012.1 (College van B en W), "
                    + "BRIEF-2027-012.2 (Gemeenteraad)."), "\(result.err)")
        result = try tool.run(["feedback", "sent", letter, letter])
        try Self.require(result)
        #expect(result.out.contains("2 antwoorden verstuurd"), "\(result.out)")
        try Self.require(tool.run(["advance", letter, "sluiten"]))
        let counts = try tool.counts(letter)
        #expect(counts["inputs"] == 1 && counts["answered"] == 2 && counts["sent"] == 2, "\(counts)")
        try Self.require(tool.run(["verify"]))
        let journal = try Self.journal(tool)
        #expect(journal.contains(#""parent":"BRIEF-2027-012","route":"college""#))
    }

    @Test("through the college alone: the college may answer its point, but the letter does not close while the raad's point waits")
    func closingNeedsEveryPoint() throws {
        let directory = TestSupport.temporaryDirectory("points-final")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        try Self.registered(&tool)
        let letter = Self.letter
        tool.now = "2027-03-04T10:00:00+01:00"
        try Self.require(tool.run(["advance", letter, "inHandenCollege", "--as", "presidium"]))
        try Self.require(tool.run(["document", "add", letter, "--kind", "antwoordbrief", "--ref", "AB-12"]))
        try Self.require(
            tool.run([
                "feedback", "add", letter, letter, "--point", "1", "--verdict", "overgenomen", "--reason", "Zebrapad.", "--as", "college",
            ])
        )
        try Self.require(tool.run(["advance", letter, "collegeBeantwoordt", "--as", "college"]))
        try Self.require(tool.run(["feedback", "sent", letter, "--all"]))
        let result = try tool.run(["advance", letter, "sluiten"])
        #expect(result.code == 1)
        #expect(result.err.contains("1 van de 2 punten heeft nog geen antwoord: BRIEF-2027-012.2 (Gemeenteraad)."), "\(result.err)")
        #expect(!result.err.contains("(raad)"))

        // The deadlines give one answer event for the letter, not one per point.
        tool.now = "2027-04-01T10:00:00+02:00"
        let ics = try tool.run(["deadlines", "--format", "ics"])
        try Self.require(ics)
        let answers = ics.out.components(separatedBy: "UID:").filter { $0.contains("/answer/") }
        #expect(answers.count == 1, "\(ics.out)")
        #expect(ics.out.contains("Antwoord uiterlijk: Brief BRIEF-2027-012"))
        #expect(!ics.out.contains("Antwoord uiterlijk: 2 brieven"))
        // The register lists each point under its letter with route and state.
        let register = try tool.run(["report", "register", "--format", "md"])
        try Self.require(register)
        #expect(register.out.contains("| BRIEF-2027-012.2 | BRIEF-2027-012 | Gemeenteraad |"), "\(register.out)")
        #expect(!register.out.contains("| BRIEF-2027-012 | BRIEF-2027-012 |"))
    }

    @Test("an import with punt and route columns registers a letter with its points; a bad route registers nothing")
    func importPoints() throws {
        let directory = TestSupport.temporaryDirectory("points-import")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.actor = "griffie"
        tool.now = "2027-03-01T10:00:00+01:00"
        try Self.require(tool.run(["start", "ingekomen-stuk", "--id", "B20", "--title", "Brief schoolroute"]))
        let good = """
            kenmerk;soort;ontvangen;publieke_naam;tekst;punt;route;behandelaar
            B-20;brief;2027-02-26;Ouderraad De Wilg;Brief over de schoolroute;Graag een zebrapad;college;Afdeling Verkeer
            B-20;brief;;;;Bespreek de opvolging van signalen;raad;
            """
        try good.write(toFile: directory + "/brieven.csv", atomically: true, encoding: .utf8)
        try good.replacingOccurrences(of: ";raad;", with: ";raadd;").write(
            toFile: directory + "/fout.csv", atomically: true, encoding: .utf8)
        let before = try Self.journal(tool)
        var result = try tool.run(["input", "import", "B20", directory + "/fout.csv"])
        #expect(result.code == 65)
        #expect(result.err.contains("fout.csv:3: route \"raadd\" kan niet; kies uit college (College van B en W), raad"), "\(result.err)")
        #expect(try Self.journal(tool) == before)
        result = try tool.run(["input", "import", "B20", directory + "/brieven.csv"])
        try Self.require(result)
        #expect(result.out.contains("1 brief met 2 punten geregistreerd in B20."), "\(result.out)")
        let status = try tool.run(["status", "B20"])
        #expect(status.out.contains("Inbreng: 1 (met 2 punten) · beantwoord 0 van 2"), "\(status.out)")
        #expect(status.out.contains("Afdeling Verkeer: 1 open"))
        // The letter itself is with the griffie, but holds no answer: list --owner shows its points, not the letter.
        let griffie = try tool.run(["list", "--owner", "Griffie"])
        #expect(!griffie.out.contains("B-20 "), "\(griffie.out)")
        let raad = try tool.run(["list", "--owner", "Gemeenteraad"])
        #expect(raad.out.contains("B-20.2"), "\(raad.out)")

        // Answers by the points' own ids.
        let answers = """
            kenmerk;oordeel;motivering
            B-20.1;overgenomen;Er komt een zebrapad.
            B-20.2;kennisgenomen;De raad bespreekt het in mei.
            """
        try answers.write(toFile: directory + "/antwoorden.csv", atomically: true, encoding: .utf8)
        result = try tool.run(["feedback", "import", "B20", directory + "/antwoorden.csv"])
        try Self.require(result)
        #expect(result.out.contains("2 antwoorden vastgelegd in B20."))
        #expect(try tool.counts("B20")["answered"] == 2)
    }

    @Test("input assign on a letter moves its open points along and says which; a point named itself is not 'punt van'")
    func assignLetter() throws {
        let directory = TestSupport.temporaryDirectory("points-assign")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        try Self.registered(&tool)
        let letter = Self.letter
        tool.now = "2027-03-04T10:00:00+01:00"
        var result = try tool.run(["input", "assign", letter, letter, "--to", "Wijkzaken"])
        try Self.require(result)
        #expect(result.out.contains("3 stuks inbreng overgedragen aan Wijkzaken in \(letter):"), "\(result.out)")
        #expect(result.out.contains("  BRIEF-2027-012.1: College van B en W → Wijkzaken (punt van BRIEF-2027-012)"), "\(result.out)")
        #expect(result.out.contains("  BRIEF-2027-012.2: Gemeenteraad → Wijkzaken (punt van BRIEF-2027-012)"), "\(result.out)")
        #expect(result.out.contains("Mee met BRIEF-2027-012: 2 punten (BRIEF-2027-012.1, BRIEF-2027-012.2)."), "\(result.out)")

        // Named by its own id, the point is listed as itself; the other point goes along.
        result = try tool.run(["input", "assign", letter, letter, "BRIEF-2027-012.2", "--to", "Griffie", "--format", "json"])
        try Self.require(result)
        let output = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let inputs = try #require(output["inputs"] as? [[String: Any]])
        #expect(inputs.map { $0["input"] as? String } == [letter, "BRIEF-2027-012.1", "BRIEF-2027-012.2"])
        #expect(inputs.map { $0["withLetter"] as? String } == [nil, letter, nil])
        #expect(inputs.allSatisfy { $0["from"] as? String == "Wijkzaken" && $0["to"] as? String == "Griffie" })
    }

    @Test("the help of input add and feedback add explains points")
    func help() throws {
        let tool = Tool(store: TestSupport.temporaryDirectory("points-help") + "/store")
        let input = try tool.run(["input", "add", "--help"])
        #expect(input.out.contains("--point [ROUTE:]TEKST"), "\(input.out)")
        let feedback = try tool.run(["feedback", "add", "--help"])
        #expect(feedback.out.contains("--point N"), "\(feedback.out)")
        let importHelp = try tool.run(["input", "import", "--help"])
        #expect(importHelp.out.contains("punt"), "\(importHelp.out)")
    }
}
