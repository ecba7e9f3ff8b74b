import Foundation

/// Work on a second thread whose outcome is waited for, as often as needed. The one way the
/// package starts a thread: replaying a journal, reading a large snapshot and writing the
/// writers' details each use it.
final class BackgroundWork<Outcome: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Outcome?

    /// Starts `work` on a thread of its own (1 MiB of stack: none of the work recurses deeply).
    init(_ work: @escaping @Sendable () -> Outcome) {
        let thread = Thread { [self] in
            outcome = work()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits until the work is done and returns what it returned.
    func wait() -> Outcome {
        if let outcome { return outcome }
        done.wait()
        return outcome!
    }
}
