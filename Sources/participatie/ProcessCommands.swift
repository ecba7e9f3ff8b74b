import Foundation
import ParticipationKit

/// Reads a workflow: a file path, or the name of a shipped workflow (`inspraak`).
func loadWorkflow(_ name: String, context: Context) throws -> WorkflowFile {
    let isPath = name.contains("/") || name.hasSuffix(".json") || FileManager.default.fileExists(atPath: name)
    if !isPath, let bytes = ShippedWorkflows.bytes(named: name) {
        return try WorkflowFile(bytes: bytes, file: "workflows/\(name).json")
    }
    if !isPath {
        throw DataError(
            message:
                "Werkstroom \"\(name)\" bestaat niet. Meegeleverd: \(ShippedWorkflows.names.joined(separator: ", ")); of geef een pad naar een .json-bestand."
        )
    }
    return try WorkflowFile(bytes: try context.readFile(name, limit: InputLimits.jsonFileBytes, what: "een werkstroombestand"), file: name)
}

let startCommand = CLICommand(
    words: ["start"],
    usage: "participatie start WERKSTROOM --title T [--id ID] [--plan PLAN.md|PLAN.json] [--attr K=V]…",
    summary: "Start een proces op een werkstroom (een meegeleverde naam of een bestand).",
    discussion: """
        WERKSTROOM is de naam van een meegeleverde werkstroom (\(ShippedWorkflows.names.joined(separator: ", ")))
        of een pad naar een eigen werkstroombestand. Het bestand wordt in de opslag bewaard, zodat het proces
        altijd met dezelfde regels verder gaat. Een werkstroom met fouten (zie: participatie validate) start geen
        proces: de bevindingen worden getoond zoals validate ze toont, en er wordt niets geschreven (uitkomst 1).
        Zonder --id krijgt het proces een nummer zoals inspraak-2026-001.
        Met --plan hoort het participatieplan bij het proces: de SHA-256 van het bestand en of het compleet is
        (zie: participatie plan check) komen in het journaal. Een plan dat niet te lezen is, of dat bij een andere
        werkstroom of impact hoort, houdt de start tegen; er wordt dan niets geschreven. Een onvolledig plan mag,
        maar stappen die een compleet plan eisen ({"plan": "complete"}) worden dan geweigerd. Staat er in het plan
        een impact en geeft u geen --attr impact, dan geldt de impact uit het plan. Het plan mag Markdown zijn
        (zoals participatie plan new het maakt) of JSON.
        Een kenmerk dat een bedrag is ("type": "amount", zoals het budget van een kern) schrijft u in euro's:
        --attr budget=40000, --attr budget=40.000 of --attr "budget=€ 40.000,00". Het wordt in hele centen bewaard.
        """,
    options: [
        .value("title", "T", "De titel van het proces."),
        .value("id", "ID", "Eigen procesnummer (bijvoorbeeld een zaaknummer)."),
        .value("plan", "PLAN", "Het participatieplan van dit proces (Markdown of JSON)."),
        .repeated("attr", "K=V", "Een kenmerk, bijvoorbeeld --attr impact=hoog. Mag vaker."),
        formatOption,
    ],
    positionals: 1...1
) { context, arguments in
    let format = try context.format(arguments)
    guard let title = try context.limited(arguments, "title", limit: InputLimits.labelLength) else {
        throw UsageError(message: "Geef een titel met --title.")
    }
    _ = try context.limited(arguments, "id", limit: InputLimits.idLength)
    var attributes: [AttributeName: String] = [:]
    for pair in arguments.all("attr") {
        try context.checkLength(pair, what: "--attr", limit: InputLimits.labelLength)
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw UsageError(message: "--attr \(InputLimits.excerpt(pair)): schrijf KENMERK=WAARDE, bijvoorbeeld impact=hoog.")
        }
        attributes[AttributeName(String(pair[..<equals]))] = String(pair[pair.index(after: equals)...])
    }
    let actor = try context.actor(arguments)
    let now = try context.now()
    let file = try loadWorkflow(arguments.positionals[0], context: context)
    // An amount that is no amount is bad data (exit 65), named before anything else is checked.
    for (attribute, value) in attributes.sorted(by: { $0.key < $1.key }) {
        guard let spec = file.definition.attributes[attribute], spec.isAmount, EuroAmount.cents(parsing: value) == nil else { continue }
        let named = spec.label.map { "\"\(attribute)\" (\($0))" } ?? "\"\(attribute)\""
        throw DataError(
            message: "--attr \(attribute)=\(InputLimits.excerpt(value)): kenmerk \(named) is een bedrag, en dit is geen bedrag. "
                + "Schrijf het bedrag in euro's, bijvoorbeeld 40000, 40.000 of € 40.000,00. Het proces is niet gestart.")
    }
    // A workflow that validate rejects runs no process: its findings are printed as validate
    // prints them, before the store is opened, so nothing is written (exit 1, as validate).
    let diagnostics = WorkflowValidator.diagnostics(for: file)
    if diagnostics.containsErrors {
        for diagnostic in diagnostics { context.warn(diagnostic.description) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        context.warn(
            "\(file.file ?? file.definition.id.rawValue): niet in orde (\(errors == 1 ? "1 fout" : "\(errors) fouten")). "
                + "Het proces is niet gestart. Los de fouten op en controleer met: participatie validate \(arguments.positionals[0])")
        return ExitCode.refused
    }
    // The plan is read and checked before the store is opened, so a bad plan writes nothing.
    var plan: (file: PlanFile, check: PlanCheck)?
    var impactFromPlan = false
    if let planPath = arguments.value("plan") {
        let planFile: PlanFile
        do {
            planFile = try loadPlan(planPath, context: context)
        } catch let failure as PlanReadFailure {
            context.warn(failure.text + "\nHet proces is niet gestart.")
            return ExitCode.dataError
        }
        if let workflow = planFile.plan.workflow, workflow != file.definition.id {
            throw DataError(
                message: "\(planPath) is een plan voor werkstroom \(workflow), niet voor \(file.definition.id). "
                    + "Het proces is niet gestart.")
        }
        if let impact = planFile.plan.impact, file.definition.attributes.contains("impact") {
            if let given = attributes["impact"] {
                guard given == impact.rawValue else {
                    throw DataError(
                        message: "--attr impact=\(given) past niet bij het plan: daarin is de impact \(impact.rawValue). "
                            + "Het proces is niet gestart.")
                }
            } else {
                attributes["impact"] = impact.rawValue
                impactFromPlan = true
            }
        }
        plan = (planFile, planFile.check())
    }
    let store = try context.openStore(arguments)
    let hash = try store.storeDefinition(file)
    let id: ProcessID
    if let given = arguments.value("id") {
        id = ProcessID(given)
    } else {
        let year = CivilDate(amsterdam: now).year
        let prefix = "\(file.definition.id)-\(year)-"
        let taken = Set(store.processes.map(\.id.rawValue))
        var number = store.processes.filter { $0.id.rawValue.hasPrefix(prefix) }.count + 1
        while taken.contains(prefix + threeDigits(number)) { number += 1 }
        id = ProcessID(prefix + threeDigits(number))
    }
    let start = StartProcess(
        id: id, title: title, attributes: attributes, planDigest: plan?.file.digest.hex,
        planComplete: plan?.check.isComplete ?? false, definitionHash: hash)
    try store.execute(.start(start), on: id, by: actor, at: now)
    guard let state = store.process(id) else { throw StoreError.io("Het proces is niet teruggevonden na het starten.") }
    var planLines: [String] = []
    if let plan {
        let path = plan.file.file ?? "plan"
        let open = plan.check.errors.count
        if let note = planEncodingNote(plan.file, path: path) { planLines.append(note) }
        planLines.append(
            plan.check.isComplete
                ? "Participatieplan: \(path), compleet (SHA-256 \(plan.file.digest.hex))."
                : "Participatieplan: \(path), NIET compleet: \(open) \(open == 1 ? "punt" : "punten") (SHA-256 \(plan.file.digest.hex)).")
        if impactFromPlan, let impact = plan.file.plan.impact {
            planLines.append("Impact: \(impact.rawValue) (uit het participatieplan).")
        }
        if !plan.check.isComplete {
            planLines.append(
                "Let op: stappen die een compleet plan eisen ({\"plan\": \"complete\"}) worden geweigerd. "
                    + "Zie: participatie plan check \(path)")
        }
    }
    if format == "json" {
        try context.printJSON(StatusReport(state: state, engine: try store.engine(for: state), today: try context.today()))
        for line in planLines { context.warn(line) }
    } else {
        context.print("Proces \(id) gestart: \(title)")
        context.print("Werkstroom: \(file.definition.title) (\(file.definition.id) \(file.definition.version))")
        context.print("Toestand: \(file.definition.states[state.current]?.label ?? state.current.rawValue)")
        for line in planLines { context.print(line) }
    }
    return ExitCode.ok
}

private func threeDigits(_ number: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, 3 - text.count)) + text
}

let inputAddCommand = CLICommand(
    words: ["input", "add"],
    usage:
        "participatie input add PROC --kind K (--text T | --file F) [--point [ROUTE:]TEKST]… [--id ID] [--author A] [--public-name N] [--received DATUM] [--channel C] [--theme T] [--owner BEHANDELAAR] [--amount BEDRAG]",
    summary: "Registreer inbreng (een reactie, zienswijze, brief, advies…).",
    discussion: """
        Inbreng wordt altijd geregistreerd. Komt hij te laat, of past de soort niet bij de fase, dan krijgt hij
        een markering (te laat / buiten de reikwijdte) en heeft hij nog steeds een antwoord nodig.
        Naam, adres, e-mail en telefoon van de indiener komen niet in het journaal maar apart in personal.jsonl
        (AVG); rapporten tonen alleen het kenmerk en de publieke naam. Wissen kan met: participatie redact PROC INPUT --reason T.
        Elke inbreng heeft een behandelaar (afdeling, team of medewerker) die zorgt dat er een antwoord komt. Zonder
        --owner krijgt de inbreng de standaardbehandelaar van de werkstroom (per soort of per toestand), als die er is.
        Heeft de soort punten (zoals een brief aan de raad), geef dan elk punt met --point, zo vaak als nodig:
        --point "college:Graag een zebrapad bij de school" --point "raad:Bespreek de opvolging van meldingen".
        Vóór de dubbele punt staat de route: de rol die het punt beantwoordt (bijvoorbeeld college of raad); zonder
        route heeft het punt er geen. Elk punt wordt eigen inbreng (BRIEF-2027-012.1, .2…) met een eigen antwoord en
        behandelaar (standaard de rol van de route); de brief zelf krijgt geen antwoord en is beantwoord als elk punt
        het is.
        Overdragen kan later met: participatie input assign PROC INPUT --to BEHANDELAAR.
        Vraagt de soort inbreng een bedrag (zoals een aanvraag voor een wijkbudget), geef dan het gevraagde bedrag
        met --amount, bijvoorbeeld --amount 2500 of --amount "€ 2.500,00".
        """,
    options: [
        .value("kind", "K", "Soort inbreng, bijvoorbeeld inspraakreactie."),
        .value("text", "T", "De tekst."),
        .value("file", "F", "Lees de tekst uit een bestand (- voor standaardinvoer)."),
        .value("id", "ID", "Eigen kenmerk, bijvoorbeeld het DMS-nummer. Zonder --id: R-0001, R-0002…"),
        .value("author", "A", "Naam van de indiener (persoonsgegeven, niet in het journaal)."),
        .value("email", "E", "E-mailadres van de indiener (persoonsgegeven)."),
        .value("address", "ADRES", "Adres van de indiener (persoonsgegeven)."),
        .value("phone", "TEL", "Telefoonnummer van de indiener (persoonsgegeven)."),
        .value("public-name", "N", "Naam die openbaar mag, bijvoorbeeld een bewonersvereniging."),
        .value("received", "DATUM", "Datum van ontvangst (standaard vandaag)."),
        .value("channel", "C", "Kanaal: e-mail, brief, balie, telefoon, webformulier…"),
        .value("theme", "T", "Thema, voor de reactienota."),
        .value("owner", "BEHANDELAAR", "Wie zorgt voor het antwoord: een afdeling, team of medewerker (één regel)."),
        .value("amount", "BEDRAG", "Het gevraagde bedrag in euro's, bij een soort inbreng die een bedrag vraagt."),
        .repeated("point", "[ROUTE:]TEKST", "Een punt van de brief, met de rol die het beantwoordt ervoor. Mag vaker."),
        formatOption,
    ],
    positionals: 1...1
) { context, arguments in
    let format = try context.format(arguments)
    guard let kind = arguments.value("kind") else { throw UsageError(message: "Geef de soort inbreng met --kind.") }
    let owner = try ownerOption(arguments, "owner")
    let text: String
    switch (arguments.value("text"), arguments.value("file")) {
    case (let value?, nil):
        try context.checkLength(value, what: "--text", limit: InputLimits.textLength)
        text = value
    case (nil, let path?):
        let bytes = try context.readFile(path, limit: InputLimits.textFileBytes, what: "de tekst van inbreng")
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw DataError(message: "\(path) is geen UTF-8-tekst.")
        }
        try context.checkLength(decoded, what: "De tekst in \(path)", limit: InputLimits.textLength)
        text = decoded
    default: throw UsageError(message: "Geef de tekst met --text of --file (één van beide).")
    }
    _ = try context.limited(arguments, "id", limit: InputLimits.idLength)
    for option in ["author", "email", "address", "phone", "public-name", "channel", "theme"] {
        _ = try context.limited(arguments, option, limit: InputLimits.labelLength)
    }
    let received = try arguments.value("received").map { text throws(UsageError) in try context.date(text, option: "received") }
    let amount = try amountOption(arguments)
    var points: [NewPoint] = []
    for value in arguments.all("point") {
        try context.checkLength(value, what: "--point", limit: InputLimits.textLength)
        points.append(pointOption(value))
    }
    let input = NewInput(
        id: arguments.value("id").map(InputID.init), kind: InputKindID(kind), text: text, received: received,
        channel: arguments.value("channel"), theme: arguments.value("theme"), publicName: arguments.value("public-name"),
        owner: owner, amount: amount, points: points)
    let personal = PersonalDetails(
        name: arguments.value("author"), address: arguments.value("address"), email: arguments.value("email"),
        phone: arguments.value("phone"))
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    let events = try store.execute(.addInput(input), on: process, by: actor, at: now, personal: [personal])
    guard case .inputReceived(let received)? = events.first?.event.payload else { return ExitCode.ok }
    let pointsReceived = events.dropFirst().compactMap { event -> InputReceived? in
        if case .inputReceived(let point) = event.event.payload { return point } else { return nil }
    }
    if format == "json" {
        if pointsReceived.isEmpty {
            try context.printJSON(InputReport(received, seq: events.first?.seq ?? 0))
        } else {
            try context.printJSON(
                events.compactMap { event -> InputReport? in
                    if case .inputReceived(let input) = event.event.payload {
                        return InputReport(input, seq: event.seq)
                    } else {
                        return nil
                    }
                })
        }
        return ExitCode.ok
    }
    context.print("Inbreng \(received.input) geregistreerd in \(process) (\(received.kind), ontvangen \(received.received)).")
    if !pointsReceived.isEmpty {
        let definition = try store.process(process).map { try store.engine(for: $0).definition }
        context.print(registeredSummary([received] + pointsReceived, definition: definition) + ":")
        for point in pointsReceived {
            let route = point.route.map { " → \(definition?.roles[$0]?.label ?? $0.rawValue)" } ?? ""
            context.print("  \(point.input)\(route): \(InputLimits.excerpt(point.text))")
        }
        if let due = received.answerDue { context.print("Antwoord op elk punt uiterlijk \(due.longDescription).") }
        if received.late { context.print("Let op: te laat ontvangen, na de termijn. Elk punt heeft toch een antwoord nodig.") }
        if received.outOfScope {
            context.print("Let op: deze soort inbreng hoort niet bij de huidige fase. Elk punt heeft toch een antwoord nodig.")
        }
        return ExitCode.ok
    }
    if let due = received.answerDue { context.print("Antwoord uiterlijk \(due.longDescription).") }
    if let owner = received.owner {
        context.print("Behandelaar: \(owner)" + (input.owner == nil ? " (standaard van de werkstroom)." : "."))
    } else if received.needsFeedback {
        context.print(
            "Nog zonder behandelaar. Wijs er een toe met: participatie input assign \(process) \(received.input) --to BEHANDELAAR")
    }
    if received.late {
        context.print("Let op: te laat ontvangen, na de termijn. De inbreng is geregistreerd en heeft een antwoord nodig.")
    }
    if received.early {
        context.print(
            "Let op: te vroeg ontvangen, voordat de termijn begon. De inbreng is geregistreerd en telt niet mee voor een drempel.")
    }
    if received.outOfScope {
        context.print("Let op: deze soort inbreng hoort niet bij de huidige fase. Hij is geregistreerd en heeft een antwoord nodig.")
    }
    if !received.needsFeedback { context.print("Deze soort inbreng heeft geen antwoord nodig.") }
    return ExitCode.ok
}

let inputImportCommand = CLICommand(
    words: ["input", "import"],
    usage: "participatie input import PROC BESTAND.csv",
    summary: "Importeer inbreng uit een CSV-bestand: alles of niets.",
    discussion: """
        Kolommen (kopregel verplicht, volgorde vrij): kenmerk;soort;ontvangen;naam;publieke_naam;kanaal;thema;tekst
        en eventueel adres, email, telefoon en behandelaar. Alleen soort en tekst zijn verplicht. Scheidingsteken
        ; of , wordt herkend, met of zonder BOM. Is één regel fout, dan wordt niets geregistreerd en noemen we elke
        foute regel. behandelaar: de afdeling, het team of de medewerker die zorgt voor het antwoord (één regel,
        ten hoogste \(InputLimits.ownerLength) tekens); leeg is de standaard van de werkstroom, als die er is.
        Een brief met punten (soort met punten, zoals brief): één regel per punt, met hetzelfde kenmerk, de tekst
        van het punt in de kolom punt en de rol die het beantwoordt in de kolom route (bijvoorbeeld college of raad).
        De velden van de brief staan op de eerste regel; de volgende regels mogen ze leeg laten. De behandelaar op
        een regel is die van het punt. De punten krijgen de kenmerken KENMERK.1, KENMERK.2…
        """,
    options: [formatOption],
    positionals: 2...2
) { context, arguments in
    let format = try context.format(arguments)
    let actor = try context.actor(arguments)
    let now = try context.now()
    let path = arguments.positionals[1]
    let bytes = try context.readFile(path, limit: InputLimits.csvFileBytes, what: "een CSV-bestand om te importeren")
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    guard let state = store.process(process) else { throw store.notFound(process) }
    let engine = try store.engine(for: state)
    let reading = try InputImport.read(fromCSV: bytes, file: path, definition: engine.definition, today: try context.today())
    if reading.encoding != .utf8, format != "json" { context.print("\(path) is gelezen als \(reading.encoding.dutchName).") }
    let events = try store.execute(.addInputs(reading.inputs), on: process, by: actor, at: now, personal: reading.personal)
    let received = events.compactMap { event -> InputReceived? in
        if case .inputReceived(let input) = event.event.payload { return input } else { return nil }
    }
    if format == "json" {
        try context.printJSON(received.map { InputReport($0, seq: 0) })
        return ExitCode.ok
    }
    let late = received.filter { $0.late && $0.parent == nil }.count
    let early = received.filter { $0.early && $0.parent == nil }.count
    let outOfScope = received.filter { $0.outOfScope && $0.parent == nil }.count
    var line = "\(registeredSummary(received, definition: engine.definition)) geregistreerd in \(process)"
    var notes: [String] = []
    if early > 0 { notes.append("\(early) te vroeg") }
    if late > 0 { notes.append("\(late) te laat") }
    if outOfScope > 0 { notes.append("\(outOfScope) buiten de reikwijdte") }
    if !notes.isEmpty {
        // Flagged inputs that need an answer still get one; exempt ones (signatures) only do not count.
        let flaggedNeedAnswer = received.contains { ($0.late || $0.early || $0.outOfScope) && $0.needsFeedback }
        line +=
            " (\(notes.joined(separator: ", ")); "
            + (flaggedNeedAnswer ? "ook die hebben een antwoord nodig)" : "die tellen niet mee voor de drempel)")
    }
    context.print(line + ".")
    let parents = Set(received.compactMap(\.parent))
    let unowned = received.filter { $0.owner == nil && $0.needsFeedback && !parents.contains($0.input) }.map(\.input.rawValue)
    if !unowned.isEmpty {
        let named = unowned.prefix(20).joined(separator: ", ") + (unowned.count > 20 ? " en \(unowned.count - 20) meer" : "")
        context.print(
            "Zonder behandelaar: \(unowned.count) (\(named)). Wijs er een toe met: participatie input assign \(process) KENMERK… --to BEHANDELAAR"
        )
    }
    return ExitCode.ok
}

/// `--point "college:Graag een zebrapad"`: a route is one lowercase word before the first
/// colon (a role id such as `college` or `raad`; the engine checks it is one of the kind's
/// routes); any other text is the point itself, colons included ("Let op: de stoep").
func pointOption(_ value: String) -> NewPoint {
    guard let colon = value.firstIndex(of: ":") else { return NewPoint(text: value) }
    let prefix = value[..<colon].trimmingCharacters(in: .whitespaces)
    let isRoute =
        !prefix.isEmpty && prefix.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        && prefix.first?.isLowercase == true
    guard isRoute else { return NewPoint(text: value) }
    let text = value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    return NewPoint(text: text, route: RoleID(prefix))
}

/// What was registered, counted the way people count it: "1 brief met 2 punten", "2
/// inspraakreacties", "3 stuks inbreng" (of mixed kinds). A letter with points is one piece
/// of inbreng, never three.
func registeredSummary(_ received: [InputReceived], definition: WorkflowDefinition?) -> String {
    let inputs = received.filter { $0.parent == nil }
    let points = received.count - inputs.count
    let kinds = Set(inputs.map(\.kind))
    let noun = kinds.count == 1 ? kinds.first.flatMap { definition?.inputKinds[$0]?.noun } ?? .inbreng : DutchNoun.inbreng
    guard points > 0 else { return noun.counted(inputs.count) }
    return "\(noun.counted(inputs.count)) met \(ProcessEngine.pointNoun.counted(points))"
}

let inputWithdrawCommand = CLICommand(
    words: ["input", "withdraw"],
    usage: "participatie input withdraw PROC INPUT --reason T --evidence VERWIJZING",
    summary: "Leg vast dat de indiener zijn inbreng intrekt (hij blijft zichtbaar).",
    discussion: """
        Alleen de indiener kan inbreng intrekken. Daarom zijn twee dingen verplicht: de reden, en het verzoek
        van de indiener als bewijs (--evidence): een verwijzing naar de brief of e-mail waarin de indiener om
        intrekking vroeg (bijvoorbeeld het DMS-nummer), of het kanaal van de indiener zelf. Ingetrokken inbreng
        telt niet meer mee voor het besluit, maar blijft zichtbaar; de audit noemt elke intrekking met reden en
        bewijs. In een afgesloten proces kan niets meer worden ingetrokken.
        """,
    options: [
        .value("reason", "T", "Waarom (bijvoorbeeld: de indiener ziet af van zijn reactie)."),
        .value("evidence", "VERWIJZING", "Het verzoek van de indiener: de brief of e-mail (bijvoorbeeld Z-2026-0311), of het kanaal."),
    ],
    positionals: 2...2
) { context, arguments in
    let reason = try context.limited(arguments, "reason", limit: InputLimits.noteLength) ?? ""
    let evidence = try context.limited(arguments, "evidence", limit: InputLimits.noteLength)
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let input = InputID(arguments.positionals[1])
    try store.execute(
        .withdrawInput(input, reason: reason, evidence: evidence), on: ProcessID(arguments.positionals[0]), by: actor, at: now)
    context.print("Inbreng \(input) is ingetrokken. Hij blijft zichtbaar in het proces en de rapporten, met de reden en het verzoek.")
    return ExitCode.ok
}

let feedbackAddCommand = CLICommand(
    words: ["feedback", "add"],
    usage: "participatie feedback add PROC INPUT [--point N] --verdict OORDEEL --reason MOTIVERING [--amount BEDRAG]",
    summary: "Leg het antwoord op inbreng vast: een oordeel en een motivering.",
    discussion: """
        Oordelen: \(Verdict.writtenForms). Een motivering is altijd nodig, ook bij kennisgenomen.
        Heeft de inbreng punten (een brief aan de raad, een zienswijze), dan krijgt elk punt een eigen antwoord:
        noem het punt met --point N, of geef het kenmerk van het punt zelf (BRIEF-2027-012.2). De brief zelf krijgt
        geen antwoord; hij is beantwoord als elk punt het is.
        Een nieuw antwoord vervangt het vorige; beide blijven bewaard, en het nieuwe moet opnieuw verstuurd worden.
        Vroeg de inbreng een bedrag, dan kent overgenomen het hele gevraagde bedrag toe, of het bedrag van --amount;
        bij deels is --amount nodig. Nooit meer dan gevraagd, en samen nooit meer dan het budget.
        """,
    options: [
        .value("verdict", "OORDEEL", "Het oordeel."),
        .value("reason", "MOTIVERING", "De motivering: wat er met de inbreng gebeurt, of waarom niet."),
        .value("amount", "BEDRAG", "Het toegekende bedrag in euro's (bij overgenomen of deels)."),
        .value("point", "N", "Het nummer van het punt (1, 2…) van INPUT."),
    ],
    positionals: 2...2
) { context, arguments in
    guard let verdictText = arguments.value("verdict") else { throw UsageError(message: "Geef een oordeel met --verdict.") }
    guard let verdict = Verdict(parsing: verdictText) else {
        throw UsageError(message: "Onbekend oordeel \"\(verdictText)\"; kies uit \(Verdict.writtenForms).")
    }
    let reason = try context.limited(arguments, "reason", limit: InputLimits.noteLength) ?? ""
    let amount = try amountOption(arguments)
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    var input = InputID(arguments.positionals[1])
    if let point = arguments.value("point") {
        guard let number = Int(point), number >= 1 else {
            throw UsageError(message: "--point \(InputLimits.excerpt(point)): geef het nummer van het punt, bijvoorbeeld --point 2.")
        }
        input = ProcessEngine.pointID(input, number)
    }
    let before = store.process(process)?.input(input)?.feedback.count ?? 0
    try store.execute(
        .recordFeedback(NewFeedback(input: input, verdict: verdict, motivation: reason, amount: amount)),
        on: process, by: actor, at: now)
    let granted = store.process(process)?.input(input)?.currentFeedback?.amount
    context.print(
        "Antwoord op \(input) vastgelegd: \(verdict.label)"
            + (granted.map { ", toegekend \(EuroAmount.format(cents: $0))." } ?? ".")
            + (before > 0 ? " Het vervangt het vorige antwoord (dat blijft bewaard); verstuur het opnieuw." : ""))
    return ExitCode.ok
}

let feedbackImportCommand = CLICommand(
    words: ["feedback", "import"],
    usage: "participatie feedback import PROC BESTAND.csv",
    summary: "Importeer antwoorden uit een CSV-bestand: alles of niets.",
    discussion: """
        Kolommen: kenmerk;oordeel;motivering (in elke volgorde). Andere kolommen, zoals soort, thema en tekst uit
        participatie feedback template of een reactienota, worden overgeslagen; de opdracht zegt welke.
        Oordelen: \(Verdict.writtenForms), of zoals de rapporten ze schrijven (deels overgenomen).
        Een regel zonder oordeel en zonder motivering is nog niet beantwoord en wordt overgeslagen; een regel met
        maar één van beide is een fout. Het bestand mag UTF-8, UTF-16 of Windows-1252 zijn (wat Excel als
        "CSV (puntkomma)" opslaat).
        """,
    positionals: 2...2
) { context, arguments in
    let actor = try context.actor(arguments)
    let now = try context.now()
    let path = arguments.positionals[1]
    let bytes = try context.readFile(path, limit: InputLimits.csvFileBytes, what: "een CSV-bestand om te importeren")
    let reading = try FeedbackImport.read(fromCSV: bytes, file: path)
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    let events = try store.execute(.recordFeedbacks(reading.feedback), on: process, by: actor, at: now)
    if reading.encoding != .utf8 { context.print("\(path) is gelezen als \(reading.encoding.dutchName).") }
    if !reading.ignoredColumns.isEmpty {
        context.print("Overgeslagen kolommen (alleen ter informatie): \(reading.ignoredColumns.joined(separator: ", ")).")
    }
    if !reading.blankLines.isEmpty {
        context.print(
            "\(reading.blankLines.count) \(reading.blankLines.count == 1 ? "regel" : "regels") zonder oordeel en motivering "
                + "overgeslagen (nog niet beantwoord).")
    }
    context.print("\(events.count) \(events.count == 1 ? "antwoord" : "antwoorden") vastgelegd in \(process).")
    return ExitCode.ok
}

let feedbackTemplateCommand = CLICommand(
    words: ["feedback", "template"],
    usage: "participatie feedback template PROC [--owner BEHANDELAAR] [--excel] [--out BESTAND.csv]",
    summary: "Maak een CSV om antwoorden in te vullen: elke inbreng die nog een antwoord nodig heeft.",
    discussion: """
        Kolommen: kenmerk;soort;thema;behandelaar;tekst;oordeel;motivering. Vul oordeel en motivering in (bijvoorbeeld
        in Excel) en lees het bestand in met participatie feedback import PROC BESTAND.csv. Regels die u leeg laat,
        worden dan overgeslagen; soort, thema, behandelaar en tekst zijn alleen ter informatie. Met --owner alleen de
        inbreng van één behandelaar, zodat elke afdeling haar eigen deel invult. Met --excel: puntkomma's en een BOM,
        zoals Nederlandse Excel het opent.
        """,
    options: [
        .value("owner", "BEHANDELAAR", "Alleen de inbreng die bij deze behandelaar ligt."),
        .flag("excel", "Puntkomma's en een BOM, zoals Nederlandse Excel het leest."),
        .value("out", "BESTAND", "Schrijf naar dit bestand in plaats van naar het scherm."),
    ],
    positionals: 1...1
) { context, arguments in
    let store = try context.openStore(arguments, access: .readOnly)
    let process = ProcessID(arguments.positionals[0])
    guard let state = store.process(process) else { throw store.notFound(process) }
    let owner = try ownerOption(arguments, "owner")
    let rows = state.unanswered.filter { input in owner.map { input.isOwned(by: $0) } ?? true }.map { input in
        [input.id.rawValue, input.kind.rawValue, input.theme ?? "", input.owner ?? "", input.text, "", ""]
    }
    let bytes = CSVWriter.render(
        header: ["kenmerk", "soort", "thema", "behandelaar", "tekst", "oordeel", "motivering"], rows: rows,
        delimiter: UInt8(ascii: arguments.has("excel") ? ";" : ","), byteOrderMark: arguments.has("excel"))
    if let path = arguments.value("out") {
        try context.writeAtomically(bytes, to: path, what: "het invulbestand")
        context.warn("\(rows.count) \(rows.count == 1 ? "regel" : "regels") om in te vullen geschreven naar \(path).")
    } else {
        context.printRaw(String(decoding: bytes, as: UTF8.self))
    }
    return ExitCode.ok
}

let feedbackSentCommand = CLICommand(
    words: ["feedback", "sent"],
    usage: "participatie feedback sent PROC (INPUT… | --all) [--on DATUM]",
    summary: "Leg vast dat antwoorden naar de indieners zijn verstuurd.",
    options: [
        .flag("all", "Alle antwoorden die nog niet verstuurd zijn."),
        .value("on", "DATUM", "Datum van verzending (standaard vandaag)."),
    ],
    positionals: 1...10_000
) { context, arguments in
    let ids = arguments.positionals.dropFirst().map(InputID.init)
    if arguments.has("all") == !ids.isEmpty {
        throw UsageError(message: "Noem de inbreng óf gebruik --all.")
    }
    let actor = try context.actor(arguments)
    let now = try context.now()
    let day = try arguments.value("on").map { text throws(UsageError) in try context.date(text, option: "on") } ?? CivilDate(amsterdam: now)
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    let events = try store.execute(
        .markFeedbackSent(arguments.has("all") ? .allUnsent : .inputs(Array(ids)), on: day), on: process, by: actor, at: now)
    let count = events.reduce(0) { total, event in
        if case .feedbackSent(let sent) = event.event.payload { return total + sent.inputs.count }
        return total
    }
    context.print("\(count) \(count == 1 ? "antwoord" : "antwoorden") verstuurd op \(day).")
    return ExitCode.ok
}

let documentAddCommand = CLICommand(
    words: ["document", "add"],
    usage: "participatie document add PROC --kind K --ref VERWIJZING [--date DATUM]",
    summary: "Voeg een document toe (met een verwijzing, zoals een zaaknummer of een adres op internet).",
    discussion: """
        Met --date legt u de datum van het document zelf vast, als die niet vandaag is: de dag dat een
        aanvraag binnenkwam of dat de raad een besluit nam. Die datum ligt nooit in de toekomst. Het journaal
        bewaart daarnaast altijd wanneer het document is toegevoegd en door wie; rapporten tonen beide.
        """,
    options: [
        .value("kind", "K", "Soort document uit de werkstroom, bijvoorbeeld reactienota."),
        .value("ref", "VERWIJZING", "Waar het document te vinden is."),
        .value("date", "DATUM", "De datum van het document zelf (2026-03-16 of 16-03-2026), niet in de toekomst."),
    ],
    positionals: 1...1
) { context, arguments in
    guard let kind = arguments.value("kind") else { throw UsageError(message: "Geef de soort document met --kind.") }
    let reference = try context.limited(arguments, "ref", limit: InputLimits.noteLength) ?? ""
    let date = try arguments.value("date").map { (text) throws(UsageError) in try context.date(text, option: "date") }
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    try store.execute(
        .attachDocument(kind: DocumentKindID(kind), reference: reference, date: date), on: process, by: actor, at: now)
    context.print("Document \(kind) toegevoegd aan \(process)" + (date.map { " (gedateerd \($0))" } ?? "") + ".")
    return ExitCode.ok
}

let advanceCommand = CLICommand(
    words: ["advance"],
    usage: "participatie advance PROC OVERGANG [--reason T]",
    summary: "Zet een stap in het proces (bijvoorbeeld besluiten). Geweigerd zolang er iets ontbreekt.",
    discussion: """
        OVERGANG is de naam uit de werkstroom (hoofdletters maken niet uit) of het label dat status en het diagram
        tonen, tussen aanhalingstekens: participatie advance P "Ontwerp ter inzage leggen".
        Een besluit kan pas als elke inbreng een antwoord heeft; afsluiten kan pas als elk antwoord ook verstuurd is.
        Wordt de stap geweigerd, dan noemen we alles wat ontbreekt, met de kenmerken erbij.
        """,
    options: [.value("reason", "T", "Motivering (verplicht bij sommige stappen, zoals de noodrem).")],
    positionals: 2...2
) { context, arguments in
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    // The name in any case, or the label the diagram and status show.
    var transition = TransitionName(arguments.positionals[1])
    if let state = store.process(process) {
        transition = try store.engine(for: state).transitionName(matching: arguments.positionals[1], in: state.current) ?? transition
    }
    let events = try store.execute(
        .advance(transition, reason: try context.limited(arguments, "reason", limit: InputLimits.noteLength)),
        on: process, by: actor, at: now)
    guard let state = store.process(process) else { return ExitCode.ok }
    let engine = try store.engine(for: state)
    for event in events {
        guard case .transitioned(let moved) = event.event.payload else { continue }
        context.print("\(process): \(engine.stateLabel(moved.from)) → \(engine.stateLabel(moved.to)).")
        if moved.decision {
            // What this decision weighed: a decision by the college weighs the college's points only.
            let record = state.history.last { $0.to == moved.to && $0.transition == moved.transition }
            let weighed = record?.inputsWeighed ?? state.counts.needingFeedback
            let withdrawn = state.counts.withdrawn
            // Points only when every input it weighed was a point ("beide punten"), else inbreng.
            let pointsNeeding = state.counts.pointsPerRoute.values.reduce(0) { $0 + $1.needing }
            let points = pointsNeeding > 0 && pointsNeeding == state.counts.needingFeedback
            let noun = points ? ProcessEngine.pointNoun : pointsNeeding > 0 ? DutchNoun.inbreng : engine.gateNoun(in: state)
            context.print(
                weighed == 0
                    ? "Besluit genomen; er was geen inbreng die een antwoord nodig had."
                    : weighed == 1
                        ? "Besluit genomen; \(points ? "het punt" : "de \(noun.singular)") had een antwoord."
                        : "Besluit genomen; \(DutchNoun.all(weighed) ?? "") \(noun.plural) hadden een antwoord.")
            if withdrawn > 0 {
                let ids = state.inputs.lazy.filter(\.isWithdrawn).prefix(20).map(\.id.rawValue)
                let more = withdrawn > ids.count ? " en \(withdrawn - ids.count) meer" : ""
                context.print(
                    "\(withdrawn == 1 ? "1 stuk inbreng is" : "\(withdrawn) stuks inbreng zijn") ingetrokken en telde niet mee: "
                        + "\(ids.joined(separator: ", "))\(more). De audit noemt de reden en het verzoek van de indiener.")
            }
        }
        if let window = moved.window {
            context.print("Termijn tot en met \(window.end.longDescription). \(window.explanation)")
            if engine.definition.states[moved.to]?.window?.isModel == true {
                context.print("De lengte van deze termijn is een voorbeeld; de eigen verordening van de gemeente bepaalt hem.")
            }
        }
    }
    if state.isFinal { context.print("Het proces is afgesloten met uitkomst: \(state.outcome ?? "-").") }
    return ExitCode.ok
}

let extendCommand = CLICommand(
    words: ["extend"],
    usage: "participatie extend PROC (--days N | --term T (--days N | --weeks N) --basis B) --reason T",
    summary: "Verdaging: verleng de termijn van de huidige fase, of een benoemde termijn (zoals de beslistermijn).",
    discussion: """
        Zonder --term verlengt u de termijn van de huidige fase (bijvoorbeeld de inzagetermijn) met --days dagen.

        Met --term verlengt u een benoemde termijn van de werkstroom, zoals de beslistermijn. Dat kan alleen
        als de werkstroom zegt dat het mag. Noem de wettelijke grondslag met --basis (bijvoorbeeld
        "Awb 3:18 lid 2") en de reden met --reason. De werkstroom bepaalt hoe lang, hoe vaak, tot wanneer
        en door wie. `participatie status PROC` laat de termijnen zien.
        """,
    options: [
        .value("days", "N", "Met hoeveel dagen."),
        .value("weeks", "N", "Met hoeveel weken (alleen met --term)."),
        .value("term", "T", "De benoemde termijn, bijvoorbeeld beslistermijn."),
        .value("basis", "B", "De wettelijke grondslag van de verlenging (met --term)."),
        .value("reason", "T", "Waarom (verplicht; staat in status en audit)."),
    ],
    positionals: 1...1
) { context, arguments in
    let term = arguments.value("term").map(TermName.init)
    let days: Int
    switch (arguments.value("days"), arguments.value("weeks")) {
    case (let daysText?, nil):
        guard let value = Int(daysText) else {
            throw UsageError(message: "Geef het aantal dagen met --days, bijvoorbeeld --days 14.")
        }
        days = value
    case (nil, let weeksText?) where term != nil:
        guard let value = Int(weeksText), (1...52).contains(value) else {
            throw UsageError(message: "Geef het aantal weken met --weeks, bijvoorbeeld --weeks 6 (1 tot 52).")
        }
        days = 7 * value
    case (nil, _?):
        throw UsageError(message: "--weeks hoort bij --term; verleng de termijn van de fase met --days.")
    case (_?, _?):
        throw UsageError(message: "Geef --days of --weeks, niet allebei.")
    case (nil, nil):
        throw UsageError(message: "Geef het aantal dagen met --days, bijvoorbeeld --days 14.")
    }
    if term == nil, arguments.value("basis") != nil {
        throw UsageError(message: "--basis hoort bij --term: een grondslag noemt u bij een benoemde termijn.")
    }
    let actor = try context.actor(arguments)
    let now = try context.now()
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    let reason = try context.limited(arguments, "reason", limit: InputLimits.noteLength) ?? ""
    let command: Command
    if let term {
        let basis = try context.limited(arguments, "basis", limit: InputLimits.noteLength)
        command = .extendNamedTerm(term, days: days, basis: basis, reason: reason)
    } else {
        command = .extendTerm(days: days, reason: reason)
    }
    let events = try store.execute(command, on: process, by: actor, at: now)
    if case .termExtended(let extended)? = events.first?.event.payload {
        if let term = extended.term, let state = store.process(process) {
            let engine = try store.engine(for: state)
            context.print(
                "\(engine.termLabel(term)) verlengd tot en met \(extended.window.end.longDescription)"
                    + "\(extended.basis.map { " (\($0))" } ?? "").")
            if let status = engine.termStatuses(in: state).first(where: { $0.name == term }) { context.print(status.summary) }
        } else {
            context.print("Termijn verlengd tot en met \(extended.window.end.longDescription).")
            context.print(extended.window.explanation)
        }
    }
    return ExitCode.ok
}

let tickCommand = CLICommand(
    words: ["tick"],
    usage: "participatie tick",
    summary: "Voer getimede overgangen uit die aan de beurt zijn (dagelijks vanuit cron).",
    positionals: 0...0
) { context, arguments in
    let now = try context.now()
    let store = try context.openStore(arguments)
    let events = try store.tick(at: now)
    if events.isEmpty {
        context.print("Niets aan de beurt.")
    }
    for event in events {
        guard case .transitioned(let moved) = event.event.payload, let state = store.process(event.event.process) else { continue }
        let engine = try store.engine(for: state)
        context.print("\(event.event.process): \(engine.stateLabel(moved.from)) → \(engine.stateLabel(moved.to)) (vanzelf, na de termijn).")
    }
    return ExitCode.ok
}

/// `--amount`: an amount in euros (`2500`, `2.500`, `€ 2.500,00`) in whole cents; no amount is
/// bad data (exit 65).
func amountOption(_ arguments: ParsedArguments) throws -> Int? {
    guard let text = arguments.value("amount") else { return nil }
    guard let cents = EuroAmount.cents(parsing: text) else {
        throw DataError(
            message: "--amount \(InputLimits.excerpt(text)): dit is geen bedrag. Schrijf het bedrag in euro's, "
                + "bijvoorbeeld 2500, 2.500 of € 2.500,00.")
    }
    return cents
}
