import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// Named terms through the built tool, in an exercise store: the beslistermijn of
/// zienswijze-uov from the aanvraag's own date, in `deadlines`, and `extend --term`.
@Suite("participatie: named terms", .serialized)
struct NamedTermCommandTests {
    static func require(_ result: (code: Int32, out: String, err: String), sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    {
        try #require(result.code == 0, "\(result)", sourceLocation: sourceLocation)
    }

    static func journal(_ tool: Tool) throws -> String {
        try String(contentsOfFile: tool.store + "/journal/000001.jsonl", encoding: .utf8)
    }

    @Test("deadlines shows the beslistermijn from the aanvraag's date; extend --term refuses every unmet rule, then moves the end")
    func beslistermijn() throws {
        let directory = TestSupport.temporaryDirectory("named-term-cli")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.now = "2025-12-03T10:00:00+01:00"
        try Self.require(tool.run(["start", "zienswijze-uov", "--id", "Z", "--title", "Omgevingsvergunning Waalkade 12"]))
        try Self.require(tool.run(["start", "zienswijze-uov", "--id", "Y", "--title", "Dakopbouw Hertogstraat"]))
        for process in ["Z", "Y"] {
            try Self.require(
                tool.run(["document", "add", process, "--kind", "aanvraag", "--ref", "OLO-\(process)", "--date", "2025-12-01"]))
        }

        // Refused: no ground, and a role that does not act now. Each reason on its own line; nothing written.
        tool.now = "2025-12-10T10:00:00+01:00"
        let before = try Self.journal(tool)
        let refused = try tool.run([
            "extend", "Z", "--term", "beslistermijn", "--weeks", "6", "--reason", "Advies van de commissie is nodig.", "--as", "college",
        ])
        #expect(refused.code == 1, "\(refused)")
        let lines = refused.err.components(separatedBy: "\n")
        #expect(
            lines.contains {
                $0.contains(
                    "Alleen behandelaar (projectleider) mag de beslistermijn verlengen; u handelt als college van B en W.")
            },
            "\(refused.err)")
        #expect(lines.contains { $0.contains("Noem de wettelijke grondslag van de verlenging: Awb 3:18 lid 2.") }, "\(refused.err)")
        #expect(!lines.contains { $0.contains("Alleen behandelaar") && $0.contains("Noem de wettelijke grondslag") }, "\(refused.err)")
        #expect(refused.err.contains("--basis GRONDSLAG"), "\(refused.err)")
        let wrong = try tool.run([
            "extend", "Z", "--term", "beslistermijn", "--weeks", "6", "--basis", "Awb 4:14", "--reason", "Advies nodig.",
        ])
        #expect(wrong.code == 1, "\(wrong)")
        #expect(wrong.err.contains("De grondslag \"Awb 4:14\" past niet bij de beslistermijn; noem Awb 3:18 lid 2."), "\(wrong.err)")
        #expect(try Self.journal(tool) == before)

        // Usage: --weeks and --basis belong to --term.
        #expect(try tool.run(["extend", "Z", "--weeks", "6", "--reason", "x"]).code == 64)
        #expect(try tool.run(["extend", "Z", "--days", "6", "--basis", "Awb 3:18 lid 2", "--reason", "x"]).code == 64)
        #expect(try Self.journal(tool) == before)

        // Accepted with the ground.
        let extended = try tool.run([
            "extend", "Z", "--term", "beslistermijn", "--weeks", "6", "--basis", "Awb 3:18 lid 2", "--reason",
            "Advies van de commissie is nodig.",
        ])
        try Self.require(extended)
        #expect(extended.out.contains("Beslistermijn verlengd tot en met maandag 13-07-2026 (Awb 3:18 lid 2)."), "\(extended.out)")
        #expect(try Self.journal(tool).contains(#""basis":"Awb 3:18 lid 2""#))
        let again = try tool.run([
            "extend", "Z", "--term", "beslistermijn", "--weeks", "2", "--basis", "Awb 3:18 lid 2", "--reason", "Nog meer tijd.",
        ])
        #expect(again.code == 1)
        #expect(again.err.contains("De beslistermijn kan eenmaal worden verlengd, en dat is al gebeurd."), "\(again.err)")

        // On 29-05-2026: Y's term ends on 01-06-2026 and is not late; Z's moved to 13-07-2026.
        tool.now = "2026-05-29T10:00:00+02:00"
        let text = try tool.run(["deadlines", "--within", "60"])
        try Self.require(text)
        #expect(text.out.contains("maandag 01-06-2026"), "\(text.out)")
        #expect(text.out.contains("Laatste dag: Beslistermijn"), "\(text.out)")
        #expect(text.out.contains("Te laat:   0"), "\(text.out)")
        #expect(text.out.contains("maandag 13-07-2026"), "\(text.out)")
        let json = try tool.run(["deadlines", "--within", "60", "--format", "json"])
        try Self.require(json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let items = try #require(object["deadlines"] as? [[String: Any]]).filter { $0["kind"] as? String == "term" }
        #expect(items.map { $0["process"] as? String } == ["Y", "Z"])
        #expect(items.map { $0["date"] as? String } == ["2026-06-01", "2026-07-13"])
        #expect(items.map { $0["overdue"] as? Bool } == [false, false])
        #expect(items.map { $0["extended"] as? Int } == [0, 1])
        let ics = try tool.run(["deadlines", "--within", "60", "--format", "ics"])
        try Self.require(ics)
        let unfolded = ICalendar.unfold(ics.out)
        #expect(unfolded.contains("UID:Z/term/beslistermijn@participatie\r\n"), "\(unfolded)")
        let event = unfolded.components(separatedBy: "BEGIN:VEVENT").first { $0.contains("UID:Z/term/beslistermijn@") } ?? ""
        #expect(event.contains("SEQUENCE:1"), "\(event)")
        #expect(event.contains("DTSTART;VALUE=DATE:20260713"), "\(event)")
        let status = try tool.run(["status", "Z"])
        #expect(status.out.contains("Beslistermijn verlengd met 42 dagen door projectleider (Awb 3:18 lid 2)"), "\(status.out)")
    }

    @Test("extend --help explains both forms")
    func help() throws {
        let result = try Tool(store: TestSupport.temporaryDirectory("named-term-help") + "/store").run(["extend", "--help"])
        #expect(result.code == 0)
        #expect(result.out.contains("--term T"), "\(result.out)")
        #expect(result.out.contains("--basis"), "\(result.out)")
        #expect(result.out.contains("Zonder --term"), "\(result.out)")
        #expect(result.out.contains("Met --term"), "\(result.out)")
    }
}
