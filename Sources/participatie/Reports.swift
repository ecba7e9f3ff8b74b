import Foundation
import ParticipationKit

/// The status of a process, as printed by `status` (text) or `status --format json`.
struct StatusReport: Encodable {
    struct Window: Encodable {
        var end: String
        var closed: Bool
        var explanation: String
    }

    struct Counts: Encodable {
        var inputs: Int
        var needingFeedback: Int
        var answered: Int
        var sent: Int
        var late: Int
        var outOfScope: Int
        var withdrawn: Int
        var exempt: Int
        /// Inputs whose writer's contact details were erased (AVG).
        var redacted: Int
    }

    struct Blocker: Encodable {
        var code: String
        var message: String
        var ids: [String]
    }

    struct Option: Encodable {
        var name: String
        var label: String
        var to: String
        var toLabel: String
        var roles: [String]
        var decision: Bool
        var timed: Bool
        var firesOn: String?
        var needsReason: Bool
        var possible: Bool
        var blockers: [Blocker]
    }

    struct Extension: Encodable {
        var state: String
        var days: Int
        var reason: String
        var newEnd: String
        var by: String
    }

    var formatVersion = 1
    var process: String
    var title: String
    var workflow: String
    var workflowVersion: String
    var state: String
    var stateLabel: String
    var phase: String?
    var level: String?
    var isFinal: Bool
    var outcome: String?
    var window: Window?
    var counts: Counts
    var transitions: [Option]
    var extensions: [Extension]
    /// SHA-256 of the participatieplan, if one is attached, and whether it was complete.
    var planDigest: String?
    var planComplete: Bool
    var lastSeq: UInt64

    init(state: ProcessState, engine: ProcessEngine, today: CivilDate) {
        let definition = engine.definition
        let spec = definition.states[state.current]
        process = state.id.rawValue
        title = state.title
        workflow = state.workflow.rawValue
        workflowVersion = state.workflowVersion
        self.state = state.current.rawValue
        stateLabel = spec?.label ?? state.current.rawValue
        phase = spec?.phase?.rawValue
        level = spec?.level?.rawValue
        isFinal = state.isFinal
        outcome = state.outcome
        window = state.window.map { Window(end: $0.end.iso, closed: today > $0.end, explanation: $0.explanation) }
        let c = state.counts
        counts = Counts(
            inputs: c.total, needingFeedback: c.needingFeedback, answered: c.answered, sent: c.sent, late: c.late,
            outOfScope: c.outOfScope, withdrawn: c.withdrawn, exempt: c.exempt, redacted: state.redactedInputs.count)
        transitions = state.isFinal
            ? []
            : definition.transitions(from: state.current).map { transition in
                let blockers = engine.blockers(of: transition, in: state, today: today, reason: "—")
                let needsReason = definition.effectiveRequirements(of: transition).contains(.reason)
                return Option(
                    name: transition.name.rawValue, label: engine.label(of: transition), to: transition.to.rawValue,
                    toLabel: definition.states[transition.to]?.label ?? transition.to.rawValue, roles: transition.by.map(\.rawValue),
                    decision: transition.decision, timed: transition.isTimed,
                    firesOn: transition.isTimed ? engine.timedDue(transition, in: state)?.iso : nil, needsReason: needsReason,
                    possible: blockers.isEmpty,
                    blockers: blockers.map { Blocker(code: $0.code.rawValue, message: $0.message, ids: $0.ids) })
            }
        extensions = state.extensions.map {
            Extension(state: $0.state.rawValue, days: $0.days, reason: $0.reason, newEnd: $0.newEnd.iso, by: $0.by.description)
        }
        planDigest = state.planDigest
        planComplete = state.planComplete
        lastSeq = state.lastSeq
    }

    /// The text a person reads in the terminal.
    var text: String {
        var lines: [String] = []
        lines.append("Proces \(process): \(title)")
        lines.append("Werkstroom: \(workflow) \(workflowVersion)")
        var where_ = "Toestand: \(stateLabel) (\(state))"
        if let phase { where_ += " · fase \(phase)" }
        if let level { where_ += " · \(level)" }
        lines.append(where_)
        if isFinal { lines.append("Afgesloten met uitkomst: \(outcome ?? "-")") }
        if let planDigest {
            lines.append("Participatieplan: \(planComplete ? "compleet" : "NIET compleet") (SHA-256 \(planDigest))")
        }
        if let window {
            let end = CivilDate(window.end).map(\.longDescription) ?? window.end
            lines.append("Termijn: tot en met \(end)\(window.closed ? " (verstreken)" : "")")
            lines.append("  \(window.explanation)")
        }
        for item in extensions {
            lines.append("Verdaagd met \(item.days) dagen door \(item.by): \(item.reason)")
        }
        let c = counts
        lines.append(
            "Inbreng: \(c.inputs) · beantwoord \(c.answered) van \(c.needingFeedback) · verstuurd \(c.sent) van \(c.needingFeedback)"
                + " · te laat \(c.late) · buiten reikwijdte \(c.outOfScope) · ingetrokken \(c.withdrawn)"
                + (c.exempt > 0 ? " · zonder antwoordplicht \(c.exempt)" : "")
                + (c.redacted > 0 ? " · persoonsgegevens verwijderd \(c.redacted)" : ""))
        if !transitions.isEmpty {
            lines.append("Mogelijke stappen:")
            for option in transitions {
                var head = "  \(option.name) → \(option.toLabel)"
                if option.timed {
                    head += " (gaat vanzelf\(option.firesOn.flatMap(CivilDate.init).map { " op \($0.longDescription)" } ?? ""))"
                } else {
                    head += " (door \(option.roles.joined(separator: " of ")))"
                }
                if option.decision { head += " [besluit]" }
                head += option.possible ? ": kan" + (option.needsReason ? ", met motivering (--reason)" : "") : ": kan nog niet"
                lines.append(head)
                for blocker in option.blockers { lines.append("      - \(blocker.message)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// One registered input, for `input add --format json`.
struct InputReport: Encodable {
    var input: String
    var kind: String
    var received: String
    var late: Bool
    var outOfScope: Bool
    var needsFeedback: Bool
    var answerDue: String?
    var seq: UInt64

    init(_ received: InputReceived, seq: UInt64) {
        input = received.input.rawValue
        kind = received.kind.rawValue
        self.received = received.received.iso
        late = received.late
        outOfScope = received.outOfScope
        needsFeedback = received.needsFeedback
        answerDue = received.answerDue?.iso
        self.seq = seq
    }
}
