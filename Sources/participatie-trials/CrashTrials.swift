import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// `participatie-trials crash-trials`: kills a writer with SIGKILL at a random moment, reopens
/// the store and checks that every acknowledged command is there, nothing is half applied,
/// the chain verifies and a cut-off command was set aside and reported.
///
/// Trials share a store in groups (`--per-store`), so later trials also start from a store
/// that was recovered before. All moments are drawn from `--seed`.
enum CrashTrials {
    /// What one trial does; drawn from the run's seed.
    struct Plan: CustomStringConvertible {
        enum Moment {
            /// Microseconds after starting the writer (it may not have opened the store yet).
            case afterStart(Int)
            /// Microseconds after the writer announced command N (so mostly during its write or fsync).
            case afterTry(Int, Int)
            /// Microseconds after the writer acknowledged N commands.
            case afterAck(Int, Int)
        }

        var number: Int
        var seed: UInt64
        var moment: Moment
        /// Commands of a second writer that runs at the same time and must finish.
        var survivor: Int?
        var textMax: Int
        var snapshotEvery: Int
        /// Whether to cut the killed command off at a random byte, as if the kill had come
        /// during its `write` (see ``CrashTrials/tear(_:store:plan:)``), and where.
        var tear: Bool
        var cut: UInt64

        init(number: Int, random: inout TrialRandom) {
            self.number = number
            seed = random.next()
            switch random.next() % 10 {
            case 0...2: moment = .afterStart(Int.random(in: 0...50_000, using: &random))
            case 3...6: moment = .afterTry(Int.random(in: 1...12, using: &random), Int.random(in: 0...1_500, using: &random))
            default: moment = .afterAck(Int.random(in: 0...12, using: &random), Int.random(in: 0...3_000, using: &random))
            }
            survivor = random.next() % 3 == 0 ? Int.random(in: 3...25, using: &random) : nil
            textMax = [100, 2_000, 12_000][Int(random.next() % 3)]
            snapshotEvery = [7, 40, 10_000][Int(random.next() % 3)]
            tear = random.next() % 2 == 0
            cut = random.next()
        }

        var victimPrefix: String { "t\(number)v-" }
        var survivorPrefix: String { "t\(number)s-" }

        var description: String {
            let when =
                switch moment {
                case .afterStart(let micro): "\(micro) µs na de start"
                case .afterTry(let count, let micro): "\(micro) µs na `try \(count)`"
                case .afterAck(let count, let micro): "\(micro) µs na \(count) bevestigingen"
                }
            return "proef \(number) (zaad \(seed), SIGKILL \(when), tekst tot \(textMax) bytes, snapshot per \(snapshotEvery)"
                + (survivor.map { ", tweede schrijver met \($0) opdrachten" } ?? "") + (tear ? ", afkappen" : "") + ")"
        }
    }

    /// The figures of a run.
    struct Tally {
        var trials = 0
        var clean = 0
        var tornAtReopen = 0
        var tornBySurvivor = 0
        /// Cut-off commands made by ``CrashTrials/tear(_:store:plan:)``, not by the kill itself.
        var tornMadeByTrial = 0
        var acknowledged = 0
        var inFlightWritten = 0
        var inFlightAbsent = 0
        var killedBeforeReady = 0
        var withSurvivor = 0

        /// Adds the figures of a clean trial.
        mutating func add(_ trial: Tally) {
            trials += trial.trials
            clean += trial.clean
            tornAtReopen += trial.tornAtReopen
            tornBySurvivor += trial.tornBySurvivor
            tornMadeByTrial += trial.tornMadeByTrial
            acknowledged += trial.acknowledged
            inFlightWritten += trial.inFlightWritten
            inFlightAbsent += trial.inFlightAbsent
            killedBeforeReady += trial.killedBeforeReady
            withSurvivor += trial.withSurvivor
        }
    }

    static let process = ProcessID("P")

    static func main(_ arguments: [String]) -> Int32 {
        guard
            let options = StoreTrialCommand.options(
                arguments, values: ["--trials", "--seed", "--per-store", "--dir", "--commands", "--participatie", "--max-rows"],
                flags: ["--keep"])
        else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        switch options["--commands"] {
        case "big": return BigCommandTrials.main(options)
        case "small"?, nil: break
        default: return StoreTrialCommand.fail(StoreTrialCommand.usage)
        }
        guard options["--participatie"] == nil, options["--max-rows"] == nil,
            let trials = Int(options["--trials"] ?? "1000"), trials > 0,
            let seed = UInt64(options["--seed"] ?? "1"),
            let perStore = Int(options["--per-store"] ?? "20"), perStore > 0
        else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        let base = options["--dir"] ?? (NSTemporaryDirectory() + "participatie-crash-\(getpid())")
        let keep = options["--keep"] != nil
        let executable = StoreChecks.executablePath()
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)

        var random = TrialRandom(seed: seed)
        var tally = Tally()
        var failures: [String] = []
        var keptStores: Set<String> = []
        var store = ""
        var position: Journal.Position?
        var group = 0
        let started = Dutch.monotonic()
        for number in 1...trials {
            if (number - 1) % perStore == 0 || store.isEmpty {
                if !store.isEmpty, !keep, !keptStores.contains(store) { try? FileManager.default.removeItem(atPath: store) }
                group += 1
                store = "\(base)/opslag-\(group)"
                try? FileManager.default.removeItem(atPath: store)
                position = nil
            }
            let plan = Plan(number: number, random: &random)
            tally.trials += 1
            do {
                var trial = Tally()
                try run(plan, store: store, position: &position, executable: executable, scratch: base + "/naspelen", tally: &trial)
                trial.clean = 1
                tally.add(trial)
            } catch {
                failures.append("FOUT in \(plan): \(error) — opslag bewaard in \(store)")
                FileHandle.standardError.write(Data("\(failures[failures.count - 1])\n".utf8))
                keptStores.insert(store)
                store = ""
            }
            if number % 100 == 0 || number == trials {
                FileHandle.standardError.write(
                    Data(
                        ("  \(Dutch.count(number))/\(Dutch.count(trials)) proeven, \(Dutch.count(tally.clean)) schoon, "
                            + "\(tally.tornAtReopen + tally.tornBySurvivor) afgebroken staarten, \(Dutch.seconds(Dutch.monotonic() - started))\n")
                            .utf8))
            }
        }
        if !store.isEmpty, !keep, !keptStores.contains(store) { try? FileManager.default.removeItem(atPath: store) }
        if !keep, keptStores.isEmpty { try? FileManager.default.removeItem(atPath: base) }

        let torn = tally.tornAtReopen + tally.tornBySurvivor
        print(
            "\(Dutch.count(tally.clean))/\(Dutch.count(tally.trials)) proeven schoon; \(Dutch.count(torn)) keer een afgebroken staart weggezet "
                + "(\(Dutch.count(tally.tornAtReopen)) bij heropenen, \(Dutch.count(tally.tornBySurvivor)) door een tweede schrijver; "
                + "\(Dutch.count(torn - tally.tornMadeByTrial)) door de SIGKILL zelf, \(Dutch.count(tally.tornMadeByTrial)) nagebootst door "
                + "de onderbroken opdracht af te kappen)")
        print(
            "zaad \(seed); \(Dutch.count(tally.acknowledged)) opdrachten bevestigd en teruggevonden; de onderbroken opdracht stond er "
                + "\(Dutch.count(tally.inFlightWritten)) keer helemaal in en \(Dutch.count(tally.inFlightAbsent)) keer helemaal niet; "
                + "\(Dutch.count(tally.killedBeforeReady)) keer gedood voordat de opslag open was; \(Dutch.count(tally.withSurvivor)) proeven "
                + "met een tweede schrijver; \(Dutch.seconds(Dutch.monotonic() - started))")
        for failure in failures.prefix(10) { print(failure) }
        return failures.isEmpty ? 0 : 1
    }

    /// Runs one trial on `store` and checks the outcome; `position` is where the previous
    /// trial's check left off.
    static func run(
        _ plan: Plan, store: String, position: inout Journal.Position?, executable: String, scratch: String, tally: inout Tally
    ) throws {
        let atStart = StoreChecks.tornFiles(store)
        func arguments(prefix: String, count: Int, seed: UInt64) -> [String] {
            [
                "writer", "--store", store, "--process", process.rawValue, "--count", String(count), "--seed", String(seed),
                "--start-process", "--prefix", prefix, "--batch-max", "5", "--text-max", String(plan.textMax),
                "--snapshot-every", String(plan.snapshotEvery),
            ]
        }
        let victim = try ChildWriter(
            executable: executable, arguments: arguments(prefix: plan.victimPrefix, count: 1_000_000, seed: plan.seed),
            name: "de gedode schrijver", prefix: plan.victimPrefix, errorFile: store + "-victim.err")
        let survivor = try plan.survivor.map { count in
            try ChildWriter(
                executable: executable, arguments: arguments(prefix: plan.survivorPrefix, count: count, seed: plan.seed ^ 0x5A5A),
                name: "de tweede schrijver", prefix: plan.survivorPrefix, errorFile: store + "-survivor.err")
        }
        defer {
            try? FileManager.default.removeItem(atPath: store + "-victim.err")
            try? FileManager.default.removeItem(atPath: store + "-survivor.err")
        }
        let children = [victim] + (survivor.map { [$0] } ?? [])
        let started = Dutch.monotonic()
        var round = 0

        // Wait for the moment, then kill.
        var delay = 0
        waiting: while true {
            let now = Dutch.monotonic()
            switch plan.moment {
            case .afterStart(let micro):
                if now - started >= Double(micro) / 1e6 { break waiting }
                ChildWriter.pump(children, timeout: Double(micro) / 1e6 - (now - started), round: &round)
                continue
            case .afterTry(let count, let micro):
                delay = micro
                if victim.log.lastTried >= count { break waiting }
            case .afterAck(let count, let micro):
                delay = micro
                if victim.log.lastAcked >= count { break waiting }
            }
            guard victim.isOpen else {
                victim.reap()
                throw TrialFailure("de schrijver stopte vóór de SIGKILL: \(victim.ending); \(victim.errorText)")
            }
            guard now - started < 30 else { throw TrialFailure("de schrijver kwam in 30 s niet zover") }
            ChildWriter.pump(children, timeout: 0.1, round: &round)
        }
        if delay > 0 { usleep(UInt32(delay)) }
        victim.killNow()
        let status = victim.reap()
        victim.drain()
        guard status & 0x7f == SIGKILL else {
            throw TrialFailure("de schrijver stopte vóór de SIGKILL: \(victim.ending); \(victim.errorText)")
        }
        let madeTear = plan.tear ? try tear(victim, survivor: survivor, store: store, plan: plan) : false
        if madeTear { tally.tornMadeByTrial += 1 }
        if let survivor {
            while survivor.isOpen {
                guard Dutch.monotonic() - started < 120 else { throw TrialFailure("de tweede schrijver was na 120 s niet klaar") }
                ChildWriter.pump([survivor], timeout: 0.5, round: &round)
            }
            survivor.reap()
        }
        if !victim.log.ready { tally.killedBeforeReady += 1 }
        if survivor != nil { tally.withSurvivor += 1 }

        // Reopen: a cut-off command is set aside, byte for byte, and reported.
        let opened = try StoreChecks.reopen(store)
        let reopened = opened.store
        if opened.tornBytes > 0 { tally.tornAtReopen += 1 }

        // What a second writer set aside while running was reported by it.
        let setAsideWhileRunning = opened.tornFilesBefore.subtracting(atStart)
        let reports = children.flatMap(\.log.recovered)
        for file in setAsideWhileRunning {
            guard reports.contains(where: { $0.contains(file) }) else {
                throw TrialFailure("\(file) is tijdens de proef apart gezet maar door geen schrijver gemeld (meldingen: \(reports))")
            }
            let bytes = [UInt8](FileManager.default.contents(atPath: "\(store)/journal/\(file)") ?? Data())
            let start = Array(#"{"v":1,"seq":"#.utf8)
            guard !bytes.isEmpty, bytes.starts(with: start.prefix(bytes.count)) else {
                throw TrialFailure("\(file) begint niet als een journaalregel")
            }
        }
        guard reports.count == setAsideWhileRunning.count else {
            throw TrialFailure(
                "schrijvers meldden \(reports.count) weggezette staarten, er kwamen \(setAsideWhileRunning.count) bestanden bij")
        }
        tally.tornBySurvivor += setAsideWhileRunning.count

        // Every acknowledged command whole, nothing half, nothing unannounced.
        let (entries, head) = try StoreChecks.entries(store: store, from: position)
        position = head
        switch try StoreChecks.check(victim, killed: true, entries: entries) {
        case true?:
            if madeTear { throw TrialFailure("de afgekapte opdracht \(victim.log.lastTried) staat na heropenen toch in het journaal") }
            tally.inFlightWritten += 1
        case false?: tally.inFlightAbsent += 1
        case nil: break
        }
        if madeTear, setAsideWhileRunning.count + (opened.tornBytes == 0 ? 0 : 1) != 1 {
            throw TrialFailure("de afgekapte opdracht is niet precies één keer apart gezet")
        }
        if let survivor { _ = try StoreChecks.check(survivor, killed: false, entries: entries) }
        tally.acknowledged += children.reduce(0) { $0 + $1.log.acked.count }
        try StoreChecks.checkState(reopened, process: process, prefixes: children.map(\.prefix), entries: entries)
        try StoreChecks.checkReplay(reopened, scratch: scratch)
    }

    /// Cuts the killed writer's last command off at a random byte, as a kill during its
    /// `write(2)` would have left it. A SIGKILL on Linux almost never lands inside the write
    /// of a command (microseconds against the milliseconds of the fsync), so without this the
    /// set-aside path would hardly ever be walked by a real process.
    ///
    /// Only done when that alternative history is possible: the command was never
    /// acknowledged, it is the last one in the journal, no snapshot includes it, and the second
    /// writer (if any) opened the store before the killed writer announced it, so it cannot
    /// have read it without writing a command after it. Runs under the store's lock, so a
    /// second writer still running finds the cut-off bytes on its next command.
    ///
    /// - Returns: Whether the command was cut off.
    static func tear(_ victim: ChildWriter, survivor: ChildWriter?, store: String, plan: Plan) throws -> Bool {
        let log = victim.log
        guard log.lastTried > log.lastAcked, let size = log.tried[log.lastTried] else { return false }
        if let survivor, survivor.log.readyRound >= log.lastTriedRound { return false }
        let lock = open(store + "/store.lock", O_RDWR | O_CLOEXEC)
        guard lock >= 0 else { return false }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw TrialFailure("kan het slot niet krijgen: \(String(cString: strerror(errno)))") }
        }
        defer { flock(lock, LOCK_UN) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store + "/journal")) ?? []
        guard let last = names.filter({ $0.hasSuffix(".jsonl") && $0.count == 12 }).compactMap({ Int($0.prefix(6)) }).max() else {
            return false
        }
        let path = StoreChecks.segmentPath(store, last)
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        guard bytes.last == UInt8(ascii: "\n") else { return false }
        var starts = [0]
        for index in bytes.indices.dropLast() where bytes[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
        guard starts.count >= size else { return false }
        let lines = starts.suffix(size)
        for (part, start) in lines.enumerated() {
            let end = part + 1 < size ? lines[lines.startIndex + part + 1] : bytes.count
            let marker = Array(#""text":"\#(plan.victimPrefix)\#(log.lastTried).\#(part + 1) "#.utf8)
            guard bytes[start..<end].firstRange(of: marker) != nil else { return false }
        }
        let commandStart = lines[lines.startIndex]
        if FileManager.default.fileExists(atPath: store + "/snapshot.bin") {
            guard let position = ParticipationStore.snapshotPosition(at: store) else { throw TrialFailure("snapshot.bin is niet leesbaar") }
            if position.segment > last || (position.segment == last && position.offset > UInt64(commandStart)) { return false }
        }
        let cut = commandStart + 1 + Int(plan.cut % UInt64(bytes.count - commandStart - 1))
        guard truncate(path, off_t(cut)) == 0 else { throw TrialFailure("kan \(path) niet afkappen: \(String(cString: strerror(errno)))") }
        return true
    }
}
