import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only, hash-chained journal of a store: segments of JSON lines in one folder.
///
/// One line per event:
///
/// ```
/// {"v":1,"seq":7,"more":1,"at":"…","actor":{…},"process":"…","type":"…","data":{…},"hash":"…"}
/// ```
///
/// `hash` is the SHA-256 of the previous line's hash (32 bytes; 32 zero bytes before the
/// first line) followed by this line's bytes before `,"hash":`. `more` (left out when 0)
/// says how many lines of the same command still follow, so that a command cut off by a
/// crash is recognised as a whole and set aside, never half applied.
///
/// Every command is written with one `write` and one `fsync`, under an exclusive lock that
/// other processes respect; a command never spans two segments.
package final class Journal {
    /// A place in the journal: after the line `seq` with hash `hash`.
    package struct Position: Hashable, Sendable, Codable {
        /// The segment number (`000001.jsonl` is 1).
        package var segment: Int
        /// Bytes of that segment up to and including the last line.
        package var offset: UInt64
        /// Where that last line starts in the segment (to check a snapshot against the journal).
        package var lineStart: UInt64
        /// The sequence number of the last line (0 before the first).
        package var seq: UInt64
        /// The hash of the last line (``SHA256Digest/zero`` before the first).
        package var hash: SHA256Digest

        /// Before the first line.
        package static let start = Position(segment: 1, offset: 0, lineStart: 0, seq: 0, hash: .zero)
    }

    /// One verified line.
    package struct Line: Sendable {
        package var seq: UInt64
        /// Lines of the same command that follow this one.
        package var more: Int
        package var hash: SHA256Digest
        /// The line's bytes before `,"hash":` (add `}` to get a JSON object without the hash).
        package var body: ArraySlice<UInt8>
    }

    /// What opening the journal found and repaired: a command cut off by a crash, set aside.
    package struct Recovery: Hashable, Sendable, CustomStringConvertible {
        /// The file the cut-off bytes were moved to; `nil` when the journal was opened to
        /// read only, so they were left where they are (the next writing command moves them).
        package var movedTo: String?
        package var byteCount: Int
        /// The last complete line before them.
        package var afterSeq: UInt64

        package var description: String {
            "Het journaal eindigde met een half geschreven opdracht (\(byteCount) bytes na regel \(afterSeq)), "
                + "waarschijnlijk door een onderbreking tijdens het schrijven. Die bytes zijn nooit bevestigd; "
                + (movedTo.map { "ze staan apart in \($0). " }
                    ?? "ze zijn overgeslagen en worden bij de volgende schrijvende opdracht apart gezet. ")
                + "Alles tot en met regel \(afterSeq) is gecontroleerd en in orde."
        }
    }

    /// Sizes the journal works with. Tests and the store trials lower them, so that small
    /// journals cross every limit that large ones cross.
    package struct Tuning: Hashable, Sendable {
        /// A new segment is started when a command would make the current one larger than this.
        package var segmentLimit = Journal.defaultSegmentLimit
        /// From this many bytes to read in a segment on, lines are verified and prepared on a
        /// second thread (``Journal/open(directory:lockFile:from:access:tuning:prepare:replay:)``).
        package var pipelineThreshold = 1 << 20
        /// Lines per batch handed from that thread.
        package var batchSize = Handoff<Int>.defaultBatchSize
        /// Bytes read at a time by the pipelined scan (a longer command makes it grow).
        package var chunkSize = Journal.defaultChunkSize
        /// The longest line written or read, without its newline.
        package var lineLimit = Journal.maximumLineBytes
        /// From this many lines in one command on, their hashes are made on a second thread
        /// while the next lines are made (``ChainHasher``).
        package var hashingLines = 256
        /// Bytes of lines handed to that thread at a time (whole lines, so a longer line makes
        /// its piece longer).
        package var hashingPiece = 64 << 10

        package init() {}

        package static let standard = Tuning()
    }

    /// The folder with the segments.
    package let directory: String
    /// The last line read or written.
    package private(set) var head: Position
    /// What this instance wrote so far.
    package private(set) var statistics = Statistics()

    /// Counters over the appends of one journal instance.
    package struct Statistics: Hashable, Sendable {
        /// Commands appended (each one `write` and one `fsync`).
        package var commands = 0
        package var lines = 0
        package var bytes = 0
        /// Seconds spent building, hashing, writing and syncing the lines.
        package var seconds = 0.0
    }
    /// A new segment is started when a command would make the current one larger than this.
    package var segmentLimit: UInt64 { tuning.segmentLimit }
    /// Whether this instance only reads (``StoreAccess/readOnly``): it takes a shared lock,
    /// never writes, and leaves a cut-off command where it is.
    package let isReadOnly: Bool
    private let tuning: Tuning

    private let lock: FileLock
    private var isLocked = false
    private var writer: Int32 = -1
    private var writerSegment = 0

    /// Segments are started anew from 64 MiB.
    package static let defaultSegmentLimit: UInt64 = 64 << 20
    /// The longest line the journal accepts, without its newline (an input text is at most
    /// 100,000 tekens, see ``InputLimits``).
    package static let maximumLineBytes = InputLimits.journalLineBytes
    /// The longest line this instance writes or reads; tests lower it.
    var lineLimit: Int

    private init(directory: String, lockFile: String, head: Position, access: StoreAccess, tuning: Tuning) throws(JournalError) {
        self.directory = directory
        self.head = head
        self.tuning = tuning
        self.lineLimit = tuning.lineLimit
        self.isReadOnly = access == .readOnly
        self.lock = try FileLock(path: lockFile, shared: access == .readOnly)
    }

    deinit { if writer >= 0 { close(writer) } }

    /// Opens the journal in `directory`, replaying every complete command after `position`.
    ///
    /// Runs under the exclusive lock. A command cut off at the end (a crash during its write)
    /// is moved aside to `torn-….bin` and reported; any other damage throws
    /// ``JournalError/broken(seq:segment:offset:problem:)`` with the first bad line.
    ///
    /// - Parameters:
    ///   - position: Where a snapshot left off; `nil` to read from the first line. A position
    ///     that does not match the journal throws `broken`.
    ///   - replay: Called for every line, in order, once its whole command is verified.
    package static func open(
        directory: String, lockFile: String, from position: Position?, segmentLimit: UInt64 = defaultSegmentLimit,
        replay: (Line) throws -> Void
    ) throws -> (Journal, Recovery?) {
        var tuning = Tuning()
        tuning.segmentLimit = segmentLimit
        return try open(directory: directory, lockFile: lockFile, from: position, tuning: tuning, prepare: { _ in }) { line, _ in
            try replay(line)
        }
    }

    /// Opens the journal like ``open(directory:lockFile:from:segmentLimit:replay:)``, with the
    /// work per line split in two: `prepare` (for example decoding the event) may run on a
    /// second thread, ahead of `replay`, which gets its result in order on the calling thread.
    ///
    /// Both see exactly the lines the one-step form would deliver, and the same first error:
    /// `prepare` runs on a line only after its whole command is verified, and `replay` is
    /// never called past a line whose `prepare` threw.
    ///
    /// - Parameter access: With ``StoreAccess/readOnly`` the journal takes a shared lock
    ///   (none when the lock file cannot be opened for reading), writes nothing and leaves a
    ///   cut-off command at the end where it is; the lines before it are delivered as usual.
    package static func open<Prepared: Sendable>(
        directory: String, lockFile: String, from position: Position?, access: StoreAccess = .readWrite, tuning: Tuning = .standard,
        prepare: @escaping @Sendable (Line) throws -> Prepared, replay: (Line, consuming Prepared) throws -> Void
    ) throws -> (Journal, Recovery?) {
        let journal = try Journal(directory: directory, lockFile: lockFile, head: position ?? .start, access: access, tuning: tuning)
        let recovery = try journal.withExclusiveLock { () throws -> Recovery? in
            if let position, position.seq > 0 { try journal.check(position) }
            return try journal.scan(prepare: prepare, deliver: replay)
        }
        return (journal, recovery)
    }

    /// Whether the files end where this instance stopped reading: no line was added since, and
    /// nothing cut off lies after it. Call it under the lock.
    package func hasNothingNew() -> Bool {
        FileIO.size(segmentPath(head.segment)) == head.offset && FileIO.size(segmentPath(head.segment + 1)) == nil
    }

    /// Runs `body` while holding the store's exclusive lock (a shared one when the journal
    /// only reads).
    package func withExclusiveLock<T>(_ body: () throws -> T) throws -> T {
        try lock.withExclusiveLock { () throws -> T in
            isLocked = true
            defer { isLocked = false }
            return try body()
        }
    }

    /// Reads the lines other processes appended since the last read or write. Call it
    /// under the lock, before deciding a command.
    ///
    /// - Returns: What was repaired: a command cut off because its writer died during the
    ///   write, moved aside as when opening.
    @discardableResult
    package func readNew(_ deliver: (Line) throws -> Void) throws -> Recovery? {
        try readNew(prepare: { _ in }) { line, _ in try deliver(line) }
    }

    /// ``readNew(_:)`` with the work per line split in two, as in
    /// ``open(directory:lockFile:from:access:tuning:prepare:replay:)``.
    @discardableResult
    package func readNew<Prepared: Sendable>(
        prepare: @escaping @Sendable (Line) throws -> Prepared, deliver: (Line, consuming Prepared) throws -> Void
    ) throws -> Recovery? {
        guard isLocked else { throw JournalError.io("Het journaal wordt alleen onder het slot gelezen.") }
        return try scan(prepare: prepare, deliver: deliver)
    }

    /// Appends the lines of one command with one `write` and one `fsync`.
    ///
    /// Call it under the lock, after ``readNew(_:)``.
    ///
    /// - Parameter payloads: Per event, the members after `"seq"` (without braces).
    /// - Returns: The lines written, with their sequence numbers and hashes (their `body` is
    ///   left empty: the caller has the payloads).
    @discardableResult
    package func append(payloads: [[UInt8]]) throws(JournalError) -> [Line] {
        try append(count: payloads.count, reserving: payloads.reduce(0) { $0 + $1.count + 120 }) { index, buffer in
            buffer.append(contentsOf: payloads[index])
        }
    }

    /// Appends the lines of one command like ``append(payloads:)``, with `payload` writing the
    /// members after `"seq"` of line `index` straight into the buffer that is written, so no
    /// line is put together twice.
    ///
    /// `beforeWrite` runs once the lines are ready and before anything is written; when it
    /// throws, nothing is written. The time it takes is not counted in ``statistics``.
    @discardableResult
    func append(
        count: Int, reserving capacity: Int, beforeWrite: () throws(JournalError) -> Void = {},
        payload: (Int, inout [UInt8]) -> Void
    ) throws(JournalError) -> [Line] {
        guard isLocked else { throw .io("Het journaal wordt alleen onder het slot beschreven.") }
        guard !isReadOnly else { throw .io("De opslag is geopend om alleen te lezen; er is niets geschreven.") }
        guard count > 0 else { return [] }
        let started = Self.monotonicSeconds()
        var waited = 0.0
        defer { statistics.seconds += Self.monotonicSeconds() - started - waited }
        let made =
            count >= tuning.hashingLines
            ? try makeLinesHashingAside(count: count, capacity: capacity, payload: payload)
            : try makeLines(count: count, capacity: capacity, payload: payload)
        let buffer = made.bytes
        let lines = made.lines
        let seq = head.seq + UInt64(count)
        let previous = lines[count - 1].hash
        let lastLineStart = made.lastLineStart
        var target = head
        if target.offset > 0, target.offset + UInt64(buffer.count) > segmentLimit {
            target = Position(segment: target.segment + 1, offset: 0, lineStart: 0, seq: target.seq, hash: target.hash)
        }
        let waitStarted = Self.monotonicSeconds()
        try beforeWrite()
        waited = Self.monotonicSeconds() - waitStarted
        let fd = try writer(for: target.segment)
        do throws(JournalError) {
            do { try FileIO.writeAll(fd, buffer, path: segmentPath(target.segment)) } catch { throw JournalError(error) }
            guard fsync(fd) == 0 else { throw .io("fsync van het journaal mislukt: \(FileIO.lastError())") }
        } catch {
            // Take back what may have been written, so the journal ends on a whole command.
            _ = ftruncate(fd, off_t(target.offset))
            throw error
        }
        head = Position(
            segment: target.segment, offset: target.offset + UInt64(buffer.count),
            lineStart: target.offset + UInt64(lastLineStart), seq: seq, hash: previous)
        statistics.commands += 1
        statistics.lines += lines.count
        statistics.bytes += buffer.count
        return lines
    }

    /// The lines of a command as they are written, with what ``append(count:reserving:beforeWrite:payload:)``
    /// returns about them.
    private struct MadeLines {
        var bytes: [UInt8]
        var lines: [Line]
        /// Where the last line starts in `bytes`.
        var lastLineStart: Int
    }

    /// Makes and hashes the lines one after the other, on this thread.
    private func makeLines(count: Int, capacity: Int, payload: (Int, inout [UInt8]) -> Void) throws(JournalError) -> MadeLines {
        var made = MadeLines(bytes: [], lines: [], lastLineStart: 0)
        made.bytes.reserveCapacity(capacity)
        made.lines.reserveCapacity(count)
        var previous = head.hash
        for index in 0..<count {
            let seq = head.seq + UInt64(index) + 1
            let more = count - 1 - index
            let start = made.bytes.count
            made.lastLineStart = start
            try makeBody(seq: seq, more: more, index: index, payload: payload, into: &made.bytes)
            let hash = Self.chainHash(previous, made.bytes[start...])
            made.lines.append(Line(seq: seq, more: more, hash: hash, body: []))
            made.bytes.append(contentsOf: Self.hashMarker)
            hash.appendHex(to: &made.bytes)
            made.bytes.append(contentsOf: Self.lineEnd)
            previous = hash
        }
        return made
    }

    /// Makes the lines like ``makeLines(count:capacity:payload:)``, with their hashes made on a
    /// second thread (``ChainHasher``) while the next lines are made: the same bytes, in about
    /// the time of the slower of the two.
    private func makeLinesHashingAside(
        count: Int, capacity: Int, payload: (Int, inout [UInt8]) -> Void
    ) throws(JournalError) -> MadeLines {
        let hasher = ChainHasher(after: head.hash, markerLength: Self.hashMarker.count)
        let pieceSize = max(1, tuning.hashingPiece)
        // Room for a piece of lines, a last line past the size included.
        let pieceCapacity = min(capacity, pieceSize + pieceSize / 4)
        var piece = ChainHasher.Piece(capacity: pieceCapacity)
        do throws(JournalError) {
            for index in 0..<count {
                let start = piece.bytes.count
                try makeBody(seq: head.seq + UInt64(index) + 1, more: count - 1 - index, index: index, payload: payload, into: &piece.bytes)
                piece.bodies.append(start..<piece.bytes.count)
                piece.bytes.append(contentsOf: Self.hashMarker)
                piece.bytes.append(contentsOf: Self.hashPlaceholder)
                piece.bytes.append(contentsOf: Self.lineEnd)
                if piece.bytes.count >= pieceSize, index < count - 1 {
                    hasher.put(piece)
                    piece = ChainHasher.Piece(capacity: pieceCapacity)
                }
            }
        } catch {
            // The thread ends before the error leaves; nothing was written.
            _ = hasher.finish()
            throw error
        }
        hasher.put(piece)
        var made = MadeLines(bytes: [], lines: [], lastLineStart: 0)
        made.lines.reserveCapacity(count)
        let pieces = hasher.finish()
        made.bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.bytes.count })
        for piece in pieces {
            for (body, hash) in zip(piece.bodies, piece.hashes) {
                let more = count - 1 - made.lines.count
                made.lines.append(Line(seq: head.seq + UInt64(made.lines.count) + 1, more: more, hash: hash, body: []))
                made.lastLineStart = made.bytes.count + body.lowerBound
            }
            made.bytes.append(contentsOf: piece.bytes)
        }
        return made
    }

    /// Appends a line's prefix and members to `buffer`: the part its hash is made of.
    private func makeBody(
        seq: UInt64, more: Int, index: Int, payload: (Int, inout [UInt8]) -> Void, into buffer: inout [UInt8]
    ) throws(JournalError) {
        let start = buffer.count
        Self.appendPrefix(seq: seq, more: more, to: &buffer)
        payload(index, &buffer)
        // Checked before hashing, so an oversized line costs nothing but the copy.
        guard buffer.count - start + Self.trailerLength <= lineLimit else {
            throw .io(
                "Regel \(seq) zou \(buffer.count - start + Self.trailerLength) bytes lang worden; de grens is \(lineLimit) bytes. "
                    + "Er is niets geschreven.")
        }
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    // MARK: Files

    /// `journal/000001.jsonl`.
    func segmentPath(_ number: Int) -> String { Self.segmentPath(directory, number) }

    static func segmentPath(_ directory: String, _ number: Int) -> String {
        let digits = String(number)
        return "\(directory)/\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits).jsonl"
    }

    private func writer(for segment: Int) throws(JournalError) -> Int32 {
        if writer >= 0, writerSegment == segment { return writer }
        if writer >= 0 { close(writer) }
        writer = -1
        let path = segmentPath(segment)
        let existed = FileIO.size(path) != nil
        let fd = FileIO.openFile(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .io("Kan \(path) niet openen om te schrijven: \(FileIO.lastError())") }
        if !existed {
            // Private whatever the umask: the journal holds citizens' texts.
            _ = fchmod(fd, 0o600)
            FileIO.syncDirectory(directory)
        }
        writer = fd
        writerSegment = segment
        return fd
    }

    // MARK: Reading

    /// Checks that a snapshot's position is a line of this journal.
    private func check(_ position: Position) throws(JournalError) {
        let path = segmentPath(position.segment)
        guard let size = FileIO.size(path), size >= position.offset, position.lineStart < position.offset else {
            throw .broken(seq: position.seq, segment: path, offset: position.offset, problem: "de snapshot past niet bij het journaal")
        }
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path, from: position.lineStart) } catch { throw JournalError(error) }
        let length = Int(position.offset - position.lineStart)
        guard bytes.count >= length, length > 0, bytes[length - 1] == Self.newline,
            let line = Self.parse(bytes[0..<(length - 1)]), line.seq == position.seq, line.hash == position.hash
        else {
            throw .broken(seq: position.seq, segment: path, offset: position.offset, problem: "de snapshot past niet bij het journaal")
        }
    }

    /// Reads from ``head`` to the end, delivering whole verified commands and moving a
    /// cut-off command at the very end aside.
    private func scan<Prepared: Sendable>(
        prepare: @escaping @Sendable (Line) throws -> Prepared, deliver: (Line, consuming Prepared) throws -> Void
    ) throws -> Recovery? {
        // The segments are numbered 1, 2, 3, … without a gap, as verify checks them: a segment
        // after a missing one is never silently left unread.
        let numbers = try Self.segmentNumbers(in: directory)
        if let gap = numbers.enumerated().first(where: { $0.element != $0.offset + 1 }) {
            throw JournalError.broken(
                seq: head.seq + 1, segment: segmentPath(gap.offset + 1), offset: 0,
                problem: "het segment ontbreekt, maar segment \(gap.element) bestaat wel")
        }
        let last = numbers.last ?? 0
        if head.segment > last {
            guard head.offset == 0 else {
                throw JournalError.broken(seq: head.seq, segment: segmentPath(head.segment), offset: 0, problem: "het segment ontbreekt")
            }
            return nil
        }
        var outcome: ScanOutcome?
        for segment in head.segment...last {
            let path = segmentPath(segment)
            let start = segment == head.segment ? head : Position(segment: segment, offset: 0, lineStart: 0, seq: head.seq, hash: head.hash)
            guard let size = FileIO.size(path) else { throw JournalError.io("Kan \(path) niet lezen: het bestand is weg.") }
            if segment == head.segment, head.offset > 0, size < head.offset {
                throw JournalError.broken(
                    seq: head.seq, segment: path, offset: head.offset, problem: "het segment is korter dan al gelezen was")
            }
            func onDelivery(_ line: Line, _ prepared: consuming Prepared, _ position: Position?) throws {
                try deliver(line, prepared)
                if let position { head = position }
            }
            // A large read goes through the stages piece by piece; a small one is read whole, on one thread.
            let result: SegmentScan
            if size - start.offset >= UInt64(tuning.pipelineThreshold) {
                result = try Self.scanSegment(
                    file: path, from: start, lineLimit: lineLimit, batchSize: tuning.batchSize, chunkSize: tuning.chunkSize,
                    prepare: prepare, deliver: onDelivery)
            } else {
                let bytes: [UInt8]
                do { bytes = try FileIO.read(path, from: start.offset) } catch { throw JournalError(error) }
                result = try Self.scanSegment(bytes, path: path, from: start, lineLimit: lineLimit) { line, position in
                    try onDelivery(line, try prepare(line), position)
                }
            }
            head = result.end
            if let torn = result.tornFrom {
                guard segment == last else {
                    throw JournalError.broken(
                        seq: head.seq + 1, segment: path, offset: start.offset + UInt64(torn),
                        problem: "de laatste opdracht in dit segment is niet af, maar er volgt nog een segment")
                }
                let tail: [UInt8]
                do { tail = try FileIO.read(path, from: start.offset + UInt64(torn)) } catch { throw JournalError(error) }
                outcome = ScanOutcome(path: path, bytes: tail[...], offset: start.offset + UInt64(torn))
            }
        }
        guard let outcome else { return nil }
        guard !isReadOnly else { return Recovery(movedTo: nil, byteCount: outcome.bytes.count, afterSeq: head.seq) }
        return try setAside(outcome)
    }

    /// The numbers of the segment files in `directory`, sorted (`000001.jsonl` is 1).
    static func segmentNumbers(in directory: String) throws(JournalError) -> [Int] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            if FileIO.size(directory) == nil { return [] }
            throw .io("Kan de map \(directory) niet lezen: geen toegang.")
        }
        return names.compactMap { name -> Int? in
            guard name.hasSuffix(".jsonl"), name.utf8.count == 12, let number = Int(name.prefix(6)), number > 0 else { return nil }
            return number
        }.sorted()
    }

    private struct ScanOutcome {
        var path: String
        var bytes: ArraySlice<UInt8>
        var offset: UInt64
    }

    /// Moves a cut-off command to `torn-SEGMENT-OFFSET.bin` and truncates the segment. A
    /// second cut-off command at the same offset goes to `torn-SEGMENT-OFFSET-2.bin`, and so
    /// on: nothing set aside is overwritten.
    private func setAside(_ torn: ScanOutcome) throws(JournalError) -> Recovery {
        let segment = (torn.path as NSString).lastPathComponent.replacingOccurrences(of: ".jsonl", with: "")
        let base = "\(directory)/torn-\(segment)-\(torn.offset)"
        var target = base + ".bin"
        var attempt = 1
        while FileIO.size(target) != nil {
            attempt += 1
            target = "\(base)-\(attempt).bin"
        }
        do { try AtomicFile.write(Array(torn.bytes), to: target) } catch { throw JournalError(error) }
        let fd = FileIO.openFile(torn.path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("Kan \(torn.path) niet openen: \(FileIO.lastError())") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(torn.offset)) == 0, fsync(fd) == 0 else {
            throw .io("Kan \(torn.path) niet inkorten: \(FileIO.lastError())")
        }
        return Recovery(movedTo: target, byteCount: torn.bytes.count, afterSeq: head.seq)
    }

    struct SegmentScan {
        /// After the last whole command.
        var end: Position
        /// Where a command that is not whole starts (relative to the bytes scanned).
        var tornFrom: Int?
    }

    /// Verifies the lines in `bytes` (a segment from `start.offset` on) and hands out each
    /// whole command's lines; the position is given with the last line of each command.
    static func scanSegment(
        _ bytes: [UInt8], path: String, from start: Position, lineLimit: Int = maximumLineBytes,
        deliver: (Line, Position?) throws -> Void
    ) throws -> SegmentScan {
        var end = start
        var seq = start.seq
        var previous = start.hash
        var cursor = 0
        var commandStart = 0
        var command: [Line] = []
        var commandLastStart = 0
        while cursor < bytes.count {
            guard let newline = Self.indexOfNewline(in: bytes, from: cursor) else {
                return SegmentScan(end: end, tornFrom: commandStart)
            }
            let offset = start.offset + UInt64(cursor)
            let text = bytes[cursor..<newline]
            guard text.count <= lineLimit else {
                throw JournalError.broken(
                    seq: seq + 1, segment: path, offset: offset, problem: "de regel is langer dan \(lineLimit) bytes (de grens)")
            }
            guard let line = parse(text) else {
                if let version = version(of: text), version > 1 {
                    throw JournalError.newerFormat(seq: seq + 1, version: version)
                }
                throw JournalError.broken(
                    seq: seq + 1, segment: path, offset: offset, problem: "de regel heeft niet de vorm van een journaalregel")
            }
            guard line.seq == seq + 1 else {
                throw JournalError.broken(
                    seq: seq + 1, segment: path, offset: offset,
                    problem: "volgnummer \(line.seq) staat waar \(seq + 1) hoort: er ontbreekt een regel of de volgorde is veranderd")
            }
            let expected = chainHash(previous, line.body)
            guard expected == line.hash else {
                throw JournalError.broken(
                    seq: line.seq, segment: path, offset: offset,
                    problem:
                        "de hash klopt niet (verwacht \(expected.hex), gevonden \(line.hash.hex)): de regel of een eerdere is veranderd")
            }
            if let first = command.first, first.more - command.count != line.more {
                throw JournalError.broken(seq: line.seq, segment: path, offset: offset, problem: "\"more\" klopt niet met de regels ervoor")
            }
            seq = line.seq
            previous = line.hash
            command.append(line)
            commandLastStart = cursor
            cursor = newline + 1
            if line.more == 0 {
                let position = Position(
                    segment: start.segment, offset: start.offset + UInt64(cursor), lineStart: start.offset + UInt64(commandLastStart),
                    seq: seq, hash: previous)
                for (index, item) in command.enumerated() { try deliver(item, index == command.count - 1 ? position : nil) }
                command.removeAll(keepingCapacity: true)
                end = position
                commandStart = cursor
            }
        }
        return SegmentScan(end: end, tornFrom: command.isEmpty ? nil : commandStart)
    }

    /// ``scanSegment(_:path:from:lineLimit:deliver:)`` with the work per line split in two:
    /// `prepare` runs on each line of a verified command, `deliver` gets its result.
    ///
    /// With `pipelined`, the bytes are scanned as ``scanSegment(file:from:lineLimit:batchSize:chunkSize:prepare:deliver:)``
    /// scans a file, in pieces of `chunkSize` bytes: the lines delivered and the error thrown
    /// are the same as without.
    static func scanSegment<Prepared: Sendable>(
        _ bytes: [UInt8], path: String, from start: Position, lineLimit: Int = maximumLineBytes, pipelined: Bool = false,
        batchSize: Int = Handoff<Int>.defaultBatchSize, chunkSize: Int = defaultChunkSize,
        prepare: @escaping @Sendable (Line) throws -> Prepared, deliver: (Line, consuming Prepared, Position?) throws -> Void
    ) throws -> SegmentScan {
        guard pipelined else {
            return try scanSegment(bytes, path: path, from: start, lineLimit: lineLimit) { line, position in
                try deliver(line, try prepare(line), position)
            }
        }
        return try scanPipelined(
            read: { offset, count in Array(bytes[min(offset, bytes.count)..<min(offset + count, bytes.count)]) }, path: path,
            from: start, lineLimit: lineLimit, batchSize: batchSize, chunkSize: chunkSize, prepare: prepare, deliver: deliver)
    }

    /// The segment file at `path` from `start` on, scanned as the one-thread scan would scan
    /// it whole, in three stages on three threads, each ahead of the next: one reads the file
    /// a piece of `chunkSize` bytes at a time and verifies its lines (their shape, numbers and
    /// hash chain), one prepares each line of a verified command, and `deliver` runs on this
    /// one. They pass batches of whole commands of about `batchSize` lines (a command of more
    /// lines gets a batch of its own, as large as it needs). A line is prepared only once it is
    /// verified, and delivered only once it is prepared: the lines delivered and the error
    /// thrown are the same as in one thread.
    ///
    /// Only the pieces whose lines are still on their way are held, not the whole segment,
    /// and reading overlaps with the work on what was read before. The returned
    /// ``SegmentScan/tornFrom`` is relative to `start`, as for bytes read from there.
    static func scanSegment<Prepared: Sendable>(
        file path: String, from start: Position, lineLimit: Int = maximumLineBytes, batchSize: Int = Handoff<Int>.defaultBatchSize,
        chunkSize: Int = defaultChunkSize, prepare: @escaping @Sendable (Line) throws -> Prepared,
        deliver: (Line, consuming Prepared, Position?) throws -> Void
    ) throws -> SegmentScan {
        // Never through a symbolic link, as every other read of the store.
        let fd = FileIO.openFile(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw JournalError.io("Kan \(path) niet openen: \(FileIO.lastError())") }
        // The reading stage has finished with the file when the scan returns.
        defer { close(fd) }
        return try scanPipelined(
            read: { offset, count in
                do throws(FileError) {
                    return try FileIO.read(fd, at: start.offset + UInt64(offset), count: count, path: path)
                } catch {
                    throw JournalError(error)
                }
            }, path: path, from: start, lineLimit: lineLimit, batchSize: batchSize, chunkSize: chunkSize, prepare: prepare,
            deliver: deliver)
    }

    /// The bytes read at a time by the pipelined scan: lines are far shorter (a longer command
    /// makes the piece grow), and a few pieces in flight cost little memory.
    package static let defaultChunkSize = 4 << 20

    /// The three stages of ``scanSegment(file:from:lineLimit:batchSize:chunkSize:prepare:deliver:)``;
    /// `read(offset, count)` gives up to `count` bytes from `offset` after `start`, fewer only at
    /// the end.
    private static func scanPipelined<Prepared: Sendable>(
        read: @escaping @Sendable (Int, Int) throws -> [UInt8], path: String, from start: Position, lineLimit: Int, batchSize: Int,
        chunkSize: Int, prepare: @escaping @Sendable (Line) throws -> Prepared,
        deliver: (Line, consuming Prepared, Position?) throws -> Void
    ) throws -> SegmentScan {
        typealias Verified = (line: Line, position: Position?)
        typealias Item = (line: Line, prepared: Prepared, position: Position?)
        let verified = Handoff<Verified>()
        let prepared = Handoff<Item>()
        let batchSize = max(1, batchSize)
        // Each handoff carries its stage's outcome, so the work itself is not waited for.
        _ = BackgroundWork {
            var batch = Handoff<Verified>.Batch(capacity: batchSize)
            // The lines of the command being verified, until its last one.
            var pending: [Verified] = []
            do {
                let scan = try scanInPieces(read: read, path: path, from: start, lineLimit: lineLimit, chunkSize: chunkSize) {
                    line, position in
                    pending.append((line, position))
                    guard position != nil else { return }
                    // Hand the batch over before this command would make it larger than asked.
                    if batch.count > 0, batch.count + pending.count > batchSize {
                        guard verified.put(batch) else { throw CancellationError() }
                        batch = Handoff<Verified>.Batch(capacity: max(batchSize, pending.count))
                    }
                    Self.move(&pending, into: batch)
                }
                _ = verified.put(batch)
                verified.finish(.success(scan))
            } catch {
                // Only whole commands were delivered: what is verified before the error goes on.
                _ = verified.put(batch)
                verified.finish(.failure(error))
            }
        }
        _ = BackgroundWork {
            do {
                while let batch = verified.take() {
                    // A batch of whole commands in, the same lines prepared out.
                    let out = Handoff<Item>.Batch(capacity: batch.count)
                    while let item = batch.next() {
                        let made: Prepared
                        do {
                            made = try prepare(item.line)
                        } catch {
                            // What came before the failing line is delivered first, as in one thread.
                            _ = prepared.put(out)
                            throw error
                        }
                        // Moved into the batch (a copy of a decoded record retains every string in it).
                        out.append((item.line, consume made, item.position))
                    }
                    guard prepared.put(out) else { throw CancellationError() }
                }
                prepared.finish(.success(try verified.outcome()))
            } catch {
                // Stop the verifying stage too (it may be ahead, or waiting to hand over).
                verified.cancelAndWait()
                prepared.finish(.failure(error))
            }
        }
        do {
            while let batch = prepared.take() {
                // Each item moved on, never copied (a decoded record retains every string it holds).
                while let (line, prepared, position) = batch.next() { try deliver(line, consume prepared, position) }
            }
        } catch {
            prepared.cancelAndWait()
            throw error
        }
        return try prepared.outcome()
    }

    /// ``scanSegment(_:path:from:lineLimit:deliver:)`` over bytes read a piece at a time: each
    /// piece is scanned from the start of the first command not yet whole, and the next one is
    /// read from there (twice as large when no command fitted). The lines delivered and the
    /// error thrown are those of a scan of all the bytes at once: a piece ends only where the
    /// bytes read so far end, and a line is looked at only once its newline is in.
    static func scanInPieces(
        read: (Int, Int) throws -> [UInt8], path: String, from start: Position, lineLimit: Int, chunkSize: Int,
        deliver: (Line, Position?) throws -> Void
    ) throws -> SegmentScan {
        var end = start
        // From `start`, where the first command that is not yet whole starts.
        var offset = 0
        var size = max(1, chunkSize)
        while true {
            let piece = try read(offset, size)
            if piece.isEmpty { return SegmentScan(end: end, tornFrom: nil) }
            let from = Position(
                segment: start.segment, offset: start.offset + UInt64(offset), lineStart: end.lineStart, seq: end.seq, hash: end.hash)
            let scan = try scanSegment(piece, path: path, from: from, lineLimit: lineLimit, deliver: deliver)
            end = scan.end
            let atEnd = piece.count < size
            guard let torn = scan.tornFrom else {
                if atEnd { return SegmentScan(end: end, tornFrom: nil) }
                offset += piece.count
                continue
            }
            if atEnd { return SegmentScan(end: end, tornFrom: offset + torn) }
            // A command longer than the piece: read it again, with more at once.
            if torn == 0 { size *= 2 }
            offset += torn
        }
    }

    /// Moves every item of `items` to the end of `batch`, in order, leaving `items` empty with
    /// its room kept: each item is moved, not copied (copying a decoded event retains every
    /// one of its strings, and dropping the original releases them again).
    static func move<Item: Sendable>(_ items: inout [Item], into batch: Handoff<Item>.Batch) {
        // Reversing swaps the items in place; `popLast` then moves each one out from the end.
        items.reverse()
        while let item = items.popLast() { batch.append(item) }
    }

    // MARK: Line shape

    /// SHA-256 of the previous line's hash (32 bytes) followed by this line's bytes before
    /// `,"hash":`.
    static func chainHash(_ previous: SHA256Digest, _ body: ArraySlice<UInt8>) -> SHA256Digest {
        body.withUnsafeBytes { chainHash(previous, $0) }
    }

    static func chainHash(_ previous: SHA256Digest, _ body: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        previous.withBytes { hasher.update(buffer: $0) }
        hasher.update(buffer: body)
        return hasher.finalize()
    }

    static let newline = UInt8(ascii: "\n")
    private static let prefix = Array(#"{"v":1,"seq":"#.utf8)
    private static let moreKey = Array(#","more":"#.utf8)
    private static let hashMarker = Array(#","hash":""#.utf8)
    private static let lineEnd = Array("\"}\n".utf8)
    /// Where a hash made on the second thread goes until it is written in.
    private static let hashPlaceholder = [UInt8](repeating: UInt8(ascii: "0"), count: 64)
    /// `,"hash":"` + 64 hex digits + `"}`.
    private static let trailerLength = 9 + 64 + 2

    private static func appendPrefix(seq: UInt64, more: Int, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: prefix)
        appendDigits(seq, to: &buffer)
        if more > 0 {
            buffer.append(contentsOf: moreKey)
            appendDigits(UInt64(more), to: &buffer)
        }
        buffer.append(UInt8(ascii: ","))
    }

    private static func appendDigits(_ value: UInt64, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits from the last one backwards into a word-sized scratch space (UInt64.max has 20).
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            var rest = value
            while rest > 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[position...]))
        }
    }

    /// Reads the fixed parts of a line (without its newline): `v`, `seq`, `more`, `hash`.
    /// The members in between are checked when the event is decoded.
    static func parse(_ text: ArraySlice<UInt8>) -> Line? {
        guard text.count > prefix.count + trailerLength, text.starts(with: prefix) else { return nil }
        var index = text.startIndex + prefix.count
        guard let seq = readDigits(text, &index) else { return nil }
        var more = 0
        if text[index...].starts(with: moreKey) {
            index += moreKey.count
            guard let value = readDigits(text, &index), value > 0, value < UInt64(Int.max) else { return nil }
            more = Int(value)
        }
        guard index < text.endIndex, text[index] == UInt8(ascii: ",") else { return nil }
        let trailer = text.endIndex - trailerLength
        guard trailer > index, text[trailer...].starts(with: hashMarker), text[text.endIndex - 2] == UInt8(ascii: "\""),
            text[text.endIndex - 1] == UInt8(ascii: "}"),
            let hash = SHA256Digest(lowercaseHexBytes: text[(trailer + hashMarker.count)..<(text.endIndex - 2)])
        else { return nil }
        return Line(seq: seq, more: more, hash: hash, body: text[text.startIndex..<trailer])
    }

    /// The `v` of a line that starts like a journal line, to name a newer format.
    private static func version(of text: ArraySlice<UInt8>) -> Int? {
        let start = Array(#"{"v":"#.utf8)
        guard text.starts(with: start) else { return nil }
        var index = text.startIndex + start.count
        return readDigits(text, &index).map { Int(clamping: $0) }
    }

    private static func readDigits(_ text: ArraySlice<UInt8>, _ index: inout Int) -> UInt64? {
        let begin = index
        var value: UInt64 = 0
        while index < text.endIndex, (48...57).contains(text[index]), index - begin < 19 {
            value = value * 10 + UInt64(text[index] - 48)
            index += 1
        }
        guard index > begin, !(text[begin] == 48 && index - begin > 1) else { return nil }
        return value
    }

    static func indexOfNewline(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start < buffer.count,
                let found = memchr(base + start, Int32(newline), buffer.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}

/// A journal holds file descriptors; use it from one task at a time.
@available(*, unavailable)
extension Journal: Sendable {}

/// What went wrong with a journal.
public enum JournalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Reading or writing failed.
    case io(String)
    /// A line is damaged, missing, moved or changed; `seq` is the first bad one.
    case broken(seq: UInt64, segment: String, offset: UInt64, problem: String)
    /// A line was written by a newer version of participatie.
    case newerFormat(seq: UInt64, version: Int)

    /// A file that could not be read or written.
    init(_ error: FileError) { self = .io(error.message) }

    public var description: String {
        switch self {
        case .io(let message):
            message
        case .broken(let seq, let segment, let offset, let problem):
            "Het journaal is niet in orde vanaf regel \(seq) (\(segment), byte \(offset)): \(problem). "
                + "De opslag wordt niet geopend en er is niets veranderd."
        case .newerFormat(let seq, let version):
            "Regel \(seq) van het journaal heeft formaatversie \(version); deze versie van participatie kent alleen versie 1. "
                + "Werk participatie bij."
        }
    }
}
