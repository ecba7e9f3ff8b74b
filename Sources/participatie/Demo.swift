import Foundation
import ParticipationKit

let demoCommand = CLICommand(
    words: ["demo"],
    usage: "participatie demo [--keep] [--store MAP]",
    summary: "Speel een inspraak, een brief aan de raad en een uitdaagrecht na in een tijdelijke opslag.",
    discussion: """
        De demo start een inspraak op "Herinrichting Groenestraat en omgeving", registreert 13 reacties uit
        examples/, laat zien dat het college niet kan besluiten zolang reacties geen antwoord hebben, legt alle
        antwoorden vast, besluit, verstuurt de antwoorden, sluit af en toont een korte audit met de kop van het
        journaal. Daarna een brief aan de raad die voor kennisgeving wordt aangenomen en na acht weken zonder
        opvolging zichtbaar naar "geen opvolging" gaat (participatie tick), en een uitdaagrecht dat zonder de kaders
        van de raad niet ontvankelijk is en pas wordt toegekend als de uitdaging een antwoord heeft. Zonder --keep wordt de tijdelijke opslag daarna opgeruimd; uw eigen map blijft schoon.
        """,
    options: [.flag("keep", "Bewaar de opslag van de demo en zeg waar hij staat.")]
) { context, arguments in
    let directory: String
    if let given = arguments.value("store") {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: given), !contents.isEmpty {
            throw UsageError(message: "De demo wil een lege map; \(given) is niet leeg.")
        }
        directory = given
    } else {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("participatie-demo-\(UUID().uuidString.prefix(8))").path
    }
    let keep = arguments.has("keep") || arguments.value("store") != nil
    defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
    try Demo(context: context, directory: directory).run()
    if keep {
        context.print("")
        context.print(
            "De opslag van de demo staat in \(directory). Bekijk hem met: participatie status inspraak-2026-001 --store \(directory)")
    }
    return ExitCode.ok
}

/// The scripted inspraak of `participatie demo`.
struct Demo {
    let context: Context
    let directory: String

    func at(_ text: String) throws -> Date {
        guard let date = Timestamp.parse(text) else { throw DataError(message: "Ongeldig tijdstip in de demo: \(text)") }
        return date
    }

    private func example(_ name: String) throws -> [UInt8] {
        guard let text = ShippedExamples.files[name] else { throw DataError(message: "Voorbeeldbestand \(name) ontbreekt.") }
        return Array(text.utf8)
    }

    func run() throws {
        let projectleider = ActorIdentity(role: "projectleider", name: "Fatima Yilmaz")
        let college = ActorIdentity(role: "college")
        guard let bytes = ShippedWorkflows.bytes(named: "inspraak") else { throw DataError(message: "De werkstroom inspraak ontbreekt.") }
        let file = try WorkflowFile(bytes: bytes, file: "workflows/inspraak.json")
        let store = try ParticipationStore(path: directory, session: .exercise())
        let process: ProcessID = "inspraak-2026-001"
        let say = context.print

        say("participatie demo — inspraak op het ontwerp \"Herinrichting Groenestraat en omgeving\"")
        say("(\(ReportDocument.exerciseNotice) De demo speelt maart tot juli 2026 na in een oefenopslag.)")
        say("")
        let hash = try store.storeDefinition(file)
        try store.execute(
            .start(
                StartProcess(
                    id: process, title: "Herinrichting Groenestraat en omgeving", attributes: ["impact": "midden"],
                    definitionHash: hash)), on: process, by: projectleider, at: try at("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .attachDocument(kind: "ontwerp", reference: "Z-2026-0142 Ontwerpbesluit herinrichting Groenestraat"), on: process,
            by: projectleider, at: try at("2026-03-13T10:05:00+01:00"))
        say("1. vrijdag 13-03-2026 — de projectleider start het proces (impact: midden) en voegt het ontwerp toe.")

        try store.execute(.advance("terInzageLeggen", reason: nil), on: process, by: projectleider, at: try at("2026-03-16T09:00:00+01:00"))
        if let window = store.process(process)?.window {
            say("2. maandag 16-03-2026 — het ontwerp ligt ter inzage tot en met \(window.end.longDescription).")
            say("   \(window.explanation)")
        }

        let today = CivilDate(year: 2026, month: 4, day: 30) ?? CivilDate(dayNumber: 0)
        let imported = try InputImport.inputs(
            fromCSV: try example("inspraak-reacties.csv"), file: "examples/inspraak-reacties.csv", definition: file.definition, today: today
        )
        let received = try store.execute(
            .addInputs(imported.inputs), on: process, by: projectleider, at: try at("2026-04-30T09:00:00+02:00"),
            personal: imported.personal)
        let late = received.filter { if case .inputReceived(let input) = $0.event.payload { input.late } else { false } }
        let lateIDs = late.compactMap { if case .inputReceived(let input) = $0.event.payload { input.input.rawValue } else { nil } }
        say(
            "3. donderdag 30-04-2026 — \(received.count) reacties geregistreerd uit examples/inspraak-reacties.csv; "
                + "\(late.count) kwam te laat (\(lateIDs.joined(separator: ", "))), is toch geregistreerd en krijgt ook een antwoord.")

        try store.execute(.advance("inzageSluiten", reason: nil), on: process, by: projectleider, at: try at("2026-04-30T09:30:00+02:00"))
        try store.execute(
            .attachDocument(kind: "reactienota", reference: "Z-2026-0142 Reactienota (concept)"), on: process, by: projectleider,
            at: try at("2026-05-04T11:00:00+02:00"))
        say("4. De inzage is gesloten. Het college probeert te besluiten voordat de reacties een antwoord hebben:")
        do {
            try store.execute(.advance("besluiten", reason: nil), on: process, by: college, at: try at("2026-05-12T10:00:00+02:00"))
            throw DataError(message: "De demo verwachtte een weigering, maar het besluit ging door.")
        } catch StoreError.refused(let refusal) {
            for line in CommandLineHints.describe(refusal, process: process.rawValue).split(separator: "\n") {
                say("   GEWEIGERD — \(line)")
            }
        }

        let feedback = try FeedbackImport.feedback(
            fromCSV: try example("inspraak-antwoorden.csv"), file: "examples/inspraak-antwoorden.csv")
        try store.execute(.recordFeedbacks(feedback), on: process, by: projectleider, at: try at("2026-05-18T14:00:00+02:00"))
        say(
            "5. maandag 18-05-2026 — \(feedback.count) antwoorden vastgelegd uit examples/inspraak-antwoorden.csv, elk met oordeel en motivering."
        )

        try store.execute(.advance("besluiten", reason: nil), on: process, by: college, at: try at("2026-05-26T10:00:00+02:00"))
        say("6. dinsdag 26-05-2026 — het college besluit; elke reactie had een antwoord.")

        say("7. De projectleider wil afsluiten, maar de indieners hebben hun antwoord nog niet gekregen:")
        do {
            try store.execute(.advance("afronden", reason: nil), on: process, by: projectleider, at: try at("2026-05-27T09:00:00+02:00"))
            throw DataError(message: "De demo verwachtte een weigering, maar het afsluiten ging door.")
        } catch StoreError.refused(let refusal) {
            for line in CommandLineHints.describe(refusal, process: process.rawValue).split(separator: "\n") {
                say("   GEWEIGERD — \(line)")
            }
        }
        let sentDay = CivilDate(year: 2026, month: 5, day: 28) ?? today
        try store.execute(
            .markFeedbackSent(.allUnsent, on: sentDay), on: process, by: projectleider, at: try at("2026-05-28T16:00:00+02:00"))
        try store.execute(.advance("afronden", reason: nil), on: process, by: projectleider, at: try at("2026-05-29T09:00:00+02:00"))
        say("8. donderdag 28-05-2026 — alle antwoorden zijn verstuurd; vrijdag 29-05-2026 is het proces afgerond.")
        say("")

        guard let state = store.process(process) else { throw DataError(message: "Het demoproces is niet teruggevonden.") }
        say(DemoAudit(state: state, store: store, definition: file.definition, today: try at("2026-05-29T09:00:00+02:00")).text)
        say("")
        try runLetter(store)
        say("")
        try runUitdaagrecht(store)
    }

    /// Starts a process on a shipped workflow in the demo's store.
    func start(
        _ workflow: String, _ process: ProcessID, title: String, in store: ParticipationStore, by actor: ActorIdentity, at time: String
    ) throws {
        guard let bytes = ShippedWorkflows.bytes(named: workflow) else { throw DataError(message: "De werkstroom \(workflow) ontbreekt.") }
        let hash = try store.storeDefinition(try WorkflowFile(bytes: bytes, file: "workflows/\(workflow).json"))
        try store.execute(.start(StartProcess(id: process, title: title, definitionHash: hash)), on: process, by: actor, at: try at(time))
    }

    /// Runs a command that the demo expects to be refused, and shows the refusal.
    func expectRefusal(_ command: Command, on process: ProcessID, in store: ParticipationStore, by actor: ActorIdentity, at time: String)
        throws
    {
        do {
            try store.execute(command, on: process, by: actor, at: try at(time))
            throw DataError(message: "De demo verwachtte een weigering, maar \"\(command.dutchName)\" ging door.")
        } catch StoreError.refused(let refusal) {
            for line in CommandLineHints.describe(refusal, process: process.rawValue).split(separator: "\n") {
                context.print("   GEWEIGERD — \(line)")
            }
        }
    }
}

/// The short audit at the end of the demo: what a raadslid wants to know.
struct DemoAudit {
    let state: ProcessState
    let store: ParticipationStore
    let definition: WorkflowDefinition
    let today: Date

    var text: String {
        let verification = ParticipationStore.verify(at: store.path)
        let audit = AuditReport.build(
            processes: [(state, definition)], head: store.head, verified: verification.isIntact, asOf: CivilDate(amsterdam: today))
        var lines = ["Audit van \(state.id) — \(state.title)"]
        // The answer first, as `report audit` gives it.
        if let glance = audit.atAGlance.first {
            lines.append(
                "  In één oogopslag: elke inbreng beantwoord vóór elk besluit: \(AuditReport.answeredCell(glance)) · "
                    + "antwoord verstuurd: \(AuditReport.sentCell(glance))")
        }
        let c = state.counts
        lines.append(
            "  Inbreng: \(c.total) · beantwoord \(c.answered) van \(c.needingFeedback) · verstuurd \(c.sent) van \(c.needingFeedback) · te laat \(c.late)"
        )
        var verdicts: [Verdict: Int] = [:]
        for input in state.inputs where input.countsForGate {
            if let verdict = input.currentFeedback?.verdict { verdicts[verdict, default: 0] += 1 }
        }
        let shares = Verdict.allCases.compactMap { verdict -> String? in
            guard let count = verdicts[verdict], count > 0 else { return nil }
            return "\(verdict.label) \(count) (\(Int((Double(count) / Double(max(1, c.answered)) * 100).rounded()))%)"
        }
        lines.append("  Oordelen: " + shares.joined(separator: " · "))
        var byMotivation: [String: [String]] = [:]
        for input in state.inputs {
            guard let motivation = input.currentFeedback?.motivation else { continue }
            let key = AuditReport.normalised(motivation)
            byMotivation[key, default: []].append(input.id.rawValue)
        }
        let standard = byMotivation.filter { $0.value.count > 1 }.sorted { $0.value.count > $1.value.count }
        if standard.isEmpty {
            lines.append("  Standaardantwoorden: geen; elke motivering is eigen tekst.")
        } else {
            for (text, ids) in standard {
                lines.append(
                    "  Standaardantwoord: dezelfde motivering bij \(ids.count) reacties (\(ids.joined(separator: ", "))): \"\(text)\"")
            }
        }
        let noun = audit.processes.first.map(AuditReport.noun) ?? .reactie
        for decision in audit.processes.first?.decisions ?? [] {
            let unanswered = decision.unansweredAtThatMoment
            lines.append(
                "  Besluit \"\(decision.label)\" op \(decision.date) door \(decision.by): \(noun.counted(decision.inputsWeighed)) gewogen, "
                    + "\(unanswered == 0 ? "geen" : "\(unanswered)") zonder antwoord (uit het journaal).")
        }
        let head = store.head
        lines.append("  Journaal: \(DutchNoun.regel.counted(Int(head.seq))); kop \(head.seq):\(head.hash.hex)")
        lines.append("  Hashketen: \(verification.isIntact ? "gecontroleerd, in orde" : "NIET IN ORDE: \(verification.description)")")
        return lines.joined(separator: "\n")
    }
}
