import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// After every step: the store reopened every way a command may read it, the long-lived
/// writers, `verify` and the files on disk, each held to the model.
extension StoreTrialRun {
    /// One way to open the store.
    struct Reading: CustomStringConvertible {
        var access: StoreAccess
        var path: ParticipationStore.ReadPath
        var label: String

        var description: String {
            "\(access == .readWrite ? "schrijvend" : "lezend"), \(path.useSnapshot ? "vanaf de snapshot" : "vanaf regel 1"), \(label)"
        }
    }

    /// The ways to open the store after a step: writing (the exclusive lock, tidying) and
    /// reading (a shared lock, nothing changed); from the snapshot and from line 1; each on
    /// one thread, on three with batches of 1, a small size (read in small pieces) and the one
    /// in use (read in pieces of 4 MiB), and with the writers' own tuning (which reads some
    /// segments on one thread and some on three, in the seed's pieces).
    ///
    /// With ``StoreTrialProfile/allReadingsEveryStep`` every combination after every step.
    /// Otherwise three a step: reading from line 1, reading from the snapshot, and writing
    /// from the one or the other in turn, each with another scan every step, so that every
    /// combination comes round within ten steps (a debug build decodes a journal slowly, and
    /// `swift test` runs hundreds of seeds).
    func readings(step: Int) -> [Reading] {
        var journals: [(Journal.Tuning, String)] = []
        func add(threshold: Int, batch: Int, chunk: Int, _ label: String) {
            var journal = tuning
            journal.pipelineThreshold = threshold
            journal.batchSize = batch
            journal.chunkSize = chunk
            if !journals.contains(where: { $0.0 == journal }) { journals.append((journal, label)) }
        }
        add(threshold: Int.max, batch: tuning.batchSize, chunk: tuning.chunkSize, "één draad")
        add(threshold: 0, batch: 1, chunk: tuning.chunkSize, "drie draden, partijen van 1")
        add(threshold: 0, batch: smallBatch, chunk: smallChunk, "drie draden, partijen van \(smallBatch), stukken van \(smallChunk) B")
        add(
            threshold: 0, batch: tuning.batchSize, chunk: Journal.defaultChunkSize,
            "drie draden, partijen van \(tuning.batchSize), stukken van 4 MiB")
        add(threshold: tuning.pipelineThreshold, batch: tuning.batchSize, chunk: tuning.chunkSize, "zoals de schrijvers")
        // The plainest way first (reading, from line 1, one thread): the others are compared with it.
        var result: [Reading] = []
        func add(_ access: StoreAccess, snapshot: Bool, _ chosen: [(Journal.Tuning, String)]) {
            for (journal, label) in chosen {
                let path = ParticipationStore.ReadPath(useSnapshot: snapshot, journal: journal, snapshotInterval: snapshotInterval)
                result.append(Reading(access: access, path: path, label: label))
            }
        }
        if profile.allReadingsEveryStep {
            for (access, snapshot) in [(StoreAccess.readOnly, false), (.readOnly, true), (.readWrite, false), (.readWrite, true)] {
                add(access, snapshot: snapshot, journals)
            }
        } else {
            let count = journals.count
            add(.readOnly, snapshot: false, [journals[step % count]])
            add(.readOnly, snapshot: true, [journals[(step + 1) % count]])
            add(.readWrite, snapshot: step % 2 == 0, [journals[(step / 2 + 2) % count]])
        }
        return result
    }

    /// Everything that must hold after a step; empty when it all does.
    func check() -> [String] {
        var problems: [String] = []
        let layout = JournalLayout.read(store + "/journal")
        problems += layout.problems(segmentLimit: tuning.segmentLimit, lines: model.lines)
        figures.mostSegments = max(figures.mostSegments, layout.segments.count)
        problems += leftoverFiles()
        var reference: (reading: Reading, processes: [ProcessState])?
        for reading in readings(step: step) {
            figures.reopenings += 1
            if reading.path.journal.pipelineThreshold <= layout.largestSegment { figures.pipelinedReadings += 1 }
            let opened: ParticipationStore
            do {
                opened = try ParticipationStore(path: store, calendar: .netherlands, access: reading.access, reading: reading.path)
            } catch {
                problems.append("\(reading): gaat niet open: \(error)")
                continue
            }
            var found = compare(opened)
            if let note = opened.recoveryNote { found.append("meldt een herstel: \(note)") }
            found += snapshotUse(opened, reading: reading)
            if let reference, reference.processes != opened.processes {
                found.append("anders dan \(reference.reading): " + Self.difference(reference.processes, opened.processes))
            }
            reference = reference ?? (reading, opened.processes)
            problems += found.map { "\(reading): \($0)" }
            // A reading opening that replayed enough leaves a snapshot at the head it read.
            if opened.leftSnapshot {
                figures.snapshotsLeftByReaders += 1
                snapshotWrittenAt = opened.head.seq
                observeSnapshot()
            }
            if problems.count > 40 { return problems }
        }
        // The writers that have read everything: their own state, after catching up.
        for (index, writer) in writers.enumerated() {
            guard let writer else { continue }
            if writer.head.seq > model.lines { problems.append("schrijver \(index + 1) staat op regel \(writer.head.seq), na het einde") }
            guard writer.head.seq == model.lines else { continue }
            figures.reopenings += 1
            problems += compare(writer).map { "schrijver \(index + 1) (ingehaald): \($0)" }
            if let reference, reference.processes != writer.processes {
                problems.append(
                    "schrijver \(index + 1): anders dan \(reference.reading): " + Self.difference(reference.processes, writer.processes))
            }
        }
        problems += checkVerify()
        return problems
    }

    /// What `verify` says: intact, opening as every command does to the model's last line,
    /// from the snapshot when there is a usable one.
    func checkVerify() -> [String] {
        figures.reopenings += 1
        // With the writers' tuning: a small journal is also replayed in stages.
        let report = ParticipationStore.verify(at: store, tuning: tuning)
        var problems: [String] = []
        if !report.isIntact { problems.append("verify: niet in orde: \(report)") }
        if let problem = report.problem { problems.append("verify: \(problem)") }
        if report.head.seq != model.lines { problems.append("verify: laatste regel \(report.head.seq), verwacht \(model.lines)") }
        if report.tornBytes != 0 || !report.setAside.isEmpty { problems.append("verify: afgebroken opdracht gemeld") }
        if report.personalLinesWithoutJournal != 0 {
            problems.append("verify: \(report.personalLinesWithoutJournal) regels in personal.jsonl zonder journaalregel")
        }
        let allowed: [UInt64?]?
        switch snapshot {
        case .none, .damaged: allowed = [nil]
        case .intact(let seq): allowed = [seq > 0 ? seq : nil]
        case .unknown: allowed = nil
        }
        switch report.opening {
        case .matches(let seq, let fromSnapshot)?:
            if seq != model.lines || allowed?.contains(fromSnapshot) == false {
                problems.append(
                    "verify: opent tot regel \(seq) vanaf snapshotregel \(fromSnapshot.map(String.init) ?? "geen"); "
                        + "verwacht \(model.lines) vanaf \((allowed ?? []).map { $0.map(String.init) ?? "geen" }.joined(separator: " of "))"
                )
            }
        case let other:
            problems.append("verify: opening \(String(describing: other))")
        }
        switch (snapshot, report.snapshot) {
        case (.none, nil), (.damaged, .ignored?), (.unknown, nil), (.unknown, .ignored?), (.unknown, .matches?): break
        case (.intact(let seq), .matches(let found)?) where found == seq: break
        case (let truth, let found):
            problems.append("verify: snapshot \(String(describing: found)), terwijl de proef \(truth) verwacht")
        }
        return problems
    }

    /// Whether an opening read from the snapshot exactly when it should.
    func snapshotUse(_ opened: ParticipationStore, reading: Reading) -> [String] {
        let used = opened.snapshotSeq
        guard reading.path.useSnapshot else { return used == 0 ? [] : ["las de snapshot (regel \(used)) terwijl dat niet mocht"] }
        switch snapshot {
        case .none:
            return used == 0 ? [] : ["las een snapshot (regel \(used)) die er niet is"]
        case .intact(let seq):
            return used == seq ? [] : ["begon bij regel \(used) in plaats van bij de snapshot op regel \(seq)"]
        case .damaged:
            return used == 0 ? [] : ["begon bij regel \(used) uit een beschadigde snapshot"]
        case .unknown:
            return []
        }
    }

    /// Files in the store that no command should leave: temporary files, cut-off commands.
    func leftoverFiles() -> [String] {
        let expected: Set<String> = ["journal", "definitions", "snapshot.bin", "personal.jsonl", "store.lock"]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []
        let journal = (try? FileManager.default.contentsOfDirectory(atPath: store + "/journal")) ?? []
        return names.filter { !expected.contains($0) }.map { "onverwacht bestand \($0) in de opslag" }
            + journal.filter { !($0.hasSuffix(".jsonl") && $0.utf8.count == 12) }.map { "onverwacht bestand journal/\($0)" }
    }

    /// Every process, every input and every writer's contact details, held to the model.
    func compare(_ store: ParticipationStore) -> [String] {
        var problems: [String] = []
        if store.head.seq != model.lines { problems.append("laatste regel \(store.head.seq), het model heeft er \(model.lines)") }
        let found = store.processes.map(\.id.rawValue)
        let expected = model.processes.keys.sorted()
        if found != expected { problems.append("processen \(found), verwacht \(expected)") }
        if store.access == .readWrite, store.personalLinesNotJournaled() != 0 {
            problems.append("\(store.personalLinesNotJournaled()) regels in personal.jsonl horen bij geen journaalregel")
        }
        for (id, truth) in model.processes.sorted(by: { $0.key < $1.key }) {
            guard let state = store.process(ProcessID(id)) else { continue }
            problems += compare(state, truth).map { "\(id): \($0)" }
            // The answer terms `deadlines` lists of a process with nothing open come from the
            // snapshot's summary; they agree with the records.
            if let engine = try? store.engine(for: state) {
                let listed = DeadlinesReport(processes: [(state, engine)], today: today, within: 120, readingAll: false)
                if listed != DeadlinesReport(processes: [(state, engine)], today: today, within: 120, readingAll: true) {
                    problems.append("\(id): de termijnen wijken af van die uit de records")
                }
            }
            problems += compareContacts(store.personalDetails(process: ProcessID(id)), truth).map { "\(id): \($0)" }
            if problems.count > 20 { break }
        }
        return problems
    }

    func compare(_ state: ProcessState, _ truth: StoreTrialModel.Process) -> [String] {
        var problems: [String] = []
        func expect<T: Equatable>(_ found: T, _ wanted: T, _ what: String) {
            if found != wanted { problems.append("\(what) is \(found), verwacht \(wanted)") }
        }
        expect(state.current.rawValue, truth.underReview ? "terInzage" : "voorbereiding", "toestand")
        expect(state.documents.count, truth.documents, "documenten")
        expect(state.lastSeq, truth.lastLine, "laatste regel van het proces")
        expect(state.nextInputNumber, truth.nextNumber, "volgend nummer")
        // What `status` reads without the records (the inputs of a snapshot stay unread) agrees
        // with the records.
        expect(
            OwnerWorkload(state: state, today: today), OwnerWorkload(state: state, today: today, readingAll: true), "werkvoorraad")
        expect(state.overdueCount(on: today), state.inputs.filter { $0.isOverdue(on: today) }.count, "aantal over tijd")
        // What the gate names (from the summary too).
        expect(state.unansweredIDs, state.inputs.filter(\.isUnanswered).map(\.id), "kenmerken zonder antwoord")
        expect(state.unsentIDs, state.inputs.filter(\.isUnsent).map(\.id), "kenmerken niet verstuurd")
        expect(state.gateKinds, Set(state.inputs.filter(\.countsForGate).map(\.kind)), "soorten voor de poort")
        expect(state.redactedCount, truth.inputs.filter(\.erased).count, "aantal met verwijderde contactgegevens")
        expect(
            state.inputsKeepingDetails, truth.inputs.filter { $0.contact != nil && !$0.erased }.count, "aantal met bewaarde contactgegevens"
        )
        expect(state.inputs.count, truth.inputs.count, "aantal stuks inbreng")
        let live = truth.inputs.filter { !$0.withdrawn }
        expect(state.counts.total, truth.inputs.count, "telling totaal")
        expect(state.counts.withdrawn, truth.inputs.count - live.count, "telling ingetrokken")
        expect(state.counts.answered, live.filter { $0.verdict != nil }.count, "telling beantwoord")
        expect(state.counts.sent, live.filter { $0.sentOn != nil }.count, "telling verstuurd")
        for (record, input) in zip(state.inputs, truth.inputs) {
            let before = problems.count
            if !Self.sameBytes(record.id.rawValue, input.id) { problems.append("inbreng \(input.id) heet \(record.id)") }
            if !Self.sameBytes(record.text, input.text) {
                problems.append("tekst van \(input.id) is anders (\(record.text.utf8.count) B, verwacht \(input.text.utf8.count) B)")
            }
            expect(record.kind.rawValue, input.kind, "soort van \(input.id)")
            expect(record.received, input.received, "ontvangstdatum van \(input.id)")
            expect(record.feedback.count, input.answers, "antwoorden op \(input.id)")
            expect(record.currentFeedback?.verdict, input.verdict, "oordeel over \(input.id)")
            if let motivation = input.motivation, !Self.sameBytes(record.currentFeedback?.motivation ?? "", motivation) {
                problems.append("motivering bij \(input.id) is anders")
            }
            expect(record.sentOn, input.sentOn, "verzonden op van \(input.id)")
            expect(record.isWithdrawn, input.withdrawn, "ingetrokken van \(input.id)")
            expect(record.redaction != nil, input.erased, "verwijderd van \(input.id)")
            expect(record.personalDigest != nil, input.contact != nil, "digest van \(input.id)")
            if problems.count - before > 0, problems.count > 12 { break }
        }
        return problems
    }

    /// The details the store gives are exactly those of inputs that have them and were not erased.
    func compareContacts(_ found: [InputID: PersonalDetails], _ truth: StoreTrialModel.Process) -> [String] {
        var problems: [String] = []
        var expected = 0
        for input in truth.inputs {
            let details = found[InputID(input.id)]
            guard let contact = input.contact, !input.erased else {
                if details != nil {
                    problems.append("contactgegevens van \(input.id) zijn er\(input.erased ? " na verwijdering" : ""), verwacht geen")
                }
                continue
            }
            expected += 1
            guard let details else {
                problems.append("contactgegevens van \(input.id) ontbreken")
                continue
            }
            let same = [
                (details.name, contact.name), (details.address, contact.address), (details.email, contact.email),
                (details.phone, contact.phone),
            ]
            .allSatisfy { Self.sameBytes($0.0 ?? "", $0.1 ?? "") && ($0.0 == nil) == ($0.1 == nil) }
            if !same { problems.append("contactgegevens van \(input.id) zijn anders") }
        }
        if found.count != expected { problems.append("\(found.count) stuks inbreng met contactgegevens, verwacht \(expected)") }
        return problems
    }

    /// Where two readings of the processes first differ, in a line.
    static func difference(_ expected: [ProcessState], _ found: [ProcessState]) -> String {
        guard expected.map(\.id) == found.map(\.id) else { return "processen \(found.map(\.id)) in plaats van \(expected.map(\.id))" }
        for (a, b) in zip(expected, found) where a != b {
            if let index = a.inputs.indices.first(where: { $0 < b.inputs.count && a.inputs[$0] != b.inputs[$0] }) {
                return "\(a.id), inbreng \(a.inputs[index].id): " + difference(a.inputs[index], b.inputs[index])
            }
            let fields: [(String, Bool)] = [
                ("aantal stuks inbreng", a.inputs.count == b.inputs.count), ("titel", a.title == b.title),
                ("kenmerken", a.attributes == b.attributes), ("toestand", a.current == b.current), ("termijn", a.window == b.window),
                ("tellingen", a.counts == b.counts), ("documenten", a.documents == b.documents), ("overgangen", a.history == b.history),
                ("volgend nummer", a.nextInputNumber == b.nextInputNumber), ("laatste regel", a.lastSeq == b.lastSeq),
                ("start", a.startedAt == b.startedAt && a.startedBy == b.startedBy), ("data", a.entered == b.entered && a.left == b.left),
            ]
            let differing = fields.filter { !$0.1 }.map(\.0)
            return "\(a.id): \(differing.isEmpty ? "een ander veld" : differing.joined(separator: ", ")) anders"
        }
        return "gelijk"
    }

    /// The fields in which two records of one input differ.
    static func difference(_ a: InputRecord, _ b: InputRecord) -> String {
        func at(_ x: String, _ y: String) -> String {
            let offset = zip(x.utf8, y.utf8).prefix { $0.0 == $0.1 }.count
            return "vanaf byte \(offset) van \(x.utf8.count)"
        }
        let fields: [(String, Bool)] = [
            ("kenmerk (\(at(a.id.rawValue, b.id.rawValue)))", sameBytes(a.id.rawValue, b.id.rawValue)), ("soort", a.kind == b.kind),
            ("tekst (\(at(a.text, b.text)))", sameBytes(a.text, b.text)), ("ontvangen", a.received == b.received),
            ("geregistreerd", a.registeredAt == b.registeredAt && a.registeredBy == b.registeredBy),
            ("toestand bij ontvangst", a.stateAtReceipt == b.stateAtReceipt),
            ("vlaggen", a.late == b.late && a.outOfScope == b.outOfScope && a.needsFeedback == b.needsFeedback),
            ("antwoordtermijn", a.answerDue == b.answerDue), ("antwoorden", a.feedback == b.feedback), ("verzonden", a.sentOn == b.sentOn),
            ("kanaal, thema of naam", a.channel == b.channel && a.theme == b.theme && a.publicName == b.publicName),
            ("digest", a.personalDigest == b.personalDigest), ("intrekking", a.withdrawal == b.withdrawal),
            ("verwijdering", a.redaction == b.redaction),
        ]
        let differing = fields.filter { !$0.1 }.map(\.0)
        return (differing.isEmpty ? "een ander veld" : differing.joined(separator: ", ")) + " anders"
    }

    /// Byte for byte, not as Swift compares strings (canonically equal texts differ here).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                guard let left = x.baseAddress, let right = y.baseAddress else { return true }
                return memcmp(left, right, x.count) == 0
            }
        }
    }
}

/// The segments of a journal as files: how many lines each has, whether each ends on a whole
/// command, and whether each stays within the segment limit.
struct JournalLayout {
    struct Segment {
        var bytes: Int
        var lines: Int
        var commands: Int
        var endsOnCommand: Bool
    }

    var segments: [Segment] = []
    var bytes: Int { segments.reduce(0) { $0 + $1.bytes } }
    var largestSegment: Int { segments.map(\.bytes).max() ?? 0 }

    static func read(_ journal: String) -> JournalLayout {
        var layout = JournalLayout()
        var number = 1
        while let data = FileManager.default.contents(atPath: JournalSurgery.segmentPath(journal, number)) {
            var segment = Segment(bytes: data.count, lines: 0, commands: 0, endsOnCommand: true)
            data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                let bytes = buffer.bindMemory(to: UInt8.self)
                let more = Array(#","more":"#.utf8)
                var start = 0
                while start < bytes.count {
                    guard let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, bytes.count - start) else {
                        segment.endsOnCommand = false
                        break
                    }
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    // `"more":` comes right after the sequence number, within the first 40 bytes.
                    let head = UnsafeBufferPointer(rebasing: bytes[start..<min(end, start + 40)])
                    let continues =
                        head.count >= more.count
                        && (0...(head.count - more.count)).contains { offset in
                            more.indices.allSatisfy { head[offset + $0] == more[$0] }
                        }
                    segment.lines += 1
                    if !continues { segment.commands += 1 }
                    segment.endsOnCommand = !continues
                    start = end + 1
                }
            }
            layout.segments.append(segment)
            number += 1
        }
        return layout
    }

    /// Every segment ends on a whole command and stays within the limit, unless one command
    /// alone is larger; the lines add up.
    func problems(segmentLimit: UInt64, lines: UInt64) -> [String] {
        var problems: [String] = []
        for (index, segment) in segments.enumerated() {
            if !segment.endsOnCommand { problems.append("segment \(index + 1) eindigt midden in een opdracht") }
            if UInt64(segment.bytes) > segmentLimit, segment.commands > 1 {
                problems.append(
                    "segment \(index + 1) is \(segment.bytes) bytes met \(segment.commands) opdrachten; de grens is \(segmentLimit)")
            }
            if segment.bytes == 0 { problems.append("segment \(index + 1) is leeg") }
        }
        let total = segments.reduce(0) { $0 + $1.lines }
        if UInt64(total) != lines { problems.append("het journaal heeft \(total) regels, het model \(lines)") }
        return problems
    }
}
