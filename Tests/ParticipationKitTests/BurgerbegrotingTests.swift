import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of the shipped `burgerbegroting` workflow, driven step by step with a clock
/// that the test sets.
///
/// Dates: proposals open on Monday 02-03-2026, so the six weeks end on Sunday 12-04-2026,
/// moved to Monday 13-04-2026 (Algemene termijnenwet); the vote opens on Monday 20-04-2026
/// and its two weeks end on Sunday 03-05-2026, moved to Monday 04-05-2026.
private typealias BurgerbegrotingRun = WorkflowRun

extension WorkflowRun {
    fileprivate static let voorstellen: [InputID] = ["V-1", "V-2", "V-3"]

    fileprivate init() throws {
        try self.init(
            workflow: "burgerbegroting", title: "Buurtbudget Lindenholt 2026", at: "2026-02-16T10:00:00+01:00",
            attributes: ["wijk": "Lindenholt"], publicName: nil)
    }

    /// Budget and conditions fixed, proposals open since Monday 02-03-2026, three proposals in.
    fileprivate static func withProposals() throws -> BurgerbegrotingRun {
        var run = try BurgerbegrotingRun()
        run.at("2026-03-02T09:00:00+01:00")
        run.attach("budget", "voorwaarden")
        run.advance("voorstellenOpenen")
        run.at("2026-03-20T10:00:00+01:00")
        run.input("voorstel", id: "V-1", text: "Een moestuin bij de basisschool.")
        run.input("voorstel", id: "V-2", text: "Zonnepanelen op het buurthuis.")
        run.input("voorstel", id: "V-3", text: "Een nieuwe auto voor de wijkagent.")
        return run
    }

    /// Proposals checked, the vote held and its result attached: the gemeentebestuur decides.
    fileprivate static func inVaststelling() throws -> BurgerbegrotingRun {
        var run = try withProposals()
        run.at("2026-04-14T09:00:00+02:00")
        run.advance("indieningSluiten")
        run.answer("V-3", .nietOntvankelijk, "Past niet in de voorwaarden: het budget is voor duurzaamheidsinitiatieven van bewoners.")
        run.attach("toetsverslag")
        run.at("2026-04-20T09:00:00+02:00")
        run.advance("stemmingOpenen")
        run.at("2026-05-05T09:00:00+02:00")
        run.attach("uitslag")
        run.advance("stemmingSluiten")
        #expect(run.state?.current == "vaststelling")
        return run
    }
}

@Suite("Burgerbegroting")
struct BurgerbegrotingTests {
    @Test("main path: budget and conditions, proposals, check, vote, adoption, uitvoering, results published, afgerond")
    func mainPath() throws {
        var run = try BurgerbegrotingRun.inVaststelling()
        run.answer("V-1", .overgenomen, "Gekozen door inwoners (412 stemmen); de moestuin wordt aangelegd.")
        run.answer("V-2", .nietOvergenomen, "Niet gekozen: te weinig stemmen (87); het budget was op na de moestuin.")
        run.attach("besluit")
        run.at("2026-05-19T10:00:00+02:00")
        run.advance("uitkomstVaststellen", as: "college")
        #expect(run.state?.current == "uitvoering")
        run.sendAll()
        run.at("2026-09-01T10:00:00+02:00")
        run.input("reactie", id: "R-1", text: "De moestuin is prachtig geworden.")
        run.answer("R-1", .kennisgenomen, "Dank u; uw reactie staat in het krantje met de resultaten.")
        run.advance("naarResultaten")
        run.attach("resultaten", "evaluatie")
        run.sendAll()
        run.advance("afronden", as: "college")

        let state = try #require(run.state)
        #expect(state.isFinal && state.outcome == "afgerond")
        #expect(
            state.history.map(\.transition) == [
                "voorstellenOpenen", "indieningSluiten", "stemmingOpenen", "stemmingSluiten", "uitkomstVaststellen", "naarResultaten",
                "afronden",
            ])
        #expect(state.history.filter(\.decision).map(\.transition) == ["uitkomstVaststellen", "afronden"])
        #expect(state.counts.outOfScope == 0 && state.counts.late == 0)
        #expect(run.harness.replayed() == state)
    }

    @Test("proposals cannot open before the budget and the conditions are fixed")
    func budgetAndConditionsFirst() throws {
        var run = try BurgerbegrotingRun()
        let none = try run.refusal(.advance("voorstellenOpenen", reason: nil))
        #expect(none.reasons.map(\.code) == [.missingDocument, .missingDocument])
        #expect(none.reasons.flatMap(\.ids) == ["budget", "voorwaarden"])
        run.attach("budget")
        let noConditions = try run.refusal(.advance("voorstellenOpenen", reason: nil))
        #expect(noConditions.reasons.map(\.code) == [.missingDocument])
        #expect(noConditions.reasons.first?.ids == ["voorwaarden"])
        #expect(run.state?.current == "voorbereiding")
    }

    @Test("a proposal before the budget and conditions are fixed is registered, flagged, and still blocks the adoption")
    func earlyProposalFlagged() throws {
        var run = try BurgerbegrotingRun()
        run.input("voorstel", id: "V-0", text: "Een bankje bij de vijver.")
        let early = try #require(run.state?.input("V-0"))
        #expect(early.outOfScope)
        #expect(early.needsFeedback)
        #expect(early.stateAtReceipt == "voorbereiding")
        #expect(run.state?.counts.outOfScope == 1)

        run.at("2026-03-02T09:00:00+01:00")
        run.attach("budget", "voorwaarden")
        run.advance("voorstellenOpenen")
        run.input("voorstel", id: "V-1", text: "Een moestuin bij de basisschool.")
        #expect(run.state?.input("V-1")?.outOfScope == false)
        run.at("2026-04-14T09:00:00+02:00")
        run.advance("indieningSluiten")
        run.attach("toetsverslag")
        run.at("2026-04-20T09:00:00+02:00")
        run.advance("stemmingOpenen")
        run.at("2026-05-05T09:00:00+02:00")
        run.attach("uitslag", "besluit")
        run.advance("stemmingSluiten")
        run.answer("V-1", .overgenomen, "Gekozen door inwoners.")
        let refusal = try run.refusal(.advance("uitkomstVaststellen", reason: nil), as: "raad")
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.ids == ["V-0"])
    }

    @Test("submission cannot close while the six weeks run; a proposal after them is late but registered")
    func submissionWindow() throws {
        var run = try BurgerbegrotingRun.withProposals()
        run.at("2026-04-13T18:00:00+02:00")
        let refusal = try run.refusal(.advance("indieningSluiten", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.windowOpen])
        #expect(refusal.reasons.first?.ids == ["voorstellenOpen"])
        #expect(refusal.reasons.first?.message.contains("13-04-2026") == true)
        run.input("voorstel", id: "V-4", text: "Op de laatste dag: een deelbakfiets.")
        #expect(run.state?.input("V-4")?.late == false)
        run.at("2026-04-14T09:00:00+02:00")
        run.input("voorstel", id: "V-5", text: "Een dag te laat: een buurtfeest.")
        #expect(run.state?.input("V-5")?.late == true)
        run.advance("indieningSluiten")
        #expect(run.state?.current == "toetsing")
    }

    @Test("the vote cannot open without the check of the proposals against the conditions")
    func voteNeedsCheck() throws {
        var run = try BurgerbegrotingRun.withProposals()
        run.at("2026-04-14T09:00:00+02:00")
        run.advance("indieningSluiten")
        let refusal = try run.refusal(.advance("stemmingOpenen", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.missingDocument])
        #expect(refusal.reasons.first?.ids == ["toetsverslag"])
    }

    @Test("the vote cannot open without any proposal")
    func voteNeedsProposals() throws {
        var run = try BurgerbegrotingRun()
        run.at("2026-03-02T09:00:00+01:00")
        run.attach("budget", "voorwaarden", "toetsverslag")
        run.advance("voorstellenOpenen")
        run.at("2026-04-14T09:00:00+02:00")
        run.advance("indieningSluiten")
        let refusal = try run.refusal(.advance("stemmingOpenen", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs])
        #expect(refusal.reasons.first?.ids == ["voorstel"])
    }

    @Test("the vote cannot close while it runs, nor without its result")
    func voteWindowAndResult() throws {
        var run = try BurgerbegrotingRun.withProposals()
        run.at("2026-04-14T09:00:00+02:00")
        run.advance("indieningSluiten")
        run.attach("toetsverslag")
        run.at("2026-04-20T09:00:00+02:00")
        run.advance("stemmingOpenen")
        run.at("2026-05-04T12:00:00+02:00")
        let early = try run.refusal(.advance("stemmingSluiten", reason: nil))
        #expect(early.reasons.map(\.code) == [.windowOpen, .missingDocument])
        #expect(early.reasons.first?.ids == ["stemming"])
        #expect(early.reasons.last?.ids == ["uitslag"])
        run.at("2026-05-05T09:00:00+02:00")
        let noResult = try run.refusal(.advance("stemmingSluiten", reason: nil))
        #expect(noResult.reasons.map(\.code) == [.missingDocument])
        #expect(noResult.reasons.first?.ids == ["uitslag"])
        run.attach("uitslag")
        run.advance("stemmingSluiten")
        #expect(run.state?.current == "vaststelling")
    }

    @Test("the gemeentebestuur adopts the outcome only when every proposal has an answer, and only the college or the raad")
    func adoptionNeedsAnswers() throws {
        var run = try BurgerbegrotingRun.inVaststelling()
        run.attach("besluit")
        let byProjectleider = try run.refusal(.advance("uitkomstVaststellen", reason: nil))
        #expect(byProjectleider.reasons.map(\.code) == [.roleNotAllowed, .unanswered])
        #expect(byProjectleider.reasons.first?.ids == ["college", "raad"])
        #expect(byProjectleider.reasons.last?.ids == ["V-1", "V-2"])
        run.answer("V-1", .overgenomen, "Gekozen door inwoners.")
        let refusal = try run.refusal(.advance("uitkomstVaststellen", reason: nil), as: "raad")
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.ids == ["V-2"])
        run.answer("V-2", .nietOvergenomen, "Niet gekozen: te weinig stemmen.")
        run.advance("uitkomstVaststellen", as: "raad")
        #expect(run.state?.current == "uitvoering")
    }

    @Test("closing is refused before the results are published and every answer is sent")
    func closingNeedsPublishedResults() throws {
        var run = try BurgerbegrotingRun.inVaststelling()
        run.answer("V-1", .overgenomen, "Gekozen door inwoners.")
        run.answer("V-2", .nietOvergenomen, "Niet gekozen: te weinig stemmen.")
        run.attach("besluit")
        run.advance("uitkomstVaststellen", as: "college")
        run.sendAll()
        run.at("2026-09-01T10:00:00+02:00")
        run.input("reactie", id: "R-1", text: "Waar kan ik zien wat er met het geld is gedaan?")
        run.advance("naarResultaten")
        run.attach("evaluatie")
        run.answer("R-1", .overgenomen, "De resultaten komen in het wijkkrantje en op een wijkwandeling.")
        let refusal = try run.refusal(.advance("afronden", reason: nil), as: "college")
        #expect(refusal.reasons.map(\.code) == [.missingDocument, .unsent])
        #expect(refusal.reasons.first?.ids == ["resultaten"])
        #expect(refusal.reasons.last?.ids == ["R-1"])
        run.attach("resultaten")
        let unsent = try run.refusal(.advance("afronden", reason: nil), as: "college")
        #expect(unsent.reasons.map(\.code) == [.unsent])
        #expect(unsent.reasons.first?.ids == ["R-1"])
        run.sendAll()
        run.advance("afronden", as: "college")
        #expect(run.state?.isFinal == true && run.state?.outcome == "afgerond")
    }

    @Test("the raad may pull the noodrem while proposals are open; the proposals still get an answer before closing")
    func noodremDuringProposals() throws {
        var run = try BurgerbegrotingRun.withProposals()
        run.attach("noodrembesluit")
        let bare = try run.refusal(.advance("noodrem", reason: nil), as: "raad")
        #expect(bare.reasons.map(\.code) == [.missingReason])
        run.advance("noodrem", as: "raad", reason: "Het budget is bij de begrotingsbehandeling geschrapt.")
        #expect(run.state?.current == "gestopt")
        let closing = try run.refusal(.advance("afsluiten", reason: nil))
        #expect(closing.reasons.map(\.code) == [.missingDocument, .unanswered, .unsent])
        #expect(closing.reasons[1].ids == BurgerbegrotingRun.voorstellen.map(\.rawValue))
        for id in BurgerbegrotingRun.voorstellen {
            run.answer(id, .kennisgenomen, "De raad heeft de burgerbegroting gestopt omdat het budget is geschrapt.")
        }
        run.attach("evaluatie")
        run.sendAll()
        run.advance("afsluiten")
        #expect(run.state?.isFinal == true && run.state?.outcome == "gestopt")
    }
}
