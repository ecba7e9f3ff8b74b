import Foundation

/// The store as a static website for the raad and residents (`participatie publish`): plain
/// HTML files that any web server or intranet share can serve, with nothing to run.
///
/// The site has:
/// - `index.html`: every process with its line at a glance (state, phase, was every input
///   answered before every decision, were the answers sent, the next deadline), and one page
///   per workflow and per workflow and state to narrow the list without a script;
/// - one page per process: where it stands, its terms with their explanation (Algemene
///   termijnenwet), its decisions and steps, its documents, and every input by kenmerk and
///   public name with its verdict and motivation, sorted by kenmerk with an anchor each, so a
///   resident finds the answer with the kenmerk from the acknowledgement ("zoek uw kenmerk").
///   A process with more than ``Options/inputsPerPage`` inputs spreads them over pages by
///   kenmerk, and its page lists the ranges;
/// - `register.html` (the griffie's letters), `audit.html` (the raad's audit),
///   `termijnen.html` with `termijnen.ics`, and `journaal.html` with the journal head to
///   publish and how to check it;
/// - ``manifestName``: the SHA-256 of every other file, in the format of `sha256sum`.
///
/// Nothing on the site names a person: the states are first made public with
/// `ProcessState.published` (roles without names, no accounts, no input texts, no contact
/// details; the writers' own details are never read). Every page of an exercise store says
/// so. Every text is escaped by ``ReportRenderer``. The pages are a function of the processes,
/// the journal head and `today` only: the same store on the same day gives the same bytes.
///
/// Pages are rendered one at a time (``render(_:)``), so a large store need not be held as
/// HTML in memory; ``SitePublisher`` writes them.
public struct Site: Sendable {
    /// How the site is made.
    public struct Options: Hashable, Sendable {
        /// The name of the site, at the top of every page and the `<h1>` of the index.
        public var title: String
        /// Adds Tienpuntenplan point 10 and the portfolio per wijk for this year to the audit.
        public var year: Int?
        /// A line the journal page and the audit add under the journal head: how to check
        /// the journal against it in the program that publishes (the command line adds its
        /// `verify` command here).
        public var verificationHint: String?
        /// Inputs on one page; a process with more gets pages of its own for them.
        public var inputsPerPage: Int
        /// How many days ahead the deadlines page and `termijnen.ics` look (passed ones are
        /// always listed).
        public var deadlinesWithin: Int

        public init(
            title: String = Site.defaultTitle, year: Int? = nil, verificationHint: String? = nil, inputsPerPage: Int = 200,
            deadlinesWithin: Int = 366
        ) {
            self.title = title
            self.year = year
            self.verificationHint = verificationHint
            self.inputsPerPage = max(1, inputsPerPage)
            self.deadlinesWithin = deadlinesWithin
        }
    }

    /// The name of a site without ``Options/title``.
    public static let defaultTitle = "Participatie: inbreng en antwoorden"
    /// The file that lists every other file of the site with its SHA-256 (`sha256sum` format).
    /// Its presence marks a folder as a site this package made: ``SitePublisher`` replaces such
    /// a folder, and no other.
    public static let manifestName = "participatie-site.sha256"
    /// The deadlines as an iCalendar file.
    public static let calendarName = "termijnen.ics"

    public let options: Options
    /// The day the site is about: overdue and the next deadline are counted to it.
    public let today: CivilDate
    /// The journal's last line, as published.
    public let head: JournalHead
    /// Whether the store is an exercise store: then every page says so.
    public let exercise: Bool
    /// Whether roles are granted; while not, the audit page says anyone could act in any role.
    public let rolesRestricted: Bool
    /// Every file of the site except ``manifestName``, in the order they are written.
    public let paths: [String]

    /// The head of the journal the site was made from.
    public struct JournalHead: Hashable, Sendable {
        public var seq: UInt64
        public var hash: SHA256Digest
        /// Whether the whole chain was verified intact (`nil`: not checked).
        public var verified: Bool?

        public init(seq: UInt64, hash: SHA256Digest, verified: Bool?) {
            self.seq = seq
            self.hash = hash
            self.verified = verified
        }

        /// `SEQ:HASH`, as `verify` takes it.
        public var anchor: String { "\(seq):\(hash.hex)" }
    }

    let entries: [Entry]
    let workflows: [WorkflowGroup]
    let audit: AuditReport
    let register: RegisterReport
    let deadlines: DeadlinesReport
    private let kinds: [String: PageKind]
    let frame: SiteHTML.Frame

    /// Builds the site of `processes`.
    ///
    /// - Parameters:
    ///   - processes: The processes to publish, each with the engine of the definition it runs on.
    ///   - head: The journal's last line and whether the chain was verified.
    ///   - exercise: Whether the store is an exercise store.
    ///   - rolesRestricted: Whether any role is granted in the store.
    ///   - today: The day the site is about.
    /// - Complexity: O(inputs · log inputs) for the order by kenmerk, plus the audit's own work.
    public init(
        processes: [(state: ProcessState, engine: ProcessEngine)], head: JournalHead, exercise: Bool, rolesRestricted: Bool,
        today: CivilDate, options: Options = Options()
    ) {
        self.options = options
        self.today = today
        self.head = head
        self.exercise = exercise
        self.rolesRestricted = rolesRestricted
        let published = processes.map { (state: $0.state.published, engine: $0.engine) }
            .sorted { a, b in
                let (x, y) = (a.state.id.rawValue, b.state.id.rawValue)
                return x.lowercased() != y.lowercased() ? SiteNames.precedes(x.lowercased(), y.lowercased()) : x < y
            }
        let audit = AuditReport.build(
            processes: published.map { (state: $0.state, definition: $0.engine.definition) }, head: (head.seq, head.hash),
            verified: head.verified,
            asOf: today, year: options.year)
        let deadlines = DeadlinesReport(processes: published, today: today, within: options.deadlinesWithin)
        var deadlinesByProcess: [ProcessID: [DeadlinesReport.Item]] = [:]
        for item in deadlines.deadlines { deadlinesByProcess[item.process, default: []].append(item) }
        let names = SiteNames.names(for: published.map(\.state.id.rawValue))
        var entries: [Entry] = []
        for (index, process) in published.enumerated() {
            entries.append(
                Entry(
                    state: process.state, engine: process.engine, audit: audit.processes[index],
                    name: names[process.state.id.rawValue] ?? "x", deadlines: deadlinesByProcess[process.state.id] ?? [],
                    today: today, inputsPerPage: options.inputsPerPage))
        }
        self.entries = entries
        self.audit = audit
        self.deadlines = deadlines
        self.register = RegisterReport(
            processes: published.filter { $0.state.workflow == RegisterReport.workflow }, today: today, open: false, overdue: false)
        self.workflows = WorkflowGroup.groups(entries)

        var kinds: [(String, PageKind)] = [("index.html", .index)]
        for (groupIndex, group) in workflows.enumerated() {
            kinds.append((group.file, .workflow(groupIndex)))
            for (stateIndex, state) in group.states.enumerated() { kinds.append((state.file, .state(groupIndex, stateIndex))) }
        }
        for (index, entry) in entries.enumerated() {
            kinds.append((entry.file, .process(index)))
            for page in 0..<entry.pageCount { kinds.append((entry.inputsFile(page), .inputs(index, page))) }
        }
        kinds += [
            (SiteHTML.Menu.register.path, .register), (SiteHTML.Menu.audit.path, .audit), (SiteHTML.Menu.deadlines.path, .deadlines),
            (Self.calendarName, .calendar), (SiteHTML.Menu.journal.path, .journal),
        ]
        paths = kinds.map(\.0)
        self.kinds = Dictionary(kinds, uniquingKeysWith: { first, _ in first })

        var notices: [String] = []
        if exercise { notices.append(ReportDocument.exerciseNotice) }
        let footer =
            "Stand op \(SiteHTML.line(today.longDescription)). Gemaakt uit het journaal tot en met regel \(head.seq) "
            + "(kop <span class=\"kop-hash\">\(String(head.hash.hex.prefix(16)))…</span>). "
            + SiteHTML.link(SiteHTML.Menu.journal.path, "Zo controleert u dat") + "."
        frame = SiteHTML.Frame(siteTitle: options.title, notices: notices, footer: footer)
    }

    /// The bytes of one file of the site, or `nil` for a path the site does not have (the
    /// manifest is made by whoever writes the files, from their digests: ``manifest(_:)``).
    public func render(_ path: String) -> [UInt8]? {
        guard let kind = kinds[path] else { return nil }
        switch kind {
        case .calendar:
            return Array(deadlines.iCalendar(stamp: today.amsterdamStart).utf8)
        default:
            return Array(frame.render(page(kind, path: path)).utf8)
        }
    }

    /// Every file of the site with its bytes, the manifest last: for tests and for programs
    /// that publish elsewhere.
    public func files() -> [(path: String, bytes: [UInt8])] {
        var files = paths.compactMap { path in render(path).map { (path: path, bytes: $0) } }
        files.append((Self.manifestName, Self.manifest(files.map { ($0.path, SHA256.hash($0.bytes)) })))
        return files
    }

    /// The manifest: one line `HASH  NAME` per file, sorted by name, as `sha256sum` writes
    /// and checks it.
    public static func manifest(_ digests: [(path: String, digest: SHA256Digest)]) -> [UInt8] {
        Array(digests.sorted { $0.path < $1.path }.map { "\($0.digest.hex)  \($0.path)\n" }.joined().utf8)
    }

    /// The file names a manifest lists; `nil` when the bytes are not a manifest.
    public static func manifestPaths(_ bytes: [UInt8]) -> [String]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var paths: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), parts[1].isEmpty, !parts[2].isEmpty
            else { return nil }
            paths.append(String(parts[2]))
        }
        return paths
    }

    enum PageKind: Hashable, Sendable {
        case index
        case workflow(Int)
        case state(Int, Int)
        case process(Int)
        case inputs(Int, Int)
        case register, audit, deadlines, journal, calendar
    }

    private func page(_ kind: PageKind, path: String) -> SiteHTML.Page {
        switch kind {
        case .index: indexPage()
        case .workflow(let group): workflowPage(group, state: nil)
        case .state(let group, let state): workflowPage(group, state: state)
        case .process(let index): processPage(entries[index])
        case .inputs(let index, let page): inputsPage(entries[index], page: page)
        case .register: registerPage()
        case .audit: auditPage()
        case .deadlines: deadlinesPage()
        case .journal, .calendar: journalPage()
        }
    }
}

// MARK: - What the pages are made of

extension Site {
    /// One process as the site shows it.
    struct Entry: Sendable {
        var state: ProcessState
        var engine: ProcessEngine
        var audit: AuditReport.ProcessAudit
        /// The plain name of the process (``SiteNames``).
        var name: String
        /// Its deadlines, earliest first (overdue ones first of all).
        var deadlines: [DeadlinesReport.Item]
        /// Indices into `state.inputs`, by kenmerk.
        var order: [Int]
        /// The anchor of each input, by index into `state.inputs`.
        var anchors: [String]
        var inputsPerPage: Int
        var glance: Glance

        init(
            state: ProcessState, engine: ProcessEngine, audit: AuditReport.ProcessAudit, name: String, deadlines: [DeadlinesReport.Item],
            today: CivilDate, inputsPerPage: Int
        ) {
            self.state = state
            self.engine = engine
            self.audit = audit
            self.name = name
            self.deadlines = deadlines
            self.inputsPerPage = inputsPerPage
            let inputs = state.inputs
            // Each kenmerk is cut into its pieces once, not at every comparison.
            let keys = inputs.indices.map { SiteNames.chunks(inputs[$0].id.rawValue) }
            order = inputs.indices.sorted { a, b in
                SiteNames.precedes(keys[a], keys[b]) || (!SiteNames.precedes(keys[b], keys[a]) && a < b)
            }
            let names = SiteNames.names(for: inputs.map(\.id.rawValue))
            anchors = inputs.map { "kenmerk-" + (names[$0.id.rawValue] ?? "x") }
            glance = Glance(audit: audit, state: state, deadlines: deadlines)
        }

        var definition: WorkflowDefinition { engine.definition }
        var file: String { "proces-\(name).html" }
        /// Pages of inputs apart from the process page: 0 when they fit on it.
        var pageCount: Int { order.count > inputsPerPage ? (order.count + inputsPerPage - 1) / inputsPerPage : 0 }
        func inputsFile(_ page: Int) -> String { "proces-\(name)\(SiteNames.separator)inbreng-\(page + 1).html" }

        /// The positions in ``order`` on a page of inputs; every input for a process without them.
        func range(ofPage page: Int?) -> Range<Int> {
            guard let page else { return 0..<order.count }
            return (page * inputsPerPage)..<min(order.count, (page + 1) * inputsPerPage)
        }

        /// The file an input (by position in ``order``) is on.
        func fileOf(position: Int) -> String { pageCount == 0 ? file : inputsFile(position / inputsPerPage) }

        func roleLabel(_ role: String) -> String { definition.roles[RoleID(role)]?.label ?? role }
        func stateLabel(_ state: StateID) -> String { definition.states[state]?.label ?? state.rawValue }
    }

    /// The answers to the reader's questions about one process, in one line each.
    struct Glance: Sendable {
        /// Was every input answered before every decision?
        var answered: String
        /// Were the answers sent?
        var sent: String
        /// The next deadline, or the one most overdue.
        var next: String

        init(audit: AuditReport.ProcessAudit, state: ProcessState, deadlines: [DeadlinesReport.Item]) {
            let c = audit.counts
            let late = audit.decisions.filter { $0.unansweredAtThatMoment > 0 }
            let setBack = audit.decisions.filter { $0.earlierThanWeighed != nil }
            if audit.decisions.isEmpty {
                answered = "nog geen besluit"
            } else if let first = late.first {
                answered =
                    "nee: bij het besluit van \(first.date) \(first.unansweredAtThatMoment == 1 ? "had" : "hadden") "
                    + "\(first.unansweredAtThatMoment) van de \(first.inputsWeighed) reacties nog geen antwoord"
                    + (late.count > 1
                        ? " (en bij \(late.count - 1) ander\(late.count == 2 ? "" : "e") besluit\(late.count == 2 ? "" : "en"))" : "")
            } else if let first = setBack.first {
                answered = "niet na te gaan: bij het besluit van \(first.date) stond de klok terug"
            } else {
                answered = audit.decisions.count == 1 ? "ja" : "ja, bij alle \(audit.decisions.count) besluiten"
            }
            if c.needingFeedback == 0 {
                sent = "geen antwoorden nodig"
            } else if c.sent == c.needingFeedback {
                sent = c.sent == 1 ? "ja" : "ja, alle \(c.sent)"
            } else {
                let waiting = state.unsentIDs.map(\.rawValue)
                sent = "nee: \(c.sent) van de \(c.needingFeedback) verstuurd; nog niet: \(Refusal.list(waiting, limit: 5))"
            }
            if let item = deadlines.first {
                next = "\(item.date.longDescription) (\(DeadlinesReport.distance(item.daysLeft))): \(item.summary)"
            } else {
                next = "geen"
            }
        }
    }

    /// The processes of one workflow, and the states they are in.
    struct WorkflowGroup: Sendable {
        var workflow: WorkflowID
        var title: String
        var summary: String?
        var legalBasis: [String]
        var name: String
        /// Indices into the site's entries.
        var entries: [Int]
        var states: [StateGroup]

        var file: String { "werkstroom-\(name).html" }

        struct StateGroup: Sendable {
            var state: StateID
            var label: String
            var file: String
            var entries: [Int]
        }

        /// The workflows in order of id; in each, the states in the order of the definition.
        static func groups(_ entries: [Entry]) -> [WorkflowGroup] {
            var byWorkflow: [WorkflowID: [Int]] = [:]
            for (index, entry) in entries.enumerated() { byWorkflow[entry.state.workflow, default: []].append(index) }
            let workflows = byWorkflow.keys.sorted()
            let names = SiteNames.names(for: workflows.map(\.rawValue))
            return workflows.map { workflow in
                let members = byWorkflow[workflow] ?? []
                // The newest definition among the processes names the workflow and orders its states.
                let definition = members.map { entries[$0].definition }.max { $0.version < $1.version } ?? entries[members[0]].definition
                var order = definition.states.keys
                var byState: [StateID: [Int]] = [:]
                for index in members {
                    let state = entries[index].state.current
                    if !order.contains(state) { order.append(state) }
                    byState[state, default: []].append(index)
                }
                let present = order.filter { byState[$0] != nil }
                let stateNames = SiteNames.names(for: present.map(\.rawValue))
                let name = names[workflow.rawValue] ?? "x"
                return WorkflowGroup(
                    workflow: workflow, title: definition.title, summary: definition.summary, legalBasis: definition.legalBasis, name: name,
                    entries: members,
                    states: present.map { state in
                        let members = byState[state] ?? []
                        let label = members.first.map { entries[$0].stateLabel(state) } ?? state.rawValue
                        return StateGroup(
                            state: state, label: label,
                            file: "werkstroom-\(name)\(SiteNames.separator)\(stateNames[state.rawValue] ?? "x").html", entries: members)
                    })
            }
        }
    }
}

extension Verdict {
    /// What the verdict means for the writer, in B1 Dutch.
    var meaning: String {
        switch self {
        case .overgenomen: "Uw inbreng is overgenomen: het plan of besluit is daarop aangepast."
        case .deels: "Een deel van uw inbreng is overgenomen. De motivering zegt welk deel, en waarom de rest niet."
        case .nietOvergenomen: "Uw inbreng is niet overgenomen. De motivering zegt waarom."
        case .kennisgenomen: "De gemeente heeft uw inbreng gelezen. Er viel niets aan te passen; de motivering zegt waarom."
        case .doorverwezen: "Uw inbreng is doorgestuurd naar wie er iets mee kan doen. De motivering zegt naar wie."
        case .nietOntvankelijk: "Uw inbreng kon niet in behandeling worden genomen. De motivering zegt waarom."
        }
    }
}
