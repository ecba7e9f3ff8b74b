import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// `participatie-trials crash-trials --commands big`: kills the real `participatie` binary with
/// SIGKILL during one large command (`input import`, `feedback import`, `feedback sent --all`
/// or `redact`) and checks that the command is wholly there or wholly absent, that the chain
/// verifies, that the store opens in the library and in the CLI (also without its snapshot),
/// and that the next command works.
///
/// Each trial runs in a child, `participatie-trials crash-trial --seed S`, so a trap in the
/// library while a store is checked ends that trial, not the run; the same seed repeats it.
/// The command is watched while it runs (its journal and personal.jsonl) and killed at a
/// moment drawn relative to its journal write: early, just before, during or after it, or
/// after the time the whole command took, with the stretches of time measured on the same
/// command on a copy of the prepared store. So most kills land while the command runs.
enum BigCommandTrials {
    /// The command a trial kills.
    enum Kind: String, CaseIterable {
        case inputImport = "input import"
        case feedbackImport = "feedback import"
        case feedbackSent = "feedback sent --all"
        case redact
    }

    /// Which rows carry a writer's contact details (`naam`, `email`).
    enum Names: String {
        case all = "alle", some = "een derde", none = "geen"

        func has(_ row: Int) -> Bool { self == .all || (self == .some && row % 3 == 0) }
    }

    /// What one trial does; everything drawn from its seed.
    struct Plan: CustomStringConvertible {
        var seed: UInt64
        var kind: Kind
        /// Rows of the CSV file (`input import`, `feedback import`), answers to send
        /// (`feedback sent --all`) or inputs in the process (`redact`).
        var rows: Int
        /// Bytes of text per row, about.
        var rowBytes: Int
        var names: Names
        /// Whether the CSV files have a `kenmerk` column, or the engine numbers the inputs.
        var ownIDs: Bool
        /// Inputs in the process besides the ones the command is about.
        var others: Int
        /// Whether snapshot.bin holds the prepared store when the command starts.
        var snapshot: Bool
        /// Some answers were there before (`feedback import` replaces them) or already sent
        /// (`feedback sent --all` skips them).
        var earlier: Bool
        /// When to kill, relative to when the same command wrote its journal lines on a copy
        /// of the store (see ``Timeline``).
        var moment: Moment
        /// Where in the moment's stretch of time: 0 at its start, 1 at its end.
        var share: Double
        /// Whether snapshot.bin is deleted after the kill, before anything opens the store.
        var deleteSnapshot: Bool
        /// The row whose contact details `redact` erases.
        var target: Int

        /// The commands a trial draws from: imports most, as they write the most.
        static let kinds: [Kind] = [
            .inputImport, .inputImport, .inputImport, .inputImport, .feedbackImport, .feedbackImport, .feedbackSent, .feedbackSent,
            .redact, .redact,
        ]
        /// The moments a trial draws from: mostly around the journal write.
        static let moments: [Moment] = [
            .early, .beforeWrite, .beforeWrite, .duringWrite, .duringWrite, .duringWrite, .duringWrite, .afterWrite, .afterWrite,
            .afterExit,
        ]

        init(seed: UInt64, maxRows: Int) {
            self.seed = seed
            var random = TrialRandom(seed: seed)
            func logUniform(_ low: Int, _ high: Int) -> Int {
                let value = exp(Double.random(in: log(Double(low))...log(Double(high) + 1), using: &random))
                return min(high, max(low, Int(value)))
            }
            kind = Self.kinds[Int(random.next() % UInt64(Self.kinds.count))]
            rows = logUniform(1, max(1, maxRows))
            // Within the 64 MiB an import file may have, with room to spare.
            rowBytes = min(logUniform(100, 5_000), max(60, 40_000_000 / rows))
            names = [Names.all, .some, .none][Int(random.next() % 3)]
            ownIDs = random.next() % 2 == 0
            others = random.next() % 4 == 0 ? 0 : logUniform(1, min(2_000, max(1, maxRows)))
            snapshot = random.next() % 2 == 0
            earlier = random.next() % 2 == 0
            moment = Self.moments[Int(random.next() % UInt64(Self.moments.count))]
            share = Double.random(in: 0..<1, using: &random)
            deleteSnapshot = random.next() % 3 == 0
            target = Int(random.next() % UInt64(rows))
            if kind == .redact && names == .none { names = .some }
            if kind == .redact, !names.has(target) { target -= target % 3 }
        }

        /// Whether a row of the process's inputs (not the other inputs) has contact details.
        func hasNames(_ row: Int) -> Bool { names.has(row) }

        var description: String {
            var parts = ["zaad \(seed)", "participatie \(kind.rawValue)"]
            switch kind {
            case .inputImport: parts.append("\(Dutch.count(rows)) rijen van ~\(Dutch.count(rowBytes)) bytes")
            case .feedbackImport: parts.append("\(Dutch.count(rows)) antwoorden van ~\(Dutch.count(rowBytes)) bytes")
            case .feedbackSent: parts.append("\(Dutch.count(rows)) antwoorden")
            case .redact: parts.append("reactie \(target + 1) van \(Dutch.count(rows))")
            }
            parts.append("contactgegevens: \(names.rawValue)")
            parts.append(ownIDs ? "eigen kenmerken" : "kenmerken van de engine")
            parts.append("\(Dutch.count(others)) andere reacties")
            if earlier, kind == .feedbackImport { parts.append("een deel had al een antwoord") }
            if earlier, kind == .feedbackSent { parts.append("een deel was al verstuurd") }
            parts.append(snapshot ? "met snapshot" : "zonder snapshot")
            parts.append("SIGKILL \(moment.rawValue) (\(Int(share * 100)) %)")
            if deleteSnapshot { parts.append("daarna snapshot.bin weg") }
            return parts.joined(separator: ", ")
        }
    }

    /// When to kill, relative to what the command writes. The command is watched while it
    /// runs (its journal and personal.jsonl, every 0,1 ms or so) and the stretches of time are
    /// those of the same command on a copy of the store (see ``Timeline``).
    enum Moment: String, CaseIterable {
        /// In the first 80 % of the time before the journal grew: starting, reading, parsing.
        case early = "vroeg"
        /// After personal.jsonl changed and before the journal grows (writers' details are on
        /// disk, the command is not); without contact details, the last 20 % before the journal grew.
        case beforeWrite = "vlak voor het schrijven"
        /// Once the journal grows, within the time the journal took to grow on the copy.
        case duringWrite = "tijdens het schrijven"
        /// Once the journal stopped growing, in the first half of the time it then still ran
        /// on the copy: fsync, personal.jsonl after an erasure, a snapshot, the output.
        case afterWrite = "na het schrijven"
        /// Up to 30 % after the time the whole command took on the copy.
        case afterExit = "na afloop"
    }

    /// What was seen of a running command: seconds after it started.
    struct Timeline: CustomStringConvertible {
        /// The first time the journal was seen larger, and the last time it grew.
        var journalStart: Double?
        var journalEnd: Double?
        /// The first time personal.jsonl was seen changed (larger, or replaced).
        var personal: Double?
        /// When it ended, or was killed.
        var end = 0.0
        var killed = false

        /// Watches `child` (writing to `store`, whose journal stood at `start`) to its end, or
        /// until `kill` says to kill it, given what was seen and the seconds since it started.
        static func watch(
            _ child: ChildWriter, store: String, from start: Journal.Position, kill: (Timeline, Double) -> Bool = { _, _ in false }
        ) throws -> Timeline {
            func size(_ path: String) -> Int64 {
                var info = stat()
                return stat(path, &info) == 0 ? Int64(info.st_size) : -1
            }
            func journal() -> Int64 {
                size(StoreChecks.segmentPath(store, start.segment)) + size(StoreChecks.segmentPath(store, start.segment + 1))
            }
            func personal() -> [UInt64] {
                var info = stat()
                return stat(store + "/personal.jsonl", &info) == 0 ? [UInt64(info.st_ino), UInt64(info.st_size)] : []
            }
            let began = Dutch.monotonic()
            var seen = Timeline()
            var lastJournal = journal()
            let personalBefore = personal()
            var round = 0
            while !child.reapIfEnded() {
                let now = Dutch.monotonic() - began
                guard now < 600 else {
                    child.killNow()
                    child.reap()
                    throw TrialFailure("participatie was na 600 s niet klaar")
                }
                let current = journal()
                if current != lastJournal {
                    seen.journalStart = seen.journalStart ?? now
                    seen.journalEnd = now
                    lastJournal = current
                }
                if seen.personal == nil, personal() != personalBefore { seen.personal = now }
                if kill(seen, now) {
                    child.killNow()
                    child.reap()
                    seen.killed = child.wasKilled
                    break
                }
                if child.isOpen { ChildWriter.pump([child], timeout: 0, round: &round) }
                usleep(100)
            }
            seen.end = Dutch.monotonic() - began
            // It grew between the last look and the end.
            if journal() != lastJournal {
                seen.journalStart = seen.journalStart ?? seen.end
                seen.journalEnd = seen.end
            }
            child.drain()
            return seen
        }

        /// Whether to kill now, `now` seconds after the start, having seen `seen` of the
        /// running command; `self` is the command's run on a copy of the store.
        func kill(_ moment: Moment, share: Double, seen: Timeline, now: Double) -> Bool {
            let start = journalStart ?? end
            let stop = journalEnd ?? start
            switch moment {
            case .early:
                return now >= share * 0.8 * start || seen.journalStart != nil
            case .beforeWrite:
                if seen.journalStart != nil { return true }
                guard let personal, personal < start else { return now >= (0.8 + 0.2 * share) * start }
                guard let changed = seen.personal else { return false }
                return now >= changed + share * (start - personal)
            case .duringWrite:
                guard let growing = seen.journalStart else { return false }
                return now >= growing + share * (stop - start)
            case .afterWrite:
                // Two looks without growth: the write is done.
                guard let grew = seen.journalEnd, now - grew >= 0.000_2 else { return false }
                // Half the stretch measured on the copy: there the watching and reaping add to it.
                return now >= grew + share * 0.5 * max(0, end - stop)
            case .afterExit:
                return now >= end * (1 + 0.3 * share)
            }
        }

        var description: String {
            var parts = [(killed ? "gedood na " : "klaar na ") + Dutch.milliseconds(end)]
            if let journalStart, let journalEnd {
                parts.append("journaal groeide van \(Dutch.milliseconds(journalStart)) tot \(Dutch.milliseconds(journalEnd))")
            }
            if let personal { parts.append("personal.jsonl veranderd na \(Dutch.milliseconds(personal))") }
            return parts.joined(separator: ", ")
        }
    }

    /// How a trial ended, as the child reports it on its `result` line.
    struct Outcome {
        var kind: Kind
        var killed: Bool
        var whole: Bool
        var tornBytes: Int
        var snapshotDeleted: Bool

        var line: String {
            "result \(Kind.allCases.firstIndex(of: kind) ?? 0) \(killed ? "killed" : "finished") \(whole ? "whole" : "absent") "
                + "\(tornBytes) \(snapshotDeleted ? "deleted" : "kept")"
        }

        init(kind: Kind, killed: Bool, whole: Bool, tornBytes: Int, snapshotDeleted: Bool) {
            self.kind = kind
            self.killed = killed
            self.whole = whole
            self.tornBytes = tornBytes
            self.snapshotDeleted = snapshotDeleted
        }

        init?(line: String) {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 6, parts[0] == "result", let index = Int(parts[1]), Kind.allCases.indices.contains(index),
                let torn = Int(parts[4])
            else { return nil }
            self.init(
                kind: Kind.allCases[index], killed: parts[2] == "killed", whole: parts[3] == "whole", tornBytes: torn,
                snapshotDeleted: parts[5] == "deleted")
        }
    }

    /// The figures of a run.
    struct Tally {
        var trials = 0
        var clean = 0
        var killed = 0
        var finished = 0
        var killedWhole = 0
        var killedAbsent = 0
        var torn = 0
        var snapshotDeleted = 0
        var perKind: [Kind: (trials: Int, killed: Int)] = [:]
        var perMoment: [Moment: (trials: Int, killed: Int)] = [:]

        /// Adds the figures of a clean trial.
        mutating func add(_ outcome: Outcome, moment: Moment) {
            clean += 1
            perKind[outcome.kind, default: (0, 0)].trials += 1
            perMoment[moment, default: (0, 0)].trials += 1
            if outcome.killed {
                killed += 1
                perKind[outcome.kind, default: (0, 0)].killed += 1
                perMoment[moment, default: (0, 0)].killed += 1
                if outcome.whole { killedWhole += 1 } else { killedAbsent += 1 }
            } else {
                finished += 1
            }
            if outcome.tornBytes > 0 { torn += 1 }
            if outcome.snapshotDeleted { snapshotDeleted += 1 }
        }
    }

    static let process = ProcessID("p")
    /// The clock of every command: an exercise store, so `PARTICIPATIE_NOW` is honoured.
    static let now = "2026-03-16T09:00:00+01:00"

    // MARK: The run

    /// Runs `--trials` trials, each in a child `crash-trial`, and prints the figures.
    static func main(_ options: [String: String]) -> Int32 {
        guard let trials = Int(options["--trials"] ?? "100"), trials > 0,
            let seed = UInt64(options["--seed"] ?? "1"),
            let maxRows = Int(options["--max-rows"] ?? "20000"), maxRows > 0, maxRows <= InputLimits.importRows,
            options["--per-store"] == nil
        else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        let bench = StoreChecks.executablePath()
        let participatie = options["--participatie"] ?? participatieNext(to: bench)
        guard FileManager.default.isExecutableFile(atPath: participatie) else {
            return StoreTrialCommand.fail(
                "participatie-trials crash-trials: \(participatie) is geen programma; bouw het met "
                    + "`swift build -c release --product participatie` of geef --participatie PAD")
        }
        let base = options["--dir"] ?? (NSTemporaryDirectory() + "participatie-crash-big-\(getpid())")
        let keep = options["--keep"] != nil
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)

        var random = TrialRandom(seed: seed)
        var tally = Tally()
        var failures: [String] = []
        let started = Dutch.monotonic()
        for number in 1...trials {
            let plan = Plan(seed: random.next(), maxRows: maxRows)
            let store = "\(base)/proef-\(number)"
            tally.trials += 1
            switch runChild(plan, store: store, bench: bench, participatie: participatie, maxRows: maxRows) {
            case .success(let outcome):
                tally.add(outcome, moment: plan.moment)
                if !keep { try? FileManager.default.removeItem(atPath: store) }
            case .failure(let failure):
                var text = "FOUT in proef \(number) (\(plan)): \(failure.message) — opslag bewaard in \(store)\n"
                text += failure.trace.map { "    \($0)\n" }.joined()
                text +=
                    "    opnieuw: \(bench) crash-trial --seed \(plan.seed) --max-rows \(maxRows) --store MAP --participatie \(participatie)"
                failures.append(text)
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            if number % 10 == 0 || number == trials {
                FileHandle.standardError.write(
                    Data(
                        ("  \(Dutch.count(number))/\(Dutch.count(trials)) proeven, \(Dutch.count(tally.clean)) schoon, "
                            + "\(Dutch.count(tally.killed)) gedood tijdens de opdracht, \(Dutch.seconds(Dutch.monotonic() - started))\n")
                            .utf8))
            }
        }
        // Only when empty: a failing store stays, and so does anything else in a folder given with --dir.
        if !keep, (try? FileManager.default.contentsOfDirectory(atPath: base))?.isEmpty == true { rmdir(base) }

        print(
            "\(Dutch.count(tally.clean))/\(Dutch.count(tally.trials)) proeven schoon; \(Dutch.count(tally.killed)) keer gedood terwijl de "
                + "opdracht liep (daarna stond ze er \(Dutch.count(tally.killedWhole)) keer helemaal in en \(Dutch.count(tally.killedAbsent)) "
                + "keer helemaal niet; \(Dutch.count(tally.torn)) keer een afgebroken staart weggezet), \(Dutch.count(tally.finished)) keer "
                + "was de opdracht al klaar vóór de SIGKILL")
        let kinds = Kind.allCases.map { kind in
            let figures = tally.perKind[kind] ?? (0, 0)
            return "\(kind.rawValue) \(Dutch.count(figures.killed))/\(Dutch.count(figures.trials))"
        }
        let moments = Moment.allCases.map { moment in
            let figures = tally.perMoment[moment] ?? (0, 0)
            return "\(moment.rawValue) \(Dutch.count(figures.killed))/\(Dutch.count(figures.trials))"
        }
        print(
            "zaad \(seed); tot \(Dutch.count(maxRows)) rijen per opdracht; gedood van de schone proeven per opdracht: "
                + "\(kinds.joined(separator: ", ")); per gepland moment: \(moments.joined(separator: ", ")); "
                + "\(Dutch.count(tally.snapshotDeleted)) keer snapshot.bin verwijderd na de SIGKILL; \(Dutch.seconds(Dutch.monotonic() - started))"
        )
        for failure in failures.prefix(10) { print(failure) }
        return failures.isEmpty ? 0 : 1
    }

    /// `participatie` in the same build folder as this program.
    static func participatieNext(to bench: String) -> String {
        URL(fileURLWithPath: bench).deletingLastPathComponent().appendingPathComponent("participatie").path
    }

    struct ChildFailure: Error {
        var message: String
        var trace: [String]
    }

    /// Runs one trial in a child `participatie-trials crash-trial` and reads its report.
    static func runChild(
        _ plan: Plan, store: String, bench: String, participatie: String, maxRows: Int
    ) -> Result<Outcome, ChildFailure> {
        let errorFile = store + ".err"
        defer { try? FileManager.default.removeItem(atPath: errorFile) }
        let child: ChildWriter
        do {
            child = try ChildWriter(
                executable: bench,
                arguments: [
                    "crash-trial", "--seed", String(plan.seed), "--max-rows", String(maxRows), "--store", store, "--participatie",
                    participatie,
                ],
                name: "de proef", errorFile: errorFile)
        } catch {
            return .failure(ChildFailure(message: "\(error)", trace: []))
        }
        let started = Dutch.monotonic()
        var round = 0
        while child.isOpen {
            guard Dutch.monotonic() - started < 1_800 else {
                child.killNow()
                child.reap()
                return .failure(ChildFailure(message: "de proef was na 30 minuten niet klaar", trace: trace(child)))
            }
            ChildWriter.pump([child], timeout: 1, round: &round)
        }
        child.reap()
        let failed = child.lines.filter { $0.hasPrefix("fail ") }.map { String($0.dropFirst(5)) }
        if !failed.isEmpty { return .failure(ChildFailure(message: failed.joined(separator: "; "), trace: trace(child))) }
        guard child.exitedCleanly, let outcome = child.lines.lazy.compactMap(Outcome.init(line:)).first else {
            let cause = child.exitCode == nil ? " (een val in participatie-trials zelf, bij het openen of controleren)" : ""
            return .failure(
                ChildFailure(message: "de proef is \(child.ending)\(cause): \(child.errorText)", trace: trace(child)))
        }
        return .success(outcome)
    }

    private static func trace(_ child: ChildWriter) -> [String] {
        child.lines.filter { $0.hasPrefix("trace ") }.map { String($0.dropFirst(6)) }
    }

    // MARK: One trial

    /// `participatie-trials crash-trial`: one trial in this process; reports `trace` lines as it
    /// goes and ends with a `result` line, or `fail` lines and exit code 1.
    static func trialMain(_ arguments: [String]) -> Int32 {
        guard
            let options = StoreTrialCommand.options(arguments, values: ["--seed", "--max-rows", "--store", "--participatie"]),
            let seed = options["--seed"].flatMap({ UInt64($0) }), let store = options["--store"],
            let maxRows = Int(options["--max-rows"] ?? "20000"), maxRows > 0, maxRows <= InputLimits.importRows
        else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        let participatie = options["--participatie"] ?? participatieNext(to: StoreChecks.executablePath())
        let plan = Plan(seed: seed, maxRows: maxRows)
        StoreTrialCommand.emit("trace \(plan)")
        do {
            let outcome = try Trial(plan: plan, store: store, participatie: participatie).run()
            StoreTrialCommand.emit(outcome.line)
            return 0
        } catch {
            StoreTrialCommand.emit("fail \(error)")
            return 1
        }
    }

    /// One trial: prepare a store, time the command on a copy, run it again and kill it, check.
    struct Trial {
        var plan: Plan
        var store: String
        var participatie: String

        private func trace(_ line: String) { StoreTrialCommand.emit("trace \(line)") }

        /// The CLI on `path`, with the trials' clock and actor.
        private func cli(_ path: String) -> CLI { CLI(executable: participatie, store: path, errorFile: store + "-cli.err") }

        func run() throws -> Outcome {
            let manager = FileManager.default
            for path in [store, store + "-ref", store + "-naspelen"] { try? manager.removeItem(atPath: path) }
            try manager.createDirectory(atPath: store + "-csv", withIntermediateDirectories: true)
            defer {
                for path in [store + "-csv", store + "-ref", store + "-naspelen", store + "-cli.err"] {
                    try? manager.removeItem(atPath: path)
                }
            }

            // Prepare the process, and note the state the command starts from.
            let command = try prepare()
            let (before, detailsBefore, preparedHead) = try {
                let prepared = try ParticipationStore(path: store)
                guard let state = prepared.process(BigCommandTrials.process) else {
                    throw TrialFailure("proces p ontbreekt na het voorbereiden")
                }
                if plan.snapshot {
                    try prepared.writeSnapshot()
                } else {
                    try? manager.removeItem(atPath: store + "/snapshot.bin")
                }
                return (state, prepared.personalDetails(process: BigCommandTrials.process), prepared.head.seq)
            }()
            let report = ParticipationStore.verify(at: store)
            guard report.isIntact, report.tornBytes == 0, report.head.seq == preparedHead else {
                throw TrialFailure("de voorbereide opslag is niet in orde: \(report)")
            }
            let start = report.head
            trace(
                "voorbereid: \(Dutch.count(before.inputs.count)) reacties, regel \(Dutch.count(Int(start.seq))), "
                    + (plan.snapshot ? "snapshot tot daar" : "geen snapshot"))

            // The command on a copy, to time it and to see what it writes when it is not killed.
            try manager.copyItem(atPath: store, toPath: store + "-ref")
            let reference = try cli(store + "-ref").start(command)
            let timeline = try Timeline.watch(reference, store: store + "-ref", from: start)
            // What it says names the store it ran on.
            let referenceOutput = reference.lines.map { $0.replacingOccurrences(of: store + "-ref", with: store) }
            guard reference.exitedCleanly else {
                throw TrialFailure(
                    "participatie \(command.joined(separator: " ")) (zonder SIGKILL): \(reference.ending); \(reference.errorText)")
            }
            let (expected, _) = try StoreChecks.entries(store: store + "-ref", from: start)
            guard !expected.isEmpty else { throw TrialFailure("de opdracht schreef zonder SIGKILL niets") }
            trace("zonder SIGKILL: \(timeline), \(Dutch.count(expected.count)) regels; \(referenceOutput.joined(separator: " "))")
            try? manager.removeItem(atPath: store + "-ref")

            // The same command on the store itself, killed at the planned moment.
            let victim = try cli(store).start(command)
            let seen = try Timeline.watch(victim, store: store, from: start) { seen, now in
                timeline.kill(plan.moment, share: plan.share, seen: seen, now: now)
            }
            let killed = victim.wasKilled
            if killed {
                trace("SIGKILL: \(seen)")
            } else {
                guard victim.exitedCleanly else {
                    throw TrialFailure("participatie \(command.joined(separator: " ")): \(victim.ending); \(victim.errorText)")
                }
                guard victim.lines == referenceOutput else {
                    throw TrialFailure("participatie zei \(victim.lines), zonder SIGKILL zei het \(referenceOutput)")
                }
                trace("al klaar vóór de SIGKILL: \(seen)")
            }
            var snapshotDeleted = false
            if plan.deleteSnapshot, manager.fileExists(atPath: store + "/snapshot.bin") {
                try manager.removeItem(atPath: store + "/snapshot.bin")
                snapshotDeleted = true
                trace("snapshot.bin verwijderd")
            }

            // The CLI reads it as the kill left it (what a user does first), and changes nothing
            // but the snapshot: `status` leaves one when it replayed more than the snapshot
            // interval (a command killed before it wrote its own), so the next command opens fast.
            let files = Self.files(store)
            try look()
            var looked = Self.files(store)
            let snapshotLeft = looked["snapshot.bin"] != files["snapshot.bin"]
            looked["snapshot.bin"] = files["snapshot.bin"]
            guard looked == files else {
                throw TrialFailure("participatie status of verify veranderde de opslag: \(files) werd \(Self.files(store))")
            }
            trace("status en verify in orde vóór heropenen" + (snapshotLeft ? "; status liet een snapshot achter" : ""))

            // The library: a cut-off command set aside, the chain whole, the command all or nothing.
            let target = plan.kind == .redact ? details("c", plan.target) : nil
            let erasureLeft = target.map { Self.occurrences("\"\($0.name ?? "")\"", inFile: store + "/personal.jsonl") > 0 } ?? false
            let opened = try StoreChecks.reopen(store)
            trace(
                "heropend in de bibliotheek" + (opened.tornBytes > 0 ? ", \(Dutch.count(opened.tornBytes)) afgebroken bytes weggezet" : ""))
            let (entries, _) = try StoreChecks.entries(store: store, from: start)
            let whole = !entries.isEmpty
            if whole {
                guard entries.count == expected.count, entries.map(\.type) == expected.map(\.type),
                    entries.enumerated().allSatisfy({ $0.element.more == entries.count - 1 - $0.offset })
                else {
                    throw TrialFailure(
                        "na de opdracht staan er \(entries.count) regels (\(Set(entries.map(\.type)).sorted())) in het journaal, "
                            + "zonder SIGKILL \(expected.count) (\(Set(expected.map(\.type)).sorted())): niet één hele opdracht")
                }
            } else if !killed {
                throw TrialFailure("de opdracht was klaar, maar staat niet in het journaal")
            }
            trace(whole ? "de opdracht staat er helemaal in" : "de opdracht staat er helemaal niet in")
            // Opening finishes an erasure that is in the journal but not yet done in personal.jsonl, and says so.
            let erasureNote = opened.store.recoveryNote?.contains("alsnog verwijderd") ?? false
            if target != nil, erasureNote != (whole && erasureLeft) {
                throw TrialFailure(
                    "de verwijdering staat er \(whole ? "in" : "niet in") en personal.jsonl had de gegevens \(erasureLeft ? "nog" : "niet meer"), "
                        + "maar het openen meldde \(opened.store.recoveryNote ?? "niets")")
            }
            try check(opened.store, whole: whole, before: before, detailsBefore: detailsBefore)

            // The CLI opens it too, verify says it is in order, and the next command works.
            try look()
            try cli(store).run([
                "input", "add", BigCommandTrials.process.rawValue, "--kind", "inspraakreactie", "--text", "Vervolg na de proef.",
                "--id", "vervolg", "--author", "Vervolg Indiener",
            ])
            let after = try ParticipationStore(path: store)
            guard after.head.seq == opened.store.head.seq + 1,
                after.process(BigCommandTrials.process)?.input("vervolg")?.text == "Vervolg na de proef.",
                after.personalDetails(process: BigCommandTrials.process, input: "vervolg") == PersonalDetails(name: "Vervolg Indiener")
            else {
                throw TrialFailure("de volgende opdracht (input add) staat er niet goed in (kop \(after.head.seq))")
            }
            trace("status, verify en input add in orde")
            try StoreChecks.checkReplay(after, scratch: store + "-naspelen")
            return Outcome(kind: plan.kind, killed: killed, whole: whole, tornBytes: opened.tornBytes, snapshotDeleted: snapshotDeleted)
        }

        /// Runs `participatie status p` and `participatie verify`; both must exit with 0, and
        /// verify must say "In orde".
        private func look() throws {
            let tool = cli(store)
            try tool.run(["status", BigCommandTrials.process.rawValue])
            let verified = try tool.run(["verify"])
            guard verified.first?.hasPrefix("In orde") == true else {
                throw TrialFailure("participatie verify zegt niet \"In orde\": \(verified.joined(separator: " "))")
            }
        }

        /// The store's files (`journal/…` and the rest) with their sizes.
        static func files(_ store: String) -> [String: UInt64] {
            var sizes: [String: UInt64] = [:]
            for folder in ["", "journal/"] {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: store + "/" + folder)) ?? [] {
                    var info = stat()
                    guard stat("\(store)/\(folder)\(name)", &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                    sizes[folder + name] = UInt64(info.st_size)
                }
            }
            return sizes
        }

        // MARK: Preparing

        /// Starts the process, adds the inputs (and answers) the command needs, writes the
        /// command's CSV file and returns the command's arguments.
        private func prepare() throws -> [String] {
            let tool = cli(store)
            let id = BigCommandTrials.process.rawValue
            try tool.run(["start", "inspraak", "--title", "Crashproef", "--id", id, "--attr", "impact=laag"])
            try tool.run(["document", "add", id, "--kind", "ontwerp", "--ref", "x"])
            try tool.run(["advance", id, "terInzageLeggen"])
            let inputsFile = store + "-csv/inbreng.csv"
            let answersFile = store + "-csv/antwoorden.csv"
            /// Imports the rows the command is about (`c0`, `c1`, …) and the others; returns their ids.
            func importTargets() throws -> [InputID] {
                try write(inputRows(0..<plan.rows, tag: "c") + inputRows(0..<plan.others, tag: "v", header: false), to: inputsFile)
                try tool.run(["input", "import", id, inputsFile])
                return try targetIDs()
            }
            switch plan.kind {
            case .inputImport:
                if plan.others > 0 {
                    try write(inputRows(0..<plan.others, tag: "v"), to: inputsFile)
                    try tool.run(["input", "import", id, inputsFile])
                }
                try write(inputRows(0..<plan.rows, tag: "c"), to: inputsFile)
                return ["input", "import", id, inputsFile]
            case .feedbackImport:
                let targets = try importTargets()
                if plan.earlier {
                    try write(answerRows(targets.prefix((targets.count + 1) / 2), motivation: "Eerder antwoord"), to: answersFile)
                    try tool.run(["feedback", "import", id, answersFile])
                }
                try write(answerRows(targets[...], motivation: "Antwoord"), to: answersFile)
                return ["feedback", "import", id, answersFile]
            case .feedbackSent:
                let targets = try importTargets()
                try write(answerRows(targets[...], motivation: "Antwoord"), to: answersFile)
                try tool.run(["feedback", "import", id, answersFile])
                let sent = plan.earlier ? min(targets.count / 2, 500) : 0
                if sent > 0 { try tool.run(["feedback", "sent", id] + targets.prefix(sent).map(\.rawValue)) }
                return ["feedback", "sent", id, "--all"]
            case .redact:
                let targets = try importTargets()
                return ["redact", id, targets[plan.target].rawValue, "--reason", "Verzoek van de indiener."]
            }
        }

        /// The ids of the rows tagged `c0`, `c1`, … in order, as the store numbered or kept them.
        private func targetIDs() throws -> [InputID] {
            let prepared = try ParticipationStore(path: store)
            guard let state = prepared.process(BigCommandTrials.process) else { throw TrialFailure("proces p ontbreekt") }
            var ids = [InputID?](repeating: nil, count: plan.rows)
            for input in state.inputs {
                guard let row = Self.row(of: input, tag: "c"), row < ids.count else { continue }
                ids[row] = input.id
            }
            let found = ids.compactMap { $0 }
            guard found.count == plan.rows else { throw TrialFailure("na het voorbereiden \(found.count) van de \(plan.rows) reacties") }
            return found
        }

        /// The row number in an input's tag (`c12 …` is row 12), if it has `tag`.
        static func row(of input: InputRecord, tag: String) -> Int? {
            guard input.text.hasPrefix(tag), let space = input.text.firstIndex(of: " ") else { return nil }
            return Int(input.text[input.text.index(input.text.startIndex, offsetBy: tag.count)..<space])
        }

        /// The text of row `row` with tag `tag`: the tag, sometimes quotes, a semicolon and an
        /// accent (so the CSV needs quoting), filler up to about ``Plan/rowBytes``.
        func text(_ tag: String, _ row: Int) -> String {
            let special = row % 5 == 0 ? "\"citaat\"; een é en een komma, " : ""
            let length = max(0, min(plan.rowBytes, 90_000) - 8 - special.utf8.count)
            return "\(tag)\(row) \(special)\(WriterLoop.filler.prefix(length).trimmingCharacters(in: .whitespaces))."
        }

        func details(_ tag: String, _ row: Int) -> PersonalDetails? {
            plan.hasNames(row) ? PersonalDetails(name: "Indiener \(tag)\(row)", email: "\(tag)\(row)@example.nl") : nil
        }

        private func inputRows(_ rows: Range<Int>, tag: String, header: Bool = true) -> [String] {
            var lines = header ? [plan.ownIDs ? "kenmerk;soort;naam;email;tekst" : "soort;naam;email;tekst"] : []
            for row in rows {
                let who = details(tag, row)
                let fields = [plan.ownIDs ? "K-\(tag)\(row)" : nil, "inspraakreactie", who?.name ?? "", who?.email ?? "", text(tag, row)]
                lines.append(fields.compactMap { $0 }.map(Self.csvField).joined(separator: ";"))
            }
            return lines
        }

        private func answerRows(_ ids: ArraySlice<InputID>, motivation: String) -> [String] {
            var lines = ["kenmerk;oordeel;motivering"]
            for (row, id) in zip(ids.indices, ids) {
                let verdict = Verdict.allCases[row % Verdict.allCases.count].rawValue
                lines.append([id.rawValue, verdict, self.motivation(motivation, row)].map(Self.csvField).joined(separator: ";"))
            }
            return lines
        }

        func motivation(_ prefix: String, _ row: Int) -> String {
            let length = max(0, min(plan.rowBytes, InputLimits.noteLength - 100))
            return "\(prefix) c\(row): \(WriterLoop.filler.prefix(length).trimmingCharacters(in: .whitespaces))."
        }

        static func csvField(_ value: String) -> String {
            guard value.contains(where: { $0 == ";" || $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        private func write(_ lines: [String], to path: String) throws {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        }

        // MARK: Checking

        /// Checks the reopened process against the prepared one: unchanged when the command is
        /// absent, changed exactly as the command says when it is whole; contact details
        /// neither lost nor left behind, also in the raw bytes of personal.jsonl.
        private func check(
            _ store: ParticipationStore, whole: Bool, before: ProcessState, detailsBefore: [InputID: PersonalDetails]
        ) throws {
            guard let state = store.process(BigCommandTrials.process) else { throw TrialFailure("proces p ontbreekt na heropenen") }
            let details = store.personalDetails(process: BigCommandTrials.process)
            func occurrences(_ text: String) -> Int { Trial.occurrences(text, inFile: self.store + "/personal.jsonl") }
            if !whole {
                guard state == before else { throw TrialFailure("de opdracht staat niet in het journaal, maar de toestand is veranderd") }
                guard details == detailsBefore else {
                    throw TrialFailure("de opdracht staat er niet in, maar de contactgegevens zijn veranderd")
                }
            }
            switch plan.kind {
            case .inputImport:
                let names = (0..<plan.rows).filter(plan.hasNames).count
                let left = occurrences("\"name\":\"Indiener c")
                if !whole {
                    guard left == 0 else {
                        throw TrialFailure(
                            "de import staat er niet in, maar personal.jsonl bevat nog \(left) van de \(names) namen uit het bestand")
                    }
                    return
                }
                guard left == names else { throw TrialFailure("personal.jsonl bevat \(left) namen uit het bestand, verwacht \(names)") }
                guard state.inputs.count == before.inputs.count + plan.rows,
                    Array(state.inputs.prefix(before.inputs.count)) == before.inputs
                else {
                    throw TrialFailure("\(state.inputs.count) reacties na de import van \(plan.rows) bij \(before.inputs.count)")
                }
                for (row, input) in state.inputs.dropFirst(before.inputs.count).enumerated() {
                    guard input.text == text("c", row), !plan.ownIDs || input.id.rawValue == "K-c\(row)" else {
                        throw TrialFailure("reactie \(input.id) is niet rij \(row) van het bestand: \(input.text.prefix(40))")
                    }
                    guard details[input.id] == self.details("c", row) else {
                        throw TrialFailure("reactie \(input.id): contactgegevens \(details[input.id].map { "\($0)" } ?? "geen")")
                    }
                }
                guard details.count == detailsBefore.count + names else {
                    throw TrialFailure("\(details.count) keer contactgegevens, verwacht \(detailsBefore.count + names)")
                }
            case .feedbackImport:
                guard whole else { return }
                guard details == detailsBefore else { throw TrialFailure("de contactgegevens zijn veranderd") }
                try compareInputs(state, before) { old, new in
                    guard let row = Self.row(of: old, tag: "c") else { return old == new }
                    return new.feedback.count == old.feedback.count + 1 && new.feedback.dropLast() == old.feedback[...]
                        && new.currentFeedback?.motivation == motivation("Antwoord", row)
                        && new.currentFeedback?.verdict == Verdict.allCases[row % Verdict.allCases.count] && new.sentOn == nil
                }
            case .feedbackSent:
                guard whole else { return }
                guard details == detailsBefore else { throw TrialFailure("de contactgegevens zijn veranderd") }
                try compareInputs(state, before) { old, new in
                    guard old.isAnswered, !old.isSent else { return old == new }
                    var expected = old
                    expected.sentOn = new.sentOn
                    return new.sentOn != nil && new == expected
                }
                guard state.unsentIDs.allSatisfy({ state.input($0)?.isAnswered == false }) else {
                    throw TrialFailure("na feedback sent --all is een antwoord nog niet verstuurd")
                }
            case .redact:
                let row = plan.target
                guard let id = state.inputs.first(where: { Self.row(of: $0, tag: "c") == row })?.id,
                    let who = self.details("c", row), let name = who.name, let email = who.email
                else { throw TrialFailure("reactie \(row) ontbreekt") }
                let left = occurrences("\"\(name)\"") + occurrences("\"\(email)\"")
                if !whole {
                    guard details[id] == who, left == 2 else {
                        throw TrialFailure("de verwijdering staat er niet in, maar de contactgegevens van \(id) zijn weg")
                    }
                    return
                }
                guard left == 0 else { throw TrialFailure("\(id) is verwijderd, maar personal.jsonl bevat nog naam of e-mail") }
                var expected = detailsBefore
                expected[id] = nil
                guard details == expected else { throw TrialFailure("na de verwijdering van \(id) zijn andere contactgegevens veranderd") }
                try compareInputs(state, before) { old, new in
                    guard old.id == id else { return old == new }
                    var expected = old
                    expected.redaction = new.redaction
                    return new.redaction != nil && new == expected
                }
            }
        }

        /// How often `text` occurs in the raw bytes of a file.
        static func occurrences(_ text: String, inFile path: String) -> Int {
            let raw = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            let needle = Array(text.utf8)
            var count = 0
            var rest = raw[...]
            while let range = rest.firstRange(of: needle) {
                count += 1
                rest = rest[range.upperBound...]
            }
            return count
        }

        /// Checks every input against its prepared version with `same`; nothing added or lost.
        private func compareInputs(_ state: ProcessState, _ before: ProcessState, same: (InputRecord, InputRecord) -> Bool) throws {
            guard state.inputs.count == before.inputs.count else {
                throw TrialFailure("\(state.inputs.count) reacties, vóór de opdracht \(before.inputs.count)")
            }
            for (old, new) in zip(before.inputs, state.inputs) where !same(old, new) {
                throw TrialFailure("reactie \(old.id) is niet veranderd zoals de opdracht zegt")
            }
        }
    }

    /// The `participatie` CLI on one store, as the trials run it.
    struct CLI {
        var executable: String
        var store: String
        var errorFile: String

        /// Starts `participatie ARGUMENTS`.
        func start(_ arguments: [String]) throws -> ChildWriter {
            try ChildWriter(
                executable: executable, arguments: arguments,
                environment: [
                    "PARTICIPATIE_STORE": store, "PARTICIPATIE_NOW": BigCommandTrials.now, "PARTICIPATIE_ACTOR": "projectleider",
                ],
                name: "participatie", errorFile: errorFile)
        }

        /// Runs `participatie ARGUMENTS` to its end; returns its stdout, throws unless it exits with 0.
        @discardableResult
        func run(_ arguments: [String]) throws -> [String] {
            let child = try start(arguments)
            let lines = try child.finish(timeout: 600)
            guard child.exitedCleanly else {
                throw TrialFailure("participatie \(arguments.joined(separator: " ")): \(child.ending); \(child.errorText)")
            }
            return lines
        }
    }
}

extension ChildWriter {
    /// Reads its stdout until it closes and reaps it; returns every line. Kills it after
    /// `timeout` seconds.
    func finish(timeout: Double) throws -> [String] {
        let started = Dutch.monotonic()
        var round = 0
        while isOpen {
            guard Dutch.monotonic() - started < timeout else {
                killNow()
                reap()
                throw TrialFailure("\(name) was na \(Int(timeout)) s niet klaar")
            }
            ChildWriter.pump([self], timeout: 0.5, round: &round)
        }
        reap()
        return lines
    }
}
