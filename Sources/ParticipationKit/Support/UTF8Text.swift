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
}
