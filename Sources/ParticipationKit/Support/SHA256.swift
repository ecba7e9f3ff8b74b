// The pointers unwrapped here are to non-empty tuples and buffers, which always have an address.
// swift-format-ignore-file: NeverForceUnwrap

import CSHA256

/// SHA-256 (FIPS 180-4), written here so the package needs no dependency.
///
/// Used for the journal's hash chain, the definitions kept by hash and the digests of
/// personal data. Tested against the NIST example vectors.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(previousHash.bytes)
/// hasher.update(line)
/// let digest = hasher.finalize()
/// ```
public struct SHA256: Sendable {
    /// The working words H0…H7.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes waiting for a full 64-byte block (kept inline: a hasher never allocates).
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var length: UInt64 = 0

    public init() {}

    /// Whether the compression runs on the processor's SHA instructions (x86 SHA extensions)
    /// rather than the portable code. Both give the same digests.
    public static var usesHardware: Bool { csha256_uses_sha_extensions() != 0 }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update(buffer: $0) }
        }
    }

    /// Adds the bytes of a buffer to the message.
    public mutating func update(buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        length &+= UInt64(buffer.count)
        var index = 0
        if pendingCount > 0 {
            let take = min(64 - pendingCount, buffer.count)
            let count = pendingCount
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.advanced(by: count).copyMemory(from: base, byteCount: take) }
            pendingCount += take
            index = take
            if pendingCount < 64 { return }
            var block = pending
            withUnsafeBytes(of: &block) { compress($0.baseAddress!, blocks: 1) }
            pendingCount = 0
        }
        let whole = (buffer.count - index) / 64
        if whole > 0 {
            compress(base + index, blocks: whole)
            index += whole * 64
        }
        if index < buffer.count {
            let rest = buffer.count - index
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: base + index, byteCount: rest) }
            pendingCount = rest
        }
    }

    /// Pads the message and returns its digest.
    public mutating func finalize() -> SHA256Digest {
        let bitLength = length &* 8
        var tail:
            (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let count = pendingCount
        var pendingCopy = pending
        let blocks = withUnsafeMutableBytes(of: &tail) { tail -> Int in
            withUnsafeBytes(of: &pendingCopy) { tail.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            tail[count] = 0x80
            let blocks = count < 56 ? 1 : 2
            let end = blocks * 64
            for index in 0..<8 { tail[end - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * index)) }
            return blocks
        }
        withUnsafeBytes(of: &tail) { compress($0.baseAddress!, blocks: blocks) }
        pendingCount = 0
        let words = state
        func pack(_ high: UInt32, _ low: UInt32) -> UInt64 { UInt64(high) << 32 | UInt64(low) }
        return SHA256Digest(words: (pack(words.0, words.1), pack(words.2, words.3), pack(words.4, words.5), pack(words.6, words.7)))
    }

    @inline(__always)
    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        withUnsafeMutableBytes(of: &state) { words in
            csha256_compress(
                words.baseAddress!.assumingMemoryBound(to: UInt32.self), data.assumingMemoryBound(to: UInt8.self), blocks)
        }
    }

    /// The portable compression, for tests that compare it with the hardware path.
    package static func portableCompress(_ state: inout [UInt32], _ block: [UInt8]) {
        precondition(state.count == 8 && block.count % 64 == 0)
        csha256_compress_portable(&state, block, block.count / 64)
    }

    /// The compression the hasher uses (hardware when available).
    package static func compress(_ state: inout [UInt32], _ block: [UInt8]) {
        precondition(state.count == 8 && block.count % 64 == 0)
        csha256_compress(&state, block, block.count / 64)
    }
}

/// A SHA-256 digest: 32 bytes, written as 64 lowercase hexadecimal digits.
public struct SHA256Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The 32 bytes as four big-endian words: no allocation per digest.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    /// 32 zero bytes: the "previous hash" of the first journal line.
    public static let zero = SHA256Digest(words: (0, 0, 0, 0))

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// A digest from exactly 32 bytes, or `nil`.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.init(uncheckedBytes: bytes)
    }

    private init(uncheckedBytes bytes: [UInt8]) {
        func word(_ start: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in start..<(start + 8) { value = value << 8 | UInt64(bytes[index]) }
            return value
        }
        words = (word(0), word(8), word(16), word(24))
    }

    /// Writes the 32 bytes into a buffer (for hashing without an allocation).
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        var bigEndian = (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)
        return withUnsafeBytes(of: &bigEndian) { body($0) }
    }

    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Parses 64 hexadecimal digits (either case); `nil` for anything else.
    public init?(hex: some StringProtocol) {
        guard let bytes = Self.decodeHex(Array(hex.utf8)) else { return nil }
        self.init(uncheckedBytes: bytes)
    }

    /// Parses exactly 64 lowercase hexadecimal digits given as bytes, the form the journal
    /// writes: any other spelling of the same digest is a change to the line.
    package init?(lowercaseHexBytes digits: ArraySlice<UInt8>) {
        guard let value = digits.withUnsafeBufferPointer({ Self(lowercaseHexBuffer: $0) }) else { return nil }
        self = value
    }

    /// Parses exactly 64 lowercase hexadecimal digits, as ``init(lowercaseHexBytes:)``.
    package init?(lowercaseHex text: String) {
        var text = text
        guard let value = text.withUTF8({ Self(lowercaseHexBuffer: $0) }) else { return nil }
        self = value
    }

    init?(lowercaseHexBuffer buffer: UnsafeBufferPointer<UInt8>) {
        guard buffer.count == 64 else { return nil }
        let words = { () -> (UInt64, UInt64, UInt64, UInt64)? in
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            var invalid: UInt8 = 0
            withUnsafeMutableBytes(of: &words) { raw in
                let out = raw.bindMemory(to: UInt64.self)
                for word in 0..<4 {
                    var value: UInt64 = 0
                    for index in (word * 16)..<(word * 16 + 16) {
                        let nibble = Self.lowercaseNibbles[Int(buffer[index])]
                        invalid |= nibble
                        value = value << 4 | UInt64(nibble & 0x0F)
                    }
                    out[word] = value
                }
            }
            return invalid & 0xF0 == 0 ? words : nil
        }()
        guard let words else { return nil }
        self.init(words: words)
    }

    /// The value of each lowercase hexadecimal digit; 0xFF for every other byte.
    private static let lowercaseNibbles: [UInt8] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        default: 0xFF
        }
    }

    private static func decodeHex(_ utf8: [UInt8]) -> [UInt8]? {
        guard utf8.count == 64 else { return nil }
        var result = [UInt8]()
        result.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    /// The 64 lowercase hexadecimal digits.
    public var hex: String { String(decoding: hexBytes, as: UTF8.self) }

    /// The 64 lowercase hexadecimal digits as ASCII bytes.
    package var hexBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(64)
        appendHex(to: &out)
        return out
    }

    /// Appends the 64 lowercase hexadecimal digits to `out`.
    package func appendHex(to out: inout [UInt8]) {
        for word in [words.0, words.1, words.2, words.3] {
            var shift: UInt64 = 60
            while true {
                out.append(Self.digits[Int((word >> shift) & 0x0f)])
                if shift == 0 { break }
                shift -= 4
            }
        }
    }

    /// Writes the 64 lowercase hexadecimal digits to the 64 bytes at `out`, as
    /// ``appendHex(to:)`` appends them.
    package func writeHex(to out: UnsafeMutablePointer<UInt8>) {
        Self.digits.withUnsafeBufferPointer { digits in
            func put(_ word: UInt64, at offset: Int) {
                for nibble in 0..<16 { out[offset + nibble] = digits[Int(truncatingIfNeeded: word >> UInt64(60 - 4 * nibble)) & 0x0f] }
            }
            put(words.0, at: 0)
            put(words.1, at: 16)
            put(words.2, at: 32)
            put(words.3, at: 48)
        }
    }

    /// The first 12 hexadecimal digits, enough for a person to compare.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        (lhs.words.0, lhs.words.1, lhs.words.2, lhs.words.3) < (rhs.words.0, rhs.words.1, rhs.words.2, rhs.words.3)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = SHA256Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "geen SHA-256 (64 hexadecimale tekens): \(text)")
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    @inline(__always)
    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
