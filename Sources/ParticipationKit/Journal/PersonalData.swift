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

    /// Appends the record as one line of `personal.jsonl`, keys sorted.
    func write(to w: inout JSONWriter) {
        w.appendRaw("{")
        w.appendKey("details")
        w.appendRaw("{")
        var first = true
        for (key, value) in [("address", details.address), ("email", details.email), ("name", details.name), ("phone", details.phone)] {
            guard let value else { continue }
            if !first { w.appendRaw(",") }
            first = false
            w.appendKey(key)
            w.appendString(value)
        }
        w.appendRaw("},")
        w.appendKey("digest")
        w.appendString(digest)
        w.appendRaw(",")
        w.appendKey("input")
        w.appendString(input)
        w.appendRaw(",")
        w.appendKey("process")
        w.appendString(process)
        w.appendRaw(",")
        w.appendKey("salt")
        w.appendString(salt)
        w.appendRaw("}\n")
    }

    /// The readable records of a `personal.jsonl`, in order; lines that are not a record
    /// (for example cut off by a crash) are skipped.
    static func records(in bytes: [UInt8]) -> [PersonalRecord] {
        var result: [PersonalRecord] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count, buffer[end] != UInt8(ascii: "\n") { end += 1 }
                if end > start, let record = record(buffer, from: start, to: end) { result.append(record) }
                start = end + 1
            }
        }
        return result
    }

    private static func record(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> PersonalRecord? {
        guard let view = try? JSONObjectView(buffer, from: start, to: end),
            let process = view.member("process").flatMap(view.string), let input = view.member("input").flatMap(view.string),
            let salt = view.member("salt").flatMap(view.string), let digest = view.member("digest").flatMap(view.string),
            let details = view.member("details").flatMap(view.object)
        else { return nil }
        func field(_ key: StaticString) -> String? { details.member(key).flatMap(details.string) }
        return PersonalRecord(
            process: process, input: input, salt: salt,
            details: PersonalDetails(name: field("name"), address: field("address"), email: field("email"), phone: field("phone")),
            digest: digest)
    }

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
    /// `personal.jsonl` (a later line for the same input wins).
    public func personalDetails(process: ProcessID) -> [InputID: PersonalDetails] {
        guard let data = FileManager.default.contents(atPath: path + "/personal.jsonl") else { return [:] }
        var found: [InputID: PersonalDetails] = [:]
        for record in PersonalRecord.records(in: [UInt8](data)) where record.process == process.rawValue {
            found[InputID(record.input)] = record.details
        }
        return found
    }

    static func attachDigests(
        _ personal: [PersonalDetails?], to command: Command, records: inout [(index: Int, record: PersonalRecord)],
        process: ProcessID
    ) throws(StoreError) -> Command {
        // One call to the system's random source for the whole command: 16 bytes per salt.
        let random = randomBytes(16 * personal.count)
        func digest(_ input: inout NewInput, _ index: Int) {
            guard index < personal.count, let details = personal[index], !details.isEmpty else { return }
            let salt = hex(random[(16 * index)..<(16 * index + 16)])
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

    /// Bytes from the system's cryptographic random source.
    private static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        // /dev/urandom in one read (one system call per command, not one per salt).
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            bytes.withUnsafeMutableBytes { buffer in
                while filled < count, let base = buffer.baseAddress {
                    let result = read(fd, base + filled, count - filled)
                    if result <= 0 { break }  // the generator below fills the rest
                    filled += result
                }
            }
            close(fd)
        }
        var generator = SystemRandomNumberGenerator()
        while filled < count {
            bytes[filled] = UInt8(truncatingIfNeeded: generator.next() as UInt64)
            filled += 1
        }
        return bytes
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    func writePersonal(_ records: [PersonalRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        var writer = JSONWriter(reservingCapacity: records.count * 200)
        for record in records { record.write(to: &writer) }
        let bytes = writer.bytes
        let file = path + "/personal.jsonl"
        let fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.io("Kan \(file) niet openen: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
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
