import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// ``ReportJSONEncoder`` against its slow twin: `JSONEncoder` with the tool's options, then the
/// pass over its bytes that the tool made before (invisible and steering characters escaped).
@Suite("ReportJSONEncoder")
struct ReportJSONEncoderTests {
    /// What the tool printed before: `JSONEncoder`'s bytes, made safe, and a line feed.
    static func reference(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return made(safe: Array(try encoder.encode(value))) + [UInt8(ascii: "\n")]
    }

    /// Every scalar outside ASCII that ``ReportRenderer/isInvisibleOrSteering(_:)`` names,
    /// and DEL, as `\uXXXX` (UTF-16, lowercase hex); `JSONEncoder` leaves them raw.
    static func made(safe json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in String(decoding: json, as: UTF8.self).unicodeScalars {
            if scalar.value == 0x7F || (scalar.value >= 0x80 && ReportRenderer.isInvisibleOrSteering(scalar)) {
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    out += Array("\\u\(String(repeating: "0", count: 4 - hex.count))\(hex)".utf8)
                }
            } else {
                out += Array(String(scalar).utf8)
            }
        }
        return out
    }

    static func expectSame(_ value: some Encodable, _ comment: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
    {
        let expected = try reference(value)
        let actual = try ReportJSONEncoder().encode(value)
        guard actual != expected else { return }
        let at = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actual.count, expected.count)
        let context = { (bytes: [UInt8]) in String(decoding: bytes[max(0, at - 80)..<min(bytes.count, at + 80)], as: UTF8.self) }
        Issue.record(
            "\(comment.map { "\($0): " } ?? "")verschil bij byte \(at):\n--- ReportJSONEncoder\n\(context(actual))\n--- JSONEncoder\n\(context(expected))",
            sourceLocation: sourceLocation)
    }

    @Test("random values of every shape give the bytes JSONEncoder gives, made safe", arguments: 0..<6)
    func randomValues(block: Int) throws {
        for offset in 0..<60 {
            let seed = UInt64(20_261_207 + block * 60 + offset)
            var random = SeededGenerator(seed: seed)
            var tree = RandomTree.make(depth: 4, &random)
            // Nothing at the top is an error (tested apart); below the top it is an empty object.
            if case .nothing = tree { tree = .array([tree]) }
            try Self.expectSame(tree, "zaad \(seed)")
        }
    }

    @Test("handed out in chunks of any size, the bytes are the same", arguments: [1, 2, 7, 64, 1_000])
    func chunks(size: Int) throws {
        for seed in UInt64(1)...UInt64(40) {
            var random = SeededGenerator(seed: seed)
            // Arrays and objects at the top, so chunks are handed out while elements and members are written.
            let tree: RandomTree =
                seed % 2 == 0
                ? .array((0..<Int(random.next() % 30)).map { _ in RandomTree.make(depth: 3, &random) })
                : .object((0..<Int(random.next() % 30)).map { _ in (RandomTree.key(&random), RandomTree.make(depth: 3, &random)) })
            try Self.expectSame(tree, "zaad \(seed)")
            var pieces: [[UInt8]] = []
            try ReportJSONEncoder(chunkSize: size).encode(tree) { pieces.append(Array($0)) }
            #expect(pieces.joined().elementsEqual(try Self.reference(tree)), "zaad \(seed)")
            #expect(pieces.dropLast().allSatisfy { $0.count >= size }, "zaad \(seed): een stuk kleiner dan \(size) bytes vóór het laatste")
        }
    }

    @Test("objects of one shape, one after the other, each get their own key order")
    func sameShapes() throws {
        let ints = { (pairs: [(String, Int)]) in RandomTree.object(pairs.map { ($0.0, RandomTree.int($0.1)) }) }
        try Self.expectSame(
            RandomTree.array([
                ints([("b", 1), ("a", 2)]), ints([("a", 3), ("b", 4)]), ints([("b", 5), ("a", 6)]), ints([("b", 7), ("c", 8)]),
                ints([("a", 9), ("a", 10)]), ints([("b", 11), ("a", 12)]),
                .array([ints([("z", 1), ("y", 2)]), ints([("y", 3), ("z", 4)])]),
            ]))
    }

    @Test("every report the tool prints as JSON gives the same bytes")
    func reports() throws {
        let processes = try GriffieFixture.processes()
        try Self.expectSame(AuditFixture.report(), "audit")
        try Self.expectSame(AuditFixture.report(year: 2026), "audit per jaar")
        try Self.expectSame(ReactienotaReportTests().nota(), "reactienota")
        try Self.expectSame(ReactienotaReportTests().nota(names: true), "reactienota met namen")
        try Self.expectSame(RegisterReport(processes: processes, today: GriffieFixture.today), "register")
        try Self.expectSame(DeadlinesReport(processes: processes, today: GriffieFixture.today, within: 365), "termijnen")
        for (state, engine) in processes {
            try Self.expectSame(StatusReport(state: state, engine: engine, today: GriffieFixture.today), "status \(state.id)")
        }
    }

    @Test("texts with every kind of hostile character are escaped as before", arguments: HostileText.all)
    func hostile(text: HostileText) throws {
        try Self.expectSame(["tekst": text.text, text.text: "sleutel"], text.name)
        try Self.expectSame([text.text, text.marker], text.name)
    }

    @Test("what JSONEncoder refuses is refused: no value at the top, NaN, infinity")
    func refusals() throws {
        #expect(throws: EncodingError.self) { try ReportJSONEncoder().encode(RandomTree.nothing) }
        #expect(throws: EncodingError.self) { try Self.reference(RandomTree.nothing) }
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try ReportJSONEncoder().encode(["n": number]) }
            #expect(throws: EncodingError.self) { try Self.reference(["n": number]) }
        }
    }

    @Test("a nested container filled after its parent went on is refused, not written in the wrong place")
    func lateNestedContainer() throws {
        struct Late: Encodable {
            enum Keys: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedUnkeyedContainer(forKey: .a)
                try container.encode(1, forKey: .b)
                try nested.encode(2)
            }
        }
        #expect(throws: EncodingError.self) { try ReportJSONEncoder().encode(Late()) }
    }

    @Test("a second nested container for the same key is refused (JSONEncoder would add to the first)")
    func sameKeyNestedTwice() throws {
        #expect(throws: EncodingError.self) {
            try ReportJSONEncoder().encode(RandomTree.nestedArrays([("a", [.int(1)]), ("a", [.int(2)])]))
        }
        #expect(throws: EncodingError.self) {
            try ReportJSONEncoder().encode(RandomTree.nestedObjects([("a", [("x", .int(1))]), ("a", [("y", .int(2))])]))
        }
        // A plain value after a nested container for its key replaces it, as in JSONEncoder.
        try Self.expectSame(RandomTree.merged([], [("a", .int(1))]))
    }
}

/// A value of a random shape, encoded through every container call `JSONEncoder` supports.
indirect enum RandomTree: Encodable {
    case string(String), int(Int), double(Double), bool(Bool), null, date(Date), url(URL), data(Data), decimal(Decimal)
    case array([RandomTree])
    case object([(String, RandomTree)])
    /// Members whose values are filled through `nestedContainer(keyedBy:forKey:)`.
    case nestedObjects([(String, [(String, RandomTree)])])
    /// Members whose values are filled through `nestedUnkeyedContainer(forKey:)`.
    case nestedArrays([(String, [RandomTree])])
    /// Elements filled through `nestedContainer(keyedBy:)` and `nestedUnkeyedContainer()`.
    case arrayOfNested([[(String, RandomTree)]], [[RandomTree]])
    /// A member written through `superEncoder(forKey:)` or `superEncoder()`.
    case superMember(String?, RandomTree)
    /// Asks for the keyed container twice, as a wrapper that adds facts to a model does.
    case merged([(String, RandomTree)], [(String, RandomTree)])
    /// Encodes nothing: an empty object below the top.
    case nothing
    /// Through a single-value container.
    case single(RandomTree)
    /// `encodeIfPresent` of nothing, beside one member.
    case absent(String, RandomTree)

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value): try single(encoder, value)
        case .int(let value): try single(encoder, value)
        case .double(let value): try single(encoder, value)
        case .bool(let value): try single(encoder, value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .date(let value): try single(encoder, value)
        case .url(let value): try single(encoder, value)
        case .data(let value): try single(encoder, value)
        case .decimal(let value): try single(encoder, value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            try Self.members(members, into: encoder)
        case .merged(let first, let second):
            try Self.members(first, into: encoder)
            try Self.members(second, into: encoder)
        case .nestedObjects(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, inner) in members {
                var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key(key))
                for (innerKey, value) in inner { try nested.encode(value, forKey: Key(innerKey)) }
            }
        case .nestedArrays(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, values) in members {
                var nested = container.nestedUnkeyedContainer(forKey: Key(key))
                for value in values { try nested.encode(value) }
            }
        case .arrayOfNested(let objects, let arrays):
            var container = encoder.unkeyedContainer()
            for members in objects {
                var nested = container.nestedContainer(keyedBy: Key.self)
                for (key, value) in members { try nested.encode(value, forKey: Key(key)) }
            }
            for values in arrays {
                var nested = container.nestedUnkeyedContainer()
                for value in values { try nested.encode(value) }
            }
            try container.encode(true)
        case .superMember(let key, let value):
            var container = encoder.container(keyedBy: Key.self)
            try value.encode(to: key.map { container.superEncoder(forKey: Key($0)) } ?? container.superEncoder())
            try container.encode("na", forKey: Key("zz"))
        case .nothing:
            break
        case .single(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .absent(let key, let value):
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(String?.none, forKey: Key("weg"))
            try container.encode(value, forKey: Key(key))
        }
    }

    private func single(_ encoder: any Encoder, _ value: some Encodable) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static func members(_ members: [(String, RandomTree)], into encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in members { try container.encode(value, forKey: Key(key)) }
    }

    /// Keys that sort differently by bytes than by letters, case or number, twice the same, and escapes.
    static let keys = [
        "a", "A", "b", "B", "aa", "a1", "a10", "a2", "", "_x", "é", "e", "z", "Z", "\u{200F}k", "ij", "\"q", "a b", "10", "9",
    ]

    /// Pieces of text: plain, escaped by JSON, escaped for safety, and neither.
    static let pieces = [
        "a", "Zo", "é", "\"", "\\", "/", "\n", "\t", "\u{08}", "\u{0C}", "\r", "\u{01}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}",
        "\u{A0}", "\u{AD}", "\u{5FF}", "\u{600}", "\u{61C}", "\u{200B}", "\u{200F}", "\u{2028}", "\u{2029}", "\u{202E}",
        "\u{FEFF}", "\u{E0041}", "😀", "ĳ", " ", "€", "<b>", "&", "0",
    ]

    static let urls = ["https://example.org/a/b?c=d", "relatief/pad", "mailto:griffie@example.org"].compactMap(URL.init(string:))
    static let decimals = ["0", "1.5", "-12.345", "100000000000000000000.01"].compactMap { Decimal(string: $0) }

    static func key(_ random: inout SeededGenerator) -> String { keys[Int(random.next() % UInt64(keys.count))] }

    static func text(_ random: inout SeededGenerator) -> String {
        (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func make(depth: Int, _ random: inout SeededGenerator) -> RandomTree {
        let leaves = 10
        let choice = Int(random.next() % UInt64(depth > 0 ? leaves + 10 : leaves))
        func count() -> Int { Int(random.next() % 5) }
        func members() -> [(String, RandomTree)] { (0..<count()).map { _ in (key(&random), make(depth: depth - 1, &random)) } }
        func values() -> [RandomTree] { (0..<count()).map { _ in make(depth: depth - 1, &random) } }
        func distinctKeys() -> [String] { Array(Set((0..<count()).map { _ in key(&random) })).sorted() }
        switch choice {
        case 0: return .string(text(&random))
        case 1: return .int([0, 1, -1, 9, 10, 42, Int.min, Int.max][Int(random.next() % 8)])
        case 2: return .double([0, 1, -1, 0.5, 1e-7, 1e21, 123_456_789.125, 0.1, -0.0, Double.pi, 2.5e300][Int(random.next() % 11)])
        case 3: return .bool(random.next() % 2 == 0)
        case 4: return .null
        case 5: return .date(Date(timeIntervalSince1970: Double(random.next() % 2_000_000_000)))
        case 6: return .url(urls[Int(random.next() % UInt64(urls.count))])
        case 7: return .data(Data((0..<count()).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
        case 8: return .decimal(decimals[Int(random.next() % UInt64(decimals.count))])
        case 9: return .single(.string(text(&random)))
        case 10, 11: return .array(values())
        case 12, 13: return .object(members())
        // One nested container per key (a second would add to the first: refused, see below).
        case 14: return .nestedObjects(distinctKeys().map { ($0, members()) })
        case 15: return .nestedArrays(distinctKeys().map { ($0, values()) })
        case 16: return .arrayOfNested((0..<count()).map { _ in members() }, (0..<count()).map { _ in values() })
        case 17: return .superMember(random.next() % 2 == 0 ? key(&random) : nil, make(depth: depth - 1, &random))
        case 18: return .merged(members(), members())
        default:
            return random.next() % 2 == 0 ? .nothing : .absent(key(&random), make(depth: depth - 1, &random))
        }
    }
}
