import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider", name: "P. Leider")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

@Suite("Snapshots")
struct SnapshotTests {
    /// A process with every kind of record: late and withdrawn inputs, superseded and sent
    /// feedback, documents, transitions, a verdaging, optional fields set and unset.
    private func busyStore(_ path: String) throws -> ParticipationStore {
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        store.snapshotInterval = .max
        try store.execute(
            .start(StartProcess(id: "P", title: "Plein \"Oost\" — ë", attributes: ["impact": "hoog"], definitionHash: hash)), on: "P",
            by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .attachDocument(kind: "ontwerp", reference: "Z-ontwerp"), on: "P", by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .attachDocument(kind: "kaders", reference: "Z-kaders", date: TestSupport.day("2026-03-11")), on: "P",
            by: ActorIdentity(role: "raad"),
            at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
        try store.execute(
            .addInputs([
                NewInput(
                    kind: "inspraakreactie", text: "Meer bomen\nen \"schaduw\"", received: TestSupport.day("2026-03-20"), channel: "e-mail",
                    theme: "groen", publicName: "Buurt Oost"),
                NewInput(id: "DMS-1", kind: "inspraakreactie", text: "Parkeren 🚲", received: TestSupport.day("2026-03-21")),
                NewInput(kind: "inspraakreactie", text: "Ingetrokken", received: TestSupport.day("2026-03-21")),
                NewInput(kind: "inspraakreactie", text: "Te vroeg", received: TestSupport.day("2026-03-10")),
            ]), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"),
            personal: [PersonalDetails(name: "A. Jansen"), nil, nil, nil])
        try store.execute(
            .attachDocument(kind: "reactienota", reference: "Concept"), on: "P", by: projectleider, at: t("2026-03-21T11:00:00+01:00"))
        try store.execute(.extendTerm(days: 7, reason: "Extra avond"), on: "P", by: projectleider, at: t("2026-03-22T10:00:00+01:00"))
        try store.execute(
            .withdrawInput("R-0002", reason: "Op verzoek", evidence: "E-mail van de indiener, 23-03-2026"), on: "P", by: projectleider,
            at: t("2026-03-23T10:00:00+01:00"))
        try store.execute(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .deels, motivation: "Eerst zo.")), on: "P", by: projectleider,
            at: t("2026-03-24T10:00:00+01:00"))
        try store.execute(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Toch overgenomen.")), on: "P",
            by: projectleider, at: t("2026-03-25T10:00:00+01:00"))
        try store.execute(
            .markFeedbackSent(.inputs(["R-0001"]), on: TestSupport.day("2026-03-25")), on: "P", by: projectleider,
            at: t("2026-03-25T12:00:00+01:00"))
        try store.execute(
            .redactPersonalData("R-0001", reason: "Verzoek indiener"), on: "P", by: projectleider, at: t("2026-03-26T12:00:00+01:00"))
        return store
    }

    @Test("texts read from a snapshot stay in its bytes until read, and write back byte for byte")
    func textsStayInTheSnapshotBytes() throws {
        let path = TestSupport.temporaryDirectory("snapshot-texts")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try busyStore(path)
        let live = try #require(store.process("P"))
        let snapshot = Snapshot(position: Journal.Position(segment: 1, offset: 10, lineStart: 2, seq: 3, hash: .zero), processes: [live])
        let bytes = snapshot.encoded()
        let decoded = try #require(Snapshot.decode(bytes))
        // Written again from the decoded state (its texts still the snapshot's bytes): the same file.
        #expect(decoded.encoded() == bytes)
        let input = try #require(decoded.processes[0].input("R-0001"))
        #expect(input.text == "Meer bomen\nen \"schaduw\"")
        #expect(input.feedback.map(\.motivation) == ["Eerst zo.", "Toch overgenomen."])
        // Equal to, and hashing as, the same record built from strings.
        var rebuilt = input
        rebuilt.text = String(input.text)
        rebuilt.feedback = input.feedback.map {
            var answer = $0; answer.motivation = String($0.motivation); return answer
        }
        #expect(rebuilt == input)
        #expect(rebuilt.hashValue == input.hashValue)
        rebuilt.text += " "
        #expect(rebuilt != input)
    }

    @Test("the day numbers a snapshot accepts are exactly those a date keeps without clamping its year")
    func exactDayNumbers() {
        let range = CivilDate.exactDayNumbers
        for number in [range.lowerBound - 1, range.lowerBound, 0, 20_000, range.upperBound, range.upperBound + 1, Int(Int32.max)] {
            #expect(range.contains(number) == (CivilDate(dayNumber: number).dayNumber == number), "dag \(number)")
        }
    }

    @Test("a text equals the same text in other bytes, as strings do (é as one character or e with an accent)")
    func sharedTextEqualityIsThatOfStrings() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        let owner = Array(decomposed.utf8).withUnsafeBufferPointer { SharedBytes(copying: $0) }
        let shared = SharedText(owner, start: 0, count: owner.bytes.count)
        #expect(shared.string == decomposed)
        #expect(shared == SharedText(composed))
        #expect(shared.hashValue == SharedText(composed).hashValue)
        #expect(shared != SharedText("cafe"))
        #expect(SharedText(owner, start: 0, count: 3) == SharedText("caf"))
    }

    @Test("a snapshot file changed or cut short after it was read does not change the texts read from it")
    func textsDoNotFollowTheFile() throws {
        let path = TestSupport.temporaryDirectory("snapshot-file")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try busyStore(path)
        let live = try #require(store.process("P"))
        let snapshot = Snapshot(position: Journal.Position(segment: 1, offset: 10, lineStart: 2, seq: 3, hash: .zero), processes: [live])
        let file = path + "/copy.bin"
        var bytes = snapshot.encoded()
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        let read = try #require(Snapshot.read(file))
        // Overwrite the file in place (same inode), every byte changed, then cut it short.
        for index in bytes.indices { bytes[index] ^= 0x5A }
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.write(contentsOf: bytes)
        try handle.truncate(atOffset: 16)
        try handle.close()
        #expect(read.processes[0].input("DMS-1")?.text == "Parkeren 🚲")
        #expect(read.processes[0].input("R-0001")?.currentFeedback?.motivation == "Toch overgenomen.")
        #expect(read.processes == [live])
    }

    @Test("a snapshot decodes to exactly the state it was written from")
    func roundTrip() throws {
        let path = TestSupport.temporaryDirectory("snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try busyStore(path)
        let live = try #require(store.process("P"))
        let snapshot = Snapshot(position: Journal.Position(segment: 1, offset: 10, lineStart: 2, seq: 3, hash: .zero), processes: [live])
        let decoded = try #require(Snapshot.decode(snapshot.encoded()))
        #expect(decoded.processes == [live])
        #expect(decoded.position == snapshot.position)
        #expect(decoded.processes[0].input("DMS-1")?.text == "Parkeren 🚲")
        #expect(decoded.processes[0].input("R-0001")?.redaction?.reason == "Verzoek indiener")
        #expect(decoded.processes[0].input("R-0003")?.early == true)
        #expect(decoded.processes[0].counts.early == 1)
        #expect(decoded.processes[0].counts.countedPerKind["inspraakreactie"] == 2)
        #expect(decoded.processes[0].documents.last.map { [$0.transitionsBefore, $0.inputsBefore] } == [1, 4])
        // The writer's digest survives, kept as its 32 bytes rather than as 64 hex digits.
        let digest = try #require(live.input("R-0001")?.personalSHA256)
        #expect(decoded.processes[0].input("R-0001")?.personalDigest == digest.hex)
        let encoded = snapshot.encoded()
        #expect(Self.contains(encoded, digest.bytes))
        #expect(!Self.contains(encoded, digest.hexBytes))
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test("a large process's inputs are read in two halves at once, to the same state; damage in either half is refused")
    func largeProcessInTwoHalves() throws {
        let path = TestSupport.temporaryDirectory("snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try busyStore(path)
        let count = Snapshot.parallelInputs + 1_001
        let inputs = (0..<count).map {
            NewInput(id: InputID("G-\($0)"), kind: "inspraakreactie", text: "Reactie \($0) — ë", received: TestSupport.day("2026-03-21"))
        }
        try store.execute(.addInputs(inputs), on: "P", by: projectleider, at: t("2026-03-27T10:00:00+01:00"))
        try store.execute(
            .recordFeedback(NewFeedback(input: "G-9000", verdict: .deels, motivation: "Deels.")), on: "P", by: projectleider,
            at: t("2026-03-27T11:00:00+01:00"))
        let live = try #require(store.process("P"))
        let bytes = Snapshot(position: Journal.Position.start, processes: [live]).encoded()
        let decoded = try #require(Snapshot.decode(bytes))
        #expect(decoded.processes == [live])
        #expect(decoded.processes[0].input("G-9000")?.currentFeedback?.motivation == "Deels.")
        #expect(decoded.processes[0].input("DMS-1")?.text == "Parkeren 🚲")
        // Cuts and flipped bytes anywhere, the second half included: refused, or (a flip in a
        // text) decoded without a crash and never longer or shorter.
        var random = SeededGenerator(seed: 0x5A_4B)
        for _ in 0..<40 {
            let cut = Int.random(in: 0..<bytes.count, using: &random)
            #expect(Snapshot.decode(Array(bytes[0..<cut])) == nil, "cut at \(cut)")
            var changed = bytes
            changed[Int.random(in: 0..<bytes.count, using: &random)] ^= 0x80
            if let other = Snapshot.decode(changed) { #expect(other.processes.first?.inputs.count == live.inputs.count) }
        }
    }

    @Test("a damaged snapshot is never used: every cut and every flipped byte is refused or replays to the truth")
    func damaged() throws {
        let path = TestSupport.temporaryDirectory("snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try busyStore(path)
        let live = try #require(store.process("P"))
        let bytes = Snapshot(position: Journal.Position.start, processes: [live]).encoded()
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(Snapshot.decode(Array(bytes[0..<cut])) == nil, "cut at \(cut)")
        }
        #expect(Snapshot.decode(bytes + [0]) == nil)
        // The checksum at the end catches every single changed bit, in a text as anywhere else.
        for position in bytes.indices {
            var changed = bytes
            changed[position] ^= 0x04
            #expect(Snapshot.decode(changed) == nil, "byte \(position)")
        }
        // Through the store: a snapshot whose bytes were changed is dropped or, when the change
        // still decodes, the journal position check or the replay decides; the state read is
        // always the journal's.
        try store.writeSnapshot()
        let file = path + "/" + Snapshot.fileName
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        for position in stride(from: 0, to: written.count, by: max(1, written.count / 60)) {
            var changed = written
            changed[position] ^= 0x01
            try Data(changed).write(to: URL(fileURLWithPath: file))
            let reopened = try ParticipationStore(path: path, session: .exercise())
            let state = try #require(reopened.process("P"))
            if Snapshot.decode(changed) == nil {
                #expect(state == live, "byte \(position)")
            }
        }
    }

    @Test("a large process writes its snapshot only after a quarter of the journal is new")
    func snapshotPolicy() throws {
        let path = TestSupport.temporaryDirectory("snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ParticipationStore(path: path, session: .exercise())
        store.snapshotInterval = 10
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        try store.execute(
            .start(StartProcess(id: "P", title: "T", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: projectleider,
            at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "P", by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
        let file = path + "/" + Snapshot.fileName
        var written: [UInt64] = []
        for round in 0..<40 {
            let batch = (0..<5).map {
                NewInput(kind: "inspraakreactie", text: "Reactie \(round)-\($0)", received: TestSupport.day("2026-03-20"))
            }
            try store.execute(.addInputs(batch), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"))
            if let bytes = try? [UInt8](Data(contentsOf: URL(fileURLWithPath: file))), let snapshot = Snapshot.decode(bytes),
                written.last != snapshot.position.seq
            {
                written.append(snapshot.position.seq)
            }
        }
        // Every snapshot follows the previous one by at least the interval and a quarter of it.
        #expect(written.count >= 3)
        for (before, after) in zip(written, written.dropFirst()) {
            #expect(after - before >= max(10, before / 4), "\(written)")
        }
        // And opening replays only the tail, to the same state.
        #expect(try ParticipationStore(path: path, session: .exercise()).process("P") == store.process("P"))
    }
}
