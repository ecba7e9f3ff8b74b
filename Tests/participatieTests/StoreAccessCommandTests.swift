import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The store through the tool: private whatever the umask, read by the reading commands
/// without changing anything, also by an account that may only read it.
@Suite("participatie: private store, reading without writing", .serialized)
struct StoreAccessCommandTests {
    /// A store with one inspraak process and two reactions with contact details.
    static func prepared(_ tool: Tool) throws {
        for arguments in [
            ["start", "inspraak", "--title", "Plein", "--id", "P", "--attr", "impact=laag"],
            ["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"],
            ["advance", "P", "terInzageLeggen"],
            ["input", "add", "P", "--kind", "inspraakreactie", "--text", "Meer bomen.", "--author", "J. de Vries"],
            ["input", "add", "P", "--kind", "inspraakreactie", "--text", "Minder auto's.", "--author", "A. Bakker"],
        ] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)")
        }
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    /// Every entry below `path` with its mode and bytes.
    static func tree(_ path: String) -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            let bytes = [UInt8](FileManager.default.contents(atPath: path + "/" + name) ?? Data())
            result[name] = "\(String(mode(path + "/" + name), radix: 8)) \(SHA256.hash(bytes).hex)"
        }
        return result
    }

    static let readingCommands: [[String]] = [
        ["status", "P"], ["list"], ["report", "audit"], ["report", "register"], ["report", "reactienota", "P"], ["deadlines"],
        ["verify"],
    ]

    @Test("with umask 000 the store is still 0700 and its files 0600")
    func privateWhateverTheUmask() throws {
        let directory = TestSupport.temporaryDirectory("access-umask")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.launcher = ["/bin/sh", "-c", #"umask 000; exec "$0" "$@""#]
        try Self.prepared(tool)
        #expect(Self.mode(tool.store) == 0o700)
        let tree = Self.tree(tool.store)
        #expect(tree.keys.contains("personal.jsonl") && tree.keys.contains("journal/000001.jsonl"))
        for (name, entry) in tree {
            let expected = ["journal", "definitions"].contains(name) ? "700" : "600"
            #expect(entry.hasPrefix(expected + " "), "\(name): \(entry)")
        }
    }

    @Test("status, list, reports, deadlines and verify change nothing in the store, also with a cut-off command at its end")
    func readingChangesNothing() throws {
        let directory = TestSupport.temporaryDirectory("access-reading")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        try Self.prepared(tool)
        let segment = tool.store + "/journal/000001.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"v":1,"seq":99,"more":2,"at":"2026"#.utf8))
        try handle.close()
        let before = Self.tree(tool.store)
        for arguments in Self.readingCommands {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)")
            #expect(Self.tree(tool.store) == before, "\(arguments) veranderde de opslag")
        }
        let status = try tool.run(["status", "P"])
        #expect(status.err.contains("overgeslagen"), "\(status.err)")
        // The next writing command sets the cut-off command aside.
        let add = try tool.run(["input", "add", "P", "--kind", "inspraakreactie", "--text", "Nog een."])
        #expect(add.code == 0 && add.err.contains("apart"), "\(add)")
    }

    @Test("a reading command on a store that is not there: exit 74, and nothing is created")
    func missingStore() throws {
        let directory = TestSupport.temporaryDirectory("access-missing")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        for arguments in Self.readingCommands {
            let result = try tool.run(arguments)
            #expect(result.code == 74, "\(arguments): \(result)")
            #expect(result.err.contains("Geen opslag gevonden in"), "\(arguments): \(result.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: tool.store))
    }

    /// Whether this test can run the tool as another account: as root, with `setpriv`.
    static let canSwitchAccount = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(
        "an account that may only read the store (a raadslid's copy, a read-only share) can run every reading command",
        .enabled(if: canSwitchAccount))
    func readOnlyAccount() throws {
        let directory = TestSupport.temporaryDirectory("access-readonly")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o755)
        var tool = Tool(store: directory + "/store")
        try Self.prepared(tool)
        // Give others read access only, as a share for reading would.
        for (name, _) in Self.tree(tool.store) {
            chmod(tool.store + "/" + name, ["journal", "definitions"].contains(name) ? 0o755 : 0o644)
        }
        chmod(tool.store, 0o755)
        let before = Self.tree(tool.store)
        tool.launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        tool.directory = "/"
        for arguments in Self.readingCommands {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result)")
        }
        let write = try tool.run(["input", "add", "P", "--kind", "inspraakreactie", "--text", "Mag niet."])
        #expect(write.code == 74, "\(write)")
        #expect(Self.tree(tool.store) == before)
    }

    @Test("redact refuses a store whose personal.jsonl is a link, and the details in the link's target stay untouched")
    func redactRefusesLink() throws {
        let directory = TestSupport.temporaryDirectory("access-link")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = Tool(store: directory + "/store")
        try Self.prepared(tool)
        let target = directory + "/elders.jsonl"
        try FileManager.default.moveItem(atPath: tool.store + "/personal.jsonl", toPath: target)
        try FileManager.default.createSymbolicLink(atPath: tool.store + "/personal.jsonl", withDestinationPath: target)
        let before = FileManager.default.contents(atPath: target)
        let result = try tool.run(["redact", "P", "R-0001", "--reason", "verzoek van de indiener"])
        #expect(result.code == 74, "\(result)")
        #expect(result.err.contains("symbolische koppeling"))
        #expect(FileManager.default.contents(atPath: target) == before)
        #expect(String(decoding: before ?? Data(), as: UTF8.self).contains("J. de Vries"))
    }
}
