// Codes for participatieplannen: PK101–PK106 when a plan file cannot be read (``PlanFile``),
// PK110–PK141 for what ``PlanCheck`` finds missing. Workflow files use PK001–PK035.

extension Diagnostic.Code {
    // MARK: Reading a plan file (PlanFile)

    /// The plan file is not valid JSON.
    public static let planSyntax: Self = "PK101"
    /// A key that the plan format does not know (usually a typo).
    public static let planUnknownKey: Self = "PK102"
    /// A value of the wrong JSON type in a plan.
    public static let planWrongType: Self = "PK103"
    /// A key a plan file must have (`formatVersion`, `project`, a phase's `fase`) is missing.
    public static let planMissingKey: Self = "PK104"
    /// A value of the right type that is not allowed (an unknown phase or level, a bad date…).
    public static let planInvalidValue: Self = "PK105"
    /// The plan file was written for a newer format version.
    public static let planNewerFormatVersion: Self = "PK106"

    // MARK: Completeness (PlanCheck)

    /// A question of point 9 has no answer, or an empty one.
    public static let planAnswerMissing: Self = "PK110"
    /// A question is answered with "n.v.t." (or a similar placeholder) without a reason.
    public static let planAnswerPlaceholder: Self = "PK111"
    /// An answer of fewer than two words.
    public static let planAnswerTooShort: Self = "PK112"
    /// Without participation, the answer to question 1 does not explain why.
    public static let planNoParticipationUnexplained: Self = "PK113"
    /// The plan does not say whether residents take part (`participatie`).
    public static let planParticipationUnchosen: Self = "PK114"
    /// The project has no name (a Markdown plan whose title still lacks it; a JSON plan without
    /// one does not read).
    public static let planProjectUnnamed: Self = "PK115"
    /// With participation, the plan names no phase.
    public static let planNoPhases: Self = "PK120"
    /// A phase without a goal (`doel`).
    public static let planPhaseWithoutGoal: Self = "PK121"
    /// A phase without a rung of the participatieladder (`niveau`).
    public static let planPhaseWithoutLevel: Self = "PK122"
    /// Without participation, a phase has a rung above `informeren`.
    public static let planLevelWithoutParticipation: Self = "PK123"
    /// With participation, every phase only informs residents (warning).
    public static let planOnlyInformeren: Self = "PK124"
    /// The plan does not say how big the impact is (`impact`).
    public static let planImpactMissing: Self = "PK130"
    /// With `impact` `hoog`, the raad's kaders are missing (Tienpuntenplan point 6).
    public static let planKadersMissing: Self = "PK131"
    /// The kaders lack the raad's decision or their summary.
    public static let planKadersIncomplete: Self = "PK132"
    /// No stakeholders (`belanghebbenden`): the stakeholder analysis is missing.
    public static let planNoStakeholders: Self = "PK140"
    /// An empty entry in the list of stakeholders.
    public static let planEmptyStakeholder: Self = "PK141"
}
