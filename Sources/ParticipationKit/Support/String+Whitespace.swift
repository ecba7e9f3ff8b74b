extension String {
    /// The text with every run of white space made one space, and none at either end.
    ///
    /// Complexity: O(n) in the UTF-8 length. ASCII text (the common case) is handled from the
    /// bytes, into the new string's own storage; other text splits on `Character.isWhitespace`,
    /// with the same result.
    var whitespaceCollapsed: String {
        Self.collapsingWhitespace(self, lowercased: false) ?? split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// ``whitespaceCollapsed`` and then `lowercased()`: for ASCII text in one pass and one new
    /// string (the audit compares every motivation in this form).
    var whitespaceCollapsedLowercased: String {
        Self.collapsingWhitespace(self, lowercased: true) ?? whitespaceCollapsed.lowercased()
    }

    /// `text` collapsed (and its letters lowercased), or `nil` when it is not all ASCII.
    private static func collapsingWhitespace(_ text: String, lowercased: Bool) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            // Added to a byte to lowercase it: 0x20 for A–Z when lowercasing, else 0.
            let caseBit: UInt8 = lowercased ? 0x20 : 0
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                guard let target = out.baseAddress else { return 0 }
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    // A space, or a tab, line feed, vertical tab, form feed or carriage return.
                    if byte == 0x20 || byte &- 0x09 <= 4 {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        target[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    target[count] = byte &- 0x41 < 26 ? byte | caseBit : byte
                    count += 1
                }
                return count
            }
        }
    }
}
