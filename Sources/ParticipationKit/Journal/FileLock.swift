import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock on a file (`flock`): exclusive for a writer, one at a time across
/// processes; shared for readers, who then never see a command half written.
///
/// The lock file itself holds nothing; it exists only to be locked.
final class FileLock {
    let path: String
    /// `-1` when a reader could not open the lock file (a store it may only read, made
    /// before the file existed): it then reads without a lock.
    private let descriptor: Int32
    private let shared: Bool

    /// Opens (or, for a writer, creates) the lock file. Does not lock yet.
    init(path: String, shared: Bool = false) throws(JournalError) {
        self.path = path
        self.shared = shared
        if shared {
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            return
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .io("Kan het slot \(path) niet openen: \(FileIO.lastError())") }
        descriptor = fd
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Runs `body` while holding the lock; waits for another holder to let go.
    func withExclusiveLock<T>(_ body: () throws -> T) throws -> T {
        guard descriptor >= 0 else { return try body() }
        while flock(descriptor, shared ? LOCK_SH : LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw JournalError.io("Kan het slot \(path) niet krijgen: \(FileIO.lastError())")
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body()
    }
}
