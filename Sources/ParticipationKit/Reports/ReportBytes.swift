/// The bytes a renderer writes: collected in one buffer, or, with a sink, handed on in chunks
/// of about ``chunkSize`` bytes, so a report of 100 MB never stands in memory whole.
///
/// A renderer calls ``flushIfFull()`` only where what it wrote is final (at the end of a line):
/// up to then it may still take back what it wrote (trailing spaces).
struct ReportBytes {
    /// About how many bytes are handed on at a time.
    static let chunkSize = 1 << 20

    var buffer: [UInt8] = []
    private let sink: ((UnsafeRawBufferPointer) -> Void)?

    init(sink: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        self.sink = sink
        if sink != nil { buffer.reserveCapacity(Self.chunkSize + Self.chunkSize / 4) }
    }

    /// Hands on what was written once it is a chunk; without a sink, does nothing.
    mutating func flushIfFull() {
        guard let sink, buffer.count >= Self.chunkSize else { return }
        buffer.withUnsafeBytes(sink)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Hands on the rest; without a sink, does nothing.
    mutating func finish() {
        guard let sink, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes(sink)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func append(_ text: Substring) {
        buffer.append(contentsOf: text.utf8)
    }

    mutating func append(byte: UInt8) {
        buffer.append(byte)
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    mutating func append(spaces count: Int) {
        var left = count
        while left > 0 {
            let now = min(left, Self.spaces.count)
            Self.spaces.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<now])) }
            left -= now
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 128)

    static func += (output: inout ReportBytes, text: String) {
        output.append(text)
    }

    /// Collects everything `write` writes into one string.
    static func collect(_ write: (inout ReportBytes) -> Void) -> String {
        var output = ReportBytes()
        write(&output)
        return String(decoding: output.buffer, as: UTF8.self)
    }

    /// Hands everything `write` writes to `chunks`, in pieces of about ``chunkSize`` bytes.
    static func stream(to chunks: (UnsafeRawBufferPointer) -> Void, _ write: (inout ReportBytes) -> Void) {
        withoutActuallyEscaping(chunks) { sink in
            var output = ReportBytes(sink: sink)
            write(&output)
            output.finish()
        }
    }
}

extension String {
    /// Whether every byte is printable ASCII or a line feed: text that neutralising leaves as
    /// it is, and in which a character is a byte and one terminal column.
    var isPrintableASCIIWithLineFeeds: Bool {
        var copy = self
        return copy.withUTF8 { bytes in bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A } }
    }
}

extension String {
    /// ``whitespaceCollapsed``, without making a new string when the text is ASCII with single
    /// spaces only and none at either end (the common case).
    var whitespaceCollapsedIfNeeded: String {
        var copy = self
        let collapsed = copy.withUTF8 { bytes in
            var previousSpace = true
            for byte in bytes {
                if byte >= 0x80 || (0x09...0x0D).contains(byte) { return false }
                if byte == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                } else {
                    previousSpace = false
                }
            }
            return !previousSpace || bytes.isEmpty
        }
        return collapsed ? self : whitespaceCollapsed
    }
}
