import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// Every limit where input enters the CLI: at the limit the command goes ahead, one over it
/// gives exit code 65, a Dutch message that names the limit, and nothing written.
@Suite("participatie input limits", .serialized)
struct LimitCommandTests {
    let repository = TestSupport.repositoryRoot()

    /// A store with an inspraak ter inzage and one reaction, R-1.
    func store(_ label: String) throws -> (Tool, String) {
        let directory = TestSupport.temporaryDirectory(label)
        var tool = Tool(store: directory + "/store")
        tool.now = "2026-03-13T10:00:00+01:00"
        for arguments in [
            ["start", "inspraak", "--id", "P", "--title", "Plein", "--attr", "impact=laag"],
            ["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"],
            ["advance", "P", "terInzageLeggen"],
            ["input", "add", "P", "--kind", "inspraakreactie", "--id", "R-1", "--text", "Eerste reactie"],
        ] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.err)")
        }
        tool.now = "2026-03-20T09:00:00+01:00"
        return (tool, directory)
    }

    /// Everything a command could have written.
    func snapshot(_ tool: Tool) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["journal/000001.jsonl", "journal/000002.jsonl", "personal.jsonl", "snapshot.bin"] {
            files[name] = FileManager.default.contents(atPath: tool.store + "/" + name)
        }
        return files
    }

    /// Runs a command that must be refused for a limit, and checks the refusal.
    func refused(_ tool: Tool, _ arguments: [String], naming limit: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
    {
        let before = snapshot(tool)
        let result = try tool.run(arguments)
        #expect(result.code == 65, "\(arguments.prefix(3)): \(result.err)", sourceLocation: sourceLocation)
        #expect(result.err.contains(limit), "\(arguments.prefix(3)): \(result.err)", sourceLocation: sourceLocation)
        #expect(snapshot(tool) == before, "\(arguments.prefix(3)) schreef iets", sourceLocation: sourceLocation)
    }

    func accepted(_ tool: Tool, _ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let result = try tool.run(arguments)
        #expect(result.code == 0, "\(arguments.prefix(3)): \(result.err)", sourceLocation: sourceLocation)
    }

    func write(_ bytes: [UInt8], _ name: String, in directory: String) -> String {
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test("texts, references, ids and short fields on the command line")
    func options() throws {
        let (tool, directory) = try store("limits-options")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = InputLimits.textLength
        try accepted(tool, ["input", "add", "P", "--kind", "inspraakreactie", "--text", String(repeating: "a", count: text)])
        try refused(
            tool, ["input", "add", "P", "--kind", "inspraakreactie", "--text", String(repeating: "a", count: text + 1)],
            naming: "--text is 100.001 tekens lang; de grens is 100.000 tekens")
        let label = InputLimits.labelLength
        try accepted(
            tool, ["input", "add", "P", "--kind", "inspraakreactie", "--text", "x", "--public-name", String(repeating: "b", count: label)])
        for option in ["public-name", "channel", "theme", "author", "email", "address", "phone"] {
            try refused(
                tool,
                ["input", "add", "P", "--kind", "inspraakreactie", "--text", "x", "--\(option)", String(repeating: "b", count: label + 1)],
                naming: "--\(option) is 1.001 tekens lang; de grens is 1.000 tekens")
        }
        try accepted(tool, ["input", "add", "P", "--kind", "inspraakreactie", "--text", "x", "--id", String(repeating: "K", count: 64)])
        try refused(
            tool, ["input", "add", "P", "--kind", "inspraakreactie", "--text", "x", "--id", String(repeating: "K", count: 65)],
            naming: "de grens is 64 tekens")
        let note = InputLimits.noteLength
        try accepted(tool, ["feedback", "add", "P", "R-1", "--verdict", "deels", "--reason", String(repeating: "m", count: note)])
        try refused(
            tool, ["feedback", "add", "P", "R-1", "--verdict", "deels", "--reason", String(repeating: "m", count: note + 1)],
            naming: "--reason is 20.001 tekens lang; de grens is 20.000 tekens")
        try accepted(tool, ["document", "add", "P", "--kind", "reactienota", "--ref", String(repeating: "r", count: note)])
        try refused(
            tool, ["document", "add", "P", "--kind", "reactienota", "--ref", String(repeating: "r", count: note + 1)],
            naming: "de grens is 20.000 tekens")
        try refused(
            tool, ["extend", "P", "--days", "7", "--reason", String(repeating: "r", count: note + 1)], naming: "de grens is 20.000 tekens")
        try refused(
            tool, ["advance", "P", "inzageSluiten", "--reason", String(repeating: "r", count: note + 1)],
            naming: "de grens is 20.000 tekens")
        try refused(
            tool, ["input", "withdraw", "P", "R-1", "--reason", String(repeating: "r", count: note + 1)],
            naming: "de grens is 20.000 tekens")
        try refused(
            tool, ["start", "inspraak", "--id", "Q", "--title", String(repeating: "t", count: label + 1), "--attr", "impact=laag"],
            naming: "--title is 1.001 tekens lang")
        try refused(
            tool, ["start", "inspraak", "--id", "Q", "--title", "Q", "--attr", "impact=" + String(repeating: "h", count: label)],
            naming: "--attr is 1.007 tekens lang")
        try accepted(tool, ["start", "inspraak", "--id", "Q", "--title", String(repeating: "t", count: label), "--attr", "impact=laag"])
    }

    @Test("input add --file: the text limit in tekens and the file size limit in bytes")
    func textFile() throws {
        let (tool, directory) = try store("limits-file")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 100,000 tekens of two bytes each: under the byte limit, at the teken limit.
        let atLimit = write(Array(String(repeating: "é", count: InputLimits.textLength).utf8), "lang.txt", in: directory)
        try accepted(tool, ["input", "add", "P", "--kind", "inspraakreactie", "--file", atLimit])
        let over = write(Array(String(repeating: "é", count: InputLimits.textLength + 1).utf8), "langer.txt", in: directory)
        try refused(tool, ["input", "add", "P", "--kind", "inspraakreactie", "--file", over], naming: "de grens is 100.000 tekens")
        let bytes = InputLimits.textFileBytes
        let atSize = write([UInt8](repeating: UInt8(ascii: "a"), count: bytes), "groot.txt", in: directory)
        // At the byte limit the file is read; it is then too long in tekens.
        try refused(tool, ["input", "add", "P", "--kind", "inspraakreactie", "--file", atSize], naming: "tekens lang")
        let overSize = write([UInt8](repeating: UInt8(ascii: "a"), count: bytes + 1), "groter.txt", in: directory)
        try refused(
            tool, ["input", "add", "P", "--kind", "inspraakreactie", "--file", overSize],
            naming: "groter.txt is groter dan 400.000 bytes, de grens voor de tekst van inbreng")
        // A device that never ends is cut off at the limit too.
        try refused(
            tool, ["input", "add", "P", "--kind", "inspraakreactie", "--file", "/dev/zero"], naming: "de grens voor de tekst van inbreng")
    }

    @Test("input import and feedback import: file size, rows and fields")
    func imports() throws {
        let (tool, directory) = try store("limits-import")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let long = String(repeating: "a", count: InputLimits.textLength + 1)
        let reactions = write(Array("soort;tekst\ninspraakreactie;Kort\ninspraakreactie;\(long)\n".utf8), "reacties.csv", in: directory)
        try refused(
            tool, ["input", "import", "P", reactions], naming: "reacties.csv:3: tekst is 100.001 tekens lang; de grens is 100.000 tekens")
        let answers = write(
            Array("kenmerk;oordeel;motivering\nR-1;deels;\(String(repeating: "m", count: InputLimits.noteLength + 1))\n".utf8),
            "antwoorden.csv",
            in: directory)
        try refused(tool, ["feedback", "import", "P", answers], naming: "antwoorden.csv:2: motivering is 20.001 tekens lang")
        let field = write(
            Array(("soort;tekst\ninspraakreactie;" + String(repeating: "v", count: InputLimits.csvFieldBytes + 1) + "\n").utf8), "veld.csv",
            in: directory)
        try refused(tool, ["input", "import", "P", field], naming: "veld.csv:2: een veld is langer dan 1.000.000 bytes (de grens)")
        // A file of exactly 64 MiB is read (and then refused for its content); one byte more is not read at all.
        let size = InputLimits.csvFileBytes
        let atSize = directory + "/groot.csv"
        _ = FileManager.default.createFile(atPath: atSize, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: atSize))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        try refused(tool, ["input", "import", "P", atSize], naming: "NUL")
        let handle2 = try FileHandle(forWritingTo: URL(fileURLWithPath: atSize))
        try handle2.truncate(atOffset: UInt64(size + 1))
        try handle2.close()
        try refused(
            tool, ["input", "import", "P", atSize],
            naming: "groot.csv is groter dan 64 MiB (67.108.864 bytes), de grens voor een CSV-bestand")
        try refused(tool, ["feedback", "import", "P", atSize], naming: "de grens voor een CSV-bestand")
    }

    @Test("validate, plan check, start and diagram: JSON file size and nesting depth")
    func jsonFiles() throws {
        let (tool, directory) = try store("limits-json")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let limit = InputLimits.jsonFileBytes
        let workflow = [UInt8](try Data(contentsOf: repository.appendingPathComponent("workflows/inspraak.json")))
        let atLimit = write(workflow + [UInt8](repeating: 0x20, count: limit - workflow.count), "groot.json", in: directory)
        try accepted(tool, ["validate", atLimit])
        let over = write(workflow + [UInt8](repeating: 0x20, count: limit + 1 - workflow.count), "groter.json", in: directory)
        let message = "groter.json is groter dan 1 MiB (1.048.576 bytes), de grens voor een werkstroombestand"
        try refused(tool, ["validate", over], naming: message)
        try refused(tool, ["diagram", over], naming: message)
        try refused(tool, ["start", over, "--title", "T", "--attr", "impact=laag"], naming: message)

        let plan = [UInt8](try Data(contentsOf: repository.appendingPathComponent("examples/plan-plein.json")))
        let planAtLimit = write(plan + [UInt8](repeating: 0x20, count: limit - plan.count), "plan.json", in: directory)
        #expect(try tool.run(["plan", "check", planAtLimit]).code == 0)
        let planOver = write(plan + [UInt8](repeating: 0x20, count: limit + 1 - plan.count), "plan-groot.json", in: directory)
        let result = try tool.run(["plan", "check", planOver])
        #expect(result.code == 65)
        #expect(result.err.contains("de grens voor een participatieplan"))
        try refused(tool, ["start", "inspraak", "--title", "T", "--plan", planOver], naming: "de grens voor een participatieplan")

        // 199 arrays inside the root object are read (and are an unknown key: 1); 200 are too deep (65).
        func deep(_ depth: Int) -> [UInt8] {
            Array(
                ("{\n  \"formatVersion\": 1,\n  \"x\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                    + "\n}\n").utf8)
        }
        let readable = try tool.run(["validate", write(deep(199), "diep.json", in: directory)])
        #expect(readable.code == 1, "\(readable)")
        #expect(!readable.out.contains("te diep"))
        let tooDeep = try tool.run(["validate", write(deep(200), "dieper.json", in: directory)])
        #expect(tooDeep.code == 65, "\(tooDeep)")
        #expect(tooDeep.out.contains("dieper.json:3:207: fout: [PK001]"))
        #expect(tooDeep.out.contains("de grens is 200"))
        let hugeDepth = try tool.run(["validate", write(deep(100_000), "diepst.json", in: directory)])
        #expect(hugeDepth.code == 65)
        let planDeep = try tool.run(["plan", "check", write(deep(100_000), "plan-diep.json", in: directory)])
        #expect(planDeep.code == 65)
        #expect(planDeep.out.contains("te diep genest"))
    }
}
