import Foundation
import ParticipationKit

let reportAuditCommand = CLICommand(
    words: ["report", "audit"],
    usage: "participatie report audit [PROC…] [--year JAAR] [--with-names] [--format text|md|html|json|csv] [--excel] [--out BESTAND]",
    summary: "Audit voor de raad: kreeg elke reactie een antwoord vóór het besluit, en wat voor antwoord?",
    discussion: """
        Het rapport begint met één regel per proces: had elke inbreng een antwoord vóór elk besluit (ja of nee), en
        is elk antwoord verstuurd (ja of nee)? Bij nee staan de kenmerken erbij. Is er bij een proces nog geen enkel
        antwoord verstuurd, dan staat er LET OP. Daarna per proces: de inbreng per soort, hoeveel er beantwoord en verstuurd is, wat over tijd is, de oordelen met
        hun aandeel, de mediaan en het langste aantal dagen tot het antwoord, te laat ingediende inbreng, elk besluit
        met het aantal reacties dat het woog en hoeveel daarvan op dat moment nog geen antwoord hadden (uit het
        journaal), de standaardantwoorden (dezelfde motivering bij 2 of meer stuks inbreng), en de kop van het
        journaal, na een controle van de hele hashketen.
        Zonder PROC gaat het over alle processen in de opslag. Met --year JAAR gaat de audit over de besluiten die in
        dat jaar zijn genomen: alleen processen met een besluit in dat jaar, en alleen die besluiten. Dan komen er
        ook Tienpuntenplan punt 10 (de raad bij tenminste twee processen betrokken, waarvan één verder dan denken)
        en een overzicht per wijk bij, over de processen die in dat jaar liepen.
        In HTML staan er grafieken bij (oordelen per proces, dagen tot het eerste antwoord), elk met dezelfde
        cijfers in tekst eronder. Tabellen worden op een telefoon kaarten; brede tabellen printen liggend op A4.
        Het rapport toont het kenmerk en de publieke naam van de indiener, nooit naam, adres of e-mail, tenzij u
        --with-names geeft. Open het als één HTML-bestand: --format html --out audit.html.
        Afsluitcodes: 0 gelukt · 64 verkeerd gebruik · 65 onbekend proces · 74 de opslag of de hashketen is niet in orde.
        """,
    options: [
        .value("year", "JAAR", "Alleen de besluiten van dit jaar; met Tienpuntenplan punt 10 en het overzicht per wijk."),
        .flag("with-names", "Toon ook de naam van de indiener (persoonsgegeven; alleen als het nodig is)."),
    ] + reportOptions,
    positionals: 0...10_000
) { context, arguments in
    var year: Int?
    if let text = arguments.value("year") {
        guard let value = Int(text), (1900...9999).contains(value) else {
            throw UsageError(message: "--year \(text) is geen jaartal; schrijf bijvoorbeeld --year 2026.")
        }
        year = value
    }
    if let format = arguments.value("format"), ReportFormat(rawValue: format) == nil {
        throw UsageError(
            message: "Onbekend formaat \"\(format)\"; kies uit \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    if arguments.has("excel"), arguments.value("format") != ReportFormat.csv.rawValue {
        throw UsageError(message: "--excel hoort bij --format csv.")
    }
    let today = try context.today()
    let store = try context.openStore(arguments, access: .readOnly)

    var states: [ProcessState] = []
    if arguments.positionals.isEmpty {
        states = store.processes
        if let year { states = states.filter { AuditReport.isActive($0, in: year) } }
    } else {
        var seen: Set<ProcessID> = []
        for text in arguments.positionals {
            let id = ProcessID(text)
            guard seen.insert(id).inserted else { continue }
            guard let state = store.process(id) else {
                throw store.notFound(id)
            }
            states.append(state)
        }
    }
    var processes: [(state: ProcessState, definition: WorkflowDefinition)] = []
    for state in states { processes.append((state, try store.engine(for: state).definition)) }

    let verification = ParticipationStore.verify(at: store.path)
    // Personal data is read only when asked for.
    let names = writerNames(store, arguments)
    let report = AuditReport.build(
        processes: processes, head: store.head, verified: verification.isIntact, asOf: today, year: year, names: names)
    // The library says what to do with the head; the command line adds how, here.
    func document() -> ReportDocument {
        var document = report.document
        if let index = document.sections.firstIndex(where: { $0.heading == "Journaal" }) {
            document.sections[index].blocks.append(
                .paragraph("Controleren op de opdrachtregel: participatie verify --anchor \(report.journal.seq):\(report.journal.hash)"))
        }
        return document
    }
    let code = try emitReport(document(), json: report, context: context, arguments: arguments, store: store, roles: true)
    guard verification.isIntact else {
        context.warn("De controle van de opslag is niet in orde:\n\(verification.description)")
        return ExitCode.ioError
    }
    return code
}
