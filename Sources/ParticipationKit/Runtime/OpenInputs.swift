import Foundation

/// What `status` and `list` need of a process's open inputs (those whose writer still waits,
/// ``InputRecord/isUnsent``), without the records: per behandelaar how many there are, which
/// has waited longest on any day, and on which days their answer terms end; and what the gate
/// names when it refuses (the ids of the open inputs and of those without an answer, and the
/// kinds it counts).
///
/// A snapshot keeps it in its head beside the inputs it sums up, so that a process with many
/// open inputs shows its workload and its count over tijd without reading them. It holds for
/// those inputs only while they are unchanged: the first change makes the records the state's
/// own, and from then on everything is counted from them (``ProcessState/openInputs``).
struct OpenInputs: Hashable, Sendable {
    /// An open input and the day it came to its behandelaar (``InputRecord/withOwnerSince``).
    struct Mark: Hashable, Sendable {
        var input: String
        var since: CivilDate
    }

    /// How many open inputs have their answer term end on one day.
    struct Due: Hashable, Sendable {
        var day: CivilDate
        var count: Int
    }

    /// The open inputs of one behandelaar (its spellings grouped by ``InputRecord/ownerKey(_:)``),
    /// or of nobody.
    struct Group: Hashable, Sendable {
        /// The behandelaar as first written among its open inputs; `nil` for the inputs without one.
        var owner: String?
        var open: Int
        /// The first open input, in order of registration.
        var first: Mark
        /// Of the open inputs that came to the behandelaar earliest, the first registered.
        var earliest: Mark
        /// The last days of their answer terms, ascending (inputs without a term are not in it).
        var due: [Due]
        /// For the inputs without a behandelaar: their ids in order of registration, each
        /// followed by a newline (ids have no line ends); empty for a behandelaar.
        var ids: String

        /// The one that has waited longest on `day`: of those waiting the most days, the first
        /// registered. Days before an input came to its behandelaar count as none.
        func oldest(on day: CivilDate) -> (mark: Mark, days: Int) {
            let days = max(0, day.days(since: earliest.since))
            return days > 0 ? (earliest, days) : (first, 0)
        }

        /// How many are past their answer term on `day` (``InputRecord/isOverdue(on:)``).
        func overdue(on day: CivilDate) -> Int {
            var count = 0
            for entry in due {
                guard day > entry.day else { break }
                count += entry.count
            }
            return count
        }

        /// The ids of the inputs without a behandelaar.
        var inputs: [String] { OpenInputs.lines(ids) }
    }

    /// Every group with an open input, in the order of its first open input.
    var groups: [Group] = []
    /// The ids of the open inputs (``ProcessState/unsentIDs``) and of those among them without
    /// an answer (``ProcessState/unansweredIDs``), in order of registration, each followed by
    /// a newline: what the gate names when it refuses a decision or the closing.
    var unsent = ""
    var unanswered = ""
    /// The kinds of the inputs the gate counts, answered or not (``InputRecord/countsForGate``),
    /// while any is open: the gate calls them by their kind's noun when there is one kind
    /// (``ProcessEngine/gateNoun(in:)``).
    var gateKinds: [InputKindID] = []
    /// The answer terms of the inputs whose writers have their answer (a letter with points
    /// when every point was sent), by the day the term ended, as `deadlines` counts them
    /// (``DeadlinesReport``): what it lists of a process with nothing open.
    var sentDue: [Due] = []

    /// How many inputs are open.
    var count: Int { groups.reduce(0) { $0 + $1.open } }

    /// How many open inputs are past their answer term on `day`.
    func overdue(on day: CivilDate) -> Int { groups.reduce(0) { $0 + $1.overdue(on: day) } }

    init(
        groups: [Group] = [], unsent: String = "", unanswered: String = "", gateKinds: [InputKindID] = [], sentDue: [Due] = []
    ) {
        self.groups = groups
        self.unsent = unsent
        self.unanswered = unanswered
        self.gateKinds = gateKinds
        self.sentDue = sentDue
    }

    /// The ids in `lines` (``unsent``, ``unanswered``).
    static func ids(_ lines: String) -> [InputID] { Self.lines(lines).map(InputID.init) }

    /// The lines of `text`, each ended by a newline, split over its UTF-8 bytes (a hundred
    /// thousand ids in a few milliseconds, where splitting on characters takes ten times as long).
    static func lines(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var result: [String] = []
            var start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            return result
        }
    }

    /// How many lines `text` has (its newlines), counted over its bytes.
    static func lineCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
    }

    /// The open inputs among `records`, each record read in place (a copy of a record retains
    /// every string in it; late in a process nearly all are answered and sent).
    init(_ records: [InputRecord]) {
        var groups: [Group] = []
        var dues: [[CivilDate: Int]] = []
        var slots: [String: Int] = [:]
        var keys: [String: String] = [:]
        var withoutOwner: Int?
        var unsent = ""
        var unanswered = ""
        var gateKinds = Set<InputKindID>()
        var sentDue: [CivilDate: Int] = [:]
        records.withUnsafeBufferPointer { inputs in
            // The answer terms `deadlines` lists as met: of each input that is not a point and
            // needs an answer (or has points and was not withdrawn), once it was sent (or every
            // one of its points was).
            var lettersWaiting = Set<InputID>()
            for index in inputs.indices where inputs[index].isWaitingPoint {
                if let parent = inputs[index].parent { lettersWaiting.insert(parent) }
            }
            for index in inputs.indices where inputs[index].hasOwnAnswerTerm {
                guard let due = inputs[index].answerDue else { continue }
                let sent = inputs[index].hasPoints ? !lettersWaiting.contains(inputs[index].id) : !inputs[index].isUnsent
                if sent { sentDue[due, default: 0] += 1 }
            }
            for index in inputs.indices where inputs[index].countsForGate {
                gateKinds.insert(inputs[index].kind)
                guard inputs[index].sentOn == nil, inputs[index].isUnsent else { continue }
                unsent += inputs[index].id.rawValue
                unsent += "\n"
                if inputs[index].isUnanswered {
                    unanswered += inputs[index].id.rawValue
                    unanswered += "\n"
                }
                let mark = Mark(input: inputs[index].id.rawValue, since: inputs[index].withOwnerSince)
                let slot: Int
                if let owner = inputs[index].owner {
                    // The key of each spelling once: a process has few behandelaars and many inputs.
                    let key: String
                    if let known = keys[owner] {
                        key = known
                    } else {
                        key = InputRecord.ownerKey(owner)
                        keys[owner] = key
                    }
                    if let known = slots[key] {
                        slot = known
                    } else {
                        slot = groups.count
                        slots[key] = slot
                        groups.append(Group(owner: owner, open: 0, first: mark, earliest: mark, due: [], ids: ""))
                        dues.append([:])
                    }
                } else if let known = withoutOwner {
                    slot = known
                } else {
                    slot = groups.count
                    withoutOwner = slot
                    groups.append(Group(owner: nil, open: 0, first: mark, earliest: mark, due: [], ids: ""))
                    dues.append([:])
                }
                groups[slot].open += 1
                if mark.since < groups[slot].earliest.since { groups[slot].earliest = mark }
                if let due = inputs[index].answerDue { dues[slot][due, default: 0] += 1 }
                if slot == withoutOwner {
                    groups[slot].ids += mark.input
                    groups[slot].ids += "\n"
                }
            }
        }
        for slot in groups.indices {
            groups[slot].due = dues[slot].map { Due(day: $0.key, count: $0.value) }.sorted { $0.day < $1.day }
        }
        self.groups = groups
        self.unsent = unsent
        self.unanswered = unanswered
        // Only while something is open (a summary of nothing open is empty, made without the records).
        self.gateKinds = groups.isEmpty ? [] : gateKinds.sorted()
        self.sentDue = sentDue.map { Due(day: $0.key, count: $0.value) }.sorted { $0.day < $1.day }
    }
}
