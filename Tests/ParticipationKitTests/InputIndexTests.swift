import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// The table that finds an input by id: every id found at its position, nothing else
/// found, through growth and with ids of any length and script.
@Suite struct InputIndexTests {
    static func record(_ id: String) -> InputRecord {
        InputRecord(
            id: InputID(id), kind: "k", text: "", received: TestSupport.day("2026-01-01"), registeredAt: Date(timeIntervalSince1970: 0),
            registeredBy: ActorIdentity(role: "r"), channel: nil, theme: nil, publicName: nil, personalDigest: nil, stateAtReceipt: "s",
            late: false, outOfScope: false, needsFeedback: true, answerDue: nil, withdrawal: nil, feedback: [], sentOn: nil)
    }

    @Test func findsEveryIdAtItsPositionThroughGrowth() {
        var random = SeededGenerator(seed: 0x1D_E7)
        var ids: [String] = []
        var seen = Set<String>()
        while ids.count < 5_000 {
            let length = Int.random(in: 0...40, using: &random)
            let alphabet = Array("abcXYZ019-_éŋ🙂 ")
            let id = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
            if seen.insert(id).inserted { ids.append(id) }
        }
        var inputs: [InputRecord] = []
        var index = InputIndex()
        for id in ids {
            index.insert(inputs.count, for: InputID(id))
            inputs.append(Self.record(id))
            #expect(index.covers(inputs))
        }
        for (position, id) in ids.enumerated() {
            #expect(index.position(of: InputID(id), in: inputs) == position)
        }
        for missing in ["nope", "a" + ids[0], String(ids[1].dropLast()) + "#", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"] where !seen.contains(missing) {
            #expect(index.position(of: InputID(missing), in: inputs) == nil)
        }
        let rebuilt = InputIndex(inputs)
        #expect(ids.indices.allSatisfy { rebuilt.position(of: InputID(ids[$0]), in: inputs) == $0 })
        // An id given as ASCII bytes (as personal.jsonl holds it) is found the same way.
        for (position, id) in ids.enumerated() where id.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(Array(id.utf8).withUnsafeBufferPointer { index.position(ofASCII: $0, in: inputs) } == position)
        }
        #expect(Array("nope-#".utf8).withUnsafeBufferPointer { index.position(ofASCII: $0, in: inputs) } == nil)
    }

    /// Bytes compare as the id's string does: the Kelvin sign is canonically a `K`.
    @Test func anIdGivenAsASCIIBytesIsFoundAsItsString() {
        let inputs = ["R-1", "\u{212A}", "lang-id-van-meer-dan-acht-bytes", "é"].map(Self.record)
        let index = InputIndex(inputs)
        for (ascii, expected) in [("R-1", 0), ("K", 1), ("lang-id-van-meer-dan-acht-bytes", 2), ("R-2", nil), ("", nil)] as [(String, Int?)]
        {
            #expect(Array(ascii.utf8).withUnsafeBufferPointer { index.position(ofASCII: $0, in: inputs) } == expected)
            #expect(index.position(of: InputID(ascii), in: inputs) == expected)
        }
    }

    @Test func aStateDecodedWithCodableFindsItsInputsAndKeepsGrowing() throws {
        let engine = ProcessEngine(definition: try TestSupport.shipped("inspraak"))
        var state: ProcessState?
        let actor = ActorIdentity(role: "projectleider")
        let at = TestSupport.instant("2026-03-16T09:00:00+01:00")
        for command: Command in [
            .start(StartProcess(id: "P", title: "T", attributes: ["impact": "laag"], definitionHash: "h")),
            .attachDocument(kind: "ontwerp", reference: "Z"), .advance("terInzageLeggen", reason: nil),
            .addInputs((0..<20).map { NewInput(id: InputID("i\($0)"), kind: "inspraakreactie", text: "Reactie \($0)") }),
        ] {
            let events = try engine.decide(command, in: state, process: "P", at: at, by: actor).get()
            for payload in events { engine.apply(Event(at: at, actor: actor, process: "P", payload: payload), to: &state) }
        }
        let original = try #require(state)
        var decoded = try JSONDecoder().decode(ProcessState.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
        #expect(decoded.input("i7")?.text == "Reactie 7")
        #expect(decoded.hasInput("i19") && !decoded.hasInput("i20"))
        let events = try engine.decide(
            .addInputs([NewInput(id: "i20", kind: "inspraakreactie", text: "Nog een")]), in: decoded, process: "P", at: at, by: actor
        ).get()
        var optional: ProcessState? = decoded
        for payload in events { engine.apply(Event(at: at, actor: actor, process: "P", payload: payload), to: &optional) }
        decoded = try #require(optional)
        #expect(decoded.input("i20")?.text == "Nog een")
        #expect(decoded.input("i3")?.text == "Reactie 3")
        // The copy that was decoded before the change shares its first look-up's index with
        // nobody who changed: each finds its own inputs, and only those.
        let before = try JSONDecoder().decode(ProcessState.self, from: JSONEncoder().encode(original))
        var copy = before
        #expect(copy.hasInput("i5"))
        copy.appendInput(InputIndexTests.record("nieuw"))
        #expect(copy.hasInput("nieuw") && copy.hasInput("i19"))
        #expect(!before.hasInput("nieuw") && before.hasInput("i19"))
        // A state whose inputs are set at once (as from a snapshot) finds them on its first look-up.
        var replaced = before
        replaced.replaceInputs((0..<500).map { InputIndexTests.record("r\($0)") })
        #expect(replaced.position(of: "r499") == 499 && replaced.position(of: "i1") == nil)
        #expect(before.position(of: "i1") == 1 && before.position(of: "r1") == nil)
    }
}

/// Ids compare by canonical equivalence, as Swift strings do; the index must agree, or a
/// kenmerk written with a combining accent is one kenmerk within a command and two across
/// commands (found by the store trials).
@Suite("InputIndex and canonically equal kenmerken")
struct InputIndexCanonicalTests {
    @Test("a kenmerk with a combining accent finds the same input as its composed form")
    func canonicallyEqual() throws {
        let composed = InputID("kenmerk-\u{E9}")
        let decomposed = InputID("kenmerk-e\u{301}")
        #expect(composed == decomposed)
        #expect(InputIndex.hash(composed) == InputIndex.hash(decomposed))
        let projectleider = ActorIdentity(role: "projectleider")
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: TestSupport.instant("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "laag"])
        let now = TestSupport.instant("2026-03-14T10:00:00+01:00")
        #expect(harness.run(.addInput(NewInput(id: composed, kind: "inspraakreactie", text: "a")), at: now, by: projectleider).isSuccess)
        let again = harness.run(.addInput(NewInput(id: decomposed, kind: "inspraakreactie", text: "b")), at: now, by: projectleider)
        #expect(again.refusal?.reasons.map(\.code) == [.duplicateInput])
        #expect(harness.state?.position(of: decomposed) == 0)
    }
}
