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
        #expect(out.contains("Alle 3 reacties hadden een antwoord vóór het besluit van 26-05-2026; 2 kregen hun antwoord ook toegestuurd."))
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
        #expect(Self.flat(result.out).contains("Alle 3 reacties hadden een antwoord vóór het besluit van 26-05-2026"))
        #expect(!result.out.contains("<script"))
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
        #expect(text.hasPrefix("proces;titel;toestand;"))
        #expect(text.contains("INS-1;Speelplek Hatert;"))
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
        #expect(result.out.contains("Tienpuntenplan punt 10 in 2026: niet gehaald."))
        #expect(result.out.contains("Per wijk in 2026"))
        #expect(result.out.contains("(geen wijk)"))
        // Without processes named, --year audits the processes that ran in that year: none in 2025.
        let earlier = try tool.run(["report", "audit", "--year", "2025"])
        #expect(earlier.code == 0)
        #expect(Self.flat(earlier.out).contains("Er zijn geen processen in deze selectie."))
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
