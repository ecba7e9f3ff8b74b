import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to its end for a test and returns its exit code, standard output and
/// standard error apart: the one way the tests start a process.
///
/// Standard output and standard error are read at the same time, each on a thread of its
/// own, and standard input is written on a third. Reading one pipe to its end before the
/// other deadlocks as soon as the child fills the other one (64 KiB on Linux) and waits for
/// it to be read; writing all of standard input before reading deadlocks when the child
/// answers before it has read everything.
public enum ProcessRunner: Sendable {
    /// A child that did not end within its time limit. It was killed with SIGKILL.
    public struct TimedOut: Error, CustomStringConvertible, Sendable {
        public var command: [String]
        public var limit: Duration
        /// What the child wrote before it was killed, if the pipes closed after the kill.
        public var out: String?
        public var err: String?

        public var description: String {
            "\(command.joined(separator: " ")) was not done after \(limit) and was killed"
                + "\nstdout: \(out.map { String($0.suffix(2_000)) } ?? "(not closed)")"
                + "\nstderr: \(err.map { String($0.suffix(2_000)) } ?? "(not closed)")"
        }
    }

    /// Runs `executable` with `arguments` and waits until it has ended and closed both pipes.
    ///
    /// - Parameters:
    ///   - executable: The path of the program.
    ///   - arguments: Its arguments, without the program itself.
    ///   - environment: Its whole environment; `nil` passes on this process's environment.
    ///   - directory: Its working directory; `nil` keeps this process's one.
    ///   - stdin: Text for its standard input, closed afterwards; `nil` gives it `/dev/null`.
    ///   - timeout: How long it may take; after that it is killed and ``TimedOut`` is thrown.
    ///     `nil` waits as long as it takes.
    /// - Returns: The exit code (or the number of the signal that ended it), and standard
    ///   output and standard error, each read to its end, as UTF-8.
    public static func run(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil, directory: String? = nil,
        stdin: String? = nil, timeout: Duration? = nil
    ) throws -> (code: Int32, out: String, err: String) {
        _ = ignoringBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        let input = stdin.map { _ in Pipe() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input ?? FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let outText = Concurrently { String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        let errText = Concurrently { String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        if let input, let stdin {
            let writer = input.fileHandleForWriting
            // Not waited for: it ends when the child has read everything, closed its end or ended.
            _ = Concurrently {
                writeAll(Array(stdin.utf8), to: writer.fileDescriptor)
                try? writer.close()
            }
        }

        if let timeout {
            if exited.wait(timeout: .now() + .nanoseconds(nanoseconds(timeout))) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
                // The pipes close with the child, unless something it started keeps them open.
                let grace = DispatchTime.now() + .seconds(10)
                throw TimedOut(
                    command: [executable] + arguments, limit: timeout, out: outText.result(before: grace),
                    err: errText.result(before: grace))
            }
        } else {
            exited.wait()
        }
        process.waitUntilExit()
        return (process.terminationStatus, outText.result(), errText.result())
    }

    /// A write to a pipe whose reader has gone fails with EPIPE instead of ending this process.
    private static let ignoringBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Writes every byte, again after an interruption; stops when the reader has gone.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result > 0 {
                written += result
            } else if result < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
    }
}

/// Work on a thread of its own, whose result is waited for.
private final class Concurrently<Result: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result?>(nil)

    init(_ work: @escaping @Sendable () -> Result) {
        Thread.detachNewThread { [self] in
            let result = work()
            outcome.withLock { $0 = result }
            done.signal()
        }
    }

    /// Waits for the result.
    func result() -> Result {
        while true {
            if let result = outcome.withLock({ $0 }) { return result }
            done.wait()
            // Leave the semaphore signalled, so a later call does not wait for a second signal.
            done.signal()
        }
    }

    /// The result, if it comes before `deadline`.
    func result(before deadline: DispatchTime) -> Result? {
        guard done.wait(timeout: deadline) == .success else { return nil }
        done.signal()
        return outcome.withLock { $0 }
    }
}
