import Foundation

/// RFC 6901 JSON Pointer, such as `/transitions/2/to`. The root is the empty pointer.
public struct JSONPointer: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public private(set) var tokens: [String]

    public init() { tokens = [] }

    /// Parses `/a/b~1c`; `nil` for text that does not start with `/` (except the empty root).
    public init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let pointer = JSONPointer(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "geen JSON Pointer: \(text)")
        }
        self = pointer
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A line and column in a text file, both counted from 1; columns count characters.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `12:7`.
    public var description: String { "\(line):\(column)" }
}

/// A text with its line starts, to turn byte offsets into lines and columns.
///
/// Columns count characters by their first UTF-8 byte. A table of those counts every
/// ``blockSize`` bytes keeps each lookup O(log lines + blockSize), so a file of one long line
/// with thousands of findings costs linear time, not quadratic.
package struct SourceText: Sendable {
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// `leadingBytes[k]`: how many bytes before offset `k × blockSize` are not UTF-8
    /// continuation bytes.
    private let leadingBytes: [Int]
    private static let blockSize = 1_024

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        var counts = [0]
        counts.reserveCapacity(bytes.count / Self.blockSize + 1)
        var count = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { starts.append(index + 1) }
            if byte & 0xC0 != 0x80 { count += 1 }
            if (index + 1) % Self.blockSize == 0 { counts.append(count) }
        }
        lineStarts = starts
        leadingBytes = counts
    }

    /// The number of characters (non-continuation bytes) before `offset`.
    private func characters(before offset: Int) -> Int {
        let block = offset / Self.blockSize
        return bytes[(block * Self.blockSize)..<offset].reduce(leadingBytes[block]) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The location of a byte offset (offsets past the end clamp to the end).
    package func location(ofOffset offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        guard offset > start else { return SourceLocation(line: low + 1, column: 1) }
        return SourceLocation(line: low + 1, column: characters(before: offset) - characters(before: start) + 1)
    }
}

extension JSONNode {
    /// The value of a member of an object, or `nil`.
    package subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    package var stringValue: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    /// An exact integer literal within `Int`'s range.
    package var intValue: Int? {
        if case .number(let text) = value { return Int(text) }
        return nil
    }

    package var doubleValue: Double? {
        if case .number(let text) = value { return Double(text) }
        return nil
    }

    package var arrayValue: [JSONNode]? {
        if case .array(let items) = value { return items }
        return nil
    }

    package var objectValue: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    package var isNull: Bool { value == .null }

    /// The Dutch name of the kind of value, for messages.
    package var kindName: String {
        switch value {
        case .null: "null"
        case .bool: "waar/onwaar"
        case .number: "getal"
        case .string: "tekst"
        case .array: "lijst"
        case .object: "object"
        }
    }
}
