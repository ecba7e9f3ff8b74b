import Foundation
import Synchronization

/// The positions of a process's inputs by id: an open-addressing table over the ids' UTF-8
/// bytes (in canonical composition), kept next to the inputs themselves.
///
/// A `[InputID: Int]` stores every id a second time and runs the standard hasher over it on
/// every look-up; this table stores 8 bytes per slot (a 32-bit hash and the position) and
/// compares the id in the inputs array only when the hashes match. The hash is seeded per
/// process run, as Swift's own is, so ids chosen to collide cannot be prepared in advance.
struct InputIndex: Sendable {
    /// `0` is empty; otherwise the upper 32 bits are the id's hash and the lower 32 bits its
    /// position plus one.
    private var slots: [UInt64] = []
    /// The number of ids in the table.
    private(set) var count = 0

    /// An index that matches no inputs yet.
    init() {}

    /// An index over `inputs` (positions are their offsets).
    init(_ inputs: [InputRecord]) {
        reserve(inputs.count)
        for position in inputs.indices { place(position, hash: Self.hash(inputs[position].id)) }
    }

    /// Whether the index was built for exactly these inputs (a decoded state starts without).
    func covers(_ inputs: [InputRecord]) -> Bool { count == inputs.count }

    /// The position of the input with `id` in `inputs`, if there is one.
    func position(of id: InputID, in inputs: [InputRecord]) -> Int? {
        // The ids are read in place, through a pointer: a copy of a record retains every string in it.
        inputs.withUnsafeBufferPointer { records in
            guard let base = records.baseAddress else { return nil }
            return position(hash: Self.hash(id)) { base[$0].id == id }
        }
    }

    /// ``position(of:in:)`` for an id given as plain ASCII bytes (as a line of
    /// `personal.jsonl` holds it), without making a string of it.
    func position(ofASCII id: UnsafeBufferPointer<UInt8>, in inputs: [InputRecord]) -> Int? {
        // ASCII is its own canonical composition: the hash is the one the id's string has.
        inputs.withUnsafeBufferPointer { records in
            guard let base = records.baseAddress else { return nil }
            return position(hash: Self.hash(bytes: id)) { UTF8Text.equals(base[$0].id.rawValue, id) }
        }
    }

    /// The first position stored under `hash` for which `isTheOne` holds, probing from the
    /// hash's slot until an empty one.
    private func position(hash: UInt32, _ isTheOne: (Int) -> Bool) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { table -> Int? in
            while true {
                let entry = table[slot]
                if entry == 0 { return nil }
                if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                    let position = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    if isTheOne(position) { return position }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds `id` at `position`; the caller has checked that it is not in the table yet.
    mutating func insert(_ position: Int, for id: InputID) {
        reserve(count + 1)
        place(position, hash: Self.hash(id))
    }

    private mutating func place(_ position: Int, hash: UInt32) {
        precondition(position < Int(UInt32.max), "meer dan 4 miljard stuks inbreng in één proces")
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        slots.withUnsafeMutableBufferPointer { table in
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt64(hash) << 32 | UInt64(position + 1)
        }
        count += 1
    }

    /// Makes room for `total` ids at a load of at most one half; the entries move by their
    /// stored hashes, without reading an id again.
    private mutating func reserve(_ total: Int) {
        guard total * 2 > slots.count else { return }
        var size = max(16, slots.count)
        while total * 2 > size { size *= 2 }
        let old = slots
        slots = [UInt64](repeating: 0, count: size)
        count = 0
        for entry in old where entry != 0 {
            place(Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1, hash: UInt32(truncatingIfNeeded: entry >> 32))
        }
    }

    /// Chosen once per run.
    private static let seed = UInt64.random(in: .min ... .max)

    /// A 32-bit hash of the id's UTF-8 bytes, eight at a time, mixed as in splitmix64.
    ///
    /// Ids compare as Swift strings do, by canonical equivalence (`kenmerk-é` written as one
    /// character or as `e` and a combining accent is one kenmerk), so the hash is taken over
    /// the canonical composition (NFC) of an id that is not plain ASCII; plain ASCII is NFC already.
    static func hash(_ id: InputID) -> UInt32 {
        var text = id.rawValue
        if let plain = text.withUTF8({ UTF8Text.isASCII($0) ? hash(bytes: $0) : nil }) { return plain }
        var composed = text.precomposedStringWithCanonicalMapping
        return composed.withUTF8 { hash(bytes: $0) }
    }

    /// The hash of some UTF-8 bytes in canonical composition.
    private static func hash(bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return Self.finish(h) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        }
        return Self.finish(h)
    }

    private static func finish(_ value: UInt64) -> UInt32 {
        var h = value
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}

// The index follows from the inputs, so states with the same inputs are equal whatever
// their indexes hold.
extension InputIndex: Hashable {
    static func == (lhs: InputIndex, rhs: InputIndex) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

/// An ``InputIndex`` made on the first look-up, for a state that has no index of its own (one
/// read from a snapshot, or decoded with `Codable`): `status` and `list`, which look nothing
/// up, never spend the time to make one. Copies of a state share it; behind a lock, since a
/// state may be read from several threads.
final class LazyInputIndex: Sendable {
    private let built = Mutex<InputIndex?>(nil)

    init() {}

    /// The index over `inputs`: the one made before when it was made for as many inputs, else
    /// a new one.
    func index(for inputs: [InputRecord]) -> InputIndex {
        built.withLock { built in
            if let existing = built, existing.covers(inputs) { return existing }
            let made = InputIndex(inputs)
            built = made
            return made
        }
    }
}

// Like the index itself, derived from the inputs: never part of a state's equality.
extension LazyInputIndex: Hashable {
    static func == (lhs: LazyInputIndex, rhs: LazyInputIndex) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
