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

/// The open work per behandelaar counted input by input, as the definitions say (for comparison).
private func workload(
    _ inputs: [InputRecord], on today: CivilDate
) -> (owners: [OwnerWorkload.Owner], withoutOwner: OwnerWorkload.WithoutOwner) {
    var owners: [(key: String, owner: OwnerWorkload.Owner)] = []
    var without = OwnerWorkload.WithoutOwner(count: 0, inputs: [], overdue: 0, oldest: nil)
    for input in inputs where input.isUnsent {
        let days = input.daysWithOwner(on: today)
        let oldest = OwnerWorkload.Oldest(input: input.id.rawValue, since: input.withOwnerSince, days: days)
        let overdue = input.isOverdue(on: today) ? 1 : 0
        guard let owner = input.owner else {
            without.count += 1
            without.inputs.append(input.id.rawValue)
            without.overdue += overdue
            if days > (without.oldest?.days ?? -1) { without.oldest = oldest }
            continue
        }
        if let slot = owners.firstIndex(where: { $0.key == InputRecord.ownerKey(owner) }) {
            owners[slot].owner.open += 1
            owners[slot].owner.overdue += overdue
            if days > owners[slot].owner.oldest.days { owners[slot].owner.oldest = oldest }
        } else {
            owners.append((InputRecord.ownerKey(owner), OwnerWorkload.Owner(owner: owner, open: 1, overdue: overdue, oldest: oldest)))
        }
    }
    let sorted = owners.map(\.owner).sorted { (a: OwnerWorkload.Owner, b: OwnerWorkload.Owner) -> Bool in
        if a.open != b.open { return a.open > b.open }
        if a.oldest.days != b.oldest.days { return a.oldest.days > b.oldest.days }
        return a.owner < b.owner
    }
    return (sorted, without)
}

/// A store with process `O` under review: 40 reactions, with two spellings of one
/// behandelaar, another one and none, received on seven days, one hand-over, twelve answers,
/// three of them sent.
private func openWorkStore(_ path: String) throws -> ParticipationStore {
    let store = try ParticipationStore(path: path, session: .exercise())
    let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
    try store.execute(
        .start(StartProcess(id: "O", title: "Plein O", attributes: ["impact": "laag"], definitionHash: hash)), on: "O",
        by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
    try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "O", by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
    try store.execute(.advance("terInzageLeggen", reason: nil), on: "O", by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
    // Two spellings of one behandelaar, another one, and none; received on different days,
    // so their answer terms (8 weeks) end on different days.
    let owners: [String?] = ["Afdeling Verkeer", "afdeling  verkeer", "Wijkzaken", nil, nil]
    let inputs = (0..<40).map { number in
        NewInput(
            id: InputID("O-\(number)"), kind: "inspraakreactie", text: "Reactie \(number)",
            received: TestSupport.day("2026-03-16").adding(days: number % 7), owner: owners[number % owners.count])
    }
    try store.execute(.addInputs(inputs), on: "O", by: projectleider, at: t("2026-03-23T10:00:00+01:00"))
    // A hand-over (the input's days with its behandelaar start again) and answers, some sent.
    try store.execute(
        .assignInputs(["O-0", "O-3"], to: "Wijkzaken", reason: "Wijk"), on: "O", by: projectleider, at: t("2026-03-25T10:00:00+01:00"))
    for number in stride(from: 5, to: 40, by: 3) {
        try store.execute(
            .recordFeedback(NewFeedback(input: InputID("O-\(number)"), verdict: .deels, motivation: "Zo.")), on: "O", by: projectleider,
            at: t("2026-03-26T10:00:00+01:00"))
    }
    try store.execute(
        .markFeedbackSent(.inputs(["O-5", "O-11", "O-14"]), on: TestSupport.day("2026-03-26")), on: "O", by: projectleider,
        at: t("2026-03-26T12:00:00+01:00"))
    return store
}

/// The store read from the journal's first line, without its snapshot: states whose inputs are in memory.
private func replayedFromLineOne(_ path: String) throws -> ParticipationStore {
    try ParticipationStore(path: path, calendar: .netherlands, access: .readOnly, reading: .init(useSnapshot: false))
}

/// Where the processes' inputs lie in a snapshot (format 11 on): after the magic, before the head.
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
        // deadlines of a process with nothing open: its answer terms, met, from the summary.
        let deadlines = DeadlinesReport(processes: [(p, try reader.engine(for: p))], today: TestSupport.day("2026-05-20"))
        #expect(!p.inputsAreLoaded, "deadlines counted the answers sent per day from the summary")
        #expect(deadlines.met.map(\.summary) == ["Antwoord uiterlijk: alle 3 antwoorden verstuurd"])
        // The first look reads them, once, for every copy of the state.
        let copy = p
        #expect(p.inputs.map(\.id) == ["R-0001", "R-0002", "R-0003"])
        #expect(copy.inputsAreLoaded)
        #expect(p == writer.process("P"))
        #expect(
            deadlines
                == DeadlinesReport(
                    processes: [(p, try reader.engine(for: p))], today: TestSupport.day("2026-05-20"), within: 30, readingAll: true))

        // A process with an open input: its workload names it from the snapshot's summary of
        // the open inputs, still without reading them.
        let q = try #require(reader.process("Q"))
        let open = StatusReport(state: q, engine: try reader.engine(for: q), today: TestSupport.day("2026-04-01"))
        #expect(open.workload.withoutOwner.count == 1 && open.workload.withoutOwner.inputs == ["R-0001"])
        #expect(q.overdueCount(on: TestSupport.day("2027-01-01")) == 1)
        #expect(!q.inputsAreLoaded)
        #expect(open.workload == OwnerWorkload(state: q, today: TestSupport.day("2026-04-01"), readingAll: true))
        #expect(q.inputsAreLoaded)
    }

    @Test(
        "status and list of a process with open inputs read the snapshot's summary of them: per behandelaar, the longest waiting and what is over tijd, on any day, as from the records"
    )
    func openInputsFromTheSummary() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try openWorkStore(path)
        try store.writeSnapshot()

        let reader = try ParticipationStore(path: path, access: .readOnly)
        let o = try #require(reader.process("O"))
        let engine = try reader.engine(for: o)
        // Before every input came to its behandelaar, the day of a hand-over, after it, on the
        // last day of the first answer terms, and after all of them.
        let days = ["2026-03-20", "2026-03-25", "2026-04-01", "2026-05-11", "2026-05-12", "2026-05-15", "2026-06-30"].map(TestSupport.day)
        let fromSummary = days.map {
            (OwnerWorkload(state: o, today: $0), o.overdueCount(on: $0), StatusReport(state: o, engine: engine, today: $0).text())
        }
        #expect(!o.inputsAreLoaded, "status and list read the summary, not the inputs")
        // O-0 went to Wijkzaken: the first open input of Afdeling Verkeer is O-1, written so.
        #expect(fromSummary[0].0.owners.map(\.owner) == ["afdeling  verkeer", "Wijkzaken"])
        // 16 without one; O-3 was handed over, O-14 answered and sent.
        #expect(fromSummary[0].0.withoutOwner.count == 14)
        #expect(fromSummary.map(\.1) == [0, 0, 0, 0, 5, 17, 37])
        for (number, day) in days.enumerated() {
            #expect(fromSummary[number].0 == OwnerWorkload(state: o, today: day, readingAll: true), "\(day)")
            let counted = workload(o.inputs, on: day)
            #expect(fromSummary[number].0.owners == counted.owners && fromSummary[number].0.withoutOwner == counted.withoutOwner, "\(day)")
            #expect(fromSummary[number].1 == o.inputs.filter { $0.isOverdue(on: day) }.count, "\(day)")
        }
        // The same text as from a state whose inputs are in memory (read from the journal).
        let replayed = try #require(
            try replayedFromLineOne(path).process("O"))
        #expect(replayed.inputsAreLoaded)
        for (number, day) in days.enumerated() {
            #expect(fromSummary[number].2 == StatusReport(state: replayed, engine: engine, today: day).text(), "\(day)")
        }

        // Once the inputs change, the summary no longer holds: counted from the records.
        let writer = try ParticipationStore(path: path, session: .exercise())
        try writer.execute(
            .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-03-27")), on: "O", by: projectleider, at: t("2026-03-27T12:00:00+01:00")
        )
        let sent = try #require(writer.process("O"))
        #expect(OwnerWorkload(state: sent, today: days[6]) == OwnerWorkload(state: sent, today: days[6], readingAll: true))
        // O-8, O-23, O-29 and O-38 had an answer: sent now.
        #expect(OwnerWorkload(state: sent, today: days[6]).withoutOwner.count == 14 - 4)
    }

    @Test("status at the gate names the inputs without an answer from the summary, as from the records")
    func gateFromTheSummary() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try openWorkStore(path)
        // After the review period: the decision waits for the 28 inputs without an answer.
        try store.execute(.advance("inzageSluiten", reason: nil), on: "O", by: projectleider, at: t("2026-04-30T10:00:00+02:00"))
        try store.writeSnapshot()
        let reader = try ParticipationStore(path: path, access: .readOnly)
        let o = try #require(reader.process("O"))
        let engine = try reader.engine(for: o)
        let today = TestSupport.day("2026-05-02")
        let report = StatusReport(state: o, engine: engine, today: today)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(report)
        let ids = (o.unansweredIDs, o.unsentIDs, engine.gateNoun(in: o))
        #expect(!o.inputsAreLoaded, "the gate's refusal named the inputs from the summary")
        #expect(report.text().contains("28 van de 40 inspraakreacties hebben nog geen antwoord: O-0, O-1, O-2, O-3, O-4, O-6,"))
        let replayed = try #require(
            try replayedFromLineOne(path).process("O"))
        #expect(report.text() == StatusReport(state: replayed, engine: engine, today: today).text())
        #expect(json == (try encoder.encode(StatusReport(state: replayed, engine: engine, today: today))))
        #expect(ids.0 == replayed.unansweredIDs && ids.0.count == 28)
        #expect(ids.1 == replayed.unsentIDs && ids.1.count == 37)
        #expect(ids.2 == engine.gateNoun(in: replayed))
    }

    @Test(
        "a snapshot of format 11 (without the summary) is read, its open inputs when asked for; the next command leaves one of format 12"
    )
    func formatElevenIsRead() throws {
        let path = TestSupport.temporaryDirectory("snapshot-inputs")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try answeredStore(path)
        let file = path + "/" + Snapshot.fileName
        let current = try #require(Snapshot.read(file))
        let eleven = current.encoded(version: 11)
        func format() throws -> UInt8 { try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))[6] }
        try Data(eleven).write(to: URL(fileURLWithPath: file))
        let store = try ParticipationStore(path: path, session: .exercise())
        #expect(store.snapshotSeq == writer.head.seq)
        let q = try #require(store.process("Q"))
        #expect(OwnerWorkload(state: q, today: TestSupport.day("2026-04-01")).withoutOwner.inputs == ["R-0001"])
        #expect(q.inputsAreLoaded)
        try store.writeSnapshot()
        #expect(try format() == 12)
        // An older format is due at once: the next command, even one that only reads, leaves
        // a snapshot of the current format.
        try Data(eleven).write(to: URL(fileURLWithPath: file))
        let reading = try ParticipationStore(path: path, access: .readOnly)
        let left = try format()
        #expect(reading.leftSnapshot && left == 12)
        let again = try #require(try ParticipationStore(path: path, access: .readOnly).process("Q"))
        #expect(again.overdueCount(on: TestSupport.day("2027-01-01")) == 1)
        #expect(!again.inputsAreLoaded)
        #expect(again == writer.process("Q"))
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
