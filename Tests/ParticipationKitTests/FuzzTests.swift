import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Seeded byte-level mutations, as a fuzzer without dependencies makes them.
///
/// Every mutation is bounded in size, so every case is bounded in work: the suites count
/// iterations and never measure time.
struct Mutator {
    enum Kind: String, CaseIterable, Sendable {
        case bitFlips, interestingByte, truncate, deleteRange, duplicateRange, hugeRun, deepNesting, invalidUTF8, nul, byteOrderMark,
            structural, hugeField
    }

    var random: SeededGenerator
    /// Bytes a huge run may have: up to this many (the 10 MB cases are separate tests).
    let hugeRunMaximum = 64_000

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func position(in bytes: [UInt8]) -> Int { bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random) }

    /// One to three mutations of `bytes`, and their names for the failure message.
    mutating func mutate(_ input: [UInt8], structural alphabet: [UInt8]) -> ([UInt8], [Kind]) {
        var bytes = input
        var kinds: [Kind] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            // Cheap mutations most of the time, expensive ones now and then.
            let kind: Kind
            let roll = Int.random(in: 0..<100, using: &random)
            switch roll {
            case 0..<3: kind = .hugeRun
            case 3..<6: kind = .deepNesting
            case 6..<7: kind = .hugeField
            default:
                kind =
                    [
                        .bitFlips, .interestingByte, .truncate, .deleteRange, .duplicateRange, .invalidUTF8, .nul, .byteOrderMark,
                        .structural,
                    ]
                    .randomElement(using: &random) ?? .bitFlips
            }
            kinds.append(kind)
            apply(kind, to: &bytes, alphabet: alphabet)
        }
        return (bytes, kinds)
    }

    mutating func apply(_ kind: Kind, to bytes: inout [UInt8], alphabet: [UInt8]) {
        switch kind {
        case .bitFlips:
            guard !bytes.isEmpty else { return }
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
            }
        case .interestingByte:
            guard !bytes.isEmpty else { return }
            let values: [UInt8] = [0x00, 0x0A, 0x0D, 0x22, 0x2C, 0x3A, 0x3B, 0x5C, 0x5B, 0x7B, 0x7D, 0x5D, 0x7F, 0x80, 0xC0, 0xFF]
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = values.randomElement(using: &random) ?? 0
        case .truncate:
            bytes = Array(bytes.prefix(position(in: bytes)))
        case .deleteRange:
            let start = position(in: bytes)
            let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
            bytes.removeSubrange(start..<end)
        case .duplicateRange:
            guard !bytes.isEmpty else { return }
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let piece = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...256, using: &random))])
            bytes.insert(contentsOf: piece, at: position(in: bytes))
        case .hugeRun:
            let byte: UInt8 =
                [UInt8(ascii: "a"), UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "9")].randomElement(using: &random) ?? 0x61
            bytes.insert(
                contentsOf: [UInt8](repeating: byte, count: Int.random(in: 1_000...hugeRunMaximum, using: &random)), at: position(in: bytes)
            )
        case .deepNesting:
            let opener: [UInt8] = Bool.random(using: &random) ? Array("[".utf8) : Array("{\"a\":".utf8)
            // Around the limit of 200 mostly; now and then the 100,000 of a hostile file.
            let count = Int.random(in: 0..<8, using: &random) == 0 ? 100_000 : Int.random(in: 190...210, using: &random)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: opener, count: count).joined()), at: position(in: bytes))
        case .invalidUTF8:
            let sequences: [[UInt8]] = [
                [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF, 0xFE], [0xE2, 0x82],
                [0xF4, 0x90, 0x80, 0x80],
            ]
            bytes.insert(contentsOf: sequences.randomElement(using: &random) ?? [0x80], at: position(in: bytes))
        case .nul:
            bytes.insert(0, at: position(in: bytes))
        case .byteOrderMark:
            let marks: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]]
            bytes.insert(contentsOf: marks.randomElement(using: &random) ?? [], at: Bool.random(using: &random) ? 0 : position(in: bytes))
        case .structural:
            guard !alphabet.isEmpty else { return }
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes.insert(alphabet.randomElement(using: &random) ?? 0x20, at: position(in: bytes))
            }
        case .hugeField:
            // Just over the file limit for JSON, or a field just over the CSV field limit.
            bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "x"), count: 1_048_577), at: position(in: bytes))
        }
    }
}

/// Tallies of what a fuzz run saw, so a run that only ever rejects (or only accepts) is noticed.
struct Tally: CustomStringConvertible {
    var accepted = 0
    var rejected = 0
    var description: String { "\(accepted) aanvaard, \(rejected) geweigerd" }
}

@Suite("Fuzzing")
struct FuzzTests {
    static let repository = TestSupport.repositoryRoot()
    static let jsonAlphabet = Array("{}[],:\"\\ \n0123456789.-eEtrufalsn".utf8)
    static let csvAlphabet = Array(";,\"\r\n\t '=+-@".utf8)

    static func bytes(_ path: String) -> [UInt8] {
        [UInt8]((try? Data(contentsOf: repository.appendingPathComponent(path))) ?? Data())
    }

    // MARK: Workflow files

    static let workflowCases = 500

    /// A workflow file that is read is valid or gives diagnostics, each error with its file,
    /// line and column, never a crash.
    static func checkWorkflow(_ bytes: [UInt8], tally: inout Tally, context: String) {
        do {
            let file = try WorkflowFile(bytes: bytes, file: "fuzz.json")
            _ = WorkflowValidator.diagnostics(for: file)
            _ = WorkflowDiagram.render(file.definition, as: .mermaid)
            tally.accepted += 1
        } catch {
            tally.rejected += 1
            #expect(!error.diagnostics.isEmpty, "\(context)")
            for diagnostic in error.diagnostics where diagnostic.severity == .error {
                #expect(diagnostic.location != nil, "\(context): zonder regel en kolom: \(diagnostic)")
                #expect(diagnostic.file == "fuzz.json", "\(context): \(diagnostic)")
                #expect(!diagnostic.message.isEmpty)
            }
        }
    }

    @Test("mutated workflow files: no crash, no hang, every rejection with file:line:column")
    func workflows() {
        let seeds = ShippedWorkflows.names.compactMap { ShippedWorkflows.bytes(named: $0) }
        var mutator = Mutator(seed: 0xF022_0001)
        var tally = Tally()
        for index in 0..<Self.workflowCases {
            let seed = seeds[index % seeds.count]
            let (bytes, kinds) = mutator.mutate(seed, structural: Self.jsonAlphabet)
            Self.checkWorkflow(bytes, tally: &tally, context: "geval \(index) (\(kinds.map(\.rawValue)))")
        }
        #expect(tally.accepted + tally.rejected == Self.workflowCases)
        #expect(tally.rejected > Self.workflowCases / 2, "\(tally)")
        #expect(tally.accepted > 0, "\(tally)")
    }

    // MARK: Plans

    static let planCases = 400

    static func checkPlan(_ bytes: [UInt8], tally: inout Tally, context: String, file name: String = "fuzz.json") {
        do {
            let file = try PlanFile(bytes: bytes, file: name)
            let check = file.check()
            for finding in check.findings { #expect(finding.location != nil || finding.pointer.tokens.isEmpty, "\(context): \(finding)") }
            let paragraph = Participatieparagraaf(plan: file.plan, isConcept: true, planDigest: file.digest).document
            _ = ReportRenderer.markdown(paragraph)
            _ = ReportRenderer.html(paragraph)
            tally.accepted += 1
        } catch {
            tally.rejected += 1
            #expect(!error.diagnostics.isEmpty, "\(context)")
            for diagnostic in error.diagnostics where diagnostic.severity == .error {
                #expect(diagnostic.location != nil, "\(context): zonder regel en kolom: \(diagnostic)")
                #expect(!diagnostic.message.isEmpty)
            }
        }
    }

    @Test("mutated participatieplannen: no crash, no hang, every rejection with file:line:column")
    func plans() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("examples").path)
        let seeds =
            names.filter { $0.hasSuffix(".json") }.sorted().map { Self.bytes("examples/\($0)") }
            + ["01-inspraak-speelplek", "03-brief-aan-de-raad", "07-referendumverzoek"].map { Self.bytes("examples/\($0)/plan.json") }
        #expect(seeds.count >= 5)
        var mutator = Mutator(seed: 0xF022_0002)
        var tally = Tally()
        for index in 0..<Self.planCases {
            let (bytes, kinds) = mutator.mutate(seeds[index % seeds.count], structural: Self.jsonAlphabet)
            Self.checkPlan(bytes, tally: &tally, context: "geval \(index) (\(kinds.map(\.rawValue)))")
        }
        #expect(tally.rejected > Self.planCases / 2, "\(tally)")
        #expect(tally.accepted > 0, "\(tally)")
    }

    /// What makes Markdown plans what they are: headings, hints, fields, bullets, comments, line ends.
    static let markdownAlphabet: [UInt8] = Array("#>-:*\n\r <!>1.".utf8) + [0xC2, 0xA0, 0x0B, 0xE2, 0x80, 0x9D]

    @Test("mutated Markdown plans: no crash, no hang, every finding and rejection with file:line:column")
    func markdownPlans() throws {
        let seeds = [
            Self.bytes("examples/plan-plein.md"), Self.bytes("examples/08-plan-in-markdown/concept.md"),
            Self.bytes("examples/08-plan-in-markdown/plan.md"), Array(PlanTemplate().markdown.utf8),
        ]
        var mutator = Mutator(seed: 0xF022_0003)
        var tally = Tally()
        for index in 0..<Self.planCases {
            let (bytes, kinds) = mutator.mutate(seeds[index % seeds.count], structural: Self.markdownAlphabet)
            Self.checkPlan(bytes, tally: &tally, context: "geval \(index) (\(kinds.map(\.rawValue)))", file: "fuzz.md")
        }
        #expect(tally.rejected > 0, "\(tally)")
        #expect(tally.accepted > Self.planCases / 4, "\(tally)")
    }

    // MARK: CSV imports

    static let csvCases = 800

    /// The example CSVs with the workflow each is imported into.
    static let csvSeeds: [(inputs: [UInt8], answers: [UInt8], definition: WorkflowDefinition)] = {
        let pairs = [
            ("01-inspraak-speelplek", "reacties.csv", "inspraak"), ("02-uitdaagrecht-park", "inbreng.csv", "uitdaagrecht"),
            ("03-brief-aan-de-raad", "inbreng.csv", "ingekomen-stuk"), ("04-noodrem-plein", "inbreng.csv", "nijmegen-participatie"),
            ("06-burgerberaad-afwijking", "inbreng.csv", "burgerberaad"), ("07-referendumverzoek", "inbreng.csv", "referendumverzoek"),
        ]
        return pairs.compactMap { folder, file, workflow in
            guard let definition = try? TestSupport.shipped(workflow) else { return nil }
            return (bytes("examples/\(folder)/\(file)"), bytes("examples/\(folder)/antwoorden.csv"), definition)
        }
    }()

    static func lineCount(_ bytes: [UInt8]) -> Int { bytes.reduce(1) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) } }

    @Test("mutated input and feedback imports: no crash, no hang, every rejection names its line")
    func imports() {
        let seeds = Self.csvSeeds
        #expect(seeds.count == 6)
        var mutator = Mutator(seed: 0xF022_0003)
        var inputs = Tally()
        var answers = Tally()
        let today = TestSupport.day("2027-12-31")
        for index in 0..<Self.csvCases {
            let seed = seeds[index % seeds.count]
            let feedback = index % 2 == 1
            let (bytes, kinds) = mutator.mutate(feedback ? seed.answers : seed.inputs, structural: Self.csvAlphabet)
            let context = "geval \(index) (\(kinds.map(\.rawValue)))"
            let lines = Self.lineCount(bytes)
            do {
                if feedback {
                    _ = try FeedbackImport.feedback(fromCSV: bytes, file: "fuzz.csv")
                    answers.accepted += 1
                } else {
                    _ = try InputImport.inputs(fromCSV: bytes, file: "fuzz.csv", definition: seed.definition, today: today)
                    inputs.accepted += 1
                }
            } catch {
                if feedback { answers.rejected += 1 } else { inputs.rejected += 1 }
                #expect(!error.problems.isEmpty, "\(context)")
                for problem in error.problems {
                    #expect((1...lines).contains(problem.line), "\(context): regel \(problem.line) van \(lines): \(problem.message)")
                    #expect(!problem.message.isEmpty)
                    // A message repeats at most an excerpt of a value, never a whole huge field.
                    #expect(problem.message.utf8.count < 2_000, "\(context): melding van \(problem.message.utf8.count) bytes")
                }
                #expect(error.description.contains("fuzz.csv:"), "\(context)")
            }
        }
        #expect(inputs.accepted > 0 && inputs.rejected > 0, "\(inputs)")
        #expect(answers.accepted > 0 && answers.rejected > 0, "\(answers)")
    }

    // MARK: Journal lines

    static let journalCases = 150

    /// A store with an inspraak (inputs, answers, a withdrawal, a term extension, documents,
    /// transitions) and a letter to the raad: every kind of event.
    static let journalTemplate: (path: String, lines: [[UInt8]]) = {
        let path = TestSupport.temporaryDirectory("fuzz-journal")
        let actor = ActorIdentity(role: "projectleider", name: "T. Tester")
        let griffie = ActorIdentity(role: "griffie")
        func t(_ text: String) -> Date { TestSupport.instant(text) }
        do {
            let store = try ParticipationStore(path: path, session: .exercise())
            let inspraak = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
            let letter = try store.storeDefinition(try TestSupport.shippedFile("ingekomen-stuk"))
            try store.execute(
                .start(StartProcess(id: "P", title: "Plein", attributes: ["impact": "laag"], definitionHash: inspraak)), on: "P", by: actor,
                at: t("2026-03-13T10:00:00+01:00"))
            try store.execute(.attachDocument(kind: "ontwerp", reference: "Z-1"), on: "P", by: actor, at: t("2026-03-13T10:00:00+01:00"))
            try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: actor, at: t("2026-03-16T09:00:00+01:00"))
            try store.execute(
                .addInputs(
                    (1...4).map {
                        NewInput(
                            kind: "inspraakreactie", text: "Reactie \($0)", theme: $0 % 2 == 0 ? "groen" : "verkeer",
                            publicName: "Buurt \($0)")
                    }),
                on: "P", by: actor, at: t("2026-03-20T09:00:00+01:00"), personal: [PersonalDetails(name: "A. Jansen"), nil, nil, nil])
            try store.execute(
                .extendTerm(days: 14, reason: "Meer tijd voor de buurt"), on: "P", by: actor, at: t("2026-03-21T09:00:00+01:00"))
            try store.execute(
                .withdrawInput("R-0004", reason: "Brief van de indiener", evidence: "Brief Z-2026-0322"), on: "P", by: actor,
                at: t("2026-03-22T09:00:00+01:00"))
            try store.execute(
                .recordFeedbacks(
                    (1...3).map {
                        NewFeedback(input: InputID("R-000\($0)"), verdict: $0 == 1 ? .overgenomen : .deels, motivation: "Antwoord \($0)")
                    }),
                on: "P", by: actor, at: t("2026-04-01T09:00:00+02:00"))
            try store.execute(
                .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-04-02")), on: "P", by: actor, at: t("2026-04-02T09:00:00+02:00"))
            try store.execute(
                .start(StartProcess(id: "B", title: "Brief", definitionHash: letter)), on: "B", by: griffie,
                at: t("2026-03-13T10:00:00+01:00"))
            try store.execute(
                .addInput(NewInput(id: "B-1", kind: "punt", text: "Een punt")), on: "B", by: griffie, at: t("2026-03-14T10:00:00+01:00"))
            let lines = JournalSurgery.segments(path + "/journal").flatMap(JournalSurgery.lines)
            return (path, lines)
        } catch {
            preconditionFailure("kan de fuzz-opslag niet maken: \(error)")
        }
    }()

    /// Values a journal line's member may get instead of its own.
    static let journalValues: [String] = [
        "\"\"", "null", "0", "-1", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1e308", "1.5", "true", "[]",
        "{}",
        "\"9999-12-31\"", "\"0001-01-01\"", "\"2026-02-30\"", "\"2026-03-16T09:00:00+01:00\"", "\"R-0001\"", "\"P\"", "\"B\"", "\"Q\"",
        "\"overgenomen\"", "\"terInzage\"", "\"afgerond\"", "\"inspraakreactie\"", "\"weeks\"", "\"atw\"", "[\"R-0001\",\"R-0001\"]",
        "{\"role\":\"x\"}", "\"\\u0000\"", "\"\\ud800\"", "\"\u{202E}\"",
    ]

    /// A mutated body: usually one member's value replaced by another (to reach the event
    /// decoder and the engine with well-formed but wrong data), sometimes raw byte damage.
    static func mutatedBody(_ body: [UInt8], using mutator: inout Mutator) -> [UInt8] {
        if Int.random(in: 0..<4, using: &mutator.random) == 0 {
            let (bytes, _) = mutator.mutate(body, structural: jsonAlphabet)
            return bytes
        }
        let text = String(decoding: body, as: UTF8.self)
        let starts = text.indices.filter { text[$0] == ":" }
        guard let colon = starts.randomElement(using: &mutator.random) else { return body }
        let valueStart = text.index(after: colon)
        // The value runs to the next `,"` or `}` (good enough for flat members; nested ones lose a piece).
        var end = valueStart
        var inString = false
        var escaped = false
        while end < text.endIndex {
            let character = text[end]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "," || character == "}" {
                break
            }
            end = text.index(after: end)
        }
        let value = journalValues.randomElement(using: &mutator.random) ?? "null"
        return Array((String(text[..<valueStart]) + value + String(text[end...])).utf8)
    }

    @Test("journal lines mutated and re-hashed into the chain: opening refuses with the seq or opens, and agrees with verify")
    func journal() throws {
        let template = Self.journalTemplate
        let path = try JournalSurgery.copy(template.path, label: "fuzz-journal-run")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let segment = JournalSurgery.segmentPath(path + "/journal", 1)
        var mutator = Mutator(seed: 0xF022_0004)
        var tally = Tally()
        let count = template.lines.count
        for index in 0..<Self.journalCases {
            let target = Int.random(in: 0..<count, using: &mutator.random)
            var lines = template.lines
            guard let parts = JournalSurgery.parts(lines[target]) else { continue }
            let body = Self.mutatedBody(parts.body, using: &mutator)
            // Re-hash from the target on, so the chain holds and the content is what is tested.
            var previous = target == 0 ? SHA256Digest.zero : SHA256Digest(hex: JournalSurgery.parts(lines[target - 1])?.hash ?? "") ?? .zero
            for position in target..<count {
                let bodyHere = position == target ? body : (JournalSurgery.parts(lines[position])?.body ?? [])
                let rewritten = JournalSurgery.line(body: bodyHere, after: previous)
                lines[position] = rewritten.line
                previous = rewritten.hash
            }
            _ = FileManager.default.createFile(atPath: segment, contents: Data(lines.flatMap { $0 }))
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path + "/journal")) ?? [] where name.hasPrefix("torn-") {
                try? FileManager.default.removeItem(atPath: path + "/journal/" + name)
            }
            let context = "geval \(index), regel \(target + 1): \(String(decoding: body.prefix(300), as: UTF8.self))"
            let report = ParticipationStore.verify(at: path)
            do {
                let store = try ParticipationStore(path: path, session: .exercise())
                tally.accepted += 1
                #expect(report.problem == nil, "\(context): geopend, maar verify vindt \(report)")
                // Whatever the events said, the reports can be made.
                let today = TestSupport.day("2026-06-01")
                var withDefinitions: [(state: ProcessState, definition: WorkflowDefinition)] = []
                var withEngines: [(state: ProcessState, engine: ProcessEngine)] = []
                for state in store.processes {
                    let engine = try store.engine(for: state)
                    withDefinitions.append((state, engine.definition))
                    withEngines.append((state, engine))
                    _ = ReportRenderer.text(ReactienotaReport(state: state, engine: engine).document)
                }
                _ = ReportRenderer.text(
                    AuditReport.build(processes: withDefinitions, head: store.head, verified: true, asOf: today).document)
                _ = ReportRenderer.html(RegisterReport(processes: withEngines, today: today).document)
                _ = DeadlinesReport(processes: withEngines, today: today, within: 365).iCalendar(
                    stamp: TestSupport.instant("2026-06-01T09:00:00+02:00"))
            } catch {
                tally.rejected += 1
                let message = "\(error)"
                #expect(
                    message.range(of: #"[Rr]egel \d+"#, options: .regularExpression) != nil, "\(context): geen regelnummer in \(message)")
                #expect(report.problem != nil || !report.isIntact, "\(context): niet geopend (\(message)), maar verify vindt niets")
                if case .broken(let seq, _, _, _)? = report.problem {
                    #expect(message.contains("egel \(seq)"), "\(context): verify noemt regel \(seq), openen zegt \(message)")
                }
            }
        }
        #expect(tally.accepted > 0 && tally.rejected > 0, "\(tally)")
    }

    @Test("a journal line naming a workflow the store does not have is refused with its seq")
    func unknownDefinition() throws {
        let path = try JournalSurgery.copy(Self.journalTemplate.path, label: "fuzz-definition")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Line 1 says the store was created; line 2 starts the process.
        JournalSurgery.rewrite(path + "/journal", from: 1) { index, body in
            guard index == 1 else { return body }
            return Array(
                String(decoding: body, as: UTF8.self).replacing(/"definitionHash":"[0-9a-f]+"/, with: #""definitionHash":"0000""#).utf8)
        }
        #expect {
            _ = try ParticipationStore(path: path, session: .exercise())
        } throws: { error in
            "\(error)".hasPrefix("Journaalregel 2: De werkstroom 0000 ontbreekt")
        }
        guard case .broken(let seq, _, _, _)? = ParticipationStore.verify(at: path).problem else {
            Issue.record("verify vond niets")
            return
        }
        #expect(seq == 2)
    }

    // MARK: The named cases

    @Test("100,000 opening brackets in a workflow, a plan and a journal line are refused with a location")
    func deepNesting() throws {
        let deep = Array(("{\"formatVersion\":1,\"x\":" + String(repeating: "[", count: 100_000)).utf8)
        var tally = Tally()
        Self.checkWorkflow(deep, tally: &tally, context: "diepe werkstroom")
        Self.checkPlan(deep, tally: &tally, context: "diep plan")
        #expect(tally.rejected == 2)
        let error = try #require(throws: WorkflowFileError.self) { try WorkflowFile(bytes: deep, file: "diep.json") }
        #expect(error.description.contains("diep.json:1:223: fout: [PK001]"))
        // As a journal line, hashed into the chain: refused with its seq.
        let path = try JournalSurgery.copy(Self.journalTemplate.path, label: "fuzz-deep")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let last = Self.journalTemplate.lines.count
        JournalSurgery.rewrite(path + "/journal", from: last - 1) { _, body in
            Array(
                String(decoding: body, as: UTF8.self).replacingOccurrences(
                    of: #""data":{"#,
                    with: #""data":{"x":"# + String(repeating: "[", count: 100_000) + "0" + String(repeating: "]", count: 100_000) + ","
                ).utf8)
        }
        #expect {
            _ = try ParticipationStore(path: path, session: .exercise())
        } throws: { error in
            "\(error)".contains("Journaalregel \(last)") && "\(error)".contains("te diep genest")
        }
    }

    @Test("10 MB in one field: a workflow, a plan, an import and a journal line are refused by their limits")
    func tenMegabytes() throws {
        let huge = String(repeating: "x", count: 10_000_000)
        let workflow = try #require(throws: WorkflowFileError.self) {
            try WorkflowFile(bytes: Array("{\"formatVersion\":1,\"title\":\"\(huge)\"}".utf8), file: "groot.json")
        }
        #expect(workflow.description.contains("groot.json:1:1: fout: [PK001]"))
        #expect(throws: PlanFileError.self) { try PlanFile(bytes: Array("{\"project\":\"\(huge)\"}".utf8)) }
        let csv = Array("soort;tekst\ninspraakreactie;\(huge)\n".utf8)
        let csvError = try #require(throws: ImportError.self) {
            try InputImport.inputs(
                fromCSV: csv, file: "groot.csv", definition: try TestSupport.shipped("inspraak"), today: TestSupport.day("2026-04-01"))
        }
        #expect(csvError.description.contains("groot.csv:2: een veld is langer dan 1.000.000 bytes (de grens)"))
        let answers = Array("kenmerk;oordeel;motivering\nR-1;deels;\(huge)\n".utf8)
        #expect(throws: ImportError.self) { try FeedbackImport.feedback(fromCSV: answers, file: "groot.csv") }
        // A journal line of 10 MB is refused on its length, before any hashing.
        let path = try JournalSurgery.copy(Self.journalTemplate.path, label: "fuzz-huge")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let segment = JournalSurgery.segmentPath(path + "/journal", 1)
        var bytes = try #require(FileManager.default.contents(atPath: segment))
        bytes.append(contentsOf: Array(#"{"v":1,"seq":99,"#.utf8) + Array(huge.utf8) + Array(#","hash":"0"}"#.utf8) + [0x0A])
        try bytes.write(to: URL(fileURLWithPath: segment))
        let line = Self.journalTemplate.lines.count + 1
        #expect {
            _ = try ParticipationStore(path: path, session: .exercise())
        } throws: { error in
            "\(error)".contains("vanaf regel \(line)") && "\(error)".contains("langer dan 8388608 bytes")
        }
        #expect(ParticipationStore.verify(at: path).head.seq == UInt64(line - 1))
    }

    @Test("invalid UTF-8, NUL bytes and byte order marks: refused with a location, a UTF-8 BOM at the start accepted")
    func encodings() throws {
        let workflow = try #require(ShippedWorkflows.bytes(named: "inspraak"))
        let plan = Self.bytes("examples/plan-plein.json")
        let csv = Self.bytes("examples/01-inspraak-speelplek/reacties.csv")
        let definition = try TestSupport.shipped("inspraak")
        let today = TestSupport.day("2026-12-31")
        // Where the text is: inside the first string value.
        let inString = (workflow.firstIndex(of: UInt8(ascii: "\"")) ?? 0) + 1
        for (name, insert) in [
            ("ongeldige UTF-8", [UInt8]([0xC0, 0x80])), ("NUL", [0]), ("BOM in het midden", [0xEF, 0xBB, 0xBF]),
            ("UTF-16-BOM", [0xFF, 0xFE]),
        ] {
            var broken = workflow
            broken.insert(contentsOf: insert, at: inString + 2)
            var tally = Tally()
            Self.checkWorkflow(broken, tally: &tally, context: name)
            var brokenPlan = plan
            brokenPlan.insert(contentsOf: insert, at: 40)
            Self.checkPlan(brokenPlan, tally: &tally, context: name)
            #expect(tally.rejected >= 1, "\(name): \(tally)")
            var brokenCSV = csv
            let secondLine = (csv.firstIndex(of: 0x0A) ?? 0) + 5
            brokenCSV.insert(contentsOf: insert, at: secondLine)
            do {
                _ = try InputImport.inputs(fromCSV: brokenCSV, file: "r.csv", definition: definition, today: today)
                #expect(name == "BOM in het midden", "\(name) in CSV aanvaard")
            } catch {
                #expect(error.problems.allSatisfy { $0.line == 2 }, "\(name): \(error)")
            }
        }
        // A UTF-8 byte order mark at the very start is what Excel writes: fine everywhere.
        _ = try WorkflowFile(bytes: [0xEF, 0xBB, 0xBF] + workflow)
        _ = try PlanFile(bytes: [0xEF, 0xBB, 0xBF] + plan)
        _ = try InputImport.inputs(
            fromCSV: [0xEF, 0xBB, 0xBF] + Array(csv.drop(while: { $0 >= 0x80 })), file: "r.csv", definition: definition, today: today)
    }
}
