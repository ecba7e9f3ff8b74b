/// The participatieparagraaf of a raadsvoorstel, made from a participatieplan: whether and
/// how residents take part, in which phases and at which level, the raad's kaders, who is
/// affected, and the answers to the seven questions of point 9 of the Tienpuntenplan.
///
/// Rendered as Markdown in plain Dutch (B1, short sentences). Every piece of text from the
/// plan is escaped so that it cannot break the document: see ``escapeBlock(_:)`` and
/// ``escapeInline(_:)``. A concept (``isConcept``) is marked CONCEPT at the top, and shows
/// what is still missing instead of leaving it out.
///
/// ```swift
/// let file = try PlanFile(bytes: bytes, file: "plan.json")
/// let markdown = Participatieparagraaf(plan: file.plan, planDigest: file.digest).markdown
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

    /// The paragraph as Markdown (CommonMark with a GitHub-style table), ending in a newline.
    ///
    /// Complexity: O(size of the plan).
    public var markdown: String {
        var blocks: [String] = []
        let title = "Participatieparagraaf: \(Self.escapeInline(plan.project))"
        blocks.append(isConcept ? "# CONCEPT — \(title)" : "# \(title)")
        if isConcept {
            let open = PlanCheck(plan).errors.count
            var note = "> **CONCEPT.** Gebruik deze tekst nog niet in een raadsvoorstel."
            if open > 0 {
                note +=
                    " Het participatieplan is nog niet compleet: er \(open == 1 ? "staat" : "staan") nog "
                    + "\(Self.number(open)) open \(open == 1 ? "punt" : "punten") in. Laat het plan eerst op volledigheid controleren."
            }
            blocks.append(note)
        }
        blocks.append("## In het kort")
        blocks.append(summaryLines().joined(separator: "\n"))
        if !plan.phases.isEmpty { blocks.append(phaseTable()) }
        if let kaders = plan.kaders {
            blocks.append("## Kaders van de raad")
            blocks += kadersBlocks(kaders)
        }
        blocks.append("## Wie het raakt")
        if plan.stakeholders.isEmpty {
            blocks.append("*Nog niet ingevuld.*")
        } else {
            blocks.append(plan.stakeholders.map { "- " + Self.escapeInline($0) }.joined(separator: "\n"))
        }
        blocks.append("## De zeven vragen van punt 9")
        blocks.append(
            "Het Tienpuntenplan vraagt elk project om deze vragen te beantwoorden. Dat geldt ook voor een project "
                + "waarin inwoners niet meedoen.")
        for question in PlanQuestion.allCases {
            blocks.append("### \(question.number). \(question.title)")
            blocks.append("*Vraag: \(Self.escapeInline(question.wording))*")
            let answer = plan.answer(to: question)
            let assessment = PlanCheck.assess(answer)
            if let answer, assessment != .absent, assessment != .empty {
                blocks.append(Self.escapeBlock(answer))
            }
            switch assessment {
            case .answered: break
            case .absent, .empty: blocks.append("*Nog niet beantwoord.*")
            case .placeholder: blocks.append("*Nog niet volledig: schrijf erbij waarom.*")
            case .tooShort: blocks.append("*Nog niet volledig: schrijf minstens een hele zin.*")
            }
        }
        if let planDigest {
            blocks.append("---")
            blocks.append("Gemaakt uit het participatieplan met SHA-256 `\(planDigest.hex)`.")
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// The paragraph as a format-independent report, for HTML (and any other format of
    /// ``ReportRenderer``). The text is plain; the renderer escapes it.
    public var document: ReportDocument {
        let title = "Participatieparagraaf: \(plan.project)"
        var sections: [ReportSection] = []
        var summary: [ReportBlock] = []
        if isConcept {
            let open = PlanCheck(plan).errors.count
            summary.append(
                .paragraph(
                    "CONCEPT. Gebruik deze tekst nog niet in een raadsvoorstel."
                        + (open > 0 ? " Het participatieplan heeft nog \(Self.number(open)) open \(open == 1 ? "punt" : "punten")." : "")))
        }
        summary.append(.paragraph(summaryLines().joined(separator: " ")))
        if let current = plan.phases.first?.phase { summary.append(.phaseRibbon(current: current)) }
        if !plan.phases.isEmpty {
            summary.append(
                .table(
                    ReportTable(
                        caption: "Fasen, doel en niveau van participatie",
                        columns: [.init("Fase"), .init("Doel"), .init("Niveau"), .init("Wanneer"), .init("Hoe")],
                        rows: plan.phases.map { phase in
                            [
                                "Samen \(phase.phase.rawValue)", phase.goal ?? "nog niet ingevuld",
                                phase.level.map { "\($0.rawValue.capitalizedFirst): \(Self.meaning(of: $0))" } ?? "nog niet ingevuld",
                                phase.period ?? "", phase.form ?? "",
                            ]
                        })))
        }
        sections.append(ReportSection(heading: "In het kort", blocks: summary))
        if let kaders = plan.kaders {
            let decision = [kaders.decision, kaders.date.map { "van \($0)" }].compactMap { $0 }.joined(separator: " ")
            sections.append(
                ReportSection(
                    heading: "Kaders van de raad",
                    blocks: [
                        .facts([ReportFact("Besluit van de raad", decision.isEmpty ? "nog niet ingevuld" : decision)]),
                        .paragraph(kaders.summary ?? "De samenvatting van de kaders ontbreekt nog."),
                    ]))
        }
        sections.append(
            ReportSection(heading: "Wie het raakt", blocks: [plan.stakeholders.isEmpty ? .paragraph("Nog niet ingevuld.") : .list(plan.stakeholders)]))
        var questions: [ReportBlock] = [
            .paragraph("Het Tienpuntenplan vraagt elk project om deze vragen te beantwoorden. Dat geldt ook voor een project waarin inwoners niet meedoen.")
        ]
        for question in PlanQuestion.allCases {
            questions.append(.subheading("\(question.number). \(question.title)"))
            questions.append(.paragraph("Vraag: \(question.wording)"))
            let answer = plan.answer(to: question)
            switch PlanCheck.assess(answer) {
            case .answered: questions.append(.paragraph(answer ?? ""))
            case .absent, .empty: questions.append(.paragraph("Nog niet beantwoord."))
            case .placeholder: questions.append(.paragraph("\(answer ?? "") — nog niet volledig: schrijf erbij waarom."))
            case .tooShort: questions.append(.paragraph("\(answer ?? "") — nog niet volledig: schrijf minstens een hele zin."))
            }
        }
        sections.append(ReportSection(heading: "De zeven vragen van punt 9", blocks: questions))
        if let planDigest {
            sections.append(
                ReportSection(heading: "Herkomst", blocks: [.paragraph("Gemaakt uit het participatieplan met SHA-256 \(planDigest.hex).")]))
        }
        return ReportDocument(title: isConcept ? "CONCEPT — \(title)" : title, sections: sections)
    }

    // MARK: Parts

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
        // One line each: easy to read as source, one paragraph when rendered.
        return lines
    }

    private func phaseTable() -> String {
        let showPeriod = plan.phases.contains { !($0.period ?? "").allSatisfy(\.isWhitespace) }
        let showForm = plan.phases.contains { !($0.form ?? "").allSatisfy(\.isWhitespace) }
        var header = ["Fase", "Doel", "Niveau"]
        if showPeriod { header.append("Wanneer") }
        if showForm { header.append("Hoe") }
        var rows = [header, header.map { _ in "---" }]
        for phase in plan.phases {
            var row = [
                "Samen \(phase.phase.rawValue)",
                Self.cell(phase.goal),
                phase.level.map { "\($0.rawValue.capitalizedFirst): \(Self.meaning(of: $0))" } ?? "*nog niet ingevuld*",
            ]
            if showPeriod { row.append(Self.cell(phase.period, missing: "")) }
            if showForm { row.append(Self.cell(phase.form, missing: "")) }
            rows.append(row)
        }
        return rows.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
    }

    private func kadersBlocks(_ kaders: ParticipationPlan.Kaders) -> [String] {
        var blocks: [String] = []
        var decision: [String] = []
        if let reference = kaders.decision, !reference.allSatisfy(\.isWhitespace) {
            decision.append(Self.escapeInline(reference))
        }
        if let date = kaders.date { decision.append("van \(date)") }
        blocks.append(
            decision.isEmpty ? "Besluit van de raad: *nog niet ingevuld*." : "Besluit van de raad: \(decision.joined(separator: " ")).")
        if let summary = kaders.summary, !summary.allSatisfy(\.isWhitespace) {
            blocks.append(Self.escapeBlock(summary))
        } else {
            blocks.append("*De samenvatting van de kaders ontbreekt nog.*")
        }
        return blocks
    }

    private static func cell(_ text: String?, missing: String = "*nog niet ingevuld*") -> String {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return missing }
        return escapeInline(text)
    }

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

    // MARK: Escaping

    /// Escapes text from a plan for one line of Markdown: a heading, a list item or a table
    /// cell.
    ///
    /// Line breaks become spaces (a table row is one line). `\`, `` ` ``, `|`, `#`, `[`
    /// and `]` get a backslash; `<` becomes `&lt;` (no HTML gets through); `&` becomes `&amp;`
    /// where it would start an entity; a leading `>`, `-`, `+`, `*`, `~` or `1.` gets a
    /// backslash so it cannot start a quote, list or fence.
    ///
    /// Control and format characters (bidi overrides, zero-width joiners…) are first made
    /// visible as `<U+001B>` and the like, as in every report (``ReportRenderer``), so the
    /// file carries no escape sequence.
    public static func escapeInline(_ text: String) -> String {
        let line = ReportRenderer.neutralised(text).split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
        return escapeLineStart(escapeCharacters(line.trimmingSpaces(), escapeHash: true))
    }

    /// Escapes multi-line text from a plan for the body of the paragraph.
    ///
    /// Blank lines stay paragraph breaks and `- ` / `1. ` lists stay lists. Everything else
    /// that Markdown would read as structure is neutralised: leading whitespace (code
    /// blocks), a leading `#` (heading) or `>` (quote), lines of only `-`, `=`, `*` or `_`
    /// (rules and underlined headings), fences (`` ``` `` and `~~~`), and anywhere in the
    /// text `\`, `` ` ``, `|` (tables), `[` and `]` (links), `<` (HTML, as `&lt;`) and `&`
    /// where it would start an entity.
    ///
    /// Control and format characters are first made visible, as in ``escapeInline(_:)``.
    public static func escapeBlock(_ text: String) -> String {
        var lines: [String] = []
        var blank = 0
        for raw in ReportRenderer.neutralised(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingSpaces()
            if line.isEmpty {
                blank += 1
                continue
            }
            if blank > 0, !lines.isEmpty { lines.append("") }
            blank = 0
            var escaped = escapeCharacters(line, escapeHash: false)
            if escaped.hasPrefix("#") || escaped.hasPrefix(">") || escaped.hasPrefix("~") {
                escaped = "\\" + escaped
            } else if escaped.allSatisfy({ "-=*_ ".contains($0) }) {
                escaped = "\\" + escaped
            }
            lines.append(escaped)
        }
        return lines.joined(separator: "\n")
    }

    private static func escapeCharacters(_ text: String, escapeHash: Bool) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\", "`", "|", "[", "]": result += "\\\(character)"
            case "#" where escapeHash: result += "\\#"
            case "<": result += "&lt;"
            case "&" where startsEntity(characters, at: index): result += "&amp;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Whether `&` at `index` starts something a Markdown reader takes as an entity (`&lt;`, `&#60;`).
    private static func startsEntity(_ characters: [Character], at index: Int) -> Bool {
        var position = index + 1
        if position < characters.count, characters[position] == "#" { position += 1 }
        let start = position
        while position < characters.count, characters[position].isASCII, characters[position].isLetter || characters[position].isNumber {
            position += 1
        }
        return position > start && position < characters.count && characters[position] == ";"
    }

    private static func escapeLineStart(_ text: String) -> String {
        guard let first = text.first else { return text }
        if ">-+*~".contains(first) { return "\\" + text }
        // "1. " or "1) " would start an ordered list.
        let digits = text.prefix(while: \.isNumber)
        if !digits.isEmpty, digits.count < 10 {
            let rest = text.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")" {
                return String(digits) + "\\" + String(rest)
            }
        }
        return text
    }
}

extension StringProtocol {
    /// The text with only its first character in upper case ("raadplegen" → "Raadplegen").
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    fileprivate func trimmingSpaces() -> String {
        let set: String = " \t"
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
