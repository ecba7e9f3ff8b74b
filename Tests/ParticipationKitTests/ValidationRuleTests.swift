import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// A small workflow written out one state and one transition per line, so that a test can
/// find the line and column a diagnostic must point at by looking for a piece of text.
struct FixtureWorkflow: Sendable, CustomStringConvertible {
    var top: [String] = []
    var inputKinds = [#""reactie": {"label": "Reactie", "answerWithin": {"weeks": 4}}"#]
    var roles = [#""projectleider": "Projectleider""#, #""college": "College van B en W""#, #""raad": "Gemeenteraad""#]
    var states = [
        #""start": {"label": "Voorbereiding"}"#,
        #""open": {"label": "Ter inzage", "accepts": ["reactie"], "window": {"weeks": 6}}"#,
        #""nota": {"label": "Reactienota"}"#,
        #""besloten": {"label": "Besloten"}"#,
        #""klaar": {"label": "Klaar", "final": true, "outcome": "vastgesteld"}"#,
    ]
    var transitions = [
        #"{ "name": "openen", "from": ["start"], "to": "open", "by": ["projectleider"], "requires": [{"document": "ontwerp"}] }"#,
        #"{ "name": "sluiten", "from": ["open"], "to": "nota", "by": ["projectleider"], "requires": [{"windowClosed": true}] }"#,
        #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true }"#,
        #"{ "name": "afronden", "from": ["besloten"], "to": "klaar", "by": ["projectleider"] }"#,
    ]

    var text: String {
        var lines = ["{", #"  "formatVersion": 1, "id": "fixture", "version": "1", "title": "Fixture","#]
        lines += top.map { "  \($0)," }
        lines.append(#"  "roles": {"# + roles.joined(separator: ", ") + "},")
        lines.append(#"  "documents": {"ontwerp": "Ontwerp", "besluit": "Besluit", "kaders": "Kaders van de raad"},"#)
        lines.append(#"  "inputKinds": {"#)
        lines.append(inputKinds.map { "    \($0)" }.joined(separator: ",\n"))
        lines.append("  },")
        lines.append(#"  "initial": "start","#)
        lines.append(#"  "states": {"#)
        lines.append(states.map { "    \($0)" }.joined(separator: ",\n"))
        lines.append("  },")
        lines.append(#"  "transitions": ["#)
        lines.append(transitions.map { "    \($0)" }.joined(separator: ",\n"))
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    var description: String { text }

    func file() throws -> WorkflowFile { try WorkflowFile(bytes: Array(text.utf8), file: "fixture.json") }

    /// The line and column where `marker` starts; the marker must occur exactly once.
    func location(of marker: String) -> ParticipationKit.SourceLocation? {
        let lines = text.components(separatedBy: "\n")
        var found: [ParticipationKit.SourceLocation] = []
        for (number, line) in lines.enumerated() {
            var searchStart = line.startIndex
            while let range = line.range(of: marker, range: searchStart..<line.endIndex) {
                found.append(
                    ParticipationKit.SourceLocation(
                        line: number + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1))
                searchStart = range.upperBound
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    func with(_ change: (inout FixtureWorkflow) -> Void) -> FixtureWorkflow {
        var copy = self
        change(&copy)
        return copy
    }
}

/// One rule, a workflow that breaks it and where the finding must point, and a workflow
/// that does not break it.
struct RuleFixture: Sendable, CustomTestStringConvertible {
    var code: Diagnostic.Code
    var severity: Diagnostic.Severity
    var failing: FixtureWorkflow
    /// The JSON Pointer the finding names.
    var pointer: String
    /// Text that starts exactly where the pointer's value starts in the file.
    var marker: String
    /// The counterexample, for the rules that give one.
    var path: [TransitionName]?
    var passing: FixtureWorkflow

    var testDescription: String { "\(code)" }
}

private let base = FixtureWorkflow()

let ruleFixtures: [RuleFixture] = [
    RuleFixture(
        code: .unreachableState, severity: .warning,
        failing: base.with { $0.states.append(#""vergeten": {"label": "Vergeten", "final": true}"#) },
        pointer: "/states/vergeten", marker: #"{"label": "Vergeten""#,
        passing: base.with {
            $0.states.append(#""vergeten": {"label": "Vergeten", "final": true}"#)
            $0.transitions.append(#"{ "name": "vergeten", "from": ["besloten"], "to": "vergeten", "by": ["projectleider"] }"#)
        }),
    RuleFixture(
        code: .cannotFinish, severity: .error,
        failing: base.with {
            $0.states.append(#""lus": {"label": "Lus"}"#)
            $0.transitions.append(#"{ "name": "heen", "from": ["besloten"], "to": "lus", "by": ["projectleider"] }"#)
            $0.transitions.append(#"{ "name": "rond", "from": ["lus"], "to": "lus", "by": ["projectleider"] }"#)
        },
        pointer: "/states/lus", marker: #"{"label": "Lus"}"#, path: ["openen", "sluiten", "besluiten", "heen"],
        passing: base.with {
            $0.states.append(#""lus": {"label": "Lus"}"#)
            $0.transitions.append(#"{ "name": "heen", "from": ["besloten"], "to": "lus", "by": ["projectleider"] }"#)
            $0.transitions.append(#"{ "name": "terug", "from": ["lus"], "to": "besloten", "by": ["projectleider"] }"#)
        }),
    RuleFixture(
        code: .finalStateHasExit, severity: .error,
        failing: base.with {
            $0.transitions.append(#"{ "name": "heropenen", "from": ["klaar"], "to": "besloten", "by": ["college"] }"#)
        },
        pointer: "/transitions/4/from/0", marker: #""klaar"], "to": "besloten""#,
        passing: base.with {
            $0.transitions.append(#"{ "name": "heropenen", "from": ["besloten"], "to": "nota", "by": ["college"] }"#)
        }),
    RuleFixture(
        code: .deadEnd, severity: .error,
        failing: base.with {
            $0.states.append(#""wacht": {"label": "Wacht"}"#)
            $0.transitions.append(#"{ "name": "parkeren", "from": ["nota"], "to": "wacht", "by": ["projectleider"] }"#)
        },
        pointer: "/states/wacht", marker: #"{"label": "Wacht"}"#, path: ["openen", "sluiten", "parkeren"],
        passing: base.with {
            $0.states.append(#""wacht": {"label": "Wacht"}"#)
            $0.transitions.append(#"{ "name": "parkeren", "from": ["nota"], "to": "wacht", "by": ["projectleider"] }"#)
            $0.transitions.append(#"{ "name": "hervatten", "from": ["wacht"], "to": "nota", "by": ["projectleider"] }"#)
        }),
    RuleFixture(
        code: .duplicateTransitionName, severity: .error,
        failing: base.with {
            $0.transitions.append(#"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["raad"], "decision": true }"#)
        },
        pointer: "/transitions/4/name", marker: #""besluiten", "from": ["nota"], "to": "besloten", "by": ["raad"]"#,
        passing: base.with {
            $0.transitions.append(#"{ "name": "besluitenRaad", "from": ["nota"], "to": "besloten", "by": ["raad"], "decision": true }"#)
        }),
    RuleFixture(
        code: .emptyBy, severity: .error,
        failing: base.with {
            $0.transitions[3] = #"{ "name": "afronden", "from": ["besloten"], "to": "klaar", "by": [] }"#
        },
        pointer: "/transitions/3/by", marker: "[] }",
        passing: base.with {
            $0.states.append(#""verlopen": {"label": "Verlopen", "final": true, "outcome": "vastgesteld"}"#)
            $0.transitions.append(#"{ "name": "vervallen", "from": ["besloten"], "to": "verlopen", "after": {"weeks": 2} }"#)
        }),
    RuleFixture(
        code: .windowWithoutClose, severity: .warning,
        failing: base.with {
            $0.transitions[1] =
                #"{ "name": "sluiten", "from": ["open"], "to": "nota", "by": ["projectleider"], "requires": [{"reason": true}] }"#
        },
        pointer: "/states/open/window", marker: #"{"weeks": 6}"#,
        passing: base.with {
            $0.transitions[1] = #"{ "name": "sluiten", "from": ["open"], "to": "nota", "after": {"weeks": 6} }"#
        }),
    RuleFixture(
        code: .inputKindNeverAccepted, severity: .warning,
        failing: base.with { $0.inputKinds.append(#""klacht": {"label": "Klacht"}"#) },
        pointer: "/inputKinds/klacht", marker: #"{"label": "Klacht"}"#,
        passing: base.with {
            $0.inputKinds.append(#""klacht": {"label": "Klacht"}"#)
            $0.states[1] = #""open": {"label": "Ter inzage", "accepts": ["reactie", "klacht"], "window": {"weeks": 6}}"#
        }),
    RuleFixture(
        code: .feedbackExemptWithoutReason, severity: .warning,
        failing: base.with {
            $0.inputKinds.append(#""handtekening": {"label": "Handtekening", "feedback": "none"}"#)
            $0.states[1] = #""open": {"label": "Ter inzage", "accepts": ["reactie", "handtekening"], "window": {"weeks": 6}}"#
        },
        pointer: "/inputKinds/handtekening/feedback", marker: #""none"}"#,
        passing: base.with {
            $0.inputKinds.append(
                #""handtekening": {"label": "Handtekening", "feedback": "none", "feedbackReason": "Het verzoek als geheel krijgt het besluit."}"#
            )
            $0.states[1] = #""open": {"label": "Ter inzage", "accepts": ["reactie", "handtekening"], "window": {"weeks": 6}}"#
        }),
    RuleFixture(
        code: .answerTermTooLong, severity: .warning,
        failing: base.with {
            $0.inputKinds[0] = #""reactie": {"label": "Reactie", "answerWithin": {"weeks": 10}}"#
            $0.states.append(#""verlopen": {"label": "Beslistermijn verlopen"}"#)
            $0.transitions.append(#"{ "name": "termijnVerlopen", "from": ["nota"], "to": "verlopen", "after": {"weeks": 8} }"#)
            $0.transitions.append(
                #"{ "name": "alsnogBesluiten", "from": ["verlopen"], "to": "besloten", "by": ["college"], "decision": true }"#)
        },
        pointer: "/inputKinds/reactie/answerWithin", marker: #"{"weeks": 10}"#,
        passing: base.with {
            $0.inputKinds[0] = #""reactie": {"label": "Reactie", "answerWithin": {"weeks": 6}}"#
            $0.states.append(#""verlopen": {"label": "Beslistermijn verlopen"}"#)
            $0.transitions.append(#"{ "name": "termijnVerlopen", "from": ["nota"], "to": "verlopen", "after": {"weeks": 8} }"#)
            $0.transitions.append(
                #"{ "name": "alsnogBesluiten", "from": ["verlopen"], "to": "besloten", "by": ["college"], "decision": true }"#)
        }),
    RuleFixture(
        code: .windowRequirementWithoutWindow, severity: .error,
        failing: base.with {
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"windowClosed": "start"}] }"#
        },
        pointer: "/transitions/2/requires/0/windowClosed", marker: #""start"}]"#,
        passing: base.with {
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"windowClosed": "open"}] }"#
        }),
    RuleFixture(
        code: .noDecisionReachable, severity: .error,
        failing: base.with {
            $0.states.append(#""evaluatie": {"label": "Evaluatie", "accepts": ["reactie"]}"#)
            $0.transitions[3] = #"{ "name": "afronden", "from": ["besloten"], "to": "evaluatie", "by": ["projectleider"] }"#
            $0.transitions.append(#"{ "name": "evaluatieSluiten", "from": ["evaluatie"], "to": "klaar", "by": ["projectleider"] }"#)
        },
        pointer: "/states/evaluatie/accepts", marker: #"["reactie"]}"#,
        path: ["openen", "sluiten", "besluiten", "afronden", "evaluatieSluiten"],
        passing: base.with {
            $0.states.append(#""evaluatie": {"label": "Evaluatie", "accepts": ["reactie"]}"#)
            $0.transitions[3] = #"{ "name": "afronden", "from": ["besloten"], "to": "evaluatie", "by": ["projectleider"] }"#
            $0.transitions.append(
                #"{ "name": "evaluatieVaststellen", "from": ["evaluatie"], "to": "klaar", "by": ["college"], "decision": true }"#)
        }),
    RuleFixture(
        code: .finalWithoutDecision, severity: .error,
        failing: base.with {
            $0.transitions.append(#"{ "name": "afkorten", "from": ["nota"], "to": "klaar", "by": ["projectleider"] }"#)
        },
        pointer: "/transitions/4", marker: #"{ "name": "afkorten""#, path: ["openen", "sluiten", "afkorten"],
        passing: base.with {
            $0.transitions.append(#"{ "name": "afkorten", "from": ["nota"], "to": "klaar", "by": ["raad"], "decision": true }"#)
        }),
    RuleFixture(
        code: .windowCutShort, severity: .error,
        failing: base.with {
            $0.transitions.append(#"{ "name": "afbreken", "from": ["open"], "to": "nota", "by": ["projectleider"] }"#)
        },
        pointer: "/transitions/4", marker: #"{ "name": "afbreken""#, path: ["openen", "afbreken"],
        passing: base.with {
            $0.transitions.append(
                #"{ "name": "afbreken", "from": ["open"], "to": "nota", "by": ["projectleider"], "requires": [{"reason": true}] }"#)
        }),
    RuleFixture(
        code: .decisionByNonDecidingRole, severity: .warning,
        failing: base.with {
            $0.transitions[2] = #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["projectleider"], "decision": true }"#
        },
        pointer: "/transitions/2/by/0", marker: #""projectleider"], "decision""#, path: ["openen", "sluiten", "besluiten"],
        passing: base.with {
            $0.roles.append(#""wethouder": {"label": "Wethouder", "decides": true}"#)
            $0.transitions[2] = #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["wethouder"], "decision": true }"#
        }),
    RuleFixture(
        code: .highImpactWithoutKaders, severity: .warning,
        failing: base.with { $0.top.append(#""attributes": {"impact": {"values": ["laag", "hoog"], "required": true}}"#) },
        pointer: "/transitions/0", marker: #"{ "name": "openen""#, path: ["openen"],
        passing: base.with {
            $0.top.append(#""attributes": {"impact": {"values": ["laag", "hoog"], "required": true}}"#)
            $0.transitions[0] =
                #"{ "name": "openen", "from": ["start"], "to": "open", "by": ["projectleider"], "requires": [{"when": {"attribute": "impact", "equals": "hoog"}, "require": {"document": "kaders"}}] }"#
        }),
    RuleFixture(
        code: .requirementNeverMet, severity: .error,
        failing: base.with {
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"document": "besluit", "after": {"entered": "besloten"}}] }"#
        },
        pointer: "/transitions/2/requires/0/after/entered", marker: #""besloten"}}]"#, path: ["openen", "sluiten"],
        passing: base.with {
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"document": "besluit", "after": {"entered": "open"}}] }"#
        }),
    RuleFixture(
        code: .budgetAttributeNotAmount, severity: .error,
        failing: base.with {
            $0.top = [#""attributes": {"budget": {"label": "Budget van de kern", "required": true}}"#]
            $0.inputKinds = [#""reactie": {"label": "Reactie", "answerWithin": {"weeks": 4}, "amount": "required"}"#]
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"withinBudget": {"attribute": "budget"}}] }"#
        },
        pointer: "/transitions/2/requires/0/withinBudget/attribute", marker: #""budget"}}]"#,
        passing: base.with {
            $0.top = [#""attributes": {"budget": {"label": "Budget van de kern", "type": "amount", "required": true}}"#]
            $0.inputKinds = [#""reactie": {"label": "Reactie", "answerWithin": {"weeks": 4}, "amount": "required"}"#]
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"withinBudget": {"attribute": "budget"}}] }"#
        }),
    RuleFixture(
        code: .budgetWithoutAmounts, severity: .error,
        failing: base.with {
            $0.top = [#""attributes": {"budget": {"label": "Budget van de kern", "type": "amount", "required": true}}"#]
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"withinBudget": {"attribute": "budget"}}] }"#
        },
        pointer: "/transitions/2/requires/0/withinBudget", marker: #"{"attribute": "budget"}}]"#,
        passing: base.with {
            $0.top = [#""attributes": {"budget": {"label": "Budget van de kern", "type": "amount", "required": true}}"#]
            $0.inputKinds = [#""reactie": {"label": "Reactie", "answerWithin": {"weeks": 4}, "amount": "optional"}"#]
            $0.transitions[2] =
                #"{ "name": "besluiten", "from": ["nota"], "to": "besloten", "by": ["college"], "decision": true, "requires": [{"withinBudget": {"attribute": "budget"}}] }"#
        }),
]

@Suite("Validation rules")
struct ValidationRuleTests {
    @Test("the base fixture is clean, also with --strict")
    func baseIsClean() throws {
        let found = WorkflowValidator.diagnostics(for: try base.file())
        #expect(found == [])
    }

    @Test("a workflow that breaks the rule gets the finding, with its place and path", arguments: ruleFixtures)
    func failing(_ fixture: RuleFixture) throws {
        let found = WorkflowValidator.diagnostics(for: try fixture.failing.file()).filter { $0.code == fixture.code }
        #expect(found.count == 1, "\(found)")
        let diagnostic = try #require(found.first)
        #expect(diagnostic.severity == fixture.severity)
        #expect(diagnostic.pointer.description == fixture.pointer)
        let expected = try #require(fixture.failing.location(of: fixture.marker), "marker \(fixture.marker) must occur once")
        #expect(diagnostic.location == expected)
        #expect(diagnostic.file == "fixture.json")
        #expect(diagnostic.path == fixture.path)
        if let path = fixture.path {
            #expect(diagnostic.message.hasPrefix(path.map(\.rawValue).joined(separator: " → ") + ": "))
        }
    }

    @Test("a workflow that keeps the rule does not get it", arguments: ruleFixtures)
    func passing(_ fixture: RuleFixture) throws {
        let found = WorkflowValidator.diagnostics(for: try fixture.passing.file())
        #expect(!found.contains { $0.code == fixture.code }, "\(found)")
    }

    @Test("every code of every rule has a fixture")
    func everyRuleCovered() {
        let covered = Set(ruleFixtures.map(\.code))
        for rule in WorkflowValidator.rules {
            for code in rule.codes { #expect(covered.contains(code), "\(code) heeft geen fixture") }
        }
    }

    @Test("the message of a counterexample reads like the issue's example")
    func finalWithoutDecisionMessage() throws {
        let fixture = try #require(ruleFixtures.first { $0.code == .finalWithoutDecision })
        let diagnostic = try #require(
            WorkflowValidator.diagnostics(for: try fixture.failing.file()).first { $0.code == .finalWithoutDecision })
        #expect(diagnostic.message.hasPrefix("openen → sluiten → afkorten: inbreng uit 'open' bereikt eindtoestand 'klaar' zonder besluit"))
        #expect(
            diagnostic.description.hasPrefix("fixture.json:\(diagnostic.location?.line ?? 0):5: fout: [PK031] openen → sluiten → afkorten"))
    }

    @Test("a window may be left early when every option of anyOf waits or gives a reason, not when a when might not apply")
    func windowGuarantees() throws {
        let anyOf = base.with {
            $0.transitions.append(
                #"{ "name": "afbreken", "from": ["open"], "to": "nota", "by": ["raad"], "requires": [{"anyOf": [{"reason": true}, {"windowClosed": true}]}] }"#
            )
        }
        let anyOfFound = WorkflowValidator.diagnostics(for: try anyOf.file())
        #expect(!anyOfFound.contains { $0.code == .windowCutShort })
        let partial = base.with {
            $0.transitions.append(
                #"{ "name": "afbreken", "from": ["open"], "to": "nota", "by": ["raad"], "requires": [{"anyOf": [{"reason": true}, {"document": "besluit"}]}] }"#
            )
        }
        let partialFound = WorkflowValidator.diagnostics(for: try partial.file())
        #expect(partialFound.contains { $0.code == .windowCutShort })
        let conditional = base.with {
            $0.top.append(#""attributes": {"impact": {"values": ["laag", "hoog"]}}"#)
            $0.transitions[0] =
                #"{ "name": "openen", "from": ["start"], "to": "open", "by": ["projectleider"], "requires": [{"when": {"attribute": "impact", "equals": "hoog"}, "require": {"document": "kaders"}}] }"#
            $0.transitions.append(
                #"{ "name": "afbreken", "from": ["open"], "to": "nota", "by": ["raad"], "requires": [{"when": {"attribute": "impact", "equals": "hoog"}, "require": {"reason": true}}] }"#
            )
        }
        let conditionalFound = WorkflowValidator.diagnostics(for: try conditional.file())
        #expect(conditionalFound.contains { $0.code == .windowCutShort })
        let tooSoon = base.with {
            $0.transitions.append(#"{ "name": "vanzelf", "from": ["open"], "to": "nota", "after": {"weeks": 5} }"#)
        }
        let tooSoonFound = WorkflowValidator.diagnostics(for: try tooSoon.file())
        #expect(tooSoonFound.contains { $0.code == .windowCutShort })
    }

    @Test("a timed transition that also waits for an elapsed term bounds the decision by that term")
    func answerTermWithElapsed() throws {
        let waiting = base.with {
            $0.inputKinds[0] = #""reactie": {"label": "Reactie", "answerWithin": {"weeks": 8}}"#
            $0.states.append(#""verlopen": {"label": "Beslistermijn verlopen"}"#)
            $0.transitions.append(
                #"{ "name": "termijnVerlopen", "from": ["nota"], "to": "verlopen", "after": {"days": 1}, "requires": [{"elapsed": {"months": 6}, "since": "start"}] }"#
            )
            $0.transitions.append(
                #"{ "name": "alsnogBesluiten", "from": ["verlopen"], "to": "besloten", "by": ["college"], "decision": true }"#)
        }
        let found = WorkflowValidator.diagnostics(for: try waiting.file())
        #expect(!found.contains { $0.code == .answerTermTooLong }, "\(found)")
        let short = waiting.with {
            $0.transitions[4] =
                #"{ "name": "termijnVerlopen", "from": ["nota"], "to": "verlopen", "after": {"days": 1}, "requires": [{"elapsed": {"weeks": 4}, "since": "start"}] }"#
        }
        let shortFound = WorkflowValidator.diagnostics(for: try short.file())
        #expect(shortFound.contains { $0.code == .answerTermTooLong }, "\(shortFound)")
    }

    @Test("inputs after a noodrem need no decision, and a noodrem into participation needs no kaders")
    func noodremExemptions() throws {
        let braked = base.with {
            $0.top.append(#""attributes": {"impact": {"values": ["laag", "hoog"]}}"#)
            $0.transitions[0] =
                #"{ "name": "openen", "from": ["start"], "to": "open", "by": ["projectleider"], "requires": [{"when": {"attribute": "impact", "equals": "hoog"}, "require": {"document": "kaders"}}] }"#
            $0.states.append(#""gestopt": {"label": "Gestopt", "accepts": ["reactie"]}"#)
            $0.states.append(#""beeindigd": {"label": "Beëindigd", "final": true, "outcome": "gestopt"}"#)
            $0.transitions.append(#"{ "name": "noodrem", "from": "*", "to": "gestopt", "by": ["raad"], "requires": [{"reason": true}] }"#)
            $0.transitions.append(#"{ "name": "beeindigen", "from": ["gestopt"], "to": "beeindigd", "by": ["projectleider"] }"#)
        }
        let brakedFound = WorkflowValidator.diagnostics(for: try braked.file())
        #expect(brakedFound == [])
        // The same brake without a reason cuts the consultation short.
        let careless = braked.with {
            $0.transitions[4] = #"{ "name": "noodrem", "from": "*", "to": "gestopt", "by": ["raad"] }"#
        }
        let cut = WorkflowValidator.diagnostics(for: try careless.file()).filter { $0.code == .windowCutShort }
        #expect(cut.map(\.path) == [["openen", "noodrem"]])
    }

    @Test("a noodrem-like exit into a final state that is not gestopt is caught")
    func stoppedOutcomeMatters() throws {
        let fake = base.with {
            $0.states.append(#""ingetrokken": {"label": "Ingetrokken", "final": true, "outcome": "ingetrokken"}"#)
            $0.transitions.append(
                #"{ "name": "intrekken", "from": "*", "to": "ingetrokken", "by": ["raad"], "requires": [{"reason": true}] }"#)
        }
        let found = WorkflowValidator.diagnostics(for: try fake.file()).filter { $0.code == .finalWithoutDecision }
        #expect(found.map(\.path) == [["openen", "intrekken"]])
    }

    @Test("every shipped workflow is clean with --strict: no errors and no warnings", arguments: ShippedWorkflows.names)
    func shippedStrict(name: String) throws {
        let found = WorkflowValidator.diagnostics(for: try TestSupport.shippedFile(name))
        #expect(found == [])
    }

    @Test("findings are listed errors first, and as JSON with their path")
    func ordering() throws {
        let messy = base.with {
            $0.inputKinds.append(#""klacht": {"label": "Klacht"}"#)
            $0.transitions.append(#"{ "name": "afkorten", "from": ["nota"], "to": "klaar", "by": ["projectleider"] }"#)
        }
        let found = WorkflowValidator.diagnostics(for: try messy.file())
        #expect(found.map(\.code) == [.finalWithoutDecision, .inputKindNeverAccepted])
        let json = String(decoding: try JSONEncoderForTests.encode(found[0]), as: UTF8.self)
        #expect(json.contains(#""path":["openen","sluiten","afkorten"]"#))
        #expect(json.contains(#""code":"PK031""#))
    }
}

enum JSONEncoderForTests {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
