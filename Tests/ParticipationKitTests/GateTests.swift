import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider", name: "P. Leider")
private let college = ActorIdentity(role: "college")
private func t(_ text: String) -> Date { TestSupport.instant(text) }

/// An inspraak with one reaction R-0001, ter inzage until Tuesday 28-04-2026.
private func inspraakWithOneReaction() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
    try #require(harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "midden"]).isSuccess)
    try #require(
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z-1"), at: t("2026-03-13T10:00:00+01:00"), by: projectleider).isSuccess)
    try #require(harness.run(.advance("terInzageLeggen", reason: nil), at: t("2026-03-16T09:00:00+01:00"), by: projectleider).isSuccess)
    try #require(
        harness.run(
            .addInput(NewInput(kind: "inspraakreactie", text: "Graag meer bomen.", received: TestSupport.day("2026-04-01"))),
            at: t("2026-04-02T10:00:00+02:00"), by: projectleider
        ).isSuccess)
    return harness
}

/// The same inspraak taken to its end: answered, decided, sent and closed (afgerond).
private func closedInspraak() throws -> ProcessHarness {
    var harness = try inspraakWithOneReaction()
    let steps: [(Command, String, ActorIdentity)] = [
        (
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Er komen vier bomen bij.")),
            "2026-04-20T10:00:00+02:00", projectleider
        ),
        (.advance("inzageSluiten", reason: nil), "2026-04-29T10:00:00+02:00", projectleider),
        (.attachDocument(kind: "reactienota", reference: "Z-2"), "2026-04-29T10:00:00+02:00", projectleider),
        (.advance("besluiten", reason: nil), "2026-05-05T10:00:00+02:00", college),
        (.markFeedbackSent(.allUnsent, on: TestSupport.day("2026-05-06")), "2026-05-06T10:00:00+02:00", projectleider),
        (.advance("afronden", reason: nil), "2026-05-07T10:00:00+02:00", projectleider),
    ]
    for (command, time, actor) in steps {
        let result = harness.run(command, at: t(time), by: actor)
        try #require(result.isSuccess, "\(command): \(result)")
    }
    try #require(harness.state?.isFinal == true)
    return harness
}

@Suite("Withdrawal needs the writer's request")
struct WithdrawalEvidenceTests {
    @Test("without evidence (or without a reason) a withdrawal is refused, naming everything missing; nothing happens")
    func refusedWithoutEvidence() throws {
        var harness = try inspraakWithOneReaction()
        let now = t("2026-04-03T10:00:00+02:00")
        let noEvidence = try #require(harness.run(.withdrawInput("R-0001", reason: "Ziet ervan af."), at: now, by: projectleider).refusal)
        #expect(noEvidence.reasons.map(\.code) == [.missingEvidence])
        #expect(noEvidence.reasons[0].ids == ["R-0001"])
        #expect(noEvidence.description.contains("verzoek van de indiener"))
        let blank = try #require(
            harness.run(.withdrawInput("R-0001", reason: "Ziet ervan af.", evidence: "  "), at: now, by: projectleider).refusal)
        #expect(blank.reasons.map(\.code) == [.missingEvidence])
        let neither = try #require(harness.run(.withdrawInput("R-0001", reason: "", evidence: nil), at: now, by: projectleider).refusal)
        #expect(neither.reasons.map(\.code) == [.missingReason, .missingEvidence])
        let long = harness.run(
            .withdrawInput("R-0001", reason: "Ziet ervan af.", evidence: String(repeating: "x", count: InputLimits.noteLength + 1)),
            at: now,
            by: projectleider)
        #expect(long.refusal?.reasons.map(\.code) == [.invalidValue])
        #expect(harness.state?.counts.withdrawn == 0)
        #expect(harness.state?.counts.needingFeedback == 1)
        #expect(!harness.events.contains { if case .inputWithdrawn = $0.payload { true } else { false } })
    }

    @Test("the reproduction: withdrawing the only reaction without the writer's request cannot open the way to a decision")
    func onlyReactionCannotBeWithdrawnQuietly() throws {
        var harness = try inspraakWithOneReaction()
        #expect(
            harness.run(.withdrawInput("R-0001", reason: "Niet relevant."), at: t("2026-04-03T10:00:00+02:00"), by: projectleider).refusal
                != nil)
        #expect(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider).isSuccess)
        #expect(
            harness.run(.attachDocument(kind: "reactienota", reference: "Z-2"), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
                .isSuccess)
        let decision = try #require(
            harness.run(.advance("besluiten", reason: nil), at: t("2026-05-05T10:00:00+02:00"), by: college).refusal)
        #expect(decision.reasons.map(\.code) == [.unanswered])
    }

    @Test("with evidence it is journaled, kept on the record with who did it, and replays the same")
    func keptWithEvidence() throws {
        var harness = try inspraakWithOneReaction()
        let result = harness.run(
            .withdrawInput("R-0001", reason: "De indiener ziet ervan af.", evidence: "E-mail van de indiener, DMS 2026-0311"),
            at: t("2026-04-03T10:00:00+02:00"), by: projectleider)
        let payloads = try result.get()
        #expect(
            payloads == [
                .inputWithdrawn(
                    InputWithdrawn(input: "R-0001", reason: "De indiener ziet ervan af.", evidence: "E-mail van de indiener, DMS 2026-0311")
                )
            ])
        let withdrawal = try #require(harness.state?.input("R-0001")?.withdrawal)
        #expect(withdrawal.evidence == "E-mail van de indiener, DMS 2026-0311")
        #expect(withdrawal.by == projectleider)
        #expect(withdrawal.reason == "De indiener ziet ervan af.")
        #expect(harness.replayed() == harness.state)
    }

    @Test("the journal line carries the evidence; a line written before it was required still decodes")
    func journalLine() throws {
        let with = Event(
            at: t("2026-04-03T10:00:00+02:00"), actor: projectleider, process: "P",
            payload: .inputWithdrawn(InputWithdrawn(input: "R-0001", reason: "Ziet ervan af.", evidence: "Brief Z-9")))
        let line = Array(#"{"v":1,"seq":1,"#.utf8) + EventCoding.encode(with) + Array("}".utf8)
        #expect(String(decoding: line, as: UTF8.self).contains(#""evidence":"Brief Z-9""#))
        #expect(try EventCoding.decode(line) == with)
        // An old line: the same without the member.
        let old = String(decoding: line, as: UTF8.self).replacingOccurrences(of: #","evidence":"Brief Z-9""#, with: "")
        #expect(!old.contains("evidence"))
        let decoded = try EventCoding.decode(Array(old.utf8))
        #expect(decoded.payload == .inputWithdrawn(InputWithdrawn(input: "R-0001", reason: "Ziet ervan af.", evidence: nil)))
    }

    @Test("the audit lists each withdrawal with reason and evidence, and says why a decision weighed nothing")
    func audit() throws {
        var harness = try inspraakWithOneReaction()
        let withdrawn = harness.run(
            .withdrawInput("R-0001", reason: "De indiener ziet ervan af.", evidence: "E-mail van de indiener, DMS 2026-0311"),
            at: t("2026-04-03T10:00:00+02:00"), by: projectleider)
        try #require(withdrawn.isSuccess)
        try #require(harness.run(.advance("inzageSluiten", reason: nil), at: t("2026-04-29T10:00:00+02:00"), by: projectleider).isSuccess)
        try #require(
            harness.run(.attachDocument(kind: "reactienota", reference: "Z-2"), at: t("2026-04-29T10:00:00+02:00"), by: projectleider)
                .isSuccess)
        try #require(harness.run(.advance("besluiten", reason: nil), at: t("2026-05-05T10:00:00+02:00"), by: college).isSuccess)
        let state = try #require(harness.state)
        let report = AuditReport.build(
            processes: [(state, harness.engine.definition)], head: (1, SHA256.hash(Array("x".utf8))), verified: nil,
            asOf: TestSupport.day("2026-05-06"))
        let audit = try #require(report.processes.first)
        #expect(audit.decisions.map(\.withdrawnAtThatMoment) == [1])
        #expect(
            audit.withdrawals == [
                AuditReport.WithdrawalLine(
                    input: "R-0001", date: TestSupport.day("2026-04-03"), at: "2026-04-03T08:00:00Z", by: projectleider.description,
                    reason: "De indiener ziet ervan af.", evidence: "E-mail van de indiener, DMS 2026-0311", answered: false)
            ])
        let short = AuditReport.shortAnswer(audit)
        #expect(!short.contains("was er geen inbreng die een antwoord nodig had"), "\(short)")
        #expect(short.contains("omdat de enige inbreng was ingetrokken"), "\(short)")
        #expect(short.contains("Ingetrokken: 1 stuk inbreng (R-0001), elk met het verzoek van de indiener."), "\(short)")
        let text = ReportRenderer.markdown(report.document)
        #expect(text.contains("## Ingetrokken inbreng") || text.contains("Ingetrokken inbreng"))
        #expect(text.contains("E-mail van de indiener, DMS 2026-0311"))
    }

    @Test("the audit points out withdrawals journaled before the evidence was required")
    func oldWithdrawalsFlagged() throws {
        let harness = try inspraakWithOneReaction()
        // As an old journal line would replay: the event without evidence.
        let event = Event(
            at: t("2026-04-03T10:00:00+02:00"), actor: projectleider, process: harness.process,
            payload: .inputWithdrawn(InputWithdrawn(input: "R-0001", reason: "Op verzoek.")))
        let engine = harness.engine
        var replayed = harness.state
        engine.apply(event, to: &replayed)
        let state = try #require(replayed)
        #expect(state.input("R-0001")?.withdrawal?.evidence == nil)
        let report = AuditReport.build(
            processes: [(state, harness.engine.definition)], head: (1, SHA256.hash(Array("x".utf8))), verified: nil,
            asOf: TestSupport.day("2026-05-06"))
        let audit = try #require(report.processes.first)
        #expect(AuditReport.shortAnswer(audit).contains("LET OP: bij die intrekking is geen verzoek van de indiener vastgelegd."))
        #expect(ReportRenderer.markdown(report.document).contains("niet vastgelegd"))
    }
}

@Suite("A closed process takes nothing new")
struct ClosedProcessTests {
    static let refusedCommands: [(String, Command)] = [
        ("input", .addInput(NewInput(kind: "inspraakreactie", text: "Nog een reactie."))),
        ("import", .addInputs([NewInput(kind: "inspraakreactie", text: "Nog een reactie.")])),
        ("new answer", .recordFeedback(NewFeedback(input: "R-0001", verdict: .deels, motivation: "Toch maar deels."))),
        ("answers imported", .recordFeedbacks([NewFeedback(input: "R-0001", verdict: .deels, motivation: "Toch maar deels.")])),
        ("withdrawal", .withdrawInput("R-0001", reason: "Ziet ervan af.", evidence: "Brief Z-9")),
        ("sent", .markFeedbackSent(.inputs(["R-0001"]), on: TestSupport.day("2026-05-08"))),
        ("all sent", .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-05-08"))),
        ("document", .attachDocument(kind: "reactienota", reference: "Z-3")),
        ("plan", .attachPlan(digest: SHA256.hash(Array("plan".utf8)).hex, complete: true)),
        ("advance", .advance("noodrem", reason: "Te laat.")),
        ("extension", .extendTerm(days: 7, reason: "Vakantie.")),
    ]

    @Test("every command but an erasure is refused on a closed process, and nothing changes", arguments: refusedCommands.map(\.0))
    func refused(_ name: String) throws {
        var harness = try closedInspraak()
        let command = try #require(Self.refusedCommands.first { $0.0 == name }?.1)
        let before = harness.state
        let refusal = try #require(harness.run(command, at: t("2026-05-08T10:00:00+02:00"), by: projectleider).refusal, "\(name)")
        #expect(refusal.reasons.map(\.code) == [.processClosed], "\(refusal)")
        #expect(refusal.description.contains("Het proces is afgesloten"), "\(refusal)")
        #expect(harness.state == before)
    }

    @Test("the messages say what to do instead, in words without command-line syntax")
    func messages() throws {
        var harness = try closedInspraak()
        let input = try #require(
            harness.run(
                .addInput(NewInput(kind: "inspraakreactie", text: "Te laat.")), at: t("2026-05-08T10:00:00+02:00"), by: projectleider
            ).refusal)
        #expect(input.description.hasPrefix("Inbreng registreren: Het proces is afgesloten (\"Afgerond\" met uitkomst vastgesteld)."))
        #expect(input.description.contains("nieuw proces"))
        let sent = try #require(
            harness.run(
                .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-05-08")), at: t("2026-05-08T10:00:00+02:00"), by: projectleider
            ).refusal)
        #expect(sent.description.contains("Er is niets meer te versturen"))
    }

    @Test("erasing a writer's contact details stays allowed after closing; a tick does nothing")
    func redactionAllowed() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        // Like closedInspraak, with contact details on the reaction.
        try #require(harness.start(at: t("2026-03-13T10:00:00+01:00"), by: projectleider, attributes: ["impact": "midden"]).isSuccess)
        let steps: [(Command, String, ActorIdentity)] = [
            (.attachDocument(kind: "ontwerp", reference: "Z-1"), "2026-03-13T10:00:00+01:00", projectleider),
            (.advance("terInzageLeggen", reason: nil), "2026-03-16T09:00:00+01:00", projectleider),
            (
                .addInput(NewInput(kind: "inspraakreactie", text: "Bomen.", personalDigest: String(repeating: "a", count: 64))),
                "2026-04-02T10:00:00+02:00", projectleider
            ),
            (
                .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Komen er.")), "2026-04-20T10:00:00+02:00",
                projectleider
            ),
            (.advance("inzageSluiten", reason: nil), "2026-04-29T10:00:00+02:00", projectleider),
            (.attachDocument(kind: "reactienota", reference: "Z-2"), "2026-04-29T10:00:00+02:00", projectleider),
            (.advance("besluiten", reason: nil), "2026-05-05T10:00:00+02:00", college),
            (.markFeedbackSent(.allUnsent, on: TestSupport.day("2026-05-06")), "2026-05-06T10:00:00+02:00", projectleider),
            (.advance("afronden", reason: nil), "2026-05-07T10:00:00+02:00", projectleider),
        ]
        for (command, time, actor) in steps { try #require(harness.run(command, at: t(time), by: actor).isSuccess, "\(command)") }
        try #require(harness.state?.isFinal == true)
        #expect(harness.run(.tick, at: t("2026-06-08T10:00:00+02:00"), by: .system).isSuccess)
        let erased = harness.run(
            .redactPersonalData("R-0001", reason: "Verzoek van de indiener."), at: t("2026-06-08T10:00:00+02:00"), by: projectleider)
        #expect(erased.isSuccess, "\(erased)")
        #expect(harness.state?.input("R-0001")?.redaction != nil)
    }
}

@Suite("No process starts on a workflow with errors")
struct StartOnInvalidWorkflowTests {
    /// The fixture workflow with a shortcut from the reactienota to the end: PK031.
    static func shortcut() throws -> WorkflowFile {
        try FixtureWorkflow().with {
            $0.transitions.append(#"{ "name": "afkorten", "from": ["nota"], "to": "klaar", "by": ["projectleider"] }"#)
        }.file()
    }

    @Test("storeDefinition refuses it with every error as a reason, and keeps nothing")
    func storeDefinitionRefuses() throws {
        let path = TestSupport.temporaryDirectory("gate-start")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ParticipationStore(path: path, session: .exercise())
        let file = try Self.shortcut()
        #expect(WorkflowValidator.diagnostics(for: file).contains { $0.code == .finalWithoutDecision })
        do {
            try store.storeDefinition(file)
            Issue.record("opgeslagen")
        } catch {
            guard case .refused(let refusal) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(refusal.reasons.map(\.code) == [.invalidWorkflow])
            #expect(refusal.reasons[0].ids == ["PK031"])
            #expect(refusal.description.hasPrefix("Proces starten kan niet: werkstroom fixture 1 heeft 1 fout: fixture.json:"))
            #expect(refusal.description.contains("[PK031] openen → sluiten → afkorten"))
        }
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: path + "/definitions")) ?? []
        #expect(kept.isEmpty)
        #expect(store.processes.isEmpty)
    }

    @Test("a definition put in definitions/ some other way is refused at the start too; warnings do not stop a start")
    func startRefuses() throws {
        let path = TestSupport.temporaryDirectory("gate-start")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ParticipationStore(path: path, session: .exercise())
        let file = try Self.shortcut()
        let hash = SHA256.hash(file.bytes).hex
        try AtomicFile.write(file.bytes, to: "\(path)/definitions/\(hash).json")
        do {
            try store.execute(
                .start(StartProcess(id: "P", title: "Kortsluiting", definitionHash: hash)), on: "P", by: projectleider,
                at: t("2026-03-13T10:00:00+01:00"))
            Issue.record("gestart")
        } catch {
            guard case .refused(let refusal) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(refusal.reasons.map(\.code) == [.invalidWorkflow])
            #expect(refusal.description.contains("werkstroom fixture: fout: [PK031]"))
        }
        #expect(store.process("P") == nil)
        // Only a warning (PK035): the start goes ahead.
        let warned = try FixtureWorkflow().with {
            $0.inputKinds.append(#""steun": {"label": "Steunbetuiging", "feedback": "none"}"#)
            $0.states[1] = #""open": {"label": "Ter inzage", "accepts": ["reactie", "steun"], "window": {"weeks": 6}}"#
        }.file()
        #expect(WorkflowValidator.diagnostics(for: warned).map(\.code) == [.feedbackExemptWithoutReason])
        let warnedHash = try store.storeDefinition(warned)
        try store.execute(
            .start(StartProcess(id: "Q", title: "Met steun", definitionHash: warnedHash)), on: "Q", by: projectleider,
            at: t("2026-03-13T10:00:00+01:00"))
        #expect(store.process("Q") != nil)
    }

    @Test("every shipped workflow can be stored and started", arguments: ShippedWorkflows.names)
    func shippedStart(_ name: String) throws {
        let file = try TestSupport.shippedFile(name)
        #expect(ParticipationStore.refusal(starting: WorkflowValidator.diagnostics(for: file), of: file.definition) == nil)
    }
}
