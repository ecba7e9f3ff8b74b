import Foundation

/// The pure engine of one workflow: it turns a command into events, or into a refusal that
/// names every unmet requirement, and applies events to a process state.
///
/// It never reads the clock, the file system or a random source: time, ids and the actor
/// are passed in, so the same journal always replays to the same state.
public struct ProcessEngine: Sendable {
    /// The definition and calendar, held by reference so that copying an engine (once per
    /// replayed event) costs one retain.
    private final class Storage: Sendable {
        let definition: WorkflowDefinition
        let calendar: LegalCalendar

        init(definition: WorkflowDefinition, calendar: LegalCalendar) {
            self.definition = definition
            self.calendar = calendar
        }
    }

    private let storage: Storage

    public var definition: WorkflowDefinition { storage.definition }
    public var calendar: LegalCalendar { storage.calendar }

    public init(definition: WorkflowDefinition, calendar: LegalCalendar = .netherlands) {
        storage = Storage(definition: definition, calendar: calendar)
    }

    // MARK: Deciding

    /// Checks a command against the definition and the state and returns the events it
    /// leads to, or a refusal listing every reason it cannot be done.
    ///
    /// - Parameters:
    ///   - command: What is asked.
    ///   - state: The process as it is; `nil` only for ``Command/start(_:)``.
    ///   - process: The process the command is for.
    ///   - now: The moment of the command.
    ///   - actor: Who asks.
    public func decide(
        _ command: Command, in state: ProcessState?, process: ProcessID, at now: Date, by actor: ActorIdentity
    ) -> Result<[EventPayload], Refusal> {
        let today = CivilDate(amsterdam: now)
        // What goes by itself is journaled as `systeem`; nobody can act in that role.
        if actor.role == .system, command != .tick {
            return .failure(
                Refusal(
                    command.dutchName, .roleNotAllowed,
                    "De rol \(RoleID.system) is voor wat vanzelf gaat, na een termijn; niemand kan in die rol handelen.",
                    ids: [RoleID.system.rawValue]))
        }
        if case .start(let start) = command {
            if state != nil {
                return .failure(Refusal(command.dutchName, .processExists, "Er bestaat al een proces \(process)."))
            }
            return decideStart(start, today: today, by: actor)
        }
        guard let state else {
            return .failure(Refusal(command.dutchName, .processClosed, "Proces \(process) bestaat niet."))
        }
        guard state.definitionHash.isEmpty || definition.id == state.workflow else {
            return .failure(
                Refusal(command.dutchName, .wrongDefinition, "Proces \(process) loopt op werkstroom \(state.workflow)."))
        }
        if case .tick = command { return .success(dueTimedTransitions(in: state, today: today)) }
        if let refusal = checkRole(of: actor, for: command, in: state) { return .failure(refusal) }
        if state.isFinal, let refusal = closedRefusal(of: command, in: state) { return .failure(refusal) }
        switch command {
        case .start, .tick:
            return .success([])
        case .addInput(let input):
            return decideInputs([input], single: true, in: state, today: today, name: command.dutchName)
        case .addInputs(let inputs):
            return decideInputs(inputs, single: false, in: state, today: today, name: command.dutchName)
        case .withdrawInput(let id, let reason, let evidence):
            return decideWithdrawal(id, reason: reason, evidence: evidence, in: state, name: command.dutchName)
        case .recordFeedback(let feedback):
            return decideFeedback([feedback], single: true, in: state, name: command.dutchName)
        case .recordFeedbacks(let feedback):
            return decideFeedback(feedback, single: false, in: state, name: command.dutchName)
        case .markFeedbackSent(let selection, let day):
            return decideSent(selection, on: day, in: state, today: today, name: command.dutchName)
        case .attachDocument(let kind, let reference, let date):
            return decideDocument(kind, reference: reference, date: date, today: today, name: command.dutchName)
        case .attachPlan(let digest, let complete):
            return decidePlan(digest: digest, complete: complete, in: state, name: command.dutchName)
        case .advance(let name, let reason):
            return decideAdvance(name, reason: reason, in: state, today: today, by: actor)
        case .extendTerm(let days, let reason):
            return decideExtension(days: days, reason: reason, in: state, name: command.dutchName)
        case .extendNamedTerm(let term, let days, let basis, let reason):
            return decideTermExtension(term, days: days, basis: basis, reason: reason, in: state, today: today, by: actor)
        case .redactPersonalData(let id, let reason):
            return decideRedaction(id, reason: reason, in: state, name: command.dutchName)
        case .assignInputs(let ids, let owner, let reason):
            return decideAssignment(ids, to: owner, reason: reason, in: state, name: command.dutchName)
        }
    }

    private func decideStart(_ start: StartProcess, today: CivilDate, by actor: ActorIdentity) -> Result<[EventPayload], Refusal> {
        let name = Command.start(start).dutchName
        var reasons: [Refusal.Reason] = []
        if !definition.roles.contains(actor.role) {
            reasons.append(roleReason(actor.role, allowed: definition.roles.keys, doing: "een proces starten"))
        }
        if start.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reasons.append(Refusal.Reason(.invalidValue, "Geef het proces een titel."))
        }
        if start.id.rawValue.isEmpty || start.id.rawValue.contains(where: { $0.isWhitespace || $0 == "/" }) {
            reasons.append(Refusal.Reason(.invalidValue, "Procesnummer \"\(start.id)\" mag niet leeg zijn en geen spaties of / bevatten."))
        }
        var attributes = start.attributes
        for (attribute, value) in start.attributes.sorted(by: { $0.key < $1.key }) {
            guard let spec = definition.attributes[attribute] else {
                reasons.append(
                    Refusal.Reason(
                        .invalidAttribute,
                        "Kenmerk \"\(attribute)\" bestaat niet in \(definition.id); kenmerken: \(WorkflowDefinition.names(definition.attributes.keys)).",
                        ids: [attribute.rawValue]))
                continue
            }
            if spec.isAmount {
                if let cents = EuroAmount.cents(parsing: value) {
                    attributes[attribute] = EuroAmount.stored(cents: cents)
                } else {
                    reasons.append(
                        Refusal.Reason(.invalidAttribute, Self.notAnAmount(attribute, spec, value), ids: [attribute.rawValue]))
                }
            }
            if let values = spec.values, !values.contains(value) {
                reasons.append(
                    Refusal.Reason(
                        .invalidAttribute,
                        "Kenmerk \"\(attribute)\" kan geen \"\(value)\" zijn; kies uit \(values.joined(separator: ", ")).",
                        ids: [attribute.rawValue]))
            }
        }
        for (attribute, spec) in definition.attributes where spec.required && start.attributes[attribute] == nil {
            let choices = spec.values.map { " (\($0.joined(separator: ", ")))" } ?? ""
            reasons.append(
                Refusal.Reason(.invalidAttribute, "Kenmerk \"\(attribute)\" is verplicht\(choices).", ids: [attribute.rawValue]))
        }
        if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
        let initial = definition.initial
        return .success([
            .processStarted(
                ProcessStarted(
                    workflow: definition.id, workflowVersion: definition.version, definitionHash: start.definitionHash,
                    title: start.title, attributes: attributes, planDigest: start.planDigest,
                    planComplete: start.planComplete, initial: initial, window: window(of: initial, enteredOn: today)))
        ])
    }

    private func decideInputs(
        _ inputs: [NewInput], single: Bool, in state: ProcessState, today: CivilDate, name: String
    ) -> Result<[EventPayload], Refusal> {
        var reasons: [Refusal.Reason] = []
        var events: [EventPayload] = []
        var taken = Set<InputID>()
        var number = state.nextInputNumber
        taken.reserveCapacity(inputs.count)
        // Looked up once for the command, not for every input (the window's days read in
        // place: binding the window would copy it, explanation and all).
        let current = definition.states[state.current]
        let windowDays = state.window.map { (start: $0.start, end: $0.end) }
        if inputs.isEmpty { return .failure(Refusal(name, .nothingToDo, "Er is geen inbreng om te registreren.")) }
        for (position, input) in inputs.enumerated() {
            // Only put together when there is a problem to name.
            var label: String { single ? "" : "inbreng \(position + 1)\(input.id.map { " (\($0))" } ?? ""): " }
            var problems: [Refusal.Reason] = []
            let kind = definition.inputKinds[input.kind]
            // Matched: comparing with nil copied the kind's spec for every input.
            if case .none = kind {
                problems.append(
                    Refusal.Reason(
                        .unknownKind,
                        "\(label)soort \"\(input.kind)\" bestaat niet in \(definition.id); soorten: \(WorkflowDefinition.names(definition.inputKinds.keys)).",
                        ids: [input.kind.rawValue]))
            }
            if input.text.isBlank {
                problems.append(Refusal.Reason(.invalidValue, "\(label)de tekst is leeg."))
            } else if input.text.isLonger(than: InputLimits.textLength) {
                problems.append(
                    Refusal.Reason(
                        .invalidValue, "\(label)de tekst is langer dan \(InputLimits.textLength) tekens; voeg het stuk toe als document."))
            }
            if let received = input.received, received > today {
                problems.append(Refusal.Reason(.invalidValue, "\(label)ontvangstdatum \(received) ligt in de toekomst."))
            }
            let id: InputID
            if let given = input.id {
                id = given
                if given.rawValue.isBlank || given.rawValue.isLonger(than: InputLimits.idLength)
                    || given.rawValue.hasLineEnd
                {
                    problems.append(
                        Refusal.Reason(.invalidValue, "\(label)kenmerk moet 1 tot \(InputLimits.idLength) tekens zijn, zonder regeleinde."))
                } else if state.hasInput(given) || taken.contains(given) {
                    problems.append(
                        Refusal.Reason(.duplicateInput, "\(label)kenmerk \(given) bestaat al in dit proces.", ids: [given.rawValue]))
                }
            } else {
                var candidate = InputID(Self.numberedID(number))
                while state.hasInput(candidate) || taken.contains(candidate) {
                    number += 1
                    candidate = InputID(Self.numberedID(number))
                }
                number += 1
                id = candidate
            }
            taken.insert(id)
            if let owner = input.owner.nonEmpty, let problem = InputLimits.ownerProblem(owner) {
                problems.append(Refusal.Reason(.invalidOwner, "\(label)\(problem)."))
            }
            // Only when there is an amount to check (both absent is always fine): the call copies
            // the input and its kind, for every input of a command.
            if let kind, kind.amount != nil || input.amount != nil { problems += amountProblems(of: input, kind: kind, label: label) }
            if let kind, !input.points.isEmpty {
                problems += pointProblems(of: input, id: id, kind: kind, label: label, in: state, taken: &taken)
            }
            if !problems.isEmpty {
                reasons += problems
                continue
            }
            guard let kind else { continue }
            let received = input.received ?? today
            let flags = flags(for: input.kind, receivedOn: received, in: state, current: current, window: windowDays)
            let answerDue = kind.answerWithin.map {
                calendar.deadline(from: received, length: $0, rule: definition.calendar, startsOn: .nextDay).end
            }
            let parentOwner = owner(of: input, kind: kind, current: current)
            events.append(
                .inputReceived(
                    InputReceived(
                        input: id, kind: input.kind, text: input.text, received: received,
                        channel: input.channel.nonEmpty, theme: input.theme.nonEmpty, publicName: input.publicName.nonEmpty,
                        personalDigest: input.personalDigest, state: state.current, late: flags.late,
                        outOfScope: flags.outOfScope, needsFeedback: kind.feedback == .required, answerDue: answerDue,
                        early: flags.early, owner: parentOwner, amount: input.amount)))
            for (number, point) in input.points.enumerated() {
                events.append(
                    .inputReceived(
                        InputReceived(
                            input: Self.pointID(id, number + 1), kind: input.kind, text: point.text, received: received,
                            channel: nil, theme: input.theme.nonEmpty, publicName: nil, personalDigest: nil, state: state.current,
                            late: flags.late, outOfScope: flags.outOfScope, needsFeedback: kind.feedback == .required,
                            answerDue: answerDue, early: flags.early,
                            owner: point.owner.nonEmpty ?? point.route.flatMap { definition.roles[$0]?.label } ?? parentOwner,
                            parent: id, route: point.route)))
            }
        }
        if !reasons.isEmpty {
            let summary = single ? name : "\(name) kan niet; er is niets geregistreerd"
            return .failure(Refusal(summary, reasons))
        }
        return .success(events)
    }

    /// A point of a letter or a zienswijze, to count with.
    public static let pointNoun = DutchNoun("punt", "punten")

    /// The id of the `number`th point (from 1) of an input: `BRIEF-2027-012.1`.
    public static func pointID(_ parent: InputID, _ number: Int) -> InputID { InputID("\(parent.rawValue).\(number)") }

    /// What is wrong with the points of a new input: a kind without points, an empty text, a
    /// route that is not one of the kind's, an id that is taken.
    private func pointProblems(
        of input: NewInput, id: InputID, kind: InputKindSpec, label: String, in state: ProcessState, taken: inout Set<InputID>
    ) -> [Refusal.Reason] {
        guard let spec = kind.points else {
            return [
                Refusal.Reason(
                    .invalidValue, "\(label)een \(kind.noun.singular) heeft geen punten; registreer elk punt als eigen inbreng.",
                    ids: [input.kind.rawValue])
            ]
        }
        var problems: [Refusal.Reason] = []
        if input.points.count > InputLimits.pointsPerInput {
            problems.append(Refusal.Reason(.invalidValue, "\(label)meer dan \(InputLimits.pointsPerInput) punten in één stuk."))
        }
        for (number, point) in input.points.enumerated() {
            let pointID = Self.pointID(id, number + 1)
            if point.text.isBlank {
                problems.append(Refusal.Reason(.invalidValue, "\(label)punt \(number + 1) heeft geen tekst."))
            } else if point.text.isLonger(than: InputLimits.textLength) {
                problems.append(
                    Refusal.Reason(.invalidValue, "\(label)punt \(number + 1) is langer dan \(InputLimits.textLength) tekens."))
            }
            if let route = point.route, !spec.routes.contains(route) {
                let choices =
                    spec.routes.isEmpty
                    ? "punten van een \(kind.noun.singular) hebben geen route"
                    : "kies uit \(spec.routes.map { "\($0) (\(definition.roles[$0]?.label ?? $0.rawValue))" }.joined(separator: ", "))"
                problems.append(
                    Refusal.Reason(
                        .invalidValue, "\(label)punt \(number + 1): route \"\(route)\" kan niet; \(choices).", ids: [route.rawValue]))
            }
            if let owner = point.owner.nonEmpty, let problem = InputLimits.ownerProblem(owner) {
                problems.append(Refusal.Reason(.invalidOwner, "\(label)punt \(number + 1): \(problem)."))
            }
            if pointID.rawValue.isLonger(than: InputLimits.idLength) {
                problems.append(
                    Refusal.Reason(
                        .invalidValue,
                        "\(label)kenmerk \(pointID) van punt \(number + 1) is langer dan \(InputLimits.idLength) tekens; "
                            + "kies een korter kenmerk voor de brief."))
            } else if state.hasInput(pointID) || !taken.insert(pointID).inserted {
                problems.append(
                    Refusal.Reason(.duplicateInput, "\(label)kenmerk \(pointID) bestaat al in dit proces.", ids: [pointID.rawValue]))
            }
        }
        return problems
    }

    /// Whether an input is late (after the window that accepted its kind), early (before that
    /// window opened) or out of scope (of a kind the process did not accept so far).
    ///
    /// Only a window opens on a known day: a state without one accepts what was received
    /// before it was entered (a letter that came in before the process was registered).
    /// `current` is the spec of the process's current state and `window` the first and last day
    /// of its window, both looked up once per command.
    func flags(
        for kind: InputKindID, receivedOn received: CivilDate, in state: ProcessState, current: StateSpec?,
        window: (start: CivilDate, end: CivilDate)?
    ) -> (late: Bool, outOfScope: Bool, early: Bool) {
        if current?.accepts.contains(kind) == true {
            guard let window else { return (false, false, false) }
            return (received > window.end, false, received < window.start)
        }
        // The most recent earlier state that accepted this kind decides whether it is late.
        let visited = state.history.reversed().map(\.from)
        if let previous = visited.first(where: { definition.states[$0]?.accepts.contains(kind) == true }) {
            let closedOn = state.windowEnds[previous] ?? state.left[previous]
            let late = closedOn.map { received > $0 } ?? false
            // A window starts on the day its state was entered (also when the term counts from the next day).
            let opened = definition.states[previous]?.window == nil ? nil : state.entered[previous]
            return (late, false, opened.map { received < $0 } ?? false)
        }
        return (false, true, false)
    }

    /// A withdrawal takes an input out of the gate, so it needs a reason and the writer's own
    /// request as evidence (a reference to their letter or e-mail, or their channel): without
    /// it anyone could withdraw the only reaction and then decide. Both are refused together.
    private func decideWithdrawal(
        _ id: InputID, reason: String, evidence: String?, in state: ProcessState, name: String
    ) -> Result<[EventPayload], Refusal> {
        guard let input = state.input(id) else { return .failure(unknownInput([id], in: state, name: name)) }
        var reasons: [Refusal.Reason] = []
        if input.isWithdrawn { reasons.append(Refusal.Reason(.invalidValue, "\(id) is al ingetrokken.", ids: [id.rawValue])) }
        if let problem = noteProblem(reason, what: "Geef de reden van intrekking.") { reasons.append(problem) }
        if let evidence, !evidence.isBlank {
            if evidence.isLonger(than: InputLimits.noteLength) {
                reasons.append(
                    Refusal.Reason(.invalidValue, "De verwijzing naar het verzoek is langer dan \(InputLimits.noteLength) tekens."))
            }
        } else {
            reasons.append(
                Refusal.Reason(
                    .missingEvidence,
                    "Leg vast waar het verzoek van de indiener staat: een verwijzing naar de brief of e-mail waarin de indiener "
                        + "om intrekking vroeg, of het kanaal van de indiener zelf. Alleen de indiener kan inbreng intrekken.",
                    ids: [id.rawValue]))
        }
        if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
        // Withdrawing a letter withdraws each of its points that is still there, with it.
        let points = state.points(of: id).filter { !$0.isWithdrawn }.map(\.id)
        return .success(
            ([id] + points).map { .inputWithdrawn(InputWithdrawn(input: $0, reason: reason, evidence: evidence)) })
    }

    private func decideFeedback(_ feedback: [NewFeedback], single: Bool, in state: ProcessState, name: String) -> Result<
        [EventPayload], Refusal
    > {
        if feedback.isEmpty { return .failure(Refusal(name, .nothingToDo, "Er is geen terugkoppeling om vast te leggen.")) }
        var reasons: [Refusal.Reason] = []
        var seen = Set<InputID>()
        seen.reserveCapacity(single ? 0 : feedback.count)
        // Where each answered input is, looked up once per answer.
        var positions: [Int?] = []
        positions.reserveCapacity(feedback.count)
        for item in feedback {
            // Only put together when there is a problem to name.
            var label: String { single ? "" : "\(item.input): " }
            let position = state.position(of: item.input)
            positions.append(position)
            if position == nil {
                reasons.append(
                    Refusal.Reason(.unknownInput, "\(label)deze inbreng bestaat niet in proces \(state.id).", ids: [item.input.rawValue]))
            } else if let position, state.inputs.withUnsafeBufferPointer({ $0[position].hasPoints }) {
                let points = state.points(of: item.input).map(\.id.rawValue)
                reasons.append(
                    Refusal.Reason(
                        .hasPoints,
                        "\(label)\(item.input) heeft \(Self.pointNoun.counted(points.count)) (\(Refusal.list(points))); "
                            + "elk punt krijgt een eigen antwoord, \(item.input) zelf niet.",
                        ids: points))
            }
            if !single, !seen.insert(item.input).inserted {
                reasons.append(Refusal.Reason(.duplicateInput, "\(label)staat twee keer in de lijst.", ids: [item.input.rawValue]))
            }
            if let problem = noteProblem(
                item.motivation, what: "\(label)een motivering is altijd nodig, ook bij \"\(item.verdict.label)\".")
            {
                reasons.append(problem)
            }
        }
        // The amount each answer grants, by the answer's place in `feedback` (an input is answered
        // once per command: a second answer to it is refused above).
        var granted = [Int?](repeating: nil, count: feedback.count)
        if reasons.isEmpty {
            for (index, item) in feedback.enumerated() {
                guard let position = positions[index] else { continue }
                // Only the amount asked is read: handing over the record made a copy of it,
                // retaining every one of its strings.
                let requested = state.inputs.withUnsafeBufferPointer { $0[position].requestedAmount }
                let result = grantedAmount(item, requested: requested, label: single ? "" : "\(item.input): ")
                switch result {
                case .success(let amount): granted[index] = amount
                case .failure(let refusal): reasons.append(refusal.reason)
                }
            }
        }
        if reasons.isEmpty, granted.contains(where: { ($0 ?? 0) > 0 }) {
            // Over-commitment is refused when it would happen, not only at the decision.
            let changed = Set(feedback.map(\.input))
            let total = state.grantedTotal(excluding: changed) + granted.reduce(0) { $0 + ($1 ?? 0) }
            for attribute in budgetAttributes { reasons += overBudget(total, attribute: attribute, in: state) }
        }
        if !reasons.isEmpty { return .failure(Refusal(single ? name : "\(name) kan niet; er is niets vastgelegd", reasons)) }
        return .success(
            feedback.indices.map { index in
                .feedbackRecorded(
                    FeedbackRecorded(
                        input: feedback[index].input, verdict: feedback[index].verdict, motivation: feedback[index].motivation,
                        amount: granted[index]))
            })
    }

    private func decideSent(
        _ selection: FeedbackSelection, on day: CivilDate, in state: ProcessState, today: CivilDate, name: String
    ) -> Result<[EventPayload], Refusal> {
        if day > today { return .failure(Refusal(name, .invalidValue, "Verzenddatum \(day) ligt in de toekomst.")) }
        let ids: [InputID]
        switch selection {
        case .allUnsent:
            // Read in place, as below.
            ids = state.inputs.withUnsafeBufferPointer { inputs in
                inputs.indices.filter { inputs[$0].isAnswered && !inputs[$0].isSent }.map { inputs[$0].id }
            }
            if ids.isEmpty {
                return .failure(Refusal(name, .nothingToDo, "Er zijn geen antwoorden die nog verstuurd moeten worden."))
            }
        case .inputs(let named):
            // Each id is looked up once, and the records read in place: a copy of a record
            // retains every string in it. A letter with points stands for its points: those with
            // an answer not yet sent, or (when every answer was sent or some are missing) all of
            // them, so that what is missing is named.
            var unknown: [InputID] = []
            var given: [Int] = []
            given.reserveCapacity(named.count)
            state.inputs.withUnsafeBufferPointer { inputs in
                for id in named {
                    guard let position = state.position(of: id) else {
                        unknown.append(id)
                        continue
                    }
                    let points = state.pointPositions(of: position).filter { !inputs[$0].isWithdrawn }
                    if points.isEmpty {
                        given.append(position)
                        continue
                    }
                    let ready = points.filter { inputs[$0].isAnswered && !inputs[$0].isSent }
                    given += ready.isEmpty || points.contains { !inputs[$0].isAnswered } ? points : ready
                }
            }
            if !unknown.isEmpty { return .failure(unknownInput(unknown, in: state, name: name)) }
            // Each input once, in the order first named (a letter and its point, or a letter named
            // twice, would otherwise name the same ids twice in a refusal).
            var seen = Set<Int>(minimumCapacity: given.count)
            given = given.filter { seen.insert($0).inserted }
            var reasons: [Refusal.Reason] = []
            let (unanswered, already) = state.inputs.withUnsafeBufferPointer { inputs in
                (given.filter { !inputs[$0].isAnswered }.map { inputs[$0].id }, given.filter { inputs[$0].isSent }.map { inputs[$0].id })
            }
            if !unanswered.isEmpty {
                reasons.append(
                    Refusal.Reason(
                        .unanswered, "Nog geen antwoord om te versturen: \(Refusal.list(unanswered.map(\.rawValue))).",
                        ids: unanswered.map(\.rawValue)))
            }
            if !already.isEmpty {
                reasons.append(
                    Refusal.Reason(
                        .nothingToDo, "Het antwoord is al verstuurd: \(Refusal.list(already.map(\.rawValue))).",
                        ids: already.map(\.rawValue)))
            }
            if given.isEmpty { reasons.append(Refusal.Reason(.noInputsNamed, "Noem de inbreng waarvan het antwoord verstuurd is.")) }
            if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
            ids = state.inputs.withUnsafeBufferPointer { inputs in given.map { inputs[$0].id } }
        }
        // One event per slice of ids, so no journal line grows with the number of inputs: a
        // command may span as many lines as it needs.
        let size = InputLimits.inputsPerSentEvent
        return .success(
            stride(from: 0, to: ids.count, by: size).map { start in
                .feedbackSent(FeedbackSent(inputs: Array(ids[start..<min(start + size, ids.count)]), on: day))
            })
    }

    private func decidePlan(digest: String, complete: Bool, in state: ProcessState, name: String) -> Result<[EventPayload], Refusal> {
        if state.isFinal {
            return .failure(Refusal(name, .processClosed, "Het proces is afgesloten (\(stateLabel(state.current)))."))
        }
        guard SHA256Digest(hex: digest) != nil else {
            return .failure(Refusal(name, .invalidValue, "\"\(digest)\" is geen SHA-256 (64 hexadecimale tekens)."))
        }
        if digest == state.planDigest, complete == state.planComplete {
            return .failure(Refusal(name, .invalidValue, "Dit participatieplan hoort al bij \(state.id)."))
        }
        return .success([.planAttached(PlanAttached(digest: digest, complete: complete))])
    }

    private func decideDocument(
        _ kind: DocumentKindID, reference: String, date: CivilDate?, today: CivilDate, name: String
    ) -> Result<[EventPayload], Refusal> {
        var reasons: [Refusal.Reason] = []
        if !definition.documents.contains(kind) {
            reasons.append(
                Refusal.Reason(
                    .unknownDocument,
                    "Documentsoort \"\(kind)\" bestaat niet in \(definition.id); soorten: \(WorkflowDefinition.names(definition.documents.keys)).",
                    ids: [kind.rawValue]))
        }
        if let problem = noteProblem(reference, what: "Geef een verwijzing naar het document, bijvoorbeeld een zaaknummer.") {
            reasons.append(problem)
        }
        if let date, date > today {
            reasons.append(Refusal.Reason(.invalidValue, "De datum van het document (\(date)) ligt in de toekomst."))
        }
        if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
        return .success([.documentAttached(DocumentAttached(kind: kind, reference: reference, date: date))])
    }

    private func decideAdvance(
        _ name: TransitionName, reason: String?, in state: ProcessState, today: CivilDate, by actor: ActorIdentity
    ) -> Result<[EventPayload], Refusal> {
        let summary = "\(label(of: name, in: state.current)) kan niet"
        if state.isFinal {
            return .failure(
                Refusal(summary, .processClosed, "Het proces is afgesloten (\(stateLabel(state.current)))."))
        }
        guard
            let transition = definition.transitions.first(where: { $0.name == name && definition.transition($0, startsIn: state.current) })
        else {
            let possible = definition.transitions(from: state.current).map(\.name)
            let exists = definition.transitions.contains { $0.name == name }
            let message =
                (exists
                    ? "Deze overgang kan niet vanuit \(stateLabel(state.current))."
                    : "Overgang \"\(name)\" bestaat niet in \(definition.id).")
                + " Mogelijk vanuit \(stateLabel(state.current)): \(WorkflowDefinition.names(possible))."
            return .failure(Refusal(summary, .unknownTransition, message, ids: possible.map(\.rawValue)))
        }
        var reasons: [Refusal.Reason] = []
        if transition.isTimed {
            // Only when it is due, and only by itself (a tick): never by hand, not even as systeem.
            let due = timedDue(transition, in: state).map { " Dat gebeurt op \($0.longDescription)." } ?? ""
            let term = transition.after?.description ?? transition.afterTerm.map { "de \(termLabel($0).lowercased())" }
            reasons.append(Refusal.Reason(.timedTransition, "Deze overgang gaat vanzelf na \(term ?? "een termijn").\(due)"))
        } else if !transition.by.contains(actor.role) {
            reasons.append(roleReason(actor.role, allowed: transition.by, doing: "\"\(label(of: transition))\""))
        }
        reasons += blockers(of: transition, in: state, today: today, reason: reason, by: actor.role)
        if !reasons.isEmpty { return .failure(Refusal(summary, reasons)) }
        let trimmedReason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        return .success([
            .transitioned(
                Transitioned(
                    transition: transition.name, from: state.current, to: transition.to,
                    reason: (trimmedReason?.isEmpty ?? true) ? nil : reason, decision: transition.decision,
                    timed: transition.isTimed, window: window(of: transition.to, enteredOn: today)))
        ])
    }

    private func decideExtension(days: Int, reason: String, in state: ProcessState, name: String) -> Result<[EventPayload], Refusal> {
        if state.isFinal { return .failure(Refusal(name, .processClosed, "Het proces is afgesloten.")) }
        guard let window = state.window else {
            return .failure(Refusal(name, .noWindow, "\(stateLabel(state.current)) heeft geen termijn om te verlengen."))
        }
        var reasons: [Refusal.Reason] = []
        if !(1...366).contains(days) { reasons.append(Refusal.Reason(.invalidValue, "Verleng met 1 tot 366 dagen, niet \(days).")) }
        if let problem = noteProblem(reason, what: "Een verdaging heeft altijd een reden nodig.") { reasons.append(problem) }
        if !reasons.isEmpty { return .failure(Refusal(name, reasons)) }
        let extended = calendar.extending(window, byDays: days)
        return .success([.termExtended(TermExtended(state: state.current, days: days, reason: reason, window: extended))])
    }

    /// Timed transitions that are due, fired one after another (at most a few in a row).
    private func dueTimedTransitions(in state: ProcessState, today: CivilDate) -> [EventPayload] {
        var events: [EventPayload] = []
        var current = state
        for _ in 0..<8 {
            guard !current.isFinal else { break }
            let due = definition.transitions(from: current.current).first { transition in
                guard transition.isTimed, let fires = timedDue(transition, in: current), fires <= today else { return false }
                return blockers(of: transition, in: current, today: today, reason: nil, by: .system).isEmpty
            }
            guard let transition = due else { break }
            let payload = EventPayload.transitioned(
                Transitioned(
                    transition: transition.name, from: current.current, to: transition.to, reason: nil,
                    decision: transition.decision, timed: true, window: window(of: transition.to, enteredOn: today)))
            events.append(payload)
            var optional: ProcessState? = current
            var event = Event(at: current.enteredAt, actor: .system, process: current.id, payload: payload)
            apply(&event, to: &optional, on: today)
            guard let next = optional else { break }
            current = next
        }
        return events
    }

    // MARK: Requirements

    /// Every unmet requirement of a transition in a state, the engine's own included.
    ///
    /// Complexity: O(requirements) when they hold; naming unanswered inputs costs O(inputs),
    /// only when refusing.
    ///
    /// - Parameter role: The role that takes the transition. A transition taken by a role that
    ///   points are routed to (``WorkflowDefinition/pointRoutes``), into a state that is not
    ///   final, waits only for the points routed to that role, the points without a route and
    ///   every other input (``routeScope(to:by:)``). Without it, a transition that only one
    ///   such role may take is checked as taken by that role.
    public func blockers(
        of transition: Transition, in state: ProcessState, today: CivilDate, reason: String?, by role: RoleID? = nil
    ) -> [Refusal.Reason] {
        let requirements = definition.effectiveRequirements(of: transition)
        let answersChecked = requirements.contains(.allAnswered)
        let acting = role ?? (transition.by.count == 1 ? transition.by.first : nil)
        let route = routeScope(to: transition.to, by: acting)
        return requirements.flatMap {
            unmet($0, in: state, today: today, reason: reason, answersChecked: answersChecked, route: route)
        }
    }

    /// The route whose points a transition into `target` taken by `role` waits for, or `nil`
    /// when it waits for every point.
    ///
    /// A point is answered by the role it is routed to: the college answers its points and the
    /// raad decides on its own, each in its own time. So a transition taken by one of those
    /// roles waits for its own points (and the points without a route), not for the other
    /// role's. Closing a process (a final state) waits for every point, and so does a
    /// transition taken by any other role (the griffie, a timed one).
    public func routeScope(to target: StateID, by role: RoleID?) -> RoleID? {
        guard let role, definition.states[target]?.isFinal != true, definition.pointRoutes.contains(role) else { return nil }
        return role
    }

    /// The reasons a requirement does not hold, none when it does.
    ///
    /// - Parameter answersChecked: Whether the transition also requires `allAnswered`, which
    ///   then names inputs without an answer (so `verdicts` does not name them twice).
    /// - Parameter route: The role whose points `allAnswered` and `allAnswersSent` wait for
    ///   (with the points without a route); `nil` for every point.
    func unmet(
        _ requirement: Requirement, in state: ProcessState, today: CivilDate, reason: String?, answersChecked: Bool = false,
        route: RoleID? = nil
    ) -> [Refusal.Reason] {
        switch requirement {
        case .document(let condition):
            return unmetDocument(condition, in: state)
        case .verdicts(let verdicts):
            return unmetVerdicts(verdicts, in: state, answersChecked: answersChecked)
        case .withinBudget(let attribute):
            return overBudget(state.grantedTotal(excluding: []), attribute: attribute, in: state)
        case .windowClosed(let named):
            let stateID = named ?? state.current
            let end = stateID == state.current ? state.window?.end : state.windowEnds[stateID]
            guard let end else {
                if named == nil || stateID == state.current { return [] }
                return [Refusal.Reason(.windowOpen, "De termijn van \(stateLabel(stateID)) is nog niet begonnen.", ids: [stateID.rawValue])]
            }
            if today > end { return [] }
            return [
                Refusal.Reason(
                    .windowOpen, "De termijn van \(stateLabel(stateID)) loopt nog tot en met \(end.longDescription).",
                    ids: [stateID.rawValue])
            ]
        case .reason:
            if let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
            return [Refusal.Reason(.missingReason, "Geef een motivering.")]
        case .allAnswered:
            if !state.counts.pointsPerRoute.isEmpty { return unmetPoints(in: state, route: route, sent: false) }
            let total = state.counts.needingFeedback
            let missing = total - state.counts.answered
            if missing <= 0 { return [] }
            let ids = state.unansweredIDs.map(\.rawValue)
            let noun = gateNoun(in: state)
            return [
                Refusal.Reason(
                    .unanswered,
                    "\(Self.share(missing, of: total, noun)) \(DutchNoun.agreeing(missing, "heeft", "hebben")) nog geen antwoord: "
                        + "\(Refusal.list(ids)).",
                    ids: ids)
            ]
        case .allAnswersSent:
            if !state.counts.pointsPerRoute.isEmpty { return unmetPoints(in: state, route: route, sent: true) }
            let total = state.counts.needingFeedback
            let missing = total - state.counts.sent
            if missing <= 0 { return [] }
            let ids = state.unsentIDs.map(\.rawValue)
            let which = DutchNoun.lowercasingFirst(Self.share(missing, of: total, gateNoun(in: state)))
            let sentence =
                missing == 1
                ? "Het antwoord op \(which) is nog niet verstuurd"
                : "De antwoorden op \(which) zijn nog niet verstuurd"
            return [Refusal.Reason(.unsent, "\(sentence): \(Refusal.list(ids)).", ids: ids)]
        case .atLeast(let kind, let count):
            return unmetAtLeast(kind, count: count, in: state)
        case .elapsed(let term, let since):
            guard let entered = state.entered[since] else {
                return [
                    Refusal.Reason(
                        .tooEarly, "\(stateLabel(since)) is nog niet bereikt; daarna moet \(term) verstrijken.", ids: [since.rawValue])
                ]
            }
            let end = calendar.deadline(from: entered, length: term, rule: definition.calendar, startsOn: .nextDay).end
            if today > end { return [] }
            return [
                Refusal.Reason(
                    .tooEarly, "Na \(stateLabel(since)) moet eerst \(term) verstrijken: kan vanaf \(end.adding(days: 1).longDescription).",
                    ids: [since.rawValue])
            ]
        case .planComplete:
            if state.planComplete { return [] }
            return [
                Refusal.Reason(
                    .planIncomplete,
                    state.planDigest == nil
                        ? "Er is geen participatieplan gekoppeld."
                        : "Het gekoppelde participatieplan is niet compleet.")
            ]
        case .when(let attribute, let value, let inner):
            guard state.attributes[attribute] == value else { return [] }
            return unmet(inner, in: state, today: today, reason: reason, answersChecked: answersChecked, route: route).map { reason in
                var result = reason
                result.message += " (want \(attribute) is \(value))"
                return result
            }
        case .anyOf(let options):
            let results = options.map {
                unmet($0, in: state, today: today, reason: reason, answersChecked: answersChecked, route: route)
            }
            if results.contains(where: \.isEmpty) { return [] }
            let messages = results.map { $0.map(\.message).joined(separator: " en ") }
            return [
                Refusal.Reason(
                    results.first?.first?.code ?? .invalidValue,
                    "Aan geen van deze eisen is voldaan: " + messages.joined(separator: " — of — "),
                    ids: results.flatMap { $0.flatMap(\.ids) })
            ]
        }
    }

    /// `allAnswered` (or with `sent`, `allAnswersSent`) in a process with points: the inputs
    /// and points without an answer (or whose answer was not sent), of those the transition
    /// waits for. Each point is named by its id and the label of the role it is routed to.
    ///
    /// Complexity: O(routes) when it holds; O(inputs) to name what is missing.
    func unmetPoints(in state: ProcessState, route: RoleID?, sent: Bool) -> [Refusal.Reason] {
        let gate = state.counts.gate(for: route)
        let done = sent ? gate.sent : gate.answered
        let missing = gate.needing - done
        if missing <= 0 { return [] }
        let pointsNeeding = state.counts.pointsPerRoute.reduce(0) { total, entry in
            route == nil || entry.key.isEmpty || entry.key == route?.rawValue ? total + entry.value.needing : total
        }
        // Points and inputs without points together: "3 punten en zienswijzen" when those are of one kind.
        let otherKinds = Set(state.inputs.lazy.filter { $0.countsForGate && !$0.isPoint }.map(\.kind))
        let others = otherKinds.count == 1 ? otherKinds.first.flatMap { definition.inputKinds[$0]?.noun.plural } : nil
        let noun = pointsNeeding == gate.needing ? Self.pointNoun : DutchNoun("punt", "punten en \(others ?? "stuks inbreng")")
        let open = state.inputs.lazy.filter { input in
            (sent ? input.isUnsent : input.isUnanswered) && (route == nil || input.route == nil || input.route == route)
        }
        let ids = open.map(\.id.rawValue)
        // With a route, its label is said once; without one, each point names the role that answers it.
        let named = open.map { input in
            route == nil
                ? input.route.map { "\(input.id) (\(self.definition.roles[$0]?.label ?? $0.rawValue))" } ?? input.id.rawValue
                : input.id.rawValue
        }
        let scope = route.map { " voor \(definition.roles[$0].map { DutchNoun.lowercasingFirst($0.label) } ?? $0.rawValue)" } ?? ""
        let which = Self.share(missing, of: gate.needing, noun) + scope
        // The same sentences as without points: "Het antwoord op 1 van de 3 punten is nog niet verstuurd".
        let sentence =
            sent
            ? (missing == 1
                ? "Het antwoord op \(DutchNoun.lowercasingFirst(which)) is nog niet verstuurd"
                : "De antwoorden op \(DutchNoun.lowercasingFirst(which)) zijn nog niet verstuurd")
            : "\(which) \(DutchNoun.agreeing(missing, "heeft", "hebben")) nog geen antwoord"
        return [
            Refusal.Reason(sent ? .unsent : .unanswered, "\(sentence): \(Refusal.list(Array(named))).", ids: Array(ids))
        ]
    }

    /// The day a timed transition fires: the day after its term has run out.
    public func timedDue(_ transition: Transition, in state: ProcessState) -> CivilDate? {
        if let term = transition.afterTerm {
            guard termMet(term, in: state) == nil else { return nil }
            return termDeadline(term, in: state)?.end.adding(days: 1)
        }
        guard let after = transition.after, let entered = state.entered[state.current] else { return nil }
        return calendar.deadline(from: entered, length: after, rule: definition.calendar, startsOn: .nextDay).end.adding(days: 1)
    }

    /// The window of a state entered on a day, if the state has one.
    func window(of state: StateID, enteredOn day: CivilDate) -> Deadline? {
        guard let spec = definition.states[state]?.window else { return nil }
        return calendar.deadline(from: day, length: spec.length, rule: spec.rule ?? definition.calendar, startsOn: spec.startsOn)
    }

    // MARK: Applying

    /// Applies one event to the state of its process. Starting creates the state.
    public func apply(_ event: Event, to state: inout ProcessState?) {
        var event = event
        apply(&event, to: &state, on: CivilDate(amsterdam: event.at))
    }

    /// Applies one event, read where it lies: `inout` only for that (the event is not changed).
    /// A borrowed event read through a buffer pointer is copied first, every string in it
    /// retained and released again; an `inout` one is not.
    func apply(_ event: inout Event, to optionalState: inout ProcessState?, on day: CivilDate) {
        if case .processStarted(let started) = event.payload {
            var state = ProcessState(id: event.process, started: started, at: event.at, by: event.actor)
            state.noteClock(of: event)
            optionalState = state
            return
        }
        // A pattern, not `!= nil`: comparing the inout optional with nil copied the whole state
        // (retaining and releasing every field) for every event a command applies.
        guard case .some = optionalState else { return }
        // In place: unwrapping into a variable first would copy every input of the process.
        // swift-format-ignore: NeverForceUnwrap
        apply(&event, to: &optionalState!, on: day)
    }

    /// Applies an event other than `processStarted` to an existing state, in place (the event
    /// `inout` only to be read where it lies, as above).
    func apply(_ event: inout Event, to state: inout ProcessState, on day: CivilDate) {
        state.noteClock(of: event)
        switch event.payload {
        case .processStarted, .storeCreated, .roleGranted, .roleRevoked:
            break
        case .inputReceived(let received):
            applyReceived(Self.record(of: received, at: event.at, by: event.actor), to: &state)
        case .inputWithdrawn(let withdrawn):
            guard let input = state.input(withdrawn.input), !input.isWithdrawn else { break }
            if input.countsForGate {
                state.counts.needingFeedback -= 1
                if input.isAnswered {
                    state.counts.answered -= 1
                    state.counts.countAnswer(by: input.currentFeedback?.owner, -1)
                }
                if input.isSent { state.counts.sent -= 1 }
                if input.isPoint {
                    state.counts.pointsPerRoute[input.route?.rawValue ?? "", default: PointTally()].withdraw(input)
                }
            }
            if input.isPoint {
                state.updateInput(withdrawn.input) {
                    $0.withdrawal = Withdrawal(at: event.at, reason: withdrawn.reason, evidence: withdrawn.evidence, by: event.actor)
                }
                break
            }
            state.counts.withdrawn += 1
            state.counts.perKind[input.kind, default: 0] -= 1
            if input.countsTowardThreshold { state.counts.countedPerKind[input.kind, default: 0] -= 1 }
            state.updateInput(withdrawn.input) {
                $0.withdrawal = Withdrawal(at: event.at, reason: withdrawn.reason, evidence: withdrawn.evidence, by: event.actor)
            }
        case .feedbackRecorded(let feedback):
            // The closure below takes the moment and actor, not the event: capturing the event
            // copied it, retaining every string in it, for every answer applied.
            let (moment, actor) = (event.at, event.actor)
            var counted = (answered: 0, sent: 0)
            // The answer moves from the owner of the old one (if any) to the input's owner now.
            var owners: (old: String??, new: String?)?
            var route: String?
            state.updateInput(feedback.input) { input in
                if input.countsForGate {
                    if !input.isAnswered { counted.answered = 1 }
                    if input.isSent { counted.sent = -1 }
                    owners = (input.currentFeedback.map(\.owner), input.owner)
                    if input.isPoint { route = input.route?.rawValue ?? "" }
                }
                input.feedback.append(
                    FeedbackRecord(
                        verdict: feedback.verdict, motivation: feedback.motivation, at: moment, by: actor, owner: input.owner,
                        amount: feedback.amount))
                input.sentOn = nil
            }
            state.counts.answered += counted.answered
            state.counts.sent += counted.sent
            if let route {
                state.counts.pointsPerRoute[route, default: PointTally()].answered += counted.answered
                state.counts.pointsPerRoute[route, default: PointTally()].sent += counted.sent
            }
            if let owners {
                if case .some(let old) = owners.old { state.counts.countAnswer(by: old, -1) }
                state.counts.countAnswer(by: owners.new, 1)
            }
            state.noteInputActivity(at: event.at)
        case .feedbackSent(let sent):
            var newlySent = 0
            for id in sent.inputs {
                var route: String?
                state.updateInput(id) { input in
                    guard input.isAnswered, !input.isSent else { return }
                    if input.countsForGate {
                        newlySent += 1
                        if input.isPoint { route = input.route?.rawValue ?? "" }
                    }
                    input.sentOn = sent.on
                }
                if let route { state.counts.pointsPerRoute[route, default: PointTally()].sent += 1 }
            }
            state.counts.sent += newlySent
        case .planAttached(let plan):
            state.planDigest = plan.digest
            state.planComplete = plan.complete
        case .documentAttached(let document):
            state.documents.append(
                DocumentRecord(
                    kind: document.kind, reference: document.reference, at: event.at, by: event.actor, date: document.date,
                    transitionsBefore: state.history.count, inputsBefore: state.inputs.count))
            state.counts.documentsPerKind[document.kind, default: 0] += 1
        case .transitioned(let transitioned):
            let counts = state.counts
            // A decision by the college weighed the college's points, not those the raad answers.
            let scope = state.counts.pointsPerRoute.isEmpty ? nil : routeScope(to: transitioned.to, by: event.actor.role)
            let gate = counts.gate(for: scope)
            var answeredByOwner = counts.answeredPerOwner
            if let scope, transitioned.decision {
                // Rare (a decision on a letter split over routes): counted from the records.
                answeredByOwner = [:]
                for input in state.inputs where input.countsForGate && (input.route == nil || input.route == scope) {
                    guard let feedback = input.currentFeedback else { continue }
                    answeredByOwner[feedback.owner ?? "", default: 0] += 1
                }
            }
            state.history.append(
                TransitionRecord(
                    transition: transitioned.transition, from: transitioned.from, to: transitioned.to, at: event.at,
                    by: event.actor, reason: transitioned.reason, decision: transitioned.decision, timed: transitioned.timed,
                    inputsWeighed: gate.needing, unansweredAtThatMoment: gate.needing - gate.answered,
                    unsentAtThatMoment: gate.needing - gate.sent,
                    answeredByOwner: transitioned.decision ? answeredByOwner : [:], withdrawnAtThatMoment: counts.withdrawn,
                    account: event.account, recorded: event.recorded,
                    earlierThanWeighed: state.latestInputActivity.flatMap { $0 > event.at ? $0 : nil }))
            state.left[transitioned.from] = day
            if let window = state.window { state.windowEnds[transitioned.from] = window.end }
            state.current = transitioned.to
            state.enteredAt = event.at
            state.entered[transitioned.to] = day
            state.window = transitioned.window
            if let window = transitioned.window { state.windowEnds[transitioned.to] = window.end }
            let target = definition.states[transitioned.to]
            state.isFinal = target?.isFinal ?? false
            state.outcome = state.isFinal ? (target?.outcome ?? transitioned.to.rawValue) : nil
        case .termExtended(let extended):
            if extended.term == nil {
                state.window = extended.window
                state.windowEnds[extended.state] = extended.window.end
            }
            state.extensions.append(
                TermExtensionRecord(
                    state: extended.state, days: extended.days, reason: extended.reason, at: event.at, by: event.actor,
                    newEnd: extended.window.end, term: extended.term, basis: extended.basis))
        case .personalDataRedacted(let redacted):
            guard state.input(redacted.input)?.redaction == nil else { break }
            state.updateInput(redacted.input, recounting: true) {
                $0.redaction = Redaction(at: event.at, by: event.actor, reason: redacted.reason)
            }
        case .inputsAssigned(let assigned):
            applyAssignment(assigned, of: event, to: &state)
        }
    }

    /// The record of an input as its `inputReceived` event registers it.
    static func record(of received: InputReceived, at moment: Date, by actor: ActorIdentity) -> InputRecord {
        InputRecord(
            id: received.input, kind: received.kind, text: received.text, received: received.received, registeredAt: moment,
            registeredBy: actor, channel: received.channel, theme: received.theme, publicName: received.publicName,
            personalDigest: received.personalDigest, stateAtReceipt: received.state, late: received.late,
            outOfScope: received.outOfScope, needsFeedback: received.needsFeedback, answerDue: received.answerDue,
            withdrawal: nil, feedback: [], sentOn: nil, early: received.early, owner: received.owner,
            requestedAmount: received.amount, parent: received.parent, route: received.route)
    }

    /// Applies the `inputReceived` line that registered `record` (see ``record(of:at:by:)``)
    /// and was written at `recorded`: what ``apply(_:to:on:)`` does with the event. Replay
    /// hands over records read straight from the journal line, without an ``Event`` between.
    func applyReceived(_ record: consuming InputRecord, recorded: Date?, to state: inout ProcessState) {
        state.noteClock(at: record.registeredAt, recorded: recorded)
        applyReceived(record, to: &state)
    }

    private func applyReceived(_ record: consuming InputRecord, to state: inout ProcessState) {
        let moment = record.registeredAt
        if let parent = record.parent {
            applyPoint(record, of: parent, to: &state)
            state.noteInputActivity(at: moment)
            return
        }
        state.counts.total += 1
        state.counts.perKind[record.kind, default: 0] += 1
        if record.countsTowardThreshold { state.counts.countedPerKind[record.kind, default: 0] += 1 }
        if record.early { state.counts.early += 1 }
        if record.needsFeedback { state.counts.needingFeedback += 1 } else { state.counts.exempt += 1 }
        if record.late { state.counts.late += 1 }
        if record.outOfScope { state.counts.outOfScope += 1 }
        if case .some(let id) = Self.number(in: record.id), id >= state.nextInputNumber {
            state.nextInputNumber = id + 1
        }
        // Last, so the record is moved into the list rather than copied.
        state.appendInput(record)
        state.noteInputActivity(at: moment)
    }

    /// Applies a point of an input: the point needs an answer of its own, the input it belongs
    /// to no longer does (it is answered when every point is). The input stays one piece of
    /// inbreng in ``InputCounts/total``; the point is counted in ``InputCounts/pointsPerRoute``.
    private func applyPoint(_ point: InputRecord, of parent: InputID, to state: inout ProcessState) {
        var point = point
        var wasGated = false
        var parentOwner: String??
        state.updateInput(parent) { input in
            wasGated = input.countsForGate
            if wasGated, input.isAnswered { parentOwner = .some(input.currentFeedback?.owner) }
            input.pointCount += 1
        }
        if wasGated {
            // Points are registered with their input, before any answer; should an answer have
            // come first, it no longer counts: the points carry the answers from now on.
            state.counts.needingFeedback -= 1
            if case .some(let owner) = parentOwner {
                state.counts.answered -= 1
                state.counts.countAnswer(by: owner, -1)
                if state.input(parent)?.isSent == true { state.counts.sent -= 1 }
            }
        }
        point.pointCount = 0
        state.appendInput(point)
        var tally = state.counts.pointsPerRoute[point.route?.rawValue ?? "", default: PointTally()]
        tally.total += 1
        if point.countsForGate {
            tally.needing += 1
            state.counts.needingFeedback += 1
        }
        state.counts.pointsPerRoute[point.route?.rawValue ?? ""] = tally
    }

    // MARK: Helpers

    /// The refusal of a command on a closed process, or `nil` for the commands still allowed.
    ///
    /// Once a process is final its record is complete: every input had an answer and every
    /// answer was sent before it could close (``WorkflowDefinition/effectiveRequirements(of:)``).
    /// A new input could never be answered here, a new or changed answer never sent, a
    /// withdrawal would change what the closing weighed. Only the erasure of a writer's contact
    /// details (AVG) is allowed; the right to erasure does not wait for the process.
    private func closedRefusal(of command: Command, in state: ProcessState) -> Refusal? {
        let what: String
        switch command {
        case .redactPersonalData, .tick, .start: return nil
        case .addInput, .addInputs:
            what =
                "Nieuwe inbreng kan hier geen antwoord meer krijgen. Registreer hem in een nieuw proces, bijvoorbeeld als "
                + "ingekomen stuk, zodat de indiener toch een antwoord krijgt."
        case .recordFeedback, .recordFeedbacks:
            what = "Antwoorden worden niet meer vastgelegd of gewijzigd: het proces is afgesloten op de antwoorden die verstuurd zijn."
        case .withdrawInput:
            what = "Inbreng kan niet meer worden ingetrokken: het proces is afgesloten met deze inbreng erin."
        case .markFeedbackSent:
            what = "Er is niets meer te versturen: een proces sluit pas als elk antwoord verstuurd is."
        case .attachDocument:
            what = "Het dossier is gesloten; er komen geen documenten meer bij."
        case .assignInputs:
            what = "Er is niets meer te behandelen: elk antwoord is verstuurd. Wie de inbreng behandelde, blijft bewaard."
        case .advance, .extendTerm, .extendNamedTerm, .attachPlan:
            // Refused on a closed process by their own checks, with their own wording.
            return nil
        }
        let outcome = state.outcome.map { " met uitkomst \($0)" } ?? ""
        return Refusal(
            command.dutchName, .processClosed, "Het proces is afgesloten (\(stateLabel(state.current))\(outcome)). \(what)",
            ids: [state.current.rawValue])
    }

    private func checkRole(of actor: ActorIdentity, for command: Command, in state: ProcessState) -> Refusal? {
        if case .advance = command { return nil }  // checked against the transition's `by`
        if definition.roles.contains(actor.role) { return nil }
        return Refusal(command.dutchName, [roleReason(actor.role, allowed: definition.roles.keys, doing: "dit doen in \(definition.id)")])
    }

    private func roleReason(_ role: RoleID, allowed: [RoleID], doing what: String) -> Refusal.Reason {
        Refusal.Reason(
            .roleNotAllowed,
            "Alleen \(roleLabels(allowed)) mag \(what); u handelt als \(roleName(role)).",
            ids: allowed.map(\.rawValue))
    }

    private func unknownInput(_ ids: [InputID], in state: ProcessState, name: String) -> Refusal {
        Refusal(
            name, .unknownInput,
            "Onbekende inbreng in proces \(state.id): \(Refusal.list(ids.map(\.rawValue))).", ids: ids.map(\.rawValue))
    }

    func noteProblem(_ text: String, what: @autoclosure () -> String) -> Refusal.Reason? {
        if text.isBlank { return Refusal.Reason(.missingReason, what()) }
        if text.isLonger(than: InputLimits.noteLength) {
            return Refusal.Reason(.invalidValue, "De tekst is langer dan \(InputLimits.noteLength) tekens.")
        }
        return nil
    }

    /// `Ontwerp ligt ter inzage (terInzage)`.
    public func stateLabel(_ state: StateID) -> String {
        definition.states[state].map { "\"\($0.label)\"" } ?? "\"\(state)\""
    }

    /// The label of the transition with this name, or its name. With `state`, the transition
    /// that starts there is meant (two transitions may share a name from different states).
    public func label(of transition: TransitionName, in state: StateID? = nil) -> String {
        let named = definition.transitions.filter { $0.name == transition }
        let chosen = state.flatMap { state in named.first { definition.transition($0, startsIn: state) } } ?? named.first
        return chosen.map(label(of:)) ?? transition.readable
    }

    /// The label of a transition, or its name as words ("Ter inzage leggen").
    public func label(of transition: Transition) -> String {
        transition.label ?? transition.name.readable
    }

    /// The noun for the inputs the gate counts: the kind's own when they are all of one kind
    /// ("inspraakreactie", "aanvraag"), "inzending" when they mix kinds.
    public func gateNoun(in state: ProcessState) -> DutchNoun {
        let kinds = state.gateKinds
        guard kinds.count == 1, let kind = kinds.first else { return DutchNoun("inzending", "inzendingen") }
        return kindNoun(kind)
    }

    static func numberedID(_ number: Int) -> String {
        let digits = String(number)
        return "R-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The number of an engine-made id (`R-0012` → 12).
    static func number(in id: InputID) -> Int? {
        let text = id.rawValue
        guard text.hasPrefix("R-") else { return nil }
        return Int(text.dropFirst(2))
    }

    /// `4.000`, the Dutch way.
    static func number(_ value: Int) -> String { DutchNumber.format(value) }
}

extension Optional where Wrapped == String {
    /// `nil` for nil, empty or whitespace-only text.
    var nonEmpty: String? {
        guard let self, !self.isBlank else { return nil }
        return self
    }
}

extension String {
    /// Whether the text is empty or only white space and line ends.
    ///
    /// Checks ASCII bytes directly and asks Foundation only when the text has other
    /// characters before its first non-blank one.
    var isBlank: Bool {
        for byte in utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: continue
            case 0x80...: return trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            default: return false
            }
        }
        return true
    }

    /// Whether the text has more than `limit` Unicode scalars (so a letter with a pile of
    /// combining marks counts every mark); counts them only when its UTF-8 is longer than the
    /// limit (a scalar is at least one byte).
    func isLonger(than limit: Int) -> Bool {
        utf8.count > limit && unicodeScalars.count > limit
    }

    /// Whether the text has a line end anywhere (the scalars `Character.isNewline` knows:
    /// U+000A–U+000D, U+0085, U+2028 and U+2029), checked scalar by scalar.
    var hasLineEnd: Bool {
        unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
            default: false
            }
        }
    }
}
