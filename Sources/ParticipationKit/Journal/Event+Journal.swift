import Foundation

/// Writes and reads events in the journal's line shape: the `"at"`, `"actor"`, `"process"`,
/// `"type"` and `"data"` members of a journal line (the journal adds `v`, `seq`, `more`
/// and `hash`).
///
/// Hand-written rather than through `Codable`, because every event of every replay goes
/// through here.
enum EventCoding {
    /// Writes the payloads of a command's events straight into the journal's buffer; the
    /// header (`at`, `actor`, `process`), the same for every event of a command, is written
    /// once and copied.
    struct PayloadWriter {
        /// The header of the last event written, and what it was made of: the events of one
        /// command share it. Stored as plain fields (comparing through an optional tuple copied
        /// the whole tuple, strings retained, for every comparison).
        private var hasHeader = false
        private var at = Date(timeIntervalSince1970: 0)
        private var actor = ActorIdentity(role: "")
        private var process = ProcessID("")
        private var recorded: Date?
        private var account: String?
        private var header: [UInt8] = []

        /// Appends an event's line (without `"v"` and `"seq"`); the event is `inout` only to be
        /// read where it lies (a borrowed one read through a buffer pointer is copied first).
        mutating func append(_ event: inout Event, to buffer: inout [UInt8]) {
            if !hasHeader || at != event.at || actor != event.actor || process != event.process || recorded != event.recorded
                || account != event.account
            {
                var w = JSONWriter(reservingCapacity: 160)
                appendHeader(of: event, to: &w)
                (hasHeader, at, actor, process, recorded, account) = (
                    true, event.at, event.actor, event.process, event.recorded, event.account
                )
                header = w.bytes
            }
            buffer.append(contentsOf: header)
            var w = JSONWriter(continuing: &buffer)
            appendBody(of: event, to: &w)
            w.handBack(to: &buffer)
        }
    }

    /// The payload bytes of a journal line for an event.
    static func encode(_ event: Event) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 256)
        appendHeader(of: event, to: &w)
        appendBody(of: event, to: &w)
        return w.bytes
    }

    /// `"at":…,"recorded":…,"account":…,"actor":{…},"process":…,`
    private static func appendHeader(of event: Event, to w: inout JSONWriter) {
        w.appendKey("at")
        w.appendString(Timestamp.format(event.at))
        w.appendRaw(",")
        if let recorded = event.recorded {
            w.appendKey("recorded")
            w.appendString(Timestamp.format(recorded))
            w.appendRaw(",")
        }
        if let account = event.account {
            w.appendKey("account")
            w.appendString(account)
            w.appendRaw(",")
        }
        w.appendKey("actor")
        w.appendRaw("{")
        w.appendKey("role")
        w.appendString(event.actor.role.rawValue)
        if let name = event.actor.name {
            w.appendRaw(",")
            w.appendKey("name")
            w.appendString(name)
        }
        w.appendRaw("},")
        w.appendKey("process")
        w.appendString(event.process.rawValue)
        w.appendRaw(",")
    }

    /// `"type":…,"data":{…}`
    private static func appendBody(of event: Event, to w: inout JSONWriter) {
        w.appendKey("type")
        w.appendString(event.payload.type)
        w.appendRaw(",")
        w.appendKey("data")
        w.appendRaw("{")
        // The writer moves into the object writer and back, so its bytes are never copied.
        var object = ObjectWriter(writer: JSONWriter(reservingCapacity: 0))
        swap(&object.writer, &w)
        encodeData(event.payload, into: &object)
        swap(&object.writer, &w)
        w.appendRaw("}")
    }

    private static func encodeData(_ payload: EventPayload, into o: inout ObjectWriter) {
        switch payload {
        case .processStarted(let e):
            o.string("workflow", e.workflow.rawValue)
            o.string("workflowVersion", e.workflowVersion)
            o.string("definitionHash", e.definitionHash)
            o.string("title", e.title)
            o.stringMap("attributes", e.attributes.map { ($0.key.rawValue, $0.value) })
            o.optionalString("planDigest", e.planDigest)
            o.bool("planComplete", e.planComplete)
            o.string("initial", e.initial.rawValue)
            if let window = e.window { o.deadline("window", window) }
        case .inputReceived(let e):
            o.string("input", e.input.rawValue)
            o.string("kind", e.kind.rawValue)
            o.string("text", e.text)
            o.day("received", e.received)
            o.optionalString("channel", e.channel)
            o.optionalString("theme", e.theme)
            o.optionalString("publicName", e.publicName)
            o.optionalString("personalDigest", e.personalDigest)
            o.string("state", e.state.rawValue)
            o.bool("late", e.late)
            o.bool("outOfScope", e.outOfScope)
            o.bool("needsFeedback", e.needsFeedback)
            o.optionalDay("answerDue", e.answerDue)
            // Only when set, so every other line stays as it was before the flag existed.
            if e.early { o.bool("early", true) }
            o.optionalString("owner", e.owner)
            if let amount = e.amount { o.int("amount", amount) }
            // Only on points, so every other line stays as it was before points existed.
            if let parent = e.parent { o.string("parent", parent.rawValue) }
            if let route = e.route { o.string("route", route.rawValue) }
        case .inputWithdrawn(let e):
            o.string("input", e.input.rawValue)
            o.string("reason", e.reason)
            o.optionalString("evidence", e.evidence)
        case .feedbackRecorded(let e):
            o.string("input", e.input.rawValue)
            o.string("verdict", e.verdict.rawValue)
            o.string("motivation", e.motivation)
            if let amount = e.amount { o.int("amount", amount) }
        case .feedbackSent(let e):
            o.stringList("inputs", e.inputs.map(\.rawValue))
            o.day("on", e.on)
        case .documentAttached(let e):
            o.string("kind", e.kind.rawValue)
            o.string("reference", e.reference)
            if let date = e.date { o.day("date", date) }
        case .planAttached(let e):
            o.string("digest", e.digest)
            o.bool("complete", e.complete)
        case .transitioned(let e):
            o.string("transition", e.transition.rawValue)
            o.string("from", e.from.rawValue)
            o.string("to", e.to.rawValue)
            o.optionalString("reason", e.reason)
            o.bool("decision", e.decision)
            o.bool("timed", e.timed)
            if let window = e.window { o.deadline("window", window) }
        case .termExtended(let e):
            o.string("state", e.state.rawValue)
            o.int("days", e.days)
            o.string("reason", e.reason)
            o.deadline("window", e.window)
            if let term = e.term { o.string("term", term.rawValue) }
            o.optionalString("basis", e.basis)
        case .personalDataRedacted(let e):
            o.string("input", e.input.rawValue)
            o.string("reason", e.reason)
        case .storeCreated(let e):
            o.bool("exercise", e.exercise)
        case .roleGranted(let e), .roleRevoked(let e):
            o.string("account", e.account)
            o.stringList("roles", e.roles.map(\.rawValue))
        case .inputsAssigned(let e):
            o.stringList("inputs", e.inputs.map(\.rawValue))
            o.string("owner", e.owner)
            o.optionalString("reason", e.reason)
        }
    }

    /// Reads an event from a whole JSON object (a journal line with its hash, or without).
    static func decode(_ bytes: [UInt8]) throws(EventDecodingError) -> Event {
        try bytes.withUnsafeBufferPointer { (buffer) throws(EventDecodingError) -> Event in
            try decode(buffer, from: 0, to: buffer.count, openEnded: false)
        }
    }

    /// Reads an event from the body of a journal line: its bytes before `,"hash":`, an object
    /// without its closing brace.
    ///
    /// Lines of the common shape take the one-pass ``EventLineDecoder``; anything else the
    /// general reader, which also explains what is wrong.
    static func decode(body: ArraySlice<UInt8>) throws(EventDecodingError) -> Event {
        try body.withUnsafeBufferPointer { (buffer) throws(EventDecodingError) -> Event in
            if let event = EventLineDecoder.decode(body: buffer) { return event }
            return try decode(buffer, from: 0, to: buffer.count, openEnded: true)
        }
    }

    /// ``decode(body:)`` as replay reads it: an `inputReceived` line of the common shape
    /// straight as its record (``EventLineDecoder/decodeForReplay(body:)``), any other line as
    /// its event.
    static func decodeForReplay(body: ArraySlice<UInt8>) throws(EventDecodingError) -> EventLineDecoder.DecodedLine {
        try body.withUnsafeBufferPointer { (buffer) throws(EventDecodingError) -> EventLineDecoder.DecodedLine in
            if let line = EventLineDecoder.decodeForReplay(body: buffer) { return line }
            return .event(try decode(buffer, from: 0, to: buffer.count, openEnded: true))
        }
    }

    /// ``decode(body:)`` without the fast path, so tests can compare the two.
    static func decodeGenerally(body: ArraySlice<UInt8>) throws(EventDecodingError) -> Event {
        try body.withUnsafeBufferPointer { (buffer) throws(EventDecodingError) -> Event in
            try decode(buffer, from: 0, to: buffer.count, openEnded: true)
        }
    }

    private static func decode(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, openEnded: Bool
    ) throws(EventDecodingError) -> Event {
        let view: JSONObjectView
        do {
            view = try JSONObjectView(buffer, from: start, to: end, openEnded: openEnded)
        } catch {
            throw EventDecodingError(message: "geen geldige JSON: \(error)")
        }
        let r = Reader(view: view, path: "")
        let at = try r.timestamp("at")
        let recorded = try r.optionalTimestamp("recorded")
        let account = try r.optionalString("account")
        let actorReader = try r.object("actor")
        let actor = ActorIdentity(role: RoleID(try actorReader.string("role")), name: try actorReader.optionalString("name"))
        let process = ProcessID(try r.string("process"))
        let type = try r.string("type")
        let d = try r.object("data")
        let payload: EventPayload
        switch type {
        case "processStarted":
            payload = .processStarted(
                ProcessStarted(
                    workflow: WorkflowID(try d.string("workflow")), workflowVersion: try d.string("workflowVersion"),
                    definitionHash: try d.string("definitionHash"), title: try d.string("title"),
                    attributes: Dictionary(
                        uniqueKeysWithValues: try d.stringMap("attributes").map { (AttributeName($0.0), $0.1) }),
                    planDigest: try d.optionalString("planDigest"), planComplete: try d.bool("planComplete"),
                    initial: StateID(try d.string("initial")), window: try d.optionalDeadline("window")))
        case "inputReceived":
            payload = .inputReceived(
                InputReceived(
                    input: InputID(try d.string("input")), kind: InputKindID(try d.string("kind")), text: try d.string("text"),
                    received: try d.date("received"), channel: try d.optionalString("channel"),
                    theme: try d.optionalString("theme"), publicName: try d.optionalString("publicName"),
                    personalDigest: try d.optionalString("personalDigest"), state: StateID(try d.string("state")),
                    late: try d.bool("late"), outOfScope: try d.bool("outOfScope"), needsFeedback: try d.bool("needsFeedback"),
                    answerDue: try d.optionalDate("answerDue"), early: try d.optionalBool("early") ?? false,
                    owner: try d.optionalString("owner"), amount: try d.optionalInt("amount"),
                    parent: try d.optionalString("parent").map(InputID.init), route: try d.optionalString("route").map(RoleID.init)))
        case "inputWithdrawn":
            // `evidence` is missing on lines written before a withdrawal needed the writer's request.
            payload = .inputWithdrawn(
                InputWithdrawn(
                    input: InputID(try d.string("input")), reason: try d.string("reason"), evidence: try d.optionalString("evidence")))
        case "feedbackRecorded":
            let verdictText = try d.string("verdict")
            guard let verdict = Verdict(rawValue: verdictText) else {
                throw EventDecodingError(message: "onbekend oordeel \"\(verdictText)\"")
            }
            payload = .feedbackRecorded(
                FeedbackRecorded(
                    input: InputID(try d.string("input")), verdict: verdict, motivation: try d.string("motivation"),
                    amount: try d.optionalInt("amount")))
        case "feedbackSent":
            payload = .feedbackSent(FeedbackSent(inputs: try d.stringList("inputs").map(InputID.init), on: try d.date("on")))
        case "documentAttached":
            payload = .documentAttached(
                DocumentAttached(
                    kind: DocumentKindID(try d.string("kind")), reference: try d.string("reference"), date: try d.optionalDate("date")))
        case "planAttached":
            payload = .planAttached(PlanAttached(digest: try d.string("digest"), complete: try d.bool("complete")))
        case "transitioned":
            payload = .transitioned(
                Transitioned(
                    transition: TransitionName(try d.string("transition")), from: StateID(try d.string("from")),
                    to: StateID(try d.string("to")), reason: try d.optionalString("reason"), decision: try d.bool("decision"),
                    timed: try d.bool("timed"), window: try d.optionalDeadline("window")))
        case "termExtended":
            payload = .termExtended(
                TermExtended(
                    state: StateID(try d.string("state")), days: try d.int("days"), reason: try d.string("reason"),
                    window: try d.deadline("window"), term: try d.optionalString("term").map(TermName.init),
                    basis: try d.optionalString("basis")))
        case "personalDataRedacted":
            payload = .personalDataRedacted(
                PersonalDataRedacted(input: InputID(try d.string("input")), reason: try d.string("reason")))
        case "storeCreated":
            payload = .storeCreated(StoreCreated(exercise: try d.bool("exercise")))
        case "roleGranted":
            payload = .roleGranted(RoleChange(account: try d.string("account"), roles: try d.stringList("roles").map(RoleID.init)))
        case "roleRevoked":
            payload = .roleRevoked(RoleChange(account: try d.string("account"), roles: try d.stringList("roles").map(RoleID.init)))
        case "inputsAssigned":
            payload = .inputsAssigned(
                InputsAssigned(
                    inputs: try d.stringList("inputs").map(InputID.init), owner: try d.string("owner"),
                    reason: try d.optionalString("reason")))
        default:
            throw EventDecodingError(message: "onbekend soort gebeurtenis \"\(type)\"")
        }
        return Event(at: at, actor: actor, process: process, payload: payload, recorded: recorded, account: account)
    }
}

/// A journal line whose content does not describe a valid event.
struct EventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Writes the members of one JSON object, adding the commas.
private struct ObjectWriter {
    var writer: JSONWriter
    var first = true

    /// `"key":` after a comma if a member came before; the keys are the journal's own, plain
    /// ASCII, written as they are.
    mutating func key(_ key: StaticString) {
        if !first { writer.appendRaw(",") }
        first = false
        writer.appendRaw("\"")
        writer.appendRaw(key)
        writer.appendRaw("\":")
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        writer.appendString(value)
    }

    /// A member whose key is data (an attribute name), escaped like any string.
    mutating func string(dynamic key: String, _ value: String) {
        if !first { writer.appendRaw(",") }
        first = false
        writer.appendKey(key)
        writer.appendString(value)
    }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        if let value { string(key, value) }
    }

    mutating func day(_ key: StaticString, _ value: CivilDate) {
        self.key(key)
        writer.appendISODate(year: value.year, month: value.month, day: value.day, fallback: value.iso)
    }

    mutating func optionalDay(_ key: StaticString, _ value: CivilDate?) {
        if let value { day(key, value) }
    }

    mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        writer.appendBool(value)
    }

    mutating func int(_ key: StaticString, _ value: Int) {
        self.key(key)
        writer.appendInt(value)
    }

    mutating func stringList(_ key: StaticString, _ values: [String]) {
        self.key(key)
        writer.appendRaw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { writer.appendRaw(",") }
            writer.appendString(value)
        }
        writer.appendRaw("]")
    }

    /// Written with sorted keys, so the same attributes always give the same bytes.
    mutating func stringMap(_ key: StaticString, _ pairs: [(String, String)]) {
        self.key(key)
        var inner = ObjectWriter(writer: JSONWriter(reservingCapacity: 0))
        swap(&inner.writer, &writer)
        inner.writer.appendRaw("{")
        for (name, value) in pairs.sorted(by: { $0.0 < $1.0 }) { inner.string(dynamic: name, value) }
        inner.writer.appendRaw("}")
        swap(&inner.writer, &writer)
    }

    mutating func deadline(_ key: StaticString, _ deadline: Deadline) {
        self.key(key)
        var inner = ObjectWriter(writer: JSONWriter(reservingCapacity: 0))
        swap(&inner.writer, &writer)
        inner.writer.appendRaw("{")
        inner.day("start", deadline.start)
        inner.int("count", deadline.length.count)
        inner.string("unit", deadline.length.unit.rawValue)
        inner.string("rule", deadline.rule.rawValue)
        inner.string("startsOn", deadline.startsOn.rawValue)
        inner.int("extensionDays", deadline.extensionDays)
        inner.day("nominalEnd", deadline.nominalEnd)
        inner.day("end", deadline.end)
        inner.string("explanation", deadline.explanation)
        inner.writer.appendRaw("}")
        swap(&inner.writer, &writer)
    }
}

/// Reads the members of one JSON object of a journal line, with errors naming the member.
private struct Reader {
    let view: JSONObjectView
    let path: String

    private func member(_ key: StaticString) throws(EventDecodingError) -> JSONObjectView.Member {
        guard let value = view.member(key) else { throw EventDecodingError(message: "\(path)\(key) ontbreekt") }
        return value
    }

    private func present(_ key: StaticString) -> JSONObjectView.Member? {
        guard let value = view.member(key), !view.isNull(value) else { return nil }
        return value
    }

    func string(_ key: StaticString) throws(EventDecodingError) -> String {
        guard let value = view.string(try member(key)) else { throw EventDecodingError(message: "\(path)\(key) is geen tekst") }
        return value
    }

    func optionalString(_ key: StaticString) throws(EventDecodingError) -> String? {
        guard let value = present(key) else { return nil }
        guard let text = view.string(value) else { throw EventDecodingError(message: "\(path)\(key) is geen tekst") }
        return text
    }

    func bool(_ key: StaticString) throws(EventDecodingError) -> Bool {
        guard let value = view.bool(try member(key)) else { throw EventDecodingError(message: "\(path)\(key) is geen true/false") }
        return value
    }

    func optionalBool(_ key: StaticString) throws(EventDecodingError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard let flag = view.bool(value) else { throw EventDecodingError(message: "\(path)\(key) is geen true/false") }
        return flag
    }

    func int(_ key: StaticString) throws(EventDecodingError) -> Int {
        guard let value = view.int(try member(key)) else { throw EventDecodingError(message: "\(path)\(key) is geen geheel getal") }
        return value
    }

    func optionalInt(_ key: StaticString) throws(EventDecodingError) -> Int? {
        guard present(key) != nil else { return nil }
        return try int(key)
    }

    func date(_ key: StaticString) throws(EventDecodingError) -> CivilDate {
        let value = try member(key)
        if let bytes = view.unescapedStringBytes(value), let date = CivilDate(isoBytes: bytes) { return date }
        guard let date = CivilDate(try string(key)) else { throw EventDecodingError(message: "\(path)\(key) is geen datum") }
        return date
    }

    func optionalDate(_ key: StaticString) throws(EventDecodingError) -> CivilDate? {
        guard present(key) != nil else { return nil }
        return try date(key)
    }

    func timestamp(_ key: StaticString) throws(EventDecodingError) -> Date {
        let value = try member(key)
        if let bytes = view.unescapedStringBytes(value), let date = Timestamp.parse(utcBytes: bytes) { return date }
        guard let date = Timestamp.parse(try string(key)) else { throw EventDecodingError(message: "\(path)\(key) is geen tijdstip") }
        return date
    }

    func optionalTimestamp(_ key: StaticString) throws(EventDecodingError) -> Date? {
        guard present(key) != nil else { return nil }
        return try timestamp(key)
    }

    func object(_ key: StaticString) throws(EventDecodingError) -> Reader {
        guard let object = view.object(try member(key)) else { throw EventDecodingError(message: "\(path)\(key) is geen object") }
        return Reader(view: object, path: "\(path)\(key).")
    }

    func stringList(_ key: StaticString) throws(EventDecodingError) -> [String] {
        let value = try member(key)
        guard view.isArray(value) else { throw EventDecodingError(message: "\(path)\(key) is geen lijst") }
        guard let items = view.stringArray(value) else {
            throw EventDecodingError(message: "\(path)\(key) bevat iets anders dan tekst")
        }
        return items
    }

    func stringMap(_ key: StaticString) throws(EventDecodingError) -> [(String, String)] {
        let inner = try object(key)
        var result: [(String, String)] = []
        for member in inner.view.members {
            let name = inner.view.key(member)
            guard let text = inner.view.string(member) else { throw EventDecodingError(message: "\(path)\(key).\(name) is geen tekst") }
            result.append((name, text))
        }
        return result
    }

    func optionalDeadline(_ key: StaticString) throws(EventDecodingError) -> Deadline? {
        guard present(key) != nil else { return nil }
        return try deadline(key)
    }

    func deadline(_ key: StaticString) throws(EventDecodingError) -> Deadline {
        let r = try object(key)
        let unitText = try r.string("unit")
        let ruleText = try r.string("rule")
        let startText = try r.string("startsOn")
        guard let unit = TermLength.Unit(rawValue: unitText), let rule = TermRule(rawValue: ruleText),
            let startsOn = TermStart(rawValue: startText)
        else { throw EventDecodingError(message: "\(path)\(key) heeft een onbekende eenheid of regel") }
        return Deadline(
            start: try r.date("start"), length: TermLength(try r.int("count"), unit), rule: rule, startsOn: startsOn,
            extensionDays: try r.int("extensionDays"), nominalEnd: try r.date("nominalEnd"), end: try r.date("end"),
            explanation: try r.string("explanation"))
    }
}
