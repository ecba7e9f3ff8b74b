import Foundation

// Every input has an accountable behandelaar (owner): a department, a team or a named
// employee who must see that it gets an answer (RULES §2.17, invariants 1 and 8). An input
// gets one at receipt — given with it, or the workflow's default for its kind or the state —
// and keeps every hand-over after that.

extension InputRecord {
    /// When the current behandelaar got the input: the moment of the last hand-over, or of the
    /// registration when it had its owner from the start. `nil` while it has none.
    public var ownerSince: Date? {
        if let last = handovers.last { return last.at }
        return owner == nil ? nil : registeredAt
    }

    /// The day the input came to its current behandelaar (or to nobody): the day of the last
    /// hand-over, else the day it was received. A letter typed in a week late was with its
    /// first owner, or with nobody, since it came in.
    public var withOwnerSince: CivilDate {
        handovers.last.map { CivilDate(amsterdam: $0.at) } ?? received
    }

    /// Days the input has been with its current behandelaar (or with nobody) on `day`. Once the
    /// writer has the answer (or withdrew), the count stops on the day it was sent (or withdrawn).
    public func daysWithOwner(on day: CivilDate) -> Int {
        var end = day
        if let sentOn, sentOn < end { end = sentOn }
        if let withdrawn = withdrawal.map({ CivilDate(amsterdam: $0.at) }), withdrawn < end { end = withdrawn }
        return max(0, end.days(since: withOwnerSince))
    }

    /// Whether `owner` names this input's behandelaar, without regard to case or to spaces
    /// around and between words ("afdeling  verkeer" is "Afdeling Verkeer").
    public func isOwned(by owner: String) -> Bool {
        guard let current = self.owner else { return false }
        return Self.ownerKey(current) == Self.ownerKey(owner)
    }

    /// The form owners are compared in: lowercased, white space collapsed to single spaces.
    public static func ownerKey(_ owner: String) -> String {
        owner.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}

extension ProcessEngine {
    /// The behandelaar a new input gets: its own (trimmed), else the default of its kind, else
    /// that of the state the process is in, else none.
    func owner(of input: NewInput, kind: InputKindSpec, in state: ProcessState) -> String? {
        owner(of: input, kind: kind, current: definition.states[state.current])
    }

    /// ``owner(of:kind:in:)`` with the process's current state looked up once by the caller
    /// (for every input of a command).
    func owner(of input: NewInput, kind: InputKindSpec, current: StateSpec?) -> String? {
        input.owner.nonEmpty?.trimmingCharacters(in: .whitespaces) ?? kind.owner ?? current?.owner
    }

    /// Hands inputs over to `owner`, all or nothing. Refused, with every reason at once: no
    /// inputs named, an owner that cannot be one, unknown inputs, withdrawn inputs (they need
    /// no behandelaar any more), inputs already with that owner, a reason that is too long.
    /// A closed process is refused before this, with `processClosed`.
    ///
    /// A letter with points takes its open points along (``pointsMoving(with:to:in:)``); the
    /// event names each of them, so replaying it needs no rule. A point keeps an owner of its
    /// own only when it is assigned by its own id.
    func decideAssignment(
        _ ids: [InputID], to owner: String, reason: String?, in state: ProcessState, name: String
    ) -> Result<[EventPayload], Refusal> {
        var reasons: [Refusal.Reason] = []
        if ids.isEmpty {
            reasons.append(Refusal.Reason(.noInputsNamed, "Noem de inbreng die naar een andere behandelaar gaat."))
        }
        let ownerProblem = InputLimits.ownerProblem(owner, what: "De behandelaar")
        if let ownerProblem { reasons.append(Refusal.Reason(.invalidOwner, ownerProblem + ".")) }
        var unique: [InputID] = []
        var seen = Set<InputID>()
        for id in ids where seen.insert(id).inserted { unique.append(id) }
        let unknown = unique.filter { !state.hasInput($0) }
        if !unknown.isEmpty {
            reasons.append(
                Refusal.Reason(
                    .unknownInput, "Onbekende inbreng in proces \(state.id): \(Refusal.list(unknown.map(\.rawValue))).",
                    ids: unknown.map(\.rawValue)))
        }
        // Read in place: `state.input(_:)` would copy every record.
        let withdrawn = state.inputs.withUnsafeBufferPointer { inputs in
            unique.filter { id in state.position(of: id).map { inputs[$0].isWithdrawn } ?? false }
        }
        if !withdrawn.isEmpty {
            reasons.append(
                Refusal.Reason(
                    .withdrawnInput,
                    "Ingetrokken door de indiener, dus geen behandelaar meer nodig: \(Refusal.list(withdrawn.map(\.rawValue))).",
                    ids: withdrawn.map(\.rawValue)))
        }
        // A letter goes with its open points; a point keeps another owner only when it is named by its own id.
        let withPoints = ownerProblem == nil ? pointsMoving(with: unique, to: owner, in: state) : [:]
        if ownerProblem == nil {
            let already = unique.compactMap { id in
                state.position(of: id).flatMap {
                    state.inputs[$0].isOwned(by: owner) && withPoints[id] == nil ? state.inputs[$0] : nil
                }
            }
            if let first = already.first {
                // Named as the inputs have it: "Wijkzaken", also when "wijkzaken" was asked for.
                reasons.append(
                    Refusal.Reason(
                        .sameOwner, "Al bij \(first.owner ?? owner): \(Refusal.list(already.map(\.id.rawValue))).",
                        ids: already.map(\.id.rawValue)))
            }
        }
        let given = reason.nonEmpty
        if let given, given.isLonger(than: InputLimits.noteLength) {
            reasons.append(Refusal.Reason(.invalidValue, "De reden is langer dan \(InputLimits.noteLength) tekens."))
        }
        if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
        let to = owner.trimmingCharacters(in: .whitespaces)
        var moving: [InputID] = []
        for id in unique {
            // A letter already with this owner stays out of the event; its points still move.
            if state.position(of: id).map({ !state.inputs[$0].isOwned(by: owner) }) ?? false { moving.append(id) }
            moving += withPoints[id] ?? []
        }
        unique = moving
        // One event per slice of ids, as for sending, so no journal line grows with the number of inputs.
        let size = InputLimits.inputsPerSentEvent
        return .success(
            stride(from: 0, to: unique.count, by: size).map { start in
                .inputsAssigned(InputsAssigned(inputs: Array(unique[start..<min(start + size, unique.count)]), owner: to, reason: given))
            })
    }

    /// The open points (``InputRecord/isUnsent``) that go with each named letter to `owner`: those
    /// not already with that owner and not named themselves. Letters without such points are
    /// not in the result.
    ///
    /// Complexity: O(points of the named letters).
    func pointsMoving(with ids: [InputID], to owner: String, in state: ProcessState) -> [InputID: [InputID]] {
        let named = Set(ids)
        var result: [InputID: [InputID]] = [:]
        for id in ids {
            guard let position = state.position(of: id), state.inputs[position].hasPoints, !state.inputs[position].isWithdrawn else {
                continue
            }
            let points = state.points(of: id).filter { $0.isUnsent && !$0.isOwned(by: owner) && !named.contains($0.id) }.map(\.id)
            if !points.isEmpty { result[id] = points }
        }
        return result
    }

    /// Applies a hand-over: each input gets the new owner, and the old one goes into its
    /// ``InputRecord/handovers``. An input that is unknown or withdrawn is left as it is.
    func applyAssignment(_ assigned: InputsAssigned, of event: Event, to state: inout ProcessState) {
        for id in assigned.inputs {
            state.updateInput(id) { input in
                guard !input.isWithdrawn else { return }
                input.handovers.append(
                    Handover(from: input.owner, to: assigned.owner, at: event.at, by: event.actor, reason: assigned.reason))
                input.owner = assigned.owner
            }
        }
    }
}
