/// A JSON text that is not valid, with the byte offset of the problem.
package struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    package var offset: Int
    package var message: String
    package var description: String { "\(message) (positie \(offset))" }
}

/// A strict RFC 8259 parser that keeps the byte offset of every value.
package enum JSONParser {
    /// How deep arrays and objects may nest (``InputLimits/jsonDepth``). The parser is
    /// recursive; the limit keeps a file of 100,000 `[` from exhausting the stack.
    package static let defaultMaximumDepth = 200

    package static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaximumDepth) throws(JSONSyntaxError) -> JSONNode {
        try parse(bytes[...], maxDepth: maxDepth)
    }

    package static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaximumDepth) throws(JSONSyntaxError) -> JSONNode {
        var parser = Parser(bytes: Array(bytes), maxDepth: maxDepth)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let node = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.bytes.count {
            throw JSONSyntaxError(offset: parser.index, message: "onverwachte tekst na het einde van het document")
        }
        return node
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        func describe(_ byte: UInt8) -> String {
            byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
            guard index < bytes.count else { throw JSONSyntaxError(offset: index, message: "onverwacht einde van het bestand") }
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw JSONSyntaxError(offset: index, message: "te diep genest: meer dan \(maxDepth) lijsten of objecten in elkaar (de grens is \(maxDepth))") }
                index += 1
                var members: [JSONMember] = []
                var keys = Set<String>()
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return JSONNode(.object(members), offset: start)
                }
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw JSONSyntaxError(offset: index, message: index < bytes.count ? "verwacht een sleutel tussen aanhalingstekens, gevonden \(describe(bytes[index]))" : "onverwacht einde van het bestand")
                    }
                    let keyOffset = index
                    let key = try string()
                    if !keys.insert(key).inserted { throw JSONSyntaxError(offset: keyOffset, message: "sleutel \"\(key)\" komt twee keer voor") }
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: index, message: "verwacht ':' na de sleutel") }
                    index += 1
                    skipWhitespace()
                    let member = try value(depth: depth + 1)
                    members.append(JSONMember(key: key, keyOffset: keyOffset, value: member))
                    skipWhitespace()
                    guard index < bytes.count else { throw JSONSyntaxError(offset: index, message: "object wordt niet afgesloten met '}'") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return JSONNode(.object(members), offset: start) }
                    throw JSONSyntaxError(offset: index, message: "verwacht ',' of '}', gevonden \(describe(bytes[index]))")
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw JSONSyntaxError(offset: index, message: "te diep genest: meer dan \(maxDepth) lijsten of objecten in elkaar (de grens is \(maxDepth))") }
                index += 1
                var items: [JSONNode] = []
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return JSONNode(.array(items), offset: start)
                }
                while true {
                    skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard index < bytes.count else { throw JSONSyntaxError(offset: index, message: "lijst wordt niet afgesloten met ']'") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return JSONNode(.array(items), offset: start) }
                    throw JSONSyntaxError(offset: index, message: "verwacht ',' of ']', gevonden \(describe(bytes[index]))")
                }
            case UInt8(ascii: "\""):
                return JSONNode(.string(try string()), offset: start)
            case UInt8(ascii: "t"):
                try literal("true")
                return JSONNode(.bool(true), offset: start)
            case UInt8(ascii: "f"):
                try literal("false")
                return JSONNode(.bool(false), offset: start)
            case UInt8(ascii: "n"):
                try literal("null")
                return JSONNode(.null, offset: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return JSONNode(.number(try number()), offset: start)
            default:
                throw JSONSyntaxError(offset: index, message: "onverwacht teken \(describe(bytes[index]))")
            }
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw JSONSyntaxError(offset: index, message: "onbekend woord; bedoelt u \(word)?")
            }
            index += expected.count
        }

        mutating func number() throws(JSONSyntaxError) -> String {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                return index - from
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { throw JSONSyntaxError(offset: index, message: "ongeldig getal") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { throw JSONSyntaxError(offset: start, message: "een getal begint niet met 0") }
            } else {
                _ = digits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                if digits() == 0 { throw JSONSyntaxError(offset: index, message: "ongeldig getal: cijfers na de punt ontbreken") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                if digits() == 0 { throw JSONSyntaxError(offset: index, message: "ongeldig getal: exponent ontbreekt") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw JSONSyntaxError(offset: index, message: "onvolledige \\u-code") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: throw JSONSyntaxError(offset: index, message: "ongeldige \\u-code")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            let open = index
            index += 1
            let start = index
            var buffer: [UInt8] = []
            var escaped = false
            while true {
                guard index < bytes.count else { throw JSONSyntaxError(offset: open, message: "tekst wordt niet afgesloten") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw JSONSyntaxError(offset: index, message: "stuurteken in tekst; schrijf \\n of \\t") }
                if byte == UInt8(ascii: "\\") {
                    if !escaped { buffer.append(contentsOf: bytes[start..<index]); escaped = true }
                    index += 1
                    guard index < bytes.count else { throw JSONSyntaxError(offset: open, message: "tekst wordt niet afgesloten") }
                    let code = bytes[index]
                    index += 1
                    switch code {
                    case UInt8(ascii: "\""): buffer.append(0x22)
                    case UInt8(ascii: "\\"): buffer.append(0x5C)
                    case UInt8(ascii: "/"): buffer.append(0x2F)
                    case UInt8(ascii: "b"): buffer.append(0x08)
                    case UInt8(ascii: "f"): buffer.append(0x0C)
                    case UInt8(ascii: "n"): buffer.append(0x0A)
                    case UInt8(ascii: "r"): buffer.append(0x0D)
                    case UInt8(ascii: "t"): buffer.append(0x09)
                    case UInt8(ascii: "u"):
                        let at = index - 2
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw JSONSyntaxError(offset: at, message: "losse surrogaatcode")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw JSONSyntaxError(offset: at, message: "losse surrogaatcode") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw JSONSyntaxError(offset: at, message: "losse surrogaatcode")
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw JSONSyntaxError(offset: at, message: "ongeldige \\u-code") }
                        buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default:
                        throw JSONSyntaxError(offset: index - 2, message: "onbekende escape \\\(Character(Unicode.Scalar(code)))")
                    }
                    let runStart = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
                    buffer.append(contentsOf: bytes[runStart..<index])
                    continue
                }
                index += 1
                if escaped { buffer.append(byte) }
            }
            let raw = escaped ? buffer[...] : bytes[start..<index]
            index += 1
            guard let text = raw.withUnsafeBufferPointer(UTF8Text.string) else {
                throw JSONSyntaxError(offset: start, message: "tekst is geen geldige UTF-8")
            }
            return text
        }
    }
}
