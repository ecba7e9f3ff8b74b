import Foundation

/// The griffie's register of letters to the raad (`ingekomen-stuk`), for
/// `participatie report register`: every letter with its sender, date, subject,
/// afdoeningsvoorstel, state, due date, days overdue, outcome and the day the writer was told.
///
/// Definitions:
/// - *received*: the earliest day of receipt of the letter's points; without points, the day
///   the letter was registered.
/// - *sender*: the public names given on the points (usually one). The writer's own name is
///   personal data and appears only when a `names` lookup is passed (`--with-names`).
/// - *due*: the earliest `answerDue` of the points whose writer still waits for an answer
///   (no feedback yet, or feedback not sent). `nil` when nothing is owed.
/// - *days overdue*: the most days any point is past its answer term while its writer still
///   waits (``InputRecord/daysOverdue(on:)``), 0 when none is. Something on the due day itself
///   is on time.
/// - *writer told*: the latest day an answer was sent, once every point's answer is sent.
/// - *open*: the letter is not in a final state; *overdue*: days overdue > 0.
///
/// - *behandelaar*: the owner of each point (``InputRecord/owner``), with the days it has been
///   with them (``InputRecord/daysWithOwner(on:)``) and every hand-over. Shown per point, in a
///   table of its own, once any point in the register has a behandelaar or a hand-over.
///
/// Letters in `geenOpvolging` (no raadslid picked them up) come first, then the most overdue,
/// then open letters before closed ones, then the oldest.
public struct RegisterReport: Hashable, Sendable, Encodable {
    /// The workflow whose processes are letters.
    public static let workflow: WorkflowID = "ingekomen-stuk"
    /// The state of a letter no raadslid picked up.
    public static let noFollowUp: StateID = "geenOpvolging"
    /// The document kind of the griffie's proposal how to deal with the letter.
    public static let proposalDocument: DocumentKindID = "afdoeningsvoorstel"
    /// The state in which the presidium chooses how the raad deals with the letter.
    public static let proposalState: StateID = "afdoeningsvoorstel"

    /// One letter.
    public struct Letter: Hashable, Sendable, Encodable {
        public var process: ProcessID
        public var received: CivilDate
        /// The public name(s) of the sender, if given.
        public var sender: String?
        /// The writers' names (personal data): only with a `names` lookup.
        public var writerNames: [String]?
        /// The subject: the title of the process.
        public var subject: String
        /// The reference of the latest afdoeningsvoorstel, if there is one.
        public var afdoeningsvoorstel: String?
        /// How the presidium or raad dealt with the letter (the step taken after the
        /// afdoeningsvoorstel), if it did.
        public var afdoening: String?
        public var state: StateID
        public var stateLabel: String
        public var isFinal: Bool
        public var outcome: String?
        /// Points (inputs) that need an answer, and how many are answered and sent.
        public var points: Int
        public var answered: Int
        public var sent: Int
        public var due: CivilDate?
        public var daysOverdue: Int
        public var writerTold: CivilDate?
        /// Whether the letter is in `geenOpvolging`.
        public var noFollowUp: Bool
        /// Each point with its behandelaar and hand-overs (with `--owner`, only that owner's
        /// points); `nil` when no point in the register has a behandelaar or a hand-over.
        public var perPoint: [Point]? = nil
    }

    /// One point of a letter (an input) with its behandelaar.
    public struct Point: Hashable, Sendable, Encodable {
        public var input: InputID
        /// The current behandelaar; `nil` when nobody is.
        public var owner: String?
        /// The day the point came to this behandelaar (or to nobody): its last hand-over, else
        /// the day it was received.
        public var withOwnerSince: CivilDate
        public var daysWithOwner: Int
        public var due: CivilDate?
        public var daysOverdue: Int
        /// `open` (no answer yet), `answered` (not sent yet), `sent` or `withdrawn`.
        public var status: String
        public var sentOn: CivilDate?
        /// Every change of behandelaar, oldest first.
        public var handovers: [HandoverLine]
        /// For a point of a letter: the label of the role that answers it (``PointsSpec/routes``).
        public var route: String? = nil
    }

    /// A change of behandelaar of a point.
    public struct HandoverLine: Hashable, Sendable, Encodable {
        public var from: String?
        public var to: String
        public var date: CivilDate
        public var by: String
        public var reason: String?
    }

    public var formatVersion = 1
    public var today: CivilDate
    /// Only letters that are not closed (`--open`).
    public var onlyOpen: Bool
    /// Only letters with an overdue answer (`--overdue`).
    public var onlyOverdue: Bool
    /// Whether writers' names were looked up (`--with-names`): the report holds personal data.
    public var includesNames: Bool
    /// Only letters with a point that is with this behandelaar (`--owner`).
    public var onlyOwner: String? = nil
    public var letters: [Letter]

    /// Builds the register from the letters among `processes`; other workflows are skipped.
    ///
    /// - Parameters:
    ///   - processes: Each process with the engine of the definition it runs on.
    ///   - today: The day days overdue are counted to.
    ///   - open: Only letters that are not closed.
    ///   - overdue: Only letters with days overdue > 0.
    ///   - names: Looks up a writer's name (personal data). Without it, no name appears.
    ///     An input whose details were erased (AVG) shows ``Redaction/placeholder`` instead.
    ///   - owner: Only letters with a point that is now with this behandelaar
    ///     (``InputRecord/isOwned(by:)``), and of those only that behandelaar's points.
    /// - Complexity: O(inputs + history) per letter, plus sorting.
    public init(
        processes: [(state: ProcessState, engine: ProcessEngine)], today: CivilDate, open: Bool = false, overdue: Bool = false,
        names: ((ProcessID, InputID) -> String?)? = nil, owner: String? = nil
    ) {
        self.today = today
        onlyOpen = open
        onlyOverdue = overdue
        includesNames = names != nil
        onlyOwner = owner
        var letters: [Letter] = []
        var showsOwners = owner != nil
        for (state, engine) in processes where state.workflow == Self.workflow {
            var letter = Self.letter(state, engine: engine, today: today, names: names)
            if open, letter.isFinal { continue }
            if overdue, letter.daysOverdue <= 0 { continue }
            // A letter with points is listed by its points: they carry the answers and owners.
            let points = state.inputs.filter { input in !input.hasPoints && (owner.map { input.isOwned(by: $0) } ?? true) }
            if owner != nil, points.isEmpty { continue }
            letter.perPoint = points.map { point in
                var line = Self.point(point, today: today)
                line.route = point.route.map { engine.definition.roles[$0]?.label ?? $0.rawValue }
                return line
            }
            if points.contains(where: { $0.owner != nil || !$0.handovers.isEmpty }) { showsOwners = true }
            letters.append(letter)
        }
        if !showsOwners { for index in letters.indices { letters[index].perPoint = nil } }
        self.letters = letters.sorted { a, b in
            if a.noFollowUp != b.noFollowUp { return a.noFollowUp }
            if a.daysOverdue != b.daysOverdue { return a.daysOverdue > b.daysOverdue }
            if a.isFinal != b.isFinal { return !a.isFinal }
            if a.received != b.received { return a.received < b.received }
            return a.process < b.process
        }
    }

    private static func letter(
        _ state: ProcessState, engine: ProcessEngine, today: CivilDate, names: ((ProcessID, InputID) -> String?)?
    ) -> Letter {
        let definition = engine.definition
        let current = state.inputs.filter { !$0.isWithdrawn }
        let received = current.map(\.received).min() ?? state.inputs.map(\.received).min() ?? CivilDate(amsterdam: state.startedAt)
        let sender = unique(current.compactMap(\.publicName)).joined(separator: "; ")
        let writerNames = names.map { lookup in unique(current.compactMap { $0.reportedName(in: state.id, lookup: lookup) }) }
        let owed = state.unsent
        let due = owed.compactMap(\.answerDue).min()
        let daysOverdue = owed.map { $0.daysOverdue(on: today) }.max() ?? 0
        let gate = state.inputs.filter(\.countsForGate)
        let allSent = !gate.isEmpty && gate.allSatisfy(\.isSent)
        let afdoening = state.history.last { $0.from == proposalState }
            .map { engine.label(of: $0.transition, in: $0.from) }
        return Letter(
            process: state.id, received: received, sender: sender.isEmpty ? nil : sender, writerNames: writerNames,
            subject: state.title, afdoeningsvoorstel: state.documents(of: proposalDocument).last?.reference, afdoening: afdoening,
            state: state.current, stateLabel: definition.states[state.current]?.label ?? state.current.rawValue,
            isFinal: state.isFinal, outcome: state.outcome, points: state.counts.needingFeedback, answered: state.counts.answered,
            sent: state.counts.sent, due: due, daysOverdue: daysOverdue,
            writerTold: allSent ? gate.compactMap(\.sentOn).max() : nil, noFollowUp: state.current == noFollowUp)
    }

    private static func point(_ input: InputRecord, today: CivilDate) -> Point {
        let status =
            input.isWithdrawn ? "withdrawn" : input.isSent ? "sent" : input.isAnswered ? "answered" : "open"
        return Point(
            input: input.id, owner: input.owner, withOwnerSince: input.withOwnerSince, daysWithOwner: input.daysWithOwner(on: today),
            due: input.countsForGate ? input.answerDue : nil, daysOverdue: input.daysOverdue(on: today), status: status,
            sentOn: input.sentOn,
            handovers: input.handovers.map {
                HandoverLine(from: $0.from, to: $0.to, date: CivilDate(amsterdam: $0.at), by: $0.by.description, reason: $0.reason)
            })
    }

    /// A point's state in Dutch, as the register prints it.
    static func statusText(_ point: Point) -> String {
        switch point.status {
        case "withdrawn": "ingetrokken"
        case "sent": "antwoord verstuurd" + (point.sentOn.map { " op \($0)" } ?? "")
        case "answered": "beantwoord, nog niet verstuurd"
        default: "wacht op antwoord"
        }
    }

    /// `Team Groen → Wijkzaken op 12-05-2026, door griffie (Anouk): reden`; `niemand` for no owner.
    static func handoverText(_ handover: HandoverLine) -> String {
        "\(handover.from ?? "niemand") → \(handover.to) op \(handover.date), door \(handover.by)"
            + (handover.reason.map { ": \($0)" } ?? "")
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    private static func cell(_ text: String?) -> String {
        guard let text else { return "—" }
        let collapsed = text.whitespaceCollapsed
        return collapsed.isEmpty ? "—" : collapsed
    }

    /// The age groups of open letters, in days since receipt (lower bound, and the label).
    static let ageGroups: [(from: Int, label: String)] = [
        (0, "tot 2 weken"), (14, "2 tot 4 weken"), (28, "4 tot 8 weken"), (56, "8 weken of langer"),
    ]

    /// The open letters by age (days since they were received), as a chart; `nil` when no
    /// letter is open.
    var ageChart: ReportChart? {
        let open = letters.filter { !$0.isFinal }
        guard !open.isEmpty else { return nil }
        let groups = Self.ageGroups.enumerated().map { index, group -> (label: String, letters: [Letter]) in
            let upper = index + 1 < Self.ageGroups.count ? Self.ageGroups[index + 1].from : Int.max
            return (group.label, open.filter { (group.from..<upper).contains(today.days(since: $0.received)) })
        }
        let rows = groups.map { group in
            ReportChart.Row(label: group.label, values: [Double(group.letters.count)], note: DutchNoun.brief.counted(group.letters.count))
        }
        let parts = groups.map { group in
            "\(group.label): \(DutchNoun.brief.counted(group.letters.count))"
                + (group.letters.isEmpty ? "" : " (\(AuditReport.someIDs(group.letters.map(\.process.rawValue))))")
        }
        let summary =
            "\(DutchNoun.brief.counted(open.count)) nog open, naar het aantal dagen sinds ontvangst op \(today): "
            + parts.joined(separator: "; ") + "."
        return ReportChart(
            title: "Open brieven naar leeftijd", summary: summary, style: .bars,
            series: [ReportChart.Series("open brieven", tone: 3)], rows: rows)
    }

    /// The register as a document: the counts, then one table with a row per letter.
    public var document: ReportDocument {
        let withNames = includesNames
        let open = letters.filter { !$0.isFinal }.count
        let overdue = letters.filter { $0.daysOverdue > 0 }.count
        let noFollowUp = letters.filter(\.noFollowUp).count
        var overview: [ReportBlock] = [
            .facts([
                ReportFact("Brieven", "\(letters.count)"),
                ReportFact("Nog open", "\(open)"),
                ReportFact("Antwoord te laat", "\(overdue)"),
                ReportFact("Geen opvolging door de raad", "\(noFollowUp)"),
            ])
        ]
        var selection: [String] = []
        if onlyOpen { selection.append("alleen brieven die nog open zijn") }
        if onlyOverdue { selection.append("alleen brieven met een antwoord dat te laat is") }
        if let onlyOwner { selection.append("alleen brieven met een punt bij \(onlyOwner), en alleen die punten") }
        if !selection.isEmpty { overview.append(.paragraph("Selectie: \(selection.joined(separator: ", ")).")) }
        if letters.isEmpty {
            overview.append(.paragraph("Er zijn geen brieven om te tonen."))
        }
        if noFollowUp > 0 {
            overview.append(
                .paragraph(
                    "\(noFollowUp == 1 ? "Eén brief heeft" : "\(noFollowUp) brieven hebben") geen opvolging gekregen: geen raadslid heeft "
                        + "\(noFollowUp == 1 ? "hem" : "ze") opgepakt. \(noFollowUp == 1 ? "Die staat" : "Die staan") bovenaan. "
                        + "De schrijver moet dat horen."))
        }
        if let chart = ageChart { overview.append(.chart(chart)) }
        if withNames {
            overview.append(.paragraph("Let op: dit overzicht bevat namen van schrijvers (persoonsgegevens). Deel het niet openbaar."))
        }
        var columns: [ReportTable.Column] = [.init("Brief"), .init("Ontvangen"), .init("Afzender")]
        if withNames { columns.append(.init("Naam schrijver")) }
        columns += [
            .init("Onderwerp"), .init("Afdoeningsvoorstel"), .init("Afdoening"), .init("Stand"), .init("Antwoord uiterlijk"),
            .init("Dagen te laat", numeric: true), .init("Uitkomst"), .init("Schrijver geïnformeerd"),
        ]
        let rows = letters.map { letter -> [String] in
            var row = [letter.process.rawValue, letter.received.description, Self.cell(letter.sender)]
            if withNames { row.append(Self.cell(letter.writerNames.map { $0.joined(separator: "; ") })) }
            row += [
                Self.cell(letter.subject), Self.cell(letter.afdoeningsvoorstel), Self.cell(letter.afdoening), letter.stateLabel,
                letter.due?.description ?? "—", "\(letter.daysOverdue)", letter.outcome ?? "—",
                letter.writerTold?.description ?? "—",
            ]
            return row
        }
        let table = ReportTable(caption: "Brieven aan de raad: geen opvolging eerst, dan de langst te late", columns: columns, rows: rows)
        var sections = [
            ReportSection(heading: "Overzicht", blocks: overview),
            ReportSection(heading: "Brieven", blocks: [.table(table)]),
        ]
        if let points = pointsSection { sections.append(points) }
        return ReportDocument(title: "Register brieven aan de raad", subtitle: "Stand op \(today.longDescription).", sections: sections)
    }

    /// Every point with its behandelaar, the days with them and the hand-overs; `nil` when the
    /// register shows no behandelaars.
    private var pointsSection: ReportSection? {
        // The route column only when some point has one (a letter split over college and raad).
        let routed = letters.contains { ($0.perPoint ?? []).contains { $0.route != nil } }
        let rows = letters.flatMap { letter in
            (letter.perPoint ?? []).map { point -> [String] in
                let waiting = point.status == "open" || point.status == "answered"
                let due: String = waiting ? point.due?.description ?? "—" : "—"
                let handovers: String = point.handovers.isEmpty ? "—" : point.handovers.map(Self.handoverText).joined(separator: "; ")
                var row: [String] = [point.input.rawValue, letter.process.rawValue]
                if routed { row.append(point.route ?? "—") }
                row += [
                    point.owner ?? "zonder behandelaar", point.withOwnerSince.description, "\(point.daysWithOwner)", due,
                    "\(point.daysOverdue)", Self.statusText(point), handovers,
                ]
                return row
            }
        }
        guard letters.contains(where: { $0.perPoint != nil }) else { return nil }
        let columns: [ReportTable.Column] =
            [.init("Punt"), .init("Brief")] + (routed ? [.init("Route")] : []) + [
                .init("Behandelaar"), .init("Bij behandelaar sinds"), .init("Dagen bij behandelaar", numeric: true),
                .init("Antwoord uiterlijk"), .init("Dagen te laat", numeric: true), .init("Stand"), .init("Overdrachten"),
            ]
        return ReportSection(
            heading: "Punten en behandelaars",
            blocks: [
                .paragraph(
                    "Elk punt van een brief heeft een eigen behandelaar: de afdeling, het team of de medewerker die zorgt dat de "
                        + "schrijver een antwoord krijgt. Dagen bij behandelaar tellen vanaf de laatste overdracht, of vanaf de ontvangst."),
                .table(ReportTable(caption: "Punten van de brieven, met behandelaar en overdrachten", columns: columns, rows: rows)),
            ])
    }
}
