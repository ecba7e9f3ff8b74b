import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A process of the shipped `omgevingsinitiatief` workflow, driven step by step with a clock
/// that the test sets; the omgevingsmanager of the gemeente acts unless a role is named.
private struct InitiatiefRun {
    var harness: ProcessHarness
    var now = TestSupport.instant("2027-01-11T09:00:00+01:00")

    init(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        harness = ProcessHarness(definition: try TestSupport.shipped("omgevingsinitiatief"))
        let started = harness.start(at: now, by: ActorIdentity(role: "omgevingsmanager"), title: "Woningbouw Tweede Oude Heselaan")
        #expect(started.isSuccess, "\(started)", sourceLocation: sourceLocation)
    }

    var state: ProcessState? { harness.state }

    mutating func at(_ text: String) { now = TestSupport.instant(text) }

    @discardableResult
    mutating func run(_ command: Command, as role: RoleID = "omgevingsmanager") -> Result<[EventPayload], Refusal> {
        harness.run(command, at: now, by: ActorIdentity(role: role))
    }

    mutating func accept(
        _ command: Command, as role: RoleID = "omgevingsmanager", sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let result = run(command, as: role)
        #expect(result.isSuccess, "\(result)", sourceLocation: sourceLocation)
    }

    mutating func refusal(
        _ command: Command, as role: RoleID = "omgevingsmanager", sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        throws -> Refusal
    {
        try #require(run(command, as: role).refusal, "\(command) had geweigerd moeten worden", sourceLocation: sourceLocation)
    }

    mutating func advance(
        _ name: TransitionName, as role: RoleID = "omgevingsmanager", reason: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        accept(.advance(name, reason: reason), as: role, sourceLocation: sourceLocation)
    }

    mutating func attach(
        _ kind: DocumentKindID, as role: RoleID = "omgevingsmanager", sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        accept(.attachDocument(kind: kind, reference: "Z-\(kind)"), as: role, sourceLocation: sourceLocation)
    }

    mutating func attachPlan(complete: Bool, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        accept(
            .attachPlan(digest: String(repeating: complete ? "5c" : "0d", count: 32), complete: complete), sourceLocation: sourceLocation)
    }

    mutating func reactie(_ id: InputID, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        accept(
            .addInput(NewInput(id: id, kind: "reactie", text: "Vijf lagen is te hoog.")), as: "initiatiefnemer",
            sourceLocation: sourceLocation)
    }

    mutating func answer(_ id: InputID, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        accept(
            .recordFeedback(NewFeedback(input: id, verdict: .deels, motivation: "Aan de straatkant vier lagen.")),
            sourceLocation: sourceLocation)
    }

    /// Verkenning done and voorwaarden fixed: the process waits in `voorwaardenVastgesteld`.
    static func voorwaarden(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> InitiatiefRun {
        var run = try InitiatiefRun(sourceLocation: sourceLocation)
        run.attach("idee", as: "initiatiefnemer", sourceLocation: sourceLocation)
        run.advance("verkenningStarten", sourceLocation: sourceLocation)
        run.at("2027-02-01T10:00:00+01:00")
        run.attach("kansenEnRisicos", as: "initiatiefnemer", sourceLocation: sourceLocation)
        run.attach("voorwaarden", as: "college", sourceLocation: sourceLocation)
        run.advance("voorwaardenVaststellen", as: "college", sourceLocation: sourceLocation)
        return run
    }

    /// Participation under way since Monday 8 March 2027, with two reactions.
    static func uitvoering(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> InitiatiefRun {
        var run = try voorwaarden(sourceLocation: sourceLocation)
        run.attachPlan(complete: true, sourceLocation: sourceLocation)
        run.advance("participatieplanVaststellen", sourceLocation: sourceLocation)
        run.at("2027-03-08T19:30:00+01:00")
        run.advance("participatieStarten", as: "initiatiefnemer", sourceLocation: sourceLocation)
        run.reactie("R-01", sourceLocation: sourceLocation)
        run.reactie("R-02", sourceLocation: sourceLocation)
        return run
    }

    /// The aanvraag with the participatieverslag is in: the process waits in `afweging`.
    static func afweging(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> InitiatiefRun {
        var run = try uitvoering(sourceLocation: sourceLocation)
        run.at("2027-04-20T10:00:00+02:00")
        run.advance("participatieAfronden", as: "initiatiefnemer", sourceLocation: sourceLocation)
        run.attach("participatieverslag", as: "initiatiefnemer", sourceLocation: sourceLocation)
        run.attach("aanvraag", as: "initiatiefnemer", sourceLocation: sourceLocation)
        run.advance("naarAfweging", sourceLocation: sourceLocation)
        return run
    }
}

@Suite("Omgevingsinitiatief")
struct OmgevingsinitiatiefTests {
    @Test("the shipped workflow is clean under --strict and cites only the sources it rests on")
    func validatesStrictly() throws {
        let diagnostics = WorkflowValidator.diagnostics(for: try TestSupport.shippedFile("omgevingsinitiatief"))
        #expect(diagnostics.filter { $0.severity != .note }.isEmpty, "\(diagnostics)")
        let definition = try TestSupport.shipped("omgevingsinitiatief")
        #expect(definition.legalBasis.count == 3)
        #expect(definition.legalBasis[0].hasPrefix("Participatiebeleid ruimtelijke ontwikkelingen, gemeente Nijmegen (2022)"))
        #expect(definition.legalBasis[1].hasPrefix("Omgevingswet art. 16.55 lid 6 en Omgevingsregeling art. 7.4"))
        #expect(definition.legalBasis[2].hasPrefix("Omgevingswet art. 16.55 lid 7"))
        #expect(definition.states["uitvoering"]?.window?.source == "model")
    }

    @Test(
        "the whole path: idee → verkenning → voorwaarden → plan → participatie → verslag → afweging → besluit → terugkoppeling → evaluatie")
    func mainPath() throws {
        var run = try InitiatiefRun.afweging()
        run.answer("R-01")
        run.answer("R-02")
        run.attach("besluit", as: "college")
        run.advance("besluiten", as: "college")
        run.accept(.markFeedbackSent(.allUnsent, on: CivilDate(amsterdam: run.now)))
        run.advance("naarEvaluatie")
        run.at("2027-10-04T10:00:00+02:00")
        run.attach("evaluatie")
        run.advance("sluiten")
        #expect(run.state?.current == "gesloten")
        #expect(run.harness.replayed() == run.state)
    }

    @Test("the voorwaarden cannot be fixed before the verkenning, nor without its kansen en risico's from the verkenning")
    func voorwaardenAfterVerkenning() throws {
        var run = try InitiatiefRun()
        // A kansen-en-risico's document from before the verkenning does not count.
        run.attach("kansenEnRisicos", as: "initiatiefnemer")
        run.attach("voorwaarden", as: "college")
        let early = try run.refusal(.advance("voorwaardenVaststellen", reason: nil), as: "college")
        #expect(early.reasons.map(\.code) == [.unknownTransition])
        #expect(early.reasons.first?.message.contains("Deze overgang kan niet vanuit \"Nieuw idee\".") == true, "\(early)")

        run.attach("idee", as: "initiatiefnemer")
        run.advance("verkenningStarten")
        run.at("2027-01-12T10:00:00+01:00")
        let missing = try run.refusal(.advance("voorwaardenVaststellen", reason: nil), as: "college")
        #expect(missing.reasons.map(\.code) == [.documentWrongMoment, .documentWrongMoment], "\(missing)")
        #expect(missing.description.contains("Kansen en risico's uit de verkenning met de omgeving"), "\(missing)")

        run.attach("kansenEnRisicos", as: "initiatiefnemer")
        run.attach("voorwaarden", as: "college")
        run.advance("voorwaardenVaststellen", as: "college")
        #expect(run.state?.current == "voorwaardenVastgesteld")
    }

    @Test("the voorwaarden are the college's or the raad's: a document the omgevingsmanager adds does not count")
    func voorwaardenByCollegeOrRaad() throws {
        var run = try InitiatiefRun()
        run.attach("idee", as: "initiatiefnemer")
        run.advance("verkenningStarten")
        run.attach("kansenEnRisicos", as: "initiatiefnemer")
        run.attach("voorwaarden")
        let refusal = try run.refusal(.advance("voorwaardenVaststellen", reason: nil), as: "college")
        #expect(refusal.reasons.map(\.code) == [.documentWrongRole], "\(refusal)")
        run.attach("voorwaarden", as: "raad")
        run.advance("voorwaardenVaststellen", as: "raad")
        #expect(run.state?.current == "voorwaardenVastgesteld")
    }

    @Test("no participatieplan vastgesteld and no participation without a complete plan")
    func planMustBeComplete() throws {
        var run = try InitiatiefRun.voorwaarden()
        let none = try run.refusal(.advance("participatieplanVaststellen", reason: nil))
        #expect(none.reasons.map(\.code) == [.planIncomplete])
        #expect(none.reasons.first?.message == "Er is geen participatieplan gekoppeld.")
        run.attachPlan(complete: false)
        let incomplete = try run.refusal(.advance("participatieplanVaststellen", reason: nil))
        #expect(incomplete.reasons.first?.message == "Het gekoppelde participatieplan is niet compleet.")
        run.attachPlan(complete: true)
        run.advance("participatieplanVaststellen")

        // A plan replaced by an incomplete one after it was fixed stops the participation from starting.
        run.attachPlan(complete: false)
        let replaced = try run.refusal(.advance("participatieStarten", reason: nil), as: "initiatiefnemer")
        #expect(replaced.reasons.map(\.code) == [.planIncomplete])
        run.attachPlan(complete: true)
        run.advance("participatieStarten", as: "initiatiefnemer")
        #expect(run.state?.current == "uitvoering")
    }

    @Test("the initiatiefnemer carries out the participation; the omgevingsmanager stays behandelaar of every reaction")
    func initiatiefnemerExecutesGemeenteOwns() throws {
        var run = try InitiatiefRun.voorwaarden()
        run.attachPlan(complete: true)
        run.advance("participatieplanVaststellen")
        let byGemeente = try run.refusal(.advance("participatieStarten", reason: nil))
        #expect(byGemeente.reasons.map(\.code) == [.roleNotAllowed])
        run.advance("participatieStarten", as: "initiatiefnemer")
        run.reactie("R-01")
        let reactie = try #require(run.state?.input("R-01"))
        #expect(reactie.owner == "Omgevingsmanager van de gemeente")
        #expect(reactie.outOfScope == false)
        #expect(reactie.needsFeedback)
    }

    @Test("ending the participation before the planned period needs a reason, and the reason is kept")
    func deviationIsLogged() throws {
        var run = try InitiatiefRun.uitvoering()
        run.at("2027-04-15T10:00:00+02:00")
        let open = try run.refusal(.advance("participatieAfronden", reason: nil), as: "initiatiefnemer")
        #expect(open.reasons.map(\.code) == [.windowOpen])
        #expect(open.reasons.first?.message.contains("maandag 19-04-2027") == true, "\(open)")
        let noReason = try run.refusal(.advance("participatieEerderAfronden", reason: nil), as: "initiatiefnemer")
        #expect(noReason.reasons.map(\.code) == [.missingReason])
        let why = "De laatste inloopavond ging niet door; alle omwonenden kregen een brief met het reactieformulier."
        run.advance("participatieEerderAfronden", as: "initiatiefnemer", reason: why)
        #expect(run.state?.current == "verslag")
        #expect(run.state?.history.last?.reason == why)
    }

    @Test("the participatieverslag is the initiatiefnemer's, from after the participation began")
    func verslagByInitiatiefnemer() throws {
        var run = try InitiatiefRun.uitvoering()
        run.at("2027-04-20T10:00:00+02:00")
        run.advance("participatieAfronden", as: "initiatiefnemer")
        run.attach("participatieverslag")
        run.attach("aanvraag", as: "initiatiefnemer")
        let wrongRole = try run.refusal(.advance("naarAfweging", reason: nil))
        #expect(wrongRole.reasons.map(\.code) == [.documentWrongRole])
        #expect(
            wrongRole.reasons.first?.message.contains("alleen initiatiefnemer (projectontwikkelaar) mag het toevoegen") == true,
            "\(wrongRole)")
        run.attach("participatieverslag", as: "initiatiefnemer")
        run.advance("naarAfweging")
        #expect(run.state?.current == "afweging")
    }

    @Test("a participatieverslag written before the participation began does not count")
    func verslagAfterUitvoering() throws {
        var run = try InitiatiefRun.voorwaarden()
        run.attach("participatieverslag", as: "initiatiefnemer")
        run.attach("aanvraag", as: "initiatiefnemer")
        run.attachPlan(complete: true)
        run.advance("participatieplanVaststellen")
        run.at("2027-03-08T19:30:00+01:00")
        run.advance("participatieStarten", as: "initiatiefnemer")
        run.advance("participatieEerderAfronden", as: "initiatiefnemer", reason: "Niemand reageerde.")
        let early = try run.refusal(.advance("naarAfweging", reason: nil))
        #expect(early.reasons.map(\.code) == [.documentWrongMoment], "\(early)")
    }

    @Test("the college decides on the aanvraag only when every reaction has an answer")
    func decisionNeedsEveryAnswer() throws {
        var run = try InitiatiefRun.afweging()
        run.answer("R-01")
        run.attach("besluit", as: "college")
        let refusal = try run.refusal(.advance("besluiten", reason: nil), as: "college")
        #expect(refusal.reasons.map(\.code) == [.unanswered])
        #expect(refusal.reasons.first?.message == "1 van de 2 reacties van omwonenden heeft nog geen antwoord: R-02.")
        run.answer("R-02")
        run.advance("besluiten", as: "college")
        #expect(run.state?.current == "terugkoppeling")
    }

    @Test("the terugkoppeling ends only when every answer was sent; closing needs an evaluation from the leren phase")
    func terugkoppelingNeedsAnswersSent() throws {
        var run = try InitiatiefRun.afweging()
        run.answer("R-01")
        run.answer("R-02")
        run.attach("besluit", as: "college")
        run.advance("besluiten", as: "college")
        let unsent = try run.refusal(.advance("naarEvaluatie", reason: nil))
        #expect(unsent.reasons.map(\.code) == [.unsent])
        #expect(unsent.reasons.first?.message == "De antwoorden op beide reacties van omwonenden zijn nog niet verstuurd: R-01, R-02.")
        run.attach("evaluatie")
        run.accept(.markFeedbackSent(.allUnsent, on: CivilDate(amsterdam: run.now)))
        run.advance("naarEvaluatie")
        let oldEvaluation = try run.refusal(.advance("sluiten", reason: nil))
        #expect(oldEvaluation.reasons.map(\.code) == [.documentWrongMoment])
        run.at("2027-10-04T10:00:00+02:00")
        run.attach("evaluatie")
        run.advance("sluiten")
        #expect(run.state?.isFinal == true)
    }

    @Test("the raad's noodrem stops the initiative before the aanvraag is weighed, never after")
    func noodrem() throws {
        var during = try InitiatiefRun.uitvoering()
        let withoutBesluit = try during.refusal(.advance("noodrem", reason: "De raad stopt."), as: "raad")
        #expect(withoutBesluit.reasons.map(\.code) == [.missingDocument])
        during.attach("noodrembesluit", as: "raad")
        during.advance("noodrem", as: "raad", reason: "De raad trekt de medewerking aan het initiatief in (raadsbesluit 2027-31).")
        #expect(during.state?.current == "gestopt")
        let closing = try during.refusal(.advance("beeindigen", reason: nil))
        #expect(closing.reasons.map(\.code).contains(.unanswered))

        var weighing = try InitiatiefRun.afweging()
        weighing.attach("noodrembesluit", as: "raad")
        let late = try weighing.refusal(.advance("noodrem", reason: "Te laat."), as: "raad")
        #expect(late.reasons.map(\.code) == [.unknownTransition])
    }
}
