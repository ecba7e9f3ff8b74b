import Foundation

/// An import file with one or more bad rows. Nothing is registered; every bad row is named.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// `(line, problem)` for every problem found.
    public var problems: [Problem]

    public struct Problem: Hashable, Sendable {
        public var line: Int
        public var message: String
    }

    public var description: String {
        let shown = problems.prefix(50).map { "\(file):\($0.line): \($0.message)" }
        let more = problems.count > 50 ? ["… en nog \(problems.count - 50) problemen"] : []
        return (shown + more + ["Er is niets geregistreerd: verbeter het bestand en importeer opnieuw."]).joined(separator: "\n")
    }
}

/// Turns a CSV file of inputs into commands (DESIGN §8: `kenmerk;soort;ontvangen;naam;
/// publieke_naam;kanaal;thema;tekst`, plus `adres`, `email`, `telefoon`).
public enum InputImport: Sendable {
    static let columns = ["kenmerk", "soort", "ontvangen", "naam", "publieke_naam", "kanaal", "thema", "tekst", "adres", "email", "telefoon"]

    /// The inputs in a CSV file and their writers' contact details, or every problem.
    ///
    /// At most ``InputLimits/importRows`` rows; each text at most ``InputLimits/textLength``
    /// tekens, each kenmerk ``InputLimits/idLength`` and every other field
    /// ``InputLimits/labelLength``.
    public static func inputs(
        fromCSV bytes: [UInt8], file: String, definition: WorkflowDefinition, today: CivilDate
    ) throws(ImportError) -> (inputs: [NewInput], personal: [PersonalDetails?]) {
        try inputs(fromCSV: bytes, file: file, definition: definition, today: today, maximumRows: InputLimits.importRows)
    }

    /// ``inputs(fromCSV:file:definition:today:)`` with another row limit, for tests.
    static func inputs(
        fromCSV bytes: [UInt8], file: String, definition: WorkflowDefinition, today: CivilDate, maximumRows: Int
    ) throws(ImportError) -> (inputs: [NewInput], personal: [PersonalDetails?]) {
        let table: CSVTable
        do {
            table = try CSVReader.parse(bytes, maximumFieldLength: InputLimits.csvFieldBytes, maximumRows: maximumRows)
        } catch {
            throw ImportError(file: file, problems: [.init(line: error.line, message: error.message)])
        }
        return try rows(table, file: file, definition: definition, today: today)
    }

    package static func rows(
        _ table: CSVTable, file: String, definition: WorkflowDefinition, today: CivilDate
    ) throws(ImportError) -> (inputs: [NewInput], personal: [PersonalDetails?]) {
        let header = try ColumnMap(table, file: file, known: columns, required: ["soort", "tekst"])
        var problems: [ImportError.Problem] = []
        var inputs: [NewInput] = []
        var personal: [PersonalDetails?] = []
        var seen: [String: Int] = [:]
        if table.rows.isEmpty { problems.append(.init(line: 1, message: "het bestand heeft geen regels onder de kopregel")) }
        for row in table.rows {
            func field(_ name: String) -> String? {
                header.value(name, in: row).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            }
            let kind = field("soort")?.trimmingCharacters(in: .whitespaces) ?? ""
            if kind.isEmpty {
                problems.append(.init(line: row.line, message: "soort ontbreekt"))
            } else if !definition.inputKinds.contains(InputKindID(kind)) {
                problems.append(
                    .init(line: row.line, message: "soort \"\(InputLimits.excerpt(kind))\" bestaat niet in \(definition.id); soorten: \(WorkflowDefinition.names(definition.inputKinds.keys))"))
            }
            let text = field("tekst") ?? ""
            if text.isEmpty {
                problems.append(.init(line: row.line, message: "tekst ontbreekt"))
            } else if let problem = InputLimits.problem(text, limit: InputLimits.textLength, what: "tekst") {
                problems.append(.init(line: row.line, message: problem + "; voeg een lang stuk toe als document"))
            }
            for name in ["kenmerk", "naam", "publieke_naam", "kanaal", "thema", "adres", "email", "telefoon"] {
                let limit = name == "kenmerk" ? InputLimits.idLength : InputLimits.labelLength
                if let value = header.value(name, in: row), let problem = InputLimits.problem(value, limit: limit, what: name) {
                    problems.append(.init(line: row.line, message: problem))
                }
            }
            var received: CivilDate?
            if let value = field("ontvangen") {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if let date = CivilDate(trimmed) {
                    received = date
                    if date > today { problems.append(.init(line: row.line, message: "ontvangen \(date) ligt in de toekomst")) }
                } else {
                    problems.append(.init(line: row.line, message: "ontvangen \"\(InputLimits.excerpt(value))\" is geen datum (schrijf 2026-03-16 of 16-03-2026)"))
                }
            }
            let id = field("kenmerk")?.trimmingCharacters(in: .whitespaces)
            if let id {
                if let first = seen[id] {
                    problems.append(.init(line: row.line, message: "kenmerk \(InputLimits.excerpt(id)) staat ook op regel \(first)"))
                } else {
                    seen[id] = row.line
                }
            }
            inputs.append(
                NewInput(
                    id: id.map(InputID.init), kind: InputKindID(kind), text: text, received: received,
                    channel: field("kanaal"), theme: field("thema"), publicName: field("publieke_naam")))
            let details = PersonalDetails(name: field("naam"), address: field("adres"), email: field("email"), phone: field("telefoon"))
            personal.append(details.isEmpty ? nil : details)
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
        return (inputs, personal)
    }
}

/// Turns a CSV file of answers into commands (`kenmerk;oordeel;motivering`).
public enum FeedbackImport: Sendable {
    /// The feedback in a CSV file, or every problem.
    ///
    /// At most ``InputLimits/importRows`` rows; each motivation at most
    /// ``InputLimits/noteLength`` tekens.
    public static func feedback(fromCSV bytes: [UInt8], file: String) throws(ImportError) -> [NewFeedback] {
        try feedback(fromCSV: bytes, file: file, maximumRows: InputLimits.importRows)
    }

    /// ``feedback(fromCSV:file:)`` with another row limit, for tests.
    static func feedback(fromCSV bytes: [UInt8], file: String, maximumRows: Int) throws(ImportError) -> [NewFeedback] {
        let table: CSVTable
        do {
            table = try CSVReader.parse(bytes, maximumFieldLength: InputLimits.csvFieldBytes, maximumRows: maximumRows)
        } catch {
            throw ImportError(file: file, problems: [.init(line: error.line, message: error.message)])
        }
        return try rows(table, file: file)
    }

    package static func rows(_ table: CSVTable, file: String) throws(ImportError) -> [NewFeedback] {
        let header = try ColumnMap(
            table, file: file, known: ["kenmerk", "oordeel", "motivering"], required: ["kenmerk", "oordeel", "motivering"])
        var problems: [ImportError.Problem] = []
        var result: [NewFeedback] = []
        var seen: [String: Int] = [:]
        if table.rows.isEmpty { problems.append(.init(line: 1, message: "het bestand heeft geen regels onder de kopregel")) }
        for row in table.rows {
            let id = (header.value("kenmerk", in: row) ?? "").trimmingCharacters(in: .whitespaces)
            let verdictText = header.value("oordeel", in: row) ?? ""
            let motivation = header.value("motivering", in: row) ?? ""
            if id.isEmpty { problems.append(.init(line: row.line, message: "kenmerk ontbreekt")) }
            if let first = seen[id], !id.isEmpty {
                problems.append(.init(line: row.line, message: "kenmerk \(InputLimits.excerpt(id)) staat ook op regel \(first)"))
            } else {
                seen[id] = row.line
            }
            let verdict = Verdict(parsing: verdictText)
            if verdict == nil {
                problems.append(.init(line: row.line, message: "oordeel \"\(InputLimits.excerpt(verdictText))\" bestaat niet; kies uit \(Verdict.writtenForms)"))
            }
            if motivation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.init(line: row.line, message: "motivering ontbreekt; die is altijd nodig, ook bij kennisgenomen"))
            } else if let problem = InputLimits.problem(motivation, limit: InputLimits.noteLength, what: "motivering") {
                problems.append(.init(line: row.line, message: problem))
            }
            if let problem = InputLimits.problem(id, limit: InputLimits.idLength, what: "kenmerk") {
                problems.append(.init(line: row.line, message: problem))
            }
            if let verdict { result.append(NewFeedback(input: InputID(id), verdict: verdict, motivation: motivation)) }
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
        return result
    }
}

/// Which column holds which field, by the Dutch header names (any order, any case).
struct ColumnMap {
    private var index: [String: Int] = [:]

    init(_ table: CSVTable, file: String, known: [String], required: [String]) throws(ImportError) {
        var problems: [ImportError.Problem] = []
        for (position, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
            if !known.contains(name) {
                problems.append(.init(line: 1, message: "onbekende kolom \"\(InputLimits.excerpt(raw))\"; bekende kolommen: \(known.joined(separator: ", "))"))
            } else if index[name] != nil {
                problems.append(.init(line: 1, message: "kolom \"\(InputLimits.excerpt(name))\" staat er twee keer"))
            } else {
                index[name] = position
            }
        }
        for name in required where index[name] == nil {
            problems.append(.init(line: 1, message: "kolom \"\(name)\" ontbreekt"))
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
    }

    func value(_ name: String, in row: CSVRow) -> String? {
        guard let position = index[name], position < row.fields.count else { return nil }
        return row.fields[position]
    }
}
