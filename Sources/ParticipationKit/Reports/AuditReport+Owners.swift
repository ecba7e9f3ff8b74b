import Foundation

// The behandelaars (owners) in the audit: who answered what at each decision, and every
// input that changed owner after its answer term had passed (RULES §2.17, invariant 8: the
// record survives hand-overs). Shown only for processes in which an input has, or had, a
// behandelaar: an audit without owners looks as before.

extension AuditReport {
    /// The behandelaars of one process.
    public struct OwnersAudit: Encodable, Sendable, Hashable {
        /// Hand-overs in the process, all inputs together.
        public var handovers: Int
        /// Open inputs (the writer still waits) without a behandelaar.
        public var openWithoutOwner: [String]
        /// Every hand-over made after the input's answer term had passed, in order of the inputs.
        public var handoversAfterDeadline: [LateHandover]
    }

    /// A hand-over of an input after the last day of its answer term.
    public struct LateHandover: Encodable, Sendable, Hashable {
        public var input: String
        public var from: String?
        public var to: String
        public var date: CivilDate
        public var answerDue: CivilDate
        /// Days after the last day of the term.
        public var daysAfterDeadline: Int
        public var by: String
        public var reason: String?
    }

    /// How many of the inputs a decision weighed were answered by one behandelaar (`nil`: none).
    public struct OwnerCount: Encodable, Sendable, Hashable {
        public var owner: String?
        public var answered: Int
    }

    /// The behandelaars of a process, or `nil` when no input has, or had, one.
    ///
    /// Complexity: O(inputs + hand-overs).
    static func ownersAudit(_ state: ProcessState) -> OwnersAudit? {
        // Read in place, by index: a copy of a record retains every string in it.
        let inputs = state.inputs
        let used = inputs.indices.contains { index in
            inputs[index].owner != nil || !inputs[index].handovers.isEmpty || inputs[index].feedback.contains { $0.owner != nil }
        }
        guard used else { return nil }
        var late: [LateHandover] = []
        var count = 0
        for index in inputs.indices {
            count += inputs[index].handovers.count
            guard let due = inputs[index].answerDue else { continue }
            for handover in inputs[index].handovers {
                let day = CivilDate(amsterdam: handover.at)
                guard day > due else { continue }
                late.append(
                    LateHandover(
                        input: inputs[index].id.rawValue, from: handover.from, to: handover.to, date: day, answerDue: due,
                        daysAfterDeadline: day.days(since: due), by: handover.by.description, reason: handover.reason))
            }
        }
        return OwnersAudit(
            handovers: count,
            openWithoutOwner: inputs.indices.filter { inputs[$0].isUnsent && inputs[$0].owner == nil }.map { inputs[$0].id.rawValue },
            handoversAfterDeadline: late)
    }

    /// Who answered the inputs a decision weighed, most first; from the counts the journal gave
    /// at that moment. Spellings of one behandelaar ("Afdeling Verkeer", "afdeling verkeer")
    /// count together, under the spelling with the most answers.
    static func answeredBy(_ record: TransitionRecord) -> [OwnerCount] {
        var groups: [String: (spelling: String, best: Int, total: Int)] = [:]
        for (owner, count) in record.answeredByOwner {
            let key = InputRecord.ownerKey(owner)
            var group = groups[key] ?? (owner, count, 0)
            if count > group.best || (count == group.best && owner < group.spelling) { group = (owner, count, group.total) }
            group.total += count
            groups[key] = group
        }
        return groups.values.map { OwnerCount(owner: $0.spelling.isEmpty ? nil : $0.spelling, answered: $0.total) }
            .sorted { a, b in
                if a.answered != b.answered { return a.answered > b.answered }
                if (a.owner == nil) != (b.owner == nil) { return b.owner == nil }
                return (a.owner ?? "") < (b.owner ?? "")
            }
    }

    /// The blocks about behandelaars for a process section; none when it has no owners.
    func ownerBlocks(_ audit: ProcessAudit) -> [ReportBlock] {
        guard let owners = audit.owners else { return [] }
        var blocks: [ReportBlock] = [.subheading("Behandelaars")]
        var intro =
            "Elke inbreng heeft een behandelaar: de afdeling, het team of de medewerker die zorgt dat de indiener een antwoord krijgt. "
            + (owners.handovers == 0
                ? "Er is geen inbreng overgedragen."
                : "Er \(owners.handovers == 1 ? "is 1 keer" : "zijn \(owners.handovers) keer") inbreng overgedragen; elke overdracht blijft bewaard.")
        if !owners.openWithoutOwner.isEmpty {
            intro +=
                " LET OP: \(Self.count(owners.openWithoutOwner.count, "open reactie heeft", "open reacties hebben")) geen behandelaar: "
                + "\(Refusal.list(owners.openWithoutOwner))."
        }
        blocks.append(.paragraph(intro))
        let decisions = audit.decisions.filter { !($0.answeredBy ?? []).isEmpty }
        if !decisions.isEmpty {
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Wie de gewogen reacties beantwoordde, per besluit in \(audit.process)",
                        columns: [
                            .init("datum"), .init("besluit"), .init("behandelaar"), .init("beantwoord", numeric: true),
                            .init("gewogen", numeric: true),
                        ],
                        rows: decisions.flatMap { decision in
                            (decision.answeredBy ?? []).map {
                                [
                                    decision.date.description, decision.label, $0.owner ?? "zonder behandelaar", "\($0.answered)",
                                    "\(decision.inputsWeighed)",
                                ]
                            }
                        }, rowHeader: nil)))
        }
        if owners.handoversAfterDeadline.isEmpty {
            blocks.append(.paragraph("Geen inbreng ging na de termijn voor het antwoord naar een andere behandelaar."))
        } else {
            blocks.append(
                .paragraph(
                    "LET OP: \(Self.count(owners.handoversAfterDeadline.count, "overdracht kwam", "overdrachten kwamen")) na de laatste dag "
                        + "van de termijn voor het antwoord."))
            blocks.append(
                .table(
                    ReportTable(
                        caption: "Overdrachten in \(audit.process) na de termijn voor het antwoord",
                        columns: [
                            .init("kenmerk"), .init("van"), .init("naar"), .init("datum"), .init("antwoord uiterlijk"),
                            .init("dagen na de termijn", numeric: true), .init("door"), .init("reden"),
                        ],
                        rows: owners.handoversAfterDeadline.map {
                            [
                                $0.input, $0.from ?? "niemand", $0.to, $0.date.description, $0.answerDue.description,
                                "\($0.daysAfterDeadline)",
                                $0.by, $0.reason ?? "—",
                            ]
                        })))
        }
        return blocks
    }

    private static func count(_ count: Int, _ one: String, _ many: String) -> String { count == 1 ? "1 \(one)" : "\(count) \(many)" }

    /// What "behandelaar" means, for "Zo is geteld".
    static let ownerDefinition =
        "Behandelaar: de afdeling, het team of de medewerker die zorgt dat de inbreng een antwoord krijgt. Bij elk besluit staat "
        + "wie de gewogen reacties beantwoordde: de behandelaar die de reactie had toen het geldende antwoord werd vastgelegd "
        + "(uit het journaal). Dagen bij behandelaar tellen vanaf de laatste overdracht, of vanaf de ontvangst, tot vandaag of tot "
        + "de dag dat het antwoord verstuurd is."
}
