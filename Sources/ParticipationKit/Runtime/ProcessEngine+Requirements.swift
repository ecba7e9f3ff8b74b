import Foundation

// The requirements that look at what is in the process, not only at its counters: a document
// from the right role at the right moment, the verdicts on inputs of some kinds, and a
// threshold of inputs that count. Each returns every reason it does not hold, none when it does.

extension ProcessEngine {
    // MARK: document

    /// A document of the kind, attached by one of the roles, dated before or after a moment.
    ///
    /// Complexity: O(1) for a plain `{"document": K}` (a counter); otherwise O(documents of the
    /// kind), plus O(inputs) or O(transitions) to find the moment.
    func unmetDocument(_ condition: DocumentRequirement, in state: ProcessState) -> [Refusal.Reason] {
        let kind = condition.kind
        let label = documentLabel(kind)
        guard state.counts.documentsPerKind[kind, default: 0] > 0 else {
            // Say up front who adds it and when it must be from, so the first try is the right one.
            var message = "Document \(label) ontbreekt."
            if !condition.by.isEmpty { message += " Alleen \(roleLabels(condition.by)) mag het toevoegen." }
            if let moment = condition.before {
                message += " Het moet van vóór \(describe(moment, state.occurrence(of: moment, last: false))) zijn."
            }
            if let moment = condition.after {
                message += " Het moet van na \(describe(moment, state.occurrence(of: moment, last: true))) zijn."
            }
            return [Refusal.Reason(.missingDocument, message, ids: [kind.rawValue] + condition.by.map(\.rawValue))]
        }
        if condition.isPlain { return [] }
        let documents = state.documents(of: kind)
        let fromRole = documents.filter { condition.allowsRole(of: $0) }
        guard !fromRole.isEmpty else {
            let actual = Self.unique(documents.map { roleName($0.by.role) })
            return [
                Refusal.Reason(
                    .documentWrongRole,
                    "Document \(label) is toegevoegd als \(actual.joined(separator: " en ")); alleen \(roleLabels(condition.by)) mag het toevoegen.",
                    ids: [kind.rawValue] + condition.by.map(\.rawValue))
            ]
        }
        let judged = fromRole.map { ($0, momentProblems(of: $0, against: condition, in: state)) }
        if judged.contains(where: { $0.1.isEmpty }) { return [] }
        // Name the document closest to passing: the newest when it must come after, else the oldest.
        let best = condition.after != nil ? judged.max { $0.0.day < $1.0.day } : judged.min { $0.0.day < $1.0.day }
        let problems = best?.1 ?? []
        return [
            Refusal.Reason(.documentWrongMoment, "Document \(label) \(problems.joined(separator: " en ")).", ids: [kind.rawValue])
        ]
    }

    /// What keeps a document from meeting a condition's `before` and `after`, as phrases that
    /// follow its name: `is van 15-04-2026; dat moet vóór de eerste uitdaging (…) zijn`.
    func momentProblems(of document: DocumentRecord, against condition: DocumentRequirement, in state: ProcessState) -> [String] {
        var problems: [String] = []
        if let moment = condition.before, let occurrence = state.occurrence(of: moment, last: false),
            !document.isBefore(occurrence)
        {
            problems.append("is van \(document.day); dat moet vóór \(describe(moment, occurrence)) zijn")
        }
        if let moment = condition.after {
            if let occurrence = state.occurrence(of: moment, last: true) {
                if !document.isAfter(occurrence) {
                    problems.append("is van \(document.day); dat moet na \(describe(moment, occurrence)) zijn")
                }
            } else {
                problems.append("moet van na \(describe(moment, nil)) zijn, en dat is nog niet gebeurd")
            }
        }
        return problems
    }

    /// Whether a document meets everything a condition asks besides its kind.
    func meets(_ document: DocumentRecord, _ condition: DocumentRequirement, in state: ProcessState) -> Bool {
        condition.allowsRole(of: document) && momentProblems(of: document, against: condition, in: state).isEmpty
    }

    /// `de eerste uitdaging (U-01, ontvangen 02-03-2026)`, `het begin van "Gestopt" (11-11-2026)`.
    func describe(_ moment: Moment, _ occurrence: MomentOccurrence?) -> String {
        switch moment {
        case .firstInput(let kinds):
            // One kind: "de eerste uitdaging"; more: "de eerste inbreng (brief of punt uit de brief)".
            let label = kinds.count == 1 ? kindLabels(kinds) : "inbreng (\(kindLabels(kinds)))"
            guard let occurrence else { return "de eerste \(label)" }
            let received = "\(occurrence.input.map { "\($0), " } ?? "")ontvangen \(occurrence.day)"
            return kinds.count == 1 ? "de eerste \(label) (\(received))" : "de eerste \(label.dropLast()); \(received))"
        case .entered(let state):
            return "het begin van \(stateLabel(state))" + (occurrence.map { " (\($0.day))" } ?? "")
        }
    }

    /// `brief of punt uit de brief`: input kinds by their labels in lower case, the last joined
    /// with "of".
    func kindLabels(_ kinds: [InputKindID]) -> String {
        let labels = kinds.map { definition.inputKinds[$0]?.label.lowercased() ?? $0.rawValue }
        guard labels.count > 1, let last = labels.last else { return labels.first ?? "inbreng" }
        return labels.dropLast().joined(separator: ", ") + " of " + last
    }

    /// `"Kaders van de raad" (kaders)`.
    func documentLabel(_ kind: DocumentKindID) -> String {
        definition.documents[kind].map { "\"\($0)\" (\(kind))" } ?? "\"\(kind)\""
    }

    /// `gemeenteraad (raad) of college van B en W (college)`: each role by its label, only the
    /// first letter lowered (so "B en W" stays), with the id to pass to `--as`.
    func roleLabels(_ roles: [RoleID]) -> String {
        roles.map(roleName).joined(separator: " of ")
    }

    /// `gemeenteraad (raad)`: a role by its label and, when the label does not already start
    /// with or name it, the id a user passes to `--as`; the bare id for a role the workflow does not name.
    func roleName(_ role: RoleID) -> String {
        guard let label = definition.roles[role]?.label else { return role.rawValue }
        let lowered = DutchNoun.lowercasingFirst(label)
        if lowered.hasPrefix(role.rawValue) || lowered.contains("(\(role.rawValue))") { return lowered }
        return "\(lowered) (\(role.rawValue))"
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// The kind as a noun to count with: its label and plural label ("1 advies", "2 adviezen").
    func kindNoun(_ kind: InputKindID) -> DutchNoun {
        definition.inputKinds[kind]?.noun ?? DutchNoun(kind.rawValue, "stuks inbreng (\(kind.rawValue))")
    }

    /// `part` of `total` as the subject of a sentence, capitalised: "1 uitdaging" (1 of 1),
    /// "Beide adviezen", "Alle 5 adviezen", "1 van de 3 adviezen" — never "1 van de 1", and no
    /// article that would have to agree with the label ("de"/"het").
    static func share(_ part: Int, of total: Int, _ noun: DutchNoun) -> String {
        guard part == total else { return "\(number(part)) van de \(noun.counted(total))" }
        if let all = DutchNoun.all(total) { return DutchNoun.capitalizingFirst(all) + " " + noun.plural }
        return noun.counted(part)
    }

    // MARK: atLeast

    /// At least `count` inputs of a kind that count: on time, in scope, not withdrawn.
    ///
    /// Complexity: O(1) when it holds (a counter); O(inputs) to say what did not count.
    func unmetAtLeast(_ kind: InputKindID, count: Int, in state: ProcessState) -> [Refusal.Reason] {
        let have = state.counts.countedPerKind[kind, default: 0]
        if have >= count { return [] }
        let noun = kindNoun(kind)
        let tally = state.tally(of: kind)
        guard tally.notCounted > 0 else {
            return [
                Refusal.Reason(
                    .tooFewInputs,
                    "Er \(DutchNoun.agreeing(have, "is", "zijn")) \(noun.counted(have)); nodig zijn er minstens \(Self.number(count)).",
                    ids: [kind.rawValue])
            ]
        }
        return [
            Refusal.Reason(
                .tooFewInputs,
                "Er \(DutchNoun.agreeing(have, "telt", "tellen")) \(noun.counted(have)) mee; nodig zijn er minstens "
                    + "\(Self.number(count)). \(tally.description).",
                ids: [kind.rawValue])
        ]
    }

    // MARK: verdicts

    /// Every answered input of the kinds has an allowed verdict, or a motivation that names a
    /// ground fixed the way `orGround` says.
    ///
    /// Complexity: O(inputs) and O(documents of the ground's kind), on every check: it is asked
    /// only of the few transitions that weigh an advice.
    func unmetVerdicts(_ requirement: VerdictRequirement, in state: ProcessState, answersChecked: Bool) -> [Refusal.Reason] {
        let grounds = requirement.orGround.map { state.documents(of: $0.kind) } ?? []
        let valid = requirement.orGround.map { condition in grounds.filter { meets($0, condition, in: state) } } ?? []
        var total = 0
        var kinds = Set<InputKindID>()
        var unanswered: [InputID] = []
        var failing: [(input: InputRecord, verdict: Verdict, named: DocumentRecord?)] = []
        for input in state.inputs where requirement.kinds.contains(input.kind) && !input.isWithdrawn {
            total += 1
            kinds.insert(input.kind)
            guard let feedback = input.currentFeedback else {
                if input.needsFeedback, !answersChecked { unanswered.append(input.id) }
                continue
            }
            if requirement.allowed.contains(feedback.verdict) { continue }
            if valid.contains(where: { Self.motivation(feedback.motivation, names: $0.reference) }) { continue }
            failing.append((input, feedback.verdict, grounds.first { Self.motivation(feedback.motivation, names: $0.reference) }))
        }
        let noun = kinds.count == 1 ? kinds.first.map(kindNoun) ?? .inbreng : .inbreng
        var reasons: [Refusal.Reason] = []
        if !unanswered.isEmpty {
            reasons.append(
                Refusal.Reason(
                    .unanswered,
                    "\(Self.share(unanswered.count, of: total, noun)) \(DutchNoun.agreeing(unanswered.count, "heeft", "hebben")) "
                        + "nog geen antwoord: \(Refusal.list(unanswered.map(\.rawValue))).",
                    ids: unanswered.map(\.rawValue)))
        }
        guard !failing.isEmpty else { return reasons }
        let allowed = requirement.allowed.map(\.label).joined(separator: " of ")
        let listed = Refusal.list(failing.map { "\($0.input.id) (\($0.verdict.label))" })
        var message =
            "\(Self.share(failing.count, of: total, noun)) \(DutchNoun.agreeing(failing.count, "heeft", "hebben")) "
            + "een ander oordeel dan \(allowed): \(listed)."
        if let condition = requirement.orGround {
            let when = groundMoment(condition, in: state)
            if valid.isEmpty {
                message += " Er is geen reden om af te wijken vastgelegd\(when) (document \(documentLabel(condition.kind)))."
            } else {
                message +=
                    " Afwijken kan alleen met een reden die\(when) is vastgelegd: "
                    + valid.map { "\"\($0.reference)\"" }.joined(separator: ", ") + ". Noem die reden in de motivering."
            }
            for item in failing {
                guard let named = item.named else { continue }
                let problems =
                    (condition.allowsRole(of: named)
                        ? [] : ["is vastgelegd als \(roleName(named.by.role)); alleen \(roleLabels(condition.by)) mag dat"])
                    + momentProblems(of: named, against: condition, in: state)
                message += " \(item.input.id) noemt \"\(named.reference)\", maar die reden \(problems.joined(separator: " en "))."
            }
        }
        reasons.append(Refusal.Reason(.verdictNotAllowed, message, ids: failing.map(\.input.id.rawValue)))
        return reasons
    }

    /// ` vóór het begin van "Het burgerberaad is bezig" (16-01-2027)`, or nothing.
    private func groundMoment(_ condition: DocumentRequirement, in state: ProcessState) -> String {
        var parts: [String] = []
        if let moment = condition.before {
            parts.append(" vóór " + describe(moment, state.occurrence(of: moment, last: false)))
        }
        if let moment = condition.after {
            parts.append(" na " + describe(moment, state.occurrence(of: moment, last: true)))
        }
        return parts.joined(separator: " en")
    }

    /// Whether a motivation names a ground: it contains the ground's reference, ignoring case,
    /// accents and runs of white space.
    static func motivation(_ motivation: String, names ground: String) -> Bool {
        let needle = normalized(ground)
        return !needle.isEmpty && normalized(motivation).contains(needle)
    }

    private static func normalized(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension DocumentRequirement {
    /// Whether a document was attached by a role the condition allows.
    func allowsRole(of document: DocumentRecord) -> Bool {
        by.isEmpty || by.contains(document.by.role)
    }
}

extension DocumentRecord {
    /// The document's date: its own legal date when given, else the day it was attached.
    public var day: CivilDate { date ?? CivilDate(amsterdam: at) }

    /// Dated before a moment; on the same day, attached before it in the journal.
    func isBefore(_ occurrence: MomentOccurrence) -> Bool {
        day == occurrence.day ? attachedBefore(occurrence.position) : day < occurrence.day
    }

    /// Dated after a moment; on the same day, attached after it in the journal.
    func isAfter(_ occurrence: MomentOccurrence) -> Bool {
        day == occurrence.day ? !attachedBefore(occurrence.position) : day > occurrence.day
    }

    /// Whether it came before that place in the journal (every document comes after the start).
    private func attachedBefore(_ position: MomentOccurrence.Position) -> Bool {
        switch position {
        case .start: false
        case .transition(let index): transitionsBefore <= index
        case .input(let index): inputsBefore <= index
        }
    }
}
