import Foundation
#if canImport(Glibc)
    import Glibc
#endif

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
        func member(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            if !first { w.appendRaw(",") }
            first = false
            w.appendRaw(key)
            w.appendString(value)
        }
        member(#""address":"#, details.address)
        member(#""email":"#, details.email)
        member(#""name":"#, details.name)
        member(#""phone":"#, details.phone)
        w.appendRaw(#"},"digest":"#)
        w.appendString(digest)
        w.appendRaw(#","input":"#)
        w.appendString(input)
        w.appendRaw(#","process":"#)
        w.appendString(process)
        w.appendRaw(#","salt":"#)
        w.appendString(salt)
        w.appendRaw("}\n")
    }

    /// Calls `body` with every readable record of the file at `path`, in order, reading it in
    /// blocks of `blockSize` bytes, so a file of a million writers is never held whole. Every
    /// line goes through the record readers (``forEachEntry(inFile:blockSize:_:)`` reads the
    /// usual ones in place).
    static func forEachRecord(inFile path: String, blockSize: Int = blockSize, _ body: (PersonalRecord) -> Void) throws(JournalError) {
        try forEachLineBuffer(inFile: path, blockSize: blockSize) { line in
            if let record = record(line, from: 0, to: line.count) { body(record) }
        }
    }

    /// Calls `body` with the entry on every line of the file at `path` (`nil` for a line that
    /// is no readable record), in order: a line in the written shape is read in place, without
    /// strings for its digest, input and process.
    static func forEachEntry(inFile path: String, blockSize: Int = blockSize, _ body: (PersonalEntry?) -> Void) throws(JournalError) {
        try forEachLineBuffer(inFile: path, blockSize: blockSize) { line in body(PersonalEntry(line)) }
    }

    /// The bytes read at a time: enough for thousands of lines, little enough to stay in the
    /// processor's cache and to cost few fresh pages.
    static let blockSize = 256 << 10

    /// Calls `body` with every line of the file at `path` that is not empty, without its
    /// newline, in order, reading the file in blocks of `blockSize` bytes into one buffer.
    private static func forEachLineBuffer(
        inFile path: String, blockSize: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(JournalError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .io("Kan \(path) niet openen: \(FileIO.lastError())") }
        defer { close(fd) }
        // One buffer: a block is read in after the cut-off line the last one ended with, the whole
        // lines are read in place, and the cut-off line moves to the front (no block is copied).
        var buffer = [UInt8](repeating: 0, count: blockSize)
        var kept = 0
        var position = 0
        while true {
            if buffer.count - kept < blockSize { buffer += [UInt8](repeating: 0, count: blockSize) }
            let read = buffer.withUnsafeMutableBytes { whole in
                whole.baseAddress.map { FileIO.readFully(fd, into: $0 + kept, count: blockSize, at: position) } ?? .success(0)
            }
            let count: Int
            switch read {
            case .success(let done): count = done
            case .failure(let failure): throw .io("Kan \(path) niet lezen: \(failure)")
            }
            if count == 0 { break }
            position += count
            let filled = kept + count
            // Whole lines now; the cut-off last one waits for the next block.
            let lastNewline = buffer.withUnsafeBufferPointer { whole in
                UnsafeBufferPointer(rebasing: whole[kept..<filled]).lastIndex(of: UInt8(ascii: "\n")).map { $0 + kept }
            }
            guard let lastNewline else {
                kept = filled
                continue
            }
            buffer.withUnsafeBufferPointer { whole in
                forEachLine(in: UnsafeBufferPointer(rebasing: whole[...lastNewline]), body)
            }
            kept = filled - (lastNewline + 1)
            buffer.withUnsafeMutableBufferPointer { whole in
                guard kept > 0, let base = whole.baseAddress else { return }
                memmove(base, base + lastNewline + 1, kept)
            }
        }
        if kept > 0 {
            buffer.withUnsafeBufferPointer { whole in forEachLine(in: UnsafeBufferPointer(rebasing: whole[..<kept]), body) }
        }
    }

    /// Calls `body` with every line of `buffer` that is not empty, without its newline.
    private static func forEachLine(in buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        forEachLineRange(in: buffer) { range in body(UnsafeBufferPointer(rebasing: buffer[range])) }
    }

    /// Calls `body` with the range of every line of a `personal.jsonl` (without its newline;
    /// empty lines left out) and its record, `nil` when the line is no readable record.
    static func forEachLine(in bytes: [UInt8], _ body: (Range<Int>, PersonalRecord?) -> Void) {
        bytes.withUnsafeBufferPointer { forEachLine(in: $0, body) }
    }

    /// The lines of `personal.jsonl` bytes read in place, as for an array of them.
    static func forEachLine(in buffer: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, PersonalRecord?) -> Void) {
        forEachLineRange(in: buffer) { range in body(range, record(buffer, from: range.lowerBound, to: range.upperBound)) }
    }

    /// Calls `body` with the range of every line of `buffer` that is not empty, without its newline.
    private static func forEachLineRange(in buffer: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        guard let base = buffer.baseAddress else { return }
        var start = 0
        while start < buffer.count {
            let found = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
            let end = found.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? buffer.count
            if end > start { body(start..<end) }
            start = end + 1
        }
    }

    /// Calls `body` with every readable record of a `personal.jsonl`, in order, without
    /// collecting them first.
    static func forEachRecord(in bytes: [UInt8], _ body: (PersonalRecord) -> Void) {
        forEachLine(in: bytes) { _, record in
            if let record { body(record) }
        }
    }

    static func record(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> PersonalRecord? {
        if let record = writtenShape(buffer, from: start, to: end) { return record }
        return anyShape(buffer, from: start, to: end)
    }

    /// A line exactly as ``write(to:)`` writes it, read in one pass; `nil` for any other
    /// shape, which the general reader then takes (and both give the same record: tested).
    static func writtenShape(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> PersonalRecord? {
        var index = start
        func literal(_ text: StaticString) -> Bool { Self.literal(text, buffer, at: &index, end: end) }
        func string() -> String? { JSONObjectView.readString(buffer, at: &index, end: end) }
        guard literal(#"{"details":"#), let details = writtenDetails(buffer, at: &index, end: end), literal(#","digest":"#),
            let digest = string(), literal(#","input":"#), let input = string(), literal(#","process":"#), let process = string(),
            literal(#","salt":"#), let salt = string(), literal("}"), index == end
        else { return nil }
        return PersonalRecord(process: process, input: input, salt: salt, details: details, digest: digest)
    }

    /// Whether `text` is at `index`; moves past it if so.
    static func literal(_ text: StaticString, _ buffer: UnsafeBufferPointer<UInt8>, at index: inout Int, end: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard end - index >= count, let base = buffer.baseAddress, memcmp(base + index, text.utf8Start, count) == 0 else {
            return false
        }
        index += count
        return true
    }

    /// The details object at `index` as ``write(to:)`` writes it (its fields in that order,
    /// each at most once), up to and including its `}`; `nil` for any other shape.
    static func writtenDetails(_ buffer: UnsafeBufferPointer<UInt8>, at index: inout Int, end: Int) -> PersonalDetails? {
        func literal(_ text: StaticString) -> Bool { Self.literal(text, buffer, at: &index, end: end) }
        guard literal("{") else { return nil }
        var details = PersonalDetails()
        var first = true
        func field(_ key: StaticString, _ value: inout String?) -> Bool {
            let mark = index
            if !first, !literal(",") { return true }
            guard literal(key) else {
                index = mark
                return true
            }
            first = false
            value = JSONObjectView.readString(buffer, at: &index, end: end)
            return value != nil
        }
        guard field(#""address":"#, &details.address), field(#""email":"#, &details.email), field(#""name":"#, &details.name),
            field(#""phone":"#, &details.phone), literal("}")
        else { return nil }
        // `PersonalDetails` keeps empty fields as absent; the general reader goes through its init.
        return PersonalDetails(name: details.name, address: details.address, email: details.email, phone: details.phone)
    }

    /// Any JSON object with the record's members, through the general reader.
    static func anyShape(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> PersonalRecord? {
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
        var scratch: [UInt8] = []
        return digest(salt: salt, details: details, scratch: &scratch)
    }

    /// ``digest(salt:details:)`` with the hashed text put together in `scratch`, which is
    /// emptied first and keeps its room: a command with a thousand writers needs one buffer,
    /// not one per writer.
    static func digest(salt: String, details: PersonalDetails, scratch: inout [UInt8]) -> String {
        scratch.removeAll(keepingCapacity: true)
        var writer = JSONWriter(continuing: &scratch)
        writer.appendString(salt)
        func member(_ value: String?) {
            writer.appendRaw(",")
            if let value { writer.appendString(value) } else { writer.appendNull() }
        }
        member(details.name)
        member(details.address)
        member(details.email)
        member(details.phone)
        writer.handBack(to: &scratch)
        return hexString(SHA256.hash(scratch))
    }

    /// The 64 hexadecimal digits of a digest as a string, written into the string's own storage.
    static func hexString(_ digest: SHA256Digest) -> String {
        digest.withBytes { hexString($0) }
    }

    /// Lowercase hexadecimal digits of some bytes, written into the string's own storage.
    static func hexString(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigits[Int(byte >> 4)]
                out[2 * index + 1] = hexDigits[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A record's place: its process and input.
    struct Key: Hashable {
        var process: String
        var input: String
    }

    var key: Key { Key(process: process, input: input) }

    /// Every value of a `"digest"` member in some bytes of `personal.jsonl`, found without
    /// decoding. Inside a JSON string a quote is always escaped, so `"digest":"` only occurs
    /// as the member itself.
    static func digests(in bytes: ArraySlice<UInt8>) -> [String] {
        let marker = Array(#""digest":""#.utf8)
        let quote = UInt8(ascii: "\"")
        var found: [String] = []
        var index = bytes.startIndex
        while index + marker.count <= bytes.endIndex {
            guard bytes[index] == marker[0], bytes[index..<index + marker.count].elementsEqual(marker) else {
                index += 1
                continue
            }
            let start = index + marker.count
            guard let end = bytes[start...].firstIndex(of: quote) else { break }
            found.append(String(decoding: bytes[start..<end], as: UTF8.self))
            index = end + 1
        }
        return found
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
    /// input gets that same id and must not get those details. Never returns the details of an
    /// input whose details were erased (``InputRecord/redaction``), even if a crash left its
    /// line in the file for a moment.
    public func personalDetails(process: ProcessID) -> [InputID: PersonalDetails] {
        var found: [InputID: PersonalDetails] = [:]
        forEachPersonalDetails(process: process) { id, details in found[id] = details }
        return found
    }

    /// The contact details of every writer in a process that has them, one by one in the
    /// order they were registered, without a dictionary of them all (for a process with a
    /// million writers, for example when sending every answer). The same details as
    /// ``personalDetails(process:)``, which is built on it.
    package func forEachPersonalDetails(process: ProcessID, _ body: (InputID, PersonalDetails) -> Void) {
        guard let state = self.process(process), FileIO.size(personalPath) != nil else { return }
        // The inputs are read in place: copying a record would retain all its strings.
        state.inputs.withUnsafeBufferPointer { inputs in
            try? PersonalRecord.forEachEntry(inFile: personalPath) { entry in
                let position: Int?
                let details: PersonalDetails
                switch entry {
                case .line(let line)?:
                    // The usual line: compared as bytes, no string made of its digest, input or process.
                    guard UTF8Text.equals(process.rawValue, line.process) else { return }
                    position = state.position(ofASCII: line.input).flatMap { inputs[$0].hasPersonalDigest(bytes: line.digest) ? $0 : nil }
                    details = line.details
                case .record(let record)?:
                    guard record.process == process.rawValue else { return }
                    position = state.position(of: InputID(record.input)).flatMap { inputs[$0].hasPersonalDigest(record.digest) ? $0 : nil }
                    details = record.details
                case nil:
                    return
                }
                guard let position, !inputs[position].isRedacted else { return }
                body(inputs[position].id, details)
            }
        }
    }

    /// The file with the writers' contact details.
    var personalPath: String { path + "/personal.jsonl" }

    /// The inputs whose contact details were erased, and their digests.
    private func redactedInputs() -> (keys: Set<PersonalRecord.Key>, digests: Set<String>) {
        var keys = Set<PersonalRecord.Key>()
        var digests = Set<String>()
        // Only the processes with an erasure: the others' inputs are not read.
        for state in processes where state.redactedCount > 0 {
            for input in state.inputs where input.isRedacted {
                keys.insert(PersonalRecord.Key(process: state.id.rawValue, input: input.id.rawValue))
                if let digest = input.personalDigest { digests.insert(digest) }
            }
        }
        return (keys, digests)
    }

    /// Whether `personal.jsonl` still holds a record of an input whose details were erased:
    /// a crash came between the journal entry and the rewrite of the file.
    ///
    /// A byte scan for the erased digests, without decoding JSON, so opening a store stays fast.
    /// Complexity: O(inputs) over the states, plus O(bytes of the file) when there is an erasure.
    func personalRecordsLeftToErase() -> Bool {
        let digests = redactedInputs().digests
        guard !digests.isEmpty, let bytes = try? FileIO.read(personalPath) else { return false }
        return PersonalRecord.digests(in: bytes[...]).contains { digests.contains($0) }
    }

    /// Whether a record is one the journal holds: its input exists and has that digest.
    private func isJournaled(_ record: PersonalRecord) -> Bool {
        journaledInput(of: .record(record)) != nil
    }

    /// The input a line of `personal.jsonl` is for, when the journal holds it with the line's
    /// digest: its process's state and its position there.
    private func journaledInput(of entry: PersonalEntry) -> (state: ProcessState, position: Int)? {
        switch entry {
        case .line(let line):
            guard let state = states[ProcessID(String(decoding: line.process, as: UTF8.self))],
                let position = state.position(ofASCII: line.input),
                state.inputs.withUnsafeBufferPointer({ $0[position].hasPersonalDigest(bytes: line.digest) })
            else { return nil }
            return (state, position)
        case .record(let record):
            guard let state = states[ProcessID(record.process)], let position = state.position(of: InputID(record.input)),
                state.inputs.withUnsafeBufferPointer({ $0[position].hasPersonalDigest(record.digest) })
            else { return nil }
            return (state, position)
        }
    }

    /// Rewrites `personal.jsonl` without the records of inputs whose details were erased, and
    /// without lines the journal does not hold: records of a command that never reached the
    /// journal, half-written lines and repeated records. A temporary file, fsync, rename,
    /// fsync of the folder. Run it under the store's lock, after catching up.
    ///
    /// Writes nothing when there is nothing to remove.
    /// - Returns: The lines of erased inputs removed, and the other lines removed.
    @discardableResult
    func erasePersonalRecords() throws(StoreError) -> (erased: Int, orphans: Int) {
        let file = personalPath
        guard FileIO.size(file) != nil else { return (0, 0) }
        let redacted = redactedInputs()
        let bytes: [UInt8]
        do { bytes = try FileIO.read(file) } catch { throw StoreError.io(error.description) }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var erased = 0
        var orphans = 0
        var seen = Set<PersonalRecord.Key>()
        PersonalRecord.forEachLine(in: bytes) { range, record in
            if let record, redacted.keys.contains(record.key) || redacted.digests.contains(record.digest) {
                erased += 1
            } else if let record, isJournaled(record), seen.insert(record.key).inserted {
                kept += bytes[range]
                kept.append(UInt8(ascii: "\n"))
            } else if record == nil, PersonalRecord.digests(in: bytes[range]).contains(where: { redacted.digests.contains($0) }) {
                erased += 1
            } else {
                orphans += 1
            }
        }
        guard erased + orphans > 0 else { return (0, 0) }
        do { try AtomicFile.write(kept, to: file, mode: 0o600) } catch { throw StoreError.io(error.description) }
        return (erased, orphans)
    }

    /// Whether `personal.jsonl` has more lines than there are inputs whose details it should
    /// keep: then some line belongs to no journal line (left by a command that never reached
    /// the journal, also by an older version of participatie) and a rewrite removes it.
    /// Counts newlines in blocks and the inputs in memory; reads no record.
    func personalFileHasExtraLines() -> Bool {
        guard let lines = FileIO.countLines(personalPath), lines > 0 else { return false }
        var expected = 0
        for state in states.values {
            // Counted as the inputs changed: a snapshot's inputs are not read for it.
            expected += state.inputsKeepingDetails
            if expected >= lines { return false }
        }
        return lines > expected
    }

    /// Lines of `personal.jsonl` that no journal line accounts for: details of a command that
    /// never reached the journal, half-written lines, or details of an erased input that a
    /// crash left for a moment. Reading never shows them; a writing command trims those at the
    /// end of the file, and an erasure rewrites the file without any of them. Read in blocks.
    package func personalLinesNotJournaled() -> Int {
        guard FileIO.size(personalPath) != nil else { return 0 }
        var count = 0
        try? PersonalRecord.forEachEntry(inFile: personalPath) { entry in
            // Not journaled, or the details of an erased input.
            guard let entry, let (state, position) = journaledInput(of: entry),
                state.inputs.withUnsafeBufferPointer({ !$0[position].isRedacted })
            else {
                count += 1
                return
            }
        }
        return count
    }

    /// Whether the last line of `personal.jsonl` is not a record the journal holds: the
    /// details of a command that was interrupted or failed after they were written and before
    /// its journal lines were. One read of the file's end.
    func personalTailNeedsTrimming() -> Bool {
        guard let size = FileIO.size(personalPath), size > 0 else { return false }
        guard let tail = try? FileIO.read(personalPath, from: size > 65_536 ? size - 65_536 : 0), tail.last == UInt8(ascii: "\n") else {
            return true
        }
        guard let start = tail.dropLast().lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) ?? (size > 65_536 ? nil : 0) else {
            // A last line longer than the piece read: no record is that long.
            return true
        }
        var last: PersonalRecord?
        PersonalRecord.forEachRecord(in: Array(tail[start...])) { last = $0 }
        return last.map { !isJournaled($0) } ?? true
    }

    /// Cuts `personal.jsonl` back to its last record that the journal holds, removing what a
    /// command that never reached the journal wrote after it. Such lines are always at the
    /// end: every command trims before it writes. Run it under the store's lock, after
    /// catching up. Returns the number of lines removed.
    @discardableResult
    func trimPersonalTail() throws(StoreError) -> Int {
        let file = personalPath
        guard let size = FileIO.size(file), size > 0 else { return 0 }
        var window: UInt64 = 1 << 20
        while true {
            let from = size > window ? size - window : 0
            let bytes: [UInt8]
            do { bytes = try FileIO.read(file, from: from) } catch { throw StoreError.io(error.description) }
            // The lines after the last journaled record; the first line of the piece may be cut.
            var keep: Int?
            var removed = 0
            var lines: [(range: Range<Int>, journaled: Bool)] = []
            PersonalRecord.forEachLine(in: bytes) { range, record in
                lines.append((range, record.map(isJournaled) ?? false))
            }
            for (index, line) in lines.enumerated().reversed() {
                if line.journaled, index > 0 || from == 0 {
                    keep = line.range.upperBound + 1
                    break
                }
                removed += 1
            }
            if keep == nil, from > 0 {
                window *= 4
                continue
            }
            let end = from + UInt64(min(keep ?? 0, bytes.count))
            guard end < size else { return 0 }
            let fd = FileIO.openFile(file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { throw StoreError.io("Kan \(file) niet openen: \(FileIO.lastError())") }
            defer { close(fd) }
            guard ftruncate(fd, off_t(end)) == 0, fsync(fd) == 0 else {
                throw StoreError.io("Kan \(file) niet inkorten: \(FileIO.lastError())")
            }
            return removed
        }
    }

    static func attachDigests(
        _ personal: [PersonalDetails?], to command: Command, records: inout [(index: Int, record: PersonalRecord)],
        process: ProcessID
    ) throws(StoreError) -> Command {
        // One call to the system's random source for the whole command: 16 bytes per salt, a
        // salt of its own for every writer (one salt for the command would show which inputs
        // of the command have the same writer).
        let random = randomBytes(16 * personal.count)
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        records.reserveCapacity(personal.count)
        func digest(_ input: inout NewInput, _ index: Int) {
            guard index < personal.count, let details = personal[index], !details.isEmpty else { return }
            let salt = random.withUnsafeBytes {
                PersonalRecord.hexString(UnsafeRawBufferPointer(rebasing: $0[(16 * index)..<(16 * index + 16)]))
            }
            let value = PersonalRecord.digest(salt: salt, details: details, scratch: &scratch)
            input.personalDigest = value
            records.append(
                (
                    index,
                    PersonalRecord(process: process.rawValue, input: input.id?.rawValue ?? "", salt: salt, details: details, digest: value)
                ))
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

    func writePersonal(_ records: [PersonalRecord]) throws(StoreError) {
        try Self.writePersonal(records, storePath: path)
    }

    /// ``writePersonal(_:)`` for the store in `storePath`, callable from another thread while
    /// the store's lock is held.
    static func writePersonal(_ records: [PersonalRecord], storePath: String) throws(StoreError) {
        guard !records.isEmpty else { return }
        var writer = JSONWriter(reservingCapacity: records.count * 200)
        for record in records { record.write(to: &writer) }
        var bytes = writer.bytes
        let file = storePath + "/personal.jsonl"
        let existed = FileIO.size(file) != nil
        let fd = open(file, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw StoreError.io("Kan \(file) niet openen: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
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
        // A new file's name is durable only once its folder is synced (as for a new journal segment).
        if !existed { FileIO.syncDirectory(storePath) }
    }
}

/// The writers' details of one command on their way to `personal.jsonl`: written and synced on a
/// second thread (from ``ParticipationStore/backgroundPersonalRecords`` records on) or in turn,
/// and taken back when the command does not reach the journal.
///
/// Why this sync stays, apart from the journal's, and must end before the journal is written:
/// the two files cannot be made durable by one `fsync`, and POSIX promises no order between
/// what two files hand to the disk. The journal is hash-chained and never rewritten, so the
/// details cannot go into it (an erasure under the AVG must be able to remove them); and
/// personal.jsonl cannot carry the journal lines (it is rewritten on every erasure). Written in
/// the other order, or both synced at once, a power cut can leave an input in the journal whose
/// writer's details are lost for good, with nothing left to tell that they ever existed. In
/// this order a cut leaves at most details that belong to no journal line, which the next
/// command or opening trims (``ParticipationStore/trimPersonalTail()``). So the journal's bytes
/// are not even handed to the kernel before this sync has returned: the kernel may write a
/// dirty page back at any moment. What can be done is to start the sync early, so that it runs
/// while the command is decided and its lines are made.
struct PersonalWrite {
    let storePath: String
    /// The records written (or being written) for the command.
    private(set) var records: [PersonalRecord] = []
    /// The file's size before the command wrote to it: `.some(nil)` when there was no file,
    /// `nil` when nothing was written.
    private var sizeBefore: UInt64??
    private var work: BackgroundWork<StoreError?>?

    init(storePath: String) {
        self.storePath = storePath
    }

    /// Appends `records` to `personal.jsonl` and syncs it: on a second thread from
    /// ``ParticipationStore/backgroundPersonalRecords`` records on, in turn below that.
    mutating func start(_ records: [PersonalRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        _ = wait()
        sizeBefore = .some(FileIO.size(storePath + "/personal.jsonl"))
        self.records = records
        let storePath = storePath
        if records.count < ParticipationStore.backgroundPersonalRecords {
            try ParticipationStore.writePersonal(records, storePath: storePath)
        } else {
            work = BackgroundWork {
                do throws(StoreError) {
                    try ParticipationStore.writePersonal(records, storePath: storePath)
                    return nil
                } catch {
                    return error
                }
            }
        }
    }

    /// Waits until the records are written and synced; the error, if that failed.
    func wait() -> StoreError? {
        work?.wait() ?? nil
    }

    /// Puts `personal.jsonl` back as it was before ``start(_:)`` (removes it when there was
    /// none), after waiting for the write. Should that fail, the lines stay behind until the
    /// next command or opening trims them: they belong to no journal line.
    mutating func takeBack() {
        guard case .some(let before) = sizeBefore else { return }
        _ = wait()
        work = nil
        sizeBefore = nil
        records = []
        let file = storePath + "/personal.jsonl"
        guard let before else {
            _ = unlink(file)
            return
        }
        let fd = FileIO.openFile(file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if ftruncate(fd, off_t(before)) == 0 { _ = fsync(fd) }
    }
}
