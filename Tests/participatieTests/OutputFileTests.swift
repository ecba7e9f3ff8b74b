import Foundation
import ParticipationKitTestSupport
import Testing

/// `--out` never writes into the store: not over a journal segment, `snapshot.bin` or
/// `personal.jsonl`, not by way of `..` or a symbolic link, not for commands without a store.
/// Each such write is refused with exit 64 before the command does anything, and the file is
/// byte for byte what it was.
@Suite("--out into the store")
struct OutputFileTests {
    /// A directory with a store `store` in it: a process with an input with contact details (so
    /// `personal.jsonl` exists) and a `snapshot.bin`, and two symbolic links into it.
    static func setUp() throws -> (directory: String, tool: Tool) {
        let directory = TestSupport.temporaryDirectory("out")
        var tool = Tool(store: "store")
        tool.directory = directory
        tool.now = "2026-03-13T10:00:00+01:00"
        func must(_ arguments: [String]) throws {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.err)")
        }
        try must(["start", "inspraak", "--id", "P", "--title", "Plein", "--attr", "impact=laag"])
        try must(["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"])
        tool.now = "2026-03-16T09:00:00+01:00"
        try must(["advance", "P", "terInzageLeggen"])
        try must(["input", "add", "P", "--kind", "inspraakreactie", "--id", "R-1", "--text", "Meer bankjes", "--author", "A. de Vries"])
        // Snapshots come after thousands of events; what matters here is that the file is there.
        _ = FileManager.default.createFile(atPath: directory + "/store/snapshot.bin", contents: Data("snapshot".utf8))
        let fileManager = FileManager.default
        try fileManager.createSymbolicLink(atPath: directory + "/naar-journaal", withDestinationPath: directory + "/store/journal")
        try fileManager.createSymbolicLink(atPath: directory + "/naar-opslag", withDestinationPath: "store")
        return (directory, tool)
    }

    static func segment(in directory: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/store/journal")
        return try #require(names.filter { $0.hasSuffix(".jsonl") }.sorted().first)
    }

    /// Every file in the store with its bytes.
    static func contents(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let store = directory + "/store"
        guard let walker = FileManager.default.enumerator(atPath: store) else { return files }
        for case let name as String in walker {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: store + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: store + "/" + name))
            }
        }
        return files
    }

    @Test("a journal segment, snapshot.bin, STORE/../STORE/personal.jsonl, a linked directory, the store itself: 64, nothing written")
    func refused() throws {
        let (directory, tool) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let segment = try Self.segment(in: directory)
        let before = try Self.contents(of: directory)
        for file in ["journal/\(segment)", "snapshot.bin", "personal.jsonl"] { #expect(before.keys.contains(file), "\(file) ontbreekt") }
        let targets = [
            "store/journal/\(segment)",
            "store/snapshot.bin",
            "store/../store/personal.jsonl",
            directory + "/store/../store/personal.jsonl",
            "./store/journal/../journal/\(segment)",
            "naar-journaal/\(segment)",
            "naar-opslag/snapshot.bin",
            "naar-opslag/journal/\(segment)",
            "store/nieuw.txt",
            "store",
            "store/",
            "store/journal/..",
            "bestaat-niet/../store/personal.jsonl",
        ]
        for target in targets {
            let result = try tool.run(["report", "audit", "--out", target])
            #expect(result.code == 64, "\(target): \(result.code) \(result.err)")
            #expect(result.out.isEmpty)
            #expect(result.err.contains("ligt in de opslag store"), "\(target): \(result.err)")
            #expect(result.err.contains("Er is niets geschreven"))
            #expect(try Self.contents(of: directory) == before, "\(target): de opslag is veranderd")
        }
        // Nothing beside the files either: no temporary file left in the store.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/store/journal").sorted() == [segment])
    }

    @Test(
        "every command with --out checks it, also the ones without a store",
        arguments: [
            ["report", "audit"], ["report", "register"], ["report", "reactienota", "P"], ["deadlines"], ["deadlines", "--format", "ics"],
            ["diagram", "inspraak"], ["plan", "paragraph", "PLAN"],
        ])
    func everyCommand(_ command: [String]) throws {
        let (directory, tool) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = TestSupport.repositoryRoot().appendingPathComponent("examples/plan-plein.json").path
        let arguments = command.map { $0 == "PLAN" ? plan : $0 }
        let segment = try Self.segment(in: directory)
        let before = try Self.contents(of: directory)
        let result = try tool.run(arguments + ["--out", "naar-journaal/\(segment)"])
        #expect(result.code == 64, "\(result.err)")
        #expect(try Self.contents(of: directory) == before)
        // And the same command writes a file outside the store, also one whose name starts like the store's.
        let written = try tool.run(arguments + ["--out", "store-uitvoer.txt"])
        #expect(written.code == 0, "\(written.err)")
        #expect(FileManager.default.fileExists(atPath: directory + "/store-uitvoer.txt"))
    }

    @Test("the store named by --store, or the default ./.participatie, is the one checked")
    func storeFromOptionOrDefault() throws {
        let directory = TestSupport.temporaryDirectory("out-default")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: "")
        tool.directory = directory
        // No store exists yet: diagram has none, and is still refused where the store would be.
        let result = try tool.run(["diagram", "inspraak", "--out", ".participatie/journal/000001.jsonl"])
        #expect(result.code == 64, "\(result.err)")
        #expect(result.err.contains("ligt in de opslag .participatie"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/.participatie"))
        let other = try tool.run(["diagram", "inspraak", "--store", "elders", "--out", "elders/x.mmd"])
        #expect(other.code == 64, "\(other.err)")
        #expect(other.err.contains("ligt in de opslag elders"))
        #expect(try tool.run(["diagram", "inspraak", "--store", "elders", "--out", ".participatie-diagram.mmd"]).code == 0)
    }

    @Test("a normal --out still writes the report")
    func normal() throws {
        let (directory, tool) = try Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try tool.run(["report", "audit", "--format", "md", "--out", "rapport.md"])
        #expect(result.code == 0, "\(result.err)")
        let written = try String(contentsOfFile: directory + "/rapport.md", encoding: .utf8)
        #expect(written.hasPrefix("# "))
        #expect(written == (try tool.run(["report", "audit", "--format", "md"])).out)
    }
}
