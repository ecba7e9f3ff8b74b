import Foundation

/// The audit for the raad: per process, did every input get an answer before each decision,
/// and what kind of answer — read from the journal, never assumed.
///
/// ``build(processes:head:verified:asOf:year:names:)`` is pure: the caller (the CLI) reads the
/// store and passes the states, their definitions, the journal head and whether `verify`
/// passed. The value is the JSON model (`formatVersion: 1`); ``document`` is the same audit as
/// a ``ReportDocument`` for text, Markdown, HTML and CSV.
///
/// Definitions (also printed in the report under "Zo is geteld"):
/// - **Reactie**: an input that needs feedback (not withdrawn, its kind requires feedback).
/// - **Over tijd** (overdue): a reactie with an `answerDue` day (from the kind's `answerWithin`)
///   whose writer had no answer by that day: either still waiting on `asOf`
///   (``InputRecord/isOverdue(on:)``: no answer, or one not yet sent), or the answer was sent
///   after the due day.
/// - **Dagen tot antwoord**: from `received` to the Amsterdam day of the *first* feedback; the
///   median over all answered reacties, and the worst (longest).
/// - **Standaardantwoord**: a current motivation shared word for word — after lowercasing and
///   collapsing whitespace — by at least ``standardAnswerMinimum`` inputs of one process.
/// - **Raad involvement** (Tienpuntenplan point 10) in year Y: in that year the journal shows a
///   transition fired by role `raad` (a decision, agendering, noodrem…), a document or feedback
///   recorded by role `raad`, or a `kaders` document (the raad's conditions) attached by anyone.
/// - **Beyond denken**: the process entered a state in phase besluiten, doen or leren on or
///   before 31 December of Y.
/// - **Active in Y**: started on or before 31 December of Y and not final before 1 January of Y.
public struct AuditReport: Encodable, Sendable {
    /// How many inputs must share one motivation before it counts as a standaardantwoord.
    public static let standardAnswerMinimum = 2
    /// The role whose acts count as raad involvement.
    public static let raadRole: RoleID = "raad"
    /// The document kind of the raad's conditions (kaders); attaching one counts as raad involvement.
    public static let kadersDocument: DocumentKindID = "kaders"
    /// Phases that count as "beyond denken" for point 10.
    public static let phasesBeyondDenken: Set<Phase> = [.besluiten, .doen, .leren]

    public var formatVersion = 1
    /// The day the audit is about ("today").
    public var generated: CivilDate
    /// Whether writers' names were asked for (`--with-names`).
    public var withNames: Bool
    public var journal: JournalHead
    /// The answer first, one line per process in ``processes``: was every input answered before
    /// every decision, and were the answers sent — with the ids when not.
    public var atAGlance: [Glance]
    /// The processes audited. With a year: only those with a decision taken in that year, each
    /// with only the decisions of that year.
    public var processes: [ProcessAudit]
    /// Present with `--year`.
    public var year: YearAudit?

    /// The at-a-glance answer for one process.
    public struct Glance: Encodable, Sendable, Hashable {
        public var process: String
        public var title: String
        /// The decisions the answer is about (with a year: those taken in it).
        public var decisions: Int
        /// Whether every input that needed an answer had one at every decision, by the journal;
        /// `nil` when there was no decision.
        public var answeredBeforeEveryDecision: Bool?
        /// How many inputs had no answer at a decision, added over the decisions (from the journal).
        public var unansweredAtDecisions: Int
        /// Those inputs by id, where the journal's moments name them (empty when they do not).
        public var unansweredAtDecisionInputs: [String]
        /// Whether every input that needs an answer had its answer sent; `nil` when none needs one.
        public var answersSent: Bool?
        /// The inputs whose writer has not been sent an answer (none yet, or not sent), all of them.
        public var notSent: [String]
        /// Answers were given or a decision was taken, and not one answer was sent: the writers
        /// heard nothing.
        public var noneSent: Bool
        /// The answer in one line, as every format prints it.
        public var line: String
    }

    /// The journal's last entry, as published to anchor the history.
    public struct JournalHead: Encodable, Sendable, Hashable {
        public var seq: UInt64
        public var hash: String
        /// Whether `verify` checked the whole chain and found it intact; `nil` when not checked.
        public var verified: Bool?
    }

    /// The audit of one process.
    public struct ProcessAudit: Encodable, Sendable, Hashable {
        public var process: String
        public var title: String
        public var workflow: String
        public var workflowTitle: String
        public var workflowVersion: String
        public var state: String
        public var stateLabel: String
        public var phase: Phase?
        public var isFinal: Bool
        public var outcome: String?
        public var wijk: String?
        public var started: CivilDate
        public var lastSeq: UInt64
        public var counts: Counts
        public var kinds: [KindCounts]
        public var verdicts: [VerdictShare]
        public var daysToFeedback: DaysToFeedback
        public var decisions: [Decision]
        public var standardAnswers: StandardAnswers
        /// Reacties answered late or still waiting past their due day.
        public var overdue: [InputLine]
        /// Inputs received after the window that accepted them.
        public var late: [InputLine]
        /// Every input, in order of registration.
        public var inputs: [InputLine]
        /// Every erasure of contact details, in order of registration of the input.
        public var redactions: [RedactionLine]
        /// Every withdrawal, in order of registration of the input: reason and the writer's request.
        public var withdrawals: [WithdrawalLine]
        /// Inputs registered more than ``AuditReport/lateRegistrationDays`` days after they were received.
        public var lateRegistrations: [LateRegistration]
        /// Lines whose moment ran ahead of the system clock (only possible in an exercise store).
        public var clockAhead: ClockAhead?
        /// The behandelaars (owners): hand-overs, late ones, open inputs without one; `nil` when
        /// no input of the process has, or had, a behandelaar.
        public var owners: OwnersAudit? = nil
    }

    /// Totals over the inputs of a process.
    public struct Counts: Encodable, Sendable, Hashable {
        /// Every input registered, withdrawn ones included.
        public var inputs: Int
        public var withdrawn: Int
        /// Inputs of a kind that needs no answer (for example signatures).
        public var exempt: Int
        public var needingFeedback: Int
        public var answered: Int
        public var sent: Int
        public var overdue: Int
        public var late: Int
        public var outOfScope: Int
        /// Inputs whose writer's contact details were erased (AVG); the inputs still count above.
        public var redacted: Int
    }

    /// An erasure of a writer's contact details (AVG): when, by whom and why, never what.
    public struct RedactionLine: Encodable, Sendable, Hashable {
        public var input: String
        public var date: CivilDate
        public var at: String
        public var by: String
        public var reason: String
    }

    /// A withdrawal of an input: when, by whom, why, and where the writer's request is.
    public struct WithdrawalLine: Encodable, Sendable, Hashable {
        public var input: String
        public var date: CivilDate
        public var at: String
        /// Who registered it (`nil` for withdrawals read from a record that did not keep it).
        public var by: String?
        public var reason: String
        /// Where the writer's request to withdraw can be found; `nil` for withdrawals journaled
        /// before it was required, which the audit points out.
        public var evidence: String?
        /// Whether it had an answer when it was withdrawn.
        public var answered: Bool
    }

    /// Counts for one kind of input.
    public struct KindCounts: Encodable, Sendable, Hashable {
        public var kind: String
        public var label: String
        /// The label in the plural, for counts: the workflow's plural label, or the regular plural.
        public var pluralLabel: String
        public var inputs: Int
        public var withdrawn: Int
        public var needingFeedback: Int
        public var answered: Int
        public var sent: Int
        public var overdue: Int
        public var late: Int
        /// Of ``needingFeedback``, the points of inputs of this kind that have points, when
        /// there are any: a letter with points counts once in ``inputs``; its points need the answers.
        public var points: Int? = nil
    }

    /// How often a verdict was given (current feedback of reacties).
    public struct VerdictShare: Encodable, Sendable, Hashable {
        public var verdict: Verdict
        public var label: String
        public var count: Int
        /// Percentage of the answered reacties, rounded.
        public var percent: Int
    }

    /// Days from receipt to the first feedback.
    public struct DaysToFeedback: Encodable, Sendable, Hashable {
        /// How many answered reacties the figures are over.
        public var answered: Int
        public var median: Double?
        public var worst: Int?
        /// The input(s) with the worst time.
        public var worstInputs: [String]
    }

    /// A decision in the history, with what the journal says about the inputs at that moment.
    public struct Decision: Encodable, Sendable, Hashable {
        public var transition: String
        public var label: String
        public var date: CivilDate
        public var at: String
        public var by: String
        public var from: String
        public var to: String
        public var timed: Bool
        public var inputsWeighed: Int
        public var unansweredAtThatMoment: Int
        public var unsentAtThatMoment: Int
        /// Inputs withdrawn by then: they needed no answer any more, so the audit names them.
        public var withdrawnAtThatMoment: Int
        /// The account or principal that wrote it (`nil` on lines from before accounts were kept).
        public var account: String?
        /// When it was written, by the system clock (`nil` on lines from before that was kept).
        public var recorded: String?
        /// The inputs without an answer at that moment by id, as the journal's moments name
        /// them: registered by then, not withdrawn by then, and no answer by then. Empty when
        /// those moments do not add up to ``unansweredAtThatMoment`` (a clock set back, or a
        /// history from elsewhere): then only the count is known.
        public var unansweredInputs: [String] = []
        /// Set when the decision's moment is earlier than that of an input or answer registered
        /// before it in the journal: the latest such moment. It cannot have weighed what came
        /// after it, so its clock was set back.
        public var earlierThanWeighed: String?
        /// Of the inputs it weighed, how many each behandelaar answered (the owner the input had
        /// when its current answer was recorded); `nil` when the process has no behandelaars.
        public var answeredBy: [OwnerCount]? = nil
    }

    /// An input registered more than ``AuditReport/lateRegistrationDays`` days after the date
    /// it was received (a letter or paper form typed in later, or a received date set back).
    public struct LateRegistration: Encodable, Sendable, Hashable {
        public var input: String
        public var received: CivilDate
        public var registered: CivilDate
        public var days: Int
    }

    /// Motivations shared by several inputs.
    public struct StandardAnswers: Encodable, Sendable, Hashable {
        /// The threshold used: at least this many inputs with the same normalised motivation.
        public var minimum: Int
        /// Inputs with a current answer (not withdrawn).
        public var answered: Int
        /// Of those, how many got a standaardantwoord.
        public var inputs: Int
        public var percent: Int
        public var groups: [Group]

        public struct Group: Encodable, Sendable, Hashable {
            /// The motivation with whitespace collapsed, as first written.
            public var motivation: String
            /// The key it was grouped by: lowercased, whitespace collapsed.
            public var normalised: String
            public var count: Int
            /// Percentage of the answered inputs, rounded.
            public var percent: Int
            public var inputs: [String]
        }
    }

    /// One input, without its text; the writer's name only when asked for.
    public struct InputLine: Encodable, Sendable, Hashable {
        public var input: String
        public var kind: String
        public var received: CivilDate
        public var publicName: String?
        /// The writer's name (personal data): only with `--with-names`.
        public var name: String?
        public var late: Bool
        public var outOfScope: Bool
        public var withdrawn: Bool
        public var needsFeedback: Bool
        public var answerDue: CivilDate?
        public var verdict: Verdict?
        /// The day of the first feedback.
        public var firstAnswered: CivilDate?
        public var daysToFeedback: Int?
        /// The day the current answer was sent.
        public var sentOn: CivilDate?
        /// `open` (the writer still waits, due day passed) or `answeredLate` (sent after the due day).
        public var overdue: Overdue?
        /// Days past the due day (until the answer was sent, or until `generated` while the writer waits).
        public var daysOverdue: Int?
        public var standardAnswer: Bool
        /// The current behandelaar; `nil` when it has none or the process has no behandelaars.
        public var owner: String? = nil
        /// Days with the current behandelaar (``InputRecord/daysWithOwner(on:)``); `nil` when
        /// the process has no behandelaars.
        public var daysWithOwner: Int? = nil
        /// For a point of a letter or a zienswijze: the input it is a point of.
        public var parent: String? = nil
        /// For a point: the label of the role that answers it.
        public var route: String? = nil
        /// For an input with points: how many (it takes no answer of its own; its points do).
        public var points: Int? = nil
    }

    /// How an input is overdue.
    public enum Overdue: String, Encodable, Sendable, Hashable {
        case open
        case answeredLate
    }

    /// The year section: Tienpuntenplan point 10 and the portfolio per wijk.
    public struct YearAudit: Encodable, Sendable, Hashable {
        public var year: Int
        public var pointTen: PointTen
        /// Every process that ran in the year (point 10 and the wijken are about these).
        public var processes: [YearProcess]
        public var wijken: [Wijk]
        /// The processes with a decision taken in the year: the ones the audit is about.
        public var processesWithDecision: [String] = []
        /// Processes in the selection without a decision in the year, named so that none goes unseen.
        public var processesWithoutDecision: [String] = []
    }

    /// Point 10: the raad is involved in at least two projects a year, at least one beyond denken.
    public struct PointTen: Encodable, Sendable, Hashable {
        public var raadProcesses: Int
        public var raadProcessesBeyondDenken: Int
        public var met: Bool
    }

    /// One process active in the year.
    public struct YearProcess: Encodable, Sendable, Hashable {
        public var process: String
        public var title: String
        public var wijk: String?
        public var raadInvolved: Bool
        public var involvement: [Involvement]
        public var phasesReached: [Phase]
        public var beyondDenken: Bool
    }

    /// One act of the raad in a process, from the journal.
    public struct Involvement: Encodable, Sendable, Hashable {
        public var date: CivilDate
        public var description: String
    }

    /// The portfolio of one wijk in the year (toetsing van cumulatie).
    public struct Wijk: Encodable, Sendable, Hashable {
        public var wijk: String
        public var processes: [String]
        /// Inputs received in the year.
        public var inputs: Int
        /// Reacties still without an answer on the report day.
        public var unanswered: Int
        /// Decisions taken in the year.
        public var decisions: Int
    }

    /// The attribute that names a process's wijk.
    public static let wijkAttribute: AttributeName = "wijk"
    /// The portfolio row for processes without a wijk.
    public static let noWijk = "(geen wijk)"

    // MARK: Building

    /// Builds the audit from process states and the definitions they started on.
    ///
    /// - Parameters:
    ///   - processes: The processes to audit, in the order to show them, each with its definition.
    ///   - head: The journal's last entry.
    ///   - verified: Whether the whole chain was verified intact (`nil`: not checked).
    ///   - asOf: The report day; overdue is measured against it.
    ///   - year: Adds Tienpuntenplan point 10 and the portfolio per wijk for this calendar year.
    ///   - names: The writer's name of an input, for `--with-names`; without it no personal
    ///     name appears anywhere in the audit. An input whose details were erased (AVG) shows
    ///     ``Redaction/placeholder`` instead.
    /// - Complexity: O(inputs + history) per process.
    public static func build(
        processes: [(state: ProcessState, definition: WorkflowDefinition)],
        head: (seq: UInt64, hash: SHA256Digest),
        verified: Bool?,
        asOf: CivilDate,
        year: Int? = nil,
        names: ((ProcessID, InputID) -> String?)? = nil
    ) -> AuditReport {
        var audits = processes.map { audit($0.state, definition: $0.definition, asOf: asOf, names: names) }
        var yearSection = year.map { Self.yearAudit($0, processes: processes, asOf: asOf) }
        if let year, yearSection != nil {
            // A year selects decisions taken in it: the processes with one, each with those decisions only.
            for index in audits.indices { audits[index].decisions.removeAll { $0.date.year != year } }
            yearSection?.processesWithoutDecision = audits.filter(\.decisions.isEmpty).map(\.process)
            audits.removeAll { $0.decisions.isEmpty }
            yearSection?.processesWithDecision = audits.map(\.process)
        }
        return AuditReport(
            generated: asOf, withNames: names != nil, journal: JournalHead(seq: head.seq, hash: head.hash.hex, verified: verified),
            atAGlance: audits.map(glance), processes: audits, year: yearSection)
    }

    /// How many ids a line names before "en N meer".
    public static let glanceIDs = 5

    /// Ids for a line: the first ``glanceIDs``, then "en N meer".
    public static func someIDs(_ ids: [String]) -> String {
        ids.count <= glanceIDs
            ? ids.joined(separator: ", ") : ids.prefix(glanceIDs).joined(separator: ", ") + " en \(ids.count - glanceIDs) meer"
    }

    /// The at-a-glance answer of one audited process.
    static func glance(_ audit: ProcessAudit) -> Glance {
        let decisions = audit.decisions
        let unanswered = decisions.map(\.unansweredAtThatMoment).reduce(0, +)
        var named: [String] = []
        for decision in decisions { for id in decision.unansweredInputs where !named.contains(id) { named.append(id) } }
        let lines = audit.inputs
        let notSent = lines.indices.filter { lines[$0].needsFeedback && !lines[$0].withdrawn && lines[$0].sentOn == nil }.map {
            lines[$0].input
        }
        let needing = audit.counts.needingFeedback
        var glance = Glance(
            process: audit.process, title: audit.title, decisions: decisions.count,
            answeredBeforeEveryDecision: decisions.isEmpty ? nil : unanswered == 0, unansweredAtDecisions: unanswered,
            unansweredAtDecisionInputs: named, answersSent: needing == 0 ? nil : notSent.isEmpty, notSent: notSent,
            noneSent: needing > 0 && audit.counts.sent == 0 && (audit.counts.answered > 0 || !decisions.isEmpty), line: "")
        glance.line =
            "\(audit.process) (\(audit.title)): elke inbreng beantwoord vóór elk besluit: \(answeredCell(glance)) · antwoord verstuurd: \(sentCell(glance))"
        return glance
    }

    /// "ja", "nee: R-0003, R-0004", "nee: 2 volgens het journaal", "nog geen besluit".
    public static func answeredCell(_ glance: Glance) -> String {
        guard let answered = glance.answeredBeforeEveryDecision else { return "nog geen besluit" }
        if answered { return "ja" }
        if glance.unansweredAtDecisionInputs.count == glance.unansweredAtDecisions {
            return "nee: " + someIDs(glance.unansweredAtDecisionInputs)
        }
        return "nee: \(DutchNoun.inbreng.counted(glance.unansweredAtDecisions)) zonder antwoord (volgens het journaal)"
    }

    /// "ja", "nee: R-0005", "nee — LET OP: nog geen enkel antwoord verstuurd: …", "geen antwoord nodig".
    public static func sentCell(_ glance: Glance) -> String {
        guard let sent = glance.answersSent else { return "geen antwoord nodig" }
        if sent { return "ja" }
        if glance.noneSent { return "nee — LET OP: nog geen enkel antwoord verstuurd: " + someIDs(glance.notSent) }
        return "nee: " + someIDs(glance.notSent)
    }

    /// The normal form motivations are compared in: lowercased, whitespace collapsed to one space.
    public static func normalised(_ motivation: String) -> String {
        motivation.whitespaceCollapsedLowercased
    }

    private static func collapsed(_ text: String) -> String {
        text.whitespaceCollapsed
    }

    /// Whether a process was running at some time in a calendar year: started on or before
    /// 31 December and not final before 1 January.
    public static func isActive(_ state: ProcessState, in year: Int) -> Bool {
        guard CivilDate(amsterdam: state.startedAt).year <= year else { return false }
        guard state.isFinal, let last = state.history.last else { return true }
        return CivilDate(amsterdam: last.at).year >= year
    }

    static func percent(_ count: Int, of total: Int) -> Int {
        total > 0 ? Int((Double(count) / Double(total) * 100).rounded()) : 0
    }

    /// A motivation's group: the one it has (`slot`), or `next` given to it now.
    private static func groupNumber(_ slot: inout Int, next: Int) -> Int {
        if slot < 0 { slot = next }
        return slot
    }

    private static func audit(
        _ state: ProcessState, definition: WorkflowDefinition, asOf: CivilDate, names: ((ProcessID, InputID) -> String?)?
    ) -> ProcessAudit {
        // Every pass below reads the inputs in place, by index: a copy of a record retains
        // every string in it.
        let inputs = state.inputs
        // Standaardantwoorden: group current motivations of answered, non-withdrawn inputs.
        // Each motivation's group number, found with one hash of it; the groups in the order
        // they were first seen.
        var groupOf: [String: Int] = [:]
        groupOf.reserveCapacity(inputs.count)
        var groups: [(key: String, members: [Int])] = []
        var answeredForStandard = 0
        for index in inputs.indices where !inputs[index].isWithdrawn {
            guard let feedback = inputs[index].currentFeedback else { continue }
            answeredForStandard += 1
            let key = normalised(feedback.motivation)
            let group = Self.groupNumber(&groupOf[key, default: -1], next: groups.count)
            if group == groups.count {
                groups.append((key, [index]))
            } else {
                groups[group].members.append(index)
            }
        }
        let standardGroups = groups.compactMap { key, members -> StandardAnswers.Group? in
            guard members.count >= standardAnswerMinimum else { return nil }
            return StandardAnswers.Group(
                motivation: collapsed(inputs[members[0]].currentFeedback?.motivation ?? key), normalised: key, count: members.count,
                percent: percent(members.count, of: answeredForStandard), inputs: members.map { inputs[$0].id.rawValue })
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.inputs[0] < $1.inputs[0] }
        let standardIDs = Set(standardGroups.flatMap(\.inputs))
        let standardCount = standardIDs.count

        let owners = ownersAudit(state)
        // Every input.
        var lines: [InputLine] = []
        lines.reserveCapacity(inputs.count)
        for index in inputs.indices {
            let first = inputs[index].feedback.first.map { CivilDate(amsterdam: $0.at) }
            var overdue: Overdue?
            var daysOverdue: Int?
            if inputs[index].isOverdue(on: asOf) {
                overdue = .open
                daysOverdue = inputs[index].daysOverdue(on: asOf)
            } else if inputs[index].countsForGate, let due = inputs[index].answerDue, let sent = inputs[index].sentOn, sent > due {
                overdue = .answeredLate
                daysOverdue = sent.days(since: due)
            }
            lines.append(
                InputLine(
                    input: inputs[index].id.rawValue, kind: inputs[index].kind.rawValue, received: inputs[index].received,
                    publicName: inputs[index].publicName,
                    name: names.flatMap { inputs[index].reportedName(in: state.id, lookup: $0) }, late: inputs[index].late,
                    outOfScope: inputs[index].outOfScope,
                    withdrawn: inputs[index].isWithdrawn,
                    needsFeedback: inputs[index].needsFeedback, answerDue: inputs[index].answerDue,
                    verdict: inputs[index].currentFeedback?.verdict,
                    firstAnswered: first, daysToFeedback: first.map { $0.days(since: inputs[index].received) },
                    sentOn: inputs[index].sentOn,
                    overdue: overdue, daysOverdue: daysOverdue, standardAnswer: standardIDs.contains(inputs[index].id.rawValue),
                    owner: owners == nil ? nil : inputs[index].owner,
                    daysWithOwner: owners == nil ? nil : inputs[index].daysWithOwner(on: asOf),
                    parent: inputs[index].parent?.rawValue, route: inputs[index].route.map { definition.roles[$0]?.label ?? $0.rawValue },
                    points: inputs[index].hasPoints ? inputs[index].pointCount : nil))
            // A letter with points needs no answer of its own: its points do.
            if inputs[index].hasPoints { lines[lines.count - 1].needsFeedback = false }
        }

        // Per kind, in the order of the definition, then any kind not (or no longer) declared;
        // counted in one pass. A letter counts once; its points are counted apart, and they are
        // what needs an answer.
        var tallies: [InputKindID: KindTally] = [:]
        var seenKinds: [InputKindID] = []
        // Verdicts of the current answers of reacties.
        var verdictCounts: [Verdict: Int] = [:]
        var answered = 0
        for index in inputs.indices {
            let kind = inputs[index].kind
            if tallies[kind] == nil { seenKinds.append(kind) }
            let isPoint = inputs[index].isPoint
            let gate = inputs[index].countsForGate
            tallies[kind, default: KindTally()].add(
                isPoint: isPoint, gate: gate, withdrawn: inputs[index].isWithdrawn, answered: inputs[index].isAnswered,
                sent: inputs[index].isSent, overdue: lines[index].overdue != nil, late: inputs[index].late)
            if gate, let verdict = inputs[index].currentFeedback?.verdict { verdictCounts[verdict, default: 0] += 1 }
            if gate, inputs[index].isAnswered { answered += 1 }
        }
        var kindOrder = definition.inputKinds.keys.filter { tallies[$0] != nil }
        for kind in seenKinds where !kindOrder.contains(kind) { kindOrder.append(kind) }
        let kinds = kindOrder.map { kind -> KindCounts in
            let tally = tallies[kind] ?? KindTally()
            let spec = definition.inputKinds[kind]
            return KindCounts(
                kind: kind.rawValue, label: spec?.label ?? kind.rawValue,
                pluralLabel: spec.map { DutchNoun.capitalizingFirst($0.noun.plural) } ?? DutchNoun.inbreng.plural, inputs: tally.letters,
                withdrawn: tally.withdrawn, needingFeedback: tally.gate, answered: tally.answered, sent: tally.sent,
                overdue: tally.overdue, late: tally.late, points: tally.points > 0 ? tally.points : nil)
        }
        let verdicts = Verdict.allCases.compactMap { verdict -> VerdictShare? in
            guard let count = verdictCounts[verdict], count > 0 else { return nil }
            return VerdictShare(verdict: verdict, label: verdict.label, count: count, percent: percent(count, of: answered))
        }

        // Days to the first feedback.
        var timed: [(String, Int)] = []
        for index in inputs.indices where inputs[index].countsForGate {
            if let days = lines[index].daysToFeedback { timed.append((lines[index].input, days)) }
        }
        let sortedDays = timed.map(\.1).sorted()
        var median: Double?
        if !sortedDays.isEmpty {
            let middle = sortedDays.count / 2
            median =
                sortedDays.count % 2 == 1
                ? Double(sortedDays[middle]) : Double(sortedDays[middle - 1] + sortedDays[middle]) / 2
        }
        let worst = sortedDays.last
        let days = DaysToFeedback(
            answered: sortedDays.count, median: median, worst: worst, worstInputs: timed.filter { $0.1 == worst }.map(\.0))

        // Decisions, as the journal recorded them.
        let decisions = state.history.filter(\.decision).map { record -> Decision in
            // The inputs without an answer at that moment, by the journal's moments; kept only
            // when they add up to what the journal counted then.
            let unanswered = inputs.indices.filter { index in
                inputs[index].needsFeedback && inputs[index].registeredAt <= record.at
                    && !(inputs[index].withdrawal.map { $0.at <= record.at } ?? false)
                    && !inputs[index].feedback.contains { $0.at <= record.at }
            }.map { inputs[$0].id.rawValue }
            let transition =
                definition.transitions.first { $0.name == record.transition && definition.transition($0, startsIn: record.from) }
                ?? definition.transitions.first { $0.name == record.transition }
            return Decision(
                transition: record.transition.rawValue, label: transition?.label ?? record.transition.readable,
                date: CivilDate(amsterdam: record.at), at: Timestamp.format(record.at), by: record.by.description,
                from: record.from.rawValue, to: record.to.rawValue, timed: record.timed, inputsWeighed: record.inputsWeighed,
                unansweredAtThatMoment: record.unansweredAtThatMoment, unsentAtThatMoment: record.unsentAtThatMoment,
                withdrawnAtThatMoment: record.withdrawnAtThatMoment, account: record.account,
                recorded: record.recorded.map(Timestamp.format),
                unansweredInputs: unanswered.count == record.unansweredAtThatMoment ? unanswered : [],
                earlierThanWeighed: record.earlierThanWeighed.map(Timestamp.format),
                answeredBy: owners == nil ? nil : answeredBy(record))
        }

        // Inputs typed in long after they came in: the received date is data; the registration is the journal's.
        let lateRegistrations = inputs.indices.compactMap { index -> LateRegistration? in
            let registered = CivilDate(amsterdam: inputs[index].registeredAt)
            let days = registered.days(since: inputs[index].received)
            guard days > lateRegistrationDays else { return nil }
            return LateRegistration(input: inputs[index].id.rawValue, received: inputs[index].received, registered: registered, days: days)
        }

        // Erasures of contact details (AVG): the date, who and why; the removed data is gone.
        let redactions = state.redactedInputs.compactMap { input -> RedactionLine? in
            guard let redaction = input.redaction else { return nil }
            return RedactionLine(
                input: input.id.rawValue, date: CivilDate(amsterdam: redaction.at), at: Timestamp.format(redaction.at),
                by: redaction.by.description, reason: redaction.reason)
        }

        // Withdrawals: the reason and the writer's request (evidence), in order of the inputs.
        let withdrawals = inputs.indices.compactMap { index -> WithdrawalLine? in
            guard let withdrawal = inputs[index].withdrawal else { return nil }
            return WithdrawalLine(
                input: inputs[index].id.rawValue, date: CivilDate(amsterdam: withdrawal.at), at: Timestamp.format(withdrawal.at),
                by: withdrawal.by?.description, reason: withdrawal.reason, evidence: withdrawal.evidence,
                answered: inputs[index].feedback.contains { $0.at <= withdrawal.at })
        }

        let spec = definition.states[state.current]
        let c = state.counts
        let overdueLines = lines.filter { $0.overdue != nil }
        return ProcessAudit(
            process: state.id.rawValue, title: state.title, workflow: state.workflow.rawValue, workflowTitle: definition.title,
            workflowVersion: state.workflowVersion, state: state.current.rawValue, stateLabel: spec?.label ?? state.current.rawValue,
            phase: spec?.phase, isFinal: state.isFinal, outcome: state.outcome, wijk: state.attributes[wijkAttribute],
            started: CivilDate(amsterdam: state.startedAt), lastSeq: state.lastSeq,
            counts: Counts(
                inputs: c.total, withdrawn: c.withdrawn, exempt: c.exempt, needingFeedback: c.needingFeedback, answered: c.answered,
                sent: c.sent, overdue: overdueLines.count, late: c.late, outOfScope: c.outOfScope,
                redacted: redactions.count),
            kinds: kinds, verdicts: verdicts, daysToFeedback: days, decisions: decisions,
            standardAnswers: StandardAnswers(
                minimum: standardAnswerMinimum, answered: answeredForStandard, inputs: standardCount,
                percent: percent(standardCount, of: answeredForStandard), groups: standardGroups),
            overdue: overdueLines, late: lines.filter(\.late), inputs: lines, redactions: redactions,
            withdrawals: withdrawals, lateRegistrations: lateRegistrations, clockAhead: state.clockAhead, owners: owners)
    }

    /// The counts of one kind of input, made in one pass.
    private struct KindTally {
        var letters = 0
        var withdrawn = 0
        var gate = 0
        var points = 0
        var answered = 0
        var sent = 0
        var overdue = 0
        var late = 0

        mutating func add(isPoint: Bool, gate counts: Bool, withdrawn: Bool, answered: Bool, sent: Bool, overdue: Bool, late: Bool) {
            if !isPoint {
                letters += 1
                if withdrawn { self.withdrawn += 1 }
                if late { self.late += 1 }
            }
            guard counts else { return }
            gate += 1
            if isPoint { points += 1 }
            if answered { self.answered += 1 }
            if sent { self.sent += 1 }
            if overdue { self.overdue += 1 }
        }
    }

    /// An input registered more than this many days after its received date is listed.
    public static let lateRegistrationDays = 7

    private static func yearAudit(
        _ year: Int, processes: [(state: ProcessState, definition: WorkflowDefinition)], asOf: CivilDate
    ) -> YearAudit {
        let end = CivilDate(year: year, month: 12, day: 31) ?? asOf
        func inYear(_ date: Date) -> Bool { CivilDate(amsterdam: date).year == year }
        var rows: [YearProcess] = []
        var wijken: [String: Wijk] = [:]
        for (state, definition) in processes where isActive(state, in: year) {
            var involvement: [(Date, String)] = []
            for record in state.history where record.by.role == raadRole && inYear(record.at) {
                let label = definition.transitions.first { $0.name == record.transition }?.label ?? record.transition.readable
                involvement.append((record.at, record.decision ? "besluit door de raad: \(label)" : "overgang door de raad: \(label)"))
            }
            for document in state.documents where inYear(document.at) && (document.by.role == raadRole || document.kind == kadersDocument) {
                let label = definition.documents[document.kind] ?? document.kind.rawValue
                involvement.append((document.at, "document \(label) (\(document.reference))"))
            }
            for input in state.inputs {
                for feedback in input.feedback where feedback.by.role == raadRole && inYear(feedback.at) {
                    involvement.append((feedback.at, "antwoord door de raad op \(input.id)"))
                }
            }
            involvement.sort { $0.0 < $1.0 }
            // States entered on or before 31 December: the initial state, then every transition's target.
            var reached: [StateID] = [definition.initial]
            for record in state.history where CivilDate(amsterdam: record.at) <= end { reached.append(record.to) }
            var phases: [Phase] = []
            for id in reached { if let phase = definition.states[id]?.phase, !phases.contains(phase) { phases.append(phase) } }
            phases.sort { (Phase.allCases.firstIndex(of: $0) ?? 0) < (Phase.allCases.firstIndex(of: $1) ?? 0) }
            let wijk = state.attributes[wijkAttribute]
            rows.append(
                YearProcess(
                    process: state.id.rawValue, title: state.title, wijk: wijk, raadInvolved: !involvement.isEmpty,
                    involvement: involvement.map { Involvement(date: CivilDate(amsterdam: $0.0), description: $0.1) },
                    phasesReached: phases, beyondDenken: phases.contains { phasesBeyondDenken.contains($0) }))
            let key = (wijk?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? noWijk
            var row = wijken[key] ?? Wijk(wijk: key, processes: [], inputs: 0, unanswered: 0, decisions: 0)
            row.processes.append(state.id.rawValue)
            row.inputs += state.inputs.filter { $0.received.year == year }.count
            row.unanswered += state.inputs.filter { $0.countsForGate && !$0.isAnswered }.count
            row.decisions += state.history.filter { $0.decision && inYear($0.at) }.count
            wijken[key] = row
        }
        let raad = rows.filter(\.raadInvolved)
        let beyond = raad.filter(\.beyondDenken)
        let sortedWijken = wijken.values.sorted { lhs, rhs in
            if (lhs.wijk == noWijk) != (rhs.wijk == noWijk) { return rhs.wijk == noWijk }
            return lhs.wijk.localizedStandardCompare(rhs.wijk) == .orderedAscending
        }
        return YearAudit(
            year: year,
            pointTen: PointTen(raadProcesses: raad.count, raadProcessesBeyondDenken: beyond.count, met: raad.count >= 2 && !beyond.isEmpty),
            processes: rows, wijken: sortedWijken)
    }
}

// MARK: - The document

extension AuditReport {
    /// The audit as a report document: Dutch, B1. First "In één oogopslag" (one line per
    /// process: answered before every decision, answers sent, the ids when not), then "Kort"
    /// (a sentence or two per process, the counts per process and charts of the verdicts and
    /// the days to an answer), then a section per process, the year (with `--year`), the
    /// journal, and how everything was counted. With a year the title says that the audit is
    /// about the decisions taken in it.
    public var document: ReportDocument {
        var sections: [ReportSection] = [glanceSection, shortSection]
        sections += processes.map(processSection)
        if let year {
            sections.append(pointTenSection(year))
            sections.append(wijkSection(year))
        }
        sections.append(journalSection)
        sections.append(definitionsSection)
        let title: String
        var subtitle = "Stand van \(generated) · "
        if let year {
            title = "Audit van de participatie: besluiten genomen in \(year.year)"
            let ran = year.processes.count
            subtitle +=
                "\(DutchNoun.proces.counted(processes.count)) met een besluit in \(year.year); "
                + "in \(year.year) \(DutchNoun.agreeing(ran, "liep", "liepen")) er \(DutchNoun.proces.counted(ran))"
        } else {
            title = "Audit van de participatie"
            subtitle += DutchNoun.proces.counted(processes.count)
        }
        return ReportDocument(title: title, subtitle: subtitle, sections: sections, csvTable: overviewTable(csv: true))
    }

    private static func plural(_ count: Int, _ one: String, _ many: String) -> String { DutchNoun(one, many).counted(count) }

    private static func days(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    private static func yesNo(_ value: Bool) -> String { value ? "ja" : "nee" }

    /// A clause that follows another: "Alle 3 …" becomes "alle 3 …"; "Let op" stays as it is.
    private static func lowercasedStart(_ clause: String) -> String {
        clause.hasPrefix("Alle ") || clause.hasPrefix("Beide ") || clause.hasPrefix("Het ") || clause.hasPrefix("Bij ")
            ? clause.prefix(1).lowercased() + clause.dropFirst() : clause
    }

    /// The noun for the inputs of a process that need an answer: the kind's own ("3
    /// inspraakreacties", "1 idee") when they are all of one kind, else "reacties".
    public static func noun(_ audit: ProcessAudit) -> DutchNoun {
        let kinds = audit.kinds.filter { $0.needingFeedback > 0 }
        // The points of letters (or zienswijzen) are what needs an answer: "1 van de 2 punten".
        if !kinds.isEmpty, kinds.allSatisfy({ $0.points == $0.needingFeedback }) {
            return ProcessEngine.pointNoun
        }
        guard kinds.count == 1, let kind = kinds.first else { return .reactie }
        return DutchNoun(kind.label, kind.pluralLabel).lowercased
    }

    /// "Alle 5 inspraakreacties", "Beide ideeën", "Het ene…" never: for one, `nil` (the caller
    /// words it without an article, which the label does not give).
    private static func allOf(_ count: Int, _ noun: DutchNoun) -> String? {
        DutchNoun.all(count).map { "\($0) \(noun.plural)" }
    }

    /// The one- or two-sentence answer to "did every input get an answer before the decision,
    /// and what kind of answer?".
    static func shortAnswer(_ audit: ProcessAudit) -> String {
        let c = audit.counts
        let noun = Self.noun(audit)
        var sentences: [String] = []
        if audit.decisions.isEmpty {
            if c.needingFeedback == 0 {
                sentences.append("Nog geen besluit, en er is nog geen inbreng die een antwoord nodig heeft.")
            } else {
                var sentence = "Nog geen besluit; het proces staat op \"\(audit.stateLabel)\". "
                let n = c.needingFeedback
                if n == 1 {
                    sentence += "Er is \(noun.counted(1)), " + (c.answered == 1 ? "met een antwoord" : "nog zonder antwoord")
                } else if c.answered == n, let all = allOf(n, noun) {
                    sentence += DutchNoun.capitalizingFirst(all) + " hebben een antwoord"
                } else if c.answered == 0 {
                    sentence += "Geen van de \(noun.counted(n)) heeft al een antwoord"
                } else {
                    sentence += "\(c.answered) van de \(noun.counted(n)) \(DutchNoun.agreeing(c.answered, "heeft", "hebben")) een antwoord"
                }
                if c.answered > 0 {
                    if c.sent == 0 {
                        sentence += c.answered == 1 ? "; het is nog niet verstuurd" : "; nog geen antwoord is verstuurd"
                    } else if c.sent == c.answered {
                        sentence +=
                            c.answered == 1 ? "; het is ook verstuurd" : "; \(DutchNoun.all(c.sent) ?? "\(c.sent)") zijn ook verstuurd"
                    } else {
                        sentence += "; \(c.sent) daarvan \(DutchNoun.agreeing(c.sent, "is", "zijn")) ook verstuurd"
                    }
                }
                let open = audit.overdue.filter { $0.overdue == .open }.count
                if open > 0 { sentence += "; \(open) \(DutchNoun.agreeing(open, "wacht", "wachten")) al langer dan de termijn" }
                sentences.append(sentence + ".")
            }
        } else {
            let clauses = audit.decisions.map { decision -> String in
                let w = decision.inputsWeighed
                let u = decision.unansweredAtThatMoment
                if w == 0 {
                    let gone = decision.withdrawnAtThatMoment
                    if gone > 0 {
                        return "Bij het besluit van \(decision.date) had geen inbreng nog een antwoord nodig, omdat "
                            + (gone == 1
                                ? "de enige inbreng was ingetrokken"
                                : "\(DutchNoun.all(gone) ?? "\(gone)") stuks inbreng waren ingetrokken")
                    }
                    return "Bij het besluit van \(decision.date) was er geen inbreng die een antwoord nodig had"
                }
                if u == 0 {
                    if let all = allOf(w, noun) {
                        return "\(DutchNoun.capitalizingFirst(all)) hadden een antwoord vóór het besluit van \(decision.date)"
                    }
                    return "Het besluit van \(decision.date) woog \(noun.counted(1)), met een antwoord"
                }
                let which = decision.unansweredInputs.count == u ? " (\(someIDs(decision.unansweredInputs)))" : ""
                return
                    "Let op: bij het besluit van \(decision.date) \(DutchNoun.agreeing(u, "had", "hadden")) \(u) van de \(noun.counted(w))"
                    + " nog geen antwoord\(which) (volgens het journaal)"
            }
            var sentence = clauses.enumerated().map { $0.offset == 0 ? $0.element : Self.lowercasedStart($0.element) }.joined(
                separator: "; ")
            let setBack = audit.decisions.filter { $0.earlierThanWeighed != nil }
            if !setBack.isEmpty {
                sentences.append(
                    "LET OP: \(setBack.count == 1 ? "het besluit van \(setBack[0].date) staat" : "\(setBack.count) besluiten staan") in de tijd vóór "
                        + "inbreng of antwoorden die er in het journaal vóór staan; de klok stond terug, dus 'vóór het besluit' zegt hier niets."
                )
            }
            let n = c.needingFeedback
            var warning: String?
            if n > 0 {
                if c.sent == n {
                    sentence += n == 1 ? "; het antwoord is ook verstuurd" : "; \(DutchNoun.all(n) ?? "\(n)") antwoorden zijn ook verstuurd"
                } else if c.sent == 0 {
                    warning =
                        n == 1
                        ? "LET OP: het antwoord is nog niet verstuurd; de indiener weet nog niet wat er met de inbreng is gedaan."
                        : "LET OP: nog geen enkel antwoord is verstuurd (0 van de \(n)); de indieners weten nog niet wat er met hun inbreng is gedaan."
                } else {
                    sentence += "; nu is het antwoord verstuurd bij \(c.sent) van de \(noun.counted(n))"
                }
            }
            sentences.append(sentence + ".")
            if let warning { sentences.append(warning) }
        }
        if !audit.withdrawals.isEmpty {
            let count = audit.withdrawals.count
            var sentence = "Ingetrokken: \(DutchNoun.inbreng.counted(count)) (\(Refusal.list(audit.withdrawals.map(\.input))))"
            let without = audit.withdrawals.filter { $0.evidence == nil }.count
            sentence +=
                without == 0
                ? ", elk met het verzoek van de indiener."
                : "; LET OP: bij \(without == count ? (count == 1 ? "die intrekking" : (DutchNoun.all(count) ?? "\(count)")) : "\(without)") is geen verzoek van de indiener vastgelegd."
            sentences.append(sentence)
        }
        if !audit.verdicts.isEmpty {
            var sentence = "Soort antwoord: " + audit.verdicts.map { "\($0.count) \($0.label)" }.joined(separator: ", ") + "."
            if audit.standardAnswers.inputs > 0 {
                let standard = audit.standardAnswers.inputs
                sentence +=
                    " \(DutchNoun.antwoord.counted(standard)) (\(audit.standardAnswers.percent)%) "
                    + "\(DutchNoun.agreeing(standard, "is", "zijn")) een standaardantwoord."
            }
            // Without a decision the reacties still waiting were named above; here only those answered too late.
            let notInTime = audit.decisions.isEmpty ? audit.overdue.filter { $0.overdue == .answeredLate }.count : c.overdue
            if notInTime > 0 {
                sentence +=
                    " \(noun.counted(notInTime)) \(DutchNoun.agreeing(notInTime, "kreeg", "kregen")) het antwoord niet binnen de termijn."
            }
            sentences.append(sentence)
        }
        return sentences.joined(separator: " ")
    }

    /// The answer first: one row per process, yes or no with the ids when not; warnings below.
    private var glanceSection: ReportSection {
        var blocks: [ReportBlock] = []
        if processes.isEmpty {
            blocks.append(
                .paragraph(
                    year.map { "Er is in \($0.year) geen besluit genomen in deze selectie." } ?? "Er zijn geen processen in deze selectie.")
            )
        } else {
            let about = year.map { "elk besluit in \($0.year)" } ?? "elk besluit"
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Per proces: had elke inbreng een antwoord vóór \(about), en is elk antwoord verstuurd?",
                        columns: [
                            .init("proces"), .init("titel"), .init("elke inbreng beantwoord vóór \(about)"), .init("antwoord verstuurd"),
                        ],
                        rows: atAGlance.map { [$0.process, $0.title, Self.answeredCell($0), Self.sentCell($0)] },
                        textLines: atAGlance.map(\.line))))
        }
        let silent = atAGlance.filter(\.noneSent)
        if !silent.isEmpty {
            blocks.append(
                .warning(
                    "bij \(Refusal.list(silent.map(\.process))) is nog geen enkel antwoord verstuurd. "
                        + "De indieners weten nog niet wat er met hun inbreng is gedaan."))
        }
        if let year, !year.processesWithoutDecision.isEmpty {
            blocks.append(
                .paragraph(
                    "Zonder besluit in \(year.year) (dus niet in deze audit): \(Refusal.list(year.processesWithoutDecision)). "
                        + "Tienpuntenplan punt 10 en het overzicht per wijk gaan over alle processen die in \(year.year) liepen."))
        }
        return ReportSection(heading: "In één oogopslag", blocks: blocks)
    }

    /// The counts per process; for CSV also the at-a-glance answer and the title.
    private func overviewTable(csv: Bool) -> ReportTable {
        let head: [ReportTable.Column] =
            csv
            ? [.init("proces"), .init("titel"), .init("toestand"), .init("beantwoord vóór elk besluit"), .init("antwoord verstuurd")]
            : [.init("proces"), .init("toestand")]
        return ReportTable(
            caption: "Tellingen per proces",
            columns: head + [
                .init("inbreng", numeric: true), .init("antwoord nodig", numeric: true), .init("beantwoord", numeric: true),
                .init("verstuurd", numeric: true), .init("over tijd", numeric: true), .init("te laat ingediend", numeric: true),
                .init("besluiten", numeric: true), .init("zonder antwoord bij besluit", numeric: true),
                .init("standaardantwoorden", numeric: true),
            ],
            rows: zip(processes, atAGlance).map { audit, glance in
                let c = audit.counts
                let first =
                    csv
                    ? [audit.process, audit.title, audit.stateLabel, Self.answeredCell(glance), Self.sentCell(glance)]
                    : [audit.process, audit.stateLabel]
                return first + [
                    "\(c.inputs)", "\(c.needingFeedback)", "\(c.answered)", "\(c.sent)", "\(c.overdue)", "\(c.late)",
                    "\(audit.decisions.count)",
                    "\(audit.decisions.map(\.unansweredAtThatMoment).reduce(0, +))", "\(audit.standardAnswers.inputs)",
                ]
            })
    }

    private var shortSection: ReportSection {
        var blocks: [ReportBlock] = []
        for audit in processes {
            blocks.append(.paragraph("\(audit.process) (\(audit.title)): \(Self.shortAnswer(audit))"))
        }
        if let year {
            blocks.append(.paragraph(Self.pointTenSentence(year)))
        }
        if !processes.isEmpty {
            blocks.append(.table(overviewTable(csv: false)))
        }
        if let chart = verdictChart { blocks.append(.chart(chart)) }
        if let chart = daysChart { blocks.append(.chart(chart)) }
        return ReportSection(heading: "Kort", blocks: blocks)
    }

    /// The verdict shares per process, as a chart (processes with at least one answer).
    var verdictChart: ReportChart? {
        let answered = processes.filter { !$0.verdicts.isEmpty }
        guard !answered.isEmpty else { return nil }
        let verdicts = Verdict.allCases
        let rows = answered.map { audit -> ReportChart.Row in
            let counts = verdicts.map { verdict in Double(audit.verdicts.first { $0.verdict == verdict }?.count ?? 0) }
            let total = audit.verdicts.map(\.count).reduce(0, +)
            return ReportChart.Row(label: audit.process, values: counts, note: DutchNoun.antwoord.counted(total))
        }
        var summary = answered.map { audit in
            "\(audit.process): " + audit.verdicts.map { "\($0.count) \($0.label) (\($0.percent)%)" }.joined(separator: ", ") + "."
        }
        let without = processes.filter { $0.verdicts.isEmpty }.map(\.process)
        if !without.isEmpty { summary.append("Nog geen antwoorden: \(without.joined(separator: ", ")).") }
        return ReportChart(
            title: "Oordelen per proces", summary: summary.joined(separator: " "), style: .shares,
            series: verdicts.enumerated().map { ReportChart.Series($0.element.label, tone: $0.offset) }, rows: rows)
    }

    /// The median and longest days to a first answer per process, as a chart.
    var daysChart: ReportChart? {
        let timed = processes.filter { $0.daysToFeedback.median != nil }
        guard !timed.isEmpty else { return nil }
        let rows = timed.map { audit -> ReportChart.Row in
            let days = audit.daysToFeedback
            let median = days.median ?? 0
            let worst = days.worst ?? 0
            return ReportChart.Row(
                label: audit.process, values: [median], marker: Double(worst),
                note: "mediaan \(Self.days(median)), langst \(DutchNoun.dag.counted(worst))")
        }
        var summary = timed.map { audit in
            let days = audit.daysToFeedback
            return "\(audit.process): mediaan \(Self.days(days.median ?? 0)), langst \(DutchNoun.dag.counted(days.worst ?? 0))"
                + " (\(Refusal.list(days.worstInputs, limit: Self.glanceIDs)))."
        }
        let without = processes.filter { $0.daysToFeedback.median == nil }.map(\.process)
        if !without.isEmpty { summary.append("Nog geen antwoorden: \(without.joined(separator: ", ")).") }
        return ReportChart(
            title: "Dagen van ontvangst tot het eerste antwoord", summary: summary.joined(separator: " "), style: .bars,
            series: [ReportChart.Series("mediaan", tone: 3), ReportChart.Series("langst", tone: 3)], rows: rows)
    }

    private func nameColumns(_ line: InputLine) -> [String] {
        withNames ? [line.publicName ?? "", line.name ?? ""] : [line.publicName ?? ""]
    }

    private var nameHeaders: [ReportTable.Column] {
        withNames ? [.init("publieke naam"), .init("naam (persoonsgegeven)")] : [.init("publieke naam")]
    }

    private func processSection(_ audit: ProcessAudit) -> ReportSection {
        let c = audit.counts
        var blocks: [ReportBlock] = []
        var state = audit.stateLabel
        if let phase = audit.phase { state += " (fase \(phase.rawValue))" }
        if let outcome = audit.outcome { state += ", afgesloten met uitkomst \(outcome)" }
        var facts = [
            ReportFact("Werkstroom", "\(audit.workflowTitle) (\(audit.workflow) \(audit.workflowVersion))"),
            ReportFact("Toestand", state),
            ReportFact("Gestart", audit.started.description),
        ]
        if let wijk = audit.wijk { facts.append(ReportFact("Wijk", wijk)) }
        var inputs = "\(c.inputs)"
        var notes: [String] = []
        let points = audit.inputs.compactMap(\.points).reduce(0, +)
        if points > 0 { notes.append("met \(ProcessEngine.pointNoun.counted(points)), elk met een eigen antwoord") }
        if c.withdrawn > 0 { notes.append("\(c.withdrawn) ingetrokken") }
        if c.exempt > 0 { notes.append("\(c.exempt) zonder antwoordplicht") }
        if c.redacted > 0 { notes.append("bij \(c.redacted) persoonsgegevens verwijderd") }
        if !notes.isEmpty { inputs += " (\(notes.joined(separator: ", ")))" }
        facts += [
            ReportFact("Inbreng", inputs),
            ReportFact("Beantwoord", "\(c.answered) van \(c.needingFeedback)"),
            ReportFact("Verstuurd", "\(c.sent) van \(c.needingFeedback)"),
            ReportFact("Antwoord over tijd", "\(c.overdue)"),
            ReportFact("Te laat ingediend", "\(c.late)"),
        ]
        if let median = audit.daysToFeedback.median, let worst = audit.daysToFeedback.worst {
            facts.append(
                ReportFact(
                    "Dagen tot antwoord",
                    "mediaan \(Self.days(median)), langst \(worst) (\(audit.daysToFeedback.worstInputs.joined(separator: ", ")))"))
        } else {
            facts.append(ReportFact("Dagen tot antwoord", "nog geen antwoorden"))
        }
        blocks.append(.facts(facts))
        blocks.append(.phaseRibbon(current: audit.phase))

        blocks.append(.subheading("Inbreng per soort"))
        if audit.kinds.isEmpty {
            blocks.append(.paragraph("Er is nog geen inbreng."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Inbreng per soort in \(audit.process)",
                        columns: [
                            .init("soort"), .init("ingediend", numeric: true), .init("ingetrokken", numeric: true),
                            .init("antwoord nodig", numeric: true), .init("beantwoord", numeric: true), .init("verstuurd", numeric: true),
                            .init("over tijd", numeric: true), .init("te laat ingediend", numeric: true),
                        ],
                        rows: audit.kinds.map {
                            [
                                $0.label, "\($0.inputs)", "\($0.withdrawn)", "\($0.needingFeedback)", "\($0.answered)", "\($0.sent)",
                                "\($0.overdue)", "\($0.late)",
                            ]
                        })))
        }

        blocks.append(.subheading("Oordelen"))
        if audit.verdicts.isEmpty {
            blocks.append(.paragraph("Nog geen antwoorden."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Oordelen in \(audit.process), als deel van alle antwoorden (\(DutchNoun.antwoord.counted(c.answered)))",
                        columns: [.init("oordeel"), .init("aantal", numeric: true), .init("aandeel", numeric: true)],
                        rows: audit.verdicts.map { [$0.label, "\($0.count)", "\($0.percent)%"] })))
        }

        blocks.append(.subheading("Besluiten"))
        if audit.decisions.isEmpty {
            blocks.append(.paragraph("Er is nog geen besluit genomen."))
        } else {
            blocks.append(
                .paragraph(
                    "Per besluit staat in het journaal hoeveel reacties op dat moment een antwoord nodig hadden, "
                        + "hoeveel daarvan nog geen antwoord hadden en hoeveel antwoorden nog niet verstuurd waren."))
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Besluiten in \(audit.process), met de stand van de reacties op dat moment (uit het journaal)",
                        columns: [
                            .init("datum"), .init("besluit"), .init("door"), .init("account"), .init("vastgelegd (UTC)"),
                            .init("gewogen", numeric: true), .init("zonder antwoord op dat moment", numeric: true),
                            .init("niet verstuurd op dat moment", numeric: true),
                        ],
                        rows: audit.decisions.map {
                            [
                                $0.date.description, $0.label, $0.timed ? "vanzelf (termijn verstreken)" : $0.by, $0.account ?? "—",
                                $0.recorded ?? "—", "\($0.inputsWeighed)",
                                $0.unansweredAtThatMoment == 0 ? "geen" : "\($0.unansweredAtThatMoment)", "\($0.unsentAtThatMoment)",
                            ]
                        })))
            for decision in audit.decisions {
                guard let later = decision.earlierThanWeighed else { continue }
                blocks.append(
                    .paragraph(
                        "LET OP: het besluit \"\(decision.label)\" staat op \(decision.at), maar in het journaal staat ervoor inbreng of een "
                            + "antwoord van \(later). Een besluit kan niet wegen wat er later kwam: de klok stond bij het besluit terug."))
            }
        }
        if let ahead = audit.clockAhead {
            blocks.append(
                .paragraph(
                    "LET OP: bij \(DutchNoun.regel.counted(ahead.lines)) van dit proces liep de ingestelde klok voor op de "
                        + "echte klok (de eerste: \(Timestamp.format(ahead.firstAt)) tegen \(Timestamp.format(ahead.firstRecorded)), tot "
                        + "\(DutchNoun.dag.counted(Int(ahead.largestSeconds / 86_400)))). Dat kan alleen in een oefenopslag."))
        }
        blocks += ownerBlocks(audit)
        if !audit.lateRegistrations.isEmpty {
            blocks.append(.subheading("Laat geregistreerd"))
            blocks.append(
                .table(
                    ReportTable(
                        caption:
                            "Inbreng in \(audit.process) die meer dan \(AuditReport.lateRegistrationDays) dagen na ontvangst is geregistreerd",
                        columns: [.init("kenmerk"), .init("ontvangen"), .init("geregistreerd"), .init("dagen", numeric: true)],
                        rows: audit.lateRegistrations.map { [$0.input, $0.received.description, $0.registered.description, "\($0.days)"] }))
            )
        }

        blocks.append(.subheading("Standaardantwoorden"))
        let standard = audit.standardAnswers
        if standard.groups.isEmpty {
            blocks.append(
                .paragraph(
                    standard.answered == 0
                        ? "Nog geen antwoorden."
                        : "Geen: elke motivering is eigen tekst (geen \(standard.minimum) antwoorden met precies dezelfde motivering)."))
        } else {
            blocks.append(
                .paragraph(
                    "\(standard.inputs) van de \(standard.answered) antwoorden (\(standard.percent)%) hebben een motivering "
                        + "die woord voor woord ook bij andere inbreng staat."))
            blocks.append(
                .table(
                    ReportTable(
                        caption:
                            "Standaardantwoorden in \(audit.process): dezelfde motivering bij \(standard.minimum) of meer stuks inbreng",
                        columns: [
                            .init("motivering (ingekort)"), .init("aantal", numeric: true), .init("aandeel", numeric: true),
                            .init("kenmerken"),
                        ],
                        rows: standard.groups.map {
                            [Self.shortened($0.motivation), "\($0.count)", "\($0.percent)%", $0.inputs.joined(separator: ", ")]
                        },
                        rowHeader: nil)))
        }

        blocks.append(.subheading("Antwoord over tijd"))
        if audit.overdue.isEmpty {
            blocks.append(.paragraph("Geen: elke reactie met een termijn kreeg op tijd antwoord, of de termijn loopt nog."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Reacties in \(audit.process) zonder antwoord binnen de termijn",
                        columns: [.init("kenmerk")] + nameHeaders + [
                            .init("ontvangen"), .init("antwoord uiterlijk"), .init("antwoord verstuurd op"),
                            .init("dagen over tijd", numeric: true),
                        ],
                        rows: audit.overdue.map { line in
                            [line.input] + nameColumns(line) + [
                                line.received.description, line.answerDue?.description ?? "", line.sentOn?.description ?? "nog niet",
                                "\(line.daysOverdue ?? 0)",
                            ]
                        })))
        }

        blocks.append(.subheading("Te laat ingediend"))
        if audit.late.isEmpty {
            blocks.append(.paragraph("Geen."))
        } else {
            blocks.append(
                .paragraph("Deze inbreng kwam na de termijn binnen. Hij is toch geregistreerd en heeft een antwoord nodig."))
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Te laat ingediende inbreng in \(audit.process)",
                        columns: [.init("kenmerk")] + nameHeaders + [.init("ontvangen"), .init("oordeel"), .init("verstuurd op")],
                        rows: audit.late.map { line in
                            [line.input] + nameColumns(line) + [
                                line.received.description, line.verdict?.label ?? "nog geen antwoord", line.sentOn?.description ?? "",
                            ]
                        })))
        }

        blocks.append(.subheading("Elke inbreng"))
        if audit.inputs.isEmpty {
            blocks.append(.paragraph("Er is nog geen inbreng."))
        } else {
            let labels = Dictionary(audit.kinds.map { ($0.kind, $0.label) }, uniquingKeysWith: { first, _ in first })
            // One kind (the usual case) needs no column of its own: the table stays readable in a terminal.
            let kindColumn = audit.kinds.count > 1
            let redacted = Set(audit.redactions.map(\.input))
            // The behandelaar and the days with them, only where the process has behandelaars.
            let ownerColumns = audit.owners != nil
            let columnCount = 6 + (kindColumn ? 1 : 0) + nameHeaders.count + (ownerColumns ? 2 : 0)
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Elke inbreng in \(audit.process), zonder de tekst",
                        columns: [.init("kenmerk")] + (kindColumn ? [.init("soort")] : []) + nameHeaders
                            + (ownerColumns ? [.init("behandelaar"), .init("dagen bij behandelaar", numeric: true)] : []) + [
                                .init("ontvangen"), .init("oordeel"), .init("dagen tot antwoord", numeric: true), .init("verstuurd op"),
                                .init("let op"),
                            ],
                        rows: audit.inputs.map { line in
                            var notes: [String] = []
                            if line.withdrawn { notes.append("ingetrokken") }
                            if let points = line.points {
                                notes.append("\(ProcessEngine.pointNoun.counted(points)); elk punt krijgt een eigen antwoord")
                            } else if !line.needsFeedback {
                                notes.append("geen antwoord nodig")
                            }
                            if let route = line.route { notes.append("punt voor \(route)") }
                            if line.late { notes.append("te laat ingediend") }
                            if line.outOfScope { notes.append("buiten de fase") }
                            if line.overdue == .open { notes.append("antwoord over tijd") }
                            if line.overdue == .answeredLate { notes.append("antwoord na de termijn") }
                            if line.standardAnswer { notes.append("standaardantwoord") }
                            if redacted.contains(line.input) { notes.append("persoonsgegevens verwijderd") }
                            // One array per row, made at its size.
                            var row: [String] = []
                            row.reserveCapacity(columnCount)
                            row.append(line.input)
                            if kindColumn { row.append(labels[line.kind] ?? line.kind) }
                            row += nameColumns(line)
                            if ownerColumns {
                                row.append(line.owner ?? "zonder behandelaar")
                                row.append(line.daysWithOwner.map(String.init) ?? "")
                            }
                            row.append(line.received.description)
                            row.append(line.verdict?.label ?? "")
                            row.append(line.daysToFeedback.map(String.init) ?? "")
                            row.append(line.sentOn?.description ?? "")
                            row.append(notes.count == 1 ? notes[0] : notes.joined(separator: ", "))
                            return row
                        })))
        }

        // Only when there is something to say: an audit without withdrawals looks as before.
        if !audit.withdrawals.isEmpty {
            blocks.append(.subheading("Ingetrokken inbreng"))
            let without = audit.withdrawals.filter { $0.evidence == nil }.count
            blocks.append(
                .paragraph(
                    "Ingetrokken inbreng heeft geen antwoord meer nodig en houdt een besluit niet tegen. Alleen de indiener kan "
                        + "intrekken; daarom staat bij elke intrekking het verzoek van de indiener als bewijs."
                        + (without == 0
                            ? ""
                            : " LET OP: bij \(Self.plural(without, "intrekking", "intrekkingen")) is geen verzoek vastgelegd "
                                + "(vastgelegd voordat dat verplicht was).")))
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Ingetrokken inbreng in \(audit.process): datum, door wie, waarom en het verzoek van de indiener",
                        columns: [
                            .init("datum"), .init("kenmerk"), .init("door"), .init("reden"), .init("verzoek van de indiener"),
                            .init("had antwoord"),
                        ],
                        rows: audit.withdrawals.map {
                            [
                                $0.date.description, $0.input, $0.by ?? "—", $0.reason, $0.evidence ?? "niet vastgelegd",
                                Self.yesNo($0.answered),
                            ]
                        })))
        }

        // Only when there is something to say: an audit without erasures looks as before.
        if !audit.redactions.isEmpty {
            blocks.append(.subheading("Verwijderde persoonsgegevens (AVG)"))
            blocks.append(
                .paragraph(
                    (audit.redactions.count == 1
                        ? "Bij 1 stuk inbreng zijn de contactgegevens van de indiener gewist."
                        : "Bij \(audit.redactions.count) stuks inbreng zijn de contactgegevens van de indieners gewist.")
                        + " De inbreng en het antwoord blijven, en tellen mee."))
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Verwijderde persoonsgegevens in \(audit.process): datum, door wie en waarom",
                        columns: [.init("datum"), .init("kenmerk"), .init("door"), .init("reden")],
                        rows: audit.redactions.map { [$0.date.description, $0.input, $0.by, $0.reason] })))
        }
        return ReportSection(heading: "\(audit.process) — \(audit.title)", blocks: blocks)
    }

    static func shortened(_ text: String, to limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    static func pointTenSentence(_ year: YearAudit) -> String {
        let p = year.pointTen
        let verdict = p.met ? "gehaald" : "niet gehaald"
        return "Tienpuntenplan punt 10 in \(year.year): \(verdict). De raad was betrokken bij "
            + "\(plural(p.raadProcesses, "proces", "processen")) (nodig: 2), waarvan \(p.raadProcessesBeyondDenken) "
            + "verder dan de fase denken (nodig: 1)."
    }

    private func pointTenSection(_ year: YearAudit) -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph(
                "Punt 10: de gemeenteraad kijkt elk jaar bij tenminste twee projecten mee in het bepalen van rollen en voorwaarden. "
                    + "Tenminste één van die projecten gaat over meer dan alleen samen denken."),
            .paragraph(Self.pointTenSentence(year)),
        ]
        if year.processes.isEmpty {
            blocks.append(.paragraph("Er liepen in \(year.year) geen processen in deze selectie."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Processen die in \(year.year) liepen, met wat de raad deed (uit het journaal)",
                        columns: [
                            .init("proces"), .init("titel"), .init("raad betrokken"), .init("wat de raad deed"), .init("fasen bereikt"),
                            .init("verder dan denken"),
                        ],
                        rows: year.processes.map { row in
                            [
                                row.process, row.title, Self.yesNo(row.raadInvolved),
                                row.involvement.map { "\($0.date): \($0.description)" }.joined(separator: "; "),
                                row.phasesReached.map(\.rawValue).joined(separator: ", "), Self.yesNo(row.beyondDenken),
                            ]
                        })))
        }
        return ReportSection(heading: "Tienpuntenplan punt 10 in \(year.year)", blocks: blocks)
    }

    private func wijkSection(_ year: YearAudit) -> ReportSection {
        var blocks: [ReportBlock] = [
            .paragraph(
                "Toetsing van cumulatie: wat er in \(year.year) per wijk speelde. Processen zonder het kenmerk wijk staan onder \(Self.noWijk)."
            )
        ]
        if year.wijken.isEmpty {
            blocks.append(.paragraph("Geen processen in \(year.year)."))
        } else {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Processen, inbreng en besluiten per wijk in \(year.year)",
                        columns: [
                            .init("wijk"), .init("processen", numeric: true), .init("welke"), .init("inbreng ontvangen", numeric: true),
                            .init("nu zonder antwoord", numeric: true), .init("besluiten", numeric: true),
                        ],
                        rows: year.wijken.map {
                            [
                                $0.wijk, "\($0.processes.count)", $0.processes.joined(separator: ", "), "\($0.inputs)", "\($0.unanswered)",
                                "\($0.decisions)",
                            ]
                        })))
        }
        return ReportSection(heading: "Per wijk in \(year.year)", blocks: blocks)
    }

    private var journalSection: ReportSection {
        let check: String
        switch journal.verified {
        case true?: check = "gecontroleerd van de eerste tot de laatste regel: in orde"
        case false?: check = "NIET IN ORDE — een volledige controle van het journaal noemt de eerste foute regel"
        case nil: check = "niet gecontroleerd"
        }
        return ReportSection(
            heading: "Journaal",
            blocks: [
                .facts([ReportFact("Kop", "\(journal.seq):\(journal.hash)"), ReportFact("Hashketen", check)]),
                .paragraph(
                    "Publiceer de kop (bijvoorbeeld in de notulen). Wie het journaal later tegen die kop controleert, ziet "
                        + "of de geschiedenis tot dat punt nog dezelfde is."),
            ])
    }

    private var definitionsSection: ReportSection {
        var items = [
            "In één oogopslag: \"beantwoord vóór elk besluit\" is ja als bij elk besluit alle inbreng die een antwoord nodig had, "
                + "er een had (volgens het journaal). \"Antwoord verstuurd\" is ja als elke indiener zijn antwoord heeft gekregen. "
                + "Staat er nee, dan volgen de kenmerken (de eerste \(AuditReport.glanceIDs), dan hoeveel meer).",
            "Reactie: inbreng die een antwoord nodig heeft (niet ingetrokken, en de soort vraagt om een antwoord).",
            "Besluiten: de overgangen die in de werkstroom als besluit staan. Het aantal reacties zonder antwoord komt uit het journaal "
                + "(de stand op het moment van het besluit), niet uit een aanname.",
            "Over tijd: een reactie met een termijn voor het antwoord waarvan de indiener op de laatste dag nog geen antwoord had, terwijl "
                + "die dag voorbij is: de indiener wacht nog (geen antwoord, of een antwoord dat nog niet verstuurd is), of het antwoord is "
                + "later verstuurd. Dezelfde regel geldt in status, list, deadlines en het register.",
            "Dagen tot antwoord: van de dag van ontvangst tot de dag van het eerste antwoord. Mediaan: de middelste waarde; langst: de grootste.",
            "Standaardantwoord: een motivering die woord voor woord bij \(AuditReport.standardAnswerMinimum) of meer stuks inbreng van één proces staat "
                + "(hoofdletters en witruimte tellen niet). Het aandeel is het deel van alle beantwoorde inbreng.",
            "Persoonsgegevens: het rapport toont het kenmerk en de publieke naam. Namen van indieners staan er alleen in als daar uitdrukkelijk om is gevraagd.",
        ]
        if processes.contains(where: { !$0.withdrawals.isEmpty }) {
            items.append(
                "Ingetrokken: de indiener heeft zijn inbreng ingetrokken. Die inbreng telt niet meer mee voor het besluit, maar blijft "
                    + "zichtbaar, met de reden en het verzoek van de indiener (een verwijzing naar de brief of e-mail, of het kanaal).")
        }
        if processes.contains(where: { $0.owners != nil }) { items.append(Self.ownerDefinition) }
        if processes.contains(where: { !$0.redactions.isEmpty }) {
            items.append(
                "Verwijderde persoonsgegevens (AVG): de contactgegevens van de indiener zijn gewist. De inbreng, het antwoord en de "
                    + "tellingen blijven; het rapport noemt alleen de datum, wie het deed en de reden.")
        }
        if let year {
            items.append(
                "Jaar: de audit gaat over de besluiten die in \(year.year) zijn genomen (de datum van het besluit, in Nederlandse tijd). "
                    + "Een proces zonder besluit in dat jaar staat er niet in; een besluit uit een ander jaar ook niet. "
                    + "De tellingen van een proces (inbreng, antwoorden, over tijd) zijn de stand op de dag van het rapport.")
            items += [
                "Raad betrokken (punt 10): in dat jaar staat in het journaal een overgang of een antwoord door de rol raad, "
                    + "of een document van de raad of een document kaders.",
                "Verder dan denken: het proces kwam uiterlijk 31 december van dat jaar in een toestand van de fase besluiten, doen of leren.",
                "Een proces liep in een jaar als het uiterlijk 31 december gestart was en niet vóór 1 januari afgesloten was.",
            ]
        }
        return ReportSection(heading: "Zo is geteld", blocks: [.list(items)])
    }
}
