import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A file written piece by piece (a long report with `--out`) goes to its temporary file as
/// the pieces come, and still appears whole or not at all.
@Suite struct AtomicFileTests {
    /// The names in `folder` other than `name`: the temporary files of a write under way.
    static func temporaries(_ folder: String, besides name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != name }
    }

    @Test func piecesGoToTheTemporaryFileAsTheyCome() throws {
        let folder = TestSupport.temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/rapport.txt"
        try AtomicFile.write(Array("oud\n".utf8), to: path)
        var sizesSeen: [UInt64] = []
        var expected: [UInt8] = []
        try AtomicFile.write(to: path) { write in
            for index in 0..<50 {
                let piece = Array(String(repeating: "regel \(index)\n", count: 1_000).utf8)
                piece.withUnsafeBytes { write($0) }
                expected += piece
                // While the write is under way: the old file is still whole, the temporary one grows.
                let names = Self.temporaries(folder, besides: "rapport.txt")
                sizesSeen.append(names.first.flatMap { FileIO.size(folder + "/" + $0) } ?? 0)
                #expect(FileManager.default.contents(atPath: path) == Data("oud\n".utf8))
            }
        }
        #expect(sizesSeen.last == UInt64(expected.count))
        #expect(sizesSeen == sizesSeen.sorted() && Set(sizesSeen).count == 50)
        #expect(FileManager.default.contents(atPath: path) == Data(expected))
        #expect(Self.temporaries(folder, besides: "rapport.txt").isEmpty)
    }

    @Test func aFailedWriteLeavesTheFileAsItWasAndNoTemporaryFile() throws {
        let folder = TestSupport.temporaryDirectory("atomic-fail")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/rapport.txt"
        try AtomicFile.write(Array("oud\n".utf8), to: path)
        AtomicFile.failingPaths.withLock { _ = $0.insert(path) }
        var produced = false
        #expect(throws: FileError.self) {
            try AtomicFile.write(to: path) { write in
                produced = true
                Array("nieuw\n".utf8).withUnsafeBytes { write($0) }
            }
        }
        #expect(!produced)
        #expect(FileManager.default.contents(atPath: path) == Data("oud\n".utf8))
        #expect(Self.temporaries(folder, besides: "rapport.txt").isEmpty)
    }

    @Test func aProducerThatFailsHalfwayLeavesTheFileAsItWasAndNoTemporaryFile() throws {
        let folder = TestSupport.temporaryDirectory("atomic-produce")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/rapport.json"
        try AtomicFile.write(Array("oud\n".utf8), to: path)
        #expect(throws: FileError("half af")) {
            try AtomicFile.write(to: path) { write throws(FileError) in
                Array("{\n  \"half\" : ".utf8).withUnsafeBytes { write($0) }
                throw FileError("half af")
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data("oud\n".utf8))
        #expect(Self.temporaries(folder, besides: "rapport.json").isEmpty)
    }
}
