import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// A spatial initiative under the Omgevingswet through the tool, in exercise stores: each step
/// that the workflow refuses, with the Dutch words and exit code a user sees.
@Suite("participatie: omgevingsinitiatief", .serialized)
struct OmgevingsinitiatiefCommandTests {
    static let examples = TestSupport.repositoryRoot().appendingPathComponent("examples/10-omgevingsinitiatief").path

    /// A process in a fresh store, started on the concept plan, the idee attached.
    static func started(_ name: String) throws -> (tool: Tool, directory: String) {
        let directory = TestSupport.temporaryDirectory(name)
        var tool = Tool(store: directory + "/store")
        tool.actor = "omgevingsmanager"
        tool.now = "2027-01-11T09:00:00+01:00"
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["start", "omgevingsinitiatief", "--id", "OI", "--title", "Woningbouw", "--plan", examples + "/plan-concept.json"],
                ["document", "add", "OI", "--kind", "idee", "--ref", "Principeverzoek", "--as", "initiatiefnemer"],
            ])
        return (tool, directory)
    }

    /// Verkenning done, voorwaarden fixed, complete plan fixed.
    static func planned(_ name: String) throws -> (tool: Tool, directory: String) {
        let (given, directory) = try started(name)
        var tool = given
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["advance", "OI", "verkenningStarten"],
                ["document", "add", "OI", "--kind", "kansenEnRisicos", "--ref", "Verkenning", "--as", "initiatiefnemer"],
                ["document", "add", "OI", "--kind", "voorwaarden", "--ref", "Collegebesluit", "--as", "college"],
                ["advance", "OI", "voorwaardenVaststellen", "--as", "college"],
                ["plan", "attach", "OI", examples + "/plan.json"],
                ["advance", "OI", "participatieplanVaststellen"],
            ])
        tool.now = "2027-03-08T19:30:00+01:00"
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["advance", "OI", "participatieStarten", "--as", "initiatiefnemer"],
                ["input", "add", "OI", "--kind", "reactie", "--id", "R-01", "--text", "Te hoog.", "--as", "initiatiefnemer"],
                ["input", "add", "OI", "--kind", "reactie", "--id", "R-02", "--text", "Parkeren?", "--as", "initiatiefnemer"],
            ])
        return (tool, directory)
    }

    /// The aanvraag with the initiatiefnemer's participatieverslag is being weighed.
    static func weighing(_ name: String) throws -> (tool: Tool, directory: String) {
        let (given, directory) = try planned(name)
        var tool = given
        tool.now = "2027-04-20T10:00:00+02:00"
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["advance", "OI", "participatieAfronden", "--as", "initiatiefnemer"],
                ["document", "add", "OI", "--kind", "participatieverslag", "--ref", "Verslag", "--as", "initiatiefnemer"],
                ["document", "add", "OI", "--kind", "aanvraag", "--ref", "OLO-1", "--as", "initiatiefnemer"],
                ["advance", "OI", "naarAfweging"],
                ["feedback", "add", "OI", "R-01", "--verdict", "deels", "--reason", "Aan de straatkant vier lagen."],
                ["document", "add", "OI", "--kind", "besluit", "--ref", "Besluit OLO-1", "--as", "college"],
            ])
        return (tool, directory)
    }

    @Test("the voorwaarden wait for the verkenning and its kansen en risico's (exit 1)")
    func voorwaardenBeforeVerkenning() throws {
        let (tool, directory) = try Self.started("oi-voorwaarden")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let early = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "voorwaardenVaststellen", "--as", "college"])
        #expect(
            early.contains("Voorwaarden vaststellen (na de verkenning) kan niet: Deze overgang kan niet vanuit \"Nieuw idee\"."), "\(early)"
        )
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["advance", "OI", "verkenningStarten"],
                ["document", "add", "OI", "--kind", "voorwaarden", "--ref", "Collegebesluit", "--as", "college"],
            ])
        let missing = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "voorwaardenVaststellen", "--as", "college"])
        #expect(
            missing.contains(
                "Document \"Kansen en risico's uit de verkenning met de omgeving\" (kansenEnRisicos) ontbreekt. Het moet van na het begin van \"Verkenning met de omgeving\" (11-01-2027) zijn."
            ), "\(missing)")
        #expect(missing.contains("participatie document add OI --kind kansenEnRisicos --ref VERWIJZING"), "\(missing)")
    }

    @Test("no participation without a complete participatieplan; plan attach completes it (exit 1, then 0)")
    func planIncomplete() throws {
        let (tool, directory) = try Self.started("oi-plan")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["advance", "OI", "verkenningStarten"],
                ["document", "add", "OI", "--kind", "kansenEnRisicos", "--ref", "Verkenning", "--as", "initiatiefnemer"],
                ["document", "add", "OI", "--kind", "voorwaarden", "--ref", "Collegebesluit", "--as", "college"],
                ["advance", "OI", "voorwaardenVaststellen", "--as", "college"],
            ])
        let refused = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "participatieplanVaststellen"])
        #expect(refused.contains("Participatieplan vaststellen kan niet: Het gekoppelde participatieplan is niet compleet."), "\(refused)")
        try LawVocabularyCommandTests.succeed(
            tool, [["plan", "attach", "OI", Self.examples + "/plan.json"], ["advance", "OI", "participatieplanVaststellen"]])
        #expect(try tool.run(["status", "OI"]).out.contains("Toestand: Participatieplan vastgesteld"))
    }

    @Test("ending the participation before the planned period is refused; with a reason it is kept; extending needs a reason too")
    func deviationNeedsReason() throws {
        let (given, directory) = try Self.planned("oi-afwijking")
        var tool = given
        defer { try? FileManager.default.removeItem(atPath: directory) }
        tool.now = "2027-04-15T10:00:00+02:00"
        let open = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "participatieAfronden", "--as", "initiatiefnemer"])
        #expect(
            open.contains("De termijn van \"Participatie door de initiatiefnemer\" loopt nog tot en met maandag 19-04-2027."), "\(open)")
        let noReason = try LawVocabularyCommandTests.refused(
            tool, ["advance", "OI", "participatieEerderAfronden", "--as", "initiatiefnemer"])
        #expect(noReason.contains("Participatie eerder afronden dan gepland (met reden) kan niet: Geef een motivering."), "\(noReason)")
        let extendWithout = try tool.run(["extend", "OI", "--days", "7"])
        #expect(extendWithout.code != 0, "\(extendWithout)")
        let extended = try tool.run([
            "extend", "OI", "--days", "7", "--reason", "Een extra inloopavond op verzoek van de bewonersvereniging.",
        ])
        #expect(extended.code == 0, "\(extended)")
        #expect(extended.out.contains("26-04-2027"), "\(extended)")
    }

    @Test("a participatieverslag from the omgevingsmanager does not count: it is the initiatiefnemer's (exit 1)")
    func verslagByWrongRole() throws {
        let (given, directory) = try Self.planned("oi-verslag")
        var tool = given
        defer { try? FileManager.default.removeItem(atPath: directory) }
        tool.now = "2027-04-20T10:00:00+02:00"
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["advance", "OI", "participatieAfronden", "--as", "initiatiefnemer"],
                ["document", "add", "OI", "--kind", "participatieverslag", "--ref", "Samenvatting gemeente"],
                ["document", "add", "OI", "--kind", "aanvraag", "--ref", "OLO-1", "--as", "initiatiefnemer"],
            ])
        let refused = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "naarAfweging"])
        #expect(
            refused.contains(
                "is toegevoegd als omgevingsmanager van de gemeente; alleen initiatiefnemer (projectontwikkelaar) mag het toevoegen."),
            "\(refused)")
        #expect(refused.contains("--as initiatiefnemer"), "\(refused)")
    }

    @Test("the college cannot decide while a reaction has no answer (exit 1)")
    func decisionWithUnansweredReaction() throws {
        let (tool, directory) = try Self.weighing("oi-besluit")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let refused = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "besluiten", "--as", "college"])
        #expect(
            refused.contains("Besluiten op de aanvraag kan niet: 1 van de 2 reacties van omwonenden heeft nog geen antwoord: R-02."),
            "\(refused)")
    }

    @Test("the terugkoppeling does not end before the answers are sent (exit 1)")
    func closingBeforeAnswersSent() throws {
        let (tool, directory) = try Self.weighing("oi-terugkoppeling")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try LawVocabularyCommandTests.succeed(
            tool,
            [
                ["feedback", "add", "OI", "R-02", "--verdict", "overgenomen", "--reason", "Er komt een parkeerkelder."],
                ["advance", "OI", "besluiten", "--as", "college"],
            ])
        let refused = try LawVocabularyCommandTests.refused(tool, ["advance", "OI", "naarEvaluatie"])
        #expect(
            refused.contains(
                "Naar de evaluatie (antwoorden verstuurd) kan niet: De antwoorden op beide reacties van omwonenden zijn nog niet verstuurd: R-01, R-02."
            ), "\(refused)")
        try LawVocabularyCommandTests.succeed(tool, [["feedback", "sent", "OI", "--all"], ["advance", "OI", "naarEvaluatie"]])
    }
}
