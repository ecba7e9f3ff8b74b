import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// `participatie redact`: the right to erasure (AVG) through the real binary.
@Suite("participatie redact", .serialized)
struct RedactCommandTests {
    static let reason = "Verzoek van de indiener per e-mail van 2 juni 2026."

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Whether `needle` occurs in the raw bytes of a file.
    static func fileContains(_ path: String, _ needle: String) throws -> Bool {
        let haystack = try bytes(path)
        let needle = Array(needle.utf8)
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    static func journalFiles(_ store: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store + "/journal").sorted().map { store + "/journal/" + $0 }
    }

    @Test("redact erases name, e-mail and address; verify passes; text, answer and counts stay")
    func endToEnd() throws {
        let (tool, directory) = try ReportAuditTests.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let personal = tool.store + "/personal.jsonl"
        let secrets = [ReportAuditTests.writer, ReportAuditTests.email, ReportAuditTests.address]
        for secret in secrets { #expect(try Self.fileContains(personal, secret), "\(secret) staat er vooraf niet in") }
        let auditBefore = try tool.run(["report", "audit", "--format", "json"])
        let notaBefore = try tool.run(["report", "reactienota", "INS-1", "--format", "json"])

        let result = try tool.run(["redact", "INS-1", "R-0001", "--reason", Self.reason, "--as", "projectleider:Fatima Yilmaz"])
        #expect(result.code == 0, "\(result)")
        #expect(result.err.isEmpty)
        #expect(
            result.out == """
                De contactgegevens bij R-0001 in INS-1 zijn verwijderd (AVG): 1 regel uit \(personal).
                Gezocht in: \(personal) en tijdelijke kopieën ervan (geen gevonden).
                Het journaal en snapshot.bin bevatten geen contactgegevens, alleen een vingerafdruk (SHA-256 met zout).
                De inbreng, het antwoord en de tellingen blijven. De hashketen blijft kloppen.
                In het journaal staat de verwijdering met de reden, in regel 15.

                """)

        let verify = try tool.run(["verify"])
        #expect(verify.code == 0, "\(verify)")
        // The raw bytes: gone from personal.jsonl, never in the journal.
        for secret in secrets {
            #expect(try !Self.fileContains(personal, secret), "personal.jsonl bevat nog \(secret)")
            for file in try Self.journalFiles(tool.store) { #expect(try !Self.fileContains(file, secret), "\(file) bevat \(secret)") }
        }
        #expect(try Self.fileContains(try Self.journalFiles(tool.store)[0], #""type":"personalDataRedacted""#))

        // The input's text and its answer are unchanged; the audit still counts it.
        let nota = try tool.run(["report", "reactienota", "INS-1", "--format", "json"])
        #expect(nota.out == notaBefore.out)
        #expect(nota.out.contains("Meer bomen langs het pad.") && nota.out.contains("Er komen twaalf bomen langs het pad."))
        let audit = try #require(
            try JSONSerialization.jsonObject(with: Data(try tool.run(["report", "audit", "--format", "json"]).out.utf8)) as? [String: Any])
        let before = try #require(try JSONSerialization.jsonObject(with: Data(auditBefore.out.utf8)) as? [String: Any])
        let process = try #require((audit["processes"] as? [[String: Any]])?.first)
        let processBefore = try #require((before["processes"] as? [[String: Any]])?.first)
        let counts = try #require(process["counts"] as? [String: Int])
        var countsBefore = try #require(processBefore["counts"] as? [String: Int])
        #expect(counts["redacted"] == 1 && countsBefore["redacted"] == 0)
        countsBefore["redacted"] = 1
        #expect(counts == countsBefore)
        #expect((process["inputs"] as? [[String: Any]])?.count == 3)
        let redactions = try #require(process["redactions"] as? [[String: Any]])
        #expect(redactions.count == 1)
        #expect(redactions.first?["input"] as? String == "R-0001")
        #expect(redactions.first?["reason"] as? String == Self.reason)
        #expect(redactions.first?["by"] as? String == "projectleider (Fatima Yilmaz)")
        #expect(redactions.first?["date"] as? String == "2026-06-10")

        // status: the count, in JSON and in text.
        #expect(try tool.counts("INS-1")["redacted"] == 1)
        #expect(try tool.run(["status", "INS-1"]).out.contains("persoonsgegevens verwijderd 1"))
        // The audit in text: one line per erasure with date and reason.
        let text = ReportAuditTests.flat(try tool.run(["report", "audit"]).out)
        #expect(text.contains("Verwijderde persoonsgegevens (AVG)"))
        #expect(text.contains("10-06-2026 R-0001 projectleider (Fatima Yilmaz) Verzoek van de indiener per e-mail van 2 juni 2026."))
    }

    @Test("refusals exit 1 with the reason in Dutch and write nothing")
    func refusals() throws {
        let (tool, directory) = try ReportAuditTests.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases: [(arguments: [String], message: String)] = [
            (["redact", "INS-1", "R-0099", "--reason", Self.reason], "Onbekende inbreng in proces INS-1: R-0099."),
            (
                ["redact", "INS-1", "R-0001"],
                "Geef de reden voor het verwijderen, bijvoorbeeld: verzoek van de indiener van 3 april. Geef die met --reason."
            ),
            (["redact", "INS-1", "R-0001", "--reason", "  "], "Geef die met --reason."),
            (["redact", "INS-1", "R-0003", "--reason", Self.reason], "Bij R-0003 zijn geen persoonsgegevens bewaard."),
        ]
        let files = try Self.journalFiles(tool.store) + [tool.store + "/personal.jsonl"]
        let untouched = try files.map(Self.bytes)
        for (arguments, message) in cases {
            let result = try tool.run(arguments)
            #expect(result.code == 1, "\(arguments): \(result)")
            #expect(result.out.isEmpty)
            #expect(result.err.hasPrefix("Persoonsgegevens verwijderen:"), "\(result.err)")
            #expect(result.err.contains(message), "\(arguments): \(result.err)")
            #expect(try files.map(Self.bytes) == untouched, "\(arguments) schreef iets")
        }
        // Twice: the second is refused and writes nothing.
        #expect(try tool.run(["redact", "INS-1", "R-0001", "--reason", Self.reason]).code == 0)
        let after = try (Self.journalFiles(tool.store) + [tool.store + "/personal.jsonl"]).map(Self.bytes)
        let again = try tool.run(["redact", "INS-1", "R-0001", "--reason", Self.reason])
        #expect(again.code == 1)
        #expect(again.err.contains("De persoonsgegevens bij R-0001 zijn al verwijderd op 10-06-2026."))
        #expect(try (Self.journalFiles(tool.store) + [tool.store + "/personal.jsonl"]).map(Self.bytes) == after)
        // An unknown process and a missing argument.
        #expect(try tool.run(["redact", "BESTAAT-NIET", "R-0001", "--reason", Self.reason]).code == 65)
        #expect(try tool.run(["redact", "INS-1"]).code == 64)
    }

    @Test("--help explains what stays and what goes; the overview lists redact")
    func help() throws {
        let directory = TestSupport.temporaryDirectory("redact-help")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        let help = try tool.run(["redact", "--help"])
        #expect(help.code == 0)
        #expect(help.out.hasPrefix("Gebruik: participatie redact PROC INPUT --reason T"))
        for option in ["--reason T", "--as ROL[:NAAM]", "--store MAP"] { #expect(help.out.contains(option), "\(option)") }
        #expect(help.out.contains(Redaction.placeholder))
        #expect(try tool.run(["--help"]).out.contains("  redact "))
    }

    @Test("after redact, no report in any format shows the erased writer; with --with-names the placeholder stands in")
    func reports() throws {
        let directory = TestSupport.temporaryDirectory("redact-reports")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try ReportRegisterTests.store(directory)
        // Gerda wrote B-1 of a letter and R-0001 of the inspraak; Zoë's details stay.
        for (process, input, role) in [("BRIEF-2027-009", "B-1", "griffie"), ("inspraak-2027-001", "R-0001", "projectleider")] {
            let result = try tool.run(["redact", process, input, "--reason", "Verzoek van de indiener.", "--as", role])
            #expect(result.code == 0, "\(result)")
        }
        let erased = [ReportRegisterTests.author, ReportRegisterTests.email, ReportRegisterTests.address]
        let commands: [[String]] = [["report", "audit"], ["report", "register"], ["report", "reactienota", "inspraak-2027-001"]]
        for command in commands {
            for format in ReportRegisterTests.formats {
                for names in [false, true] {
                    let result = try tool.run(command + ["--format", format] + (names ? ["--with-names"] : []))
                    #expect(result.code == 0, "\(command) \(format): \(result)")
                    for value in erased { #expect(!result.out.contains(value), "\(command) \(format) \(names) bevat \(value)") }
                    // Text wraps cells and the audit's CSV is the overview without names.
                    guard names, format != "text", !(command[1] == "audit" && format == "csv") else { continue }
                    #expect(result.out.contains(Redaction.placeholder), "\(command) \(format) mist \(Redaction.placeholder)")
                    #expect(result.out.contains(ReportRegisterTests.secondAuthor), "\(command) \(format) mist de andere naam")
                }
            }
        }
    }
}
