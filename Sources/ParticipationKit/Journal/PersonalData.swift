import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A writer's contact details. They never enter the hash-chained journal: they are kept in
/// `personal.jsonl` so they can be erased (AVG), and the journal keeps a salted digest.
public struct PersonalDetails: Hashable, Sendable, Codable {
    public var name: String?
    public var address: String?
    public var email: String?
    public var phone: String?

    public init(name: String? = nil, address: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name.nonEmpty
        self.address = address.nonEmpty
        self.email = email.nonEmpty
        self.phone = phone.nonEmpty
    }

    /// Whether there is anything to keep.
    public var isEmpty: Bool { name == nil && address == nil && email == nil && phone == nil }
}

/// One line of `personal.jsonl`.
struct PersonalRecord: Codable, Hashable, Sendable {
    var process: String
    var input: String
    var salt: String
    var details: PersonalDetails
    var digest: String

    /// SHA-256 over the salt and the details in a fixed order. The salt keeps the digest
    /// from being guessed from a list of names.
    static func digest(salt: String, details: PersonalDetails) -> String {
        var writer = JSONWriter(reservingCapacity: 128)
        writer.appendString(salt)
        for value in [details.name, details.address, details.email, details.phone] {
            writer.appendRaw(",")
            if let value { writer.appendString(value) } else { writer.appendNull() }
        }
        return SHA256.hash(writer.bytes).hex
    }
}

extension ParticipationStore {
    /// The contact details of a writer, if kept.
    public func personalDetails(process: ProcessID, input: InputID) -> PersonalDetails? {
        personalDetails(process: process)[input]
    }

    /// The contact details of every writer in a process that has them, read in one pass over
    /// `personal.jsonl`.
    ///
    /// A line counts only when its digest is the one the journal holds for that input. The
    /// details are written just before the command's journal lines, so a crash in between
    /// leaves a line for an input that never came; with ids numbered by the engine, a later
    /// input gets that same id and must not get those details.
    public func personalDetails(process: ProcessID) -> [InputID: PersonalDetails] {
        guard let data = FileManager.default.contents(atPath: path + "/personal.jsonl"), let state = self.process(process) else {
            return [:]
        }
        let decoder = JSONDecoder()
        var found: [InputID: PersonalDetails] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(PersonalRecord.self, from: Data(line)), record.process == process.rawValue,
                let input = state.input(InputID(record.input)), input.personalDigest == record.digest
            else { continue }
            found[input.id] = record.details
        }
        return found
    }

    static func attachDigests(
        _ personal: [PersonalDetails?], to command: Command, records: inout [(index: Int, record: PersonalRecord)],
        process: ProcessID
    ) throws(StoreError) -> Command {
        func digest(_ input: inout NewInput, _ index: Int) {
            guard index < personal.count, let details = personal[index], !details.isEmpty else { return }
            var generator = SystemRandomNumberGenerator()
            let salt = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
            let value = PersonalRecord.digest(salt: salt, details: details)
            input.personalDigest = value
            records.append(
                (index, PersonalRecord(process: process.rawValue, input: input.id?.rawValue ?? "", salt: salt, details: details, digest: value)))
        }
        switch command {
        case .addInput(var input):
            digest(&input, 0)
            return .addInput(input)
        case .addInputs(var inputs):
            for index in inputs.indices { digest(&inputs[index], index) }
            return .addInputs(inputs)
        default:
            return command
        }
    }

    func writePersonal(_ records: [PersonalRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for record in records {
            guard let data = try? encoder.encode(record) else { continue }
            bytes += data
            bytes.append(UInt8(ascii: "\n"))
        }
        let file = path + "/personal.jsonl"
        let fd = open(file, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io("Kan \(file) niet openen: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // A writer killed during its write may have left half a line; start on a fresh one so
        // this record is not glued to it (runs under the store's lock).
        var last: UInt8 = 0
        let end = lseek(fd, 0, SEEK_END)
        if end > 0, pread(fd, &last, 1, end - 1) == 1, last != UInt8(ascii: "\n") {
            bytes.insert(UInt8(ascii: "\n"), at: 0)
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.io("Kan niet schrijven naar \(file): \(String(cString: strerror(errno)))")
            }
            written += result
        }
        if fsync(fd) != 0 { throw StoreError.io("fsync van \(file) mislukt: \(String(cString: strerror(errno)))") }
    }
}
