/// A JSON text that is not valid, with the byte offset of the problem.
package struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    package var offset: Int
    package var message: String
    package var description: String { "\(message) (positie \(offset))" }
}

/// A strict RFC 8259 parser that keeps the byte offset of every value.
///
/// Strings, numbers, literals and the nesting limit go through ``JSONScanner``, the same scanner
/// that reads every journal line (``JSONObjectView``), so both accept and refuse the same texts.
package enum JSONParser {
    /// How deep arrays and objects may nest (``InputLimits/jsonDepth``). The parser is
    /// recursive; the limit keeps a file of 100,000 `[` from exhausting the stack.
    package static let defaultMaximumDepth = JSONScanner.maximumDepth

    package static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaximumDepth) throws(JSONSyntaxError) -> JSONNode {
        try parse(bytes[...], maxDepth: maxDepth)
    }

    package static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = defaultMaximumDepth) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = Array(bytes).withUnsafeBufferPointer { buffer in
            var parser = Parser(scanner: JSONScanner(bytes: buffer, index: 0, end: buffer.count), maxDepth: maxDepth)
            do throws(JSONSyntaxError) {
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { parser.scanner.index = 3 }
                parser.scanner.skipWhitespace()
                let node = try parser.value(depth: 0)
                parser.scanner.skipWhitespace()
                if parser.scanner.index < buffer.count {
                    throw JSONSyntaxError(offset: parser.scanner.index, message: "onverwachte tekst na het einde van het document")
                }
                return .success(node)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Parser {
        var scanner: JSONScanner
        let maxDepth: Int

        var index: Int { scanner.index }
        var count: Int { scanner.end }

        func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError { scanner.error(message, at: offset) }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
            guard index < count else { throw fail("onverwacht einde van het bestand") }
            let start = index
            let bytes = scanner.bytes
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw fail(tooDeep) }
                scanner.index += 1
                var members: [JSONMember] = []
                var keys = Set<String>()
                scanner.skipWhitespace()
                if index < count, bytes[index] == UInt8(ascii: "}") {
                    scanner.index += 1
                    return JSONNode(.object(members), offset: start)
                }
                while true {
                    scanner.skipWhitespace()
                    guard index < count, bytes[index] == UInt8(ascii: "\"") else {
                        throw fail(
                            index < count
                                ? "verwacht een sleutel tussen aanhalingstekens, gevonden \(scanner.describe(bytes[index]))"
                                : "onverwacht einde van het bestand")
                    }
                    let keyOffset = index
                    let key = try string()
                    if !keys.insert(key).inserted { throw fail("sleutel \"\(key)\" komt twee keer voor", at: keyOffset) }
                    scanner.skipWhitespace()
                    guard index < count, bytes[index] == UInt8(ascii: ":") else { throw fail("verwacht ':' na de sleutel") }
                    scanner.index += 1
                    scanner.skipWhitespace()
                    let member = try value(depth: depth + 1)
                    members.append(JSONMember(key: key, keyOffset: keyOffset, value: member))
                    scanner.skipWhitespace()
                    guard index < count else { throw fail("object wordt niet afgesloten met '}'") }
                    if bytes[index] == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "}") {
                        scanner.index += 1
                        return JSONNode(.object(members), offset: start)
                    }
                    throw fail("verwacht ',' of '}', gevonden \(scanner.describe(bytes[index]))")
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw fail(tooDeep) }
                scanner.index += 1
                var items: [JSONNode] = []
                scanner.skipWhitespace()
                if index < count, bytes[index] == UInt8(ascii: "]") {
                    scanner.index += 1
                    return JSONNode(.array(items), offset: start)
                }
                while true {
                    scanner.skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    scanner.skipWhitespace()
                    guard index < count else { throw fail("lijst wordt niet afgesloten met ']'") }
                    if bytes[index] == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "]") {
                        scanner.index += 1
                        return JSONNode(.array(items), offset: start)
                    }
                    throw fail("verwacht ',' of ']', gevonden \(scanner.describe(bytes[index]))")
                }
            case UInt8(ascii: "\""):
                return JSONNode(.string(try string()), offset: start)
            case UInt8(ascii: "t"):
                try scanner.literal("true")
                return JSONNode(.bool(true), offset: start)
            case UInt8(ascii: "f"):
                try scanner.literal("false")
                return JSONNode(.bool(false), offset: start)
            case UInt8(ascii: "n"):
                try scanner.literal("null")
                return JSONNode(.null, offset: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try scanner.scanNumber()
                return JSONNode(
                    .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)), offset: start)
            default:
                throw fail("onverwacht teken \(scanner.describe(bytes[index]))")
            }
        }

        private var tooDeep: String {
            "te diep genest: meer dan \(maxDepth) lijsten of objecten in elkaar (de grens is \(maxDepth))"
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            let start = index
            let escaped = try scanner.scanString()
            return try JSONScanner.decodeString(scanner.bytes, from: start, to: index, escaped: escaped)
        }
    }
}
