import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// The store's files as the file system sees them: private, never through a link, cleared of
/// what interrupted commands left behind, and left alone by a store opened to read.
@Suite("ParticipationStore: files, access and leftovers")
struct StoreFilesTests {
    static let actor = ActorIdentity(role: "projectleider")
    static let opened = TestSupport.instant("2026-03-16T09:00:00+01:00")
    static let later = TestSupport.instant("2026-03-21T10:00:00+01:00")

    /// A store with one inspraak process open for reactions and `count` inputs with contact details.
    static func store(_ path: String, inputs count: Int = 3, reading: ParticipationStore.ReadPath = .standard) throws -> ParticipationStore
    {
        let store = try ParticipationStore(path: path, calendar: .netherlands, access: .readWrite, session: .exercise(), reading: reading)
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        try store.execute(
            .start(StartProcess(id: "P", title: "Plein", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: actor,
            at: opened)
        try store.execute(.attachDocument(kind: "ontwerp", reference: "Z-1"), on: "P", by: actor, at: opened)
        try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: actor, at: opened)
        if count > 0 { try add(store, ids: (1...count).map { "R-\($0)" }) }
        return store
    }

    static func add(_ store: ParticipationStore, ids: [String], text: String = "Een reactie.") throws {
        let inputs = ids.map { NewInput(id: InputID($0), kind: "inspraakreactie", text: text, received: TestSupport.day("2026-03-20")) }
        let personal = ids.map { PersonalDetails(name: "Naam \($0)", email: "\($0.lowercased())@example.org") }
        try store.execute(.addInputs(inputs), on: "P", by: actor, at: later, personal: personal)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    static func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    /// Every file below `path` with its bytes and mode, to show that nothing changed.
    static func tree(_ path: String) -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            let full = path + "/" + name
            result[name] = "\(String(mode(full), radix: 8)) \(SHA256.hash(bytes(full)).hex)"
        }
        return result
    }

    // MARK: Private by default

    @Test("a new store is 0700 with every file 0600, whatever the umask")
    func newStoreIsPrivate() throws {
        let path = TestSupport.temporaryDirectory("files-private") + "/store"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let store = try Self.store(path)
        try store.writeSnapshot()
        for folder in ["", "/journal", "/definitions"] { #expect(Self.mode(path + folder) == 0o700, "\(folder)") }
        let files = Self.tree(path).keys.filter { !["journal", "definitions"].contains($0) }
        #expect(files.contains("personal.jsonl") && files.contains("snapshot.bin") && files.contains("journal/000001.jsonl"))
        for file in files { #expect(Self.mode(path + "/" + file) == 0o600, "\(file)") }
    }

    @Test("an existing store made readable for others is made private on the next writing open, not on a reading one")
    func existingStoreIsTightened() throws {
        let path = TestSupport.temporaryDirectory("files-tighten")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.store(path).writeSnapshot()
        let names = Self.tree(path).keys
        for name in names { chmod(path + "/" + name, ["journal", "definitions"].contains(name) ? 0o755 : 0o644) }
        chmod(path, 0o755)
        _ = try ParticipationStore(path: path, access: .readOnly)
        #expect(Self.mode(path + "/personal.jsonl") == 0o644)
        _ = try ParticipationStore(path: path, session: .exercise())
        #expect(Self.mode(path) == 0o700)
        for name in names {
            #expect(Self.mode(path + "/" + name) == (["journal", "definitions"].contains(name) ? 0o700 : 0o600), "\(name)")
        }
    }

    @Test("a folder --store points at that is no store yet is left as it is; the store inside it is private")
    func otherFolderLeftAlone() throws {
        let path = TestSupport.temporaryDirectory("files-folder")
        defer { try? FileManager.default.removeItem(atPath: path) }
        chmod(path, 0o755)
        _ = try ParticipationStore(path: path, session: .exercise())
        #expect(Self.mode(path) == 0o755)
        #expect(Self.mode(path + "/journal") == 0o700)
    }

    // MARK: Links

    @Test(
        "a store whose files are symbolic links is refused, read or written, and the link's target is untouched",
        arguments: ["personal.jsonl", "snapshot.bin", "journal/000001.jsonl", "journal", "store.lock"])
    func linksAreRefused(name: String) throws {
        let directory = TestSupport.temporaryDirectory("files-link")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store"
        try Self.store(path).writeSnapshot()
        let target = directory + "/elders-" + name.replacingOccurrences(of: "/", with: "-")
        try FileManager.default.moveItem(atPath: path + "/" + name, toPath: target)
        try FileManager.default.createSymbolicLink(atPath: path + "/" + name, withDestinationPath: target)
        let before = Self.bytes(target) + Self.tree(target).values.sorted().flatMap(\.utf8)
        for access in [StoreAccess.readWrite, .readOnly] {
            #expect {
                _ = try ParticipationStore(path: path, access: access)
            } throws: { error in
                "\(error)".contains("\(path)/\(name) is een symbolische koppeling")
            }
        }
        #expect(Self.bytes(target) + Self.tree(target).values.sorted().flatMap(\.utf8) == before)
        #expect(!ParticipationStore.verify(at: path).isIntact)
    }

    // MARK: Leftovers

    @Test("temporary files of interrupted rewrites are removed on a writing open; one a live writer holds stays")
    func temporaryFilesAreRemoved() throws {
        let path = TestSupport.temporaryDirectory("files-leftovers")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try Self.store(path)
        let left = [".personal.jsonl.tmp-a1B2c3", ".snapshot.bin.tmp-ZZZZZZ", "definitions/.abc.json.tmp-000000"]
        for name in left { #expect(FileManager.default.createFile(atPath: path + "/" + name, contents: Data("Naam R-1".utf8))) }
        let held = path + "/.snapshot.bin.tmp-LIVE01"
        #expect(FileManager.default.createFile(atPath: held, contents: Data()))
        let fd = open(held, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let unrelated = path + "/notities.txt"
        #expect(FileManager.default.createFile(atPath: unrelated, contents: Data("x".utf8)))

        _ = try ParticipationStore(path: path, access: .readOnly)
        for name in left { #expect(FileManager.default.fileExists(atPath: path + "/" + name), "alleen lezen ruimt niets op: \(name)") }

        let reopened = try ParticipationStore(path: path, session: .exercise())
        for name in left { #expect(!FileManager.default.fileExists(atPath: path + "/" + name), "\(name)") }
        #expect(FileManager.default.fileExists(atPath: held))
        #expect(FileManager.default.fileExists(atPath: unrelated))
        let note = try #require(reopened.recoveryNote)
        #expect(note.contains(".personal.jsonl.tmp-a1B2c3") && note.contains("definitions/.abc.json.tmp-000000"))
    }

    // MARK: Contact details that no journal line accounts for

    /// A line as `personal.jsonl` holds them, for an input the journal does not have.
    static func orphanLine(_ input: String) -> String {
        #"{"details":{"name":"Weesregel \#(input)"},"digest":"\#(String(repeating: "a", count: 64))","input":"\#(input)","process":"P","salt":"00"}"#
    }

    @Test("details of a command that never reached the journal, at the end of personal.jsonl, are cut off on a writing open")
    func orphanTailIsTrimmed() throws {
        let path = TestSupport.temporaryDirectory("files-orphan-tail")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        let personal = path + "/personal.jsonl"
        let good = Self.bytes(personal)
        let handle = try #require(FileHandle(forWritingAtPath: personal))
        handle.seekToEndOfFile()
        handle.write(Data((Self.orphanLine("R-9") + "\n" + Self.orphanLine("R-10") + "\n" + #"{"details":{"name":"Half"#).utf8))
        try handle.close()
        #expect(store.personalLinesNotJournaled() == 3)
        let report = ParticipationStore.verify(at: path)
        #expect(report.isIntact)
        #expect(report.personalLinesWithoutJournal == 3)
        #expect(report.description.contains("3 regels in personal.jsonl"))

        let reopened = try ParticipationStore(path: path, session: .exercise())
        #expect(Self.bytes(personal) == good)
        #expect(reopened.personalLinesNotJournaled() == 0)
        #expect(reopened.recoveryNote?.contains("3 regels met contactgegevens") == true, "\(reopened.recoveryNote ?? "")")
        #expect(reopened.personalDetails(process: "P").count == 3)
    }

    @Test("an orphaned line between good ones (left by an older version) is removed: the file has more lines than inputs")
    func buriedOrphanIsRemoved() throws {
        let path = TestSupport.temporaryDirectory("files-orphan-buried")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path, inputs: 2)
        let personal = path + "/personal.jsonl"
        var lines = String(decoding: Self.bytes(personal), as: UTF8.self).split(separator: "\n").map(String.init)
        lines.insert(Self.orphanLine("R-1"), at: 1)
        try (lines.joined(separator: "\n") + "\n").write(toFile: personal, atomically: false, encoding: .utf8)
        #expect(store.personalLinesNotJournaled() == 1)
        let reopened = try ParticipationStore(path: path, session: .exercise())
        #expect(reopened.personalLinesNotJournaled() == 0)
        #expect(!String(decoding: Self.bytes(personal), as: UTF8.self).contains("Weesregel"))
        #expect(reopened.personalDetails(process: "P")["R-1"]?.name == "Naam R-1")
    }

    @Test("a command whose journal write fails takes back the contact details it had written")
    func failedWriteTakesBackDetails() throws {
        let path = TestSupport.temporaryDirectory("files-failed-write")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var tuning = Journal.Tuning()
        tuning.lineLimit = 2_000
        let store = try Self.store(path, reading: ParticipationStore.ReadPath(journal: tuning))
        let personal = path + "/personal.jsonl"
        let before = Self.bytes(personal)
        #expect(throws: StoreError.self) { try Self.add(store, ids: ["R-4"], text: String(repeating: "lang ", count: 600)) }
        #expect(Self.bytes(personal) == before)
        #expect(store.personalLinesNotJournaled() == 0)
        try Self.add(store, ids: ["R-4"])
        #expect(store.personalDetails(process: "P")["R-4"]?.name == "Naam R-4")
    }

    // MARK: Reading only

    @Test("a store opened to read changes nothing, leaves a cut-off command where it is and refuses commands")
    func readOnlyChangesNothing() throws {
        let path = TestSupport.temporaryDirectory("files-read-only")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        let segment = path + "/journal/000001.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"v":1,"seq":7,"more":1,"at":"#.utf8))
        try handle.close()
        #expect(FileManager.default.createFile(atPath: path + "/.snapshot.bin.tmp-OLD000", contents: Data()))
        let before = Self.tree(path)

        let reader = try ParticipationStore(path: path, access: .readOnly)
        #expect(reader.process("P") == store.process("P"))
        #expect(reader.recoveryNote?.contains("overgeslagen") == true, "\(reader.recoveryNote ?? "")")
        #expect(throws: StoreError.self) { try Self.add(reader, ids: ["R-8"]) }
        #expect(throws: StoreError.self) { try reader.writeSnapshot() }
        #expect(Self.tree(path) == before)

        let missing = path + "/bestaat-niet"
        #expect(throws: StoreError.self) { _ = try ParticipationStore(path: missing, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    // MARK: Segments

    @Test("a missing segment between others is refused when opening, never silently skipped")
    func segmentGapIsRefused() throws {
        let path = TestSupport.temporaryDirectory("files-gap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var tuning = Journal.Tuning()
        tuning.segmentLimit = 600
        let store = try Self.store(path, inputs: 0, reading: ParticipationStore.ReadPath(journal: tuning))
        for index in 1...4 { try Self.add(store, ids: ["R-\(index)"]) }
        let segments = try Journal.segmentNumbers(in: path + "/journal")
        #expect(segments.count >= 4)
        let last = try #require(segments.last)
        try FileManager.default.moveItem(
            atPath: Journal.segmentPath(path + "/journal", last - 1), toPath: Journal.segmentPath(path + "/journal", last + 1))
        try? FileManager.default.removeItem(atPath: path + "/snapshot.bin")
        for access in [StoreAccess.readWrite, .readOnly] {
            #expect {
                _ = try ParticipationStore(path: path, access: access)
            } throws: { error in
                "\(error)".contains("het segment ontbreekt")
            }
        }
        #expect(!ParticipationStore.verify(at: path).isIntact)
    }

    // MARK: verify reads as the commands read

    @Test("verify opens the store as every command does and compares it with the replay from line 1")
    func verifyOpensAsCommandsDo() throws {
        let path = TestSupport.temporaryDirectory("files-verify")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        try store.writeSnapshot()
        try Self.add(store, ids: ["R-4"])
        let report = ParticipationStore.verify(at: path)
        #expect(report.isIntact)
        #expect(report.opening == .matches(seq: store.head.seq, fromSnapshot: store.head.seq - 1))

        // A snapshot that fits the journal but says something else: commands would believe it.
        var changed = store.processes
        changed[0].title = "Een andere titel"
        let snapshot = Snapshot(position: try #require(Snapshot.read(path + "/snapshot.bin")).position, processes: changed)
        try AtomicFile.write(snapshot.encoded(), to: path + "/snapshot.bin")
        let tampered = ParticipationStore.verify(at: path)
        #expect(!tampered.isIntact)
        #expect(tampered.opening == .differs(seq: store.head.seq, processes: ["P"]))
        #expect(tampered.description.contains("Openen zoals elke opdracht het doet geeft NIET hetzelfde"))

        // A store no command can open is never "in orde", even when its journal chains.
        try FileManager.default.removeItem(atPath: path + "/snapshot.bin")
        try FileManager.default.createSymbolicLink(atPath: path + "/snapshot.bin", withDestinationPath: "/dev/null")
        let unopenable = ParticipationStore.verify(at: path)
        #expect(unopenable.problem == nil)
        #expect(!unopenable.isIntact)
        guard case .fails(let reason)? = unopenable.opening else {
            Issue.record("verwacht: openen lukt niet, kreeg \(String(describing: unopenable.opening))")
            return
        }
        #expect(reason.contains("symbolische koppeling"))
    }

    // MARK: Sending many answers at once

    @Test("sending 20,001 answers at once writes one event per 10,000, so no line grows with the process")
    func sentIsSplit() throws {
        let path = TestSupport.temporaryDirectory("files-sent")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path, inputs: 0)
        let count = 2 * InputLimits.inputsPerSentEvent + 1
        let inputs = (0..<count).map {
            NewInput(id: InputID("R\($0)"), kind: "inspraakreactie", text: "r", received: TestSupport.day("2026-03-20"))
        }
        try store.execute(.addInputs(inputs), on: "P", by: Self.actor, at: Self.later)
        let feedback = inputs.map { NewFeedback(input: $0.id!, verdict: .kennisgenomen, motivation: "Gelezen.") }
        try store.execute(.recordFeedbacks(feedback), on: "P", by: Self.actor, at: Self.later)
        let events = try store.execute(
            .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-03-21")), on: "P", by: Self.actor, at: Self.later)
        let sizes = events.compactMap { event -> Int? in
            if case .feedbackSent(let sent) = event.event.payload { return sent.inputs.count }
            return nil
        }
        #expect(sizes == [InputLimits.inputsPerSentEvent, InputLimits.inputsPerSentEvent, 1])
        let reopened = try ParticipationStore(path: path, access: .readOnly)
        #expect(reopened.process("P")?.counts.sent == count)
        #expect(reopened.process("P") == store.process("P"))
    }
}
