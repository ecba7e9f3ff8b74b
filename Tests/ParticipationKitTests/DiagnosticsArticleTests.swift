import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// The DocC article "Diagnostics" lists every code with a workflow that gets it and one that
/// does not. These tests read the article and check both, so the documentation cannot drift.
@Suite("Diagnostics article")
struct DiagnosticsArticleTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var code: String
        var failing: String
        var passing: String
        var testDescription: String { code }
    }

    static let article: String = {
        let url = TestSupport.repositoryRoot()
            .appendingPathComponent("Sources/ParticipationKit/ParticipationKit.docc/Diagnostics.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The ```json blocks of a piece of Markdown, in order.
    static func jsonBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line.hasPrefix("```json") {
                current = []
            } else if let lines = current, line.hasPrefix("```") {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The basic workflow: the first JSON block before the first example.
    static let base: String = jsonBlocks(article.components(separatedBy: "### PK").first ?? "").first ?? ""

    static let examples: [Example] = article.components(separatedBy: "\n### PK").dropFirst().map { section in
        let code = "PK" + section.prefix(3)
        let blocks = jsonBlocks(section)
        return Example(code: code, failing: blocks.first ?? "", passing: blocks.dropFirst().first ?? "")
    }

    /// Lays an example over the basic workflow: top-level keys replace; states, roles, input
    /// kinds, documents and attributes are merged by name; transitions replace the basic one
    /// with the same name or are added. Text that is no JSON object is the whole file.
    static func workflow(_ example: String) throws -> [UInt8] {
        guard let change = try? JSONSerialization.jsonObject(with: Data(example.utf8)) as? [String: Any],
            var result = try JSONSerialization.jsonObject(with: Data(base.utf8)) as? [String: Any]
        else { return Array(example.utf8) }
        for (key, value) in change {
            switch key {
            case "states", "roles", "inputKinds", "documents", "attributes":
                var merged = result[key] as? [String: Any] ?? [:]
                for (name, item) in value as? [String: Any] ?? [:] { merged[name] = item }
                result[key] = merged
            case "transitions":
                var merged = result[key] as? [[String: Any]] ?? []
                var replaced = Set<Int>()
                for item in value as? [[String: Any]] ?? [] {
                    let name = item["name"] as? String
                    if let index = merged.indices.first(where: { !replaced.contains($0) && merged[$0]["name"] as? String == name }) {
                        merged[index] = item
                        replaced.insert(index)
                    } else {
                        replaced.insert(merged.count)
                        merged.append(item)
                    }
                }
                result[key] = merged
            default:
                result[key] = value
            }
        }
        return Array(try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]))
    }

    static func findings(_ bytes: [UInt8]) -> [Diagnostic] {
        do {
            return WorkflowValidator.diagnostics(for: try WorkflowFile(bytes: bytes, file: "voorbeeld.json"))
        } catch {
            return error.diagnostics
        }
    }

    @Test("the basic workflow of the article has no finding")
    func baseIsClean() throws {
        #expect(!Self.base.isEmpty)
        let found = Self.findings(Array(Self.base.utf8))
        #expect(found == [])
    }

    @Test("every code has a section with two examples and a row in the table")
    func everyCodeListed() {
        let listed = Self.examples.map(\.code)
        #expect(listed == WorkflowValidator.allCodes.map(\.rawValue))
        for code in WorkflowValidator.allCodes {
            #expect(Self.article.contains("| \(code) |"), "\(code) ontbreekt in de tabel")
        }
        for example in Self.examples {
            #expect(!example.failing.isEmpty && !example.passing.isEmpty, "\(example.code) heeft niet twee voorbeelden")
        }
    }

    @Test("the first example gets the code, the second does not and has no errors", arguments: examples)
    func example(_ example: Example) throws {
        let failing = Self.findings(try Self.workflow(example.failing))
        #expect(failing.contains { $0.code.rawValue == example.code }, "\(failing.map(\.description))")
        let passing = Self.findings(try Self.workflow(example.passing))
        #expect(!passing.contains { $0.code.rawValue == example.code }, "\(passing.map(\.description))")
        #expect(!passing.containsErrors, "\(passing.map(\.description))")
    }

    @Test("the article on participatieplannen lists every plan code, with its severity, and the seven questions verbatim")
    func planArticle() throws {
        let url = TestSupport.repositoryRoot()
            .appendingPathComponent("Sources/ParticipationKit/ParticipationKit.docc/Participatieplannen.md")
        let article = try String(contentsOf: url, encoding: .utf8)
        let readCodes: [Diagnostic.Code] = [
            .planSyntax, .planUnknownKey, .planWrongType, .planMissingKey, .planInvalidValue, .planNewerFormatVersion,
        ]
        let rows = article.components(separatedBy: "\n").filter { $0.hasPrefix("| PK1") }
        #expect(rows.map { String($0.dropFirst(2).prefix(5)) } == (readCodes + PlanCheck.allCodes).map(\.rawValue).sorted())
        // A finding of the check is a warning only where the table says so.
        for row in rows where row.contains("waarschuwing") {
            #expect(row.contains("PK124"), "\(row)")
        }
        for question in PlanQuestion.allCases {
            #expect(article.contains("| `\(question.rawValue)`"), "\(question) ontbreekt")
            #expect(article.contains(question.wording), "de vraag \(question) staat er niet letterlijk in")
        }
    }
}
