import Foundation

/// The fast path of replay: reads a journal line of the shape the journal itself writes in
/// one pass, member by member, straight into an ``Event`` (or, for replay, an input's line
/// straight into its ``InputRecord``).
///
/// It handles the events that make up almost every journal (inputs, feedback, sending) and
/// gives up — returning `nil` — on anything else: another event type, an unknown or escaped
/// key, `data` before another member, an unexpected value. The caller then reads the line the
/// general way (``EventCoding/decode(body:)``), which accepts any valid JSON of the same
/// meaning and names what is wrong. Both give the same event for the same line, and the record
/// is the one the engine makes of that event (tested on every event the property tests
/// generate).
struct EventLineDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private let end: Int

    private enum Kind {
        case inputReceived, feedbackRecorded, feedbackSent
    }

    /// The event in the body of a journal line (an object without its closing brace), or
    /// `nil` when the line is not of the common shape.
    static func decode(body: UnsafeBufferPointer<UInt8>) -> Event? {
        var decoder = EventLineDecoder(bytes: body, index: 0, end: body.count)
        guard case .event(let event)? = decoder.line(recordingInputs: false) else { return nil }
        return event
    }

    /// The body of a journal line as replay applies it: an `inputReceived` line straight as
    /// the input's record (see ``ReplayLine``), any other line of the common shape as its
    /// event; `nil` when the line is not of the common shape.
    static func decodeForReplay(body: UnsafeBufferPointer<UInt8>) -> DecodedLine? {
        var decoder = EventLineDecoder(bytes: body, index: 0, end: body.count)
        return decoder.line(recordingInputs: true)
    }

    /// A line read by the decoder: its event, or an input's record with the line's process
    /// and `recorded` (the moment and actor are the record's ``InputRecord/registeredAt`` and
    /// ``InputRecord/registeredBy``).
    enum DecodedLine {
        case event(Event)
        case input(InputRecord, process: ProcessID, recorded: Date?)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, index: Int, end: Int) {
        self.bytes = bytes
        self.index = index
        self.end = end
    }

    /// Reads the line; with `recordingInputs`, an `inputReceived` line becomes the input's
    /// record rather than an event.
    private mutating func line(recordingInputs: Bool) -> DecodedLine? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var at: Date?
        var recorded: Date?
        var account: String?
        var actor: ActorIdentity?
        var process: ProcessID?
        var kind: Kind?
        var seen: UInt64 = 0
        while true {
            guard let key = key(), key != .other else { return nil }
            // A key twice is left to the general reader, which refuses it.
            guard seen & key.bit == 0 else { return nil }
            seen |= key.bit
            switch key {
            case .v, .seq, .more:
                guard skipNumber() else { return nil }
            case .at:
                guard let range = plainString(), let date = Timestamp.parse(utcBytes: UnsafeBufferPointer(rebasing: bytes[range]))
                else { return nil }
                at = date
            case .recorded:
                guard let range = plainString(), let date = Timestamp.parse(utcBytes: UnsafeBufferPointer(rebasing: bytes[range]))
                else { return nil }
                recorded = date
            case .account:
                guard let value = string() else { return nil }
                account = value
            case .actor:
                guard let value = readActor() else { return nil }
                actor = value
            case .process:
                guard let value = string() else { return nil }
                process = ProcessID(value)
            case .type:
                guard let range = plainString() else { return nil }
                if equals(range, "inputReceived") {
                    kind = .inputReceived
                } else if equals(range, "feedbackRecorded") {
                    kind = .feedbackRecorded
                } else if equals(range, "feedbackSent") {
                    kind = .feedbackSent
                } else {
                    return nil
                }
            case .data:
                // The journal writes `data` last, after every other member (the body ends where
                // `,"hash":` began); a line of another order is left to the general reader. Read
                // here and returned at once, the event or record is never carried round the loop
                // (which copied it for every member).
                guard let kind, let at, let actor, let process else { return nil }
                if recordingInputs, kind == .inputReceived {
                    guard consume(UInt8(ascii: "{")), let fields = receivedFields(), index == end else { return nil }
                    return .input((consume fields).record(at: at, by: actor, bytes: bytes), process: process, recorded: recorded)
                }
                guard let payload = data(kind), index == end else { return nil }
                return .event(Event(at: at, actor: actor, process: process, payload: payload, recorded: recorded, account: account))
            default:
                return nil
            }
            guard consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    private mutating func data(_ kind: Kind) -> EventPayload? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        switch kind {
        case .inputReceived:
            return receivedFields().map { .inputReceived($0.event(bytes: bytes)) }
        case .feedbackRecorded:
            var input: String?
            var verdict: Verdict?
            var motivation: String?
            var amount: Int?
            let ok = members { decoder, key in
                switch key {
                case .input: input = decoder.string()
                case .verdict: verdict = decoder.string().flatMap(Verdict.init(rawValue:))
                case .motivation: motivation = decoder.string()
                case .amount:
                    amount = decoder.integer()
                    return amount != nil
                default: return false
                }
                return true
            }
            guard ok, let input, let verdict, let motivation else { return nil }
            return .feedbackRecorded(FeedbackRecorded(input: InputID(input), verdict: verdict, motivation: motivation, amount: amount))
        case .feedbackSent:
            var inputs: [InputID]?
            var on: CivilDate?
            let ok = members { decoder, key in
                switch key {
                case .inputs: inputs = decoder.stringList()
                case .on: on = decoder.day()
                default: return false
                }
                return true
            }
            guard ok, let inputs, let on else { return nil }
            return .feedbackSent(FeedbackSent(inputs: inputs, on: on))
        }
    }

    /// The members of an `inputReceived` line's data, its `{` consumed, up to and including
    /// its `}`: read once, then made into the event or straight into the input's record.
    private mutating func receivedFields() -> ReceivedFields? {
        var input: String?
        var kind: String?
        var text: String?
        var received: CivilDate?
        var state: String?
        var late: Bool?
        var outOfScope: Bool?
        var needsFeedback: Bool?
        var rest = ReceivedFields.Rest()
        let ok = members { decoder, key in
            switch key {
            case .input: input = decoder.string()
            case .parent:
                rest.parent = decoder.string()
                return rest.parent != nil
            case .route:
                rest.route = decoder.string()
                return rest.route != nil
            case .kind: kind = decoder.string()
            case .text: text = decoder.string()
            case .received: received = decoder.day()
            case .channel: return decoder.optionalString(&rest.channel)
            case .theme: return decoder.optionalString(&rest.theme)
            case .publicName: return decoder.optionalString(&rest.publicName)
            case .personalDigest:
                // Kept as its place in the line when plain ASCII: a record takes the 32 bytes it
                // spells, without a string in between.
                if decoder.null() { return true }
                if let range = decoder.plainString() {
                    rest.digestRange = range
                    return true
                }
                rest.personalDigest = decoder.string()
                return rest.personalDigest != nil
            case .state: state = decoder.string()
            case .late: late = decoder.bool()
            case .outOfScope: outOfScope = decoder.bool()
            case .needsFeedback: needsFeedback = decoder.bool()
            case .early:
                guard let flag = decoder.bool() else { return false }
                rest.early = flag
            case .owner: return decoder.optionalString(&rest.owner)
            case .amount:
                rest.amount = decoder.integer()
                return rest.amount != nil
            case .answerDue:
                if decoder.null() { return true }
                rest.answerDue = decoder.day()
                return rest.answerDue != nil
            default: return false
            }
            return true
        }
        guard ok, let input, let kind, let text, let received, let state, let late, let outOfScope, let needsFeedback else {
            return nil
        }
        return ReceivedFields(
            input: InputID(input), kind: InputKindID(kind), text: text, received: received, state: StateID(state), late: late,
            outOfScope: outOfScope, needsFeedback: needsFeedback, rest: rest)
    }

    /// The data of an `inputReceived` line, made into the event or into the input's record.
    private struct ReceivedFields {
        var input: InputID
        var kind: InputKindID
        var text: String
        var received: CivilDate
        var state: StateID
        var late: Bool
        var outOfScope: Bool
        var needsFeedback: Bool
        var rest: Rest

        /// The members a line may leave out.
        struct Rest {
            var channel: String?
            var theme: String?
            var publicName: String?
            /// The digest when it was not plain ASCII (read by the general string reader).
            var personalDigest: String?
            /// Where in the line the digest's digits are, when they are plain ASCII.
            var digestRange: Range<Int>?
            var answerDue: CivilDate?
            var early = false
            var owner: String?
            var amount: Int?
            var parent: String?
            var route: String?
        }

        /// The digest as a string, as the event keeps it.
        func digestText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
            rest.personalDigest ?? rest.digestRange.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }

        consuming func event(bytes: UnsafeBufferPointer<UInt8>) -> InputReceived {
            InputReceived(
                input: input, kind: kind, text: text, received: received, channel: rest.channel, theme: rest.theme,
                publicName: rest.publicName, personalDigest: digestText(bytes), state: state, late: late, outOfScope: outOfScope,
                needsFeedback: needsFeedback, answerDue: rest.answerDue, early: rest.early, owner: rest.owner, amount: rest.amount,
                parent: rest.parent.map(InputID.init), route: rest.route.map(RoleID.init))
        }

        /// The record ``ProcessEngine`` makes of the event (``ProcessEngine/record(of:at:by:)``),
        /// made here at once: the same record, field for field.
        consuming func record(at moment: Date, by actor: ActorIdentity, bytes: UnsafeBufferPointer<UInt8>) -> InputRecord {
            let sha256 =
                if let range = rest.digestRange {
                    SHA256Digest(lowercaseHexBuffer: UnsafeBufferPointer(rebasing: bytes[range]))
                } else {
                    rest.personalDigest.flatMap { SHA256Digest(lowercaseHex: $0) }
                }
            return InputRecord(
                id: input, kind: kind, storedText: SharedText(text), received: received, registeredAt: moment, registeredBy: actor,
                channel: rest.channel, theme: rest.theme, publicName: rest.publicName, personalSHA256: sha256,
                personalText: sha256 == nil ? digestText(bytes) : nil, stateAtReceipt: state, late: late, outOfScope: outOfScope,
                needsFeedback: needsFeedback, answerDue: rest.answerDue, withdrawal: nil, feedback: [], sentOn: nil, redaction: nil,
                early: rest.early, owner: rest.owner, handovers: [], requestedAmount: rest.amount,
                parent: rest.parent.map(InputID.init), route: rest.route.map(RoleID.init), pointCount: 0)
        }
    }

    /// Reads the members of an object whose `{` was consumed, up to and including its `}`.
    /// `read` reads one value and returns whether it was understood.
    private mutating func members(_ read: (inout EventLineDecoder, Key) -> Bool) -> Bool {
        if consume(UInt8(ascii: "}")) { return true }
        var seen: UInt64 = 0
        while true {
            guard let key = key(), key != .other, seen & key.bit == 0 else { return false }
            seen |= key.bit
            guard read(&self, key) else { return false }
            if consume(UInt8(ascii: "}")) { return true }
            guard consume(UInt8(ascii: ",")) else { return false }
        }
    }

    // MARK: Tokens

    /// The keys this decoder knows, so a key is matched once and then switched on.
    private enum Key: Int, CaseIterable {
        case v, seq, more, at, recorded, account, actor, process, type, data, role, name, input, kind, text, received, channel, theme
        case publicName, personalDigest, state, late, outOfScope, needsFeedback, answerDue, verdict, motivation, inputs, on
        case early, owner, amount, parent, route
        case other

        var spelling: StaticString {
            switch self {
            case .v: "v"
            case .seq: "seq"
            case .more: "more"
            case .at: "at"
            case .recorded: "recorded"
            case .account: "account"
            case .actor: "actor"
            case .process: "process"
            case .type: "type"
            case .data: "data"
            case .role: "role"
            case .name: "name"
            case .input: "input"
            case .kind: "kind"
            case .text: "text"
            case .received: "received"
            case .channel: "channel"
            case .theme: "theme"
            case .publicName: "publicName"
            case .personalDigest: "personalDigest"
            case .state: "state"
            case .late: "late"
            case .outOfScope: "outOfScope"
            case .needsFeedback: "needsFeedback"
            case .answerDue: "answerDue"
            case .verdict: "verdict"
            case .motivation: "motivation"
            case .inputs: "inputs"
            case .on: "on"
            case .early: "early"
            case .owner: "owner"
            case .amount: "amount"
            case .parent: "parent"
            case .route: "route"
            case .other: ""
            }
        }

        /// A bit of its own, to see a key given twice.
        var bit: UInt64 { 1 << UInt64(rawValue) }

        /// The known keys by length, each as its bytes in two little-endian words (every key
        /// is at most 16 bytes), so a key is matched with one or two integer comparisons.
        static let byLength: [[(low: UInt64, high: UInt64, key: Key)]] = {
            var table = [[(low: UInt64, high: UInt64, key: Key)]](repeating: [], count: 17)
            for key in allCases where key != .other {
                let spelling = key.spelling
                let bytes = UnsafeBufferPointer(start: spelling.utf8Start, count: spelling.utf8CodeUnitCount)
                let (low, high) = words(bytes)
                table[bytes.count].append((low, high, key))
            }
            return table
        }()

        /// The bytes (at most 16) as two little-endian words, zero-padded.
        static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (offset, byte) in bytes.enumerated() {
                if offset < 8 { low |= UInt64(byte) << (8 * UInt64(offset)) } else { high |= UInt64(byte) << (8 * UInt64(offset - 8)) }
            }
            return (low, high)
        }
    }

    /// Reads `"key":` and returns the known key, or `.other` for any other (which the callers
    /// refuse); `nil` on a syntax problem or an escaped key.
    private mutating func key() -> Key? {
        guard let range = plainString(), consume(UInt8(ascii: ":")) else { return nil }
        let length = range.count
        guard length <= 16, let base = bytes.baseAddress else { return .other }
        let raw = UnsafeRawPointer(base + range.lowerBound)
        let low: UInt64
        let high: UInt64
        if end - range.lowerBound >= 16 {
            // The key is followed by at least `":` and a value, so both loads stay inside the line.
            let first = raw.loadUnaligned(as: UInt64.self)
            let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            low = length >= 8 ? first : first & ((1 << (8 * UInt64(length))) &- 1)
            high = length >= 16 ? second : length <= 8 ? 0 : second & ((1 << (8 * UInt64(length - 8))) &- 1)
        } else {
            (low, high) = Key.words(UnsafeBufferPointer(rebasing: bytes[range]))
        }
        for candidate in Key.byLength[length] where candidate.low == low && candidate.high == high { return candidate.key }
        return .other
    }

    private func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount, let base = bytes.baseAddress else {
            return range.isEmpty && text.utf8CodeUnitCount == 0
        }
        return memcmp(text.utf8Start, base + range.lowerBound, range.count) == 0
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string of plain ASCII without escapes: the range of its content. `nil` (and the index
    /// unchanged) for anything else.
    private mutating func plainString() -> Range<Int>? {
        guard index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
        // Most strings of a line are short (keys, ids, dates): looked at byte by byte, which
        // costs less than setting up the scanner's sixteen-at-a-time run for them.
        var cursor = index + 1
        let shortEnd = min(end, cursor + Self.shortString)
        while cursor < shortEnd {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                let range = (index + 1)..<cursor
                index = cursor + 1
                return range
            }
            if byte < 0x20 || byte == UInt8(ascii: "\\") || byte >= 0x80 { return nil }
            cursor += 1
        }
        var scanner = JSONScanner(bytes: bytes, index: index, end: end)
        guard let escaped = try? scanner.scanString(), !escaped else { return nil }
        let range = (index + 1)..<(scanner.index - 1)
        index = scanner.index
        return range
    }

    /// The length up to which ``plainString()`` looks for the closing quote byte by byte.
    private static let shortString = 24

    /// A string, decoded (escapes and UTF-8 checked by the general decoder).
    private mutating func string() -> String? {
        if let range = plainString() { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        return JSONObjectView.readString(bytes, at: &index, end: end)
    }

    /// A string or `null` into `value`; whether it was either.
    private mutating func optionalString(_ value: inout String?) -> Bool {
        if null() { return true }
        value = string()
        return value != nil
    }

    private mutating func null() -> Bool {
        guard end - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    private mutating func bool() -> Bool? {
        if end - index >= 4, bytes[index] == UInt8(ascii: "t"), bytes[index + 1] == UInt8(ascii: "r"),
            bytes[index + 2] == UInt8(ascii: "u"), bytes[index + 3] == UInt8(ascii: "e")
        {
            index += 4
            return true
        }
        if end - index >= 5, bytes[index] == UInt8(ascii: "f"), bytes[index + 1] == UInt8(ascii: "a"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "s"), bytes[index + 4] == UInt8(ascii: "e")
        {
            index += 5
            return false
        }
        return nil
    }

    private mutating func day() -> CivilDate? {
        guard let range = plainString() else { return nil }
        return CivilDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// A non-negative integer of at most 15 digits as the journal writes it (digits only, no
    /// leading zero but for 0 itself); `nil` for anything else, which the general reader reads.
    private mutating func integer() -> Int? {
        let start = index
        var value = 0
        while index < end, bytes[index] >= 48, bytes[index] <= 57, index - start < 15 {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
        }
        let count = index - start
        guard count > 0, index >= end || bytes[index] < 48 || bytes[index] > 57, count == 1 || bytes[start] != 48 else {
            return nil
        }
        return value
    }

    /// A non-negative integer as the journal writes it (digits only); skipped, its value is
    /// read by the journal itself.
    private mutating func skipNumber() -> Bool {
        let start = index
        while index < end, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        return index > start
    }

    private mutating func readActor() -> ActorIdentity? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var role: String?
        var name: String?
        let ok = members { decoder, key in
            switch key {
            case .role: role = decoder.string()
            case .name: return decoder.optionalString(&name)
            default: return false
            }
            return key != .role || role != nil
        }
        guard ok, let role else { return nil }
        return ActorIdentity(role: RoleID(role), name: name)
    }

    private mutating func stringList() -> [InputID]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var result: [InputID] = []
        if consume(UInt8(ascii: "]")) { return result }
        while true {
            guard let text = string() else { return nil }
            result.append(InputID(text))
            if consume(UInt8(ascii: "]")) { return result }
            guard consume(UInt8(ascii: ",")) else { return nil }
        }
    }
}
