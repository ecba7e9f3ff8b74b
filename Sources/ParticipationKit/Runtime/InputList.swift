import Foundation
import Synchronization

/// The inputs of a process: their records, or for a state read from a snapshot the promise
/// of them (``PendingInputs``), read and decoded the first time someone looks at them.
///
/// `status` and `list` read a process's counts, documents and history, not its inputs: a
/// snapshot keeps each process's inputs in a part of their own, so those commands never read
/// or decode a hundred thousand records. Anything that reads ``records`` (a report, a look-up,
/// an answer) gets them all, decoded once and shared by every copy of the state.
struct InputList: Sendable {
    /// The records, when they are not pending.
    private(set) var stored: [InputRecord] = []
    private(set) var pending: PendingInputs?
    /// Counted as inputs change, so that `status` and opening a store count without the records.
    private(set) var tallies = InputListTallies()

    init() {}

    /// The inputs of a snapshot, read when first asked for.
    init(pending: PendingInputs) {
        self.pending = pending
        tallies = pending.tallies
    }

    /// Every record, in the order they were registered.
    var records: [InputRecord] {
        @inline(__always) get {
            // The usual case returns the stored array itself, so that reading one field of one
            // record compiles to reading that field, as for a stored property.
            if _fastPath(pending == nil) { return stored }
            return pendingRecords()
        }
    }

    @inline(never)
    private func pendingRecords() -> [InputRecord] { pending?.records ?? stored }

    /// How many inputs there are, without reading pending ones.
    var count: Int { pending?.count ?? stored.count }

    /// The summary of the open inputs that came with pending ones (a snapshot's head has it);
    /// `nil` once they changed, or when there is none.
    var pendingOpenInputs: OpenInputs? { pending?.open }

    /// Whether the records are in memory (the store trials check that `status` leaves a
    /// snapshot's inputs unread).
    var isLoaded: Bool { pending?.isLoaded ?? true }

    /// Where unchanged pending inputs were read from (``PendingInputs/source``); `nil` once
    /// they changed.
    var pendingSource: (any Sendable)? { pending?.source }

    /// Makes the records the list's own, so they can change.
    private mutating func materialize() {
        guard pending != nil else { return }
        // A list that alone holds its pending records takes them, so the first change does not
        // copy them all.
        stored = isKnownUniquelyReferenced(&pending) ? pending?.take() ?? [] : pending?.records ?? []
        pending = nil
    }

    mutating func append(_ record: consuming InputRecord) {
        materialize()
        tallies.count(record, 1)
        stored.append(record)
    }

    mutating func replace(with records: [InputRecord]) {
        pending = nil
        stored = records
        tallies = InputListTallies(records)
    }

    /// Changes the record at `index`. Only a change that says so (`recounting`) may erase a
    /// writer's details or change them: the counts beside the records are redone for it alone.
    mutating func update(at index: Int, recounting: Bool, _ change: (inout InputRecord) -> Void) {
        materialize()
        guard recounting else {
            #if DEBUG
                let before = stored.withUnsafeBufferPointer { InputListTallies($0, at: index) }
                change(&stored[index])
                let after = stored.withUnsafeBufferPointer { InputListTallies($0, at: index) }
                assert(before == after, "a change of an input that erases or changes contact details must say so (recounting)")
            #else
                change(&stored[index])
            #endif
            return
        }
        stored.withUnsafeBufferPointer { tallies.subtract(InputListTallies($0, at: index)) }
        change(&stored[index])
        stored.withUnsafeBufferPointer { tallies.add(InputListTallies($0, at: index)) }
    }
}

/// What is counted over a process's inputs beside ``InputCounts``, for `status` and for opening
/// a store, so that neither reads the records of a snapshot.
struct InputListTallies: Hashable, Sendable {
    /// Inputs whose writer's contact details were erased (AVG).
    var redacted = 0
    /// Inputs whose writer's details `personal.jsonl` should hold (``InputRecord/keepsPersonalDetails``).
    var keepingDetails = 0

    init() {}

    init(_ records: [InputRecord]) {
        // In place: a copy of each record would retain every string in it.
        records.withUnsafeBufferPointer { records in
            guard let base = records.baseAddress else { return }
            for index in records.indices { count(base + index, 1) }
        }
    }

    init(redacted: Int, keepingDetails: Int) {
        self.redacted = redacted
        self.keepingDetails = keepingDetails
    }

    /// The counts of the one record at `index`, read in place.
    init(_ records: UnsafeBufferPointer<InputRecord>, at index: Int) {
        if let base = records.baseAddress, records.indices.contains(index) { count(base + index, 1) }
    }

    mutating func add(_ other: InputListTallies) {
        redacted += other.redacted
        keepingDetails += other.keepingDetails
    }

    mutating func subtract(_ other: InputListTallies) {
        redacted -= other.redacted
        keepingDetails -= other.keepingDetails
    }

    /// Counts `record` once more (`sign` 1) or once less (-1).
    mutating func count(_ record: InputRecord, _ sign: Int) {
        withUnsafePointer(to: record) { count($0, sign) }
    }

    /// Counts the record at `record`, read in place.
    mutating func count(_ record: UnsafePointer<InputRecord>, _ sign: Int) {
        let flags = InputRecord.personalFlags(at: record)
        if flags.erased { redacted += sign }
        if flags.kept { keepingDetails += sign }
    }
}

// Equal lists hold equal records, however they were read.
extension InputList: Hashable {
    static func == (lhs: InputList, rhs: InputList) -> Bool {
        if let left = lhs.pending, let right = rhs.pending, left === right { return true }
        return lhs.count == rhs.count && lhs.records == rhs.records
    }

    func hash(into hasher: inout Hasher) { hasher.combine(records) }
}

// Encoded as the array of records it stands for.
extension InputList: Codable {
    init(from decoder: any Decoder) throws {
        let records = try decoder.singleValueContainer().decode([InputRecord].self)
        self.init()
        replace(with: records)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(records)
    }
}

/// A process's inputs that are not read yet: how many there are, and how to read them.
///
/// Copies of a state share one; the records are read at most once, behind a lock, since a
/// state may be read from several threads.
final class PendingInputs: Sendable {
    let count: Int
    let tallies: InputListTallies
    /// What the records are read from, for a reader that can use it as it is (a snapshot
    /// written again copies the bytes of unchanged inputs instead of decoding and encoding them).
    let source: (any Sendable)?
    /// The open ones among them, summed up (``OpenInputs``), when known without reading them.
    let open: OpenInputs?
    private let load: @Sendable () -> [InputRecord]
    private let loaded = Mutex<[InputRecord]?>(nil)

    /// - Parameter load: Reads the records; it must give exactly `count` of them, with these
    ///   `tallies` and, when given, these `open` ones.
    init(
        count: Int, tallies: InputListTallies, source: (any Sendable)? = nil, open: OpenInputs? = nil,
        load: @escaping @Sendable () -> [InputRecord]
    ) {
        self.count = count
        self.tallies = tallies
        self.source = source
        self.open = open
        self.load = load
    }

    var records: [InputRecord] {
        loaded.withLock { loaded in
            if let loaded { return loaded }
            let records = load()
            loaded = records
            return records
        }
    }

    var isLoaded: Bool { loaded.withLock { $0 != nil } }

    /// The records, left to the caller (the only holder of this instance).
    func take() -> [InputRecord] {
        loaded.withLock { loaded in
            defer { loaded = [] }
            return loaded ?? load()
        }
    }
}
