import Foundation

/// Every deadline that is coming up or has passed in a set of processes, for
/// `participatie deadlines`: as a report, as JSON, or as an iCalendar file.
///
/// Three kinds of deadline are listed:
/// - the end of the open window of a process's current state (for example the last day of a
///   ter-inzagelegging), while the window is still open;
/// - the answer deadline (`answerDue`) of the inputs whose writers still wait for an answer
///   (no feedback yet, or the feedback was not sent): one per process and day, so a letter of
///   five points is one deadline, not five;
/// - the day each timed transition from the current state fires (``ProcessEngine/timedDue(_:in:)``);
/// - the last day of each named term of the workflow that runs (``ProcessEngine/termStatuses(in:)``),
///   such as the beslistermijn, after every extension; a term that was met stays in the agenda as
///   cancelled.
///
/// Deadlines up to `within` days after `today` are listed, and every deadline that has
/// passed; those are flagged as overdue. Closed processes contribute only answers still owed.
/// The report never names writers: an input is shown by its id.
public struct DeadlinesReport: Hashable, Sendable, Encodable {
    /// What a deadline is about.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The window of the current state ends.
        case window
        /// A writer must have an answer.
        case answer
        /// A timed transition fires.
        case timed
        /// A named term of the workflow (`"terms"`) ends, such as the beslistermijn.
        case term

        /// The Dutch word in tables.
        public var label: String {
            switch self {
            case .window: "termijn"
            case .answer: "antwoord"
            case .timed: "vanzelf"
            case .term: "wettelijke termijn"
            }
        }
    }

    /// One deadline.
    public struct Item: Hashable, Sendable, Encodable {
        public var process: ProcessID
        public var processTitle: String
        public var workflow: WorkflowID
        public var kind: Kind
        /// What it is about: the state (window), the input (answer) or the transition (timed).
        public var subject: String
        /// The last day on time (window, answer) or the day the transition fires (timed).
        public var date: CivilDate
        /// Days from today to `date`; negative once it has passed.
        public var daysLeft: Int
        /// Whether `date` has passed.
        public var overdue: Bool
        /// One line in Dutch, for example `Antwoord uiterlijk: Inspraakreactie R-0002`.
        public var summary: String
        /// More in Dutch: how the date was reached, or what happens on it.
        public var detail: String
        /// The stable iCalendar `UID`.
        public var uid: String
        /// Set on a deadline that was met (every answer due that day was sent) or that fell
        /// away: kept in the agenda as cancelled, so a calendar that imported it drops it.
        public var met: Bool = false
        /// How often a named term was extended; `nil` for other deadlines. Each extension
        /// raises the iCalendar `SEQUENCE`, so an imported event moves to the new day.
        public var extended: Int? = nil
    }

    public var formatVersion = 1
    public var today: CivilDate
    /// How many days ahead the report looks.
    public var within: Int
    /// The last day listed: `today` + `within`.
    public var until: CivilDate
    /// The deadlines, earliest first.
    public var deadlines: [Item]
    /// Answer deadlines met in the last ``metDaysBack`` days: only the agenda shows them, as
    /// cancelled, so an earlier import is updated instead of keeping a stale reminder.
    public var met: [Item]

    /// How far back met deadlines are kept in the agenda.
    public static let metDaysBack = 60

    /// Collects the deadlines of the processes.
    ///
    /// - Parameters:
    ///   - processes: Each process with the engine of the definition it runs on.
    ///   - today: The day to count from (Europe/Amsterdam).
    ///   - within: Days ahead to look; passed deadlines are always listed.
    /// - Complexity: O(inputs + transitions) per process, plus sorting the result; for a process
    ///   with nothing open whose inputs a snapshot sums up, O(days with answer terms + transitions).
    public init(processes: [(state: ProcessState, engine: ProcessEngine)], today: CivilDate, within: Int = 30) {
        self.init(processes: processes, today: today, within: within, readingAll: false)
    }

    /// The deadlines; with `readingAll` every input is read, also of a process with nothing open
    /// whose answer terms a snapshot's summary counts (the store trials check that both agree).
    package init(processes: [(state: ProcessState, engine: ProcessEngine)], today: CivilDate, within: Int, readingAll: Bool) {
        self.today = today
        self.within = within
        self.until = today.adding(days: within)
        var items: [Item] = []
        for (state, engine) in processes {
            items += Self.deadlines(of: state, engine: engine, today: today, readingAll: readingAll)
        }
        let until = self.until
        let earliest = today.adding(days: -Self.metDaysBack)
        func ordered(_ a: Item, _ b: Item) -> Bool {
            (a.date, a.process.rawValue, Self.order(a.kind), a.subject) < (b.date, b.process.rawValue, Self.order(b.kind), b.subject)
        }
        deadlines = items.filter { !$0.met && $0.date <= until }.sorted(by: ordered)
        met = items.filter { $0.met && $0.date >= earliest && $0.date <= until }.sorted(by: ordered)
    }

    private static func order(_ kind: Kind) -> Int { Kind.allCases.firstIndex(of: kind) ?? 0 }

    private static func deadlines(of state: ProcessState, engine: ProcessEngine, today: CivilDate, readingAll: Bool) -> [Item] {
        let definition = engine.definition
        var items: [Item] = []
        func add(
            _ kind: Kind, _ subject: String, _ date: CivilDate, _ summary: String, _ detail: String, uid: [String]? = nil,
            met: Bool = false,
            extended: Int? = nil
        ) {
            items.append(
                Item(
                    process: state.id, processTitle: state.title, workflow: state.workflow, kind: kind, subject: subject, date: date,
                    daysLeft: date.days(since: today), overdue: !met && today > date, summary: summary, detail: detail,
                    uid: ICalendar.uid(uid ?? [state.id.rawValue, kind.rawValue, subject]), met: met, extended: extended))
        }
        if !state.isFinal, let window = state.window, window.end >= today {
            let label = definition.states[state.current]?.label ?? state.current.rawValue
            add(.window, state.current.rawValue, window.end, "Laatste dag van de termijn: \(label)", window.explanation)
        }
        // One answer deadline per day: the inputs due that day, open or (all) sent. A letter with
        // points is one input here: open while any point waits, answered when every point is.
        var pointsWaiting: [InputID: (unsent: Int, unanswered: [InputID])] = [:]
        var byDay: [CivilDate: (open: [(input: InputRecord, answered: Bool)], sent: Int)] = [:]
        if !readingAll, !state.hasOpenInputs, let sent = state.sentAnswerTerms {
            // Nothing is open, so every answer term is met: the summary of a snapshot's inputs
            // counts them by day, and the inputs are not read (`deadlines` of a finished process).
            for entry in sent { byDay[entry.day] = ([], entry.count) }
        } else {
            for input in state.inputs where input.isWaitingPoint {
                guard let parent = input.parent else { continue }
                pointsWaiting[parent, default: (0, [])].unsent += 1
                if !input.isAnswered { pointsWaiting[parent, default: (0, [])].unanswered.append(input.id) }
            }
            for input in state.inputs where input.hasOwnAnswerTerm {
                guard let due = input.answerDue else { continue }
                let waiting = pointsWaiting[input.id]
                let unsent = input.hasPoints ? waiting != nil : input.isUnsent
                if unsent {
                    let answered = input.hasPoints ? waiting?.unanswered.isEmpty ?? true : input.isAnswered
                    byDay[due, default: ([], 0)].open.append((input, answered))
                } else {
                    byDay[due, default: ([], 0)].sent += 1
                }
            }
        }
        for (due, group) in byDay {
            let uid = [state.id.rawValue, Kind.answer.rawValue, due.iso]
            guard !group.open.isEmpty else {
                let sent = DutchNoun.all(group.sent).map { "\($0) antwoorden verstuurd" } ?? "antwoord verstuurd"
                let detail = group.sent == 1 ? "Het antwoord van die dag is verstuurd." : "Alle antwoorden van die dag zijn verstuurd."
                add(.answer, "", due, "Antwoord uiterlijk: \(sent)", detail, uid: uid, met: true)
                continue
            }
            let ids = group.open.map(\.input.id.rawValue)
            let kinds = Set(group.open.map(\.input.kind))
            let noun: String
            if kinds.count == 1, let kind = kinds.first, let spec = definition.inputKinds[kind] {
                noun = group.open.count == 1 ? spec.label : spec.noun.counted(group.open.count)
            } else {
                noun = group.open.count == 1 ? "inbreng" : DutchNoun.inbreng.counted(group.open.count)
            }
            // Which ones, not how many: "1 heeft nog geen antwoord" leaves the griffie guessing. A letter
            // with points is named by its points.
            let waiting = group.open.filter { !$0.answered && !$0.input.hasPoints }.map(\.input.id.rawValue)
            let ready = group.open.filter { $0.answered }.map(\.input.id.rawValue)
            let openPoints = group.open.flatMap { pointsWaiting[$0.input.id]?.unanswered ?? [] }.map(\.rawValue)
            var detail: [String] = []
            if !waiting.isEmpty { detail.append("nog zonder antwoord: \(Refusal.list(waiting, limit: 10))") }
            if !openPoints.isEmpty {
                detail.append(
                    "\(DutchNoun.agreeing(openPoints.count, "punt", "punten")) zonder antwoord: \(Refusal.list(openPoints, limit: 10))")
            }
            if !ready.isEmpty { detail.append("antwoord klaar, nog niet verstuurd: \(Refusal.list(ready, limit: 10))") }
            add(
                .answer, Refusal.list(ids, limit: 10), due, "Antwoord uiterlijk: \(noun) \(Refusal.list(ids, limit: 5))",
                detail.joined(separator: "; ").prefix(1).uppercased() + detail.joined(separator: "; ").dropFirst() + ".", uid: uid)
        }
        if !state.isFinal {
            for transition in definition.transitions(from: state.current) where transition.isTimed {
                guard let fires = engine.timedDue(transition, in: state) else { continue }
                let target = definition.states[transition.to]?.label ?? transition.to.rawValue
                let after =
                    transition.after.map { "na \($0)" } ?? transition.afterTerm.map {
                        "na de \(DutchNoun.lowercasingFirst(engine.termLabel($0)))"
                    }
                    ?? "na de termijn"
                add(
                    .timed, transition.name.rawValue, fires, "Gaat vanzelf: \(engine.label(of: transition))",
                    "Het proces gaat \(after) vanzelf naar \"\(target)\", tenzij er eerder een andere stap is gezet.")
            }
        }
        for term in engine.termStatuses(in: state) {
            guard let end = term.end else { continue }
            let extended = term.extensions.count
            if term.isRunning {
                add(.term, term.name.rawValue, end, "Laatste dag: \(term.spec.label)", term.summary, extended: extended)
            } else if term.met != nil {
                add(.term, term.name.rawValue, end, "\(term.spec.label) gehaald", term.summary, met: true, extended: extended)
            }
        }
        return items
    }

    /// How far away a deadline is, in Dutch: `nog 5 dagen`, `vandaag`, `3 dagen te laat`.
    public static func distance(_ daysLeft: Int) -> String {
        switch daysLeft {
        case 0: "vandaag"
        case 1: "morgen"
        case 2...: "nog \(daysLeft) dagen"
        case -1: "1 dag te laat"
        default: "\(-daysLeft) dagen te laat"
        }
    }

    /// The report as a document: the counts and one table, earliest first.
    public var document: ReportDocument {
        let overdue = deadlines.filter(\.overdue).count
        var overview: [ReportBlock] = [
            .facts([
                ReportFact("Termijnen", "\(deadlines.count)"),
                ReportFact("Te laat", "\(overdue)"),
            ])
        ]
        if deadlines.isEmpty {
            overview.append(.paragraph("Er zijn geen termijnen tot en met \(until.longDescription)."))
        } else if overdue > 0 {
            overview.append(
                .paragraph(
                    overdue == 1
                        ? "Eén termijn is verstreken. Die staat bovenaan." : "\(overdue) termijnen zijn verstreken. Die staan bovenaan."))
        }
        let table = ReportTable(
            caption: "Termijnen tot en met \(until), de vroegste eerst",
            columns: [
                .init("Datum"), .init("Stand"), .init("Proces"), .init("Soort"), .init("Wat"), .init("Toelichting"),
            ],
            rows: deadlines.map { item in
                [
                    item.date.longDescription, Self.distance(item.daysLeft), item.process.rawValue, item.kind.label, item.summary,
                    item.detail,
                ]
            })
        return ReportDocument(
            title: "Termijnen",
            subtitle:
                "Stand op \(today.longDescription). Alles tot en met \(until.longDescription) (\(within) dagen), en wat al te laat is.",
            sections: [
                ReportSection(heading: "Overzicht", blocks: overview),
                ReportSection(heading: "Alle termijnen", blocks: [.table(table)]),
            ])
    }

    /// The deadlines as an iCalendar file: one all-day event per deadline.
    ///
    /// - Parameter stamp: The moment the file is made (`DTSTAMP`); pass the command's `now`.
    ///
    /// Open deadlines carry a reminder three days ahead. A deadline met in the last
    /// ``metDaysBack`` days stays in the file as cancelled (`STATUS:CANCELLED`, a higher
    /// `SEQUENCE`, the same `UID`), so a calendar that imported it earlier drops it.
    public func iCalendar(stamp: Date) -> String {
        ICalendar(
            name: "Termijnen participatie",
            events: (deadlines + met).map { item in
                var description = [item.processTitle, item.detail]
                if item.kind == .answer, !item.met { description.append("Kenmerk van de inbreng: \(item.subject).") }
                if item.overdue { description.append("Op \(today) al \(Self.distance(item.daysLeft)).") }
                return ICalendar.Event(
                    uid: item.uid, day: item.date, summary: "\(item.process): \(item.summary)",
                    description: description.joined(separator: "\n"), cancelled: item.met,
                    sequence: (item.extended ?? 0) + (item.met ? 1 : 0),
                    reminderDaysBefore: item.met ? nil : 3)
            }
        ).render(stamp: stamp)
    }
}
