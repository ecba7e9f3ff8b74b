import Foundation

/// Something that happened to a process, as written in the journal. Events are facts:
/// nothing is ever deleted; corrections and withdrawals are events too.
public struct Event: Hashable, Sendable {
    /// The moment the event counts from: the engine's clock (set in an exercise store).
    public var at: Date
    public var actor: ActorIdentity
    /// The process; empty for an event about the store itself (created, roles granted).
    public var process: ProcessID
    public var payload: EventPayload
    /// When the line was written: the system clock in UTC, never a set clock. `nil` on lines
    /// written before the journal kept it.
    public var recorded: Date?
    /// The operating system account (the command line) or authenticated principal (a program
    /// embedding the library) that wrote the line. `nil` on lines written before the journal kept it.
    public var account: String?

    public init(
        at: Date, actor: ActorIdentity, process: ProcessID, payload: EventPayload, recorded: Date? = nil, account: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.process = process
        self.payload = payload
        self.recorded = recorded
        self.account = account
    }

    /// The process id of events about the store itself.
    public static let storeProcess: ProcessID = ""

    /// Whether the event is about the store itself rather than one process.
    public var isAboutStore: Bool {
        switch payload {
        case .storeCreated, .roleGranted, .roleRevoked: true
        default: false
        }
    }
}

extension Event {
    /// Whether this event erased a writer's contact details.
    var isRedaction: Bool {
        if case .personalDataRedacted = payload { return true }
        return false
    }
}

extension EventPayload {
    /// The id of the input this event registers with a writer of its own (an input, not a
    /// point of one); `nil` for any other event. Only the id is copied, not the whole input.
    var registeredInput: InputID? {
        guard case .inputReceived(let received) = self, received.parent == nil else { return nil }
        return received.input
    }
}

/// What happened.
public enum EventPayload: Hashable, Sendable {
    case processStarted(ProcessStarted)
    case inputReceived(InputReceived)
    case inputWithdrawn(InputWithdrawn)
    case feedbackRecorded(FeedbackRecorded)
    case feedbackSent(FeedbackSent)
    case documentAttached(DocumentAttached)
    case planAttached(PlanAttached)
    case transitioned(Transitioned)
    case termExtended(TermExtended)
    case personalDataRedacted(PersonalDataRedacted)
    /// The store's first line: whether it is an exercise store (its clock may be set).
    case storeCreated(StoreCreated)
    /// Roles given to an account by the store's beheerder.
    case roleGranted(RoleChange)
    /// Roles taken from an account by the store's beheerder.
    case roleRevoked(RoleChange)
    /// Inputs were handed over to another behandelaar (owner).
    case inputsAssigned(InputsAssigned)

    /// The `type` written in the journal.
    public var type: String {
        switch self {
        case .processStarted: "processStarted"
        case .inputReceived: "inputReceived"
        case .inputWithdrawn: "inputWithdrawn"
        case .feedbackRecorded: "feedbackRecorded"
        case .feedbackSent: "feedbackSent"
        case .documentAttached: "documentAttached"
        case .planAttached: "planAttached"
        case .transitioned: "transitioned"
        case .termExtended: "termExtended"
        case .personalDataRedacted: "personalDataRedacted"
        case .storeCreated: "storeCreated"
        case .roleGranted: "roleGranted"
        case .roleRevoked: "roleRevoked"
        case .inputsAssigned: "inputsAssigned"
        }
    }
}

/// A process was started.
public struct ProcessStarted: Hashable, Sendable {
    public var workflow: WorkflowID
    public var workflowVersion: String
    /// SHA-256 of the workflow file, found in the store's `definitions/`.
    public var definitionHash: String
    public var title: String
    public var attributes: [AttributeName: String]
    public var planDigest: String?
    public var planComplete: Bool
    public var initial: StateID
    /// The window of the initial state, if it has one.
    public var window: Deadline?
}

/// An input was registered.
public struct InputReceived: Hashable, Sendable {
    public var input: InputID
    public var kind: InputKindID
    public var text: String
    public var received: CivilDate
    public var channel: String?
    public var theme: String?
    public var publicName: String?
    public var personalDigest: String?
    /// The state the process was in when the input was registered.
    public var state: StateID
    /// Received after the window that accepted this kind had closed.
    public var late: Bool
    /// Of a kind the process did not (yet) accept.
    public var outOfScope: Bool
    /// Whether it needs feedback before a decision (false for kinds with `"feedback": "none"`).
    public var needsFeedback: Bool
    /// The municipality's own deadline for the answer.
    public var answerDue: CivilDate?
    /// Received before the window that accepted this kind opened. Journal lines written before
    /// this flag existed lack it and read as `false`.
    public var early: Bool = false
    /// The behandelaar (owner) it got at receipt: given with the input, or the workflow's
    /// default for its kind or the state. Journal lines written before owners existed lack it
    /// and read as `nil` (no owner).
    public var owner: String? = nil
    /// The amount asked for, in whole cents, for a kind that names one (``InputKindSpec/amount``).
    public var amount: Int? = nil
    /// For a point of a letter (or of a zienswijze): the input it is a point of. Points are
    /// journaled right after their parent, in the same write. Lines written before points
    /// existed lack it and read as `nil` (an input of its own).
    public var parent: InputID? = nil
    /// For a point: the role that answers it (``PointsSpec/routes``), `nil` for none.
    public var route: RoleID? = nil
}

/// Inputs were handed over to another behandelaar (owner). Who did it and when are the line's
/// actor and moment; the owner each input had before is in the state it is applied to.
public struct InputsAssigned: Hashable, Sendable {
    public var inputs: [InputID]
    /// The new behandelaar.
    public var owner: String
    /// Why, if a reason was given (for example "Gaat over verkeersveiligheid").
    public var reason: String?

    public init(inputs: [InputID], owner: String, reason: String? = nil) {
        self.inputs = inputs
        self.owner = owner
        self.reason = reason
    }
}

/// The writer withdrew an input.
public struct InputWithdrawn: Hashable, Sendable {
    public var input: InputID
    public var reason: String
    /// Where the writer's request to withdraw can be found (the letter, the e-mail, or the
    /// writer's own channel). `nil` only on lines written before it was required.
    public var evidence: String?

    public init(input: InputID, reason: String, evidence: String? = nil) {
        self.input = input
        self.reason = reason
        self.evidence = evidence
    }
}

/// Feedback was recorded; it supersedes earlier feedback on the same input.
public struct FeedbackRecorded: Hashable, Sendable {
    public var input: InputID
    public var verdict: Verdict
    public var motivation: String
    /// The amount granted, in whole cents, for an input that asked for one and was (partly) granted.
    public var amount: Int? = nil
}

/// The current answers to these inputs were sent to their writers.
public struct FeedbackSent: Hashable, Sendable {
    public var inputs: [InputID]
    public var on: CivilDate
}

/// A document was attached.
public struct DocumentAttached: Hashable, Sendable {
    public var kind: DocumentKindID
    public var reference: String
    /// The legal date of the document, when it is not the day it was added: the day an
    /// aanvraag was received, or a raad decision was taken. Never in the future.
    public var date: CivilDate?
}

/// A participatieplan was attached after the start (a completed or revised plan).
public struct PlanAttached: Hashable, Sendable {
    /// SHA-256 of the exact bytes of the plan file.
    public var digest: String
    /// Whether the plan passed ``PlanCheck``.
    public var complete: Bool

    public init(digest: String, complete: Bool) {
        self.digest = digest
        self.complete = complete
    }
}

/// The process moved to another state.
public struct Transitioned: Hashable, Sendable {
    public var transition: TransitionName
    public var from: StateID
    public var to: StateID
    public var reason: String?
    public var decision: Bool
    /// Fired by itself after a term (actor `systeem`).
    public var timed: Bool
    /// The window of the state entered, if it has one.
    public var window: Deadline?
}

/// Verdaging: the window of the current state was moved on.
public struct TermExtended: Hashable, Sendable {
    public var state: StateID
    public var days: Int
    public var reason: String
    /// The window after the verdaging; for a named term, that term after the extension.
    public var window: Deadline
    /// The named term that was extended (`"terms"`); `nil` for the window of `state`, and on
    /// lines written before named terms existed.
    public var term: TermName? = nil
    /// The legal ground the extension names, such as "Awb 3:18 lid 2"; only with `term`.
    public var basis: String? = nil
}

/// The writer's contact details of an input were erased (AVG, right to erasure).
///
/// The input, its feedback and its salted `personalDigest` stay; only the record in
/// `personal.jsonl` is removed. The reason is kept, the removed details never are.
public struct PersonalDataRedacted: Hashable, Sendable {
    public var input: InputID
    public var reason: String

    public init(input: InputID, reason: String) {
        self.input = input
        self.reason = reason
    }
}

/// The first line of a store.
public struct StoreCreated: Hashable, Sendable {
    /// An exercise store: it was made with the clock set (`PARTICIPATIE_NOW`), so the moments
    /// it records are not real and it accounts for nothing. Only in such a store may the
    /// clock be set.
    public var exercise: Bool

    public init(exercise: Bool) { self.exercise = exercise }
}

/// Roles given to or taken from an account.
public struct RoleChange: Hashable, Sendable {
    /// The operating system account or principal.
    public var account: String
    public var roles: [RoleID]

    public init(account: String, roles: [RoleID]) {
        self.account = account
        self.roles = roles
    }
}
