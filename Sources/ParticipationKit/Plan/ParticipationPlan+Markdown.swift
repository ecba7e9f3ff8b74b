/// Reads the Markdown form of a participatieplan (the form ``PlanTemplate`` writes) into a
/// ``ParticipationPlan``, collecting every problem with its line and column.
///
/// The form, line by line:
///
/// - `# Participatieplan: NAAM` is the project (a title without "Participatieplan" is the name
///   as a whole). Before the first `##`, the lines `Werkstroom:`, `Impact:` (laag, midden,
///   hoog) and `Participatie:` (ja, nee) give the choices.
/// - `## N. vraag` is one of the seven questions of point 9, found by its wording or short title
///   (ignoring case, punctuation and the kind of quotes), else by its number. Everything under
///   it up to the next `##` is the answer, over as many lines and paragraphs as it takes;
///   headings of level 3 or deeper are part of it.
/// - `## Fasen` holds one `### Samen denken` (besluiten, doen, leren) per phase, each with
///   `Doel:`, `Niveau:`, `Periode:`, `Werkvorm:`. A text field runs on over the lines below it.
///   A phase with no field filled in is not planned.
/// - `## Belanghebbenden`: one stakeholder per line, with or without a bullet (`-`, `*`, `•`, `1.`).
/// - `## Kaders van de raad`: `Besluit:`, `Datum:`, `Samenvatting:`; with none filled in, the
///   plan has no kaders.
///
/// Explanation is never an answer: lines that start with `>`, HTML comments, and the hints of
/// the form even when their `>` was lost. Text pasted from Word reads as written: typographic
/// quotes are text; non-breaking and other wide spaces count as spaces; soft hyphens and
/// zero-width characters are dropped; a line break inside a line (vertical tab, U+2028) is a
/// line break of the answer; CR LF and CR end a line like LF.
///
/// Refused, as in a JSON plan (the file is then unreadable): a heading the form does not know
/// (PK102, with a suggestion), a field name that is one or two letters off (PK102), a
/// question, section or field given twice (PK101, naming both lines), a missing title (PK104;
/// a title without the project's name reads, and the check asks for it, PK115), an unknown phase, level, impact, participation answer or date (PK105).
final class MarkdownPlanReader {
    private let file: String?
    private let lines: [[Unicode.Scalar]]
    private var found: [Diagnostic] = []
    /// Every problem found, in the order of the file.
    var diagnostics: [Diagnostic] {
        found.enumerated().sorted { lhs, rhs in
            let left = lhs.element.location.map { ($0.line, $0.column) } ?? (0, 0)
            let right = rhs.element.location.map { ($0.line, $0.column) } ?? (0, 0)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }
    /// Where each part of the plan stands, by the JSON Pointer the same part has in a JSON plan.
    private(set) var locations: [JSONPointer: SourceLocation] = [:]
    /// Notes added to the finding about an absent answer, by pointer: why it is absent.
    private(set) var absentNotes: [JSONPointer: String] = [:]

    private static let top = JSONPointer()
    /// The length in UTF-8 bytes of the longest hint of the form, with room for a `>`, spaces and emphasis.
    private static let longestHint = (PlanTemplate.hints.map(\.utf8.count).max() ?? 0) + 16

    init(text: String, file: String?) {
        self.file = file
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCarriageReturn { lines.append([]) }
            } else if scalar == "\r" {
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
            previousWasCarriageReturn = scalar == "\r"
        }
        if lines.count > 1, lines[lines.count - 1].isEmpty { lines.removeLast() }
        self.lines = Self.withoutComments(lines)
    }

    // MARK: Lines

    /// HTML comments (`<!-- … -->`, also over several lines) replaced by spaces, so that the
    /// columns of what follows stay where they were.
    private static func withoutComments(_ lines: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        var inComment = false
        return lines.map { line in
            // Most lines have no comment at all.
            guard inComment || line.contains("<") else { return line }
            var out = line
            var index = 0
            while index < out.count {
                if !inComment, matches(out, at: index, "<!--") {
                    inComment = true
                    for offset in 0..<4 { out[index + offset] = " " }
                    index += 4
                } else if inComment, matches(out, at: index, "-->") {
                    inComment = false
                    for offset in 0..<3 { out[index + offset] = " " }
                    index += 3
                } else {
                    if inComment { out[index] = " " }
                    index += 1
                }
            }
            return out
        }
    }

    private static func matches(_ line: [Unicode.Scalar], at index: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= line.count else { return false }
        return text.withUTF8Buffer { ascii in (0..<count).allSatisfy { line[index + $0].value == UInt32(ascii[$0]) } }
    }

    /// Spaces as Word writes them (non-breaking, narrow, thin, ideographic…) and tabs.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator)
    }

    /// Characters that stand in pasted text without being seen: soft hyphen, zero-width space
    /// and joiners, word joiner, a byte order mark inside the text.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: true
        default: false
        }
    }

    /// A line break inside a line: vertical tab (Word's manual line break), line and paragraph
    /// separator, form feed, next line.
    static func isInnerBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x000B, 0x000C, 0x0085, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A control character other than the inner line breaks (C0, DEL, C1).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The text of part of a line as it counts: invisible characters dropped, spaces made plain,
    /// inner line breaks kept as `\n`, other control characters made spaces, and no spaces at
    /// either end of the text or of an inner line.
    ///
    /// Complexity: O(length), one pass over the scalars (this runs for every line of a plan).
    static func clean(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var pendingBreaks = 0
        for scalar in scalars where !isInvisible(scalar) {
            if isInnerBreak(scalar) {
                if !out.isEmpty { pendingBreaks += 1 }
                pendingSpace = false
            } else if isSpace(scalar) || isControl(scalar) {
                if !out.isEmpty && pendingBreaks == 0 { pendingSpace = true }
            } else {
                if pendingBreaks > 0 {
                    for _ in 0..<pendingBreaks { out.append("\n") }
                } else if pendingSpace {
                    out.append(" ")
                }
                pendingBreaks = 0
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A text reduced to what decides whether two headings or hints are the same: lower case,
    /// one kind of quote, single spaces, no emphasis marks, no punctuation at the ends.
    ///
    /// Complexity: O(length), on scalars.
    static func key(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) || scalar == "*" || scalar == "_" { continue }
            if isSpace(scalar) || isInnerBreak(scalar) || isControl(scalar) {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            switch scalar {
            case "’", "‘", "`", "´", "‚": out.append("'")
            case "“", "”", "„", "«", "»": out.append("\"")
            case "–", "—": out.append("-")
            default:
                if scalar.isASCII {
                    out.append(scalar.properties.isUppercase ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar)
                } else {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
        }
        let ends: Set<Unicode.Scalar> = [" ", ".", ":", "?", "!", ";", ",", "-", "\"", "'"]
        while let last = out.last, ends.contains(last) { out.removeLast() }
        var result = String(out)
        while let first = result.unicodeScalars.first, ends.contains(first) { result.unicodeScalars.removeFirst() }
        return result
    }

    private enum LineKind {
        case blank
        /// A line that starts with `>`: explanation.
        case hint
        /// `#`… with its level, its text and the column where the text starts.
        case heading(level: Int, text: String, column: Int)
        /// Anything else, with the column of its first character.
        case content(column: Int)
    }

    private func kind(_ line: [Unicode.Scalar]) -> LineKind {
        guard let start = line.firstIndex(where: { !Self.isSpace($0) && !Self.isInvisible($0) && !Self.isInnerBreak($0) }) else {
            return .blank
        }
        if line[start] == ">" { return .hint }
        if start <= 3, line[start] == "#" {
            var end = start
            while end < line.count, line[end] == "#" { end += 1 }
            let level = end - start
            let next = end < line.count ? line[end] : nil
            if level <= 6, next == nil || Self.isSpace(next ?? " ") || (next?.properties.numericType != nil) {
                var textStart = end
                while textStart < line.count, Self.isSpace(line[textStart]) { textStart += 1 }
                var text = Self.clean(line[textStart...])
                // A closing run of # (`## Fasen ##`) is not part of the text.
                if text.allSatisfy({ $0 == "#" }) {
                    text = ""
                } else if let range = text.range(of: " #+$", options: .regularExpression) {
                    text.removeSubrange(range)
                }
                return .heading(level: level, text: text, column: textStart + 1)
            }
        }
        return .content(column: start + 1)
    }

    private func location(_ index: Int, _ column: Int = 1) -> SourceLocation {
        SourceLocation(line: index + 1, column: column)
    }

    private func report(_ code: Diagnostic.Code, _ message: String, line index: Int, column: Int = 1, pointer: JSONPointer) {
        found.append(Diagnostic(.error, code, message, file: file, pointer: pointer, location: location(index, column)))
    }

    // MARK: Sections

    enum Section: Hashable {
        case top
        case question(PlanQuestion)
        case phases
        case stakeholders
        case kaders
        /// After a heading that was refused: its lines are skipped.
        case unknown
    }

    /// A level-2 heading: which section it opens, or `nil` when the form does not know it.
    static func section(forHeading text: String) -> Section? {
        let key = Self.key(text)
        if ["fasen", "de fasen", "fasen van participatie"].contains(key) { return .phases }
        if ["belanghebbenden", "de belanghebbenden", "stakeholders", "stakeholdersanalyse"].contains(key) { return .stakeholders }
        if ["kaders", "kaders van de raad", "de kaders van de raad"].contains(key) { return .kaders }
        return question(forHeading: text).map(Section.question)
    }

    /// The question a heading names: by its wording or title after any number, else by the number.
    static func question(forHeading text: String) -> PlanQuestion? {
        var rest = Substring(key(text))
        if rest.hasPrefix("vraag ") { rest = rest.dropFirst("vraag ".count) }
        var number: Int?
        let digits = rest.prefix(while: \.isASCII).prefix(while: \.isNumber)
        if !digits.isEmpty, let value = Int(digits) {
            let after = rest.dropFirst(digits.count)
            if after.isEmpty || after.first == "." || after.first == ")" || after.first == ":" || after.first == " " {
                number = value
                rest = after.drop { $0 == "." || $0 == ")" || $0 == ":" || $0 == " " }
            }
        }
        let remainder = key(rest)
        if !remainder.isEmpty,
            let question = PlanQuestion.allCases.first(where: { key($0.wording) == remainder || key($0.title) == remainder })
        {
            return question
        }
        guard let number, PlanQuestion.allCases.indices.contains(number - 1) else { return nil }
        return PlanQuestion.allCases[number - 1]
    }

    /// The headings the form knows, as a suggestion names them.
    static let knownHeadings: [String] =
        PlanQuestion.allCases.map { "## \($0.number). \($0.wording)" }
        + ["## \(PlanTemplate.phasesHeading)", "## \(PlanTemplate.stakeholdersHeading)", "## \(PlanTemplate.kadersHeading)"]

    /// The closest known heading to an unknown one, by edit distance on the reduced text.
    static func suggestion(forHeading text: String) -> String? {
        let typed = key(text)
        let candidates = knownHeadings.map { (heading: $0, key: key($0.drop { $0 == "#" || $0 == " " })) }
        // Also without the question's number, and by its short title.
        var keyed = candidates
        for question in PlanQuestion.allCases {
            let heading = "## \(question.number). \(question.wording)"
            keyed.append((heading, key(question.wording)))
            keyed.append((heading, key(question.title)))
        }
        if let close = DefinitionDecoder.closest(to: typed, in: keyed.map(\.key)) {
            return keyed.first { $0.key == close }?.heading
        }
        // A heading that starts like a question ("Risico's") points at it.
        if typed.count >= 4, let match = keyed.first(where: { $0.key.hasPrefix(typed) }) { return match.heading }
        return nil
    }

    /// The phase a level-3 heading under `## Fasen` names: "Samen denken", "Denken", "Fase denken"…
    static func phase(forHeading text: String) -> Phase? {
        var key = Substring(Self.key(text))
        for prefix in ["fase ", "(samen) ", "samen "] where key.hasPrefix(prefix) { key = key.dropFirst(prefix.count) }
        let word = key.prefix { $0.isLetter }
        return Phase(rawValue: String(word)).flatMap {
            key.dropFirst(word.count).isEmpty || key.dropFirst(word.count).first == " " ? $0 : nil
        }
    }

    // MARK: Fields

    /// A line `Naam: waarde` whose name is one of `fields`: the field, the value's first part and
    /// its column. A name one or two letters off is reported (PK102) and gives `nil`.
    private func field(
        in line: [Unicode.Scalar], index: Int, column: Int, names fields: [(name: String, key: String)], pointer: JSONPointer
    ) -> (name: String, key: String, value: String, column: Int)? {
        let start = column - 1
        guard let colon = line[start...].firstIndex(of: ":") else { return nil }
        let name = Self.key(String(String.UnicodeScalarView(line[start..<colon])))
        guard !name.isEmpty, name.count <= 20, name.allSatisfy({ $0.isLetter }) else { return nil }
        var valueStart = colon + 1
        // `**Doel:** tekst`: emphasis around the name.
        while valueStart < line.count, line[valueStart] == "*" || line[valueStart] == "_" { valueStart += 1 }
        while valueStart < line.count, Self.isSpace(line[valueStart]) || Self.isInvisible(line[valueStart]) { valueStart += 1 }
        if let field = fields.first(where: { $0.name.lowercased() == name }) {
            return (field.name, field.key, Self.clean(line[valueStart...]), valueStart + 1)
        }
        if let close = DefinitionDecoder.closest(to: name, in: fields.map { $0.name.lowercased() }), close.count >= 4 {
            let suggestion = fields.first { $0.name.lowercased() == close }?.name ?? close
            report(
                .planUnknownKey,
                "onbekend veld \"\(String(String.UnicodeScalarView(line[start..<colon])).trimmingCharacters(in: .whitespaces)):\"; "
                    + "bedoelt u \"\(suggestion):\"?",
                line: index, column: column, pointer: pointer.appending(name))
        }
        return nil
    }

    /// A choice (`hoog`, `ja`, `raadplegen`) as written: without emphasis, quotes or a closing dot.
    static func choiceText(_ value: String) -> String {
        var text = value.trimmingCharacters(in: .whitespaces)
        let wrappers: Set<Character> = ["*", "_", "\"", "'", "“", "”", "‘", "’", "«", "»", "`"]
        while let first = text.first, wrappers.contains(first) { text.removeFirst() }
        while let last = text.last, wrappers.contains(last) || last == "." { text.removeLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Reading

    /// One field being read: where it started, and its lines so far.
    private struct OpenField {
        var key: String
        var name: String
        var pointer: JSONPointer
        var line: Int
        var column: Int
        var lines: [String]
    }

    /// One phase under `## Fasen`.
    private struct PhaseDraft {
        var phase: Phase?
        var line: Int
        var values: [String: (text: String, line: Int, column: Int)] = [:]
    }

    func decode() -> ParticipationPlan? {
        var project: (name: String, line: Int, column: Int)?
        /// The fields that take one word (a choice), not a text that runs on.
        let choiceKeys: Set<String> = ["workflow", "impact", "participatie", "niveau", "datum"]
        var titleLine: Int?
        var section = Section.top
        var sectionLines: [Section: Int] = [.top: 0]
        var topValues: [String: (text: String, line: Int, column: Int)] = [:]
        var kadersValues: [String: (text: String, line: Int, column: Int)] = [:]
        var answers: [PlanQuestion: [(text: String, line: Int, column: Int)]] = [:]
        var strayHints: Set<PlanQuestion> = []
        var phases: [PhaseDraft] = []
        var stakeholders: [(text: String, line: Int, column: Int)] = []
        var open: OpenField?
        var seenFields: [JSONPointer: Int] = [:]
        let hintKeys = Set(PlanTemplate.hints.map { Self.key($0) })

        func store(_ field: OpenField) {
            let text = field.lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            let entry = (text: text, line: field.line, column: field.column)
            switch section {
            case .top: topValues[field.key] = entry
            case .kaders: kadersValues[field.key] = entry
            case .phases where !phases.isEmpty: phases[phases.count - 1].values[field.key] = entry
            default: break
            }
        }
        func closeField() {
            if let field = open { store(field) }
            open = nil
        }
        /// The pointer of the current section's fields.
        func sectionPointer() -> JSONPointer {
            switch section {
            case .phases: Self.top.appending("fasen").appending(max(0, phases.count - 1))
            case .kaders: Self.top.appending("kaders")
            default: Self.top
            }
        }
        /// Whether a line is one of the form's hints that lost its `>`.
        func isHint(_ text: String) -> Bool {
            // No hint is longer than this; a long line is no hint, whatever it says.
            guard text.utf8.count <= Self.longestHint else { return false }
            let key = Self.key(text)
            return hintKeys.contains(key) || key.hasPrefix(Self.key(PlanTemplate.fromWorkflowPrefix))
        }

        for (index, line) in lines.enumerated() {
            switch kind(line) {
            case .blank:
                if open != nil { open?.lines.append("") }
            case .hint:
                // A hint the form did not write may be an answer typed after a `>`.
                if case .question(let question) = section,
                    let marker = line.firstIndex(of: ">"), !isHint(Self.clean(line[(marker + 1)...]))
                {
                    strayHints.insert(question)
                }
            case .heading(let level, let text, let column):
                if level >= 3, case .question(let question) = section {
                    // A subheading inside an answer is part of the answer.
                    answers[question, default: []].append((String(repeating: "#", count: level) + " " + text, index, column))
                    continue
                }
                closeField()
                if level == 1 {
                    if let titleLine {
                        report(
                            .planSyntax,
                            "een tweede titel (# …); het plan heeft er één, op regel \(titleLine + 1). Maak van deze een kop met ## of haal hem weg.",
                            line: index, column: column, pointer: Self.top.appending("project"))
                    } else {
                        titleLine = index
                        var name = Substring(text).drop { "*_ ".contains($0) }
                        if name.lowercased().hasPrefix(PlanTemplate.titleWord.lowercased()) {
                            name = name.dropFirst(PlanTemplate.titleWord.count).drop { ":-–—*_ ".contains($0) }
                        }
                        while let last = name.last, "*_ ".contains(last) { name = name.dropLast() }
                        project = (String(name), index, column)
                    }
                    locations[Self.top.appending("project")] = location(index, column)
                    section = .top
                } else if level == 2 {
                    guard let next = Self.section(forHeading: text) else {
                        var message = "onbekende kop \"## \(text)\""
                        if let suggestion = Self.suggestion(forHeading: text) {
                            message += "; bedoelt u \"\(suggestion)\"?"
                        } else {
                            message +=
                                ". Het plan kent de zeven vragen van punt 9 (## 1. … tot en met ## 7. …), ## Fasen, "
                                + "## Belanghebbenden en ## Kaders van de raad."
                        }
                        report(.planUnknownKey, message, line: index, column: column, pointer: Self.top)
                        section = .unknown
                        continue
                    }
                    if let earlier = sectionLines[next] {
                        let name: String =
                            switch next {
                            case .question(let question): "de kop van vraag \(question.number)"
                            default: "de kop \"## \(text)\""
                            }
                        report(
                            .planSyntax,
                            "\(name) staat er twee keer: op regel \(earlier + 1) en op regel \(index + 1). Zet alles onder één kop.",
                            line: index, column: column, pointer: pointer(of: next))
                        section = .unknown
                        continue
                    }
                    sectionLines[next] = index
                    section = next
                    locations[pointer(of: next)] = location(index)
                } else if section == .phases, level == 3 {
                    let phase = Self.phase(forHeading: text)
                    let pointer = Self.top.appending("fasen").appending(phases.count)
                    if phase == nil {
                        let options = Phase.allCases.map(\.title)
                        var message = "onbekende fase \"\(text)\""
                        let typed = Self.key(text)
                        if let close = DefinitionDecoder.closest(to: typed, in: options.map { Self.key($0) }),
                            let title = options.first(where: { Self.key($0) == close })
                        {
                            message += "; bedoelt u \"\(title)\"?"
                        }
                        message += " Kies uit \(options.joined(separator: ", "))."
                        report(.planInvalidValue, message, line: index, column: column, pointer: pointer.appending("fase"))
                    }
                    phases.append(PhaseDraft(phase: phase, line: index))
                    locations[pointer] = location(index)
                    locations[pointer.appending("fase")] = location(index, column)
                } else {
                    let place =
                        section == .phases
                        ? "onder ## Fasen hoort een kop met ### per fase (### Samen denken)"
                        : "een kop met \(String(repeating: "#", count: level)) hoort alleen onder ## Fasen (### Samen denken) "
                            + "of in een antwoord"
                    report(.planUnknownKey, "onbekende kop \"\(text)\": \(place).", line: index, column: column, pointer: Self.top)
                }
            case .content(let column):
                let text = Self.clean(line[...])
                switch section {
                case .unknown:
                    continue
                case .question(let question):
                    if isHint(text) { continue }
                    answers[question, default: []].append((text, index, column))
                case .stakeholders:
                    if isHint(text) { continue }
                    var scalars = line[(column - 1)...]
                    let digits = scalars.prefix { $0.isASCII && $0.properties.numericType != nil }
                    if let first = scalars.first, "-*+•·–—▪◦‣".unicodeScalars.contains(first) {
                        scalars = scalars.dropFirst()
                    } else if !digits.isEmpty, let after = scalars.dropFirst(digits.count).first, after == "." || after == ")" {
                        scalars = scalars.dropFirst(digits.count + 1)
                    }
                    let offset = scalars.prefix { Self.isSpace($0) }.count
                    let name = Self.clean(scalars)
                    if !name.isEmpty {
                        let pointer = Self.top.appending("belanghebbenden").appending(stakeholders.count)
                        stakeholders.append((name, index, scalars.startIndex + offset + 1))
                        locations[pointer] = location(index, scalars.startIndex + offset + 1)
                    }
                case .top, .phases, .kaders:
                    if section == .phases, phases.isEmpty {
                        if !isHint(text) {
                            report(
                                .planSyntax,
                                "tekst onder ## Fasen hoort bij een fase: zet er een kop boven, zoals ### Samen denken.",
                                line: index, column: column, pointer: Self.top.appending("fasen"))
                        }
                        continue
                    }
                    let names: [(name: String, key: String)] =
                        switch section {
                        case .top: PlanTemplate.topFields
                        case .kaders: PlanTemplate.kadersFields
                        default: PlanTemplate.phaseFields
                        }
                    if let found = field(in: line, index: index, column: column, names: names, pointer: sectionPointer()) {
                        closeField()
                        let pointer = sectionPointer().appending(found.key)
                        if let earlier = seenFields[pointer] {
                            report(
                                .planSyntax,
                                "\"\(found.name):\" staat er twee keer: op regel \(earlier + 1) en op regel \(index + 1). Laat er één staan.",
                                line: index, column: column, pointer: pointer)
                            continue
                        }
                        seenFields[pointer] = index
                        locations[pointer] = location(index, found.value.isEmpty ? column : found.column)
                        open = OpenField(
                            key: found.key, name: found.name, pointer: pointer, line: index,
                            column: found.value.isEmpty ? column : found.column, lines: [found.value])
                        // A choice stands on the line of its name; a text may run on below it.
                        if choiceKeys.contains(found.key) { closeField() }
                    } else if let field = open, !isHint(text) {
                        if field.lines.allSatisfy(\.isEmpty) {
                            // The text starts on the line below its name.
                            open?.column = column
                            open?.lines = [text]
                            locations[field.pointer] = location(index, column)
                        } else {
                            open?.lines.append(text)
                        }
                    }
                }
            }
        }
        closeField()

        // The title and the project's name.
        let projectPointer = Self.top.appending("project")
        var projectName: String?
        if let project {
            // A title without a name (or with the form's placeholder) reads: the check asks for the name (PK115).
            projectName = Self.key(project.name) == Self.key(PlanTemplate.projectPlaceholder) ? "" : project.name
        } else {
            report(
                .planMissingKey,
                "de titel ontbreekt: zet bovenaan \"# \(PlanTemplate.titleWord): \" met de naam van het project",
                line: 0, pointer: projectPointer)
        }

        // The choices at the top.
        let workflow = topValues["workflow"].flatMap { $0.text.isEmpty ? nil : WorkflowID(Self.choiceText($0.text)) }
        let impact = choice(
            topValues["impact"], as: ParticipationPlan.Impact.self, what: "impact", pointer: Self.top.appending("impact"),
            shown: { $0.rawValue })
        var participation: Bool?
        if let entry = topValues["participatie"] {
            let value = Self.choiceText(entry.text).lowercased()
            switch value {
            case "": break
            case "ja": participation = true
            case "nee": participation = false
            default:
                report(
                    .planInvalidValue, "\"\(Self.choiceText(entry.text))\" is geen antwoord op Participatie; schrijf ja of nee.",
                    line: entry.line, column: entry.column, pointer: Self.top.appending("participatie"))
            }
        }

        // The answers, and where each one is (or should be).
        var answerTexts: [PlanQuestion: String] = [:]
        for question in PlanQuestion.allCases {
            let pointer = Self.top.appending("vragen").appending(question.rawValue)
            if let parts = answers[question], let first = parts.first(where: { !$0.text.isEmpty }) {
                var text = ""
                var previousLine = parts[0].line
                for part in parts {
                    if !text.isEmpty { text += part.line > previousLine + 1 ? "\n\n" : "\n" }
                    text += part.text
                    previousLine = part.line
                }
                answerTexts[question] = text
                locations[pointer] = location(first.line, first.column)
            } else if sectionLines[.question(question)] == nil {
                // No heading: point at where it belongs, before the next section that is there.
                let later = PlanQuestion.allCases.filter { $0 > question }.compactMap { sectionLines[.question($0)] }
                let next = later.first ?? sectionLines[.phases] ?? sectionLines[.stakeholders] ?? sectionLines[.kaders]
                locations[pointer] = location(next ?? max(0, lines.count - 1))
                absentNotes[pointer] =
                    "De kop van deze vraag ontbreekt; zet hem \(next == nil ? "terug" : "hier terug"): "
                    + "## \(question.number). \(question.wording)"
            } else if strayHints.contains(question) {
                absentNotes[pointer] =
                    "Alleen regels met > staan eronder, en die tellen niet mee: schrijf uw antwoord op een nieuwe regel, zonder > ervoor."
            }
        }
        if let first = PlanQuestion.allCases.compactMap({ sectionLines[.question($0)] }).min() {
            locations[Self.top.appending("vragen")] = location(first)
        }

        // The phases: a phase with no field filled in is not planned.
        var plannedPhases: [ParticipationPlan.PlannedPhase] = []
        for (index, draft) in phases.enumerated() {
            let pointer = Self.top.appending("fasen").appending(index)
            let values = draft.values.filter { !$0.value.text.isEmpty }
            let level = choice(
                values["niveau"], as: Level.self, what: "trede van de participatieladder", pointer: pointer.appending("niveau"),
                shown: { $0.rawValue })
            guard let phase = draft.phase, !values.isEmpty else { continue }
            // The pointers follow the phases that count, as they would in a JSON plan.
            let planned = Self.top.appending("fasen").appending(plannedPhases.count)
            if planned != pointer {
                for key in ["", "fase"] + PlanTemplate.phaseFields.map(\.key) {
                    let from = key.isEmpty ? pointer : pointer.appending(key)
                    let to = key.isEmpty ? planned : planned.appending(key)
                    locations[to] = locations[from] ?? location(draft.line)
                }
            }
            plannedPhases.append(
                ParticipationPlan.PlannedPhase(
                    phase: phase, goal: values["doel"]?.text, level: level, period: values["periode"]?.text,
                    form: values["werkvorm"]?.text))
        }

        // The kaders: none filled in is no kaders.
        var kaders: ParticipationPlan.Kaders?
        let filled = kadersValues.filter { !$0.value.text.isEmpty }
        if !filled.isEmpty {
            var date: CivilDate?
            if let entry = filled["datum"] {
                date = CivilDate(Self.choiceText(entry.text))
                if date == nil {
                    report(
                        .planInvalidValue, "\"\(entry.text)\" is geen datum; schrijf 2026-02-11 of 11-02-2026",
                        line: entry.line, column: entry.column, pointer: Self.top.appending("kaders").appending("datum"))
                }
            }
            kaders = ParticipationPlan.Kaders(decision: filled["besluit"]?.text, date: date, summary: filled["samenvatting"]?.text)
        }

        locations[Self.top] = location(titleLine ?? 0)
        guard let projectName, !found.containsErrors else { return nil }
        return ParticipationPlan(
            project: projectName, workflow: workflow, impact: impact, participation: participation, answers: answerTexts,
            phases: plannedPhases, stakeholders: stakeholders.map(\.text), kaders: kaders)
    }

    private func pointer(of section: Section) -> JSONPointer {
        switch section {
        case .top, .unknown: Self.top
        case .question(let question): Self.top.appending("vragen").appending(question.rawValue)
        case .phases: Self.top.appending("fasen")
        case .stakeholders: Self.top.appending("belanghebbenden")
        case .kaders: Self.top.appending("kaders")
        }
    }

    /// A choice field's value, or `nil` when it is empty; an unknown value is PK105 with a suggestion.
    private func choice<T: CaseIterable>(
        _ entry: (text: String, line: Int, column: Int)?, as type: T.Type, what: String, pointer: JSONPointer,
        shown: (T) -> String
    ) -> T? {
        guard let entry else { return nil }
        let text = Self.choiceText(entry.text)
        guard !text.isEmpty else { return nil }
        if let value = T.allCases.first(where: { shown($0) == text.lowercased() }) { return value }
        let options = T.allCases.map(shown)
        var message = "onbekende \(what) \"\(text)\""
        if let suggestion = DefinitionDecoder.closest(to: text, in: options) { message += "; bedoelt u \"\(suggestion)\"?" }
        message += " Kies uit \(options.joined(separator: ", "))."
        report(.planInvalidValue, message, line: entry.line, column: entry.column, pointer: pointer)
        return nil
    }
}
