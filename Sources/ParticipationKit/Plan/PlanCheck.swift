/// The completeness check of a participatieplan: every gap, each with a stable code, a JSON
/// Pointer and a message in Dutch.
///
/// A plan is complete when it has no error (warnings, such as ``Diagnostic/Code/planOnlyInformeren``,
/// do not count). It is complete when:
///
/// - the project has a name;
/// - it says whether residents take part (`participatie`: true or false);
/// - each of the seven questions of point 9 has a real answer (see ``assess(_:)``); this holds
///   for projects without participation too (RULES scenario 10), and then the answer to
///   question 1 explains, in at least ``minimumNoParticipationWords`` words, why residents do
///   not take part;
/// - with participation, it names at least one phase; every phase has a goal (`doel`) and a
///   rung of the participatieladder (`niveau`); without participation, a phase may only
///   inform (`informeren`);
/// - it says how big the impact is; with `impact` `hoog` the raad's kaders are there
///   (Tienpuntenplan point 6), and kaders that are there name the raad's decision and
///   summarise it;
/// - it names at least one stakeholder (`belanghebbenden`, the stakeholder analysis).
///
/// The check reads the plan only; it never judges whether an answer is good (RULES §4: the
/// engine checks process, not quality). It only refuses answers that are no answer.
public struct PlanCheck: Hashable, Sendable {
    /// Every finding, in the order of ``rules``. Pointers only, unless the check came from
    /// ``PlanFile/check()``, which adds file names and line:column.
    public var findings: [Diagnostic]

    /// Checks a plan.
    ///
    /// - Parameters:
    ///   - plan: The plan.
    ///   - format: The form the plan was written in; the messages name its fields the way that
    ///     form writes them (`"participatie": true` in JSON, `Participatie: ja` in Markdown).
    ///
    /// Complexity: O(size of the plan).
    public init(_ plan: ParticipationPlan, format: PlanFormat = .json) {
        findings = Self.rules.flatMap { $0.findings(plan, format: format) }
    }

    /// A check with the given findings (for example after locating them in a file).
    public init(findings: [Diagnostic]) { self.findings = findings }

    /// Whether the plan is complete: no finding is an error.
    public var isComplete: Bool { !findings.containsErrors }

    /// The findings that make the plan incomplete.
    public var errors: [Diagnostic] { findings.filter { $0.severity == .error } }

    // MARK: Answers

    /// Fewest real words after a placeholder such as "n.v.t." for the answer to count.
    public static let minimumReasonWords = 4
    /// Fewest real words in any answer.
    public static let minimumAnswerWords = 2
    /// Fewest real words in the answer to question 1 when residents do not take part.
    public static let minimumNoParticipationWords = 8

    /// The placeholders that are no answer on their own, as people write them. Matching
    /// ignores case, and dots, spaces, hyphens and slashes between the letters, so "N.V.T.",
    /// "n.v.t", "n v t" and "nvt" are all the same placeholder.
    public static let placeholders = [
        "n.v.t.", "nvt", "niet van toepassing", "geen", "nee", "niets", "idem", "zie boven", "zie hierboven",
        "onbekend", "nog onbekend", "nog niet bekend", "n.t.b.", "ntb", "nader te bepalen", "volgt", "volgt nog",
        "volgt later", "p.m.", "pm", "tbd", "todo",
    ]

    /// Tokens that never count as a real word, even inside a reason ("n.v.t., nvt, idem").
    static let placeholderTokens: Set<String> = ["nvt", "ntb", "pm", "tbd", "todo", "idem"]

    /// The placeholders as token lists (`["n", "v", "t"]`), longest first so that "volgt
    /// later" is tried before "volgt".
    static let placeholderTokenLists: [[String]] = placeholders.map { phrase in
        phrase.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map { $0.lowercased() }
    }.sorted { $0.count > $1.count }

    /// What an answer is worth, by these rules, in this order:
    ///
    /// 1. no answer (the key is missing, or `null`): ``AnswerAssessment/absent``;
    /// 2. only whitespace: ``AnswerAssessment/empty``;
    /// 3. no letter or digit at all ("-", "–", "…", "?"): ``AnswerAssessment/placeholder(_:)``;
    /// 4. it starts with one of the ``placeholders`` as whole words, case-insensitive, after
    ///    any leading punctuation ("n.v.t.", "N.V.T", "Niet van toepassing", "geen"…), and what
    ///    follows has fewer than ``minimumReasonWords`` real words:
    ///    ``AnswerAssessment/placeholder(_:)``. So "n.v.t., want de straat blijft gelijk"
    ///    and "n.v.t.: er is niets te kiezen" count; "n.v.t.", "nvt want geen tijd" and
    ///    "n.v.t., zie boven" do not;
    /// 5. fewer than ``minimumAnswerWords`` real words in all ("Ja.", "x", "2026"):
    ///    ``AnswerAssessment/tooShort``;
    /// 6. otherwise: ``AnswerAssessment/answered``.
    ///
    /// A real word (see ``realWords(in:)``) is a run of at least two letters; an apostrophe
    /// or hyphen between two letters keeps it together ("risico's", "nood-diensten").
    /// Numbers and single letters do not count, nor the tokens nvt, ntb, pm, tbd, todo and
    /// idem.
    public static func assess(_ answer: String?) -> AnswerAssessment {
        guard let answer else { return .absent }
        let trimmed = answer.trimmingWhitespace
        if trimmed.isEmpty { return .empty }
        if !trimmed.contains(where: { $0.isLetter || $0.isNumber }) { return .placeholder(shorten(trimmed)) }
        if let rest = remainderAfterPlaceholder(trimmed), realWords(in: rest).count < minimumReasonWords {
            return .placeholder(shorten(trimmed))
        }
        if realWords(in: trimmed).count < minimumAnswerWords { return .tooShort }
        return .answered
    }

    /// The real words of a text: runs of at least two letters (an apostrophe or hyphen
    /// between letters joins), except the placeholder tokens nvt, ntb, pm, tbd, todo, idem.
    public static func realWords(in text: some StringProtocol) -> [String] {
        let characters = Array(text)
        var words: [String] = []
        var current = ""
        var letters = 0
        func flush() {
            if letters >= 2, !placeholderTokens.contains(current.lowercased()) { words.append(current) }
            current = ""
            letters = 0
        }
        for (index, character) in characters.enumerated() {
            if character.isLetter {
                current.append(character)
                letters += 1
            } else if letters > 0, "'’-".contains(character), index + 1 < characters.count, characters[index + 1].isLetter {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// If the text starts with a placeholder, the text after it; otherwise `nil`.
    static func remainderAfterPlaceholder(_ text: String) -> Substring? {
        // The leading tokens (runs of letters or digits), with the separators before them.
        var tokens: [(text: String, separator: Substring, end: String.Index)] = []
        var index = text.startIndex
        let longest = placeholderTokenLists.first?.count ?? 0
        while index < text.endIndex, tokens.count < longest {
            let separatorStart = index
            while index < text.endIndex, !(text[index].isLetter || text[index].isNumber) { index = text.index(after: index) }
            let start = index
            while index < text.endIndex, text[index].isLetter || text[index].isNumber { index = text.index(after: index) }
            if start == index { break }
            tokens.append((text[start..<index].lowercased(), text[separatorStart..<start], index))
        }
        for phrase in placeholderTokenLists where phrase.count <= tokens.count {
            let candidate = tokens.prefix(phrase.count)
            guard candidate.map(\.text) == phrase else { continue }
            // Between the words of one placeholder only dots, spaces, hyphens or slashes.
            let joined = candidate.dropFirst().allSatisfy { token in
                token.separator.allSatisfy { $0 == "." || $0 == "-" || $0 == "/" || $0.isWhitespace }
            }
            if joined, let last = candidate.last { return text[last.end...] }
        }
        return nil
    }

    private static func shorten(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= 40 ? line : String(line.prefix(39)) + "…"
    }

    // MARK: Rules

    /// One rule of the check: the codes it can give and how it finds them.
    public struct Rule: Sendable {
        /// What the rule checks, in Dutch.
        public var summary: String
        /// The codes the rule can give.
        public var codes: [Diagnostic.Code]
        let check: @Sendable (ParticipationPlan, PlanFormat) -> [Diagnostic]

        /// The findings of this rule for a plan, worded for the form it was written in.
        public func findings(_ plan: ParticipationPlan, format: PlanFormat = .json) -> [Diagnostic] { check(plan, format) }
    }

    /// Every rule, in the order findings are listed.
    public static let rules: [Rule] = [
        projectNamed, participationChosen, questionsAnswered, noParticipationExplained, phasesComplete, impactAndKaders, stakeholders,
    ]

    /// Every code the check can give.
    public static var allCodes: [Diagnostic.Code] { rules.flatMap(\.codes) }

    private static let top = JSONPointer()

    static let projectNamed = Rule(summary: "Het project heeft een naam.", codes: [.planProjectUnnamed]) { plan, format in
        guard plan.project.allSatisfy(\.isWhitespace) else { return [] }
        return [
            Diagnostic(
                .error, .planProjectUnnamed,
                "het project heeft geen naam: "
                    + format.say(
                        json: "vul \"project\" in.",
                        markdown: "schrijf hem in de titel, achter \"# \(PlanTemplate.titleWord):\"."),
                pointer: top.appending("project"))
        ]
    }

    static let participationChosen = Rule(
        summary: "Het plan zegt of inwoners meedoen.", codes: [.planParticipationUnchosen]
    ) { plan, format in
        guard plan.participation == nil else { return [] }
        return [
            Diagnostic(
                .error, .planParticipationUnchosen,
                "kies of inwoners meedoen: "
                    + format.say(json: "zet \"participatie\" op true of false.", markdown: "schrijf achter \"Participatie:\" ja of nee.")
                    + " Ook zonder participatie beantwoordt u alle vragen.",
                pointer: top.appending("participatie"))
        ]
    }

    static let questionsAnswered = Rule(
        summary: "Elke vraag van punt 9 heeft een echt antwoord.",
        codes: [.planAnswerMissing, .planAnswerPlaceholder, .planAnswerTooShort]
    ) { plan, format in
        PlanQuestion.allCases.compactMap { question in
            let pointer = top.appending("vragen").appending(question.rawValue)
            let name = "vraag \(question.number) (\"\(question.wording)\")"
            switch assess(plan.answer(to: question)) {
            case .answered:
                return nil
            case .absent:
                return Diagnostic(.error, .planAnswerMissing, "\(name) is niet beantwoord.", pointer: pointer)
            case .empty:
                return Diagnostic(.error, .planAnswerMissing, "\(name) heeft een leeg antwoord.", pointer: pointer)
            case .placeholder(let written):
                return Diagnostic(
                    .error, .planAnswerPlaceholder,
                    "\(name) is beantwoord met \"\(written)\" zonder reden. Schrijf erbij waarom, in minstens "
                        + "\(minimumReasonWords) woorden, bijvoorbeeld: n.v.t., want …",
                    pointer: pointer)
            case .tooShort:
                return Diagnostic(
                    .error, .planAnswerTooShort,
                    "\(name) heeft een antwoord van minder dan \(minimumAnswerWords) woorden. Schrijf minstens een hele zin.",
                    pointer: pointer)
            }
        }
    }

    static let noParticipationExplained = Rule(
        summary: "Zonder participatie legt vraag 1 uit waarom inwoners niet meedoen.",
        codes: [.planNoParticipationUnexplained]
    ) { plan, format in
        guard plan.participation == false, let answer = plan.answer(to: .voordelen), assess(answer) == .answered,
            realWords(in: answer).count < minimumNoParticipationWords
        else { return [] }
        return [
            Diagnostic(
                .error, .planNoParticipationUnexplained,
                "vraag 1 (\"\(PlanQuestion.voordelen.wording)\") moet uitleggen waarom inwoners niet meedoen "
                    + format.say(json: "(\"participatie\": false)", markdown: "(Participatie: nee)")
                    + ". Schrijf de reden in minstens \(minimumNoParticipationWords) woorden.",
                pointer: top.appending("vragen").appending(PlanQuestion.voordelen.rawValue))
        ]
    }

    static let phasesComplete = Rule(
        summary: "Met participatie: minstens één fase; elke fase heeft een doel en een niveau.",
        codes: [
            .planNoPhases, .planPhaseWithoutGoal, .planPhaseWithoutLevel, .planLevelWithoutParticipation,
            .planOnlyInformeren,
        ]
    ) { plan, format in
        var findings: [Diagnostic] = []
        let phasesPointer = top.appending("fasen")
        if plan.participation == true, plan.phases.isEmpty {
            findings.append(
                Diagnostic(
                    .error, .planNoPhases,
                    format.say(
                        json: "\"participatie\" is true, maar er staat geen fase in \"fasen\".",
                        markdown: "Participatie is ja, maar onder \"## Fasen\" staat geen ingevulde fase.")
                        + " Noem de fasen waarin inwoners meedoen (denken, besluiten, doen, leren), elk met een doel en een niveau.",
                    pointer: phasesPointer))
        }
        for (index, phase) in plan.phases.enumerated() {
            let pointer = phasesPointer.appending(index)
            let name = "fase \(index + 1) (samen \(phase.phase.rawValue))"
            let goalProblem: String? =
                switch assess(phase.goal) {
                case .answered: nil
                case .absent, .empty: "\(name) heeft geen doel."
                case .placeholder(let written): "\(name) heeft als doel alleen \"\(written)\"."
                case .tooShort: "\(name) heeft een doel van minder dan \(minimumAnswerWords) woorden."
                }
            if let goalProblem {
                findings.append(
                    Diagnostic(
                        .error, .planPhaseWithoutGoal,
                        goalProblem + " Schrijf "
                            + format.say(json: "", markdown: "achter \"Doel:\" ") + "op waarvoor inwoners in deze fase meedoen.",
                        pointer: pointer.appending("doel")))
            }
            if let level = phase.level {
                if plan.participation == false, level != .informeren {
                    findings.append(
                        Diagnostic(
                            .error, .planLevelWithoutParticipation,
                            "\(name) heeft niveau \"\(level.rawValue)\", maar "
                                + format.say(json: "\"participatie\" is false", markdown: "Participatie is nee")
                                + ". Zonder participatie kan alleen \"informeren\"; of "
                                + format.say(json: "zet \"participatie\" op true.", markdown: "schrijf achter \"Participatie:\" ja."),
                            pointer: pointer.appending("niveau")))
                }
            } else {
                findings.append(
                    Diagnostic(
                        .error, .planPhaseWithoutLevel,
                        "\(name) heeft geen niveau. "
                            + format.say(json: "Kies", markdown: "Schrijf achter \"Niveau:\"") + " een trede van de participatieladder: "
                            + Level.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                        pointer: pointer.appending("niveau")))
            }
        }
        if plan.participation == true, !plan.phases.isEmpty, plan.phases.allSatisfy({ $0.level == .informeren }) {
            findings.append(
                Diagnostic(
                    .warning, .planOnlyInformeren,
                    "alle fasen hebben niveau \"informeren\": inwoners geven dan geen inbreng. Klopt "
                        + format.say(json: "\"participatie\": true?", markdown: "\"Participatie: ja\"?"),
                    pointer: phasesPointer))
        }
        return findings
    }

    static let impactAndKaders = Rule(
        summary: "De impact staat erin; bij hoge impact zijn er kaders van de raad (punt 6).",
        codes: [.planImpactMissing, .planKadersMissing, .planKadersIncomplete]
    ) { plan, format in
        var findings: [Diagnostic] = []
        if plan.impact == nil {
            findings.append(
                Diagnostic(
                    .error, .planImpactMissing,
                    "de impact op inwoners staat er niet in. "
                        + format.say(json: "Kies \"impact\":", markdown: "Schrijf achter \"Impact:\"") + " laag, midden of hoog.",
                    pointer: top.appending("impact")))
        }
        let pointer = top.appending("kaders")
        if let kaders = plan.kaders {
            if (kaders.decision ?? "").trimmingWhitespace.isEmpty {
                findings.append(
                    Diagnostic(
                        .error, .planKadersIncomplete,
                        "bij de kaders ontbreekt het besluit van de raad ("
                            + format.say(json: "\"besluit\"", markdown: "achter \"Besluit:\"")
                            + "), bijvoorbeeld het nummer van het raadsbesluit.",
                        pointer: pointer.appending("besluit")))
            }
            if assess(kaders.summary) != .answered {
                findings.append(
                    Diagnostic(
                        .error, .planKadersIncomplete,
                        "bij de kaders ontbreekt een samenvatting ("
                            + format.say(json: "\"samenvatting\"", markdown: "achter \"Samenvatting:\"")
                            + "): wat heeft de raad meegegeven?",
                        pointer: pointer.appending("samenvatting")))
            }
        } else if plan.impact == .hoog {
            findings.append(
                Diagnostic(
                    .error, .planKadersMissing,
                    "de impact is hoog, maar de kaders van de raad ontbreken. Bij grote impact vraagt het college de raad "
                        + "vooraf om kaders (Tienpuntenplan, punt 6). "
                        + format.say(
                            json: "Vul \"kaders\" in met het besluit en een samenvatting.",
                            markdown: "Vul onder \"## Kaders van de raad\" het besluit en een samenvatting in."),
                    pointer: pointer))
        }
        return findings
    }

    static let stakeholders = Rule(
        summary: "Het plan noemt de belanghebbenden (stakeholdersanalyse).",
        codes: [.planNoStakeholders, .planEmptyStakeholder]
    ) { plan, format in
        let pointer = top.appending("belanghebbenden")
        if plan.stakeholders.isEmpty {
            return [
                Diagnostic(
                    .error, .planNoStakeholders,
                    "er staan geen belanghebbenden in het plan. Noem wie het project raakt (stakeholdersanalyse)"
                        + format.say(json: "", markdown: ", onder \"## Belanghebbenden\", één per regel")
                        + ", ook als inwoners niet meedoen: zij moeten wel weten wat er gebeurt.",
                    pointer: pointer)
            ]
        }
        return plan.stakeholders.enumerated().compactMap { index, name in
            name.trimmingWhitespace.isEmpty
                ? Diagnostic(.error, .planEmptyStakeholder, "belanghebbende \(index + 1) is leeg.", pointer: pointer.appending(index))
                : nil
        }
    }
}

/// What an answer in a participatieplan is worth; see ``PlanCheck/assess(_:)``.
public enum AnswerAssessment: Hashable, Sendable {
    /// A real answer.
    case answered
    /// No answer: the key is missing, or `null`.
    case absent
    /// Only whitespace.
    case empty
    /// "n.v.t." or a similar placeholder without a reason; carries the answer as written
    /// (shortened).
    case placeholder(String)
    /// Fewer than ``PlanCheck/minimumAnswerWords`` real words.
    case tooShort

    /// Whether the answer counts.
    public var isAnswered: Bool { self == .answered }
}

extension StringProtocol {
    /// The text without whitespace (including newlines) at either end.
    fileprivate var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
