import Foundation
import ParticipationKit

/// A behandelaar given as an option (`--owner`, `--to`): one line of at most
/// ``InputLimits/ownerLength`` tekens, not blank, surrounding spaces dropped. Anything else is
/// refused as bad input (65) before the store is opened.
func ownerOption(_ arguments: ParsedArguments, _ option: String) throws(DataError) -> String? {
    guard let value = arguments.value(option) else { return nil }
    if let problem = InputLimits.ownerProblem(value, what: "--\(option)") {
        throw DataError(message: "\(problem). Er is niets veranderd.")
    }
    return value.trimmingCharacters(in: .whitespaces)
}

let inputAssignCommand = CLICommand(
    words: ["input", "assign"],
    usage: "participatie input assign PROC INPUT… --to BEHANDELAAR [--reason T] [--format text|json]",
    summary: "Draag inbreng over aan een andere behandelaar (afdeling, team of medewerker).",
    discussion: """
        Elke inbreng heeft een behandelaar: wie zorgt dat de indiener een antwoord krijgt. Een punt van een brief
        is ook inbreng en heeft dus een eigen behandelaar. Draagt u een brief met punten over, dan gaan de
        punten die nog open zijn mee; een punt krijgt alleen een andere behandelaar dan zijn brief als u het
        met zijn eigen kenmerk overdraagt (BRIEF.2). Met deze opdracht gaat inbreng naar een andere
        behandelaar, bijvoorbeeld van Team Groen naar Wijkzaken. Alles of niets: lukt het bij één kenmerk niet,
        dan verandert er niets en noemen we elke reden. Wie de inbreng eerder had, blijft bewaard; status, list
        --owner, het register en de audit tonen de overdrachten en hoe lang de inbreng al bij de behandelaar is.
        Ingetrokken inbreng en inbreng in een afgesloten proces krijgen geen nieuwe behandelaar.
        Een behandelaar bij het registreren geeft u met input add --owner of de kolom behandelaar bij import;
        een werkstroom kan een standaard geven per soort inbreng of per toestand ("owner").
        """,
    options: [
        .value(
            "to", "BEHANDELAAR",
            "De nieuwe behandelaar, bijvoorbeeld \"Afdeling Verkeer\" (één regel, ten hoogste \(InputLimits.ownerLength) tekens)."),
        .value("reason", "T", "Waarom (staat bij de overdracht in het register en de audit)."),
        formatOption,
    ],
    positionals: 2...10_000
) { context, arguments in
    let format = try context.format(arguments)
    guard let owner = try ownerOption(arguments, "to") else {
        throw UsageError(message: "Geef de nieuwe behandelaar met --to, bijvoorbeeld --to \"Afdeling Verkeer\".")
    }
    let reason = try context.limited(arguments, "reason", limit: InputLimits.noteLength)
    let ids = arguments.positionals.dropFirst().map(InputID.init)
    for id in ids { try context.checkLength(id.rawValue, what: "Kenmerk \(InputLimits.excerpt(id.rawValue))", limit: InputLimits.idLength) }
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    let before = store.process(process)
    let recorded = try store.execute(.assignInputs(Array(ids), to: owner, reason: reason), on: process, by: actor, at: now)
    // What moved, as the journal has it: a letter named here brings its open points along.
    let movedIDs = recorded.flatMap { record -> [InputID] in
        if case .inputsAssigned(let assigned) = record.event.payload { return assigned.inputs }
        return []
    }
    let named = Set(ids)
    let moved = movedIDs.map { id in
        let input = before?.input(id)
        // A point that was not named itself went with its letter.
        let letter = input?.parent.flatMap { named.contains(id) ? nil : $0 }
        return (id: id, from: input?.owner, letter: letter)
    }
    if format == "json" {
        struct Moved: Encodable {
            var input: String
            var from: String?
            var to: String
            /// The letter this point went with, when it was not named itself.
            var withLetter: String?
        }
        struct Output: Encodable {
            var formatVersion = 1
            var process: String
            var owner: String
            var reason: String?
            var inputs: [Moved]
        }
        try context.printJSON(
            Output(
                process: process.rawValue, owner: owner, reason: reason.flatMap { $0.isEmpty ? nil : $0 },
                inputs: moved.map { Moved(input: $0.id.rawValue, from: $0.from, to: owner, withLetter: $0.letter?.rawValue) }))
        return ExitCode.ok
    }
    context.print("\(moved.count == 1 ? "1 stuk" : "\(moved.count) stuks") inbreng overgedragen aan \(owner) in \(process):")
    for item in moved {
        let along = item.letter.map { " (punt van \($0))" } ?? ""
        context.print("  \(item.id): \(item.from ?? "zonder behandelaar") → \(owner)\(along)")
    }
    var letters: [InputID] = []
    for letter in moved.compactMap(\.letter) where !letters.contains(letter) { letters.append(letter) }
    for letter in letters {
        let points = moved.filter { $0.letter == letter }.map(\.id.rawValue)
        context.print(
            "Mee met \(letter): \(ProcessEngine.pointNoun.counted(points.count)) (\(points.joined(separator: ", "))). "
                + "Een punt krijgt een eigen behandelaar met: participatie input assign \(process) PUNT --to BEHANDELAAR")
    }
    return ExitCode.ok
}

/// `participatie list --owner O`: the inputs with one behandelaar, across processes.
func listInputs(of owner: String, context: Context, arguments: ParsedArguments) throws -> Int32 {
    struct Row: Encodable {
        var process: String
        var input: String
        var kind: String
        var owner: String
        /// The day it came to this behandelaar: its last hand-over, else the day it was received.
        var withOwnerSince: String
        var daysWithOwner: Int
        var handovers: Int
        var answerDue: String?
        var daysOverdue: Int
        /// `open`, `answered`, `sent` or `withdrawn`.
        var status: String
        var processState: String
    }
    let format = try context.format(arguments)
    let today = try context.today()
    let store = try context.openStore(arguments, access: .readOnly)
    var rows: [Row] = []
    for state in store.processes {
        if let workflow = arguments.value("workflow"), state.workflow.rawValue != workflow { continue }
        let label = (try? store.engine(for: state))?.definition.states[state.current]?.label ?? state.current.rawValue
        // A letter with points holds no answer of its own: its points are listed, each with their behandelaar.
        for input in state.inputs where !input.hasPoints && input.isOwned(by: owner) {
            if arguments.has("open"), !input.isUnsent { continue }
            if arguments.has("overdue"), !input.isOverdue(on: today) { continue }
            let status = input.isWithdrawn ? "withdrawn" : input.isSent ? "sent" : input.isAnswered ? "answered" : "open"
            rows.append(
                Row(
                    process: state.id.rawValue, input: input.id.rawValue, kind: input.kind.rawValue, owner: input.owner ?? owner,
                    withOwnerSince: input.withOwnerSince.iso, daysWithOwner: input.daysWithOwner(on: today),
                    handovers: input.handovers.count, answerDue: input.countsForGate ? input.answerDue?.iso : nil,
                    daysOverdue: input.daysOverdue(on: today), status: status, processState: label))
        }
    }
    if format == "json" {
        struct Output: Encodable {
            var formatVersion = 1
            var owner: String
            var inputs: [Row]
        }
        try context.printJSON(Output(owner: owner, inputs: rows))
        return ExitCode.ok
    }
    for notice in storeNotices(store, roles: false) { context.print("Let op: \(notice)") }
    if rows.isEmpty {
        context.print("Geen inbreng bij behandelaar \(owner) in \(store.path).")
        return ExitCode.ok
    }
    let open = rows.filter { $0.status == "open" || $0.status == "answered" }.count
    let overdue = rows.filter { $0.daysOverdue > 0 }.count
    context.print(
        "Behandelaar \(rows[0].owner): \(rows.count == 1 ? "1 stuk" : "\(rows.count) stuks") inbreng, \(open) open"
            + (overdue > 0 ? ", \(overdue) te laat" : "") + ".")
    let statusText = [
        "open": "wacht op antwoord", "answered": "beantwoord, niet verstuurd", "sent": "verstuurd", "withdrawn": "ingetrokken",
    ]
    let table =
        [["proces", "kenmerk", "soort", "bij behandelaar sinds", "dagen", "antwoord uiterlijk", "te laat", "stand", "toestand proces"]]
        + rows.map {
            [
                $0.process, $0.input, $0.kind, CivilDate($0.withOwnerSince)?.description ?? $0.withOwnerSince, "\($0.daysWithOwner)",
                $0.answerDue.flatMap(CivilDate.init)?.description ?? "—", $0.daysOverdue > 0 ? "\($0.daysOverdue) dagen" : "—",
                statusText[$0.status] ?? $0.status, $0.processState,
            ]
        }
    context.print(alignedTable(table))
    return ExitCode.ok
}
