import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let projectleider = ActorIdentity(role: "projectleider")
private let college = ActorIdentity(role: "college")
private let griffie = ActorIdentity(role: "griffie")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private func d(_ text: String) -> CivilDate { TestSupport.day(text) }

private func accepted(_ result: Result<[EventPayload], Refusal>) -> [EventPayload]? {
    if case .success(let events) = result { return events }
    return nil
}

/// A minimal workflow with named terms: `extraTerms` goes inside `"terms"`, `transitionExtra`
/// is one more transition.
private func workflow(terms: String, transitions: String = "") -> String {
    """
    {
      "formatVersion": 1, "id": "test", "version": "1", "title": "Test",
      "roles": { "college": "College", "pl": "Projectleider" },
      "inputKinds": { "reactie": { "label": "Reactie", "answerWithin": { "weeks": 6 } } },
      "documents": { "aanvraag": "Aanvraag", "besluit": "Besluit" },
      "initial": "open",
      "states": {
        "open": { "label": "Open", "accepts": ["reactie"] },
        "laat": { "label": "Te laat" },
        "klaar": { "label": "Klaar", "final": true, "outcome": "vastgesteld" }
      },
      "terms": { \(terms) },
      "transitions": [
        { "name": "besluiten", "from": ["open", "laat"], "to": "klaar", "by": ["college"], "decision": true }\(transitions)
      ]
    }
    """
}

private let goodTerm =
    #""beslistermijn": { "label": "Beslistermijn", "length": { "months": 6 }, "from": { "document": "aanvraag" }, "until": { "entered": "klaar" }, "calendar": "atw", "source": "Awb 3:18 lid 1", "extension": { "max": { "weeks": 6 }, "times": 1, "basis": ["Awb 3:18 lid 2"], "by": ["college"], "within": { "weeks": 8 }, "before": { "entered": "laat" } } }"#
private let timedOnTerm = #", { "name": "verlopen", "from": ["open"], "to": "laat", "after": { "term": "beslistermijn" } }"#

private func diagnostics(_ text: String) -> [Diagnostic] {
    do {
        _ = try WorkflowFile(bytes: Array(text.utf8), file: "workflows/test.json")
        return []
    } catch {
        return error.diagnostics
    }
}

/// zienswijze-uov with an aanvraag dated Monday 01-12-2025, started on 03-12-2025.
private func application(dated: String? = "2025-12-01", definition: WorkflowDefinition? = nil) throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try definition ?? TestSupport.shipped("zienswijze-uov"))
    #expect(harness.start(at: t("2025-12-03T10:00:00+01:00"), by: projectleider, title: "Omgevingsvergunning Waalkade 12").isSuccess)
    if let dated {
        let attached = harness.run(
            .attachDocument(kind: "aanvraag", reference: "OLO-88123", date: d(dated)), at: t("2025-12-03T10:00:00+01:00"), by: projectleider
        )
        #expect(attached.isSuccess, "\(attached)")
    }
    return harness
}

/// Puts the ontwerp ter inzage on `day` (six weeks) and closes the inzage after it.
private func throughInzage(_ harness: inout ProcessHarness, on day: String, closeAt close: String?) {
    for kind in ["ontwerpbesluit", "kennisgevingOntwerp"] {
        harness.run(.attachDocument(kind: DocumentKindID(kind), reference: "Z-\(kind)"), at: t(day + "T09:00:00+01:00"), by: projectleider)
    }
    let opened = harness.run(.advance("terInzageLeggen", reason: nil), at: t(day + "T10:00:00+01:00"), by: projectleider)
    #expect(opened.isSuccess, "\(opened)")
    guard let close else { return }
    let closed = harness.run(.advance("inzageSluiten", reason: nil), at: t(close), by: projectleider)
    #expect(closed.isSuccess, "\(closed)")
    #expect(harness.state?.current == "beantwoording")
}

private func current(_ harness: ProcessHarness) throws -> ProcessState { try #require(harness.state) }

private func extend(
    _ harness: inout ProcessHarness, _ term: TermName = "beslistermijn", weeks: Int = 6, basis: String? = "Awb 3:18 lid 2",
    at now: String, by actor: ActorIdentity = projectleider
) -> Result<[EventPayload], Refusal> {
    harness.run(
        .extendNamedTerm(term, days: 7 * weeks, basis: basis, reason: "Advies van de commissie is nodig."), at: t(now), by: actor)
}

@Suite("Named terms")
struct NamedTermTests {
    // MARK: Decoding and validation

    @Test("terms decode with every key; after.term makes a transition timed")
    func decodes() throws {
        let definition = try WorkflowDefinition(
            jsonBytes: Array(workflow(terms: goodTerm, transitions: timedOnTerm).utf8), file: "workflows/test.json")
        let term = try #require(definition.terms["beslistermijn"])
        #expect(term.label == "Beslistermijn")
        #expect(term.length == .months(6))
        #expect(term.from == .document("aanvraag"))
        #expect(term.until == .moment(.entered("klaar")))
        #expect(term.rule == .atw)
        #expect(term.source == "Awb 3:18 lid 1")
        #expect(
            term.extensionRule
                == TermExtensionRule(
                    max: .weeks(6), times: 1, basis: ["Awb 3:18 lid 2"], by: ["college"], within: .weeks(8), before: .entered("laat")))
        let timed = try #require(definition.transitions.first { $0.name == "verlopen" })
        #expect(timed.afterTerm == "beslistermijn")
        #expect(timed.after == nil)
        #expect(timed.isTimed)
        #expect(diagnostics(workflow(terms: goodTerm, transitions: timedOnTerm)) == [])
    }

    @Test("a workflow without terms still reads: the key is optional")
    func optional() throws {
        let definition = try WorkflowDefinition(jsonBytes: Array(workflow(terms: "").utf8), file: "workflows/test.json")
        #expect(definition.terms.isEmpty)
        #expect(try TestSupport.shipped("inspraak").terms.isEmpty)
    }

    @Test(
        "unknown keys in a term, its origin and its extension are refused",
        arguments: [
            goodTerm.replacingOccurrences(of: #""source""#, with: #""bron""#),
            goodTerm.replacingOccurrences(of: #""document": "aanvraag""#, with: #""documnet": "aanvraag""#),
            goodTerm.replacingOccurrences(of: #""times": 1"#, with: #""keer": 1"#),
        ])
    func unknownKeys(_ term: String) {
        #expect(diagnostics(workflow(terms: term)).first?.code == .unknownKey)
    }

    @Test("an origin with two keys, an empty firstInput list, or after with a length and a term, is refused")
    func invalidValues() {
        let twoOrigins = goodTerm.replacingOccurrences(
            of: #""from": { "document": "aanvraag" }"#, with: #""from": { "document": "aanvraag", "entered": "open" }"#)
        #expect(diagnostics(workflow(terms: twoOrigins)).map(\.code) == [.invalidValue])
        let emptyList = goodTerm.replacingOccurrences(of: #""from": { "document": "aanvraag" }"#, with: #""from": { "firstInput": [] }"#)
        let found = diagnostics(workflow(terms: emptyList))
        #expect(found.map(\.code) == [.invalidValue])
        #expect(found.first?.pointer.description == "/terms/beslistermijn/from/firstInput")
        #expect(found.first?.message.contains("minstens één soort inbreng") == true)
        let both = timedOnTerm.replacingOccurrences(of: #"{ "term": "beslistermijn" }"#, with: #"{ "term": "beslistermijn", "weeks": 2 }"#)
        #expect(diagnostics(workflow(terms: goodTerm, transitions: both)).map(\.code) == [.invalidValue])
    }

    @Test(
        "PK016: a term from, until or before that names nothing, and an after.term that names no term",
        arguments: [
            (
                goodTerm.replacingOccurrences(of: #""document": "aanvraag""#, with: #""document": "aanvrag""#), timedOnTerm,
                "/terms/beslistermijn/from/document"
            ),
            (
                goodTerm.replacingOccurrences(of: #""until": { "entered": "klaar" }"#, with: #""until": { "entered": "klar" }"#),
                timedOnTerm, "/terms/beslistermijn/until/entered"
            ),
            (
                goodTerm.replacingOccurrences(of: #""before": { "entered": "laat" }"#, with: #""before": { "firstInput": "zienswijze" }"#),
                timedOnTerm, "/terms/beslistermijn/extension/before/firstInput"
            ),
            (
                goodTerm.replacingOccurrences(
                    of: #""from": { "document": "aanvraag" }"#, with: #""from": { "firstInput": ["reactie", "brief"] }"#),
                timedOnTerm, "/terms/beslistermijn/from/firstInput/1"
            ),
            (
                goodTerm, timedOnTerm.replacingOccurrences(of: #""term": "beslistermijn""#, with: #""term": "beslistermjn""#),
                "/transitions/1/after/term"
            ),
        ])
    func unknownReference(_ term: String, _ transitions: String, _ pointer: String) {
        let found = diagnostics(workflow(terms: term, transitions: transitions))
        #expect(found.map(\.code) == [.unknownTermReference], "\(found)")
        #expect(found.first?.pointer.description == pointer)
        #expect(diagnostics(workflow(terms: goodTerm, transitions: timedOnTerm)).isEmpty)
    }

    @Test(
        "PK017: an extension rule that cannot be used",
        arguments: [
            (goodTerm.replacingOccurrences(of: #""times": 1"#, with: #""times": 0"#), "/terms/beslistermijn/extension/times"),
            (
                goodTerm.replacingOccurrences(of: #""basis": ["Awb 3:18 lid 2"]"#, with: #""basis": []"#),
                "/terms/beslistermijn/extension/basis"
            ),
            (
                goodTerm.replacingOccurrences(of: #""by": ["college"]"#, with: #""by": ["wethouder"]"#),
                "/terms/beslistermijn/extension/by/0"
            ),
        ])
    func invalidExtension(_ term: String, _ pointer: String) {
        let found = diagnostics(workflow(terms: term, transitions: timedOnTerm))
        #expect(found.map(\.code) == [.invalidTermExtension], "\(found)")
        #expect(found.first?.pointer.description == pointer)
    }

    // MARK: The beslistermijn of zienswijze-uov

    @Test("an aanvraag dated 01-12-2025: the beslistermijn ends on 01-06-2026, not late on 29-05, fires on 02-06 and not before")
    func beslistermijn() throws {
        var harness = try application()
        let term = try #require(harness.engine.termStatuses(in: try current(harness)).first)
        #expect(term.name == "beslistermijn")
        #expect(term.start == d("2025-12-01"))
        #expect(term.end == d("2026-06-01"))
        #expect(term.isRunning)
        #expect(
            term.summary
                == "Beslistermijn: 6 maanden vanaf het document \"Aanvraag\" (ontvangen 01-12-2025), eindigt maandag 01-06-2026 (Awb 3:18 lid 1)."
        )
        #expect(!term.isOverdue(on: d("2026-05-29")))
        #expect(!term.isOverdue(on: d("2026-06-01")))
        #expect(term.isOverdue(on: d("2026-06-02")))

        throughInzage(&harness, on: "2026-03-16", closeAt: "2026-04-29T09:00:00+02:00")
        let timed = try #require(harness.engine.definition.transitions.first { $0.name == "beslistermijnVerstrijkt" })
        #expect(harness.engine.timedDue(timed, in: try current(harness)) == d("2026-06-02"))
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-05-29T10:00:00+02:00"), by: .system))).isEmpty)
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-06-01T23:59:00+02:00"), by: .system))).isEmpty)
        #expect(harness.state?.current == "beantwoording")
        let due = try #require(accepted(harness.run(.tick, at: t("2026-06-02T00:01:00+02:00"), by: .system)))
        #expect(due.count == 1)
        #expect(harness.state?.current == "termijnVerstreken")
        #expect(harness.state?.history.last?.transition == "beslistermijnVerstrijkt")
    }

    @Test("a term that is met stops: no timed transition and no longer running")
    func metTermStops() throws {
        var harness = try application()
        throughInzage(&harness, on: "2026-03-16", closeAt: "2026-04-29T09:00:00+02:00")
        harness.run(
            .attachDocument(kind: "notaVanBeantwoording", reference: "Z-301"), at: t("2026-05-20T10:00:00+02:00"), by: projectleider)
        harness.run(.attachDocument(kind: "besluit", reference: "B-210"), at: t("2026-05-26T10:00:00+02:00"), by: college)
        let decided = harness.run(.advance("besluiten", reason: nil), at: t("2026-05-26T11:00:00+02:00"), by: college)
        #expect(decided.isSuccess, "\(decided)")
        let state = try current(harness)
        let term = try #require(harness.engine.termStatuses(in: state).first)
        #expect(term.met == d("2026-05-26"))
        #expect(!term.isRunning)
        #expect(!term.isOverdue(on: d("2026-06-02")))
        #expect(term.summary.hasSuffix("Gehaald: het begin van Besluit genomen (26-05-2026).") || term.summary.contains("Gehaald"))
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-06-02T10:00:00+02:00"), by: .system))).isEmpty)
        #expect(harness.state?.current == "besloten")
    }

    // MARK: Extending

    @Test("a valid extension moves the end and the timed transition; status names the ground; replay gives the same state")
    func validExtension() throws {
        var harness = try application()
        let events = try #require(accepted(extend(&harness, basis: "awb 3:18  lid 2", at: "2025-12-10T10:00:00+01:00")))
        guard case .termExtended(let extended)? = events.first else {
            Issue.record("\(events)")
            return
        }
        #expect(extended.term == "beslistermijn")
        #expect(extended.basis == "Awb 3:18 lid 2")  // as the workflow writes it
        #expect(extended.window.end == d("2026-07-13"))
        let state = try current(harness)
        #expect(state.window == nil)  // a named term is not the window of the state
        #expect(harness.engine.termDeadline("beslistermijn", in: state)?.end == d("2026-07-13"))
        let term = try #require(harness.engine.termStatuses(in: state).first)
        #expect(term.summary.contains("Eerst tot en met maandag 01-06-2026 (Awb 3:18 lid 1)"))
        #expect(term.summary.contains("verlengd met 6 weken tot en met maandag 13-07-2026 (Awb 3:18 lid 2)"))
        #expect(!term.isOverdue(on: d("2026-06-02")))
        #expect(harness.replayed() == harness.state)
        throughInzage(&harness, on: "2026-01-05", closeAt: "2026-02-17T09:00:00+01:00")
        let timed = try #require(harness.engine.definition.transitions.first { $0.name == "beslistermijnVerstrijkt" })
        #expect(harness.engine.timedDue(timed, in: try current(harness)) == d("2026-07-14"))
    }

    @Test("no extension rule: the term cannot be extended")
    func noRule() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        harness.start(at: t("2026-04-20T09:00:00+02:00"), by: griffie)
        harness.run(
            .addInput(NewInput(id: "IS-1", kind: "punt", text: "Graag een zebrapad.")), at: t("2026-04-20T09:30:00+02:00"), by: griffie)
        let refusal = try #require(
            extend(&harness, "ontvangstbevestiging", weeks: 1, basis: "Awb 4:5", at: "2026-04-21T10:00:00+02:00", by: griffie).refusal)
        #expect(refusal.reasons.map(\.code) == [.termNotExtendable])
        #expect(refusal.reasons.first?.message == "De termijn voor de ontvangstbevestiging kan niet worden verlengd.")
    }

    @Test("an unknown term is refused with the terms there are")
    func unknownTerm() throws {
        var harness = try application()
        let refusal = try #require(extend(&harness, "besluittermijn", at: "2025-12-10T10:00:00+01:00").refusal)
        #expect(refusal.reasons.map(\.code) == [.unknownTerm])
        #expect(refusal.reasons.first?.ids == ["beslistermijn"])
    }

    @Test("no ground, or a ground the rule does not name, is refused")
    func basis() throws {
        var harness = try application()
        let without = try #require(extend(&harness, basis: nil, at: "2025-12-10T10:00:00+01:00").refusal)
        #expect(without.reasons.map(\.code) == [.missingBasis])
        #expect(without.reasons.first?.message == "Noem de wettelijke grondslag van de verlenging: Awb 3:18 lid 2.")
        let blank = try #require(extend(&harness, basis: "  ", at: "2025-12-10T10:00:00+01:00").refusal)
        #expect(blank.reasons.map(\.code) == [.missingBasis])
        let wrong = try #require(extend(&harness, basis: "Awb 4:14", at: "2025-12-10T10:00:00+01:00").refusal)
        #expect(wrong.reasons.map(\.code) == [.missingBasis])
        #expect(wrong.reasons.first?.message.contains("\"Awb 4:14\" past niet bij de beslistermijn") == true)
        #expect(harness.state?.extensions.isEmpty == true)
    }

    @Test("the beslistermijn is extended once (Awb 3:18 lid 2); a second extension is refused")
    func times() throws {
        var harness = try application()
        #expect(extend(&harness, at: "2025-12-10T10:00:00+01:00").isSuccess)
        let refusal = try #require(extend(&harness, weeks: 2, at: "2025-12-11T10:00:00+01:00").refusal)
        #expect(refusal.reasons.map(\.code) == [.termNotExtendable])
        #expect(refusal.reasons.first?.message == "De beslistermijn kan eenmaal worden verlengd, en dat is al gebeurd.")
    }

    @Test("within eight weeks of the aanvraag: on 26-01-2026 still, on 27-01-2026 not")
    func within() throws {
        var harness = try application()
        let refusal = try #require(extend(&harness, at: "2026-01-27T10:00:00+01:00").refusal)
        #expect(refusal.reasons.map(\.code) == [.termNotExtendable])
        #expect(
            refusal.reasons.first?.message
                == "Verlengen kan alleen binnen 8 weken na de start van de beslistermijn, dus tot en met maandag 26-01-2026.")
        #expect(extend(&harness, at: "2026-01-26T16:00:00+01:00").isSuccess)
    }

    @Test("before the ontwerp goes ter inzage: afterwards the extension is refused")
    func before() throws {
        var harness = try application()
        throughInzage(&harness, on: "2025-12-15", closeAt: nil)
        let refusal = try #require(extend(&harness, at: "2026-01-20T10:00:00+01:00").refusal)
        #expect(refusal.reasons.map(\.code) == [.termNotExtendable])
        #expect(refusal.reasons.first?.message.hasPrefix("Verlengen kan alleen vóór") == true)
    }

    @Test("a term that has not started (no aanvraag yet) cannot be extended")
    func notStarted() throws {
        var harness = try application(dated: nil)
        let refusal = try #require(extend(&harness, at: "2025-12-10T10:00:00+01:00").refusal)
        #expect(refusal.reasons.map(\.code) == [.termNotStarted])
        #expect(refusal.reasons.first?.message.contains("ontvangst van het document \"Aanvraag\"") == true)
    }

    @Test("only the roles that act now (or the rule's by) may extend")
    func role() throws {
        var harness = try application()
        let refusal = try #require(extend(&harness, at: "2025-12-10T10:00:00+01:00", by: college).refusal)
        #expect(refusal.reasons.map(\.code) == [.roleNotAllowed])
        #expect(refusal.reasons.first?.ids == ["projectleider"])
    }

    /// zienswijze-uov with one more term: ten days from the aanvraag, met by the ontwerpbesluit,
    /// extendable without a limit in time.
    private func shortTerm() throws -> WorkflowDefinition {
        var definition = try TestSupport.shipped("zienswijze-uov")
        let spec = TermSpec(
            label: "Termijn voor het ontwerp", length: .days(10), from: .document("aanvraag"),
            extensionRule: TermExtensionRule(basis: ["Awb 4:14"]), until: .document("ontwerpbesluit"))
        definition.terms = Keyed(definition.terms.map { ($0.key, $0.value) } + [(TermName("ontwerp"), spec)])
        return definition
    }

    @Test("a term that has ended cannot be extended; one that was met neither")
    func endedAndMet() throws {
        var harness = try application(definition: try shortTerm())
        #expect(harness.engine.termDeadline("ontwerp", in: try current(harness))?.end == d("2025-12-11"))
        let ended = try #require(extend(&harness, "ontwerp", weeks: 1, basis: "Awb 4:14", at: "2025-12-12T10:00:00+01:00").refusal)
        #expect(ended.reasons.map(\.code) == [.termNotExtendable])
        #expect(
            ended.reasons.first?.message
                == "De termijn voor het ontwerp is verstreken op donderdag 11-12-2025; verlengen kan alleen vóór het einde.")

        var met = try application(definition: try shortTerm())
        met.run(.attachDocument(kind: "ontwerpbesluit", reference: "Z-1"), at: t("2025-12-05T10:00:00+01:00"), by: projectleider)
        let refusal = try #require(extend(&met, "ontwerp", weeks: 1, basis: "Awb 4:14", at: "2025-12-08T10:00:00+01:00").refusal)
        #expect(refusal.reasons.map(\.code) == [.termNotExtendable])
        #expect(refusal.reasons.first?.message == "De termijn voor het ontwerp is al gehaald op vrijdag 05-12-2025.")
    }

    @Test("every unmet requirement is listed at once")
    func everyReason() throws {
        var harness = try application()
        throughInzage(&harness, on: "2025-12-15", closeAt: nil)
        let refusal = try #require(extend(&harness, basis: nil, at: "2026-02-02T10:00:00+01:00", by: college).refusal)
        #expect(Set(refusal.reasons.map(\.code)) == [.roleNotAllowed, .missingBasis, .termNotExtendable])
        #expect(refusal.reasons.count == 4)  // role, ground, within, before
    }

    // MARK: Deadlines

    /// The lines of the one event with this UID in the agenda.
    private func event(_ report: DeadlinesReport, uid: String) throws -> [String] {
        let lines = ICalendar.unfold(report.iCalendar(stamp: t("2026-05-29T10:00:00+02:00"))).components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex(of: "UID:" + uid))
        #expect(lines.filter { $0 == "UID:" + uid }.count == 1)
        return Array(lines[start...].prefix { $0 != "END:VEVENT" })
    }

    @Test("deadlines lists the running beslistermijn with its explanation; an extension moves it under the same UID, a higher SEQUENCE")
    func deadlines() throws {
        var harness = try application()
        let before = DeadlinesReport(processes: [(try current(harness), harness.engine)], today: d("2026-05-29"), within: 30)
        let item = try #require(before.deadlines.first { $0.kind == .term })
        #expect(item.date == d("2026-06-01"))
        #expect(item.daysLeft == 3)
        #expect(!item.overdue)
        #expect(item.summary == "Laatste dag: Beslistermijn")
        #expect(item.detail.contains("6 maanden vanaf het document \"Aanvraag\" (ontvangen 01-12-2025)"))
        #expect(item.uid == "P-1/term/beslistermijn@participatie")
        #expect(try event(before, uid: item.uid).contains("SEQUENCE:0"))
        #expect(try event(before, uid: item.uid).contains("DTSTART;VALUE=DATE:20260601"))
        let late = DeadlinesReport(processes: [(try current(harness), harness.engine)], today: d("2026-06-02"), within: 30)
        #expect(late.deadlines.first { $0.kind == .term }?.overdue == true)

        #expect(extend(&harness, at: "2025-12-10T10:00:00+01:00").isSuccess)
        let after = DeadlinesReport(processes: [(try current(harness), harness.engine)], today: d("2026-05-29"), within: 60)
        let moved = try #require(after.deadlines.first { $0.kind == .term })
        #expect(moved.date == d("2026-07-13"))
        #expect(moved.uid == item.uid)
        #expect(moved.detail.contains("verlengd met 6 weken tot en met maandag 13-07-2026 (Awb 3:18 lid 2)"))
        let lines = try event(after, uid: item.uid)
        #expect(lines.contains("SEQUENCE:1"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20260713"))
        #expect(lines.contains("STATUS:CONFIRMED"))
    }

    @Test("a term that was met stays in the agenda as cancelled, with a higher SEQUENCE")
    func deadlinesMet() throws {
        var harness = try application(definition: try shortTerm())
        harness.run(.attachDocument(kind: "ontwerpbesluit", reference: "Z-1"), at: t("2025-12-05T10:00:00+01:00"), by: projectleider)
        let report = DeadlinesReport(processes: [(try current(harness), harness.engine)], today: d("2025-12-08"), within: 30)
        #expect(!report.deadlines.contains { $0.subject == "ontwerp" })
        let met = try #require(report.met.first { $0.subject == "ontwerp" })
        #expect(met.kind == .term)
        #expect(met.date == d("2025-12-11"))
        let lines = try event(report, uid: met.uid)
        #expect(lines.contains("STATUS:CANCELLED"))
        #expect(lines.contains("SEQUENCE:1"))
    }

    // MARK: ingekomen-stuk

    @Test("a letter received five days before it is registered: the receipt week runs from the letter's date")
    func receiptWeekFromLetter() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        // Received on Wednesday 15-04-2026, registered on Monday 20-04-2026: one week ends on
        // Wednesday 22-04, so the letter is late on Thursday 23-04 (not on 28-04 from registration).
        harness.start(at: t("2026-04-20T09:00:00+02:00"), by: griffie)
        let added = harness.run(
            .addInput(NewInput(id: "IS-20.1", kind: "punt", text: "Graag een zebrapad.", received: d("2026-04-15"))),
            at: t("2026-04-20T09:30:00+02:00"), by: griffie)
        #expect(added.isSuccess, "\(added)")
        let state = try current(harness)
        #expect(harness.engine.termDeadline("ontvangstbevestiging", in: state)?.end == d("2026-04-22"))
        let timed = try #require(harness.engine.definition.transitions.first { $0.name == "bevestigingVerlopen" })
        #expect(harness.engine.timedDue(timed, in: state) == d("2026-04-23"))
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-04-22T23:59:00+02:00"), by: .system))).isEmpty)
        #expect(harness.state?.current == "ontvangen")
        #expect(try #require(accepted(harness.run(.tick, at: t("2026-04-23T00:01:00+02:00"), by: .system))).count == 1)
        #expect(harness.state?.current == "bevestigingTeLaat")
    }

    @Test(
        "the receipt week runs from the earliest of a punt and a brief, whichever came first",
        arguments: [
            // A brief received on 10-04-2026, a loose punt on 15-04-2026: the week ends on 17-04.
            ("2026-04-10", "2026-04-15", "2026-04-17", "BRIEF-1"),
            // The other way round: the punt on 08-04-2026 came first; the week ends on 15-04.
            ("2026-04-14", "2026-04-08", "2026-04-15", "PUNT-1"),
        ])
    func receiptWeekFromEarliestKind(_ letterDay: String, _ pointDay: String, _ end: String, _ first: String) throws {
        let definition = try TestSupport.shipped("ingekomen-stuk")
        #expect(definition.terms["ontvangstbevestiging"]?.from == .moment(.firstInput(["brief", "punt"])))
        #expect(definition.terms.count == 1)
        var harness = ProcessHarness(definition: definition)
        harness.start(at: t("2026-04-20T09:00:00+02:00"), by: griffie)
        let letter = NewInput(
            id: "BRIEF-1", kind: "brief", text: "Brief over de schoolroute.", received: d(letterDay),
            points: [NewPoint(text: "Graag een zebrapad.", route: "college")])
        let point = NewInput(id: "PUNT-1", kind: "punt", text: "Graag een bankje.", received: d(pointDay))
        for input in [letter, point] {
            let added = harness.run(.addInput(input), at: t("2026-04-20T09:30:00+02:00"), by: griffie)
            #expect(added.isSuccess, "\(added)")
        }
        let state = try current(harness)
        #expect(harness.engine.termStart("ontvangstbevestiging", in: state) == d(min(letterDay, pointDay)))
        #expect(harness.engine.termDeadline("ontvangstbevestiging", in: state)?.end == d(end))
        let status = try #require(harness.engine.termStatuses(in: state).first)
        #expect(
            status.summary.contains(
                "\(first), ontvangen \(min(letterDay, pointDay).split(separator: "-").reversed().joined(separator: "-"))"))
        let timed = try #require(definition.transitions.first { $0.name == "bevestigingVerlopen" })
        #expect(harness.engine.timedDue(timed, in: state) == d(end).adding(days: 1))
        #expect(definition.transitions.filter(\.isTimed).map(\.name) == ["bevestigingVerlopen", "opvolgingVerlopen"])
    }

    @Test("status: a timed transition whose term has not started does not say it can go, and says what it waits for")
    func timedWaitsForTerm() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"))
        harness.start(at: t("2027-03-01T10:00:00+01:00"), by: griffie)
        var state = try current(harness)
        var report = StatusReport(state: state, engine: harness.engine, today: d("2027-03-01"))
        var option = try #require(report.transitions.first { $0.name == "bevestigingVerlopen" })
        #expect(!option.possible)
        #expect(option.firesOn == nil)
        #expect(option.timedWait == "notStarted")
        #expect(
            option.blockers.map(\.message) == [
                "De termijn voor de ontvangstbevestiging loopt nog niet: die begint bij ontvangst van de eerste inbreng (brief of punt uit de brief)."
            ])
        var text = report.text()
        #expect(
            text.contains(
                "(bevestigingVerlopen) → Ontvangst nog niet bevestigd (termijn verstreken) (gaat vanzelf zodra de termijn loopt): kan nog niet"
            ))
        #expect(!text.contains("(gaat vanzelf): kan"))

        // Once a punt came in, the day is known and it will go by itself.
        #expect(
            harness.run(.addInput(NewInput(id: "P-1", kind: "punt", text: "Zebrapad.")), at: t("2027-03-01T11:00:00+01:00"), by: griffie)
                .isSuccess)
        state = try current(harness)
        report = StatusReport(state: state, engine: harness.engine, today: d("2027-03-01"))
        option = try #require(report.transitions.first { $0.name == "bevestigingVerlopen" })
        #expect(option.possible && option.timedWait == nil && option.firesOn == "2027-03-09")
        text = report.text()
        #expect(text.contains("(gaat vanzelf op dinsdag 09-03-2027): kan"))

        // Once the receipt was confirmed, the term is met and it will not happen.
        #expect(
            harness.run(.attachDocument(kind: "ontvangstbevestiging", reference: "OB-1"), at: t("2027-03-02T10:00:00+01:00"), by: griffie)
                .isSuccess)
        state = try current(harness)
        report = StatusReport(state: state, engine: harness.engine, today: d("2027-03-02"))
        option = try #require(report.transitions.first { $0.name == "bevestigingVerlopen" })
        #expect(!option.possible && option.timedWait == "met")
        #expect(report.text().contains("(gaat vanzelf na de termijn): gebeurt niet"))
    }

    // MARK: Journal and snapshot

    @Test("the journal line carries term and ground; a verdaging line from before named terms still decodes")
    func journalLine() throws {
        let event = Event(
            at: t("2025-12-10T10:00:00+01:00"), actor: projectleider, process: "P",
            payload: .termExtended(
                TermExtended(
                    state: "aanvraagOntvangen", days: 42, reason: "Advies nodig.",
                    window: LegalCalendar.netherlands.extending(
                        LegalCalendar.netherlands.deadline(from: d("2025-12-01"), length: .months(6), rule: .atw, startsOn: .nextDay),
                        byDays: 42),
                    term: "beslistermijn", basis: "Awb 3:18 lid 2")))
        let line = Array(#"{"v":1,"seq":1,"#.utf8) + EventCoding.encode(event) + Array("}".utf8)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""term":"beslistermijn""#))
        #expect(text.contains(#""basis":"Awb 3:18 lid 2""#))
        #expect(try EventCoding.decode(line) == event)
        let old = text.replacingOccurrences(of: #","term":"beslistermijn""#, with: "").replacingOccurrences(
            of: #","basis":"Awb 3:18 lid 2""#, with: "")
        #expect(!old.contains("term\"") && !old.contains("basis"))
        guard case .termExtended(let decoded) = try EventCoding.decode(Array(old.utf8)).payload else {
            Issue.record("geen termExtended")
            return
        }
        #expect(decoded.term == nil)
        #expect(decoded.basis == nil)
        #expect(decoded.days == 42)
    }

    @Test("a snapshot keeps the term and ground of an extension; replaying the journal gives the same state")
    func snapshot() throws {
        let path = TestSupport.temporaryDirectory("named-term-snapshot")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try ParticipationStore(path: path, session: .exercise())
            let hash = try store.storeDefinition(try TestSupport.shippedFile("zienswijze-uov"))
            store.snapshotInterval = .max
            try store.execute(
                .start(StartProcess(id: "Z", title: "Waalkade 12", definitionHash: hash)), on: "Z", by: projectleider,
                at: t("2025-12-03T10:00:00+01:00"))
            try store.execute(
                .attachDocument(kind: "aanvraag", reference: "OLO-1", date: d("2025-12-01")), on: "Z", by: projectleider,
                at: t("2025-12-03T10:00:00+01:00"))
            try store.execute(
                .extendNamedTerm("beslistermijn", days: 42, basis: "Awb 3:18 lid 2", reason: "Advies nodig."), on: "Z", by: projectleider,
                at: t("2025-12-10T10:00:00+01:00"))
            let live = try #require(store.process("Z"))
            #expect(live.extensions.map(\.term) == ["beslistermijn"])
            #expect(live.extensions.map(\.basis) == ["Awb 3:18 lid 2"])
            let snapshot = Snapshot(
                position: Journal.Position(segment: 1, offset: 10, lineStart: 2, seq: 3, hash: .zero), processes: [live])
            let decoded = try #require(Snapshot.decode(snapshot.encoded()))
            #expect(decoded.processes == [live])
            let replayed = try ParticipationStore(path: path, session: .exercise())
            #expect(replayed.process("Z") == live)
        }
    }
}
