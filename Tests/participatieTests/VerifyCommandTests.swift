import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// `participatie verify` on a store of about two thousand events over several segments:
/// every kind of damage gives exit code 74 and names the first bad line.
@Suite("participatie verify")
struct VerifyCommandTests {
    static let template: (path: String, lines: UInt64) = {
        let path = TestSupport.temporaryDirectory("verify-template")
        do {
            return (path, try JournalSurgery.largeStore(at: path, inputs: 1_000, batch: 25, segmentBytes: 120_000))
        } catch {
            preconditionFailure("kan de testopslag niet maken: \(error)")
        }
    }()

    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        /// The seq (1-based over all lines) of the first line that is changed, deleted or moved.
        var line: Int
        var change: @Sendable (inout [[UInt8]], _ segment: Int, _ index: Int) -> Void
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "een byte omgezet", line: 1_234) { lines, _, index in lines[index][50] ^= 0x04 },
        Damage(name: "een regel verwijderd", line: 777) { lines, _, index in lines.remove(at: index) },
        Damage(name: "twee regels verwisseld", line: 1_601) { lines, _, index in lines.swapAt(index, index + 1) },
        Damage(name: "een segment in het midden afgekapt", line: 1_105) { lines, _, index in lines.removeSubrange(index...) },
    ]

    @Test("damage to the journal: exit 74, and the message names the first bad seq", arguments: damages)
    func damaged(_ damage: Damage) throws {
        let path = try JournalSurgery.copy(Self.template.path, label: "verify-damage")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = path + "/journal"
        var segments = JournalSurgery.segments(journal).map(JournalSurgery.lines)
        var before = 0
        var segment = 0
        while before + segments[segment].count < damage.line {
            before += segments[segment].count
            segment += 1
        }
        #expect(segment < segments.count - 1, "de schade moet in een segment vóór het laatste vallen")
        let index = damage.line - before - 1
        damage.change(&segments[segment], segment, index)
        JournalSurgery.write(segments.map { $0.flatMap { $0 } }, to: journal)
        let tool = Tool(store: path)
        let result = try tool.run(["verify"])
        #expect(result.code == 74, "\(result)")
        #expect(result.out.contains("NIET IN ORDE"))
        #expect(result.out.contains("vanaf regel \(damage.line) "), "\(result.out)")
        #expect(result.out.contains("Gecontroleerd en in orde: regel 1 tot en met"))
        let json = try tool.run(["verify", "--format", "json"])
        #expect(json.code == 74)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["firstBadSeq"] as? Int == damage.line)
        #expect(object["intact"] as? Bool == false)
        // The store refuses to open, and says so with the same exit code.
        let status = try tool.run(["status", "P"])
        #expect(status.code == 74)
        #expect(status.err.contains("regel \(damage.line)"))
    }

    @Test("a history rewritten and re-hashed after publication passes without an anchor and fails with it")
    func anchor() throws {
        let path = try JournalSurgery.copy(Self.template.path, label: "verify-anchor")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tool = Tool(store: path)
        var result = try tool.run(["verify"])
        #expect(result.code == 0, "\(result)")
        let head = try #require(result.out.split(separator: "\n").first { $0.hasPrefix("Kop: regel ") })
        // "Kop: regel N, hash H" published in the raad's minutes.
        let words = head.split(separator: " ")
        let published = "\(words[2].dropLast()):\(words[4])"
        #expect(try tool.run(["verify", "--anchor", published]).code == 0)
        JournalSurgery.rewrite(path + "/journal", from: 1_500) { index, body in
            index == 1_500
                ? Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "Antwoord op", with: "Overgenomen:").utf8) : body
        }
        result = try tool.run(["verify"])
        #expect(result.code == 0, "zonder anker valt een consistent herschreven journaal niet op")
        result = try tool.run(["verify", "--anchor", published])
        #expect(result.code == 74, "\(result)")
        #expect(result.out.contains("Anker klopt NIET: regel \(Self.template.lines) heeft hash"))
    }

    @Test("a changed snapshot.bin: status shows it, verify fails with 74 and names the process")
    func snapshot() throws {
        let path = try JournalSurgery.copy(Self.template.path, label: "verify-snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ParticipationStore(path: path, session: .exercise()).writeSnapshot()
        let tool = Tool(store: path)
        #expect(try tool.run(["verify"]).out.contains("Snapshot: snapshot.bin (tot en met regel \(Self.template.lines))"))
        let file = path + "/snapshot.bin"
        // Pretend three inputs never arrived.
        var snapshot = try #require(Snapshot.read(file))
        #expect(snapshot.processes[0].counts.total == 1000)
        snapshot.processes[0].counts.total = 997
        try Data(snapshot.encoded()).write(to: URL(fileURLWithPath: file))
        let result = try tool.run(["verify"])
        #expect(result.code == 74, "\(result)")
        #expect(result.out.contains("Snapshot klopt NIET"))
        #expect(result.out.contains("proces P"))
        let json = try tool.run(["verify", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let check = try #require(object["snapshot"] as? [String: Any])
        #expect(check["matches"] as? Bool == false)
        #expect(check["processes"] as? [String] == ["P"])
        // The audit checks the store the same way and refuses to call it verified.
        let audit = try tool.run(["report", "audit"])
        #expect(audit.code == 74)
        #expect(audit.err.contains("Snapshot klopt NIET"))
    }
}
