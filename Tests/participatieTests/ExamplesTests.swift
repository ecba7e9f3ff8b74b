import Foundation
import ParticipationKitTestSupport
import Testing

/// Runs every scenario in `examples/*/script.sh` against the built binary, in a fresh store, so
/// that an example can never rot.
///
/// A script is plain bash that also runs by hand (`participatie` on the PATH, `PARTICIPATIE_STORE`
/// set to an empty folder). The test understands a small part of bash: comments, `cd`,
/// `export NAME=VALUE` for `PARTICIPATIE_NOW` and `PARTICIPATIE_ACTOR`, and `participatie …`
/// lines with double or single quotes. A trailing `# verwacht: N` gives the expected exit code
/// (default 0); a comment line `# uitvoer: TEXT` after a command says its output (stdout and
/// stderr together) contains TEXT. Any other line fails the test, so scripts stay readable.
@Suite("Examples")
struct ExamplesTests {
    static let root = TestSupport.repositoryRoot().appendingPathComponent("examples")

    static let scripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/script.sh").path) }.sorted()
    }()

    /// Splits a command line into words: double and single quotes, backslash in double quotes.
    static func words(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(line).makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"":
                inWord = true
                while let next = iterator.next(), next != "\"" {
                    if next == "\\", let escaped = iterator.next() { current.append(escaped) } else { current.append(next) }
                }
            case "'":
                inWord = true
                while let next = iterator.next(), next != "'" { current.append(next) }
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "#" where !inWord:
                if inWord { words.append(current) }
                return words
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    @Test("there are scenarios to run")
    func scenariosExist() {
        #expect(Self.scripts.count >= 1)
    }

    @Test("the scenario runs as written", arguments: scripts)
    func scenario(_ name: String) throws {
        let store = TestSupport.temporaryDirectory("example-\(name)")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let tool = try Self.play(name, store: store)
        // Whatever the scenario did, the journal it leaves behind verifies.
        #expect(try tool.run(["verify"]).code == 0)
    }

    /// Plays `examples/NAME/script.sh` in the store at `store`, checking every exit code and
    /// `# uitvoer:` line, and returns the tool as the script left it (its clock and actor).
    static func play(_ name: String, store: String) throws -> Tool {
        let folder = Self.root.appendingPathComponent(name)
        let text = try String(contentsOf: folder.appendingPathComponent("script.sh"), encoding: .utf8)
        var tool = Tool(store: store)
        tool.directory = folder.path
        var last: (line: Int, output: String)?
        var commands = 0
        for (number, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let place = "\(name)/script.sh:\(number + 1)"
            if line.hasPrefix("# uitvoer:") {
                let expected = line.dropFirst("# uitvoer:".count).trimmingCharacters(in: .whitespaces)
                let output = try #require(last, "\(place): # uitvoer zonder opdracht ervoor")
                #expect(
                    output.output.contains(expected), "\(place): uitvoer van regel \(output.line) bevat niet: \(expected)\n\(output.output)"
                )
                continue
            }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("cd ") || line.hasPrefix("set ") { continue }
            let words = try Self.words(line)
            if words.first == "export", words.count == 2, let equals = words[1].firstIndex(of: "=") {
                let key = String(words[1][..<equals])
                let value = String(words[1][words[1].index(after: equals)...])
                switch key {
                case "PARTICIPATIE_NOW": tool.now = value
                case "PARTICIPATIE_ACTOR": tool.actor = value
                default: Issue.record("\(place): onbekende variabele \(key)")
                }
                continue
            }
            guard words.first == "participatie" else {
                Issue.record("\(place): deze regel kan de test niet uitvoeren: \(line)")
                continue
            }
            var expectedCode: Int32 = 0
            if let range = line.range(of: "# verwacht:") {
                expectedCode = Int32(line[range.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
            }
            let result = try tool.run(Array(words.dropFirst()))
            commands += 1
            #expect(result.code == expectedCode, "\(place): \(line)\n\(result.out)\n\(result.err)")
            last = (number + 1, result.out + result.err)
        }
        #expect(commands > 5, "\(name): te weinig opdrachten")
        return tool
    }
}
