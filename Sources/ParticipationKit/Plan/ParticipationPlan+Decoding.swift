/// Thrown when a plan file cannot be read. Carries every problem found, not just the first.
public struct PlanFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A decoded participatieplan file: the plan, the exact bytes and their SHA-256, and where
/// each part stands in the file, so that the completeness check can point at a line.
///
/// A plan file is JSON (`formatVersion` 1) or the fill-in Markdown of ``PlanTemplate``; both
/// read into the same ``ParticipationPlan``, and findings in both carry `file:line:column`.
/// Which form a file is in: see ``format(of:file:)``.
///
/// Reading refuses only what makes the file unreadable: bad JSON, unknown keys or headings,
/// wrong types, unknown phases or levels, a missing `formatVersion`, `project` or `fase`, a
/// newer format. Everything a draft may still lack (answers, phases, kaders…) is left to
/// ``check()``.
public struct PlanFile: Sendable {
    public var plan: ParticipationPlan
    /// The file name as the user gave it, used in messages.
    public var file: String?
    /// The exact bytes read.
    public var bytes: [UInt8]
    /// SHA-256 of ``bytes``: the digest a process records when it starts with this plan.
    public let digest: SHA256Digest
    /// The form the file is written in.
    public let format: PlanFormat
    /// The text encoding the file was read in: always UTF-8 for JSON; a Markdown plan may also
    /// be Windows-1252 (what Word and Notepad write as "ANSI") or UTF-16 with a byte order mark.
    public let encoding: CSVText.Encoding
    private var locations: Locations

    /// Where the parts of the plan stand in the file.
    private enum Locations: Sendable {
        case json(SourceMap)
        /// Each part's place by its JSON Pointer, and notes on answers that are absent.
        case markdown([JSONPointer: SourceLocation], notes: [JSONPointer: String])
    }

    /// Reads a plan file, JSON or Markdown.
    ///
    /// - Parameters:
    ///   - bytes: The contents of the file: UTF-8 JSON (with or without BOM), or Markdown in
    ///     UTF-8, Windows-1252 or UTF-16 with a byte order mark.
    ///   - file: The name to use in messages; its extension helps decide the form.
    /// - Throws: ``PlanFileError`` with every problem, each with its line:column (and, in JSON,
    ///   its pointer).
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
        self.file = file
        self.bytes = bytes
        self.digest = SHA256.hash(bytes)
        self.format = Self.format(of: bytes, file: file)
        switch format {
        case .json:
            let decoder = PlanDecoder(bytes: bytes, file: file)
            let decoded = decoder.decodePlan()
            guard let decoded, !decoder.diagnostics.containsErrors else {
                throw PlanFileError(diagnostics: decoder.diagnostics)
            }
            self.plan = decoded
            self.encoding = .utf8
            self.locations = .json(decoder.sourceMap)
        case .markdown:
            let (text, encoding) = try Self.markdownText(bytes, file: file)
            let reader = MarkdownPlanReader(text: text, file: file)
            let decoded = reader.decode()
            guard let decoded, !reader.diagnostics.containsErrors else {
                throw PlanFileError(diagnostics: reader.diagnostics)
            }
            self.plan = decoded
            self.encoding = encoding
            self.locations = .markdown(reader.locations, notes: reader.absentNotes)
        }
    }

    /// The form of a plan file: by the file's extension (`.json` is JSON; `.md`, `.markdown`
    /// and `.txt` are Markdown), else by its contents: JSON when the first character that is
    /// not white space (after any byte order mark) is `{`, Markdown otherwise.
    public static func format(of bytes: [UInt8], file: String?) -> PlanFormat {
        let name = (file ?? "").lowercased()
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".md") || name.hasSuffix(".markdown") || name.hasSuffix(".txt") { return .markdown }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "{") ? .json : .markdown
    }

    /// The text of a Markdown plan and the encoding it was read in (see ``CSVText/utf8(from:)``).
    private static func markdownText(_ bytes: [UInt8], file: String?) throws(PlanFileError) -> (String, CSVText.Encoding) {
        func refuse(_ message: String, line: Int) -> PlanFileError {
            PlanFileError(diagnostics: [
                Diagnostic(.error, .planSyntax, message, file: file, location: SourceLocation(line: line, column: 1))
            ])
        }
        let hasUTF16Mark = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if !hasUTF16Mark, let nul = bytes.firstIndex(of: 0) {
            throw refuse(
                "het bestand bevat NUL-bytes: het is geen tekst, of UTF-16 zonder BOM. Sla het plan op als tekst "
                    + "(UTF-8), bijvoorbeeld in Kladblok met Opslaan als, Codering: UTF-8.",
                line: 1 + bytes[..<nul].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        }
        do {
            var (utf8, encoding) = try CSVText.utf8(from: bytes)
            if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
            let text = utf8.withUnsafeBufferPointer(UTF8Text.string)
            guard let text else {
                // Only a file that declares UTF-8 with a byte order mark gets here.
                let lines = utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
                let bad = lines.firstIndex { line in !Array(line).withUnsafeBufferPointer(UTF8Text.isValid) } ?? 0
                let line = bad + 1
                throw refuse(
                    "het bestand begint als UTF-8 (met BOM), maar er staan bytes in die geen UTF-8 zijn. Sla het plan "
                        + "opnieuw op als UTF-8.",
                    line: line)
            }
            return (text, encoding)
        } catch let error as CSVError {
            throw refuse(error.message, line: error.line)
        } catch let error as PlanFileError {
            throw error
        } catch {
            throw refuse("het bestand is niet te lezen als tekst", line: 1)
        }
    }

    /// The completeness check of the plan, with this file's name and line:column on every
    /// finding, worded for the form the file is in.
    public func check() -> PlanCheck {
        PlanCheck(
            findings: PlanCheck(plan, format: format).findings.map { finding in
                var located = locate(finding)
                if case .markdown(_, let notes) = locations, finding.code == .planAnswerMissing,
                    let note = notes[finding.pointer]
                {
                    located.message += " " + note
                }
                return located
            })
    }

    /// The line and column of a JSON Pointer in the file, or of its nearest parent that has one.
    /// In a Markdown plan the pointer names the same part as in a JSON plan (`/vragen/vorm`).
    public func location(of pointer: JSONPointer) -> SourceLocation? {
        switch locations {
        case .json(let map):
            return map.location(of: pointer)
        case .markdown(let places, _):
            var tokens = pointer.tokens
            while true {
                var current = JSONPointer()
                for token in tokens { current = current.appending(token) }
                if let place = places[current] { return place }
                if tokens.isEmpty { return nil }
                tokens.removeLast()
            }
        }
    }

    /// The diagnostic with this file's name and the location of its pointer filled in.
    public func locate(_ diagnostic: Diagnostic) -> Diagnostic {
        var result = diagnostic
        result.file = result.file ?? file
        if result.location == nil { result.location = location(of: diagnostic.pointer) }
        return result
    }
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
        super.init(
            bytes: bytes, file: file, codes: Codes(unknownKey: .planUnknownKey, missingKey: .planMissingKey, wrongType: .planWrongType))
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
            // Text pasted from Word gets its own explanation, at the character that broke the JSON.
            if let advice = Self.pasteAdvice(bytes, at: error.offset) {
                report(.planSyntax, "geen geldige JSON. " + advice.message, offset: advice.offset, pointer: JSONPointer())
            } else {
                report(.planSyntax, "geen geldige JSON: \(error.message)", offset: error.offset, pointer: JSONPointer())
            }
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

    /// What went wrong when text pasted from Word broke the JSON, and how to mend it: a
    /// typographic quote where JSON needs `"`, a line break or tab inside a text, a
    /// non-breaking space between the parts, a file that is not UTF-8. `nil` for other errors.
    ///
    /// Nothing is repaired: the file means what its bytes say, and the user fixes it (or
    /// writes the plan in Markdown, where all of this is plain text).
    static func pasteAdvice(_ bytes: [UInt8], at offset: Int) -> (message: String, offset: Int)? {
        let markdown = "Of schrijf het plan in Markdown: daar is zulke tekst gewoon tekst."
        if !bytes.withUnsafeBufferPointer(UTF8Text.isValid) {
            return (
                "Het bestand is niet als UTF-8 opgeslagen (waarschijnlijk Windows-1252, uit Word of Kladblok). "
                    + "Sla het op als UTF-8. " + markdown, offset
            )
        }
        let quotes: [[UInt8]] = [[0xE2, 0x80, 0x9C], [0xE2, 0x80, 0x9D], [0xE2, 0x80, 0x9E], [0xE2, 0x80, 0x98], [0xE2, 0x80, 0x99]]
        let quoteAdvice =
            "Er staat een gekruld aanhalingsteken (“ ” of ‘ ’) waar JSON een recht aanhalingsteken (\") verwacht. "
            + "Word maakt ze vaak zo. Vervang het door \" (een gekruld teken midden in een tekst mag wel). " + markdown
        let at = bytes[min(offset, bytes.count)...]
        if quotes.contains(where: { at.starts(with: $0) }) { return (quoteAdvice, offset) }
        if at.starts(with: [0xC2, 0xA0]) || at.starts(with: [0xE2, 0x80, 0xAF]) {
            return ("Er staat een vaste spatie (uit Word) tussen de onderdelen. Vervang hem door een gewone spatie. " + markdown, offset)
        }
        guard let byte = at.first, byte == 0x0A || byte == 0x0D || byte == 0x09 else { return nil }
        // A text that ran on to the end of its line: was its closing quote a curly one?
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = bytes[lineStart..<offset]
        if let curly = line.indices.last(where: { index in quotes.prefix(2).contains { line[index...].starts(with: $0) } }) {
            return (quoteAdvice, curly)
        }
        if byte == 0x09 { return ("Er staat een tab in een tekst. Vervang hem door een spatie, of schrijf \\t.", offset) }
        return (
            "Er staat een regeleinde midden in een tekst. In JSON staat een tekst op één regel: zet de regels achter "
                + "elkaar, of schrijf \\n waar een nieuwe regel moet beginnen. " + markdown, offset
        )
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
