import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// The wijkbudget through the tool, in exercise stores: a budget and amounts given the Dutch
/// way, every refusal of an amount, and over-commitment refused with the amount it goes over.
@Suite("participatie: wijkbudget, amounts and the budget", .serialized)
struct WijkbudgetCommandTests {
    static func write(_ text: String, named name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A round of € 40.000 with three applications, checked against the spelregels.
    static func round(_ name: String) throws -> (tool: Tool, directory: String) {
        let directory = TestSupport.temporaryDirectory(name)
        var tool = Tool(store: directory + "/store")
        tool.actor = "kerncontact"
        tool.now = "2027-01-11T09:00:00+01:00"
        let csv = try Self.write(
            "kenmerk;soort;bedrag;tekst\nA-01;aanvraag;€ 2.500,00;Een AED.\nA-02;aanvraag;25.000;Speeltoestellen.\nA-03;aanvraag;15000;Een jeu-de-boulesbaan.\n",
            named: "aanvragen.csv", in: directory)
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                [
                    "start", "wijkbudget", "--id", "LB", "--title", "Leefbaarheidsbudget 2027", "--attr", "budget=40.000", "--attr",
                    "eigenBijdrage=nee",
                ],
                ["input", "import", "LB", csv],
                ["advance", "LB", "indieningSluiten", "--reason", "Termijn voorbij."],
                ["document", "add", "LB", "--kind", "spelregels", "--ref", "Spelregels 2027"],
                ["document", "add", "LB", "--kind", "toetsDraagvlak", "--ref", "Toets draagvlak 2027"],
                ["advance", "LB", "ontvankelijkheidGetoetst"],
            ])
        tool.actor = "dorpsraad"
        return (tool, directory)
    }

    @Test("a budget that is no amount is bad data (65) and starts nothing; each written form is the same number of cents")
    func budgetForms() throws {
        let directory = TestSupport.temporaryDirectory("wb-start")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.actor = "kerncontact"
        tool.now = "2027-01-11T09:00:00+01:00"
        let bad = try tool.run([
            "start", "wijkbudget", "--id", "X", "--title", "T", "--attr", "budget=40 mille", "--attr", "eigenBijdrage=ja",
        ])
        #expect(bad.code == 65, "\(bad)")
        #expect(bad.err.contains("kenmerk \"budget\" (Budget van de kern) is een bedrag, en dit is geen bedrag"), "\(bad)")
        #expect(try tool.run(["list"]).out.contains("X") == false)
        for (index, form) in ["40000", "40.000", "€ 40.000,00"].enumerated() {
            let id = "LB-\(index)"
            let started = try tool.run([
                "start", "wijkbudget", "--id", id, "--title", "T", "--attr", "budget=\(form)", "--attr", "eigenBijdrage=ja",
            ])
            #expect(started.code == 0, "\(started)")
            let status = try tool.run(["status", id])
            #expect(status.out.contains("Budget van de kern: € 40.000,00"), "\(status)")
        }
    }

    @Test("input add and import: the amount asked for is required, must be an amount, and only where the kind asks for one")
    func requestedAmounts() throws {
        let directory = TestSupport.temporaryDirectory("wb-input")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.actor = "kerncontact"
        tool.now = "2027-01-11T09:00:00+01:00"
        try LawVocabularyCommandTests.succeed(
            tool, [["start", "wijkbudget", "--id", "LB", "--title", "T", "--attr", "budget=40000", "--attr", "eigenBijdrage=ja"]])
        let missing = try LawVocabularyCommandTests.refused(tool, ["input", "add", "LB", "--kind", "aanvraag", "--text", "Bloembakken."])
        #expect(missing.contains("geef het gevraagde bedrag; een aanvraag noemt altijd een bedrag."), "\(missing)")
        let bad = try tool.run(["input", "add", "LB", "--kind", "aanvraag", "--text", "Bloembakken.", "--amount", "veel"])
        #expect(bad.code == 65, "\(bad)")
        #expect(bad.err.contains("--amount veel: dit is geen bedrag."), "\(bad)")
        let csv = try Self.write("soort;bedrag;tekst\naanvraag;twee;Bloembakken.\n", named: "fout.csv", in: directory)
        let imported = try tool.run(["input", "import", "LB", csv])
        #expect(imported.code == 65, "\(imported)")
        #expect(imported.err.contains("bedrag \"twee\" is geen bedrag"), "\(imported)")
        #expect(try tool.counts("LB")["inputs"] == 0)
        try LawVocabularyCommandTests.succeed(
            tool, [["input", "add", "LB", "--kind", "aanvraag", "--id", "A-1", "--text", "Bloembakken.", "--amount", "€ 800,00"]])
        let status = try tool.run(["status", "LB"])
        #expect(status.out.contains("gevraagd € 800,00"), "\(status)")
    }

    @Test("feedback add: more than asked, an amount on a refusal, deels without an amount and over-commitment are refused")
    func grants() throws {
        let (tool, directory) = try Self.round("wb-grants")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let more = try LawVocabularyCommandTests.refused(
            tool, ["feedback", "add", "LB", "A-01", "--verdict", "overgenomen", "--amount", "3000", "--reason", "Ja."])
        #expect(more.contains("het toegekende bedrag (€ 3.000,00) is meer dan gevraagd (€ 2.500,00)."), "\(more)")
        let onRefusal = try LawVocabularyCommandTests.refused(
            tool, ["feedback", "add", "LB", "A-01", "--verdict", "niet-overgenomen", "--amount", "2500", "--reason", "Nee."])
        #expect(onRefusal.contains("bij \"niet overgenomen\" wordt niets toegekend"), "\(onRefusal)")
        let partly = try LawVocabularyCommandTests.refused(
            tool, ["feedback", "add", "LB", "A-01", "--verdict", "deels", "--reason", "Half."])
        #expect(partly.contains("geef bij \"deels overgenomen\" het toegekende bedrag"), "\(partly)")
        let bad = try tool.run(["feedback", "add", "LB", "A-01", "--verdict", "deels", "--amount", "1.5.0", "--reason", "Half."])
        #expect(bad.code == 65, "\(bad)")
        let early = try LawVocabularyCommandTests.refused(tool, ["advance", "LB", "toekennen", "--reason", "Nog niets."])
        #expect(early.contains("Alle 3 aanvragen hebben nog geen antwoord"), "\(early)")
        let granted = try tool.run(["feedback", "add", "LB", "A-01", "--verdict", "overgenomen", "--reason", "Ja."])
        #expect(granted.out.contains("Antwoord op A-01 vastgelegd: overgenomen, toegekend € 2.500,00."), "\(granted)")
        try LawVocabularyCommandTests.succeed(
            tool, [["feedback", "add", "LB", "A-02", "--verdict", "overgenomen", "--amount", "25.000", "--reason", "Ja."]])
        let over = try LawVocabularyCommandTests.refused(
            tool, ["feedback", "add", "LB", "A-03", "--verdict", "overgenomen", "--reason", "Ja."])
        #expect(
            over.contains(
                "Terugkoppeling vastleggen: De toekenningen (€ 42.500,00) gaan € 2.500,00 over het budget van de kern (€ 40.000,00)."),
            "\(over)")
        #expect(try tool.counts("LB")["answered"] == 2)
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["feedback", "add", "LB", "A-03", "--verdict", "deels", "--amount", "12.500", "--reason", "Wat er nog is."],
                ["advance", "LB", "toekennen", "--reason", "Drie aanvragen; het budget is op."],
            ])
        let status = try tool.run(["status", "LB"])
        #expect(status.out.contains("toegekend € 40.000,00 · nog vrij € 0,00"), "\(status)")
    }

    @Test("feedback import reads a bedrag column, and refuses an import that over-commits as a whole")
    func feedbackImport() throws {
        let (tool, directory) = try Self.round("wb-import")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let over = try Self.write(
            "kenmerk;oordeel;bedrag;motivering\nA-01;overgenomen;;Ja.\nA-02;overgenomen;;Ja.\nA-03;overgenomen;;Ja.\n",
            named: "over.csv", in: directory)
        let refused = try LawVocabularyCommandTests.refused(tool, ["feedback", "import", "LB", over])
        #expect(refused.contains("gaan € 2.500,00 over het budget van de kern"), "\(refused)")
        #expect(try tool.counts("LB")["answered"] == 0)
        let fits = try Self.write(
            "kenmerk;oordeel;bedrag;motivering\nA-01;overgenomen;;Ja.\nA-02;deels;20.000;Deels.\nA-03;overgenomen;;Ja.\n",
            named: "fits.csv", in: directory)
        try LawVocabularyCommandTests.succeed(tool, [["feedback", "import", "LB", fits]])
        let status = try tool.run(["status", "LB"])
        #expect(status.out.contains("toegekend € 37.500,00"), "\(status)")
    }
}
