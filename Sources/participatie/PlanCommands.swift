import Foundation
import ParticipationKit

/// A plan file that could not be read, with the form it was read in.
struct PlanReadFailure: Error {
    var error: PlanFileError
    var format: PlanFormat
    var path: String

    /// The problems, for standard error: `file:line:column: fout: [PKxxx] …`, one a line.
    var text: String {
        var lines = error.diagnostics.map { planFindingText($0, format: format) }
        lines.append("\(path): het participatieplan is niet te lezen; herstel eerst deze fouten.")
        if format == .json, error.diagnostics.contains(where: { $0.code == .planSyntax && $0.message.contains("Markdown") }) {
            lines.append("Een plan in Markdown, waarin tekst uit Word gewoon tekst is, begint u met: participatie plan new --out PLAN.md")
        }
        return lines.joined(separator: "\n")
    }
}

/// Reads and decodes a plan file (JSON or Markdown); an unreadable or invalid file is bad input
/// data (65): the caller prints ``PlanReadFailure/text``.
func loadPlan(_ path: String, context: Context) throws -> PlanFile {
    let bytes = try context.readFile(path, limit: InputLimits.jsonFileBytes, what: "een participatieplan")
    do {
        return try PlanFile(bytes: bytes, file: path)
    } catch {
        throw PlanReadFailure(error: error, format: PlanFile.format(of: bytes, file: path), path: path)
    }
}

/// A finding about a plan file as a line: in a Markdown plan without the JSON Pointer, which
/// means nothing to its writer (the line and column say where).
func planFindingText(_ diagnostic: Diagnostic, format: PlanFormat) -> String {
    guard format == .markdown else { return diagnostic.description }
    var shown = diagnostic
    shown.pointer = JSONPointer()
    return shown.description
}

/// A line saying the plan was not read as UTF-8, or `nil` when it was.
func planEncodingNote(_ file: PlanFile, path: String) -> String? {
    switch file.encoding {
    case .utf8:
        return nil
    case .windows1252:
        return "Let op: \(path) is gelezen als Windows-1252 (geen UTF-8). Kijk of letters als é, ë en ’ goed staan; "
            + "sla het plan liever op als UTF-8."
    case .utf16LittleEndian, .utf16BigEndian:
        return "Let op: \(path) is gelezen als UTF-16. Dat gaat goed; UTF-8 is gewoner."
    }
}

/// The two forms of a plan, for the help texts.
let planFormsHelp = """
    Een plan is Markdown (.md, zoals participatie plan new het maakt) of JSON (.json). Een bestand met een andere
    naam is JSON als het met { begint, anders Markdown. Markdown mag UTF-8, Windows-1252 of UTF-16 (met BOM) zijn;
    JSON is altijd UTF-8.
    """

let planCheckCommand = CLICommand(
    words: ["plan", "check"],
    usage: "participatie plan check PLAN.md|PLAN.json [--format text|json]",
    summary: "Controleer of een participatieplan compleet is (de zeven vragen van punt 9 en meer).",
    discussion: """
        \(planFormsHelp)
        Het plan is compleet als:
        - het zegt of inwoners meedoen (Participatie: ja of nee; in JSON "participatie": true of false);
        - elke vraag van punt 9 van het Tienpuntenplan een echt antwoord heeft, ook zonder participatie. Zonder
          participatie legt vraag 1 in minstens \(PlanCheck.minimumNoParticipationWords) woorden uit waarom inwoners niet meedoen;
        - met participatie minstens één fase erin staat, elke fase met een doel en een niveau (informeren,
          raadplegen, adviseren, coproduceren, meebeslissen); zonder participatie kan alleen informeren;
        - de impact erin staat, en bij impact hoog de kaders van de raad (besluit en samenvatting);
        - de belanghebbenden erin staan.
        Geen echt antwoord: leeg, alleen een streepje of puntjes, minder dan \(PlanCheck.minimumAnswerWords) woorden, of
        "n.v.t." (of nvt, niet van toepassing, geen, nee, idem, zie boven, onbekend, volgt, p.m., …) zonder reden.
        Met een reden van minstens \(PlanCheck.minimumReasonWords) woorden telt het wel: "n.v.t., want de straat blijft gelijk".
        In Markdown telt uitleg nooit als antwoord: regels die met > beginnen, en de uitleg van plan new.
        Elke bevinding noemt bestand:regel:kolom en een vaste code (PK110…); in JSON ook de JSON Pointer.
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
        /// `json` or `markdown`.
        var form: String
        /// The encoding the file was read in: `utf8`, `windows1252`, `utf16LittleEndian`, `utf16BigEndian`.
        var encoding: String?
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
    } catch let failure as PlanReadFailure {
        if format == "json" {
            try context.printJSON(
                Output(
                    file: path, readable: false, complete: false, form: failure.format.rawValue, questions: [],
                    findings: failure.error.diagnostics.map(finding)))
        } else {
            context.print(failure.text)
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
                participation: file.plan.participation, digest: file.digest.hex, form: file.format.rawValue,
                encoding: file.encoding.rawValue, questions: questions,
                findings: check.findings.map(finding)))
        return check.isComplete ? ExitCode.ok : ExitCode.refused
    }
    for diagnostic in check.findings { context.print(planFindingText(diagnostic, format: file.format)) }
    if let note = planEncodingNote(file, path: path) { context.print(note) }
    let errors = check.errors.count
    if check.isComplete {
        context.print("\(path): compleet. Alle \(PlanQuestion.allCases.count) vragen van punt 9 zijn beantwoord.")
    } else {
        context.print(
            "\(path): niet compleet: \(errors) \(errors == 1 ? "punt" : "punten"). Vul het plan aan en controleer opnieuw.")
    }
    context.print("Project: \(file.plan.project.allSatisfy(\.isWhitespace) ? "(nog geen naam)" : file.plan.project)")
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
    usage: "participatie plan paragraph PLAN.md|PLAN.json [--out BESTAND] [--concept] [--format md|html]",
    summary: "Maak de participatieparagraaf voor een raadsvoorstel uit een participatieplan (Markdown of HTML).",
    discussion: """
        De paragraaf zegt in gewone taal (B1) of en hoe inwoners meedoen: de fasen met doel en niveau, de kaders
        van de raad, wie het project raakt, en de antwoorden op de zeven vragen van punt 9 van het Tienpuntenplan.
        Tekst uit het plan wordt zo geschreven dat hij de opmaak niet kan breken (geen HTML, geen tabellen).
        Is het plan niet compleet, dan maken we geen paragraaf (afsluitcode 1) en noemen we wat ontbreekt.
        Met --concept komt er toch een paragraaf, met bovenaan CONCEPT en bij elke open vraag wat er nog mist.
        Zonder --out gaat de paragraaf naar het scherm. Met --out schrijven we het bestand in één keer (eerst een
        tijdelijk bestand, dan hernoemen), zodat er nooit een half bestand staat.
        \(planFormsHelp)
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
    } catch let failure as PlanReadFailure {
        context.warn(failure.text)
        return ExitCode.dataError
    }
    if let note = planEncodingNote(file, path: path) { context.warn(note) }
    let check = file.check()
    let concept = arguments.has("concept")
    if !check.isComplete, !concept {
        for diagnostic in check.errors { context.warn(planFindingText(diagnostic, format: file.format)) }
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
    usage: "participatie plan attach PROC PLAN.md|PLAN.json",
    summary: "Koppel een (aangevuld of herzien) participatieplan aan een lopend proces.",
    discussion: """
        De SHA-256 van het bestand en of het plan compleet is, komen in het journaal; het vorige plan blijft daar
        zichtbaar. Zo kan een proces dat met een onvolledig plan begon, na aanvulling toch de stappen zetten die
        een compleet plan eisen ({"plan": "complete"}). Een plan dat niet te lezen is, of dat bij een andere
        werkstroom hoort, wordt geweigerd en er wordt niets geschreven.
        \(planFormsHelp)
        """,
    positionals: 2...2
) { context, arguments in
    let actor = try context.actor(arguments)
    let now = try context.now()
    let path = arguments.positionals[1]
    let planFile: PlanFile
    do {
        planFile = try loadPlan(path, context: context)
    } catch let failure as PlanReadFailure {
        context.warn(failure.text + "\nEr is niets gekoppeld.")
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
    if let note = planEncodingNote(planFile, path: path) { context.print(note) }
    context.print(
        check.isComplete
            ? "Participatieplan \(path) gekoppeld aan \(process): compleet (SHA-256 \(planFile.digest.hex))."
            : "Participatieplan \(path) gekoppeld aan \(process): NIET compleet, \(open) \(open == 1 ? "punt" : "punten") "
                + "(SHA-256 \(planFile.digest.hex)). Stappen die een compleet plan eisen, blijven geweigerd.")
    return ExitCode.ok
}

let planNewCommand = CLICommand(
    words: ["plan", "new"],
    usage: "participatie plan new [--workflow WERKSTROOM] [--project NAAM] [--out PLAN.md]",
    summary: "Maak een participatieplan om in te vullen (Markdown): de zeven vragen van punt 9, fasen en meer.",
    discussion: """
        Het plan heeft een kop per vraag van punt 9 van het Tienpuntenplan, met een korte uitleg eronder. Daarna
        de fasen (doel en niveau), de belanghebbenden en de kaders van de raad. Bovenaan kiest u de impact (laag,
        midden, hoog) en of inwoners meedoen (ja of nee).
        Met --workflow staan de fasen van die werkstroom er al in, met hun doel en niveau; pas ze aan op uw project.
        WERKSTROOM is een meegeleverde naam (\(ShippedWorkflows.names.joined(separator: ", "))) of een bestand.
        Schrijf uw antwoord onder elke vraag. Regels die met > beginnen zijn uitleg en tellen niet mee. Tekst uit
        Word plakken mag: gekrulde aanhalingstekens, vaste spaties en regeleinden zijn gewoon tekst.
        Controleer het plan daarna met: participatie plan check PLAN.md
        Zonder --out gaat het plan naar het scherm. Met --out schrijven we een nieuw bestand; bestaat het al, dan
        schrijven we niets (afsluitcode 1): een ingevuld plan raakt u zo nooit kwijt.
        """,
    options: [
        .value("workflow", "WERKSTROOM", "Neem de fasen, met doel en niveau, uit deze werkstroom."),
        .value("project", "NAAM", "De naam van het project, voor de titel van het plan."),
        .value("out", "PLAN.md", "Schrijf het plan naar dit nieuwe bestand in plaats van naar het scherm."),
    ],
    positionals: 0...0
) { context, arguments in
    let project = try context.limited(arguments, "project", limit: InputLimits.labelLength)
    let workflow = try arguments.value("workflow").map { try loadWorkflow($0, context: context) }
    let out = arguments.value("out")
    let template = PlanTemplate(
        project: project, workflow: workflow?.definition,
        checkHint: "Controleer het plan met: participatie plan check \(out ?? "PLAN.md")")
    guard let out else {
        context.printRaw(template.markdown)
        return ExitCode.ok
    }
    let refusal =
        "\(out) bestaat al. participatie plan new schrijft nooit over een bestaand bestand: er is niets geschreven. "
        + "Kies een andere naam, of haal het oude bestand eerst weg."
    var status = stat()
    if lstat(out, &status) == 0 {
        context.warn(refusal)
        return ExitCode.refused
    }
    let mask = umask(0o022)
    umask(mask)
    let created: Bool
    do throws(FileError) {
        created = try AtomicFile.create(Array(template.markdown.utf8), at: out, mode: 0o666 & ~mask)
    } catch {
        throw StoreError.io("Kan het plan niet schrijven naar \(out): \(error.description)")
    }
    guard created else {
        context.warn(refusal)
        return ExitCode.refused
    }
    context.print("Participatieplan geschreven naar \(out). Vul het in en controleer het met: participatie plan check \(out)")
    return ExitCode.ok
}
