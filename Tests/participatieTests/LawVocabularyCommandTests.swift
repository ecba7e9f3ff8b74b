import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// The four places where a process ran on past where the law says it must stop, reproduced
/// through the tool in exercise stores (`PARTICIPATIE_NOW`): each is now refused, and the
/// refusal says why in Dutch.
@Suite("participatie: the vocabulary the law needs", .serialized)
struct LawVocabularyCommandTests {
    /// Runs each command and expects it to succeed.
    static func succeed(_ tool: Tool, _ commands: [[String]], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for arguments in commands {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
        }
    }

    /// Runs a command that must be refused by a rule (exit 1) and returns what it said.
    static func refused(_ tool: Tool, _ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let result = try tool.run(arguments)
        #expect(result.code == 1, "\(arguments): \(result)", sourceLocation: sourceLocation)
        return result.err + result.out
    }

    @Test("burgerberaad: the advice is not 'adopted' with every recommendation rejected, nor deviated from on a ground fixed afterwards")
    func burgerberaad() throws {
        let directory = TestSupport.temporaryDirectory("law-bb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.now = "2026-09-07T09:00:00+02:00"
        try Self.succeed(
            tool,
            [
                ["start", "burgerberaad", "--id", "BB", "--title", "Burgerberaad Groen"],
                ["document", "add", "BB", "--kind", "opdracht", "--ref", "Raadsvoorstel 2026-112"],
                ["document", "add", "BB", "--kind", "afwijkingsgrond", "--ref", "buiten de opdracht", "--as", "raad"],
                ["document", "add", "BB", "--kind", "afwijkingsgrond", "--ref", "niet binnen het budget", "--as", "raad"],
                ["advance", "BB", "opdrachtVaststellen", "--as", "raad"],
                ["document", "add", "BB", "--kind", "lotingsverslag", "--ref", "Loting 20-11-2026"],
                ["advance", "BB", "beraadStarten"],
            ])
        tool.now = "2027-06-14T10:00:00+02:00"
        try Self.succeed(
            tool,
            [
                ["input", "add", "BB", "--kind", "advies", "--id", "A-1", "--text", "Meer bomen in elke straat."],
                ["input", "add", "BB", "--kind", "advies", "--id", "A-2", "--text", "Gratis bus op hete dagen."],
                ["advance", "BB", "adviesOntvangen"],
                ["feedback", "add", "BB", "A-1", "--verdict", "niet-overgenomen", "--reason", "Het college doet dit niet."],
                [
                    "feedback", "add", "BB", "A-2", "--verdict", "niet-overgenomen", "--reason",
                    "Dit past niet in de plannen van het college.",
                ],
                ["document", "add", "BB", "--kind", "besluit", "--ref", "Collegebesluit 2027-0706"],
            ])
        let adopt = try Self.refused(tool, ["advance", "BB", "adviesOvernemen", "--as", "college"])
        #expect(
            adopt.contains(
                "Advies overnemen kan niet: Beide aanbevelingen van het burgerberaad hebben een ander oordeel dan overgenomen of deels overgenomen: "
                    + "A-1 (niet overgenomen), A-2 (niet overgenomen)."), "\(adopt)")
        #expect(adopt.contains("Pas het antwoord aan met: participatie feedback add BB KENMERK"), "\(adopt)")

        try Self.succeed(
            tool,
            [
                [
                    "document", "add", "BB", "--kind", "afwijkingsgrond", "--ref", "past niet in de plannen van het college", "--as",
                    "college",
                ],
                ["feedback", "add", "BB", "A-1", "--verdict", "niet-overgenomen", "--reason", "Dit valt buiten de opdracht van de raad."],
            ])
        let deviate = try Self.refused(tool, ["advance", "BB", "afwijken", "--as", "college", "--reason", "Zie het besluit."])
        #expect(
            deviate.contains(
                "1 van de 2 aanbevelingen van het burgerberaad heeft een ander oordeel dan overgenomen of deels overgenomen: "
                    + "A-2 (niet overgenomen)."),
            "\(deviate)")
        #expect(
            deviate.contains(
                "A-2 noemt \"past niet in de plannen van het college\", maar die reden is van 14-06-2027; "
                    + "dat moet vóór het begin van \"Het burgerberaad is bezig\" (07-09-2026) zijn."), "\(deviate)")
        try Self.succeed(
            tool,
            [
                [
                    "feedback", "add", "BB", "A-2", "--verdict", "niet-overgenomen", "--reason",
                    "Het past niet binnen het budget van het beraad.",
                ],
                ["advance", "BB", "afwijken", "--as", "college", "--reason", "Zie het besluit."],
            ])
        #expect(try tool.status("BB")["state"] as? String == "uitvoering")
    }

    @Test("uitdaagrecht: kaders the projectleider adds, or the raad adopts after the challenge, do not make it admissible")
    func uitdaagrecht() throws {
        let directory = TestSupport.temporaryDirectory("law-ur")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.now = "2026-03-02T10:00:00+01:00"
        try Self.succeed(
            tool,
            [
                ["start", "uitdaagrecht", "--id", "UR", "--title", "Park door de buurt"],
                ["input", "add", "UR", "--kind", "uitdaging", "--id", "U-1", "--text", "Wij nemen het park over."],
                ["advance", "UR", "inBehandelingNemen"],
            ])
        tool.now = "2026-03-04T10:00:00+01:00"
        try Self.succeed(tool, [["document", "add", "UR", "--kind", "kaders", "--ref", "Eigen kaders"]])
        let byProjectleider = try Self.refused(tool, ["advance", "UR", "ontvankelijkVerklaren"])
        #expect(
            byProjectleider.contains(
                "is toegevoegd als projectleider (behandelt de uitdaging); alleen gemeenteraad (raad) mag het toevoegen."),
            "\(byProjectleider)")
        #expect(byProjectleider.contains("--as raad"), "\(byProjectleider)")

        tool.now = "2026-04-15T21:30:00+02:00"
        try Self.succeed(tool, [["document", "add", "UR", "--kind", "kaders", "--ref", "Raadsbesluit 2026-041", "--as", "raad"]])
        let afterwards = try Self.refused(tool, ["advance", "UR", "ontvankelijkVerklaren"])
        #expect(
            afterwards.contains(
                "Ontvankelijk verklaren kan niet: Document \"Kaders van de raad: de voorwaarden waarbinnen de gemeente uitgedaagd mag worden\" "
                    + "(kaders) is van 15-04-2026; dat moet vóór de eerste uitdaging (U-1, ontvangen 02-03-2026) zijn."), "\(afterwards)")

        // Declared niet ontvankelijk, the challenge cannot be rewritten into "gestopt" by the noodrem.
        try Self.succeed(
            tool,
            [
                ["feedback", "add", "UR", "U-1", "--verdict", "niet-ontvankelijk", "--reason", "Er waren geen kaders van de raad."],
                ["advance", "UR", "nietOntvankelijkVerklaren", "--as", "college", "--reason", "Geen kaders van vóór de uitdaging."],
                ["document", "add", "UR", "--kind", "noodrembesluit", "--ref", "Motie M-3", "--as", "raad"],
            ])
        let brake = try Self.refused(tool, ["advance", "UR", "noodrem", "--as", "raad", "--reason", "Anders afronden."])
        #expect(brake.contains("Noodrem kan niet: Deze overgang kan niet vanuit \"Niet ontvankelijk verklaard\"."), "\(brake)")
        #expect(try tool.status("UR")["state"] as? String == "nietOntvankelijk")

        // With the raad's kaders dated before the challenge, a new process is admissible.
        try Self.succeed(
            tool,
            [
                ["start", "uitdaagrecht", "--id", "UR-2", "--title", "Speeltuin"],
                [
                    "input", "add", "UR-2", "--kind", "uitdaging", "--id", "U-2", "--text", "Wij nemen de speeltuin over.", "--received",
                    "2026-04-01",
                ],
                ["advance", "UR-2", "inBehandelingNemen"],
                ["document", "add", "UR-2", "--kind", "kaders", "--ref", "Raadsbesluit 2025-118", "--date", "2025-11-12", "--as", "raad"],
                ["advance", "UR-2", "ontvankelijkVerklaren"],
            ])
        // The document's own date stands beside the day it was added, in text and JSON.
        let status = try tool.run(["status", "UR-2"])
        #expect(
            status.out.contains(
                "Kaders van de raad: de voorwaarden waarbinnen de gemeente uitgedaagd mag worden (kaders): Raadsbesluit 2025-118 — "
                    + "gedateerd 12-11-2025, toegevoegd 15-04-2026 door raad"), "\(status.out)")
        let documents = try #require(try tool.status("UR-2")["documents"] as? [[String: Any]])
        #expect(documents.first?["date"] as? String == "2025-11-12")
        #expect(documents.first?["added"] as? String == "2026-04-15")
    }

    @Test("noodrem: inspraak needs the raad's decision; an evaluation written before the stop is no evaluation after it")
    func noodrem() throws {
        let directory = TestSupport.temporaryDirectory("law-nr")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.now = "2026-09-01T10:00:00+02:00"
        try Self.succeed(tool, [["start", "inspraak", "--id", "INS", "--title", "Plein", "--attr", "impact=laag"]])
        let bare = try Self.refused(tool, ["advance", "INS", "noodrem", "--as", "raad", "--reason", "Het plan gaat niet door."])
        #expect(
            bare.contains(
                "Noodrem kan niet: Document \"Besluit van de raad om de inspraak te stoppen\" (noodrembesluit) ontbreekt. "
                    + "Alleen gemeenteraad (raad) mag het toevoegen. Voeg het toe met: participatie document add INS --kind noodrembesluit --ref VERWIJZING --as raad."
            ),
            "\(bare)")

        try Self.succeed(
            tool,
            [
                ["start", "nijmegen-participatie", "--id", "NP", "--title", "Kastanjeplein", "--attr", "impact=laag"],
                ["document", "add", "NP", "--kind", "evaluatie", "--ref", "Tussenevaluatie", "--date", "2026-08-28"],
                ["document", "add", "NP", "--kind", "noodrembesluit", "--ref", "Raadsbesluit 2026-131", "--as", "raad"],
            ])
        tool.now = "2026-09-02T22:00:00+02:00"
        try Self.succeed(tool, [["advance", "NP", "noodrem", "--as", "raad", "--reason", "Te duur."]])
        tool.now = "2026-09-10T10:00:00+02:00"
        let closing = try Self.refused(tool, ["advance", "NP", "beeindigen"])
        #expect(
            closing.contains(
                "Beëindigen na noodrem kan niet: Document \"Evaluatie\" (evaluatie) is van 28-08-2026; "
                    + "dat moet na het begin van \"Gestopt door de raad (noodrem)\" (02-09-2026) zijn."), "\(closing)")
        try Self.succeed(
            tool,
            [
                ["document", "add", "NP", "--kind", "evaluatie", "--ref", "Evaluatie na de noodrem"],
                ["advance", "NP", "beeindigen"],
            ])
        #expect(try tool.status("NP")["outcome"] as? String == "gestopt")
    }

    @Test("referendumverzoek: 3,980 valid signatures and 20 from outside the period do not reach 4,000; status counts them apart")
    func referendumverzoek() throws {
        let directory = TestSupport.temporaryDirectory("law-ref")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store", actor: "griffie")
        tool.now = "2027-01-27T11:00:00+01:00"
        try Self.succeed(
            tool,
            [
                ["start", "referendumverzoek", "--id", "REF", "--title", "Sporthal"],
                ["input", "add", "REF", "--kind", "verzoek", "--id", "V-1", "--text", "Wij vragen een referendum."],
                ["document", "add", "REF", "--kind", "agendering", "--ref", "Raad 20-01-2027, punt 9"],
            ])
        tool.now = "2027-02-03T09:00:00+01:00"
        try Self.succeed(tool, [["advance", "REF", "verzamelenStarten"]])  // to Tuesday 16-03-2027
        var rows = ["soort;ontvangen;tekst"]
        rows += (1...3980).map { "handtekening;2027-03-0\(1 + $0 % 9);Handtekening \($0)" }
        rows += (1...10).map { "handtekening;2027-02-02;Vroeg \($0)" }
        rows += (1...10).map { "handtekening;2027-03-17;Laat \($0)" }
        let csv = directory + "/handtekeningen.csv"
        try rows.joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        tool.now = "2027-03-18T09:00:00+01:00"
        let imported = try tool.run(["input", "import", "REF", csv])
        #expect(imported.code == 0, "\(imported)")
        #expect(
            imported.out.contains(
                "4.000 handtekeningen geregistreerd in REF (10 te vroeg, 10 te laat; die tellen niet mee voor de drempel).")
        )
        try Self.succeed(
            tool,
            [
                ["advance", "REF", "verzamelingSluiten"],
                ["document", "add", "REF", "--kind", "telling", "--ref", "Verklaring burgerzaken"],
                ["document", "add", "REF", "--kind", "raadsbesluit", "--ref", "Raadsbesluit 2027-051", "--as", "raad"],
                [
                    "feedback", "add", "REF", "V-1", "--verdict", "niet-overgenomen", "--reason",
                    "Er zijn te weinig geldige handtekeningen.",
                ],
            ])
        let refusal = try Self.refused(tool, ["advance", "REF", "referendumToestaan", "--as", "raad"])
        #expect(
            refusal.contains(
                "Referendum laten doorgaan kan niet: Er tellen 3.980 handtekeningen mee; nodig zijn er minstens 4.000. "
                    + "3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat."), "\(refusal)")
        let status = try tool.run(["status", "REF"])
        #expect(
            status.out.contains("Telling handtekening (nodig 4.000): 3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat"), "\(status)"
        )
        #expect(status.out.contains("te vroeg 10 · te laat 10"), "\(status)")
        let json = try tool.status("REF")
        let tallies = try #require(json["tallies"] as? [[String: Any]])
        #expect(tallies.last?["counted"] as? Int == 3980)
        #expect(tallies.last?["early"] as? Int == 10)
        #expect(tallies.last?["late"] as? Int == 10)
        #expect((json["counts"] as? [String: Int])?["early"] == 10)
    }
}
