/// Strings from UTF-8 bytes that refuse invalid UTF-8 instead of repairing it, without the
/// generic `String(validating:as:)` (which costs a metadata lookup per call: too much for a
/// replay or a snapshot that makes hundreds of thousands of strings).
enum UTF8Text {
    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        // `String(decoding:)` repairs bad bytes with U+FFFD; its result is valid UTF-8, so the
        // input was valid exactly when nothing changed. Plain ASCII cannot have changed.
        if isASCII(bytes) { return text }
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// Whether `text == String(decoding: ascii, as: UTF8.self)`, for bytes that are plain
    /// ASCII, without making a string in the usual case: equal bytes are an equal string, and
    /// an ASCII text equals ASCII bytes only when the bytes are equal. Only a text with other
    /// characters is compared as Swift compares strings (canonical equivalence: `K` equals the
    /// Kelvin sign U+212A).
    static func equals(_ text: String, _ ascii: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        let (same, plain) = text.withUTF8 { own in (own.elementsEqual(ascii), isASCII(own)) }
        return same || (!plain && text == String(decoding: ascii, as: UTF8.self))
    }

    /// Whether every byte is below 0x80, checked eight bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var combined: UInt64 = 0
        var index = 0
        while bytes.count - index >= 8 {
            combined |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            combined |= UInt64(bytes[index])
            index += 1
        }
        return combined & 0x8080_8080_8080_8080 == 0
    }

    /// Whether `bytes` are valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
    /// above U+10FFFF), checked without making a string.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard count - index >= length else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
