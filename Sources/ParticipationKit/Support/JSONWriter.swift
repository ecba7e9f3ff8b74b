/// Writes JSON text into a byte buffer, one token at a time.
///
/// Every journal line is written through here, so the writer works on UTF-8 bytes and
/// copies unescaped runs of a string in one go. The caller places the punctuation
/// (`appendRaw(",")`, `appendRaw("{")`); the writer quotes and escapes strings and formats
/// numbers. The same calls always give the same bytes: the journal hashes them.
///
/// Strings are escaped per RFC 8259: `"` and `\` with a backslash, the control characters
/// below U+0020 as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00XX` (lowercase hex), and U+2028 and
/// U+2029 as `\u2028` and `\u2029` (so a line can be pasted into JavaScript). Everything else
/// is written as UTF-8.
package struct JSONWriter: Sendable {
    /// The JSON text written so far.
    package private(set) var bytes: [UInt8]

    /// An empty writer with room for `reservingCapacity` bytes before it has to grow.
    package init(reservingCapacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(reservingCapacity)
    }

    /// A writer that goes on at the end of `bytes`, taking them over without a copy; give
    /// them back with ``handBack(to:)``.
    package init(continuing bytes: inout [UInt8]) {
        self.bytes = []
        swap(&self.bytes, &bytes)
    }

    /// Hands the bytes written so far back to `bytes` (left empty by ``init(continuing:)``).
    package mutating func handBack(to bytes: inout [UInt8]) {
        swap(&self.bytes, &bytes)
    }

    /// Appends punctuation or other JSON text as written, for example `","` or `"},"`.
    package mutating func appendRaw(_ text: StaticString) {
        if text.hasPointerRepresentation {
            let count = text.utf8CodeUnitCount
            if count == 1 {
                bytes.append(text.utf8Start.pointee)
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: count))
            }
        } else {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
    }

    /// Appends `"key":`, with the key escaped like a string.
    package mutating func appendKey(_ key: String) {
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends a string value, quoted and escaped.
    ///
    /// Complexity: O(n) in the UTF-8 length of `value`.
    package mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Native strings are contiguous UTF-8; only a bridged string takes the copy.
        if value.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var copy = value
            copy.withUTF8 { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a decimal integer, with a leading `-` when negative.
    package mutating func appendInt(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude))
    }

    /// Appends a decimal unsigned integer.
    package mutating func appendUInt64(_ value: UInt64) {
        appendDigits(value)
    }

    /// Appends `true` or `false`.
    package mutating func appendBool(_ value: Bool) {
        if value { appendRaw("true") } else { appendRaw("false") }
    }

    /// Appends `null`.
    package mutating func appendNull() {
        appendRaw("null")
    }

    /// Appends bytes as they are, without quoting or escaping; the caller vouches that they
    /// are valid JSON in this place.
    package mutating func appendBytes(_ bytes: some Collection<UInt8>) {
        self.bytes.append(contentsOf: bytes)
    }

    // MARK: - Strings

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends UTF-8 text with the characters JSON needs escaped replaced by their escapes.
    private mutating func appendEscaped(_ text: UnsafeBufferPointer<UInt8>) {
        let count = text.count
        var runStart = 0
        var index = 0
        while index < count {
            // Runs of sixteen bytes that need nothing are passed over at once.
            if let base = text.baseAddress {
                let quote = SIMD16<UInt8>(repeating: 0x22)
                let backslash = SIMD16<UInt8>(repeating: 0x5C)
                let space = SIMD16<UInt8>(repeating: 0x20)
                let separatorLead = SIMD16<UInt8>(repeating: 0xE2)
                while count - index >= 16 {
                    let v = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                    if any((v .== quote) .| (v .== backslash) .| (v .< space) .| (v .== separatorLead)) { break }
                    index += 16
                }
                if index >= count { break }
            }
            let byte = text[index]
            // Fast path: printable ASCII other than `"` and `\`, and UTF-8 bytes other than
            // the lead byte 0xE2 that U+2028 and U+2029 start with.
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2 {
                index += 1
                continue
            }
            if byte == 0xE2 {
                // U+2028 is E2 80 A8, U+2029 is E2 80 A9.
                guard index + 2 < count, text[index + 1] == 0x80, text[index + 2] == 0xA8 || text[index + 2] == 0xA9 else {
                    index += 1
                    continue
                }
                flush(text, from: runStart, to: index)
                appendRaw(text[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                index += 3
                runStart = index
                continue
            }
            flush(text, from: runStart, to: index)
            switch byte {
            case 0x22: appendRaw("\\\"")
            case 0x5C: appendRaw("\\\\")
            case 0x08: appendRaw("\\b")
            case 0x09: appendRaw("\\t")
            case 0x0A: appendRaw("\\n")
            case 0x0C: appendRaw("\\f")
            case 0x0D: appendRaw("\\r")
            default:
                appendRaw("\\u00")
                Self.hexDigits.withUTF8Buffer { hex in
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            index += 1
            runStart = index
        }
        flush(text, from: runStart, to: count)
    }

    /// Appends `text[start..<end]` in one copy.
    private mutating func flush(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        guard start < end, let base = text.baseAddress else { return }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
    }

    /// Appends `"YYYY-MM-DD"` for a year of four digits, else `"fallback"`.
    package mutating func appendISODate(year: Int, month: Int, day: Int, fallback: @autoclosure () -> String) {
        guard (0...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else {
            appendString(fallback())
            return
        }
        let digit = { (value: Int) in 0x30 &+ UInt8(truncatingIfNeeded: value) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(digit(year / 1000))
        bytes.append(digit(year / 100 % 10))
        bytes.append(digit(year / 10 % 10))
        bytes.append(digit(year % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(digit(month / 10))
        bytes.append(digit(month % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(digit(day / 10))
        bytes.append(digit(day % 10))
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: - Numbers

    /// Appends the decimal digits of `value`, written into a stack buffer from the last
    /// digit backwards, so no intermediate `String` is made.
    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        // UInt64.max has 20 digits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var position = 20
            var rest = value
            while rest > 0 {
                let quotient = rest / 10
                position -= 1
                buffer[position] = 0x30 &+ UInt8(truncatingIfNeeded: rest &- quotient &* 10)
                rest = quotient
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<20]))
        }
    }
}
