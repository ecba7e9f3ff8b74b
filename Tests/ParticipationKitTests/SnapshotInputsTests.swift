import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

/// A store with process `P` (three reactions, all answered and sent, one writer's details
/// erased) and process `Q` (one reaction without an answer), and a snapshot of both.
private func answeredStore(_ path: String) throws -> ParticipationStore {
    let store = try ParticipationStore(path: path, session: .exercise())
    let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
    for id in ["P", "Q"] {
        try store.execute(
            .start(StartProcess(id: ProcessID(id), title: "Plein \(id)", attributes: ["impact": "laag"], definitionHash: hash)),
            on: ProcessID(id), by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .attachDocument(kind: "ontwerp", reference: "Z"), on: ProcessID(id), by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .advance("terInzageLeggen", reason: nil), on: ProcessID(id), by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
    }
    let reactions = (0..<3).map { NewInput(kind: "inspraakreactie", text: "Reactie \($0)", received: TestSupport.day("2026-03-20")) }
    try store.execute(
        .addInputs(reactions), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"),
        personal: [PersonalDetails(name: "A. Jansen"), nil, nil])
    for number in 1...3 {
        try store.execute(
            .recordFeedback(NewFeedback(input: InputID("R-000\(number)"), verdict: .deels, motivation: "Antwoord \(number).")), on: "P",
            by: projectleider, at: t("2026-03-24T10:00:00+01:00"))
    }
    try store.execute(
        .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-03-25")), on: "P", by: projectleider, at: t("2026-03-25T12:00:00+01:00"))
    try store.execute(
        .redactPersonalData("R-0001", reason: "Verzoek indiener"), on: "P", by: projectleider, at: t("2026-03-26T12:00:00+01:00"))
    try store.execute(
        .addInput(NewInput(kind: "inspraakreactie", text: "Open", received: TestSupport.day("2026-03-20"))), on: "Q", by: projectleider,
        at: t("2026-03-21T10:00:00+01:00"))
    try store.writeSnapshot()
    return store
}

/// Where the processes' inputs lie in a snapshot (format 11): after the magic, before the head.
private func inputsRange(_ bytes: [UInt8]) -> Range<Int> {
    let headLength = bytes[(bytes.count - 16)..<(bytes.count - 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
    return 8..<(bytes.count - 16 - headLength)
}

@Suite("Snapshots: inputs read when first looked at")
struct SnapshotInputsTests {
    @Test("status of a process with nothing open reads none of its inputs from the snapshot; the first look reads them all")
    func statusLeavesInputsUnread() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try answeredStore(path)
        let reader = try ParticipationStore(path: path, access: .readOnly)
        #expect(reader.snapshotSeq == writer.head.seq)
        let p = try #require(reader.process("P"))
        #expect(!p.inputsAreLoaded)
        let report = StatusReport(state: p, engine: try reader.engine(for: p), today: TestSupport.day("2026-04-01"))
        #expect(!p.inputsAreLoaded, "status counts from the counters, the workload from what was sent")
        #expect(report.counts.inputs == 3 && report.counts.sent == 3 && report.counts.redacted == 1)
        #expect(report.workload.isEmpty)
        #expect(p.redactedCount == 1)
        #expect(p.overdueCount(on: TestSupport.day("2027-01-01")) == 0, "list counts what is over tijd")
        #expect(!p.inputsAreLoaded)
        // The first look reads them, once, for every copy of the state.
        let copy = p
        #expect(p.inputs.map(\.id) == ["R-0001", "R-0002", "R-0003"])
        #expect(copy.inputsAreLoaded)
        #expect(p == writer.process("P"))

        // A process with an open input: its workload names it, so its inputs are read.
        let q = try #require(reader.process("Q"))
        let open = StatusReport(state: q, engine: try reader.engine(for: q), today: TestSupport.day("2026-04-01"))
        #expect(q.inputsAreLoaded)
        #expect(open.workload.withoutOwner.count == 1)
        #expect(q.overdueCount(on: TestSupport.day("2027-01-01")) == 1)
        #expect(open.workload == OwnerWorkload(state: q, today: TestSupport.day("2026-04-01"), readingAll: true))
    }

    @Test("a changed byte among a process's inputs or in the head, or a cut: the snapshot is not used, the journal is")
    func damagedSnapshotIsIgnored() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try answeredStore(path)
        let file = path + "/" + Snapshot.fileName
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let inputs = inputsRange(bytes)
        func read() -> Snapshot? { Snapshot.read(file) { _, _ in nil } }
        #expect(read()?.processes.map(\.inputs) == writer.processes.map(\.inputs))
        var damaged: [[UInt8]] = []
        for offset in [inputs.lowerBound, inputs.lowerBound + inputs.count / 2, inputs.upperBound - 1, inputs.upperBound + 3] {
            var changed = bytes
            changed[offset] ^= 0x20
            damaged.append(changed)
        }
        damaged += [Array(bytes[..<inputs.upperBound]), Array(bytes.dropLast())]
        for (number, changed) in damaged.enumerated() {
            try Data(changed).write(to: URL(fileURLWithPath: file))
            #expect(read() == nil, "damage \(number): checked when opening, inputs included")
            #expect(Snapshot.read(file) == nil, "read whole, as verify does")
            let store = try ParticipationStore(path: path, access: .readOnly)
            #expect(store.snapshotSeq == 0)
            #expect(store.processes == writer.processes)
        }
    }

    @Test("inputs are read from the file opened, not from a snapshot written over it, nor from one changed in place")
    func inputsFromTheOpenedFile() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try answeredStore(path)
        let file = path + "/" + Snapshot.fileName
        let before = writer.processes
        let reader = try ParticipationStore(path: path, access: .readOnly)
        // A writer answers again and writes a new snapshot beside it, renamed over it.
        try writer.execute(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Toch.")), on: "Q", by: projectleider,
            at: t("2026-03-27T10:00:00+01:00"))
        try writer.writeSnapshot()
        #expect(reader.processes == before, "the reader's inputs are those of the snapshot it opened")

        // Changed in place under an open store (not how the store writes): the inputs no longer
        // match their checksum and come from the journal, up to the line the snapshot stood at.
        let inPlace = try ParticipationStore(path: path, access: .readOnly)
        let at = writer.processes
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: file))
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data([0xFF, 0xFF, 0xFF]))
        try handle.close()
        #expect(inPlace.processes == at)
    }

    @Test("a snapshot written again copies the bytes of inputs nobody changed, without reading them as records")
    func unchangedInputsAreCopied() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try answeredStore(path)
        let file = path + "/" + Snapshot.fileName
        let first = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let store = try ParticipationStore(path: path, session: .exercise())
        // P gets a document; the inputs of neither change.
        try store.execute(
            .attachDocument(kind: "reactienota", reference: "Concept"), on: "P", by: projectleider, at: t("2026-03-27T10:00:00+01:00"))
        try store.writeSnapshot()
        #expect(store.process("Q")?.inputsAreLoaded == false, "Q's inputs were copied, not read")
        let second = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(inputsRange(second) == inputsRange(first))
        #expect(second[inputsRange(second)] == first[inputsRange(first)])
        let reread = try #require(Snapshot.read(file))
        #expect(reread.processes == store.processes)
        #expect(reread.processes.first { $0.id == "Q" } == writer.process("Q"))

        // Inputs changed in place under the open store no longer match their checksum: they are
        // read (from the journal) and written anew, right.
        let again = try ParticipationStore(path: path, session: .exercise())
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: file))
        try handle.seek(toOffset: 9)
        try handle.write(contentsOf: Data([0xFF, 0xFE]))
        try handle.close()
        try again.writeSnapshot()
        #expect(try #require(Snapshot.read(file)).processes == store.processes)
    }

    @Test("a state's inputs encode as the array they are, with the number of erased details kept through decoding")
    func codable() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try answeredStore(path)
        let p = try #require(try ParticipationStore(path: path, access: .readOnly).process("P"))
        let json = try JSONEncoder().encode(p)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect((object["inputs"] as? [Any])?.count == 3)
        let decoded = try JSONDecoder().decode(ProcessState.self, from: json)
        #expect(decoded == p)
        #expect(decoded.redactedCount == 1)
    }
}
