import Foundation

/// Writes a value as the JSON the tool prints: what `JSONEncoder` writes with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` and moments as ``Timestamp/format(_:)`` writes
/// them, byte for byte, with the characters a terminal or an editor could act on, or that hide
/// in the text, written as `\uXXXX` escapes, and a line feed at the end.
///
/// `JSONEncoder` first builds a tree of the whole value (an enum per value, a dictionary per
/// object) and then writes it: for a reactienota of 100,000 reactions that tree is several times
/// the 75 MB it becomes. Here every value is written as bytes, once, into one buffer, as soon as
/// it is encoded: an array's elements where the array goes, an object's members one after the
/// other, each with its separator, indent and key. When an object ends, its members are put
/// in key order where they lie (the largest one moved in place, the others through a small
/// buffer); usually they already are. What no object still open can move is handed out in
/// chunks as it is written (the elements of an array at the top); the rest at the end.
///
/// What `JSONEncoder` does, this does the same way:
/// - keys in the order of their UTF-8 bytes; a key encoded twice in one object keeps its last value;
/// - two spaces per level, `"key" : value`, an empty object or array as `{` or `[`, two line
///   feeds and the closing bracket at its level;
/// - strings with `"` and `\` escaped, `\b`, `\f`, `\n`, `\r`, `\t`, other controls as `\u00XX`
///   (lowercase hex), `/` as it is; a `Double` or `Float` as its `description` without a
///   trailing `.0`, and an error for NaN or infinity; `URL` as its absolute string, `Data` in
///   Base64, `Decimal` as its description, `Date` as ``Timestamp/format(_:)``;
/// - a value that encodes nothing is an empty object (at the top: an error).
///
/// (Its error messages are its own, in Dutch.)
///
/// And beyond it, as the tool has always done after `JSONEncoder`: DEL, C1 controls, the soft
/// hyphen, line and paragraph separators and every format character (bidi overrides and
/// marks, zero-width joiners, tag characters…; ``ReportRenderer/isInvisibleOrSteering(_:)``)
/// are written as `\uXXXX` (a scalar beyond U+FFFF as its UTF-16 surrogate pair). They can only
/// stand inside strings, where the escape means the same.
///
/// Two differences, both refused with an error instead: a nested container
/// (`nestedContainer`, `nestedUnkeyedContainer`, `superEncoder`) must be filled before its
/// parent container encodes its next value, and an object takes one nested container per key
/// (`JSONEncoder` would add a second one's contents to the first). Nothing in this package
/// does either.
///
/// - Complexity: O(n) in the bytes written; an object whose members come out of key order
///   moves them once.
public struct ReportJSONEncoder: Sendable {
    /// About how many bytes ``encode(_:chunks:)`` hands out at a time.
    let chunkSize: Int

    public init() { chunkSize = 1 << 20 }

    init(chunkSize: Int) { self.chunkSize = max(1, chunkSize) }

    /// The JSON of `value`, with a line feed at the end.
    public func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let output = JSONOutput(sink: nil, chunkSize: .max)
        try encode(value, into: output)
        return Array(output.bytes.buffer)
    }

    /// The JSON of `value`, with a line feed at the end, handed to `chunks` a piece of about
    /// a megabyte at a time. On an error, what was handed out so far is not valid JSON.
    public func encode<Value: Encodable>(_ value: Value, chunks: (UnsafeRawBufferPointer) -> Void) throws {
        try withoutActuallyEscaping(chunks) { chunks in
            let output = JSONOutput(sink: chunks, chunkSize: chunkSize)
            try encode(value, into: output)
            output.flush()
        }
    }

    private func encode<Value: Encodable>(_ value: Value, into output: JSONOutput) throws {
        let root = JSONValueEncoder(state: JSONEncodingState(), depth: 0, out: output, parent: nil, key: .none)
        try root.write(value)
        if let error = root.state.error { throw error }
        guard root.wroteValue else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(Value.self) schreef geen waarde."))
        }
        root.finish()
        if let error = root.state.error { throw error }
        output.bytes.append(UInt8(ascii: "\n"))
    }
}

/// The bytes being written; those no open object can still move are handed to the sink in
/// chunks.
final class JSONOutput {
    let bytes = JSONBytes()
    /// Objects begun and not yet ended: while there are any, nothing is handed out.
    var openObjects = 0
    private let sink: ((UnsafeRawBufferPointer) -> Void)?
    private let chunkSize: Int

    init(sink: ((UnsafeRawBufferPointer) -> Void)?, chunkSize: Int) {
        self.sink = sink
        self.chunkSize = chunkSize
    }

    /// Hands the bytes on once they are a chunk and final.
    @inline(__always)
    func flushIfFull() {
        if bytes.count >= chunkSize, openObjects == 0, sink != nil { flush() }
    }

    /// Hands every byte on, a chunk at a time.
    func flush() {
        guard let sink, bytes.count > 0 else { return }
        let all = UnsafeBufferPointer(bytes.buffer)
        var start = 0
        while start < all.count {
            let end = all.count - start < 2 * chunkSize ? all.count : start + chunkSize
            sink(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[start..<end])))
            start = end
        }
        bytes.removeAll()
    }
}

/// Bytes in one block that grows with `realloc`. A large block then grows where it is or is
/// remapped by the system: no copy, and its pages are not touched again. (An array copies its
/// bytes into a fresh block each time it doubles: for a JSON report of 150 MB that was a fifth
/// of the time and 150 MB more at the peak.)
final class JSONBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 4_096
        base = Self.reallocate(nil, capacity)
    }

    deinit { free(base) }

    private static func reallocate(_ block: UnsafeMutablePointer<UInt8>?, _ size: Int) -> UnsafeMutablePointer<UInt8> {
        // As an array does when there is no memory left, the program stops.
        guard let grown = realloc(block, size) else { preconditionFailure("Geen geheugen meer voor \(size) bytes JSON.") }
        return grown.assumingMemoryBound(to: UInt8.self)
    }

    /// The bytes written, valid until the next change.
    var buffer: UnsafeMutableBufferPointer<UInt8> { UnsafeMutableBufferPointer(start: base, count: count) }

    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity {
            capacity = max(count + extra, capacity * 2)
            base = Self.reallocate(base, capacity)
        }
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(ascii text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    subscript(index: Int) -> UInt8 {
        get { base[index] }
        set { base[index] = newValue }
    }

    func removeLast(_ count: Int) { self.count -= count }

    func removeAll() { count = 0 }
}

/// What every encoder of one encoding shares: the first misuse, and a buffer to reorder
/// objects' members through.
final class JSONEncodingState {
    var error: (any Error)?
    var scratch: [UInt8] = []
    /// Per depth, the keys of the last object ended there and their order: objects of one
    /// type (the entries of a long list) are sorted once.
    private var orders: [(keys: [String], order: [Int])] = []

    /// ``JSONText/sortedMembers(_:)``, from the last object at `depth` when it had the same keys.
    func order(of members: [JSONValueEncoder.Member], depth: Int) -> [Int] {
        while orders.count <= depth { orders.append(([], [])) }
        let cached = orders[depth]
        if cached.keys.count == members.count, zip(cached.keys, members).allSatisfy({ $0 == $1.key }) { return cached.order }
        let order = JSONText.sortedMembers(members)
        orders[depth] = (members.map(\.key), order)
        return order
    }

    func fail(_ message: String, at path: [any CodingKey]) {
        guard error == nil else { return }
        error = EncodingError.invalidValue("", EncodingError.Context(codingPath: path, debugDescription: message))
    }
}

/// The encoder of one value: how deep it is and what its containers have written so far.
/// A class, as `Encoder` needs: every container it hands out writes through it.
final class JSONValueEncoder: Encoder {
    /// Where a value stands in its parent, for its coding path.
    enum PathKey {
        case none
        case key(any CodingKey)
        case index(Int)
    }

    enum Kind {
        case none, object, array, single
    }

    /// One member of an object: its key and its bytes in the output, from the separator
    /// before it (`,` and a line feed) to the end of its value.
    struct Member {
        var key: String
        var range: Range<Int>
    }

    let state: JSONEncodingState
    /// The nesting of this value: 0 at the top. Its members or elements are indented one more.
    let depth: Int
    let out: JSONOutput
    private let parent: JSONValueEncoder?
    private let key: PathKey
    private(set) var kind = Kind.none
    /// Set when the parent has moved past this value: writing to it then is a misuse.
    private var closed = false
    /// An object's members, in the order they were encoded.
    private var members: [Member] = []
    /// The keys of this object's nested containers so far.
    private var nestedKeys: Set<String> = []
    /// An array's element count.
    private var count = 0
    /// A nested container or super encoder handed out, still to be closed (with its key, for an object).
    private var open: (encoder: JSONValueEncoder, key: String?, start: Int)?

    init(state: JSONEncodingState, depth: Int, out: JSONOutput, parent: JSONValueEncoder?, key: PathKey) {
        self.state = state
        self.depth = depth
        self.out = out
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        switch key {
        case .none: break
        case .key(let key): path.append(key)
        case .index(let index): path.append(JSONIndexKey(index: index))
        }
        return path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var wroteValue: Bool { kind != .none }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = begin(.object)
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = begin(.array)
        return JSONUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleContainer(encoder: self) }

    /// Starts (or goes on with) a container of `kind`; false after a misuse.
    private func begin(_ wanted: Kind) -> Bool {
        guard usable() else { return false }
        if kind == wanted { return true }
        guard kind == .none else {
            state.fail("Een waarde kreeg twee soorten containers (\(kind) en \(wanted)).", at: codingPath)
            return false
        }
        guard depth + 1 < 512 else {
            state.fail("Te diep genest (512 niveaus).", at: codingPath)
            return false
        }
        kind = wanted
        switch wanted {
        case .object:
            out.openObjects += 1
        case .array:
            // Written at once: the elements follow where the array goes.
            out.bytes.append(UInt8(ascii: "["))
            out.bytes.append(UInt8(ascii: "\n"))
        case .none, .single:
            break
        }
        return true
    }

    /// False, with the misuse recorded, once the parent has moved on; closes an open nested container.
    private func usable() -> Bool {
        guard !closed else {
            state.fail("Een geneste container werd gevuld nadat de container eromheen verder was gegaan.", at: codingPath)
            return false
        }
        closeOpen()
        return true
    }

    private func closeOpen() {
        guard let (nested, key, start) = open else { return }
        open = nil
        nested.finish()
        if let key { members.append(Member(key: key, range: start..<out.bytes.count)) }
    }

    // MARK: Writing values

    /// Writes `value` as this encoder's value: through its own `encode(to:)`, or as `JSONEncoder`
    /// writes a date, URL, decimal or data.
    func write<Value: Encodable>(_ value: Value) throws {
        // Asked of the type first: four casts of every value cost a tenth of a long report. A
        // value whose type is none of the four (nor, through a class, something else at run
        // time) is written by its own `encode(to:)`; an optional of one of them comes back
        // here unwrapped, through the single-value container, as in `JSONEncoder`.
        guard Value.self is any JSONOwnWay.Type || type(of: value) != Value.self else {
            try value.encode(to: self)
            return
        }
        if let date = value as? Date {
            writeSingle { JSONText.appendString(Timestamp.format(date), to: $0) }
        } else if let url = value as? URL {
            writeSingle { JSONText.appendString(url.absoluteString, to: $0) }
        } else if let decimal = value as? Decimal {
            writeSingle { $0.append(utf8: decimal.description) }
        } else if let data = value as? Data {
            writeSingle { JSONText.appendString(data.base64EncodedString(), to: $0) }
        } else {
            try value.encode(to: self)
        }
    }

    /// Writes one plain value as this encoder's whole value.
    func writeSingle(_ body: (JSONBytes) -> Void) {
        guard usable() else { return }
        guard kind == .none else {
            state.fail("Er is al een waarde geschreven.", at: codingPath)
            return
        }
        kind = .single
        body(out.bytes)
    }

    /// Encodes `value` as a child of this container, at `key` or as the next element.
    private func writeChild<Value: Encodable>(_ value: Value, key: PathKey) throws {
        let child = JSONValueEncoder(state: state, depth: depth + 1, out: out, parent: self, key: key)
        try child.write(value)
        if let error = state.error { throw error }
        child.finish()
    }

    /// Ends this value: an object's members put in key order, an array closed, nothing
    /// written made an empty object. Nothing can be added after.
    func finish() {
        guard !closed else { return }
        closeOpen()
        closed = true
        switch kind {
        case .none:
            // `JSONEncoder` writes an empty object for a value that encoded nothing.
            kind = .object
            out.openObjects += 1
            finishObject()
        case .single:
            break
        case .array:
            // After the last element, or after the opening line of an empty array.
            out.bytes.append(UInt8(ascii: "\n"))
            JSONText.appendIndent(depth, to: out.bytes)
            out.bytes.append(UInt8(ascii: "]"))
        case .object:
            finishObject()
        }
    }

    private func finishObject() {
        out.openObjects -= 1
        if let first = members.first {
            let order = state.order(of: members, depth: depth)
            if order.count != members.count || zip(order, order.indices).contains(where: { $0 != $1 }) {
                reorderMembers(order)
            }
            // The first member's separator opens the object: `{` and a line feed.
            out.bytes[first.range.lowerBound] = UInt8(ascii: "{")
        } else {
            out.bytes.append(UInt8(ascii: "{"))
            out.bytes.append(UInt8(ascii: "\n"))
        }
        out.bytes.append(UInt8(ascii: "\n"))
        JSONText.appendIndent(depth, to: out.bytes)
        out.bytes.append(UInt8(ascii: "}"))
        members = []
        nestedKeys = []
    }

    /// Puts the members that are kept (`order`, positions in `members`) in that order where
    /// they lie, at the end of the output: the largest is moved in place, the others copied
    /// out and back through the shared scratch buffer. Members dropped (a key encoded again
    /// later) are cut out.
    private func reorderMembers(_ order: [Int]) {
        guard let first = members.first, let last = members.last else { return }
        let start = first.range.lowerBound
        var largest = order[0]
        for index in order where members[index].range.count > members[largest].range.count { largest = index }
        var scratch: [UInt8] = []
        swap(&scratch, &state.scratch)
        scratch.removeAll(keepingCapacity: true)
        // The members in their new order, each with its new range.
        var placed: [Member] = []
        placed.reserveCapacity(order.count)
        var largestTarget = start
        for index in order {
            let from = members[index].range
            let to = (placed.last?.range.upperBound ?? start)
            placed.append(Member(key: members[index].key, range: to..<(to + from.count)))
            if index == largest {
                largestTarget = to
            } else {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: out.bytes.buffer[from]))
            }
        }
        let end = placed.last?.range.upperBound ?? start
        let largestRange = members[largest].range
        if let base = UnsafeMutableRawPointer(out.bytes.buffer.baseAddress) {
            if largestTarget != largestRange.lowerBound {
                // The regions may overlap: `copyMemory` moves as memmove does.
                (base + largestTarget).copyMemory(from: base + largestRange.lowerBound, byteCount: largestRange.count)
            }
            scratch.withUnsafeBytes { saved in
                guard let savedBase = saved.baseAddress else { return }
                var from = 0
                for (position, index) in order.enumerated() where index != largest {
                    let length = placed[position].range.count
                    (base + placed[position].range.lowerBound).copyMemory(from: savedBase + from, byteCount: length)
                    from += length
                }
            }
        }
        out.bytes.removeLast(last.range.upperBound - end)
        swap(&scratch, &state.scratch)
        members = placed
    }

    // MARK: For the containers

    /// Writes a member's separator, indent and key, and then its value with `body`. After a
    /// misuse, writes nothing (the error is recorded and thrown at the end).
    func member(_ key: some CodingKey, _ body: (JSONBytes) throws -> Void) rethrows {
        guard begin(.object) else { return }
        let start = out.bytes.count
        let name = key.stringValue
        appendMemberStart(name)
        try body(out.bytes)
        members.append(Member(key: name, range: start..<out.bytes.count))
    }

    func member<Value: Encodable>(_ key: some CodingKey, value: Value) throws {
        try member(key) { _ in try writeChild(value, key: .key(key)) }
        if let error = state.error { throw error }
    }

    /// `,` line feed, indent, `"key" : ` (the first member's `,` becomes `{` at the end).
    private func appendMemberStart(_ name: String) {
        out.bytes.append(UInt8(ascii: ","))
        out.bytes.append(UInt8(ascii: "\n"))
        JSONText.appendIndent(depth + 1, to: out.bytes)
        JSONText.appendString(name, to: out.bytes)
        out.bytes.append(UInt8(ascii: " "))
        out.bytes.append(UInt8(ascii: ":"))
        out.bytes.append(UInt8(ascii: " "))
    }

    /// A member whose value a nested encoder writes, closed when this object goes on.
    ///
    /// - Parameter container: Whether it is a nested container (not a super encoder): a second
    ///   one for the same key would add to the first in `JSONEncoder`, which cannot be done
    ///   once the first is written; that is refused.
    func nestedMember(_ key: some CodingKey, container: Bool) -> JSONValueEncoder {
        let name = key.stringValue
        var usable = begin(.object)
        if container, usable {
            if nestedKeys.contains(name) {
                state.fail("Twee geneste containers voor dezelfde sleutel \"\(name)\".", at: codingPath)
                usable = false
            } else {
                nestedKeys.insert(name)
            }
        }
        guard usable else { return detached(.key(key)) }
        let start = out.bytes.count
        appendMemberStart(name)
        let nested = JSONValueEncoder(state: state, depth: depth + 1, out: out, parent: self, key: .key(key))
        open = (nested, name, start)
        return nested
    }

    /// Writes the next element's separator and indent, and then the element with `body`.
    /// After a misuse, writes nothing (the error is recorded and thrown at the end).
    func element(_ body: (JSONBytes) throws -> Void) rethrows {
        guard beginElement() else { return }
        try body(out.bytes)
        elementWritten()
    }

    func element<Value: Encodable>(value: Value) throws {
        try element { _ in try writeChild(value, key: .index(count)) }
        if let error = state.error { throw error }
    }

    /// An element that a nested encoder writes, closed when this array goes on.
    func nestedElement() -> JSONValueEncoder {
        guard beginElement() else { return detached(.index(count)) }
        let nested = JSONValueEncoder(state: state, depth: depth + 1, out: out, parent: self, key: .index(count))
        open = (nested, nil, out.bytes.count)
        count += 1
        return nested
    }

    var elementCount: Int { count }

    /// An encoder that writes nowhere, handed out after a misuse (the error is already recorded).
    private func detached(_ key: PathKey) -> JSONValueEncoder {
        JSONValueEncoder(state: state, depth: depth + 1, out: JSONOutput(sink: nil, chunkSize: .max), parent: self, key: key)
    }

    private func beginElement() -> Bool {
        guard begin(.array) else { return false }
        if count > 0 {
            out.bytes.append(UInt8(ascii: ","))
            out.bytes.append(UInt8(ascii: "\n"))
        }
        JSONText.appendIndent(depth + 1, to: out.bytes)
        return true
    }

    private func elementWritten() {
        count += 1
        out.flushIfFull()
    }
}

/// The types `JSONEncoder` writes its own way, not through their `encode(to:)`.
protocol JSONOwnWay {}
extension Date: JSONOwnWay {}
extension URL: JSONOwnWay {}
extension Decimal: JSONOwnWay {}
extension Data: JSONOwnWay {}

/// The index of an array element in a coding path.
struct JSONIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// The key `super`, for `superEncoder()`.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

// MARK: Containers

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.member(key) { $0.append(ascii: "null") } }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        encoder.member(key) { $0.append(ascii: value ? "true" : "false") }
    }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.member(key) { JSONText.appendString(value, to: $0) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { try number(JSONText.floatText(value, encoder.codingPath), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try number(JSONText.floatText(value, encoder.codingPath), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { integer(value, key) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws { try encoder.member(key, value: value) }
    // The most common optional members, straight to the encoder (the protocol's defaults go
    // through the boxed container once more).
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { encoder.member(key) { JSONText.appendString(value, to: $0) } }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { integer(value, key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value { try encoder.member(key, value: value) }
    }

    private func integer(_ value: some FixedWidthInteger, _ key: Key) {
        encoder.member(key) { JSONText.appendInteger(value, to: $0) }
    }

    private func number(_ text: String, _ key: Key) throws {
        encoder.member(key) { $0.append(utf8: text) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.nestedMember(key, container: true).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.nestedMember(key, container: true).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder.nestedMember(JSONSuperKey(), container: false) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.nestedMember(key, container: false) }
}

/// What the unkeyed and the single-value container write the same way: each plain value
/// through ``put(_:)`` (the next element, or the value itself).
protocol JSONPlainValueWriting {
    var encoder: JSONValueEncoder { get }
    func put(_ body: (JSONBytes) -> Void)
}

extension JSONPlainValueWriting {
    mutating func encodeNil() throws { put { $0.append(ascii: "null") } }
    mutating func encode(_ value: Bool) throws { put { $0.append(ascii: value ? "true" : "false") } }
    mutating func encode(_ value: String) throws { put { JSONText.appendString(value, to: $0) } }
    mutating func encode(_ value: Double) throws { try number(JSONText.floatText(value, encoder.codingPath)) }
    mutating func encode(_ value: Float) throws { try number(JSONText.floatText(value, encoder.codingPath)) }
    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }

    private func integer(_ value: some FixedWidthInteger) { put { JSONText.appendInteger(value, to: $0) } }
    private func number(_ text: String) throws { put { $0.append(utf8: text) } }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer, JSONPlainValueWriting {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.elementCount }

    func put(_ body: (JSONBytes) -> Void) { encoder.element(body) }

    mutating func encode<Value: Encodable>(_ value: Value) throws { try encoder.element(value: value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.nestedElement().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { encoder.nestedElement().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder.nestedElement() }
}

struct JSONSingleContainer: SingleValueEncodingContainer, JSONPlainValueWriting {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    func put(_ body: (JSONBytes) -> Void) { encoder.writeSingle(body) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try encoder.write(value)
        if let error = encoder.state.error { throw error }
    }
}

// MARK: Text

/// The bytes of JSON's tokens, as `JSONEncoder` writes them, made safe to show.
enum JSONText {
    /// `"text"`, escaped as ``ReportJSONEncoder`` says.
    static func appendString(_ text: String, to bytes: JSONBytes) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { appendEscaped($0, to: bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The contents of a string: runs that need no escape are copied in one go.
    static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: JSONBytes) {
        var start = 0
        var index = 0
        let count = utf8.count
        while index < count {
            // Runs of sixteen bytes of printable ASCII other than `"` and `\` are passed over at once.
            if let base = utf8.baseAddress {
                while count - index >= 16 {
                    let v = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                    if any((v .== Self.quotes) .| (v .== Self.backslashes) .| (v .< Self.spaces16) .| (v .> Self.tildes)) { break }
                    index += 16
                }
                if index >= count { break }
            }
            let byte = utf8[index]
            if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            if byte < 0x80 {
                bytes.append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscape(ofASCII: byte, to: bytes)
                index += 1
                start = index
                continue
            }
            // Valid UTF-8 (a Swift string): the lead byte says the length.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            guard index + length <= count else { break }
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
            let hides =
                value < 0x600 ? (value <= 0x9F || value == 0xAD) : Unicode.Scalar(value).map(ReportRenderer.isInvisibleOrSteering) ?? false
            if hides, let scalar = Unicode.Scalar(value) {
                bytes.append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                for unit in String(scalar).utf16 { appendUnicodeEscape(unit, to: bytes) }
                index += length
                start = index
            } else {
                index += length
            }
        }
        bytes.append(UnsafeBufferPointer(rebasing: utf8[start..<count]))
    }

    private static let quotes = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
    private static let backslashes = SIMD16<UInt8>(repeating: UInt8(ascii: "\\"))
    private static let spaces16 = SIMD16<UInt8>(repeating: 0x20)
    private static let tildes = SIMD16<UInt8>(repeating: 0x7E)

    private static func appendEscape(ofASCII byte: UInt8, to bytes: JSONBytes) {
        let short: UInt8? =
            switch byte {
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: nil
            }
        if let short {
            bytes.append(UInt8(ascii: "\\"))
            bytes.append(short)
        } else {
            appendUnicodeEscape(UInt16(byte), to: bytes)
        }
    }

    /// `\uXXXX`, lowercase hex.
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendUnicodeEscape(_ unit: UInt16, to bytes: JSONBytes) {
        let digits = hexDigits
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(digits[Int(unit >> UInt16(shift) & 0xF)]) }
    }

    static func appendInteger(_ value: some FixedWidthInteger, to bytes: JSONBytes) {
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(utf8: String(value))
        }
    }

    /// A floating-point number as `JSONEncoder` writes it: its description without `.0`.
    static func floatText<Number: BinaryFloatingPoint & CustomStringConvertible>(
        _ value: Number, _ path: @autoclosure () -> [any CodingKey]
    ) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: path(), debugDescription: "\(Number.self) \(value) is geen JSON-getal."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// Two spaces per level.
    static func appendIndent(_ level: Int, to bytes: JSONBytes) {
        guard level > 0 else { return }
        var left = level * 2
        while left > 0 {
            let now = min(left, spaces.count)
            spaces.withUnsafeBufferPointer { bytes.append(UnsafeBufferPointer(rebasing: $0[..<now])) }
            left -= now
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// The members' positions in key order (UTF-8 bytes), each key once: the last value encoded for it.
    static func sortedMembers(_ members: [JSONValueEncoder.Member]) -> [Int] {
        var order = Array(members.indices)
        // Stable: equal keys stay in the order they were encoded.
        var sorted = true
        for index in order.indices.dropFirst() where !precedes(members[index - 1].key, members[index].key) {
            sorted = false
            break
        }
        if !sorted {
            order.sort { left, right in
                let l = members[left].key
                let r = members[right].key
                if l == r { return left < right }
                return precedes(l, r)
            }
        }
        // A key encoded twice keeps its last value (as a dictionary would).
        var unique: [Int] = []
        unique.reserveCapacity(order.count)
        for index in order {
            if let last = unique.last, members[last].key == members[index].key {
                unique[unique.count - 1] = index
            } else {
                unique.append(index)
            }
        }
        return unique
    }

    private static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
