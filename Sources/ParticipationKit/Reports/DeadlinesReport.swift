import Foundation

/// Every deadline that is coming up or has passed in a set of processes, for
/// `participatie deadlines`: as a report, as JSON, or as an iCalendar file.
///
/// Three kinds of deadline are listed:
/// - the end of the open window of a process's current state (for example the last day of a
///   ter-inzagelegging), while the window is still open;
/// - the answer deadline (`answerDue`) of every input whose writer still waits for an
///   answer: it has no feedback yet, or the feedback was not sent;
/// - the day each timed transition from the current state fires (``ProcessEngine/timedDue(_:in:)``).
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

        /// The Dutch word in tables.
        public var label: String {
            switch self {
            case .window: "termijn"
            case .answer: "antwoord"
            case .timed: "vanzelf"
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
    }

    public var formatVersion = 1
    public var today: CivilDate
    /// How many days ahead the report looks.
    public var within: Int
    /// The last day listed: `today` + `within`.
    public var until: CivilDate
    /// The deadlines, earliest first.
    public var deadlines: [Item]

    /// Collects the deadlines of the processes.
    ///
    /// - Parameters:
    ///   - processes: Each process with the engine of the definition it runs on.
    ///   - today: The day to count from (Europe/Amsterdam).
    ///   - within: Days ahead to look; passed deadlines are always listed.
    /// - Complexity: O(inputs + transitions) per process, plus sorting the result.
    public init(processes: [(state: ProcessState, engine: ProcessEngine)], today: CivilDate, within: Int = 30) {
        self.today = today
        self.within = within
        self.until = today.adding(days: within)
        var items: [Item] = []
        for (state, engine) in processes {
            items += Self.deadlines(of: state, engine: engine, today: today)
        }
        let until = self.until
        deadlines = items.filter { $0.date <= until }.sorted { a, b in
            (a.date, a.process.rawValue, Self.order(a.kind), a.subject) < (b.date, b.process.rawValue, Self.order(b.kind), b.subject)
        }
    }

    private static func order(_ kind: Kind) -> Int { Kind.allCases.firstIndex(of: kind) ?? 0 }

    private static func deadlines(of state: ProcessState, engine: ProcessEngine, today: CivilDate) -> [Item] {
        let definition = engine.definition
        var items: [Item] = []
        func add(_ kind: Kind, _ subject: String, _ date: CivilDate, _ summary: String, _ detail: String) {
            items.append(
                Item(
                    process: state.id, processTitle: state.title, workflow: state.workflow, kind: kind, subject: subject, date: date,
                    daysLeft: date.days(since: today), overdue: today > date, summary: summary, detail: detail,
                    uid: ICalendar.uid([state.id.rawValue, kind.rawValue, subject])))
        }
        if !state.isFinal, let window = state.window, window.end >= today {
            let label = definition.states[state.current]?.label ?? state.current.rawValue
            add(.window, state.current.rawValue, window.end, "Laatste dag van de termijn: \(label)", window.explanation)
        }
        for input in state.inputs where input.isUnsent {
            guard let due = input.answerDue else { continue }
            let kind = definition.inputKinds[input.kind]?.label ?? input.kind.rawValue
            let detail =
                input.isAnswered
                ? "Het antwoord is klaar, maar nog niet verstuurd (ontvangen \(input.received))."
                : "Nog geen antwoord (ontvangen \(input.received))."
            add(.answer, input.id.rawValue, due, "Antwoord uiterlijk: \(kind) \(input.id)", detail)
        }
        if !state.isFinal {
            for transition in definition.transitions(from: state.current) where transition.isTimed {
                guard let fires = engine.timedDue(transition, in: state) else { continue }
                let target = definition.states[transition.to]?.label ?? transition.to.rawValue
                let after = transition.after.map { "na \($0)" } ?? "na de termijn"
                add(
                    .timed, transition.name.rawValue, fires, "Gaat vanzelf: \(engine.label(of: transition))",
                    "Het proces gaat \(after) vanzelf naar \"\(target)\", tenzij er eerder een andere stap is gezet.")
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
    public func iCalendar(stamp: Date) -> String {
        ICalendar(
            name: "Termijnen participatie",
            events: deadlines.map { item in
                var description = [item.processTitle, item.detail]
                if item.kind == .answer { description.append("Kenmerk van de inbreng: \(item.subject).") }
                if item.overdue { description.append("Op \(today) al \(Self.distance(item.daysLeft)).") }
                return ICalendar.Event(
                    uid: item.uid, day: item.date, summary: "\(item.process): \(item.summary)",
                    description: description.joined(separator: "\n"))
            }
        ).render(stamp: stamp)
    }
}
