import Foundation
import Synchronization

/// Work on a second thread whose outcome is waited for, as often as needed. The one way the
/// package starts a thread: replaying a journal, reading a large snapshot and writing the
/// writers' details each use it.
final class BackgroundWork<Produced: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the worker, read by the waiter: behind a lock, so the read never races
    /// the write.
    private let outcome = Mutex<Produced?>(nil)

    /// Starts `work` on a thread of its own (1 MiB of stack: none of the work recurses deeply).
    init(_ work: @escaping @Sendable () -> Produced) {
        let thread = Thread { [self] in
            let result = work()
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits until the work is done and returns what it returned.
    func wait() -> Produced {
        while true {
            if let result = outcome.withLock({ $0 }) { return result }
            done.wait()
            // Leave the semaphore signalled, so a later call does not wait for a second signal.
            done.signal()
        }
    }
}
