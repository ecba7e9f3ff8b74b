import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private func folder(_ label: String) -> String { TestSupport.temporaryDirectory("journal-\(label)") }

private func payload(_ text: String) -> [UInt8] { Array(#""type":"t","data":{"x":"\#(text)"}"#.utf8) }

/// Opens the journal in `path`, returning it, the sequence numbers replayed and the recovery.
private func openJournal(
    _ path: String, from position: Journal.Position? = nil, segmentLimit: UInt64 = Journal.defaultSegmentLimit
) throws -> (Journal, [UInt64], Journal.Recovery?) {
    var seen: [UInt64] = []
    let (journal, recovery) = try Journal.open(
        directory: path, lockFile: path + "/store.lock", from: position, segmentLimit: segmentLimit
    ) { seen.append($0.seq) }
    return (journal, seen, recovery)
}

/// Appends commands of the given sizes.
private func write(_ journal: Journal, commands: [Int]) throws {
    var counter = 0
    for size in commands {
        try journal.withExclusiveLock {
            try journal.readNew { _ in }
            try journal.append(
                payloads: (0..<size).map { _ in
                    counter += 1
                    return payload("regel \(counter)")
                })
        }
    }
}

private func segment(_ path: String, _ number: Int = 1) -> String { Journal.segmentPath(path, number) }

private func bytes(_ file: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: file) ?? Data()) }

private func overwrite(_ file: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
}

@Suite("Journal")
struct JournalTests {
    @Test("lines are chained and replay in order after reopening")
    func reopen() throws {
        let path = folder("reopen")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 3, 1])
        let head = journal.head
        #expect(head.seq == 5)
        let (again, seen, recovery) = try openJournal(path)
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(recovery == nil)
        #expect(again.head == head)
        let text = String(decoding: bytes(segment(path)), as: UTF8.self)
        #expect(text.hasPrefix(#"{"v":1,"seq":1,"type":"t""#))
        #expect(text.contains(#"{"v":1,"seq":2,"more":2,"#))
        #expect(Journal.verify(directory: path).isIntact)
    }

    @Test("the first hash is SHA-256 of 32 zero bytes and the line before ,\"hash\":")
    func chainDefinition() throws {
        let path = folder("chain")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [2])
        let lines = String(decoding: bytes(segment(path)), as: UTF8.self).split(separator: "\n").map(String.init)
        var previous = [UInt8](repeating: 0, count: 32)
        for line in lines {
            let marker = try #require(line.range(of: #","hash":""#))
            let before = Array(line[..<marker.lowerBound].utf8)
            let written = String(line[marker.upperBound...].dropLast(2))
            let expected = SHA256.hash(previous + before)
            #expect(written == expected.hex)
            previous = expected.bytes
        }
        #expect(lines.count == 2)
    }

    @Test("a command cut off mid-line is set aside and reported; the rest opens")
    func tornTail() throws {
        let path = folder("torn")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 1])
        let good = bytes(segment(path))
        overwrite(segment(path), good + Array(#"{"v":1,"seq":3,"type":"t","da"#.utf8))
        #expect(Journal.verify(directory: path).tornBytes > 0)
        let (reopened, seen, recovery) = try openJournal(path)
        let note = try #require(recovery)
        #expect(seen == [1, 2])
        #expect(note.afterSeq == 2)
        #expect(note.description.contains("regel 2"))
        #expect(bytes(segment(path)) == good)
        #expect(bytes(try #require(note.movedTo)) == Array(#"{"v":1,"seq":3,"type":"t","da"#.utf8))
        try write(reopened, commands: [1])
        #expect(reopened.head.seq == 3)
        #expect(Journal.verify(directory: path).isIntact)
    }

    @Test("a multi-line command cut off after a whole line is set aside as a whole")
    func tornCommand() throws {
        let path = folder("torn-command")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 3])
        let all = bytes(segment(path))
        let lines = all.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Keep line 1 and the first two lines of the three-line command.
        let cut = Array(lines[0]) + [10] + Array(lines[1]) + [10] + Array(lines[2]) + [10]
        overwrite(segment(path), cut)
        let (_, seen, recovery) = try openJournal(path)
        #expect(seen == [1])
        #expect(try #require(recovery).afterSeq == 1)
        #expect(bytes(segment(path)) == Array(lines[0]) + [10])
    }

    @Test("a flipped byte in the middle refuses to open and names its seq")
    func flippedByte() throws {
        let path = folder("flip")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 1, 1, 1, 1])
        var data = bytes(segment(path))
        let lines = data.split(separator: UInt8(ascii: "\n"))
        let third = lines[2].startIndex + 30
        data[third] ^= 0x01
        overwrite(segment(path), data)
        #expect {
            _ = try openJournal(path)
        } throws: { error in
            guard case .broken(let seq, _, _, _) = error as? JournalError else { return false }
            return seq == 3
        }
        let report = Journal.verify(directory: path)
        #expect(!report.isIntact)
        #expect(report.head.seq == 2)
        guard case .broken(let seq, _, _, _)? = report.problem else {
            Issue.record("geen breuk gemeld: \(report)")
            return
        }
        #expect(seq == 3)
        #expect(report.description.contains("regel 3"))
    }

    @Test("every single flipped byte is caught or, for the final newline, reported as a cut-off tail")
    func everyByte() throws {
        let path = folder("every")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 2, 1])
        let original = bytes(segment(path))
        for index in original.indices {
            var changed = original
            changed[index] ^= 0x20
            overwrite(segment(path), changed)
            let report = Journal.verify(directory: path)
            if index == original.count - 1 {
                #expect(report.tornBytes > 0 && report.head.seq == 3, "byte \(index)")
            } else {
                #expect(!report.isIntact, "byte \(index) werd niet opgemerkt")
            }
        }
    }

    @Test("a deleted or a swapped line is detected with the first bad seq")
    func deletedAndSwapped() throws {
        let path = folder("delete")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 1, 1, 1])
        let lines = bytes(segment(path)).split(separator: UInt8(ascii: "\n")).map { Array($0) + [10] }
        overwrite(segment(path), lines[0] + lines[2] + lines[3])
        guard case .broken(let deleted, _, _, _)? = Journal.verify(directory: path).problem else {
            Issue.record("verwijderde regel niet gevonden")
            return
        }
        #expect(deleted == 2)
        overwrite(segment(path), lines[0] + lines[1] + lines[3] + lines[2])
        guard case .broken(let swapped, _, _, _)? = Journal.verify(directory: path).problem else {
            Issue.record("verwisselde regels niet gevonden")
            return
        }
        #expect(swapped == 3)
    }

    @Test("an anchor catches a history rewritten and re-hashed after it was published")
    func anchor() throws {
        let path = folder("anchor")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 1, 1])
        let published = (seq: UInt64(2), hash: try #require(Self.hash(ofLine: 2, in: path)))
        #expect(Journal.verify(directory: path, anchor: published).anchor == .matches(seq: 2))
        // Rewrite the whole history with other content, hashed consistently.
        let forged = folder("forged")
        let (other, _, _) = try openJournal(forged)
        _ = try other.withExclusiveLock { try other.append(payloads: [payload("vervalst")]) }
        try write(other, commands: [1, 1])
        overwrite(segment(path), bytes(segment(forged)))
        let report = Journal.verify(directory: path, anchor: published)
        #expect(report.problem == nil)
        #expect(!report.isIntact)
        guard case .differs(let seq, _, _)? = report.anchor else {
            Issue.record("anker niet vergeleken: \(report)")
            return
        }
        #expect(seq == 2)
        // A journal cut back before the anchor.
        let lines = bytes(segment(path)).split(separator: UInt8(ascii: "\n")).map { Array($0) + [10] }
        overwrite(segment(path), lines[0])
        #expect(Journal.verify(directory: path, anchor: published).anchor == .missing(seq: 2, last: 1))
    }

    @Test("segments roll over and are read in order; a command never spans two")
    func segments() throws {
        let path = folder("segments")
        let (journal, _, _) = try openJournal(path, segmentLimit: 400)
        try write(journal, commands: [1, 2, 1, 3, 1, 1])
        #expect(journal.head.segment > 1)
        let (_, seen, _) = try openJournal(path, segmentLimit: 400)
        #expect(seen == Array(1...9))
        let report = Journal.verify(directory: path)
        #expect(report.isIntact)
        #expect(report.segments == journal.head.segment)
        // No segment ends inside a command.
        for number in 1...report.segments {
            let last = bytes(segment(path, number)).split(separator: UInt8(ascii: "\n")).last.map { Array($0) } ?? []
            #expect(!String(decoding: last, as: UTF8.self).contains(#""more":"#), "segment \(number)")
        }
    }

    @Test("opening from a snapshot position replays only what follows; a wrong position is refused")
    func fromPosition() throws {
        let path = folder("position")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1, 1])
        let position = journal.head
        try write(journal, commands: [2])
        let (_, seen, _) = try openJournal(path, from: position)
        #expect(seen == [3, 4])
        var wrong = position
        wrong.hash = SHA256.hash([1, 2, 3])
        #expect(throws: JournalError.self) { _ = try openJournal(path, from: wrong) }
    }

    @Test("a line of a newer format version is refused with a clear message")
    func newerFormat() throws {
        let path = folder("newer")
        let (journal, _, _) = try openJournal(path)
        try write(journal, commands: [1])
        var data = bytes(segment(path))
        data[5] = UInt8(ascii: "2")
        overwrite(segment(path), data)
        #expect(throws: JournalError.newerFormat(seq: 1, version: 2)) { _ = try openJournal(path) }
        #expect(JournalError.newerFormat(seq: 1, version: 2).description.contains("Werk participatie bij"))
    }

    @Test("appending outside the lock is refused and writes nothing")
    func lockRequired() throws {
        let path = folder("lock")
        let (journal, _, _) = try openJournal(path)
        #expect(throws: JournalError.self) { try journal.append(payloads: [payload("x")]) }
        #expect(FileManager.default.contents(atPath: segment(path)) == nil)
    }

    @Test("a second journal object on the same folder reads what the first appended")
    func twoWriters() throws {
        let path = folder("two")
        let (first, _, _) = try openJournal(path)
        let (second, _, _) = try openJournal(path)
        try write(first, commands: [1, 1])
        var read: [UInt64] = []
        try second.withExclusiveLock {
            try second.readNew { read.append($0.seq) }
            try second.append(payloads: [payload("tweede")])
        }
        #expect(read == [1, 2])
        #expect(second.head.seq == 3)
        try write(first, commands: [1])
        #expect(first.head.seq == 4)
        #expect(Journal.verify(directory: path).isIntact)
    }

    static func hash(ofLine seq: Int, in path: String) -> SHA256Digest? {
        let lines = String(decoding: bytes(segment(path)), as: UTF8.self).split(separator: "\n")
        guard seq - 1 < lines.count, let marker = lines[seq - 1].range(of: #","hash":""#) else { return nil }
        return SHA256Digest(hex: lines[seq - 1][marker.upperBound...].dropLast(2))
    }
}

@Suite("Journal: inputs received too early")
struct EarlyFlagJournalTests {
    static let line =
        #"{"at":"2027-03-18T08:00:00Z","actor":{"role":"griffie"},"process":"REF","type":"inputReceived","data":{"input":"R-0001","kind":"handtekening","text":"H","received":"2027-02-02","state":"handtekeningenVerzamelen","late":false,"outOfScope":false,"needsFeedback":false"#

    /// The event in the body `text` (a line before `,"hash":`, without its closing brace) read by
    /// the one-pass reader and by the general one.
    static func readBoth(_ text: String) throws -> (fast: Event?, general: Event) {
        let body = Array(text.utf8)[...]
        let fast = body.withUnsafeBufferPointer { EventLineDecoder.decode(body: $0) }
        return (fast, try EventCoding.decodeGenerally(body: body))
    }

    static func early(_ event: Event?) -> Bool? {
        guard case .inputReceived(let input)? = event?.payload else { return nil }
        return input.early
    }

    @Test("a line written before the flag existed reads as not early, by both readers")
    func oldLineIsNotEarly() throws {
        let read = try Self.readBoth(Self.line + "}")
        #expect(Self.early(read.general) == false)
        #expect(Self.early(read.fast) == false)
        #expect(read.fast == read.general)
    }

    @Test("early is written only when set, and both readers read it back")
    func earlyRoundTrip() throws {
        let set = try Self.readBoth(Self.line + #","early":true}"#)
        #expect(Self.early(set.general) == true)
        #expect(set.fast == set.general)
        #expect(try Self.readBoth(Self.line + #","early":false}"#).general == (try Self.readBoth(Self.line + "}").general))
        var event = set.general
        let written = String(decoding: EventCoding.encode(event), as: UTF8.self)
        #expect(written.contains(#""early":true"#))
        #expect(try EventCoding.decode(Array("{".utf8) + EventCoding.encode(event) + Array("}".utf8)) == event)
        if case .inputReceived(var input) = event.payload {
            input.early = false
            event.payload = .inputReceived(input)
        }
        #expect(!String(decoding: EventCoding.encode(event), as: UTF8.self).contains("early"))
        #expect(throws: EventDecodingError.self) { _ = try EventCoding.decode(Array((Self.line + #","early":"ja"}}"#).utf8)) }
    }

    @Test("an input record read as JSON without early is not early")
    func recordCodable() throws {
        let record = InputRecord(
            id: "H-1", kind: "handtekening", text: "H", received: TestSupport.day("2027-02-02"),
            registeredAt: TestSupport.instant("2027-03-18T09:00:00+01:00"), registeredBy: ActorIdentity(role: "griffie"), channel: nil,
            theme: nil, publicName: nil, personalDigest: nil, stateAtReceipt: "handtekeningenVerzamelen", late: false, outOfScope: false,
            needsFeedback: false, answerDue: nil, withdrawal: nil, feedback: [], sentOn: nil, early: true)
        let encoded = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(InputRecord.self, from: encoded) == record)
        var plain = record
        plain.early = false
        let text = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!text.contains("early"))
        #expect(try JSONDecoder().decode(InputRecord.self, from: Data(text.utf8)).early == false)
    }
}

@Suite("Journal: replay reads an input's line straight into its record")
struct ReplayRecordTests {
    static let head =
        #"{"v":1,"seq":7,"at":"2027-03-18T08:00:00Z","recorded":"2027-03-18T08:00:02Z","account":"griffie01","actor":{"role":"griffie","name":"A. de Vries"},"process":"BRIEF","type":"inputReceived","data":{"input":"BRIEF-1","kind":"brief","text":"Graag \"snel\" antwoord","received":"2027-03-17","state":"ingekomen","late":false,"outOfScope":false,"needsFeedback":true"#

    /// The record replay makes of `data` (appended to the line's data) next to the record the
    /// engine makes of the event the general reader reads.
    static func both(_ data: String) throws -> (replayed: InputRecord?, made: InputRecord, recorded: Date?) {
        let body = Array((head + data + "}").utf8)[...]
        let general = try EventCoding.decodeGenerally(body: body)
        guard case .inputReceived(let received) = general.payload else { throw EventDecodingError(message: "geen inbreng") }
        let made = ProcessEngine.record(of: received, at: general.at, by: general.actor)
        guard case .input(let record, let process, let recorded) = try EventCoding.decodeForReplay(body: body) else {
            return (nil, made, nil)
        }
        #expect(process == general.process)
        return (record, made, recorded)
    }

    static let digest = String(repeating: "0123456789abcdef", count: 4)

    @Test(
        "the record is the engine's record of the event, field for field",
        arguments: [
            "",
            #","personalDigest":"\#(digest)""#,
            // Escaped, upper case, or no digest of ours at all: kept as the engine keeps them.
            #","personalDigest":"\u0030\#(digest.dropFirst())""#,
            #","personalDigest":"\#(digest.uppercased())""#,
            #","personalDigest":"geen-hash""#,
            #","personalDigest":null,"answerDue":"2027-04-14","owner":"team Wonen","amount":125000"#,
            #","channel":"post","theme":"verkeer","publicName":"Bewonersvereniging Zuid","early":true"#,
            #","parent":"BRIEF-0","route":"college""#,
        ])
    func sameRecord(data: String) throws {
        let read = try Self.both(data)
        #expect(read.replayed == read.made)
        #expect(read.replayed?.personalDigest == read.made.personalDigest)
        #expect(read.recorded == TestSupport.instant("2027-03-18T08:00:02Z"))
    }

    @Test("a line the one-pass reader declines is read the general way, as its event")
    func declinedLineIsAnEvent() throws {
        // `data` before `type`: the one-pass reader leaves it to the general one.
        let line =
            #"{"v":1,"seq":7,"at":"2027-03-18T08:00:00Z","actor":{"role":"griffie"},"process":"BRIEF","data":{"input":"BRIEF-1","kind":"brief","text":"T","received":"2027-03-17","state":"ingekomen","late":false,"outOfScope":false,"needsFeedback":true},"type":"inputReceived""#
        let body = Array(line.utf8)[...]
        guard case .event(let event) = try EventCoding.decodeForReplay(body: body) else {
            Issue.record("een afwijkende regel werd toch als record gelezen")
            return
        }
        #expect(event == (try EventCoding.decodeGenerally(body: body)))
    }
}

@Suite("EventCoding.PayloadWriter")
struct PayloadWriterTests {
    @Test("events that differ in any one header field each get their own header; equal ones share it")
    func headerPerEvent() {
        let base = Event(
            at: Date(timeIntervalSince1970: 1_800_000_000), actor: ActorIdentity(role: "projectleider", name: "P"), process: "P-1",
            payload: .planAttached(PlanAttached(digest: "ab", complete: true)), recorded: Date(timeIntervalSince1970: 1_800_000_005),
            account: "piet")
        var changes: [(String, (inout Event) -> Void)] = [
            ("gelijk", { _ in }),
            ("at", { $0.at += 1 }),
            ("actor", { $0.actor = ActorIdentity(role: "projectleider", name: "Q") }),
            ("rol", { $0.actor = ActorIdentity(role: "college", name: "P") }),
            ("process", { $0.process = "P-2" }),
            ("recorded", { $0.recorded = nil }),
            ("account", { $0.account = "klaas" }),
            ("geen account", { $0.account = nil }),
        ]
        // Each change right after the unchanged event and before it again, through one writer (as
        // one command's events go): each line differs from the one before in one field only.
        changes = changes.flatMap { [$0, changes[0]] }
        var writer = EventCoding.PayloadWriter()
        for (name, change) in changes {
            var event = base
            change(&event)
            var line: [UInt8] = []
            writer.append(&event, to: &line)
            #expect(line == EventCoding.encode(event), "\(name)")
        }
    }
}
