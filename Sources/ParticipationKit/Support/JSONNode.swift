/// A parsed JSON value together with the byte offset where it starts in its source text.
///
/// The offset lets every decoding error point at a line and column in the file a person
/// wrote. Objects keep their members in source order.
package struct JSONNode: Sendable, Equatable {
    package enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        /// The number exactly as written, for example `6` or `-1.5e3`.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// Members in source order; the parser refuses duplicate keys.
        case object([JSONMember])
    }

    package var value: Value
    /// Byte offset (0-based) of the first byte of this value in the source.
    package var offset: Int

    package init(_ value: Value, offset: Int) {
        self.value = value
        self.offset = offset
    }
}

/// One `"key": value` member of a JSON object.
package struct JSONMember: Sendable, Equatable {
    package var key: String
    /// Byte offset of the opening quote of the key.
    package var keyOffset: Int
    package var value: JSONNode

    package init(key: String, keyOffset: Int, value: JSONNode) {
        self.key = key
        self.keyOffset = keyOffset
        self.value = value
    }
}
