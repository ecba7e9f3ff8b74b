import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A minimal valid workflow with room for one transition's requirements.
private func workflow(requires: String = "[]", extraTop: String = "", stateExtra: String = "", transitionExtra: String = "") -> String {
    """
    {
      "formatVersion": 1,
      "id": "test",
      "version": "1",
      "title": "Test",\(extraTop)
      "roles": { "college": "College", "pl": { "label": "Projectleider", "decides": false } },
      "attributes": { "impact": { "values": ["laag", "hoog"] } },
      "inputKinds": { "reactie": { "label": "Reactie", "answerWithin": { "weeks": 6 } }, "handtekening": { "label": "Handtekening", "feedback": "none" } },
      "documents": { "nota": "Nota" },
      "initial": "open",
      "states": {
        "open": { "label": "Open", "phase": "denken", "level": "raadplegen", "accepts": ["reactie"], "window": { "weeks": 6, "startsOn": "nextDay" }\(stateExtra) },
        "klaar": { "label": "Klaar", "final": true, "outcome": "vastgesteld" }
      },
      "transitions": [
        { "name": "besluiten", "from": ["open"], "to": "klaar", "by": ["college"], "decision": true, "requires": \(requires)\(transitionExtra) }
      ]
    }
    """
}

private func decode(_ text: String) throws(WorkflowFileError) -> WorkflowDefinition {
    try WorkflowDefinition(jsonBytes: Array(text.utf8), file: "workflows/test.json")
}

private func diagnostics(_ text: String) -> [Diagnostic] {
    do {
        _ = try decode(text)
        return []
    } catch {
        return error.diagnostics
    }
}

@Suite("WorkflowDefinition decoding")
struct WorkflowDecodingTests {
    static let requirementCases: [(String, Requirement)] = [
        (#"{"document": "nota"}"#, .document("nota")),
        (#"{"windowClosed": true}"#, .windowClosed(nil)),
        (#"{"windowClosed": "open"}"#, .windowClosed("open")),
        (#"{"reason": true}"#, .reason),
        (#"{"allAnswered": true}"#, .allAnswered),
        (#"{"allAnswersSent": true}"#, .allAnswersSent),
        (#"{"atLeast": {"kind": "handtekening", "count": 4000}}"#, .atLeast(kind: "handtekening", count: 4000)),
        (#"{"elapsed": {"weeks": 8}, "since": "open"}"#, .elapsed(.weeks(8), since: "open")),
        (#"{"plan": "complete"}"#, .planComplete),
        (
            #"{"when": {"attribute": "impact", "equals": "hoog"}, "require": {"document": "nota"}}"#,
            .when(attribute: "impact", equals: "hoog", require: .document("nota"))
        ),
        (#"{"anyOf": [{"document": "nota"}, {"reason": true}]}"#, .anyOf([.document("nota"), .reason])),
        (#"{"document": "nota", "by": ["college", "pl"]}"#, .document(DocumentRequirement("nota", by: ["college", "pl"]))),
        (
            #"{"document": "nota", "before": {"firstInput": "reactie"}}"#,
            .document(DocumentRequirement("nota", before: .firstInput("reactie")))
        ),
        (#"{"document": "nota", "after": {"entered": "open"}}"#, .document(DocumentRequirement("nota", after: .entered("open")))),
        (
            #"{"document": "nota", "before": {"firstInput": ["reactie", "handtekening"]}}"#,
            .document(DocumentRequirement("nota", before: .firstInput(["reactie", "handtekening"])))
        ),
        (
            #"{"document": "nota", "after": {"firstInput": ["reactie"]}}"#,
            .document(DocumentRequirement("nota", after: .firstInput("reactie")))
        ),
        (
            #"{"by": ["pl"], "document": "nota", "before": {"entered": "klaar"}, "after": {"firstInput": "reactie"}}"#,
            .document(DocumentRequirement("nota", by: ["pl"], before: .entered("klaar"), after: .firstInput("reactie")))
        ),
        (
            #"{"verdicts": {"kinds": ["reactie"], "allowed": ["overgenomen", "deels"]}}"#,
            .verdicts(VerdictRequirement(kinds: ["reactie"], allowed: [.overgenomen, .deels]))
        ),
        (
            #"{"verdicts": {"kinds": ["reactie", "handtekening"], "allowed": ["niet-ontvankelijk"], "orGround": {"document": "nota", "by": ["college"], "before": {"entered": "open"}}}}"#,
            .verdicts(
                VerdictRequirement(
                    kinds: ["reactie", "handtekening"], allowed: [.nietOntvankelijk],
                    orGround: DocumentRequirement("nota", by: ["college"], before: .entered("open"))))
        ),
    ]

    /// A requirement that must be refused, the code it gets and the pointer it names.
    static let badRequirementCases: [(json: String, code: Diagnostic.Code, pointer: String)] = [
        (#"{"document": "nota", "by": []}"#, .invalidValue, "/transitions/0/requires/0/by"),
        (#"{"document": "nota", "by": "college"}"#, .wrongType, "/transitions/0/requires/0/by"),
        (#"{"document": "nota", "by": ["wethouder"]}"#, .unknownRole, "/transitions/0/requires/0/by/0"),
        (#"{"document": "nota", "befor": {"entered": "open"}}"#, .unknownKey, "/transitions/0/requires/0/befor"),
        (#"{"document": "nota", "before": {}}"#, .invalidValue, "/transitions/0/requires/0/before"),
        (
            #"{"document": "nota", "before": {"firstInput": "reactie", "entered": "open"}}"#, .invalidValue,
            "/transitions/0/requires/0/before"
        ),
        (#"{"document": "nota", "before": "open"}"#, .wrongType, "/transitions/0/requires/0/before"),
        (#"{"document": "nota", "after": {"entred": "open"}}"#, .unknownKey, "/transitions/0/requires/0/after/entred"),
        (#"{"document": "nota", "before": {"entered": "dicht"}}"#, .unknownState, "/transitions/0/requires/0/before/entered"),
        (#"{"document": "nota", "after": {"firstInput": "brief"}}"#, .unknownInputKind, "/transitions/0/requires/0/after/firstInput"),
        (
            #"{"document": "nota", "after": {"firstInput": ["reactie", "brief"]}}"#, .unknownInputKind,
            "/transitions/0/requires/0/after/firstInput/1"
        ),
        (#"{"document": "nota", "after": {"firstInput": []}}"#, .invalidValue, "/transitions/0/requires/0/after/firstInput"),
        (#"{"document": "nota", "after": {"firstInput": ["reactie", 3]}}"#, .wrongType, "/transitions/0/requires/0/after/firstInput/1"),
        (#"{"document": "nota", "after": {"firstInput": {"kind": "reactie"}}}"#, .wrongType, "/transitions/0/requires/0/after/firstInput"),
        (#"{"reason": true, "by": ["college"]}"#, .unknownKey, "/transitions/0/requires/0/by"),
        (
            #"{"verdicts": {"kinds": ["reactie"], "allowed": ["goedgekeurd"]}}"#, .invalidValue,
            "/transitions/0/requires/0/verdicts/allowed/0"
        ),
        (#"{"verdicts": {"kinds": [], "allowed": ["overgenomen"]}}"#, .invalidValue, "/transitions/0/requires/0/verdicts/kinds"),
        (#"{"verdicts": {"kinds": ["reactie"], "allowed": []}}"#, .invalidValue, "/transitions/0/requires/0/verdicts/allowed"),
        (#"{"verdicts": {"allowed": ["overgenomen"]}}"#, .missingKey, "/transitions/0/requires/0/verdicts"),
        (#"{"verdicts": ["reactie"]}"#, .wrongType, "/transitions/0/requires/0/verdicts"),
        (
            #"{"verdicts": {"kinds": ["brief"], "allowed": ["overgenomen"]}}"#, .unknownInputKind,
            "/transitions/0/requires/0/verdicts/kinds/0"
        ),
        (
            #"{"verdicts": {"kinds": ["reactie"], "allowed": ["overgenomen"], "orGround": {"document": "grond"}}}"#, .unknownDocument,
            "/transitions/0/requires/0/verdicts/orGround/document"
        ),
        (
            #"{"verdicts": {"kinds": ["reactie"], "allowed": ["overgenomen"], "orGround": {"by": ["college"]}}}"#, .missingKey,
            "/transitions/0/requires/0/verdicts/orGround"
        ),
        (
            #"{"verdicts": {"kinds": ["reactie"], "allowed": ["overgenomen"], "orGround": {"document": "nota", "before": {"entered": "dicht"}}}}"#,
            .unknownState, "/transitions/0/requires/0/verdicts/orGround/before/entered"
        ),
        (
            #"{"verdicts": {"kinds": ["reactie"], "allowed": ["overgenomen"], "orGround": {"document": "nota", "until": {}}}}"#,
            .unknownKey,
            "/transitions/0/requires/0/verdicts/orGround/until"
        ),
    ]

    @Test("a bad document, moment or verdicts requirement is refused at its pointer", arguments: badRequirementCases)
    func badRequirement(json: String, code: Diagnostic.Code, pointer: String) throws {
        let found = diagnostics(workflow(requires: "[\(json)]"))
        let diagnostic = try #require(found.first { $0.code == code }, "\(found)")
        #expect(diagnostic.pointer.description == pointer, "\(found)")
        #expect(diagnostic.location != nil)
    }

    @Test("an unknown key in a document requirement is named with a suggestion")
    func documentKeySuggestion() throws {
        let found = diagnostics(workflow(requires: #"[{"document": "nota", "befor": {"entered": "open"}}]"#))
        #expect(found.first?.message.contains("bedoelt u \"before\"") == true, "\(found)")
    }

    @Test("except takes states out of a wildcard; it is refused on a list, empty, or with an unknown state")
    func except() throws {
        let wildcard = workflow().replacingOccurrences(of: #""from": ["open"]"#, with: #""from": "*", "except": ["open"]"#)
        let definition = try decode(wildcard)
        #expect(definition.transitions.first?.from == .anyState)
        #expect(definition.transitions.first?.except == ["open"])
        #expect(definition.sources(of: try #require(definition.transitions.first)).isEmpty)
        #expect(definition.transition(try #require(definition.transitions.first), startsIn: "open") == false)

        let onList = diagnostics(workflow(transitionExtra: #", "except": ["open"]"#))
        #expect(onList.map(\.code) == [.invalidValue])
        #expect(onList.first?.pointer.description == "/transitions/0/except")
        let empty = diagnostics(workflow().replacingOccurrences(of: #""from": ["open"]"#, with: #""from": "*", "except": []"#))
        #expect(empty.map(\.code) == [.invalidValue])
        let unknown = diagnostics(workflow().replacingOccurrences(of: #""from": ["open"]"#, with: #""from": "*", "except": ["dicht"]"#))
        #expect(unknown.map(\.code) == [.unknownState])
        #expect(unknown.first?.pointer.description == "/transitions/0/except/0")
    }

    @Test("a window may name the source of its length, or say it is a model value")
    func windowSource() throws {
        let model = try decode(
            workflow().replacingOccurrences(of: #""startsOn": "nextDay""#, with: #""startsOn": "nextDay", "source": "model""#))
        #expect(model.states["open"]?.window?.isModel == true)
        let cited = try decode(
            workflow().replacingOccurrences(of: #""startsOn": "nextDay""#, with: #""startsOn": "nextDay", "source": "Awb 6:7""#))
        #expect(cited.states["open"]?.window?.source == "Awb 6:7")
        #expect(cited.states["open"]?.window?.isModel == false)
        let blank = diagnostics(
            workflow().replacingOccurrences(of: #""startsOn": "nextDay""#, with: #""startsOn": "nextDay", "source": " ""#))
        #expect(blank.map(\.code) == [.invalidValue])
        #expect(blank.first?.pointer.description == "/states/open/window/source")
    }

    @Test("every requirement kind decodes", arguments: requirementCases)
    func requirementKinds(json: String, expected: Requirement) throws {
        let definition = try decode(workflow(requires: "[\(json)]"))
        #expect(definition.transitions.first?.requires == [expected])
    }

    @Test("the shipped workflows decode with their names intact")
    func shippedWorkflows() throws {
        let inspraak = try TestSupport.shipped("inspraak")
        #expect(inspraak.states.keys == ["voorbereiding", "terInzage", "reactienota", "besloten", "afgerond", "gestopt", "beeindigd"])
        #expect(inspraak.transitions.map(\.name) == ["terInzageLeggen", "inzageSluiten", "besluiten", "afronden", "noodrem", "beeindigen"])
        #expect(inspraak.states["terInzage"]?.window == WindowSpec(length: .weeks(6), startsOn: .entry, rule: .atw))
        #expect(inspraak.transitions.first { $0.name == "noodrem" }?.from == .anyState)
        #expect(inspraak.attributes["impact"]?.required == true)
        let nijmegen = try TestSupport.shipped("nijmegen-participatie")
        #expect(Set(nijmegen.states.values.compactMap(\.phase)) == Set(Phase.allCases))
    }

    @Test("decoding keeps every other field")
    func fields() throws {
        let definition = try decode(workflow(transitionExtra: #", "label": "Besluit""#))
        #expect(definition.roles["pl"] == RoleSpec(label: "Projectleider", decides: false))
        #expect(definition.inputKinds["handtekening"]?.feedback == FeedbackPolicy.none)
        #expect(definition.inputKinds["reactie"]?.answerWithin == .weeks(6))
        #expect(definition.states["open"]?.accepts == ["reactie"])
        #expect(definition.states["klaar"]?.isFinal == true)
        #expect(definition.transitions.first?.decision == true)
        #expect(definition.transitions.first?.label == "Besluit")
        #expect(definition.calendar == .atw)
    }

    @Test("an unknown key is an error with file, line:column, pointer and a suggestion")
    func unknownKey() throws {
        let found = diagnostics(workflow(transitionExtra: #", "requries": []"#))
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.code == .unknownKey)
        #expect(diagnostic.pointer.description == "/transitions/0/requries")
        #expect(diagnostic.location == SourceLocation(line: 16, column: 114))
        #expect(diagnostic.message.contains("bedoelt u \"requires\""))
        #expect(diagnostic.description.hasPrefix("workflows/test.json:16:114: fout: [PK002]"))
    }

    @Test("a wrong type is an error at the value")
    func wrongType() throws {
        let found = diagnostics(
            workflow(transitionExtra: #", "after": "8 weken""#).replacingOccurrences(of: #""by": ["college"], "#, with: ""))
        let diagnostic = try #require(found.first { $0.code == .wrongType })
        #expect(diagnostic.pointer.description == "/transitions/0/after")
        #expect(diagnostic.message == "verwacht een object, gevonden tekst")
    }

    @Test("a missing key is named")
    func missingKey() {
        let text = workflow().replacingOccurrences(of: #""initial": "open","#, with: "")
        #expect(diagnostics(text).map(\.code) == [.missingKey])
        #expect(diagnostics(text).first?.message.contains("initial") == true)
    }

    @Test("a newer formatVersion is refused with a clear message")
    func newerFormatVersion() {
        let found = diagnostics(workflow().replacingOccurrences(of: #""formatVersion": 1"#, with: #""formatVersion": 2"#))
        #expect(found.map(\.code) == [.newerFormatVersion])
        #expect(found.first?.message.contains("Werk participatie bij") == true)
    }

    @Test("invalid JSON is reported with its location")
    func syntax() {
        let found = diagnostics("{\n  \"formatVersion\": 1,\n}")
        #expect(found.map(\.code) == [.syntax])
        #expect(found.first?.location?.line == 3)
    }

    @Test("unknown names are reference errors that point at the name")
    func references() {
        let text = workflow(requires: #"[{"document": "besluit"}, {"windowClosed": "dicht"}]"#)
            .replacingOccurrences(of: #""by": ["college"]"#, with: #""by": ["wethouder"]"#)
            .replacingOccurrences(of: #""accepts": ["reactie"]"#, with: #""accepts": ["zienswijze"]"#)
        let found = diagnostics(text)
        #expect(Set(found.map(\.code)) == [.unknownDocument, .unknownState, .unknownRole, .unknownInputKind])
        #expect(found.contains { $0.pointer.description == "/transitions/0/by/0" && $0.location != nil })
    }

    @Test("bad values are named: phases, terms, timed transitions with by")
    func badValues() {
        #expect(
            diagnostics(workflow().replacingOccurrences(of: #""phase": "denken""#, with: #""phase": "denk""#)).map(\.code) == [
                .invalidValue
            ])
        #expect(
            diagnostics(workflow().replacingOccurrences(of: #""weeks": 6, "startsOn""#, with: #""weeks": 0, "startsOn""#)).map(\.code) == [
                .invalidValue
            ])
        #expect(diagnostics(workflow(transitionExtra: #", "after": {"weeks": 8}"#)).map(\.code) == [.invalidValue])
        #expect(diagnostics(workflow(requires: #"[{"reason": false}]"#)).map(\.code) == [.invalidValue])
    }

    @Test("feedbackReason is kept on a kind without feedback, and refused on a kind that needs an answer")
    func feedbackReason() throws {
        let reason = "Het verzoek als geheel krijgt het besluit."
        let exempt = workflow().replacingOccurrences(
            of: #""feedback": "none" }"#, with: #""feedback": "none", "feedbackReason": "\#(reason)" }"#)
        #expect(try decode(exempt).inputKinds["handtekening"]?.feedbackReason == reason)
        #expect(try decode(workflow()).inputKinds["handtekening"]?.feedbackReason == nil)
        let contradictory = workflow().replacingOccurrences(
            of: #""answerWithin": { "weeks": 6 } }"#, with: #""answerWithin": { "weeks": 6 }, "feedbackReason": "Geen antwoord nodig." }"#)
        let found = diagnostics(contradictory)
        #expect(found.map(\.code) == [.invalidValue])
        #expect(found.first?.pointer.description == "/inputKinds/reactie/feedbackReason")
        #expect(diagnostics(exempt.replacingOccurrences(of: reason, with: " ")).map(\.code) == [.invalidValue])
    }

    @Test("pluralLabel is optional and kept; the kind counts with it, with a regular plural, or in stuks inbreng")
    func pluralLabel() throws {
        let plain = try decode(workflow())
        #expect(plain.inputKinds["reactie"]?.pluralLabel == nil)
        // Without a plural label: the regular plural where it is beyond doubt ("-tie", "-ing").
        #expect(plain.inputKinds["reactie"]?.noun.counted(2) == "2 reacties")
        #expect(plain.inputKinds["handtekening"]?.noun.counted(4000) == "4.000 handtekeningen")
        let irregular = workflow().replacingOccurrences(of: #""label": "Reactie""#, with: #""label": "Voorstel""#)
        #expect(try decode(irregular).inputKinds["reactie"]?.noun.counted(2) == "2 stuks inbreng (voorstel)")
        let given = workflow().replacingOccurrences(
            of: #""label": "Reactie""#, with: #""label": "Voorstel", "pluralLabel": "Voorstellen""#)
        let kind = try #require(try decode(given).inputKinds["reactie"])
        #expect(kind.pluralLabel == "Voorstellen")
        #expect(kind.noun.counted(1) == "1 voorstel")
        #expect(kind.noun.counted(2) == "2 voorstellen")
        // Like every label, it may not be empty or another type.
        let empty = given.replacingOccurrences(of: #""pluralLabel": "Voorstellen""#, with: #""pluralLabel": " ""#)
        #expect(diagnostics(empty).map(\.code) == [.invalidValue])
        #expect(diagnostics(empty).first?.pointer.description == "/inputKinds/reactie/pluralLabel")
        let number = given.replacingOccurrences(of: #""pluralLabel": "Voorstellen""#, with: #""pluralLabel": 2"#)
        #expect(diagnostics(number).first?.pointer.description == "/inputKinds/reactie/pluralLabel")
    }

    @Test("every shipped input kind has a plural label")
    func shippedPluralLabels() throws {
        for name in ShippedWorkflows.names {
            let definition = try TestSupport.shipped(name)
            for (id, kind) in definition.inputKinds {
                #expect(kind.pluralLabel != nil, "\(name): \(id) heeft geen pluralLabel")
            }
        }
    }

    @Test("every problem in a file is reported, not just the first")
    func collectsAll() {
        let text = workflow(transitionExtra: #", "labl": "x""#).replacingOccurrences(
            of: #""title": "Test","#, with: #""title": 5, "titel": "x","#)
        #expect(diagnostics(text).count == 3)
    }
}
