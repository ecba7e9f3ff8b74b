import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

// MARK: - Snapshots

/// Compares `actual` with `Snapshots/reports/<name>`; `RECORD_SNAPSHOTS=1` writes it instead.
private func assertAuditSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    assertMatchesSnapshot(
        actual, named: name, in: "reports", record: "RECORD_SNAPSHOTS=1 swift test --filter AuditReport", sourceLocation: sourceLocation)
}

// MARK: - Fixture

/// Three processes built with the real engine and the shipped workflows, at fixed instants:
///
/// - `INS-A` (inspraak, no wijk): five reacties, one late (R-0005), two whose writers got the
///   answer after the due day (R-0001 answered late; R-0002 answered in time, sent a day late), three with the same motivation in different case and spacing (R-0002, R-0003,
///   R-0005), a decision by the college on 26-05-2026 with every reactie answered, four answers sent.
/// - `NP-B` (nijmegen-participatie, wijk Lindenholt, impact hoog): kaders of the raad attached,
///   one idee without an answer and past its due day, in samen denken.
/// - `NP-C` (nijmegen-participatie, wijk Lindenholt): samen besluiten with one answered reactie,
///   then the raad attaches its noodrembesluit and pulls the noodrem.
enum AuditFixture {
    static let projectleider = ActorIdentity(role: "projectleider", name: "Fatima Yilmaz")
    static let college = ActorIdentity(role: "college")
    static let raad = ActorIdentity(role: "raad")
    static let asOf = TestSupport.day("2026-06-10")
    static let head = (seq: UInt64(42), hash: SHA256.hash(Array("audit-fixture".utf8)))
    static let writer = "Johanna de Vries-Bakker"

    struct Refused: Error, CustomStringConvertible {
        var refusal: Refusal
        var description: String { refusal.description }
    }

    static func run(_ harness: inout ProcessHarness, _ command: Command, _ time: String, by actor: ActorIdentity = projectleider) throws {
        if let refusal = harness.run(command, at: TestSupport.instant(time), by: actor).refusal { throw Refused(refusal: refusal) }
    }

    static func input(
        _ received: String, kind: InputKindID = "inspraakreactie", publicName: String? = nil, text: String = "Graag meer groen."
    ) -> NewInput {
        NewInput(kind: kind, text: text, received: TestSupport.day(received), publicName: publicName)
    }

    static func started(
        _ id: ProcessID, workflow: String, attributes: [AttributeName: String], title: String
    ) throws -> ProcessHarness {
        var harness = ProcessHarness(definition: try TestSupport.shipped(workflow), process: id)
        if let refusal = harness.start(
            at: TestSupport.instant("2026-03-02T10:00:00+01:00"), by: projectleider, attributes: attributes, title: title
        )
        .refusal {
            throw Refused(refusal: refusal)
        }
        return harness
    }

    static func processA(sending: Bool = true) throws -> ProcessState {
        var harness = try started("INS-A", workflow: "inspraak", attributes: ["impact": "midden"], title: "Speelplek Hatert")
        try run(&harness, .attachDocument(kind: "ontwerp", reference: "Z-2026-0142"), "2026-03-13T10:05:00+01:00")
        try run(&harness, .advance("terInzageLeggen", reason: nil), "2026-03-16T09:00:00+01:00")
        try run(
            &harness,
            .addInputs([
                input("2026-03-20", publicName: "Bewonersvereniging Hatert", text: "Meer bomen langs het pad, graag."),
                input("2026-04-01"), input("2026-04-20"), input("2026-04-20"),
            ]), "2026-04-20T10:00:00+02:00")
        try run(&harness, .addInput(input("2026-04-30")), "2026-04-30T09:00:00+02:00")
        try run(&harness, .advance("inzageSluiten", reason: nil), "2026-04-30T09:30:00+02:00")
        try run(&harness, .attachDocument(kind: "reactienota", reference: "Z-2026-0150"), "2026-05-01T09:00:00+02:00")
        try run(
            &harness,
            .recordFeedbacks([
                NewFeedback(input: "R-0002", verdict: .nietOvergenomen, motivation: "Wij nemen dit   niet over.\nHet budget is op."),
                NewFeedback(input: "R-0003", verdict: .nietOvergenomen, motivation: "wij nemen dit niet over. het budget is op."),
                NewFeedback(input: "R-0004", verdict: .deels, motivation: "Wij nemen dit deels over: de bank komt er, de fontein niet."),
                NewFeedback(input: "R-0005", verdict: .kennisgenomen, motivation: "  WIJ NEMEN DIT NIET OVER. Het budget is op. "),
            ]), "2026-05-04T14:00:00+02:00")
        try run(
            &harness,
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Er komen twaalf bomen langs het pad.")),
            "2026-05-20T10:00:00+02:00")
        try run(&harness, .advance("besluiten", reason: nil), "2026-05-26T10:00:00+02:00", by: college)
        if sending {
            try run(
                &harness, .markFeedbackSent(.inputs(["R-0001", "R-0002", "R-0003", "R-0004"]), on: TestSupport.day("2026-05-28")),
                "2026-05-28T16:00:00+02:00")
        }
        return try #require(harness.state)
    }

    static func processB() throws -> ProcessState {
        var harness = try started(
            "NP-B", workflow: "nijmegen-participatie", attributes: ["impact": "hoog", "wijk": "Lindenholt"], title: "Parkeren Lindenholt")
        try run(&harness, .attachPlan(digest: String(repeating: "a4", count: 32), complete: true), "2026-03-02T10:05:00+01:00")
        try run(&harness, .attachDocument(kind: "kaders", reference: "Raadsbesluit 2026-17"), "2026-03-12T20:00:00+01:00", by: raad)
        try run(&harness, .advance("startDenken", reason: nil), "2026-03-16T09:00:00+01:00")
        try run(&harness, .addInput(input("2026-03-20", kind: "idee", publicName: "Ondernemers Lindenholt")), "2026-03-20T10:00:00+01:00")
        return try #require(harness.state)
    }

    static func processC() throws -> ProcessState {
        var harness = try started(
            "NP-C", workflow: "nijmegen-participatie", attributes: ["impact": "midden", "wijk": "Lindenholt"], title: "Evenemententerrein")
        try run(&harness, .attachPlan(digest: String(repeating: "a5", count: 32), complete: true), "2026-03-02T10:05:00+01:00")
        try run(
            &harness, .advance("startBesluiten", reason: "Het samen denken gebeurde al bij de wijkvisie Lindenholt."),
            "2026-03-16T09:00:00+01:00")
        try run(&harness, .addInput(input("2026-04-01", kind: "reactie")), "2026-04-01T10:00:00+02:00")
        try run(
            &harness, .recordFeedback(NewFeedback(input: "R-0001", verdict: .doorverwezen, motivation: "Doorgestuurd naar de GGD.")),
            "2026-05-02T10:00:00+02:00")
        try run(&harness, .attachDocument(kind: "noodrembesluit", reference: "RB-2026-31"), "2026-05-21T20:30:00+02:00", by: raad)
        try run(&harness, .advance("noodrem", reason: "Het terrein is verkocht."), "2026-05-21T21:00:00+02:00", by: raad)
        return try #require(harness.state)
    }

    static func all() throws -> [(state: ProcessState, definition: WorkflowDefinition)] {
        [
            (try processA(), try TestSupport.shipped("inspraak")), (try processB(), try TestSupport.shipped("nijmegen-participatie")),
            (try processC(), try TestSupport.shipped("nijmegen-participatie")),
        ]
    }

    static func report(
        _ processes: [(state: ProcessState, definition: WorkflowDefinition)]? = nil, year: Int? = nil,
        names: ((ProcessID, InputID) -> String?)? = nil
    ) throws -> AuditReport {
        AuditReport.build(processes: try processes ?? all(), head: head, verified: true, asOf: asOf, year: year, names: names)
    }

    static func json(_ report: AuditReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}

// MARK: - Tests

@Suite("AuditReport")
struct AuditReportTests {
    @Test("counts per process and per kind come from the inputs")
    func counts() throws {
        let a = try #require(try AuditFixture.report().processes.first)
        #expect(a.process == "INS-A")
        #expect(a.counts.inputs == 5)
        #expect(a.counts.needingFeedback == 5)
        #expect(a.counts.answered == 5)
        #expect(a.counts.sent == 4)
        #expect(a.counts.late == 1)
        #expect(a.late.map(\.input) == ["R-0005"])
        #expect(a.kinds.count == 1)
        #expect(a.kinds[0].label == "Inspraakreactie")
        #expect(a.kinds[0].inputs == 5 && a.kinds[0].answered == 5 && a.kinds[0].sent == 4 && a.kinds[0].late == 1)
        #expect(a.wijk == nil)
        #expect(a.phase == .besluiten)
    }

    @Test("verdict shares are over the answered reacties")
    func verdictShares() throws {
        let a = try #require(try AuditFixture.report().processes.first)
        let shares = a.verdicts.map { "\($0.verdict.rawValue) \($0.count) \($0.percent)" }
        #expect(shares == ["overgenomen 1 20", "deels 1 20", "niet-overgenomen 2 40", "kennisgenomen 1 20"])
    }

    @Test("median and worst days from receipt to the first feedback")
    func daysToFeedback() throws {
        let a = try #require(try AuditFixture.report().processes.first)
        // R-0001 20-03 → 20-05: 61; R-0002 01-04 → 04-05: 33; R-0003, R-0004 20-04 → 04-05: 14; R-0005 30-04 → 04-05: 4.
        #expect(a.inputs.map(\.daysToFeedback) == [61, 33, 14, 14, 4])
        #expect(a.daysToFeedback.median == 14)
        #expect(a.daysToFeedback.worst == 61)
        #expect(a.daysToFeedback.worstInputs == ["R-0001"])
        #expect(ReportRenderer.markdown(try AuditFixture.report().document).contains("mediaan 14, langst 61 (R-0001)"))
    }

    @Test("an even number of answers has the mean of the middle two as median")
    func evenMedian() throws {
        let a = try AuditFixture.processA()
        // The writer of R-0005 (4 days) withdraws it: 14, 14, 33 and 61 days remain.
        let engine = ProcessEngine(definition: try TestSupport.shipped("inspraak"))
        let now = TestSupport.instant("2026-06-01T10:00:00+02:00")
        let payloads = try engine.decide(
            .withdrawInput("R-0005", reason: "Ingetrokken door de indiener.", evidence: "E-mail van de indiener"), in: a, process: a.id,
            at: now, by: AuditFixture.projectleider
        ).get()
        var state: ProcessState? = a
        for payload in payloads {
            engine.apply(Event(at: now, actor: AuditFixture.projectleider, process: a.id, payload: payload), to: &state)
        }
        let withdrawn = try #require(state)
        #expect(withdrawn.counts.withdrawn == 1)
        let report = AuditReport.build(
            processes: [(withdrawn, try TestSupport.shipped("inspraak"))], head: AuditFixture.head, verified: nil, asOf: AuditFixture.asOf)
        #expect(report.processes[0].daysToFeedback.median == 23.5)
        #expect(ReportRenderer.markdown(report.document).contains("mediaan 23,5"))
    }

    @Test("overdue: answered after the due day, or still open past it")
    func overdue() throws {
        let report = try AuditFixture.report()
        let a = report.processes[0]
        let first = try #require(a.inputs.first)
        let due = try #require(first.answerDue)
        #expect(due < TestSupport.day("2026-05-20"))
        // Over tijd means the writer had no answer by the due day: answered late, or answered in
        // time and sent late (R-0002, due 27-05, sent 28-05).
        #expect(a.overdue.map(\.input) == ["R-0001", "R-0002"])
        #expect(a.overdue.allSatisfy { $0.overdue == .answeredLate })
        #expect(a.overdue[0].daysOverdue == TestSupport.day("2026-05-28").days(since: due))
        #expect(a.overdue[1].daysOverdue == 1)
        #expect(a.counts.overdue == 2)
        let b = report.processes[1]
        #expect(b.overdue.map(\.input) == ["R-0001"])
        #expect(b.overdue[0].overdue == .open)
        #expect(b.overdue[0].daysOverdue == AuditFixture.asOf.days(since: try #require(b.overdue[0].answerDue)))
        // The day before the due day nothing is overdue yet.
        let early = AuditReport.build(
            processes: [(try AuditFixture.processB(), try TestSupport.shipped("nijmegen-participatie"))], head: AuditFixture.head,
            verified: nil,
            asOf: try #require(b.overdue[0].answerDue))
        #expect(early.processes[0].overdue.isEmpty)
    }

    @Test("standaardantwoorden: the same motivation after case and whitespace, with exact ids and share")
    func standardAnswers() throws {
        let a = try #require(try AuditFixture.report().processes.first)
        #expect(a.standardAnswers.minimum == 2)
        #expect(a.standardAnswers.answered == 5)
        #expect(a.standardAnswers.inputs == 3)
        #expect(a.standardAnswers.percent == 60)
        #expect(a.standardAnswers.groups.count == 1)
        let group = try #require(a.standardAnswers.groups.first)
        #expect(group.inputs == ["R-0002", "R-0003", "R-0005"])
        #expect(group.count == 3)
        #expect(group.percent == 60)
        #expect(group.normalised == "wij nemen dit niet over. het budget is op.")
        #expect(group.motivation == "Wij nemen dit niet over. Het budget is op.")
        #expect(a.inputs.filter(\.standardAnswer).map(\.input) == ["R-0002", "R-0003", "R-0005"])
        #expect(AuditReport.normalised("  Eén\tTWEE\n drie ") == "eén twee drie")
        let text = ReportRenderer.markdown(try AuditFixture.report().document)
        #expect(text.contains("3 antwoorden (60%) zijn een standaardantwoord."))
    }

    @Test("one answer alone is no standaardantwoord")
    func noStandardAnswers() throws {
        let c = try AuditFixture.report().processes[2]
        #expect(c.standardAnswers.groups.isEmpty)
        #expect(c.standardAnswers.inputs == 0)
    }

    @Test("decisions come from the history: date, by, weighed, unanswered at that moment")
    func decisions() throws {
        let report = try AuditFixture.report()
        let a = report.processes[0]
        #expect(a.decisions.count == 1)
        let decision = a.decisions[0]
        #expect(decision.date == TestSupport.day("2026-05-26"))
        #expect(decision.by == "college")
        #expect(decision.label == "Besluiten")
        #expect(decision.inputsWeighed == 5)
        #expect(decision.unansweredAtThatMoment == 0)
        #expect(decision.unsentAtThatMoment == 5)
        #expect(
            AuditReport.shortAnswer(a).hasPrefix(
                "Alle 5 inspraakreacties hadden een antwoord vóór het besluit van 26-05-2026; nu is het antwoord verstuurd bij 4 van de 5 inspraakreacties."
            ))
        // The noodrem is no decision.
        #expect(report.processes[2].decisions.isEmpty)
    }

    @Test("a journal that says a decision had unanswered inputs is reported as such, not assumed away")
    func unansweredFromTheJournal() throws {
        var a = try AuditFixture.processA()
        let found = a.history.firstIndex { $0.decision }
        let index = try #require(found)
        // The engine never writes this; a tampered or imported history could. The audit must say what it says.
        a.history[index].unansweredAtThatMoment = 2
        let report = AuditReport.build(
            processes: [(a, try TestSupport.shipped("inspraak"))], head: AuditFixture.head, verified: true, asOf: AuditFixture.asOf)
        #expect(report.processes[0].counts.answered == 5)
        #expect(report.processes[0].decisions[0].unansweredAtThatMoment == 2)
        let short = AuditReport.shortAnswer(report.processes[0])
        #expect(
            short.hasPrefix(
                "Let op: bij het besluit van 26-05-2026 hadden 2 van de 5 inspraakreacties nog geen antwoord (volgens het journaal)"))
        #expect(!short.contains("Alle 5"))
        let text = ReportRenderer.markdown(report.document)
        #expect(!text.contains("Alle 5 inspraakreacties"))
        // At a glance: no, with the count, because the journal's moments do not name two inputs.
        let glance = report.atAGlance[0]
        #expect(glance.answeredBeforeEveryDecision == false)
        #expect(glance.unansweredAtDecisions == 2 && glance.unansweredAtDecisionInputs.isEmpty)
        #expect(AuditReport.answeredCell(glance) == "nee: 2 stuks inbreng zonder antwoord (volgens het journaal)")
        #expect(try AuditFixture.json(report).contains("\"unansweredAtThatMoment\" : 2"))
    }

    @Test("a process without a decision says so")
    func noDecision() throws {
        let b = try AuditFixture.report().processes[1]
        #expect(
            AuditReport.shortAnswer(b)
                == "Nog geen besluit; het proces staat op \"Samen denken\". Er is 1 idee, nog zonder antwoord; 1 wacht al langer dan de termijn."
        )
        let c = try AuditFixture.report().processes[2]
        #expect(
            AuditReport.shortAnswer(c)
                == "Nog geen besluit; het proces staat op \"Gestopt door de raad (noodrem)\". Er is 1 reactie, met een antwoord; het is nog niet verstuurd; 1 wacht al langer dan de termijn. Soort antwoord: 1 doorverwezen."
        )
    }

    @Test("point 10 is met with two processes with the raad, one beyond denken")
    func pointTenMet() throws {
        let year = try #require(try AuditFixture.report(year: 2026).year)
        #expect(year.processes.map(\.process) == ["INS-A", "NP-B", "NP-C"])
        #expect(year.processes.map(\.raadInvolved) == [false, true, true])
        #expect(year.processes.map(\.beyondDenken) == [true, false, true])
        // Kaders count whoever attached them; other documents only when the raad attached them.
        #expect(year.processes[1].involvement.map(\.description) == ["document Kaders van de raad (Raadsbesluit 2026-17)"])
        #expect(
            year.processes[2].involvement.map(\.description) == [
                "document Besluit van de raad om het proces te stoppen (RB-2026-31)", "overgang door de raad: Noodrem",
            ])
        #expect(year.processes[2].involvement.map(\.date) == [TestSupport.day("2026-05-21"), TestSupport.day("2026-05-21")])
        #expect(year.processes[1].phasesReached == [.denken])
        #expect(year.processes[2].phasesReached == [.denken, .besluiten])
        #expect(year.pointTen == AuditReport.PointTen(raadProcesses: 2, raadProcessesBeyondDenken: 1, met: true))
        let text = ReportRenderer.markdown(try AuditFixture.report(year: 2026).document)
        #expect(text.contains("Tienpuntenplan punt 10 in 2026: gehaald."))
    }

    @Test("point 10 is not met with one raad process, nor with two that stay in denken, nor in another year")
    func pointTenNotMet() throws {
        let inspraak = try TestSupport.shipped("inspraak")
        let nijmegen = try TestSupport.shipped("nijmegen-participatie")
        let one = try #require(
            try AuditFixture.report([(try AuditFixture.processA(), inspraak), (try AuditFixture.processB(), nijmegen)], year: 2026).year)
        #expect(one.pointTen == AuditReport.PointTen(raadProcesses: 1, raadProcessesBeyondDenken: 0, met: false))
        var other = try AuditFixture.processB()
        other.id = "NP-B2"
        let denkenOnly = try #require(
            try AuditFixture.report([(try AuditFixture.processB(), nijmegen), (other, nijmegen)], year: 2026).year)
        #expect(denkenOnly.pointTen == AuditReport.PointTen(raadProcesses: 2, raadProcessesBeyondDenken: 0, met: false))
        let earlier = try #require(try AuditFixture.report(year: 2025).year)
        #expect(earlier.processes.isEmpty)
        #expect(earlier.pointTen.met == false)
        #expect(
            ReportRenderer.markdown(try AuditFixture.report(year: 2025).document).contains("Tienpuntenplan punt 10 in 2025: niet gehaald."))
    }

    @Test("the portfolio per wijk counts processes, inputs and decisions of the year")
    func wijkPortfolio() throws {
        let year = try #require(try AuditFixture.report(year: 2026).year)
        #expect(year.wijken.map(\.wijk) == ["Lindenholt", "(geen wijk)"])
        let lindenholt = year.wijken[0]
        #expect(lindenholt.processes == ["NP-B", "NP-C"])
        #expect(lindenholt.inputs == 2)
        #expect(lindenholt.unanswered == 1)
        #expect(lindenholt.decisions == 0)
        let none = year.wijken[1]
        #expect(none.processes == ["INS-A"])
        #expect(none.inputs == 5)
        #expect(none.unanswered == 0)
        #expect(none.decisions == 1)
        let text = ReportRenderer.markdown(try AuditFixture.report(year: 2026).document)
        #expect(text.contains("Per wijk in 2026"))
    }

    @Test("active in a year: started by 31 December, not final before 1 January")
    func activeInYear() throws {
        let c = try AuditFixture.processC()
        #expect(AuditReport.isActive(c, in: 2026))
        #expect(!AuditReport.isActive(c, in: 2025))
        #expect(AuditReport.isActive(c, in: 2027))  // gestopt is not final: the process still has to be ended
    }

    @Test("no writer's name without the names closure; with it, only the name")
    func personalNames() throws {
        let names: (ProcessID, InputID) -> String? = { process, input in
            process == "INS-A" && input == "R-0001" ? AuditFixture.writer : nil
        }
        let without = try AuditFixture.report(year: 2026)
        let with = try AuditFixture.report(year: 2026, names: names)
        #expect(!without.withNames)
        #expect(with.withNames)
        for (report, expected) in [(without, false), (with, true)] {
            let document = report.document
            let outputs = [
                ReportRenderer.text(document), ReportRenderer.markdown(document), ReportRenderer.html(document),
                String(decoding: ReportRenderer.csv(document), as: UTF8.self), try AuditFixture.json(report),
            ]
            for (index, output) in outputs.enumerated() {
                // Text wraps table cells; CSV is the overview table, without any names.
                if expected, index == 0 || index == 3 { continue }
                #expect(output.contains(AuditFixture.writer) == expected)
                // Public names are shown (not in the CSV overview); the text of an input never is.
                if index != 0, index != 3 { #expect(output.contains("Bewonersvereniging Hatert")) }
                #expect(!output.contains("Meer bomen langs het pad"))
            }
        }
        #expect(with.processes[0].inputs[0].name == AuditFixture.writer)
        #expect(with.processes[0].inputs[1].name == nil)
    }

    @Test("an erased writer: counted and listed with date, who and why; with names asked, the placeholder, whatever the lookup says")
    func redaction() throws {
        var harness = try AuditFixture.started("INS-R", workflow: "inspraak", attributes: ["impact": "laag"], title: "Bankjes")
        try AuditFixture.run(&harness, .attachDocument(kind: "ontwerp", reference: "Z-1"), "2026-03-13T10:05:00+01:00")
        try AuditFixture.run(&harness, .advance("terInzageLeggen", reason: nil), "2026-03-16T09:00:00+01:00")
        var withDetails = AuditFixture.input("2026-03-20")
        withDetails.personalDigest = String(repeating: "0f", count: 32)
        try AuditFixture.run(&harness, .addInputs([withDetails, AuditFixture.input("2026-03-21")]), "2026-03-21T10:00:00+01:00")
        try AuditFixture.run(
            &harness, .recordFeedback(NewFeedback(input: "R-0001", verdict: .deels, motivation: "Er komt een bankje.")),
            "2026-03-22T10:00:00+01:00")
        try AuditFixture.run(
            &harness, .redactPersonalData("R-0001", reason: "Verzoek van de indiener per brief."), "2026-05-04T11:00:00+02:00")
        let state = try #require(harness.state)
        // A lookup that still knows the name, as a stale cache would: the report must not use it.
        let names: (ProcessID, InputID) -> String? = { _, _ in AuditFixture.writer }
        let definition = try TestSupport.shipped("inspraak")
        let with = AuditReport.build(
            processes: [(state, definition)], head: AuditFixture.head, verified: true, asOf: AuditFixture.asOf, names: names)
        let without = AuditReport.build(processes: [(state, definition)], head: AuditFixture.head, verified: true, asOf: AuditFixture.asOf)
        let audit = with.processes[0]
        #expect(audit.counts.redacted == 1)
        #expect(audit.counts.inputs == 2 && audit.counts.answered == 1)
        #expect(audit.redactions.map(\.input) == ["R-0001"])
        #expect(audit.redactions.first?.date == TestSupport.day("2026-05-04"))
        #expect(audit.redactions.first?.reason == "Verzoek van de indiener per brief.")
        #expect(audit.inputs.map(\.name) == [Redaction.placeholder, AuditFixture.writer])
        #expect(audit.inputs[0].verdict == .deels)
        #expect(without.processes[0].inputs.allSatisfy { $0.name == nil })
        for report in [with, without] {
            let markdown = ReportRenderer.markdown(report.document)
            #expect(markdown.contains("Verwijderde persoonsgegevens (AVG)"))
            #expect(markdown.contains("| 04-05-2026 | R-0001 | projectleider (Fatima Yilmaz) | Verzoek van de indiener per brief. |"))
            #expect(markdown.contains("bij 1 persoonsgegevens verwijderd"))
        }
        #expect(!ReportRenderer.markdown(without.document).contains(Redaction.placeholder))
    }

    @Test("the audit opens with the answer at a glance, then Kort; the CSV has the answer and the counts per process")
    func shortSection() throws {
        let document = try AuditFixture.report().document
        #expect(document.sections.map(\.heading).prefix(2) == ["In één oogopslag", "Kort"])
        #expect(document.tables.first?.rows.map { $0[0] } == ["INS-A", "NP-B", "NP-C"])
        let csv = String(decoding: ReportRenderer.csv(document), as: UTF8.self)
        #expect(
            csv.hasPrefix(
                "proces,titel,toestand,beantwoord vóór elk besluit,antwoord verstuurd,inbreng,antwoord nodig,beantwoord,verstuurd,over tijd,"
                    + "te laat ingediend,besluiten,zonder antwoord bij besluit,standaardantwoorden\r\nINS-A,Speelplek Hatert,Besluit genomen,ja,nee: R-0005,5,"
            ))
        #expect(document.sections.last?.heading == "Zo is geteld")
        let text = ReportRenderer.markdown(document)
        #expect(text.contains("42:\(AuditFixture.head.hash.hex)"))
        #expect(text.contains("in orde"))
    }

    @Test("an empty selection still renders")
    func empty() throws {
        let report = AuditReport.build(processes: [], head: (0, SHA256Digest.zero), verified: true, asOf: AuditFixture.asOf, year: 2026)
        #expect(ReportRenderer.markdown(report.document).contains("Er is in 2026 geen besluit genomen in deze selectie."))
        #expect(report.year?.pointTen.met == false)
        let none = AuditReport.build(processes: [], head: (0, SHA256Digest.zero), verified: true, asOf: AuditFixture.asOf)
        #expect(ReportRenderer.markdown(none.document).contains("Er zijn geen processen in deze selectie."))
    }

    @Test("at a glance: answered before every decision and answers sent, yes or no, with the ids when not")
    func glance() throws {
        let report = try AuditFixture.report()
        let lines = report.atAGlance
        #expect(lines.map(\.process) == ["INS-A", "NP-B", "NP-C"])
        // INS-A: decided with every reactie answered; R-0005's answer was never sent.
        #expect(lines[0].answeredBeforeEveryDecision == true && lines[0].answersSent == false && lines[0].notSent == ["R-0005"])
        #expect(!lines[0].noneSent)
        #expect(
            lines[0].line
                == "INS-A (Speelplek Hatert): elke inbreng beantwoord vóór elk besluit: ja · antwoord verstuurd: nee: R-0005")
        // NP-B: no decision, its idee unanswered: not yet sent, no warning (there is nothing to send).
        #expect(lines[1].answeredBeforeEveryDecision == nil && lines[1].notSent == ["R-0001"] && !lines[1].noneSent)
        #expect(AuditReport.answeredCell(lines[1]) == "nog geen besluit" && AuditReport.sentCell(lines[1]) == "nee: R-0001")
        // NP-C: an answer that was never sent: the warning.
        #expect(lines[2].noneSent)
        #expect(AuditReport.sentCell(lines[2]) == "nee — LET OP: nog geen enkel antwoord verstuurd: R-0001")
        // In every format, in one row per process.
        let document = report.document
        let glanceTable = try #require(document.tables.first)
        #expect(glanceTable.columns.map(\.title) == ["proces", "titel", "elke inbreng beantwoord vóór elk besluit", "antwoord verstuurd"])
        #expect(glanceTable.rows[0] == ["INS-A", "Speelplek Hatert", "ja", "nee: R-0005"])
        // Plain text: one line per process, whatever the length of its title.
        #expect(ReportRenderer.text(document).contains("\n" + lines[0].line + "\n" + lines[1].line + "\n" + lines[2].line + "\n"))
        #expect(ReportRenderer.markdown(document).contains("| INS-A | Speelplek Hatert | ja | nee: R-0005 |"))
        #expect(ReportRenderer.html(document).contains("<td role=\"cell\" data-label=\"antwoord verstuurd\">nee: R-0005</td>"))
        let json = try AuditFixture.json(report)
        #expect(json.contains("\"answeredBeforeEveryDecision\" : true"))
        #expect(
            json.contains(
                "\"line\" : \"INS-A (Speelplek Hatert): elke inbreng beantwoord vóór elk besluit: ja · antwoord verstuurd: nee: R-0005\""))
    }

    @Test("a few ids, then how many more")
    func glanceIDs() {
        #expect(AuditReport.someIDs(["a", "b"]) == "a, b")
        let many = (1...8).map { "R-\($0)" }
        #expect(AuditReport.someIDs(many) == "R-1, R-2, R-3, R-4, R-5 en 3 meer")
    }

    @Test("a decision whose answers were never sent gets a clear warning, never \"0 kregen hun antwoord\"")
    func neverSent() throws {
        let report = try AuditFixture.report([(try AuditFixture.processA(sending: false), try TestSupport.shipped("inspraak"))])
        let glance = report.atAGlance[0]
        #expect(glance.noneSent && glance.answersSent == false)
        #expect(glance.notSent == ["R-0001", "R-0002", "R-0003", "R-0004", "R-0005"])
        #expect(AuditReport.sentCell(glance) == "nee — LET OP: nog geen enkel antwoord verstuurd: R-0001, R-0002, R-0003, R-0004, R-0005")
        let short = AuditReport.shortAnswer(report.processes[0])
        #expect(
            short.contains(
                "LET OP: nog geen enkel antwoord is verstuurd (0 van de 5); de indieners weten nog niet wat er met hun inbreng is gedaan."))
        let document = report.document
        for output in [
            ReportRenderer.text(document), ReportRenderer.markdown(document), ReportRenderer.html(document), try AuditFixture.json(report),
        ] {
            #expect(!output.contains("0 kregen"))
            #expect(output.contains("nog geen enkel antwoord"))
        }
        #expect(
            ReportRenderer.html(document).contains(
                "<p class=\"let-op\" role=\"note\">Let op: bij INS-A is nog geen enkel antwoord verstuurd."))
    }

    @Test("an input without an answer at a decision is named by the journal's moments")
    func unansweredByID() throws {
        var a = try AuditFixture.processA()
        // As a history from elsewhere could say: the decision on 10 May, before R-0001's answer of 20 May.
        let index = try #require(a.history.firstIndex { $0.decision })
        a.history[index].unansweredAtThatMoment = 1
        a.history[index].at = TestSupport.instant("2026-05-10T10:00:00+02:00")
        let report = AuditReport.build(
            processes: [(a, try TestSupport.shipped("inspraak"))], head: AuditFixture.head, verified: true, asOf: AuditFixture.asOf)
        #expect(report.processes[0].decisions[0].unansweredInputs == ["R-0001"])
        #expect(AuditReport.answeredCell(report.atAGlance[0]) == "nee: R-0001")
        #expect(
            AuditReport.shortAnswer(report.processes[0]).hasPrefix(
                "Let op: bij het besluit van 10-05-2026 had 1 van de 5 inspraakreacties nog geen antwoord (R-0001) (volgens het journaal)"))
    }

    /// A Nijmegen process that ran from 2025 into 2026: the decision to go on (besluiten) on
    /// 18-11-2025 and the decision to close (afronden) on 17-03-2026.
    static func twoYears() throws -> ProcessState {
        typealias F = AuditFixture
        var harness = ProcessHarness(definition: try TestSupport.shipped("nijmegen-participatie"), process: "PLEIN")
        if let refusal = harness.start(
            at: TestSupport.instant("2025-09-01T09:00:00+02:00"), by: F.projectleider, attributes: ["impact": "midden"], title: "Plein 1944"
        ).refusal {
            throw F.Refused(refusal: refusal)
        }
        try F.run(&harness, .attachPlan(digest: String(repeating: "b7", count: 32), complete: true), "2025-09-01T09:05:00+02:00")
        try F.run(&harness, .advance("startDenken", reason: nil), "2025-09-08T09:00:00+02:00")
        try F.run(&harness, .addInput(F.input("2025-09-18", kind: "idee")), "2025-09-20T10:00:00+02:00")
        try F.run(
            &harness, .recordFeedback(NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Er komen acht bomen.")),
            "2025-10-10T10:00:00+02:00")
        try F.run(&harness, .advance("startBesluiten", reason: nil), "2025-10-27T10:00:00+01:00")
        try F.run(&harness, .attachDocument(kind: "verslag", reference: "Verslag"), "2025-11-03T10:00:00+01:00")
        try F.run(&harness, .advance("naarBesluitvorming", reason: nil), "2025-11-03T10:05:00+01:00")
        try F.run(
            &harness, .attachDocument(kind: "besluit", reference: "Collegebesluit 2025-311"), "2025-11-17T10:00:00+01:00", by: F.college)
        try F.run(&harness, .advance("besluiten", reason: nil), "2025-11-18T10:00:00+01:00", by: F.college)
        try F.run(&harness, .markFeedbackSent(.allUnsent, on: TestSupport.day("2025-11-20")), "2025-11-20T10:00:00+01:00")
        try F.run(&harness, .advance("naarLeren", reason: nil), "2026-03-02T10:00:00+01:00")
        try F.run(&harness, .attachDocument(kind: "evaluatie", reference: "Evaluatie"), "2026-03-16T10:00:00+01:00")
        try F.run(&harness, .advance("afronden", reason: nil), "2026-03-17T10:00:00+01:00", by: F.college)
        return try #require(harness.state)
    }

    @Test("--year selects the decisions taken in that year, and the title says so")
    func yearSelectsDecisions() throws {
        let nijmegen = try TestSupport.shipped("nijmegen-participatie")
        let plein = try Self.twoYears()
        #expect(plein.history.filter(\.decision).map { CivilDate(amsterdam: $0.at).year } == [2025, 2026])
        let selection = [(plein, nijmegen), (try AuditFixture.processB(), nijmegen)]
        for year in [2025, 2026] {
            let report = try AuditFixture.report(selection, year: year)
            // Only the process with a decision in the year, with only that year's decision.
            #expect(report.processes.map(\.process) == ["PLEIN"])
            #expect(report.processes[0].decisions.map(\.date.year) == [year])
            #expect(report.processes[0].decisions.map(\.transition) == [year == 2025 ? "besluiten" : "afronden"])
            #expect(report.atAGlance.map(\.decisions) == [1])
            let yearAudit = try #require(report.year)
            #expect(yearAudit.processesWithDecision == ["PLEIN"])
            let document = report.document
            #expect(document.title == "Audit van de participatie: besluiten genomen in \(year)")
            #expect(ReportRenderer.markdown(document).hasPrefix("# Audit van de participatie: besluiten genomen in \(year)\n"))
            #expect(try AuditFixture.json(report).contains("\"processesWithDecision\" : [\n      \"PLEIN\"\n    ]"))
        }
        // NP-B ran in 2026 without a decision: named, not audited; point 10 still counts it.
        let report2026 = try AuditFixture.report(selection, year: 2026)
        #expect(report2026.year?.processesWithoutDecision == ["NP-B"])
        #expect(report2026.year?.processes.map(\.process) == ["PLEIN", "NP-B"])
        #expect(ReportRenderer.text(report2026.document).contains("Zonder besluit in 2026 (dus niet in deze audit): NP-B."))
        // Without a year: both decisions.
        #expect(try AuditFixture.report(selection).processes[0].decisions.count == 2)
        // A year without a decision in it: nothing to audit, and it says so.
        let empty = try AuditFixture.report(selection, year: 2027)
        #expect(empty.processes.isEmpty)
        #expect(ReportRenderer.markdown(empty.document).contains("Er is in 2027 geen besluit genomen in deze selectie."))
    }

    /// An inspraak with two reacties, both answered, decided; `sent` of the answers sent.
    static func pair(sent: Int) throws -> ProcessState {
        typealias F = AuditFixture
        var harness = try F.started("PAAR", workflow: "inspraak", attributes: ["impact": "laag"], title: "Twee bankjes")
        try F.run(&harness, .attachDocument(kind: "ontwerp", reference: "Z-2"), "2026-03-13T10:05:00+01:00")
        try F.run(&harness, .advance("terInzageLeggen", reason: nil), "2026-03-16T09:00:00+01:00")
        try F.run(&harness, .addInputs([F.input("2026-03-20"), F.input("2026-03-21")]), "2026-03-21T10:00:00+01:00")
        try F.run(&harness, .advance("inzageSluiten", reason: nil), "2026-04-30T09:30:00+02:00")
        try F.run(&harness, .attachDocument(kind: "reactienota", reference: "Z-3"), "2026-05-01T09:00:00+02:00")
        try F.run(
            &harness,
            .recordFeedbacks([
                NewFeedback(input: "R-0001", verdict: .overgenomen, motivation: "Er komt een bankje bij de vijver."),
                NewFeedback(input: "R-0002", verdict: .deels, motivation: "Er komt een bankje, niet twee."),
            ]), "2026-05-04T14:00:00+02:00")
        try F.run(&harness, .advance("besluiten", reason: nil), "2026-05-26T10:00:00+02:00", by: F.college)
        if sent > 0 {
            let ids: [InputID] = Array(["R-0001", "R-0002"].prefix(sent))
            try F.run(&harness, .markFeedbackSent(.inputs(ids), on: TestSupport.day("2026-05-28")), "2026-05-28T16:00:00+02:00")
        }
        return try #require(harness.state)
    }

    @Test("every count in the audit reads right in Dutch, in every format: 1 idee, beide, never \"de ene\" or \"alle 1\"")
    func dutchCounts() throws {
        let inspraak = try TestSupport.shipped("inspraak")
        let reports = [
            try AuditFixture.report(year: 2026),
            try AuditFixture.report([(try AuditFixture.processA(sending: false), inspraak)]),
            try AuditFixture.report([(try Self.twoYears(), try TestSupport.shipped("nijmegen-participatie"))]),
            try AuditFixture.report([
                (try Self.pair(sent: 0), inspraak), (try Self.pair(sent: 1), inspraak), (try Self.pair(sent: 2), inspraak),
            ]),
        ]
        for report in reports {
            // Every piece of text on its own (Markdown and HTML write the same words), and the JSON lines.
            #expect(DutchCounts.problems(in: report.document).isEmpty, "\(DutchCounts.problems(in: report.document))")
            for glance in report.atAGlance { #expect(DutchCounts.problems(glance.line).isEmpty, "\(glance.line)") }
        }
        let pairs = try AuditFixture.report([(try Self.pair(sent: 2), inspraak), (try Self.pair(sent: 1), inspraak)]).processes
        #expect(
            AuditReport.shortAnswer(pairs[0]).hasPrefix(
                "Beide inspraakreacties hadden een antwoord vóór het besluit van 26-05-2026; beide antwoorden zijn ook verstuurd."))
        #expect(AuditReport.shortAnswer(pairs[1]).contains("; nu is het antwoord verstuurd bij 1 van de 2 inspraakreacties."))
        let one = try AuditFixture.report([(try Self.twoYears(), try TestSupport.shipped("nijmegen-participatie"))]).processes[0]
        #expect(
            AuditReport.shortAnswer(one).hasPrefix(
                "Het besluit van 18-11-2025 woog 1 idee, met een antwoord; het besluit van 17-03-2026 woog 1 idee, met een antwoord; het antwoord is ook verstuurd."
            ))
    }

    @Test("snapshots of the audit in Markdown, HTML, JSON and CSV; with --year 2026 in text, Markdown and JSON")
    func snapshots() throws {
        let report = try AuditFixture.report()
        let document = report.document
        try assertAuditSnapshot(ReportRenderer.markdown(document), named: "audit.md")
        try assertAuditSnapshot(ReportRenderer.html(document), named: "audit.html")
        try assertAuditSnapshot(try AuditFixture.json(report), named: "audit.json")
        try assertAuditSnapshot(String(decoding: ReportRenderer.csv(document), as: UTF8.self), named: "audit.csv")
        try assertAuditSnapshot(ReportRenderer.text(document), named: "audit.txt")
        let year = try AuditFixture.report(year: 2026)
        try assertAuditSnapshot(ReportRenderer.text(year.document), named: "audit-2026.txt")
        try assertAuditSnapshot(ReportRenderer.markdown(year.document), named: "audit-2026.md")
        try assertAuditSnapshot(try AuditFixture.json(year), named: "audit-2026.json")
    }
}
