import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Replaying a large segment verifies and decodes on a second thread while the caller
/// applies. These tests hold it to the one-thread scan: the same lines delivered, with the
/// same prepared values, and the same first error, on intact and damaged journals.
@Suite struct JournalPipelineTests {
    /// One segment of about 3,000 lines in commands of one to six lines: several batches.
    static let segment: [UInt8] = {
        var random = SeededGenerator(seed: 0x91_9E_11)
        var sizes: [Int] = []
        while sizes.reduce(0, +) < 3_000 { sizes.append(Int.random(in: 1...6, using: &random)) }
        return segment(commandSizes: sizes)
    }()

    /// One segment with commands of the given numbers of lines.
    static func segment(commandSizes: [Int]) -> [UInt8] {
        let directory = TestSupport.temporaryDirectory("pipeline")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let (writer, _) = try Journal.open(directory: directory, lockFile: directory + "/store.lock", from: nil) { _ in }
            var written = 0
            for size in commandSizes {
                let payloads = (0..<size).map { index in
                    Array(
                        #""type":"t","data":{"n":\#(written + index + 1),"text":"\#(String(repeating: "x", count: index % 9 * 7))"}"#.utf8)
                }
                try writer.withExclusiveLock {
                    try writer.readNew { _ in }
                    try writer.append(payloads: payloads)
                }
                written += size
            }
            return JournalSurgery.segments(directory)[0]
        } catch {
            preconditionFailure("kan het testjournaal niet maken: \(error)")
        }
    }

    /// What one scan did: the lines delivered with what `prepare` made of them and the
    /// positions handed out, then how it ended.
    struct Outcome: Equatable {
        var delivered: [String] = []
        var ending = ""
    }

    /// Scans `bytes` one way; `prepare` fails on line `failPrepare`, `deliver` on `failDeliver`.
    static func scan(
        _ bytes: [UInt8], pipelined: Bool, batchSize: Int = Handoff<Int>.defaultBatchSize, chunkSize: Int = Journal.defaultChunkSize,
        failPrepare: UInt64? = nil, failDeliver: UInt64? = nil
    ) -> Outcome {
        var outcome = Outcome()
        do {
            let result = try Journal.scanSegment(
                bytes, path: "segment", from: .start, pipelined: pipelined, batchSize: batchSize, chunkSize: chunkSize,
                prepare: { line -> Int in
                    if line.seq == failPrepare { throw EventDecodingError(message: "voorbereiden mislukt op \(line.seq)") }
                    return line.body.count
                }
            ) { line, prepared, position in
                if line.seq == failDeliver { throw EventDecodingError(message: "toepassen mislukt op \(line.seq)") }
                outcome.delivered.append("\(line.seq):\(prepared):\(position.map { "\($0.seq)@\($0.offset)" } ?? "-")")
            }
            outcome.ending = "einde \(result.end.seq)@\(result.end.offset), afgekapt \(result.tornFrom.map(String.init) ?? "-")"
        } catch {
            outcome.ending = "fout: \(error)"
        }
        return outcome
    }

    @Test func anIntactSegmentGivesTheSameLinesBothWays() {
        let sequential = Self.scan(Self.segment, pipelined: false)
        #expect(sequential.delivered.count >= 3_000)
        #expect(sequential.ending.hasPrefix("einde"))
        #expect(Self.scan(Self.segment, pipelined: true) == sequential)
    }

    /// A command of more lines than a batch once crashed the pipelined scan (a batch of fixed
    /// room); the first command of a segment was the worst case.
    @Test(arguments: [[1_025], [1_024, 1_025], [3, 1_023, 2, 2_500, 1], [1, 1_024, 1_024, 1]])
    func commandsLongerThanABatchGiveTheSameLinesBothWays(sizes: [Int]) {
        let bytes = Self.segment(commandSizes: sizes)
        let sequential = Self.scan(bytes, pipelined: false)
        #expect(sequential.delivered.count == sizes.reduce(0, +))
        #expect(Self.scan(bytes, pipelined: true) == sequential)
    }

    /// Small batches against random command sizes: every way a command can meet a batch edge.
    @Test func randomCommandSizesAgainstSmallBatchesGiveTheSameLines() {
        var random = SeededGenerator(seed: 0xBA7C_0001)
        for round in 0..<20 {
            let sizes = (0..<Int.random(in: 1...40, using: &random)).map { _ in Int.random(in: 1...30, using: &random) }
            let bytes = Self.segment(commandSizes: sizes)
            let sequential = Self.scan(bytes, pipelined: false)
            let batchSize = Int.random(in: 1...16, using: &random)
            // Pieces from a byte to more than a command: every way a piece can end.
            let chunkSize = [1, Int.random(in: 2...200, using: &random), Int.random(in: 200...5_000, using: &random)][round % 3]
            let pipelined = Self.scan(bytes, pipelined: true, batchSize: batchSize, chunkSize: chunkSize)
            #expect(pipelined == sequential, "ronde \(round): opdrachten \(sizes), partij \(batchSize), stukken van \(chunkSize)")
            let failAt = UInt64.random(in: 1...UInt64(sizes.reduce(0, +)), using: &random)
            #expect(
                Self.scan(bytes, pipelined: true, batchSize: batchSize, chunkSize: chunkSize, failPrepare: failAt)
                    == Self.scan(bytes, pipelined: false, failPrepare: failAt), "ronde \(round): fout op \(failAt)")
        }
    }

    @Test func damageAnywhereIsFoundAtTheSameLineBothWays() {
        var random = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<60 {
            var bytes = Self.segment
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                let offset = Int.random(in: 0..<bytes.count, using: &random)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
            case 1:
                bytes.removeLast(Int.random(in: 1..<5_000, using: &random))
            default:
                let offset = Int.random(in: 0..<bytes.count, using: &random)
                bytes.remove(at: offset)
            }
            let sequential = Self.scan(bytes, pipelined: false)
            #expect(Self.scan(bytes, pipelined: true) == sequential)
            let chunkSize = Int.random(in: 1...20_000, using: &random)
            #expect(Self.scan(bytes, pipelined: true, chunkSize: chunkSize) == sequential, "stukken van \(chunkSize)")
        }
    }

    /// A segment file read in pieces gives what the whole bytes give, also when it ends in a
    /// command cut off by a crash, and whatever the size of the pieces.
    @Test func aFileReadInPiecesGivesTheSameLinesAsItsBytes() throws {
        let directory = TestSupport.temporaryDirectory("pipeline-file")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var random = SeededGenerator(seed: 0xF11E_0001)
        for round in 0..<12 {
            var bytes = Self.segment
            if round % 2 == 1 { bytes.removeLast(Int.random(in: 1..<3_000, using: &random)) }  // a torn end
            let path = directory + "/segment-\(round).jsonl"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let chunkSize = [1, 333, 4_096, 65_536, Journal.defaultChunkSize][round % 5]
            var delivered: [String] = []
            var ending = ""
            do {
                let result = try Journal.scanSegment(
                    file: path, from: .start, batchSize: 7, chunkSize: chunkSize, prepare: { $0.body.count }
                ) { line, prepared, position in
                    delivered.append("\(line.seq):\(prepared):\(position.map { "\($0.seq)@\($0.offset)" } ?? "-")")
                }
                ending = "einde \(result.end.seq)@\(result.end.offset), afgekapt \(result.tornFrom.map(String.init) ?? "-")"
            } catch {
                ending = "fout: \(error)"
            }
            let sequential = Self.scan(bytes, pipelined: false)
            #expect(Outcome(delivered: delivered, ending: ending) == sequential, "ronde \(round), stukken van \(chunkSize)")
            #expect(sequential.ending.hasSuffix("afgekapt -") == (round % 2 == 0))
        }
    }

    @Test func aFailingPrepareOrDeliverStopsAtTheSameLineBothWays() {
        for seq: UInt64 in [1, 2, 1_023, 1_024, 1_025, 2_048, 2_999] {
            let prepare = Self.scan(Self.segment, pipelined: false, failPrepare: seq)
            #expect(prepare.ending.contains("voorbereiden mislukt op \(seq)"))
            #expect(prepare.delivered.count == Int(seq) - 1)
            #expect(Self.scan(Self.segment, pipelined: true, failPrepare: seq) == prepare)
            #expect(Self.scan(Self.segment, pipelined: true, chunkSize: 999, failPrepare: seq) == prepare)
            let deliver = Self.scan(Self.segment, pipelined: false, failDeliver: seq)
            #expect(deliver.ending.contains("toepassen mislukt op \(seq)"))
            #expect(Self.scan(Self.segment, pipelined: true, failDeliver: seq) == deliver)
        }
    }

    /// A segment is never read through a symbolic link, in pieces neither.
    @Test func aLinkedSegmentFileIsNotReadInPieces() throws {
        let directory = TestSupport.temporaryDirectory("pipeline-link")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(Self.segment).write(to: URL(fileURLWithPath: directory + "/echt.jsonl"))
        try FileManager.default.createSymbolicLink(atPath: directory + "/000001.jsonl", withDestinationPath: directory + "/echt.jsonl")
        #expect(throws: JournalError.self) {
            _ = try Journal.scanSegment(file: directory + "/000001.jsonl", from: .start, prepare: { _ in 0 }) { _, _, _ in }
        }
        _ = try Journal.scanSegment(file: directory + "/echt.jsonl", from: .start, prepare: { _ in 0 }) { _, _, _ in }
    }

    @Test func aStoreReplaysALargeJournalOnTwoThreadsToTheSameState() throws {
        // More than the 1 MiB from which the store's journal takes the second thread.
        let path = TestSupport.temporaryDirectory("pipeline-store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let actor = ActorIdentity(role: "projectleider")
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        let opened = TestSupport.instant("2026-03-16T09:00:00+01:00")
        try store.execute(
            .start(StartProcess(id: "P", title: "Groot", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: actor,
            at: opened)
        try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "P", by: actor, at: opened)
        try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: actor, at: opened)
        let text = String(repeating: "Een reactie met genoeg tekst om het journaal groot te maken. ", count: 8)
        for batch in 0..<6 {
            let inputs = (0..<500).map { index in
                NewInput(
                    id: InputID("p\(batch)-\(index)"), kind: "inspraakreactie", text: "\(text)\(batch)-\(index)",
                    received: TestSupport.day("2026-03-20"))
            }
            try store.execute(.addInputs(inputs), on: "P", by: actor, at: TestSupport.instant("2026-03-21T10:00:00+01:00"))
        }
        #expect(FileIO.size(path + "/journal/000001.jsonl")! > 1 << 20)
        let reopened = try ParticipationStore(path: path, session: .exercise())
        #expect(reopened.process("P") == store.process("P"))
        #expect(reopened.process("P")?.input("p5-499")?.text == "\(text)5-499")
        #expect(reopened.process("P")?.counts.total == 3_000)
    }

    // MARK: Writing: hashes made on a second thread

    /// Writes the commands to a new journal with `tuning`; the segments' bytes and, per
    /// command, the lines returned (or the error).
    static func written(_ commands: [[[UInt8]]], tuning: Journal.Tuning) throws -> (segments: [[UInt8]], returned: [String]) {
        let directory = TestSupport.temporaryDirectory("hashing")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (journal, _) = try Journal.open(
            directory: directory, lockFile: directory + "/store.lock", from: nil, tuning: tuning, prepare: { _ in }
        ) { _, _ in }
        var returned: [String] = []
        for payloads in commands {
            do {
                let lines = try journal.withExclusiveLock { try journal.append(payloads: payloads) }
                returned.append(lines.map { "\($0.seq)/\($0.more)/\($0.hash.hex)" }.joined(separator: " "))
            } catch {
                returned.append("fout: \(error)")
            }
        }
        returned.append("kop: \(journal.head)")
        return (JournalSurgery.segments(directory), returned)
    }

    /// Where two journals' segments first differ (segment, byte), or `nil` when they are the same
    /// (a failure names a place instead of printing megabytes).
    static func firstDifference(_ one: [[UInt8]], _ other: [[UInt8]]) -> String? {
        guard one.count == other.count else { return "\(one.count) tegen \(other.count) segmenten" }
        for (number, (a, b)) in zip(one, other).enumerated() where a != b {
            let byte = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            return "segment \(number + 1), byte \(byte)"
        }
        return nil
    }

    @Test func linesHashedOnASecondThreadAreTheSameBytesAsInTurn() throws {
        var random = SeededGenerator(seed: 0x4A_5B_1E)
        var serial = 0
        var refused = 0
        for round in 0..<12 {
            // Commands of 1 to 700 lines of 0 to 3,000 bytes, now and then one over the line limit.
            var commands: [[[UInt8]]] = []
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                commands.append(
                    (0..<Int.random(in: 1...700, using: &random)).map { _ in
                        serial += 1
                        let length = Int.random(in: 0...3_000, using: &random) + (Int.random(in: 0..<500, using: &random) == 0 ? 6_000 : 0)
                        return Array(#""type":"t","data":{"n":\#(serial),"text":"\#(String(repeating: "x", count: length))"}"#.utf8)
                    })
            }
            var inTurn = Journal.Tuning()
            inTurn.lineLimit = 6_000
            inTurn.segmentLimit = [UInt64(200_000), 4 << 20][round % 2]
            inTurn.hashingLines = .max
            var aside = inTurn
            aside.hashingLines = [1, 2, 37, 256][round % 4]
            aside.hashingPiece = [1, 100, 4_096, 65_536, Int.random(in: 1...20_000, using: &random)][round % 5]
            let expected = try Self.written(commands, tuning: inTurn)
            let actual = try Self.written(commands, tuning: aside)
            #expect(actual.returned == expected.returned, "ronde \(round)")
            #expect(Self.firstDifference(actual.segments, expected.segments) == nil, "ronde \(round)")
            refused += expected.returned.filter { $0.hasPrefix("fout") }.count
        }
        // Some commands had a line over the limit: both ways refused them whole, at the same line.
        #expect(refused > 0)
    }

    @Test func aLineOverTheLimitInALargeCommandWritesNothingAndTheNextCommandFollows() throws {
        var tuning = Journal.Tuning()
        tuning.lineLimit = 500
        tuning.hashingLines = 2
        tuning.hashingPiece = 300
        let line = { (n: Int, length: Int) in
            Array(#""type":"t","data":{"n":\#(n),"text":"\#(String(repeating: "y", count: length))"}"#.utf8)
        }
        let commands = [
            (1...40).map { line($0, 100) },
            (41...80).map { line($0, $0 == 77 ? 600 : 100) },
            (41...80).map { line($0, 100) },
        ]
        let result = try Self.written(commands, tuning: tuning)
        var inTurn = tuning
        inTurn.hashingLines = .max
        let expected = try Self.written(commands, tuning: inTurn)
        #expect(result.returned == expected.returned)
        #expect(Self.firstDifference(result.segments, expected.segments) == nil)
        #expect(result.returned[1].hasPrefix("fout") && result.returned[1].contains("Regel 77"))
        #expect(result.returned[2].hasPrefix("41/39/"))
        let lines = result.segments.flatMap { $0 }.split(separator: Journal.newline)
        #expect(lines.count == 80)
        #expect(lines.allSatisfy { Journal.parse($0) != nil })
    }
}
