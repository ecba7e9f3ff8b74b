import Foundation
import ParticipationKit

/// `--with-names`: the only way writers' names (personal data) get into a report.
private let withNamesOption = OptionSpec.flag(
    "with-names", "Toon ook de namen van de schrijvers (persoonsgegevens; alleen voor intern gebruik).")

/// Looks up writers' names in `personal.jsonl`, only when `--with-names` is given; the file
/// is read once per process, not once per input.
func writerNames(_ store: ParticipationStore, _ arguments: ParsedArguments) -> ((ProcessID, InputID) -> String?)? {
    guard arguments.has("with-names") else { return nil }
    final class Cache { var byProcess: [ProcessID: [InputID: PersonalDetails]] = [:] }
    let cache = Cache()
    return { process, input in
        if cache.byProcess[process] == nil { cache.byProcess[process] = store.personalDetails(process: process) }
        return cache.byProcess[process]?[input]?.name
    }
}

/// Refuses an unknown `--format` before anything is read.
private func checkFormat(_ arguments: ParsedArguments, extra: [String] = []) throws(UsageError) -> String {
    let format = arguments.value("format") ?? ReportFormat.text.rawValue
    let allowed = ReportFormat.allCases.map(\.rawValue) + extra
    guard allowed.contains(format) else {
        throw UsageError(message: "Onbekend formaat \"\(format)\"; kies uit \(allowed.joined(separator: ", ")).")
    }
    return format
}

let reportRegisterCommand = CLICommand(
    words: ["report", "register"],
    usage:
        "participatie report register [--open] [--overdue] [--owner BEHANDELAAR] [--with-names] [--format text|md|html|json|csv] [--excel] [--out BESTAND]",
    summary: "Register van brieven aan de raad voor de griffie: stand, termijn, uitkomst en wanneer de schrijver het hoorde.",
    discussion: """
        Elke brief aan de raad (werkstroom ingekomen-stuk) op één regel: datum van ontvangst, afzender (de publieke
        naam), onderwerp, afdoeningsvoorstel, stand, uiterste datum voor het antwoord, dagen te laat, uitkomst en de
        dag waarop de schrijver het laatste antwoord kreeg.
        Brieven zonder opvolging door de raad staan bovenaan, daarna de brieven die het langst te laat zijn.
        Antwoord uiterlijk: de vroegste antwoordtermijn van de punten waarop de schrijver nog wacht (nog geen
        antwoord, of het antwoord is nog niet verstuurd).
        Namen van schrijvers staan er alleen in met --with-names.
        Elk punt van een brief heeft een behandelaar. Zodra een punt een behandelaar of een overdracht heeft, staat
        onder de brieven een tabel met elk punt: de behandelaar, sinds wanneer en hoeveel dagen het daar ligt, en
        elke overdracht. Met --owner alleen de brieven met een punt bij die behandelaar, en alleen die punten.
        """,
    options: [
        .flag("open", "Alleen brieven die nog niet gesloten zijn."),
        .flag("overdue", "Alleen brieven waarvan het antwoord te laat is."),
        .value("owner", "BEHANDELAAR", "Alleen brieven met een punt bij deze behandelaar."),
        withNamesOption,
    ] + reportOptions
) { context, arguments in
    _ = try checkFormat(arguments)
    let owner = try ownerOption(arguments, "owner")
    let today = try context.today()
    let store = try context.openStore(arguments, access: .readOnly)
    var processes: [(state: ProcessState, engine: ProcessEngine)] = []
    for state in store.processes where state.workflow == RegisterReport.workflow {
        processes.append((state, try store.engine(for: state)))
    }
    let report = RegisterReport(
        processes: processes, today: today, open: arguments.has("open"), overdue: arguments.has("overdue"),
        names: writerNames(store, arguments), owner: owner)
    return try emitReport(report.document, json: report, context: context, arguments: arguments, store: store)
}

let reportReactienotaCommand = CLICommand(
    words: ["report", "reactienota"],
    usage: "participatie report reactienota PROC [--with-names] [--format text|md|html|json|csv] [--excel] [--out BESTAND]",
    summary: "De reactienota van een proces: per thema elke reactie in het kort, met oordeel en motivering.",
    discussion: """
        Per thema (gegeven bij input add --theme of in de kolom thema bij import; zonder thema: Overig) staat elke
        reactie met haar kenmerk, de publieke naam, een korte samenvatting, het oordeel en de motivering. Bovenaan
        staan de aantallen per oordeel en hoeveel reacties te laat kwamen. Ingetrokken reacties staan apart.
        De HTML-uitvoer is één bestand om bij een raadsvoorstel te voegen. CSV geeft alle reacties in één tabel,
        met een kolom thema.
        Namen van indieners staan er alleen in met --with-names.
        """,
    options: [withNamesOption] + reportOptions,
    positionals: 1...1
) { context, arguments in
    let format = try checkFormat(arguments)
    let store = try context.openStore(arguments, access: .readOnly)
    let process = ProcessID(arguments.positionals[0])
    guard let state = store.process(process) else {
        throw store.notFound(process)
    }
    let report = ReactienotaReport(state: state, engine: try store.engine(for: state), names: writerNames(store, arguments))
    return try emitReport(
        format == ReportFormat.csv.rawValue ? report.csvDocument : report.document, json: report, context: context, arguments: arguments,
        store: store)
}

let deadlinesCommand = CLICommand(
    words: ["deadlines"],
    usage: "participatie deadlines [--within DAGEN] [--format text|md|html|json|csv|ics] [--out BESTAND]",
    summary: "Alle termijnen die eraan komen of verstreken zijn: inzagetermijnen, antwoorden en stappen die vanzelf gaan.",
    discussion: """
        Toont voor alle processen: het einde van een termijn die nog loopt, de uiterste datum voor elk antwoord
        waarop een indiener nog wacht, de dag waarop een stap vanzelf gaat (zoals "geen opvolging"), en de laatste
        dag van elke wettelijke termijn die loopt (zoals de beslistermijn), met hoe die is berekend en na elke
        verlenging. Alles tot en met DAGEN dagen na vandaag (standaard 30), en alles wat al te laat is; de
        vroegste eerst.
        Met --format ics krijgt u een agendabestand (iCalendar) met één afspraak voor de hele dag per termijn, om
        te importeren in Outlook of Thunderbird. Importeert u later een nieuwer bestand, dan worden dezelfde
        termijnen bijgewerkt in plaats van dubbel gezet: ook een verlengde termijn, die naar zijn nieuwe dag gaat.
        Een termijn die gehaald is, verdwijnt uit uw agenda.
        """,
    options: [
        .value("within", "DAGEN", "Kijk zoveel dagen vooruit (standaard 30)."),
        .value("format", "text|md|html|json|csv|ics", "Uitvoer: tekst (standaard), Markdown, HTML, JSON, CSV of iCalendar (ics)."),
    ] + reportOptions.filter { $0.name != "format" }
) { context, arguments in
    let format = try checkFormat(arguments, extra: ["ics"])
    var within = 30
    if let text = arguments.value("within") {
        guard let days = Int(text), (0...3660).contains(days) else {
            throw UsageError(message: "--within \(text): geef een aantal dagen van 0 tot en met 3660.")
        }
        within = days
    }
    if format == "ics", arguments.has("excel") { throw UsageError(message: "--excel hoort bij --format csv.") }
    let now = try context.now()
    let store = try context.openStore(arguments, access: .readOnly)
    var processes: [(state: ProcessState, engine: ProcessEngine)] = []
    for state in store.processes { processes.append((state, try store.engine(for: state))) }
    let report = DeadlinesReport(processes: processes, today: CivilDate(amsterdam: now), within: within)
    guard format == "ics" else {
        return try emitReport(report.document, json: report, context: context, arguments: arguments, store: store)
    }
    let calendar = report.iCalendar(stamp: now)
    if let path = arguments.value("out") {
        try context.writeAtomically(Array(calendar.utf8), to: path, what: "het agendabestand")
        context.warn(
            "Agendabestand met \(report.deadlines.count) \(report.deadlines.count == 1 ? "termijn" : "termijnen") geschreven naar \(path).")
    } else {
        // Written as is: the writer escaped every text value, and the CRLF line ends stay.
        context.printRaw(calendar)
    }
    if report.deadlines.isEmpty { context.warn("Geen termijnen tot en met \(report.until.longDescription).") }
    return ExitCode.ok
}
