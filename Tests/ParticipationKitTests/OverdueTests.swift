import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// One meaning of "over tijd": the writer still waits (no answer, or an answer not yet sent)
/// after the last day of the answer term. Status, list, deadlines, the audit and the register
/// all use ``InputRecord/isOverdue(on:)``, so they cannot disagree about the same letter.
@Suite("Over tijd: one definition everywhere")
struct OverdueTests {
    static let griffie = ActorIdentity(role: "griffie")

    /// A letter of three points received 02-03-2026 (answer within 8 weeks: Monday 27-04-2026 is
    /// Koningsdag, so the last day is Tuesday 28-04-2026):
    /// point 1 answered and sent in time, point 2 answered in time but not sent, point 3 unanswered.
    static func letter() throws -> (ProcessState, WorkflowDefinition) {
        let definition = try TestSupport.shipped("ingekomen-stuk")
        var harness = ProcessHarness(definition: definition)
        #expect(harness.start(at: TestSupport.instant("2026-03-02T10:00:00+01:00"), by: griffie, title: "Brief").isSuccess)
        for id in ["P-1", "P-2", "P-3"] {
            let added = harness.run(
                .addInput(NewInput(id: InputID(id), kind: "punt", text: "Punt \(id).", received: TestSupport.day("2026-03-02"))),
                at: TestSupport.instant("2026-03-02T11:00:00+01:00"), by: griffie)
            #expect(added.isSuccess, "\(added)")
        }
        for id in ["P-1", "P-2"] {
            let answered = harness.run(
                .recordFeedback(NewFeedback(input: InputID(id), verdict: .kennisgenomen, motivation: "Beantwoord.")),
                at: TestSupport.instant("2026-04-01T10:00:00+02:00"), by: griffie)
            #expect(answered.isSuccess, "\(answered)")
        }
        let sent = harness.run(
            .markFeedbackSent(.inputs(["P-1"]), on: TestSupport.day("2026-04-02")), at: TestSupport.instant("2026-04-02T10:00:00+02:00"),
            by: griffie)
        #expect(sent.isSuccess, "\(sent)")
        let state = try #require(harness.state)
        return (state, definition)
    }

    @Test("an answer that was never sent keeps the letter over tijd in the audit, the register and the deadlines alike")
    func sameAnswerEverywhere() throws {
        let (state, definition) = try Self.letter()
        let today = TestSupport.day("2026-05-07")
        let due = TestSupport.day("2026-04-28")
        #expect(state.inputs.allSatisfy { $0.answerDue == due })
        #expect(state.inputs.map { $0.isOverdue(on: today) } == [false, true, true])
        #expect(state.inputs.map { $0.daysOverdue(on: today) } == [0, 9, 9])
        #expect(state.inputs.map { $0.isOverdue(on: due) } == [false, false, false], "op de laatste dag is het nog op tijd")

        let audit = AuditReport.build(
            processes: [(state, definition)], head: (0, .zero), verified: nil, asOf: today)
        #expect(audit.processes[0].overdue.map(\.input) == ["P-2", "P-3"])
        #expect(audit.processes[0].overdue.allSatisfy { $0.overdue == .open && $0.daysOverdue == 9 })

        let engine = ProcessEngine(definition: definition)
        let register = RegisterReport(processes: [(state, engine)], today: today)
        #expect(register.letters.map(\.daysOverdue) == [9])
        #expect(RegisterReport(processes: [(state, engine)], today: today, overdue: true).letters.count == 1)

        let deadlines = DeadlinesReport(processes: [(state, engine)], today: today)
        let answers = deadlines.deadlines.filter { $0.kind == .answer }
        #expect(answers.map(\.subject) == ["P-2, P-3"], "one deadline for the letter's open points")
        #expect(answers.allSatisfy { $0.overdue })
    }
}
