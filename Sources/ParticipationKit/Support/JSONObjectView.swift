/// A JSON object read in place: one pass finds where each member's key and value are,
/// values are decoded only when asked for. Replaying a journal reads every line through
/// here, so nothing is built that is not used (no tree, no dictionary).
///
/// The syntax is checked by the same ``JSONScanner`` that ``JSONParser`` uses (RFC 8259):
/// strings without raw control characters and with valid escapes and UTF-8, numbers in JSON's
/// grammar, `true`, `false`, `null`, nesting at most ``JSONScanner/maximumDepth`` deep, and no
/// key twice in one object — so the journal's fast path and the parser agree on every text.
///
/// The view borrows the bytes; use it only inside the `withUnsafeBufferPointer` that made it.
struct JSONObjectView {
    struct Member {
        var keyStart: Int
        var keyEnd: Int
        var keyEscaped: Bool
        var valueStart: Int
        var valueEnd: Int
        /// For a string value: whether it has a backslash escape or a byte outside ASCII (then
        /// it is decoded the careful way).
        var valueEscaped: Bool
        /// The next member of the same object in the tape, or -1.
        var next: Int = -1
        /// For an object value: its first member in the tape (-1 when empty or not an object).
        var firstChild: Int = -1
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Every member of this object and of the objects inside it, found in one pass.
    private(set) var tape: [Member] = []
    /// This object's first member in the tape, or -1.
    private var first = -1

    /// This object's members, in order.
    var members: [Member] {
        var result: [Member] = []
        var index = first
        while index >= 0 {
            result.append(tape[index])
            index = tape[index].next
        }
        return result
    }

    /// Reads the object that starts at `start` (a `{`). With `openEnded`, the object's closing
    /// brace is taken to be just after `end` (a journal line's body stops before `,"hash":`).
    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, openEnded: Bool = false) throws(JSONSyntaxError) {
        self.bytes = bytes
        var scanner = JSONScanner(bytes: bytes, index: start, end: end)
        tape.reserveCapacity(32)
        first = try scanner.object(into: &tape, depth: 1, openEnded: openEnded)
        if !openEnded {
            scanner.skipWhitespace()
            guard scanner.index == end else { throw scanner.error("er staat nog iets na het object") }
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, tape: [Member], first: Int) {
        self.bytes = bytes
        self.tape = tape
        self.first = first
    }

    /// The member with this key (a key occurs at most once: the scanner refuses a second).
    func member(_ key: StaticString) -> Member? {
        let wanted = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        var found: Member?
        var index = first
        while index >= 0 {
            let member = tape[index]
            if matches(member, wanted) { found = member }
            index = member.next
        }
        return found
    }

    private func matches(_ member: Member, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        if member.keyEscaped {
            guard let key = try? string(from: member.keyStart - 1, to: member.keyEnd + 1, escaped: true) else { return false }
            return key.utf8.elementsEqual(wanted)
        }
        guard member.keyEnd - member.keyStart == wanted.count else { return false }
        var index = 0
        while index < wanted.count {
            if bytes[member.keyStart + index] != wanted[index] { return false }
            index += 1
        }
        return true
    }

    /// The decoded key of a member.
    func key(_ member: Member) -> String {
        (try? string(from: member.keyStart - 1, to: member.keyEnd + 1, escaped: member.keyEscaped)) ?? ""
    }

    // MARK: Values

    func isNull(_ member: Member) -> Bool { bytes[member.valueStart] == UInt8(ascii: "n") }

    func isString(_ member: Member) -> Bool { bytes[member.valueStart] == UInt8(ascii: "\"") }

    func isObject(_ member: Member) -> Bool { bytes[member.valueStart] == UInt8(ascii: "{") }

    func isArray(_ member: Member) -> Bool { bytes[member.valueStart] == UInt8(ascii: "[") }

    /// The string value, or `nil` when the value is not a string.
    func string(_ member: Member) -> String? {
        guard isString(member) else { return nil }
        return try? string(from: member.valueStart, to: member.valueEnd, escaped: member.valueEscaped)
    }

    /// The raw bytes of a string value without escapes, for values compared as bytes.
    func unescapedStringBytes(_ member: Member) -> UnsafeBufferPointer<UInt8>? {
        guard isString(member), !member.valueEscaped else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[(member.valueStart + 1)..<(member.valueEnd - 1)])
    }

    func bool(_ member: Member) -> Bool? {
        switch bytes[member.valueStart] {
        case UInt8(ascii: "t"): true
        case UInt8(ascii: "f"): false
        default: nil
        }
    }

    /// An integer value (no fraction or exponent) that fits in `Int`.
    func int(_ member: Member) -> Int? {
        var index = member.valueStart
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < member.valueEnd else { return nil }
        var value = 0
        while index < member.valueEnd {
            let byte = bytes[index]
            guard byte >= 48, byte <= 57 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// The object value, read as a view of its own.
    func object(_ member: Member) -> JSONObjectView? {
        guard isObject(member) else { return nil }
        return JSONObjectView(bytes: bytes, tape: tape, first: member.firstChild)
    }

    /// The string items of an array value; `nil` when it is not an array of strings.
    func stringArray(_ member: Member) -> [String]? {
        guard isArray(member) else { return nil }
        var scanner = JSONScanner(bytes: bytes, index: member.valueStart + 1, end: member.valueEnd - 1)
        var result: [String] = []
        scanner.skipWhitespace()
        while scanner.index < scanner.end {
            let start = scanner.index
            guard bytes[start] == UInt8(ascii: "\""), let escaped = try? scanner.scanString(),
                let text = try? string(from: start, to: scanner.index, escaped: escaped)
            else { return nil }
            result.append(text)
            scanner.skipWhitespace()
            if scanner.index < scanner.end, bytes[scanner.index] == UInt8(ascii: ",") { scanner.index += 1 }
            scanner.skipWhitespace()
        }
        return result
    }

    /// Decodes the string whose quotes are at `start` and `end - 1`.
    private func string(from start: Int, to end: Int, escaped: Bool) throws(JSONSyntaxError) -> String {
        try Self.string(bytes, from: start, to: end, escaped: escaped)
    }

    /// The JSON string whose opening quote is at `index`, decoded, with `index` moved past its
    /// closing quote; `nil` (and `index` unchanged) when there is no valid string there. For
    /// the one-pass readers of lines the store writes itself.
    static func readString(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, end: Int) -> String? {
        guard index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
        var scanner = JSONScanner(bytes: bytes, index: index, end: end)
        guard let escaped = try? scanner.scanString(), let text = try? string(bytes, from: index, to: scanner.index, escaped: escaped)
        else { return nil }
        index = scanner.index
        return text
    }

    /// Decodes the string whose quotes are at `start` and `end - 1` in `bytes`; `escaped`
    /// says whether it has escapes or bytes outside ASCII.
    static func string(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escaped: Bool
    ) throws(JSONSyntaxError) -> String {
        try JSONScanner.decodeString(bytes, from: start, to: end, escaped: escaped)
    }
}

/// Scanning an object into a ``JSONObjectView``'s tape.
extension JSONScanner {
    /// Reads an object's members into the tape (objects inside it too); returns the tape
    /// index of its first member, or -1 when it has none.
    mutating func object(into tape: inout [JSONObjectView.Member], depth: Int, openEnded: Bool = false) throws(JSONSyntaxError) -> Int {
        guard depth <= JSONScanner.maximumDepth else { throw error(JSONScanner.tooDeep) }
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if openEnded, index == end { return -1 }
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return -1
        }
        var first = -1
        var previous = -1
        while true {
            skipWhitespace()
            let keyStart = index
            let keyEscaped = try scanString()
            let keyEnd = index
            // A key twice in one object is refused, as JSONParser refuses it.
            var other = first
            while other >= 0 {
                let member = tape[other]
                if JSONScanner.sameKey(
                    bytes, member.keyStart..<member.keyEnd, escapedA: member.keyEscaped, (keyStart + 1)..<(keyEnd - 1),
                    escapedB: keyEscaped)
                {
                    let key = (try? JSONScanner.decodeString(bytes, from: keyStart, to: keyEnd, escaped: keyEscaped)) ?? "?"
                    throw error("sleutel \"\(key)\" komt twee keer voor", at: keyStart)
                }
                other = member.next
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let slot = tape.count
            tape.append(
                JSONObjectView.Member(
                    keyStart: keyStart + 1, keyEnd: keyEnd - 1, keyEscaped: keyEscaped, valueStart: index, valueEnd: index,
                    valueEscaped: false))
            if previous >= 0 { tape[previous].next = slot } else { first = slot }
            previous = slot
            if index < end, bytes[index] == UInt8(ascii: "{") {
                let child = try object(into: &tape, depth: depth + 1)
                tape[slot].firstChild = child
            } else {
                tape[slot].valueEscaped = try skipValue(depth: depth)
            }
            tape[slot].valueEnd = index
            skipWhitespace()
            if openEnded, index == end { return first }
            guard index < end else { throw error("het object is niet afgesloten") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return first
        }
    }

    /// Skips one value; returns whether it was a string with escapes or non-ASCII bytes.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) -> Bool {
        guard index < end else { throw error("er ontbreekt een waarde") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return try scanString()
        case UInt8(ascii: "{"):
            guard depth < JSONScanner.maximumDepth else { throw error(JSONScanner.tooDeep) }
            index += 1
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return false
            }
            // The keys of this object so far, to refuse one given twice.
            var keys: [(range: Range<Int>, escaped: Bool)] = []
            while true {
                skipWhitespace()
                guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error("verwacht een sleutel tussen aanhalingstekens") }
                let keyStart = index
                let escaped = try scanString()
                let key = (keyStart + 1)..<(index - 1)
                if keys.contains(where: { JSONScanner.sameKey(bytes, $0.range, escapedA: $0.escaped, key, escapedB: escaped) }) {
                    throw error("een sleutel komt twee keer voor", at: keyStart)
                }
                keys.append((key, escaped))
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                guard index < end else { throw error("het object is niet afgesloten") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return false
            }
        case UInt8(ascii: "["):
            guard depth < JSONScanner.maximumDepth else { throw error(JSONScanner.tooDeep) }
            index += 1
            skipWhitespace()
            if index < end, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return false
            }
            while true {
                skipWhitespace()
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                guard index < end else { throw error("de lijst is niet afgesloten") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return false
            }
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
        default:
            throw error("onverwacht teken")
        }
        return false
    }
}
