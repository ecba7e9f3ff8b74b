import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// `participatie report audit` on a store built with the tool's own commands.
@Suite("report audit", .serialized)
struct ReportAuditTests {
    static let writer = "Johanna de Vries-Bakker"
    static let email = "jdv@example.nl"
    static let address = "Dorpsstraat 17"

    /// An inspraak with three reacties: one by a writer who gave name, e-mail and address, one by a
    /// bewonersvereniging (public name), one anonymous; two answers share a motivation; the college
    /// decides on 26-05-2026 with every reactie answered; two of three answers are sent.
    static func store() throws -> (tool: Tool, directory: String) {
        let directory = TestSupport.temporaryDirectory("audit")
        var tool = Tool(store: directory + "/store")
        func must(_ arguments: [String]) throws {
            let result = try tool.run(arguments)
            guard result.code == 0 else { throw TestSupportError(message: "\(arguments.joined(separator: " ")): \(result)") }
        }
        let p = "INS-1"
        tool.now = "2026-03-13T10:00:00+01:00"
        try must(["start", "inspraak", "--id", p, "--title", "Speelplek Hatert", "--attr", "impact=midden"])
        try must(["document", "add", p, "--kind", "ontwerp", "--ref", "Z-2026-0412"])
        tool.now = "2026-03-16T09:00:00+01:00"
        try must(["advance", p, "terInzageLeggen"])
        tool.now = "2026-04-20T10:00:00+02:00"
        try must([
            "input", "add", p, "--kind", "inspraakreactie", "--text", "Meer bomen langs het pad.", "--author", writer, "--email", email,
            "--address", address,
        ])
        try must([
            "input", "add", p, "--kind", "inspraakreactie", "--text", "Behoud de speeltuin.", "--public-name", "Bewonersvereniging Hatert",
        ])
        try must(["input", "add", p, "--kind", "inspraakreactie", "--text", "Een bankje graag."])
        tool.now = "2026-04-30T09:00:00+02:00"
        try must(["advance", p, "inzageSluiten"])
        try must(["document", "add", p, "--kind", "reactienota", "--ref", "Z-2026-0498"])
        tool.now = "2026-05-18T14:00:00+02:00"
        try must(["feedback", "add", p, "R-0001", "--verdict", "overgenomen", "--reason", "Er komen twaalf bomen langs het pad."])
        try must(["feedback", "add", p, "R-0002", "--verdict", "niet-overgenomen", "--reason", "Wij nemen dit niet over."])
        try must(["feedback", "add", p, "R-0003", "--verdict", "niet-overgenomen", "--reason", "wij nemen  dit niet over."])
        tool.now = "2026-05-26T10:00:00+02:00"
        try must(["advance", p, "besluiten", "--as", "college"])
        tool.now = "2026-05-28T16:00:00+02:00"
        try must(["feedback", "sent", p, "R-0001", "R-0002"])
        tool.now = "2026-06-10T09:00:00+02:00"
        return (tool, directory)
    }

    static func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test("text: the Kort answer, the decision from the journal, standaardantwoorden and the head")
    func text() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try tool.run(["report", "audit"])
        #expect(result.code == 0, "\(result)")
        #expect(result.err.isEmpty)
        let out = Self.flat(result.out)
        // The answer first: one line per process, yes or no, the ids when not.
        #expect(result.out.hasPrefix("Audit van de participatie\n"))
        let glance = try #require(out.range(of: "In één oogopslag"))
        let kort = try #require(out.range(of: "Kort ----"))
        #expect(glance.upperBound < kort.lowerBound)
        #expect(
            result.out.contains(
                "\nINS-1 (Speelplek Hatert): elke inbreng beantwoord vóór elk besluit: ja · antwoord verstuurd: nee: R-0003\n"))
        #expect(
            out.contains(
                "Alle 3 inspraakreacties hadden een antwoord vóór het besluit van 26-05-2026; nu is het antwoord verstuurd bij 2 van de 3 inspraakreacties."
            ))
        #expect(out.contains("2 antwoorden (67%) zijn een standaardantwoord."))
        #expect(out.contains("Wij nemen dit niet over. 2 67% R-0002, R-0003"))
        let verify = try tool.run(["verify", "--format", "json"])
        let head = try #require(try JSONSerialization.jsonObject(with: Data(verify.out.utf8)) as? [String: Any])
        #expect(verify.code == 0)
        let lines = try #require(head["lines"] as? Int)
        let hash = try #require(head["headHash"] as? String)
        #expect(out.contains("Kop: \(lines):\(hash)"))
        #expect(out.contains("Hashketen: gecontroleerd van de eerste tot de laatste regel: in orde"))
        // The same with the process named, and named twice.
        #expect(try tool.run(["report", "audit", "INS-1", "INS-1"]).out == result.out)
    }

    @Test("html: one file in Dutch with the Kort sentence")
    func html() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try tool.run(["report", "audit", "--format", "html"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("lang=\"nl\""))
        #expect(Self.flat(result.out).contains("Alle 3 inspraakreacties hadden een antwoord vóór het besluit van 26-05-2026"))
        #expect(!result.out.contains("<script"))
        // The glance table, cards on a phone; the charts with their text below.
        #expect(result.out.contains("<td role=\"cell\" data-label=\"antwoord verstuurd\">nee: R-0003</td>"))
        #expect(result.out.contains("<figcaption id=\"grafiek-1-titel\">Oordelen per proces</figcaption>"))
        #expect(result.out.contains("<p id=\"grafiek-1\">INS-1: 1 overgenomen (33%), 2 niet overgenomen (67%).</p>"))
        #expect(result.out.contains("<figcaption id=\"grafiek-2-titel\">Dagen van ontvangst tot het eerste antwoord</figcaption>"))
    }

    @Test("json: formatVersion 1 and the decision as the journal recorded it")
    func json() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try tool.run(["report", "audit", "--format", "json", "--year", "2026"])
        #expect(result.code == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect(object["generated"] as? String == "2026-06-10")
        let journal = try #require(object["journal"] as? [String: Any])
        #expect(journal["verified"] as? Bool == true)
        #expect((journal["hash"] as? String)?.count == 64)
        let glance = try #require(object["atAGlance"] as? [[String: Any]])
        #expect(glance.count == 1)
        #expect(glance[0]["answeredBeforeEveryDecision"] as? Bool == true)
        #expect(glance[0]["answersSent"] as? Bool == false)
        #expect(glance[0]["notSent"] as? [String] == ["R-0003"])
        #expect(
            glance[0]["line"] as? String
                == "INS-1 (Speelplek Hatert): elke inbreng beantwoord vóór elk besluit: ja · antwoord verstuurd: nee: R-0003")
        let processes = try #require(object["processes"] as? [[String: Any]])
        #expect(processes.count == 1)
        let decisions = try #require(processes[0]["decisions"] as? [[String: Any]])
        #expect(decisions.count == 1)
        #expect(decisions[0]["inputsWeighed"] as? Int == 3)
        #expect(decisions[0]["unansweredAtThatMoment"] as? Int == 0)
        let standard = try #require(processes[0]["standardAnswers"] as? [String: Any])
        let groups = try #require(standard["groups"] as? [[String: Any]])
        #expect(groups.first?["inputs"] as? [String] == ["R-0002", "R-0003"])
        let year = try #require(object["year"] as? [String: Any])
        let pointTen = try #require(year["pointTen"] as? [String: Any])
        #expect(pointTen["met"] as? Bool == false)
    }

    @Test("csv for Excel: a byte order mark, semicolons, one row per process")
    func csv() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/audit.csv"
        let result = try tool.run(["report", "audit", "--format", "csv", "--excel", "--out", path])
        #expect(result.code == 0, "\(result)")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("proces;titel;toestand;beantwoord vóór elk besluit;antwoord verstuurd;inbreng;"))
        #expect(text.contains("INS-1;Speelplek Hatert;Besluit genomen;ja;nee: R-0003;3;3;3;2;"))
    }

    @Test("--out writes the file and prints nothing on standard output")
    func out() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/audit.html"
        let result = try tool.run(["report", "audit", "INS-1", "--format", "html", "--out", path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.isEmpty)
        #expect(result.err.contains(path))
        let html = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        #expect(html.contains("<html lang=\"nl\""))
        #expect(html.contains("INS-1"))
        // Written as it is rendered, the file holds what standard output gets.
        #expect(html == (try tool.run(["report", "audit", "INS-1", "--format", "html"])).out)
    }

    @Test("a writer's name appears only with --with-names; e-mail and address never")
    func names() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for format in ["text", "md", "html", "json", "csv"] {
            let result = try tool.run(["report", "audit", "--format", format, "--year", "2026"])
            #expect(result.code == 0, "\(result)")
            #expect(!Self.flat(result.out).contains(Self.writer) && !result.out.contains("Johanna"), "\(format)")
            #expect(!result.out.contains(Self.email) && !result.out.contains(Self.address), "\(format)")
        }
        for format in ["md", "html", "json"] {
            let result = try tool.run(["report", "audit", "--with-names", "--format", format])
            #expect(result.code == 0, "\(result)")
            #expect(result.out.contains(Self.writer), "\(format)")
            #expect(!result.out.contains(Self.email) && !result.out.contains(Self.address), "\(format)")
        }
    }

    @Test("--year adds point 10 and the portfolio per wijk")
    func year() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try tool.run(["report", "audit", "--year", "2026", "--format", "md"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.hasPrefix("# Audit van de participatie: besluiten genomen in 2026\n"))
        #expect(result.out.contains("Tienpuntenplan punt 10 in 2026: niet gehaald."))
        #expect(result.out.contains("Per wijk in 2026"))
        #expect(result.out.contains("(geen wijk)"))
        // No decision was taken in 2025.
        let earlier = try tool.run(["report", "audit", "--year", "2025"])
        #expect(earlier.code == 0)
        #expect(Self.flat(earlier.out).contains("Er is in 2025 geen besluit genomen in deze selectie."))
    }

    @Test("--year Y audits the decisions taken in Y: a process that ran in 2025 and 2026 shows the decision of the year asked")
    func yearOfDecisions() throws {
        let directory = TestSupport.temporaryDirectory("audit-jaar")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        func must(_ now: String, _ arguments: [String]) throws {
            tool.now = now
            let result = try tool.run(arguments)
            guard result.code == 0 else { throw TestSupportError(message: "\(arguments.joined(separator: " ")): \(result)") }
        }
        let plan = TestSupport.repositoryRoot().appendingPathComponent("examples/plan-plein.json").path
        try must("2025-09-01T09:00:00+02:00", ["start", "nijmegen-participatie", "--id", "PLEIN", "--title", "Plein 1944", "--plan", plan])
        try must(
            "2025-09-01T09:05:00+02:00", ["document", "add", "PLEIN", "--kind", "kaders", "--ref", "Raadsbesluit 2025-12", "--as", "raad"])
        try must("2025-09-08T09:00:00+02:00", ["advance", "PLEIN", "startDenken"])
        try must(
            "2025-09-20T10:00:00+02:00", ["input", "add", "PLEIN", "--kind", "idee", "--text", "Meer bomen.", "--received", "2025-09-18"])
        try must(
            "2025-10-10T10:00:00+02:00",
            ["feedback", "add", "PLEIN", "R-0001", "--verdict", "overgenomen", "--reason", "Er komen acht bomen."])
        try must("2025-10-27T10:00:00+01:00", ["advance", "PLEIN", "startBesluiten"])
        try must("2025-11-03T10:00:00+01:00", ["document", "add", "PLEIN", "--kind", "verslag", "--ref", "Verslag"])
        try must("2025-11-03T10:05:00+01:00", ["advance", "PLEIN", "naarBesluitvorming"])
        try must("2025-11-17T10:00:00+01:00", ["document", "add", "PLEIN", "--kind", "besluit", "--ref", "Collegebesluit 2025-311"])
        try must("2025-11-18T10:00:00+01:00", ["advance", "PLEIN", "besluiten", "--as", "college"])
        try must("2025-11-20T10:00:00+01:00", ["feedback", "sent", "PLEIN", "--all"])
        try must("2026-03-02T10:00:00+01:00", ["advance", "PLEIN", "naarLeren"])
        try must("2026-03-16T10:00:00+01:00", ["document", "add", "PLEIN", "--kind", "evaluatie", "--ref", "Evaluatie"])
        try must("2026-03-17T10:00:00+01:00", ["advance", "PLEIN", "afronden", "--as", "college"])
        tool.now = "2026-06-10T09:00:00+02:00"
        for (year, date) in [(2025, "2025-11-18"), (2026, "2026-03-17")] {
            let result = try tool.run(["report", "audit", "--year", "\(year)", "--format", "json"])
            #expect(result.code == 0, "\(result)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            let processes = try #require(object["processes"] as? [[String: Any]])
            #expect(processes.count == 1)
            let decisions = try #require(processes.first?["decisions"] as? [[String: Any]])
            #expect(decisions.map { $0["date"] as? String } == [date])
            let text = try tool.run(["report", "audit", "--year", "\(year)"])
            #expect(text.out.hasPrefix("Audit van de participatie: besluiten genomen in \(year)\n"))
            #expect(Self.flat(text.out).contains("1 proces met een besluit in \(year); in \(year) liep er 1 proces"))
        }
        let all = try tool.run(["report", "audit", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(all.out.utf8)) as? [String: Any])
        let decisions = try #require((object["processes"] as? [[String: Any]])?.first?["decisions"] as? [[String: Any]])
        #expect(decisions.count == 2)
    }

    @Test("a decision whose answers were never sent: the audit warns in every format")
    func neverSent() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A second inspraak, decided, none of its answers sent.
        var second = tool
        func must(_ now: String, _ arguments: [String]) throws {
            second.now = now
            let result = try second.run(arguments)
            guard result.code == 0 else { throw TestSupportError(message: "\(arguments.joined(separator: " ")): \(result)") }
        }
        try must("2026-03-13T10:00:00+01:00", ["start", "inspraak", "--id", "INS-2", "--title", "Bankjes", "--attr", "impact=laag"])
        try must("2026-03-13T10:00:00+01:00", ["document", "add", "INS-2", "--kind", "ontwerp", "--ref", "Z-1"])
        try must("2026-03-16T09:00:00+01:00", ["advance", "INS-2", "terInzageLeggen"])
        try must("2026-04-20T10:00:00+02:00", ["input", "add", "INS-2", "--kind", "inspraakreactie", "--text", "Een bankje."])
        try must("2026-04-30T09:00:00+02:00", ["advance", "INS-2", "inzageSluiten"])
        try must("2026-04-30T09:00:00+02:00", ["document", "add", "INS-2", "--kind", "reactienota", "--ref", "Z-2"])
        try must(
            "2026-05-18T14:00:00+02:00", ["feedback", "add", "INS-2", "R-0001", "--verdict", "overgenomen", "--reason", "Het bankje komt."])
        try must("2026-05-26T10:00:00+02:00", ["advance", "INS-2", "besluiten", "--as", "college"])
        let text = try tool.run(["report", "audit", "INS-2"])
        #expect(text.code == 0, "\(text)")
        let out = Self.flat(text.out)
        #expect(
            text.out.contains(
                "\nINS-2 (Bankjes): elke inbreng beantwoord vóór elk besluit: ja · antwoord verstuurd: nee — LET OP: nog geen enkel antwoord verstuurd: R-0001\n"
            ))
        #expect(out.contains("!! Let op: bij INS-2 is nog geen enkel antwoord verstuurd."))
        #expect(out.contains("LET OP: het antwoord is nog niet verstuurd; de indiener weet nog niet wat er met de inbreng is gedaan."))
        #expect(!out.contains("0 kregen"))
        for format in ["md", "html", "json", "csv"] {
            let result = try tool.run(["report", "audit", "INS-2", "--format", format])
            #expect(result.out.contains("nog geen enkel antwoord verstuurd"), "\(format)")
        }
    }

    @Test("exit codes: unknown process 65, bad usage 64, --help 0")
    func exitCodes() throws {
        let (tool, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unknown = try tool.run(["report", "audit", "BESTAAT-NIET"])
        #expect(unknown.code == 65)
        #expect(unknown.err.contains("BESTAAT-NIET"))
        #expect(unknown.out.isEmpty)
        #expect(try tool.run(["report", "audit", "--year", "twintig"]).code == 64)
        #expect(try tool.run(["report", "audit", "--format", "pdf"]).code == 64)
        #expect(try tool.run(["report", "audit", "--excel"]).code == 64)
        #expect(try tool.run(["report", "audit", "--with-name"]).code == 64)
        let help = try tool.run(["report", "audit", "--help"])
        #expect(help.code == 0)
        #expect(help.out.contains("Gebruik: participatie report audit [PROC…]"))
        #expect(help.out.contains("--with-names"))
        #expect(help.out.contains("--year"))
        #expect(try tool.run(["--help"]).out.contains("report audit"))
    }
}
