/// A finding about a workflow file: an error, a warning or a note, with a stable code and
/// the place in the file it is about.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case error, warning, note

        /// `fout`, `waarschuwing`, `opmerking`.
        public var dutchName: String {
            switch self {
            case .error: "fout"
            case .warning: "waarschuwing"
            case .note: "opmerking"
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
    }

    /// A stable diagnostic code such as `PK002`. Codes are API; the wording of messages is not.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
        CustomStringConvertible, Comparable
    {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var severity: Severity
    public var code: Code
    /// The finding in Dutch.
    public var message: String
    /// The file it is about, as the user named it.
    public var file: String?
    /// Where in the JSON document (`/transitions/2/to`).
    public var pointer: JSONPointer
    /// Line and column, where known.
    public var location: SourceLocation?
    /// For the doorwerking rules: the transitions from `initial` that show the problem
    /// (the counterexample), in order. The message spells the same path out.
    public var path: [TransitionName]?

    public init(
        _ severity: Severity, _ code: Code, _ message: String, file: String? = nil,
        pointer: JSONPointer = JSONPointer(), location: SourceLocation? = nil, path: [TransitionName]? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.pointer = pointer
        self.location = location
        self.path = path
    }

    /// `workflows/x.json:12:7: fout: [PK002] … (/transitions/2)`, the form editors and
    /// terminals make clickable.
    public var description: String {
        var place = file ?? "<workflow>"
        if let location { place += ":\(location.line):\(location.column)" }
        let pointerText = pointer.description.isEmpty ? "" : " (\(pointer))"
        return "\(place): \(severity.dutchName): [\(code)] \(message)\(pointerText)"
    }
}

extension Diagnostic.Code {
    /// The file is not valid JSON.
    public static let syntax: Self = "PK001"
    /// A key that the format does not know (usually a typo).
    public static let unknownKey: Self = "PK002"
    /// A value of the wrong JSON type.
    public static let wrongType: Self = "PK003"
    /// A required key is missing.
    public static let missingKey: Self = "PK004"
    /// A value of the right type that is not allowed (an unknown phase, a negative term…).
    public static let invalidValue: Self = "PK005"
    /// The file was written for a newer format version.
    public static let newerFormatVersion: Self = "PK006"
    /// A reference to a state that does not exist.
    public static let unknownState: Self = "PK010"
    /// A reference to a role that does not exist.
    public static let unknownRole: Self = "PK011"
    /// A reference to an input kind that does not exist.
    public static let unknownInputKind: Self = "PK012"
    /// A reference to a document kind that does not exist.
    public static let unknownDocument: Self = "PK013"
    /// A reference to an attribute (or attribute value) that does not exist.
    public static let unknownAttribute: Self = "PK014"
    /// The role `systeem` is reserved for timed transitions.
    public static let reservedRole: Self = "PK015"
    /// A named term (`"terms"`) or a transition's `after.term` that names a term, document kind,
    /// input kind or state that does not exist.
    public static let unknownTermReference: Self = "PK016"
    /// A term's `extension` rule that cannot be used: a `max` of zero, `times` below 1, an
    /// empty `basis` or an unknown role in `by`.
    public static let invalidTermExtension: Self = "PK017"
    /// An input kind's `points.routes` names a role the workflow does not declare: a point
    /// routed there could never be answered by anyone who may act.
    public static let unknownPointRoute: Self = "PK018"
    /// An input kind declares `points` but needs no answer (`"feedback": "none"`): points exist
    /// to be answered one by one, so they cannot go with a kind that is never answered.
    public static let pointsWithoutFeedback: Self = "PK019"

    // MARK: Structure (WorkflowValidator)

    /// A state that no path from `initial` reaches (warning).
    public static let unreachableState: Self = "PK020"
    /// A state from which no final state can be reached.
    public static let cannotFinish: Self = "PK021"
    /// A transition that starts in a final state.
    public static let finalStateHasExit: Self = "PK022"
    /// A state that is not final and has no way out.
    public static let deadEnd: Self = "PK023"
    /// Two transitions with the same name that can start in the same state.
    public static let duplicateTransitionName: Self = "PK024"
    /// A transition that is not timed and that no role may fire (`"by": []`).
    public static let emptyBy: Self = "PK025"
    /// A state with a window that no transition leaves once the window has closed (warning).
    public static let windowWithoutClose: Self = "PK026"
    /// An input kind that no state accepts (warning).
    public static let inputKindNeverAccepted: Self = "PK027"
    /// An `answerWithin` longer than the term within which the decision it precedes must be
    /// taken (warning).
    public static let answerTermTooLong: Self = "PK028"
    /// A `windowClosed` requirement about a state that has no window.
    public static let windowRequirementWithoutWindow: Self = "PK029"

    // MARK: Doorwerking (WorkflowValidator, with a counterexample path)

    /// A state that accepts inputs from which no decision can be reached.
    public static let noDecisionReachable: Self = "PK030"
    /// A path from a state that accepts inputs to a final state (not `gestopt`) without a
    /// decision on it.
    public static let finalWithoutDecision: Self = "PK031"
    /// A window state that can be left before its window closes without a reason.
    public static let windowCutShort: Self = "PK032"
    /// A decision that a role may fire that cannot decide (warning).
    public static let decisionByNonDecidingRole: Self = "PK033"
    /// With `impact` `hoog`, the way into participation does not require the raad's kaders
    /// (warning, Tienpuntenplan point 6).
    public static let highImpactWithoutKaders: Self = "PK034"
    /// An input kind exempt from feedback (`"feedback": "none"`) without a stated reason
    /// (`"feedbackReason"`, warning): every exemption from the gate must be explained.
    public static let feedbackExemptWithoutReason: Self = "PK035"

    // MARK: Requirements (WorkflowValidator)

    /// A requirement that can never hold where its transition starts: a document required
    /// `after` entering a state the process cannot have passed through.
    public static let requirementNeverMet: Self = "PK040"
    /// A `withinBudget` requirement names an attribute that is not an amount (`"type": "amount"`).
    public static let budgetAttributeNotAmount: Self = "PK041"
    /// A `withinBudget` requirement in a workflow where no input kind names an amount
    /// (`"amount"`): nothing can ever be granted, so the budget checks nothing.
    public static let budgetWithoutAmounts: Self = "PK042"
}

extension [Diagnostic] {
    /// Whether any finding is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
