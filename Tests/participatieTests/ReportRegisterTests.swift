import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// `report register`, `report reactienota` and `deadlines` on a store built by commands, as
/// a griffie and a projectleider would build it.
@Suite("participatie report register, reactienota and deadlines", .serialized)
struct ReportRegisterTests {
    /// Personal data given with `input add --author/--email/--address`: never in a report
    /// unless `--with-names`.
    static let author = "Gerda Bosman-Terlouw"
    static let secondAuthor = "Zoë Ëlsinga"
    static let email = "gerda.bosman@example.nl"
    static let address = "Hoefslag 22, Nijmegen"

    /// Builds a store with two letters and one inspraak process; returns the tool at "today"
    /// (Tuesday 20-04-2027).
    static func store(_ directory: String) throws -> Tool {
        var tool = Tool(store: directory + "/store")
        tool.actor = "griffie"
        func must(_ arguments: [String]) throws {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments.joined(separator: " ")): \(result)")
        }
        tool.now = "2027-02-01T10:00:00+01:00"
        try must(["start", "ingekomen-stuk", "--id", "BRIEF-2027-009", "--title", "Brief Wijkraad Dukenburg: verlichting Staddijk"])
        try must([
            "input", "add", "BRIEF-2027-009", "--kind", "punt", "--id", "B-1", "--text", "De lantaarns langs de Staddijk zijn kapot.",
            "--author", author, "--email", email, "--address", address, "--public-name", "Wijkraad Dukenburg", "--theme", "verlichting",
        ])
        try must([
            "input", "add", "BRIEF-2027-009", "--kind", "punt", "--id", "B-2", "--text", "Bespreek de donkere fietspaden.",
            "--author", secondAuthor,
        ])
        tool.now = "2027-02-03T09:00:00+01:00"
        try must(["document", "add", "BRIEF-2027-009", "--kind", "ontvangstbevestiging", "--ref", "UIT-2027-009"])
        try must(["advance", "BRIEF-2027-009", "bevestigen"])
        try must([
            "document", "add", "BRIEF-2027-009", "--kind", "afdoeningsvoorstel", "--ref", "Lijst ingekomen stukken 03-03-2027, nr. 2",
        ])
        tool.now = "2027-02-10T20:00:00+01:00"
        try must(["advance", "BRIEF-2027-009", "inHandenCollege", "--as", "presidium"])

        tool.now = "2027-04-12T11:00:00+02:00"
        try must(["start", "ingekomen-stuk", "--id", "BRIEF-2027-012", "--title", "Brief over parkeren bij de school"])
        try must(["input", "add", "BRIEF-2027-012", "--kind", "punt", "--text", "Auto's op de stoep.", "--author", "Mustafa El Amrani"])

        tool.actor = "projectleider"
        tool.now = "2027-02-10T10:00:00+01:00"
        try must(["start", "inspraak", "--id", "inspraak-2027-001", "--title", "Herinrichting Groenestraat", "--attr", "impact=midden"])
        try must(["document", "add", "inspraak-2027-001", "--kind", "ontwerp", "--ref", "Z-2027-0142"])
        tool.now = "2027-02-15T09:00:00+01:00"
        try must(["advance", "inspraak-2027-001", "terInzageLeggen"])
        tool.now = "2027-02-20T09:00:00+01:00"
        try must([
            "input", "add", "inspraak-2027-001", "--kind", "inspraakreactie", "--text", "Drempels bij de school, graag.", "--theme",
            "verkeer",
            "--author", author, "--email", email, "--address", address,
        ])
        try must([
            "input", "add", "inspraak-2027-001", "--kind", "inspraakreactie", "--text", "Behoud de lindebomen.", "--theme", "groen",
            "--author", secondAuthor, "--public-name", "Bewonersvereniging Groenekwartier",
        ])
        tool.now = "2027-03-01T09:00:00+01:00"
        try must([
            "feedback", "add", "inspraak-2027-001", "R-0001", "--verdict", "deels", "--reason", "Er komen drempels; een zebrapad niet.",
        ])
        try must(["feedback", "add", "inspraak-2027-001", "R-0002", "--verdict", "overgenomen", "--reason", "De bomen blijven staan."])
        tool.now = "2027-04-20T09:00:00+02:00"
        tool.actor = "griffie"
        return tool
    }

    static let personal = [author, secondAuthor, email, address, "Mustafa El Amrani"]
    static let formats = ["text", "md", "html", "json", "csv"]

    @Test("every command in every format exits 0 and shows no personal data without --with-names")
    func everyFormat() throws {
        let directory = TestSupport.temporaryDirectory("register")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.store(directory)
        let commands: [[String]] = [
            ["report", "register"], ["report", "register", "--open"], ["report", "register", "--overdue"],
            ["report", "reactienota", "inspraak-2027-001"], ["deadlines"], ["deadlines", "--within", "90"],
        ]
        for command in commands {
            for format in Self.formats {
                let result = try tool.run(command + ["--format", format])
                #expect(result.code == 0, "\(command) \(format): \(result)")
                #expect(!result.out.isEmpty, "\(command) \(format)")
                for value in Self.personal { #expect(!result.out.contains(value), "\(command) \(format) bevat \(value)") }
                if format == "json" {
                    let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
                    #expect(object?["formatVersion"] as? Int == 1, "\(command)")
                }
            }
        }
        let ics = try tool.run(["deadlines", "--format", "ics", "--within", "90"])
        #expect(ics.code == 0, "\(ics)")
        for value in Self.personal { #expect(!ics.out.contains(value)) }
    }

    @Test("--with-names is the only way a writer's name appears, in every format")
    func withNames() throws {
        let directory = TestSupport.temporaryDirectory("register-names")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.store(directory)
        for command in [["report", "register"], ["report", "reactienota", "inspraak-2027-001"]] {
            for format in Self.formats {
                let result = try tool.run(command + ["--format", format, "--with-names"])
                #expect(result.code == 0, "\(command) \(format): \(result)")
                // Plain text wraps long cells over lines, so a name may be split there.
                if format != "text" {
                    #expect(result.out.contains(Self.author), "\(command) \(format) mist de naam")
                    #expect(result.out.contains(Self.secondAuthor), "\(command) \(format) mist de tweede naam")
                }
                // Only names: e-mail and address stay out.
                #expect(!result.out.contains(Self.email) && !result.out.contains(Self.address), "\(command) \(format)")
                let without = try tool.run(command + ["--format", format])
                #expect(!without.out.contains(Self.author) && !without.out.contains(Self.secondAuthor), "\(command) \(format)")
            }
        }
        // deadlines has no --with-names: names never appear there.
        #expect(try tool.run(["deadlines", "--with-names"]).code == 64)
    }

    @Test("report register: the overdue letter, its due date and days overdue; --overdue and --open")
    func register() throws {
        let directory = TestSupport.temporaryDirectory("register-text")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.store(directory)
        let json = try tool.run(["report", "register", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let letters = try #require(object["letters"] as? [[String: Any]])
        #expect(letters.map { $0["process"] as? String } == ["BRIEF-2027-009", "BRIEF-2027-012"])
        // Eight weeks from 01-02-2027 end on tweede Paasdag (29-03): the term runs on to 30-03.
        #expect(letters.first?["due"] as? String == "2027-03-30")
        #expect(letters.first?["daysOverdue"] as? Int == 21)
        #expect(letters.first?["sender"] as? String == "Wijkraad Dukenburg")
        #expect(letters.first?["writerNames"] == nil)
        let overdue = try tool.run(["report", "register", "--overdue", "--format", "md"])
        #expect(overdue.out.contains("BRIEF-2027-009") && !overdue.out.contains("BRIEF-2027-012"))
        #expect(!(try tool.run(["report", "register", "--format", "md"]).out.contains("Groenestraat")))
    }

    @Test("deadlines --format ics --out writes a calendar file atomically; to standard output it ends with CRLF")
    func icsFile() throws {
        let directory = TestSupport.temporaryDirectory("register-ics")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.store(directory)
        let path = directory + "/termijnen.ics"
        let result = try tool.run(["deadlines", "--format", "ics", "--within", "90", "--out", path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.isEmpty)
        #expect(result.err.contains(path))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("DTSTAMP:20270420T070000Z\r\n"))
        #expect(text.contains("UID:BRIEF-2027-009/answer/"), "one answer deadline per letter and day")
        for (index, byte) in bytes.enumerated() where byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        let stdout = try tool.run(["deadlines", "--format", "ics", "--within", "90"])
        #expect(stdout.out == text)
    }

    @Test("usage errors: unknown format, bad --within, unknown process")
    func usageErrors() throws {
        let directory = TestSupport.temporaryDirectory("register-usage")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        #expect(try tool.run(["report", "register", "--format", "pdf"]).code == 64)
        #expect(try tool.run(["report", "register", "--format", "ics"]).code == 64)
        #expect(try tool.run(["deadlines", "--within", "morgen"]).code == 64)
        #expect(try tool.run(["deadlines", "--within", "-3"]).code == 64)
        #expect(try tool.run(["deadlines", "--format", "ics", "--excel"]).code == 64)
        #expect(try tool.run(["report", "reactienota"]).code == 64)
        // A reading command on a store that is not there: exit 74, and nothing is created.
        let noStore = try tool.run(["report", "reactienota", "bestaat-niet"])
        #expect(noStore.code == 74)
        #expect(noStore.err.contains("Geen opslag gevonden in") && noStore.err.contains("begin met participatie start"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/store"))
        _ = try ParticipationStore(path: directory + "/store", session: .exercise())
        let missing = try tool.run(["report", "reactienota", "bestaat-niet"])
        #expect(missing.code == 65)
        #expect(missing.err.contains("bestaat-niet"))
        let empty = try tool.run(["deadlines", "--format", "ics"])
        #expect(empty.code == 0)
        #expect(empty.out.hasPrefix("BEGIN:VCALENDAR\r\n") && empty.out.hasSuffix("END:VCALENDAR\r\n"))
        #expect(empty.err.contains("Geen termijnen"))
    }

    @Test(
        "--help for each command, in Dutch, with its options",
        arguments: [
            (["report", "register"], ["--open", "--overdue", "--with-names", "--format", "--out"]),
            (["report", "reactienota"], ["PROC", "--with-names", "--format"]),
            (["deadlines"], ["--within", "ics", "--out"]),
        ])
    func help(words: [String], options: [String]) throws {
        let result = try Tool(store: "/nonexistent").run(words + ["--help"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Gebruik: participatie \(words.joined(separator: " "))"))
        #expect(result.out.contains("Opties:"))
        for option in options { #expect(result.out.contains(option), "\(words) --help mist \(option)") }
        #expect(try Tool(store: "/nonexistent").run(["--help"]).out.contains("  \(words.joined(separator: " ")) "))
    }
}
