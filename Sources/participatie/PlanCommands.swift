import Foundation
import ParticipationKit

/// Reads and decodes a plan file; an unreadable or invalid file is bad input data (65).
func loadPlan(_ path: String, context: Context) throws -> PlanFile {
    try PlanFile(bytes: try context.readFile(path, limit: InputLimits.jsonFileBytes, what: "een participatieplan"), file: path)
}

/// The problems of an invalid plan file, for standard error.
func planErrorText(_ error: PlanFileError, path: String) -> String {
    error.description + "\n\(path): het participatieplan is niet te lezen; herstel eerst deze fouten."
}

let planCheckCommand = CLICommand(
    words: ["plan", "check"],
    usage: "participatie plan check PLAN.json [--format text|json]",
    summary: "Controleer of een participatieplan compleet is (de zeven vragen van punt 9 en meer).",
    discussion: """
        Het plan is compleet als:
        - het zegt of inwoners meedoen ("participatie": true of false);
        - elke vraag van punt 9 van het Tienpuntenplan een echt antwoord heeft, ook zonder participatie. Zonder
          participatie legt vraag 1 in minstens \(PlanCheck.minimumNoParticipationWords) woorden uit waarom inwoners niet meedoen;
        - met participatie minstens één fase erin staat, elke fase met een doel en een niveau (informeren,
          raadplegen, adviseren, coproduceren, meebeslissen); zonder participatie kan alleen informeren;
        - de impact erin staat, en bij impact hoog de kaders van de raad (besluit en samenvatting);
        - de belanghebbenden erin staan.
        Geen echt antwoord: leeg, alleen een streepje of puntjes, minder dan \(PlanCheck.minimumAnswerWords) woorden, of
        "n.v.t." (of nvt, niet van toepassing, geen, nee, idem, zie boven, onbekend, volgt, p.m., …) zonder reden.
        Met een reden van minstens \(PlanCheck.minimumReasonWords) woorden telt het wel: "n.v.t., want de straat blijft gelijk".
        Elke bevinding noemt bestand:regel:kolom, een vaste code (PK110…) en de JSON Pointer.
        Uitkomst: 0 compleet, 1 niet compleet, 65 het bestand is niet te lezen (PK101–PK106).
        """,
    options: [formatOption],
    positionals: 1...1
) { context, arguments in
    struct Finding: Encodable {
        var code: String
        var severity: String
        var message: String
        var pointer: String
        var line: Int?
        var column: Int?
        /// The number of the question of point 9 the finding is about, if any.
        var question: Int?
    }
    struct Question: Encodable {
        var number: Int
        var key: String
        var wording: String
        var answered: Bool
    }
    struct Output: Encodable {
        var formatVersion = 1
        var file: String
        var readable: Bool
        var complete: Bool
        var project: String?
        var participation: Bool?
        var digest: String?
        var questions: [Question]
        var findings: [Finding]
    }
    func finding(_ diagnostic: Diagnostic) -> Finding {
        let tokens = diagnostic.pointer.tokens
        let question = tokens.count == 2 && tokens[0] == "vragen" ? PlanQuestion(rawValue: tokens[1])?.number : nil
        return Finding(
            code: diagnostic.code.rawValue, severity: diagnostic.severity.rawValue, message: diagnostic.message,
            pointer: diagnostic.pointer.description, line: diagnostic.location?.line, column: diagnostic.location?.column,
            question: question)
    }

    let format = try context.format(arguments)
    let path = arguments.positionals[0]
    let file: PlanFile
    do {
        file = try loadPlan(path, context: context)
    } catch let error as PlanFileError {
        if format == "json" {
            try context.printJSON(
                Output(
                    file: path, readable: false, complete: false, questions: [], findings: error.diagnostics.map(finding)))
        } else {
            context.print(planErrorText(error, path: path))
        }
        return ExitCode.dataError
    }
    let check = file.check()
    if format == "json" {
        let questions = PlanQuestion.allCases.map { question in
            Question(
                number: question.number, key: question.rawValue, wording: question.wording,
                answered: PlanCheck.assess(file.plan.answer(to: question)).isAnswered)
        }
        try context.printJSON(
            Output(
                file: path, readable: true, complete: check.isComplete, project: file.plan.project,
                participation: file.plan.participation, digest: file.digest.hex, questions: questions,
                findings: check.findings.map(finding)))
        return check.isComplete ? ExitCode.ok : ExitCode.refused
    }
    for diagnostic in check.findings { context.print(diagnostic.description) }
    let errors = check.errors.count
    if check.isComplete {
        context.print("\(path): compleet. Alle \(PlanQuestion.allCases.count) vragen van punt 9 zijn beantwoord.")
    } else {
        context.print(
            "\(path): niet compleet: \(errors) \(errors == 1 ? "punt" : "punten"). Vul het plan aan en controleer opnieuw.")
    }
    context.print("Project: \(file.plan.project)")
    context.print("Participatie: \(participationSummary(file.plan))")
    context.print("SHA-256: \(file.digest.hex)")
    return check.isComplete ? ExitCode.ok : ExitCode.refused
}

/// One line: whether residents take part, in which phases, impact and kaders.
func participationSummary(_ plan: ParticipationPlan) -> String {
    var parts: [String] = []
    switch plan.participation {
    case true?:
        let phases = plan.phases.map { "samen \($0.phase.rawValue)" + ($0.level.map { " (\($0.rawValue))" } ?? "") }
        parts.append(phases.isEmpty ? "ja, fasen nog niet gekozen" : "ja: " + phases.joined(separator: ", "))
    case false?:
        parts.append("nee, bewust geen participatie")
    case nil:
        parts.append("nog niet gekozen")
    }
    parts.append("impact \(plan.impact?.rawValue ?? "onbekend")")
    if let decision = plan.kaders?.decision, !decision.isEmpty { parts.append("kaders: \(decision)") }
    return parts.joined(separator: "; ") + "."
}

let planParagraphCommand = CLICommand(
    words: ["plan", "paragraph"],
    usage: "participatie plan paragraph PLAN.json [--out BESTAND] [--concept] [--format md|html]",
    summary: "Maak de participatieparagraaf voor een raadsvoorstel uit een participatieplan (Markdown of HTML).",
    discussion: """
        De paragraaf zegt in gewone taal (B1) of en hoe inwoners meedoen: de fasen met doel en niveau, de kaders
        van de raad, wie het project raakt, en de antwoorden op de zeven vragen van punt 9 van het Tienpuntenplan.
        Tekst uit het plan wordt zo geschreven dat hij de opmaak niet kan breken (geen HTML, geen tabellen).
        Is het plan niet compleet, dan maken we geen paragraaf (afsluitcode 1) en noemen we wat ontbreekt.
        Met --concept komt er toch een paragraaf, met bovenaan CONCEPT en bij elke open vraag wat er nog mist.
        Zonder --out gaat de paragraaf naar het scherm. Met --out schrijven we het bestand in één keer (eerst een
        tijdelijk bestand, dan hernoemen), zodat er nooit een half bestand staat.
        """,
    options: [
        .value("out", "BESTAND", "Schrijf de paragraaf naar dit bestand in plaats van naar het scherm."),
        .flag("concept", "Maak ook van een onvolledig plan een paragraaf, gemarkeerd als CONCEPT."),
        .value("format", "md|html", "Markdown (standaard) of HTML: één bestand, zonder script, om te printen op A4."),
    ],
    positionals: 1...1
) { context, arguments in
    let format = arguments.value("format") ?? "md"
    guard format == "md" || format == "html" else {
        throw UsageError(message: "Onbekend formaat \"\(format)\"; kies md of html.")
    }
    let path = arguments.positionals[0]
    let file: PlanFile
    do {
        file = try loadPlan(path, context: context)
    } catch let error as PlanFileError {
        context.warn(planErrorText(error, path: path))
        return ExitCode.dataError
    }
    let check = file.check()
    let concept = arguments.has("concept")
    if !check.isComplete, !concept {
        for diagnostic in check.errors { context.warn(diagnostic.description) }
        context.warn(
            "\(path): het participatieplan is niet compleet (\(check.errors.count) "
                + "\(check.errors.count == 1 ? "punt" : "punten")). Er is geen paragraaf gemaakt. Vul het plan aan, "
                + "of maak een concept met --concept.")
        return ExitCode.refused
    }
    let document = Participatieparagraaf(plan: file.plan, isConcept: concept, planDigest: file.digest).document
    let output = format == "html" ? ReportRenderer.html(document) : ReportRenderer.markdown(document)
    if let out = arguments.value("out") {
        try context.writeAtomically(Array(output.utf8), to: out, what: "de paragraaf")
        context.print("Participatieparagraaf\(concept ? " (CONCEPT)" : "") geschreven naar \(out).")
    } else {
        context.print(String(output.dropLast()))
    }
    return ExitCode.ok
}

let planAttachCommand = CLICommand(
    words: ["plan", "attach"],
    usage: "participatie plan attach PROC PLAN.json",
    summary: "Koppel een (aangevuld of herzien) participatieplan aan een lopend proces.",
    discussion: """
        De SHA-256 van het bestand en of het plan compleet is, komen in het journaal; het vorige plan blijft daar
        zichtbaar. Zo kan een proces dat met een onvolledig plan begon, na aanvulling toch de stappen zetten die
        een compleet plan eisen ({"plan": "complete"}). Een plan dat niet te lezen is, of dat bij een andere
        werkstroom hoort, wordt geweigerd en er wordt niets geschreven.
        """,
    positionals: 2...2
) { context, arguments in
    let actor = try context.actor(arguments)
    let now = try context.now()
    let path = arguments.positionals[1]
    let planFile: PlanFile
    do {
        planFile = try loadPlan(path, context: context)
    } catch let error as PlanFileError {
        context.warn(planErrorText(error, path: path) + "\nEr is niets gekoppeld.")
        return ExitCode.dataError
    }
    let store = try context.openStore(arguments)
    let process = ProcessID(arguments.positionals[0])
    if let state = store.process(process), let workflow = planFile.plan.workflow, workflow != state.workflow {
        throw DataError(message: "\(path) is een plan voor werkstroom \(workflow), niet voor \(state.workflow). Er is niets gekoppeld.")
    }
    let check = planFile.check()
    try store.execute(.attachPlan(digest: planFile.digest.hex, complete: check.isComplete), on: process, by: actor, at: now)
    let open = check.errors.count
    context.print(
        check.isComplete
            ? "Participatieplan \(path) gekoppeld aan \(process): compleet (SHA-256 \(planFile.digest.hex))."
            : "Participatieplan \(path) gekoppeld aan \(process): NIET compleet, \(open) \(open == 1 ? "punt" : "punten") "
                + "(SHA-256 \(planFile.digest.hex)). Stappen die een compleet plan eisen, blijven geweigerd.")
    return ExitCode.ok
}
