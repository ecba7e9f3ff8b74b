import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of the shipped `uitdaagrecht` workflow, driven step by step with a clock that
/// the test sets.
private typealias UitdaagrechtRun = WorkflowRun

extension WorkflowRun {
    fileprivate static let criteria: [DocumentKindID] = ["toetsDeskundigheid", "toetsDraagvlak", "toetsKosten"]

    /// The raad's kaders, adopted before any uitdaging came in (the process starts on 2 February).
    fileprivate mutating func attachKaders(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        attach("kaders", as: "raad", dated: "2026-01-14", sourceLocation: sourceLocation)
    }

    fileprivate init() throws {
        try self.init(
            workflow: "uitdaagrecht", title: "Onderhoud park Hengstdal", at: "2026-02-02T10:00:00+01:00", attributes: [:],
            publicName: "Bewonersgroep Park Hengstdal")
    }

    /// Submitted and taken into behandeling: the process waits in `ontvankelijkheid`.
    fileprivate static func inOntvankelijkheid() throws -> UitdaagrechtRun {
        var run = try UitdaagrechtRun()
        run.input(
            "uitdaging", id: "U-1",
            text: "Wij willen het onderhoud van het park overnemen, met het budget dat de gemeente er nu aan besteedt.")
        run.at("2026-02-09T10:00:00+01:00")
        run.advance("inBehandelingNemen")
        return run
    }

    /// Ontvankelijk, every criterion recorded: the process waits for the college's besluit.
    fileprivate static func inBesluitvorming() throws -> UitdaagrechtRun {
        var run = try inOntvankelijkheid()
        run.attachKaders()
        run.advance("ontvankelijkVerklaren")
        run.at("2026-03-02T10:00:00+01:00")
        for criterion in criteria { run.attach(criterion) }
        run.advance("beoordelingAfronden")
        run.attach("besluit")
        return run
    }
}

@Suite("Uitdaagrecht")
struct UitdaagrechtTests {
    @Test("main path: uitdaging, ontvankelijk, beoordeeld, toegekend, afspraken, uitvoering, evaluatie, verlengd")
    func mainPath() throws {
        var run = try UitdaagrechtRun.inBesluitvorming()
        #expect(run.state?.current == "besluitvorming")
        run.answer("U-1", .overgenomen, "Het college kent de uitdaging toe: aan alle drie voorwaarden van de raad is voldaan.")
        run.at("2026-03-16T10:00:00+01:00")
        run.advance("toekennen", as: "college")
        #expect(run.state?.current == "afspraken")
        run.attach("overeenkomst")
        run.advance("uitvoeringStarten", as: "college")
        #expect(run.state?.current == "uitvoering")

        run.at("2026-06-01T10:00:00+02:00")
        run.input("signaal", id: "S-1", text: "Het gras bij de speeltuin is al vier weken niet gemaaid.")
        run.answer("S-1", .overgenomen, "De bewonersgroep maait voortaan elke twee weken; dat staat nu in het werkplan.")
        run.at("2027-03-01T10:00:00+01:00")
        run.advance("naarEvaluatie")
        #expect(run.state?.current == "evaluatie")
        run.input("evaluatiereactie", id: "E-1", text: "Het park ziet er beter uit dan eerst.")
        run.answer("E-1", .kennisgenomen, "Dank u; dit nemen we op in de evaluatie.")
        run.attach("evaluatie", "verlenging")
        run.sendAll()
        run.advance("verlengen", as: "college")

        let state = try #require(run.state)
        #expect(state.current == "verlengd")
        #expect(state.isFinal && state.outcome == "verlengd")
        #expect(
            state.history.map(\.transition) == [
                "inBehandelingNemen", "ontvankelijkVerklaren", "beoordelingAfronden", "toekennen", "uitvoeringStarten", "naarEvaluatie",
                "verlengen",
            ])
        #expect(state.history.filter(\.decision).map(\.transition) == ["toekennen", "verlengen"])
        #expect(state.counts.needingFeedback == 3 && state.counts.sent == 3)
        #expect(run.harness.replayed() == state)
    }

    @Test("an uitdaging cannot be taken into behandeling before it is registered")
    func behandelingNeedsUitdaging() throws {
        var run = try UitdaagrechtRun()
        let refusal = try run.refusal(.advance("inBehandelingNemen", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.tooFewInputs])
        #expect(refusal.reasons.first?.ids == ["uitdaging"])
        #expect(run.state?.current == "ingediend")
    }

    @Test("ontvankelijkheid is refused until the raad's kaders are attached")
    func ontvankelijkheidNeedsKaders() throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        let refusal = try run.refusal(.advance("ontvankelijkVerklaren", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.missingDocument])
        #expect(refusal.reasons.first?.ids == ["kaders", "raad"])
        #expect(
            refusal.reasons.first?.message.hasSuffix(
                "ontbreekt. Alleen gemeenteraad (raad) mag het toevoegen. Het moet van vóór de eerste uitdaging (U-1, ontvangen 02-02-2026) zijn."
            )
                == true, "\(refusal)")
        #expect(run.state?.current == "ontvankelijkheid")
        run.attachKaders()
        run.advance("ontvankelijkVerklaren")
        #expect(run.state?.current == "beoordeling")
    }

    @Test("kaders the projectleider attached are not the raad's: ontvankelijk verklaren is refused, naming the role")
    func kadersByTheRaad() throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        run.attach("kaders", dated: "2026-01-14")
        let refusal = try run.refusal(.advance("ontvankelijkVerklaren", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.documentWrongRole])
        #expect(refusal.reasons.first?.ids == ["kaders", "raad"])
        #expect(
            refusal.reasons.first?.message.contains(
                "is toegevoegd als projectleider (behandelt de uitdaging); alleen gemeenteraad (raad) mag het toevoegen") == true)
        #expect(run.state?.current == "ontvankelijkheid")
        run.attachKaders()
        run.advance("ontvankelijkVerklaren")
        #expect(run.state?.current == "beoordeling")
    }

    @Test("kaders the raad adopted after the uitdaging came in do not count: the uitdaging is niet ontvankelijk")
    func kadersComeFirst() throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        run.at("2026-02-11T21:00:00+01:00")
        run.attach("kaders", as: "raad")
        let refusal = try run.refusal(.advance("ontvankelijkVerklaren", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.documentWrongMoment])
        #expect(refusal.reasons.first?.ids == ["kaders"])
        #expect(
            refusal.reasons.first?.message.contains("is van 11-02-2026; dat moet vóór de eerste uitdaging (U-1, ontvangen 02-02-2026) zijn")
                == true, "\(refusal)")
        // A later document dated after the uitdaging does not help either; the college declares it niet ontvankelijk.
        run.attach("kaders", as: "raad", dated: "2026-02-03")
        #expect(try run.refusal(.advance("ontvankelijkVerklaren", reason: nil)).reasons.map(\.code) == [.documentWrongMoment])
        run.answer("U-1", .nietOntvankelijk, "De raad stelde de voorwaarden pas vast nadat uw uitdaging binnenkwam.")
        run.advance("nietOntvankelijkVerklaren", as: "college", reason: "Geen kaders van de raad van vóór de uitdaging.")
        #expect(run.state?.current == "nietOntvankelijk")
    }

    @Test("kaders with their own date before the uitdaging count, even when attached later")
    func kadersDatedBefore() throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        run.at("2026-02-20T10:00:00+01:00")
        run.attach("kaders", as: "raad", dated: "2026-02-01")
        run.advance("ontvankelijkVerklaren")
        #expect(run.state?.current == "beoordeling")
    }

    @Test("on the day the uitdaging came in, kaders count only if they were in the dossier before it")
    func kadersSameDay() throws {
        var before = try UitdaagrechtRun()
        before.at("2026-02-02T09:00:00+01:00")
        before.attach("kaders", as: "raad")
        before.at("2026-02-02T11:00:00+01:00")
        before.input("uitdaging", id: "U-1", text: "Wij nemen het park over.")
        before.advance("inBehandelingNemen")
        before.advance("ontvankelijkVerklaren")
        #expect(before.state?.current == "beoordeling")

        var after = try UitdaagrechtRun.inOntvankelijkheid()
        after.attach("kaders", as: "raad", dated: "2026-02-02")
        #expect(try after.refusal(.advance("ontvankelijkVerklaren", reason: nil)).reasons.map(\.code) == [.documentWrongMoment])
    }

    @Test("the uitdaging's received date counts, not the day it was registered")
    func receivedDateCounts() throws {
        var run = try UitdaagrechtRun()
        run.attach("kaders", as: "raad", dated: "2026-01-20")
        run.at("2026-02-05T10:00:00+01:00")
        run.accept(.addInput(NewInput(id: "U-1", kind: "uitdaging", text: "Per brief.", received: CivilDate("2026-01-15"))))
        run.advance("inBehandelingNemen")
        let refusal = try run.refusal(.advance("ontvankelijkVerklaren", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.documentWrongMoment])
        #expect(refusal.reasons.first?.message.contains("(U-1, ontvangen 15-01-2026)") == true, "\(refusal)")
    }

    @Test("the noodrem cannot turn a rejected or inadmissible uitdaging into a stopped one")
    func noodremNotAfterRejection() throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        run.answer("U-1", .nietOntvankelijk, "Er zijn geen kaders van de raad.")
        run.advance("nietOntvankelijkVerklaren", as: "college", reason: "Geen kaders van de raad.")
        run.attach("noodrembesluit", as: "raad")
        let refusal = try run.refusal(.advance("noodrem", reason: "Stoppen."), as: "raad")
        #expect(refusal.reasons.map(\.code) == [.unknownTransition])
        #expect(refusal.reasons.first?.ids == ["afsluiten"])
        #expect(run.state?.current == "nietOntvankelijk")
        let definition = try TestSupport.shipped("uitdaagrecht")
        let noodrem = try #require(definition.transitions.first { $0.name == "noodrem" })
        #expect(noodrem.except == ["nietOntvankelijk", "afgewezen"])
        #expect(!definition.sources(of: noodrem).contains("afgewezen"))
        #expect(definition.sources(of: noodrem).contains("besluitvorming"))
    }

    @Test("without kaders the college may declare the uitdaging niet ontvankelijk, with a reason and an answer to the indiener")
    func nietOntvankelijk() throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        let byProjectleider = try run.refusal(.advance("nietOntvankelijkVerklaren", reason: "Geen kaders"))
        #expect(byProjectleider.reasons.map(\.code) == [.roleNotAllowed, .unanswered])
        #expect(byProjectleider.reasons.first?.ids == ["college"])
        run.answer("U-1", .nietOntvankelijk, "De raad heeft nog geen voorwaarden voor het uitdaagrecht vastgesteld.")
        let withoutReason = try run.refusal(.advance("nietOntvankelijkVerklaren", reason: "  "), as: "college")
        #expect(withoutReason.reasons.map(\.code) == [.missingReason])
        run.advance("nietOntvankelijkVerklaren", as: "college", reason: "De raad heeft geen kaders voor het uitdaagrecht vastgesteld.")
        #expect(run.state?.current == "nietOntvankelijk")
        let unsent = try run.refusal(.advance("afsluiten", reason: nil))
        #expect(unsent.reasons.map(\.code) == [.unsent])
        #expect(unsent.reasons.first?.ids == ["U-1"])
        run.sendAll()
        run.advance("afsluiten")
        #expect(run.state?.isFinal == true && run.state?.outcome == "nietOntvankelijk")
    }

    @Test("beoordeling cannot be left while a criterion is unrecorded", arguments: UitdaagrechtRun.criteria)
    func beoordelingNeedsEveryCriterion(missing: DocumentKindID) throws {
        var run = try UitdaagrechtRun.inOntvankelijkheid()
        run.attachKaders()
        run.advance("ontvankelijkVerklaren")
        let none = try run.refusal(.advance("beoordelingAfronden", reason: nil))
        #expect(none.reasons.map(\.code) == [.missingDocument, .missingDocument, .missingDocument])
        #expect(none.reasons.flatMap(\.ids) == UitdaagrechtRun.criteria.map(\.rawValue))
        for criterion in UitdaagrechtRun.criteria where criterion != missing { run.attach(criterion) }
        let refusal = try run.refusal(.advance("beoordelingAfronden", reason: nil))
        #expect(refusal.reasons.map(\.code) == [.missingDocument])
        #expect(refusal.reasons.first?.ids == [missing.rawValue])
        #expect(run.state?.current == "beoordeling")
        run.attach(missing)
        run.advance("beoordelingAfronden")
        #expect(run.state?.current == "besluitvorming")
    }

    @Test("the besluit is refused while the uitdaging has no answer, naming it")
    func besluitNeedsAnswer() throws {
        var run = try UitdaagrechtRun.inBesluitvorming()
        for name in ["toekennen", "deelsToekennen", "afwijzen"] as [TransitionName] {
            let refusal = try run.refusal(.advance(name, reason: "Motivering"), as: "college")
            #expect(refusal.reasons.map(\.code) == [.unanswered], "\(name)")
            #expect(refusal.reasons.first?.ids == ["U-1"], "\(name)")
        }
        #expect(run.state?.current == "besluitvorming")
        #expect(run.state?.history.contains(where: \.decision) == false)
    }

    @Test("a rejection without motivation is refused; with one it passes and the indiener must get the answer before closing")
    func rejectionNeedsMotivation() throws {
        var run = try UitdaagrechtRun.inBesluitvorming()
        run.answer("U-1", .nietOvergenomen, "Niet voldaan aan de voorwaarde draagvlak: de buurt steunt het plan niet aantoonbaar.")
        for reason in [nil, "", "   "] as [String?] {
            let refusal = try run.refusal(.advance("afwijzen", reason: reason), as: "college")
            #expect(refusal.reasons.map(\.code) == [.missingReason])
        }
        let partly = try run.refusal(.advance("deelsToekennen", reason: nil), as: "college")
        #expect(partly.reasons.map(\.code) == [.missingReason])
        run.advance("afwijzen", as: "college", reason: "Niet voldaan aan de voorwaarde draagvlak (toetsDraagvlak).")
        let state = try #require(run.state)
        #expect(state.current == "afgewezen")
        #expect(state.history.last?.reason == "Niet voldaan aan de voorwaarde draagvlak (toetsDraagvlak).")
        #expect(state.history.last?.decision == true)
        let unsent = try run.refusal(.advance("afsluiten", reason: nil))
        #expect(unsent.reasons.map(\.code) == [.unsent])
        #expect(unsent.reasons.first?.ids == ["U-1"])
        run.sendAll()
        run.advance("afsluiten")
        #expect(run.state?.isFinal == true && run.state?.outcome == "afgewezen")
    }

    @Test("the uitvoering cannot start before the overeenkomst with task, budget and duration is attached")
    func uitvoeringNeedsOvereenkomst() throws {
        var run = try UitdaagrechtRun.inBesluitvorming()
        run.answer("U-1", .deels, "Het onderhoud van het gras gaat over; de bomen blijven bij de gemeente.")
        run.advance("deelsToekennen", as: "college", reason: "Boomonderhoud vraagt deskundigheid die de groep niet heeft.")
        #expect(run.state?.current == "afspraken")
        let refusal = try run.refusal(.advance("uitvoeringStarten", reason: nil), as: "college")
        #expect(refusal.reasons.map(\.code) == [.missingDocument])
        #expect(refusal.reasons.first?.ids == ["overeenkomst"])
        run.attach("overeenkomst")
        run.advance("uitvoeringStarten", as: "college")
        #expect(run.state?.current == "uitvoering")
    }

    @Test("a signal during the uitvoering blocks the decision after the evaluation until it is answered and sent")
    func signalBlocksEvaluationDecision() throws {
        var run = try UitdaagrechtRun.inBesluitvorming()
        run.answer("U-1", .overgenomen, "Toegekend.")
        run.advance("toekennen", as: "college")
        run.attach("overeenkomst")
        run.advance("uitvoeringStarten", as: "college")
        run.input("signaal", id: "S-1", text: "De afvalbakken worden niet geleegd.")
        run.advance("naarEvaluatie")
        run.attach("evaluatie")
        let refusal = try run.refusal(.advance("beeindigen", reason: "De looptijd is voorbij."), as: "college")
        #expect(refusal.reasons.map(\.code) == [.unanswered, .unsent])
        #expect(refusal.reasons.first?.ids == ["S-1"])
        #expect(refusal.reasons.last?.ids == ["U-1", "S-1"])
        run.answer("S-1", .doorverwezen, "Doorgestuurd naar de afvalinzameling; de bakken vallen niet onder de overeenkomst.")
        let withoutReason = try run.refusal(.advance("beeindigen", reason: nil), as: "college")
        #expect(withoutReason.reasons.map(\.code) == [.missingReason, .unsent])
        run.sendAll()
        run.advance("beeindigen", as: "college", reason: "De looptijd is voorbij en de groep stopt.")
        #expect(run.state?.isFinal == true && run.state?.outcome == "beeindigd")
    }

    @Test("the raad's noodrem needs a reason and its besluit; closing afterwards needs an evaluation and every answer sent")
    func noodrem() throws {
        var run = try UitdaagrechtRun.inBesluitvorming()
        let byCollege = try run.refusal(.advance("noodrem", reason: "Te veel onrust"), as: "college")
        #expect(byCollege.reasons.map(\.code) == [.roleNotAllowed, .missingDocument])
        #expect(byCollege.reasons.first?.ids == ["raad"])
        let bare = try run.refusal(.advance("noodrem", reason: nil), as: "raad")
        #expect(bare.reasons.map(\.code) == [.missingReason, .missingDocument])
        #expect(bare.reasons.last?.ids == ["noodrembesluit", "raad"])
        run.attach("noodrembesluit")
        let notTheRaads = try run.refusal(.advance("noodrem", reason: "De kaders worden herzien."), as: "raad")
        #expect(notTheRaads.reasons.map(\.code) == [.documentWrongRole])
        run.attach("noodrembesluit", as: "raad")
        run.attach("evaluatie", reference: "Evaluatie van vóór de noodrem")
        run.at("2026-03-03T10:00:00+01:00")
        run.advance("noodrem", as: "raad", reason: "De kaders voor het uitdaagrecht worden herzien.")
        #expect(run.state?.current == "gestopt")
        let closing = try run.refusal(.advance("afsluiten", reason: nil))
        #expect(closing.reasons.map(\.code) == [.documentWrongMoment, .unanswered, .unsent])
        #expect(closing.reasons.first?.ids == ["evaluatie"])
        #expect(closing.reasons[1].ids == ["U-1"])
        run.answer("U-1", .kennisgenomen, "De raad heeft het proces gestopt omdat de kaders worden herzien.")
        run.attach("evaluatie", dated: "2026-03-02")
        #expect(try run.refusal(.advance("afsluiten", reason: nil)).reasons.map(\.code) == [.documentWrongMoment, .unsent])
        run.attach("evaluatie")
        run.sendAll()
        run.advance("afsluiten")
        #expect(run.state?.isFinal == true && run.state?.outcome == "gestopt")
    }
}
