/// The one JSON scanner (RFC 8259): whitespace, strings, numbers and literals, checked as
/// strictly as the grammar asks, without building anything. ``JSONParser`` (workflows, plans,
/// calendars) and ``JSONObjectView`` (every journal line) both read through it, so they accept
/// and refuse exactly the same texts: raw control characters in strings, unknown escapes,
/// lone surrogates, invalid UTF-8, numbers outside the grammar, nesting deeper than
/// ``maximumDepth``, a key twice in one object.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    /// How deep arrays and objects may nest (``InputLimits/jsonDepth``). Both readers recurse;
    /// the limit keeps a text of 100,000 `[` from exhausting the stack.
    static let maximumDepth = 200

    init(bytes: UnsafeBufferPointer<UInt8>, index: Int, end: Int) {
        self.bytes = bytes
        self.index = index
        self.end = end
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? index, message: message)
    }

    /// The message for nesting beyond ``maximumDepth``.
    static var tooDeep: String {
        "te diep genest: meer dan \(maximumDepth) lijsten of objecten in elkaar (de grens is \(maximumDepth))"
    }

    mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// A byte as a message shows it: `'x'`, or `byte 0x1b` for one that is not printable.
    func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard index < end else { throw error("onverwacht einde; verwacht '\(Character(Unicode.Scalar(byte)))'") }
        guard bytes[index] == byte else {
            throw error("verwacht '\(Character(Unicode.Scalar(byte)))', gevonden \(describe(bytes[index]))")
        }
        index += 1
    }

    /// `true`, `false` or `null` at the index.
    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard end - index >= count else { throw error("onbekend woord; bedoelt u \(word)?") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("onbekend woord; bedoelt u \(word)?")
        }
        index += count
    }

    /// Moves past a number in JSON's grammar; the index is at its first byte.
    mutating func scanNumber() throws(JSONSyntaxError) {
        let start = index
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(bytes[index]) else { throw error("ongeldig getal") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(bytes[index]) { throw error("een getal begint niet met 0", at: start) }
        } else {
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < end, isDigit(bytes[index]) else { throw error("ongeldig getal: cijfers na de punt ontbreken") }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, isDigit(bytes[index]) else { throw error("ongeldig getal: exponent ontbreekt") }
            while index < end, isDigit(bytes[index]) { index += 1 }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Moves past a string (the index is at its opening quote), checking its escapes and its
    /// UTF-8; returns whether it has escapes or bytes outside ASCII (then
    /// ``decodeString(_:from:to:escaped:)`` has work to do).
    mutating func scanString() throws(JSONSyntaxError) -> Bool {
        guard index < end, bytes[index] == UInt8(ascii: "\"") else {
            throw error(
                index < end
                    ? "verwacht tekst tussen aanhalingstekens, gevonden \(describe(bytes[index]))" : "onverwacht einde; verwacht tekst")
        }
        let open = index
        index += 1
        var escaped = false
        var nonASCII = false
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
                // Escapes are ASCII, so the raw bytes hold all of the string's UTF-8.
                if nonASCII, !UTF8Text.isValid(UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(index - 1)])) {
                    throw error("tekst is geen geldige UTF-8", at: open + 1)
                }
                return escaped
            }
            if byte < 0x20 { throw error("stuurteken in tekst; schrijf \\n of \\t") }
            if byte >= 0x80 {
                escaped = true
                nonASCII = true
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
                    let unit = try codeUnit(at: index)
                    index += 6
                    if (0xDC00...0xDFFF).contains(unit) { throw error("losse surrogaatcode in \\u-escape", at: index - 6) }
                    if (0xD800...0xDBFF).contains(unit) {
                        // A high surrogate is only valid followed by a low one.
                        guard end - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                            (0xDC00...0xDFFF).contains(try codeUnit(at: index))
                        else { throw error("losse surrogaatcode in \\u-escape", at: index - 6) }
                        index += 6
                    }
                default:
                    throw error("onbekende escape \\\(Character(Unicode.Scalar(bytes[index + 1])))")
                }
                continue
            }
            index += 1
        }
        throw error("tekst wordt niet afgesloten", at: open)
    }

    /// The UTF-16 code unit of the `\uXXXX` escape at `at` (its backslash).
    private func codeUnit(at position: Int) throws(JSONSyntaxError) -> UInt32 {
        guard end - position >= 6 else { throw error("onvolledige \\u-code", at: position) }
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard let digit = Self.nibble(bytes[position + offset]) else { throw error("ongeldige \\u-code", at: position) }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes the string whose quotes are at `start` and `end - 1` in `bytes`, as
    /// ``scanString()`` found it (and checked it); `escaped` is what that returned.
    static func decodeString(
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
            let at = start + 1 + index
            index += 2
            switch code {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default:  // u, its four digits checked by the scanner
                var scalar = hex4(content, index)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 6 <= content.count, content[index] == UInt8(ascii: "\\"), content[index + 1] == UInt8(ascii: "u")
                    else { throw JSONSyntaxError(offset: at, message: "losse surrogaatcode in \\u-escape") }
                    let low = hex4(content, index + 2)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw JSONSyntaxError(offset: at, message: "losse surrogaatcode in \\u-escape")
                    }
                    index += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw JSONSyntaxError(offset: at, message: "losse surrogaatcode in \\u-escape")
                }
                guard let unicode = Unicode.Scalar(scalar), let encoded = UTF8.encode(unicode) else {
                    throw JSONSyntaxError(offset: at, message: "ongeldige \\u-code")
                }
                out.append(contentsOf: encoded)
            }
        }
        // The scanner checked the raw bytes' UTF-8 and the surrogate pairs, so `out` is valid.
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 4 | UInt32(nibble(bytes[index + offset]) ?? 0) }
        return value
    }

    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Whether the keys of two members of one object are the same text (escapes decoded).
    static func sameKey(
        _ bytes: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, escapedA: Bool, _ b: Range<Int>, escapedB: Bool
    ) -> Bool {
        if !escapedA, !escapedB {
            guard a.count == b.count else { return false }
            var offset = 0
            while offset < a.count {
                if bytes[a.lowerBound + offset] != bytes[b.lowerBound + offset] { return false }
                offset += 1
            }
            return true
        }
        let left = try? decodeString(bytes, from: a.lowerBound - 1, to: a.upperBound + 1, escaped: escapedA)
        let right = try? decodeString(bytes, from: b.lowerBound - 1, to: b.upperBound + 1, escaped: escapedB)
        return left != nil && left == right
    }
}
