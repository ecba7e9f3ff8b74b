/// Thrown when a workflow file cannot be read. Carries every problem found, not just the first.
public struct WorkflowFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A decoded workflow file: the definition plus where each part of it stands in the file, so
/// that later checks can point at a line and column.
public struct WorkflowFile: Sendable {
    public var definition: WorkflowDefinition
    /// The file name as the user gave it, used in messages.
    public var file: String?
    /// The exact bytes read; their SHA-256 identifies the definition in a store.
    public var bytes: [UInt8]
    private var sourceMap: SourceMap

    /// Reads a workflow file. Decoding errors (syntax, unknown keys, wrong types, missing keys,
    /// bad values, newer format) and reference errors (unknown states, roles, kinds, documents,
    /// attributes) are thrown together.
    public init(bytes: [UInt8], file: String? = nil) throws(WorkflowFileError) {
        try self.init(bytes: bytes, file: file, maximumBytes: InputLimits.jsonFileBytes)
    }

    /// ``init(bytes:file:)`` with another size limit, for tests.
    init(bytes: [UInt8], file: String?, maximumBytes: Int) throws(WorkflowFileError) {
        guard bytes.count <= maximumBytes else {
            throw WorkflowFileError(diagnostics: [
                Diagnostic(
                    .error, .syntax,
                    "het bestand is \(InputLimits.number(bytes.count)) bytes groot; de grens voor een werkstroombestand is "
                        + InputLimits.size(maximumBytes),
                    file: file, pointer: JSONPointer(), location: SourceLocation(line: 1, column: 1))
            ])
        }
        let decoder = DefinitionDecoder(bytes: bytes, file: file)
        let decoded = decoder.decodeDefinition()
        var diagnostics = decoder.diagnostics
        if let decoded, !diagnostics.containsErrors {
            self.definition = decoded
            self.file = file
            self.bytes = bytes
            self.sourceMap = decoder.sourceMap
            diagnostics += ReferenceCheck.diagnostics(for: decoded).map { self.locate($0) }
            if diagnostics.containsErrors { throw WorkflowFileError(diagnostics: diagnostics) }
        } else {
            throw WorkflowFileError(diagnostics: diagnostics)
        }
    }

    /// The line and column of a JSON Pointer in the file, or of its nearest parent that has one.
    public func location(of pointer: JSONPointer) -> SourceLocation? { sourceMap.location(of: pointer) }

    /// The diagnostic with this file's name and the location of its pointer filled in.
    public func locate(_ diagnostic: Diagnostic) -> Diagnostic { sourceMap.locate(diagnostic, file: file) }
}

extension WorkflowDefinition {
    /// Reads a workflow definition from the bytes of a workflow file.
    public init(jsonBytes bytes: [UInt8], file: String? = nil) throws(WorkflowFileError) {
        self = try WorkflowFile(bytes: bytes, file: file).definition
    }
}

/// Turns a parsed JSON tree into a ``WorkflowDefinition``, collecting every problem.
final class DefinitionDecoder: JSONDocumentReader {
    init(bytes: [UInt8], file: String?) {
        super.init(bytes: bytes, file: file, codes: Codes(unknownKey: .unknownKey, missingKey: .missingKey, wrongType: .wrongType))
    }

    // MARK: Building blocks

    func string(_ node: JSONNode?, at pointer: JSONPointer, allowEmpty: Bool = false) -> String? {
        guard let node else { return nil }
        guard let value = node.stringValue else {
            wrongType(node, expected: "tekst", at: pointer)
            return nil
        }
        if !allowEmpty, value.allSatisfy(\.isWhitespace) {
            report(.invalidValue, "mag niet leeg zijn", offset: node.offset, pointer: pointer)
            return nil
        }
        return value
    }

    func bool(_ node: JSONNode?, at pointer: JSONPointer) -> Bool? {
        guard let node else { return nil }
        guard let value = node.boolValue else {
            wrongType(node, expected: "true of false", at: pointer)
            return nil
        }
        return value
    }

    func positiveInt(_ node: JSONNode?, at pointer: JSONPointer, maximum: Int = 100_000) -> Int? {
        guard let node else { return nil }
        guard let value = node.intValue else {
            wrongType(node, expected: "een geheel getal", at: pointer)
            return nil
        }
        guard (1...maximum).contains(value) else {
            report(.invalidValue, "moet tussen 1 en \(maximum) liggen, is \(value)", offset: node.offset, pointer: pointer)
            return nil
        }
        return value
    }

    func stringList(_ node: JSONNode?, at pointer: JSONPointer) -> [String]? {
        guard let node else { return nil }
        guard let items = node.arrayValue else {
            wrongType(node, expected: "een lijst met teksten", at: pointer)
            return nil
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let itemPointer = pointer.appending(index)
            offsets[itemPointer] = item.offset
            if let value = string(item, at: itemPointer) { result.append(value) }
        }
        return result
    }

    func choice<T: RawRepresentable & CaseIterable>(
        _ node: JSONNode?, at pointer: JSONPointer, what: String, as type: T.Type
    ) -> T? where T.RawValue == String {
        guard let text = string(node, at: pointer), let node else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue).joined(separator: ", ")
        report(.invalidValue, "onbekende \(what) \"\(text)\"; kies uit \(options)", offset: node.offset, pointer: pointer)
        return nil
    }

    /// `{"weeks": 6}`, `{"days": 14}` or `{"months": 6}`, with extra keys allowed by the caller.
    func termLength(_ fields: Fields, required: Bool) -> TermLength? {
        let units = TermLength.Unit.allCases.filter { fields[$0.rawValue] != nil }
        guard units.count == 1, let unit = units.first else {
            if units.count > 1 || required {
                report(
                    .invalidValue, "geef precies één van days, weeks of months",
                    offset: fields.offset, pointer: fields.pointer)
            }
            return nil
        }
        let pointer = fields.pointer.appending(unit.rawValue)
        return positiveInt(fields[unit.rawValue], at: pointer, maximum: unit == .days ? 3660 : 520)
            .map { TermLength($0, unit) }
    }

    // MARK: The keys of each object

    // The keys each object in a workflow file may have, in the order they are offered in
    // messages. `workflows/schema/workflow.schema.json` lists the same keys; a test
    // (WorkflowSchemaTests) fails when the two drift apart.

    static let topLevelKeys = [
        "$schema", "formatVersion", "id", "version", "title", "summary", "legalBasis", "calendar", "roles",
        "attributes", "inputKinds", "documents", "initial", "states", "transitions", "terms",
    ]
    static let topLevelRequiredKeys = [
        "formatVersion", "id", "version", "title", "roles", "inputKinds", "initial", "states", "transitions",
    ]
    /// A role written as an object (`{"label": …, "decides": …}`) rather than as text.
    static let roleKeys = ["label", "decides"]
    static let roleRequiredKeys = ["label"]
    static let attributeKeys = ["label", "values", "required", "type"]
    static let inputKindKeys = ["label", "pluralLabel", "feedback", "feedbackReason", "answerWithin", "owner", "amount", "points"]
    /// An input kind's `points`: the roles its points may be routed to.
    static let pointsKeys = ["routes"]
    static let inputKindRequiredKeys = ["label"]
    /// A document kind written as an object (`{"label": …}`) rather than as text.
    static let documentKeys = ["label"]
    static let documentRequiredKeys = ["label"]
    static let stateKeys = ["label", "phase", "level", "accepts", "window", "final", "outcome", "goal", "owner"]
    static let stateRequiredKeys = ["label"]
    /// A state's `window`: a term length plus when it starts and how it is counted.
    static let windowKeys = ["days", "weeks", "months", "startsOn", "calendar", "source"]
    static let transitionKeys = ["name", "label", "from", "to", "by", "decision", "requires", "after", "except"]
    static let transitionRequiredKeys = ["name", "from", "to"]
    /// A term length (`answerWithin`, `after`, `elapsed`): exactly one of these.
    static let termKeys = ["days", "weeks", "months"]
    /// A transition's `after`: a term length, or `term` naming a term of `"terms"`.
    static let afterKeys = ["days", "weeks", "months", "term"]
    /// A named term in `"terms"`.
    static let namedTermKeys = ["label", "length", "from", "until", "calendar", "source", "extension"]
    static let namedTermRequiredKeys = ["label", "length", "from"]
    /// Where a named term runs from: exactly one of these.
    static let termOriginKeys = ["document", "firstInput", "entered"]
    /// How a named term may be extended.
    static let termExtensionKeys = ["max", "times", "basis", "by", "within", "before"]
    static let termExtensionRequiredKeys = ["basis"]
    /// The value of an `atLeast` requirement.
    static let atLeastKeys = ["kind", "count"]
    /// The condition of a `when` requirement.
    static let conditionKeys = ["attribute", "equals"]
    /// A `document` requirement, and the `orGround` of a `verdicts` requirement: the kind, and
    /// optionally who attached it and the moment it comes before or after.
    static let documentConditionKeys = ["document", "by", "before", "after"]
    static let documentConditionRequiredKeys = ["document"]
    /// A moment (`before`, `after`): exactly one of these.
    static let momentKeys = ["firstInput", "entered"]
    /// The value of a `withinBudget` requirement.
    static let withinBudgetKeys = ["attribute"]
    /// The value of a `verdicts` requirement.
    static let verdictsKeys = ["kinds", "allowed", "orGround"]
    static let verdictsRequiredKeys = ["kinds", "allowed"]

    // MARK: The definition

    func decodeDefinition() -> WorkflowDefinition? {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            report(.syntax, "geen geldige JSON: \(error.message)", offset: error.offset, pointer: JSONPointer())
            return nil
        }
        let top = JSONPointer()
        // The format version comes first: a newer file is refused before anything else.
        if let versionNode = root["formatVersion"] {
            let pointer = top.appending("formatVersion")
            if let version = versionNode.intValue, version > WorkflowDefinition.currentFormatVersion {
                report(
                    .newerFormatVersion,
                    "dit bestand heeft formatVersion \(version); deze versie van participatie leest tot en met "
                        + "versie \(WorkflowDefinition.currentFormatVersion). Werk participatie bij.",
                    offset: versionNode.offset, pointer: pointer)
                return nil
            }
        }
        guard
            let fields = fields(
                root, at: top, allowed: Self.topLevelKeys, required: Self.topLevelRequiredKeys)
        else { return nil }

        let formatVersion = positiveInt(fields["formatVersion"], at: top.appending("formatVersion"))
        let id = string(fields["id"], at: top.appending("id"))
        let version = string(fields["version"], at: top.appending("version"))
        let title = string(fields["title"], at: top.appending("title"))
        let summary = string(fields["summary"], at: top.appending("summary"))
        let legalBasis = stringList(fields["legalBasis"], at: top.appending("legalBasis")) ?? []
        let calendar =
            fields["calendar"].flatMap {
                choice($0, at: top.appending("calendar"), what: "termijnregel", as: TermRule.self)
            } ?? .atw
        let roles: Keyed<RoleID, RoleSpec>? = decodeMap(fields["roles"], at: top.appending("roles"), decodeRole)
        let attributes: Keyed<AttributeName, AttributeSpec>? = decodeMap(
            fields["attributes"], at: top.appending("attributes"), decodeAttribute)
        let inputKinds: Keyed<InputKindID, InputKindSpec>? = decodeMap(
            fields["inputKinds"], at: top.appending("inputKinds"), decodeInputKind)
        let documents: Keyed<DocumentKindID, String>? = decodeMap(fields["documents"], at: top.appending("documents"), decodeDocument)
        let initial = string(fields["initial"], at: top.appending("initial"))
        let states: Keyed<StateID, StateSpec>? = decodeMap(fields["states"], at: top.appending("states"), decodeState)
        var transitions: [Transition] = []
        if let node = fields["transitions"] {
            let pointer = top.appending("transitions")
            offsets[pointer] = node.offset
            if let items = node.arrayValue {
                for (index, item) in items.enumerated() {
                    if let transition = decodeTransition(item, at: pointer.appending(index)) {
                        transitions.append(transition)
                    }
                }
            } else {
                wrongType(node, expected: "een lijst met overgangen", at: pointer)
            }
        }
        let terms: Keyed<TermName, TermSpec>? = decodeMap(fields["terms"], at: top.appending("terms"), decodeNamedTerm)
        guard let formatVersion, let id, let version, let title, let initial,
            let roles, let inputKinds, let states
        else { return nil }
        return WorkflowDefinition(
            formatVersion: formatVersion, id: WorkflowID(id), version: version, title: title, summary: summary,
            legalBasis: legalBasis, calendar: calendar, roles: roles, attributes: attributes ?? Keyed(),
            inputKinds: inputKinds, documents: documents ?? Keyed(), initial: StateID(initial), states: states,
            transitions: transitions, terms: terms ?? Keyed())
    }

    /// An object whose keys are names the author chooses (states, roles, kinds…).
    private func decodeMap<Key: StringIdentifier, Value>(
        _ node: JSONNode?, at pointer: JSONPointer, _ decodeValue: (JSONNode, JSONPointer) -> Value?
    ) -> Keyed<Key, Value>? {
        guard let node else { return nil }
        offsets[pointer] = node.offset
        guard let members = node.objectValue else {
            wrongType(node, expected: "een object", at: pointer)
            return nil
        }
        var result = Keyed<Key, Value>()
        for member in members {
            let memberPointer = pointer.appending(member.key)
            offsets[memberPointer] = member.value.offset
            if member.key.isEmpty || member.key.contains(where: { $0.isWhitespace }) {
                report(
                    .invalidValue, "naam \"\(member.key)\" mag niet leeg zijn en geen spaties bevatten",
                    offset: member.keyOffset, pointer: memberPointer)
                continue
            }
            if let value = decodeValue(member.value, memberPointer) { result[Key(member.key)] = value }
        }
        return result
    }

    private func decodeRole(_ node: JSONNode, _ pointer: JSONPointer) -> RoleSpec? {
        if node.stringValue != nil {
            return string(node, at: pointer).map { RoleSpec(label: $0) }
        }
        guard let fields = fields(node, at: pointer, allowed: Self.roleKeys, required: Self.roleRequiredKeys) else { return nil }
        guard let label = string(fields["label"], at: pointer.appending("label")) else { return nil }
        return RoleSpec(label: label, decides: bool(fields["decides"], at: pointer.appending("decides")) ?? false)
    }

    private func decodeAttribute(_ node: JSONNode, _ pointer: JSONPointer) -> AttributeSpec? {
        guard let fields = fields(node, at: pointer, allowed: Self.attributeKeys) else { return nil }
        let values = stringList(fields["values"], at: pointer.appending("values"))
        if let values, values.isEmpty, let node = fields["values"] {
            report(.invalidValue, "geef minstens één waarde", offset: node.offset, pointer: pointer.appending("values"))
        }
        let type = fields["type"].flatMap { choice($0, at: pointer.appending("type"), what: "soort kenmerk", as: AttributeType.self) }
        if type == .amount, let node = fields["values"] {
            report(
                .invalidValue, "een bedrag heeft geen vaste waarden; laat \"values\" weg of kies \"type\": \"text\"",
                offset: node.offset, pointer: pointer.appending("values"))
        }
        return AttributeSpec(
            label: string(fields["label"], at: pointer.appending("label")), values: values,
            required: bool(fields["required"], at: pointer.appending("required")) ?? false, type: type ?? .text)
    }

    private func decodeInputKind(_ node: JSONNode, _ pointer: JSONPointer) -> InputKindSpec? {
        guard let fields = fields(node, at: pointer, allowed: Self.inputKindKeys, required: Self.inputKindRequiredKeys)
        else { return nil }
        guard let label = string(fields["label"], at: pointer.appending("label")) else { return nil }
        let feedback =
            fields["feedback"].flatMap {
                choice($0, at: pointer.appending("feedback"), what: "terugkoppeling", as: FeedbackPolicy.self)
            } ?? .required
        var answerWithin: TermLength?
        if let node = fields["answerWithin"] {
            let termPointer = pointer.appending("answerWithin")
            if let term = self.fields(node, at: termPointer, allowed: Self.termKeys) {
                answerWithin = termLength(term, required: true)
            }
        }
        let feedbackReason = string(fields["feedbackReason"], at: pointer.appending("feedbackReason"))
        if let node = fields["feedbackReason"], feedbackReason != nil, feedback != .none {
            // A reason to need no answer on a kind that needs one would mislead every reader.
            report(
                .invalidValue, "\"feedbackReason\" hoort alleen bij \"feedback\": \"none\"; deze soort inbreng krijgt een antwoord",
                offset: node.offset, pointer: pointer.appending("feedbackReason"))
        }
        let pluralLabel = string(fields["pluralLabel"], at: pointer.appending("pluralLabel"))
        var points: PointsSpec?
        if let node = fields["points"] {
            let pointsPointer = pointer.appending("points")
            if let pointFields = self.fields(node, at: pointsPointer, allowed: Self.pointsKeys) {
                let routes = pointFields["routes"].map { stringList($0, at: pointsPointer.appending("routes")) ?? [] } ?? []
                points = PointsSpec(routes: routes.map(RoleID.init))
            }
        }
        return InputKindSpec(
            label: label, pluralLabel: pluralLabel, feedback: feedback, answerWithin: answerWithin, feedbackReason: feedbackReason,
            owner: owner(fields["owner"], at: pointer.appending("owner")),
            amount: fields["amount"].flatMap {
                choice($0, at: pointer.appending("amount"), what: "waarde voor \"amount\"", as: AmountPolicy.self)
            }, points: points)
    }

    private func decodeDocument(_ node: JSONNode, _ pointer: JSONPointer) -> String? {
        if node.stringValue != nil { return string(node, at: pointer) }
        guard let fields = fields(node, at: pointer, allowed: Self.documentKeys, required: Self.documentRequiredKeys) else { return nil }
        return string(fields["label"], at: pointer.appending("label"))
    }

    private func decodeState(_ node: JSONNode, _ pointer: JSONPointer) -> StateSpec? {
        guard
            let fields = fields(
                node, at: pointer,
                allowed: Self.stateKeys, required: Self.stateRequiredKeys)
        else { return nil }
        guard let label = string(fields["label"], at: pointer.appending("label")) else { return nil }
        let phase = fields["phase"].flatMap { choice($0, at: pointer.appending("phase"), what: "fase", as: Phase.self) }
        let level = fields["level"].flatMap {
            choice($0, at: pointer.appending("level"), what: "trede van de participatieladder", as: Level.self)
        }
        let accepts = stringList(fields["accepts"], at: pointer.appending("accepts"))?.map(InputKindID.init) ?? []
        var window: WindowSpec?
        if let node = fields["window"] {
            let windowPointer = pointer.appending("window")
            if let windowFields = self.fields(
                node, at: windowPointer, allowed: Self.windowKeys)
            {
                let startsOn =
                    windowFields["startsOn"].flatMap {
                        choice($0, at: windowPointer.appending("startsOn"), what: "start van de termijn", as: TermStart.self)
                    } ?? .entry
                let rule = windowFields["calendar"].flatMap {
                    choice($0, at: windowPointer.appending("calendar"), what: "termijnregel", as: TermRule.self)
                }
                let source = string(windowFields["source"], at: windowPointer.appending("source"))
                if let length = termLength(windowFields, required: true) {
                    window = WindowSpec(length: length, startsOn: startsOn, rule: rule, source: source)
                }
            }
        }
        let isFinal = bool(fields["final"], at: pointer.appending("final")) ?? false
        let outcome = string(fields["outcome"], at: pointer.appending("outcome"))
        if outcome != nil, !isFinal, let node = fields["outcome"] {
            report(
                .invalidValue, "alleen een eindtoestand (\"final\": true) heeft een uitkomst",
                offset: node.offset, pointer: pointer.appending("outcome"))
        }
        return StateSpec(
            label: label, phase: phase, level: level, accepts: accepts, window: window, isFinal: isFinal,
            outcome: outcome, goal: string(fields["goal"], at: pointer.appending("goal")),
            owner: owner(fields["owner"], at: pointer.appending("owner")))
    }

    /// A default behandelaar (`"owner"` on an input kind or a state): one line of at most
    /// ``InputLimits/ownerLength`` tekens, surrounding spaces dropped.
    private func owner(_ node: JSONNode?, at pointer: JSONPointer) -> String? {
        guard let node, let text = string(node, at: pointer) else { return nil }
        if let problem = InputLimits.ownerProblem(text, what: "de behandelaar") {
            report(.invalidValue, problem, offset: node.offset, pointer: pointer)
            return nil
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    private func decodeTransition(_ node: JSONNode, at pointer: JSONPointer) -> Transition? {
        guard
            let fields = fields(
                node, at: pointer,
                allowed: Self.transitionKeys, required: Self.transitionRequiredKeys)
        else { return nil }
        let name = string(fields["name"], at: pointer.appending("name"))
        let label = string(fields["label"], at: pointer.appending("label"))
        var from: TransitionSource?
        if let node = fields["from"] {
            let fromPointer = pointer.appending("from")
            if node.stringValue == "*" {
                from = .anyState
            } else if node.arrayValue != nil {
                from = stringList(node, at: fromPointer).map { .states($0.map(StateID.init)) }
            } else {
                wrongType(node, expected: "\"*\" of een lijst met toestanden", at: fromPointer)
            }
        }
        let to = string(fields["to"], at: pointer.appending("to"))
        let by = stringList(fields["by"], at: pointer.appending("by"))?.map(RoleID.init) ?? []
        let decision = bool(fields["decision"], at: pointer.appending("decision")) ?? false
        var requires: [Requirement] = []
        if let node = fields["requires"] {
            let requiresPointer = pointer.appending("requires")
            if let items = node.arrayValue {
                for (index, item) in items.enumerated() {
                    if let requirement = decodeRequirement(item, at: requiresPointer.appending(index)) {
                        requires.append(requirement)
                    }
                }
            } else {
                wrongType(node, expected: "een lijst met eisen", at: requiresPointer)
            }
        }
        var after: TermLength?
        var afterTerm: TermName?
        if let node = fields["after"] {
            let afterPointer = pointer.appending("after")
            if let term = self.fields(node, at: afterPointer, allowed: Self.afterKeys) {
                if term["term"] != nil {
                    if TermLength.Unit.allCases.contains(where: { term[$0.rawValue] != nil }) {
                        report(
                            .invalidValue, "geef een termijn (days, weeks of months) of \"term\", niet allebei",
                            offset: term.offset, pointer: afterPointer)
                    } else {
                        afterTerm = string(term["term"], at: afterPointer.appending("term")).map(TermName.init)
                    }
                } else {
                    after = termLength(term, required: true)
                }
            }
        }
        let timed = after != nil || afterTerm != nil
        // An `after` that could not be read was reported already: then "by" is not missing.
        if fields["after"] == nil, fields["by"] == nil {
            report(
                .missingKey, "sleutel \"by\" ontbreekt (of maak de overgang getimed met \"after\")", offset: node.offset, pointer: pointer)
        }
        if timed, !by.isEmpty, let byNode = fields["by"] {
            report(
                .invalidValue, "een getimede overgang (\"after\") gaat vanzelf en heeft geen \"by\"",
                offset: byNode.offset, pointer: pointer.appending("by"))
        }
        var except: [StateID] = []
        if let node = fields["except"] {
            let exceptPointer = pointer.appending("except")
            if let list = stringList(node, at: exceptPointer) {
                except = list.map(StateID.init)
                if list.isEmpty, node.arrayValue?.isEmpty == true {
                    report(.invalidValue, "geef minstens één toestand, of laat \"except\" weg", offset: node.offset, pointer: exceptPointer)
                }
            }
            if from != nil, from != .anyState {
                report(
                    .invalidValue, "\"except\" hoort alleen bij \"from\": \"*\"; laat de toestand weg uit de lijst in \"from\"",
                    offset: node.offset, pointer: exceptPointer)
            }
        }
        guard let name, let from, let to else { return nil }
        return Transition(
            name: TransitionName(name), label: label, from: from, to: StateID(to), by: by, decision: decision,
            requires: requires, after: after, except: except, afterTerm: afterTerm)
    }

    /// A named term: `label`, `length`, `from`, and optionally `calendar`, `source`, `extension`.
    private func decodeNamedTerm(_ node: JSONNode, _ pointer: JSONPointer) -> TermSpec? {
        guard let fields = fields(node, at: pointer, allowed: Self.namedTermKeys, required: Self.namedTermRequiredKeys) else {
            return nil
        }
        let label = string(fields["label"], at: pointer.appending("label"))
        var length: TermLength?
        if let node = fields["length"], let term = self.fields(node, at: pointer.appending("length"), allowed: Self.termKeys) {
            length = termLength(term, required: true)
        }
        let origin = fields["from"].flatMap { termOrigin($0, at: pointer.appending("from")) }
        var until: TermOrigin?? = .some(nil)
        if let node = fields["until"] { until = termOrigin(node, at: pointer.appending("until")).map { .some($0) } }
        let rule = fields["calendar"].flatMap {
            choice($0, at: pointer.appending("calendar"), what: "termijnregel", as: TermRule.self)
        }
        let source = string(fields["source"], at: pointer.appending("source"))
        var extensionRule: TermExtensionRule?? = .some(nil)
        if let node = fields["extension"] { extensionRule = termExtension(node, at: pointer.appending("extension")).map { .some($0) } }
        guard let label, let length, let origin, let extensionRule, let until else { return nil }
        return TermSpec(
            label: label, length: length, from: origin, rule: rule, source: source, extensionRule: extensionRule, until: until)
    }

    /// `{"document": K}`, `{"firstInput": K}` (or a list of kinds) or `{"entered": S}`: where a term
    /// starts or what meets it.
    private func termOrigin(_ node: JSONNode, at pointer: JSONPointer) -> TermOrigin? {
        guard let fields = fields(node, at: pointer, allowed: Self.termOriginKeys) else { return nil }
        let given = Self.termOriginKeys.filter { fields[$0] != nil }
        guard given.count == 1, let key = given.first else {
            report(
                .invalidValue, "geef precies één van \(Self.termOriginKeys.joined(separator: ", "))", offset: fields.offset,
                pointer: pointer)
            return nil
        }
        if key == "firstInput" { return firstInputKinds(fields[key], at: pointer.appending(key)).map { .moment(.firstInput($0)) } }
        guard let name = string(fields[key], at: pointer.appending(key)) else { return nil }
        return key == "document" ? .document(DocumentKindID(name)) : .moment(.entered(StateID(name)))
    }

    /// How a named term may be extended. A `max` of zero, a `times` below 1 and an empty `basis`
    /// are read as written, so that validation names them (PK017).
    private func termExtension(_ node: JSONNode, at pointer: JSONPointer) -> TermExtensionRule? {
        guard
            let fields = fields(node, at: pointer, allowed: Self.termExtensionKeys, required: Self.termExtensionRequiredKeys)
        else { return nil }
        var complete = true
        var max: TermLength?
        if let node = fields["max"] {
            let maxPointer = pointer.appending("max")
            if let term = self.fields(node, at: maxPointer, allowed: Self.termKeys) {
                let units = TermLength.Unit.allCases.filter { term[$0.rawValue] != nil }
                if units.count == 1, let unit = units.first, let valueNode = term[unit.rawValue] {
                    if let value = valueNode.intValue {
                        max = TermLength(value, unit)
                    } else {
                        wrongType(valueNode, expected: "een geheel getal", at: maxPointer.appending(unit.rawValue))
                        complete = false
                    }
                } else {
                    report(.invalidValue, "geef precies één van days, weeks of months", offset: term.offset, pointer: maxPointer)
                    complete = false
                }
            } else {
                complete = false
            }
        }
        var times: Int?
        if let node = fields["times"] {
            if let value = node.intValue {
                times = value
            } else {
                wrongType(node, expected: "een geheel getal", at: pointer.appending("times"))
                complete = false
            }
        }
        let basis = stringList(fields["basis"], at: pointer.appending("basis"))
        if basis == nil || basis?.count != fields["basis"]?.arrayValue?.count { complete = false }
        let by = stringList(fields["by"], at: pointer.appending("by"))?.map(RoleID.init) ?? []
        var within: TermLength?
        if let node = fields["within"] {
            if let term = self.fields(node, at: pointer.appending("within"), allowed: Self.termKeys) {
                within = termLength(term, required: true)
            }
            if within == nil { complete = false }
        }
        var before: Moment?
        if let node = fields["before"] {
            before = moment(node, at: pointer.appending("before"))
            if before == nil { complete = false }
        }
        guard complete, let basis else { return nil }
        return TermExtensionRule(max: max, times: times, basis: basis, by: by, within: within, before: before)
    }

    /// The kinds of requirement: each requirement object has exactly one of these keys.
    static let requirementKeys = [
        "document", "windowClosed", "reason", "allAnswered", "allAnswersSent", "atLeast", "elapsed", "plan", "when", "anyOf",
        "verdicts", "withinBudget",
    ]

    /// Every key a requirement of this kind may have.
    static func requirementKeys(of kind: String) -> [String] {
        switch kind {
        case "document": documentConditionKeys
        case "elapsed": ["elapsed", "since"]
        case "when": ["when", "require"]
        default: [kind]
        }
    }

    /// The keys a requirement of this kind must have.
    static func requirementRequiredKeys(of kind: String) -> [String] {
        switch kind {
        case "document": documentConditionRequiredKeys
        default: requirementKeys(of: kind)
        }
    }

    func decodeRequirement(_ node: JSONNode, at pointer: JSONPointer) -> Requirement? {
        offsets[pointer] = node.offset
        guard let members = node.objectValue else {
            wrongType(node, expected: "een eis (object)", at: pointer)
            return nil
        }
        guard let kind = members.first(where: { Self.requirementKeys.contains($0.key) })?.key else {
            report(
                .invalidValue,
                "onbekende eis; gebruik een van: \(Self.requirementKeys.joined(separator: ", "))",
                offset: node.offset, pointer: pointer)
            // Still name unknown keys, so a typo like "documnet" is pointed out.
            _ = fields(node, at: pointer, allowed: Self.requirementKeys)
            return nil
        }
        guard
            let fields = fields(
                node, at: pointer, allowed: Self.requirementKeys(of: kind), required: Self.requirementRequiredKeys(of: kind))
        else { return nil }
        let valuePointer = pointer.appending(kind)
        guard let value = fields[kind] else { return nil }

        func mustBeTrue() -> Bool {
            guard let flag = bool(value, at: valuePointer) else { return false }
            if !flag {
                report(
                    .invalidValue, "alleen true is toegestaan; laat de eis weg als hij niet geldt", offset: value.offset,
                    pointer: valuePointer)
            }
            return flag
        }

        switch kind {
        case "document":
            return documentCondition(fields, at: pointer).map { .document($0) }
        case "windowClosed":
            if value.boolValue != nil { return mustBeTrue() ? .windowClosed(nil) : nil }
            if value.stringValue != nil { return string(value, at: valuePointer).map { .windowClosed(StateID($0)) } }
            wrongType(value, expected: "true of de naam van een toestand", at: valuePointer)
            return nil
        case "reason":
            return mustBeTrue() ? .reason : nil
        case "allAnswered":
            return mustBeTrue() ? .allAnswered : nil
        case "allAnswersSent":
            return mustBeTrue() ? .allAnswersSent : nil
        case "atLeast":
            guard let inner = self.fields(value, at: valuePointer, allowed: Self.atLeastKeys, required: Self.atLeastKeys),
                let kindName = string(inner["kind"], at: valuePointer.appending("kind")),
                let count = positiveInt(inner["count"], at: valuePointer.appending("count"), maximum: 10_000_000)
            else { return nil }
            return .atLeast(kind: InputKindID(kindName), count: count)
        case "elapsed":
            guard let inner = self.fields(value, at: valuePointer, allowed: Self.termKeys),
                let term = termLength(inner, required: true),
                let since = string(fields["since"], at: pointer.appending("since"))
            else { return nil }
            return .elapsed(term, since: StateID(since))
        case "plan":
            guard let text = string(value, at: valuePointer) else { return nil }
            guard text == "complete" else {
                report(.invalidValue, "alleen \"complete\" is toegestaan", offset: value.offset, pointer: valuePointer)
                return nil
            }
            return .planComplete
        case "when":
            guard let condition = self.fields(value, at: valuePointer, allowed: Self.conditionKeys, required: Self.conditionKeys),
                let attribute = string(condition["attribute"], at: valuePointer.appending("attribute")),
                let equals = string(condition["equals"], at: valuePointer.appending("equals")),
                let requireNode = fields["require"],
                let inner = decodeRequirement(requireNode, at: pointer.appending("require"))
            else { return nil }
            return .when(attribute: AttributeName(attribute), equals: equals, require: inner)
        case "anyOf":
            guard let items = value.arrayValue else {
                wrongType(value, expected: "een lijst met eisen", at: valuePointer)
                return nil
            }
            if items.isEmpty {
                report(.invalidValue, "geef minstens één eis", offset: value.offset, pointer: valuePointer)
                return nil
            }
            let inner = items.enumerated().compactMap { decodeRequirement($1, at: valuePointer.appending($0)) }
            return inner.count == items.count ? .anyOf(inner) : nil
        case "verdicts":
            return verdicts(value, at: valuePointer).map { .verdicts($0) }
        case "withinBudget":
            guard
                let inner = self.fields(value, at: valuePointer, allowed: Self.withinBudgetKeys, required: Self.withinBudgetKeys),
                let attribute = string(inner["attribute"], at: valuePointer.appending("attribute"))
            else { return nil }
            return .withinBudget(attribute: AttributeName(attribute))
        default:
            return nil
        }
    }

    /// The document a `document` requirement or an `orGround` asks for: `fields` holds
    /// `document` and, optionally, `by`, `before` and `after`.
    func documentCondition(_ fields: Fields, at pointer: JSONPointer) -> DocumentRequirement? {
        let kind = string(fields["document"], at: pointer.appending("document"))
        var complete = kind != nil
        var by: [RoleID] = []
        if let node = fields["by"] {
            let byPointer = pointer.appending("by")
            if let roles = stringList(node, at: byPointer), roles.count == node.arrayValue?.count {
                by = roles.map(RoleID.init)
                if roles.isEmpty {
                    report(.invalidValue, "geef minstens één rol, of laat \"by\" weg", offset: node.offset, pointer: byPointer)
                    complete = false
                }
            } else {
                complete = false
            }
        }
        func moment(_ key: String) -> Moment?? {
            guard let node = fields[key] else { return .some(nil) }
            return self.moment(node, at: pointer.appending(key)).map { .some($0) }
        }
        guard let before = moment("before"), let after = moment("after"), complete, let kind else { return nil }
        return DocumentRequirement(DocumentKindID(kind), by: by, before: before, after: after)
    }

    /// `{"firstInput": K}`, `{"firstInput": [K, …]}` or `{"entered": S}`.
    func moment(_ node: JSONNode, at pointer: JSONPointer) -> Moment? {
        guard let fields = fields(node, at: pointer, allowed: Self.momentKeys) else { return nil }
        let given = Self.momentKeys.filter { fields[$0] != nil }
        guard given.count == 1, let key = given.first else {
            report(
                .invalidValue, "geef precies één van \(Self.momentKeys.joined(separator: " of "))", offset: fields.offset, pointer: pointer)
            return nil
        }
        if key == "firstInput" { return firstInputKinds(fields[key], at: pointer.appending(key)).map { .firstInput($0) } }
        guard let name = string(fields[key], at: pointer.appending(key)) else { return nil }
        return .entered(StateID(name))
    }

    /// The value of `firstInput`: one input kind (`"punt"`) or a non-empty list of them
    /// (`["punt", "brief"]`, the first input of any of these kinds).
    func firstInputKinds(_ node: JSONNode?, at pointer: JSONPointer) -> [InputKindID]? {
        guard let node else { return nil }
        if node.stringValue != nil { return string(node, at: pointer).map { [InputKindID($0)] } }
        guard let items = node.arrayValue else {
            wrongType(node, expected: "een soort inbreng of een lijst met soorten", at: pointer)
            return nil
        }
        guard let names = stringList(node, at: pointer), names.count == items.count else { return nil }
        if names.isEmpty {
            report(.invalidValue, "geef minstens één soort inbreng", offset: node.offset, pointer: pointer)
            return nil
        }
        return names.map(InputKindID.init)
    }

    /// The value of a `verdicts` requirement: `kinds`, `allowed` and optionally `orGround`.
    func verdicts(_ node: JSONNode, at pointer: JSONPointer) -> VerdictRequirement? {
        guard let fields = fields(node, at: pointer, allowed: Self.verdictsKeys, required: Self.verdictsRequiredKeys) else {
            return nil
        }
        var complete = true
        func nonEmptyList(_ key: String, what: String) -> [String] {
            guard let node = fields[key] else { return [] }
            let listPointer = pointer.appending(key)
            guard let list = stringList(node, at: listPointer), list.count == node.arrayValue?.count else {
                complete = false
                return []
            }
            if list.isEmpty {
                report(.invalidValue, "geef minstens één \(what)", offset: node.offset, pointer: listPointer)
                complete = false
            }
            return list
        }
        let kinds = nonEmptyList("kinds", what: "soort inbreng").map(InputKindID.init)
        var allowed: [Verdict] = []
        for (index, text) in nonEmptyList("allowed", what: "oordeel").enumerated() {
            if let verdict = Verdict(rawValue: text) {
                allowed.append(verdict)
            } else {
                let itemPointer = pointer.appending("allowed").appending(index)
                report(
                    .invalidValue, "onbekend oordeel \"\(text)\"; kies uit \(Verdict.writtenForms)",
                    offset: offsets[itemPointer] ?? fields.offset, pointer: itemPointer)
                complete = false
            }
        }
        var orGround: DocumentRequirement?
        if let node = fields["orGround"] {
            let groundPointer = pointer.appending("orGround")
            guard
                let ground = self.fields(
                    node, at: groundPointer, allowed: Self.documentConditionKeys, required: Self.documentConditionRequiredKeys),
                let condition = documentCondition(ground, at: groundPointer)
            else { return nil }
            orGround = condition
        }
        guard complete, fields["kinds"] != nil, fields["allowed"] != nil else { return nil }
        return VerdictRequirement(kinds: kinds, allowed: allowed, orGround: orGround)
    }

    // MARK: Suggestions

    /// The allowed key closest to a mistyped one, if it is close enough to be a typo.
    static func closest(to key: String, in candidates: [String]) -> String? {
        // A suggestion is at most this far away; a candidate whose length differs more can be
        // skipped without measuring (so a key of a million characters costs nothing here).
        let limit = max(2, key.count / 3)
        let lowered = key.lowercased()
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            guard abs(candidate.count - key.count) <= limit else { return nil }
            return (candidate, EditDistance.between(lowered, candidate.lowercased()))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
        return best.0
    }
}

/// The members of one JSON object, by key.
struct Fields {
    let pointer: JSONPointer
    let offset: Int
    let map: [String: JSONMember]

    subscript(key: String) -> JSONNode? { map[key]?.value }
}
