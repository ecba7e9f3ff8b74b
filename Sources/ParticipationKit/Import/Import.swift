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
/// publieke_naam;kanaal;thema;tekst`, plus `adres`, `email`, `telefoon`, `behandelaar` and
/// `bedrag`, the amount asked for, such as `2.500` or `€ 2.500,00`).
///
/// With the columns `punt` and `route`, a letter with points is written as one row per point:
/// rows with the same `kenmerk` and a `punt` become the points of one input, in the order of
/// the file, each with its `route` (the role that answers it) and its own `behandelaar`. The
/// letter's own fields come from its first row; later rows may leave them empty.
public enum InputImport: Sendable {
    static let columns = [
        "kenmerk", "soort", "ontvangen", "naam", "publieke_naam", "kanaal", "thema", "tekst", "adres", "email", "telefoon", "behandelaar",
        "bedrag", "punt", "route",
    ]

    /// The inputs in a CSV file and their writers' contact details, or every problem.
    ///
    /// At most ``InputLimits/importRows`` rows; each text at most ``InputLimits/textLength``
    /// tekens, each kenmerk ``InputLimits/idLength``, each behandelaar one line of at most
    /// ``InputLimits/ownerLength`` and every other field ``InputLimits/labelLength``. An empty
    /// behandelaar takes the workflow's default.
    public static func inputs(
        fromCSV bytes: [UInt8], file: String, definition: WorkflowDefinition, today: CivilDate
    ) throws(ImportError) -> (inputs: [NewInput], personal: [PersonalDetails?]) {
        try inputs(fromCSV: bytes, file: file, definition: definition, today: today, maximumRows: InputLimits.importRows)
    }

    /// ``inputs(fromCSV:file:definition:today:)`` with another row limit, for tests.
    static func inputs(
        fromCSV bytes: [UInt8], file: String, definition: WorkflowDefinition, today: CivilDate, maximumRows: Int
    ) throws(ImportError) -> (inputs: [NewInput], personal: [PersonalDetails?]) {
        let reading = try read(fromCSV: bytes, file: file, definition: definition, today: today, maximumRows: maximumRows)
        return (reading.inputs, reading.personal)
    }

    /// What an import file held, and how it was read.
    public struct Reading: Sendable {
        public var inputs: [NewInput]
        public var personal: [PersonalDetails?]
        /// The text encoding the file was in (Windows-1252 from Dutch Excel, UTF-16, UTF-8).
        public var encoding: CSVText.Encoding
    }

    /// The inputs in a CSV file in any encoding ``CSVText`` reads, with that encoding.
    public static func read(
        fromCSV bytes: [UInt8], file: String, definition: WorkflowDefinition, today: CivilDate, maximumRows: Int = InputLimits.importRows
    ) throws(ImportError) -> Reading {
        let (table, encoding) = try ImportFile.table(bytes, file: file, maximumRows: maximumRows)
        let (inputs, personal) = try rows(table, file: file, definition: definition, today: today)
        return Reading(inputs: inputs, personal: personal, encoding: encoding)
    }

    package static func rows(
        _ table: CSVTable, file: String, definition: WorkflowDefinition, today: CivilDate
    ) throws(ImportError) -> (inputs: [NewInput], personal: [PersonalDetails?]) {
        let header = try ColumnMap(table, file: file, known: columns, required: ["soort", "tekst"])
        var problems: [ImportError.Problem] = []
        var inputs: [NewInput] = []
        var personal: [PersonalDetails?] = []
        var seen: [String: Int] = [:]
        // The index in `inputs` of each letter with points, by kenmerk.
        var groups: [String: Int] = [:]
        if table.rows.isEmpty { problems.append(.init(line: 1, message: "het bestand heeft geen regels onder de kopregel")) }
        for row in table.rows {
            func field(_ name: String) -> String? {
                header.value(name, in: row).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            }
            let id = field("kenmerk")?.trimmingCharacters(in: .whitespaces)
            let pointText = field("punt")
            let route = field("route")?.trimmingCharacters(in: .whitespaces)
            // A later row of a letter whose first row came before: only its point is read.
            if let pointText, let id, let index = groups[id] {
                let kind = field("soort")?.trimmingCharacters(in: .whitespaces)
                if let kind, kind != inputs[index].kind.rawValue {
                    problems.append(
                        .init(
                            line: row.line,
                            message: "soort \"\(InputLimits.excerpt(kind))\" verschilt van regel \(seen[id] ?? 0) met hetzelfde kenmerk"))
                }
                if let text = field("tekst"), text != inputs[index].text {
                    problems.append(
                        .init(
                            line: row.line,
                            message: "tekst verschilt van regel \(seen[id] ?? 0) met hetzelfde kenmerk; laat de tekst van de brief leeg "
                                + "bij de volgende punten, of schrijf hem gelijk"))
                }
                problems += pointProblems(
                    pointText, route: route, owner: field("behandelaar"), kind: inputs[index].kind, definition: definition, line: row.line)
                inputs[index].points.append(
                    NewPoint(
                        text: pointText, route: route.map(RoleID.init), owner: field("behandelaar")?.trimmingCharacters(in: .whitespaces)))
                continue
            }
            let kind = field("soort")?.trimmingCharacters(in: .whitespaces) ?? ""
            if kind.isEmpty {
                problems.append(.init(line: row.line, message: "soort ontbreekt"))
            } else if !definition.inputKinds.contains(InputKindID(kind)) {
                problems.append(
                    .init(
                        line: row.line,
                        message:
                            "soort \"\(InputLimits.excerpt(kind))\" bestaat niet in \(definition.id); soorten: \(WorkflowDefinition.names(definition.inputKinds.keys))"
                    ))
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
            if let owner = field("behandelaar"), let problem = InputLimits.ownerProblem(owner, what: "behandelaar") {
                problems.append(.init(line: row.line, message: problem))
            }
            var received: CivilDate?
            if let value = field("ontvangen") {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if let date = CivilDate(trimmed) {
                    received = date
                    if date > today { problems.append(.init(line: row.line, message: "ontvangen \(date) ligt in de toekomst")) }
                } else {
                    problems.append(
                        .init(
                            line: row.line,
                            message: "ontvangen \"\(InputLimits.excerpt(value))\" is geen datum (schrijf 2026-03-16 of 16-03-2026)"))
                }
            }
            let amount = field("bedrag").flatMap {
                ImportFile.amount($0, line: row.line, example: "2500, 2.500 of € 2.500,00", problems: &problems)
            }
            var points: [NewPoint] = []
            if let pointText {
                if let id {
                    groups[id] = inputs.count
                } else {
                    problems.append(
                        .init(
                            line: row.line,
                            message:
                                "punt zonder kenmerk; geef elke regel van één brief hetzelfde kenmerk, zodat de punten bij elkaar komen"))
                }
                problems += pointProblems(
                    pointText, route: route, owner: nil, kind: InputKindID(kind), definition: definition, line: row.line)
                points.append(NewPoint(text: pointText, route: route.map(RoleID.init)))
            } else if let route {
                problems.append(
                    .init(line: row.line, message: "route \"\(InputLimits.excerpt(route))\" zonder punt; een route hoort bij een punt"))
            }
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
                    channel: field("kanaal"), theme: field("thema"), publicName: field("publieke_naam"),
                    owner: points.isEmpty ? field("behandelaar")?.trimmingCharacters(in: .whitespaces) : nil, amount: amount,
                    points: points))
            // On a point row, the behandelaar is the point's; the letter takes the workflow's default.
            if !points.isEmpty { inputs[inputs.count - 1].points[0].owner = field("behandelaar")?.trimmingCharacters(in: .whitespaces) }
            let details = PersonalDetails(name: field("naam"), address: field("adres"), email: field("email"), phone: field("telefoon"))
            personal.append(details.isEmpty ? nil : details)
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
        return (inputs, personal)
    }

    /// What is wrong with one point row: a text too long, a kind without points, a route that
    /// is not one of the kind's, a behandelaar that is not one line.
    static func pointProblems(
        _ text: String, route: String?, owner: String?, kind: InputKindID, definition: WorkflowDefinition, line: Int
    ) -> [ImportError.Problem] {
        var problems: [ImportError.Problem] = []
        if let problem = InputLimits.problem(text, limit: InputLimits.textLength, what: "punt") {
            problems.append(.init(line: line, message: problem))
        }
        if let owner, let problem = InputLimits.ownerProblem(owner, what: "behandelaar") {
            problems.append(.init(line: line, message: problem))
        }
        guard let spec = definition.inputKinds[kind] else { return problems }
        guard let points = spec.points else {
            problems.append(
                .init(line: line, message: "soort \"\(kind)\" heeft geen punten; zet elk punt op een eigen regel met een eigen kenmerk"))
            return problems
        }
        if let route, !points.routes.contains(RoleID(route)) {
            let choices =
                points.routes.isEmpty
                ? "punten van soort \"\(kind)\" hebben geen route"
                : "kies uit \(points.routes.map { "\($0) (\(definition.roles[$0]?.label ?? $0.rawValue))" }.joined(separator: ", "))"
            problems.append(.init(line: line, message: "route \"\(InputLimits.excerpt(route))\" kan niet; \(choices)"))
        }
        return problems
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
        try read(fromCSV: bytes, file: file, maximumRows: maximumRows).feedback
    }

    /// What an answers file held, and how it was read.
    public struct Reading: Sendable {
        public var feedback: [NewFeedback]
        /// Columns that only inform (a reactienota or ``FeedbackTemplate`` has `soort`, `thema`,
        /// `tekst`…): read past, named so nobody thinks they were imported.
        public var ignoredColumns: [String]
        /// Lines with neither a verdict nor a motivation: not answered yet, left for a later import.
        public var blankLines: [Int]
        /// The text encoding the file was in.
        public var encoding: CSVText.Encoding
    }

    /// The answers in a CSV file in any encoding ``CSVText`` reads: `kenmerk`, `oordeel`
    /// (as written in the journal or as the reports print it: `deels overgenomen`) and
    /// `motivering`; other columns are read past. A line with neither verdict nor motivation
    /// is left out (not answered yet); one with only one of them is an error.
    public static func read(fromCSV bytes: [UInt8], file: String, maximumRows: Int = InputLimits.importRows) throws(ImportError) -> Reading
    {
        let (table, encoding) = try ImportFile.table(bytes, file: file, maximumRows: maximumRows)
        let header = try ColumnMap(
            table, file: file, known: ["kenmerk", "oordeel", "motivering", "bedrag"], required: ["kenmerk", "oordeel", "motivering"],
            ignoringOthers: true)
        let (feedback, blank) = try rows(table, header: header, file: file)
        return Reading(feedback: feedback, ignoredColumns: header.ignored, blankLines: blank, encoding: encoding)
    }

    package static func rows(_ table: CSVTable, file: String) throws(ImportError) -> [NewFeedback] {
        let header = try ColumnMap(
            table, file: file, known: ["kenmerk", "oordeel", "motivering", "bedrag"], required: ["kenmerk", "oordeel", "motivering"])
        return try rows(table, header: header, file: file).feedback
    }

    private static func rows(_ table: CSVTable, header: ColumnMap, file: String) throws(ImportError) -> (
        feedback: [NewFeedback], blank: [Int]
    ) {
        var problems: [ImportError.Problem] = []
        var result: [NewFeedback] = []
        var blank: [Int] = []
        var seen: [String: Int] = [:]
        if table.rows.isEmpty { problems.append(.init(line: 1, message: "het bestand heeft geen regels onder de kopregel")) }
        for row in table.rows {
            var id = (header.value("kenmerk", in: row) ?? "").trimmingCharacters(in: .whitespaces)
            // A kenmerk that an export protected against formulas (`'-12`) reads back as itself.
            if id.hasPrefix("'"), CSVWriter.needsNeutralising(String(id.dropFirst())) { id.removeFirst() }
            let verdictText = header.value("oordeel", in: row) ?? ""
            let motivation = header.value("motivering", in: row) ?? ""
            if header.ignoresOthers, !id.isEmpty, verdictText.trimmingCharacters(in: .whitespaces).isEmpty,
                motivation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            {
                blank.append(row.line)
                continue
            }
            if id.isEmpty { problems.append(.init(line: row.line, message: "kenmerk ontbreekt")) }
            if let first = seen[id], !id.isEmpty {
                problems.append(.init(line: row.line, message: "kenmerk \(InputLimits.excerpt(id)) staat ook op regel \(first)"))
            } else {
                seen[id] = row.line
            }
            let verdict = Verdict(parsing: verdictText)
            if verdict == nil {
                problems.append(
                    .init(
                        line: row.line,
                        message: "oordeel \"\(InputLimits.excerpt(verdictText))\" bestaat niet; kies uit \(Verdict.writtenForms)"))
            }
            if motivation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.init(line: row.line, message: "motivering ontbreekt; die is altijd nodig, ook bij kennisgenomen"))
            } else if let problem = InputLimits.problem(motivation, limit: InputLimits.noteLength, what: "motivering") {
                problems.append(.init(line: row.line, message: problem))
            }
            if let problem = InputLimits.problem(id, limit: InputLimits.idLength, what: "kenmerk") {
                problems.append(.init(line: row.line, message: problem))
            }
            let amount = header.value("bedrag", in: row).flatMap { value in
                value.trimmingCharacters(in: .whitespaces).isEmpty
                    ? nil : ImportFile.amount(value, line: row.line, example: "2000, 2.000 of € 2.000,00", problems: &problems)
            }
            if let verdict {
                result.append(NewFeedback(input: InputID(id), verdict: verdict, motivation: motivation, amount: amount))
            }
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
        if result.isEmpty, !blank.isEmpty {
            throw ImportError(
                file: file, problems: [.init(line: blank[0], message: "geen enkele regel heeft een oordeel en een motivering")])
        }
        return (result, blank)
    }
}

/// Reading an import file: its encoding first, then the CSV.
enum ImportFile {
    /// The amount in a `bedrag` column, in whole cents; `nil`, with the row's problem named
    /// (and `example` as the way to write it), when it is not an amount.
    static func amount(_ value: String, line: Int, example: String, problems: inout [ImportError.Problem]) -> Int? {
        guard let cents = EuroAmount.cents(parsing: value) else {
            problems.append(.init(line: line, message: "bedrag \"\(InputLimits.excerpt(value))\" is geen bedrag (schrijf \(example))"))
            return nil
        }
        return cents
    }

    static func table(_ bytes: [UInt8], file: String, maximumRows: Int) throws(ImportError) -> (CSVTable, CSVText.Encoding) {
        do {
            let (text, encoding) = try CSVText.utf8(from: bytes)
            return (try CSVReader.parse(text, maximumFieldLength: InputLimits.csvFieldBytes, maximumRows: maximumRows), encoding)
        } catch {
            throw ImportError(file: file, problems: [.init(line: error.line, message: error.message)])
        }
    }
}

/// Which column holds which field, by the Dutch header names (any order, any case).
struct ColumnMap {
    private var index: [String: Int] = [:]
    /// Columns read past (only with `ignoringOthers`), as the header names them.
    private(set) var ignored: [String] = []
    let ignoresOthers: Bool

    init(_ table: CSVTable, file: String, known: [String], required: [String], ignoringOthers: Bool = false) throws(ImportError) {
        ignoresOthers = ignoringOthers
        var problems: [ImportError.Problem] = []
        for (position, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
            if !known.contains(name), ignoringOthers {
                ignored.append(raw.trimmingCharacters(in: .whitespaces))
            } else if !known.contains(name) {
                problems.append(
                    .init(
                        line: 1,
                        message: "onbekende kolom \"\(InputLimits.excerpt(raw))\"; bekende kolommen: \(known.joined(separator: ", "))"))
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
