import Foundation

/// The state of one participation process, built by applying its events in order.
///
/// Counts (inputs, answered, sent) are kept as counters as events are applied, so the gate
/// on a decision is O(1) and never rescans the inputs.
public struct ProcessState: Hashable, Sendable, Codable {
    public var id: ProcessID
    public var workflow: WorkflowID
    public var workflowVersion: String
    public var definitionHash: String
    public var title: String
    public var attributes: [AttributeName: String]
    public var planDigest: String?
    public var planComplete: Bool
    public var startedAt: Date
    public var startedBy: ActorIdentity

    /// The current state.
    public var current: StateID
    /// When the current state was entered.
    public var enteredAt: Date
    /// The window of the current state, if it has one (after any verdaging).
    public var window: Deadline?
    /// Whether the current state is final.
    public var isFinal: Bool
    /// The outcome, once final.
    public var outcome: String?
    /// The day each state was last entered.
    public var entered: [StateID: CivilDate]
    /// The day each state was last left.
    public var left: [StateID: CivilDate]
    /// The last window end of each state that had one.
    public var windowEnds: [StateID: CivilDate]

    public private(set) var inputs: [InputRecord]
    private var inputIndex = InputIndex()
    public var counts: InputCounts
    public var documents: [DocumentRecord]
    public var history: [TransitionRecord]
    public var extensions: [TermExtensionRecord]
    /// The next number for an input without a reference of its own.
    public var nextInputNumber: Int
    /// The journal sequence number of the last event applied.
    public var lastSeq: UInt64

    // The index is derived from `inputs`: it is neither encoded nor compared.
    private enum CodingKeys: String, CodingKey {
        case id, workflow, workflowVersion, definitionHash, title, attributes, planDigest, planComplete, startedAt, startedBy
        case current, enteredAt, window, isFinal, outcome, entered, left, windowEnds
        case inputs, counts, documents, history, extensions, nextInputNumber, lastSeq
    }

    init(id: ProcessID, started: ProcessStarted, at: Date, by actor: ActorIdentity) {
        self.id = id
        self.workflow = started.workflow
        self.workflowVersion = started.workflowVersion
        self.definitionHash = started.definitionHash
        self.title = started.title
        self.attributes = started.attributes
        self.planDigest = started.planDigest
        self.planComplete = started.planComplete
        self.startedAt = at
        self.startedBy = actor
        self.current = started.initial
        self.enteredAt = at
        self.window = started.window
        self.isFinal = false
        self.outcome = nil
        let day = CivilDate(amsterdam: at)
        self.entered = [started.initial: day]
        self.left = [:]
        self.windowEnds = started.window.map { [started.initial: $0.end] } ?? [:]
        self.inputs = []
        self.counts = InputCounts()
        self.documents = []
        self.history = []
        self.extensions = []
        self.nextInputNumber = 1
        self.lastSeq = 0
    }

    /// The input with this id.
    public func input(_ id: InputID) -> InputRecord? {
        position(of: id).map { inputs[$0] }
    }

    /// Whether an input with this id exists.
    public func hasInput(_ id: InputID) -> Bool { position(of: id) != nil }

    /// Where the input with this id is in ``inputs``. A state decoded with `Codable` has no
    /// index until its first change and is searched from the front until then.
    private func position(of id: InputID) -> Int? {
        guard inputIndex.covers(inputs) else { return inputs.firstIndex { $0.id == id } }
        return inputIndex.position(of: id, in: inputs)
    }

    mutating func appendInput(_ record: InputRecord) {
        if !inputIndex.covers(inputs) { inputIndex = InputIndex(inputs) }
        inputIndex.insert(inputs.count, for: record.id)
        inputs.append(record)
    }

    /// Sets every input at once (reading a snapshot) and rebuilds the index.
    mutating func replaceInputs(_ records: [InputRecord]) {
        inputs = records
        inputIndex = InputIndex(records)
    }

    mutating func updateInput(_ id: InputID, _ change: (inout InputRecord) -> Void) {
        if !inputIndex.covers(inputs) { inputIndex = InputIndex(inputs) }
        guard let index = inputIndex.position(of: id, in: inputs) else { return }
        change(&inputs[index])
    }

    /// Inputs that need feedback and have none, in order of registration.
    ///
    /// Complexity: O(inputs); used only to name them in a refusal or report.
    public var unanswered: [InputRecord] { inputs.filter(\.isUnanswered) }

    /// Inputs that need feedback whose current answer was not sent (or that have none yet).
    public var unsent: [InputRecord] { inputs.filter(\.isUnsent) }

    /// The ids of ``unanswered``, without copying the records (for naming them in a refusal).
    public var unansweredIDs: [InputID] { inputs.lazy.filter(\.isUnanswered).map(\.id) }

    /// The ids of ``unsent``, without copying the records.
    public var unsentIDs: [InputID] { inputs.lazy.filter(\.isUnsent).map(\.id) }

    /// The documents of a kind, oldest first.
    public func documents(of kind: DocumentKindID) -> [DocumentRecord] {
        documents.filter { $0.kind == kind }
    }
}

/// Counters over the inputs of a process, kept up to date event by event.
public struct InputCounts: Hashable, Sendable, Codable {
    /// Every input registered, withdrawn ones included.
    public var total = 0
    /// Inputs that need feedback before a decision (not withdrawn, kind not exempt).
    public var needingFeedback = 0
    /// Of those, how many have feedback.
    public var answered = 0
    /// Of those, how many had their current answer sent.
    public var sent = 0
    public var late = 0
    public var outOfScope = 0
    public var withdrawn = 0
    /// Inputs of a kind that need no feedback (for example signatures).
    public var exempt = 0
    /// Non-withdrawn inputs per kind, for `atLeast`.
    public var perKind: [InputKindID: Int] = [:]
    /// Documents per kind.
    public var documentsPerKind: [DocumentKindID: Int] = [:]

    public init() {}
}

/// One citizen input and everything done with it.
public struct InputRecord: Hashable, Sendable, Codable {
    public var id: InputID
    public var kind: InputKindID
    public var text: String
    public var received: CivilDate
    public var registeredAt: Date
    public var registeredBy: ActorIdentity
    public var channel: String?
    public var theme: String?
    public var publicName: String?
    public var personalDigest: String?
    public var stateAtReceipt: StateID
    public var late: Bool
    public var outOfScope: Bool
    public var needsFeedback: Bool
    public var answerDue: CivilDate?
    public var withdrawal: Withdrawal?
    /// Every feedback recorded, oldest first; the last one is current.
    public var feedback: [FeedbackRecord]
    /// The day the current feedback was sent, if it was.
    public var sentOn: CivilDate?
    /// Set when the writer's contact details were erased (AVG); the input itself stays.
    public var redaction: Redaction?

    /// The current feedback.
    public var currentFeedback: FeedbackRecord? { feedback.last }
    public var isAnswered: Bool { !feedback.isEmpty }
    public var isSent: Bool { sentOn != nil }
    public var isWithdrawn: Bool { withdrawal != nil }
    /// Whether this input holds back a decision until it has feedback.
    public var countsForGate: Bool { needsFeedback && withdrawal == nil }
    /// It holds back a decision and has no feedback yet.
    public var isUnanswered: Bool { countsForGate && !isAnswered }
    /// It holds back closing the process: its current answer was not sent (or there is none).
    public var isUnsent: Bool { countsForGate && !isSent }
}

/// A withdrawal of an input by its writer.
public struct Withdrawal: Hashable, Sendable, Codable {
    public var at: Date
    public var reason: String
}

/// An erasure of a writer's contact details (AVG): when, by whom and why, never what.
public struct Redaction: Hashable, Sendable, Codable {
    public var at: Date
    public var by: ActorIdentity
    public var reason: String
}

/// Feedback on an input: a verdict and a motivation.
public struct FeedbackRecord: Hashable, Sendable, Codable {
    public var verdict: Verdict
    public var motivation: String
    public var at: Date
    public var by: ActorIdentity
}

/// A document attached to a process.
public struct DocumentRecord: Hashable, Sendable, Codable {
    public var kind: DocumentKindID
    public var reference: String
    public var at: Date
    public var by: ActorIdentity
}

/// A transition that happened.
public struct TransitionRecord: Hashable, Sendable, Codable {
    public var transition: TransitionName
    public var from: StateID
    public var to: StateID
    public var at: Date
    public var by: ActorIdentity
    public var reason: String?
    public var decision: Bool
    public var timed: Bool
    /// Inputs that needed feedback at that moment (the inputs a decision weighed).
    public var inputsWeighed: Int
    /// Of those, how many had no feedback at that moment: read from the journal, not assumed.
    public var unansweredAtThatMoment: Int
    /// Of those, how many answers were not yet sent.
    public var unsentAtThatMoment: Int
}

/// A verdaging of a window.
public struct TermExtensionRecord: Hashable, Sendable, Codable {
    public var state: StateID
    public var days: Int
    public var reason: String
    public var at: Date
    public var by: ActorIdentity
    public var newEnd: CivilDate
}
