import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An absolute path with `.`, `..` and the symbolic links of its existing directories
/// resolved, as the kernel would walk it: for telling whether a file the tool is asked to
/// write lies inside the store.
struct ResolvedPath: Equatable, CustomStringConvertible {
    /// The names after the root `/`.
    let components: [String]

    var description: String { "/" + components.joined(separator: "/") }

    /// A file about to be replaced by a rename (``AtomicFile``): its directory resolved, its
    /// own name not followed, since a rename replaces a symbolic link rather than what it
    /// points to. A path ending in `.`, `..` or `/` names a directory and is resolved whole.
    ///
    /// - Parameter currentDirectory: What a relative path is relative to.
    init(file path: String, currentDirectory: String) {
        let names = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = names.last, !last.isEmpty, last != ".", last != ".." else {
            self.init(directory: path, currentDirectory: currentDirectory)
            return
        }
        let directory = Self.resolved(names.dropLast(), from: Self.start(of: path, currentDirectory: currentDirectory))
        self.init(components: directory + [String(last)])
    }

    private init(components: [String]) { self.components = components }

    /// A directory, every symbolic link in it followed (the store is opened that way).
    init(directory path: String, currentDirectory: String) {
        components = Self.resolved(
            path.split(separator: "/", omittingEmptySubsequences: false), from: Self.start(of: path, currentDirectory: currentDirectory))
    }

    /// Whether this path is `other` or lies somewhere below it.
    func isWithin(_ other: ResolvedPath) -> Bool { components.starts(with: other.components) }

    /// Where a path starts: the root, or the current directory resolved.
    private static func start(of path: String, currentDirectory: String) -> [String] {
        if path.hasPrefix("/") { return [] }
        return resolved(currentDirectory.split(separator: "/", omittingEmptySubsequences: false), from: [])
    }

    /// Walks `names` from `start`: `.` and empty names are skipped, `..` goes up from what is
    /// resolved so far, and each name that exists is replaced by its `realpath(3)` (which
    /// follows its symbolic links). Past a name that does not exist the walk is textual; the
    /// kernel would refuse such a path anyway.
    private static func resolved(_ names: some Sequence<Substring>, from start: [String]) -> [String] {
        var components = start
        for name in names {
            switch name {
            case "", ".":
                continue
            case "..":
                if !components.isEmpty { components.removeLast() }
            default:
                components.append(String(name))
                if let real = realPath(components) { components = real }
            }
        }
        return components
    }

    /// The components of `realpath(3)` of a path, or `nil` when it does not exist (or loops).
    private static func realPath(_ components: [String]) -> [String]? {
        guard let pointer = realpath("/" + components.joined(separator: "/"), nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer).split(separator: "/").map(String.init)
    }
}
