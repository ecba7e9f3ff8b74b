import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider")

/// Every limit of ``InputLimits`` at the limit (accepted) and one over it (refused with a
/// message that names the limit), where possible with a smaller limit so the tests stay fast.
@Suite("Input limits")
struct LimitTests {
    static let repository = TestSupport.repositoryRoot()

    static func example(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: repository.appendingPathComponent("examples/\(name)")))
    }

    /// `bytes` with spaces added before the end to make it exactly `size` bytes long.
    static func padded(_ bytes: [UInt8], to size: Int) -> [UInt8] {
        bytes + [UInt8](repeating: 0x20, count: size - bytes.count)
    }

    /// `depth` arrays inside each other.
    static func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }

    @Test("numbers and sizes in messages are written the Dutch way")
    func numbers() {
        #expect(InputLimits.number(100_000) == "100.000")
        #expect(InputLimits.number(1_048_576) == "1.048.576")
        #expect(InputLimits.number(999) == "999")
        #expect(InputLimits.size(1 << 20) == "1 MiB (1.048.576 bytes)")
        #expect(InputLimits.size(64 << 20) == "64 MiB (67.108.864 bytes)")
        #expect(InputLimits.size(400_000) == "400.000 bytes")
        #expect(InputLimits.excerpt(String(repeating: "a", count: 61)) == String(repeating: "a", count: 60) + "…")
    }

    @Test("JSON nesting: 200 levels are read, 201 are refused with the limit and a line and column")
    func depth() throws {
        #expect(InputLimits.jsonDepth == 200)
        _ = try JSONParser.parse(Array(Self.nested(200).utf8))
        let error = try #require(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(Self.nested(201).utf8)) }
        #expect(error.offset == 200)
        #expect(error.message.contains("de grens is 200"))
        // In a workflow file and a plan: 100,000 brackets, a finding with line and column, no crash.
        let deep = "{\n  \"formatVersion\": 1,\n  \"x\": " + Self.nested(100_000) + "\n}\n"
        let workflow = try #require(throws: WorkflowFileError.self) { try WorkflowFile(bytes: Array(deep.utf8), file: "diep.json") }
        #expect(workflow.diagnostics.count == 1)
        #expect(workflow.diagnostics.first?.code == .syntax)
        #expect(workflow.diagnostics.first?.location == SourceLocation(line: 3, column: 207))
        #expect(workflow.description.contains("diep.json:3:207: fout: [PK001]"))
        let plan = try #require(throws: PlanFileError.self) { try PlanFile(bytes: Array(deep.utf8), file: "diep.json") }
        #expect(plan.diagnostics.first?.code == .planSyntax)
        #expect(plan.description.contains("te diep genest"))
    }

    @Test("workflow and plan files: the limit is read, one byte more is refused at 1:1", arguments: [1 << 20, 20_000])
    func fileSize(_ limit: Int) throws {
        let workflow = try #require(ShippedWorkflows.bytes(named: "inspraak"))
        _ = try WorkflowFile(bytes: Self.padded(workflow, to: limit), file: "w.json", maximumBytes: limit)
        let error = try #require(throws: WorkflowFileError.self) {
            try WorkflowFile(bytes: Self.padded(workflow, to: limit + 1), file: "w.json", maximumBytes: limit)
        }
        #expect(error.description.hasPrefix("w.json:1:1: fout: [PK001]"))
        #expect(error.description.contains("de grens voor een werkstroombestand is \(InputLimits.size(limit))"))

        let plan = try Self.example("plan-plein.json")
        _ = try PlanFile(bytes: Self.padded(plan, to: limit), file: "p.json", maximumBytes: limit)
        let planError = try #require(throws: PlanFileError.self) {
            try PlanFile(bytes: Self.padded(plan, to: limit + 1), file: "p.json", maximumBytes: limit)
        }
        #expect(planError.description.contains("p.json:1:1: fout: [PK101]"))
        #expect(planError.description.contains(InputLimits.size(limit)))
    }

    @Test("the public initialisers use the 1 MiB limit")
    func defaultFileSize() throws {
        let workflow = try #require(ShippedWorkflows.bytes(named: "inspraak"))
        _ = try WorkflowFile(bytes: Self.padded(workflow, to: InputLimits.jsonFileBytes))
        #expect(throws: WorkflowFileError.self) { try WorkflowFile(bytes: Self.padded(workflow, to: InputLimits.jsonFileBytes + 1)) }
        _ = try PlanFile(bytes: Self.padded(try Self.example("plan-plein.json"), to: InputLimits.jsonFileBytes))
        #expect(throws: PlanFileError.self) {
            try PlanFile(bytes: Self.padded(try Self.example("plan-plein.json"), to: InputLimits.jsonFileBytes + 1))
        }
    }

    @Test("CSV: fields per record and rows at the limit and one over, with the line")
    func csvShape() throws {
        let header = (1...5).map { "k\($0)" }.joined(separator: ",")
        _ = try CSVReader.parse(Array((header + "\n1,2,3,4,5\n").utf8), maximumFieldLength: 100, maximumRows: 10, maximumFields: 5)
        let wide = try #require(throws: CSVError.self) {
            try CSVReader.parse(Array((header + ",k6\n").utf8), maximumFieldLength: 100, maximumRows: 10, maximumFields: 5)
        }
        #expect(wide.line == 1)
        #expect(wide.message.contains("meer dan 5 velden (de grens)"))
        // A header of a million empty names stops at the limit instead of filling memory.
        let huge = try #require(throws: CSVError.self) { try CSVReader.parse([UInt8](repeating: UInt8(ascii: ";"), count: 1_000_000)) }
        #expect(huge.message.contains("meer dan 1.000 velden"))

        let rows = "a\n" + (1...3).map(String.init).joined(separator: "\n") + "\n"
        #expect(try CSVReader.parse(Array(rows.utf8), maximumFieldLength: 100, maximumRows: 3).rows.count == 3)
        let tooMany = try #require(throws: CSVError.self) {
            try CSVReader.parse(Array((rows + "4\n").utf8), maximumFieldLength: 100, maximumRows: 3)
        }
        #expect(tooMany.line == 5)
        #expect(tooMany.message.contains("meer dan 3 regels (de grens)"))
    }

    @Test("imports: rows at the limit and one over; nothing is turned into commands")
    func importRows() throws {
        let definition = try TestSupport.shipped("inspraak")
        let today = TestSupport.day("2026-04-01")
        let inputs = "soort;tekst\n" + (1...3).map { "inspraakreactie;Reactie \($0)" }.joined(separator: "\n") + "\n"
        #expect(
            try InputImport.inputs(fromCSV: Array(inputs.utf8), file: "r.csv", definition: definition, today: today, maximumRows: 3)
                .inputs.count == 3)
        let tooMany = try #require(throws: ImportError.self) {
            try InputImport.inputs(
                fromCSV: Array((inputs + "inspraakreactie;Reactie 4\n").utf8), file: "r.csv", definition: definition, today: today,
                maximumRows: 3)
        }
        #expect(tooMany.description.contains("r.csv:5: het bestand heeft meer dan 3 regels (de grens)"))
        #expect(tooMany.description.contains("Er is niets geregistreerd"))

        let answers = "kenmerk;oordeel;motivering\n" + (1...3).map { "R-\($0);deels;Zie nota." }.joined(separator: "\n") + "\n"
        #expect(try FeedbackImport.feedback(fromCSV: Array(answers.utf8), file: "a.csv", maximumRows: 3).count == 3)
        let tooManyAnswers = try #require(throws: ImportError.self) {
            try FeedbackImport.feedback(fromCSV: Array((answers + "R-4;deels;Zie nota.\n").utf8), file: "a.csv", maximumRows: 3)
        }
        #expect(tooManyAnswers.description.contains("a.csv:5:"))
        #expect(InputLimits.importRows == 50_000)
    }

    @Test("import fields: text, kenmerk, labels and motivation at their limits and one over, with the row")
    func importFields() throws {
        let definition = try TestSupport.shipped("inspraak")
        let today = TestSupport.day("2026-04-01")
        func importing(text: String = "Tekst", id: String = "R-1", publicName: String = "Buurt") throws(ImportError) -> Int {
            let csv = "kenmerk;soort;publieke_naam;tekst\n\(id);inspraakreactie;\(publicName);\(text)\n"
            return try InputImport.inputs(fromCSV: Array(csv.utf8), file: "r.csv", definition: definition, today: today).inputs.count
        }
        #expect(try importing(text: String(repeating: "a", count: InputLimits.textLength)) == 1)
        var error = try #require(throws: ImportError.self) {
            try importing(text: String(repeating: "a", count: InputLimits.textLength + 1))
        }
        #expect(error.description.contains("r.csv:2: tekst is 100.001 tekens lang; de grens is 100.000 tekens"))
        // One character with 100,000 combining marks is 100,001 tekens.
        error = try #require(throws: ImportError.self) {
            try importing(text: "e" + String(repeating: "\u{301}", count: InputLimits.textLength))
        }
        #expect(error.description.contains("de grens is 100.000 tekens"))
        #expect(try importing(id: String(repeating: "K", count: InputLimits.idLength)) == 1)
        error = try #require(throws: ImportError.self) { try importing(id: String(repeating: "K", count: InputLimits.idLength + 1)) }
        #expect(error.description.contains("r.csv:2: kenmerk is 65 tekens lang; de grens is 64 tekens"))
        #expect(try importing(publicName: String(repeating: "b", count: InputLimits.labelLength)) == 1)
        error = try #require(throws: ImportError.self) {
            try importing(publicName: String(repeating: "b", count: InputLimits.labelLength + 1))
        }
        #expect(error.description.contains("r.csv:2: publieke_naam is 1.001 tekens lang; de grens is 1.000 tekens"))

        func answering(_ motivation: String) throws(ImportError) -> Int {
            try FeedbackImport.feedback(fromCSV: Array("kenmerk;oordeel;motivering\nR-1;deels;\(motivation)\n".utf8), file: "a.csv").count
        }
        #expect(try answering(String(repeating: "m", count: InputLimits.noteLength)) == 1)
        let long = try #require(throws: ImportError.self) { try answering(String(repeating: "m", count: InputLimits.noteLength + 1)) }
        #expect(long.description.contains("a.csv:2: motivering is 20.001 tekens lang; de grens is 20.000 tekens"))
    }

    @Test("the engine counts tekens as Unicode scalars, so combining marks cannot hide a huge text")
    func engineCountsScalars() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: TestSupport.instant("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "laag"])
        let now = TestSupport.instant("2026-03-14T10:00:00+01:00")
        let atLimit = "e" + String(repeating: "\u{301}", count: InputLimits.textLength - 1)
        #expect(atLimit.count == 1)
        #expect(harness.run(.addInput(NewInput(kind: "inspraakreactie", text: atLimit)), at: now, by: projectleider).isSuccess)
        let over = atLimit + "\u{301}"
        let refusal = try #require(
            harness.run(.addInput(NewInput(kind: "inspraakreactie", text: over)), at: now, by: projectleider).refusal)
        #expect(refusal.description.contains("100000 tekens"))
        let id = InputID("K" + String(repeating: "\u{301}", count: InputLimits.idLength))
        #expect(harness.run(.addInput(NewInput(id: id, kind: "inspraakreactie", text: "x")), at: now, by: projectleider).refusal != nil)
    }

    /// The erasure's reason once counted characters: a reason of 20,001 tekens written with
    /// combining accents was accepted there and refused everywhere else (found by the store
    /// trials, `participatie-trials store-trials --seed 2`).
    @Test("every reason, motivation and reference counts tekens as Unicode scalars, the erasure's reason too")
    func notesCountScalars() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        harness.start(at: TestSupport.instant("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "laag"])
        let now = TestSupport.instant("2026-03-14T10:00:00+01:00")
        let digest = String(repeating: "ab", count: 32)
        #expect(
            harness.run(.addInput(NewInput(kind: "inspraakreactie", text: "x", personalDigest: digest)), at: now, by: projectleider)
                .isSuccess)
        // One character, 20,001 tekens.
        let over = "e" + String(repeating: "\u{301}", count: InputLimits.noteLength)
        #expect(over.count == 1)
        let commands: [Command] = [
            .withdrawInput("R-0001", reason: over),
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .deels, motivation: over)),
            .attachDocument(kind: "ontwerp", reference: over),
            .redactPersonalData("R-0001", reason: over),
        ]
        for command in commands {
            let refusal = harness.run(command, at: now, by: projectleider).refusal
            #expect(refusal?.description.contains("20000") == true, "\(command.dutchName): \(String(describing: refusal))")
        }
        let atLimit = "e" + String(repeating: "\u{301}", count: InputLimits.noteLength - 1)
        #expect(harness.run(.redactPersonalData("R-0001", reason: atLimit), at: now, by: projectleider).isSuccess)
    }

    @Test("journal lines: a line of the limit is written and read, one byte more is refused and nothing is written")
    func journalLine() throws {
        let path = TestSupport.temporaryDirectory("limit-journal")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (journal, _) = try Journal.open(directory: path, lockFile: path + "/store.lock", from: nil) { _ in }
        journal.lineLimit = 300
        // {"v":1,"seq":1,  + payload + ,"hash":"…64…"}  = 15 + payload + 75 bytes.
        func payload(_ length: Int) -> [UInt8] {
            let frame = Array(#""type":"t","data":{"x":""}"#.utf8)
            return Array(#""type":"t","data":{"x":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: length - frame.count)
                + Array(#""}"#.utf8)
        }
        _ = try journal.withExclusiveLock { try journal.append(payloads: [payload(300 - 15 - 75)]) }
        let segment = JournalSurgery.segmentPath(path, 1)
        let written = try #require(FileManager.default.contents(atPath: segment))
        #expect(written.count == 301)
        let error = try #require(throws: JournalError.self) {
            _ = try journal.withExclusiveLock { try journal.append(payloads: [payload(300 - 15 - 75 + 1)]) }
        }
        #expect(error.description.contains("de grens is 300 bytes"))
        #expect(error.description.contains("Er is niets geschreven"))
        #expect(FileManager.default.contents(atPath: segment) == written)
        #expect(journal.head.seq == 1)
        // Reading: the same line passes a limit of 300 and breaks one of 299, naming its seq.
        _ = try Journal.scanSegment([UInt8](written), path: segment, from: .start, lineLimit: 300) { _, _ in }
        #expect {
            _ = try Journal.scanSegment([UInt8](written), path: segment, from: .start, lineLimit: 299) { _, _ in }
        } throws: { error in
            guard case .broken(let seq, _, _, let problem) = error as? JournalError else { return false }
            return seq == 1 && problem.contains("299 bytes (de grens)")
        }
        #expect(InputLimits.journalLineBytes == 8 << 20)
    }
}
