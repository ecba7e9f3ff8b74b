import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

private let projectleider = ActorIdentity(role: "projectleider")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

/// The contact details of the writer whose details are erased in these tests.
private let erased = PersonalDetails(
    name: "Anna Jansen-Visser", address: "Dorpsstraat 17, Nijmegen", email: "anna@example.nl", phone: "06-12345678")
private let erasedValues = ["Anna Jansen-Visser", "Dorpsstraat 17", "anna@example.nl", "06-12345678"]
/// Another writer, whose details must stay.
private let kept = PersonalDetails(name: "Bram de Boer", email: "bram@example.nl")

/// An inspraak with R-0001 (Anna, answered), R-0002 (Bram) and R-0003 (no details).
private func annaStore(_ path: String) throws -> ParticipationStore {
    let store = try ParticipationStore(path: path, session: .exercise())
    let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
    let start = t("2026-03-13T10:00:00+01:00")
    try store.execute(
        .start(StartProcess(id: "P", title: "Test", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: projectleider,
        at: start)
    try store.execute(.attachDocument(kind: "ontwerp", reference: "Z"), on: "P", by: projectleider, at: start)
    try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
    let inputs = ["Meer bomen langs het pad.", "Behoud de speeltuin.", "Een bankje graag."].map {
        NewInput(kind: "inspraakreactie", text: $0, received: TestSupport.day("2026-03-20"))
    }
    try store.execute(.addInputs(inputs), on: "P", by: projectleider, at: t("2026-03-21T10:00:00+01:00"), personal: [erased, kept, nil])
    try store.execute(
        .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Er komen twaalf bomen.")), on: "P",
        by: projectleider,
        at: t("2026-03-22T10:00:00+01:00"))
    return store
}

private let redactAt = t("2026-05-04T11:00:00+02:00")
private let redact = Command.redactPersonalData("R-0001", reason: "Verzoek van de indiener van 2 mei.")

private func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

/// Whether `needle` occurs in the raw bytes, not in some decoded form of them.
private func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let needle = Array(needle.utf8)
    guard needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
}

/// Every byte of every journal segment.
private func journalBytes(_ path: String) throws -> [UInt8] {
    try FileManager.default.contentsOfDirectory(atPath: path + "/journal").sorted().flatMap { try bytes(path + "/journal/" + $0) }
}

@Suite("ParticipationStore: erasing contact details (AVG)", .serialized)
struct RedactionStoreTests {
    @Test("erasing removes the record from personal.jsonl; the chain verifies, the input and its feedback stay")
    func erasure() throws {
        let path = TestSupport.temporaryDirectory("redact")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try annaStore(path)
        let personalPath = path + "/personal.jsonl"
        for value in erasedValues { #expect(contains(try bytes(personalPath), value), "\(value) staat er vooraf niet in") }
        let before = try #require(store.process("P")?.input("R-0001"))

        let events = try store.execute(redact, on: "P", by: projectleider, at: redactAt)
        #expect(
            events.map(\.event.payload) == [
                .personalDataRedacted(PersonalDataRedacted(input: "R-0001", reason: "Verzoek van de indiener van 2 mei."))
            ])

        // The chain still verifies.
        #expect(ParticipationStore.verify(at: path).isIntact)
        // The raw bytes of personal.jsonl no longer hold the details; the other writer's stay.
        let personal = try bytes(personalPath)
        for value in erasedValues { #expect(!contains(personal, value), "personal.jsonl bevat nog \(value)") }
        #expect(contains(personal, "Bram de Boer"))
        // The journal never held them, and still holds the salted digest.
        let journal = try journalBytes(path)
        for value in erasedValues { #expect(!contains(journal, value), "het journaal bevat \(value)") }
        let digest = try #require(before.personalDigest)
        #expect(contains(journal, digest))
        // The input, its text and its feedback are unchanged; the redaction is recorded.
        let after = try #require(store.process("P")?.input("R-0001"))
        #expect(after.text == before.text && after.feedback == before.feedback && after.personalDigest == digest)
        #expect(after.redaction == Redaction(at: redactAt, by: projectleider, reason: "Verzoek van de indiener van 2 mei."))
        #expect(store.process("P")?.counts.total == 3)
        // Reading personal data: gone for R-0001, there for R-0002.
        #expect(store.personalDetails(process: "P", input: "R-0001") == nil)
        #expect(store.personalDetails(process: "P") == ["R-0002": kept])
        // Personal data stays readable for the owner only.
        var info = stat()
        #expect(stat(personalPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        // Reopening replays the same state, with nothing to repair.
        let reopened = try ParticipationStore(path: path, session: .exercise())
        #expect(reopened.process("P") == store.process("P"))
        #expect(reopened.recoveryNote == nil)
        #expect(try bytes(personalPath) == personal)
    }

    /// The refusals of `redact`, each after the store is built (and, for the second, after one erasure).
    static let refusals: [(label: String, command: Command)] = [
        ("unknown input", .redactPersonalData("R-0099", reason: "Verzoek.")),
        ("empty reason", .redactPersonalData("R-0001", reason: " ")),
        ("twice", redact),
        ("never had details", .redactPersonalData("R-0003", reason: "Verzoek.")),
    ]

    @Test("a refused erasure writes nothing: not to the journal, not to personal.jsonl", arguments: 0..<refusals.count)
    func refusedWritesNothing(_ index: Int) throws {
        let (label, command) = Self.refusals[index]
        let path = TestSupport.temporaryDirectory("redact-refused")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try annaStore(path)
        if label == "twice" { try store.execute(redact, on: "P", by: projectleider, at: redactAt) }
        let head = store.head
        let journal = try journalBytes(path)
        let personal = try bytes(path + "/personal.jsonl")
        let state = store.process("P")
        #expect(throws: StoreError.self, "\(label)") {
            try store.execute(command, on: "P", by: projectleider, at: t("2026-05-05T11:00:00+02:00"))
        }
        #expect(store.head.seq == head.seq, "\(label)")
        #expect(try journalBytes(path) == journal, "\(label)")
        #expect(try bytes(path + "/personal.jsonl") == personal, "\(label)")
        #expect(store.process("P") == state, "\(label)")
    }

    @Test("a crash between the journal entry and the rewrite: opening the store finishes the erasure")
    func crashBetween() throws {
        let path = TestSupport.temporaryDirectory("redact-crash")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let personalPath = path + "/personal.jsonl"
        do {
            let store = try annaStore(path)
            let untouched = try bytes(personalPath)
            try store.execute(redact, on: "P", by: projectleider, at: redactAt)
            // As if the machine stopped right after the journal's fsync: the old file is back.
            try Data(untouched).write(to: URL(fileURLWithPath: personalPath))
        }
        #expect(contains(try bytes(personalPath), "Anna Jansen-Visser"))

        let reopened = try ParticipationStore(path: path, session: .exercise())
        let personal = try bytes(personalPath)
        for value in erasedValues { #expect(!contains(personal, value), "personal.jsonl bevat nog \(value)") }
        #expect(contains(personal, "Bram de Boer"))
        #expect(reopened.recoveryNote?.contains("alsnog verwijderd") == true, "\(reopened.recoveryNote ?? "geen melding")")
        #expect(reopened.personalDetails(process: "P") == ["R-0002": kept])
        #expect(ParticipationStore.verify(at: path).isIntact)
        // Done once: the next open has nothing to say.
        #expect(try ParticipationStore(path: path, session: .exercise()).recoveryNote == nil)
    }

    @Test("another store that catches up on the erasure finishes it on its next command")
    func catchUp() throws {
        let path = TestSupport.temporaryDirectory("redact-catchup")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let personalPath = path + "/personal.jsonl"
        let first = try annaStore(path)
        let untouched = try bytes(personalPath)
        let second = try ParticipationStore(path: path, session: .exercise())
        try second.execute(redact, on: "P", by: projectleider, at: redactAt)
        try Data(untouched).write(to: URL(fileURLWithPath: personalPath))

        try first.execute(.attachDocument(kind: "reactienota", reference: "Z-2"), on: "P", by: projectleider, at: redactAt)
        for value in erasedValues { #expect(!contains(try bytes(personalPath), value), "personal.jsonl bevat nog \(value)") }
        #expect(first.process("P")?.input("R-0001")?.redaction != nil)
    }

    @Test("a rewrite that fails: the command says so, the details are never read back, the next open finishes it")
    func rewriteFails() throws {
        let path = TestSupport.temporaryDirectory("redact-fails")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let personalPath = path + "/personal.jsonl"
        let store = try annaStore(path)
        // The atomic rewrite fails (as on a full disk).
        AtomicFile.failingPaths.withLock { _ = $0.insert(personalPath) }
        let error = #expect(throws: StoreError.self) { try store.execute(redact, on: "P", by: projectleider, at: redactAt) }
        #expect(error?.description.contains("De verwijdering staat in het journaal") == true, "\(String(describing: error))")
        // The record is still in the file, but it is never handed out.
        #expect(contains(try bytes(personalPath), "Anna Jansen-Visser"))
        #expect(store.process("P")?.input("R-0001")?.redaction != nil)
        #expect(store.personalDetails(process: "P", input: "R-0001") == nil)
        #expect(store.personalDetails(process: "P") == ["R-0002": kept])

        let reopened = try ParticipationStore(path: path, session: .exercise())
        for value in erasedValues { #expect(!contains(try bytes(personalPath), value), "personal.jsonl bevat nog \(value)") }
        #expect(reopened.recoveryNote != nil)
        #expect(ParticipationStore.verify(at: path).isIntact)
    }

    @Test("half a line left by a crash in personal.jsonl is not glued to the next record, which can still be erased")
    func tornPersonalLine() throws {
        let path = TestSupport.temporaryDirectory("redact-torn")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let personalPath = path + "/personal.jsonl"
        let store = try annaStore(path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: personalPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"details":{"name":"Half"#.utf8))
        try handle.close()
        let carla = PersonalDetails(name: "Carla Smit", email: "carla@example.nl")
        let events = try store.execute(
            .addInput(NewInput(kind: "inspraakreactie", text: "Zebrapad.")), on: "P", by: projectleider, at: t("2026-03-23T10:00:00+01:00"),
            personal: [carla])
        guard case .inputReceived(let received)? = events.first?.event.payload else { throw TestSupportError(message: "geen inbreng") }
        #expect(store.personalDetails(process: "P", input: received.input) == carla)
        try store.execute(.redactPersonalData(received.input, reason: "Verzoek."), on: "P", by: projectleider, at: redactAt)
        #expect(!contains(try bytes(personalPath), "Carla Smit"))
        #expect(store.personalDetails(process: "P")["R-0001"] == erased)
    }
}
