import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// The subcommands that test the store across processes: `writer` (the child that appends
/// and acknowledges), `crash-trials` (kills writers, or with `--commands big` the real
/// `participatie` during a large command, at random moments and checks the store),
/// `crash-trial` (one trial of `--commands big`) and `concurrent-writers` (several writers on
/// one store at once).
enum StoreTrialCommand {
    static let usage = """
        participatie-trials writer | crash-trials | crash-trial | concurrent-writers — de opslag onder stress

        Gebruik:
          participatie-trials writer --store MAP --process P --count N [--seed S] [--start-process]
                                    [--batch-max K] [--prefix X] [--text-max B] [--snapshot-every E]
          participatie-trials crash-trials [--trials N] [--seed S] [--per-store M] [--dir MAP] [--keep]
          participatie-trials crash-trials --commands big [--trials N] [--seed S] [--max-rows R]
                                    [--participatie PAD] [--dir MAP] [--keep]
          participatie-trials crash-trial --seed S --store MAP [--max-rows R] [--participatie PAD]
          participatie-trials concurrent-writers [--writers 2,4] [--commands N] [--layout same,own]
                                    [--batch-max K] [--seed S] [--dir MAP] [--keep]

        writer
          Voegt N opdrachten `addInputs` (elk 1 tot K reacties) toe aan proces P en meldt elke
          opdracht op stdout: `try I K` vlak voor `execute`, `ack I SEQ ID,ID,…` zodra `execute`
          terugkomt (dan is de opdracht duurzaam geschreven). Elke tekst begint met het kenmerk
          `XI.J` en `p` (met contactgegevens) of `-`; een deel van de reacties krijgt dat kenmerk
          als id, de rest wordt door de engine genummerd.
        crash-trials
          Start per proef een writer, doodt hem met SIGKILL op een willekeurig (uit het zaad
          afgeleid) moment, opent de opslag opnieuw en controleert alles. Soms schrijft er een
          tweede writer tegelijk door, die het afgebroken stuk zelf moet wegzetten.
        crash-trials --commands big
          Doodt per proef het echte programma participatie (standaard het programma naast
          participatie-trials; anders --participatie PAD) met SIGKILL tijdens één grote opdracht:
          input import of feedback import van 1 tot R rijen (standaard 20.000), feedback sent --all
          of redact. Het moment is een deel van de tijd die dezelfde opdracht op een kopie van de
          opslag nodig had. Daarna moet de opdracht er helemaal of helemaal niet in staan, ook in
          personal.jsonl; de opslag moet opengaan in de bibliotheek en met participatie status,
          participatie verify moet "In orde" zeggen en een volgende opdracht moet lukken. Standaard
          100 proeven.
        crash-trial
          Eén proef van crash-trials --commands big, met zijn zaad (zo draait de reeks elke proef,
          en zo speel je een mislukte proef na). Meldt `trace …` en `result …` of `fail …`.
        concurrent-writers
          Laat 2 en 4 writers elk N opdrachten tegelijk op één opslag schrijven, op één proces
          (same) en elk op een eigen proces (own), en controleert dat er niets verloren of
          dubbel is en dat de volgnummers aansluiten.
        """

    /// Runs one of these subcommands; `nil` when the arguments name another one.
    static func run(_ arguments: [String]) -> Int32? {
        guard let first = arguments.first else { return nil }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h"), ["writer", "crash-trials", "crash-trial", "concurrent-writers"].contains(first) {
            print(usage)
            return 0
        }
        switch first {
        case "writer": return WriterLoop.main(rest)
        case "crash-trials": return CrashTrials.main(rest)
        case "crash-trial": return BigCommandTrials.trialMain(rest)
        case "concurrent-writers": return ConcurrentWriters.main(rest)
        default: return nil
        }
    }

    /// Reads `--name value` pairs and bare `--flag`s; `nil` on anything unknown.
    static func options(_ arguments: [String], values: Set<String>, flags: Set<String> = []) -> [String: String]? {
        var result: [String: String] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if flags.contains(argument) {
                result[argument] = ""
            } else if values.contains(argument), let value = rest.popFirst() {
                result[argument] = value
            } else {
                return nil
            }
        }
        return result
    }

    /// One line on stdout with one `write(2)`: nothing is buffered when the process is killed.
    static func emit(_ line: String) {
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(1, base + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                exit(2)
            }
            written += result
        }
    }

    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return 64
    }
}

/// SplitMix64: a small seeded generator, so a trial can be repeated from its seed.
struct TrialRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `participatie-trials writer`: appends `addInputs` commands to one process and
/// acknowledges each one on stdout once `execute` has returned.
///
/// Lines on stdout, each written with one `write(2)` (so a parent reading the pipe sees
/// whole lines, even when this process is killed):
///
/// ```
/// ready SEQ                 the store is open and the process exists; SEQ is the head
/// try I K                   command I (K inputs) is about to be executed
/// ack I SEQ ID,ID,…         command I is durable; SEQ is its last journal line
/// recovered FILE            this store set aside a cut-off command of another process
/// done N                    all N commands acknowledged
/// ```
enum WriterLoop {
    /// The workflow the writers use: one state that accepts reactions, and a way out.
    static let workflow = """
        {
          "formatVersion": 1,
          "id": "schrijfproef",
          "version": "1",
          "title": "Schrijfproef (crash- en gelijktijdigheidsproeven)",
          "calendar": "calendar",
          "roles": { "projectleider": "Projectleider", "college": "College van B en W" },
          "inputKinds": { "inspraakreactie": { "label": "Inspraakreactie", "feedback": "required" } },
          "initial": "terInzage",
          "states": {
            "terInzage": { "label": "Ter inzage", "phase": "denken", "accepts": ["inspraakreactie"] },
            "besluit": { "label": "Besluit", "phase": "besluiten" },
            "afgerond": { "label": "Afgerond", "phase": "leren", "final": true, "outcome": "vastgesteld" }
          },
          "transitions": [
            { "name": "besluiten", "from": ["terInzage"], "to": "besluit", "by": ["college"], "decision": true },
            { "name": "afronden", "from": ["besluit"], "to": "afgerond", "by": ["projectleider"] }
          ]
        }
        """

    static let actor = ActorIdentity(role: "projectleider", name: "Schrijfproef")
    static let kind = InputKindID("inspraakreactie")
    /// A fixed moment, so every run writes the same kind of lines.
    static let now = Date(timeIntervalSince1970: 1_744_704_000)  // 2025-04-15T08:00:00Z

    /// Words to fill input texts with, up to `--text-max` bytes.
    static let filler: String = {
        let words = ["inspraak", "bomen", "parkeren", "fietspad", "geluid", "speeltuin", "water", "groen", "verkeer", "wijk"]
        var generator = TrialRandom(seed: 42)
        var text = ""
        while text.utf8.count < 100_000 { text += words[Int(generator.next() % UInt64(words.count))] + " " }
        return text
    }()

    /// The text of input J of command I: the tag, whether it has contact details, filler.
    static func text(tag: String, personal: Bool, filler length: Int) -> String {
        tag + (personal ? " p " : " - ") + Self.filler.prefix(length)
    }

    static func main(_ arguments: [String]) -> Int32 {
        guard
            let options = StoreTrialCommand.options(
                arguments,
                values: [
                    "--store", "--process", "--count", "--seed", "--batch-max", "--prefix", "--text-max", "--snapshot-every",
                ],
                flags: ["--start-process"]),
            let store = options["--store"], let process = options["--process"], let count = options["--count"].flatMap({ Int($0) }),
            count >= 0
        else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        let seed = options["--seed"].flatMap { UInt64($0) } ?? 1
        let batchMax = options["--batch-max"].flatMap { Int($0) } ?? 5
        let textMax = options["--text-max"].flatMap { Int($0) } ?? 4_000
        guard batchMax >= 1, textMax >= 0, textMax < 90_000 else { return StoreTrialCommand.fail(StoreTrialCommand.usage) }
        let snapshotEvery = options["--snapshot-every"].flatMap { Int($0) }
        let writer = Writer(
            store: store, process: ProcessID(process), prefix: options["--prefix"] ?? "", seed: seed, batchMax: batchMax,
            textMax: textMax, snapshotEvery: snapshotEvery)
        do {
            try writer.run(count: count, startProcess: options["--start-process"] != nil)
            return 0
        } catch {
            FileHandle.standardError.write(Data("participatie-trials writer: \(error)\n".utf8))
            return 1
        }
    }

    struct Writer {
        var store: String
        var process: ProcessID
        var prefix: String
        var seed: UInt64
        var batchMax: Int
        var textMax: Int
        /// Events between snapshots (the store's own default when `nil`).
        var snapshotEvery: Int?

        func run(count: Int, startProcess: Bool) throws {
            let store = try ParticipationStore(path: self.store, session: .exercise())
            if let snapshotEvery { store.snapshotInterval = snapshotEvery }
            let file = try WorkflowFile(bytes: Array(WriterLoop.workflow.utf8), file: "schrijfproef.json")
            let hash = try store.storeDefinition(file)
            if startProcess {
                let start = StartProcess(id: process, title: "Schrijfproef \(process)", definitionHash: hash)
                do {
                    try store.execute(.start(start), on: process, by: WriterLoop.actor, at: WriterLoop.now)
                } catch {
                    // Refused when another writer started it first; the store has caught up.
                    if case .refused = error, store.process(process) != nil {} else { throw error }
                }
            }
            var note = store.recoveryNote
            // A cut-off command of another writer may already have been set aside while this
            // store opened (also during its own tidying): report that one too.
            if let note, note.contains("half geschreven opdracht") { emit("recovered \(note)") }
            emit("ready \(store.head.seq)")
            var generator = TrialRandom(seed: seed)
            for index in 0..<count {
                let number = index + 1
                let size = Int.random(in: 1...batchMax, using: &generator)
                var inputs: [NewInput] = []
                var personal: [PersonalDetails?] = []
                for part in 1...size {
                    let tag = "\(prefix)\(number).\(part)"
                    let hasPersonal = generator.next() % 3 == 0
                    let ownID = generator.next() % 2 == 0
                    let length = Int.random(in: 0...textMax, using: &generator)
                    inputs.append(
                        NewInput(
                            id: ownID ? InputID(tag) : nil, kind: WriterLoop.kind,
                            text: WriterLoop.text(tag: tag, personal: hasPersonal, filler: length)))
                    personal.append(hasPersonal ? PersonalDetails(name: "Schrijver \(tag)", email: "\(tag)@example.nl") : nil)
                }
                emit("try \(number) \(size)")
                let recorded = try store.execute(
                    .addInputs(inputs), on: process, by: WriterLoop.actor, at: WriterLoop.now, personal: personal)
                var ids: [String] = []
                for item in recorded { if case .inputReceived(let received) = item.event.payload { ids.append(received.input.rawValue) } }
                guard let last = recorded.last, ids.count == size else {
                    throw WriterError(message: "opdracht \(number) gaf \(ids.count) reacties terug in plaats van \(size)")
                }
                emit("ack \(number) \(last.seq) \(ids.joined(separator: ","))")
                if store.recoveryNote != note {
                    note = store.recoveryNote
                    emit("recovered \(note ?? "")")
                }
            }
            emit("done \(count)")
        }

        private func emit(_ line: String) { StoreTrialCommand.emit(line) }
    }

    struct WriterError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
