import Foundation

/// Something that happened to a process, as written in the journal. Events are facts:
/// nothing is ever deleted; corrections and withdrawals are events too.
public struct Event: Hashable, Sendable {
    public var at: Date
    public var actor: ActorIdentity
    public var process: ProcessID
    public var payload: EventPayload

    public init(at: Date, actor: ActorIdentity, process: ProcessID, payload: EventPayload) {
        self.at = at
        self.actor = actor
        self.process = process
        self.payload = payload
    }
}

extension Event {
    /// Whether this event erased a writer's contact details.
    var isRedaction: Bool {
        if case .personalDataRedacted = payload { return true }
        return false
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
}

/// The writer withdrew an input.
public struct InputWithdrawn: Hashable, Sendable {
    public var input: InputID
    public var reason: String
}

/// Feedback was recorded; it supersedes earlier feedback on the same input.
public struct FeedbackRecorded: Hashable, Sendable {
    public var input: InputID
    public var verdict: Verdict
    public var motivation: String
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
    public var window: Deadline
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
