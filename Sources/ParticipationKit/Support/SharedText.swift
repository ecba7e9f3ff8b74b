#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes the store read from a file once (a snapshot), owned by this object and shared by
/// every ``SharedText`` that points into them. They are a private copy, never a mapping of
/// the file: a file changed or cut short afterwards cannot change a text that was read.
final class SharedBytes: @unchecked Sendable {
    /// Immutable after `init`; freed in `deinit`.
    let bytes: UnsafeBufferPointer<UInt8>

    /// A copy of `source`.
    init(copying source: UnsafeBufferPointer<UInt8>) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(source.count, 1))
        let end = buffer.initialize(fromContentsOf: source)
        bytes = UnsafeBufferPointer(rebasing: buffer[..<end])
    }

    /// The whole file at `path`, read with `pread(2)`; `nil` when it cannot be opened or read, is
    /// empty, or changed size while it was read.
    ///
    /// (Reading costs a copy that a mapping of the file would not: copying and first touching
    /// the 58 MB of a 100,000-input snapshot takes some 20–30 ms here, most of it the kernel
    /// handing out fresh pages, so a large file is read in two halves at once. Huge pages halve it on most calls but stall for 100 ms and more on
    /// some, while the kernel compacts memory; plain pages are predictable.)
    convenience init?(contentsOf path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        self.init(descriptor: fd, offset: 0, count: Int(info.st_size))
    }

    /// `count` bytes of the open file `fd` from `offset`, a large piece in two halves at once;
    /// `nil` when they cannot all be read.
    init?(descriptor fd: Int32, offset: Int, count: Int) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 1))
        guard let base = buffer.baseAddress else { return nil }
        let half = count >= Self.parallelRead ? count / 2 : count
        let address = UInt(bitPattern: base)
        let second =
            half < count
            ? BackgroundWork {
                UnsafeMutablePointer<UInt8>(bitPattern: address).map {
                    FileIO.readExactly(fd, into: $0 + half, count: count - half, at: offset + half)
                } ?? false
            } : nil
        let first = FileIO.readExactly(fd, into: base, count: half, at: offset)
        guard second?.wait() ?? true, first else {
            buffer.deallocate()
            return nil
        }
        bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
    }

    /// From this size on, a file is read in two halves at once.
    static let parallelRead = 4 << 20

    deinit { UnsafeMutableBufferPointer(mutating: bytes).deallocate() }
}

/// A text kept as a `String`, or as UTF-8 bytes in ``SharedBytes`` that become a `String` only
/// when someone reads it. A store opened from its snapshot keeps the long texts of inputs and
/// answers this way: a command that only counts (status, list) never makes 100,000 strings.
///
/// Equality is that of `String` (canonical equivalence), with equal bytes as the quick answer.
struct SharedText: Hashable, Sendable {
    private enum Storage: Sendable {
        case string(String)
        case bytes(SharedBytes, start: Int, count: Int)
    }

    private var storage: Storage

    init(_ string: String) { storage = .string(string) }

    /// `count` bytes of `owner` from `start`, which the caller checked are within its bytes.
    /// They are not checked for UTF-8 here: a `String` made of them repairs what is not.
    init(_ owner: SharedBytes, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= owner.bytes.count)
        storage = count == 0 ? .string("") : .bytes(owner, start: start, count: count)
    }

    var string: String {
        switch storage {
        case .string(let text): text
        case .bytes(let owner, let start, let count):
            withExtendedLifetime(owner) {
                String(decoding: UnsafeBufferPointer(rebasing: owner.bytes[start..<(start + count)]), as: UTF8.self)
            }
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, without making a `String` of shared bytes.
    func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .string(var text): return try text.withUTF8(body)
        case .bytes(let owner, let start, let count):
            return try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(rebasing: owner.bytes[start..<(start + count)])) }
        }
    }

    static func == (lhs: SharedText, rhs: SharedText) -> Bool {
        if case .string(let a) = lhs.storage, case .string(let b) = rhs.storage { return a == b }
        let sameBytes = lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                guard a.count == b.count else { return false }
                guard let x = a.baseAddress, let y = b.baseAddress else { return a.isEmpty }
                return memcmp(x, y, a.count) == 0
            }
        }
        return sameBytes || lhs.string == rhs.string
    }

    /// As `String` hashes, so that texts equal as strings hash alike.
    func hash(into hasher: inout Hasher) { hasher.combine(string) }
}

/// Coded as the string it is.
extension SharedText: Codable {
    init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}
