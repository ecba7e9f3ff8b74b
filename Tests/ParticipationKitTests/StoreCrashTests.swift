import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// What a store must do after a writer died half way, or while another store instance or
/// process writes to it. The trials with real processes and SIGKILL are in
/// `participatieTests/CrashTrialTests.swift`; these rebuild single moments by hand.
@Suite("ParticipationStore after a crash")
struct StoreCrashTests {
    private static let projectleider = ActorIdentity(role: "projectleider")
    private static let now = TestSupport.instant("2026-03-21T10:00:00+01:00")

    /// A store with an inspraak ter inzage and one reaction (R-0001).
    private static func store(_ path: String) throws -> ParticipationStore {
        let store = try ParticipationStore(path: path, session: .exercise())
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        let start = TestSupport.instant("2026-03-13T10:00:00+01:00")
        try store.execute(
            .start(StartProcess(id: "P", title: "Test", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: projectleider,
            at: start)
        try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "P", by: projectleider, at: start)
        try store.execute(
            .advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: TestSupport.instant("2026-03-16T09:00:00+01:00"))
        try store.execute(.addInput(NewInput(kind: "inspraakreactie", text: "Eerste")), on: "P", by: projectleider, at: now)
        return store
    }

    @Test("contact details of a command that never reached the journal do not go to the next input with that number")
    func orphanedContactDetails() throws {
        let path = TestSupport.temporaryDirectory("store-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        // A writer registered R-0002 with contact details and died after writing them to
        // personal.jsonl, before its journal lines (found by `participatie-trials crash-trials`).
        let details = PersonalDetails(name: "J. de Vries", email: "j@example.nl")
        let salt = "00"
        try store.writePersonal([
            PersonalRecord(
                process: "P", input: "R-0002", salt: salt, details: details, digest: PersonalRecord.digest(salt: salt, details: details))
        ])
        // The next reaction, without contact details, gets the same number.
        try store.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "Tweede, anoniem")), on: "P", by: Self.projectleider, at: Self.now)
        #expect(store.process("P")?.input("R-0002")?.personalDigest == nil)
        #expect(store.personalDetails(process: "P", input: "R-0002") == nil)
        #expect(try ParticipationStore(path: path, session: .exercise()).personalDetails(process: "P").isEmpty)
        // A reaction that does come with details still gets its own.
        let own = PersonalDetails(name: "K. Bakker")
        try store.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "Derde")), on: "P", by: Self.projectleider, at: Self.now, personal: [own])
        #expect(store.personalDetails(process: "P") == ["R-0003": own])
    }

    @Test("a contact record cut off by a crash does not take the next record with it")
    func tornContactRecord() throws {
        let path = TestSupport.temporaryDirectory("store-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        // A writer died during its write to personal.jsonl: half a line, no newline.
        #expect(FileManager.default.createFile(atPath: path + "/personal.jsonl", contents: Data(#"{"details":{"name":"Half geschr"#.utf8)))
        let details = PersonalDetails(name: "L. Smit", phone: "024-1234567")
        try store.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "Na de onderbreking")), on: "P", by: Self.projectleider, at: Self.now,
            personal: [details])
        #expect(store.personalDetails(process: "P", input: "R-0002") == details)
        #expect(try ParticipationStore(path: path, session: .exercise()).personalDetails(process: "P", input: "R-0002") == details)
    }

    @Test("a store that is already open sets aside and reports a command cut off by another process")
    func tornByAnotherProcess() throws {
        let path = TestSupport.temporaryDirectory("store-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        let head = store.head
        // Another writer died during its write: half a command after the last whole one.
        let segment = path + "/journal/000001.jsonl"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"v":1,"seq":\#(head.seq + 1),"more":1,"at":"2026-03-2"#.utf8))
        try handle.close()
        #expect(store.recoveryNote == nil)
        let recorded = try store.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "Daarna")), on: "P", by: Self.projectleider, at: Self.now)
        #expect(recorded.first?.seq == head.seq + 1)
        let note = try #require(store.recoveryNote)
        #expect(note.contains("torn-000001-"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/journal").contains { $0.hasPrefix("torn-") })
        let report = ParticipationStore.verify(at: path)
        #expect(report.isIntact && report.tornBytes == 0 && report.head.seq == head.seq + 1)
    }

    @Test("a second cut-off command at the same place does not overwrite the bytes set aside the first time")
    func tornTwiceAtTheSamePlace() throws {
        let path = TestSupport.temporaryDirectory("store-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Self.store(path)
        let segment = path + "/journal/000001.jsonl"
        let first = Data(#"{"v":1,"seq":5,"more":2,"at":"eerste"#.utf8)
        let second = Data(#"{"v":1,"seq":5,"at":"tweede"#.utf8)
        for tail in [first, second] {
            // A writer dies during its write; the next open sets the bytes aside.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment))
            try handle.seekToEnd()
            try handle.write(contentsOf: tail)
            try handle.close()
            #expect(try ParticipationStore(path: path, session: .exercise()).recoveryNote != nil)
        }
        let torn = try FileManager.default.contentsOfDirectory(atPath: path + "/journal").filter { $0.hasPrefix("torn-") }.sorted()
        #expect(torn.count == 2)
        let kept = Set(try torn.map { try Data(contentsOf: URL(fileURLWithPath: path + "/journal/" + $0)) })
        #expect(kept == [first, second])
        #expect(ParticipationStore.verify(at: path).setAside.count == 2)
    }

    @Test("two store instances in one process can write snapshots at the same time")
    func snapshotsFromTwoInstances() throws {
        let path = TestSupport.temporaryDirectory("store-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Self.store(path)
        // Two request handlers of a portal, each with its own store on the same folder.
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            do {
                let store = try ParticipationStore(path: path, session: .exercise())
                store.snapshotInterval = 1
                for number in 1...60 {
                    try store.execute(
                        .addInput(NewInput(kind: "inspraakreactie", text: "Via \(worker), nummer \(number)")), on: "P",
                        by: Self.projectleider,
                        at: Self.now)
                    try store.writeSnapshot()
                }
            } catch {
                failures.add("instantie \(worker): \(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let reopened = try ParticipationStore(path: path, session: .exercise())
        #expect(reopened.process("P")?.inputs.count == 121)
        #expect(Snapshot.read(path + "/" + Snapshot.fileName) != nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("a snapshot that cannot be written does not turn a written command into an error")
    func snapshotFailureAfterCommit() throws {
        let path = TestSupport.temporaryDirectory("store-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        store.snapshotInterval = 1
        // Something in the way of snapshot.bin (here a folder): the rename fails.
        try FileManager.default.createDirectory(atPath: path + "/snapshot.bin/blocked", withIntermediateDirectories: true)
        let head = store.head
        let recorded = try store.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "Geschreven")), on: "P", by: Self.projectleider, at: Self.now)
        #expect(recorded.map(\.seq) == [head.seq + 1])
        #expect(try ParticipationStore(path: path, session: .exercise()).process("P")?.inputs.count == 2)
        #expect(throws: StoreError.self) { try store.writeSnapshot() }
    }
}

/// Errors collected from several threads.
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
