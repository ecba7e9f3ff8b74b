import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A store of participation processes on disk: a directory with the hash-chained journal,
/// the workflow definitions by hash, a snapshot and the personal data kept apart.
///
/// ```
/// STORE/journal/000001.jsonl   append-only, one event per line, SHA-256 chained
/// STORE/definitions/HASH.json  every workflow file a process started on
/// STORE/snapshot.bin          all process states as of journal entry N
/// STORE/personal.jsonl         writers' contact details, not chained (AVG)
/// STORE/store.lock             exclusive lock while a command is written
/// ```
///
/// Every command runs under the lock: first the lines other processes appended are read,
/// then the command is decided on the fresh state, written with one write and one fsync,
/// and applied. A refused command writes nothing.
///
/// Erasing a writer's contact details (``Command/redactPersonalData(_:reason:)``) appends its
/// event first and then rewrites `personal.jsonl` without the record; opening the store (or
/// catching up on another writer's erasure) finishes an erasure that a crash interrupted.
public final class ParticipationStore {
    /// The directory of the store.
    public let path: String
    public let calendar: LegalCalendar
    /// Whether commands may be run (``StoreAccess/readWrite``) or the store is only read.
    public let access: StoreAccess
    /// Who writes, and whether the moments of their commands are real.
    public let session: StoreSession
    /// What the store knows about itself: exercise or not, beheerder, role grants, last moment.
    private(set) var facts = StoreFacts()
    /// The system clock, read under the lock for each line's `recorded`; tests put it back.
    package var recordingClock: @Sendable () -> Date = { Date() }
    private let journal: Journal
    private(set) var states: [ProcessID: ProcessState] = [:]
    private var engines = EngineCache()
    private var eventsSinceSnapshot = 0
    /// The journal line the last snapshot read or written stands at (0 when the store was
    /// read from line 1; the store trials check which openings used the snapshot).
    package private(set) var snapshotSeq: UInt64 = 0
    /// Whether the snapshot read is of an older format than the one written now: the next
    /// snapshot is then due at once, so a store reads fast again after an update.
    private var snapshotIsOlder = false
    /// What the store had to repair, in Dutch, if anything: a torn last command moved aside,
    /// when opening or when another process died while writing and this one caught up.
    public private(set) var recoveryNote: String?
    /// What the last erasure of contact details (``Command/redactPersonalData(_:reason:)``)
    /// run through this instance removed, and where.
    public private(set) var lastErasure: Erasure?
    /// From this many writers' details in one command on, they are written on a second thread.
    static let backgroundPersonalRecords = 64
    /// Write a snapshot after this many events since the last one.
    public var snapshotInterval = ParticipationStore.defaultSnapshotInterval
    /// The interval a store opens with.
    package static let defaultSnapshotInterval = 10_000
    /// Whether opening to read left a snapshot behind (see ``ReadPath/leavesSnapshot``).
    package private(set) var leftSnapshot = false

    /// Opens (or creates) the store in `path`.
    ///
    /// Reads the snapshot if there is one and replays the journal after it, verifying the
    /// hash chain. A torn last line is moved aside and reported in ``recoveryNote``; any
    /// other break refuses to open (run `participatie verify` to see the first bad entry).
    ///
    /// - Parameter access: ``StoreAccess/readWrite`` (the default) creates the store when it
    ///   is missing, makes its directory and files private (0700 and 0600), finishes an
    ///   interrupted erasure and removes what an interrupted command left behind.
    ///   ``StoreAccess/readOnly`` changes nothing on disk and works on a store the account
    ///   may only read; running a command on it is refused.
    /// - Throws: ``StoreError/io(_:)`` when a store to read does not exist, or one of its files
    ///   is a symbolic link or cannot be read; ``StoreError/journal(_:)`` when the journal is
    ///   damaged.
    /// - Parameter session: Who writes (every journal line names the account) and whether the
    ///   moments of commands are real or set (only in an exercise store).
    public convenience init(
        path: String, calendar: LegalCalendar = .netherlands, access: StoreAccess = .readWrite, session: StoreSession = .current
    ) throws(StoreError) {
        try self.init(path: path, calendar: calendar, access: access, session: session, reading: .standard)
    }

    /// Opens the store like ``init(path:calendar:access:session:)``, reading it the way
    /// `reading` says (the store trials and `verify` open every way a command may).
    package init(
        path: String, calendar: LegalCalendar, access: StoreAccess, session: StoreSession = .current, reading: ReadPath
    ) throws(StoreError) {
        self.path = path
        self.calendar = calendar
        self.access = access
        self.session = session
        if access == .readWrite {
            try StoreFiles.prepare(path)
        } else {
            guard FileIO.size(path + "/journal") != nil else { throw StoreError.io("Er is geen opslag in \(path).") }
        }
        try StoreFiles.refuseLinks(path)
        var snapshot = reading.useSnapshot ? Self.readSnapshot(at: path, calendar: calendar) : nil
        var loaded: [ProcessID: ProcessState] = [:]
        for state in snapshot?.processes ?? [] { loaded[state.id] = state }
        var replayed: [ProcessID: ProcessState] = loaded
        var facts = snapshot?.facts ?? StoreFacts()
        var engines = EngineCache()
        func open(from position: Journal.Position?) throws -> (Journal, Journal.Recovery?) {
            try Journal.open(
                directory: path + "/journal", lockFile: path + "/store.lock", from: position, access: access, tuning: reading.journal,
                prepare: Self.decode
            ) { line, event in
                try Self.replay(line, event, into: &replayed, facts: &facts, engines: &engines, storePath: path, calendar: calendar)
            }
        }
        let opened: (Journal, Journal.Recovery?)
        do {
            opened = try open(from: snapshot?.position)
        } catch let error as StoreError {
            throw error
        } catch let error as JournalError {
            guard snapshot != nil, case .broken = error else { throw StoreError(error) }
            // The snapshot may not fit the journal; fall back to a full replay once.
            snapshot = nil
            replayed = [:]
            facts = StoreFacts()
            engines = EngineCache()
            do { opened = try open(from: nil) } catch { throw StoreError(error) }
        } catch {
            throw StoreError(error)
        }
        self.journal = opened.0
        self.snapshotSeq = snapshot?.position.seq ?? 0
        self.snapshotIsOlder = snapshot.map { $0.format < Snapshot.version } ?? false
        self.eventsSinceSnapshot = Int(clamping: opened.0.head.seq - snapshotSeq)
        self.states = replayed
        self.facts = facts
        self.engines = engines
        self.recoveryNote = opened.1?.description
        self.snapshotInterval = reading.snapshotInterval
        if access == .readWrite { try tidy() }
        if access == .readOnly, reading.useSnapshot, reading.leavesSnapshot { leaveSnapshotIfDue() }
    }

    /// How a store is read when it is opened: the standard way, or another way every command
    /// might take (from line 1 instead of the snapshot, on one thread or two, small batches).
    package struct ReadPath: Hashable, Sendable {
        /// Start from `snapshot.bin` when it fits the journal.
        package var useSnapshot = true
        /// The journal's sizes (pipelining threshold, batch size, segment limit).
        package var journal = Journal.Tuning.standard

        /// Whether a reading opening that replayed as much as a writing command snapshots
        /// after leaves a snapshot (``ParticipationStore/leaveSnapshotIfDue()``); `verify` does not.
        package var leavesSnapshot = true
        /// The store's ``ParticipationStore/snapshotInterval`` from the start (the trials lower it).
        package var snapshotInterval = ParticipationStore.defaultSnapshotInterval

        package init(
            useSnapshot: Bool = true, journal: Journal.Tuning = .standard, leavesSnapshot: Bool = true,
            snapshotInterval: Int = ParticipationStore.defaultSnapshotInterval
        ) {
            self.useSnapshot = useSnapshot
            self.journal = journal
            self.leavesSnapshot = leavesSnapshot
            self.snapshotInterval = snapshotInterval
        }

        package static let standard = ReadPath()
    }

    /// Puts right, under the lock, what an interrupted command left behind: an erasure of
    /// contact details not yet finished, temporary files of an atomic rewrite, and contact
    /// details written for a command that never reached the journal.
    private func tidy() throws(StoreError) {
        let rewrite = personalRecordsLeftToErase() || personalFileHasExtraLines()
        let leftovers = StoreFiles.temporaryFiles(path)
        let tail = !rewrite && personalTailNeedsTrimming()
        guard rewrite || !leftovers.isEmpty || tail else { return }
        let outcome: (erased: Int, orphans: Int, removed: [String])
        do {
            outcome = try journal.withExclusiveLock { () throws -> (Int, Int, [String]) in
                try catchUp(trimming: false)
                let rewritten = rewrite ? try erasePersonalRecords() : (erased: 0, orphans: 0)
                let trimmed = try trimPersonalTail()
                return (rewritten.erased, rewritten.orphans + trimmed, StoreFiles.removeTemporaryFiles(path))
            }
        } catch {
            throw StoreError(error)
        }
        var notes: [String] = []
        if outcome.erased > 0 {
            notes.append(
                "De persoonsgegevens van \(outcome.erased == 1 ? "1 stuk inbreng zijn" : "\(outcome.erased) stuks inbreng zijn") alsnog "
                    + "verwijderd uit personal.jsonl. De verwijdering stond al in het journaal, maar was niet afgemaakt.")
        }
        if outcome.orphans > 0 {
            notes.append(
                "\(outcome.orphans == 1 ? "1 regel" : "\(outcome.orphans) regels") met contactgegevens van een opdracht die nooit in het "
                    + "journaal kwam (onderbroken of mislukt) \(outcome.orphans == 1 ? "is" : "zijn") verwijderd uit personal.jsonl.")
        }
        if !outcome.removed.isEmpty {
            notes.append(
                "Tijdelijke bestanden van een onderbroken opdracht verwijderd: \(Refusal.list(outcome.removed)).")
        }
        guard !notes.isEmpty else { return }
        let note = notes.joined(separator: "\n")
        recoveryNote = recoveryNote.map { $0 + "\n" + note } ?? note
    }

    // MARK: Reading

    /// Every process in the store, by id.
    public var processes: [ProcessState] { states.values.sorted { $0.id < $1.id } }

    /// One process.
    public func process(_ id: ProcessID) -> ProcessState? { states[id] }

    /// The error for a process that is not in this store, naming the first ten that are.
    public func notFound(_ id: ProcessID) -> StoreError {
        .processNotFound(id, store: path, known: Array(states.keys.sorted().prefix(10)))
    }

    /// The journal's last sequence number (0 for an empty store).
    var journalHeadSeq: UInt64 { journal.head.seq }

    /// The journal's last entry: its sequence number and hash (publish it to anchor the history).
    public var head: (seq: UInt64, hash: SHA256Digest) { (journal.head.seq, journal.head.hash) }

    /// What this store wrote to its journal since it was opened (commands, lines, bytes and
    /// the seconds spent writing them durably).
    package var journalStatistics: Journal.Statistics { journal.statistics }

    /// The engine for a process, with the definition it started on.
    public func engine(for process: ProcessState) throws(StoreError) -> ProcessEngine {
        try Self.engine(hash: process.definitionHash, cache: &engines, storePath: path, calendar: calendar)
    }

    // MARK: Definitions

    /// Keeps a workflow file in `definitions/` under its SHA-256 and returns that hash.
    ///
    /// - Throws: ``StoreError/refused(_:)`` (code ``Refusal/Code/invalidWorkflow``, one reason
    ///   per error) when ``WorkflowValidator`` finds errors in the file: no process may run on
    ///   it, so it is not kept. ``StoreError/io(_:)`` when it cannot be written.
    @discardableResult
    public func storeDefinition(_ file: WorkflowFile) throws(StoreError) -> String {
        if let refusal = Self.refusal(starting: WorkflowValidator.diagnostics(for: file), of: file.definition) {
            throw StoreError.refused(refusal)
        }
        let hash = SHA256.hash(file.bytes).hex
        let target = "\(path)/definitions/\(hash).json"
        if !FileManager.default.fileExists(atPath: target) {
            do { try AtomicFile.write(file.bytes, to: target) } catch {
                throw StoreError.io("Kan de werkstroom niet bewaren in \(target): \(error)")
            }
        }
        engines.insert(ProcessEngine(definition: file.definition, calendar: calendar), for: hash)
        return hash
    }

    /// Why no process may start on a definition: one reason per error the validator found
    /// (warnings do not stop a start), or `nil` when there is none.
    ///
    /// A workflow in which an input can reach the end without a decision (PK030, PK031), or
    /// that cannot run at all, would let the gate be walked around; `validate` refuses it, and
    /// so does a start.
    static func refusal(starting diagnostics: [Diagnostic], of definition: WorkflowDefinition) -> Refusal? {
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return nil }
        let count = errors.count == 1 ? "1 fout" : "\(errors.count) fouten"
        return Refusal(
            "Proces starten kan niet: werkstroom \(definition.id) \(definition.version) heeft \(count)",
            errors.map { error in
                var located = error
                if located.file == nil { located.file = "werkstroom \(definition.id)" }
                return Refusal.Reason(.invalidWorkflow, located.description, ids: [error.code.rawValue])
            })
    }

    // MARK: Commands

    /// Runs a command on a process: decides it on the latest state, writes its events with
    /// one write and one fsync, and applies them.
    ///
    /// Timed transitions that are due fire first, journaled as their own entry with actor
    /// `systeem`.
    ///
    /// - Parameters:
    ///   - personal: For `addInput`/`addInputs`: the writers' contact details, in the order of
    ///     the inputs (`nil` where there are none). They go to `personal.jsonl`; the journal
    ///     gets a digest only.
    /// - Returns: The events written for the command (not the timed ones before it).
    /// - Throws: ``StoreError/refused(_:)`` with every reason when the command is refused.
    @discardableResult
    public func execute(
        _ command: Command, on process: ProcessID, by actor: ActorIdentity, at now: Date,
        personal: [PersonalDetails?] = []
    ) throws(StoreError) -> [RecordedEvent] {
        let now = Timestamp.wholeSeconds(now)
        do {
            let result = try journal.withExclusiveLock { () throws -> [RecordedEvent] in
                try catchUp()
                // Who may act, and whether the clock may be set, before anything is written.
                _ = try prepareWrite(by: actor, at: now)
                if case .start = command {
                } else if states.index(forKey: process) != nil, command != .tick {
                    _ = try fireTimedTransitions(of: process, at: now)
                }
                return try decideAndAppend(command, on: process, by: actor, at: now, personal: personal)
            }
            snapshotIfDue()
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    /// Fires the timed transitions that are due, in every open process. Returns their events.
    @discardableResult
    public func tick(at now: Date) throws(StoreError) -> [RecordedEvent] {
        let now = Timestamp.wholeSeconds(now)
        do {
            let result = try journal.withExclusiveLock { () throws -> [RecordedEvent] in
                try catchUp()
                _ = try prepareWrite(by: .system, at: now)
                var all: [RecordedEvent] = []
                for id in states.keys.sorted() where states[id]?.isFinal == false {
                    all += try fireTimedTransitions(of: id, at: now)
                }
                return all
            }
            snapshotIfDue()
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    private func fireTimedTransitions(of process: ProcessID, at now: Date) throws -> [RecordedEvent] {
        do {
            return try decideAndAppend(.tick, on: process, by: .system, at: now, personal: [])
        } catch StoreError.refused {
            return []
        }
    }

    private func decideAndAppend(
        _ command: Command, on process: ProcessID, by actor: ActorIdentity, at now: Date, personal: [PersonalDetails?]
    ) throws -> [RecordedEvent] {
        let engine: ProcessEngine
        var command = command
        if case .start(let start) = command {
            engine = try Self.engine(hash: start.definitionHash, cache: &engines, storePath: path, calendar: calendar)
            // Also for a definition put in `definitions/` some other way than storeDefinition.
            if states.index(forKey: process) == nil,
                let refusal = Self.refusal(starting: WorkflowValidator.diagnostics(for: engine.definition), of: engine.definition)
            {
                throw StoreError.refused(refusal)
            }
        } else {
            guard let state = states[process] else {
                throw notFound(process)
            }
            engine = try self.engine(for: state)
        }
        // Personal details: a salted digest goes into the command, the details themselves go
        // to personal.jsonl (see PersonalWrite for why they are synced before the journal is written).
        var records: [(index: Int, record: PersonalRecord)] = []
        if !personal.isEmpty {
            command = try Self.attachDigests(personal, to: command, records: &records, process: process)
        }
        var personalWrite = PersonalWrite(storePath: path)
        defer { _ = personalWrite.wait() }
        // Each event is made in the place it is returned from, and filled in with its line once
        // written: an array of events beside it would copy every event (all its strings retained
        // and released again).
        var recorded: [RecordedEvent] = []
        let lines: [Journal.Line]
        do {
            // When every writer's input has its id given, the records are final before the command
            // is decided: writing and syncing them starts now, on the second thread, and runs while
            // the command is decided and its lines are made. A refused command takes them back below.
            if records.count >= Self.backgroundPersonalRecords, records.allSatisfy({ !$0.record.input.isEmpty }) {
                try personalWrite.start(records.map(\.record))
            }
            let payloads: [EventPayload]
            switch engine.decide(command, in: states[process], process: process, at: now, by: actor) {
            case .success(let decided): payloads = decided
            case .failure(let refusal): throw StoreError.refused(refusal)
            }
            guard !payloads.isEmpty else {
                personalWrite.takeBack()
                return []
            }
            let recordedAt = try prepareWrite(by: actor, at: now)
            if !records.isEmpty {
                // The ids the inputs got decide which record is whose; a write started with other
                // ids (never expected: a given id is kept) is taken back and done again.
                let ids = Self.registeredInputs(payloads)
                let written = personalWrite.records
                let same =
                    written.count == records.count
                    && records.indices.allSatisfy { records[$0].index < ids.count && written[$0].input == ids[records[$0].index].rawValue }
                if !same {
                    personalWrite.takeBack()
                    try personalWrite.start(Self.finalRecords(records, ids: ids))
                }
            }
            let first = journal.head.seq == 0 ? 1 : 0
            recorded.reserveCapacity(first + payloads.count)
            // The store's first line says whether it is an exercise store, and who its beheerder is.
            if first == 1 { recorded.append(RecordedEvent(seq: 0, hash: .zero, event: creationEvent(at: now, recorded: recordedAt))) }
            for payload in payloads {
                let event = Event(at: now, actor: actor, process: process, payload: payload, recorded: recordedAt, account: session.account)
                recorded.append(RecordedEvent(seq: 0, hash: .zero, event: event))
            }
            // The events are encoded straight into the buffer the journal writes (so the journal's
            // statistics include encoding, as the peers' journal time includes their JSON dumps).
            var writer = EventCoding.PayloadWriter()
            // Read where they lie, through a mutable buffer pointer: the array's subscript copied
            // each element first, and so did a borrowed one read through a buffer pointer.
            lines = try recorded.withUnsafeMutableBufferPointer { events throws(JournalError) in
                try journal.append(
                    count: events.count, reserving: events.count * 700,
                    beforeWrite: { () throws(JournalError) in
                        // The details are on disk before the first byte of a line that refers to them.
                        if let failure = personalWrite.wait() { throw JournalError.io(failure.description) }
                    }
                ) { index, buffer in
                    writer.append(&events[index].event, to: &buffer)
                }
            }
        } catch {
            // The details written for this command belong to no journal line: take them back
            // (a refusal, a full disk or a file-size limit must not leave them behind). Should that
            // fail too, the next command or opening trims them.
            personalWrite.takeBack()
            throw error
        }
        // Take the state out of the dictionary so it is uniquely referenced while it changes
        // (otherwise every command would copy every input).
        var current = states.removeValue(forKey: process)
        let day = CivilDate(amsterdam: now)
        for (index, line) in zip(recorded.indices, lines) {
            recorded[index].seq = line.seq
            recorded[index].hash = line.hash
        }
        // Each event is read where it lies (the array's subscript, binding it to a constant, or
        // passing it borrowed from a buffer pointer would copy it).
        recorded.withUnsafeMutableBufferPointer { events in
            for index in events.indices {
                facts.apply(&events[index].event)
                if events[index].event.isAboutStore { continue }
                engine.apply(&events[index].event, to: &current, on: day)
                current?.lastSeq = events[index].seq
            }
        }
        states[process] = current
        eventsSinceSnapshot += recorded.count
        let erased = recorded.contains(where: \.event.isRedaction)
        // What the store's own lines say is not returned: the caller asked about its process.
        recorded.removeAll(where: \.event.isAboutStore)
        if erased {
            // The journal has the erasure; now remove the record. Should this fail, opening the
            // store next time finishes it.
            do {
                let rewritten = try erasePersonalRecords()
                lastErasure = Erasure(
                    file: personalPath, linesRemoved: rewritten.erased, otherLinesRemoved: rewritten.orphans,
                    temporaryFilesRemoved: StoreFiles.removeTemporaryFiles(path))
            } catch {
                throw StoreError.io(
                    "De verwijdering staat in het journaal, maar personal.jsonl is nog niet herschreven (\(error)). "
                        + "Dat gebeurt alsnog bij de volgende opdracht op deze opslag.")
            }
        }
        return recorded
    }

    /// The ids of the inputs a command's events register, in order, without their points (the
    /// points of a letter follow it and have no writer of their own): the n-th is the n-th input
    /// of the command.
    static func registeredInputs(_ payloads: [EventPayload]) -> [InputID] {
        var ids: [InputID] = []
        ids.reserveCapacity(payloads.count)
        // Each payload looked at where it lies (see ``EventPayload/registeredInput``).
        payloads.withUnsafeBufferPointer { payloads in
            for index in payloads.indices { if let id = payloads[index].registeredInput { ids.append(id) } }
        }
        return ids
    }

    /// The writers' records with the ids their inputs got (``registeredInputs(_:)``).
    static func finalRecords(_ records: [(index: Int, record: PersonalRecord)], ids: [InputID]) -> [PersonalRecord] {
        records.map { item in
            var record = item.record
            if item.index < ids.count { record.input = ids[item.index].rawValue }
            return record
        }
    }

    /// Applies what other processes appended since we last looked, finishes any erasure of
    /// contact details among it, and reports a command that another process left cut off when
    /// it died.
    private func catchUp(trimming: Bool = true) throws {
        guard access == .readWrite else {
            throw StoreError.io("De opslag \(path) is geopend om alleen te lezen; er is niets geschreven.")
        }
        var erased = false
        let recovery = try journal.readNew(prepare: Self.decode) { line, event in
            if try Self.replay(line, event, into: &states, facts: &facts, engines: &engines, storePath: path, calendar: calendar) {
                erased = true
            }
            eventsSinceSnapshot += 1
        }
        if let recovery { recoveryNote = recovery.description }
        if erased { try erasePersonalRecords() }
        // Contact details of a command that another writer began but never journaled.
        if trimming, personalTailNeedsTrimming() { try trimPersonalTail() }
    }

    // MARK: Who and when

    /// Checks, under the lock and after catching up, that this session may write now, and
    /// returns the line's `recorded`: the system clock, never earlier than the last line's.
    ///
    /// - A clock that went back is refused (nothing written).
    /// - A set clock only in an exercise store (a new store written with a set clock becomes
    ///   one); in a real store the command's moment must be now.
    /// - Once roles are granted, acting in a role needs a grant to this session's account.
    ///   Nobody can act as `systeem`: the store fires timed transitions itself.
    private func prepareWrite(by actor: ActorIdentity, at now: Date) throws(StoreError) -> Date {
        let recorded = Timestamp.wholeSeconds(recordingClock())
        if let last = facts.lastRecorded, recorded < last {
            throw .clock(.wentBack(last: last, now: recorded))
        }
        let exercise = journal.head.seq == 0 ? session.clock == .set : facts.exercise
        if session.clock == .set, !exercise { throw .clock(.setInRealStore) }
        if !exercise, abs(now.timeIntervalSince(recorded)) > StoreSession.tolerance {
            throw .clock(.notNow(at: now, now: recorded))
        }
        if actor.role != .system, actor.role != Self.beheerder.role, !facts.grants.isEmpty,
            !(facts.grants[session.account]?.contains(actor.role) ?? false)
        {
            let held = (facts.grants[session.account] ?? []).sorted().map(\.rawValue)
            throw .refused(
                Refusal(
                    "Handelen als \(actor.role)", .roleNotGranted,
                    "Account \(session.account) heeft de rol \(actor.role) niet"
                        + (held.isEmpty ? "; dit account heeft geen rollen." : "; wel: \(held.joined(separator: ", ")).")
                        + " De beheerder (\(facts.administrator ?? "onbekend")) kan de rol toekennen.",
                    ids: [session.account, actor.role.rawValue]))
        }
        return recorded
    }

    /// The store's first line.
    private func creationEvent(at now: Date, recorded: Date) -> Event {
        Event(
            at: now, actor: Self.beheerder, process: Event.storeProcess,
            payload: .storeCreated(StoreCreated(exercise: session.clock == .set)), recorded: recorded, account: session.account)
    }

    /// Writes a role grant or revocation (with the store's first line before it, in an empty store).
    func changeRoles(_ payload: EventPayload, at now: Date) throws(StoreError) -> [RecordedEvent] {
        let now = Timestamp.wholeSeconds(now)
        do {
            let result = try journal.withExclusiveLock { () throws -> [RecordedEvent] in
                try catchUp()
                if let refusal = roleChangeRefusal(payload) { throw StoreError.refused(refusal) }
                let recordedAt = try prepareWrite(by: Self.beheerder, at: now)
                var events = [
                    Event(
                        at: now, actor: Self.beheerder, process: Event.storeProcess, payload: payload, recorded: recordedAt,
                        account: session.account)
                ]
                if journal.head.seq == 0 { events.insert(creationEvent(at: now, recorded: recordedAt), at: 0) }
                var writer = EventCoding.PayloadWriter()
                let lines = try journal.append(count: events.count, reserving: events.count * 300) { index, buffer in
                    writer.append(&events[index], to: &buffer)
                }
                for index in events.indices { facts.apply(&events[index]) }
                eventsSinceSnapshot += events.count
                return zip(events, lines).map { RecordedEvent(seq: $1.seq, hash: $1.hash, event: $0) }.filter {
                    if case .storeCreated = $0.event.payload { false } else { true }
                }
            }
            snapshotIfDue()
            return result
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error)
        }
    }

    // MARK: Replay

    /// The event on a journal line with the Amsterdam day it happened on (this may run on
    /// the journal's second thread while earlier lines are applied).
    @Sendable
    static func decode(_ line: Journal.Line) throws -> ReplayLine {
        let decoded: EventLineDecoder.DecodedLine
        do {
            decoded = try EventCoding.decodeForReplay(body: line.body)
        } catch {
            throw StoreError.integrity(seq: line.seq, "Journaalregel \(line.seq) is geen geldige gebeurtenis: \(error)")
        }
        switch decoded {
        case .event(let event): return .event(event, day: Self.amsterdamDay(of: event.at))
        case .input(let record, let process, let recorded): return .input(record, process: process, recorded: recorded)
        }
    }

    /// A journal line as ``decode(_:)`` prepares it for ``replay(_:_:into:facts:engines:storePath:calendar:)``,
    /// on the reading thread: an input straight as its record (the commonest line; no
    /// ``Event`` is made and taken apart again), any other line as its event and the Amsterdam
    /// day of its moment.
    enum ReplayLine: Sendable {
        case event(Event, day: CivilDate)
        /// An `inputReceived` line: the record it registers, its process and when it was written.
        case input(InputRecord, process: ProcessID, recorded: Date?)
    }

    /// Applies one journal line, prepared by ``decode(_:)``. Returns whether it erased contact details.
    @discardableResult
    static func replay(
        _ line: Journal.Line, _ decoded: consuming ReplayLine, into states: inout [ProcessID: ProcessState], facts: inout StoreFacts,
        engines: inout EngineCache, storePath: String, calendar: LegalCalendar
    ) throws -> Bool {
        // Taken apart, not copied: the record moves on into the process's list.
        switch consume decoded {
        case .event(var event, let day):
            return try replay(
                line, &event, day: day, into: &states, facts: &facts, engines: &engines, storePath: storePath, calendar: calendar)
        case .input(let record, let process, let recorded):
            facts.noteRecorded(recorded)
            guard let slot = states.index(forKey: process) else { throw notStarted(line, process) }
            try receive(consume record, recorded: recorded, seq: line.seq, to: &states.values[slot]) { hash throws(StoreError) in
                try engine(for: line, hash: hash, cache: &engines, storePath: storePath, calendar: calendar)
            }
            return false
        }
    }

    private static func replay(
        _ line: Journal.Line, _ event: inout Event, day: CivilDate, into states: inout [ProcessID: ProcessState],
        facts: inout StoreFacts, engines: inout EngineCache, storePath: String, calendar: LegalCalendar
    ) throws -> Bool {
        facts.apply(&event)
        if event.isAboutStore { return false }
        if case .processStarted(let started) = event.payload {
            _ = try engine(for: line, hash: started.definitionHash, cache: &engines, storePath: storePath, calendar: calendar)
            var state = ProcessState(id: event.process, started: started, at: event.at, by: event.actor)
            state.noteClock(of: event)
            state.lastSeq = line.seq
            states[event.process] = state
        } else {
            guard let slot = states.index(forKey: event.process) else { throw notStarted(line, event.process) }
            // Through `&states.values[slot]` the state is changed in place, never copied (reading
            // `states.values[slot].definitionHash` would copy the whole state first).
            try apply(&event, day: day, seq: line.seq, to: &states.values[slot]) { hash throws(StoreError) in
                try engine(for: line, hash: hash, cache: &engines, storePath: storePath, calendar: calendar)
            }
        }
        return event.isRedaction
    }

    private static func receive(
        _ record: consuming InputRecord, recorded: Date?, seq: UInt64, to state: inout ProcessState,
        engine: (String) throws(StoreError) -> ProcessEngine
    ) throws(StoreError) {
        try engine(state.definitionHash).applyReceived(record, recorded: recorded, to: &state)
        state.lastSeq = seq
    }

    private static func notStarted(_ line: Journal.Line, _ process: ProcessID) -> StoreError {
        .integrity(seq: line.seq, "Journaalregel \(line.seq) hoort bij proces \(process), dat niet gestart is.")
    }

    private static func apply(
        _ event: inout Event, day: CivilDate, seq: UInt64, to state: inout ProcessState,
        engine: (String) throws(StoreError) -> ProcessEngine
    ) throws(StoreError) {
        try engine(state.definitionHash).apply(&event, to: &state, on: day)
        state.lastSeq = seq
    }

    /// The Amsterdam day of a moment; the last answer is kept, because the events of one
    /// command share their moment.
    private static func amsterdamDay(of moment: Date) -> CivilDate {
        lastDay.withLock { last in
            if let last = last, last.moment == moment { return last.day }
            let day = CivilDate(amsterdam: moment)
            last = (moment, day)
            return day
        }
    }

    private static let lastDay = Mutex<(moment: Date, day: CivilDate)?>(nil)

    /// The engine for a journal line, with the line named when its definition is missing or changed.
    private static func engine(
        for line: Journal.Line, hash: String, cache: inout EngineCache, storePath: String, calendar: LegalCalendar
    ) throws(StoreError) -> ProcessEngine {
        do {
            return try engine(hash: hash, cache: &cache, storePath: storePath, calendar: calendar)
        } catch {
            throw StoreError.integrity(seq: line.seq, "Journaalregel \(line.seq): \(error)")
        }
    }

    static func engine(
        hash: String, cache: inout EngineCache, storePath: String, calendar: LegalCalendar
    ) throws(StoreError) -> ProcessEngine {
        if let engine = cache.engine(hash) { return engine }
        let file = "\(storePath)/definitions/\(hash).json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw StoreError.integrity(seq: nil, "De werkstroom \(hash) ontbreekt in \(storePath)/definitions/.")
        }
        let bytes = [UInt8](data)
        guard SHA256.hash(bytes).hex == hash else {
            throw StoreError.integrity(seq: nil, "De werkstroom in \(file) is veranderd: de hash klopt niet meer.")
        }
        let definition: WorkflowDefinition
        do {
            definition = try WorkflowDefinition(jsonBytes: bytes, file: file)
        } catch {
            throw StoreError.integrity(seq: nil, "De werkstroom in \(file) is niet leesbaar:\n\(error)")
        }
        let engine = ProcessEngine(definition: definition, calendar: calendar)
        cache.insert(engine, for: hash)
        return engine
    }

    // MARK: Snapshots

    /// The snapshot of the store in `path`, its head read now and each process's inputs when
    /// first asked for (``Snapshot/read(_:inputsFromJournal:)``); inputs whose part of the
    /// snapshot turns out damaged then come from the journal.
    static func readSnapshot(at path: String, calendar: LegalCalendar) -> Snapshot? {
        Snapshot.read(path + "/" + Snapshot.fileName) { process, position in
            inputsFromJournal(path: path, process: process, through: position, calendar: calendar)
        }
    }

    /// The inputs of `process` as of `position`, from the journal replayed from its first line
    /// up to there; `nil` when the journal does not reach `position` whole. It is read the way
    /// `verify` reads it, without the lock (the opening store may hold it): the lines up to
    /// `position` were whole when the snapshot was written and are never changed.
    static func inputsFromJournal(
        path: String, process: ProcessID, through position: Journal.Position, calendar: LegalCalendar
    ) -> [InputRecord]? {
        var states: [ProcessID: ProcessState] = [:]
        var facts = StoreFacts()
        var engines = EngineCache()
        var found: [InputRecord]?
        _ = Journal.verify(directory: path + "/journal", anchor: nil) { line, at in
            guard line.seq <= position.seq else { return }
            try replay(line, try decode(line), into: &states, facts: &facts, engines: &engines, storePath: path, calendar: calendar)
            if let at, at == position { found = states[process]?.inputs }
        }
        return found
    }

    /// Where the snapshot in a store stands in the journal, if it has a readable one (for the
    /// crash trials, which must not cut off what a snapshot already holds).
    package static func snapshotPosition(at path: String) -> Journal.Position? {
        Snapshot.read(path + "/" + Snapshot.fileName) { _, _ in nil }?.position
    }

    /// Writes a snapshot when one is due: after ``snapshotInterval`` events, and never before a
    /// quarter of the journal has been added since the last one, so that writing snapshots
    /// costs a bounded share of the work however large a process grows. The command before it
    /// is already written and acknowledged, so a snapshot that cannot be written is left for
    /// the next command: the journal is whole without it.
    private func snapshotIfDue() {
        if snapshotIsDue { try? writeSnapshot() }
    }

    /// After as many events as the interval (or a quarter of the journal, for a large store),
    /// or at once when the snapshot read is of an older format.
    private var snapshotIsDue: Bool {
        eventsSinceSnapshot >= max(snapshotInterval, Int(clamping: snapshotSeq / 4)) || snapshotIsOlder
    }

    /// Leaves a snapshot after opening to read, when a writing command would have written one
    /// by now: otherwise every `status` replays the same journal again until some writing
    /// command happens to leave one.
    ///
    /// Only the account that owns the store does this (a raadslid with read access leaves
    /// nothing), only when no line was added since this opening read the journal, and under
    /// the shared lock, which keeps writers out for the moment it takes; the file is replaced
    /// atomically. A snapshot that cannot be written is simply not there: the reading command
    /// goes on as if it had not tried; in a folder it may not write to (a store kept on a
    /// read-only disk) it does not even make one.
    private func leaveSnapshotIfDue() {
        guard snapshotIsDue, StoreFiles.isOwnedByThisAccount(path), StoreFiles.isWritable(path) else { return }
        leftSnapshot =
            (try? journal.withExclusiveLock { () throws -> Bool in
                guard journal.hasNothingNew() else { return false }
                let snapshot = Snapshot(position: journal.head, processes: processes, facts: facts)
                try AtomicFile.write(snapshot.encoded(), to: path + "/" + Snapshot.fileName)
                return true
            }) ?? false
    }

    /// Writes the state of every process as of the journal's head, so the next open replays
    /// only what comes after.
    public func writeSnapshot() throws(StoreError) {
        guard access == .readWrite else { throw StoreError.io("De opslag \(path) is geopend om alleen te lezen.") }
        let snapshot = Snapshot(position: journal.head, processes: processes, facts: facts)
        do {
            try AtomicFile.write(snapshot.encoded(), to: path + "/" + Snapshot.fileName)
            eventsSinceSnapshot = 0
            snapshotSeq = journal.head.seq
            snapshotIsOlder = false
        } catch {
            throw StoreError.io("Kan de snapshot niet schrijven: \(error)")
        }
    }
}

/// The engines of a store by definition hash, with the last one found kept apart: replaying
/// asks for the same engine for every event, and comparing the hash string it came from is
/// cheaper than hashing 64 characters again.
struct EngineCache {
    private var byHash: [String: ProcessEngine] = [:]
    private var last: (hash: String, engine: ProcessEngine)?

    mutating func engine(_ hash: String) -> ProcessEngine? {
        if let last, last.hash == hash { return last.engine }
        guard let engine = byHash[hash] else { return nil }
        last = (hash, engine)
        return engine
    }

    mutating func insert(_ engine: ProcessEngine, for hash: String) {
        byHash[hash] = engine
        last = (hash, engine)
    }
}

/// What an erasure of contact details removed from the store's files, and where it looked.
///
/// The journal and the snapshot never hold contact details (only a salted digest), so an
/// erasure only has to look in `personal.jsonl` and in temporary copies of it.
public struct Erasure: Hashable, Sendable {
    /// The file with the writers' contact details.
    public var file: String
    /// Lines of the erased input removed from it (0 when none was there any more).
    public var linesRemoved: Int
    /// Other lines removed in the same rewrite: details of commands that never reached the
    /// journal, and half-written lines.
    public var otherLinesRemoved: Int
    /// Temporary files of interrupted rewrites removed, relative to the store.
    public var temporaryFilesRemoved: [String]
}

/// Whether a store is opened to run commands or only to read it.
public enum StoreAccess: Hashable, Sendable {
    /// Commands may be run; the store is created when missing and kept private and tidy.
    case readWrite
    /// Nothing on disk is created or changed, and a shared lock is enough: for the reading
    /// commands (status, list, reports, deadlines, verify), also on a store the account may
    /// only read, such as a read-only mount.
    case readOnly
}

/// A store holds a file handle and caches; use it from one task at a time.
@available(*, unavailable)
extension ParticipationStore: Sendable {}

/// What went wrong in a store.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command was refused by a rule; nothing was written.
    case refused(Refusal)
    /// The process does not exist in the store (`known`: the first few that do).
    case processNotFound(ProcessID, store: String, known: [ProcessID])
    /// The journal cannot be read or written, is damaged or changed (the first bad line), or
    /// was written by a newer version.
    case journal(JournalError)
    /// A journal line chains correctly but cannot be used (it is no valid event, names a
    /// process that never started, or its workflow definition is missing or changed); `seq`
    /// is that line, `nil` when the problem is not about one line.
    case integrity(seq: UInt64?, String)
    /// A file of the store cannot be read or written, or the store cannot be used as it is
    /// (missing, a symbolic link, opened to read only).
    case io(String)
    /// The clock stands in the way: it went back, or it is set where it may not be.
    case clock(ClockProblem)

    init(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
        } else if let error = error as? JournalError {
            self = .journal(error)
        } else {
            self = .io("\(error)")
        }
    }

    public var description: String {
        switch self {
        case .refused(let refusal): refusal.description
        case .processNotFound(let process, let store, let known):
            "Proces \(process) bestaat niet in \(store)."
                + (known.isEmpty ? "" : " Processen: \(known.map(\.rawValue).joined(separator: ", ")).")
        case .journal(let error): error.description
        case .integrity(_, let message), .io(let message): message
        case .clock(let problem): problem.description
        }
    }
}
