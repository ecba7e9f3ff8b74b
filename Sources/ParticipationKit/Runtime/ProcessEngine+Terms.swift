import Foundation

/// A named term of a process (`"terms"` in the workflow) as it stands: started or not, its
/// last day after any extension, and how that was reached.
public struct TermStatus: Hashable, Sendable {
    public var name: TermName
    public var spec: TermSpec
    /// The day of the event the term runs from; `nil` while that has not happened.
    public var start: CivilDate?
    /// The term after every extension; `nil` while it has not started.
    public var deadline: Deadline?
    /// The extensions of this term, oldest first.
    public var extensions: [TermExtensionRecord]
    /// The day the term was met (its `until` happened), if it was.
    public var met: CivilDate?
    /// Whether it still runs: started, not met, and the process is not closed.
    public var isRunning: Bool
    /// One Dutch sentence: "Beslistermijn: 6 maanden vanaf het document "Aanvraag" (ontvangen
    /// 01-12-2025), eindigt maandag 01-06-2026 (Awb 3:18 lid 1)."
    public var summary: String

    /// The last day on which the term is met; `nil` while it has not started.
    public var end: CivilDate? { deadline?.end }

    /// Whether the term still runs and its last day has passed on `today`.
    public func isOverdue(on today: CivilDate) -> Bool { isRunning && end.map { today > $0 } ?? false }
}

extension ProcessEngine {
    /// The label of a named term, or its name.
    public func termLabel(_ name: TermName) -> String {
        definition.terms[name]?.label ?? name.rawValue
    }

    /// The day a named term runs from, or `nil` while its origin has not happened.
    ///
    /// A document counts on its own legal date (`date`), else on the day it was attached; the
    /// first document of the kind counts. An input counts on its received date (the earliest);
    /// a state on the first day it was entered.
    public func termStart(_ name: TermName, in state: ProcessState) -> CivilDate? {
        guard let spec = definition.terms[name] else { return nil }
        switch spec.from {
        case .document(let kind):
            return state.documents.first { $0.kind == kind }?.day
        case .moment(let moment):
            return state.occurrence(of: moment, last: false)?.day
        }
    }

    /// The day a started term was met: its `until` happened (a document counts on its own date).
    public func termMet(_ name: TermName, in state: ProcessState) -> CivilDate? {
        guard let until = definition.terms[name]?.until, termStart(name, in: state) != nil else { return nil }
        switch until {
        case .document(let kind): return state.documents.first { $0.kind == kind }?.day
        case .moment(let moment): return state.occurrence(of: moment, last: false)?.day
        }
    }

    /// The term before any extension, from its start; `nil` while it has not started.
    func baseDeadline(_ name: TermName, in state: ProcessState) -> Deadline? {
        guard let spec = definition.terms[name], let start = termStart(name, in: state) else { return nil }
        return calendar.deadline(from: start, length: spec.length, rule: spec.rule ?? definition.calendar, startsOn: .nextDay)
    }

    /// The last day of a named term after every extension, with how it was reached; `nil`
    /// while the term has not started (its document, input or state is not there yet).
    public func termDeadline(_ name: TermName, in state: ProcessState) -> Deadline? {
        guard var deadline = baseDeadline(name, in: state) else { return nil }
        for record in state.extensions where record.term == name {
            deadline = calendar.extending(deadline, byDays: record.days)
        }
        return deadline
    }

    /// Every named term of the workflow as it stands for this process, in file order.
    public func termStatuses(in state: ProcessState) -> [TermStatus] {
        definition.terms.map { name, spec in
            let deadline = termDeadline(name, in: state)
            let extensions = state.extensions.filter { $0.term == name }
            let met = termMet(name, in: state)
            var summary = termSummary(name, spec: spec, deadline: deadline, extensions: extensions, in: state)
            if let met, let end = deadline?.end, let until = spec.until {
                summary += " \(met > end ? "Te laat gehaald" : "Gehaald"): \(originPhrase(until, in: state, dated: "van"))."
            }
            return TermStatus(
                name: name, spec: spec, start: termStart(name, in: state), deadline: deadline, extensions: extensions,
                met: met, isRunning: deadline != nil && met == nil && !state.isFinal, summary: summary)
        }
    }

    /// `Beslistermijn: 6 maanden vanaf het document "Aanvraag" (ontvangen 01-12-2025), eindigt
    /// maandag 01-06-2026 (Awb 3:18 lid 1).`, with each extension and its ground after it.
    private func termSummary(
        _ name: TermName, spec: TermSpec, deadline: Deadline?, extensions: [TermExtensionRecord], in state: ProcessState
    ) -> String {
        let source = spec.source.map { " (\($0))" } ?? ""
        guard let deadline else {
            return "\(spec.label): begint bij \(originPhrase(spec.from, in: state)) (\(spec.length)\(spec.source.map { ", \($0)" } ?? ""))."
        }
        var text = "\(spec.label): \(spec.length) vanaf \(originPhrase(spec.from, in: state)), eindigt \(deadline.end.longDescription)"
        if extensions.isEmpty { return text + "\(source)." }
        let original = baseDeadline(name, in: state)?.end ?? deadline.end
        text += ". Eerst tot en met \(original.longDescription)\(source)"
        for record in extensions {
            text += "; verlengd met \(Self.daysPhrase(record.days)) tot en met \(record.newEnd.longDescription)"
            text += record.basis.map { " (\($0))" } ?? ""
        }
        return text + "."
    }

    /// Why a timed transition from the current state has no day to fire on, or `nil` when it has
    /// one (``timedDue(_:in:)``): its term has not started, or was met and so never runs out.
    ///
    /// `De termijn voor de ontvangstbevestiging loopt nog niet: die begint bij ontvangst van de
    /// eerste inbreng (brief of punt uit de brief).`
    public func timedWait(_ transition: Transition, in state: ProcessState) -> TimedWait? {
        guard transition.isTimed, timedDue(transition, in: state) == nil else { return nil }
        guard let name = transition.afterTerm, let spec = definition.terms[name] else {
            return TimedWait(started: false, message: "Het begin van \(stateLabel(state.current)) is niet bekend.")
        }
        let label = DutchNoun.lowercasingFirst(spec.label)
        if termMet(name, in: state) != nil, let until = spec.until {
            return TimedWait(
                started: true, message: "De \(label) is gehaald: \(originPhrase(until, in: state, dated: "van")).")
        }
        return TimedWait(
            started: false, message: "De \(label) loopt nog niet: die begint bij \(originPhrase(spec.from, in: state)).")
    }

    /// `6 weken` for 42 days, `10 dagen`, `1 dag`.
    static func daysPhrase(_ days: Int) -> String {
        if days >= 7, days % 7 == 0 { return TermLength.weeks(days / 7).description }
        return TermLength.days(days).description
    }

    /// `het document "Aanvraag" (ontvangen 01-12-2025)`, or without the date while it is not there.
    private func originPhrase(_ origin: TermOrigin, in state: ProcessState, dated: String = "ontvangen") -> String {
        switch origin {
        case .document(let kind):
            let label = "het document \"\(definition.documents[kind] ?? kind.rawValue)\""
            guard let document = state.documents.first(where: { $0.kind == kind }) else { return "ontvangst van \(label)" }
            return "\(label) (\(document.date == nil ? "toegevoegd" : dated) \(document.day))"
        case .moment(.firstInput(let kinds)):
            guard let occurrence = state.occurrence(of: .firstInput(kinds), last: false) else {
                return "ontvangst van de eerste inbreng (\(kindLabels(kinds)))"
            }
            // Once it came in, the kind of the input that did it: "(brief, B-1, ontvangen 26-02-2027)".
            var label = kindLabels(kinds)
            if case .input(let index) = occurrence.position, state.inputs.indices.contains(index) {
                label = kindLabels([state.inputs[index].kind])
            }
            return "ontvangst van de eerste inbreng (\(label)\(occurrence.input.map { ", \($0)" } ?? ""), ontvangen \(occurrence.day))"
        case .moment(.entered(let stateID)):
            guard let occurrence = state.occurrence(of: .entered(stateID), last: false) else {
                return "het begin van \(stateLabel(stateID))"
            }
            return "het begin van \(stateLabel(stateID)) (\(occurrence.day))"
        }
    }

    // MARK: Extending

    /// The roles that may extend a named term: those of its rule, else the roles that may fire
    /// the transitions out of the current state (who acts now decides on the term), else every
    /// role of the workflow.
    public func rolesThatMayExtend(_ name: TermName, in state: ProcessState) -> [RoleID] {
        if let rule = definition.terms[name]?.extensionRule, !rule.by.isEmpty { return rule.by }
        var roles: [RoleID] = []
        for transition in definition.transitions(from: state.current) where !transition.isTimed {
            for role in transition.by where !roles.contains(role) { roles.append(role) }
        }
        return roles.isEmpty ? definition.roles.keys : roles
    }

    /// An extension of a named term: refused with every reason when the term has no extension
    /// rule, the length is more than `max`, it was extended `times` times already, the ground is
    /// not one of `basis`, the term has not started or has ended, the rule's `within` has
    /// passed or its `before` moment has happened, or the reason is missing.
    func decideTermExtension(
        _ name: TermName, days: Int, basis: String?, reason: String, in state: ProcessState, today: CivilDate,
        by actor: ActorIdentity
    ) -> Result<[EventPayload], Refusal> {
        let summary = "Termijn verlengen kan niet"
        guard let spec = definition.terms[name] else {
            let known = definition.terms.keys
            return .failure(
                Refusal(
                    summary, .unknownTerm,
                    "Termijn \"\(name)\" bestaat niet in \(definition.id); termijnen: \(WorkflowDefinition.names(known)).",
                    ids: known.map(\.rawValue)))
        }
        if state.isFinal { return .failure(Refusal(summary, .processClosed, "Het proces is afgesloten.")) }
        let label = spec.label
        let lowered = DutchNoun.lowercasingFirst(label)
        var reasons: [Refusal.Reason] = []
        guard let rule = spec.extensionRule else {
            return .failure(
                Refusal(summary, .termNotExtendable, "De \(lowered) kan niet worden verlengd.", ids: [name.rawValue]))
        }
        let allowed = rolesThatMayExtend(name, in: state)
        if !allowed.contains(actor.role) {
            reasons.append(
                Refusal.Reason(
                    .roleNotAllowed, "Alleen \(roleLabels(allowed)) mag de \(lowered) verlengen; u handelt als \(roleName(actor.role)).",
                    ids: allowed.map(\.rawValue)))
        }
        if !(1...366).contains(days) { reasons.append(Refusal.Reason(.invalidValue, "Verleng met 1 tot 366 dagen, niet \(days).")) }
        let current = termDeadline(name, in: state)
        if let max = rule.max {
            let limit = Self.days(in: max, from: current?.end ?? today)
            if days > limit {
                reasons.append(
                    Refusal.Reason(
                        .termNotExtendable, "De \(lowered) kan met ten hoogste \(max) worden verlengd, niet met \(days) dagen.",
                        ids: [name.rawValue]))
            }
        }
        let done = state.extensions.lazy.filter { $0.term == name }.count
        if let times = rule.times, done >= times {
            reasons.append(
                Refusal.Reason(
                    .termNotExtendable,
                    "De \(lowered) kan \(times == 1 ? "eenmaal" : "\(times) keer") worden verlengd, en dat is al gebeurd.",
                    ids: [name.rawValue]))
        }
        let grounds = rule.basis.joined(separator: " of ")
        if let basis, !basis.isBlank {
            if !rule.basis.contains(where: { Self.sameGround($0, basis) }) {
                reasons.append(
                    Refusal.Reason(
                        .missingBasis, "De grondslag \"\(basis)\" past niet bij de \(lowered); noem \(grounds).", ids: rule.basis))
            }
        } else {
            reasons.append(Refusal.Reason(.missingBasis, "Noem de wettelijke grondslag van de verlenging: \(grounds).", ids: rule.basis))
        }
        if let met = termMet(name, in: state) {
            reasons.append(
                Refusal.Reason(
                    .termNotExtendable, "De \(lowered) is al gehaald op \(met.longDescription).", ids: [name.rawValue]))
        }
        if let start = termStart(name, in: state), let current {
            if today > current.end {
                reasons.append(
                    Refusal.Reason(
                        .termNotExtendable,
                        "De \(lowered) is verstreken op \(current.end.longDescription); verlengen kan alleen vóór het einde.",
                        ids: [name.rawValue]))
            }
            if let within = rule.within {
                let limit = calendar.deadline(from: start, length: within, rule: spec.rule ?? definition.calendar, startsOn: .nextDay)
                if today > limit.end {
                    reasons.append(
                        Refusal.Reason(
                            .termNotExtendable,
                            "Verlengen kan alleen binnen \(within) na de start van de \(lowered), dus tot en met \(limit.end.longDescription).",
                            ids: [name.rawValue]))
                }
            }
        } else {
            reasons.append(
                Refusal.Reason(
                    .termNotStarted, "De \(lowered) is nog niet begonnen: die begint bij \(originPhrase(spec.from, in: state)).",
                    ids: [name.rawValue]))
        }
        if let before = rule.before, let occurrence = state.occurrence(of: before, last: false) {
            reasons.append(
                Refusal.Reason(
                    .termNotExtendable, "Verlengen kan alleen vóór \(describe(before, occurrence)).", ids: [name.rawValue]))
        }
        if let problem = noteProblem(reason, what: "Een verlenging heeft altijd een reden nodig.") { reasons.append(problem) }
        if !reasons.isEmpty { return .failure(Refusal(summary, reasons)) }
        guard let current else { return .failure(Refusal(summary, reasons)) }
        let extended = calendar.extending(current, byDays: days)
        return .success([
            .termExtended(
                TermExtended(
                    state: state.current, days: days, reason: reason, window: extended, term: name,
                    basis: rule.basis.first { Self.sameGround($0, basis ?? "") } ?? basis))
        ])
    }

    /// Whether two written grounds are the same, ignoring case and spaces: "awb 3:18 lid 2".
    static func sameGround(_ a: String, _ b: String) -> Bool {
        func normal(_ text: String) -> String { text.lowercased().filter { !$0.isWhitespace } }
        return normal(a) == normal(b)
    }

    /// How many calendar days a term length is when counted on from `day` (a month from 31
    /// January is 28 or 29 days).
    static func days(in length: TermLength, from day: CivilDate) -> Int {
        switch length.unit {
        case .days: length.count
        case .weeks: 7 * length.count
        case .months: day.adding(months: length.count).days(since: day)
        }
    }
}

/// Why a timed transition has no day to fire on (``ProcessEngine/timedWait(_:in:)``).
public struct TimedWait: Hashable, Sendable {
    /// Whether its term ran and was met (it will not fire); `false` while it has not started.
    public var started: Bool
    /// One sentence that says what it waits for, or that it was met.
    public var message: String
}
