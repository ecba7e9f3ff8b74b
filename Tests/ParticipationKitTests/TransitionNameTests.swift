import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// People type the step as they read it: in any case, or as the label the diagram and status show.
@Suite("Transition names as people type them")
struct TransitionNameTests {
    @Test("the exact name, any case, or the label; ambiguity and nonsense give nil")
    func matching() throws {
        let engine = ProcessEngine(definition: try TestSupport.shipped("inspraak"))
        let terInzage = try #require(engine.definition.transitions.first { $0.name == "terInzageLeggen" })
        #expect(engine.transitionName(matching: "terInzageLeggen", in: "voorbereiding") == "terInzageLeggen")
        #expect(engine.transitionName(matching: "TERINZAGELEGGEN", in: "voorbereiding") == "terInzageLeggen")
        #expect(engine.transitionName(matching: engine.label(of: terInzage).uppercased(), in: "voorbereiding") == "terInzageLeggen")
        #expect(engine.transitionName(matching: "bestaat niet", in: "voorbereiding") == nil)
        #expect(engine.transitionName(matching: "  ", in: "voorbereiding") == nil)
    }

    @Test("a transition without a label reads as words, never as its camel-case name")
    func readableName() throws {
        #expect(TransitionName("terInzageLeggen").readable == "Ter inzage leggen")
        #expect(TransitionName("besluiten").readable == "Besluiten")
        #expect(TransitionName("naarOZBTarief").readable == "Naar OZBTarief")
        let engine = ProcessEngine(definition: try TestSupport.shipped("inspraak"))
        let terInzage = try #require(engine.definition.transitions.first { $0.name == "terInzageLeggen" })
        #expect(terInzage.label == nil)
        #expect(engine.label(of: terInzage) == "Ter inzage leggen")
        #expect(engine.transitionName(matching: "ter inzage leggen", in: "voorbereiding") == "terInzageLeggen")
    }

    @Test("status names the input kinds the current state accepts, and the step's label beside its name")
    func statusAccepts() throws {
        var harness = ProcessHarness(definition: try TestSupport.shipped("inspraak"))
        let pl = ActorIdentity(role: "projectleider")
        let now = TestSupport.instant("2026-03-16T09:00:00+01:00")
        harness.start(at: now, by: pl, attributes: ["impact": "laag"])
        let engine = harness.engine
        let before = StatusReport(state: try #require(harness.state), engine: engine, today: TestSupport.day("2026-03-16"))
        #expect(before.accepts.isEmpty)
        #expect(before.text().contains("Neemt nu geen inbreng aan"))
        harness.run(.attachDocument(kind: "ontwerp", reference: "Z"), at: now, by: pl)
        harness.run(.advance("terInzageLeggen", reason: nil), at: now, by: pl)
        let open = StatusReport(state: try #require(harness.state), engine: engine, today: TestSupport.day("2026-03-16"))
        #expect(open.accepts.map(\.kind) == ["inspraakreactie"])
        #expect(open.text().contains("Neemt nu aan: Inspraakreactie (inspraakreactie)."))
        #expect(open.text().contains("(inzageSluiten) →"))
    }
}
