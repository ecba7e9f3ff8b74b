import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

private let griffie = ActorIdentity(role: "griffie")
private let raad = ActorIdentity(role: "raad")
private func t(_ text: String) -> Date { TestSupport.instant(text) }
private func d(_ text: String) -> CivilDate { TestSupport.day(text) }

private let verzoek: InputID = "RV-2026-1"

/// A request received on Monday 16-02-2026 about a subject the raad discussed on 28-01-2026.
private func request() throws -> ProcessHarness {
    var harness = ProcessHarness(definition: try TestSupport.shipped("referendumverzoek"))
    #expect(harness.start(at: t("2026-02-16T10:00:00+01:00"), by: griffie, title: "Referendum over het parkeerbeleid").isSuccess)
    let added = harness.run(
        .addInput(
            NewInput(
                id: verzoek, kind: "verzoek", text: "Wij vragen een referendum over het nieuwe parkeerbeleid.",
                publicName: "Comité Parkeren Nijmegen")),
        at: t("2026-02-16T10:05:00+01:00"), by: griffie)
    #expect(added.isSuccess, "\(added)")
    return harness
}

/// The request with `count` signatures collected from Monday 02-03-2026; the six weeks (plain
/// calendar days, a local ordinance) end on Sunday 12-04-2026, and the griffie closes on 13-04.
private func collected(_ count: Int) throws -> ProcessHarness {
    var harness = try request()
    #expect(
        harness.run(
            .attachDocument(kind: "agendering", reference: "Raadsvergadering 28-01-2026, agendapunt 7"), at: t("2026-02-17T10:00:00+01:00"),
            by: griffie
        ).isSuccess)
    let started = harness.run(.advance("verzamelenStarten", reason: nil), at: t("2026-03-02T09:00:00+01:00"), by: griffie)
    #expect(started.isSuccess, "\(started)")
    let signatures = (0..<count).map { _ in NewInput(kind: "handtekening", text: "Ondertekend", received: d("2026-04-10"), channel: "lijst")
    }
    if count > 0 {
        let added = harness.run(.addInputs(signatures), at: t("2026-04-10T16:00:00+02:00"), by: griffie)
        #expect(added.isSuccess)
    }
    let closed = harness.run(.advance("verzamelingSluiten", reason: nil), at: t("2026-04-13T09:00:00+02:00"), by: griffie)
    #expect(closed.isSuccess, "\(closed)")
    #expect(harness.state?.current == "raadsbehandeling")
    return harness
}

private func answerRequest(_ harness: inout ProcessHarness, verdict: Verdict, motivation: String, at now: String) {
    let result = harness.run(
        .recordFeedback(NewFeedback(input: verzoek, verdict: verdict, motivation: motivation)), at: t(now), by: griffie)
    #expect(result.isSuccess, "\(result)")
}

private func attachDecisionDocuments(_ harness: inout ProcessHarness) {
    #expect(
        harness.run(
            .attachDocument(kind: "telling", reference: "Proces-verbaal telling 14-04-2026"), at: t("2026-04-14T10:00:00+02:00"),
            by: griffie
        ).isSuccess)
    #expect(
        harness.run(.attachDocument(kind: "raadsbesluit", reference: "RB-2026-55"), at: t("2026-04-22T21:00:00+02:00"), by: raad).isSuccess)
}

@Suite("Referendumverzoek")
struct ReferendumverzoekTests {
    @Test("the shipped workflow is clean under --strict and keeps the threshold as data (Nijmegen: 4000)")
    func validatesStrictly() throws {
        let diagnostics = WorkflowValidator.diagnostics(for: try TestSupport.shippedFile("referendumverzoek"))
        #expect(diagnostics.filter { $0.severity != .note }.isEmpty, "\(diagnostics)")
        let definition = try TestSupport.shipped("referendumverzoek")
        let allow = try #require(definition.transitions.first { $0.name == "referendumToestaan" })
        #expect(allow.requires.contains(.atLeast(kind: "handtekening", count: 4000)))
        #expect(allow.decision)
        #expect(allow.by == ["raad"])
        #expect(definition.inputKinds["handtekening"]?.feedback == FeedbackPolicy.none)
        #expect(definition.inputKinds["verzoek"]?.feedback == .required)
    }

    @Test("main path at 4,000 signatures: verzoek → verzamelen → raad → referendum gaat door")
    func mainPathAtThreshold() throws {
        var harness = try collected(4000)
        let state = try #require(harness.state)
        #expect(state.counts.perKind["handtekening"] == 4000)
        #expect(state.counts.exempt == 4000)
        #expect(state.counts.needingFeedback == 1)
        #expect(state.counts.late == 0)
        answerRequest(
            &harness, verdict: .overgenomen, motivation: "Er zijn 4.000 geldige handtekeningen. De raad laat het referendum doorgaan.",
            at: "2026-04-20T10:00:00+02:00")
        attachDecisionDocuments(&harness)
        let allowed = harness.run(.advance("referendumToestaan", reason: nil), at: t("2026-04-22T22:00:00+02:00"), by: raad)
        #expect(allowed.isSuccess, "\(allowed)")
        #expect(harness.state?.current == "besluitToegestaan")
        #expect(harness.state?.history.last?.decision == true)
        let unsent = try #require(harness.run(.advance("afronden", reason: nil), at: t("2026-04-23T10:00:00+02:00"), by: griffie).refusal)
        #expect(unsent.reasons.map(\.code) == [.unsent])
        #expect(unsent.reasons.first?.ids == [verzoek.rawValue])
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-04-23")), at: t("2026-04-23T10:00:00+02:00"), by: griffie)
        #expect(harness.run(.advance("afronden", reason: nil), at: t("2026-04-23T11:00:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.current == "referendumGaatDoor")
        #expect(harness.state?.outcome == "toegestaan")
    }

    @Test("at 3,999 signatures the referendum is refused, with the count in the message")
    func refusedBelowThreshold() throws {
        var harness = try collected(3999)
        answerRequest(&harness, verdict: .overgenomen, motivation: "Concept", at: "2026-04-20T10:00:00+02:00")
        attachDecisionDocuments(&harness)
        let refusal = try #require(
            harness.run(.advance("referendumToestaan", reason: nil), at: t("2026-04-22T22:00:00+02:00"), by: raad).refusal)
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs])
        #expect(refusal.reasons.first?.ids == ["handtekening"])
        #expect(refusal.reasons.first?.message == "Er zijn 3.999 handtekeningen; nodig zijn er minstens 4.000.")
        #expect(harness.state?.current == "raadsbehandeling")
        #expect(harness.state?.history.contains { $0.decision } == false)
    }

    @Test("below the threshold the raad rejects the request with a reason; the indieners are told before it closes")
    func rejectedBelowThreshold() throws {
        var harness = try collected(2950)
        attachDecisionDocuments(&harness)
        let noReason = try #require(
            harness.run(.advance("verzoekAfwijzen", reason: nil), at: t("2026-04-22T22:00:00+02:00"), by: raad).refusal)
        #expect(noReason.reasons.map(\.code) == [.missingReason, .unanswered])
        #expect(noReason.reasons.first { $0.code == .unanswered }?.ids == [verzoek.rawValue])
        answerRequest(
            &harness, verdict: .nietOvergenomen,
            motivation: "Er zijn 2.950 handtekeningen; nodig zijn er 4.000. Het referendum gaat niet door.", at: "2026-04-20T10:00:00+02:00"
        )
        let rejected = harness.run(
            .advance("verzoekAfwijzen", reason: "Drempel van 4.000 handtekeningen niet gehaald (2.950)"),
            at: t("2026-04-22T22:00:00+02:00"), by: raad)
        #expect(rejected.isSuccess, "\(rejected)")
        #expect(harness.state?.current == "besluitAfgewezen")
        #expect(harness.state?.history.last?.reason?.contains("2.950") == true)
        let unsent = try #require(harness.run(.advance("afsluiten", reason: nil), at: t("2026-04-23T10:00:00+02:00"), by: griffie).refusal)
        #expect(unsent.reasons.map(\.code) == [.unsent])
        #expect(unsent.reasons.first?.ids == [verzoek.rawValue])
        harness.run(.markFeedbackSent(.allUnsent, on: d("2026-04-23")), at: t("2026-04-23T10:00:00+02:00"), by: griffie)
        #expect(harness.run(.advance("afsluiten", reason: nil), at: t("2026-04-23T11:00:00+02:00"), by: griffie).isSuccess)
        #expect(harness.state?.outcome == "afgewezen")
    }

    @Test("the raad's decision is refused while the request itself is unanswered; signatures need no answer")
    func decisionRefusedWhileRequestUnanswered() throws {
        var harness = try collected(4000)
        attachDecisionDocuments(&harness)
        let refusal = try #require(
            harness.run(.advance("referendumToestaan", reason: nil), at: t("2026-04-22T22:00:00+02:00"), by: raad).refusal)
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.ids == [verzoek.rawValue])
        #expect(refusal.reasons.first?.message == "1 verzoek om een referendum heeft nog geen antwoord: \(verzoek.rawValue).")
        #expect(harness.state?.unanswered.map(\.id) == [verzoek])
    }

    @Test("collection starts only with the request registered and proof that the raad discussed the subject")
    func collectionNeedsRaadDiscussion() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("referendumverzoek"))
        harness.start(at: t("2026-02-16T10:00:00+01:00"), by: griffie)
        let refusal = try #require(
            harness.run(.advance("verzamelenStarten", reason: nil), at: t("2026-03-02T09:00:00+01:00"), by: griffie).refusal)
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs, .missingDocument])
        #expect(refusal.reasons.map(\.ids) == [["verzoek"], ["agendering"]])
        #expect(harness.state?.current == "verzoekOntvangen")
    }

    @Test("a subject the raad never discussed: the raad declares the request niet ontvankelijk, with a reason and an answer")
    func nietOntvankelijk() throws {
        var harness = try request()
        let refusal = try #require(
            harness.run(.advance("nietOntvankelijkVerklaren", reason: nil), at: t("2026-03-05T22:00:00+01:00"), by: raad).refusal)
        #expect(refusal.reasons.map(\.code) == [.missingReason, .missingDocument, .unanswered])
        #expect(refusal.reasons.map(\.ids) == [[], ["raadsbesluit"], [verzoek.rawValue]])
        answerRequest(
            &harness, verdict: .nietOntvankelijk, motivation: "De raad heeft nog niet over dit onderwerp gesproken.",
            at: "2026-03-04T10:00:00+01:00")
        harness.run(.attachDocument(kind: "raadsbesluit", reference: "RB-2026-31"), at: t("2026-03-05T21:00:00+01:00"), by: raad)
        #expect(
            harness.run(
                .advance("nietOntvankelijkVerklaren", reason: "Onderwerp niet eerder in de raad besproken"),
                at: t("2026-03-05T22:00:00+01:00"), by: raad
            ).isSuccess)
        #expect(harness.state?.current == "besluitAfgewezen")
    }

    @Test("3,980 valid signatures and 20 from outside the collection period do not reach 4,000; the refusal says which did not count")
    func onlyValidSignaturesCount() throws {
        var harness = try collected(3980)
        // After the collection closed (Sunday 12-04-2026), 20 more come in: 10 signed before it began
        // (Monday 02-03-2026), 10 after it ended.
        let outside =
            (0..<10).map { _ in NewInput(kind: "handtekening", text: "Ondertekend", received: d("2026-02-27")) }
            + (0..<10).map { _ in NewInput(kind: "handtekening", text: "Ondertekend", received: d("2026-04-13")) }
        #expect(harness.run(.addInputs(outside), at: t("2026-04-14T09:00:00+02:00"), by: griffie).isSuccess)
        let state = try #require(harness.state)
        #expect(state.counts.perKind["handtekening"] == 4000)
        #expect(state.counts.countedPerKind["handtekening"] == 3980)
        #expect(state.counts.early == 10 && state.counts.late == 10)
        #expect(state.tally(of: "handtekening").description == "3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat")
        answerRequest(&harness, verdict: .nietOvergenomen, motivation: "Concept", at: "2026-04-20T10:00:00+02:00")
        attachDecisionDocuments(&harness)
        let refusal = try #require(
            harness.run(.advance("referendumToestaan", reason: nil), at: t("2026-04-22T22:00:00+02:00"), by: raad).refusal)
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs])
        #expect(
            refusal.reasons.first?.message
                == "Er tellen 3.980 handtekeningen mee; nodig zijn er minstens 4.000. 3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat."
        )
        let status = StatusReport(state: try #require(harness.state), engine: harness.engine, today: d("2026-04-22"))
        #expect(status.counts.early == 10)
        #expect(status.tallies.map(\.kind) == ["verzoek", "handtekening"])
        #expect(status.tallies.last?.summary == "3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat")
        #expect(status.tallies.last?.threshold == 4000)
        #expect(!status.text().contains("Telling verzoek"))
        #expect(status.text().contains("Telling handtekening (nodig 4.000): 3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat"))
        #expect(status.text().contains("te vroeg 10 · te laat 10"))
        #expect(harness.replayed() == harness.state)
    }

    @Test("a signature registered during the collection but signed before it began is flagged early and does not count")
    func earlyDuringCollection() throws {
        var harness = try request()
        harness.run(
            .attachDocument(kind: "agendering", reference: "Raadsvergadering 28-01-2026, agendapunt 7"), at: t("2026-02-17T10:00:00+01:00"),
            by: griffie)
        harness.run(.advance("verzamelenStarten", reason: nil), at: t("2026-03-02T09:00:00+01:00"), by: griffie)
        let added = harness.run(
            .addInputs([
                NewInput(kind: "handtekening", text: "Vóór de start", received: d("2026-03-01")),
                NewInput(kind: "handtekening", text: "Op de eerste dag", received: d("2026-03-02")),
                NewInput(kind: "handtekening", text: "Op de laatste dag", received: d("2026-04-12")),
            ]), at: t("2026-04-12T18:00:00+02:00"), by: griffie)
        guard case .success(let events) = added else {
            Issue.record("\(added)")
            return
        }
        let early = events.compactMap { event -> Bool? in
            if case .inputReceived(let input) = event { input.early } else { nil }
        }
        #expect(early == [true, false, false])
        #expect(harness.state?.counts.countedPerKind["handtekening"] == 2)
    }

    @Test("signatures from before the collection was allowed, and withdrawn ones, do not count")
    func outOfScopeAndWithdrawnDoNotCount() throws {
        var harness = try request()
        #expect(
            harness.run(
                .addInput(NewInput(id: "H-0", kind: "handtekening", text: "Te vroeg ingeleverd")), at: t("2026-02-20T10:00:00+01:00"),
                by: griffie
            ).isSuccess)
        #expect(harness.state?.input("H-0")?.outOfScope == true)
        #expect(harness.state?.counts.countedPerKind["handtekening", default: 0] == 0)
        harness.run(
            .attachDocument(kind: "agendering", reference: "Raadsvergadering 28-01-2026, agendapunt 7"), at: t("2026-02-21T10:00:00+01:00"),
            by: griffie)
        harness.run(.advance("verzamelenStarten", reason: nil), at: t("2026-03-02T09:00:00+01:00"), by: griffie)
        harness.run(
            .addInputs(
                (1...3).map { NewInput(id: InputID("H-\($0)"), kind: "handtekening", text: "Ondertekend", received: d("2026-03-10")) }),
            at: t("2026-03-10T10:00:00+01:00"), by: griffie)
        harness.run(
            .withdrawInput("H-2", reason: "Dubbel ondertekend", evidence: "e-mail van de indiener, 11-03-2026"),
            at: t("2026-03-11T10:00:00+01:00"), by: griffie)
        let state = try #require(harness.state)
        #expect(state.counts.countedPerKind["handtekening"] == 2)
        #expect(state.tally(of: "handtekening").description == "2 geldig, 2 niet meegeteld: 1 buiten de reikwijdte, 1 ingetrokken")
        #expect(harness.replayed() == state)
    }

    @Test("the six weeks are marked as a model value, and status says so")
    func windowIsAModel() throws {
        let definition = try TestSupport.shipped("referendumverzoek")
        #expect(definition.states["handtekeningenVerzamelen"]?.window?.isModel == true)
        var harness = try request()
        harness.run(
            .attachDocument(kind: "agendering", reference: "Raadsvergadering 28-01-2026, agendapunt 7"), at: t("2026-02-17T10:00:00+01:00"),
            by: griffie)
        harness.run(.advance("verzamelenStarten", reason: nil), at: t("2026-03-02T09:00:00+01:00"), by: griffie)
        let status = StatusReport(state: try #require(harness.state), engine: harness.engine, today: d("2026-03-03"))
        #expect(status.window?.source == "model")
        #expect(status.text().contains("De lengte van deze termijn is een voorbeeld; de eigen verordening van de gemeente bepaalt hem."))
    }

    @Test("the collection cannot be closed while its six weeks run")
    func collectionWindowRefusedEarly() throws {
        var harness = try request()
        harness.run(
            .attachDocument(kind: "agendering", reference: "Raadsvergadering 28-01-2026, agendapunt 7"), at: t("2026-02-17T10:00:00+01:00"),
            by: griffie)
        harness.run(.advance("verzamelenStarten", reason: nil), at: t("2026-03-02T09:00:00+01:00"), by: griffie)
        #expect(harness.state?.window?.end == d("2026-04-12"))
        let refusal = try #require(
            harness.run(.advance("verzamelingSluiten", reason: nil), at: t("2026-04-12T20:00:00+02:00"), by: griffie).refusal)
        #expect(refusal.reasons.map(\.code) == [.windowOpen])
        #expect(refusal.reasons.first?.ids == ["handtekeningenVerzamelen"])
        #expect(refusal.reasons.first?.message.contains("zondag 12-04-2026") == true)
        #expect(harness.run(.advance("verzamelingSluiten", reason: nil), at: t("2026-04-13T08:00:00+02:00"), by: griffie).isSuccess)
    }
}
