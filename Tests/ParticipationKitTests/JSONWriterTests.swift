import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// The text a writer produced, for comparing with expected JSON.
private func text(_ build: (inout JSONWriter) -> Void) -> String {
    var writer = JSONWriter()
    build(&writer)
    return String(decoding: writer.bytes, as: UTF8.self)
}

private func written(_ value: String) -> String {
    text { $0.appendString(value) }
}

/// The escape RFC 8259 asks for each control character U+0000…U+001F, written out by hand.
private let controlEscapes: [String] = [
    #"\u0000"#, #"\u0001"#, #"\u0002"#, #"\u0003"#, #"\u0004"#, #"\u0005"#, #"\u0006"#, #"\u0007"#,
    #"\b"#, #"\t"#, #"\n"#, #"\u000b"#, #"\f"#, #"\r"#, #"\u000e"#, #"\u000f"#,
    #"\u0010"#, #"\u0011"#, #"\u0012"#, #"\u0013"#, #"\u0014"#, #"\u0015"#, #"\u0016"#, #"\u0017"#,
    #"\u0018"#, #"\u0019"#, #"\u001a"#, #"\u001b"#, #"\u001c"#, #"\u001d"#, #"\u001e"#, #"\u001f"#,
]

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("every control character is escaped", arguments: 0..<32)
    func controlCharacter(_ code: Int) throws {
        let scalar = try #require(Unicode.Scalar(code))
        let value = "a" + String(Character(scalar)) + "b"
        #expect(written(value) == "\"a" + controlEscapes[code] + "b\"")
        // And the parser reads the escape back as the same character.
        let node = try JSONParser.parse(Array(written(value).utf8))
        #expect(node.stringValue == value)
    }

    @Test("quotes and backslashes are escaped")
    func quoteAndBackslash() {
        #expect(written(#"say "hi""#) == #""say \"hi\"""#)
        #expect(written(#"C:\dir\"#) == #""C:\\dir\\""#)
        #expect(written(#"\""#) == #""\\\"""#)
        #expect(written("") == #""""#)
    }

    @Test("U+2028 and U+2029 are escaped, their neighbours are not")
    func lineSeparators() {
        #expect(written("a\u{2028}b\u{2029}c") == #""a\u2028b\u2029c""#)
        // Same lead bytes E2 80, other third byte: written as UTF-8.
        #expect(written("\u{2027}\u{202A}\u{2020}") == "\"\u{2027}\u{202A}\u{2020}\"")
        // E2 at the very end of a run of other characters.
        #expect(written("€\u{2028}") == "\"€\\u2028\"")
    }

    @Test("DEL and non-ASCII text are written as UTF-8 bytes")
    func nonASCII() {
        var writer = JSONWriter()
        writer.appendString("Zoë é 😀\u{7F}")
        let expected: [UInt8] =
            [0x22, 0x5A, 0x6F, 0xC3, 0xAB, 0x20, 0xC3, 0xA9, 0x20, 0xF0, 0x9F, 0x98, 0x80, 0x7F, 0x22]
        #expect(writer.bytes == expected)
    }

    @Test("substrings and strings built scalar by scalar are written the same")
    func bridgedLikeString() {
        // A substring turned into a String and a string built by appending scalars.
        let base = "xx\"Crème\n brûlée\"xx"
        let sliced = String(base.dropFirst(2).dropLast(2))
        var built = ""
        for scalar in "\"Crème\n brûlée\"".unicodeScalars { built.unicodeScalars.append(scalar) }
        #expect(written(sliced) == #""\"Crème\n brûlée\"""#)
        #expect(written(built) == written(sliced))
    }

    @Test(
        "integers", arguments: [0, 7, 9, 10, -1, -9, -10, 99, 100, 1_234_567_890, -987_654_321, Int.max, Int.min])
    func integers(_ value: Int) {
        #expect(text { $0.appendInt(value) } == String(value))
    }

    @Test("the extremes of Int", arguments: [(Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808")])
    func intExtremes(_ value: Int, _ expected: String) {
        #expect(text { $0.appendInt(value) } == expected)
    }

    @Test("unsigned integers", arguments: [UInt64(0), 1, 10, 1_000_000, UInt64(Int.max) + 1, UInt64.max])
    func unsigned(_ value: UInt64) {
        #expect(text { $0.appendUInt64(value) } == String(value))
    }

    @Test("the largest UInt64")
    func unsignedMaximum() {
        #expect(text { $0.appendUInt64(UInt64.max) } == "18446744073709551615")
    }

    @Test("keys, literals, raw text and raw bytes give exact bytes")
    func exactObject() {
        var writer = JSONWriter(reservingCapacity: 8)
        #expect(writer.bytes.isEmpty)
        writer.appendRaw("{")
        writer.appendKey("naam")
        writer.appendString("Zoë")
        writer.appendRaw(",")
        writer.appendKey("a\"b")
        writer.appendRaw("[")
        writer.appendBool(true)
        writer.appendRaw(",")
        writer.appendBool(false)
        writer.appendRaw(",")
        writer.appendNull()
        writer.appendRaw(",")
        writer.appendInt(-42)
        writer.appendRaw(",")
        writer.appendBytes(Array("1.5e3".utf8))
        writer.appendRaw("],")
        writer.appendKey("")
        writer.appendBytes("{}".utf8)
        writer.appendRaw("}")
        let expected = #"{"naam":"Zoë","a\"b":[true,false,null,-42,1.5e3],"":{}}"#
        #expect(writer.bytes == Array(expected.utf8))
    }

    @Test("appendRaw writes literals of one and of several characters")
    func rawLiterals() {
        #expect(text { $0.appendRaw(",") } == ",")
        #expect(text { $0.appendRaw("},") } == "},")
        #expect(text { $0.appendRaw("é") } == "é")
        #expect(text { $0.appendRaw("") } == "")
    }

    @Test("random strings survive a write and a parse", arguments: [UInt64(1), 2, 3, 0xDEAD_BEEF, 20_260_316])
    func roundTripStrings(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for round in 0..<300 {
            let value = randomString(&random)
            var single = JSONWriter()
            single.appendString(value)
            let node = try JSONParser.parse(single.bytes)
            #expect(node.stringValue == value, "seed \(seed), round \(round): \(Array(value.unicodeScalars))")
            var object = JSONWriter()
            object.appendRaw("{")
            object.appendKey(value)
            object.appendInt(round)
            object.appendRaw("}")
            let parsed = try JSONParser.parse(object.bytes)
            #expect(parsed.objectValue?.first?.key == value, "seed \(seed), round \(round)")
            #expect(parsed[value]?.intValue == round)
            // No raw control characters or line separators are left in the output.
            #expect(!single.bytes.contains { $0 < 0x20 })
            #expect(!String(decoding: single.bytes, as: UTF8.self).unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" })
        }
    }

    @Test("random integers survive a write and a parse", arguments: [UInt64(7), 8, 9])
    func roundTripIntegers(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let bits = Int.random(in: 0...63, using: &random)
            let value = Int(truncatingIfNeeded: random.next()) >> bits
            var writer = JSONWriter()
            writer.appendInt(value)
            let node = try JSONParser.parse(writer.bytes)
            #expect(node.intValue == value, "seed \(seed)")
            let unsigned = random.next() >> UInt64(bits)
            var other = JSONWriter()
            other.appendUInt64(unsigned)
            #expect(String(decoding: other.bytes, as: UTF8.self) == String(unsigned), "seed \(seed)")
        }
    }

    @Test("a known sequence of calls gives exactly these bytes")
    func knownBytes() {
        func line() -> [UInt8] {
            var writer = JSONWriter()
            writer.appendRaw("{")
            writer.appendKey("tekst")
            writer.appendString("Graag een \"zebrapad\"\nbij de school. ✓")
            writer.appendRaw(",")
            writer.appendKey("n")
            writer.appendInt(123)
            writer.appendRaw("}")
            return writer.bytes
        }
        #expect(line() == Array(#"{"tekst":"Graag een \"zebrapad\"\nbij de school. ✓","n":123}"#.utf8))
    }
}

/// A string mixing the characters a JSON writer can get wrong.
private func randomString(_ random: inout SeededGenerator) -> String {
    let length = Int.random(in: 0...40, using: &random)
    var scalars = String.UnicodeScalarView()
    for _ in 0..<length {
        let value: UInt32
        switch Int.random(in: 0..<10, using: &random) {
        case 0: value = UInt32.random(in: 0..<0x20, using: &random)
        case 1: value = [0x22, 0x5C, 0x2F, 0x7F].randomElement(using: &random) ?? 0x22
        case 2: value = [0x2028, 0x2029, 0x2027, 0x202A, 0x20AC].randomElement(using: &random) ?? 0x2028
        case 3: value = UInt32.random(in: 0x80...0x7FF, using: &random)
        case 4: value = UInt32.random(in: 0x800...0xD7FF, using: &random)
        case 5: value = UInt32.random(in: 0xE000...0xFFFF, using: &random)
        case 6: value = UInt32.random(in: 0x1_0000...0x10_FFFF, using: &random)
        default: value = UInt32.random(in: 0x20..<0x7F, using: &random)
        }
        if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
    }
    return String(scalars)
}
