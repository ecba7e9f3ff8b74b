import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// The four ways the record of who did what, and when, could be made up, through the tool:
/// each is now refused or made visible.
@Suite("participatie: who and when", .serialized)
struct WhoAndWhenCommandTests {
    static let account = StoreSession.operatingSystemAccount()

    /// A real store (the system clock) with an inspraak process open for reactions.
    static func realStore(_ directory: String) throws -> Tool {
        var tool = Tool(store: directory + "/store")
        tool.now = ""
        for arguments in [
            ["start", "inspraak", "--title", "Plein", "--id", "P", "--attr", "impact=laag"],
            ["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"],
            ["advance", "P", "terInzageLeggen"],
        ] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)")
        }
        return tool
    }

    static func journal(_ tool: Tool) -> [UInt8] { JournalSurgery.segments(tool.store + "/journal").flatMap { $0 } }

    @Test("PARTICIPATIE_NOW in a real store: exit 64 and nothing written, for writing and reading commands alike")
    func clockSetInRealStore() throws {
        let directory = TestSupport.temporaryDirectory("who-real")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = try Self.realStore(directory)
        let before = Self.journal(tool)
        tool.now = "2026-03-14T10:00:00+01:00"
        for arguments in [["input", "add", "P", "--kind", "inspraakreactie", "--text", "x"], ["status", "P"], ["tick"]] {
            let result = try tool.run(arguments)
            #expect(result.code == 64, "\(arguments): \(result)")
            #expect(result.err.contains("geen oefenopslag"), "\(result.err)")
        }
        #expect(Self.journal(tool) == before)
        // Every line of the real store carries the account and the system clock.
        let text = String(decoding: before, as: UTF8.self)
        #expect(text.components(separatedBy: "\"account\":\"\(Self.account)\"").count - 1 == 4)
        #expect(text.components(separatedBy: "\"recorded\":\"").count - 1 == 4)
    }

    @Test("an exercise store says so on status and every report")
    func exerciseBanner() throws {
        let directory = TestSupport.temporaryDirectory("who-exercise")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        #expect(try tool.run(["start", "inspraak", "--title", "Plein", "--id", "P", "--attr", "impact=laag"]).code == 0)
        for arguments in [["status", "P"], ["report", "audit"], ["report", "reactienota", "P"], ["deadlines"], ["list"]] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)")
            #expect(result.out.contains("Oefenopslag — de klok is ingesteld; geen verantwoording"), "\(arguments)")
        }
        let html = try tool.run(["report", "audit", "--format", "html"])
        #expect(html.out.contains("<p class=\"let-op\" role=\"note\">Let op: Oefenopslag"))
        let json = try tool.run(["status", "P", "--format", "json"])
        #expect(json.out.contains("\"exercise\" : true"))
        // A real store does not.
        let real = try Self.realStore(directory + "/echt")
        #expect(!(try real.run(["status", "P"]).out.contains("Oefenopslag")))
    }

    @Test("--as raad from an account without that role, once roles are granted: refused, naming account and role")
    func roles() throws {
        let directory = TestSupport.temporaryDirectory("who-roles")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.realStore(directory)
        // Open while no role is granted, and status and the audit say so.
        #expect(try tool.run(["status", "P"]).out.contains("Rollen niet afgeschermd"))
        #expect(try tool.run(["report", "audit"]).out.contains("Rollen niet afgeschermd"))
        let grant = try tool.run(["role", "grant", Self.account, "projectleider"])
        #expect(grant.code == 0, "\(grant)")
        #expect(!(try tool.run(["status", "P"]).out.contains("Rollen niet afgeschermd")))
        let before = Self.journal(tool)
        let raad = try tool.run(["advance", "P", "noodrem", "--reason", "Stop", "--as", "raad"])
        #expect(raad.code == 1, "\(raad)")
        #expect(raad.err.contains("Account \(Self.account) heeft de rol raad niet"), "\(raad.err)")
        #expect(Self.journal(tool) == before)
        #expect(try tool.run(["input", "add", "P", "--kind", "inspraakreactie", "--text", "Mag wel."]).code == 0)
        let list = try tool.run(["role", "list"])
        #expect(list.out.contains("Beheerder: \(Self.account)") && list.out.contains("projectleider"))
    }

    @Test("advance opvolgingVerlopen --as systeem right after kennisnemen: refused, the eight weeks stand")
    func noHandFiredTimer() throws {
        let directory = TestSupport.temporaryDirectory("who-timer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.actor = "griffie"
        for arguments in [
            ["start", "ingekomen-stuk", "--title", "Brief", "--id", "B"],
            ["input", "add", "B", "--kind", "punt", "--text", "Punt 1."],
            ["document", "add", "B", "--kind", "ontvangstbevestiging", "--ref", "UIT-1"],
            ["advance", "B", "bevestigen"],
            ["document", "add", "B", "--kind", "afdoeningsvoorstel", "--ref", "Lijst 1"],
            ["feedback", "add", "B", "R-0001", "--verdict", "kennisgenomen", "--reason", "Voor kennisgeving aangenomen."],
            ["advance", "B", "kennisnemen", "--as", "raad", "--reason", "Ter kennisneming aangenomen."],
        ] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)")
        }
        let before = Self.journal(tool)
        for actor in ["systeem", "raad"] {
            let result = try tool.run(["advance", "B", "opvolgingVerlopen", "--as", actor])
            #expect(result.code == 1, "\(actor): \(result)")
            #expect(result.err.contains(actor == "systeem" ? "niemand kan in die rol handelen" : "gaat vanzelf"), "\(result.err)")
        }
        #expect(try tool.run(["tick"]).code == 0)
        #expect(Self.journal(tool) == before, "tick vuurt niets af voordat de acht weken om zijn")
        #expect(try tool.status("B")["state"] as? String == "terKennisneming")
    }

    @Test("--received 1999-01-01 is kept, and the audit lists the input as registered long after it was received")
    func backdated() throws {
        let directory = TestSupport.temporaryDirectory("who-received")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try Self.realStore(directory)
        let today = CivilDate(amsterdam: Date())
        let result = try tool.run(["input", "add", "P", "--kind", "inspraakreactie", "--text", "Oud.", "--received", "1999-01-01"])
        #expect(result.code == 0, "\(result)")
        let audit = try tool.run(["report", "audit", "--format", "md"])
        #expect(audit.out.contains("### Laat geregistreerd"))
        #expect(
            audit.out.contains("| R-0001 | 01-01-1999 | \(today) | \(today.days(since: TestSupport.day("1999-01-01"))) |"), "\(audit.out)")
        let future = try tool.run([
            "input", "add", "P", "--kind", "inspraakreactie", "--text", "Nog niet.", "--received", today.adding(days: 1).iso,
        ])
        #expect(future.code == 1, "\(future)")
        #expect(future.err.contains("ligt in de toekomst"))
    }
}
