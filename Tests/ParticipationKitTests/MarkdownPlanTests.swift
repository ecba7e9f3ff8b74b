import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private func exampleBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: TestSupport.repositoryRoot().appendingPathComponent("examples/\(name)")))
}

/// Reads Markdown text as a plan file named `plan.md`.
private func read(_ text: String) throws(PlanFileError) -> PlanFile {
    try PlanFile(bytes: Array(text.utf8), file: "plan.md")
}

/// The diagnostics a Markdown plan is refused with (empty when it reads).
private func readErrors(_ text: String) -> [Diagnostic] {
    do {
        _ = try read(text)
        return []
    } catch {
        return error.diagnostics
    }
}

/// The 1-based number of the first line of `text` that contains `fragment`.
private func line(of fragment: String, in text: String) -> Int? {
    text.components(separatedBy: "\n").firstIndex { $0.contains(fragment) }.map { $0 + 1 }
}

/// A complete plan in Markdown, as a projectleider fills in the form.
private let completeMarkdown = """
    # Participatieplan: Herinrichting Plein 1944

    Werkstroom: nijmegen-participatie
    Impact: hoog
    Participatie: ja

    ## 1. Welke voordelen het heeft om inwoners (wel/ niet) te betrekken

    > Waarom is het goed dat inwoners meedoen? Of waarom doen ze deze keer niet mee?

    Bewoners weten het best hoe het plein werkt.

    ## 2. In welke fase(n) inwoners betrokken worden en met welk doel

    Samen denken over de indeling van het plein.

    ## 3. Waarom welke vorm van participatie wordt gebruikt

    Een avond op het plein bereikt de buren.

    ## 4. Welke voorwaarden en verwachtingen van belang zijn (en worden gedeeld) in het participatieproces. En hoe dit wordt gecommuniceerd.

    Het budget ligt vast, dat staat in de brief.

    ## 5. Welke risico’s zijn er in de fase van participatie en welke maatregelen er worden genomen om dit te controleren.

    Alleen bekende groepen doen mee; we gaan zelf langs.

    ## 6. Hoe het proces van afstemming en communicatie met inwoners over het participatieproces eruitziet.

    Eén vast aanspreekpunt en een maandelijkse brief.

    ## 7. Hoe er wordt geëvalueerd.

    Een enquête na een jaar.

    ## Fasen

    ### Samen denken

    Doel: Ideeën ophalen over het plein.
    Niveau: raadplegen

    ## Belanghebbenden

    - Bewoners rond het plein

    ## Kaders van de raad

    Besluit: Raadsbesluit 2026-12
    Datum: 11-02-2026
    Samenvatting: Het budget is vier miljoen euro.

    """

@Suite("Participatieplan in Markdown")
struct MarkdownPlanTests {
    // MARK: The form and the round trip

    @Test("the empty form reads, and the check lists every question at its own heading line")
    func emptyFormRoundTrip() throws {
        let text = PlanTemplate().markdown
        let file = try read(text)
        #expect(file.format == .markdown)
        #expect(file.plan.project == "")
        #expect(file.plan.answers.isEmpty)
        #expect(file.plan.phases.isEmpty, "a phase with nothing filled in is not planned")
        #expect(file.plan.stakeholders.isEmpty, "the form's empty bullet is no stakeholder")
        #expect(file.plan.kaders == nil, "kaders with nothing filled in are no kaders")
        let check = file.check()
        #expect(!check.isComplete)
        for question in PlanQuestion.allCases {
            let finding = try #require(check.findings.first { $0.pointer.description == "/vragen/\(question.rawValue)" })
            #expect(finding.code == .planAnswerMissing)
            #expect(finding.location?.line == line(of: "## \(question.number). ", in: text))
            #expect(finding.description.hasPrefix("plan.md:\(finding.location?.line ?? 0):1: fout: [PK110] vraag \(question.number) "))
        }
        #expect(check.findings.map(\.code).contains(.planProjectUnnamed))
        #expect(check.findings.map(\.code).contains(.planParticipationUnchosen))
        #expect(check.findings.map(\.code).contains(.planImpactMissing))
        #expect(check.findings.map(\.code).contains(.planNoStakeholders))
    }

    @Test("the form has one heading per question with its wording and a one-line hint under it")
    func formLayout() throws {
        let lines = PlanTemplate(project: "Speelplek").markdown.components(separatedBy: "\n")
        #expect(lines.first == "# Participatieplan: Speelplek")
        for question in PlanQuestion.allCases {
            let index = try #require(lines.firstIndex(of: "## \(question.number). \(question.wording)"))
            #expect(lines[index + 2] == "> \(question.hint)")
            #expect(!question.hint.contains("\n"))
        }
        for heading in ["## Fasen", "## Belanghebbenden", "## Kaders van de raad", "### Samen denken", "### Samen leren"] {
            #expect(lines.contains(heading))
        }
        #expect(PlanTemplate(checkHint: "Controleer met: X").markdown.contains("\n> Controleer met: X\n"))
        #expect(!PlanTemplate().markdown.contains("participatie plan"), "the library writes no command-line syntax")
    }

    @Test("with a workflow, the form takes its phases: each phase's state with the most say, its goal and level")
    func formFromWorkflow() throws {
        let nijmegen = try WorkflowFile(bytes: try #require(ShippedWorkflows.bytes(named: "nijmegen-participatie"))).definition
        let phases = PlanTemplate(workflow: nijmegen).phases
        #expect(phases.map(\.phase.phase) == [.denken, .besluiten, .doen, .leren])
        #expect(phases.map(\.phase.level) == [.raadplegen, .adviseren, .coproduceren, .raadplegen])
        #expect(phases.map(\.state) == ["Samen denken", "Samen besluiten", "Samen doen", "Samen leren (evaluatie)"])
        #expect(phases[0].phase.goal == nijmegen.states["samenDenken"]?.goal)
        let inspraak = try WorkflowFile(bytes: try #require(ShippedWorkflows.bytes(named: "inspraak"))).definition
        #expect(PlanTemplate(workflow: inspraak).phases.map(\.phase.phase) == [.denken])
        let text = PlanTemplate(workflow: nijmegen).markdown
        #expect(text.contains("\nWerkstroom: nijmegen-participatie\n"))
        #expect(text.contains("\nDoel: \(nijmegen.states["samenBesluiten"]?.goal ?? "?")\nNiveau: adviseren\n"))
        // Filled in from the workflow, the phases count; the plan reads with them.
        let file = try read(text)
        #expect(file.plan.workflow == "nijmegen-participatie")
        #expect(file.plan.phases.map(\.level) == [.raadplegen, .adviseren, .coproduceren, .raadplegen])
    }

    @Test("a filled-in form is complete and reads every part")
    func complete() throws {
        let file = try read(completeMarkdown)
        #expect(file.check().findings.isEmpty, "\(file.check().findings)")
        let plan = file.plan
        #expect(plan.project == "Herinrichting Plein 1944")
        #expect(plan.workflow == "nijmegen-participatie")
        #expect(plan.impact == .hoog)
        #expect(plan.participation == true)
        #expect(plan.answer(to: .voordelen) == "Bewoners weten het best hoe het plein werkt.")
        #expect(plan.phases == [.init(phase: .denken, goal: "Ideeën ophalen over het plein.", level: .raadplegen)])
        #expect(plan.stakeholders == ["Bewoners rond het plein"])
        #expect(
            plan.kaders
                == .init(
                    decision: "Raadsbesluit 2026-12", date: CivilDate(year: 2026, month: 2, day: 11),
                    summary: "Het budget is vier miljoen euro."))
        #expect(file.digest == SHA256.hash(Array(completeMarkdown.utf8)))
    }

    @Test("examples/plan-plein.md reads to the same plan as examples/plan-plein.json")
    func markdownTwinOfJSON() throws {
        let markdown = try PlanFile(bytes: try exampleBytes("plan-plein.md"), file: "examples/plan-plein.md")
        let json = try PlanFile(bytes: try exampleBytes("plan-plein.json"), file: "examples/plan-plein.json")
        #expect(markdown.format == .markdown)
        #expect(json.format == .json)
        #expect(markdown.plan == json.plan)
        #expect(markdown.check().isComplete)
    }

    @Test("the scenario's concept plan from Word (Windows-1252, CRLF) misses questions 5 and 6, at their lines")
    func scenarioConcept() throws {
        let bytes = try exampleBytes("08-plan-in-markdown/concept.md")
        #expect(!bytes.withUnsafeBufferPointer(UTF8Text.isValid), "the example must stay Windows-1252")
        #expect(bytes.contains(0x0D))
        let file = try PlanFile(bytes: bytes, file: "concept.md")
        #expect(file.encoding == .windows1252)
        let findings = file.check().findings
        #expect(findings.map(\.code) == [.planAnswerPlaceholder, .planAnswerMissing])
        #expect(findings.map { $0.location?.line } == [47, 49])
        #expect(file.plan.answer(to: .voorwaarden)?.contains("80.000 euro") == true, "a non-breaking space is a space")
        #expect(file.plan.impact == .midden)
        let complete = try PlanFile(bytes: try exampleBytes("08-plan-in-markdown/plan.md"), file: "plan.md")
        #expect(complete.check().isComplete)
        #expect(complete.plan.project == file.plan.project)
    }

    // MARK: Headings

    @Test("a missing question heading: not answered, pointed at where the heading belongs, and said so")
    func missingHeading() throws {
        let text = completeMarkdown.replacingOccurrences(of: "## 3. Waarom welke vorm van participatie wordt gebruikt\n", with: "")
        let findings = try read(text).check().findings
        #expect(findings.map(\.code) == [.planAnswerMissing])
        let finding = try #require(findings.first)
        #expect(finding.location?.line == line(of: "## 4. ", in: text))
        #expect(finding.message.contains("De kop van deze vraag ontbreekt"))
        #expect(finding.message.contains("## 3. Waarom welke vorm van participatie wordt gebruikt"))
        // The text that stood under it now belongs to question 2.
        #expect(try read(text).plan.answer(to: .fasenEnDoel)?.contains("Een avond op het plein") == true)
    }

    @Test("a question heading given twice is PK101, naming both lines; so is a section twice")
    func duplicateHeading() {
        let text = completeMarkdown.replacingOccurrences(
            of: "## 7. Hoe er wordt geëvalueerd.", with: "## 7. Hoe er wordt geëvalueerd.\n\nx\n\n## 2. In welke fase(n)")
        let errors = readErrors(text)
        #expect(errors.map(\.code) == [.planSyntax])
        let first = line(of: "## 2. In welke fase(n) inwoners", in: text) ?? 0
        let second =
            line(of: "## 2. In welke fase(n)", in: text.components(separatedBy: "\n").dropFirst(first).joined(separator: "\n")).map {
                $0 + first
            } ?? 0
        #expect(errors.first?.location?.line == second)
        #expect(
            errors.first?.message
                == "de kop van vraag 2 staat er twee keer: op regel \(first) en op regel \(second). Zet alles onder één kop.")
        let sections = readErrors(completeMarkdown + "\n## Belanghebbenden\n\n- Ondernemers\n")
        #expect(sections.map(\.code) == [.planSyntax])
        #expect(sections.first?.message.hasPrefix("de kop \"## Belanghebbenden\" staat er twee keer") == true)
        let fields = readErrors(completeMarkdown.replacingOccurrences(of: "Impact: hoog\n", with: "Impact: hoog\nImpact: laag\n"))
        #expect(fields.map(\.code) == [.planSyntax])
        #expect(fields.first?.message == "\"Impact:\" staat er twee keer: op regel 4 en op regel 5. Laat er één staan.")
    }

    @Test("an unknown heading is PK102 at its line, with a suggestion when one is close")
    func unknownHeading() {
        var errors = readErrors(completeMarkdown.replacingOccurrences(of: "## Belanghebbenden", with: "## Belanghebenden"))
        #expect(errors.map(\.code) == [.planUnknownKey])
        #expect(
            errors.first?.location
                == ParticipationKit.SourceLocation(
                    line: line(
                        of: "## Belanghebenden",
                        in: completeMarkdown.replacingOccurrences(of: "## Belanghebbenden", with: "## Belanghebenden")) ?? 0, column: 4))
        #expect(errors.first?.message == "onbekende kop \"## Belanghebenden\"; bedoelt u \"## Belanghebbenden\"?")
        errors = readErrors(
            completeMarkdown.replacingOccurrences(
                of:
                    "## 5. Welke risico’s zijn er in de fase van participatie en welke maatregelen er worden genomen om dit te controleren.",
                with: "## Risico's"))
        #expect(errors.first?.message.contains("bedoelt u \"## 5. Welke risico’s zijn er") == true)
        errors = readErrors(completeMarkdown + "\n## Bijlagen\n\nEen kaart.\n")
        #expect(errors.map(\.code) == [.planUnknownKey])
        #expect(errors.first?.message.contains("Het plan kent de zeven vragen van punt 9") == true)
        #expect(
            errors.first?.description.hasPrefix("plan.md:\(completeMarkdown.components(separatedBy: "\n").count + 1):4: fout: [PK102]")
                == true)
        // A heading of level 3 outside Fasen and outside an answer.
        #expect(
            readErrors(completeMarkdown.replacingOccurrences(of: "- Bewoners", with: "### Groepen\n- Bewoners")).map(\.code) == [
                .planUnknownKey
            ])
    }

    @Test("question headings are found by wording, by short title, or by number; in any case and with any quotes")
    func questionHeadings() {
        typealias Reader = MarkdownPlanReader
        #expect(
            Reader.question(
                forHeading:
                    "5. Welke risico's zijn er in de fase van participatie en welke maatregelen er worden genomen om dit te controleren")
                == .risicos)
        #expect(Reader.question(forHeading: "Risico’s en maatregelen") == .risicos)
        #expect(Reader.question(forHeading: "**Vraag 7: Evaluatie**") == .evaluatie)
        #expect(Reader.question(forHeading: "3) iets anders") == .vorm)
        #expect(Reader.question(forHeading: "8. Overig") == nil)
        #expect(Reader.question(forHeading: "Samenvatting") == nil)
        #expect(Reader.phase(forHeading: "Fase denken") == .denken)
        #expect(Reader.phase(forHeading: "Samen leren (evaluatie)") == .leren)
        #expect(Reader.phase(forHeading: "Samen doenn") == nil)
    }

    @Test("a title without the project's name reads, and the check asks for it (PK115); no title at all is PK104")
    func title() throws {
        let placeholder = completeMarkdown.replacingOccurrences(of: "Herinrichting Plein 1944", with: "[naam van het project]")
        let findings = try read(placeholder).check().findings
        #expect(findings.map(\.code) == [.planProjectUnnamed])
        #expect(findings.first?.location?.line == 1)
        #expect(findings.first?.message.contains("achter \"# Participatieplan:\"") == true)
        #expect(
            try read(completeMarkdown.replacingOccurrences(of: "Participatieplan: ", with: "")).plan.project == "Herinrichting Plein 1944")
        let untitled = readErrors(completeMarkdown.replacingOccurrences(of: "# Participatieplan: Herinrichting Plein 1944\n", with: ""))
        #expect(untitled.map(\.code) == [.planMissingKey])
        #expect(readErrors(completeMarkdown + "\n# Nog een titel\n").map(\.code) == [.planSyntax])
        // In JSON the name is required to read; the check's rule words itself for JSON there.
        #expect(PlanCheck(ParticipationPlan(project: " ")).findings.first?.message == "het project heeft geen naam: vul \"project\" in.")
    }

    // MARK: Answers

    @Test("a hint is never an answer: lines with >, HTML comments, and the form's hints that lost their >")
    func hintsAreNoAnswer() throws {
        let hint = PlanQuestion.vorm.hint
        for filler in ["> \(hint)", hint, "  \(hint)  ", "<!-- \(hint) -->", "<!--\nmeer regels\n-->"] {
            let text = completeMarkdown.replacingOccurrences(of: "Een avond op het plein bereikt de buren.", with: filler)
            let findings = try read(text).check().findings
            #expect(findings.map(\.code) == [.planAnswerMissing], "\(filler)")
            #expect(findings.first?.pointer.description == "/vragen/vorm")
        }
        // An answer typed after a > is not read, and the finding says why.
        let quoted = completeMarkdown.replacingOccurrences(
            of: "Een avond op het plein bereikt de buren.", with: "> Een avond op het plein.")
        let finding = try #require(try read(quoted).check().findings.first)
        #expect(finding.message.contains("Alleen regels met > staan eronder"))
        // A hint beside an answer is dropped; the answer stays.
        let both = completeMarkdown.replacingOccurrences(
            of: "Een avond op het plein bereikt de buren.", with: "\(hint)\nEen avond op het plein bereikt de buren.")
        #expect(try read(both).plan.answer(to: .vorm) == "Een avond op het plein bereikt de buren.")
    }

    @Test("an answer runs over lines and paragraphs; subheadings in it are part of it")
    func multilineAnswers() throws {
        let text = completeMarkdown.replacingOccurrences(
            of: "Een avond op het plein bereikt de buren.", with: "Een avond op het plein.\nEn een kaart.\n\n### Waarom\n\nDe buren komen.")
        #expect(try read(text).plan.answer(to: .vorm) == "Een avond op het plein.\nEn een kaart.\n\n### Waarom\n\nDe buren komen.")
        let kaders = completeMarkdown.replacingOccurrences(
            of: "Samenvatting: Het budget is vier miljoen euro.", with: "Samenvatting:\nHet budget is vier miljoen euro.\nDe markt blijft.")
        #expect(try read(kaders).plan.kaders?.summary == "Het budget is vier miljoen euro.\nDe markt blijft.")
    }

    @Test("text pasted from Word reads: BOM, CRLF, CR, non-breaking spaces, curly quotes, soft hyphens, a manual line break")
    func wordPaste() throws {
        var text =
            completeMarkdown
            .replacingOccurrences(of: "Impact: hoog", with: "Impact:\u{00A0}**Hoog**.")
            .replacingOccurrences(of: "Participatie: ja", with: "Participatie:\u{00A0}“ja”")
            .replacingOccurrences(
                of: "Een avond op het plein bereikt de buren.", with: "Een “avond” op het\u{00A0}plein\u{000B}bereikt de bu\u{00AD}ren."
            )
            .replacingOccurrences(of: "## 2. In welke", with: "##\u{00A0}2. In welke")
            .replacingOccurrences(of: "- Bewoners rond het plein", with: "• Bewoners rond het plein\n1. Ondernemers")
            .replacingOccurrences(of: "Niveau: raadplegen", with: "**Niveau:** raadplegen")
        for (name, bytes) in [
            ("CRLF en BOM", [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("CR", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8)),
        ] {
            let file = try PlanFile(bytes: bytes, file: "plan.md")
            #expect(file.check().findings.isEmpty, "\(name): \(file.check().findings)")
            #expect(file.plan.impact == .hoog, "\(name)")
            #expect(file.plan.participation == true, "\(name)")
            #expect(file.plan.answer(to: .vorm) == "Een “avond” op het plein\nbereikt de buren.", "\(name)")
            #expect(file.plan.stakeholders == ["Bewoners rond het plein", "Ondernemers"], "\(name)")
            #expect(file.plan.phases.first?.level == .raadplegen, "\(name)")
            #expect(file.encoding == .utf8)
        }
        // Line numbers count CRLF and CR line ends as one each.
        text = completeMarkdown.replacingOccurrences(of: "Een avond op het plein bereikt de buren.", with: "")
        let crlf = try PlanFile(bytes: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), file: "plan.md")
        #expect(crlf.check().findings.first?.location?.line == line(of: "## 3. ", in: text))
    }

    @Test("Windows-1252 and UTF-16 read, and say so; NUL bytes without a BOM do not")
    func encodings() throws {
        let text = completeMarkdown.replacingOccurrences(
            of: "Een avond op het plein bereikt de buren.", with: "Een “avond” in het café, € 0.")
        let cp1252 = try #require(text.data(using: .windowsCP1252))
        let file = try PlanFile(bytes: [UInt8](cp1252), file: "plan.md")
        #expect(file.encoding == .windows1252)
        #expect(file.plan.answer(to: .vorm) == "Een “avond” in het café, € 0.")
        #expect(file.plan.answer(to: .risicos) == "Alleen bekende groepen doen mee; we gaan zelf langs.")
        let utf16 = [UInt8](try #require(text.data(using: .utf16LittleEndian)))
        let sixteen = try PlanFile(bytes: [0xFF, 0xFE] + utf16, file: "plan.md")
        #expect(sixteen.encoding == .utf16LittleEndian)
        #expect(sixteen.plan == file.plan)
        do {
            _ = try PlanFile(bytes: utf16, file: "plan.md")
            Issue.record("UTF-16 without a BOM read")
        } catch {
            #expect(error.diagnostics.map(\.code) == [.planSyntax])
            #expect(error.diagnostics.first?.message.contains("NUL-bytes") == true)
        }
    }

    // MARK: Fields and values

    @Test("unknown values are PK105 at their line, with a suggestion; a field one letter off is PK102")
    func values() {
        var errors = readErrors(completeMarkdown.replacingOccurrences(of: "Niveau: raadplegen", with: "Niveau: raadplegn"))
        #expect(errors.map(\.code) == [.planInvalidValue])
        #expect(
            errors.first?.message.hasPrefix("onbekende trede van de participatieladder \"raadplegn\"; bedoelt u \"raadplegen\"?") == true)
        #expect(errors.first?.location == ParticipationKit.SourceLocation(line: line(of: "Niveau:", in: completeMarkdown) ?? 0, column: 9))
        errors = readErrors(completeMarkdown.replacingOccurrences(of: "Impact: hoog", with: "Impact: hooog"))
        #expect(errors.map(\.code) == [.planInvalidValue])
        errors = readErrors(completeMarkdown.replacingOccurrences(of: "Participatie: ja", with: "Participatie: misschien"))
        #expect(errors.first?.message == "\"misschien\" is geen antwoord op Participatie; schrijf ja of nee.")
        errors = readErrors(completeMarkdown.replacingOccurrences(of: "### Samen denken", with: "### Samen nadenken"))
        #expect(errors.map(\.code) == [.planInvalidValue])
        #expect(errors.first?.message.contains("Kies uit Samen denken, Samen besluiten, Samen doen, Samen leren.") == true)
        errors = readErrors(completeMarkdown.replacingOccurrences(of: "Datum: 11-02-2026", with: "Datum: 31-02-2026"))
        #expect(errors.map(\.code) == [.planInvalidValue])
        errors = readErrors(completeMarkdown.replacingOccurrences(of: "Doel: Ideeën", with: "Doell: Ideeën"))
        #expect(errors.map(\.code) == [.planUnknownKey])
        #expect(errors.first?.message == "onbekend veld \"Doell:\"; bedoelt u \"Doel:\"?")
        // Text under Fasen before the first phase heading.
        #expect(
            readErrors(completeMarkdown.replacingOccurrences(of: "### Samen denken", with: "Wij denken samen.\n\n### Samen denken")).map(
                \.code) == [.planSyntax])
    }

    @Test("the check names Markdown fields the Markdown way")
    func markdownWording() throws {
        let text =
            completeMarkdown
            .replacingOccurrences(of: "Impact: hoog", with: "Impact:")
            .replacingOccurrences(of: "Participatie: ja", with: "Participatie:")
            .replacingOccurrences(of: "Niveau: raadplegen", with: "Niveau:")
        let findings = try read(text).check().findings
        let messages = Dictionary(findings.map { ($0.code, $0.message) }, uniquingKeysWith: { first, _ in first })
        #expect(messages[.planParticipationUnchosen]?.contains("schrijf achter \"Participatie:\" ja of nee") == true)
        #expect(messages[.planImpactMissing]?.contains("Schrijf achter \"Impact:\" laag, midden of hoog.") == true)
        #expect(messages[.planPhaseWithoutLevel]?.contains("Schrijf achter \"Niveau:\"") == true)
        for message in messages.values { #expect(!message.contains("true") && !message.contains("\"impact\""), "\(message)") }
        // JSON plans keep their own words.
        let json = PlanCheck(ParticipationPlan(project: "x")).findings.map(\.message).joined()
        #expect(json.contains("zet \"participatie\" op true of false"))
        #expect(json.contains("Kies \"impact\": laag, midden of hoog."))
    }

    @Test("the form is decided by the name, else by the first character")
    func formatDetection() {
        #expect(PlanFile.format(of: Array("{}".utf8), file: "plan.md") == .markdown)
        #expect(PlanFile.format(of: Array("# x".utf8), file: "plan.json") == .json)
        #expect(PlanFile.format(of: Array("# x".utf8), file: "plan.TXT") == .markdown)
        #expect(PlanFile.format(of: [0xEF, 0xBB, 0xBF] + Array("\n  {".utf8), file: "-") == .json)
        #expect(PlanFile.format(of: Array("# Participatieplan".utf8), file: nil) == .markdown)
        #expect(PlanFile.format(of: [], file: "plan") == .markdown)
    }
}

@Suite("Participatieplan in JSON: text pasted from Word")
struct JSONPlanPasteTests {
    /// The one error a JSON plan is refused with.
    func error(_ bytes: [UInt8]) throws -> Diagnostic {
        do {
            _ = try PlanFile(bytes: bytes, file: "plan.json")
        } catch {
            #expect(error.diagnostics.count == 1)
            return try #require(error.diagnostics.first)
        }
        throw TestSupportError(message: "the plan read")
    }

    @Test("curly quotes around a key or a value: PK101 at the quote, saying to type \" or use Markdown")
    func curlyQuotes() throws {
        var finding = try error(Array("{\n  \"formatVersion\": 1,\n  “project”: \"x\"\n}\n".utf8))
        #expect(finding.code == .planSyntax)
        #expect(finding.location == ParticipationKit.SourceLocation(line: 3, column: 3))
        #expect(finding.message.contains("gekruld aanhalingsteken"))
        #expect(finding.message.contains("Markdown"))
        #expect(!finding.message.contains("0xe2"))
        // A closing quote Word curled: the text runs on to the line's end; the finding points at the quote.
        finding = try error(Array("{\n  \"formatVersion\": 1,\n  \"project\": \"Plein”,\n  \"impact\": \"hoog\"\n}\n".utf8))
        #expect(finding.location == ParticipationKit.SourceLocation(line: 3, column: 20))
        #expect(finding.message.contains("gekruld aanhalingsteken"))
        // Curly quotes inside a text are text: they read as written.
        let plan = try ParticipationPlan(jsonBytes: Array("{\"formatVersion\": 1, \"project\": \"Het “Plein”\"}".utf8))
        #expect(plan.project == "Het “Plein”")
    }

    @Test("a line break or tab inside a text, a non-breaking space between parts, another encoding: how to fix it")
    func otherPasteArtefacts() throws {
        var finding = try error(Array("{\"formatVersion\": 1, \"project\": \"Plein\nnoord\"}".utf8))
        #expect(finding.message.contains("regeleinde midden in een tekst"))
        #expect(finding.message.contains("\\n"))
        finding = try error(Array("{\"formatVersion\": 1, \"project\": \"Plein\tnoord\"}".utf8))
        #expect(finding.message.contains("tab"))
        finding = try error(Array("{\"formatVersion\":\u{00A0}1, \"project\": \"x\"}".utf8))
        #expect(finding.message.contains("vaste spatie"))
        finding = try error([UInt8]("{\"formatVersion\": 1, \"project\": \"Caf".utf8) + [0xE9] + [UInt8]("\"}".utf8))
        #expect(finding.message.contains("niet als UTF-8 opgeslagen"))
        // Other syntax errors keep the parser's own words.
        finding = try error(Array("{\"formatVersion\": 1, \"project\": \"x\",}".utf8))
        #expect(finding.message.hasPrefix("geen geldige JSON: "))
        #expect(!finding.message.contains("Markdown"))
    }
}
