import Foundation

/// The open work of a process per behandelaar (owner): how many inputs each one has whose
/// writer still waits, how many of those are past their answer term, and which has been with
/// them longest. Open inputs without a behandelaar are counted and named.
///
/// *Open* is ``InputRecord/isUnsent`` (the input needs an answer and its writer has not
/// received one yet) and *te laat* is ``InputRecord/isOverdue(on:)``: the definitions status,
/// list, the register and the audit all use. Owners are grouped without regard to case or
/// spacing (``InputRecord/ownerKey(_:)``) and shown as first written.
public struct OwnerWorkload: Encodable, Hashable, Sendable {
    /// The open input that has been longest with one behandelaar (or with nobody).
    public struct Oldest: Encodable, Hashable, Sendable {
        public var input: String
        /// The day it came to this behandelaar: its last hand-over, else the day it was received.
        public var since: CivilDate
        public var days: Int
    }

    /// One behandelaar's open inputs.
    public struct Owner: Encodable, Hashable, Sendable {
        public var owner: String
        public var open: Int
        /// Of the open inputs, those past their answer term.
        public var overdue: Int
        public var oldest: Oldest
    }

    /// The open inputs without a behandelaar.
    public struct WithoutOwner: Encodable, Hashable, Sendable {
        public var count: Int
        /// Their ids, in order of registration.
        public var inputs: [String]
        public var overdue: Int
        public var oldest: Oldest?
    }

    /// The behandelaars with open inputs: most open first, then the longest waiting.
    public var owners: [Owner]
    public var withoutOwner: WithoutOwner

    /// Whether any input is open at all.
    public var isEmpty: Bool { owners.isEmpty && withoutOwner.count == 0 }

    /// The open work of `state` on `today`.
    ///
    /// Complexity: O(1) when nothing is open; O(behandelaars + days on which answer terms end)
    /// for inputs a snapshot sums up (``ProcessState/openInputs``); else O(inputs).
    public init(state: ProcessState, today: CivilDate) {
        self.init(state: state, today: today, readingAll: false)
    }

    /// The open work of `state` on `today`; with `readingAll`, the inputs are read even when
    /// the counts say none is open, and the summary a snapshot keeps of them is not used (the
    /// store trials check that the two ways agree).
    package init(state: ProcessState, today: CivilDate, readingAll: Bool) {
        // Every open input is one the counts have not seen sent: when all were sent, the inputs
        // of a snapshot are not read at all (`status` of a finished process); when some are
        // open, the snapshot's summary of them is read instead (``ProcessState/openInputs``).
        guard readingAll || state.hasOpenInputs else {
            self.init(OpenInputs(), today: today)
            return
        }
        self.init(readingAll ? OpenInputs(state.inputs) : state.openInputs, today: today)
    }

    /// The open work that `open` sums up, on `today`.
    init(_ open: OpenInputs, today: CivilDate) {
        var owners: [Owner] = []
        var without = WithoutOwner(count: 0, inputs: [], overdue: 0, oldest: nil)
        for group in open.groups {
            let (mark, days) = group.oldest(on: today)
            let oldest = Oldest(input: mark.input, since: mark.since, days: days)
            guard let owner = group.owner else {
                without = WithoutOwner(count: group.open, inputs: group.inputs, overdue: group.overdue(on: today), oldest: oldest)
                continue
            }
            owners.append(Owner(owner: owner, open: group.open, overdue: group.overdue(on: today), oldest: oldest))
        }
        self.owners = owners.sorted { a, b in
            if a.open != b.open { return a.open > b.open }
            if a.oldest.days != b.oldest.days { return a.oldest.days > b.oldest.days }
            return a.owner < b.owner
        }
        withoutOwner = without
    }

    /// The lines `status` prints: one per behandelaar, then the inputs without one. Empty when
    /// nothing is open.
    public var lines: [String] {
        guard !isEmpty else { return [] }
        var lines: [String] = []
        if !owners.isEmpty {
            lines.append("Open per behandelaar (de indiener wacht nog op een antwoord):")
            for owner in owners {
                lines.append(
                    "  \(owner.owner): \(owner.open) open" + (owner.overdue > 0 ? ", \(owner.overdue) te laat" : "")
                        + " · langst: \(owner.oldest.input), \(Self.days(owner.oldest.days)) bij deze behandelaar")
            }
        }
        if withoutOwner.count > 0 {
            var line = "Zonder behandelaar: \(withoutOwner.count) (\(Refusal.list(withoutOwner.inputs)))"
            if withoutOwner.overdue > 0 { line += ", \(withoutOwner.overdue) te laat" }
            if let oldest = withoutOwner.oldest { line += " · langst: \(oldest.input), \(Self.days(oldest.days)) zonder behandelaar" }
            lines.append(line)
        }
        return lines
    }

    /// `1 dag`, `16 dagen`.
    static func days(_ count: Int) -> String { count == 1 ? "1 dag" : "\(DutchNumber.format(count)) dagen" }
}
