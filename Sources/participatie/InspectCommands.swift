import Foundation
import ParticipationKit

let statusCommand = CLICommand(
    words: ["status"],
    usage: "participatie status PROC [--format text|json]",
    summary: "Toon waar een proces staat, de termijn, de tellingen en wat elke volgende stap nog tegenhoudt.",
    options: [formatOption],
    positionals: 1...1
) { context, arguments in
    let format = try context.format(arguments)
    let store = try context.openStore(arguments, access: .readOnly)
    let process = ProcessID(arguments.positionals[0])
    guard let state = store.process(process) else {
        throw store.notFound(process)
    }
    let report = StatusReport(state: state, engine: try store.engine(for: state), today: try context.today())
    if format == "json" {
        try context.printJSON(WithStoreFacts(model: report, store: store, roles: true))
    } else {
        for notice in storeNotices(store, roles: true) { context.print("Let op: \(notice)") }
        context.print(report.text(hint: statusHint))
    }
    return ExitCode.ok
}

let listCommand = CLICommand(
    words: ["list"],
    usage: "participatie list [--workflow W] [--open] [--overdue] [--owner BEHANDELAAR] [--format text|json]",
    summary: "Toon alle processen in de opslag, of met --owner de inbreng van één behandelaar.",
    discussion: """
        Met --owner toont list geen processen maar de inbreng die nu bij die behandelaar ligt, in alle processen:
        per stuk inbreng sinds wanneer en hoeveel dagen het bij de behandelaar is (vanaf de laatste overdracht, of
        vanaf de ontvangst), de uiterste datum voor het antwoord en of het te laat is. Hoofdletters en extra spaties
        in de naam maken niet uit. --open toont dan alleen inbreng waarop de indiener nog wacht, --overdue alleen
        inbreng waarvan het antwoord te laat is.
        """,
    options: [
        .value("workflow", "W", "Alleen processen van deze werkstroom."),
        .flag("open", "Alleen processen die nog niet afgesloten zijn (met --owner: inbreng waarop de indiener nog wacht)."),
        .flag("overdue", "Alleen processen met inbreng waarvan het antwoord te laat is (met --owner: die inbreng)."),
        .value("owner", "BEHANDELAAR", "De inbreng van deze behandelaar (afdeling, team of medewerker), in alle processen."),
        formatOption,
    ]
) { context, arguments in
    if let owner = try ownerOption(arguments, "owner") { return try listInputs(of: owner, context: context, arguments: arguments) }
    struct Row: Encodable {
        var process: String
        var title: String
        var workflow: String
        var state: String
        var stateLabel: String
        var isFinal: Bool
        var inputs: Int
        var answered: Int
        var needingFeedback: Int
        var sent: Int
        var overdue: Int
    }
    let format = try context.format(arguments)
    let today = try context.today()
    let store = try context.openStore(arguments, access: .readOnly)
    var rows: [Row] = []
    for state in store.processes {
        if let workflow = arguments.value("workflow"), state.workflow.rawValue != workflow { continue }
        if arguments.has("open"), state.isFinal { continue }
        let overdue = state.overdueCount(on: today)
        if arguments.has("overdue"), overdue == 0 { continue }
        let label = (try? store.engine(for: state))?.definition.states[state.current]?.label ?? state.current.rawValue
        rows.append(
            Row(
                process: state.id.rawValue, title: state.title, workflow: state.workflow.rawValue, state: state.current.rawValue,
                stateLabel: label, isFinal: state.isFinal, inputs: state.counts.total, answered: state.counts.answered,
                needingFeedback: state.counts.needingFeedback, sent: state.counts.sent, overdue: overdue))
    }
    if format == "json" {
        struct Output: Encodable {
            var formatVersion = 1
            var processes: [Row]
        }
        try context.printJSON(Output(processes: rows))
        return ExitCode.ok
    }
    for notice in storeNotices(store, roles: false) { context.print("Let op: \(notice)") }
    if rows.isEmpty {
        context.print("Geen processen gevonden in \(store.path).")
        return ExitCode.ok
    }
    let table =
        [["proces", "werkstroom", "toestand", "inbreng", "beantwoord", "verstuurd", "antwoord over tijd", "titel"]]
        + rows.map {
            [
                $0.process, $0.workflow, $0.stateLabel, "\($0.inputs)", "\($0.answered)/\($0.needingFeedback)",
                "\($0.sent)/\($0.needingFeedback)", "\($0.overdue)", $0.title,
            ]
        }
    context.print(alignedTable(table))
    return ExitCode.ok
}

let verifyCommand = CLICommand(
    words: ["verify"],
    usage: "participatie verify [--anchor SEQ:HASH] [--format text|json]",
    summary: "Controleer het hele journaal: de hashketen van de eerste tot de laatste regel.",
    discussion: """
        Met --anchor controleert u het journaal tegen een kop die eerder is gepubliceerd (bijvoorbeeld in de
        notulen van de raad): regel SEQ moet precies die hash hebben. Zo valt ook een geschiedenis op die na het
        publiceren is herschreven en opnieuw gehasht.
        """,
    options: [.value("anchor", "SEQ:HASH", "Een eerder gepubliceerde kop van het journaal."), formatOption]
) { context, arguments in
    let format = try context.format(arguments)
    var anchor: (seq: UInt64, hash: SHA256Digest)?
    if let text = arguments.value("anchor") {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let seq = UInt64(parts[0]), let hash = SHA256Digest(hex: String(parts[1])) else {
            throw UsageError(message: "--anchor \(text): schrijf VOLGNUMMER:HASH, bijvoorbeeld 1234:9f86d08…")
        }
        anchor = (seq, hash)
    }
    let path = context.storePath(arguments)
    guard FileManager.default.fileExists(atPath: path + "/journal") else {
        throw StoreError.io("Geen opslag gevonden in \(path); er is niets te controleren en er is niets aangemaakt.")
    }
    let report = ParticipationStore.verify(at: path, anchor: anchor)
    if format == "json" {
        try context.printJSON(report)
    } else {
        context.print(report.description)
    }
    return report.isIntact ? ExitCode.ok : ExitCode.ioError
}

let validateCommand = CLICommand(
    words: ["validate"],
    usage: "participatie validate BESTAND… [--strict] [--format text|json]",
    summary: "Controleer werkstroombestanden: opbouw, verwijzingen en doorwerking van inbreng.",
    discussion: """
        Elke bevinding heeft een vaste code (PK001…), een plaats (bestand:regel:kolom) en een JSON Pointer.
        PK001–PK015: het bestand is niet te lezen (JSON, sleutels, typen, verwijzingen).
        PK020–PK029: opbouw (onbereikbare toestanden, doodlopende toestanden, termijnen).
        PK030–PK035: doorwerking: elke inbreng kan tot een besluit leiden, geen pad naar een eindtoestand
        zonder besluit, een termijn wordt alleen met een reden afgebroken, een soort inbreng zonder antwoord
        zegt waarom (feedbackReason). De bevindingen over paden noemen het pad van overgangen vanaf de
        begintoestand dat het probleem laat zien.
        Uitkomst: 0 in orde, 1 fouten (met --strict ook waarschuwingen), 65 een bestand is niet te lezen: het
        ontbreekt, is geen JSON (PK001), is dieper genest dan \(InputLimits.jsonDepth) niveaus of groter dan
        \(InputLimits.size(InputLimits.jsonFileBytes)).
        """,
    options: [.flag("strict", "Waarschuwingen tellen als fouten."), formatOption],
    positionals: 1...10_000
) { context, arguments in
    struct FileResult: Encodable {
        var file: String
        var valid: Bool
        var diagnostics: [Diagnostic]
    }
    let format = try context.format(arguments)
    let strict = arguments.has("strict")
    var results: [FileResult] = []
    var unreadable = false
    for path in arguments.positionals {
        let bytes: [UInt8]
        do {
            bytes = try context.readFile(path, limit: InputLimits.jsonFileBytes, what: "een werkstroombestand")
        } catch {
            context.warn("\(error)")
            unreadable = true
            continue
        }
        var diagnostics: [Diagnostic] = []
        do {
            let file = try WorkflowFile(bytes: bytes, file: path)
            diagnostics = WorkflowValidator.diagnostics(for: file)
        } catch let error as WorkflowFileError {
            diagnostics = error.diagnostics
            // No JSON at all (or too deep): the file could not be read, which is bad input (65).
            if diagnostics.contains(where: { $0.code == .syntax }) { unreadable = true }
        }
        let failing = diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
        results.append(FileResult(file: path, valid: !failing, diagnostics: diagnostics))
    }
    if format == "json" {
        struct Output: Encodable {
            var formatVersion = 1
            var files: [FileResult]
        }
        try context.printJSON(Output(files: results))
    } else {
        for result in results {
            for diagnostic in result.diagnostics { context.print(diagnostic.description) }
            context.print("\(result.file): \(result.valid ? "in orde" : "niet in orde")")
        }
    }
    if unreadable { return ExitCode.dataError }
    return results.contains(where: { !$0.valid }) ? ExitCode.refused : ExitCode.ok
}

let termCommand = CLICommand(
    words: ["term"],
    usage:
        "participatie term START (--days N | --weeks N | --months N) [--calendar atw|calendar|workingDays] [--starts-on entry|nextDay] [--format text|json]",
    summary: "Wanneer eindigt een termijn, en waarom (Algemene termijnenwet).",
    discussion: """
        START is de dag van de gebeurtenis (bijvoorbeeld de dag van terinzagelegging), als 2026-03-16 of 16-03-2026.
        entry: die dag telt als dag 1 (Awb 3:16, standaard); nextDay: de termijn begint de dag erna (Awb 6:8).
        """,
    options: [
        .value("days", "N", "Termijn in dagen."),
        .value("weeks", "N", "Termijn in weken."),
        .value("months", "N", "Termijn in maanden."),
        .value("calendar", "REGEL", "atw (standaard), calendar of workingDays."),
        .value("starts-on", "entry|nextDay", "Telt de dag zelf mee (entry, standaard) of begint het de dag erna."),
        formatOption,
    ],
    positionals: 1...1
) { context, arguments in
    let format = try context.format(arguments)
    let start = try context.date(arguments.positionals[0], option: "start")
    let given = TermLength.Unit.allCases.compactMap { unit in arguments.value(unit.rawValue).map { (unit, $0) } }
    guard given.count == 1, let (unit, countText) = given.first else {
        throw UsageError(message: "Geef precies één van --days, --weeks of --months.")
    }
    guard let count = Int(countText), (1...3660).contains(count) else {
        throw UsageError(message: "--\(unit.rawValue) \(countText): geef een geheel getal vanaf 1.")
    }
    let ruleText = arguments.value("calendar") ?? "atw"
    guard let rule = TermRule(rawValue: ruleText) else {
        throw UsageError(message: "--calendar \(ruleText): kies uit atw, calendar, workingDays.")
    }
    let startText = arguments.value("starts-on") ?? "entry"
    guard let startsOn = TermStart(rawValue: startText) else {
        throw UsageError(message: "--starts-on \(startText): kies uit entry, nextDay.")
    }
    let deadline = LegalCalendar.netherlands.deadline(from: start, length: TermLength(count, unit), rule: rule, startsOn: startsOn)
    if format == "json" {
        struct Output: Encodable {
            var formatVersion = 1
            var start: String
            var length: String
            var rule: String
            var startsOn: String
            var nominalEnd: String
            var end: String
            var explanation: String
        }
        try context.printJSON(
            Output(
                start: deadline.start.iso, length: deadline.length.description, rule: rule.rawValue, startsOn: startsOn.rawValue,
                nominalEnd: deadline.nominalEnd.iso, end: deadline.end.iso, explanation: deadline.explanation))
    } else {
        context.print("Laatste dag: \(deadline.end.longDescription)")
        context.print(deadline.explanation)
    }
    return ExitCode.ok
}

/// Columns padded to the widest cell, two spaces apart.
func alignedTable(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    return rows.map { row in
        row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
