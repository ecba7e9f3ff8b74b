import Foundation

/// The state of one participation process, built by applying its events in order.
///
/// Counts (inputs, answered, sent) are kept as counters as events are applied, so the gate
/// on a decision is O(1) and never rescans the inputs.
public struct ProcessState: Hashable, Sendable, Codable {
    public internal(set) var id: ProcessID
    public internal(set) var workflow: WorkflowID
    public internal(set) var workflowVersion: String
    public internal(set) var definitionHash: String
    public internal(set) var title: String
    public internal(set) var attributes: [AttributeName: String]
    public internal(set) var planDigest: String?
    public internal(set) var planComplete: Bool
    public internal(set) var startedAt: Date
    public internal(set) var startedBy: ActorIdentity

    /// The current state.
    public internal(set) var current: StateID
    /// When the current state was entered.
    public internal(set) var enteredAt: Date
    /// The window of the current state, if it has one (after any verdaging).
    public internal(set) var window: Deadline?
    /// Whether the current state is final.
    public internal(set) var isFinal: Bool
    /// The outcome, once final.
    public internal(set) var outcome: String?
    /// The day each state was last entered.
    public internal(set) var entered: [StateID: CivilDate]
    /// The day each state was last left.
    public internal(set) var left: [StateID: CivilDate]
    /// The last window end of each state that had one.
    public internal(set) var windowEnds: [StateID: CivilDate]

    /// Every input, in the order they were registered. For a state read from a snapshot they
    /// are read and decoded here, the first time (``InputList``).
    public var inputs: [InputRecord] {
        @inline(__always) get { inputList.records }
    }
    private var inputList = InputList()
    private var inputIndex = InputIndex()
    /// The index look-ups use while ``inputIndex`` does not cover ``inputs``; the first change
    /// takes it over as the state's own.
    private var lookupIndex = LazyInputIndex()
    public internal(set) var counts: InputCounts
    public internal(set) var documents: [DocumentRecord]
    public internal(set) var history: [TransitionRecord]
    public internal(set) var extensions: [TermExtensionRecord]
    /// The next number for an input without a reference of its own.
    public internal(set) var nextInputNumber: Int
    /// The journal sequence number of the last event applied.
    public internal(set) var lastSeq: UInt64
    /// The latest `at` of an input or answer registered so far (to see a decision that came
    /// after them in the journal with an earlier moment).
    public internal(set) var latestInputActivity: Date? = nil
    /// Lines whose `at` ran ahead of `recorded`, if any.
    public internal(set) var clockAhead: ClockAhead? = nil

    // The index is derived from `inputs`: it is neither encoded nor compared.
    private enum CodingKeys: String, CodingKey {
        case id, workflow, workflowVersion, definitionHash, title, attributes, planDigest, planComplete, startedAt, startedBy
        case current, enteredAt, window, isFinal, outcome, entered, left, windowEnds
        case inputList = "inputs"
        case counts, documents, history, extensions, nextInputNumber, lastSeq, latestInputActivity, clockAhead
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

    /// Where the input with this id is in ``inputs``. A state read from a snapshot or decoded
    /// with `Codable` has no index of its own until its first change; its first look-up makes
    /// one (``LazyInputIndex``).
    ///
    /// The state's own index is read where it lies: handing it out (as a computed property
    /// would) copied it for every look-up, its table retained and released again.
    func position(of id: InputID) -> Int? {
        if inputIndex.covers(inputs) { return inputIndex.position(of: id, in: inputs) }
        return lookupIndex.index(for: inputs).position(of: id, in: inputs)
    }

    /// ``position(of:)`` for an id given as plain ASCII bytes, without making a string of it.
    func position(ofASCII id: UnsafeBufferPointer<UInt8>) -> Int? {
        if inputIndex.covers(inputs) { return inputIndex.position(ofASCII: id, in: inputs) }
        return lookupIndex.index(for: inputs).position(ofASCII: id, in: inputs)
    }

    /// How far `at` may run ahead of `recorded` before it counts as a set clock: the two are
    /// read a moment apart, and the engine's moment is rounded to a whole second.
    static let clockTolerance: TimeInterval = 60

    /// Counts a line whose moment (`at`) ran ahead of the system clock (`recorded`).
    mutating func noteClock(of event: Event) {
        noteClock(at: event.at, recorded: event.recorded)
    }

    /// ``noteClock(of:)`` for a line with moment `at`, written at `recorded`.
    mutating func noteClock(at moment: Date, recorded: Date?) {
        guard let recorded else { return }
        let lead = moment.timeIntervalSince(recorded)
        guard lead > Self.clockTolerance else { return }
        if var ahead = clockAhead {
            ahead.lines += 1
            ahead.largestSeconds = max(ahead.largestSeconds, lead)
            clockAhead = ahead
        } else {
            clockAhead = ClockAhead(lines: 1, firstAt: moment, firstRecorded: recorded, largestSeconds: lead)
        }
    }

    /// Keeps the latest moment an input or answer was registered.
    mutating func noteInputActivity(at moment: Date) {
        if latestInputActivity.map({ moment > $0 }) ?? true { latestInputActivity = moment }
    }

    /// Adds a record, moved in rather than copied (a copy retains every string in it).
    mutating func appendInput(_ record: consuming InputRecord) {
        if !inputIndex.covers(inputs) { inputIndex = lookupIndex.index(for: inputs) }
        inputIndex.insert(inputs.count, for: record.id)
        inputList.append(record)
    }

    /// Sets every input at once (reading a snapshot); the index is made on the first look-up
    /// or change, not before.
    mutating func replaceInputs(_ records: [InputRecord]) {
        inputList.replace(with: records)
        inputIndex = InputIndex()
        lookupIndex = LazyInputIndex()
    }

    /// Sets inputs that are read when first asked for (a snapshot's).
    mutating func replaceInputs(_ pending: PendingInputs) {
        inputList = InputList(pending: pending)
        inputIndex = InputIndex()
        lookupIndex = LazyInputIndex()
    }

    /// The number of inputs, without reading the records of a snapshot's.
    var inputCount: Int { inputList.count }

    /// How many inputs had their writer's contact details erased, without reading the records.
    public var redactedCount: Int { inputList.tallies.redacted }

    /// How many inputs' writers `personal.jsonl` should hold details of, without reading the records.
    package var inputsKeepingDetails: Int { inputList.tallies.keepingDetails }

    /// Whether the inputs are in memory (read from a snapshot, they are read on first use).
    package var inputsAreLoaded: Bool { inputList.isLoaded }

    /// Reads the inputs of a snapshot now, for every copy of the state (`verify` reads them
    /// on its second thread, beside the replay from line 1).
    package func readInputs() { _ = inputList.records.count }

    /// Where the inputs were read from while they are unchanged (``PendingInputs/source``).
    var pendingInputSource: (any Sendable)? { inputList.pendingSource }

    /// Changes the input with this id. A change that erases the writer's details (or changes
    /// whether there are any) says so with `recounting`, so the counts beside the inputs follow.
    mutating func updateInput(_ id: InputID, recounting: Bool = false, _ change: (inout InputRecord) -> Void) {
        if !inputIndex.covers(inputs) { inputIndex = lookupIndex.index(for: inputs) }
        guard let index = inputIndex.position(of: id, in: inputs) else { return }
        inputList.update(at: index, recounting: recounting, change)
    }

    /// The points of an input, in order (they follow it in ``inputs``); empty for an input
    /// without points.
    ///
    /// Complexity: O(points of the input).
    public func points(of id: InputID) -> [InputRecord] {
        guard let start = position(of: id) else { return [] }
        return Array(inputs[pointPositions(of: start)])
    }

    /// Where the points of the input at `position` are in ``inputs`` (right after it); empty
    /// for an input without points.
    ///
    /// Complexity: O(points of the input).
    func pointPositions(of position: Int) -> Range<Int> {
        // Read in place: a copy of a record retains every string in it.
        inputs.withUnsafeBufferPointer { inputs in
            guard inputs[position].hasPoints else { return position + 1..<position + 1 }
            var end = position + 1
            while end < inputs.count, inputs[end].parent == inputs[position].id { end += 1 }
            return position + 1..<end
        }
    }

    /// Whether an input was answered: its own answer, or for an input with points, an answer
    /// on every point that was not withdrawn.
    public func isAnswered(_ input: InputRecord) -> Bool {
        guard input.hasPoints else { return input.isAnswered }
        return everyLivePoint(of: input) { $0[$1].isAnswered }
    }

    /// Whether the writer got every answer of an input: its own, or for an input with points,
    /// the answer on every point that was not withdrawn.
    public func isSent(_ input: InputRecord) -> Bool {
        guard input.hasPoints else { return input.isSent }
        return everyLivePoint(of: input) { $0[$1].isSent }
    }

    /// Whether `condition` holds for every point of `input` that was not withdrawn, each read
    /// where it lies (``points(of:)`` would copy them): the condition gets the records and a
    /// point's position among them.
    private func everyLivePoint(of input: InputRecord, _ condition: (UnsafeBufferPointer<InputRecord>, Int) -> Bool) -> Bool {
        guard let start = position(of: input.id) else { return true }
        return inputs.withUnsafeBufferPointer { inputs in
            pointPositions(of: start).allSatisfy { inputs[$0].isWithdrawn || condition(inputs, $0) }
        }
    }

    /// Inputs that need feedback and have none, in order of registration.
    ///
    /// Each record is tested where it lies and only those that pass are copied: tested and
    /// copied in one step (`test ? record : nil`), every record was copied first.
    ///
    /// Complexity: O(inputs); used only to name them in a refusal or report.
    public var unanswered: [InputRecord] {
        inputs.withUnsafeBufferPointer { inputs in inputs.indices.filter { inputs[$0].isUnanswered }.map { inputs[$0] } }
    }

    /// Inputs that need feedback whose current answer was not sent (or that have none yet).
    public var unsent: [InputRecord] {
        inputs.withUnsafeBufferPointer { inputs in inputs.indices.filter { inputs[$0].isUnsent }.map { inputs[$0] } }
    }

    /// The ids of ``unanswered``, without copying the records (for naming them in a refusal);
    /// for a snapshot's inputs from its summary of them (``openInputs``), without reading them.
    public var unansweredIDs: [InputID] {
        if let open = inputList.pendingOpenInputs { return OpenInputs.ids(open.unanswered) }
        return inputs.withUnsafeBufferPointer { inputs in inputs.indices.filter { inputs[$0].isUnanswered }.map { inputs[$0].id } }
    }

    /// The ids of ``unsent``, without copying the records; for a snapshot's inputs from its
    /// summary of them.
    public var unsentIDs: [InputID] {
        if let open = inputList.pendingOpenInputs { return OpenInputs.ids(open.unsent) }
        return inputs.withUnsafeBufferPointer { inputs in inputs.indices.filter { inputs[$0].isUnsent }.map { inputs[$0].id } }
    }

    /// The kinds of the inputs the gate counts (``InputRecord/countsForGate``), answered or not.
    /// While an input is open, for a snapshot's inputs from its summary of them.
    package var gateKinds: Set<InputKindID> {
        if hasOpenInputs, let open = inputList.pendingOpenInputs { return Set(open.gateKinds) }
        return inputs.withUnsafeBufferPointer { inputs in
            Set(inputs.indices.lazy.filter { inputs[$0].countsForGate }.map { inputs[$0].kind })
        }
    }

    /// Whether any input is open: the writer still waits for an answer, or for it to be sent
    /// (``InputRecord/isUnsent``). From the counters, without reading the inputs.
    public var hasOpenInputs: Bool { counts.sent < counts.needingFeedback }

    /// How many inputs are over tijd on `day` (``InputRecord/isOverdue(on:)``).
    ///
    /// Complexity: O(1) when no input is open (a snapshot's inputs are then not read); for a
    /// snapshot's inputs O(days on which answer terms end) (``openInputs``); else O(inputs).
    public func overdueCount(on day: CivilDate) -> Int {
        guard hasOpenInputs else { return 0 }
        if let open = inputList.pendingOpenInputs { return open.overdue(on: day) }
        return inputs.withUnsafeBufferPointer { inputs in inputs.indices.lazy.filter { inputs[$0].isOverdue(on: day) }.count }
    }

    /// The open inputs summed up: from a snapshot's head while its inputs are unchanged (so
    /// they are not read), else counted from the records.
    var openInputs: OpenInputs {
        inputList.pendingOpenInputs ?? OpenInputs(inputs)
    }

    /// The answer terms of the inputs whose writers have their answer, by day
    /// (``OpenInputs/sentDue``), from a snapshot's summary while its inputs are unchanged; `nil`
    /// otherwise (then the records say it).
    var sentAnswerTerms: [OpenInputs.Due]? { inputList.pendingOpenInputs?.sentDue }

    /// The documents of a kind, oldest first.
    public func documents(of kind: DocumentKindID) -> [DocumentRecord] {
        documents.filter { $0.kind == kind }
    }

    /// When a moment happened: for ``Moment/entered(_:)`` the first entry (`last: false`) or
    /// the last one (`last: true`); for `Moment.firstInput` the input of one of
    /// its kinds received first (of those received the same day, the first registered). `nil` while it
    /// has not happened.
    ///
    /// Complexity: O(transitions) or O(inputs), used only when a requirement names a moment.
    public func occurrence(of moment: Moment, last: Bool = false) -> MomentOccurrence? {
        switch moment {
        case .entered(let state):
            let start = MomentOccurrence(day: CivilDate(amsterdam: startedAt), position: .start)
            let initial = history.first?.from ?? current
            let entries = history.indices.lazy.filter { history[$0].to == state }.map {
                MomentOccurrence(day: CivilDate(amsterdam: history[$0].at), position: .transition($0))
            }
            if last { return entries.last ?? (initial == state ? start : nil) }
            return initial == state ? start : entries.first
        case .firstInput(let kinds):
            var first: Int?
            for index in inputs.indices where kinds.contains(inputs[index].kind) {
                if let earliest = first, inputs[earliest].received <= inputs[index].received { continue }
                first = index
            }
            return first.map { MomentOccurrence(day: inputs[$0].received, position: .input($0), input: inputs[$0].id) }
        }
    }

    /// How the inputs of a kind count toward a threshold (`atLeast`): how many count, and why
    /// the others do not.
    ///
    /// Complexity: O(inputs); the engine's gate reads ``InputCounts/countedPerKind`` instead.
    public func tally(of kind: InputKindID) -> InputTally {
        var tally = InputTally()
        for input in inputs where input.kind == kind {
            if input.isWithdrawn {
                tally.withdrawn += 1
            } else if input.outOfScope {
                tally.outOfScope += 1
            } else if input.early {
                tally.early += 1
            } else if input.late {
                tally.late += 1
            } else {
                tally.counted += 1
            }
        }
        return tally
    }
}

/// When a moment of a process happened: its day (a received date for an input) and its place
/// in the journal, which decides between it and a document of the same day.
public struct MomentOccurrence: Hashable, Sendable {
    /// Where in the process's history it happened.
    public enum Position: Hashable, Sendable {
        /// The process started (the initial state was entered).
        case start
        /// The transition at this index of ``ProcessState/history``.
        case transition(Int)
        /// The input at this index of ``ProcessState/inputs``.
        case input(Int)
    }

    public var day: CivilDate
    public var position: Position
    /// The input, for a `Moment.firstInput`.
    public var input: InputID?

    public init(day: CivilDate, position: Position, input: InputID? = nil) {
        self.day = day
        self.position = position
        self.input = input
    }
}

/// The inputs of one kind, by whether they count toward a threshold. Each input is in one
/// group: withdrawn first, then out of scope, too early, too late.
public struct InputTally: Hashable, Sendable, Codable {
    /// On time, in scope, not withdrawn: these count.
    public internal(set) var counted = 0
    /// Received before the window that accepts them opened.
    public internal(set) var early = 0
    /// Received after that window closed.
    public internal(set) var late = 0
    /// Of a kind no state had accepted yet when they came in.
    public internal(set) var outOfScope = 0
    public internal(set) var withdrawn = 0

    public init() {}

    /// The inputs that do not count.
    public var notCounted: Int { early + late + outOfScope + withdrawn }

    /// `3.980 geldig, 20 niet meegeteld: 10 te vroeg, 10 te laat`.
    public var description: String {
        var text = "\(DutchNumber.format(counted)) geldig"
        guard notCounted > 0 else { return text }
        let parts = [(early, "te vroeg"), (late, "te laat"), (outOfScope, "buiten de reikwijdte"), (withdrawn, "ingetrokken")]
            .filter { $0.0 > 0 }.map { "\(DutchNumber.format($0.0)) \($0.1)" }
        text += ", \(DutchNumber.format(notCounted)) niet meegeteld: " + parts.joined(separator: ", ")
        return text
    }
}

/// Counters over the inputs of a process, kept up to date event by event.
public struct InputCounts: Hashable, Sendable, Codable {
    /// Every input registered, withdrawn ones included.
    public internal(set) var total = 0
    /// Inputs that need feedback before a decision (not withdrawn, kind not exempt).
    public internal(set) var needingFeedback = 0
    /// Of those, how many have feedback.
    public internal(set) var answered = 0
    /// Of those, how many had their current answer sent.
    public internal(set) var sent = 0
    public internal(set) var late = 0
    public internal(set) var outOfScope = 0
    public internal(set) var withdrawn = 0
    /// Inputs of a kind that need no feedback (for example signatures).
    public internal(set) var exempt = 0
    /// Inputs received before the window that accepts their kind opened.
    public internal(set) var early = 0
    /// Non-withdrawn inputs per kind.
    public internal(set) var perKind: [InputKindID: Int] = [:]
    /// Inputs per kind that count toward a threshold (`atLeast`): on time, in scope and not
    /// withdrawn (``InputRecord/countsTowardThreshold``).
    public internal(set) var countedPerKind: [InputKindID: Int] = [:]
    /// Documents per kind.
    public internal(set) var documentsPerKind: [DocumentKindID: Int] = [:]
    /// Of the inputs that need feedback and have it (``answered``), how many were answered
    /// while with each behandelaar (owner): the owner kept on their current
    /// ``FeedbackRecord``, `""` for none. Sums to ``answered``; entries are never zero.
    public internal(set) var answeredPerOwner: [String: Int] = [:]
    /// The points of inputs with points, per route (`""` for points without one). Points are
    /// counted in ``needingFeedback``, ``answered`` and ``sent`` (each needs its own answer);
    /// an input with points is counted there not at all, and once in ``total`` (one letter is
    /// one piece of inbreng, however many points it has).
    public internal(set) var pointsPerRoute: [String: PointTally] = [:]

    public init() {}

    /// Every point registered, withdrawn ones included.
    public var points: Int { pointsPerRoute.values.reduce(0) { $0 + $1.total } }

    /// Of the inputs that hold back a decision, how many lack an answer, and of how many.
    /// With a `route`, points routed to another role are left out: a decision by the college
    /// does not wait for the points the raad answers.
    ///
    /// Complexity: O(routes).
    public func gate(for route: RoleID?) -> (needing: Int, answered: Int, sent: Int) {
        var result = (needing: needingFeedback, answered: answered, sent: sent)
        guard let route else { return result }
        for (other, tally) in pointsPerRoute where !other.isEmpty && other != route.rawValue {
            result.needing -= tally.needing
            result.answered -= tally.answered
            result.sent -= tally.sent
        }
        return result
    }

    /// Counts one more (`change` 1) or one less (-1) current answer by `owner`.
    mutating func countAnswer(by owner: String?, _ change: Int) {
        let key = owner ?? ""
        let count = answeredPerOwner[key, default: 0] + change
        answeredPerOwner[key] = count == 0 ? nil : count
    }
}

/// The points of one route: registered, holding back a decision, answered, sent.
public struct PointTally: Hashable, Sendable, Codable {
    /// Every point registered, withdrawn ones included.
    public internal(set) var total = 0
    /// Not withdrawn: each needs an answer.
    public internal(set) var needing = 0
    public internal(set) var answered = 0
    public internal(set) var sent = 0

    public init(total: Int = 0, needing: Int = 0, answered: Int = 0, sent: Int = 0) {
        self.total = total
        self.needing = needing
        self.answered = answered
        self.sent = sent
    }

    /// Takes a withdrawn point out of the gate.
    mutating func withdraw(_ point: InputRecord) {
        needing -= 1
        if point.isAnswered { answered -= 1 }
        if point.isSent { sent -= 1 }
    }
}

/// One citizen input and everything done with it.
///
/// A process can hold a million of these, so the record is kept small: what few inputs have
/// (a channel, a theme, a public name, a withdrawal, an erasure) lives in one shared box
/// that most records leave empty, and the digest of the writer's details is kept as its 32
/// bytes rather than as 64 hex characters. The properties read and write as plain values.
public struct InputRecord: Hashable, Sendable {
    public var id: InputID
    public var kind: InputKindID
    /// The text, as a string or as bytes of the snapshot it was read from (see ``text``).
    var storedText: SharedText
    public var received: CivilDate
    public var registeredAt: Date
    public var registeredBy: ActorIdentity
    public var stateAtReceipt: StateID
    public var late: Bool
    public var outOfScope: Bool
    /// Received before the window that accepts its kind opened (for example a signature dated
    /// before the collection began).
    public var early: Bool
    public var needsFeedback: Bool
    public var answerDue: CivilDate?
    /// Every feedback recorded, oldest first; the last one is current.
    public var feedback: [FeedbackRecord]
    /// The day the current feedback was sent, if it was.
    public var sentOn: CivilDate?
    /// The behandelaar (owner): the department, team or employee who must see that it gets an
    /// answer; `nil` while nobody is. Earlier owners are in ``handovers``.
    public var owner: String?
    private var digest: StoredDigest?
    private var rare: Rare?

    public init(
        id: InputID, kind: InputKindID, text: String, received: CivilDate, registeredAt: Date, registeredBy: ActorIdentity,
        channel: String?, theme: String?, publicName: String?, personalDigest: String?, stateAtReceipt: StateID, late: Bool,
        outOfScope: Bool, needsFeedback: Bool, answerDue: CivilDate?, withdrawal: Withdrawal?, feedback: [FeedbackRecord],
        sentOn: CivilDate?, redaction: Redaction? = nil, early: Bool = false, owner: String? = nil, handovers: [Handover] = [],
        requestedAmount: Int? = nil, parent: InputID? = nil, route: RoleID? = nil, pointCount: Int = 0
    ) {
        self.init(
            id: id, kind: kind, storedText: SharedText(text), received: received, registeredAt: registeredAt,
            registeredBy: registeredBy, channel: channel, theme: theme, publicName: publicName,
            digest: personalDigest.map(StoredDigest.init), stateAtReceipt: stateAtReceipt, late: late, outOfScope: outOfScope,
            needsFeedback: needsFeedback, answerDue: answerDue, withdrawal: withdrawal, feedback: feedback, sentOn: sentOn,
            redaction: redaction, early: early, owner: owner, handovers: handovers, requestedAmount: requestedAmount, parent: parent,
            route: route, pointCount: pointCount)
    }

    /// As the public initializer, with the text as the snapshot keeps it and the writer's digest
    /// as its 32 bytes (`personalSHA256`) or as other text (`personalText`), so that a record is
    /// read from a snapshot in one go.
    init(
        id: InputID, kind: InputKindID, storedText: SharedText, received: CivilDate, registeredAt: Date, registeredBy: ActorIdentity,
        channel: String?, theme: String?, publicName: String?, personalSHA256: SHA256Digest?, personalText: String?,
        stateAtReceipt: StateID, late: Bool, outOfScope: Bool, needsFeedback: Bool, answerDue: CivilDate?, withdrawal: Withdrawal?,
        feedback: [FeedbackRecord], sentOn: CivilDate?, redaction: Redaction?, early: Bool, owner: String?, handovers: [Handover],
        requestedAmount: Int?, parent: InputID?, route: RoleID?, pointCount: Int
    ) {
        self.init(
            id: id, kind: kind, storedText: storedText, received: received, registeredAt: registeredAt, registeredBy: registeredBy,
            channel: channel, theme: theme, publicName: publicName,
            digest: personalSHA256.map(StoredDigest.sha256) ?? personalText.map(StoredDigest.init), stateAtReceipt: stateAtReceipt,
            late: late, outOfScope: outOfScope, needsFeedback: needsFeedback, answerDue: answerDue, withdrawal: withdrawal,
            feedback: feedback, sentOn: sentOn, redaction: redaction, early: early, owner: owner, handovers: handovers,
            requestedAmount: requestedAmount, parent: parent, route: route, pointCount: pointCount)
    }

    private init(
        id: InputID, kind: InputKindID, storedText: SharedText, received: CivilDate, registeredAt: Date, registeredBy: ActorIdentity,
        channel: String?, theme: String?, publicName: String?, digest: StoredDigest?, stateAtReceipt: StateID, late: Bool,
        outOfScope: Bool, needsFeedback: Bool, answerDue: CivilDate?, withdrawal: Withdrawal?, feedback: [FeedbackRecord],
        sentOn: CivilDate?, redaction: Redaction?, early: Bool, owner: String?, handovers: [Handover], requestedAmount: Int?,
        parent: InputID?, route: RoleID?, pointCount: Int
    ) {
        self.id = id
        self.kind = kind
        self.storedText = storedText
        self.received = received
        self.registeredAt = registeredAt
        self.registeredBy = registeredBy
        self.stateAtReceipt = stateAtReceipt
        self.late = late
        self.outOfScope = outOfScope
        self.early = early
        self.needsFeedback = needsFeedback
        self.answerDue = answerDue
        self.feedback = feedback
        self.sentOn = sentOn
        self.owner = owner
        self.digest = digest
        self.rare = Rare.holding(
            RareFields(
                channel: channel, theme: theme, publicName: publicName, withdrawal: withdrawal, redaction: redaction,
                handovers: handovers, requestedAmount: requestedAmount, parent: parent, route: route, pointCount: pointCount))
    }

    /// What the writer wrote (made into a string when read, when the store was opened from its
    /// snapshot).
    public var text: String {
        get { storedText.string }
        set { storedText = SharedText(newValue) }
    }

    public var channel: String? {
        get { rare?.fields.channel }
        set { change { $0.channel = newValue } }
    }
    public var theme: String? {
        get { rare?.fields.theme }
        set { change { $0.theme = newValue } }
    }
    public var publicName: String? {
        get { rare?.fields.publicName }
        set { change { $0.publicName = newValue } }
    }
    /// The salted digest of the writer's contact details (64 lowercase hex digits), kept in
    /// the journal instead of the details themselves.
    public var personalDigest: String? {
        get { digest?.text }
        set { digest = newValue.map(StoredDigest.init) }
    }
    public var withdrawal: Withdrawal? {
        get { rare?.fields.withdrawal }
        set { change { $0.withdrawal = newValue } }
    }
    /// Set when the writer's contact details were erased (AVG); the input itself stays.
    public var redaction: Redaction? {
        get { rare?.fields.redaction }
        set { change { $0.redaction = newValue } }
    }
    /// Whether the writer's contact details were erased (matched, like ``isWithdrawn``).
    var isRedacted: Bool {
        if case .some = rare?.fields.redaction { true } else { false }
    }
    /// Every change of behandelaar after receipt, oldest first: the record survives hand-overs
    /// between departments and to outside parties.
    public var handovers: [Handover] {
        get { rare?.fields.handovers ?? [] }
        set { change { $0.handovers = newValue } }
    }

    /// The amount asked for, in whole cents, for a kind that names one (``InputKindSpec/amount``).
    public var requestedAmount: Int? {
        get { rare?.fields.requestedAmount }
        set { change { $0.requestedAmount = newValue } }
    }

    /// For a point of a letter (or a zienswijze): the input it is a point of (`BRIEF-2027-012`
    /// for `BRIEF-2027-012.1`); `nil` for an input of its own.
    public var parent: InputID? {
        get { rare?.fields.parent }
        set { change { $0.parent = newValue } }
    }
    /// For a point: the role that answers it (``PointsSpec/routes``); `nil` for none.
    public var route: RoleID? {
        get { rare?.fields.route }
        set { change { $0.route = newValue } }
    }
    /// How many points this input has. An input with points takes no answer of its own: it is
    /// answered when every point is (``ProcessState/isAnswered(_:)``).
    public var pointCount: Int {
        get { rare?.fields.pointCount ?? 0 }
        set { change { $0.pointCount = newValue } }
    }
    /// Whether this is a point of another input.
    public var isPoint: Bool { parent != nil }
    /// Whether this input has points (and so no answer of its own).
    public var hasPoints: Bool { pointCount > 0 }

    /// The amount granted by the current answer, in whole cents; `nil` when none was.
    public var grantedAmount: Int? { isWithdrawn ? nil : currentFeedback?.amount }

    private mutating func change(_ body: (inout RareFields) -> Void) {
        var fields = rare?.fields ?? RareFields()
        body(&fields)
        rare = Rare.holding(fields)
    }

    /// The writer's digest as its 32 bytes, when it is a SHA-256 digest (every digest the store
    /// made is); `nil` when there is none or it is some other text.
    var personalSHA256: SHA256Digest? {
        get {
            if case .sha256(let value)? = digest { return value }
            return nil
        }
        set { digest = newValue.map(StoredDigest.sha256) }
    }

    /// Whether `personal.jsonl` should hold the writer's contact details: there were some, and
    /// they were not erased.
    var keepsPersonalDetails: Bool { digest != nil && !isRedacted }

    /// Whether the writer's contact details were erased, and whether `personal.jsonl` should
    /// hold them (``keepsPersonalDetails``), read in place: a copy of the record would retain
    /// every string in it.
    static func personalFlags(at record: UnsafePointer<InputRecord>) -> (erased: Bool, kept: Bool) {
        let erased = record.pointee.rare?.fields.redaction != nil
        return (erased, !erased && record.pointee.digest != nil)
    }

    /// Whether the writer's digest is `text` (without making a string of the stored digest).
    func hasPersonalDigest(_ text: String) -> Bool {
        switch digest {
        case .sha256(let value)?: SHA256Digest(lowercaseHex: text) == value
        case .other(let value)?: value == text
        case nil: false
        }
    }

    /// ``hasPersonalDigest(_:)`` for the digest's bytes as a line of `personal.jsonl` holds
    /// them (plain ASCII), without making a string of either.
    func hasPersonalDigest(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch digest {
        case .sha256(let value)?: SHA256Digest(lowercaseHexBuffer: bytes) == value
        case .other(let value)?: UTF8Text.equals(value, bytes)
        case nil: false
        }
    }

    /// The current feedback.
    public var currentFeedback: FeedbackRecord? { feedback.last }
    public var isAnswered: Bool { !feedback.isEmpty }
    public var isSent: Bool { sentOn != nil }
    /// Whether it was withdrawn. Matched, not compared with `nil`: comparing made a copy of
    /// the withdrawal (and, read through a pointer, of the whole record) for every test.
    public var isWithdrawn: Bool {
        if case .some = rare?.fields.withdrawal { true } else { false }
    }
    /// Whether this input holds back a decision until it has feedback. An input with points
    /// does not: its points do, each on its own.
    public var countsForGate: Bool { needsFeedback && !isWithdrawn && !hasPoints }
    /// Whether it counts toward a threshold (`atLeast`): received within the window that
    /// accepts its kind (not early, not late), of a kind accepted so far, and not withdrawn.
    /// The one definition that the gate, status and the refusal use.
    public var countsTowardThreshold: Bool { !late && !early && !outOfScope && !isWithdrawn }
    /// It holds back a decision and has no feedback yet.
    public var isUnanswered: Bool { countsForGate && !isAnswered }
    /// It holds back closing the process: its current answer was not sent (or there is none).
    /// The writer still waits for the municipality: this is what "open" means everywhere.
    public var isUnsent: Bool { countsForGate && !isSent }

    /// Whether its writer gets one answer of their own, by one answer term (`deadlines` lists
    /// it): an input that needs an answer, or a letter with points that was not withdrawn
    /// (answered when every point is), never a point itself.
    var hasOwnAnswerTerm: Bool { !isPoint && (countsForGate || hasPoints && !isWithdrawn) }

    /// A point whose answer was not sent yet: its letter still waits.
    var isWaitingPoint: Bool { isPoint && isUnsent }

    /// Over tijd (overdue) on `day`: the writer still waits (``isUnsent``: no answer, or an
    /// answer not yet sent) and the last day of the answer term (``answerDue``) has passed.
    ///
    /// The one definition that status, list, deadlines, the audit and the register use, so that
    /// they never disagree about the same letter. Inputs without an answer term are never overdue.
    public func isOverdue(on day: CivilDate) -> Bool {
        guard isUnsent, let due = answerDue else { return false }
        return day > due
    }

    /// Days past the answer term on `day` while the writer still waits; 0 when not overdue.
    public func daysOverdue(on day: CivilDate) -> Int {
        guard isOverdue(on: day), let due = answerDue else { return 0 }
        return day.days(since: due)
    }

    /// The fields few inputs have.
    private struct RareFields: Hashable, Sendable {
        var channel: String?
        var theme: String?
        var publicName: String?
        var withdrawal: Withdrawal?
        var redaction: Redaction?
        var handovers: [Handover] = []
        var requestedAmount: Int?
        var parent: InputID?
        var route: RoleID?
        var pointCount = 0
    }

    /// An immutable box for ``RareFields``; a change makes a new one, so copies of a record
    /// never see each other's changes. `nil` when every field is empty.
    private final class Rare: Hashable, Sendable {
        let fields: RareFields

        private init(_ fields: RareFields) { self.fields = fields }

        /// A box for `fields`, or `nil` when they are all empty (checked before allocating).
        static func holding(_ fields: RareFields) -> Rare? {
            fields.channel == nil && fields.theme == nil && fields.publicName == nil && fields.withdrawal == nil
                && fields.redaction == nil && fields.handovers.isEmpty && fields.requestedAmount == nil && fields.parent == nil
                && fields.route == nil && fields.pointCount == 0 ? nil : Rare(fields)
        }

        static func == (lhs: Rare, rhs: Rare) -> Bool { lhs === rhs || lhs.fields == rhs.fields }
        func hash(into hasher: inout Hasher) { hasher.combine(fields) }
    }

    /// A digest as its 32 bytes when it is 64 lowercase hex digits (always, for digests the
    /// store made), else as the text it was given.
    private enum StoredDigest: Hashable, Sendable {
        case sha256(SHA256Digest)
        case other(String)

        init(_ text: String) {
            if let value = SHA256Digest(lowercaseHex: text) { self = .sha256(value) } else { self = .other(text) }
        }

        var text: String {
            switch self {
            case .sha256(let value): value.hex
            case .other(let text): text
            }
        }
    }
}

extension InputRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, kind, text, received, registeredAt, registeredBy, channel, theme, publicName, personalDigest, stateAtReceipt
        case late, outOfScope, needsFeedback, answerDue, withdrawal, feedback, sentOn, redaction, early, owner, handovers
        case parent, route, pointCount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(InputID.self, forKey: .id), kind: try c.decode(InputKindID.self, forKey: .kind),
            text: try c.decode(String.self, forKey: .text), received: try c.decode(CivilDate.self, forKey: .received),
            registeredAt: try c.decode(Date.self, forKey: .registeredAt),
            registeredBy: try c.decode(ActorIdentity.self, forKey: .registeredBy),
            channel: try c.decodeIfPresent(String.self, forKey: .channel), theme: try c.decodeIfPresent(String.self, forKey: .theme),
            publicName: try c.decodeIfPresent(String.self, forKey: .publicName),
            personalDigest: try c.decodeIfPresent(String.self, forKey: .personalDigest),
            stateAtReceipt: try c.decode(StateID.self, forKey: .stateAtReceipt), late: try c.decode(Bool.self, forKey: .late),
            outOfScope: try c.decode(Bool.self, forKey: .outOfScope), needsFeedback: try c.decode(Bool.self, forKey: .needsFeedback),
            answerDue: try c.decodeIfPresent(CivilDate.self, forKey: .answerDue),
            withdrawal: try c.decodeIfPresent(Withdrawal.self, forKey: .withdrawal),
            feedback: try c.decode([FeedbackRecord].self, forKey: .feedback),
            sentOn: try c.decodeIfPresent(CivilDate.self, forKey: .sentOn),
            redaction: try c.decodeIfPresent(Redaction.self, forKey: .redaction),
            early: try c.decodeIfPresent(Bool.self, forKey: .early) ?? false,
            owner: try c.decodeIfPresent(String.self, forKey: .owner),
            handovers: try c.decodeIfPresent([Handover].self, forKey: .handovers) ?? [],
            parent: try c.decodeIfPresent(InputID.self, forKey: .parent), route: try c.decodeIfPresent(RoleID.self, forKey: .route),
            pointCount: try c.decodeIfPresent(Int.self, forKey: .pointCount) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(text, forKey: .text)
        try c.encode(received, forKey: .received)
        try c.encode(registeredAt, forKey: .registeredAt)
        try c.encode(registeredBy, forKey: .registeredBy)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(theme, forKey: .theme)
        try c.encodeIfPresent(publicName, forKey: .publicName)
        try c.encodeIfPresent(personalDigest, forKey: .personalDigest)
        try c.encode(stateAtReceipt, forKey: .stateAtReceipt)
        try c.encode(late, forKey: .late)
        try c.encode(outOfScope, forKey: .outOfScope)
        if early { try c.encode(early, forKey: .early) }
        try c.encode(needsFeedback, forKey: .needsFeedback)
        try c.encodeIfPresent(answerDue, forKey: .answerDue)
        try c.encodeIfPresent(withdrawal, forKey: .withdrawal)
        try c.encode(feedback, forKey: .feedback)
        try c.encodeIfPresent(sentOn, forKey: .sentOn)
        try c.encodeIfPresent(redaction, forKey: .redaction)
        try c.encodeIfPresent(owner, forKey: .owner)
        if !handovers.isEmpty { try c.encode(handovers, forKey: .handovers) }
        try c.encodeIfPresent(parent, forKey: .parent)
        try c.encodeIfPresent(route, forKey: .route)
        if pointCount > 0 { try c.encode(pointCount, forKey: .pointCount) }
    }
}

/// A withdrawal of an input by its writer: when, why, the writer's request as evidence, and
/// who registered it.
public struct Withdrawal: Hashable, Sendable, Codable {
    public var at: Date
    public var reason: String
    /// Where the writer's request can be found (a reference to the letter or e-mail, or the
    /// writer's own channel). `nil` for withdrawals journaled before it was required.
    public var evidence: String?
    /// Who registered the withdrawal (`nil` in snapshots and records from before it was kept).
    public var by: ActorIdentity?

    public init(at: Date, reason: String, evidence: String? = nil, by: ActorIdentity? = nil) {
        self.at = at
        self.reason = reason
        self.evidence = evidence
        self.by = by
    }
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
    /// The motivation, as a string or as bytes of the snapshot it was read from (see ``motivation``).
    var storedMotivation: SharedText
    public var at: Date
    public var by: ActorIdentity
    /// The behandelaar (owner) the input was with when it was answered; `nil` when it had none.
    public var owner: String? = nil
    /// The amount granted, in whole cents, when the input asked for one and was (partly) granted.
    public var amount: Int? = nil

    init(verdict: Verdict, motivation: String, at: Date, by: ActorIdentity, owner: String? = nil, amount: Int? = nil) {
        self.init(verdict: verdict, storedMotivation: SharedText(motivation), at: at, by: by, owner: owner, amount: amount)
    }

    init(verdict: Verdict, storedMotivation: SharedText, at: Date, by: ActorIdentity, owner: String?, amount: Int?) {
        self.verdict = verdict
        self.storedMotivation = storedMotivation
        self.at = at
        self.by = by
        self.owner = owner
        self.amount = amount
    }

    /// Why the verdict is what it is (made into a string when read, when the store was opened
    /// from its snapshot).
    public var motivation: String {
        get { storedMotivation.string }
        set { storedMotivation = SharedText(newValue) }
    }

    private enum CodingKeys: String, CodingKey {
        case verdict, storedMotivation = "motivation", at, by, owner, amount
    }
}

/// A change of behandelaar (owner) of an input: from whom, to whom, when, by whom and why.
public struct Handover: Hashable, Sendable, Codable {
    /// The owner before; `nil` when the input had none.
    public var from: String?
    public var to: String
    public var at: Date
    /// Who registered the hand-over.
    public var by: ActorIdentity
    public var reason: String?

    public init(from: String?, to: String, at: Date, by: ActorIdentity, reason: String? = nil) {
        self.from = from
        self.to = to
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// A document attached to a process.
public struct DocumentRecord: Hashable, Sendable, Codable {
    public var kind: DocumentKindID
    public var reference: String
    public var at: Date
    public var by: ActorIdentity
    /// The document's own legal date, when it was given (`document add --date`).
    public var date: CivilDate? = nil
    /// How many transitions and inputs the process had when it was attached: its place in the
    /// journal relative to them, for a requirement that it come before or after one of them.
    public var transitionsBefore: Int = 0
    public var inputsBefore: Int = 0
}

extension DocumentRecord {
    private enum CodingKeys: String, CodingKey {
        case kind, reference, at, by, date, transitionsBefore, inputsBefore
    }

    /// Reads a record written before the place in the journal was kept as attached first.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(DocumentKindID.self, forKey: .kind), reference: try c.decode(String.self, forKey: .reference),
            at: try c.decode(Date.self, forKey: .at), by: try c.decode(ActorIdentity.self, forKey: .by),
            date: try c.decodeIfPresent(CivilDate.self, forKey: .date),
            transitionsBefore: try c.decodeIfPresent(Int.self, forKey: .transitionsBefore) ?? 0,
            inputsBefore: try c.decodeIfPresent(Int.self, forKey: .inputsBefore) ?? 0)
    }
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
    /// For a decision: of the inputs it weighed that had an answer, how many each behandelaar
    /// (owner) answered (``InputCounts/answeredPerOwner`` at that moment; `""` for none).
    /// Empty for other transitions.
    public var answeredByOwner: [String: Int] = [:]
    /// How many inputs had been withdrawn by then (they no longer needed an answer).
    public var withdrawnAtThatMoment: Int = 0
    /// The account or principal that wrote it (`nil` on lines from before accounts were kept).
    public var account: String? = nil
    /// When it was written, by the system clock (`nil` on lines from before that was kept).
    public var recorded: Date? = nil
    /// Set when its `at` is earlier than the `at` of an input or answer registered before it
    /// in the journal: the latest such moment. A decision cannot have weighed what came after
    /// it, so this shows a clock that was set back (possible only in an exercise store).
    public var earlierThanWeighed: Date? = nil
}

/// Lines of a process whose `at` (the engine's clock) was ahead of `recorded` (the system
/// clock): possible only in an exercise store, where the clock may be set.
public struct ClockAhead: Hashable, Sendable, Codable {
    /// How many lines.
    public var lines: Int
    /// The first such line's moments.
    public var firstAt: Date
    public var firstRecorded: Date
    /// The largest lead, in seconds.
    public var largestSeconds: Double
}

/// A verdaging of a window, or an extension of a named term.
public struct TermExtensionRecord: Hashable, Sendable, Codable {
    /// The state the process was in (for a window: the state whose window moved).
    public var state: StateID
    public var days: Int
    public var reason: String
    public var at: Date
    public var by: ActorIdentity
    public var newEnd: CivilDate
    /// The named term that was extended; `nil` for a window.
    public var term: TermName? = nil
    /// The legal ground the extension named; only with `term`.
    public var basis: String? = nil
}
