extension String {
    /// The text with every run of white space made one space, and none at either end.
    ///
    /// Complexity: O(n) in the UTF-8 length. ASCII text (the common case) is handled from the
    /// bytes; other text splits on `Character.isWhitespace`, with the same result.
    var whitespaceCollapsed: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            if byte >= 0x80 { return split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(0x20)
                pendingSpace = false
            }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
