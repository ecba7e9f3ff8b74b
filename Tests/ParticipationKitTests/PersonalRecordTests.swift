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
        }
    }
}
