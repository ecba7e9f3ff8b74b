import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of a store as the file system sees them: created private, never followed
/// through a symbolic link, and cleared of what an interrupted write left behind.
enum StoreFiles {
    /// The folders of a store, below its directory.
    static let folders = ["journal", "definitions"]
    /// The files at the top of a store.
    static let topFiles = ["personal.jsonl", Snapshot.fileName, "store.lock"]

    /// Creates the store's directory and folders when missing, private (0700), and makes the
    /// files of an existing store private (0600) whatever the umask they were made with: the
    /// journal and the snapshot hold citizens' texts, `personal.jsonl` their contact details.
    ///
    /// The store directory itself is only tightened when this creates it or it already holds
    /// a journal, so `--store` pointed at some other folder never changes that folder.
    static func prepare(_ path: String) throws(StoreError) {
        var isStore = FileIO.size(path + "/journal") != nil
        if FileIO.size(path) == nil {
            do {
                let parent = (path as NSString).deletingLastPathComponent
                if !parent.isEmpty { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            } catch {
                throw StoreError.io("Kan de opslag \(path) niet aanmaken: \(error.localizedDescription)")
            }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw StoreError.io("Kan de opslag \(path) niet aanmaken: \(FileIO.lastError())")
            }
            isStore = true
        }
        for folder in folders {
            let target = path + "/" + folder
            guard mkdir(target, 0o700) == 0 || errno == EEXIST else {
                throw StoreError.io("Kan \(target) niet aanmaken: \(FileIO.lastError())")
            }
        }
        if isStore { makePrivate(path, mode: 0o700) }
        for folder in folders {
            makePrivate(path + "/" + folder, mode: 0o700)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + folder)) ?? [] {
                makePrivate(path + "/" + folder + "/" + name, mode: 0o600)
            }
        }
        for name in topFiles { makePrivate(path + "/" + name, mode: 0o600) }
    }

    /// Takes away group and other access from a file or folder of ours that has it. Links
    /// are left alone (``refuseLinks(_:)`` refuses them); so is what belongs to another account.
    private static func makePrivate(_ path: String, mode: mode_t) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK, info.st_uid == geteuid(),
            info.st_mode & 0o077 != 0
        else { return }
        _ = chmod(path, mode)
    }

    /// Whether this process runs as the account that owns the store's directory.
    static func isOwnedByThisAccount(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_uid == geteuid()
    }

    /// Whether this process may create files in the store's folder (not on a read-only disk).
    static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// Refuses a store in which the journal, a segment, a definition, `personal.jsonl`,
    /// `snapshot.bin` or the lock is a symbolic link: writing through one would leave the data
    /// where the link points (an erasure would replace the link and keep the details in its
    /// target), and reading through one would show another store's history as this one's.
    static func refuseLinks(_ path: String) throws(StoreError) {
        var names = folders + topFiles
        for folder in folders {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + folder)) ?? [] {
                names.append(folder + "/" + name)
            }
        }
        for name in names.sorted() {
            var info = stat()
            guard lstat(path + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { continue }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path + "/" + name)) ?? "?"
            throw StoreError.io(
                "\(path)/\(name) is een symbolische koppeling (naar \(target)). participatie gebruikt geen opslag met koppelingen: "
                    + "wat erdoor geschreven of gewist wordt, blijft staan waar de koppeling naar wijst. Zet het bestand zelf op "
                    + "deze plaats. Er is niets gelezen of veranderd.")
        }
    }

    /// The folders in which atomic rewrites make temporary files.
    private static func rewriteFolders(_ path: String) -> [String] { [path] + folders.map { path + "/" + $0 } }

    /// Temporary files of interrupted rewrites (`.personal.jsonl.tmp-…`, `.snapshot.bin.tmp-…`),
    /// relative to the store; a cheap look before taking the lock.
    static func temporaryFiles(_ path: String) -> [String] {
        rewriteFolders(path).flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(AtomicFile.isTemporary)
        }
    }

    /// Removes the temporary files that no live writer holds; returns them relative to the store.
    static func removeTemporaryFiles(_ path: String) -> [String] {
        rewriteFolders(path).flatMap { folder in
            let prefix = folder == path ? "" : String(folder.dropFirst(path.count + 1)) + "/"
            return AtomicFile.removeLeftovers(in: folder).map { prefix + $0 }
        }
    }
}
