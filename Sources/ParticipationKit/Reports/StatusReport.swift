import Foundation

/// The status of a process at a glance: where it stands, its term, the counts and what still
/// holds back each next step. `participatie status` prints it as text or JSON; a portal can
/// show the same.
public struct StatusReport: Encodable, Hashable, Sendable {
    public struct Window: Encodable, Hashable, Sendable {
        public var end: String
        public var closed: Bool
        public var explanation: String
        /// Where the length comes from, or `model` for a length no source sets.
        public var source: String?
    }

    public struct Counts: Encodable, Hashable, Sendable {
        public var inputs: Int
        public var needingFeedback: Int
        public var answered: Int
        public var sent: Int
        public var late: Int
        /// Received before the window that accepts their kind opened.
        public var early: Int
        public var outOfScope: Int
        public var withdrawn: Int
        public var exempt: Int
        /// Inputs whose writer's contact details were erased (AVG).
        public var redacted: Int
        /// The points of inputs with points (each needs its own answer, and is counted in
        /// ``needingFeedback``); `nil` when no input has points.
        public var points: Int? = nil
    }

    /// How the inputs of a kind that a threshold (`atLeast`) counts are counted.
    public struct Tally: Encodable, Hashable, Sendable {
        public var kind: String
        public var label: String
        /// The threshold, the highest if the workflow has several.
        public var threshold: Int
        public var counted: Int
        public var notCounted: Int
        public var early: Int
        public var late: Int
        public var outOfScope: Int
        public var withdrawn: Int
        /// `3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat`.
        public var summary: String
    }

    /// A budget that the grants must stay within (`withinBudget`): how much there is, how much
    /// was asked for and how much the current answers grant. Amounts in whole cents.
    public struct Budget: Encodable, Hashable, Sendable {
        public var attribute: String
        public var label: String
        /// `nil` when the attribute was not given.
        public var budget: Int?
        public var requested: Int
        public var granted: Int
        /// `Budget van de kern: € 40.000,00 · gevraagd € 42.500,00 · toegekend € 40.000,00 · over € 0,00`.
        public var summary: String
    }

    public struct Blocker: Encodable, Hashable, Sendable {
        public var code: String
        public var message: String
        public var ids: [String]
    }

    public struct Option: Encodable, Hashable, Sendable {
        public var name: String
        public var label: String
        public var to: String
        public var toLabel: String
        public var roles: [String]
        public var decision: Bool
        public var timed: Bool
        public var firesOn: String?
        /// For a timed transition without ``firesOn``: `notStarted` while its term has not
        /// started, `met` when the term was met and it will not fire; `nil` otherwise.
        public var timedWait: String? = nil
        public var needsReason: Bool
        public var possible: Bool
        public var blockers: [Blocker]
    }

    public struct Extension: Encodable, Hashable, Sendable {
        public var state: String
        public var days: Int
        public var reason: String
        public var newEnd: String
        public var by: String
        /// The named term that was extended; `nil` for the window of `state`.
        public var term: String? = nil
        /// The term's label, with `term`.
        public var termLabel: String? = nil
        /// The legal ground the extension named, with `term`.
        public var basis: String? = nil
    }

    /// A named term of the workflow (`"terms"`), such as the beslistermijn.
    public struct Term: Encodable, Hashable, Sendable {
        public var name: String
        public var label: String
        /// The day it runs from, ISO 8601; `nil` while that has not happened.
        public var start: String?
        /// Its last day after every extension, ISO 8601; `nil` while it has not started.
        public var end: String?
        /// Whether the last day has passed.
        public var overdue: Bool
        public var source: String?
        /// One sentence: what it is, from when, until when, and why.
        public var summary: String
    }

    /// A document in the dossier: its own date (when it has one) beside the day it was added.
    public struct Document: Encodable, Hashable, Sendable {
        public var kind: String
        public var label: String
        public var reference: String
        /// The document's own legal date (`document add --date`), ISO 8601.
        public var date: String?
        /// The day it was added to the process, ISO 8601.
        public var added: String
        public var by: String
    }

    /// An input kind the current state accepts (others are registered too, but flagged).
    public struct AcceptedKind: Encodable, Hashable, Sendable {
        public var kind: String
        public var label: String
    }

    public var formatVersion = 1
    public var process: String
    public var title: String
    public var workflow: String
    public var workflowVersion: String
    public var state: String
    public var stateLabel: String
    public var phase: String?
    public var level: String?
    public var isFinal: Bool
    public var outcome: String?
    public var window: Window?
    public var counts: Counts
    /// For each kind of input a threshold counts: how many count and why the others do not.
    public var tallies: [Tally]
    /// The budgets of the workflow's `withinBudget` requirements; `nil` when it has none.
    public var budgets: [Budget]?
    /// The input kinds the current state accepts; empty when it accepts none.
    public var accepts: [AcceptedKind]
    /// Open inputs per behandelaar (owner), and those without one.
    public var workload: OwnerWorkload
    public var transitions: [Option]
    public var extensions: [Extension]
    /// The named terms of the workflow, started or not; empty when it has none.
    public var terms: [Term]
    /// Every document attached, in the order they were added.
    public var documents: [Document]
    /// SHA-256 of the participatieplan, if one is attached, and whether it was complete.
    public var planDigest: String?
    public var planComplete: Bool
    public var lastSeq: UInt64

    public init(state: ProcessState, engine: ProcessEngine, today: CivilDate) {
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
        let windowSource = spec?.window?.source
        window = state.window.map {
            Window(end: $0.end.iso, closed: today > $0.end, explanation: $0.explanation, source: windowSource)
        }
        documents = state.documents.map {
            Document(
                kind: $0.kind.rawValue, label: definition.documents[$0.kind] ?? $0.kind.rawValue, reference: $0.reference,
                date: $0.date?.iso, added: CivilDate(amsterdam: $0.at).iso, by: $0.by.description)
        }
        accepts = (spec?.accepts ?? []).map { AcceptedKind(kind: $0.rawValue, label: definition.inputKinds[$0]?.label ?? $0.rawValue) }
        workload = OwnerWorkload(state: state, today: today)
        let c = state.counts
        counts = Counts(
            inputs: c.total, needingFeedback: c.needingFeedback, answered: c.answered, sent: c.sent, late: c.late, early: c.early,
            outOfScope: c.outOfScope, withdrawn: c.withdrawn, exempt: c.exempt, redacted: state.redactedCount,
            points: c.points > 0 ? c.points : nil)
        var thresholds: [(kind: InputKindID, count: Int)] = []
        for (requirement, _) in definition.requirementsWithPointers() {
            guard case .atLeast(let kind, let count) = requirement else { continue }
            if let index = thresholds.firstIndex(where: { $0.kind == kind }) {
                thresholds[index].count = max(thresholds[index].count, count)
            } else {
                thresholds.append((kind, count))
            }
        }
        tallies = thresholds.map { kind, count in
            let tally = state.tally(of: kind)
            return Tally(
                kind: kind.rawValue, label: definition.inputKinds[kind]?.label ?? kind.rawValue, threshold: count,
                counted: tally.counted, notCounted: tally.notCounted, early: tally.early, late: tally.late,
                outOfScope: tally.outOfScope, withdrawn: tally.withdrawn, summary: tally.description)
        }
        transitions =
            state.isFinal
            ? []
            : definition.transitions(from: state.current).map { transition in
                var blockers = engine.blockers(of: transition, in: state, today: today, reason: "—")
                // A timed transition without a day to fire on does not happen by itself yet (or ever).
                let wait = engine.timedWait(transition, in: state)
                if let wait { blockers.append(Refusal.Reason(.timedTransition, wait.message)) }
                let needsReason = definition.effectiveRequirements(of: transition).contains(.reason)
                return Option(
                    name: transition.name.rawValue, label: engine.label(of: transition), to: transition.to.rawValue,
                    toLabel: definition.states[transition.to]?.label ?? transition.to.rawValue, roles: transition.by.map(\.rawValue),
                    decision: transition.decision, timed: transition.isTimed,
                    firesOn: transition.isTimed ? engine.timedDue(transition, in: state)?.iso : nil,
                    timedWait: wait.map { $0.started ? "met" : "notStarted" }, needsReason: needsReason,
                    possible: blockers.isEmpty,
                    blockers: blockers.map { Blocker(code: $0.code.rawValue, message: $0.message, ids: $0.ids) })
            }
        extensions = state.extensions.map {
            Extension(
                state: $0.state.rawValue, days: $0.days, reason: $0.reason, newEnd: $0.newEnd.iso, by: $0.by.description,
                term: $0.term?.rawValue, termLabel: $0.term.map(engine.termLabel), basis: $0.basis)
        }
        terms = engine.termStatuses(in: state).map {
            Term(
                name: $0.name.rawValue, label: $0.spec.label, start: $0.start?.iso, end: $0.end?.iso,
                overdue: !state.isFinal && $0.isOverdue(on: today), source: $0.spec.source, summary: $0.summary)
        }
        planDigest = state.planDigest
        planComplete = state.planComplete
        lastSeq = state.lastSeq
        let budgetAttributes = engine.budgetAttributes
        if budgetAttributes.isEmpty {
            budgets = nil
        } else {
            let granted = state.grantedTotal(excluding: [])
            let requested = state.inputs.reduce(0) { $0 + ($1.isWithdrawn ? 0 : $1.requestedAmount ?? 0) }
            budgets = budgetAttributes.map { attribute in
                let label = definition.attributes[attribute]?.label ?? attribute.rawValue
                let budget = state.attributes[attribute].flatMap(EuroAmount.cents(stored:))
                var summary = "\(label): \(budget.map { EuroAmount.format(cents: $0) } ?? "niet gegeven")"
                summary += " · gevraagd \(EuroAmount.format(cents: requested)) · toegekend \(EuroAmount.format(cents: granted))"
                if let budget { summary += " · nog vrij \(EuroAmount.format(cents: budget - granted))" }
                return Budget(
                    attribute: attribute.rawValue, label: label, budget: budget, requested: requested, granted: granted, summary: summary)
            }
        }
    }

    /// The text a person reads, in Dutch.
    ///
    /// - Parameter hint: Words to add to a step that is possible, such as how to give the
    ///   motivation it needs in the program that shows it (`participatie` adds `--reason`).
    public func text(hint: (Option) -> String? = { _ in nil }) -> String {
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
            if let source = window.source {
                lines.append(
                    source == WindowSpec.modelSource
                        ? "  De lengte van deze termijn is een voorbeeld; de eigen verordening van de gemeente bepaalt hem."
                        : "  Bron van deze termijn: \(source)")
            }
        }
        for term in terms {
            lines.append(term.summary + (term.overdue ? " Verstreken." : ""))
        }
        for item in extensions {
            if let label = item.termLabel {
                let basis = item.basis.map { " (\($0))" } ?? ""
                lines.append("\(label) verlengd met \(DutchNoun.dag.counted(item.days)) door \(item.by)\(basis): \(item.reason)")
            } else {
                lines.append("Verdaagd met \(DutchNoun.dag.counted(item.days)) door \(item.by): \(item.reason)")
            }
        }
        let c = counts
        lines.append(
            "Inbreng: \(c.inputs)\(c.points.map { " (met \(ProcessEngine.pointNoun.counted($0)))" } ?? "") · beantwoord \(c.answered) van \(c.needingFeedback) · verstuurd \(c.sent) van \(c.needingFeedback)"
                + (c.early > 0 ? " · te vroeg \(c.early)" : "")
                + " · te laat \(c.late) · buiten reikwijdte \(c.outOfScope) · ingetrokken \(c.withdrawn)"
                + (c.exempt > 0 ? " · zonder antwoordplicht \(c.exempt)" : "")
                + (c.redacted > 0 ? " · persoonsgegevens verwijderd \(c.redacted)" : ""))
        lines += workload.lines
        // A threshold of one (an advice, a challenge) says nothing a reader needs, unless some did not count.
        for tally in tallies where tally.threshold > 1 || tally.notCounted > 0 {
            lines.append("Telling \(tally.label.lowercased()) (nodig \(DutchNumber.format(tally.threshold))): \(tally.summary)")
        }
        for budget in budgets ?? [] { lines.append(budget.summary) }
        if !documents.isEmpty {
            lines.append("Documenten:")
            for document in documents {
                let added = CivilDate(document.added).map(\.description) ?? document.added
                let dated = document.date.flatMap(CivilDate.init).map { "gedateerd \($0), " } ?? ""
                lines.append(
                    "  \(document.label) (\(document.kind)): \(document.reference) — \(dated)toegevoegd \(added) door \(document.by)")
            }
        }
        if !isFinal {
            lines.append(
                accepts.isEmpty
                    ? "Neemt nu geen inbreng aan (wat toch binnenkomt, wordt geregistreerd en gemarkeerd)."
                    : "Neemt nu aan: " + accepts.map { "\($0.label) (\($0.kind))" }.joined(separator: ", ") + ".")
        }
        if !transitions.isEmpty {
            lines.append("Mogelijke stappen:")
            for option in transitions {
                var head = "  \(option.label) (\(option.name)) → \(option.toLabel)"
                if option.timedWait == "met" {
                    head += " (gaat vanzelf na de termijn)"
                } else if option.timedWait == "notStarted" {
                    head += " (gaat vanzelf zodra de termijn loopt)"
                } else if option.timed {
                    head += " (gaat vanzelf\(option.firesOn.flatMap(CivilDate.init).map { " op \($0.longDescription)" } ?? ""))"
                } else {
                    head += " (door \(option.roles.joined(separator: " of ")))"
                }
                if option.decision { head += " [besluit]" }
                if option.possible {
                    head += ": kan" + (option.needsReason ? ", met motivering" : "")
                } else {
                    head += option.timedWait == "met" ? ": gebeurt niet" : ": kan nog niet"
                }
                if option.possible, let extra = hint(option) { head += " (\(extra))" }
                lines.append(head)
                for blocker in option.blockers { lines.append("      - \(blocker.message)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
