import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// A model-based trial of the store: seeded random sequences of commands (1 to 60,000 lines,
/// texts of 100 B to 100 KB), with the snapshot written, deleted, put back stale or damaged,
/// segments rolling over and a second writer interleaving. After every step the store is
/// reopened every way a command may read it and compared with ``StoreTrialModel``.
///
/// Everything is drawn from the seed, so a failure is replayed by running its seed again.
public enum StoreTrial: Sendable {
    /// Runs one seed in a fresh store under `directory` (made if missing). The store is
    /// removed when the seed passes and kept when it fails.
    public static func run(seed: UInt64, profile: StoreTrialProfile, directory: String) -> StoreTrialResult {
        let store = directory + "/zaad-\(seed)"
        try? FileManager.default.removeItem(atPath: store)
        try? FileManager.default.removeItem(atPath: StoreTrialRun.traceFile(store))
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let trial = StoreTrialRun(seed: seed, profile: profile, store: store)
        let failure = trial.run()
        if failure == nil {
            try? FileManager.default.removeItem(atPath: store)
            try? FileManager.default.removeItem(atPath: StoreTrialRun.traceFile(store))
        }
        var figures = trial.figures
        figures.seeds = 1
        figures.failures = failure == nil ? 0 : 1
        return StoreTrialResult(figures: figures, failure: failure)
    }
}

/// What one or more seeds did.
public struct StoreTrialFigures: Hashable, Sendable {
    public var seeds = 0
    public var steps = 0
    /// Commands run, accepted or not.
    public var commands = 0
    public var acceptedCommands = 0
    /// Refusals the model predicted and the store gave (an unknown process included).
    public var refusalsPredicted = 0
    /// Journal lines written.
    public var lines: UInt64 = 0
    /// Bytes in the journals at the end of each seed, together.
    public var journalBytes: UInt64 = 0
    /// The largest command, in lines.
    public var largestCommand = 0
    /// Stores opened and compared with the model (every read path, the writers and `verify`).
    public var reopenings = 0
    /// Of those, openings with a segment at least as large as their pipelining threshold
    /// (one that started after it, from the snapshot, may have read it on one thread).
    public var pipelinedReadings = 0
    /// The most segments one store had.
    public var mostSegments = 0
    public var secondWriterCommands = 0
    /// Commands by a writer that first had to read lines another writer appended.
    public var catchUps = 0
    public var snapshotsWritten = 0
    /// Snapshots left by an opening that only read.
    public var snapshotsLeftByReaders = 0
    public var snapshotsDeleted = 0
    public var staleSnapshots = 0
    public var damagedSnapshots = 0
    public var writersReopened = 0
    public var failures = 0

    public init() {}

    public mutating func add(_ other: StoreTrialFigures) {
        seeds += other.seeds
        steps += other.steps
        commands += other.commands
        acceptedCommands += other.acceptedCommands
        refusalsPredicted += other.refusalsPredicted
        lines += other.lines
        journalBytes += other.journalBytes
        largestCommand = max(largestCommand, other.largestCommand)
        reopenings += other.reopenings
        pipelinedReadings += other.pipelinedReadings
        mostSegments = max(mostSegments, other.mostSegments)
        secondWriterCommands += other.secondWriterCommands
        catchUps += other.catchUps
        snapshotsWritten += other.snapshotsWritten
        snapshotsLeftByReaders += other.snapshotsLeftByReaders
        snapshotsDeleted += other.snapshotsDeleted
        staleSnapshots += other.staleSnapshots
        damagedSnapshots += other.damagedSnapshots
        writersReopened += other.writersReopened
        failures += other.failures
    }
}

/// A seed on which the store and the model disagreed.
public struct StoreTrialFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var profile: String
    /// The step after which the disagreement was found (1 is the first).
    public var step: Int
    public var problems: [String]
    /// Every step so far, one line each, and the tuning of the seed first.
    public var trace: [String]
    /// The store, kept as it was.
    public var store: String

    public var description: String {
        var lines = ["Zaad \(seed) (profiel \(profile)) faalt na stap \(step):"]
        lines += problems.prefix(20).map { "  - " + $0 }
        if problems.count > 20 { lines.append("  … en nog \(problems.count - 20)") }
        lines.append("Verloop:")
        lines += trace.map { "  " + $0 }
        lines.append("De opslag staat in \(store).")
        lines.append(
            "Opnieuw: participatie-trials store-trials --seeds 1 --seed \(seed) --profile \(profile)")
        return lines.joined(separator: "\n")
    }
}

/// The outcome of one seed.
public struct StoreTrialResult: Hashable, Sendable {
    public var figures: StoreTrialFigures
    public var failure: StoreTrialFailure?
}

// MARK: - One seed

/// The state of one seed while it runs: the store's writers, the model, what is on disk.
final class StoreTrialRun {
    let seed: UInt64
    let profile: StoreTrialProfile
    let store: String
    var random: SeededGenerator
    var model = StoreTrialModel()
    var figures = StoreTrialFigures()
    var trace: [String] = []

    /// The writers' tuning (segment limit, pipelining threshold, batch size) and the second
    /// writer's reading of it.
    let tuning: Journal.Tuning
    let secondTuning: Journal.Tuning
    /// A batch size between 1 and the one in use, for one of the read paths.
    let smallBatch: Int
    /// A small piece for the pipelined scan to read at a time (from one byte to a few
    /// thousand in the small profile), so that pieces end everywhere a line can.
    let smallChunk: Int
    let snapshotInterval: Int
    let big: Bool
    var largeCommandDrawn = false
    var bytesLeft: Int

    /// The long-lived writers: the first runs most commands, the second interleaves.
    var writers: [ParticipationStore?] = [nil, nil]
    var definitionHash = ""
    var today = CivilDate(year: 2026, month: 3, day: 2) ?? CivilDate(dayNumber: 0)
    var step = 0

    /// What `snapshot.bin` holds, as far as the trial knows.
    enum SnapshotTruth: Equatable {
        case none
        /// Written by a store at this line.
        case intact(seq: UInt64)
        /// Damaged by the trial: changed bytes, cut, emptied or replaced. Never used (its
        /// checksum or its shape gives it away).
        case damaged
        /// Changed by no one the trial knows of: any use is allowed, the state must still be right.
        case unknown
    }
    var snapshot = SnapshotTruth.none
    var snapshotBytes: [UInt8]?
    /// Earlier snapshots, to put back as stale ones.
    var staleSnapshots: [(seq: UInt64, bytes: [UInt8])] = []
    /// Counters for kenmerken and texts, so they differ.
    var serial = 0

    static let actor = ActorIdentity(role: "projectleider", name: "Proef")

    init(seed: UInt64, profile: StoreTrialProfile, store: String) {
        self.seed = seed
        self.profile = profile
        self.store = store
        var random = SeededGenerator(seed: seed)
        var tuning = Journal.Tuning()
        tuning.segmentLimit = profile.segmentLimits.randomElement(using: &random) ?? Journal.defaultSegmentLimit
        tuning.pipelineThreshold = profile.pipelineThresholds.randomElement(using: &random) ?? 1 << 20
        tuning.batchSize = Int.random(in: profile.batchSizes, using: &random)
        // The pieces come from a stream of their own, so every other choice of a seed stays as it was.
        var pieces = SeededGenerator(seed: seed ^ 0xC4_0C_5E_ED)
        tuning.chunkSize = profile.chunkSizes.randomElement(using: &pieces) ?? Journal.defaultChunkSize
        smallChunk = Int.random(in: 1...max(1, min(tuning.chunkSize, 4_096)), using: &pieces)
        // From how many lines a command's hashes are made on a second thread, and in what
        // pieces: a stream of its own too.
        var hashing = SeededGenerator(seed: seed ^ 0x4A_5B_1E_ED)
        tuning.hashingLines = [1, 2, 64, 256, Int.max].randomElement(using: &hashing) ?? 256
        tuning.hashingPiece = [1, 700, 4_096, 65_536].randomElement(using: &hashing) ?? 65_536
        self.tuning = tuning
        smallBatch = tuning.batchSize > 1 ? Int.random(in: 1..<tuning.batchSize, using: &random) : 1
        var second = tuning
        second.pipelineThreshold = [0, tuning.pipelineThreshold, Int.max].randomElement(using: &random) ?? 0
        second.batchSize = [1, smallBatch, tuning.batchSize].randomElement(using: &random) ?? 1
        second.hashingLines = [1, 256, Int.max].randomElement(using: &hashing) ?? 256
        secondTuning = second
        snapshotInterval = profile.snapshotIntervals.randomElement(using: &random) ?? 10_000
        big = profile.bigSeedEvery > 0 && Int.random(in: 0..<profile.bigSeedEvery, using: &random) == 0
        bytesLeft = big ? profile.bigSeedBytes : profile.seedBytes
        self.random = random
    }

    /// Runs every step; returns the first disagreement.
    func run() -> StoreTrialFailure? {
        record(
            "zaad \(seed), profiel \(profile.name)\(big ? " (groot)" : ""): segmenten tot \(Self.bytes(Int(clamping: tuning.segmentLimit))), "
                + "twee draden vanaf \(Self.bytes(tuning.pipelineThreshold)), partijen van \(tuning.batchSize) (klein: \(smallBatch)), "
                + "gelezen in stukken van \(Self.bytes(tuning.chunkSize)) (klein: \(Self.bytes(smallChunk))); "
                + "hashes op een tweede draad vanaf \(Self.lines(tuning.hashingLines)) per opdracht in stukken van \(Self.bytes(tuning.hashingPiece)); "
                + "tweede schrijver leest vanaf \(Self.bytes(secondTuning.pipelineThreshold)) in partijen van \(secondTuning.batchSize), "
                + "hasht op een tweede draad vanaf \(Self.lines(secondTuning.hashingLines)); "
                + "snapshot per \(snapshotInterval) gebeurtenissen")
        do {
            let first = try openWriter(0)
            definitionHash = try first.storeDefinition(try TestSupport.shippedFile("inspraak"))
        } catch {
            return failure(["de opslag gaat niet open: \(error)"])
        }
        let steps = Int.random(in: big ? profile.bigSeedSteps : profile.steps, using: &random)
        for number in 1...steps {
            step = number
            figures.steps += 1
            var problems: [String] = []
            do {
                let line = try performStep()
                record("stap \(number): \(line)")
            } catch let failure as StepFailure {
                record("stap \(number): \(failure.step)")
                problems.append(failure.problem)
            } catch {
                record("stap \(number): onverwachte fout")
                problems.append("onverwachte fout: \(error)")
            }
            if profile.spoilModelAtStep == number { model.spoil() }
            observeSnapshot()
            if problems.isEmpty { problems = check() }
            if !problems.isEmpty { return failure(problems) }
        }
        figures.journalBytes = UInt64(JournalLayout.read(store + "/journal").bytes)
        return nil
    }

    /// `zaad-N.verloop.txt` beside the store: the trace so far, on disk after every step, so a
    /// crash (a precondition in the library) leaves it behind with the store.
    static func traceFile(_ store: String) -> String { store + ".verloop.txt" }

    /// Adds a line to the trace, in memory and in ``traceFile(_:)``.
    func record(_ line: String) {
        trace.append(line)
        guard
            let handle = FileHandle(forWritingAtPath: Self.traceFile(store))
                ?? {
                    _ = FileManager.default.createFile(atPath: Self.traceFile(store), contents: nil)
                    return FileHandle(forWritingAtPath: Self.traceFile(store))
                }()
        else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    func failure(_ problems: [String]) -> StoreTrialFailure {
        StoreTrialFailure(
            seed: seed, profile: profile.name, step: step, problems: problems, trace: trace, store: store, )
    }

    /// A step that went wrong before it could be checked (a refusal the model did not expect).
    struct StepFailure: Error {
        var step: String
        var problem: String
    }

    // MARK: Writers

    func openWriter(_ index: Int) throws -> ParticipationStore {
        // An exercise store: the trial sets the moment of every command.
        let writer = try ParticipationStore(
            path: store, calendar: .netherlands, access: .readWrite, session: .exercise(account: "proef"),
            reading: ParticipationStore.ReadPath(useSnapshot: true, journal: index == 0 ? tuning : secondTuning))
        writer.snapshotInterval = snapshotInterval
        writers[index] = writer
        return writer
    }

    func writer(_ index: Int) throws -> ParticipationStore {
        if let writer = writers[index] { return writer }
        return try openWriter(index)
    }

    // MARK: Steps

    /// Draws and performs one step; returns its line for the trace.
    func performStep() throws -> String {
        // A process to work on comes first.
        if model.processes.isEmpty { return try command(by: 0, planned: startProcess("P1")) }
        if let pending = model.processes.values.sorted(by: { $0.id < $1.id }).first(where: { !$0.underReview }),
            Int.random(in: 0..<3, using: &random) == 0 || model.processes.count == 1
        {
            let planned =
                pending.designs == 0
                ? PlannedCommand(
                    process: pending.id, command: .attachDocument(kind: "ontwerp", reference: "Z-\(pending.id)"),
                    summary: "ontwerp toevoegen")
                : PlannedCommand(process: pending.id, command: .advance("terInzageLeggen", reason: nil), summary: "ter inzage leggen")
            return try command(by: 0, planned: planned)
        }
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<64:
            return try command(by: 0, planned: planCommand())
        case 64..<78:
            figures.secondWriterCommands += 1
            return try command(by: 1, planned: planCommand())
        case 78..<84:
            let index = Int.random(in: 0...1, using: &random)
            let writer = try writer(index)
            try writer.writeSnapshot()
            figures.snapshotsWritten += 1
            snapshotWrittenAt = writer.head.seq
            return "schrijver \(index + 1) schrijft een snapshot (bij regel \(writer.head.seq))"
        case 84..<88:
            try? FileManager.default.removeItem(atPath: snapshotPath)
            figures.snapshotsDeleted += 1
            snapshot = .none
            snapshotBytes = nil
            return "snapshot verwijderd"
        case 88..<93:
            guard let stale = staleSnapshots.randomElement(using: &random) else { return "geen oudere snapshot om terug te zetten" }
            writeFile(snapshotPath, stale.bytes)
            figures.staleSnapshots += 1
            snapshot = .intact(seq: stale.seq)
            snapshotBytes = stale.bytes
            return "oudere snapshot teruggezet (van regel \(stale.seq))"
        case 93..<97:
            figures.damagedSnapshots += 1
            return damageSnapshot()
        default:
            let index = Int.random(in: 0...1, using: &random)
            figures.writersReopened += 1
            _ = try openWriter(index)
            return "schrijver \(index + 1) opnieuw geopend (tot regel \(model.lines))"
        }
    }

    /// The line a writer's explicit snapshot was written at, during this step.
    var snapshotWrittenAt: UInt64?

    /// Runs a planned command through writer `index` and through the model, and compares the outcomes.
    func command(by index: Int, planned: PlannedCommand) throws -> String {
        let writer = try writer(index)
        figures.commands += 1
        let behind = writer.head.seq < model.lines
        if behind { figures.catchUps += 1 }
        let before = model.lines
        let expected = model.run(planned.command, on: planned.process, today: today, personal: planned.personal)
        let at = TestSupport.instant("\(today.iso)T12:00:00+01:00")
        let line =
            "schrijver \(index + 1)\(behind ? " (haalt eerst \(before - writer.head.seq) regels in)" : ""): "
            + "\(planned.summary) in \(planned.process) → verwacht \(expected)"
        var actual: String
        do {
            let events = try writer.execute(
                planned.command, on: ProcessID(planned.process), by: Self.actor, at: at, personal: planned.personal)
            actual = "aanvaard, \(events.count) \(events.count == 1 ? "regel" : "regels")"
            // The first command also writes the store's own first line, before its events.
            if case .accepted(let count) = expected, count == events.count, events.first?.seq == model.lines - UInt64(count) + 1 {
                figures.acceptedCommands += 1
                figures.lines += UInt64(count)
                figures.largestCommand = max(figures.largestCommand, count)
                snapshotWrittenAt = model.lines
                advanceClock()
                return line + "; regels \(before + 1)–\(model.lines)"
            }
            if let first = events.first { actual += " vanaf regel \(first.seq)" }
        } catch {
            switch (error, expected) {
            case (.refused, .refused):
                figures.refusalsPredicted += 1
                return line
            case (.processNotFound(let process, _, _), .unknownProcess) where process.rawValue == planned.process:
                figures.refusalsPredicted += 1
                return line
            case (.refused(let refusal), _):
                actual = "geweigerd: \(refusal)"
            default:
                actual = "fout: \(error)"
            }
        }
        throw StepFailure(step: line, problem: "de opslag zegt \(actual); het model verwachtte \(expected)")
    }

    /// The day moves on now and then, so received and sent days vary.
    func advanceClock() {
        if Int.random(in: 0..<5, using: &random) == 0 { today = today.adding(days: 1) }
    }

    // MARK: Snapshots

    var snapshotPath: String { store + "/snapshot.bin" }

    /// Notes a snapshot a writer wrote during the step: it stands at the line the writer was at.
    func observeSnapshot() {
        defer { snapshotWrittenAt = nil }
        let bytes = FileManager.default.contents(atPath: snapshotPath).map { [UInt8]($0) }
        guard bytes != snapshotBytes else { return }
        snapshotBytes = bytes
        guard let bytes, let seq = snapshotWrittenAt else {
            // Changed by no one the trial knows of: the checks still hold the state to the model.
            snapshot = bytes == nil ? .none : .unknown
            return
        }
        snapshot = .intact(seq: seq)
        if staleSnapshots.last?.seq != seq {
            staleSnapshots.append((seq, bytes))
            if staleSnapshots.count > profile.staleSnapshotsKept { staleSnapshots.removeFirst() }
        }
    }

    func damageSnapshot() -> String {
        var bytes = snapshotBytes ?? staleSnapshots.last?.bytes ?? []
        var what: String
        // Changed bytes (the snapshot's checksum must catch them), also in its head, cut,
        // emptied or replaced by other bytes.
        switch bytes.isEmpty ? 4 : Int.random(in: 0..<6, using: &random) {
        case 0, 1:
            let count = Int.random(in: 1...3, using: &random)
            var offsets: [Int] = []
            for _ in 0..<count {
                let offset = Int.random(in: 0..<bytes.count, using: &random)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
                offsets.append(offset)
            }
            what = "\(count) \(count == 1 ? "byte" : "bytes") veranderd op \(offsets.sorted().map(String.init).joined(separator: ", "))"
        case 2:
            let offset = Int.random(in: 0..<min(bytes.count, 64), using: &random)
            bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
            what = "byte \(offset) in de kop veranderd"
        case 3:
            let length = Int.random(in: 0..<bytes.count, using: &random)
            bytes.removeLast(bytes.count - length)
            what = "afgekapt op \(length) bytes"
        case 4:
            bytes = []
            what = "leeg"
        default:
            bytes = (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            what = "vervangen door \(bytes.count) willekeurige bytes"
        }
        writeFile(snapshotPath, bytes)
        snapshotBytes = bytes
        snapshot = .damaged
        return "snapshot beschadigd: " + what
    }

    func writeFile(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in buffer.baseAddress.map { write(fd, $0 + written, buffer.count - written) } ?? 0 }
            if result <= 0 { return }
            written += result
        }
    }

    static func bytes(_ count: Int) -> String {
        if count >= Int.max / 2 { return "nooit" }
        if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 10, count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return "\(count) B"
    }

    static func lines(_ count: Int) -> String {
        count >= Int.max / 2 ? "nooit" : count == 1 ? "1 regel" : "\(count) regels"
    }
}
