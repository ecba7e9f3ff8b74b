import Foundation

/// The reactienota of one process, for `participatie report reactienota`: per theme, each
/// input summarised with its verdict and motivation, and the counts per verdict; ready to
/// attach to a raadsvoorstel.
///
/// Inputs without a theme are listed under "Overig", after the other themes (which are in
/// alphabetical order). Withdrawn inputs are listed apart, with the reason. Inputs of a kind
/// that needs no answer (such as signatures) are only counted. An input is shown by its id
/// and its public name; the writer's name is personal data and appears only when a `names`
/// lookup is passed (`--with-names`).
public struct ReactienotaReport: Hashable, Sendable, Encodable {
    /// The theme of inputs without one.
    public static let otherTheme = "Overig"
    /// The longest summary of an input text, in characters (without the `…`).
    public static let summaryLength = 200

    /// One input in the nota.
    public struct Entry: Hashable, Sendable, Encodable {
        public var id: InputID
        public var kind: InputKindID
        public var received: CivilDate
        public var publicName: String?
        /// The writer's name (personal data): only with a `names` lookup.
        public var writerName: String?
        /// Received after the window that accepted it.
        public var late: Bool
        /// Received in a phase that did not ask for this kind of input.
        public var outOfScope: Bool
        /// The first ~200 characters of the text, cut at a word, with `…` when cut.
        public var summary: String
        /// The current verdict, if there is feedback.
        public var verdict: Verdict?
        /// `niet overgenomen`, or `nog geen antwoord`.
        public var verdictLabel: String
        public var motivation: String?
        /// The day the answer was sent to the writer, if it was.
        public var sentOn: CivilDate?
        /// Why it was withdrawn, for withdrawn inputs.
        public var withdrawnReason: String?
        /// For a point of a letter or a zienswijze: the input it is a point of.
        public var parent: InputID? = nil
        /// For a point: the label of the role that answers it.
        public var route: String? = nil
    }

    /// How many inputs got a verdict.
    public struct VerdictCount: Hashable, Sendable, Encodable {
        /// The verdict as written in files (`niet-overgenomen`), or `geen` for no answer yet.
        public var verdict: String
        public var label: String
        public var count: Int
    }

    /// The inputs of one theme.
    public struct Theme: Hashable, Sendable, Encodable {
        public var name: String
        public var counts: [VerdictCount]
        public var inputs: [Entry]
    }

    public var formatVersion = 1
    public var process: ProcessID
    public var title: String
    public var workflow: WorkflowID
    public var state: StateID
    public var stateLabel: String
    /// Inputs in the nota (not withdrawn, needing an answer or answered).
    public var inputs: Int
    /// Of those, how many arrived late.
    public var late: Int
    /// Of those, how many have no answer yet.
    public var unanswered: Int
    /// Inputs that need no answer (for example signatures), only counted.
    public var exempt: Int
    /// Counts per verdict over all themes; every verdict is listed, `geen` only when some
    /// inputs have no answer.
    public var verdicts: [VerdictCount]
    public var themes: [Theme]
    public var withdrawn: [Entry]
    /// Whether writers' names were looked up (`--with-names`): the nota holds personal data.
    public var includesNames: Bool

    /// Builds the reactienota of a process.
    ///
    /// - Parameters:
    ///   - state: The process.
    ///   - engine: The engine of the definition it runs on (for labels).
    ///   - names: Looks up a writer's name (personal data). Without it, no name appears.
    ///     An input whose details were erased (AVG) shows ``Redaction/placeholder`` instead.
    /// - Complexity: O(inputs · log themes).
    public init(state: ProcessState, engine: ProcessEngine, names: ((ProcessID, InputID) -> String?)? = nil) {
        let definition = engine.definition
        process = state.id
        title = state.title
        workflow = state.workflow
        self.state = state.current
        stateLabel = definition.states[state.current]?.label ?? state.current.rawValue
        func entry(_ input: InputRecord) -> Entry {
            let feedback = input.currentFeedback
            // A point is shown with its letter's writer, and the role that answers it before its text.
            // (Looked up only for a point: a copy of a record retains every string in it.)
            let letter = input.parent.flatMap { state.input($0) }
            let route = input.route.map { definition.roles[$0]?.label ?? $0.rawValue }
            return Entry(
                id: input.id, kind: input.kind, received: input.received, publicName: letter.map(\.publicName) ?? input.publicName,
                writerName: names.flatMap { lookup in
                    letter.map { $0.reportedName(in: state.id, lookup: lookup) } ?? input.reportedName(in: state.id, lookup: lookup)
                }, late: input.late,
                outOfScope: input.outOfScope, summary: (route.map { "Voor \($0): " } ?? "") + Self.summarize(input.text),
                verdict: feedback?.verdict, verdictLabel: feedback?.verdict.label ?? "nog geen antwoord",
                motivation: feedback?.motivation, sentOn: input.sentOn, withdrawnReason: input.withdrawal?.reason, parent: input.parent,
                route: route)
        }
        var byTheme: [String: [Entry]] = [:]
        var listed: [Entry] = []
        var withdrawn: [Entry] = []
        var exempt = 0
        // Each record is read in place, by index: a copy of a record retains every string in it.
        let records = state.inputs
        for index in records.indices {
            if records[index].isWithdrawn {
                // A withdrawn letter is listed once, not once more for each of its points.
                if records[index].parent.flatMap({ state.input($0)?.isWithdrawn }) != true { withdrawn.append(entry(records[index])) }
                continue
            }
            // A letter with points is answered point by point: its points are listed, it is not.
            if records[index].hasPoints { continue }
            if !records[index].needsFeedback && !records[index].isAnswered {
                exempt += 1
                continue
            }
            let item = entry(records[index])
            listed.append(item)
            let theme = records[index].theme.map(\.whitespaceCollapsed) ?? ""
            byTheme[theme.isEmpty ? Self.otherTheme : theme, default: []].append(item)
        }
        let themeNames = byTheme.keys.sorted { a, b in
            if (a == Self.otherTheme) != (b == Self.otherTheme) { return b == Self.otherTheme }
            let (la, lb) = (a.lowercased(), b.lowercased())
            return la != lb ? la < lb : a < b
        }
        themes = themeNames.map { Theme(name: $0, counts: Self.counts(byTheme[$0] ?? [], everyVerdict: false), inputs: byTheme[$0] ?? []) }
        inputs = listed.count
        late = listed.indices.reduce(0) { $0 + (listed[$1].late ? 1 : 0) }
        unanswered = listed.indices.reduce(0) { $0 + (listed[$1].verdict == nil ? 1 : 0) }
        self.exempt = exempt
        verdicts = Self.counts(listed, everyVerdict: true)
        self.withdrawn = withdrawn
        includesNames = names != nil
    }

    private static func counts(_ entries: [Entry], everyVerdict: Bool) -> [VerdictCount] {
        // One pass, reading each entry's verdict in place (a copy of an entry retains its strings).
        var perVerdict = Array(repeating: 0, count: Verdict.allCases.count)
        var none = 0
        for index in entries.indices {
            if let verdict = entries[index].verdict, let position = Verdict.allCases.firstIndex(of: verdict) {
                perVerdict[position] += 1
            } else {
                none += 1
            }
        }
        var result = Verdict.allCases.enumerated().map { position, verdict in
            VerdictCount(verdict: verdict.rawValue, label: verdict.label, count: perVerdict[position])
        }
        if !everyVerdict { result = result.filter { $0.count > 0 } }
        if none > 0 { result.append(VerdictCount(verdict: "geen", label: "nog geen antwoord", count: none)) }
        return result
    }

    /// The start of a text for a summary: white space made single, at most `limit`
    /// characters, cut at the end of a word and marked with `…` when cut.
    public static func summarize(_ text: String, limit: Int = ReactienotaReport.summaryLength) -> String {
        let flat = text.whitespaceCollapsedIfNeeded
        if flat.utf8.count <= limit { return flat }
        return asciiSummary(flat, limit: limit) ?? summaryByCharacters(flat, limit: limit)
    }

    /// ``summarize(_:limit:)`` of collapsed text, character by character: the slow twin of
    /// ``asciiSummary(_:limit:)``, and the path for all other text.
    static func summaryByCharacters(_ flat: String, limit: Int) -> String {
        if flat.count <= limit { return flat }
        let words = flat.split(separator: " ")
        var result = ""
        var resultCount = 0
        for word in words {
            let added = (result.isEmpty ? 0 : 1) + word.count
            if resultCount + added > limit { break }
            if !result.isEmpty { result += " " }
            result += word
            resultCount += added
        }
        // One very long word: cut it.
        if resultCount < limit / 2 { result = String(flat.prefix(limit)) }
        while let last = result.last, ",;:.-–—".contains(last) { result.removeLast() }
        return result + "…"
    }

    /// ``summarize(_:limit:)`` of collapsed ASCII text longer than `limit`, from the bytes: the
    /// words that fit (in ASCII a character is a byte, and words are one space apart), else the
    /// first `limit` characters; `nil` for other text.
    private static let trailingPunctuation = Array(",;:.-".utf8)

    static func asciiSummary(_ flat: String, limit: Int) -> String? {
        var flat = flat
        return flat.withUTF8 { bytes -> String? in
            guard bytes.count > limit, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            // The end of the last word that ends within the limit.
            var end = 0
            for index in 1...limit where bytes[index] == 0x20 && bytes[index - 1] != 0x20 { end = index }
            if end < limit / 2 { end = limit }
            while end > 0, trailingPunctuation.contains(bytes[end - 1]) { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self) + "…"
        }
    }

    private static func cell(_ text: String?) -> String {
        guard let text else { return "—" }
        let collapsed = text.whitespaceCollapsedIfNeeded
        return collapsed.isEmpty ? "—" : collapsed
    }

    private static func countsLine(_ counts: [VerdictCount]) -> String {
        counts.map { "\($0.label): \($0.count)" }.joined(separator: " · ")
    }

    private var withNames: Bool { includesNames }

    private var columns: [ReportTable.Column] {
        var columns: [ReportTable.Column] = [.init("Kenmerk"), .init("Ontvangen"), .init("Indiener")]
        if withNames { columns.append(.init("Naam (persoonsgegeven)")) }
        return columns
    }

    private func leading(_ entry: Entry) -> [String] {
        var row = [entry.id.rawValue, entry.received.description + (entry.late ? " (te laat)" : ""), Self.cell(entry.publicName)]
        if withNames { row.append(Self.cell(entry.writerName)) }
        return row
    }

    private func themeTable(_ theme: Theme) -> ReportTable {
        ReportTable(
            caption: "Inbreng over \(theme.name), met oordeel en motivering",
            columns: columns + [.init("Samenvatting"), .init("Oordeel"), .init("Motivering")],
            rows: theme.inputs.map { leading($0) + [$0.summary, $0.verdictLabel, Self.cell($0.motivation)] })
    }

    /// The nota as a document: a summary with the counts, a section per theme, and the
    /// withdrawn inputs.
    public var document: ReportDocument {
        var summary: [ReportBlock] = [
            .paragraph(
                "In deze nota staat elke reactie in het kort, per thema. Bij elke reactie staat wat de gemeente ermee doet "
                    + "(het oordeel) en waarom (de motivering)."),
            .facts(
                [ReportFact("Reacties", "\(inputs)")]
                    + verdicts.map { ReportFact($0.label.prefix(1).uppercased() + $0.label.dropFirst(), "\($0.count)") }
                    + [ReportFact("Te laat ontvangen", "\(late)"), ReportFact("Ingetrokken", "\(withdrawn.count)")]),
        ]
        if late > 0 {
            summary.append(
                .paragraph(
                    "\(late == 1 ? "Eén reactie kwam" : "\(late) reacties kwamen") na de termijn binnen. "
                        + "\(late == 1 ? "Die staat" : "Die staan") er ook in, met \"(te laat)\" bij de datum."))
        }
        if unanswered > 0 {
            summary.append(
                .paragraph("Let op: \(unanswered == 1 ? "één reactie heeft" : "\(unanswered) reacties hebben") nog geen antwoord."))
        }
        if exempt > 0 {
            summary.append(
                .paragraph(
                    "\(DutchNoun.inbreng.counted(exempt)) zonder antwoordplicht (bijvoorbeeld handtekeningen) "
                        + "\(DutchNoun.agreeing(exempt, "staat", "staan")) niet in deze nota."))
        }
        if withNames {
            summary.append(.paragraph("Let op: deze versie bevat namen van indieners (persoonsgegevens). Deel hem niet openbaar."))
        }
        if inputs == 0 { summary.append(.paragraph("Er zijn geen reacties.")) }
        var sections = [ReportSection(heading: "Samenvatting", blocks: summary)]
        for theme in themes {
            sections.append(
                ReportSection(
                    heading: "Thema: \(theme.name)",
                    blocks: [
                        .paragraph(
                            "\(DutchNoun.reactie.counted(theme.inputs.count)) (\(Self.countsLine(theme.counts)))."
                        ),
                        .table(themeTable(theme)),
                    ]))
        }
        if !withdrawn.isEmpty {
            sections.append(
                ReportSection(
                    heading: "Ingetrokken reacties",
                    blocks: [
                        .paragraph("Deze reacties zijn door de indiener ingetrokken. Ze tellen niet mee."),
                        .table(
                            ReportTable(
                                caption: "Ingetrokken reacties, met de reden",
                                columns: columns + [.init("Samenvatting"), .init("Reden van intrekking")],
                                rows: withdrawn.map { leading($0) + [$0.summary, Self.cell($0.withdrawnReason)] })),
                    ]))
        }
        return ReportDocument(title: "Reactienota", subtitle: "\(title) (\(process))", sections: sections)
    }

    /// Every input in one table with a theme column, for CSV (which writes a document's first
    /// table): the same rows as ``document``, withdrawn inputs last.
    public var csvDocument: ReportDocument {
        let rows =
            themes.flatMap { theme in
                theme.inputs.map { [theme.name] + leading($0) + [$0.summary, $0.verdictLabel, Self.cell($0.motivation)] }
            }
            + withdrawn.map { ["ingetrokken"] + leading($0) + [$0.summary, "ingetrokken", Self.cell($0.withdrawnReason)] }
        let table = ReportTable(
            caption: "Alle reacties met thema, oordeel en motivering",
            columns: [.init("Thema")] + columns + [.init("Samenvatting"), .init("Oordeel"), .init("Motivering")], rows: rows,
            rowHeader: 1)
        return ReportDocument(
            title: "Reactienota", subtitle: "\(title) (\(process))", sections: [ReportSection(heading: "Reacties", blocks: [.table(table)])]
        )
    }
}
