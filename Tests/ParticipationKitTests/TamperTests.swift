import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// What checking a damaged journal found: the first bad line, a cut-off command at the very
/// end (after line `after`), or nothing wrong up to line `head`.
enum Finding: Equatable, CustomStringConvertible {
    case broken(UInt64)
    case torn(after: UInt64)
    case intact(head: UInt64)

    init(_ report: Journal.VerificationReport) {
        switch report.problem {
        case .broken(let seq, _, _, _)?, .newerFormat(let seq, _)?: self = .broken(seq)
        case .io?: self = .broken(0)
        case nil: self = report.tornBytes > 0 ? .torn(after: report.head.seq) : .intact(head: report.head.seq)
        }
    }

    var description: String {
        switch self {
        case .broken(let seq): "breuk vanaf regel \(seq)"
        case .torn(let after): "afgekapte opdracht na regel \(after)"
        case .intact(let head): "in orde tot regel \(head)"
        }
    }
}

/// A journal of 2,000 short lines, written in commands of one to four lines, over segments
/// of at most 1 KiB: many segments and many line boundaries, cheap enough to damage at
/// every boundary.
struct ChainFixture: Sendable {
    struct LineInfo: Sendable {
        var segment: Int
        /// Byte range of the line in its segment, newline included.
        var start: Int
        var end: Int
        /// The seq of the first line of its command.
        var commandStart: UInt64
        var endsCommand: Bool
    }

    let journal: String
    let segments: [[UInt8]]
    /// The position before the first line of each segment.
    let starts: [Journal.Position]
    /// By seq − 1.
    let lines: [LineInfo]

    static let lineCount = 2_000

    static let shared: ChainFixture = {
        do { return try ChainFixture() } catch { preconditionFailure("kan het testjournaal niet maken: \(error)") }
    }()

    init() throws {
        journal = TestSupport.temporaryDirectory("tamper-chain")
        let (writer, _) = try Journal.open(directory: journal, lockFile: journal + "/store.lock", from: nil, segmentLimit: 1_024) { _ in }
        var random = SeededGenerator(seed: 0x7A_4D_E7)
        var written = 0
        while written < Self.lineCount {
            let size = min(Int.random(in: 1...4, using: &random), Self.lineCount - written)
            let payloads = (0..<size).map { index in
                Array(#""type":"t","data":{"n":\#(written + index + 1)}"#.utf8)
            }
            try writer.withExclusiveLock {
                try writer.readNew { _ in }
                try writer.append(payloads: payloads)
            }
            written += size
        }
        segments = JournalSurgery.segments(journal)
        var starts: [Journal.Position] = []
        var lines: [LineInfo] = []
        var position = Journal.Position.start
        for (index, bytes) in segments.enumerated() {
            let start = Journal.Position(segment: index + 1, offset: 0, lineStart: 0, seq: position.seq, hash: position.hash)
            starts.append(start)
            var commandStart: UInt64 = 0
            let scan = try Journal.scanSegment(bytes, path: "segment \(index + 1)", from: start) { line, _ in
                if commandStart == 0 || lines.last?.endsCommand == true { commandStart = line.seq }
                let begin = line.body.startIndex
                let end = (bytes[begin...].firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
                lines.append(LineInfo(segment: index, start: begin, end: end, commandStart: commandStart, endsCommand: line.more == 0))
            }
            position = scan.end
        }
        self.starts = starts
        self.lines = lines
    }

    /// Checks `segments` (the fixture with changes from segment `first` on) the way
    /// ``Journal/verify(directory:anchor:)`` does, starting from the verified end of the
    /// segment before `first`: each segment scanned from the end of the one before, a
    /// command cut off in a segment that is not the last is a break.
    func check(_ segments: [[UInt8]], from first: Int) -> Finding {
        var position = starts[first]
        for index in first..<segments.count {
            let start = Journal.Position(segment: index + 1, offset: 0, lineStart: 0, seq: position.seq, hash: position.hash)
            do {
                let scan = try Journal.scanSegment(segments[index], path: "segment \(index + 1)", from: start) { _, _ in }
                if scan.tornFrom != nil {
                    return index == segments.count - 1 ? .torn(after: scan.end.seq) : .broken(scan.end.seq + 1)
                }
                position = scan.end
            } catch JournalError.broken(let seq, _, _, _) {
                return .broken(seq)
            } catch JournalError.newerFormat(let seq, _) {
                return .broken(seq)
            } catch {
                return .broken(0)
            }
        }
        return .intact(head: position.seq)
    }

    /// What a verifier must find when a command is left without its last lines at the end of
    /// segment `segment`: in the last segment a cut-off tail after the command before, in
    /// another a break at the command's first line.
    func unfinished(_ seq: UInt64, inSegment segment: Int) -> Finding {
        let first = lines[Int(seq) - 1].commandStart
        return segment == segments.count - 1 ? .torn(after: first - 1) : .broken(first)
    }
}

@Suite("Tamper evidence")
struct TamperTests {
    // MARK: A few thousand lines over many segments

    @Test("the fixture has thousands of lines over many segments")
    func fixtureShape() {
        let fixture = ChainFixture.shared
        #expect(fixture.lines.count == ChainFixture.lineCount)
        #expect(fixture.segments.count > 20)
        #expect(Finding(Journal.verify(directory: fixture.journal)) == .intact(head: UInt64(ChainFixture.lineCount)))
    }

    @Test("at every line boundary: a flipped newline, a deleted line, two swapped lines and a cut are found with the first bad seq")
    func everyLineBoundary() {
        let fixture = ChainFixture.shared
        let total = fixture.lines.count
        var checked = 0
        for (index, info) in fixture.lines.enumerated() {
            let seq = UInt64(index + 1)
            let segment = fixture.segments[info.segment]
            let lastInSegment = info.end == segment.count
            let lastOverall = index == total - 1
            var segments = fixture.segments

            // The newline flipped: the line runs into the next one.
            segments[info.segment][info.end - 1] ^= 0x20
            let flipped = fixture.check(segments, from: info.segment)
            let flipExpected: Finding = lastInSegment ? fixture.unfinished(seq, inSegment: info.segment) : .broken(seq)
            #expect(flipped == flipExpected, "newline van regel \(seq)")

            // The line deleted.
            segments[info.segment] = Array(segment[..<info.start] + segment[info.end...])
            let deleted = fixture.check(segments, from: info.segment)
            let deleteExpected: Finding
            if !lastInSegment {
                deleteExpected = .broken(seq)
            } else if info.commandStart != seq {
                deleteExpected = fixture.unfinished(seq, inSegment: info.segment)
            } else {
                // A whole last command gone: only an anchor can tell (see the anchor test).
                deleteExpected = lastOverall ? .intact(head: seq - 1) : .broken(seq)
            }
            #expect(deleted == deleteExpected, "regel \(seq) verwijderd")

            // Swapped with the next line in the same segment.
            if !lastInSegment {
                let next = fixture.lines[index + 1]
                segments[info.segment] = Array(
                    segment[..<info.start] + segment[next.start..<next.end] + segment[info.start..<info.end] + segment[next.end...])
                #expect(fixture.check(segments, from: info.segment) == .broken(seq), "regels \(seq) en \(seq + 1) verwisseld")
            }

            // The segment cut after this line, the segments after it kept.
            if !lastInSegment {
                segments[info.segment] = Array(segment[..<info.end])
                let cut = fixture.check(segments, from: info.segment)
                let cutExpected: Finding
                if !info.endsCommand {
                    cutExpected = fixture.unfinished(seq, inSegment: info.segment)
                } else if info.segment == fixture.segments.count - 1 {
                    cutExpected = .intact(head: seq)
                } else {
                    cutExpected = .broken(seq + 1)
                }
                #expect(cut == cutExpected, "afgekapt na regel \(seq)")
            }
            checked += 1
        }
        #expect(checked == total)
    }

    @Test("seeded damage anywhere in the journal files is found by verify with the first bad seq")
    func seededDamage() throws {
        let fixture = ChainFixture.shared
        let path = try JournalSurgery.copy(fixture.journal, label: "tamper-seeded")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var random = SeededGenerator(seed: 0x5EED_0003)
        func restore(_ segment: Int) {
            _ = FileManager.default.createFile(
                atPath: JournalSurgery.segmentPath(path, segment + 1), contents: Data(fixture.segments[segment]))
        }
        func damage(_ segment: Int, _ bytes: [UInt8]) -> Finding {
            _ = FileManager.default.createFile(atPath: JournalSurgery.segmentPath(path, segment + 1), contents: Data(bytes))
            defer { restore(segment) }
            return Finding(Journal.verify(directory: path))
        }
        // Single flipped bytes inside lines (newlines are covered line by line above).
        for _ in 0..<40 {
            let index = Int.random(in: 0..<fixture.lines.count, using: &random)
            let info = fixture.lines[index]
            var bytes = fixture.segments[info.segment]
            let offset = Int.random(in: info.start..<(info.end - 1), using: &random)
            bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
            let found = damage(info.segment, bytes)
            #expect(found == .broken(UInt64(index + 1)), "byte \(offset) van segment \(info.segment + 1) (regel \(index + 1))")
        }
        // Deleted and swapped lines in the middle of a segment.
        for _ in 0..<10 {
            let index = Int.random(in: 0..<(fixture.lines.count - 1), using: &random)
            let info = fixture.lines[index]
            let next = fixture.lines[index + 1]
            guard next.segment == info.segment else { continue }
            let bytes = fixture.segments[info.segment]
            #expect(damage(info.segment, Array(bytes[..<info.start] + bytes[info.end...])) == .broken(UInt64(index + 1)))
            let swapped = Array(bytes[..<info.start] + bytes[next.start..<next.end] + bytes[info.start..<info.end] + bytes[next.end...])
            #expect(damage(info.segment, swapped) == .broken(UInt64(index + 1)))
        }
        // A segment in the middle cut short inside a line.
        for _ in 0..<10 {
            let index = Int.random(in: 0..<fixture.lines.count, using: &random)
            let info = fixture.lines[index]
            guard info.segment < fixture.segments.count - 1 else { continue }
            let cut = Int.random(in: (info.start + 1)..<info.end, using: &random)
            let found = damage(info.segment, Array(fixture.segments[info.segment][..<cut]))
            #expect(found == .broken(info.commandStart), "segment \(info.segment + 1) afgekapt in regel \(index + 1)")
        }
        // A whole segment removed from the middle.
        let middle = fixture.segments.count / 2
        try FileManager.default.removeItem(atPath: JournalSurgery.segmentPath(path, middle + 1))
        #expect(Finding(Journal.verify(directory: path)) == .broken(fixture.starts[middle].seq + 1))
        restore(middle)
        #expect(Finding(Journal.verify(directory: path)) == .intact(head: UInt64(ChainFixture.lineCount)))
    }

    @Test("every flipped byte of a small store over three segments is found with its seq")
    func everyByteOverSegments() throws {
        let path = TestSupport.temporaryDirectory("tamper-small")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (journal, _) = try Journal.open(directory: path, lockFile: path + "/store.lock", from: nil, segmentLimit: 300) { _ in }
        for size in [1, 2, 1, 3, 1, 1, 2] {
            try journal.withExclusiveLock {
                try journal.readNew { _ in }
                try journal.append(payloads: (0..<size).map { Array(#""type":"t","data":{"k":\#($0)}"#.utf8) })
            }
        }
        let segments = JournalSurgery.segments(path)
        #expect(segments.count >= 3)
        // The seq of every byte, and whether it is its line's newline.
        var owners: [[(seq: UInt64, commandStart: UInt64, newline: Bool)]] = []
        var seq: UInt64 = 0
        var commandStart: UInt64 = 1
        for bytes in segments {
            var owner: [(seq: UInt64, commandStart: UInt64, newline: Bool)] = []
            for line in JournalSurgery.lines(bytes) {
                seq += 1
                for index in line.indices { owner.append((seq, commandStart, index == line.count - 1)) }
                if JournalSurgery.endsCommand(line) { commandStart = seq + 1 }
            }
            owners.append(owner)
        }
        var flips = 0
        for (segment, bytes) in segments.enumerated() {
            for offset in bytes.indices {
                var changed = bytes
                changed[offset] ^= 0x20
                _ = FileManager.default.createFile(atPath: JournalSurgery.segmentPath(path, segment + 1), contents: Data(changed))
                let found = Finding(Journal.verify(directory: path))
                let owner = owners[segment][offset]
                let expected: Finding
                if owner.newline, offset == bytes.count - 1 {
                    expected = segment == segments.count - 1 ? .torn(after: owner.commandStart - 1) : .broken(owner.commandStart)
                } else {
                    expected = .broken(owner.seq)
                }
                #expect(found == expected, "segment \(segment + 1), byte \(offset)")
                flips += 1
            }
            _ = FileManager.default.createFile(atPath: JournalSurgery.segmentPath(path, segment + 1), contents: Data(bytes))
        }
        #expect(flips == segments.reduce(0) { $0 + $1.count })
    }

    // MARK: A store of real events

    /// A store with 1,000 reactions, each answered: about 2,000 events over several segments.
    static let store: (path: String, lines: UInt64) = {
        let path = TestSupport.temporaryDirectory("tamper-store")
        do {
            let lines = try JournalSurgery.largeStore(at: path, inputs: 1_000, batch: 25, segmentBytes: 120_000)
            return (path, lines)
        } catch {
            preconditionFailure("kan de testopslag niet maken: \(error)")
        }
    }()

    @Test("a store of two thousand events over several segments verifies by replaying every event")
    func largeStoreVerifies() throws {
        let (template, lines) = Self.store
        #expect(lines > 2_000)
        #expect(JournalSurgery.segments(template + "/journal").count >= 4)
        let report = ParticipationStore.verify(at: template)
        #expect(report.isIntact, "\(report)")
        #expect(report.head.seq == lines)
        #expect(report.snapshot == nil)
        let store = try ParticipationStore(path: template, session: .exercise())
        #expect(store.process("P")?.counts.sent == 1_000)
    }

    @Test("seeded damage to a store of real events is found by the store's verify with the first bad seq")
    func seededDamageToStore() throws {
        let path = try JournalSurgery.copy(Self.store.path, label: "tamper-store-seeded")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = path + "/journal"
        let original = JournalSurgery.segments(journal)
        var random = SeededGenerator(seed: 0xD00D)
        for round in 0..<12 {
            var segments = original
            let segment = Int.random(in: 0..<segments.count, using: &random)
            var lines = JournalSurgery.lines(segments[segment])
            let index = Int.random(in: 0..<(lines.count - 1), using: &random)
            let firstSeq = original[..<segment].reduce(0) { $0 + JournalSurgery.lines($1).count }
            let seq = UInt64(firstSeq + index + 1)
            switch round % 3 {
            case 0:
                let offset = Int.random(in: 0..<(lines[index].count - 1), using: &random)
                lines[index][offset] ^= UInt8.random(in: 1...255, using: &random)
            case 1:
                lines.remove(at: index)
            default:
                lines.swapAt(index, index + 1)
            }
            segments[segment] = lines.flatMap { $0 }
            JournalSurgery.write(segments, to: journal)
            let report = ParticipationStore.verify(at: path)
            #expect(Finding(report) == .broken(seq), "ronde \(round): segment \(segment + 1), regel \(seq)")
            #expect(report.description.lowercased().contains("regel \(seq) "), "\(report.description)")
            #expect(throws: StoreError.self) { try ParticipationStore(path: path, session: .exercise()) }
        }
        JournalSurgery.write(original, to: journal)
        #expect(ParticipationStore.verify(at: path).isIntact)
    }

    @Test("a history rewritten and re-hashed after the anchor was published is caught by the anchor only")
    func rewrittenHistory() throws {
        let path = try JournalSurgery.copy(Self.store.path, label: "tamper-rewrite")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let published = try ParticipationStore(path: path, session: .exercise()).head
        let anchor = (seq: published.seq - 10, hash: try #require(Self.hash(ofLine: published.seq - 10, in: path)))
        #expect(ParticipationStore.verify(at: path, anchor: anchor).anchor == .matches(seq: anchor.seq))
        // Change one motivation early in the history and re-hash everything after it.
        let target = 1_500
        JournalSurgery.rewrite(path + "/journal", from: target) { index, body in
            guard index == target else { return body }
            let text = String(decoding: body, as: UTF8.self)
            return Array(text.replacingOccurrences(of: "Antwoord op", with: "Overgenomen:").utf8)
        }
        #expect(Self.hash(ofLine: published.seq - 10, in: path) != anchor.hash)
        let unanchored = ParticipationStore.verify(at: path)
        #expect(unanchored.isIntact, "zonder anker is een consistent herschreven geschiedenis niet te zien")
        let report = ParticipationStore.verify(at: path, anchor: anchor)
        #expect(!report.isIntact)
        guard case .differs(let seq, let expected, let found)? = report.anchor else {
            Issue.record("anker niet vergeleken: \(report)")
            return
        }
        #expect(seq == anchor.seq)
        #expect(expected == anchor.hash)
        #expect(found != anchor.hash)
        #expect(report.description.contains("regel \(anchor.seq)"))
        // Cutting the journal back before the anchor is caught too.
        var segments = JournalSurgery.segments(path + "/journal")
        segments.removeLast()
        JournalSurgery.write(segments, to: path + "/journal")
        guard case .missing(let missing, _)? = ParticipationStore.verify(at: path, anchor: anchor).anchor else {
            Issue.record("ontbrekende regels niet gezien")
            return
        }
        #expect(missing == anchor.seq)
    }

    @Test("a line re-hashed into the chain that is no valid event is the first problem")
    func chainedGarbage() throws {
        let path = try JournalSurgery.copy(Self.store.path, label: "tamper-garbage")
        defer { try? FileManager.default.removeItem(atPath: path) }
        JournalSurgery.rewrite(path + "/journal", from: 700) { index, body in
            guard index == 700 else { return body }
            return Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: #""type":"#, with: #""tyqe":"#).utf8)
        }
        let report = ParticipationStore.verify(at: path)
        #expect(Finding(report) == .broken(701), "\(report)")
        #expect(report.description.contains("de hashketen klopt, maar de inhoud niet"))
        #expect(throws: StoreError.self) { try ParticipationStore(path: path, session: .exercise()) }
    }

    @Test(
        "verify replays a large segment in stages and finds the same as on one thread: intact, a line that is no event, a line of no process, a broken chain, a cut-off command",
        arguments: ["intact", "garbage", "no process", "broken chain", "cut off"])
    func verifyInStagesAsOnOneThread(damage: String) throws {
        let path = try JournalSurgery.copy(Self.store.path, label: "tamper-stages")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let journal = path + "/journal"
        switch damage {
        case "garbage":
            JournalSurgery.rewrite(journal, from: 700) { index, body in
                guard index == 700 else { return body }
                return Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: #""type":"#, with: #""tyqe":"#).utf8)
            }
        case "no process":
            // Decodes, but belongs to no process that was started: the replay, not the decoding, refuses it.
            JournalSurgery.rewrite(journal, from: 900) { index, body in
                guard index == 900 else { return body }
                return Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: #""process":""#, with: #""process":"X"#).utf8)
            }
        case "broken chain":
            var segments = JournalSurgery.segments(journal)
            let middle = segments[1].count / 2
            segments[1][middle] = segments[1][middle] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            JournalSurgery.write(segments, to: journal)
        case "cut off":
            var segments = JournalSurgery.segments(journal)
            segments[segments.count - 1] += Array(#"{"v":1,"seq":"#.utf8)
            JournalSurgery.write(segments, to: journal)
        default:
            break
        }
        var oneThread = Journal.Tuning()
        oneThread.pipelineThreshold = .max
        var staged = Journal.Tuning()
        staged.pipelineThreshold = 0
        staged.batchSize = 3
        staged.chunkSize = 4_096
        let expected = ParticipationStore.verify(at: path, tuning: oneThread)
        #expect(ParticipationStore.verify(at: path, tuning: staged) == expected)
        #expect(ParticipationStore.verify(at: path) == expected)
        switch damage {
        case "intact": #expect(expected.isIntact, "\(expected)")
        case "garbage": #expect(Finding(expected) == .broken(701), "\(expected)")
        case "no process": #expect(Finding(expected) == .broken(901), "\(expected)")
        case "cut off": #expect(expected.isIntact && expected.tornBytes > 0, "\(expected)")
        default: #expect(!expected.isIntact, "\(expected)")
        }
    }

    @Test("a changed snapshot.bin: a changed byte is ignored when opening; a forgery with a new checksum is used, and verify names it")
    func tamperedSnapshot() throws {
        let path = try JournalSurgery.copy(Self.store.path, label: "tamper-snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ParticipationStore(path: path, session: .exercise())
        try store.writeSnapshot()
        let head = store.head.seq
        #expect(ParticipationStore.verify(at: path).snapshot == .matches(seq: head))
        #expect(ParticipationStore.verify(at: path).isIntact)
        // Rewrite one motivation in the snapshot, as a disk error or someone with write access could.
        let file = path + "/snapshot.bin"
        // The same length, so the binary snapshot still decodes.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let original = Array("Antwoord op R-0007.".utf8)
        let forged = Array("Overgenomen, zie B.".utf8)
        let at = try #require((0...(bytes.count - original.count)).first { bytes[$0..<($0 + original.count)].elementsEqual(original) })
        var changed = bytes
        changed.replaceSubrange(at..<(at + original.count), with: forged)
        try Data(changed).write(to: URL(fileURLWithPath: file))
        // The checksum of the process's inputs no longer fits: the snapshot is ignored and the
        // journal replayed.
        let opened = try ParticipationStore(path: path, access: .readOnly)
        #expect(opened.snapshotSeq == 0)
        #expect(opened.process("P")?.input("R-0007")?.feedback.last?.motivation == "Antwoord op R-0007.")
        let ignored = ParticipationStore.verify(at: path)
        #expect(ignored.isIntact)
        #expect(ignored.snapshot == .ignored(reason: "het bestand is niet te lezen"))

        // A forgery that also writes new checksums (XXH64 has no key, nor would SHA-256) decodes,
        // and opening trusts it: it is a cache, and replaying everything is what verify is for.
        var state = try #require(Snapshot.decode(bytes)?.processes.first)
        state.updateInput("R-0007") { $0.feedback[$0.feedback.count - 1].motivation = "Overgenomen, zie B." }
        let written = try #require(Snapshot.decode(bytes))
        let forgery = Snapshot(position: written.position, processes: [state], facts: written.facts).encoded()
        try Data(forgery).write(to: URL(fileURLWithPath: file))
        let reopened = try ParticipationStore(path: path, access: .readOnly)
        #expect(reopened.process("P")?.input("R-0007")?.feedback.last?.motivation == "Overgenomen, zie B.")
        let report = ParticipationStore.verify(at: path)
        #expect(!report.isIntact)
        #expect(report.problem == nil)
        #expect(report.snapshot == .differs(seq: head, processes: ["P"]))
        #expect(report.description.contains("Snapshot klopt NIET"))
        #expect(report.description.contains("proces P"))
        // Without the snapshot the store replays the journal and is right again.
        try FileManager.default.removeItem(atPath: file)
        #expect(
            try ParticipationStore(path: path, session: .exercise()).process("P")?.input("R-0007")?.feedback.last?.motivation
                == "Antwoord op R-0007.")
        #expect(ParticipationStore.verify(at: path).isIntact)
    }

    @Test("an unreadable snapshot or one that does not fit the journal is ignored by opening and reported as such")
    func ignoredSnapshot() throws {
        let path = try JournalSurgery.copy(Self.store.path, label: "tamper-snapshot-ignored")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ParticipationStore(path: path, session: .exercise()).writeSnapshot()
        let file = path + "/snapshot.bin"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        try Data(bytes.dropLast(20)).write(to: URL(fileURLWithPath: file))
        var report = ParticipationStore.verify(at: path)
        #expect(report.isIntact)
        #expect(report.snapshot == .ignored(reason: "het bestand is niet te lezen"))
        // A snapshot of another journal: its position does not fit.
        let snapshot = try #require(Snapshot.decode(bytes))
        var elsewhere = snapshot.position
        elsewhere.seq += 1
        try Data(Snapshot(position: elsewhere, processes: snapshot.processes).encoded()).write(to: URL(fileURLWithPath: file))
        report = ParticipationStore.verify(at: path)
        #expect(report.isIntact)
        guard case .ignored? = report.snapshot else {
            Issue.record("snapshot niet als ongebruikt gemeld: \(report)")
            return
        }
    }

    static func hash(ofLine seq: UInt64, in path: String) -> SHA256Digest? {
        let lines = JournalSurgery.segments(path + "/journal").flatMap(JournalSurgery.lines)
        guard seq >= 1, Int(seq) <= lines.count, let parts = JournalSurgery.parts(lines[Int(seq) - 1]) else { return nil }
        return SHA256Digest(hex: parts.hash)
    }
}
