import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

/// A store with an inspraak ter inzage and `inputs` reactions.
private func populatedStore(_ path: String, inputs: Int) throws -> ParticipationStore {
    let store = try ParticipationStore(path: path, session: .exercise())
    let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
    try store.execute(
        .start(StartProcess(id: "P", title: "Test", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: projectleider,
        at: t("2026-03-13T10:00:00+01:00"))
    try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "P", by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
    try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
    guard inputs > 0 else { return store }
    let batch = (0..<inputs).map { NewInput(kind: "inspraakreactie", text: "Reactie \($0)", received: TestSupport.day("2026-03-20")) }
    try store.execute(
        .addInputs(batch), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"),
        personal: batch.indices.map { $0 == 0 ? PersonalDetails(name: "A. Jansen", email: "a@example.nl") : nil })
    return store
}

@Suite("ParticipationStore")
struct StoreTests {
    @Test("reopening replays to the same state, from the journal and from a snapshot")
    func reopen() throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try populatedStore(path, inputs: 40)
        let live = try #require(store.process("P"))
        let fromJournal = try ParticipationStore(path: path, session: .exercise())
        #expect(fromJournal.process("P") == live)
        try store.writeSnapshot()
        try store.execute(
            .recordFeedback(NewFeedback(input: "R-0003", verdict: .deels, motivation: "Deels.")), on: "P", by: projectleider,
            at: t("2026-03-22T10:00:00+01:00"))
        let fromSnapshot = try ParticipationStore(path: path, session: .exercise())
        #expect(fromSnapshot.process("P") == store.process("P"))
        #expect(fromSnapshot.head.hash == store.head.hash)
    }

    @Test("a refused command writes nothing")
    func refusedWritesNothing() throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try populatedStore(path, inputs: 2)
        let head = store.head
        let journal = try Data(contentsOf: URL(fileURLWithPath: path + "/journal/000001.jsonl"))
        let personal = try Data(contentsOf: URL(fileURLWithPath: path + "/personal.jsonl"))
        #expect(throws: StoreError.self) {
            try store.execute(
                .addInputs([NewInput(kind: "inspraakreactie", text: "ok"), NewInput(kind: "x", text: "fout")]), on: "P", by: projectleider,
                at: t("2026-03-22T10:00:00+01:00"), personal: [PersonalDetails(name: "B"), nil])
        }
        #expect(store.head.seq == head.seq)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/journal/000001.jsonl")) == journal)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/personal.jsonl")) == personal)
    }

    @Test(
        "a refused command leaves personal.jsonl as it was, also when its writers' details were being written ahead of the decision",
        arguments: [false, true])
    func refusedTakesDetailsBack(fileExisted: Bool) throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try populatedStore(path, inputs: fileExisted ? 2 : 0)
        let personalPath = path + "/personal.jsonl"
        let before = FileManager.default.contents(atPath: personalPath)
        #expect((before != nil) == fileExisted)
        // Enough writers, each with a given id, for the details to be written before deciding.
        let count = ParticipationStore.backgroundPersonalRecords + 10
        let inputs = (0..<count).map { NewInput(id: InputID("V-\($0)"), kind: "inspraakreactie", text: "Reactie \($0)") }
        let details = (0..<count).map { Optional(PersonalDetails(name: "Indiener \($0)")) }
        #expect(throws: StoreError.self) {
            try store.execute(
                .addInputs(inputs + [NewInput(id: "V-fout", kind: "x", text: "fout")]), on: "P", by: projectleider,
                at: t("2026-03-22T10:00:00+01:00"), personal: details + [PersonalDetails(name: "X")])
        }
        #expect(FileManager.default.contents(atPath: personalPath) == before)
        // The same command without the wrong input is written, with every writer's details.
        try store.execute(.addInputs(inputs), on: "P", by: projectleider, at: t("2026-03-22T10:00:00+01:00"), personal: details)
        let reopened = try ParticipationStore(path: path, session: .exercise())
        let found = reopened.personalDetails(process: "P")
        #expect((0..<count).allSatisfy { found[InputID("V-\($0)")]?.name == "Indiener \($0)" })
        #expect(reopened.personalLinesNotJournaled() == 0)
    }

    @Test("a writer's details go with their own input when an earlier letter of the command has points", arguments: [false, true])
    func detailsAfterPoints(idsGiven: Bool) throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let griffie = ActorIdentity(role: "griffie")
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("ingekomen-stuk"))
        let now = t("2027-03-01T11:00:00+01:00")
        try store.execute(.start(StartProcess(id: "B", title: "Brieven", definitionHash: hash)), on: "B", by: griffie, at: now)
        let letters = [
            NewInput(
                id: idsGiven ? "BRIEF-1" : nil, kind: "brief", text: "Brief met punten.",
                points: [NewPoint(text: "Eerste punt."), NewPoint(text: "Tweede punt.")]),
            NewInput(id: idsGiven ? "BRIEF-2" : nil, kind: "brief", text: "Brief zonder punten."),
        ]
        let jansen = PersonalDetails(name: "A. Jansen")
        let bakker = PersonalDetails(name: "B. Bakker", email: "b@example.nl")
        try store.execute(.addInputs(letters), on: "B", by: griffie, at: now, personal: [jansen, bakker])
        let ids = try #require(store.process("B")).inputs.filter { $0.parent == nil }.map(\.id)
        #expect(ids.count == 2)
        for reader in [store, try ParticipationStore(path: path, session: .exercise())] {
            let found = reader.personalDetails(process: "B")
            #expect(found.count == 2)
            #expect(found[ids[0]] == jansen)
            #expect(found[ids[1]] == bakker)
            #expect(reader.personalLinesNotJournaled() == 0)
        }
    }

    @Test("contact details stay out of the journal; the journal keeps a salted digest")
    func personalData() throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try populatedStore(path, inputs: 3)
        let journal = try String(contentsOfFile: path + "/journal/000001.jsonl", encoding: .utf8)
        #expect(!journal.contains("A. Jansen"))
        #expect(!journal.contains("a@example.nl"))
        let digest = try #require(store.process("P")?.input("R-0001")?.personalDigest)
        #expect(journal.contains(digest))
        #expect(store.personalDetails(process: "P", input: "R-0001") == PersonalDetails(name: "A. Jansen", email: "a@example.nl"))
        #expect(store.process("P")?.input("R-0002")?.personalDigest == nil)
    }

    @Test("a definition file changed on disk is detected")
    func definitionTamper() throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try populatedStore(path, inputs: 1)
        let definitions = try FileManager.default.contentsOfDirectory(atPath: path + "/definitions")
        let file = path + "/definitions/" + (definitions.first ?? "")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"weeks\": 6", with: "\"weeks\": 1")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try ParticipationStore(path: path, session: .exercise()) }
    }

    @Test("a torn last line is moved aside, reported, and the store opens")
    func tornTail() throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try populatedStore(path, inputs: 3)
        let head = store.head
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path + "/journal/000001.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"v":1,"seq":99,"more":0,"at":"2026-03-2"#.utf8))
        try handle.close()
        let reopened = try ParticipationStore(path: path, session: .exercise())
        #expect(reopened.recoveryNote != nil)
        #expect(reopened.head.seq == head.seq)
        #expect(reopened.process("P") == store.process("P"))
        try reopened.execute(
            .attachDocument(kind: "reactienota", reference: "Z-2"), on: "P", by: projectleider, at: t("2026-03-22T10:00:00+01:00"))
        #expect(ParticipationStore.verify(at: path).isIntact)
    }

    @Test("two store instances writing in turn see each other's events")
    func twoInstances() throws {
        let path = TestSupport.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try populatedStore(path, inputs: 1)
        let second = try ParticipationStore(path: path, session: .exercise())
        try second.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "via tweede")), on: "P", by: projectleider, at: t("2026-03-22T10:00:00+01:00")
        )
        try first.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "via eerste")), on: "P", by: projectleider, at: t("2026-03-22T11:00:00+01:00")
        )
        #expect(first.process("P")?.inputs.map(\.id) == ["R-0001", "R-0002", "R-0003"])
        #expect(ParticipationStore.verify(at: path).isIntact)
    }
}

/// The writers' details of a large command are written on a second thread while the journal
/// lines are made; the journal must still be written only after they are on disk.
@Suite("Writers' details written alongside the journal")
struct PersonalWriteTests {
    private func store(_ path: String) throws -> ParticipationStore {
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        try store.execute(
            .start(StartProcess(id: "P", title: "T", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: projectleider,
            at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "P", by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
        return store
    }

    @Test(
        "small and large commands keep every writer's details, and reopening finds them",
        arguments: [3, ParticipationStore.backgroundPersonalRecords + 36])
    func detailsKept(count: Int) throws {
        let path = TestSupport.temporaryDirectory("personal-write")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store(path)
        let inputs = (0..<count).map { NewInput(id: InputID("I-\($0)"), kind: "inspraakreactie", text: "Reactie \($0)") }
        try store.execute(
            .addInputs(inputs), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"),
            personal: (0..<count).map { PersonalDetails(name: "Indiener \($0)", email: "i\($0)@example.nl") })
        let reopened = try ParticipationStore(path: path, session: .exercise())
        let details = reopened.personalDetails(process: "P")
        #expect(details.count == count)
        #expect((0..<count).allSatisfy { details[InputID("I-\($0)")]?.name == "Indiener \($0)" })
    }

    @Test(
        "when the details cannot be written, the journal is not written either",
        arguments: [3, ParticipationStore.backgroundPersonalRecords + 36])
    func failedDetailsWriteNothing(count: Int) throws {
        let path = TestSupport.temporaryDirectory("personal-write")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try store(path)
        // A directory where personal.jsonl belongs: opening it for writing fails.
        try FileManager.default.createDirectory(atPath: path + "/personal.jsonl", withIntermediateDirectories: false)
        let journal = try Data(contentsOf: URL(fileURLWithPath: path + "/journal/000001.jsonl"))
        let head = store.head
        let inputs = (0..<count).map { NewInput(id: InputID("I-\($0)"), kind: "inspraakreactie", text: "Reactie \($0)") }
        #expect(throws: StoreError.self) {
            try store.execute(
                .addInputs(inputs), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"),
                personal: (0..<count).map { _ in PersonalDetails(name: "N") })
        }
        #expect(store.head.seq == head.seq)
        #expect(store.process("P")?.inputs.isEmpty == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/journal/000001.jsonl")) == journal)
    }
}

@Suite("ParticipationStore: a reading opening leaves a snapshot")
struct ReaderSnapshotTests {
    @Test("a reading opening that replayed a snapshot interval leaves one; the next opening starts from it; verify leaves none")
    func readerLeavesSnapshot() throws {
        let path = TestSupport.temporaryDirectory("reader-snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try populatedStore(path, inputs: ParticipationStore.defaultSnapshotInterval + 50)
        let head = writer.head
        let snapshotFile = path + "/snapshot.bin"
        // As after a store built by a program that wrote none, or whose snapshot was removed.
        try FileManager.default.removeItem(atPath: snapshotFile)

        _ = ParticipationStore.verify(at: path)
        #expect(!FileManager.default.fileExists(atPath: snapshotFile), "verify changes nothing")

        let first = try ParticipationStore(path: path, access: .readOnly, session: .exercise())
        #expect(first.leftSnapshot)
        #expect(first.snapshotSeq == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: snapshotFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let second = try ParticipationStore(path: path, access: .readOnly, session: .exercise())
        #expect(second.snapshotSeq == head.seq)
        #expect(!second.leftSnapshot)
        #expect(second.processes == writer.processes)
        #expect(ParticipationStore.verify(at: path).isIntact)
    }

    @Test("below the interval a reading opening leaves nothing")
    func belowInterval() throws {
        let path = TestSupport.temporaryDirectory("reader-snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try populatedStore(path, inputs: 40)
        let short = ParticipationStore.ReadPath(snapshotInterval: Int(writer.head.seq) + 1)
        let reader = try ParticipationStore(path: path, calendar: .netherlands, access: .readOnly, reading: short)
        #expect(!reader.leftSnapshot)
        #expect(!FileManager.default.fileExists(atPath: path + "/snapshot.bin"))
        let due = ParticipationStore.ReadPath(snapshotInterval: Int(writer.head.seq))
        #expect(try ParticipationStore(path: path, calendar: .netherlands, access: .readOnly, reading: due).leftSnapshot)
    }

    @Test("an account that does not own the store, or cannot write it, reads on and leaves nothing")
    func notTheOwner() throws {
        let path = TestSupport.temporaryDirectory("reader-snapshot")
        defer {
            chmod(path, 0o700)
            try? FileManager.default.removeItem(atPath: path)
        }
        let writer = try populatedStore(path, inputs: 40)
        // Root may write anywhere, so it is kept out by ownership; anyone else by permissions.
        if geteuid() == 0 {
            #expect(chown(path, 65_534, 65_534) == 0)
        } else {
            #expect(chmod(path, 0o500) == 0)
        }
        let due = ParticipationStore.ReadPath(snapshotInterval: 10)
        let reader = try ParticipationStore(path: path, calendar: .netherlands, access: .readOnly, reading: due)
        #expect(!reader.leftSnapshot)
        #expect(reader.processes == writer.processes)
        #expect(!FileManager.default.fileExists(atPath: path + "/snapshot.bin"))
    }
}
