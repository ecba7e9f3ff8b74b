/// The fill-in participatieplan in Markdown: one heading per question of point 9 with a
/// one-line hint under it, the choices (workflow, impact, participation), the phases with
/// their goal and rung of the participatieladder, the stakeholders and the raad's kaders.
///
/// What this writes, ``PlanFile`` reads back (``PlanFormat/markdown``). Lines that start with
/// `>` are explanation and never count as an answer; so do the hints themselves when the `>`
/// was lost along the way. A template that was not filled in therefore reads, and
/// ``PlanCheck`` lists every question as not answered, each at its own line.
///
/// ```markdown
/// # Participatieplan: Herinrichting Plein 1944
///
/// Werkstroom: nijmegen-participatie
/// Impact: hoog
/// Participatie: ja
///
/// ## 1. Welke voordelen het heeft om inwoners (wel/ niet) te betrekken
///
/// > Waarom is het goed dat inwoners meedoen? Of waarom doen ze deze keer niet mee?
///
/// Plein 1944 is van iedereen …
///
/// ## Fasen
///
/// ### Samen denken
///
/// Doel: Ideeën en wensen ophalen over het gebruik van het plein.
/// Niveau: raadplegen
/// ```
public struct PlanTemplate: Hashable, Sendable {
    /// The project's name for the title, or `nil` for ``projectPlaceholder``.
    public var project: String?
    /// The workflow the process will run on: its id fills in `Werkstroom:`, and its states give
    /// the phases with their goal and level (see ``phases``).
    public var workflow: WorkflowDefinition?
    /// A line that tells how to check the plan, for the explanation at the top (the command-line
    /// tool passes its own command); `nil` leaves it out.
    public var checkHint: String?

    public init(project: String? = nil, workflow: WorkflowDefinition? = nil, checkHint: String? = nil) {
        self.project = project
        self.workflow = workflow
        self.checkHint = checkHint
    }

    // MARK: The words of the form

    /// The title's first word; the project's name follows after a colon.
    public static let titleWord = "Participatieplan"
    /// What the title holds until the projectleider writes the project's name.
    public static let projectPlaceholder = "[naam van het project]"
    /// The heading of the phases (level 2); each phase is a level-3 heading under it.
    public static let phasesHeading = "Fasen"
    /// The heading of the stakeholders (level 2).
    public static let stakeholdersHeading = "Belanghebbenden"
    /// The heading of the raad's kaders (level 2).
    public static let kadersHeading = "Kaders van de raad"

    /// The fields under the title, as `Veld: waarde`, with the plan key each one fills.
    public static let topFields: [(name: String, key: String)] = [
        ("Werkstroom", "workflow"), ("Impact", "impact"), ("Participatie", "participatie"),
    ]
    /// The fields of a phase, with the plan key each one fills.
    public static let phaseFields: [(name: String, key: String)] = [
        ("Doel", "doel"), ("Niveau", "niveau"), ("Periode", "periode"), ("Werkvorm", "werkvorm"),
    ]
    /// The fields of the kaders, with the plan key each one fills.
    public static let kadersFields: [(name: String, key: String)] = [
        ("Besluit", "besluit"), ("Datum", "datum"), ("Samenvatting", "samenvatting"),
    ]

    /// The explanation at the top of the form.
    static let introduction = [
        "Vul dit plan in: schrijf uw antwoord onder elke vraag. Laat de koppen (de regels met #) staan.",
        "Regels die met > beginnen, zoals deze, zijn uitleg. Die tellen niet mee als antwoord.",
    ]
    /// The hint under each field at the top, by field name.
    static let topFieldHints = [
        "Werkstroom": "Het soort proces, bijvoorbeeld nijmegen-participatie of inspraak. Mag leeg blijven.",
        "Impact": "Hoe sterk raakt het project inwoners? Schrijf laag, midden of hoog.",
        "Participatie": "Doen inwoners mee? Schrijf ja of nee. Ook bij nee beantwoordt u alle vragen hieronder.",
    ]
    static let phasesHint =
        "Schrijf per fase op waarvoor inwoners meedoen (Doel) en hoeveel invloed ze hebben (Niveau: informeren, "
        + "raadplegen, adviseren, coproduceren of meebeslissen). Haal een fase weg als inwoners daarin niet meedoen."
    static let stakeholdersHint = "Wie raakt het project? Zet elke groep op een eigen regel, met een streepje ervoor."
    static let kadersHint =
        "Nodig bij impact hoog: wat gaf de raad vooraf mee? Schrijf het besluit (nummer), de datum en een korte samenvatting."
    /// The first words of the line under a phase that the workflow filled in.
    static let fromWorkflowPrefix = "Uit de werkstroom:"

    /// Every hint the form writes, so that a hint that lost its `>` is still no answer.
    static let hints: [String] =
        introduction + Array(topFieldHints.values) + [phasesHint, stakeholdersHint, kadersHint]
        + PlanQuestion.allCases.map(\.hint) + Phase.allCases.map(\.templateHint)

    // MARK: The phases

    /// The phases the form offers.
    ///
    /// Without a workflow: the four phases of the Tienpuntenplan, empty. With one: for each phase
    /// of the four, the state of that phase in which residents have the most say (the highest
    /// rung of the participatieladder among the states that are not final and that accept input
    /// or have a rung above informeren), with its goal and level; a phase without such a state
    /// is left out. A workflow in which no state qualifies gives the four empty phases.
    ///
    /// Complexity: O(states).
    public var phases: [(phase: ParticipationPlan.PlannedPhase, state: String?)] {
        let empty = Phase.allCases.map { (phase: ParticipationPlan.PlannedPhase(phase: $0), state: String?.none) }
        guard let workflow else { return empty }
        let ladder = Level.allCases
        var chosen: [(phase: ParticipationPlan.PlannedPhase, state: String?)] = []
        for phase in Phase.allCases {
            var best: StateSpec?
            for spec in workflow.states.values where spec.phase == phase && !spec.isFinal {
                guard !spec.accepts.isEmpty || (spec.level.map { $0 != .informeren } ?? false) else { continue }
                let rank = spec.level.flatMap { ladder.firstIndex(of: $0) } ?? -1
                let bestRank = best?.level.flatMap { ladder.firstIndex(of: $0) } ?? -1
                if best == nil || rank > bestRank { best = spec }
            }
            if let best {
                chosen.append((ParticipationPlan.PlannedPhase(phase: phase, goal: best.goal, level: best.level), best.label))
            }
        }
        return chosen.isEmpty ? empty : chosen
    }

    // MARK: Writing

    /// The form as Markdown, ending in a newline.
    ///
    /// Complexity: O(states of the workflow).
    public var markdown: String {
        var lines: [String] = []
        let name = project.map(Self.singleLine).flatMap { $0.isEmpty ? nil : $0 } ?? Self.projectPlaceholder
        lines.append("# \(Self.titleWord): \(name)")
        lines.append("")
        for line in Self.introduction { lines.append("> \(line)") }
        if let checkHint { lines.append("> \(Self.singleLine(checkHint))") }
        lines.append("")
        for field in Self.topFields {
            let value = field.key == "workflow" ? workflow?.id.rawValue ?? "" : ""
            lines.append(value.isEmpty ? "\(field.name):" : "\(field.name): \(value)")
            lines.append("> \(Self.topFieldHints[field.name] ?? "")")
            lines.append("")
        }
        for question in PlanQuestion.allCases {
            lines.append("## \(question.number). \(question.wording)")
            lines.append("")
            lines.append("> \(question.hint)")
            lines.append("")
            lines.append("")
        }
        lines.append("## \(Self.phasesHeading)")
        lines.append("")
        lines.append("> \(Self.phasesHint)")
        lines.append("")
        for (phase, state) in phases {
            lines.append("### \(phase.phase.title)")
            lines.append("")
            if let state {
                lines.append("> \(Self.fromWorkflowPrefix) de stap \"\(Self.singleLine(state))\". Pas het doel aan op uw project.")
            } else {
                lines.append("> \(phase.phase.templateHint)")
            }
            lines.append("")
            lines.append(phase.goal.map { "Doel: \(Self.singleLine($0))" } ?? "Doel:")
            lines.append(phase.level.map { "Niveau: \($0.rawValue)" } ?? "Niveau:")
            lines.append("Periode:")
            lines.append("Werkvorm:")
            lines.append("")
        }
        lines.append("## \(Self.stakeholdersHeading)")
        lines.append("")
        lines.append("> \(Self.stakeholdersHint)")
        lines.append("")
        lines.append("- ")
        lines.append("")
        lines.append("## \(Self.kadersHeading)")
        lines.append("")
        lines.append("> \(Self.kadersHint)")
        lines.append("")
        for field in Self.kadersFields { lines.append("\(field.name):") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A text on one line: line breaks and other control characters become spaces.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

extension PlanQuestion {
    /// A one-line hint at B1 level under the question in the fill-in plan: what to write.
    public var hint: String {
        switch self {
        case .voordelen: "Waarom is het goed dat inwoners meedoen? Of waarom doen ze deze keer niet mee?"
        case .fasenEnDoel: "In welke fasen doen inwoners mee (denken, besluiten, doen, leren), en wat wilt u in elke fase bereiken?"
        case .vorm: "Hoe doen inwoners mee (bijvoorbeeld een avond, een enquête of een klankbordgroep), en waarom zo?"
        case .voorwaarden: "Wat staat al vast en waarover kunnen inwoners meepraten? En hoe vertelt u dat?"
        case .risicos: "Wat kan er misgaan, en wat doet u om dat te voorkomen?"
        case .afstemming: "Hoe houdt u inwoners op de hoogte, en wie is hun vaste aanspreekpunt?"
        case .evaluatie: "Hoe kijkt u na afloop terug: wat ging goed, wat kan beter, en aan wie vraagt u dat?"
        }
    }
}

extension Phase {
    /// The phase as the Tienpuntenplan names it: "Samen denken".
    public var title: String {
        switch self {
        case .denken: "Samen denken"
        case .besluiten: "Samen besluiten"
        case .doen: "Samen doen"
        case .leren: "Samen leren"
        }
    }

    /// The goal of the phase in the Tienpuntenplan (point 4), as the hint under an empty phase.
    var templateHint: String {
        switch self {
        case .denken: "Doel van deze fase in het Tienpuntenplan: ideeën ophalen of samenvoegen."
        case .besluiten: "Doel van deze fase in het Tienpuntenplan: tot een besluit komen waarin iedereen zich kan vinden."
        case .doen: "Doel van deze fase in het Tienpuntenplan: samen iets doen wat waarde heeft voor iedereen."
        case .leren: "Doel van deze fase in het Tienpuntenplan: leren wat goed en minder goed ging, voor de volgende keer."
        }
    }
}
