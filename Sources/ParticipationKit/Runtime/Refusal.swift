/// Why a command was refused: every unmet requirement, not just the first, in Dutch.
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// What could not be done, for example "Besluiten kan niet".
    public var summary: String
    public var reasons: [Reason]

    public init(_ summary: String, _ reasons: [Reason]) {
        self.summary = summary
        self.reasons = reasons
    }

    public init(_ summary: String, _ code: Code, _ message: String, ids: [String] = []) {
        self.init(summary, [Reason(code, message, ids: ids)])
    }

    /// One unmet requirement or problem.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        public var code: Code
        public var message: String
        /// The ids involved (inputs, documents, states), all of them.
        public var ids: [String]

        public init(_ code: Code, _ message: String, ids: [String] = []) {
            self.code = code
            self.message = message
            self.ids = ids
        }

        public var description: String { message }
    }

    /// A stable name for a kind of refusal, for programs; the message is for people.
    public struct Code: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        public static let unanswered: Code = "unanswered"
        public static let unsent: Code = "unsent"
        public static let missingDocument: Code = "missingDocument"
        /// The document is there, but no role the requirement names attached it.
        public static let documentWrongRole: Code = "documentWrongRole"
        /// The document is there, but not dated before or after the moment the requirement names.
        public static let documentWrongMoment: Code = "documentWrongMoment"
        /// An input was answered with a verdict the requirement does not allow, without naming a
        /// ground that was fixed in time (a burgerberaad's reasons to deviate).
        public static let verdictNotAllowed: Code = "verdictNotAllowed"
        public static let windowOpen: Code = "windowOpen"
        public static let missingReason: Code = "missingReason"
        public static let tooFewInputs: Code = "tooFewInputs"
        public static let tooEarly: Code = "tooEarly"
        public static let planIncomplete: Code = "planIncomplete"
        public static let roleNotAllowed: Code = "roleNotAllowed"
        public static let unknownTransition: Code = "unknownTransition"
        public static let timedTransition: Code = "timedTransition"
        public static let processClosed: Code = "processClosed"
        public static let processExists: Code = "processExists"
        public static let unknownInput: Code = "unknownInput"
        /// An answer on an input that has points: each point takes the answer, the input not.
        public static let hasPoints: Code = "hasPoints"
        public static let duplicateInput: Code = "duplicateInput"
        public static let unknownKind: Code = "unknownKind"
        public static let unknownDocument: Code = "unknownDocument"
        public static let invalidAttribute: Code = "invalidAttribute"
        public static let invalidValue: Code = "invalidValue"
        public static let noWindow: Code = "noWindow"
        public static let nothingToDo: Code = "nothingToDo"
        public static let wrongDefinition: Code = "wrongDefinition"
        /// Roles are granted in this store, and the account does not hold the role it acts in.
        public static let roleNotGranted: Code = "roleNotGranted"
        /// Answers to send were asked for without naming which (nor all of them).
        public static let noInputsNamed: Code = "noInputsNamed"
        /// A withdrawal without the writer's request as evidence (a reference to their letter or
        /// e-mail, or their own channel).
        public static let missingEvidence: Code = "missingEvidence"
        /// A process cannot start on a workflow in which the validator finds errors.
        public static let invalidWorkflow: Code = "invalidWorkflow"
        /// A behandelaar (owner) that cannot be one: blank, too long, or more than one line.
        public static let invalidOwner: Code = "invalidOwner"
        /// An input handed over to the behandelaar it already has.
        public static let sameOwner: Code = "sameOwner"
        /// The input was withdrawn by its writer: it needs no behandelaar any more.
        public static let withdrawnInput: Code = "withdrawnInput"
        /// The amounts granted together exceed the budget (`withinBudget`).
        public static let overBudget: Code = "overBudget"
        /// An amount that is missing, not allowed, or more than was asked for.
        public static let invalidAmount: Code = "invalidAmount"
        /// A named term that the workflow does not have.
        public static let unknownTerm: Code = "unknownTerm"
        /// A named term that cannot be extended (any more, by this much, or now).
        public static let termNotExtendable: Code = "termNotExtendable"
        /// An extension of a named term without the legal ground its rule asks for.
        public static let missingBasis: Code = "missingBasis"
        /// A named term whose start (a document, an input, a state) has not happened yet.
        public static let termNotStarted: Code = "termNotStarted"
    }

    /// `Besluiten kan niet: 3 van de 41 inspraakreacties hebben nog geen antwoord: R-0007, …`
    /// on one line for one reason, or one reason per line.
    public var description: String {
        if reasons.count == 1, let only = reasons.first { return "\(summary): \(only.message)" }
        return "\(summary):\n" + reasons.map { "  - \($0.message)" }.joined(separator: "\n")
    }
}

extension Refusal {
    /// A list of ids for a message: all of them up to `limit`, then "en N meer".
    static func list(_ ids: [String], limit: Int = 20) -> String {
        if ids.count <= limit { return ids.joined(separator: ", ") }
        return ids.prefix(limit).joined(separator: ", ") + " en \(ids.count - limit) meer"
    }
}
