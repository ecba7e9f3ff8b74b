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

    /// Prints a line to standard output.
    func print(_ text: String = "") {
        if streaming { FileHandle.standardOutput.write(Data((text + "\n").utf8)) } else { standardOutput += text + "\n" }
    }

    /// Prints a line to standard error.
    func warn(_ text: String) {
        if streaming { FileHandle.standardError.write(Data((text + "\n").utf8)) } else { standardError += text + "\n" }
    }

    /// The store directory: `--store`, `PARTICIPATIE_STORE`, or `./.participatie`.
    func storePath(_ arguments: ParsedArguments) -> String {
        arguments.value("store") ?? environment["PARTICIPATIE_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? ".participatie"
    }

    /// Opens the store, telling the user about any repair.
    func openStore(_ arguments: ParsedArguments) throws(StoreError) -> ParticipationStore {
        let store = try ParticipationStore(path: storePath(arguments))
        if let note = store.recoveryNote { warn("Let op: \(note)") }
        if keepStoresUntilExit { openedStores.append(store) }
        return store
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

    /// Prints a value as JSON (sorted keys, indented), with `formatVersion`.
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Reads a file the user named, or standard input for `-`.
    /// Writes an output file in one go (a temporary file beside it, then a rename), so there is
    /// never half a file; a failure is an I/O error (exit 74) naming `what`.
    func writeAtomically(_ bytes: [UInt8], to path: String, what: String) throws(StoreError) {
        do throws(JournalError) {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw StoreError.io("Kan \(what) niet schrijven naar \(path): \(error.description)")
        }
    }

    func readFile(_ path: String) throws(DataError) -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(message: "Kan \(path) niet lezen: het bestand bestaat niet of is niet leesbaar.")
        }
        return [UInt8](data)
    }

    /// A date the user typed: `2026-03-16` or `16-03-2026`.
    func date(_ text: String, option: String) throws(UsageError) -> CivilDate {
        guard let date = CivilDate(text) else {
            throw UsageError(message: "--\(option) \(text) is geen datum; schrijf 2026-03-16 of 16-03-2026.")
        }
        return date
    }
}
