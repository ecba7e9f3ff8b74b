import Foundation
import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// A `participatie-trials writer` (or another program that writes to a store, such as the
/// `participatie` CLI) started as a child process; its stdout comes through a pipe and is read
/// line by line into ``lines`` and a ``WriterLog``.
final class ChildWriter {
    let name: String
    /// The tag prefix of its inputs (`t12v-`).
    let prefix: String
    let pid: pid_t
    let errorFile: String
    private(set) var log = WriterLog()
    /// Every line it wrote to stdout, in order.
    private(set) var lines: [String] = []
    private var output: Int32
    private var pending: [UInt8] = []
    /// The wait status once reaped.
    private(set) var status: Int32?

    /// Starts `executable`; `environment` is added to this process's environment.
    init(
        executable: String, arguments: [String], environment: [String: String] = [:], name: String, prefix: String = "",
        errorFile: String
    ) throws {
        self.name = name
        self.prefix = prefix
        self.errorFile = errorFile
        var ends: [Int32] = [-1, -1]
        // Both ends close on exec, so no other child holds this pipe open (the child gets a
        // copy of the write end as its stdout). Only this thread starts children.
        guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw TrialFailure("pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        let envp: [UnsafeMutablePointer<CChar>?] = merged.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        close(ends[1])
        guard result == 0 else {
            close(ends[0])
            throw TrialFailure("kan \(executable) niet starten: \(String(cString: strerror(result)))")
        }
        pid = child
        output = ends[0]
    }

    deinit {
        if output >= 0 { close(output) }
        if status == nil {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            _ = waitpid(pid, &ignored, 0)
        }
    }

    /// Whether its stdout is still open.
    var isOpen: Bool { output >= 0 }

    /// Reads what is there; closes the pipe at end of file. `round` numbers the reads, so
    /// that lines of two writers can be ordered when they arrived in different rounds.
    func readAvailable(round: Int) {
        guard output >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR || errno == EAGAIN { return }
        guard count > 0 else {
            close(output)
            output = -1
            return
        }
        pending += buffer[0..<count]
        var start = 0
        for index in 0..<pending.count where pending[index] == UInt8(ascii: "\n") {
            let line = String(decoding: pending[start..<index], as: UTF8.self)
            lines.append(line)
            log.take(line, round: round)
            start = index + 1
        }
        pending.removeFirst(start)
    }

    /// Reads until end of file (after the writer ended or was killed).
    func drain() { while output >= 0 { readAvailable(round: Int.max) } }

    func killNow() { kill(pid, SIGKILL) }

    /// Reaps the child (blocking) and returns its wait status.
    @discardableResult
    func reap() -> Int32 {
        if let status { return status }
        var value: Int32 = 0
        while waitpid(pid, &value, 0) < 0, errno == EINTR {}
        status = value
        return value
    }

    /// Reaps the child if it has ended, without waiting; returns whether it has.
    func reapIfEnded() -> Bool {
        if status != nil { return true }
        var value: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &value, WNOHANG) } while result < 0 && errno == EINTR
        guard result == pid else { return false }
        status = value
        return true
    }

    /// Whether SIGKILL ended it.
    var wasKilled: Bool { status.map { $0 & 0x7f == SIGKILL } ?? false }

    /// Its exit code, if it ended by itself.
    var exitCode: Int32? { status.flatMap { $0 & 0x7f == 0 ? ($0 >> 8) & 0xff : nil } }

    /// Whether it ended by itself with exit code 0.
    var exitedCleanly: Bool {
        guard let status else { return false }
        return status & 0x7f == 0 && (status >> 8) & 0xff == 0
    }

    /// How it ended, in words.
    var ending: String {
        guard let status else { return "loopt nog" }
        if status & 0x7f == 0 { return "afgesloten met code \((status >> 8) & 0xff)" }
        return "gestopt door signaal \(status & 0x7f)"
    }

    /// The last lines it wrote to stderr; for a Swift runtime failure, its message and the
    /// first place in the sources the backtrace names.
    var errorText: String {
        let text = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n")
        if let failure = lines.first(where: { $0.contains("Fatal error") || $0.contains("Swift runtime failure:") }) {
            let crashed = lines.firstIndex { $0.contains("crashed:") } ?? lines.startIndex
            let place = lines[crashed...].lazy.compactMap { $0.firstMatch(of: /Sources\/[^ ]+\.swift:\d+/) }.first.map { " (\($0.output))" }
            return failure.trimmingCharacters(in: CharacterSet(charactersIn: "* ")) + (place ?? "")
        }
        return lines.suffix(5).joined(separator: " | ")
    }

    /// Waits up to `timeout` seconds for output from any of `children`, then reads it; counts
    /// the rounds in `round`.
    static func pump(_ children: [ChildWriter], timeout: Double, round: inout Int) {
        round += 1
        let open = children.filter(\.isOpen)
        guard !open.isEmpty else { return }
        var fds = open.map { pollfd(fd: $0.output, events: Int16(POLLIN), revents: 0) }
        let result = poll(&fds, nfds_t(fds.count), Int32(max(0, min(timeout * 1000, 1_000_000))))
        guard result > 0 else { return }
        for (child, item) in zip(open, fds) where item.revents != 0 { child.readAvailable(round: round) }
    }
}

/// What a writer said on stdout.
struct WriterLog {
    struct Ack: Equatable {
        var seq: UInt64
        var ids: [String]
    }

    var ready = false
    /// The read round in which `ready` arrived.
    var readyRound = Int.max
    /// Command number → number of inputs, for every `try`.
    var tried: [Int: Int] = [:]
    var lastTried = 0
    /// The read round in which the last `try` arrived.
    var lastTriedRound = 0
    var acked: [Int: Ack] = [:]
    var lastAcked = 0
    /// Torn tails this writer's store set aside while it ran.
    var recovered: [String] = []
    var done: Int?
    var unreadable: [String] = []

    mutating func take(_ line: String, round: Int) {
        let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
        switch (parts.first, parts.count) {
        case ("ready"?, _):
            ready = true
            readyRound = round
        case ("try"?, 3):
            guard let number = Int(parts[1]), let size = Int(parts[2]) else { return unreadable.append(line) }
            tried[number] = size
            lastTried = number
            lastTriedRound = round
        case ("ack"?, 4):
            guard let number = Int(parts[1]), let seq = UInt64(parts[2]) else { return unreadable.append(line) }
            acked[number] = Ack(seq: seq, ids: parts[3].split(separator: ",").map(String.init))
            lastAcked = number
        case ("recovered"?, _):
            recovered.append(line)
        case ("done"?, 2):
            done = Int(parts[1])
        default:
            unreadable.append(line)
        }
    }
}

/// A failed check, in Dutch.
struct TrialFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One journal line, as far as the trials care.
struct JournalEntry {
    var seq: UInt64
    /// Lines of the same command that follow this one.
    var more: Int
    var type: String
    var process: String
    var input: String?
    /// The first word of the input text (`t12v-3.2`).
    var tag: String?
    /// Whether the text says the input came with contact details.
    var personal: Bool
}

/// The checks shared by the crash trials and the concurrent writers.
enum StoreChecks {
    /// The path of this executable, to start writers with.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4_096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }

    static func segmentPath(_ store: String, _ number: Int) -> String {
        let digits = String(number)
        return "\(store)/journal/\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits).jsonl"
    }

    /// The `torn-….bin` files in the journal folder.
    static func tornFiles(_ store: String) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store + "/journal")) ?? []
        return Set(names.filter { $0.hasPrefix("torn-") })
    }

    /// Reads the journal lines after `position` (verified by the journal itself) and returns
    /// them with the new head.
    static func entries(store: String, from position: Journal.Position?) throws -> ([JournalEntry], Journal.Position) {
        var entries: [JournalEntry] = []
        var problem: String?
        let (journal, recovery) = try Journal.open(
            directory: store + "/journal", lockFile: store + "/store.lock", from: position
        ) { line in
            var bytes = Array(line.body)
            bytes.append(UInt8(ascii: "}"))
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                let type = object["type"] as? String, let process = object["process"] as? String
            else {
                problem = problem ?? "regel \(line.seq) is geen leesbare gebeurtenis"
                return
            }
            var entry = JournalEntry(seq: line.seq, more: line.more, type: type, process: process, input: nil, tag: nil, personal: false)
            if type == "inputReceived", let data = object["data"] as? [String: Any] {
                entry.input = data["input"] as? String
                let words = (data["text"] as? String ?? "").split(separator: " ", maxSplits: 2)
                entry.tag = words.first.map(String.init)
                entry.personal = words.count > 1 && words[1] == "p"
            }
            entries.append(entry)
        }
        if let problem { throw TrialFailure(problem) }
        if let recovery { throw TrialFailure("bij het nalezen van het journaal lag er nog een afgebroken staart: \(recovery)") }
        return (entries, journal.head)
    }

    /// Checks one writer's acknowledgements against the journal lines with its prefix.
    ///
    /// Every acknowledged command must be there, whole, with the acknowledged ids and last
    /// `seq`; a command that is there is whole (its K lines in a row, parts 1…K); a command
    /// that was not acknowledged may be there only if it is the one the writer was killed in.
    ///
    /// - Returns: Whether the command in flight at the kill made it into the journal (`nil`
    ///   when none was in flight).
    static func check(_ writer: ChildWriter, killed: Bool, entries: [JournalEntry]) throws -> Bool? {
        let log = writer.log
        guard log.unreadable.isEmpty else { throw TrialFailure("\(writer.name) schreef onleesbare regels: \(log.unreadable.prefix(3))") }
        var commands: [Int: [(part: Int, entry: JournalEntry)]] = [:]
        for entry in entries {
            guard let tag = entry.tag, tag.hasPrefix(writer.prefix) else { continue }
            let numbers = tag.dropFirst(writer.prefix.count).split(separator: ".")
            guard numbers.count == 2, let command = Int(numbers[0]), let part = Int(numbers[1]) else {
                throw TrialFailure("regel \(entry.seq): onbekend kenmerk \(tag)")
            }
            commands[command, default: []].append((part, entry))
        }
        for (command, lines) in commands {
            guard let size = log.tried[command] else {
                throw TrialFailure("\(writer.name): opdracht \(command) staat in het journaal maar is nooit geprobeerd")
            }
            guard lines.map(\.part) == Array(1...size) else {
                throw TrialFailure(
                    "\(writer.name): opdracht \(command) staat er half of dubbel in: delen \(lines.map(\.part)) van \(size) "
                        + "(regels \(lines.map(\.entry.seq)))")
            }
            let first = lines[0].entry.seq
            for (offset, line) in lines.enumerated() where line.entry.seq != first + UInt64(offset) || line.entry.more != size - 1 - offset
            {
                throw TrialFailure(
                    "\(writer.name): opdracht \(command) staat niet aaneengesloten in het journaal (regels \(lines.map(\.entry.seq)))")
            }
            if let ack = log.acked[command] {
                guard lines.last?.entry.seq == ack.seq, lines.map({ $0.entry.input ?? "" }) == ack.ids else {
                    throw TrialFailure(
                        "\(writer.name): opdracht \(command) bevestigd als regel \(ack.seq) met \(ack.ids), "
                            + "maar het journaal heeft regels \(lines.map(\.entry.seq)) met \(lines.map { $0.entry.input ?? "?" })")
                }
            }
        }
        for (command, ack) in log.acked where commands[command] == nil {
            throw TrialFailure("\(writer.name): opdracht \(command) was bevestigd (regel \(ack.seq)) maar ontbreekt na heropenen")
        }
        let inFlight = log.lastTried > log.lastAcked ? log.lastTried : nil
        guard log.acked.count == log.lastAcked, log.tried.count == log.lastTried, log.lastTried - log.lastAcked <= 1 else {
            throw TrialFailure("\(writer.name): de meldingen lopen niet op (try tot \(log.lastTried), ack tot \(log.lastAcked))")
        }
        if !killed {
            guard writer.exitedCleanly, log.done == log.lastAcked, inFlight == nil else {
                throw TrialFailure("\(writer.name) stopte niet netjes: \(writer.ending), \(log.lastAcked) bevestigd; \(writer.errorText)")
            }
        }
        for command in commands.keys where log.acked[command] == nil && command != inFlight {
            throw TrialFailure("\(writer.name): opdracht \(command) staat in het journaal maar was niet bevestigd en ook niet onderweg")
        }
        return inFlight.map { commands[$0] != nil }
    }

    /// Checks the reopened state against the journal lines: each input there with its text,
    /// contact details exactly for the inputs that had them, nothing else with these prefixes.
    static func checkState(
        _ store: ParticipationStore, process: ProcessID, prefixes: [String], entries: [JournalEntry]
    ) throws {
        let mine = entries.filter { entry in entry.tag.map { tag in prefixes.contains { tag.hasPrefix($0) } } ?? false }
        guard let state = store.process(process) else {
            if mine.isEmpty { return }
            throw TrialFailure("proces \(process) ontbreekt na heropenen")
        }
        let details = store.personalDetails(process: process)
        var seen = Set<String>()
        for entry in mine {
            guard let id = entry.input, let tag = entry.tag, seen.insert(id).inserted else {
                throw TrialFailure("regel \(entry.seq): reactie \(entry.input ?? "?") staat dubbel in het journaal")
            }
            guard let input = state.input(InputID(id)), input.text.hasPrefix(tag + " ") else {
                throw TrialFailure("reactie \(id) (\(tag)) staat in het journaal maar niet (goed) in de toestand")
            }
            let expected = entry.personal ? PersonalDetails(name: "Schrijver \(tag)", email: "\(tag)@example.nl") : nil
            guard details[InputID(id)] == expected else {
                throw TrialFailure(
                    "reactie \(id) (\(tag)): contactgegevens \(details[InputID(id)].map { "\($0)" } ?? "geen"), "
                        + "verwacht \(expected.map { "\($0)" } ?? "geen")")
            }
        }
        let inState = state.inputs.filter { input in prefixes.contains { input.text.hasPrefix($0) } }.count
        guard inState == mine.count else {
            throw TrialFailure("de toestand heeft \(inState) reacties van deze schrijvers, het journaal \(mine.count)")
        }
    }

    /// Opens a copy of the store without its snapshot and checks that replaying the whole
    /// journal gives the same states as `store` (which may have started from the snapshot).
    static func checkReplay(_ store: ParticipationStore, scratch: String) throws {
        let manager = FileManager.default
        try? manager.removeItem(atPath: scratch)
        defer { try? manager.removeItem(atPath: scratch) }
        try manager.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for folder in ["journal", "definitions"] {
            try manager.copyItem(atPath: "\(store.path)/\(folder)", toPath: "\(scratch)/\(folder)")
        }
        let replayed = try ParticipationStore(path: scratch)
        guard replayed.head.seq == store.head.seq, replayed.head.hash == store.head.hash else {
            throw TrialFailure("volledig naspelen eindigt op regel \(replayed.head.seq), de opslag op \(store.head.seq)")
        }
        for state in store.processes where replayed.process(state.id) != state {
            throw TrialFailure("proces \(state.id): toestand uit snapshot + staart verschilt van volledig naspelen")
        }
        guard replayed.processes.count == store.processes.count else {
            throw TrialFailure("volledig naspelen geeft \(replayed.processes.count) processen, de opslag \(store.processes.count)")
        }
    }

    /// A store reopened after a kill, by ``reopen(_:)``.
    struct Reopened {
        var store: ParticipationStore
        /// The bytes of a cut-off last command that opening set aside (0 when there was none).
        var tornBytes: Int
        /// The `torn-….bin` files in the journal folder before opening.
        var tornFilesBefore: Set<String>
    }

    /// Opens a store that a writer was killed on, and checks it on the way: before opening,
    /// the chain is whole up to a possibly cut-off last command; opening sets exactly those
    /// bytes aside in one new `torn-….bin` file and reports it (and sets nothing aside and
    /// reports no cut-off command when nothing was cut off); afterwards personal.jsonl has no
    /// line the journal does not account for, and the whole store verifies.
    static func reopen(_ path: String) throws -> Reopened {
        let before = ParticipationStore.verify(at: path)
        if let problem = before.problem { throw TrialFailure("verify vóór heropenen: \(problem)") }
        var torn: [UInt8] = []
        if before.tornBytes > 0 {
            let bytes = FileManager.default.contents(atPath: segmentPath(path, before.head.segment)) ?? Data()
            torn = Array(bytes.dropFirst(Int(before.head.offset)))
            guard torn.count == before.tornBytes else {
                throw TrialFailure("verify meldt \(before.tornBytes) afgebroken bytes, het segment heeft er \(torn.count)")
            }
        }
        let filesBefore = tornFiles(path)
        let reopened = try ParticipationStore(path: path)
        let newFiles = tornFiles(path).subtracting(filesBefore)
        // Contact details that the killed command wrote before its journal lines are removed
        // when the store opens, and said so; that is no cut-off command.
        let journalNote = reopened.recoveryNote?.split(separator: "\n").first { $0.contains("half geschreven opdracht") }
        guard reopened.personalLinesNotJournaled() == 0 else {
            throw TrialFailure(
                "na heropenen staan er nog \(reopened.personalLinesNotJournaled()) regels zonder journaalregel in personal.jsonl")
        }
        if torn.isEmpty {
            guard journalNote == nil, newFiles.isEmpty else {
                throw TrialFailure("niets afgebroken, toch een melding (\(reopened.recoveryNote ?? "geen")) of bestand (\(newFiles))")
            }
        } else {
            guard let note = journalNote, newFiles.count == 1, let file = newFiles.first, note.contains(file) else {
                throw TrialFailure(
                    "\(torn.count) afgebroken bytes, maar melding \(reopened.recoveryNote ?? "geen") en nieuwe bestanden \(newFiles)")
            }
            let saved = [UInt8](FileManager.default.contents(atPath: "\(path)/journal/\(file)") ?? Data())
            guard saved == torn else { throw TrialFailure("\(file) bevat niet precies de afgebroken bytes") }
        }
        try checkVerified(reopened)
        return Reopened(store: reopened, tornBytes: torn.count, tornFilesBefore: filesBefore)
    }

    /// Checks the whole chain and that nothing is left half written.
    static func checkVerified(_ store: ParticipationStore) throws {
        let report = ParticipationStore.verify(at: store.path)
        guard report.isIntact, report.tornBytes == 0 else { throw TrialFailure("verify na heropenen: \(report)") }
        guard report.head.seq == store.head.seq, report.head.hash == store.head.hash else {
            throw TrialFailure("verify eindigt op regel \(report.head.seq), de opslag op \(store.head.seq)")
        }
    }
}

/// Dutch number formatting: 10.000 and 1,5.
enum Dutch {
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "." }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + result
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",") + " s"
    }

    /// Seconds as milliseconds: 12,3 ms.
    static func milliseconds(_ value: Double) -> String {
        String(format: "%.1f", value * 1_000).replacingOccurrences(of: ".", with: ",") + " ms"
    }

    static func monotonic() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
