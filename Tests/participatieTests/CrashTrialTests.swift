import Foundation
import ParticipationKitTestSupport
import Testing

/// Runs the crash trials (with the small writer and with large commands of the real
/// `participatie`) and the concurrent writers of `participatie-trials` (see
/// `Sources/participatie-trials/WriterLoop.swift`) at a small size: real processes, a real
/// SIGKILL, the store checked afterwards. `.ci/crash-trials` and `.ci/concurrent-writers` run
/// the full size.
@Suite("Crash trials and concurrent writers", .serialized)
struct CrashTrialTests {
    /// The built `participatie-trials`, next to the test bundle in `.build/<config>/`.
    static var bench: URL {
        let url = Bundle.main.bundleURL
        for candidate in [url, url.deletingLastPathComponent()] {
            let binary = candidate.appendingPathComponent("participatie-trials")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return TestSupport.repositoryRoot().appendingPathComponent(".build/debug/participatie-trials")
    }

    static func run(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        try ProcessRunner.run(executable: bench.path, arguments: arguments)
    }

    @Test("24 writers killed with SIGKILL at seeded moments: every acknowledged command is there, none half, the chain verifies")
    func crashTrials() throws {
        let directory = TestSupport.temporaryDirectory("crash-trials")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.run(["crash-trials", "--trials", "24", "--seed", "7", "--per-store", "8", "--dir", directory])
        #expect(result.code == 0, "\(result.out)\n\(result.err)")
        #expect(result.out.hasPrefix("24/24 proeven schoon;"), "\(result.out)")
    }

    @Test("8 large commands of the real participatie killed with SIGKILL around their write: each wholly there or wholly absent")
    func bigCommandTrials() throws {
        let directory = TestSupport.temporaryDirectory("crash-trials-big")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.run([
            "crash-trials", "--commands", "big", "--trials", "8", "--seed", "1", "--max-rows", "300", "--dir", directory,
        ])
        #expect(result.code == 0, "\(result.out)\n\(result.err)")
        #expect(result.out.hasPrefix("8/8 proeven schoon;"), "\(result.out)")
    }

    @Test("2 and 4 writers × 200 commands on one store, on one process and each on its own: nothing lost or doubled, no gaps")
    func concurrentWriters() throws {
        let directory = TestSupport.temporaryDirectory("concurrent-writers")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.run([
            "concurrent-writers", "--writers", "2,4", "--commands", "200", "--layout", "same,own", "--dir", directory,
        ])
        #expect(result.code == 0, "\(result.out)\n\(result.err)")
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 5, "\(result.out)")
        #expect(lines.prefix(4).allSatisfy { $0.contains(": in orde — ") }, "\(result.out)")
        #expect(lines.last?.hasPrefix("alles in orde: 2.400 opdrachten") == true, "\(result.out)")
    }

    @Test("a writer acknowledges each command after it is written")
    func writer() throws {
        let directory = TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.run(["writer", "--store", directory, "--process", "P", "--count", "3", "--start-process", "--prefix", "x-"])
        #expect(result.code == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "ready 2", "the store's first line, then the process started")
        #expect(lines.filter { $0.hasPrefix("try ") }.count == 3)
        #expect(lines.filter { $0.hasPrefix("ack ") }.count == 3)
        #expect(lines.last == "done 3")
        let again = try Self.run(["writer", "--store", directory, "--process", "P", "--count", "0"])
        #expect(again.out == "ready \(lines.dropLast().last?.split(separator: " ")[2] ?? "?")\ndone 0\n")
    }
}
