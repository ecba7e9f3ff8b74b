import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// Runs inspraak-N through the public `ParticipationKit` API on a real store on disk, timing
/// the steps a–h of `../shared/bench/README.md`.
struct InspraakBenchmark {
    var count: Int
    /// Events per command for inputs and feedback (1,000 for the side-by-side figures; 1 for
    /// the fully per-event-durable figure).
    var batch: Int
    var directory: String

    /// The seconds per step, the journal figures and the peak memory.
    struct Result {
        var steps: [String: Double] = [:]
        var total: Double = 0
        var peakRSSMegabytes: Double = 0
        /// The peak before step a: the workload and the commands' data, made before the clock
        /// starts (the peers report the same as `rss_before_a_mb`).
        var rssBeforeMegabytes: Double = 0
        /// The peak so far at the end of each step, to see which step sets it.
        var peakAfter: [String: Double] = [:]
        var events: UInt64 = 0
        var journalBytes: UInt64 = 0
        var commands: Int = 0
        /// Of step h, the seconds spent opening the store (reading, verifying and replaying the journal).
        var openSeconds: Double = 0
    }

    /// The workflow of the workload: concept → terInzage → reactienota → besluit → afgerond,
    /// the decision guarded by the engine's own rule that every input has feedback.
    static let workflow = """
        {
          "formatVersion": 1,
          "id": "inspraak-bench",
          "version": "1",
          "title": "Inspraak (benchmark)",
          "calendar": "calendar",
          "roles": { "projectleider": "Projectleider", "college": "College van B en W" },
          "inputKinds": { "inspraakreactie": { "label": "Inspraakreactie", "feedback": "required" } },
          "initial": "concept",
          "states": {
            "concept": { "label": "Concept", "phase": "denken" },
            "terInzage": { "label": "Ter inzage", "phase": "denken", "accepts": ["inspraakreactie"] },
            "reactienota": { "label": "Reactienota", "phase": "besluiten" },
            "besluit": { "label": "Besluit", "phase": "besluiten" },
            "afgerond": { "label": "Afgerond", "phase": "leren", "final": true, "outcome": "vastgesteld" }
          },
          "transitions": [
            { "name": "openInzage", "from": ["concept"], "to": "terInzage", "by": ["projectleider"] },
            { "name": "sluitInzage", "from": ["terInzage"], "to": "reactienota", "by": ["projectleider"] },
            { "name": "besluiten", "from": ["reactienota"], "to": "besluit", "by": ["college"], "decision": true },
            { "name": "afronden", "from": ["besluit"], "to": "afgerond", "by": ["projectleider"] }
          ]
        }
        """

    static let process = ProcessID("inspraak-1")
    static let projectleider = ActorIdentity(role: "projectleider", name: "Projectleider")
    static let college = ActorIdentity(role: "college")
    static let kind = InputKindID("inspraakreactie")
    /// A fixed moment after every `received` day of the workload.
    static let now = Date(timeIntervalSince1970: 1_744_704_000)  // 2025-04-15T08:00:00Z

    enum Failure: Error, CustomStringConvertible {
        case check(String)
        var description: String {
            switch self {
            case .check(let message): "controle mislukt: \(message)"
            }
        }
    }

    func run(_ workload: consuming Workload) throws -> Result {
        var result = Result()
        let clock = Clock()
        // The workload (every string) is made before the clock starts, as the peers make their
        // dicts; each command is put together from it when it is sent, inside its step.
        let verdicts = Dictionary(uniqueKeysWithValues: Workload.verdicts.map { ($0, Verdict(parsing: $0) ?? .kennisgenomen) })
        let count = workload.inputs.count
        var journalSeconds = 0.0
        result.rssBeforeMegabytes = Self.peakRSSMegabytes()
        let start = clock.now

        // a: load the workflow definition.
        var mark = clock.now
        let file = try WorkflowFile(bytes: Array(Self.workflow.utf8), file: "inspraak-bench.json")
        result.steps["a"] = clock.now - mark
        result.peakAfter["a"] = Self.peakRSSMegabytes()

        // b–g run in their own scope, so the original store and its process are released
        // before the replay: the peak memory is that of one process, as in production.
        let fingerprint: UInt64
        // The original's fingerprint is part of h's check (the peers' h reads the original's data too).
        var originalCheck = 0.0
        do {
            // b: create the store and the process, open the consultation.
            mark = clock.now
            let original = try ParticipationStore(path: directory, session: .exercise())
            original.snapshotInterval = .max
            let hash = try original.storeDefinition(file)
            try execute(original, .start(StartProcess(id: Self.process, title: "Inspraak", definitionHash: hash)), &result)
            try execute(original, .advance("openInzage", reason: nil), &result)
            result.steps["b"] = clock.now - mark - take(original, &journalSeconds)
            result.peakAfter["b"] = Self.peakRSSMegabytes()

            // c: N inputs, in commands of `batch`.
            mark = clock.now
            var index = 0
            while index < count {
                let end = min(index + batch, count)
                let slice = workload.inputs[index..<end]
                try original.execute(
                    .addInputs(slice.map { NewInput(id: InputID($0.id), kind: Self.kind, text: $0.text, received: $0.received) }),
                    on: Self.process, by: Self.projectleider, at: Self.now,
                    personal: slice.map { Optional(PersonalDetails(name: $0.author)) })
                result.commands += 1
                index = end
            }
            result.steps["c"] = clock.now - mark - take(original, &journalSeconds)
            result.peakAfter["c"] = Self.peakRSSMegabytes()

            // d: close the consultation and try the decision: it must be refused.
            mark = clock.now
            try execute(original, .advance("sluitInzage", reason: nil), &result)
            do {
                try original.execute(.advance("besluiten", reason: nil), on: Self.process, by: Self.college, at: Self.now)
                if count > 0 { throw Failure.check("het besluit werd niet geweigerd") }
            } catch StoreError.refused(let refusal) {
                guard refusal.reasons.contains(where: { $0.code == .unanswered }) else {
                    throw Failure.check("geweigerd om een andere reden: \(refusal)")
                }
            }
            result.steps["d"] = clock.now - mark - take(original, &journalSeconds)
            result.peakAfter["d"] = Self.peakRSSMegabytes()

            // e: feedback on every input, in commands of `batch`.
            mark = clock.now
            index = 0
            while index < count {
                let end = min(index + batch, count)
                let answers = workload.feedback[index..<end].map { answer in
                    NewFeedback(
                        input: InputID(answer.input), verdict: verdicts[answer.verdict] ?? .kennisgenomen, motivation: answer.reason)
                }
                try original.execute(.recordFeedbacks(answers), on: Self.process, by: Self.projectleider, at: Self.now)
                result.commands += 1
                index = end
            }
            result.steps["e"] = clock.now - mark - take(original, &journalSeconds)
            result.peakAfter["e"] = Self.peakRSSMegabytes()

            // f: decide (the gate passes), tell the writers (the engine closes a process only when
            // every answer was sent; one event per `batch` answers) and finish.
            mark = clock.now
            try original.execute(.advance("besluiten", reason: nil), on: Self.process, by: Self.college, at: Self.now)
            index = 0
            while index < count {
                let end = min(index + batch, count)
                let day = CivilDate.constant(2025, 4, 15)
                try execute(
                    original, .markFeedbackSent(.inputs(workload.feedback[index..<end].map { InputID($0.input) }), on: day), &result)
                index = end
            }
            try execute(original, .advance("afronden", reason: nil), &result)
            result.steps["f"] = clock.now - mark - take(original, &journalSeconds)
            result.peakAfter["f"] = Self.peakRSSMegabytes()

            // g: every event was written durably (one write + fsync per command) while running.
            result.steps["g"] = journalSeconds
            guard original.process(Self.process)?.current == "afgerond" else { throw Failure.check("het proces is niet afgerond") }
            result.events = original.head.seq
            guard let finished = original.process(Self.process) else { throw Failure.check("het proces is weg") }
            mark = clock.now
            // The original's names are those submitted (as a peer's original holds them); the
            // replayed ones are read back from personal.jsonl below.
            fingerprint = Self.fingerprint(finished) { visit in
                for input in workload.inputs { visit(input.id, input.author) }
            }
            originalCheck = clock.now - mark

        }

        // The process held the workload's strings; with it released, so is the workload, and
        // step h holds only the replayed state.
        _ = consume workload
        // Give the freed heap back to the system before the replay: the replay's second thread
        // allocates from its own malloc arena and could not reuse it (without this, step h
        // adds its whole state on top of the original's).
        Self.returnFreedMemory()

        // h: reopen from disk into a fresh store, replay, check.
        mark = clock.now
        let reopened = try ParticipationStore(path: directory, session: .exercise())
        result.openSeconds = clock.now - mark
        guard let replayed = reopened.process(Self.process) else { throw Failure.check("proces ontbreekt na het heropenen") }
        guard replayed.current == "afgerond", replayed.inputs.count == count, replayed.counts.answered == count,
            replayed.unanswered.isEmpty
        else { throw Failure.check("de toestand na het heropenen klopt niet") }
        let replayedFingerprint = Self.fingerprint(replayed) { visit in
            reopened.forEachPersonalDetails(process: replayed.id) { id, details in visit(id.rawValue, details.name ?? "") }
        }
        guard replayedFingerprint == fingerprint else {
            throw Failure.check("de inbreng of terugkoppeling na het heropenen wijkt af van het origineel")
        }
        result.steps["h"] = clock.now - mark + originalCheck
        result.peakAfter["h"] = Self.peakRSSMegabytes()
        result.total = clock.now - start
        result.peakRSSMegabytes = Self.peakRSSMegabytes()
        result.journalBytes = Self.journalBytes(in: directory + "/journal")
        return result
    }

    private func execute(_ store: ParticipationStore, _ command: Command, _ result: inout Result) throws {
        try store.execute(command, on: Self.process, by: Self.projectleider, at: Self.now)
        result.commands += 1
    }

    /// The journal seconds since the last call, added to `total`.
    private func take(_ store: ParticipationStore, _ total: inout Double) -> Double {
        let seconds = store.journalStatistics.seconds
        let new = seconds - total
        total = seconds
        return new
    }

    /// A fingerprint of everything that must survive a replay: every input with its feedback
    /// and its writer's details, and the state. (The peers compare their dictionaries; we do not
    /// keep two states of a million inputs at once.) XXH64 over each piece of about 60 KB, then
    /// over those: a check for accidents, where a difference goes unnoticed with odds of 2⁻⁶⁴
    /// (SHA-256 did the same work at a fifth of the speed).
    ///
    /// - Parameter names: Calls its argument with every writer's input id and name, in the
    ///   order the inputs were registered.
    static func fingerprint(_ state: ProcessState, names: ((String, String) -> Void) -> Void) -> UInt64 {
        var hasher = FingerprintHasher()
        hasher.field(state.current.rawValue)
        hasher.field(String(state.history.count))
        // Each field is read from the array in place (a copy of a record retains all its strings).
        // Through a buffer pointer: the array's subscript would copy each record first.
        state.inputs.withUnsafeBufferPointer { inputs in
            for index in inputs.indices {
                hasher.field(inputs[index].id.rawValue)
                hasher.field(inputs[index].kind.rawValue)
                hasher.field(inputs[index].text)
                hasher.integer(inputs[index].received.dayNumber)
                inputs[index].feedback.withUnsafeBufferPointer { answers in
                    for answer in answers.indices {
                        hasher.field(answers[answer].verdict.rawValue)
                        hasher.field(answers[answer].motivation)
                    }
                }
                hasher.endItem()
            }
        }
        // Every writer's details, in the order they were registered (visited one by one, not
        // collected into a dictionary of a million entries).
        names { id, name in
            hasher.field(id)
            hasher.field(name)
            hasher.endItem()
        }
        return hasher.finish()
    }

    /// The bytes of a fingerprint, hashed a piece of about 60 KB at a time. A struct rather
    /// than local functions around a captured buffer: those paid an exclusivity check on every
    /// field.
    struct FingerprintHasher {
        private var pieces: [UInt64] = []
        private var buffer: [UInt8] = []

        init() { buffer.reserveCapacity(1 << 16) }

        /// A text's UTF-8 bytes and a 0 after them (copied as one run of bytes).
        mutating func field(_ text: String) {
            var text = text
            text.withUTF8 { buffer.append(contentsOf: $0) }
            buffer.append(0)
        }

        /// An integer's eight bytes, little-endian.
        mutating func integer(_ value: Int) {
            withUnsafeBytes(of: Int64(value).littleEndian) { buffer.append(contentsOf: $0) }
        }

        /// The end of an input or a writer: a piece is hashed once it holds about 60 KB.
        mutating func endItem() {
            guard buffer.count > 60_000 else { return }
            pieces.append(XXHash64.hash(buffer))
            buffer.removeAll(keepingCapacity: true)
        }

        consuming func finish() -> UInt64 {
            pieces.append(XXHash64.hash(buffer))
            return pieces.withUnsafeBytes { XXHash64.hash($0) }
        }
    }

    /// glibc's `malloc_trim(0)`, looked up at run time (it is not in the Glibc module); does
    /// nothing where there is none.
    static func returnFreedMemory() {
        #if canImport(Glibc)
            typealias Trim = @convention(c) (Int) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func journalBytes(in directory: String) -> UInt64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? UInt64) ?? nil
            return total + (size ?? 0)
        }
    }
}

/// A monotonic clock in seconds.
struct Clock {
    var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
