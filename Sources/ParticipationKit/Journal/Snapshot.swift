import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state of every process as of one journal line, kept in `snapshot.bin` so that opening
/// a store replays only the lines after it.
///
/// A snapshot is a cache, never a record: the journal is the history. It is binary (lengths
/// before strings, numbers as varints) because it is read on every command, and each process's
/// inputs are kept apart (``Region``), so that opening a store reads only the head: the inputs of
/// a process are read when first looked at. Anything unexpected in the head (another version, a
/// wrong length, bytes after the end) makes the store ignore the snapshot and replay the whole
/// journal; inputs that are not whole come from the journal. Its position is checked against the
/// journal before it is used.
struct Snapshot {
    var position: Journal.Position
    var processes: [ProcessState]
    /// What the store knows about itself at that line (exercise, beheerder, roles, last moment).
    var facts = StoreFacts()
    /// The format it was read in (``version`` for one made in memory).
    var format = Snapshot.version

    static let fileName = "snapshot.bin"
    /// `PKSNAP` + format version 12 + newline. A change to the layout is a new version: an
    /// older snapshot is then ignored and the journal replayed in full once. (Version 2 put
    /// the length of the first half of each process's inputs before them, so the two halves
    /// can be read at once; version 3 ends with the SHA-256 of everything before it; version 4
    /// keeps a withdrawal's evidence and actor, and the inputs withdrawn at each transition; version 5
    /// keeps inputs received too early and the inputs per kind that count toward a threshold;
    /// version 6 keeps each input's behandelaar and hand-overs, the behandelaar of each answer,
    /// and the answers per behandelaar, also at each decision; version 7 keeps the amount each
    /// input asked for and each answer granted; version 8 also keeps the named term and legal
    /// ground of each extension; version 9 ends with an XXH64 checksum instead of a SHA-256, and
    /// keeps a writer's digest as its 32 bytes; version 10 keeps the points of a letter: each
    /// input's parent, route and number of points, and the points per route; version 11 puts
    /// each process's inputs in a part of their own with its own checksum, before the rest, so
    /// that a command that only counts reads neither them nor their checksum (``Region``);
    /// version 12 adds to each region a summary of the open inputs in it (``OpenInputs``), so
    /// that `status` of a process with many open inputs does not read them either.
    /// Versions 9, 10 and 11 are still read: 9 has no points, since there were none before 10;
    /// 11 has no summary, so its open inputs are read when asked for.)
    /// The format written.
    static let version: UInt8 = 12
    private static let magic = magic(version)
    /// The versions read: the current one, 11 (without the summary of open inputs), 10 (the
    /// inputs within each process) and 9 (as 10, without points).
    private static let readable: ClosedRange<UInt8> = 9...12
    /// The length of the magic at the start of the file.
    private static let magicLength = 8
    /// After the head of a version-11 snapshot: its length and its XXH64, 8 bytes each.
    private static let trailerLength = 16

    /// The magic of a version: `PKSNAP`, the version as one byte, a newline.
    private static func magic(_ version: UInt8) -> [UInt8] { Array("PKSNAP".utf8) + [version, UInt8(ascii: "\n")] }
    /// The checksum at the end: XXH64 of everything before it, 8 bytes little-endian.
    private static let checksumLength = 8
    /// From this many inputs in a process on, the second half is read on a second thread.
    static let parallelInputs = 8_192

    // MARK: Writing

    /// Where one process's inputs lie in a version-11 snapshot and what they hold. The file is
    /// the magic, every process's inputs one after the other (in the order of the processes),
    /// the head (the position, each process without its inputs but with its region, the store's
    /// facts, the magic reversed), the head's length and the XXH64 of the head. A command that
    /// only counts reads the magic and the head; the inputs of a process are read, checked
    /// against their own checksum and decoded when someone first looks at them.
    struct Region: Equatable {
        var count: Int
        var tallies: InputListTallies
        var length: Int
        var checksum: UInt64
        /// The open inputs among them, summed up (version 12 on), so that `status` and `list`
        /// show a process's open work without reading its inputs.
        var open: OpenInputs?
    }

    /// The snapshot's bytes; with `version` 9 or 10 in the layout of that version (for tests
    /// that read an older snapshot).
    func encoded(version: UInt8 = Snapshot.version) -> [UInt8] {
        var w = SnapshotWriter()
        w.version = version
        let magic = Self.magic(version)
        w.bytes.append(contentsOf: magic)
        var regions: [Region] = []
        if version >= 11 {
            regions.reserveCapacity(processes.count)
            for state in processes {
                // Inputs unchanged since a snapshot was read whose inputs are laid out as in this
                // version (11 on): its bytes as they are.
                if let stored = state.pendingInputSource as? StoredInputs, stored.version >= 11, let bytes = stored.bytes() {
                    w.bytes.append(contentsOf: bytes.bytes)
                    // A region read from format 11 has no summary: the head gets one made now.
                    regions.append(stored.region)
                    continue
                }
                let start = w.bytes.count
                w.inputs(state.inputs)
                let checksum = w.bytes.withUnsafeBytes { Self.regionChecksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
                regions.append(
                    Region(
                        count: state.inputs.count, tallies: InputListTallies(state.inputs), length: w.bytes.count - start,
                        checksum: checksum, open: state.openInputs))
            }
        }
        let headStart = w.bytes.count
        w.uint(UInt64(position.segment))
        w.uint(position.offset)
        w.uint(position.lineStart)
        w.uint(position.seq)
        position.hash.withBytes { w.bytes.append(contentsOf: $0) }
        w.uint(UInt64(processes.count))
        for (number, state) in processes.enumerated() { w.state(state, region: regions.isEmpty ? nil : regions[number]) }
        w.facts(facts)
        w.bytes.append(contentsOf: magic.reversed())
        // A changed byte that still decodes (a text, a date, a digest) would otherwise be taken
        // for the state by every command; with the checksum the snapshot is ignored instead. It
        // guards against accidents, not forgery: `verify` compares the snapshot with the journal.
        if version >= 11 {
            let headLength = UInt64(w.bytes.count - headStart)
            let checksum = w.bytes.withUnsafeBytes { XXHash64.hash(UnsafeRawBufferPointer(rebasing: $0[headStart...])) }
            withUnsafeBytes(of: headLength.littleEndian) { w.bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: checksum.littleEndian) { w.bytes.append(contentsOf: $0) }
        } else {
            withUnsafeBytes(of: XXHash64.hash(w.bytes).littleEndian) { w.bytes.append(contentsOf: $0) }
        }
        return w.bytes
    }

    // MARK: Reading

    /// Reads the whole snapshot file into memory of its own and checks all of it (never a
    /// mapping: the long texts of inputs and answers stay in these bytes until someone reads
    /// them, and a file changed afterwards must not change them); `nil` when there is none or
    /// it is not whole. `verify` reads it so.
    static func read(_ path: String) -> Snapshot? {
        SharedBytes(contentsOf: path).flatMap(decode)
    }

    /// Reads the snapshot's head only, leaving each process's inputs to be read from the open
    /// file when first asked for; `nil` when there is none or its head is not whole. (An older
    /// snapshot, without a head of its own, is read whole.)
    ///
    /// Inputs that turn out not to be whole when they are read (a damaged disk, a file changed
    /// in place) come from `journal` instead: the journal replayed up to the snapshot's line.
    ///
    /// - Parameter journal: The inputs of a process as of the snapshot's position, from the
    ///   journal; `nil` when the journal cannot give them either.
    static func read(
        _ path: String, inputsFromJournal journal: @escaping @Sendable (ProcessID, Journal.Position) -> [InputRecord]?
    ) -> Snapshot? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        let file = OpenFile(descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        guard size >= magicLength + trailerLength, let start = SharedBytes(descriptor: descriptor, offset: 0, count: magicLength),
            start.bytes[magicLength - 2] >= 11
        else { return read(path) }
        guard let trailer = SharedBytes(descriptor: descriptor, offset: size - trailerLength, count: trailerLength) else { return nil }
        let (headLength, checksum) = trailerFields(UnsafeRawBufferPointer(trailer.bytes))
        guard headLength <= size - trailerLength - magicLength,
            let head = SharedBytes(descriptor: descriptor, offset: size - trailerLength - headLength, count: headLength),
            XXHash64.hash(UnsafeRawBufferPointer(head.bytes)) == checksum
        else { return nil }
        var r = SnapshotReader(bytes: head.bytes, owner: head, version: start.bytes[magicLength - 2])
        guard let (snapshot, regions) = try? r.head(magic: Array(start.bytes)), r.index == head.bytes.count else { return nil }
        var result = snapshot
        var offset = magicLength
        let headStart = size - trailerLength - headLength
        for (number, region) in regions.enumerated() {
            // Checked now, in pieces through one small buffer, so that a snapshot damaged on disk
            // is not used at all (as before format 11) and opening never depends on reading the
            // inputs later; decoded later, when first looked at.
            guard region.length <= headStart - offset,
                regionChecksum(descriptor: descriptor, offset: offset, length: region.length) == region.checksum
            else { return nil }
            let id = snapshot.processes[number].id
            let position = snapshot.position
            let (from, version) = (offset, r.version)
            let stored = StoredInputs(file: file, offset: from, region: region, version: version)
            result.processes[number].replaceInputs(
                PendingInputs(count: region.count, tallies: region.tallies, source: stored, open: region.open) {
                    // Checked when the store opened: the bytes differ now only when the file was
                    // changed in place since (no writer of the store does that). Then the journal
                    // gives them; when it cannot either, what the file holds now (`verify` names
                    // both), never a stop.
                    stored.records() ?? journal(id, position) ?? stored.records(checked: false) ?? []
                })
            offset += region.length
        }
        guard offset == headStart else { return nil }
        return result
    }

    /// Inputs are checked in pieces of this size: the checksum of a region is the XXH64 of the
    /// XXH64 of each piece, so it can be computed while the region is read through a buffer of
    /// this size.
    static let checksumPiece = 1 << 20

    /// The checksum of a region's bytes.
    static func regionChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var pieces: [UInt64] = []
        pieces.reserveCapacity(bytes.count / checksumPiece + 1)
        var start = 0
        repeat {
            let end = min(start + checksumPiece, bytes.count)
            pieces.append(XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[start..<end])).littleEndian)
            start = end
        } while start < bytes.count
        return pieces.withUnsafeBytes { XXHash64.hash($0) }
    }

    /// ``regionChecksum(_:)`` of `length` bytes of the open file `fd` from `offset`, read one
    /// piece at a time, a large region in two halves at once; `nil` when they cannot all be read.
    static func regionChecksum(descriptor fd: Int32, offset: Int, length: Int) -> UInt64? {
        // As regionChecksum(_:): an empty region is one empty piece.
        let count = max(1, (length + checksumPiece - 1) / checksumPiece)
        let half = count >= parallelPieces ? count / 2 : count
        let second = half < count ? BackgroundWork { pieceChecksums(fd, offset: offset, length: length, pieces: half..<count) } : nil
        let first = pieceChecksums(fd, offset: offset, length: length, pieces: 0..<half)
        let rest: [UInt64]? = if let second { second.wait() } else { [] }
        guard let first, let rest else { return nil }
        return (first + rest).withUnsafeBytes { XXHash64.hash($0) }
    }

    /// From this many pieces on, a region is checked in two halves at once: reading and hashing
    /// it is most of what `status` does.
    static let parallelPieces = 8

    /// The checksums of the pieces `pieces` of the region, read through one buffer; `nil` when
    /// they cannot all be read.
    private static func pieceChecksums(_ fd: Int32, offset: Int, length: Int, pieces: Range<Int>) -> [UInt64]? {
        var checksums: [UInt64] = []
        checksums.reserveCapacity(pieces.count)
        // On a cache line (see FileIO.readFully).
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: checksumPiece, alignment: 64)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return nil }
        for piece in pieces {
            let start = piece * checksumPiece
            let count = min(checksumPiece, length - start)
            guard FileIO.readExactly(fd, into: base, count: count, at: offset + start) else { return nil }
            checksums.append(XXHash64.hash(UnsafeRawBufferPointer(start: base, count: count)).littleEndian)
        }
        return checksums
    }

    /// The head's length and checksum from the 16 bytes after it.
    private static func trailerFields(_ trailer: UnsafeRawBufferPointer) -> (length: Int, checksum: UInt64) {
        let length = UInt64(littleEndian: trailer.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let checksum = UInt64(littleEndian: trailer.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        return (Int(clamping: length), checksum)
    }

    /// The snapshot in `bytes`, or `nil` when they are not a whole snapshot of this version.
    static func decode(_ bytes: [UInt8]) -> Snapshot? {
        bytes.withUnsafeBufferPointer { decode(SharedBytes(copying: $0)) }
    }

    /// The snapshot in `owner`'s bytes, every part of it checked and decoded; the texts of
    /// inputs and answers keep pointing into them.
    static func decode(_ owner: SharedBytes) -> Snapshot? {
        let file = owner.bytes
        guard file.count > magicLength + trailerLength else { return nil }
        let version = file[magicLength - 2]
        guard readable.contains(version) else { return nil }
        let magic = Self.magic(version)
        guard file.starts(with: magic) else { return nil }
        if version >= 11 {
            let (headLength, checksum) = trailerFields(
                UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: file[(file.count - trailerLength)...])))
            guard headLength <= file.count - trailerLength - magicLength else { return nil }
            let headStart = file.count - trailerLength - headLength
            let head = UnsafeBufferPointer(rebasing: file[headStart..<(file.count - trailerLength)])
            guard XXHash64.hash(UnsafeRawBufferPointer(head)) == checksum else { return nil }
            var r = SnapshotReader(bytes: head, owner: owner, version: version)
            guard let (decoded, regions) = try? r.head(magic: magic), r.index == head.count else { return nil }
            var snapshot = decoded
            var offset = magicLength
            for (number, region) in regions.enumerated() {
                guard region.length <= headStart - offset,
                    let records = inputs(in: owner, at: offset, region, version: version)
                else { return nil }
                snapshot.processes[number].replaceInputs(records)
                offset += region.length
            }
            return offset == headStart ? snapshot : nil
        }
        let buffer = UnsafeBufferPointer(rebasing: file[..<(file.count - checksumLength)])
        let trailer = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: file[(file.count - checksumLength)...]))
        let stored = UInt64(littleEndian: trailer.loadUnaligned(as: UInt64.self))
        guard XXHash64.hash(UnsafeRawBufferPointer(buffer)) == stored else { return nil }
        var r = SnapshotReader(bytes: buffer, owner: owner, version: version)
        r.index = magic.count
        guard let (snapshot, _) = try? r.head(magic: magic), r.index == buffer.count else { return nil }
        return snapshot
    }

    /// The inputs of one process, from `region.length` bytes of `owner` at `offset`; `nil`
    /// when they do not match the region's checksum, count or number of erased details.
    ///
    /// - Parameter checked: `false` to leave out the checksum (a last resort, see
    ///   ``read(_:inputsFromJournal:)``).
    fileprivate static func inputs(
        in owner: SharedBytes, at offset: Int, _ region: Region, version: UInt8, checked: Bool = true
    ) -> [InputRecord]? {
        guard offset >= 0, region.length <= owner.bytes.count - offset else { return nil }
        // Read up to the region's end, with positions counted from the owner's start (as the
        // texts left in its bytes count them).
        let bytes = UnsafeBufferPointer(rebasing: owner.bytes[..<(offset + region.length)])
        guard !checked || regionChecksum(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset...]))) == region.checksum
        else { return nil }
        var r = SnapshotReader(bytes: bytes, owner: owner, version: version)
        r.index = offset
        guard let records = try? r.inputs(), r.index == bytes.count, records.count == region.count,
            InputListTallies(records) == region.tallies, region.open.map({ $0 == OpenInputs(records) }) ?? true
        else { return nil }
        return records
    }
}

/// The open snapshot file that a state's pending inputs are read from: the file replaced by a
/// later snapshot (written beside it and renamed) stays readable through it.
private final class OpenFile: Sendable {
    let descriptor: Int32

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }
}

/// One process's inputs in an open snapshot file.
private struct StoredInputs: Sendable {
    let file: OpenFile
    let offset: Int
    let region: Snapshot.Region
    let version: UInt8

    /// The region's bytes, when they can be read and match its checksum.
    func bytes() -> SharedBytes? {
        guard let bytes = SharedBytes(descriptor: file.descriptor, offset: offset, count: region.length),
            Snapshot.regionChecksum(UnsafeRawBufferPointer(bytes.bytes)) == region.checksum
        else { return nil }
        return bytes
    }

    /// The inputs, read and decoded; `nil` when they cannot be read or are not whole (with
    /// `checked`, when they do not match their checksum either).
    func records(checked: Bool = true) -> [InputRecord]? {
        SharedBytes(descriptor: file.descriptor, offset: offset, count: region.length).flatMap {
            Snapshot.inputs(in: $0, at: 0, region, version: version, checked: checked)
        }
    }
}

// MARK: - Writer

private struct SnapshotWriter {
    var bytes: [UInt8] = []
    /// The format version written (9 has no points, 11 puts the inputs apart).
    var version: UInt8 = 12

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func uint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) {
        // Zig-zag, so small negative numbers stay short.
        uint(UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> 63)))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            uint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A long text as a string is written, straight from the bytes it was read from.
    mutating func text(_ value: SharedText) {
        value.withUTF8 { utf8 in
            uint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional<T>(_ value: T?, _ write: (inout SnapshotWriter, T) -> Void) {
        if let value {
            bytes.append(1)
            write(&self, value)
        } else {
            bytes.append(0)
        }
    }

    mutating func optionalString(_ value: String?) { optional(value) { $0.string($1) } }

    /// A writer's digest: 0 for none, 1 and a text for a digest that is not SHA-256 hex (only
    /// an old or hand-made journal has one), 2 and the 32 bytes for every digest the store made.
    mutating func personalDigest(_ input: InputRecord) {
        if let value = input.personalSHA256 {
            bytes.append(2)
            value.withBytes { bytes.append(contentsOf: $0) }
        } else {
            optionalString(input.personalDigest)
        }
    }

    mutating func date(_ value: Date) { uint(value.timeIntervalSince1970.bitPattern) }

    mutating func day(_ value: CivilDate) { int(value.dayNumber) }

    mutating func optionalDate(_ value: Date?) { optional(value) { $0.date($1) } }

    mutating func facts(_ f: StoreFacts) {
        bool(f.created)
        bool(f.exercise)
        optionalString(f.administrator)
        uint(UInt64(f.grants.count))
        for account in f.grants.keys.sorted() {
            string(account)
            let roles = (f.grants[account] ?? []).sorted()
            uint(UInt64(roles.count))
            for role in roles { string(role.rawValue) }
        }
        optionalDate(f.lastRecorded)
    }

    mutating func actor(_ value: ActorIdentity) {
        string(value.role.rawValue)
        optionalString(value.name)
    }

    /// Counts per behandelaar, keys sorted so equal states give equal bytes.
    mutating func owners(_ values: [String: Int]) {
        uint(UInt64(values.count))
        for key in values.keys.sorted() {
            string(key)
            int(values[key] ?? 0)
        }
    }

    mutating func deadline(_ value: Deadline) {
        day(value.start)
        int(value.length.count)
        string(value.length.unit.rawValue)
        string(value.rule.rawValue)
        string(value.startsOn.rawValue)
        int(value.extensionDays)
        day(value.nominalEnd)
        day(value.end)
        string(value.explanation)
    }

    /// Keys sorted, so equal states give equal bytes.
    mutating func dictionary<Key: RawRepresentable & Comparable, Value>(
        _ values: [Key: Value], _ write: (inout SnapshotWriter, Value) -> Void
    ) where Key.RawValue == String {
        uint(UInt64(values.count))
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            string(key.rawValue)
            write(&self, value)
        }
    }

    /// A process; its inputs are written here in versions 9 and 10, and from version 11 on only
    /// where they are (`region`).
    mutating func state(_ s: ProcessState, region: Snapshot.Region?) {
        string(s.id.rawValue)
        string(s.workflow.rawValue)
        string(s.workflowVersion)
        string(s.definitionHash)
        string(s.title)
        dictionary(s.attributes) { $0.string($1) }
        optionalString(s.planDigest)
        bool(s.planComplete)
        date(s.startedAt)
        actor(s.startedBy)
        string(s.current.rawValue)
        date(s.enteredAt)
        optional(s.window) { $0.deadline($1) }
        bool(s.isFinal)
        optionalString(s.outcome)
        dictionary(s.entered) { $0.day($1) }
        dictionary(s.left) { $0.day($1) }
        dictionary(s.windowEnds) { $0.day($1) }
        let c = s.counts
        for value in [c.total, c.needingFeedback, c.answered, c.sent, c.late, c.outOfScope, c.withdrawn, c.exempt, c.early] {
            int(value)
        }
        dictionary(c.perKind) { $0.int($1) }
        dictionary(c.countedPerKind) { $0.int($1) }
        dictionary(c.documentsPerKind) { $0.int($1) }
        owners(c.answeredPerOwner)
        if version >= 10 {
            uint(UInt64(c.pointsPerRoute.count))
            for route in c.pointsPerRoute.keys.sorted() {
                let tally = c.pointsPerRoute[route] ?? PointTally()
                string(route)
                for value in [tally.total, tally.needing, tally.answered, tally.sent] { int(value) }
            }
        }
        uint(UInt64(s.documents.count))
        for document in s.documents {
            string(document.kind.rawValue)
            string(document.reference)
            date(document.at)
            actor(document.by)
            optional(document.date) { $0.day($1) }
            int(document.transitionsBefore)
            int(document.inputsBefore)
        }
        uint(UInt64(s.history.count))
        for record in s.history {
            string(record.transition.rawValue)
            string(record.from.rawValue)
            string(record.to.rawValue)
            date(record.at)
            actor(record.by)
            optionalString(record.reason)
            bool(record.decision)
            bool(record.timed)
            int(record.inputsWeighed)
            int(record.unansweredAtThatMoment)
            int(record.unsentAtThatMoment)
            owners(record.answeredByOwner)
            int(record.withdrawnAtThatMoment)
            optionalString(record.account)
            optionalDate(record.recorded)
            optionalDate(record.earlierThanWeighed)
        }
        uint(UInt64(s.extensions.count))
        for record in s.extensions {
            string(record.state.rawValue)
            int(record.days)
            string(record.reason)
            date(record.at)
            actor(record.by)
            day(record.newEnd)
            optionalString(record.term?.rawValue)
            optionalString(record.basis)
        }
        int(s.nextInputNumber)
        uint(s.lastSeq)
        optionalDate(s.latestInputActivity)
        optional(s.clockAhead) { w, ahead in
            w.int(ahead.lines)
            w.date(ahead.firstAt)
            w.date(ahead.firstRecorded)
            w.uint(ahead.largestSeconds.bitPattern)
        }
        if let region {
            uint(UInt64(region.count))
            uint(UInt64(region.tallies.redacted))
            uint(UInt64(region.tallies.keepingDetails))
            uint(UInt64(region.length))
            withUnsafeBytes(of: region.checksum.littleEndian) { bytes.append(contentsOf: $0) }
            if version >= 12 { open(region.open ?? s.openInputs) }
        } else {
            inputs(s.inputs)
        }
    }

    /// The summary of a process's open inputs (version 12 on).
    mutating func open(_ open: OpenInputs) {
        uint(UInt64(open.groups.count))
        for group in open.groups {
            optionalString(group.owner)
            uint(UInt64(group.open))
            for mark in [group.first, group.earliest] {
                string(mark.input)
                day(mark.since)
            }
            uint(UInt64(group.due.count))
            for due in group.due {
                day(due.day)
                uint(UInt64(due.count))
            }
            string(group.ids)
        }
        string(open.unsent)
        string(open.unanswered)
        uint(UInt64(open.gateKinds.count))
        for kind in open.gateKinds { string(kind.rawValue) }
        uint(UInt64(open.sentDue.count))
        for due in open.sentDue {
            day(due.day)
            uint(UInt64(due.count))
        }
    }

    /// A process's inputs: their number, then the first half's length in bytes, so a reader
    /// can start on the second half at once.
    mutating func inputs(_ inputs: [InputRecord]) {
        uint(UInt64(inputs.count))
        let half = inputs.count / 2
        var first = SnapshotWriter()
        first.version = version
        for input in inputs[..<half] { first.input(input) }
        uint(UInt64(first.bytes.count))
        bytes.append(contentsOf: first.bytes)
        for input in inputs[half...] { self.input(input) }
    }

    mutating func input(_ input: InputRecord) {
        string(input.id.rawValue)
        string(input.kind.rawValue)
        text(input.storedText)
        day(input.received)
        date(input.registeredAt)
        actor(input.registeredBy)
        optionalString(input.channel)
        optionalString(input.theme)
        optionalString(input.publicName)
        personalDigest(input)
        string(input.stateAtReceipt.rawValue)
        bytes.append((input.late ? 1 : 0) | (input.outOfScope ? 2 : 0) | (input.needsFeedback ? 4 : 0) | (input.early ? 8 : 0))
        optional(input.answerDue) { $0.day($1) }
        optional(input.withdrawal) { w, withdrawal in
            w.date(withdrawal.at)
            w.string(withdrawal.reason)
            w.optionalString(withdrawal.evidence)
            w.optional(withdrawal.by) { $0.actor($1) }
        }
        uint(UInt64(input.feedback.count))
        for feedback in input.feedback {
            string(feedback.verdict.rawValue)
            text(feedback.storedMotivation)
            date(feedback.at)
            actor(feedback.by)
            optionalString(feedback.owner)
            optional(feedback.amount) { $0.uint(UInt64($1)) }
        }
        optional(input.sentOn) { $0.day($1) }
        optional(input.redaction) { w, redaction in
            w.date(redaction.at)
            w.actor(redaction.by)
            w.string(redaction.reason)
        }
        optionalString(input.owner)
        let handovers = input.handovers
        uint(UInt64(handovers.count))
        for handover in handovers {
            optionalString(handover.from)
            string(handover.to)
            date(handover.at)
            actor(handover.by)
            optionalString(handover.reason)
        }
        optional(input.requestedAmount) { $0.uint(UInt64($1)) }
        if version < 10 { return }
        optionalString(input.parent?.rawValue)
        optionalString(input.route?.rawValue)
        int(input.pointCount)
    }
}

// MARK: - Reader

private struct SnapshotReader {
    struct Malformed: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    /// The owner of `bytes`, kept by the long texts read (``sharedText()``).
    let owner: SharedBytes
    var index = 0
    /// The last actor read, reused when the next one is equal (most events share an actor),
    /// so its strings are stored once.
    var lastActor: ActorIdentity?
    /// Where ``lastActor`` was read from.
    private var lastActorBytes = 0..<0
    /// The last kind and state at receipt read: nearly every input repeats them, so
    /// equal bytes give the value already made.
    private var lastKind = Repeated<InputKindID>()
    private var lastState = Repeated<StateID>()

    /// A value read before and the bytes it was read from (within the snapshot's bytes).
    private struct Repeated<Value> {
        var start = 0
        var count = -1
        var value: Value?
    }

    /// The format version being read (9 has no points).
    var version: UInt8 = 12
    /// The regions of the inputs of the processes read so far (version 11 on).
    private(set) var regions: [Snapshot.Region] = []

    init(bytes: UnsafeBufferPointer<UInt8>, owner: SharedBytes, version: UInt8 = 12) {
        self.bytes = bytes
        self.owner = owner
        self.version = version
    }

    mutating func expect(_ expected: some Collection<UInt8>) throws(Malformed) {
        guard bytes.count - index >= expected.count else { throw Malformed() }
        for byte in expected {
            guard bytes[index] == byte else { throw Malformed() }
            index += 1
        }
    }

    mutating func byte() throws(Malformed) -> UInt8 {
        guard index < bytes.count else { throw Malformed() }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func uint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Malformed() }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    /// An amount in whole cents, written as a plain varint.
    mutating func amount() throws(Malformed) -> Int {
        guard let value = Int(exactly: try uint()) else { throw Malformed() }
        return value
    }

    mutating func int() throws(Malformed) -> Int {
        let raw = try uint()
        return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// A count of items that each take at least one byte (so a corrupt count cannot make the
    /// reader reserve memory the file could never fill).
    mutating func count() throws(Malformed) -> Int {
        let value = try uint()
        guard value <= UInt64(bytes.count - index) else { throw Malformed() }
        return Int(value)
    }

    mutating func bool() throws(Malformed) -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        default: throw Malformed()
        }
    }

    mutating func string() throws(Malformed) -> String {
        try string(length: try count())
    }

    /// A string of `length` bytes, which ``count()`` checked are there.
    private mutating func string(length: Int) throws(Malformed) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[index..<(index + length)])
        index += length
        guard let text = UTF8Text.string(slice) else { throw Malformed() }
        return text
    }

    /// A long text (an input's text, an answer's motivation) left in the snapshot's bytes:
    /// made into a `String` only when it is read.
    mutating func sharedText() throws(Malformed) -> SharedText {
        let length = try count()
        defer { index += length }
        return SharedText(owner, start: index, count: length)
    }

    /// A string field that usually repeats the one before (`last`): made and checked only when
    /// its bytes differ from those `last` was made from.
    private mutating func repeated<Value>(_ last: inout Repeated<Value>, _ make: (String) -> Value?) throws(Malformed) -> Value {
        let length = try count()
        let start = index
        if length == last.count, let value = last.value, sameBytes(start, last.start, length) {
            index += length
            return value
        }
        guard let value = make(try string(length: length)) else { throw Malformed() }
        last = Repeated(start: start, count: length, value: value)
        return value
    }

    /// Whether the `length` bytes at `first` and at `second` are the same (both in the snapshot).
    private func sameBytes(_ first: Int, _ second: Int, _ length: Int) -> Bool {
        guard let base = bytes.baseAddress else { return length == 0 }
        return memcmp(base + first, base + second, length) == 0
    }

    mutating func kind() throws(Malformed) -> InputKindID {
        var last = lastKind
        defer { lastKind = last }
        return try repeated(&last, InputKindID.init)
    }

    mutating func stateAtReceipt() throws(Malformed) -> StateID {
        var last = lastState
        defer { lastState = last }
        return try repeated(&last, StateID.init)
    }

    /// A verdict, found by its bytes among the few there are (no string made).
    mutating func verdict() throws(Malformed) -> Verdict {
        let length = try count()
        let start = index
        index += length
        guard let base = bytes.baseAddress else { throw Malformed() }
        for (verdict, name) in Self.verdictNames where name.count == length {
            if name.withUnsafeBufferPointer({ own in own.baseAddress.map { memcmp($0, base + start, length) == 0 } ?? false }) {
                return verdict
            }
        }
        throw Malformed()
    }

    private static let verdictNames = Verdict.allCases.map { ($0, Array($0.rawValue.utf8)) }

    mutating func isPresent() throws(Malformed) -> Bool { try bool() }

    mutating func optionalString() throws(Malformed) -> String? { try isPresent() ? try string() : nil }

    mutating func date() throws(Malformed) -> Date { Date(timeIntervalSince1970: Double(bitPattern: try uint())) }

    mutating func optionalDate() throws(Malformed) -> Date? { try isPresent() ? try date() : nil }

    mutating func facts() throws(Malformed) -> StoreFacts {
        var f = StoreFacts()
        f.created = try bool()
        f.exercise = try bool()
        f.administrator = try optionalString()
        for _ in 0..<(try count()) {
            let account = try string()
            var roles = Set<RoleID>()
            for _ in 0..<(try count()) { roles.insert(RoleID(try string())) }
            f.grants[account] = roles
        }
        f.lastRecorded = try optionalDate()
        return f
    }

    mutating func day() throws(Malformed) -> CivilDate {
        let number = try int()
        // A day the date keeps exactly (its year not clamped); checked by range, not by
        // converting back.
        guard CivilDate.exactDayNumbers.contains(number) else { throw Malformed() }
        return CivilDate(dayNumber: number)
    }

    mutating func digest() throws(Malformed) -> SHA256Digest {
        guard bytes.count - index >= 32 else { throw Malformed() }
        let raw = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index..<(index + 32)]))
        index += 32
        func word(_ k: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)) }
        return SHA256Digest(words: (word(0), word(1), word(2), word(3)))
    }

    /// An actor (a role and maybe a name); the one read last when its bytes are the same,
    /// as they nearly always are, without making its strings again.
    mutating func actor() throws(Malformed) -> ActorIdentity {
        let start = index
        index += try count()
        if try isPresent() { index += try count() }
        let length = index - start
        if let lastActor, length == lastActorBytes.count, sameBytes(start, lastActorBytes.lowerBound, length) { return lastActor }
        index = start
        let actor = ActorIdentity(role: RoleID(try string()), name: try optionalString())
        lastActor = actor
        lastActorBytes = start..<index
        return actor
    }

    mutating func owners() throws(Malformed) -> [String: Int] {
        try dictionary({ $0 }) { (r) throws(Malformed) in try r.int() }
    }

    mutating func raw<T: RawRepresentable>(_ type: T.Type) throws(Malformed) -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw Malformed() }
        return value
    }

    mutating func deadline() throws(Malformed) -> Deadline {
        Deadline(
            start: try day(), length: TermLength(try int(), try raw(TermLength.Unit.self)), rule: try raw(TermRule.self),
            startsOn: try raw(TermStart.self), extensionDays: try int(), nominalEnd: try day(), end: try day(),
            explanation: try string())
    }

    mutating func dictionary<Key: Hashable, Value>(
        _ key: (String) -> Key, _ value: (inout SnapshotReader) throws(Malformed) -> Value
    ) throws(Malformed) -> [Key: Value] {
        let count = try count()
        var result: [Key: Value] = [:]
        result.reserveCapacity(count)
        for _ in 0..<count {
            let name = key(try string())
            result[name] = try value(&self)
        }
        return result
    }

    mutating func state() throws(Malformed) -> ProcessState {
        let id = ProcessID(try string())
        let workflow = WorkflowID(try string())
        let workflowVersion = try string()
        let definitionHash = try string()
        let title = try string()
        let attributes = try dictionary(AttributeName.init) { (r) throws(Malformed) in try r.string() }
        let planDigest = try optionalString()
        let planComplete = try bool()
        let startedAt = try date()
        let startedBy = try actor()
        let current = StateID(try string())
        let started = ProcessStarted(
            workflow: workflow, workflowVersion: workflowVersion, definitionHash: definitionHash, title: title,
            attributes: attributes, planDigest: planDigest, planComplete: planComplete, initial: current, window: nil)
        var s = ProcessState(id: id, started: started, at: startedAt, by: startedBy)
        s.enteredAt = try date()
        s.window = try isPresent() ? try deadline() : nil
        s.isFinal = try bool()
        s.outcome = try optionalString()
        s.entered = try dictionary(StateID.init) { (r) throws(Malformed) in try r.day() }
        s.left = try dictionary(StateID.init) { (r) throws(Malformed) in try r.day() }
        s.windowEnds = try dictionary(StateID.init) { (r) throws(Malformed) in try r.day() }
        var counts = InputCounts()
        counts.total = try int()
        counts.needingFeedback = try int()
        counts.answered = try int()
        counts.sent = try int()
        counts.late = try int()
        counts.outOfScope = try int()
        counts.withdrawn = try int()
        counts.exempt = try int()
        counts.early = try int()
        counts.perKind = try dictionary(InputKindID.init) { (r) throws(Malformed) in try r.int() }
        counts.countedPerKind = try dictionary(InputKindID.init) { (r) throws(Malformed) in try r.int() }
        counts.documentsPerKind = try dictionary(DocumentKindID.init) { (r) throws(Malformed) in try r.int() }
        counts.answeredPerOwner = try owners()
        if version >= 10 {
            counts.pointsPerRoute = try dictionary({ $0 }) { (r) throws(Malformed) in
                PointTally(total: try r.int(), needing: try r.int(), answered: try r.int(), sent: try r.int())
            }
        }
        s.counts = counts
        s.documents = []
        for _ in 0..<(try count()) {
            s.documents.append(
                DocumentRecord(
                    kind: DocumentKindID(try string()), reference: try string(), at: try date(), by: try actor(),
                    date: try isPresent() ? try day() : nil, transitionsBefore: try int(), inputsBefore: try int()))
        }
        s.history = []
        for _ in 0..<(try count()) {
            s.history.append(
                TransitionRecord(
                    transition: TransitionName(try string()), from: StateID(try string()), to: StateID(try string()),
                    at: try date(), by: try actor(), reason: try optionalString(), decision: try bool(), timed: try bool(),
                    inputsWeighed: try int(), unansweredAtThatMoment: try int(), unsentAtThatMoment: try int(),
                    answeredByOwner: try owners(), withdrawnAtThatMoment: try int(), account: try optionalString(),
                    recorded: try optionalDate(), earlierThanWeighed: try optionalDate()))
        }
        s.extensions = []
        for _ in 0..<(try count()) {
            s.extensions.append(
                TermExtensionRecord(
                    state: StateID(try string()), days: try int(), reason: try string(), at: try date(), by: try actor(),
                    newEnd: try day(), term: try optionalString().map(TermName.init), basis: try optionalString()))
        }
        s.nextInputNumber = try int()
        s.lastSeq = try uint()
        s.latestInputActivity = try optionalDate()
        s.clockAhead =
            try isPresent()
            ? ClockAhead(
                lines: try int(), firstAt: try date(), firstRecorded: try date(), largestSeconds: Double(bitPattern: try uint())) : nil
        if version >= 11 {
            // Counts of what lies outside the head: checked against the file when read.
            let count = try amount()
            let tallies = InputListTallies(redacted: try amount(), keepingDetails: try amount())
            var region = Snapshot.Region(count: count, tallies: tallies, length: try amount(), checksum: try checksum())
            guard tallies.redacted <= count, tallies.keepingDetails <= count else { throw Malformed() }
            if version >= 12 {
                region.open = try open()
                guard (region.open?.count ?? 0) <= count else { throw Malformed() }
            }
            regions.append(region)
        } else {
            s.replaceInputs(try inputs())
        }
        return s
    }

    /// The head of a snapshot, from its position to the magic reversed: every process (in
    /// version 11 on without its inputs, whose regions are returned) and the store's facts.
    mutating func head(magic: [UInt8]) throws(Malformed) -> (Snapshot, [Snapshot.Region]) {
        let segment = Int(clamping: try uint())
        let offset = try uint()
        let lineStart = try uint()
        let seq = try uint()
        let hash = try digest()
        let count = try count()
        var processes: [ProcessState] = []
        processes.reserveCapacity(count)
        for _ in 0..<count { processes.append(try state()) }
        let facts = try facts()
        try expect(magic.reversed())
        return (
            Snapshot(
                position: Journal.Position(segment: segment, offset: offset, lineStart: lineStart, seq: seq, hash: hash),
                processes: processes, facts: facts, format: version),
            regions
        )
    }

    /// The summary of a process's open inputs (version 12 on): each group with at least one
    /// open input, at most one without a behandelaar (with as many ids as open inputs), answer
    /// days ascending and counting no more than are open; as many open ids as the groups count,
    /// no more without an answer, and the gate's kinds when anything is open.
    mutating func open() throws(Malformed) -> OpenInputs {
        var groups: [OpenInputs.Group] = []
        for _ in 0..<(try count()) {
            let owner = try optionalString()
            let open = try amount()
            let first = OpenInputs.Mark(input: try string(), since: try day())
            let earliest = OpenInputs.Mark(input: try string(), since: try day())
            var due: [OpenInputs.Due] = []
            for _ in 0..<(try count()) {
                let entry = OpenInputs.Due(day: try day(), count: try amount())
                guard entry.count > 0, due.last.map({ $0.day < entry.day }) ?? true else { throw Malformed() }
                due.append(entry)
            }
            let ids = try string()
            guard open > 0, due.reduce(0, { $0 + $1.count }) <= open, earliest.since <= first.since,
                owner == nil ? OpenInputs.lineCount(ids) == open : ids.isEmpty
            else { throw Malformed() }
            groups.append(OpenInputs.Group(owner: owner, open: open, first: first, earliest: earliest, due: due, ids: ids))
        }
        let unsent = try string()
        let unanswered = try string()
        var gateKinds: [InputKindID] = []
        for _ in 0..<(try count()) { gateKinds.append(InputKindID(try string())) }
        var sentDue: [OpenInputs.Due] = []
        for _ in 0..<(try count()) {
            let entry = OpenInputs.Due(day: try day(), count: try amount())
            guard entry.count > 0, sentDue.last.map({ $0.day < entry.day }) ?? true else { throw Malformed() }
            sentDue.append(entry)
        }
        let open = groups.reduce(0) { $0 + $1.open }
        guard groups.count(where: { $0.owner == nil }) <= 1, OpenInputs.lineCount(unsent) == open,
            OpenInputs.lineCount(unanswered) <= open,
            gateKinds.isEmpty == groups.isEmpty
        else { throw Malformed() }
        return OpenInputs(groups: groups, unsent: unsent, unanswered: unanswered, gateKinds: gateKinds, sentDue: sentDue)
    }

    /// 8 bytes, little-endian.
    mutating func checksum() throws(Malformed) -> UInt64 {
        guard bytes.count - index >= 8 else { throw Malformed() }
        defer { index += 8 }
        return UInt64(
            littleEndian: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index..<(index + 8)])).loadUnaligned(as: UInt64.self))
    }

    /// A process's inputs: the first half here and, for a large process, the second half on a
    /// second thread at the same time, each decoded straight into its place in the array.
    mutating func inputs() throws(Malformed) -> [InputRecord] {
        let total = try count()
        let firstLength = try count()
        let half = total / 2
        let secondStart = index + firstLength
        var secondEnd = 0
        var failed = false
        let records = [InputRecord](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                // Only an empty array may have no storage.
                failed = total != 0 || firstLength != 0
                secondEnd = secondStart
                initialized = 0
                return
            }
            // The second half, from its own reader (on another thread when there are many).
            let other = OtherHalf(
                bytes: bytes, owner: owner, version: version, start: secondStart, base: base + half, count: total - half)
            let worker = total >= Snapshot.parallelInputs ? BackgroundWork { other.run() } : nil
            var done = 0
            do {
                while done < half {
                    (base + done).initialize(to: try input())
                    done += 1
                }
                if index != secondStart { throw Malformed() }
            } catch {
                failed = true
            }
            if let worker { worker.wait() } else { other.run() }
            if failed || other.failed {
                base.deinitialize(count: done)
                (base + half).deinitialize(count: other.done)
                initialized = 0
                failed = true
                return
            }
            secondEnd = other.end
            initialized = total
        }
        guard !failed else { throw Malformed() }
        index = secondEnd
        return records
    }

    /// The second half of a process's inputs, read from its own reader.
    private final class OtherHalf: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let owner: SharedBytes
        let version: UInt8
        let start: Int
        let base: UnsafeMutablePointer<InputRecord>
        let count: Int
        private(set) var done = 0
        private(set) var failed = false
        private(set) var end = 0

        init(
            bytes: UnsafeBufferPointer<UInt8>, owner: SharedBytes, version: UInt8, start: Int, base: UnsafeMutablePointer<InputRecord>,
            count: Int
        ) {
            self.bytes = bytes
            self.owner = owner
            self.version = version
            self.start = start
            self.base = base
            self.count = count
        }

        func run() {
            guard start <= bytes.count else {
                failed = true
                return
            }
            var reader = SnapshotReader(bytes: bytes, owner: owner, version: version)
            reader.index = start
            do {
                while done < count {
                    (base + done).initialize(to: try reader.input())
                    done += 1
                }
                end = reader.index
            } catch {
                failed = true
            }
        }

    }

    mutating func input() throws(Malformed) -> InputRecord {
        let id = InputID(try string())
        let kind = try kind()
        let text = try sharedText()
        let received = try day()
        let registeredAt = try date()
        let registeredBy = try actor()
        let channel = try optionalString()
        let theme = try optionalString()
        let publicName = try optionalString()
        let personalTag = try byte()
        let personalText: String? = personalTag == 1 ? try string() : nil
        let personalValue: SHA256Digest? = personalTag == 2 ? try digest() : nil
        guard personalTag <= 2 else { throw Malformed() }
        let stateAtReceipt = try stateAtReceipt()
        let flags = try byte()
        guard flags < 16 else { throw Malformed() }
        let answerDue = try isPresent() ? try day() : nil
        let withdrawal =
            try isPresent()
            ? Withdrawal(at: try date(), reason: try string(), evidence: try optionalString(), by: try isPresent() ? try actor() : nil)
            : nil
        var feedback: [FeedbackRecord] = []
        let feedbackCount = try count()
        feedback.reserveCapacity(feedbackCount)
        for _ in 0..<feedbackCount {
            feedback.append(
                FeedbackRecord(
                    verdict: try verdict(), storedMotivation: try sharedText(), at: try date(), by: try actor(),
                    owner: try optionalString(), amount: try isPresent() ? try amount() : nil))
        }
        let sentOn = try isPresent() ? try day() : nil
        let redaction = try isPresent() ? Redaction(at: try date(), by: try actor(), reason: try string()) : nil
        let owner = try optionalString()
        var handovers: [Handover] = []
        for _ in 0..<(try count()) {
            handovers.append(
                Handover(from: try optionalString(), to: try string(), at: try date(), by: try actor(), reason: try optionalString()))
        }
        let requestedAmount = try isPresent() ? try amount() : nil
        var point: (parent: InputID?, route: RoleID?, count: Int) = (nil, nil, 0)
        if version >= 10 {
            point = (try optionalString().map(InputID.init), try optionalString().map(RoleID.init), try int())
        }
        return InputRecord(
            id: id, kind: kind, storedText: text, received: received, registeredAt: registeredAt, registeredBy: registeredBy,
            channel: channel, theme: theme, publicName: publicName, personalSHA256: personalValue, personalText: personalText,
            stateAtReceipt: stateAtReceipt, late: flags & 1 != 0, outOfScope: flags & 2 != 0, needsFeedback: flags & 4 != 0,
            answerDue: answerDue, withdrawal: withdrawal, feedback: feedback, sentOn: sentOn, redaction: redaction,
            early: flags & 8 != 0, owner: owner, handovers: handovers, requestedAmount: requestedAmount, parent: point.parent,
            route: point.route, pointCount: point.count)
    }
}
