/// Thrown when a plan file cannot be read. Carries every problem found, not just the first.
public struct PlanFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A decoded participatieplan file: the plan, the exact bytes and their SHA-256, and where
/// each part stands in the file, so that the completeness check can point at a line.
///
/// Reading refuses only what makes the file unreadable: bad JSON, unknown keys, wrong types,
/// unknown phases or levels, a missing `formatVersion`, `project` or `fase`, a newer format.
/// Everything a draft may still lack (answers, phases, kaders…) is left to ``check()``.
public struct PlanFile: Sendable {
    public var plan: ParticipationPlan
    /// The file name as the user gave it, used in messages.
    public var file: String?
    /// The exact bytes read.
    public var bytes: [UInt8]
    /// SHA-256 of ``bytes``: the digest a process records when it starts with this plan.
    public let digest: SHA256Digest
    private var sourceMap: SourceMap

    /// Reads a plan file.
    ///
    /// - Parameters:
    ///   - bytes: The contents of the file (UTF-8 JSON, with or without BOM).
    ///   - file: The name to use in messages.
    /// - Throws: ``PlanFileError`` with every problem, each with its pointer and line:column.
    public init(bytes: [UInt8], file: String? = nil) throws(PlanFileError) {
        try self.init(bytes: bytes, file: file, maximumBytes: InputLimits.jsonFileBytes)
    }

    /// ``init(bytes:file:)`` with another size limit, for tests.
    init(bytes: [UInt8], file: String?, maximumBytes: Int) throws(PlanFileError) {
        guard bytes.count <= maximumBytes else {
            throw PlanFileError(diagnostics: [
                Diagnostic(
                    .error, .planSyntax,
                    "het bestand is \(InputLimits.number(bytes.count)) bytes groot; de grens voor een participatieplan is "
                        + InputLimits.size(maximumBytes),
                    file: file, pointer: JSONPointer(), location: SourceLocation(line: 1, column: 1))
            ])
        }
        let decoder = PlanDecoder(bytes: bytes, file: file)
        let decoded = decoder.decodePlan()
        guard let decoded, !decoder.diagnostics.containsErrors else {
            throw PlanFileError(diagnostics: decoder.diagnostics)
        }
        self.plan = decoded
        self.file = file
        self.bytes = bytes
        self.digest = SHA256.hash(bytes)
        self.sourceMap = decoder.sourceMap
    }

    /// The completeness check of the plan, with this file's name and line:column on every
    /// finding.
    public func check() -> PlanCheck {
        PlanCheck(findings: PlanCheck(plan).findings.map(locate))
    }

    /// The line and column of a JSON Pointer in the file, or of its nearest parent that has one.
    public func location(of pointer: JSONPointer) -> SourceLocation? { sourceMap.location(of: pointer) }

    /// The diagnostic with this file's name and the location of its pointer filled in.
    public func locate(_ diagnostic: Diagnostic) -> Diagnostic { sourceMap.locate(diagnostic, file: file) }
}

extension ParticipationPlan {
    /// Reads a participatieplan from the bytes of a plan file.
    public init(jsonBytes bytes: [UInt8], file: String? = nil) throws(PlanFileError) {
        self = try PlanFile(bytes: bytes, file: file).plan
    }

    /// The keys of a plan file, in the order they are offered in messages.
    public static let topLevelKeys = [
        "$schema", "formatVersion", "project", "workflow", "impact", "participatie", "vragen", "fasen",
        "belanghebbenden", "kaders",
    ]
    /// The keys of one entry of `fasen`.
    public static let phaseKeys = ["fase", "doel", "niveau", "periode", "werkvorm"]
    /// The keys of `kaders`.
    public static let kadersKeys = ["besluit", "datum", "samenvatting"]
}

/// Turns a parsed JSON tree into a ``ParticipationPlan``, collecting every problem.
final class PlanDecoder: JSONDocumentReader {
    init(bytes: [UInt8], file: String?) {
        super.init(bytes: bytes, file: file, codes: Codes(unknownKey: .planUnknownKey, missingKey: .planMissingKey, wrongType: .planWrongType))
    }

    /// A text; `null` counts as absent. Empty text is allowed unless `allowEmpty` is false,
    /// because a draft may leave answers empty: the check reports those.
    private func text(_ node: JSONNode?, at pointer: JSONPointer, allowEmpty: Bool = true) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let value = node.stringValue else {
            wrongType(node, expected: "tekst", at: pointer)
            return nil
        }
        if !allowEmpty, value.allSatisfy(\.isWhitespace) {
            report(.planInvalidValue, "mag niet leeg zijn", offset: node.offset, pointer: pointer)
            return nil
        }
        return value
    }

    private func choice<T: RawRepresentable & CaseIterable>(
        _ node: JSONNode?, at pointer: JSONPointer, what: String, as type: T.Type
    ) -> T? where T.RawValue == String {
        // Blank counts as not chosen yet: the check reports it, the file stays readable.
        guard let node, let text = text(node, at: pointer), !text.allSatisfy(\.isWhitespace) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        var message = "onbekende \(what) \"\(text)\""
        if let suggestion = DefinitionDecoder.closest(to: text, in: options) { message += "; bedoelt u \"\(suggestion)\"?" }
        message += " Kies uit \(options.joined(separator: ", "))."
        report(.planInvalidValue, message, offset: node.offset, pointer: pointer)
        return nil
    }

    private func array(_ node: JSONNode?, at pointer: JSONPointer, expected: String) -> [JSONNode]? {
        guard let node, !node.isNull else { return nil }
        offsets[pointer] = node.offset
        guard let items = node.arrayValue else {
            wrongType(node, expected: expected, at: pointer)
            return nil
        }
        return items
    }

    // MARK: The plan

    func decodePlan() -> ParticipationPlan? {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            report(.planSyntax, "geen geldige JSON: \(error.message)", offset: error.offset, pointer: JSONPointer())
            return nil
        }
        let top = JSONPointer()
        // The format version comes first: a newer file is refused before anything else.
        if let versionNode = root["formatVersion"], let version = versionNode.intValue,
            version > ParticipationPlan.currentFormatVersion
        {
            report(
                .planNewerFormatVersion,
                "dit plan heeft formatVersion \(version); deze versie van participatie leest tot en met versie "
                    + "\(ParticipationPlan.currentFormatVersion). Werk participatie bij.",
                offset: versionNode.offset, pointer: top.appending("formatVersion"))
            return nil
        }
        guard
            let fields = fields(
                root, at: top, allowed: ParticipationPlan.topLevelKeys, required: ["formatVersion", "project"])
        else { return nil }

        var formatVersion: Int?
        if let node = fields["formatVersion"] {
            let pointer = top.appending("formatVersion")
            if let version = node.intValue {
                if version == ParticipationPlan.currentFormatVersion {
                    formatVersion = version
                } else {
                    report(.planInvalidValue, "formatVersion moet 1 zijn, is \(version)", offset: node.offset, pointer: pointer)
                }
            } else {
                wrongType(node, expected: "een geheel getal", at: pointer)
            }
        }
        if let node = fields["$schema"] { _ = text(node, at: top.appending("$schema")) }
        let project = text(fields["project"], at: top.appending("project"), allowEmpty: false)
        let workflow = text(fields["workflow"], at: top.appending("workflow"), allowEmpty: false)
        let impact = choice(fields["impact"], at: top.appending("impact"), what: "impact", as: ParticipationPlan.Impact.self)
        var participation: Bool?
        if let node = fields["participatie"], !node.isNull {
            if let flag = node.boolValue {
                participation = flag
            } else {
                wrongType(node, expected: "true of false", at: top.appending("participatie"))
            }
        }

        var answers: [PlanQuestion: String] = [:]
        if let node = fields["vragen"], !node.isNull {
            let pointer = top.appending("vragen")
            if let questions = self.fields(node, at: pointer, allowed: PlanQuestion.allCases.map(\.rawValue)) {
                for question in PlanQuestion.allCases {
                    if let answer = text(questions[question.rawValue], at: pointer.appending(question.rawValue)) {
                        answers[question] = answer
                    }
                }
            }
        }

        var phases: [ParticipationPlan.PlannedPhase] = []
        let phasesPointer = top.appending("fasen")
        for (index, item) in (array(fields["fasen"], at: phasesPointer, expected: "een lijst met fasen") ?? []).enumerated() {
            if let phase = decodePhase(item, at: phasesPointer.appending(index)) { phases.append(phase) }
        }

        var stakeholders: [String] = []
        let stakeholdersPointer = top.appending("belanghebbenden")
        let stakeholderItems = array(fields["belanghebbenden"], at: stakeholdersPointer, expected: "een lijst met teksten")
        for (index, item) in (stakeholderItems ?? []).enumerated() {
            let pointer = stakeholdersPointer.appending(index)
            offsets[pointer] = item.offset
            if item.isNull {
                wrongType(item, expected: "tekst", at: pointer)
            } else if let value = text(item, at: pointer) {
                stakeholders.append(value)
            }
        }

        var kaders: ParticipationPlan.Kaders?
        if let node = fields["kaders"], !node.isNull {
            kaders = decodeKaders(node, at: top.appending("kaders"))
        }

        guard let formatVersion, let project else { return nil }
        return ParticipationPlan(
            formatVersion: formatVersion, project: project, workflow: workflow.map(WorkflowID.init), impact: impact,
            participation: participation, answers: answers, phases: phases, stakeholders: stakeholders, kaders: kaders)
    }

    private func decodePhase(_ node: JSONNode, at pointer: JSONPointer) -> ParticipationPlan.PlannedPhase? {
        guard let fields = fields(node, at: pointer, allowed: ParticipationPlan.phaseKeys, required: ["fase"]) else {
            return nil
        }
        let phase = choice(fields["fase"], at: pointer.appending("fase"), what: "fase", as: Phase.self)
        let goal = text(fields["doel"], at: pointer.appending("doel"))
        let level = choice(
            fields["niveau"], at: pointer.appending("niveau"), what: "trede van de participatieladder", as: Level.self)
        let period = text(fields["periode"], at: pointer.appending("periode"))
        let form = text(fields["werkvorm"], at: pointer.appending("werkvorm"))
        guard let phase else { return nil }
        return ParticipationPlan.PlannedPhase(phase: phase, goal: goal, level: level, period: period, form: form)
    }

    private func decodeKaders(_ node: JSONNode, at pointer: JSONPointer) -> ParticipationPlan.Kaders? {
        guard let fields = fields(node, at: pointer, allowed: ParticipationPlan.kadersKeys) else { return nil }
        var date: CivilDate?
        if let dateNode = fields["datum"], let dateText = text(dateNode, at: pointer.appending("datum")) {
            date = CivilDate(dateText)
            if date == nil {
                report(
                    .planInvalidValue, "\"\(dateText)\" is geen datum; schrijf 2026-02-11 of 11-02-2026",
                    offset: dateNode.offset, pointer: pointer.appending("datum"))
            }
        }
        return ParticipationPlan.Kaders(
            decision: text(fields["besluit"], at: pointer.appending("besluit")), date: date,
            summary: text(fields["samenvatting"], at: pointer.appending("samenvatting")))
    }
}
