import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A complete plan, built in code, that each test breaks in one place.
private func completePlan() -> ParticipationPlan {
    var answers: [PlanQuestion: String] = [:]
    for question in PlanQuestion.allCases {
        answers[question] = "Antwoord op vraag \(question.number): dit is een echte zin met genoeg woorden."
    }
    return ParticipationPlan(
        project: "Herinrichting Plein 1944", workflow: "nijmegen-participatie", impact: .hoog, participation: true,
        answers: answers,
        phases: [
            .init(phase: .denken, goal: "Ideeën ophalen over het plein.", level: .raadplegen),
            .init(phase: .besluiten, goal: "Advies geven over het ontwerp.", level: .adviseren),
        ],
        stakeholders: ["Bewoners rond het plein"],
        kaders: .init(
            decision: "Raadsbesluit 2026-12", date: CivilDate(year: 2026, month: 2, day: 11), summary: "Het budget is vier miljoen euro."))
}

private func codes(_ plan: ParticipationPlan) -> [String] { PlanCheck(plan).findings.map(\.code.rawValue) }

private func exampleBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: TestSupport.repositoryRoot().appendingPathComponent("examples/\(name)")))
}

/// The diagnostics a plan file is refused with (empty when it reads).
private func readErrors(_ text: String) -> [Diagnostic] {
    do {
        _ = try PlanFile(bytes: Array(text.utf8), file: "plan.json")
        return []
    } catch {
        return error.diagnostics
    }
}

@Suite("ParticipationPlan decoding")
struct PlanDecodingTests {
    @Test("the three example plans read, with every field of the plein plan")
    func examples() throws {
        let plein = try PlanFile(bytes: try exampleBytes("plan-plein.json"), file: "examples/plan-plein.json").plan
        #expect(plein.project == "Herinrichting Plein 1944")
        #expect(plein.workflow == "nijmegen-participatie")
        #expect(plein.impact == .hoog)
        #expect(plein.participation == true)
        #expect(plein.answers.count == 7)
        #expect(plein.phases.map(\.phase) == [.denken, .besluiten, .doen, .leren])
        #expect(plein.phases.map(\.level) == [.raadplegen, .adviseren, .coproduceren, .raadplegen])
        #expect(plein.phases[0].period == "voorjaar 2026")
        #expect(plein.stakeholders.count == 6)
        #expect(plein.kaders?.decision == "Raadsbesluit 2026-12")
        #expect(plein.kaders?.date == CivilDate(year: 2026, month: 2, day: 11))
        let herbestrating = try ParticipationPlan(jsonBytes: try exampleBytes("plan-herbestrating.json"))
        #expect(herbestrating.participation == false)
        #expect(herbestrating.kaders == nil)
        let draft = try ParticipationPlan(jsonBytes: try exampleBytes("plan-onvolledig.json"))
        #expect(draft.answer(to: .vorm) == "")
        #expect(draft.answer(to: .risicos) == "n.v.t.")
    }

    @Test("invalid JSON is PK101 with line and column")
    func syntax() {
        let errors = readErrors("{\n  \"formatVersion\": 1,\n  \"project\": \"x\",\n}\n")
        #expect(errors.map(\.code) == [.planSyntax])
        #expect(errors.first?.location?.line == 4)
        #expect(errors.first?.description.hasPrefix("plan.json:4:") == true)
    }

    @Test("an unknown key is PK102 at its line:column and pointer, with a suggestion")
    func unknownKey() {
        let errors = readErrors("{\n  \"formatVersion\": 1,\n  \"projct\": \"x\"\n}\n")
        let unknown = errors.first { $0.code == .planUnknownKey }
        #expect(unknown?.pointer.description == "/projct")
        #expect(unknown?.location == ParticipationKit.SourceLocation(line: 3, column: 3))
        #expect(unknown?.message.contains("bedoelt u \"project\"?") == true)
        #expect(unknown?.description == "plan.json:3:3: fout: [PK102] onbekende sleutel \"projct\"; bedoelt u \"project\"? (/projct)")
        // And the required key it replaced is missing.
        #expect(errors.contains { $0.code == .planMissingKey && $0.message.contains("\"project\"") })
    }

    @Test("a mistyped question key is suggested: risico's → risicos, voordeel → voordelen")
    func unknownQuestion() {
        let errors = readErrors(#"{"formatVersion": 1, "project": "x", "vragen": {"risico's": "a", "voordeel": "b"}}"#)
        #expect(errors.count == 2)
        #expect(errors[0].pointer.description == "/vragen/risico's")
        #expect(errors[0].message.contains("bedoelt u \"risicos\"?"))
        #expect(errors[1].message.contains("bedoelt u \"voordelen\"?"))
        #expect(errors.allSatisfy { $0.location?.line == 1 })
    }

    @Test("wrong types are PK103 with their pointer")
    func wrongTypes() {
        let errors = readErrors(
            """
            {
              "formatVersion": 1,
              "project": "x",
              "participatie": "ja",
              "vragen": { "vorm": 3 },
              "fasen": { "fase": "denken" },
              "belanghebbenden": "iedereen"
            }
            """)
        #expect(errors.map(\.code) == [.planWrongType, .planWrongType, .planWrongType, .planWrongType])
        #expect(errors.map(\.pointer.description) == ["/participatie", "/vragen/vorm", "/fasen", "/belanghebbenden"])
        #expect(errors.map { $0.location?.line ?? 0 } == [4, 5, 6, 7])
    }

    @Test("unknown phases, levels, impact and dates are PK105; a phase needs its fase (PK104)")
    func invalidValues() {
        let errors = readErrors(
            """
            {
              "formatVersion": 1,
              "project": "x",
              "impact": "heel hoog",
              "fasen": [
                { "fase": "denkn", "doel": "Ideeën ophalen.", "niveau": "raadplegen" },
                { "fase": "doen", "doel": "Samen doen.", "niveau": "participeren" },
                { "doel": "Zonder fase." }
              ],
              "kaders": { "besluit": "RB 1", "datum": "31-02-2026", "samenvattng": "x" }
            }
            """)
        let byPointer = Dictionary(errors.map { ($0.pointer.description, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byPointer["/impact"]?.code == .planInvalidValue)
        #expect(byPointer["/fasen/0/fase"]?.code == .planInvalidValue)
        #expect(byPointer["/fasen/0/fase"]?.message.contains("bedoelt u \"denken\"?") == true)
        #expect(byPointer["/fasen/0/fase"]?.location == ParticipationKit.SourceLocation(line: 6, column: 15))
        #expect(byPointer["/fasen/1/niveau"]?.message.contains("informeren, raadplegen, adviseren, coproduceren, meebeslissen") == true)
        #expect(byPointer["/fasen/2"]?.code == .planMissingKey)
        #expect(byPointer["/kaders/datum"]?.code == .planInvalidValue)
        #expect(byPointer["/kaders/samenvattng"]?.message.contains("bedoelt u \"samenvatting\"?") == true)
        #expect(errors.count == 6)
    }

    @Test("a newer formatVersion is refused before anything else (PK106); another old one is PK105")
    func formatVersion() {
        let newer = readErrors(#"{"formatVersion": 2, "project": "x", "onbekend": true}"#)
        #expect(newer.map(\.code) == [.planNewerFormatVersion])
        #expect(newer.first?.message.contains("Werk participatie bij") == true)
        #expect(readErrors(#"{"formatVersion": 0, "project": "x"}"#).map(\.code) == [.planInvalidValue])
        #expect(readErrors(#"{"project": "x"}"#).map(\.code) == [.planMissingKey])
    }

    @Test("a draft reads: empty answers, null, blank impact and level are left to the check")
    func draftsRead() throws {
        let plan = try ParticipationPlan(
            jsonBytes: Array(
                #"{"formatVersion": 1, "project": "x", "impact": "", "participatie": null, "vragen": {"vorm": "", "risicos": null}, "fasen": [{"fase": "denken", "niveau": ""}]}"#
                    .utf8))
        #expect(plan.impact == nil)
        #expect(plan.participation == nil)
        #expect(plan.answers == [.vorm: ""])
        #expect(plan.phases == [.init(phase: .denken)])
    }

    @Test("the digest is the SHA-256 of the exact bytes; one more space changes it")
    func digest() throws {
        let bytes = try exampleBytes("plan-plein.json")
        let file = try PlanFile(bytes: bytes)
        #expect(file.digest == SHA256.hash(bytes))
        #expect(file.digest.hex.count == 64)
        #expect(file.bytes == bytes)
        let spaced = try PlanFile(bytes: bytes + [0x20])
        #expect(spaced.plan == file.plan)
        #expect(spaced.digest != file.digest)
    }

    @Test("every plan code is PK1xx, and the codes are unique")
    func codesAreUnique() {
        let all: [Diagnostic.Code] =
            [
                .planSyntax, .planUnknownKey, .planWrongType, .planMissingKey, .planInvalidValue, .planNewerFormatVersion,
            ] + PlanCheck.allCodes
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { $0.rawValue.hasPrefix("PK1") && $0.rawValue.count == 5 })
    }
}

@Suite("PlanCheck")
struct PlanCheckTests {
    @Test("a complete plan has no finding")
    func complete() {
        let check = PlanCheck(completePlan())
        #expect(check.findings == [])
        #expect(check.isComplete)
    }

    @Test("the example plans: plein and herbestrating complete, onvolledig has exactly its three gaps")
    func examples() throws {
        #expect(try PlanFile(bytes: try exampleBytes("plan-plein.json")).check().findings == [])
        #expect(try PlanFile(bytes: try exampleBytes("plan-herbestrating.json")).check().findings == [])
        let draft = try PlanFile(bytes: try exampleBytes("plan-onvolledig.json"), file: "examples/plan-onvolledig.json").check()
        #expect(!draft.isComplete)
        #expect(draft.findings.map(\.code) == [.planAnswerMissing, .planAnswerPlaceholder, .planAnswerMissing])
        #expect(draft.findings.map(\.pointer.description) == ["/vragen/vorm", "/vragen/risicos", "/vragen/afstemming"])
        #expect(draft.findings.map { $0.location?.line ?? 0 } == [10, 12, 13])
        #expect(draft.findings[0].description.hasPrefix("examples/plan-onvolledig.json:10:13: fout: [PK110] vraag 3"))
        #expect(draft.findings[1].message.contains("\"n.v.t.\" zonder reden"))
    }

    @Test("each of the seven questions, when missing, gives one finding that names it", arguments: PlanQuestion.allCases)
    func missingQuestion(_ question: PlanQuestion) {
        var plan = completePlan()
        plan.answers[question] = nil
        let findings = PlanCheck(plan).findings
        #expect(findings.count == 1)
        #expect(findings.first?.code == .planAnswerMissing)
        #expect(findings.first?.pointer.description == "/vragen/\(question.rawValue)")
        #expect(findings.first?.message.contains("vraag \(question.number) (\"\(question.wording)\")") == true)
        plan.answers[question] = "  \n "
        #expect(codes(plan) == ["PK110"])
        plan.answers[question] = "n.v.t."
        #expect(codes(plan) == ["PK111"])
        plan.answers[question] = "Ja."
        #expect(codes(plan) == ["PK112"])
    }

    @Test("the questions carry the verbatim wording of point 9")
    func wording() {
        #expect(PlanQuestion.allCases.map(\.number) == Array(1...7))
        #expect(PlanQuestion.voordelen.wording == "Welke voordelen het heeft om inwoners (wel/ niet) te betrekken")
        #expect(PlanQuestion.fasenEnDoel.wording == "In welke fase(n) inwoners betrokken worden en met welk doel")
        #expect(PlanQuestion.vorm.wording == "Waarom welke vorm van participatie wordt gebruikt")
        #expect(
            PlanQuestion.voorwaarden.wording
                == "Welke voorwaarden en verwachtingen van belang zijn (en worden gedeeld) in het participatieproces. En hoe dit wordt gecommuniceerd."
        )
        #expect(
            PlanQuestion.risicos.wording
                == "Welke risico’s zijn er in de fase van participatie en welke maatregelen er worden genomen om dit te controleren.")
        #expect(
            PlanQuestion.afstemming.wording
                == "Hoe het proces van afstemming en communicatie met inwoners over het participatieproces eruitziet.")
        #expect(PlanQuestion.evaluatie.wording == "Hoe er wordt geëvalueerd.")
    }

    struct AnswerCase: Sendable, CustomTestStringConvertible {
        var answer: String?
        var expected: AnswerAssessment
        var testDescription: String { answer.map { "\"\($0)\"" } ?? "nil" }
    }

    static let answerCases: [AnswerCase] = [
        // Absent and empty.
        .init(answer: nil, expected: .absent),
        .init(answer: "", expected: .empty),
        .init(answer: " \n\t ", expected: .empty),
        // Bare placeholders, any case and spacing.
        .init(answer: "n.v.t.", expected: .placeholder("n.v.t.")),
        .init(answer: "N.V.T.", expected: .placeholder("N.V.T.")),
        .init(answer: "  nvt  ", expected: .placeholder("nvt")),
        .init(answer: "n.v.t", expected: .placeholder("n.v.t")),
        .init(answer: "N v t", expected: .placeholder("N v t")),
        .init(answer: "Niet van toepassing.", expected: .placeholder("Niet van toepassing.")),
        .init(answer: "niet   van\ntoepassing", expected: .placeholder("niet   van toepassing")),
        .init(answer: "-", expected: .placeholder("-")),
        .init(answer: "–", expected: .placeholder("–")),
        .init(answer: "...", expected: .placeholder("...")),
        .init(answer: "…", expected: .placeholder("…")),
        .init(answer: "?", expected: .placeholder("?")),
        .init(answer: "Geen.", expected: .placeholder("Geen.")),
        .init(answer: "nee", expected: .placeholder("nee")),
        .init(answer: "idem", expected: .placeholder("idem")),
        .init(answer: "Zie boven", expected: .placeholder("Zie boven")),
        .init(answer: "p.m.", expected: .placeholder("p.m.")),
        .init(answer: "TODO", expected: .placeholder("TODO")),
        .init(answer: "Volgt later.", expected: .placeholder("Volgt later.")),
        .init(answer: "Nog niet bekend", expected: .placeholder("Nog niet bekend")),
        .init(answer: "(n.v.t.)", expected: .placeholder("(n.v.t.)")),
        // A placeholder with too short a reason (fewer than 4 real words).
        .init(answer: "n.v.t., zie boven", expected: .placeholder("n.v.t., zie boven")),
        .init(answer: "nvt want geen tijd", expected: .placeholder("nvt want geen tijd")),
        .init(answer: "n.v.t. (geen budget)", expected: .placeholder("n.v.t. (geen budget)")),
        .init(answer: "Geen risico's.", expected: .placeholder("Geen risico's.")),
        .init(answer: "n.v.t.: nvt nvt nvt nvt", expected: .placeholder("n.v.t.: nvt nvt nvt nvt")),
        .init(answer: "n.v.t. 1 2 3 4 5", expected: .placeholder("n.v.t. 1 2 3 4 5")),
        // A placeholder with a reason of at least 4 real words counts.
        .init(answer: "n.v.t., want de straat blijft gelijk", expected: .answered),
        .init(answer: "n.v.t.: er is niets te kiezen", expected: .answered),
        .init(answer: "N.V.T. Inwoners doen niet mee, want alles ligt vast.", expected: .answered),
        .init(answer: "Niet van toepassing: de raad besluit hier zelf over.", expected: .answered),
        .init(answer: "Geen, want het werk duurt maar twee dagen.", expected: .answered),
        .init(answer: "Geen grote risico's: het werk duurt twee weken en de straat blijft open.", expected: .answered),
        // Words that only start like a placeholder are no placeholder.
        .init(answer: "Geenszins een probleem.", expected: .answered),
        .init(answer: "Neem contact op met de omgevingsmanager.", expected: .answered),
        .init(answer: "Nvtx-regels gelden hier.", expected: .answered),
        // Too short in all.
        .init(answer: "Ja.", expected: .tooShort),
        .init(answer: "x", expected: .tooShort),
        .init(answer: "2026", expected: .tooShort),
        .init(answer: "Enquête", expected: .tooShort),
        // Ordinary answers, including a Markdown list that starts with a dash.
        .init(answer: "Een enquête.", expected: .answered),
        .init(answer: "- een enquête\n- twee avonden", expected: .answered),
    ]

    @Test("n.v.t. and other placeholders count as missing unless a reason follows", arguments: answerCases)
    func assessAnswer(_ answerCase: AnswerCase) {
        #expect(PlanCheck.assess(answerCase.answer) == answerCase.expected)
    }

    @Test("real words: runs of two or more letters; apostrophes and hyphens inside a word keep it together")
    func realWords() {
        #expect(
            PlanCheck.realWords(in: "Risico's voor nood-diensten, B1-niveau, 2026: a b cd!") == [
                "Risico's", "voor", "nood-diensten", "niveau", "cd",
            ])
        #expect(PlanCheck.realWords(in: "n.v.t. nvt idem TBD") == [])
        #expect(PlanCheck.realWords(in: "geëvalueerd ’s avonds") == ["geëvalueerd", "avonds"])
    }

    @Test("the plan must say whether residents take part (PK114)")
    func participationUnchosen() {
        var plan = completePlan()
        plan.participation = nil
        #expect(codes(plan) == ["PK114"])
        #expect(PlanCheck(plan).findings.first?.pointer.description == "/participatie")
    }

    @Test("impact hoog without kaders is PK131; incomplete kaders PK132; no impact PK130")
    func impactAndKaders() {
        var plan = completePlan()
        plan.kaders = nil
        #expect(codes(plan) == ["PK131"])
        #expect(PlanCheck(plan).findings.first?.pointer.description == "/kaders")
        #expect(PlanCheck(plan).findings.first?.message.contains("punt 6") == true)
        plan.impact = .midden
        #expect(codes(plan) == [])
        plan.impact = .hoog
        plan.kaders = .init(decision: " ", summary: "n.v.t.")
        #expect(codes(plan) == ["PK132", "PK132"])
        #expect(PlanCheck(plan).findings.map(\.pointer.description) == ["/kaders/besluit", "/kaders/samenvatting"])
        plan = completePlan()
        plan.impact = nil
        #expect(codes(plan) == ["PK130"])
    }

    @Test("without participation the questions are still required and question 1 explains why (scenario 10)")
    func withoutParticipation() throws {
        var plan = completePlan()
        plan.participation = false
        plan.phases = []
        plan.impact = .laag
        plan.kaders = nil
        plan.answers[.voordelen] = "Inwoners doen niet mee, want de straat komt precies terug zoals hij was."
        plan.answers[.fasenEnDoel] = "n.v.t., want inwoners doen in geen enkele fase mee."
        #expect(PlanCheck(plan).findings == [])
        // Every question is still required.
        for question in PlanQuestion.allCases {
            var missing = plan
            missing.answers[question] = nil
            #expect(codes(missing) == ["PK110"], "\(question)")
            missing.answers[question] = "n.v.t."
            #expect(codes(missing) == ["PK111"], "\(question)")
        }
        // A short answer on question 1 does not explain why.
        plan.answers[.voordelen] = "Geen voordelen voor inwoners hier, helaas."
        #expect(codes(plan) == ["PK113"])
        #expect(PlanCheck(plan).findings.first?.message.contains("waarom inwoners niet meedoen") == true)
        plan.answers[.voordelen] = "Inwoners doen niet mee, want de straat komt precies terug zoals hij was."
        // Informing is fine without participation; any higher rung is a contradiction.
        plan.phases = [.init(phase: .doen, goal: "Bewoners weten wanneer het werk is.", level: .informeren)]
        #expect(codes(plan) == [])
        plan.phases.append(.init(phase: .denken, goal: "Wensen ophalen bij de bewoners.", level: .raadplegen))
        #expect(codes(plan) == ["PK123"])
        #expect(PlanCheck(plan).findings.first?.pointer.description == "/fasen/1/niveau")
        // The shipped scenario 10 example.
        let example = try ParticipationPlan(jsonBytes: try exampleBytes("plan-herbestrating.json"))
        #expect(example.participation == false)
        #expect(PlanCheck(example).isComplete)
    }

    @Test("with participation: phases are needed, each with a goal and a level")
    func phases() {
        var plan = completePlan()
        plan.phases = []
        #expect(codes(plan) == ["PK120"])
        plan.phases = [
            .init(phase: .denken),
            .init(phase: .doen, goal: "n.v.t.", level: .coproduceren),
            .init(phase: .leren, goal: "Leren wat goed ging.", level: nil),
        ]
        let findings = PlanCheck(plan).findings
        #expect(findings.map(\.code.rawValue) == ["PK121", "PK122", "PK121", "PK122"])
        #expect(
            findings.map(\.pointer.description) == ["/fasen/0/doel", "/fasen/0/niveau", "/fasen/1/doel", "/fasen/2/niveau"])
        #expect(findings[0].message.hasPrefix("fase 1 (samen denken) heeft geen doel."))
        #expect(findings[1].message.contains("informeren, raadplegen, adviseren, coproduceren, meebeslissen"))
    }

    @Test("only informeren with participation is a warning, not a gap")
    func onlyInformeren() {
        var plan = completePlan()
        plan.phases = [.init(phase: .denken, goal: "Bewoners weten wat er komt.", level: .informeren)]
        let check = PlanCheck(plan)
        #expect(check.findings.map(\.code) == [.planOnlyInformeren])
        #expect(check.findings.first?.severity == .warning)
        #expect(check.isComplete)
    }

    @Test("stakeholders are required, and none may be empty")
    func stakeholders() {
        var plan = completePlan()
        plan.stakeholders = []
        #expect(codes(plan) == ["PK140"])
        plan.stakeholders = ["Bewoners", " "]
        #expect(codes(plan) == ["PK141"])
        #expect(PlanCheck(plan).findings.first?.pointer.description == "/belanghebbenden/1")
    }

    @Test("a finding for a key that is absent points at the nearest place in the file")
    func locationOfAbsentKey() throws {
        let text =
            "{\n  \"formatVersion\": 1,\n  \"project\": \"x\",\n  \"vragen\": {\n    \"vorm\": \"Een enquête voor iedereen.\"\n  }\n}\n"
        let check = try PlanFile(bytes: Array(text.utf8), file: "p.json").check()
        let voordelen = check.findings.first { $0.pointer.description == "/vragen/voordelen" }
        #expect(voordelen?.location == ParticipationKit.SourceLocation(line: 4, column: 13))
        let impact = check.findings.first { $0.code == .planImpactMissing }
        #expect(impact?.location == ParticipationKit.SourceLocation(line: 1, column: 1))
        #expect(impact?.file == "p.json")
    }
}

@Suite("Participatieparagraaf")
struct ParticipatieparagraafTests {
    /// The paragraph as the CLI writes it: the document through the one Markdown renderer.
    static func markdown(_ paragraaf: Participatieparagraaf) -> String { ReportRenderer.markdown(paragraaf.document) }

    @Test(
        "the paragraph marks no current phase: it is made from a plan, before anything started, whatever phases the plan lists",
        arguments: ["plan-plein.json", "plan-herbestrating.json", "plan-onvolledig.json"])
    func noCurrentPhaseBeforeStart(_ name: String) throws {
        let file = try PlanFile(bytes: try exampleBytes(name))
        for concept in [false, true] {
            let document = Participatieparagraaf(plan: file.plan, isConcept: concept, planDigest: file.digest).document
            for section in document.sections {
                for block in section.blocks {
                    if case .phaseRibbon(let current) = block { #expect(current == nil, "\(name): \(section.heading)") }
                }
            }
            for output in [ReportRenderer.markdown(document), ReportRenderer.html(document), ReportRenderer.text(document)] {
                #expect(!output.lowercased().contains("huidige fase"), "\(name)")
                #expect(!output.contains("aria-current"), "\(name)")
            }
        }
    }

    @Test("where a phase ribbon is drawn, no phase is current unless one is given")
    func ribbonWithoutPhase() {
        #expect(ReportRenderer.ribbonLine(current: nil) { "**\($0)**" } == "Fasen: denken → besluiten → doen → leren (geen huidige fase)")
        let html = ReportRenderer.html(
            ReportDocument(title: "T", sections: [ReportSection(heading: "S", blocks: [.phaseRibbon(current: nil)])]))
        #expect(html.contains("geen huidige fase"))
        #expect(!html.contains(">huidige fase<"))
    }

    @Test("the paragraph has each question's heading, wording and answer, the phases and the kaders")
    func content() throws {
        let file = try PlanFile(bytes: try exampleBytes("plan-plein.json"))
        let markdown = Self.markdown(Participatieparagraaf(plan: file.plan, planDigest: file.digest))
        #expect(markdown.hasPrefix("# Participatieparagraaf: Herinrichting Plein 1944\n\n## In het kort\n\n"))
        #expect(!markdown.contains("CONCEPT"))
        for question in PlanQuestion.allCases {
            #expect(markdown.contains("### \(question.number)\\. \(question.title)\n"))
            #expect(markdown.contains("\n\nVraag: \(question.wording)\n\n"))
            #expect(markdown.contains(try #require(ReportRenderer.markdownParagraph(file.plan.answer(to: question) ?? ""))))
        }
        #expect(markdown.contains("Inwoners doen mee in vier fasen: samen denken, samen besluiten, samen doen en samen leren. De impact"))
        #expect(markdown.contains("**Fasen, doel en niveau van participatie**\n\n| Fase | Doel | Niveau | Wanneer | Hoe |\n"))
        #expect(
            markdown.contains(
                "| Samen besluiten | Drie schetsontwerpen wegen en advies geven over het voorkeursontwerp. | Adviseren: inwoners geven advies | najaar 2026 |"
            ))
        #expect(markdown.contains("## Kaders van de raad\n\n- **Besluit van de raad**: Raadsbesluit 2026-12 van 11-02-2026\n"))
        #expect(markdown.contains("- Marktkooplieden van de weekmarkt\n"))
        #expect(markdown.hasSuffix("## Herkomst\n\nGemaakt uit het participatieplan met SHA-256 \(file.digest.hex).\n"))
        // The questions come in order.
        let positions = PlanQuestion.allCases.compactMap { markdown.range(of: "### \($0.number)\\.")?.lowerBound }
        #expect(positions == positions.sorted() && positions.count == 7)
    }

    @Test("snapshots: the complete plein plan in Markdown and HTML, the onvolledig plan as a concept in Markdown")
    func snapshots() throws {
        func assertSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            assertMatchesSnapshot(
                actual, named: name, in: "reports", record: "RECORD_SNAPSHOTS=1 swift test --filter Participatieparagraaf",
                sourceLocation: sourceLocation)
        }
        let plein = try PlanFile(bytes: try exampleBytes("plan-plein.json"))
        let document = Participatieparagraaf(plan: plein.plan, planDigest: plein.digest).document
        assertSnapshot(ReportRenderer.markdown(document), named: "paragraaf.md")
        assertSnapshot(ReportRenderer.html(document), named: "paragraaf.html")
        let draft = try PlanFile(bytes: try exampleBytes("plan-onvolledig.json"))
        let concept = Participatieparagraaf(plan: draft.plan, isConcept: true, planDigest: draft.digest).document
        assertSnapshot(ReportRenderer.markdown(concept), named: "paragraaf-concept.md")
    }

    @Test("a plan is not a process: no phase is called the current one")
    func noCurrentPhase() throws {
        let document = Participatieparagraaf(plan: try ParticipationPlan(jsonBytes: try exampleBytes("plan-plein.json"))).document
        for output in [ReportRenderer.markdown(document), ReportRenderer.html(document), ReportRenderer.text(document)] {
            #expect(!output.contains("huidige fase"))
        }
    }

    @Test("the phase table leaves out Wanneer and Hoe when no phase fills them in")
    func phaseColumns() throws {
        let plan = try ParticipationPlan(jsonBytes: try exampleBytes("plan-onvolledig.json"))
        let table = try #require(Participatieparagraaf(plan: plan).document.tables.first)
        #expect(table.columns.map(\.title) == ["Fase", "Doel", "Niveau"])
        #expect(table.rows.allSatisfy { $0.count == 3 })
        var partly = completePlan()
        partly.phases[1].form = "Een avond in de wijk"
        let wider = try #require(Participatieparagraaf(plan: partly).document.tables.first)
        #expect(wider.columns.map(\.title) == ["Fase", "Doel", "Niveau", "Hoe"])
        #expect(
            wider.rows == [
                ["Samen denken", "Ideeën ophalen over het plein.", "Raadplegen: we vragen inwoners om hun mening", ""],
                ["Samen besluiten", "Advies geven over het ontwerp.", "Adviseren: inwoners geven advies", "Een avond in de wijk"],
            ])
    }

    @Test("without participation the paragraph says so and points at the reason")
    func withoutParticipation() throws {
        let plan = try ParticipationPlan(jsonBytes: try exampleBytes("plan-herbestrating.json"))
        let markdown = Self.markdown(Participatieparagraaf(plan: plan))
        #expect(markdown.contains("Inwoners doen niet mee aan dit project. Dat is een bewuste keuze. De reden staat bij vraag 1."))
        #expect(markdown.contains("We informeren inwoners wel, in de fase samen doen."))
        #expect(!markdown.contains("## Kaders van de raad"))
        #expect(!markdown.contains("SHA-256"))
        #expect(!markdown.contains("## Herkomst"))
        #expect(markdown.contains("Inwoners betrekken heeft hier weinig voordeel."))
    }

    @Test("a concept is marked CONCEPT and shows what is missing, in Markdown and HTML")
    func concept() throws {
        let plan = try ParticipationPlan(jsonBytes: try exampleBytes("plan-onvolledig.json"))
        let document = Participatieparagraaf(plan: plan, isConcept: true).document
        let markdown = ReportRenderer.markdown(document)
        #expect(
            markdown.hasPrefix(
                "# CONCEPT — Participatieparagraaf: Speelplek Lindeplein\n\nCONCEPT. Gebruik deze tekst nog niet in een raadsvoorstel. "
                    + "Het participatieplan is nog niet compleet: er staan nog drie open punten in."))
        #expect(
            markdown.contains(
                "### 3\\. Vorm van participatie\n\nVraag: Waarom welke vorm van participatie wordt gebruikt\n\nNog niet beantwoord.\n"))
        #expect(markdown.contains("\n\nn.v.t.\n\nNog niet volledig: schrijf erbij waarom.\n"))
        let html = ReportRenderer.html(document)
        #expect(html.contains("<title>CONCEPT — Participatieparagraaf: Speelplek Lindeplein</title>"))
        #expect(html.contains("<h1>CONCEPT — Participatieparagraaf: Speelplek Lindeplein</h1>"))
        #expect(html.contains("<p class=\"ondertitel\">CONCEPT. Gebruik deze tekst nog niet in een raadsvoorstel."))
        // One open point is said in the singular; a complete plan as a concept has none.
        var oneOpen = completePlan()
        oneOpen.answers[.vorm] = nil
        #expect(Self.markdown(Participatieparagraaf(plan: oneOpen, isConcept: true)).contains("er staat nog een open punt in."))
        let complete = Self.markdown(Participatieparagraaf(plan: completePlan(), isConcept: true))
        #expect(complete.contains("\n\nCONCEPT. Gebruik deze tekst nog niet in een raadsvoorstel.\n\n## In het kort"))
    }

    @Test("the HTML is one self-contained page, as every report")
    func html() throws {
        let file = try PlanFile(bytes: try exampleBytes("plan-plein.json"))
        let html = ReportRenderer.html(Participatieparagraaf(plan: file.plan, planDigest: file.digest).document)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"nl\">\n"))
        #expect(html.components(separatedBy: "<style>").count == 2)
        #expect(html.contains("Content-Security-Policy"))
        for forbidden in ["<script", "<link", "src=", "href=", "http://", "https://", "<img", "<iframe"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        #expect(OutputChecks.foreignTags(html).isEmpty)
        #expect(html.contains("<caption id=\"tabel-1\">Fasen, doel en niveau van participatie</caption>"))
        #expect(html.contains("<dt>Besluit van de raad</dt><dd>Raadsbesluit 2026-12 van 11-02-2026</dd>"))
        // The digest may break over lines (`<wbr>`), as every long word in HTML.
        #expect(html.contains("<p>\(ReportRenderer.htmlText("Gemaakt uit het participatieplan met SHA-256 \(file.digest.hex)."))</p>"))
    }

    @Test("text from the plan cannot break the Markdown: pipes, HTML, headings, backticks, links")
    func escaping() {
        var plan = completePlan()
        plan.project = "Plein | <script>alert(1)</script> #1"
        plan.answers[.vorm] = "# Kop\n<script>alert('x')</script>\nA | B\n---\n`code` en [link](http://x) \\ &amp; B&W\n    ingesprongen"
        plan.phases[0].goal = "Regel 1\nregel 2 | met <b>pijp</b>"
        plan.stakeholders = ["> citaat", "1. genummerd", "- streep"]
        let markdown = Self.markdown(Participatieparagraaf(plan: plan))
        #expect(OutputChecks.markdownProblems(markdown).isEmpty, "\(OutputChecks.markdownProblems(markdown))")
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("<b>"))
        #expect(markdown.contains("# Participatieparagraaf: Plein \\| \\<script\\>alert(1)\\</script\\> \\#1\n"))
        #expect(
            markdown.contains(
                "\\# Kop\n\\<script\\>alert('x')\\</script\\>\nA \\| B\n\\---\n\\`code\\` en \\[link\\](http://x) \\\\ \\&amp; B\\&W\ningesprongen"
            ))
        #expect(markdown.contains("| Samen denken | Regel 1 regel 2 \\| met \\<b\\>pijp\\</b\\> | Raadplegen"))
        #expect(markdown.contains("- \\> citaat\n- 1\\. genummerd\n- \\- streep\n"))
        // Every table row keeps its number of cells.
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
        let cells = rows.map { row in row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
        #expect(Set(cells).count == 1)
    }
}
