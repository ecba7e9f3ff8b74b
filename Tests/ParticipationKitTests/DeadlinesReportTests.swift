import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

@Suite("DeadlinesReport")
struct DeadlinesReportTests {
    func report(within: Int = 30, today: CivilDate = GriffieFixture.today) throws -> DeadlinesReport {
        DeadlinesReport(processes: try GriffieFixture.processes(), today: today, within: within)
    }

    func summary(_ report: DeadlinesReport) -> [String] {
        report.deadlines.map { "\($0.date.iso) \($0.process) \($0.kind.rawValue) \($0.subject)\($0.overdue ? " TE LAAT" : "")" }
    }

    @Test("windows, answers still owed and timed steps within 30 days, sorted by date, overdue ones flagged")
    func fixture() throws {
        let report = try report()
        #expect(
            summary(report) == [
                "2027-03-30 BRIEF-2027-009 answer B-2027-009-1, B-2027-009-2 TE LAAT",
                // The week for the receipt confirmation ran out yesterday; the letter moves on the next tick.
                "2027-04-19 BRIEF-2027-012 term ontvangstbevestiging TE LAAT",
                "2027-04-20 BRIEF-2027-012 timed bevestigingVerlopen",
                "2027-04-30 inspraak-2027-001 answer R-0004",
                "2027-05-18 inspraak-2027-002 window terInzage",
            ])
        #expect(report.deadlines.map(\.daysLeft) == [-21, -1, 0, 10, 28])
        #expect(report.until == TestSupport.day("2027-05-20"))
        #expect(report.formatVersion == 1)
    }

    @Test("one answer deadline per letter and day; an answer ready but not sent still counts, and it says so")
    func answeredButUnsent() throws {
        let items = try report().deadlines
        let letter = try #require(items.first { $0.process == "BRIEF-2027-009" && $0.kind == .answer })
        #expect(letter.detail == "Nog zonder antwoord: B-2027-009-2; antwoord klaar, nog niet verstuurd: B-2027-009-1.")
        #expect(letter.summary == "Antwoord uiterlijk: 2 punten uit de brief B-2027-009-1, B-2027-009-2")
        #expect(items.first { $0.subject == "R-0004" }?.summary == "Antwoord uiterlijk: Inspraakreactie R-0004")
    }

    @Test("the timed step's day comes from the engine; the window's end from the calendar (Pinksteren)")
    func timedAndWindow() throws {
        let harness = try GriffieFixture.nijeVeld()
        let state = try #require(harness.state)
        let transition = try #require(harness.engine.definition.transitions.first { $0.name == "bevestigingVerlopen" })
        let items = try report().deadlines
        #expect(items.first { $0.kind == .timed }?.date == harness.engine.timedDue(transition, in: state))
        let window = try #require(items.first { $0.kind == .window })
        #expect(window.summary == "Laatste dag van de termijn: Ontwerp ligt ter inzage")
        #expect(window.detail.lowercased().contains("pinkster"), "\(window.detail)")
    }

    @Test("--within: passed deadlines always, later ones up to the horizon", arguments: [(0, 3), (10, 4), (28, 5), (60, 8)])
    func within(days: Int, count: Int) throws {
        let report = try report(within: days)
        #expect(report.deadlines.count == count, "\(summary(report))")
        #expect(report.deadlines.allSatisfy { $0.date <= GriffieFixture.today.adding(days: days) })
    }

    @Test("closed processes and processes with nothing owed add nothing")
    func closedAddNothing() throws {
        let processes = Set(try report(within: 3660).deadlines.map(\.process))
        #expect(!processes.contains("BRIEF-2026-101"))
        #expect(!processes.contains("BRIEF-2027-004"))
    }

    @Test("the document: one row per deadline with how far away it is")
    func document() throws {
        let document = try report().document
        let table = try #require(document.tables.first)
        #expect(table.rows.count == 5)
        #expect(table.rows.map { $0[1] } == ["21 dagen te laat", "1 dag te laat", "vandaag", "nog 10 dagen", "nog 28 dagen"])
        #expect(DeadlinesReport.distance(1) == "morgen")
        #expect(DeadlinesReport.distance(-1) == "1 dag te laat")
    }

    @Test("no writer's name or public name in any format")
    func noNames() throws {
        let report = try report(within: 3660)
        var outputs = GriffieFixture.rendered(report.document)
        outputs["json"] = try GriffieFixture.json(report)
        outputs["ics"] = report.iCalendar(stamp: GriffieFixture.now)
        outputs["document"] = GriffieFixture.strings(report.document)
        for (format, output) in outputs {
            for name in GriffieFixture.writerNames.values { #expect(!output.contains(name), "\(format) bevat \(name)") }
            #expect(!output.contains("Bewonersvereniging Groenekwartier"), "\(format)")
        }
    }

    @Test("the iCalendar file: one all-day event per deadline, stable UIDs, DTSTAMP from the given moment, a reminder")
    func iCalendar() throws {
        let deadlines = try report()
        let text = deadlines.iCalendar(stamp: GriffieFixture.now)
        let lines = ICalendar.unfold(text).components(separatedBy: "\r\n")
        let events = deadlines.deadlines.count + deadlines.met.count
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == events)
        #expect(lines.filter { $0 == "DTSTAMP:20270420T070000Z" }.count == events)
        #expect(lines.filter { $0 == "STATUS:CONFIRMED" }.count == deadlines.deadlines.count)
        #expect(lines.filter { $0 == "TRIGGER:-P3D" }.count == deadlines.deadlines.count)
        #expect(lines.contains("UID:BRIEF-2027-009/answer/2027-03-30@participatie"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20270518"))
        #expect(lines.contains("DTEND;VALUE=DATE:20270519"))
        let uids = lines.filter { $0.hasPrefix("UID:") }
        #expect(Set(uids).count == uids.count)
        // A later run, another day: the same deadlines keep the same UIDs.
        let later = try report(within: 60, today: TestSupport.day("2027-04-21")).iCalendar(
            stamp: GriffieFixture.now.addingTimeInterval(86_400))
        let laterUIDs = Set(ICalendar.unfold(later).components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") })
        #expect(Set(uids).isSubset(of: laterUIDs))
    }

    @Test("a met answer deadline stays in the agenda as cancelled, with a higher SEQUENCE and the same UID")
    func metDeadlineCancelled() throws {
        let before = try report()
        let letter = try #require(before.deadlines.first { $0.process == "BRIEF-2027-009" && $0.kind == .answer })
        // Both points answered and sent.
        var processes = try GriffieFixture.processes()
        let index = try #require(processes.firstIndex { $0.state.id == "BRIEF-2027-009" })
        var harness = ProcessHarness(definition: processes[index].engine.definition, process: "BRIEF-2027-009")
        harness.state = processes[index].state
        let now = TestSupport.instant("2027-04-20T10:00:00+02:00")
        let griffie = ActorIdentity(role: "griffie")
        for id in ["B-2027-009-1", "B-2027-009-2"] where harness.state?.input(InputID(id))?.isAnswered == false {
            #expect(
                harness.run(
                    .recordFeedback(NewFeedback(input: InputID(id), verdict: .kennisgenomen, motivation: "Gelezen.")), at: now, by: griffie
                ).isSuccess)
        }
        #expect(harness.run(.markFeedbackSent(.allUnsent, on: TestSupport.day("2027-04-20")), at: now, by: griffie).isSuccess)
        processes[index].state = try #require(harness.state)
        let after = DeadlinesReport(processes: processes, today: GriffieFixture.today, within: 30)
        #expect(!after.deadlines.contains { $0.uid == letter.uid })
        let met = try #require(after.met.first { $0.uid == letter.uid })
        #expect(met.met && !met.overdue)
        let lines = ICalendar.unfold(after.iCalendar(stamp: GriffieFixture.now)).components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex(of: "UID:" + letter.uid))
        let event = lines[start...].prefix { $0 != "END:VEVENT" }
        #expect(event.contains("STATUS:CANCELLED"))
        #expect(event.contains("SEQUENCE:1"))
        #expect(!event.contains("BEGIN:VALARM"))
    }

    @Test("every count reads right in Dutch; snapshots: text, md, html, json, csv and ics of the fixed example store")
    func snapshots() throws {
        let report = try report()
        for (format, output) in GriffieFixture.rendered(report.document) {
            assertGriffieSnapshot(output, named: "deadlines.\(format)")
        }
        assertGriffieSnapshot(try GriffieFixture.json(report), named: "deadlines.json")
        assertGriffieSnapshot(report.iCalendar(stamp: GriffieFixture.now), named: "deadlines.ics")
        #expect(DutchCounts.problems(in: report.document).isEmpty, "\(DutchCounts.problems(in: report.document))")
    }
}
