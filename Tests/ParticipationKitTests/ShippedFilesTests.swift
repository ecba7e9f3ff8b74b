import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

@Suite("Shipped files")
struct ShippedFilesTests {
    let root = TestSupport.repositoryRoot()

    @Test("the embedded workflows equal the files in workflows/ (run .ci/embed after a change)")
    func workflowsEmbedded() throws {
        let directory = root.appendingPathComponent("workflows")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(names.map { String($0.dropLast(5)) }) == Set(ShippedWorkflows.names))
        for name in names {
            let onDisk = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(ShippedWorkflows.files[String(name.dropLast(5))] == onDisk, "\(name) wijkt af; voer .ci/embed uit")
        }
    }

    @Test("the embedded examples equal the files in examples/")
    func examplesEmbedded() throws {
        let directory = root.appendingPathComponent("examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }
        #expect(Set(names) == Set(ShippedExamples.files.keys))
        for name in names {
            let onDisk = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(ShippedExamples.files[name] == onDisk, "\(name) wijkt af; voer .ci/embed uit")
        }
    }

    @Test("every shipped workflow decodes without errors", arguments: ShippedWorkflows.names)
    func decodes(name: String) throws {
        let file = try TestSupport.shippedFile(name)
        #expect(!WorkflowValidator.diagnostics(for: file).containsErrors)
    }

    @Test("the example inputs and answers import into the inspraak workflow")
    func examplesImport() throws {
        let definition = try TestSupport.shipped("inspraak")
        let inputs = try InputImport.inputs(
            fromCSV: Array((ShippedExamples.files["inspraak-reacties.csv"] ?? "").utf8), file: "reacties",
            definition: definition, today: TestSupport.day("2026-04-30"))
        #expect(inputs.inputs.count == 13)
        #expect(inputs.personal.compactMap { $0 }.count == 7)
        let answers = try FeedbackImport.feedback(
            fromCSV: Array((ShippedExamples.files["inspraak-antwoorden.csv"] ?? "").utf8), file: "antwoorden")
        #expect(Set(answers.map(\.input)) == Set(inputs.inputs.compactMap(\.id)))
    }
}
