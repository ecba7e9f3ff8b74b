import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// `participatie-trials concurrent-writers`: several writer processes append to one store at
/// the same time, all on one process or each on its own; afterwards nothing may be lost or
/// doubled, the sequence numbers must run without gaps and the chain must verify.
enum ConcurrentWriters {
    enum Layout: String {
        /// Every writer on the same process (ids numbered by the engine must not collide).
        case same
        /// Every writer on a process of its own, in the same store.
        case own

        var dutch: String { self == .same ? "één proces" : "elk een eigen proces" }
    }

    struct Setup {
        var writers: Int
        var layout: Layout
        var commands: Int
        var batchMax: Int
        var textMax: Int
        var seed: UInt64
    }

    struct Outcome {
        var commands = 0
        var lines: UInt64 = 0
        var seconds = 0.0
    }

    static func main(_ arguments: [String]) -> Int32 {
        guard
            let options = StoreTrialCommand.options(
                arguments, values: ["--writers", "--commands", "--layout", "--batch-max", "--text-max", "--seed", "--dir"],
                flags: ["--keep"]),
            let commands = Int(options["--commands"] ?? "10000"), commands > 0,
            let batchMax = Int(options["--batch-max"] ?? "3"), batchMax > 0,
            let textMax = Int(options["--text-max"] ?? "200"), textMax >= 0,
            let seed = UInt64(options["--seed"] ?? "1")
        else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        let counts = (options["--writers"] ?? "2,4").split(separator: ",").compactMap { Int($0) }
        let layouts = (options["--layout"] ?? "same,own").split(separator: ",").compactMap { Layout(rawValue: String($0)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }), !layouts.isEmpty else {
            return StoreTrialCommand.fail(StoreTrialCommand.usage)
        }
        let base = options["--dir"] ?? (NSTemporaryDirectory() + "participatie-concurrent-\(getpid())")
        let keep = options["--keep"] != nil
        let executable = StoreChecks.executablePath()
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)

        var failed = false
        var total = Outcome()
        for writers in counts {
            for layout in layouts {
                let setup = Setup(writers: writers, layout: layout, commands: commands, batchMax: batchMax, textMax: textMax, seed: seed)
                let store = "\(base)/\(writers)-\(layout.rawValue)"
                let label = "\(writers) schrijvers × \(Dutch.count(commands)) opdrachten, \(layout.dutch)"
                do {
                    let outcome = try run(setup, store: store, executable: executable, label: label)
                    total.commands += outcome.commands
                    total.lines += outcome.lines
                    total.seconds += outcome.seconds
                    print(
                        "\(label): in orde — \(Dutch.count(outcome.commands)) opdrachten, \(Dutch.count(Int(outcome.lines))) regels, "
                            + "volgnummers 1 tot en met \(Dutch.count(Int(outcome.lines))) zonder gat, niets dubbel, verify in orde; "
                            + "\(Dutch.seconds(outcome.seconds)) (\(Dutch.count(Int(Double(outcome.commands) / max(outcome.seconds, 0.001)))) opdrachten/s)"
                    )
                    if !keep { try? FileManager.default.removeItem(atPath: store) }
                } catch {
                    failed = true
                    print("\(label): FOUT: \(error) — opslag bewaard in \(store)")
                }
                fflush(nil)  // one result line at a time, also into a file
            }
        }
        if !failed, !keep { try? FileManager.default.removeItem(atPath: base) }
        print(
            failed
                ? "niet alles in orde"
                : "alles in orde: \(Dutch.count(total.commands)) opdrachten, \(Dutch.count(Int(total.lines))) regels, \(Dutch.seconds(total.seconds))"
        )
        return failed ? 1 : 0
    }

    static func run(_ setup: Setup, store: String, executable: String, label: String) throws -> Outcome {
        try? FileManager.default.removeItem(atPath: store)
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        let processes = (1...setup.writers).map { setup.layout == .same ? ProcessID("P") : ProcessID("W\($0)") }
        let children = try (1...setup.writers).map { number in
            try ChildWriter(
                executable: executable,
                arguments: [
                    "writer", "--store", store, "--process", processes[number - 1].rawValue, "--count", String(setup.commands),
                    "--seed", String(setup.seed &+ UInt64(number)), "--start-process", "--prefix", "w\(number)-",
                    "--batch-max", String(setup.batchMax), "--text-max", String(setup.textMax),
                ],
                name: "schrijver \(number)", prefix: "w\(number)-", errorFile: "\(store)-\(number).err")
        }
        defer { for number in 1...setup.writers { try? FileManager.default.removeItem(atPath: "\(store)-\(number).err") } }
        let total = setup.commands * setup.writers
        let started = Dutch.monotonic()
        var reported = started
        var round = 0
        while children.contains(where: \.isOpen) {
            ChildWriter.pump(children, timeout: 1, round: &round)
            let now = Dutch.monotonic()
            if now - reported >= 5 {
                reported = now
                let done = children.reduce(0) { $0 + $1.log.acked.count }
                FileHandle.standardError.write(
                    Data(
                        ("  \(label): \(Dutch.count(done))/\(Dutch.count(total)) opdrachten, "
                            + "\(Dutch.count(Int(Double(done) / (now - started))))/s, \(Dutch.seconds(now - started))\n").utf8))
            }
        }
        for child in children { child.reap() }
        let seconds = Dutch.monotonic() - started

        let before = ParticipationStore.verify(at: store)
        guard before.isIntact, before.tornBytes == 0, before.setAside.isEmpty else { throw TrialFailure("verify: \(before)") }
        let reopened = try ParticipationStore(path: store)
        guard reopened.recoveryNote == nil else { throw TrialFailure("onverwachte melding bij openen: \(reopened.recoveryNote ?? "")") }
        try StoreChecks.checkVerified(reopened)
        let (entries, head) = try StoreChecks.entries(store: store, from: nil)
        guard entries.count == Int(head.seq), entries.enumerated().allSatisfy({ $0.element.seq == UInt64($0.offset + 1) }) else {
            throw TrialFailure("\(entries.count) regels gelezen, kop is regel \(head.seq): er zit een gat in de volgnummers")
        }
        for child in children {
            _ = try StoreChecks.check(child, killed: false, entries: entries)
            guard child.log.acked.count == setup.commands else {
                throw TrialFailure("\(child.name) bevestigde \(child.log.acked.count) van \(setup.commands) opdrachten")
            }
            var previous: UInt64 = 0
            for number in 1...setup.commands {
                guard let ack = child.log.acked[number], ack.seq > previous else {
                    throw TrialFailure("\(child.name): opdracht \(number) staat niet na opdracht \(number - 1)")
                }
                previous = ack.seq
            }
        }

        // Every line belongs to exactly one acknowledged command or one start.
        var owner = [Int](repeating: 0, count: Int(head.seq) + 1)
        for (index, child) in children.enumerated() {
            for (number, ack) in child.log.acked {
                let size = child.log.tried[number] ?? 0
                for seq in (ack.seq + 1 - UInt64(size))...ack.seq {
                    guard owner[Int(seq)] == 0 else { throw TrialFailure("regel \(seq) hoort bij twee opdrachten") }
                    owner[Int(seq)] = index + 1
                }
            }
        }
        var starts = 0
        // The store's first line (`storeCreated`) belongs with the first start.
        for entry in entries where entry.type == "storeCreated" {
            guard owner[Int(entry.seq)] == 0 else { throw TrialFailure("regel \(entry.seq) is het begin van de opslag én een opdracht") }
            owner[Int(entry.seq)] = -1
        }
        for entry in entries where entry.type == "processStarted" {
            guard owner[Int(entry.seq)] == 0 else { throw TrialFailure("regel \(entry.seq) is een start én een opdracht") }
            owner[Int(entry.seq)] = -1
            starts += 1
        }
        if let orphan = owner.indices.dropFirst().first(where: { owner[$0] == 0 }) {
            throw TrialFailure("regel \(orphan) hoort bij geen bevestigde opdracht")
        }
        guard starts == Set(processes).count else {
            throw TrialFailure("\(starts) keer een proces gestart, verwacht \(Set(processes).count)")
        }

        for process in Set(processes) {
            let prefixes = children.indices.filter { processes[$0] == process }.map { children[$0].prefix }
            try StoreChecks.checkState(
                reopened, process: process, prefixes: prefixes, entries: entries.filter { $0.process == process.rawValue })
        }
        try StoreChecks.checkReplay(reopened, scratch: store + "-naspelen")
        return Outcome(commands: total, lines: head.seq, seconds: seconds)
    }
}
