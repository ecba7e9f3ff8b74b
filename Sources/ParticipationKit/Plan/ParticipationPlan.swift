/// A participatieplan: how (and whether) residents take part in one project, with the answers
/// to the seven questions of point 9 of Nijmegen's Tienpuntenplan.
///
/// Point 9 applies to every project, "of daar nu wel of geen sprake is van
/// inwonersparticipatie": a project without participation (``participation`` is `false`)
/// still answers every question, and explains under ``PlanQuestion/voordelen`` why residents
/// do not take part (RULES scenario 10).
///
/// A plan is read from a JSON file (`formatVersion` 1) with ``PlanFile``; ``PlanCheck`` says
/// what is still missing; ``Participatieparagraaf`` renders the paragraph for a
/// raadsvoorstel. Everything the check asks for is optional here, so that a draft can be read
/// and its gaps listed.
///
/// ```json
/// { "formatVersion": 1, "project": "Herinrichting Plein 1944", "workflow": "nijmegen-participatie",
///   "impact": "hoog", "participatie": true,
///   "vragen": { "voordelen": "…", "fasenEnDoel": "…", "vorm": "…", "voorwaarden": "…",
///               "risicos": "…", "afstemming": "…", "evaluatie": "…" },
///   "fasen": [ { "fase": "denken", "doel": "…", "niveau": "raadplegen" } ],
///   "belanghebbenden": [ "…" ],
///   "kaders": { "besluit": "Raadsbesluit 2026-12", "datum": "2026-02-11", "samenvatting": "…" } }
/// ```
public struct ParticipationPlan: Hashable, Sendable {
    /// The newest `formatVersion` this version of the package reads.
    public static let currentFormatVersion = 1

    /// `formatVersion`: the version of the file format.
    public var formatVersion: Int
    /// `project`: the name of the project, as it appears in the raadsvoorstel.
    public var project: String
    /// `workflow`: the workflow the process runs on, if the plan names one.
    public var workflow: WorkflowID?
    /// `impact`: how strongly residents are affected. With ``Impact/hoog`` the raad gives
    /// kaders in advance (Tienpuntenplan point 6).
    public var impact: Impact?
    /// `participatie`: whether residents take part at all. `nil` while the choice is open.
    public var participation: Bool?
    /// `vragen`: the answers to the seven questions, as written (not trimmed).
    public var answers: [PlanQuestion: String]
    /// `fasen`: the phases residents take part in, in the order of the file.
    public var phases: [PlannedPhase]
    /// `belanghebbenden`: the stakeholder analysis, one entry per party.
    public var stakeholders: [String]
    /// `kaders`: the conditions the raad gave in advance, if any.
    public var kaders: Kaders?

    public init(
        formatVersion: Int = ParticipationPlan.currentFormatVersion, project: String, workflow: WorkflowID? = nil,
        impact: Impact? = nil, participation: Bool? = nil, answers: [PlanQuestion: String] = [:],
        phases: [PlannedPhase] = [], stakeholders: [String] = [], kaders: Kaders? = nil
    ) {
        self.formatVersion = formatVersion
        self.project = project
        self.workflow = workflow
        self.impact = impact
        self.participation = participation
        self.answers = answers
        self.phases = phases
        self.stakeholders = stakeholders
        self.kaders = kaders
    }

    /// The answer to one question, or `nil` when the plan does not give one.
    public func answer(to question: PlanQuestion) -> String? { answers[question] }

    /// How strongly a project affects residents.
    public enum Impact: String, Hashable, Sendable, Codable, CaseIterable {
        /// Laag: small consequences for residents.
        case laag
        /// Midden: noticeable consequences.
        case midden
        /// Hoog: large financial or emotional consequences, or residents are directly
        /// affected by the outcome (Tienpuntenplan point 6).
        case hoog
    }

    /// One phase residents take part in, with its goal and its rung on the participatieladder.
    public struct PlannedPhase: Hashable, Sendable {
        /// `fase`: denken, besluiten, doen or leren.
        public var phase: Phase
        /// `doel`: what residents' part in this phase is for.
        public var goal: String?
        /// `niveau`: the rung of the participatieladder in this phase.
        public var level: Level?
        /// `periode`: when, in words ("voorjaar 2026").
        public var period: String?
        /// `werkvorm`: how, in words ("drie ontwerpateliers en een online kaart").
        public var form: String?

        public init(phase: Phase, goal: String? = nil, level: Level? = nil, period: String? = nil, form: String? = nil) {
            self.phase = phase
            self.goal = goal
            self.level = level
            self.period = period
            self.form = form
        }
    }

    /// The conditions (kaders) the raad set in advance for the participation.
    public struct Kaders: Hashable, Sendable {
        /// `besluit`: the raad's decision that set them (a reference, such as a number).
        public var decision: String?
        /// `datum`: the day of that decision.
        public var date: CivilDate?
        /// `samenvatting`: the kaders in a few sentences.
        public var summary: String?

        public init(decision: String? = nil, date: CivilDate? = nil, summary: String? = nil) {
            self.decision = decision
            self.date = date
            self.summary = summary
        }
    }
}

/// One of the seven questions of point 9 of the Tienpuntenplan, which every project answers
/// in its preparation, with or without participation.
///
/// The raw value is the key under `vragen` in a plan file.
public enum PlanQuestion: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// 1. Benefits of involving residents (or of not involving them).
    case voordelen
    /// 2. In which phases residents take part, and to what end.
    case fasenEnDoel
    /// 3. Why this form of participation.
    case vorm
    /// 4. Conditions and expectations, and how they are communicated.
    case voorwaarden
    /// 5. Risks in the participation and the measures against them.
    case risicos
    /// 6. How coordination and communication with residents about the process work.
    case afstemming
    /// 7. How the participation is evaluated.
    case evaluatie

    /// The number of the question in point 9 (1…7).
    public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

    /// The question as the Tienpuntenplan words it, verbatim (point 9).
    public var wording: String {
        switch self {
        case .voordelen: "Welke voordelen het heeft om inwoners (wel/ niet) te betrekken"
        case .fasenEnDoel: "In welke fase(n) inwoners betrokken worden en met welk doel"
        case .vorm: "Waarom welke vorm van participatie wordt gebruikt"
        case .voorwaarden:
            "Welke voorwaarden en verwachtingen van belang zijn (en worden gedeeld) in het participatieproces. En hoe dit wordt gecommuniceerd."
        case .risicos:
            "Welke risico’s zijn er in de fase van participatie en welke maatregelen er worden genomen om dit te controleren."
        case .afstemming: "Hoe het proces van afstemming en communicatie met inwoners over het participatieproces eruitziet."
        case .evaluatie: "Hoe er wordt geëvalueerd."
        }
    }

    /// A short heading in plain Dutch (B1), for the participatieparagraaf.
    public var title: String {
        switch self {
        case .voordelen: "Waarom wel of geen participatie"
        case .fasenEnDoel: "Fasen en doel"
        case .vorm: "Vorm van participatie"
        case .voorwaarden: "Voorwaarden en verwachtingen"
        case .risicos: "Risico’s en maatregelen"
        case .afstemming: "Afstemming en communicatie"
        case .evaluatie: "Evaluatie"
        }
    }

    public static func < (lhs: PlanQuestion, rhs: PlanQuestion) -> Bool { lhs.number < rhs.number }
}

/// The two forms a participatieplan file is written in.
///
/// ``PlanFile`` reads both into the same ``ParticipationPlan``. Which form a file is in is
/// decided by its name, and by its contents when the name does not say: see
/// ``PlanFile/format(of:file:)``.
public enum PlanFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// JSON (`formatVersion` 1), described by `workflows/schema/plan.schema.json`.
    case json
    /// The fill-in Markdown that ``PlanTemplate`` writes: one heading per question of point 9,
    /// `Veld: waarde` lines for the choices, a list of stakeholders.
    case markdown

    /// The text for this form: findings name a field the way the file writes it.
    func say(json: String, markdown: String) -> String {
        switch self {
        case .json: json
        case .markdown: markdown
        }
    }
}
