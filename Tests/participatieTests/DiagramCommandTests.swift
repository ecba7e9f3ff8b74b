import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

@Suite("participatie diagram")
struct DiagramCommandTests {
    let repository = TestSupport.repositoryRoot()
    let tool = Tool(store: "/nonexistent")

    var inspraak: String { repository.appendingPathComponent("workflows/inspraak.json").path }

    @Test("diagram FILE --format dot prints DOT, exactly what the library renders")
    func dot() throws {
        let result = try tool.run(["diagram", inspraak, "--format", "dot"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.hasPrefix("digraph \"inspraak\" {\n"))
        #expect(result.err.isEmpty)
        let definition = try WorkflowDefinition(jsonBytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: inspraak))))
        #expect(result.out == WorkflowDiagram.render(definition, as: .dot))
    }

    @Test("diagram with a shipped name prints Mermaid by default")
    func mermaidByName() throws {
        let result = try tool.run(["diagram", "inspraak"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out == WorkflowDiagram.render(try TestSupport.shipped("inspraak"), as: .mermaid))
        #expect(result.out.hasPrefix("stateDiagram-v2\n"))
    }

    @Test("an unknown format is a usage error: 64, a Dutch message, nothing on standard output")
    func badFormat() throws {
        let result = try tool.run(["diagram", inspraak, "--format", "svg"])
        #expect(result.code == 64)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("Onbekend formaat \"svg\"; kies uit mermaid, dot."))
        #expect(result.err.contains("Gebruik: participatie diagram"))
    }

    @Test("without a workflow, or with two, it is a usage error")
    func positionals() throws {
        #expect(try tool.run(["diagram"]).code == 64)
        #expect(try tool.run(["diagram", inspraak, inspraak]).code == 64)
    }

    @Test("--help explains the command and its formats")
    func help() throws {
        let result = try tool.run(["diagram", "--help"])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("Gebruik: participatie diagram"))
        #expect(result.out.contains("--format mermaid|dot"))
        #expect(result.out.contains("--out BESTAND"))
        #expect(try tool.run(["--help"]).out.contains("  diagram "))
    }

    @Test("a broken workflow prints its diagnostics on standard error and exits 65")
    func brokenWorkflow() throws {
        let directory = TestSupport.temporaryDirectory("diagram")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broken = directory + "/broken.json"
        try "{\n  \"formatVersion\": 1,\n  \"idd\": \"x\"\n}\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let result = try tool.run(["diagram", broken])
        #expect(result.code == 65)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("broken.json:3:3: fout: [PK002]"))
        let unknown = try tool.run(["diagram", "bestaatniet"])
        #expect(unknown.code == 65)
        #expect(unknown.err.contains("Werkstroom \"bestaatniet\" bestaat niet"))
    }

    @Test("a workflow that reads but breaks a rule is still drawn, with the findings on standard error")
    func drawnDespiteRuleErrors() throws {
        let directory = TestSupport.temporaryDirectory("diagram-rules")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try String(contentsOfFile: inspraak, encoding: .utf8).replacingOccurrences(
            of: #"{ "name": "afronden", "from": ["besloten"]"#, with: #"{ "name": "afronden", "from": ["besloten", "reactienota"]"#)
        let path = directory + "/kortsluiting.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try tool.run(["diagram", path])
        #expect(result.code == 0)
        #expect(result.out.hasPrefix("stateDiagram-v2\n"))
        #expect(result.out.contains("reactienota --> afgerond"))
        #expect(result.err.contains("[PK031]"))
    }

    @Test("--out writes the diagram to a file, leaving no temporary file behind")
    func out() throws {
        let directory = TestSupport.temporaryDirectory("diagram")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = directory + "/inspraak.dot"
        try "oud".write(toFile: target, atomically: true, encoding: .utf8)
        let result = try tool.run(["diagram", inspraak, "--format", "dot", "--out", target])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out == "Diagram (dot) geschreven naar \(target).\n")
        #expect(
            try String(contentsOfFile: target, encoding: .utf8) == WorkflowDiagram.render(try TestSupport.shipped("inspraak"), as: .dot))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["inspraak.dot"])
        let missing = try tool.run(["diagram", inspraak, "--out", directory + "/geen/map/x.mmd"])
        #expect(missing.code == 74)
        #expect(missing.err.contains("Kan het diagram niet schrijven"))
    }
}
