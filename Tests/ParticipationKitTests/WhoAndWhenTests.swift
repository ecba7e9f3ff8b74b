import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Who did what, and when, as the record keeps it: the system clock and the account on every
/// line, exercise stores for a set clock, role grants, and nobody acting as `systeem`.
@Suite("Who and when")
struct WhoAndWhenTests {
    static let projectleider = ActorIdentity(role: "projectleider")
    static let college = ActorIdentity(role: "college")
    static func t(_ text: String) -> Date { TestSupport.instant(text) }

    /// A store in `path` with one inspraak process open for reactions, written by `session`.
    static func store(_ path: String, session: StoreSession, at now: Date) throws -> ParticipationStore {
        let store = try ParticipationStore(path: path, session: session)
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        try store.execute(
            .start(StartProcess(id: "P", title: "Plein", attributes: ["impact": "laag"], definitionHash: hash)), on: "P", by: projectleider,
            at: now)
        try store.execute(.attachDocument(kind: "ontwerp", reference: "Z-1"), on: "P", by: projectleider, at: now)
        try store.execute(.advance("terInzageLeggen", reason: nil), on: "P", by: projectleider, at: now)
        return store
    }

    static func journal(_ path: String) -> [UInt8] { JournalSurgery.segments(path + "/journal").flatMap { $0 } }

    @Test("every line carries the system clock in UTC and the account; the first says whether the store is an exercise store")
    func everyLine() throws {
        let path = TestSupport.temporaryDirectory("who-lines")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = Timestamp.wholeSeconds(Date())
        _ = try Self.store(path, session: StoreSession(account: "fatima"), at: Date())
        let lines = String(decoding: Self.journal(path), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].contains(#""type":"storeCreated""#) && lines[0].contains(#""exercise":false"#))
        for line in lines {
            #expect(line.contains(#""account":"fatima""#))
            let recorded = try #require(line.firstMatch(of: /"recorded":"([0-9T:-]+Z)"/).map { String($0.1) })
            let moment = try #require(Timestamp.parse(recorded))
            #expect(moment >= before && moment <= Date())
        }
        let reopened = try ParticipationStore(path: path, access: .readOnly)
        #expect(reopened.administrator == "fatima")
        #expect(!reopened.isExercise)
    }

    @Test("a line written before recorded and account existed still reads and verifies")
    func oldLines() throws {
        let old = Array(
            #"{"at":"2026-03-16T09:00:00Z","actor":{"role":"projectleider"},"process":"P","type":"documentAttached","data":{"kind":"ontwerp","reference":"Z"}}"#
                .utf8)
        let event = try EventCoding.decode(old)
        #expect(event.recorded == nil && event.account == nil)
        // And a line written now, with both, reads back the same.
        var now = event
        now.recorded = Self.t("2026-03-16T09:00:05Z")
        now.account = "fatima"
        #expect(try EventCoding.decode(Array("{".utf8) + EventCoding.encode(now) + Array("}".utf8)) == now)
    }

    @Test("a clock that went back is refused and nothing is written")
    func clockWentBack() throws {
        let path = TestSupport.temporaryDirectory("who-back")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path, session: .exercise(), at: Self.t("2026-03-16T09:00:00+01:00"))
        let journal = Self.journal(path)
        store.recordingClock = { Date().addingTimeInterval(-3_600) }
        #expect {
            try store.execute(
                .addInput(NewInput(kind: "inspraakreactie", text: "Meer bomen.")), on: "P", by: Self.projectleider,
                at: Self.t("2026-03-17T09:00:00+01:00"))
        } throws: { error in
            guard case StoreError.clock(.wentBack) = error else { return false }
            return "\(error)".contains("De klok is teruggezet")
        }
        #expect(Self.journal(path) == journal)
    }

    @Test("a set clock only in an exercise store; a real store takes only the moment of now")
    func exerciseStores() throws {
        let path = TestSupport.temporaryDirectory("who-exercise")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A store made with the clock set is an exercise store, and says so in its first line.
        let exercise = try Self.store(path + "/oefen", session: .exercise(), at: Self.t("2026-03-16T09:00:00+01:00"))
        #expect(exercise.isExercise)
        #expect(
            String(decoding: Self.journal(path + "/oefen"), as: UTF8.self).hasPrefix(
                #"{"v":1,"seq":1,"more":1,"at":"2026-03-16T08:00:00Z","#))
        // A store made with the real clock is not; a set clock is refused there, whatever the command.
        let real = try Self.store(path + "/echt", session: .current, at: Date())
        #expect(!real.isExercise)
        let journal = Self.journal(path + "/echt")
        let setClock = try ParticipationStore(path: path + "/echt", session: .exercise())
        #expect(throws: StoreError.clock(.setInRealStore)) {
            try setClock.execute(
                .addInput(NewInput(kind: "inspraakreactie", text: "x")), on: "P", by: Self.projectleider,
                at: Self.t("2026-03-17T09:00:00+01:00"))
        }
        #expect(throws: StoreError.clock(.setInRealStore)) { try setClock.tick(at: Date()) }
        // A library caller in a real store cannot pass another moment than now.
        #expect {
            try real.execute(
                .addInput(NewInput(kind: "inspraakreactie", text: "x")), on: "P", by: Self.projectleider,
                at: Date().addingTimeInterval(-86_400 * 30))
        } throws: { error in
            if case StoreError.clock(.notNow) = error { true } else { false }
        }
        #expect(Self.journal(path + "/echt") == journal)
        try real.execute(.addInput(NewInput(kind: "inspraakreactie", text: "x")), on: "P", by: Self.projectleider, at: Date())
    }

    @Test("roles: open while none is granted; then only granted roles, only the beheerder grants, systeem never")
    func roles() throws {
        let path = TestSupport.temporaryDirectory("who-roles")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let now = Self.t("2026-03-16T09:00:00+01:00")
        let store = try Self.store(path, session: .exercise(account: "beheer"), at: now)
        #expect(!store.rolesRestricted)
        // Anyone may act in any role while none is granted.
        try store.execute(.addInput(NewInput(kind: "inspraakreactie", text: "a")), on: "P", by: Self.projectleider, at: now)

        try store.grant(["projectleider"], to: "fatima", at: now)
        #expect(store.rolesRestricted)
        #expect(store.roleGrants.map(\.account) == ["fatima"])
        // The beheerder itself has no role now: acting as projectleider needs a grant.
        #expect {
            try store.execute(.addInput(NewInput(kind: "inspraakreactie", text: "b")), on: "P", by: Self.projectleider, at: now)
        } throws: { error in
            guard case StoreError.refused(let refusal) = error else { return false }
            return refusal.reasons.map(\.code) == [.roleNotGranted]
                && refusal.description.contains("Account beheer heeft de rol projectleider niet")
        }
        let fatima = try ParticipationStore(path: path, session: .exercise(account: "fatima"))
        try fatima.execute(.addInput(NewInput(kind: "inspraakreactie", text: "c")), on: "P", by: Self.projectleider, at: now)
        #expect(throws: StoreError.self) {
            try fatima.execute(.addInput(NewInput(kind: "inspraakreactie", text: "d")), on: "P", by: ActorIdentity(role: "raad"), at: now)
        }
        // Only the beheerder grants; systeem can never be granted.
        #expect {
            try fatima.grant(["raad"], to: "fatima", at: now)
        } throws: { error in
            guard case StoreError.refused(let refusal) = error else { return false }
            return refusal.description.contains("Alleen de beheerder van deze opslag (beheer)")
        }
        #expect(throws: StoreError.self) { try store.grant([.system], to: "fatima", at: now) }
        try store.revoke(["projectleider"], from: "fatima", at: now)
        #expect(!store.rolesRestricted)
        // Grants survive a reopening, from line 1 and from a snapshot.
        try store.grant(["college"], to: "piet", at: now)
        try store.writeSnapshot()
        for reading in [ParticipationStore.ReadPath(useSnapshot: true), ParticipationStore.ReadPath(useSnapshot: false)] {
            let reopened = try ParticipationStore(path: path, calendar: .netherlands, access: .readOnly, reading: reading)
            #expect(reopened.roleGrants.map(\.account) == ["piet"])
            #expect(reopened.administrator == "beheer")
        }
        #expect(ParticipationStore.verify(at: path).isIntact)
    }

    @Test("nobody acts as systeem; a timed transition goes only by a tick, and only when it is due")
    func systeem() throws {
        let definition = try TestSupport.shipped("ingekomen-stuk")
        let engine = ProcessEngine(definition: definition)
        var harness = ProcessHarness(definition: definition)
        let griffie = ActorIdentity(role: "griffie")
        harness.start(at: Self.t("2026-03-02T10:00:00+01:00"), by: griffie)
        let refused = harness.run(
            .attachDocument(kind: "ontvangstbevestiging", reference: "x"), at: Self.t("2026-03-02T11:00:00+01:00"), by: .system)
        #expect(refused.refusal?.reasons.map(\.code) == [.roleNotAllowed])
        #expect(engine.definition.transitions.contains { $0.name == "opvolgingVerlopen" && $0.isTimed })
    }

    @Test("a decision whose moment lies before inputs and answers registered earlier in the journal is flagged")
    func decisionBeforeWhatItWeighed() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        let pl = Self.projectleider
        harness.start(at: Self.t("2026-01-05T09:00:00+01:00"), by: pl, attributes: ["impact": "laag"])
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z"), at: Self.t("2026-01-05T09:00:00+01:00"), by: pl)
        harness.run(.advance("terInzageLeggen", reason: nil), at: Self.t("2026-01-05T09:00:00+01:00"), by: pl)
        harness.run(.addInput(NewInput(kind: "inspraakreactie", text: "a")), at: Self.t("2026-03-20T09:00:00+01:00"), by: pl)
        harness.run(.advance("inzageSluiten", reason: nil), at: Self.t("2026-03-21T09:00:00+01:00"), by: pl)
        harness.run(.attachDocument(kind: "reactienota", reference: "N"), at: Self.t("2026-03-21T09:00:00+01:00"), by: pl)
        harness.run(
            .recordFeedback(NewFeedback(input: "R-0001", verdict: .kennisgenomen, motivation: "Gelezen.")),
            at: Self.t("2026-03-22T09:00:00+01:00"), by: pl)
        // The clock set back to 14-03 for the decision.
        let decided = harness.run(.advance("besluiten", reason: nil), at: Self.t("2026-03-14T09:00:00+01:00"), by: Self.college)
        #expect(decided.isSuccess, "\(decided)")
        let state = try #require(harness.state)
        let decision = try #require(state.history.last)
        #expect(decision.decision)
        #expect(decision.earlierThanWeighed == Self.t("2026-03-22T09:00:00+01:00"))
        let report = AuditReport.build(
            processes: [(state, try TestSupport.shipped("inspraak"))], head: (0, .zero), verified: nil, asOf: TestSupport.day("2026-04-01"))
        let short = AuditReport.shortAnswer(report.processes[0])
        #expect(short.hasPrefix("LET OP: het besluit van 14-03-2026 staat in de tijd vóór inbreng of antwoorden"), "\(short)")
        #expect(ReportRenderer.markdown(report.document).contains("de klok stond bij het besluit terug"))
    }

    @Test("a moment that runs ahead of the system clock is counted, and shown in the audit")
    func clockAhead() throws {
        let path = TestSupport.temporaryDirectory("who-ahead")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let future = Date().addingTimeInterval(86_400 * 40)
        let store = try Self.store(path, session: .exercise(), at: future)
        let state = try #require(store.process("P"))
        let ahead = try #require(state.clockAhead)
        #expect(ahead.lines == 3)
        #expect(ahead.largestSeconds > 86_400 * 39)
        let report = AuditReport.build(
            processes: [(state, try TestSupport.shipped("inspraak"))], head: (0, .zero), verified: nil, asOf: CivilDate(amsterdam: future))
        #expect(ReportRenderer.markdown(report.document).contains("liep de ingestelde klok voor op de echte klok"))
        // Kept through a snapshot.
        try store.writeSnapshot()
        #expect(try ParticipationStore(path: path, access: .readOnly).process("P")?.clockAhead == ahead)
    }

    @Test("a document's own date: never in the future, kept beside when it was added")
    func documentDate() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        let now = Self.t("2026-03-16T09:00:00+01:00")
        harness.start(at: now, by: Self.projectleider, attributes: ["impact": "laag"])
        let future = harness.run(
            .attachDocument(kind: "ontwerp", reference: "Z", date: TestSupport.day("2026-03-17")), at: now, by: Self.projectleider)
        #expect(future.refusal?.reasons.map(\.code) == [.invalidValue])
        #expect(
            harness.run(
                .attachDocument(kind: "ontwerp", reference: "Z", date: TestSupport.day("2026-02-01")), at: now, by: Self.projectleider
            )
            .isSuccess)
        #expect(harness.state?.documents.last?.date == TestSupport.day("2026-02-01"))
        #expect(harness.replayed() == harness.state)
    }
}
