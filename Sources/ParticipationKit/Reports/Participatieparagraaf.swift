/// The participatieparagraaf of a raadsvoorstel, made from a participatieplan: whether and
/// how residents take part, in which phases and at which level, the raad's kaders, who is
/// affected, and the answers to the seven questions of point 9 of the Tienpuntenplan.
///
/// The paragraph is a ``ReportDocument`` in plain Dutch (B1, short sentences), written as
/// Markdown or HTML by ``ReportRenderer`` like every other report: the text in it is plain,
/// and the renderer escapes every piece of it, so text from the plan cannot break the
/// document. A concept (``isConcept``) is marked CONCEPT in its title and in a line under
/// it, and shows what is still missing instead of leaving it out.
///
/// ```swift
/// let file = try PlanFile(bytes: bytes, file: "plan.json")
/// let paragraaf = Participatieparagraaf(plan: file.plan, planDigest: file.digest)
/// let markdown = ReportRenderer.markdown(paragraaf.document)
/// ```
public struct Participatieparagraaf: Hashable, Sendable {
    public var plan: ParticipationPlan
    /// Marks the paragraph as a concept, not ready for a raadsvoorstel.
    public var isConcept: Bool
    /// The SHA-256 of the plan file, printed at the end so a reader can find the plan back.
    public var planDigest: SHA256Digest?

    public init(plan: ParticipationPlan, isConcept: Bool = false, planDigest: SHA256Digest? = nil) {
        self.plan = plan
        self.isConcept = isConcept
        self.planDigest = planDigest
    }

    /// The paragraph as a report, for ``ReportRenderer`` (Markdown, HTML, text).
    ///
    /// Sections: "In het kort" (who takes part, the impact, a table of the phases), "Kaders
    /// van de raad" (only when the plan has them), "Wie het raakt", "De zeven vragen van
    /// punt 9" (each question as a subheading with its wording and the answer), and
    /// "Herkomst" with the plan's SHA-256 (only when ``planDigest`` is set).
    ///
    /// - Complexity: O(size of the plan).
    public var document: ReportDocument {
        let title = "Participatieparagraaf: \(plan.project)"
        var summary: [ReportBlock] = [.paragraph(summaryLines().joined(separator: " "))]
        if let table = phaseTable() { summary.append(.table(table)) }
        var sections = [ReportSection(heading: "In het kort", blocks: summary)]
        if let kaders = plan.kaders {
            sections.append(ReportSection(heading: "Kaders van de raad", blocks: kadersBlocks(kaders)))
        }
        let stakeholders: ReportBlock = plan.stakeholders.isEmpty ? .paragraph("Nog niet ingevuld.") : .list(plan.stakeholders)
        sections.append(ReportSection(heading: "Wie het raakt", blocks: [stakeholders]))
        sections.append(ReportSection(heading: "De zeven vragen van punt 9", blocks: questionBlocks()))
        if let planDigest {
            sections.append(
                ReportSection(heading: "Herkomst", blocks: [.paragraph("Gemaakt uit het participatieplan met SHA-256 \(planDigest.hex).")]))
        }
        return ReportDocument(
            title: isConcept ? "CONCEPT — \(title)" : title, subtitle: isConcept ? conceptNote() : nil, sections: sections)
    }

    // MARK: Parts

    private func conceptNote() -> String {
        let open = PlanCheck(plan).errors.count
        var note = "CONCEPT. Gebruik deze tekst nog niet in een raadsvoorstel."
        if open > 0 {
            note +=
                " Het participatieplan is nog niet compleet: er \(open == 1 ? "staat" : "staan") nog "
                + "\(Self.number(open)) open \(open == 1 ? "punt" : "punten") in. Laat het plan eerst op volledigheid controleren."
        }
        return note
    }

    private func summaryLines() -> [String] {
        var lines: [String] = []
        let phases = plan.phases.map(\.phase).reduce(into: [Phase]()) { if !$0.contains($1) { $0.append($1) } }
        let names = Self.list(phases.map { "samen \($0.rawValue)" })
        switch plan.participation {
        case true?:
            if phases.isEmpty {
                lines.append("Inwoners doen mee. De fasen staan nog niet vast.")
            } else {
                lines.append(
                    "Inwoners doen mee in \(Self.number(phases.count)) \(phases.count == 1 ? "fase" : "fasen"): \(names).")
            }
        case false?:
            lines.append("Inwoners doen niet mee aan dit project. Dat is een bewuste keuze. De reden staat bij vraag 1.")
            if !phases.isEmpty {
                lines.append("We informeren inwoners wel, in de \(phases.count == 1 ? "fase" : "fasen") \(names). Zie de tabel.")
            }
        case nil:
            lines.append("Het is nog niet gekozen of inwoners meedoen.")
        }
        switch plan.impact {
        case .hoog?:
            lines.append("De impact op inwoners is hoog.")
            lines.append(
                plan.kaders == nil
                    ? "Dan geeft de raad vooraf kaders mee. Die ontbreken nog."
                    : "Daarom heeft de raad vooraf kaders meegegeven. Die staan hieronder.")
        case let impact?:
            lines.append("De impact op inwoners is \(impact.rawValue).")
        case nil:
            break
        }
        return lines
    }

    /// The phases with their goal and level; "Wanneer" and "Hoe" only when some phase fills
    /// them in. `nil` without phases.
    private func phaseTable() -> ReportTable? {
        guard !plan.phases.isEmpty else { return nil }
        let showPeriod = plan.phases.contains { !Self.isBlank($0.period) }
        let showForm = plan.phases.contains { !Self.isBlank($0.form) }
        var columns: [ReportTable.Column] = [.init("Fase"), .init("Doel"), .init("Niveau")]
        if showPeriod { columns.append(.init("Wanneer")) }
        if showForm { columns.append(.init("Hoe")) }
        let rows = plan.phases.map { phase in
            var row = [
                "Samen \(phase.phase.rawValue)",
                Self.isBlank(phase.goal) ? "nog niet ingevuld" : phase.goal ?? "",
                phase.level.map { "\($0.rawValue.capitalizedFirst): \(Self.meaning(of: $0))" } ?? "nog niet ingevuld",
            ]
            if showPeriod { row.append(phase.period ?? "") }
            if showForm { row.append(phase.form ?? "") }
            return row
        }
        return ReportTable(caption: "Fasen, doel en niveau van participatie", columns: columns, rows: rows)
    }

    private func kadersBlocks(_ kaders: ParticipationPlan.Kaders) -> [ReportBlock] {
        var decision: [String] = []
        if let reference = kaders.decision, !Self.isBlank(reference) { decision.append(reference) }
        if let date = kaders.date { decision.append("van \(date)") }
        return [
            .facts([ReportFact("Besluit van de raad", decision.isEmpty ? "nog niet ingevuld" : decision.joined(separator: " "))]),
            .paragraph(Self.isBlank(kaders.summary) ? "De samenvatting van de kaders ontbreekt nog." : kaders.summary ?? ""),
        ]
    }

    /// Each question: its number and title, its wording, the answer, and what is missing.
    private func questionBlocks() -> [ReportBlock] {
        var blocks: [ReportBlock] = [
            .paragraph(
                "Het Tienpuntenplan vraagt elk project om deze vragen te beantwoorden. Dat geldt ook voor een project "
                    + "waarin inwoners niet meedoen.")
        ]
        for question in PlanQuestion.allCases {
            blocks.append(.subheading("\(question.number). \(question.title)"))
            blocks.append(.paragraph("Vraag: \(question.wording)"))
            let answer = plan.answer(to: question)
            let assessment = PlanCheck.assess(answer)
            if let answer, assessment != .absent, assessment != .empty { blocks.append(.paragraph(answer)) }
            switch assessment {
            case .answered: break
            case .absent, .empty: blocks.append(.paragraph("Nog niet beantwoord."))
            case .placeholder: blocks.append(.paragraph("Nog niet volledig: schrijf erbij waarom."))
            case .tooShort: blocks.append(.paragraph("Nog niet volledig: schrijf minstens een hele zin."))
            }
        }
        return blocks
    }

    private static func isBlank(_ text: String?) -> Bool { (text ?? "").allSatisfy(\.isWhitespace) }

    private static func meaning(of level: Level) -> String {
        switch level {
        case .informeren: "we vertellen inwoners wat er gebeurt"
        case .raadplegen: "we vragen inwoners om hun mening"
        case .adviseren: "inwoners geven advies"
        case .coproduceren: "inwoners en gemeente maken het samen"
        case .meebeslissen: "inwoners beslissen mee"
        }
    }

    /// "een", "twee"… up to twaalf, then digits.
    static func number(_ value: Int) -> String {
        let words = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"]
        return words.indices.contains(value) ? words[value] : String(value)
    }

    /// "a", "a en b", "a, b en c".
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " en " + last
    }
}

extension StringProtocol {
    /// The text with only its first character in upper case ("raadplegen" → "Raadplegen").
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
