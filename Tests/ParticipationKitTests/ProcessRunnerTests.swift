import Foundation
import ParticipationKitTestSupport
import Testing

/// The process runner of the end-to-end tests. A child that fills one pipe while the other is
/// read, or that answers before it has read its input, must not block the test; the time
/// limit makes a deadlock fail instead of hang.
@Suite("Process runner")
struct ProcessRunnerTests {
    static let limit = Duration.seconds(120)

    @Test("2 MB on standard error while standard output stays open: both arrive whole")
    func fullStandardError() throws {
        let result = try ProcessRunner.run(
            executable: "/bin/sh", arguments: ["-c", #"head -c 2000000 /dev/zero | tr "\0" x >&2; echo done"#], timeout: Self.limit)
        #expect(result.code == 0)
        #expect(result.out == "done\n")
        #expect(result.err.utf8.count == 2_000_000)
        #expect(result.err.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
    }

    @Test("2 MB on standard output, then standard error and an exit code")
    func fullStandardOutput() throws {
        let result = try ProcessRunner.run(
            executable: "/bin/sh", arguments: ["-c", #"head -c 2000000 /dev/zero | tr "\0" y; echo fout >&2; exit 3"#],
            timeout: Self.limit)
        #expect(result.code == 3)
        #expect(result.out.utf8.count == 2_000_000)
        #expect(result.err == "fout\n")
    }

    @Test("2 MB on standard input to a child that echoes it as it reads: nothing blocks, nothing is lost")
    func standardInputEchoed() throws {
        let text = String(repeating: "Meer bomen in de Groenestraat. ë\n", count: 60_000)
        let result = try ProcessRunner.run(executable: "/bin/cat", stdin: text, timeout: Self.limit)
        #expect(result.code == 0)
        #expect(result.out == text)
        #expect(result.err.isEmpty)
    }

    @Test("a child that ends without reading its input does not break the test")
    func standardInputNotRead() throws {
        let result = try ProcessRunner.run(
            executable: "/bin/sh", arguments: ["-c", "echo klaar"], stdin: String(repeating: "x", count: 1_000_000),
            timeout: Self.limit)
        #expect(result.code == 0)
        #expect(result.out == "klaar\n")
    }

    @Test("environment and working directory are the ones given")
    func environmentAndDirectory() throws {
        let directory = TestSupport.temporaryDirectory("runner")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ProcessRunner.run(
            executable: "/bin/sh", arguments: ["-c", #"echo "$NAAM"; pwd -P; echo "${HOME-geen}""#],
            environment: ["NAAM": "Zoë"], directory: directory, timeout: Self.limit)
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        #expect(result.out == "Zoë\n\(real)\ngeen\n")
    }

    @Test("a child that does not end in time is killed, and the runner says so")
    func timeout() throws {
        let error = try #require(throws: ProcessRunner.TimedOut.self) {
            try ProcessRunner.run(executable: "/bin/sleep", arguments: ["60"], timeout: .milliseconds(200))
        }
        #expect(error.command == ["/bin/sleep", "60"])
        #expect(error.out == "")
    }
}
