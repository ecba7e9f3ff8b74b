/// A JSON object read in place: one pass finds where each member's key and value are,
/// values are decoded only when asked for. Replaying a journal reads every line through
/// here, so nothing is built that is not used (no tree, no dictionary).
///
/// The syntax is checked as strictly as ``JSONParser`` does (RFC 8259): strings without raw
/// control characters and with valid escapes and UTF-8, numbers in JSON's grammar, `true`,
/// `false`, `null`, nesting at most ``maximumDepth`` deep.
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

    static let maximumDepth = 64

    /// Reads the object that starts at `start` (a `{`). With `openEnded`, the object's closing
    /// brace is taken to be just after `end` (a journal line's body stops before `,"hash":`).
    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, openEnded: Bool = false) throws(JSONSyntaxError) {
        self.bytes = bytes
        var scanner = Scanner(bytes: bytes, index: start, end: end)
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

    /// The member with this key (the last one, if a key occurs twice — as `JSONParser` keeps it).
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
        var scanner = Scanner(bytes: bytes, index: member.valueStart + 1, end: member.valueEnd - 1)
        var result: [String] = []
        scanner.skipWhitespace()
        while scanner.index < scanner.end {
            let start = scanner.index
            guard bytes[start] == UInt8(ascii: "\""), let escaped = try? scanner.skipString(),
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
        var scanner = Scanner(bytes: bytes, index: index, end: end)
        guard let escaped = try? scanner.skipString(), let text = try? string(bytes, from: index, to: scanner.index, escaped: escaped)
        else { return nil }
        index = scanner.index
        return text
    }

    /// Decodes the string whose quotes are at `start` and `end - 1` in `bytes`; `escaped`
    /// says whether it has escapes or bytes outside ASCII.
    static func string(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, escaped: Bool
    ) throws(JSONSyntaxError) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(end - 1)])
        if !escaped {
            // Plain ASCII (the scanner saw no escape and no byte above 0x7F): nothing to check.
            return String(decoding: content, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var index = 0
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let code = content[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default:  // u, checked by the scanner
                var scalar = hex4(content, index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 6 <= content.count, content[index] == UInt8(ascii: "\\"), content[index + 1] == UInt8(ascii: "u")
                    else { throw JSONSyntaxError(offset: start + index, message: "losse surrogaat in \\u-escape") }
                    let low = hex4(content, index + 2)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw JSONSyntaxError(offset: start + index, message: "losse surrogaat in \\u-escape")
                    }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw JSONSyntaxError(offset: start + index, message: "losse surrogaat in \\u-escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw JSONSyntaxError(offset: start + index, message: "ongeldig teken in \\u-escape")
                }
                out.append(contentsOf: UTF8.encode(unicode)!)
            }
        }
        return try validUTF8(out, offset: start)
    }

    /// The text of UTF-8 bytes, refusing anything that is not valid UTF-8 (instead of
    /// repairing it).
    private static func validUTF8(_ bytes: [UInt8], offset: Int) throws(JSONSyntaxError) -> String {
        guard let text = bytes.withUnsafeBufferPointer(UTF8Text.string) else {
            throw JSONSyntaxError(offset: offset, message: "tekst is geen geldige UTF-8")
        }
        return text
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | UInt32(Scanner.nibble(bytes[index + offset]) ?? 0) }
        return value
    }

    // MARK: Scanning

    /// Checks JSON syntax and finds where values end, without building anything.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let end: Int

        func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: index, message: message) }

        mutating func skipWhitespace() {
            while index < end {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
            guard index < end, bytes[index] == byte else {
                throw error("verwacht '\(Character(Unicode.Scalar(byte)))'")
            }
            index += 1
        }

        /// Reads an object's members into the tape (objects inside it too); returns the tape
        /// index of its first member, or -1 when it has none.
        mutating func object(into tape: inout [Member], depth: Int, openEnded: Bool = false) throws(JSONSyntaxError) -> Int {
            guard depth <= JSONObjectView.maximumDepth else { throw error("te diep genest") }
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
                let keyEscaped = try skipString()
                let keyEnd = index
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                let slot = tape.count
                tape.append(
                    Member(keyStart: keyStart + 1, keyEnd: keyEnd - 1, keyEscaped: keyEscaped, valueStart: index, valueEnd: index,
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
                return try skipString()
            case UInt8(ascii: "{"):
                guard depth < JSONObjectView.maximumDepth else { throw error("te diep genest") }
                index += 1
                skipWhitespace()
                if index < end, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return false
                }
                while true {
                    skipWhitespace()
                    guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error("verwacht een sleutel") }
                    _ = try skipString()
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
                guard depth < JSONObjectView.maximumDepth else { throw error("te diep genest") }
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
                try skipNumber()
            default:
                throw error("onverwacht teken")
            }
            return false
        }

        private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
            let count = word.utf8CodeUnitCount
            guard end - index >= count else { throw error("onbekend woord") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw error("onbekend woord") }
            index += count
        }

        private mutating func skipNumber() throws(JSONSyntaxError) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, isDigit(bytes[index]) else { throw error("ongeldig getal") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < end, isDigit(bytes[index]) { index += 1 }
            }
            if index < end, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < end, isDigit(bytes[index]) else { throw error("ongeldig getal") }
                while index < end, isDigit(bytes[index]) { index += 1 }
            }
            if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < end, isDigit(bytes[index]) else { throw error("ongeldig getal") }
                while index < end, isDigit(bytes[index]) { index += 1 }
            }
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

        /// Skips a string (the index is at its opening quote); returns whether it has escapes.
        /// UTF-8 is validated when the string is decoded.
        mutating func skipString() throws(JSONSyntaxError) -> Bool {
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error("verwacht tekst tussen aanhalingstekens") }
            index += 1
            var escaped = false
            while index < end {
                // Run over plain ASCII (most of every text) sixteen bytes at a time.
                if let base = bytes.baseAddress {
                    var cursor = base + index
                    let stop = base + end
                    let quote = SIMD16<UInt8>(repeating: 0x22)
                    let backslash = SIMD16<UInt8>(repeating: 0x5C)
                    let space = SIMD16<UInt8>(repeating: 0x20)
                    let high = SIMD16<UInt8>(repeating: 0x80)
                    while stop - cursor >= 16 {
                        let v = UnsafeRawPointer(cursor).loadUnaligned(as: SIMD16<UInt8>.self)
                        let stopHere = (v .== quote) .| (v .== backslash) .| (v .< space) .| (v .>= high)
                        if any(stopHere) { break }
                        cursor += 16
                    }
                    while cursor < stop {
                        let byte = cursor.pointee
                        if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte >= 0x80 { break }
                        cursor += 1
                    }
                    index = cursor - base
                    if index >= end { break }
                }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return escaped
                }
                if byte < 0x20 { throw error("stuurteken in tekst") }
                if byte >= 0x80 {
                    escaped = true
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    guard index + 1 < end else { break }
                    switch bytes[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 6 <= end else { throw error("onvolledige \\u-escape") }
                        for offset in 2..<6 where Self.nibble(bytes[index + offset]) == nil { throw error("ongeldige \\u-escape") }
                        index += 6
                    default:
                        throw error("ongeldige escape")
                    }
                    continue
                }
                index += 1
            }
            throw error("tekst is niet afgesloten")
        }

        static func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}
