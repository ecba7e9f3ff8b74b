import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

#if canImport(Glibc)
    import Glibc
#endif

/// A file of `count` bytes that differ from their neighbours, open for reading; closed and
/// removed when released.
final class PatternFile {
    let fd: Int32
    let bytes: [UInt8]
    private let folder = TestSupport.temporaryDirectory("read-pattern")

    init(count: Int) throws {
        bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        let path = folder + "/bestand.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        fd = open(path, O_RDONLY)
        try #require(fd >= 0)
    }

    deinit {
        close(fd)
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// `FileIO.readFully`: every byte asked for, wherever the buffer starts and however the
/// system hands them out, and after the first read every read lands on a cache line.
@Suite struct FileReadTests {
    @Test func theFirstReadEndsOnACacheLineOrTakesEverything() {
        for misalignment in 0..<64 {
            for count in [0, 1, 15, 16, 47, 48, 63, 64, 65, 1_000, 1 << 20] {
                let address = UInt(4096 + misalignment)
                let first = FileIO.firstReadLength(at: address, count: count)
                #expect((0...count).contains(first))
                #expect(count == 0 || first > 0, "a read that asks for nothing never ends")
                if misalignment == 0 {
                    #expect(first == count, "an aligned buffer is read in one go")
                } else {
                    #expect(first == min(64 - misalignment, count))
                    #expect(first == count || (address + UInt(first)) % 64 == 0)
                }
            }
        }
    }

    @Test func everyByteArrivesWhereverTheBufferStartsAndWhereverTheFileIsRead() throws {
        let file = try PatternFile(count: 10_000)
        defer { withExtendedLifetime(file) {} }
        let (fd, bytes) = (file.fd, file.bytes)
        let capacity = 20_000 + 128
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        for misalignment in 0..<64 {
            for offset in [0, 1, 63, 4095, 9_990, 10_000, 12_000] {
                for count in [0, 1, 63, 64, 65, 5_000, 20_000] {
                    buffer.initializeMemory(as: UInt8.self, repeating: 0xEE)
                    let target = buffer.baseAddress! + misalignment
                    let expected = Array(bytes[min(offset, bytes.count)..<min(offset + count, bytes.count)])
                    let read = FileIO.readFully(fd, into: target, count: count, at: offset)
                    #expect(read == .success(expected.count))
                    let got = Array(UnsafeRawBufferPointer(start: target, count: expected.count))
                    #expect(got == expected, "misalignment \(misalignment), offset \(offset), count \(count)")
                    // Nothing just before or after what was read is touched.
                    let end = misalignment + expected.count
                    #expect(buffer[..<misalignment].allSatisfy { $0 == 0xEE })
                    #expect(buffer[end..<min(end + 64, capacity)].allSatisfy { $0 == 0xEE })
                }
            }
        }
    }

    /// A system that hands out a few bytes at a time, or is interrupted, still gives every
    /// byte; every read after the first starts on a cache line when the ones before were whole.
    @Test func shortAndInterruptedReadsAreReadOnAndLaterReadsStartOnACacheLine() throws {
        let file = try PatternFile(count: 5_000)
        defer { withExtendedLifetime(file) {} }
        let (fd, bytes) = (file.fd, file.bytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 5_000 + 64, alignment: 64)
        defer { buffer.deallocate() }
        for misalignment in [0, 1, 16, 48, 63] {
            for limit in [1, 7, 64, 1_000, Int.max] {
                let target = buffer.baseAddress! + misalignment
                var calls: [(address: UInt, asked: Int)] = []
                var interrupted = false
                let read = FileIO.readFully(fd, into: target, count: bytes.count, at: 0) { fd, address, asked, offset in
                    calls.append((UInt(bitPattern: address), asked))
                    // Every third call is interrupted once before it reads.
                    if calls.count % 3 == 0, !interrupted {
                        interrupted = true
                        errno = EINTR
                        return -1
                    }
                    interrupted = false
                    return pread(fd, address, min(asked, limit), offset)
                }
                #expect(read == .success(bytes.count))
                #expect(Array(UnsafeRawBufferPointer(start: target, count: bytes.count)) == bytes)
                let first = FileIO.firstReadLength(at: UInt(bitPattern: target), count: bytes.count)
                #expect(calls.first?.asked == first)
                // However little each read gives, none asks past the first cache line before it is reached.
                let boundary = UInt(bitPattern: target) + UInt(first)
                #expect(calls.allSatisfy { $0.address >= boundary || $0.address + UInt($0.asked) <= boundary })
                if limit == Int.max, misalignment != 0 {
                    // One read up to the cache line, then (after any interruption) the rest from it.
                    #expect(calls.dropFirst().allSatisfy { $0.address % 64 == 0 && $0.asked == bytes.count - first })
                }
            }
        }
    }

    @Test func aFailedReadGivesItsErrorAndReadingAFolderThrows() throws {
        let folder = TestSupport.temporaryDirectory("read-fail")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fd = open(folder, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0)
        defer { close(fd) }
        var byte: UInt8 = 0
        #expect(FileIO.readFully(fd, into: &byte, count: 1, at: 0) == .failure(FileIO.ReadFailure(code: EISDIR)))
        #expect(throws: FileError.self) { try FileIO.read(fd, at: 0, count: 10, path: folder) }
        // Any other failure is handed back at once, not retried.
        var calls = 0
        let failed = FileIO.readFully(fd, into: &byte, count: 1, at: 0) { _, _, _, _ in
            calls += 1
            errno = EIO
            return -1
        }
        #expect(failed == .failure(FileIO.ReadFailure(code: EIO)) && calls == 1)
    }
}

/// `FileIO.countLines`: a last line without a newline counts, blocks of a megabyte split lines.
@Suite struct CountLinesTests {
    @Test func everyLineCountsAlsoALastOneWithoutANewlineAndAcrossBlocks() throws {
        let folder = TestSupport.temporaryDirectory("count-lines")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let long = (0..<50_000).map { "regel \($0) " + String(repeating: "x", count: $0 % 70) }.joined(separator: "\n")
        #expect(long.utf8.count > 2 << 20, "the file spans three blocks")
        for (text, lines) in [
            ("", 0), ("a", 1), ("a\n", 1), ("\n", 1), ("a\nb", 2), ("a\n\nb\n", 3), (long, 50_000), (long + "\n", 50_000),
        ] {
            let path = folder + "/regels.txt"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(FileIO.countLines(path) == lines, "\(text.utf8.count) bytes")
        }
        #expect(FileIO.countLines(folder + "/bestaat-niet") == nil)
        #expect(FileIO.countLines(folder) == nil, "a folder cannot be read")
    }
}

/// A snapshot region's checksum read from the file (one piece at a time, a large region in two
/// halves on two threads) is the checksum of its bytes held whole.
@Suite struct RegionChecksumTests {
    @Test func readFromTheFileItIsTheChecksumOfTheBytesWhateverTheLengthAndPlace() throws {
        let piece = Snapshot.checksumPiece
        let largest = (Snapshot.parallelPieces + 1) * piece + 7
        let file = try PatternFile(count: largest + 13)
        defer { withExtendedLifetime(file) {} }
        let (fd, bytes) = (file.fd, file.bytes)
        let lengths = [
            0, 1, piece - 1, piece, piece + 1, 3 * piece + 5, (Snapshot.parallelPieces - 1) * piece + 1,
            Snapshot.parallelPieces * piece, largest,
        ]
        for offset in [0, 13] {
            for length in lengths {
                let expected = bytes.withUnsafeBytes {
                    Snapshot.regionChecksum(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + length]))
                }
                #expect(
                    Snapshot.regionChecksum(descriptor: fd, offset: offset, length: length) == expected,
                    "offset \(offset), length \(length)")
            }
        }
        // A region that runs past the end of the file, in either half, cannot be checked.
        #expect(Snapshot.regionChecksum(descriptor: fd, offset: 14, length: largest) == nil)
        #expect(Snapshot.regionChecksum(descriptor: fd, offset: bytes.count - 5, length: 6) == nil)
    }
}
