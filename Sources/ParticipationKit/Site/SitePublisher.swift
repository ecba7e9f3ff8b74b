import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The site could not be published; the message says why and what to do, in Dutch.
public struct SiteError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The folder is not one to publish in: it holds files the site did not make, it is a
        /// symbolic link or a file, or its parent folder does not exist. Nothing was written.
        case refused
        /// Reading or writing failed. What was written is taken back; the earlier site stays.
        case io
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Writes a ``Site`` to a folder in one go, so that a web server serving the folder never
/// serves half a site, and never deletes a file it did not make.
///
/// 1. The folder is checked first. It may be missing (its parent must exist), empty, or hold a
///    site made earlier: a ``Site/manifestName`` and only the files that manifest lists.
///    Anything else (other files, a symbolic link, a file) is refused before anything is
///    written: a web root full of other pages is never emptied by a typo.
/// 2. The new site is written into a new folder beside it (`.NAME.nieuw-XXXXXX`, in the same
///    parent, so a rename can move it): every file written, `fsync`ed, then the manifest.
/// 3. The new folder takes the place of the old one: on Linux with one `renameat2` that
///    exchanges the two (`RENAME_EXCHANGE`), so the name always leads to a whole site; where
///    that call is missing, with two renames (the old site moved aside, the new one moved in),
///    between which the name is missing for an instant but never half filled.
/// 4. The old site's files, as its manifest lists them, are removed, and its folder. A file
///    someone put there meanwhile stays, and with it the folder; ``Outcome/leftover`` names it.
///
/// A failure before step 3 removes the new folder and leaves the old site as it was.
public enum SitePublisher: Sendable {
    /// For tests: when set, the exchange in one step is not used and the two renames are.
    package static let exchangeDisabled = Mutex(false)
    /// For tests: writing fails, as a full disk would, once this many files are written.
    package static let failingAfterFiles = Mutex<Int?>(nil)

    /// What publishing did.
    public struct Outcome: Hashable, Sendable {
        /// Files written, the manifest included.
        public var files: Int
        /// Bytes written.
        public var bytes: Int
        /// Whether an earlier site was replaced.
        public var replacedEarlierSite: Bool
        /// A folder of the earlier site that could not be removed because it held other files.
        public var leftover: String?
    }

    /// What is at the folder before publishing.
    enum Target: Equatable {
        case absent
        case empty
        /// A site made earlier, with the files its manifest lists.
        case site([String])
    }

    /// Publishes `site` to `directory`.
    ///
    /// - Parameters:
    ///   - fileMode: The permissions of every file (a web server must read them; pass the
    ///     mode the user's umask gives, usually 0644).
    ///   - directoryMode: The permissions of the folder (usually 0755).
    ///   - progress: Called after each file with the number written and the total.
    /// - Throws: ``SiteError``: ``SiteError/Kind/refused`` when the folder may not be
    ///   replaced (nothing written), ``SiteError/Kind/io`` when writing failed.
    @discardableResult
    public static func publish(
        _ site: Site, to directory: String, fileMode: mode_t = 0o644, directoryMode: mode_t = 0o755,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(SiteError) -> Outcome {
        var path = directory
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let name = (path as NSString).lastPathComponent
        guard !path.isEmpty, !name.isEmpty, name != ".", name != "..", name != "/" else {
            throw SiteError(.refused, "Geef de map voor de site met een eigen naam, zoals /var/www/participatie, niet \"\(directory)\".")
        }
        let parentName = (path as NSString).deletingLastPathComponent
        let parent = parentName.isEmpty ? "." : parentName
        let target = try check(path, parent: parent)

        // Build the new site beside the old one.
        let temporary = try makeFolder(in: parent, prefix: ".\(name).nieuw-", mode: directoryMode)
        var written: [String] = []
        var digests: [(path: String, digest: SHA256Digest)] = []
        var bytes = 0
        let total = site.paths.count + 1
        do throws(SiteError) {
            for file in site.paths {
                guard let content = site.render(file) else { continue }
                if let limit = failingAfterFiles.withLock({ $0 }), written.count >= limit {
                    throw SiteError(.io, "Kan \(temporary)/\(file) niet schrijven: geen ruimte meer op het apparaat (nagebootst).")
                }
                try write(content, to: temporary + "/" + file, mode: fileMode)
                written.append(file)
                digests.append((file, SHA256.hash(content)))
                bytes += content.count
                progress?(written.count, total)
            }
            let manifest = Site.manifest(digests)
            try write(manifest, to: temporary + "/" + Site.manifestName, mode: fileMode)
            written.append(Site.manifestName)
            bytes += manifest.count
            progress?(written.count, total)
            FileIO.syncDirectory(temporary)
        } catch {
            remove(temporary, files: written)
            throw error
        }

        // Swap it in.
        var outcome = Outcome(files: written.count, bytes: bytes, replacedEarlierSite: false, leftover: nil)
        switch target {
        case .absent, .empty:
            // A rename replaces an empty folder, and fails on one that is not empty (someone put a file there meanwhile).
            guard rename(temporary, path) == 0 else {
                let reason = FileIO.lastError()
                remove(temporary, files: written)
                throw SiteError(.io, "Kan de site niet op zijn plaats zetten in \(path): \(reason). Er is niets veranderd.")
            }
        case .site(let oldFiles):
            let old: String
            if exchange(temporary, path) {
                old = temporary
            } else {
                // Without an atomic exchange: the old site aside (onto a new empty folder, which a rename replaces), the new one in.
                let aside: String
                do throws(SiteError) { aside = try makeFolder(in: parent, prefix: ".\(name).oud-", mode: 0o700) } catch {
                    remove(temporary, files: written)
                    throw error
                }
                guard rename(path, aside) == 0 else {
                    let reason = FileIO.lastError()
                    rmdir(aside)
                    remove(temporary, files: written)
                    throw SiteError(.io, "Kan de vorige site in \(path) niet opzij zetten: \(reason). Er is niets veranderd.")
                }
                guard rename(temporary, path) == 0 else {
                    let reason = FileIO.lastError()
                    _ = rename(aside, path)
                    remove(temporary, files: written)
                    throw SiteError(
                        .io, "Kan de nieuwe site niet op zijn plaats zetten in \(path): \(reason). De vorige site staat er weer.")
                }
                old = aside
            }
            outcome.replacedEarlierSite = true
            if !remove(old, files: oldFiles + [Site.manifestName]) { outcome.leftover = old }
        }
        FileIO.syncDirectory(parent)
        return outcome
    }

    /// What is at `path`, or why it may not be replaced.
    static func check(_ path: String, parent: String) throws(SiteError) -> Target {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            guard errno == ENOENT else {
                throw SiteError(.io, "Kan \(path) niet bekijken: \(FileIO.lastError()).")
            }
            var parentInfo = stat()
            guard stat(parent, &parentInfo) == 0, (parentInfo.st_mode & S_IFMT) == S_IFDIR else {
                throw SiteError(.refused, "De map \(parent) bestaat niet. Maak hem eerst aan; er is niets geschreven.")
            }
            return .absent
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw SiteError(
                .refused,
                "\(path) is een symbolische koppeling. Geef de map zelf: een nieuwe site vervangt de koppeling, niet wat erachter staat. "
                    + "Er is niets geschreven.")
        default:
            throw SiteError(.refused, "\(path) is een bestand, geen map. Er is niets geschreven.")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw SiteError(.io, "Kan de map \(path) niet lezen: \(error.localizedDescription)")
        }
        if entries.isEmpty { return .empty }
        let manifestPath = path + "/" + Site.manifestName
        var listed: [String]?
        if isRegularFile(manifestPath), let bytes = try? FileIO.read(manifestPath) { listed = Site.manifestPaths(bytes) }
        let known = Set((listed ?? []) + [Site.manifestName])
        let foreign = entries.filter { !known.contains($0) || !isRegularFile(path + "/" + $0) }.sorted()
        guard let listed, foreign.isEmpty else {
            let names = foreign.isEmpty ? entries.sorted() : foreign
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " en \(names.count - 5) meer" : "")
            throw SiteError(
                .refused,
                "De map \(path) is geen site die participatie eerder maakte: er staan andere bestanden in (\(shown)). "
                    + "Een nieuwe site zou die weggooien. Kies een nieuwe of lege map, of een map met een eerdere site. "
                    + "Er is niets geschreven.")
        }
        return .site(listed)
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// A new empty folder `PREFIXXXXXXX` in `parent`.
    private static func makeFolder(in parent: String, prefix: String, mode: mode_t) throws(SiteError) -> String {
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard made else { throw SiteError(.io, "Kan geen nieuwe map maken in \(parent): \(FileIO.lastError()). Er is niets veranderd.") }
        _ = chmod(folder, mode)
        return folder
    }

    /// Writes a new file (never through a link, never over an existing one) and `fsync`s it.
    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(SiteError) {
        let fd = FileIO.openFile(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SiteError(.io, "Kan \(path) niet aanmaken: \(FileIO.lastError()). Er is niets veranderd.") }
        defer { close(fd) }
        _ = fchmod(fd, mode)
        do throws(FileError) { try FileIO.writeAll(fd, bytes, path: path) } catch {
            throw SiteError(.io, error.description + ". Er is niets veranderd.")
        }
        guard fsync(fd) == 0 else { throw SiteError(.io, "fsync van \(path) mislukt: \(FileIO.lastError()). Er is niets veranderd.") }
    }

    /// Removes the named files from `folder` and then the folder; `false` when the folder stays
    /// because it holds something else.
    @discardableResult
    private static func remove(_ folder: String, files: [String]) -> Bool {
        for file in files { unlink(folder + "/" + file) }
        return rmdir(folder) == 0
    }

    /// Exchanges two folders in one step (`renameat2` with `RENAME_EXCHANGE`, Linux 3.15 and
    /// later); `false` when the system or the file system cannot, and nothing changed.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        if exchangeDisabled.withLock({ $0 }) { return false }
        #if os(Linux)
            typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
            // Glibc declares renameat2 only with _GNU_SOURCE, which Swift's Glibc module does not set: look it up.
            guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return false }
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            let exchangeFlag: UInt32 = 1 << 1  // RENAME_EXCHANGE
            return renameat2(AT_FDCWD, a, AT_FDCWD, b, exchangeFlag) == 0
        #else
            return false
        #endif
    }
}
