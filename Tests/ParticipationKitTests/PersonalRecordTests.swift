import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// `personal.jsonl` is read with a one-pass reader for the lines the store writes and the
/// general JSON reader for anything else; both must give the same record.
@Suite struct PersonalRecordTests {
    static func read(_ line: [UInt8], fast: Bool) -> PersonalRecord? {
        line.withUnsafeBufferPointer { buffer in
            fast
                ? PersonalRecord.writtenShape(buffer, from: 0, to: buffer.count)
                : PersonalRecord.anyShape(buffer, from: 0, to: buffer.count)
        }
    }

    @Test func everyWrittenRecordReadsTheSameBothWays() {
        var random = SeededGenerator(seed: 0xD1_7A)
        let pieces = ["Jansen", "A. de Vries-\"Smit\"", "straat 1\\2", "é ŋ 🙂", "\u{1}\n\t", "a@example.nl", "", " "]
        func maybe() -> String? {
            Int.random(in: 0..<3, using: &random) == 0 ? nil : pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
        for index in 0..<400 {
            let record = PersonalRecord(
                process: "P\(index % 3)", input: "R-\(index)", salt: "00ff\(index)",
                details: PersonalDetails(name: maybe(), address: maybe(), email: maybe(), phone: maybe()), digest: "d\(index)")
            var writer = JSONWriter()
            record.write(to: &writer)
            let line = Array(writer.bytes.dropLast())  // without the newline
            let fast = Self.read(line, fast: true)
            #expect(fast != nil)
            #expect(fast == Self.read(line, fast: false))
            #expect(fast == record)
        }
    }

    /// The in-place reader (digest, input and process as bytes) reads every written line as
    /// the one-pass reader does, and leaves the lines with escapes or other characters in
    /// those three to it.
    @Test func theInPlaceReaderAgreesWithTheOnePassReader() {
        var random = SeededGenerator(seed: 0x1A_9E)
        let names = ["Jansen", "A. de Vries-\"Smit\"", "é ŋ 🙂", "\u{1}\n", ""]
        let places = ["P", "R-1", "proces-é", "a\"b", "a\\b", "K", "\u{212A}", "", "tab\t"]
        for index in 0..<600 {
            let record = PersonalRecord(
                process: places[Int.random(in: 0..<places.count, using: &random)], input: places[index % places.count],
                salt: names[index % names.count], details: PersonalDetails(name: names[Int.random(in: 0..<names.count, using: &random)]),
                digest: index % 4 == 0 ? "d\"é" : String(repeating: "ab", count: 32))
            var writer = JSONWriter()
            record.write(to: &writer)
            let line = Array(writer.bytes.dropLast())
            line.withUnsafeBufferPointer { buffer in
                let plain = [record.process, record.input, record.digest].allSatisfy {
                    $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }
                }
                guard let read = PersonalLine(buffer) else {
                    #expect(!plain, "regel \(index) is niet in plaats gelezen")
                    return
                }
                #expect(plain)
                #expect(String(decoding: read.process, as: UTF8.self) == record.process)
                #expect(String(decoding: read.input, as: UTF8.self) == record.input)
                #expect(String(decoding: read.digest, as: UTF8.self) == record.digest)
                #expect(read.details == record.details)
            }
        }
        for shape in [
            #"{"salt":"s","process":"P","input":"R-1","digest":"d","details":{"name":"Jansen"}}"#, #"{"details":{},"digest":"d"}"#,
        ] {
            #expect(Array(shape.utf8).withUnsafeBufferPointer { PersonalLine($0) } == nil)
        }
    }

    /// Ids compare as Swift compares strings, also when one side is bytes read in place.
    @Test func bytesReadInPlaceCompareAsStrings() {
        func equal(_ text: String, _ ascii: String) -> Bool {
            Array(ascii.utf8).withUnsafeBufferPointer { UTF8Text.equals(text, $0) }
        }
        #expect(equal("R-0001", "R-0001"))
        #expect(!equal("R-0001", "R-0002"))
        #expect(!equal("R-0001", "R-000"))
        #expect(equal("\u{212A}", "K"))  // the Kelvin sign is canonically a K
        #expect(!equal("é", "e"))
    }

    @Test func anotherShapeIsLeftToTheGeneralReader() throws {
        let line = Array(#"{"salt":"s","process":"P","input":"R-1","digest":"d","details":{"name":"Jansen"}}"#.utf8)
        #expect(Self.read(line, fast: true) == nil)
        let record = try #require(Self.read(line, fast: false))
        #expect(record.details.name == "Jansen" && record.input == "R-1")
        let spaced = Array(#"{ "details":{"name":"Jansen"},"digest":"d","input":"R-1","process":"P","salt":"s"}"#.utf8)
        #expect(Self.read(spaced, fast: true) == nil)
        #expect(Self.read(spaced, fast: false)?.details.name == "Jansen")
    }

    @Test func aFileReadInSmallBlocksGivesEveryRecordOnce() throws {
        var writer = JSONWriter()
        for index in 0..<300 {
            PersonalRecord(
                process: "P", input: "R-\(index)", salt: "s\(index)", details: PersonalDetails(name: "Naam é \(index)"), digest: "d"
            ).write(to: &writer)
            if index == 150 { writer.appendRaw("{\"half\n") }  // a line cut off by a crash is skipped
        }
        writer.appendRaw(#"{"details":{},"digest":"d","input":"laatste","process":"P","salt":"s"}"#)  // no final newline
        let path = TestSupport.temporaryDirectory("personal") + "/personal.jsonl"
        try Data(writer.bytes).write(to: URL(fileURLWithPath: path))
        var whole: [PersonalRecord] = []
        PersonalRecord.forEachRecord(in: writer.bytes) { whole.append($0) }
        #expect(whole.count == 301)
        for blockSize in [1, 7, 64, 4_096, 1 << 20] {
            var streamed: [PersonalRecord] = []
            try PersonalRecord.forEachRecord(inFile: path, blockSize: blockSize) { streamed.append($0) }
            #expect(streamed == whole)
            // Read in place: the same lines, the same places and details.
            var entries: [String] = []
            try PersonalRecord.forEachEntry(inFile: path, blockSize: blockSize) { entry in
                switch entry {
                case .line(let line)?: entries.append("\(String(decoding: line.input, as: UTF8.self)) \(line.details.name ?? "-")")
                case .record(let record)?: entries.append("\(record.input) \(record.details.name ?? "-")")
                case nil: break
                }
            }
            #expect(entries == whole.map { "\($0.input) \($0.details.name ?? "-")" })
        }
    }
}
