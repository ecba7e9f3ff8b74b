import Foundation
import ParticipationKit

/// What every command gets: the environment, the output streams, and helpers for the store,
/// the actor and the clock.
final class Context {
    let environment: [String: String]
    private(set) var standardOutput = ""
    private(set) var standardError = ""
    let streaming: Bool
    /// When set (the tool itself, not the tests), stores stay referenced until the process
    /// exits: freeing a process with 100,000 inputs one by one only to exit right after costs
    /// more than reading it.
    var keepStoresUntilExit = false
    private var openedStores: [ParticipationStore] = []

    init(environment: [String: String], streaming: Bool = true) {
        self.environment = environment
        self.streaming = streaming
    }

    /// Prints a line to standard output, with terminal control characters made visible.
    ///
    /// Much of what the tool prints repeats text someone else typed (titles, ids, input
    /// texts in refusals), so ESC sequences, CR, BEL, C1 controls and format characters
    /// (bidi overrides, RLM, zero-width joiners, tag characters…) are shown as `<U+001B>` and
    /// the like instead of steering the terminal (``ReportRenderer/terminalSafe(_:)``).
    func print(_ text: String = "") {
        printRaw(ReportRenderer.terminalSafe(text) + "\n")
    }

    /// Prints a line to standard error, with terminal control characters made visible.
    func warn(_ text: String) {
        let line = ReportRenderer.terminalSafe(text) + "\n"
        if streaming { FileHandle.standardError.write(Data(line.utf8)) } else { standardError += line }
    }

    /// Writes a document that its renderer already made safe (a report as CSV with CRLF,
    /// HTML, Markdown or text, an iCalendar file) to standard output as it is.
    func printRaw(_ text: String) {
        if streaming { FileHandle.standardOutput.write(Data(text.utf8)) } else { standardOutput += text }
    }

    /// The store directory: `--store`, `PARTICIPATIE_STORE`, or `./.participatie`.
    func storePath(_ arguments: ParsedArguments) -> String {
        arguments.value("store") ?? environment["PARTICIPATIE_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? ".participatie"
    }

    /// Opens the store, telling the user about any repair.
    ///
    /// - Parameter access: `.readOnly` for the commands that only read (status, list, reports,
    ///   deadlines): they create and change nothing, and work on a store the account may only read.
    func openStore(_ arguments: ParsedArguments, access: StoreAccess = .readWrite) throws(StoreError) -> ParticipationStore {
        if access == .readOnly, !FileManager.default.fileExists(atPath: storePath(arguments) + "/journal") {
            throw StoreError.io(
                "Geen opslag gevonden in \(storePath(arguments)); begin met participatie start, of kies een opslag met --store "
                    + "of PARTICIPATIE_STORE. Er is niets aangemaakt.")
        }
        let store = try ParticipationStore(path: storePath(arguments), access: access, session: session())
        // The clock may be set only in an exercise store; reading a real store with it set is refused too.
        if clockIsSet, store.head.seq > 0, !store.isExercise { throw StoreError.clock(.setInRealStore) }
        if let note = store.recoveryNote { warn("Let op: \(note)") }
        if keepStoresUntilExit { openedStores.append(store) }
        return store
    }

    /// Whether `PARTICIPATIE_NOW` sets the clock.
    var clockIsSet: Bool { !(environment["PARTICIPATIE_NOW"] ?? "").isEmpty }

    /// Who writes: the operating system account, with the clock set when `PARTICIPATIE_NOW` is.
    func session() -> StoreSession {
        StoreSession(account: StoreSession.operatingSystemAccount(), clock: clockIsSet ? .set : .system)
    }

    /// Who acts: `--as`, or `PARTICIPATIE_ACTOR`.
    func actor(_ arguments: ParsedArguments) throws(UsageError) -> ActorIdentity {
        guard let text = arguments.value("as") ?? environment["PARTICIPATIE_ACTOR"], !text.isEmpty else {
            throw UsageError(message: "Zeg wie er handelt: --as ROL[:NAAM] of PARTICIPATIE_ACTOR, bijvoorbeeld --as projectleider.")
        }
        guard let actor = ActorIdentity(parsing: text) else {
            throw UsageError(message: "\"\(text)\" is geen geldige rol; gebruik ROL of ROL:NAAM.")
        }
        return actor
    }

    /// The clock: `PARTICIPATIE_NOW` (ISO 8601) or the system clock.
    func now() throws(UsageError) -> Date {
        guard let text = environment["PARTICIPATIE_NOW"], !text.isEmpty else { return Date() }
        guard let date = Timestamp.parse(text) else {
            throw UsageError(message: "PARTICIPATIE_NOW=\(text) is geen ISO 8601-tijdstip, zoals 2026-03-16T09:00:00+01:00.")
        }
        return date
    }

    /// Today in Europe/Amsterdam.
    func today() throws(UsageError) -> CivilDate { CivilDate(amsterdam: try now()) }

    /// The output format asked for, one of `allowed`.
    func format(_ arguments: ParsedArguments, allowed: [String] = ["text", "json"]) throws(UsageError) -> String {
        let format = arguments.value("format") ?? "text"
        guard allowed.contains(format) else {
            throw UsageError(message: "Onbekend formaat \"\(format)\"; kies uit \(allowed.joined(separator: ", ")).")
        }
        return format
    }

    /// Prints a value as JSON (sorted keys, indented, made safe to show; ``ReportJSONEncoder``),
    /// with `formatVersion`. Made whole before anything is printed: an error prints nothing.
    func printJSON(_ value: some Encodable) throws {
        let bytes = try ReportJSONEncoder().encode(value)
        bytes.withUnsafeBytes { printRaw(bytes: $0) }
    }

    /// Refuses an `--out` that lies inside the store, before the command does anything.
    ///
    /// Only the store writes in the store: a report written over a journal segment,
    /// `snapshot.bin` or `personal.jsonl` would break it, or lose what it holds. The path is
    /// resolved as the write would find it (relative to the current directory, `..` and the
    /// symbolic links of its existing directories followed, its own name not) and compared
    /// with the store as ``storePath(_:)`` names it, both as named and with its links
    /// followed; the store directory itself counts as inside. Commands without a store
    /// (`diagram`, `plan paragraph`) are checked against the store they would use.
    /// ``runTool(_:context:)`` calls this for every command, so every `--out` goes through it.
    func refuseOutputInStore(_ arguments: ParsedArguments) throws(UsageError) {
        guard let out = arguments.value("out") else { return }
        let here = FileManager.default.currentDirectoryPath
        let store = storePath(arguments)
        let target = ResolvedPath(file: out, currentDirectory: here)
        let stores = [ResolvedPath(directory: store, currentDirectory: here), ResolvedPath(file: store, currentDirectory: here)]
        guard stores.contains(where: target.isWithin) else { return }
        throw UsageError(
            message: "--out \(out) wijst naar \(target), en dat ligt in de opslag \(store). Daar schrijft alleen participatie zelf: "
                + "een ander bestand kan het journaal of de persoonsgegevens beschadigen. Er is niets geschreven. "
                + "Kies een bestand buiten de opslag.")
    }

    /// Writes an output file in one go (a temporary file beside it, then a rename), so there is
    /// never half a file; a failure is an I/O error (exit 74) naming `what`. An `--out` inside
    /// the store never gets here (``refuseOutputInStore(_:)``).
    ///
    /// Unlike the store's own files, an output file is meant to be shared: it gets the mode a
    /// new file gets under the user's umask (usually 0644).
    func writeAtomically(_ bytes: [UInt8], to path: String, what: String) throws(StoreError) {
        try writeAtomically(to: path, what: what) { write in bytes.withUnsafeBytes { write($0) } }
    }

    /// ``writeAtomically(_:to:what:)`` for bytes made piece by piece (a long report), which
    /// go to the temporary file as they come instead of being collected first.
    func writeAtomically(
        to path: String, what: String, _ produce: ((UnsafeRawBufferPointer) -> Void) throws(FileError) -> Void
    ) throws(StoreError) {
        let mask = umask(0o022)
        umask(mask)
        do throws(FileError) {
            try AtomicFile.write(to: path, mode: 0o666 & ~mask, produce)
        } catch {
            throw StoreError.io("Kan \(what) niet schrijven naar \(path): \(error.description)")
        }
    }

    /// Reads a file the user named, or standard input for `-`.
    ///
    /// A file larger than `limit` bytes is refused before it is read into memory (at most
    /// `limit + 1` bytes are read, so a pipe or a device cannot exhaust memory either), with
    /// a message naming the limit and `what` the file is for.
    func readFile(_ path: String, limit: Int, what: String) throws(DataError) -> [UInt8] {
        let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
        var isDirectory: ObjCBool = false
        guard let handle, path == "-" || !(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        else {
            throw DataError(message: "Kan \(path) niet lezen: het bestand bestaat niet of is niet leesbaar.")
        }
        defer { if path != "-" { try? handle.close() } }
        var bytes: [UInt8] = []
        while bytes.count <= limit {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count)) } catch {
                throw DataError(message: "Kan \(path) niet lezen: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            bytes += chunk
        }
        guard bytes.count <= limit else {
            throw DataError(
                message: "\(path == "-" ? "De standaardinvoer" : path) is groter dan \(InputLimits.size(limit)), de grens voor "
                    + "\(what). Er is niets veranderd.")
        }
        return bytes
    }

    /// The value of an option, refused (65) when it is longer than `limit` tekens.
    func limited(_ arguments: ParsedArguments, _ option: String, limit: Int) throws(DataError) -> String? {
        guard let value = arguments.value(option) else { return nil }
        try checkLength(value, what: "--\(option)", limit: limit)
        return value
    }

    /// Refuses (65) a text longer than `limit` tekens, naming the limit.
    func checkLength(_ text: String, what: String, limit: Int) throws(DataError) {
        if let problem = InputLimits.problem(text, limit: limit, what: what) {
            throw DataError(message: "\(problem). Er is niets veranderd.")
        }
    }

    /// A date the user typed: `2026-03-16` or `16-03-2026`.
    func date(_ text: String, option: String) throws(UsageError) -> CivilDate {
        guard let date = CivilDate(text) else {
            throw UsageError(message: "--\(option) \(text) is geen datum; schrijf 2026-03-16 of 16-03-2026.")
        }
        return date
    }
}
