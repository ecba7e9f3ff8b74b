import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file could not be read or written: the message names the file and the reason, in Dutch.
package struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}

/// Writing a whole file so that a reader sees either the old or the new contents, never a
/// mix: a temporary file in the same folder, fsync, rename, fsync of the folder.
///
/// The temporary file has a name of its own (`mkstemp`), so two writers of the same file,
/// also two store instances in one process, never write into each other's.
package enum AtomicFile {
    /// Paths whose next atomic write fails, as a full disk would make it: for tests of what a
    /// failed rewrite leaves behind (temporary names are unpredictable, so nothing else can
    /// stand in the way of one).
    package static let failingPaths = Mutex<Set<String>>([])

    /// Replaces `path` with `bytes`; `mode` is the permission of the new file, whatever the
    /// umask (private by default: the store's files hold citizens' texts).
    ///
    /// The temporary file is locked while it is written, so ``removeLeftovers(in:)`` can tell
    /// one that a live writer is still working on from one that a crash left behind.
    package static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(FileError) {
        try write(to: path, mode: mode) { write in bytes.withUnsafeBytes { write($0) } }
    }

    /// Replaces `path` with the bytes `produce` hands to the function it is given, piece by
    /// piece, as ``write(_:to:mode:)`` does with bytes held whole: a report of a hundred
    /// megabytes is written without being kept in memory. After a failed write the later
    /// pieces are dropped, the temporary file is removed and `path` is left as it was; so
    /// too when `produce` throws (it could not make the rest).
    package static func write(
        to path: String, mode: mode_t = 0o600, _ produce: ((UnsafeRawBufferPointer) -> Void) throws(FileError) -> Void
    ) throws(FileError) {
        if failingPaths.withLock({ $0.remove(path) != nil }) {
            throw FileError("Kan \(path) niet schrijven: geen ruimte meer op het apparaat (nagebootst)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let (fd, temporary) = try lockedTemporaryFile(in: folder.isEmpty ? "." : folder, for: name)
        _ = fchmod(fd, mode)
        // The lock is held until the rename: a cleaner never takes a file that is being written.
        defer { close(fd) }
        do throws(FileError) {
            var failure: FileError?
            try produce { piece in
                guard failure == nil else { return }
                do throws(FileError) { try FileIO.writeAll(fd, piece, path: temporary) } catch { failure = error }
            }
            if let failure { throw failure }
            guard fsync(fd) == 0 else { throw FileError("fsync van \(temporary) mislukt: \(FileIO.lastError())") }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let message = FileIO.lastError()
            unlink(temporary)
            throw FileError("Kan \(path) niet vervangen: \(message)")
        }
        FileIO.syncDirectory(folder.isEmpty ? "." : folder)
    }

    /// Writes `bytes` to `path` only if nothing is there yet, whole or not at all: the file is
    /// written and synced under a temporary name, then given its name with `link(2)`, which
    /// fails when the name is taken, so an existing file is never replaced, also not by a
    /// writer that comes in between. On a file system without hard links, `O_EXCL` creates it
    /// instead (a crash may then leave part of the file).
    ///
    /// - Returns: `false`, writing nothing, when `path` already exists (also as a dangling
    ///   symbolic link).
    package static func create(_ bytes: [UInt8], at path: String, mode: mode_t = 0o600) throws(FileError) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let (fd, temporary) = try lockedTemporaryFile(in: folder.isEmpty ? "." : folder, for: name)
        _ = fchmod(fd, mode)
        defer {
            close(fd)
            unlink(temporary)
        }
        try FileIO.writeAll(fd, bytes, path: temporary)
        guard fsync(fd) == 0 else { throw FileError("fsync van \(temporary) mislukt: \(FileIO.lastError())") }
        if link(temporary, path) == 0 {
            FileIO.syncDirectory(folder.isEmpty ? "." : folder)
            return true
        }
        if errno == EEXIST { return false }
        guard errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == EMLINK else {
            throw FileError("Kan \(path) niet aanmaken: \(FileIO.lastError())")
        }
        let target = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        if target < 0 {
            if errno == EEXIST { return false }
            throw FileError("Kan \(path) niet aanmaken: \(FileIO.lastError())")
        }
        defer { close(target) }
        do throws(FileError) {
            try FileIO.writeAll(target, bytes, path: path)
            guard fsync(target) == 0 else { throw FileError("fsync van \(path) mislukt: \(FileIO.lastError())") }
        } catch {
            unlink(path)
            throw error
        }
        return true
    }

    /// A new temporary file `.NAME.tmp-XXXXXX` in `folder`, open and locked. Between creating
    /// and locking it, ``removeLeftovers(in:)`` may have taken it for a crash's leftover; then
    /// the name no longer leads to this file and another one is made.
    private static func lockedTemporaryFile(in folder: String, for name: String) throws(FileError) -> (Int32, String) {
        for _ in 0..<100 {
            var template = Array((folder + "/.\(name).tmp-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
                guard let base = buffer.baseAddress else { return -1 }
                return mkstemp(base)
            }
            let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard fd >= 0 else { throw FileError("Kan \(temporary) niet aanmaken: \(FileIO.lastError())") }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            while flock(fd, LOCK_EX) != 0, errno == EINTR {}
            var opened = stat()
            var named = stat()
            if fstat(fd, &opened) == 0, lstat(temporary, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                return (fd, temporary)
            }
            close(fd)
        }
        throw FileError("Kan geen tijdelijk bestand voor \(name) aanmaken in \(folder): het wordt steeds weggehaald.")
    }

    /// Whether `name` is a temporary file of ``write(_:to:mode:)``: `.NAME.tmp-XXXXXX`.
    static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards) else { return false }
        return name[range.upperBound...].utf8.count == 6
    }

    /// Removes the temporary files that writes in `folder` left behind when they were
    /// interrupted (a crash, a full disk). A file that a live writer still holds locked is
    /// left alone. Returns the names removed.
    @discardableResult
    static func removeLeftovers(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where isTemporary(name) {
            let path = folder + "/" + name
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            if fd < 0 {
                // A symlink or something else that is no regular file of ours: remove the name only.
                if errno == ELOOP, unlink(path) == 0 { removed.append(name) }
                continue
            }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        if !removed.isEmpty { FileIO.syncDirectory(folder) }
        return removed
    }
}

/// Small wrappers around the system calls the journal needs.
enum FileIO {
    /// `open(2)`, named apart so types with an `open` of their own can call it.
    static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) -> Int32 { open(path, flags, mode) }

    /// The text of `errno`.
    static func lastError() -> String { String(cString: strerror(errno)) }

    /// Writes every byte, retrying after a partial write or an interrupt.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileError) { try writeAll(fd, buffer, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes all of `bytes` to `fd`, retrying after a partial write or an interruption.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = write(fd, base + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw FileError("Kan niet schrijven naar \(path): \(lastError())")
            }
            written += result
        }
    }

    /// Reads a file from `offset` to its end.
    static func read(_ path: String, from offset: UInt64 = 0) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw FileError("Kan \(path) niet openen: \(lastError())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError("Kan \(path) niet lezen: \(lastError())") }
        let size = UInt64(info.st_size)
        guard size > offset else { return [] }
        return try read(fd, at: offset, count: Int(size - offset), path: path)
    }

    /// Up to `count` bytes of the open file `fd` from `offset`: fewer only at the end of the file.
    /// Read straight into the array's memory, without first filling it with zeros.
    static func read(_ fd: Int32, at offset: UInt64, count: Int, path: String) throws(FileError) -> [UInt8] {
        var failure: ReadFailure?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            switch readFully(fd, into: base, count: count, at: Int(offset)) {
            case .success(let done): initialized = done
            case .failure(let error):
                failure = error
                initialized = 0
            }
        }
        if let failure { throw FileError("Kan \(path) niet lezen: \(failure)") }
        return bytes
    }

    /// The `errno` of a read that failed; its description is the system's text for it.
    struct ReadFailure: Error, Equatable, CustomStringConvertible {
        var code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    /// Reads the open file `fd` from `offset` into `target` until `count` bytes are in or the
    /// file ends: the number read, fewer than `count` only at the end of the file.
    ///
    /// The first read stops where the rest of `target` starts on a cache line
    /// (``firstReadLength(at:count:)``): some processors copy into an address off a cache line
    /// far more slowly. A buffer of a megabyte or more comes from `mmap`, 16 bytes past a page
    /// boundary (an array's bytes 48 past it); on this project's machines the kernel copied
    /// 58 MB from the page cache to 16 bytes past a cache line in 8–11 ms, to 48 past in 6 ms,
    /// and onto one in 4 ms.
    ///
    /// - Parameter read: `pread(2)`, or for tests a stand-in that reads less or is interrupted.
    static func readFully(
        _ fd: Int32, into target: UnsafeMutableRawPointer, count: Int, at offset: Int,
        read: (Int32, UnsafeMutableRawPointer, Int, off_t) -> Int = { pread($0, $1, $2, $3) }
    ) -> Result<Int, ReadFailure> {
        var done = 0
        var step = firstReadLength(at: UInt(bitPattern: target), count: count)
        while done < count {
            let result = read(fd, target + done, step - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(code: errno))
            }
            if result == 0 { break }
            done += result
            if done == step { step = count }
        }
        return .success(done)
    }

    /// Whether ``readFully(_:into:count:at:read:)`` read all `count` bytes: `false` when the
    /// file ends before or reading fails.
    static func readExactly(_ fd: Int32, into target: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Bool {
        (try? readFully(fd, into: target, count: count, at: offset).get()) == count
    }

    /// How many bytes the first read of ``readFully(_:into:count:at:read:)`` asks for: up to the first
    /// 64-byte boundary after `address`, or `count` when that is nearer or `address` is on one.
    static func firstReadLength(at address: UInt, count: Int) -> Int {
        let short = Int((64 - address % 64) % 64)
        return short == 0 ? count : min(short, count)
    }

    /// The number of lines in a file (a last line without a newline counts), read in blocks;
    /// `nil` when it cannot be read.
    static func countLines(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var lines = 0
        var last: UInt8 = UInt8(ascii: "\n")
        var position = 0
        while true {
            let read = block.withUnsafeMutableBytes { whole in
                whole.baseAddress.map { readFully(fd, into: $0, count: whole.count, at: position) } ?? .success(0)
            }
            guard case .success(let count) = read else { return nil }
            if count == 0 { break }
            position += count
            block.withUnsafeBufferPointer { buffer in
                guard var cursor = buffer.baseAddress else { return }
                let end = cursor + count
                while cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "\n")), end - cursor) {
                    lines += 1
                    cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
            last = block[count - 1]
        }
        return last == UInt8(ascii: "\n") ? lines : lines + 1
    }

    /// The size of a file, or `nil` when it does not exist.
    static func size(_ path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }

    /// Makes a new directory entry durable (after creating or renaming a file in it).
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
