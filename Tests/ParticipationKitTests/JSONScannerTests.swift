import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// The parser (workflows, plans, calendars) and the journal's reader share one scanner, so
/// they accept and refuse the same texts. They once disagreed: the journal took a key given
/// twice (keeping the last), and refused nesting beyond 64 where the parser allowed 200.
@Suite("JSONScanner: the parser and the journal's reader agree")
struct JSONScannerTests {
    /// Whether each reader accepts `text` (an object at the top).
    static func verdicts(_ text: [UInt8]) -> (parser: Bool, view: Bool) {
        let parser = (try? JSONParser.parse(text)) != nil
        let view = text.withUnsafeBufferPointer { buffer in
            (try? JSONObjectView(buffer, from: 0, to: buffer.count)) != nil
        }
        return (parser, view)
    }

    static let cases: [String] = [
        #"{"a":1}"#, #"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, #"{"a":{"b":1,"b":2}}"#, #"{"a":[{"b":1,"b":2}]}"#,
        #"{"a":01}"#, #"{"a":-0}"#, #"{"a":1.}"#, #"{"a":1e}"#, #"{"a":1E+5}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#,
        #"{"a":"\ud800"}"#, #"{"a":"\ud83d\ude00"}"#, "{\"a\":\"\u{1}\"}", #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":[1,2,]}"#,
        #"{"a":1,}"#, #"{"a" 1}"#, "{\"a\":\"\"}", #"{"":1,"":2}"#,
    ]

    @Test("named cases: duplicate keys, numbers, escapes, literals, commas")
    func namedCases() {
        for text in Self.cases {
            let (parser, view) = Self.verdicts(Array(text.utf8))
            #expect(parser == view, "\(text): parser \(parser), journaal \(view)")
        }
        #expect(Self.verdicts(Array(#"{"a":1,"a":2}"#.utf8)) == (false, false))
        #expect(Self.verdicts([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]) == (false, false), "ongeldige UTF-8")
    }

    @Test("nesting: both take 200 levels and refuse 201", arguments: [2, 63, 64, 65, 199, 200, 201, 300])
    func nesting(levels: Int) {
        // An object holding arrays: `levels` containers in all.
        let text = Array(("{\"a\":" + String(repeating: "[", count: levels - 1) + String(repeating: "]", count: levels - 1) + "}").utf8)
        let (parser, view) = Self.verdicts(text)
        #expect(parser == view, "\(levels) niveaus: parser \(parser), journaal \(view)")
        #expect(parser == (levels <= JSONScanner.maximumDepth))
    }

    @Test("seeded mutations of a journal-shaped object: both readers agree on every one")
    func mutations() {
        let base = Array(
            #"{"at":"2026-03-16T09:00:00+01:00","actor":{"role":"griffie","name":"A"},"type":"t","data":{"n":-12.5e3,"list":["x","\u00e9",true,null],"k":false}}"#
                .utf8)
        var random = SeededGenerator(seed: 0x15_0A_EE)
        let alphabet = Array(#"{}[]",:\u0123456789-+.eEtrfalsn "#.utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xFF]
        var disagreements: [String] = []
        for round in 0..<3_000 {
            var text = base
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0..<text.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text[position] = alphabet.randomElement(using: &random) ?? 0x20
                case 1: text.insert(alphabet.randomElement(using: &random) ?? 0x20, at: position)
                default: if text.count > 2 { text.remove(at: position) }
                }
            }
            guard text.first == UInt8(ascii: "{") else { continue }
            let (parser, view) = Self.verdicts(text)
            if parser != view {
                disagreements.append("ronde \(round): \(String(decoding: text, as: UTF8.self)) — parser \(parser), journaal \(view)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
    }
}
