import Foundation
import ParticipationKit

let publishCommand = CLICommand(
    words: ["publish"],
    usage: "participatie publish --out MAP [PROC…] [--year JAAR] [--title TITEL]",
    summary: "Zet de processen als website in een map: voor de raad en de inwoners, zonder server of script.",
    discussion: """
        Maakt losse HTML-pagina's die elke webserver of netwerkschijf kan tonen: een overzicht van alle processen
        (met per werkstroom en per toestand een eigen pagina), een pagina per proces met de stand, de termijnen, de
        besluiten, de documenten en elke inbreng op kenmerk met het oordeel en de motivering ("zoek uw kenmerk"),
        het register van brieven aan de raad, de audit, de termijnen (ook als termijnen.ics voor de agenda) en de
        kop van het journaal, met hoe u die controleert. In participatie-site.sha256 staat de SHA-256 van elk bestand.
        Op de site staan nooit namen of contactgegevens van indieners, geen namen van medewerkers of accounts (alleen
        hun rol) en niet de tekst van de inbreng. Een oefenopslag zegt dat op elke pagina.
        De site wordt eerst in een nieuwe map naast MAP gemaakt en dan in één keer op zijn plaats gezet, zodat een
        webserver nooit een halve site toont. MAP mag nog niet bestaan, leeg zijn, of een site bevatten die
        publish eerder maakte. Staan er andere bestanden in, dan weigert publish en schrijft niets: er wordt nooit iets
        weggegooid dat publish niet zelf maakte. De opslag wordt alleen gelezen.
        Zonder PROC komen alle processen op de site. Met --year JAAR krijgt de audit Tienpuntenplan punt 10 en het
        overzicht per wijk, en komen alleen de processen die in dat jaar liepen op de site.
        Elke nacht bijwerken, na tick (crontab van de griffie):
          15 2 * * *  participatie tick && participatie publish --out /var/www/participatie
        Dezelfde opslag geeft op dezelfde dag precies dezelfde bestanden.
        Afsluitcodes: 0 gelukt · 64 verkeerd gebruik of een map die niet vervangen mag worden · 65 onbekend proces ·
        74 de opslag, de hashketen of het schrijven is niet in orde (de vorige site blijft staan).
        """,
    options: [
        .value("out", "MAP", "De map voor de site (bijvoorbeeld /var/www/participatie)."),
        .value("year", "JAAR", "Alleen processen die in dit jaar liepen; de audit krijgt punt 10 en het overzicht per wijk."),
        .value("title", "TITEL", "De naam van de site, bovenaan elke pagina (standaard: \(Site.defaultTitle))."),
    ],
    positionals: 0...10_000
) { context, arguments in
    guard let out = arguments.value("out"), !out.isEmpty else {
        throw UsageError(message: "Zeg waar de site komt: --out MAP, bijvoorbeeld --out /var/www/participatie.")
    }
    var year: Int?
    if let text = arguments.value("year") {
        guard let value = Int(text), (1900...9999).contains(value) else {
            throw UsageError(message: "--year \(text) is geen jaartal; schrijf bijvoorbeeld --year 2026.")
        }
        year = value
    }
    var title = Site.defaultTitle
    if let given = try context.limited(arguments, "title", limit: InputLimits.labelLength) {
        guard !given.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw UsageError(message: "--title is leeg; geef de site een naam, of laat --title weg.")
        }
        title = given
    }
    // The store is never inside the site: replacing the site would move the store with it.
    let here = FileManager.default.currentDirectoryPath
    if ResolvedPath(directory: context.storePath(arguments), currentDirectory: here).isWithin(
        ResolvedPath(directory: out, currentDirectory: here))
    {
        throw UsageError(
            message: "--out \(out) bevat de opslag \(context.storePath(arguments)). Een site komt in een eigen map buiten de opslag. "
                + "Er is niets geschreven.")
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
            guard let state = store.process(id) else { throw store.notFound(id) }
            states.append(state)
        }
    }
    var processes: [(state: ProcessState, engine: ProcessEngine)] = []
    for state in states { processes.append((state, try store.engine(for: state))) }

    // A site says where it came from; one from a journal that does not verify is not published.
    let verification = ParticipationStore.verify(at: store.path)
    guard verification.isIntact else {
        throw StoreError.io(
            "De controle van de opslag is niet in orde; de site is niet bijgewerkt (een eerdere site blijft staan).\n"
                + verification.description + "\n" + CommandLineHints.integrityHint())
    }
    let head = Site.JournalHead(seq: store.head.seq, hash: store.head.hash, verified: true)
    let site = Site(
        processes: processes, head: head, exercise: store.isExercise, rolesRestricted: store.rolesRestricted, today: today,
        options: Site.Options(
            title: title, year: year, verificationHint: "Controleren op de opdrachtregel: participatie verify --anchor \(head.anchor)"))

    // Shared files: the mode the user's umask gives (usually 0644 and 0755), so a web server can read them.
    let mask = umask(0o022)
    umask(mask)
    let total = site.paths.count + 1
    var reported = 0
    let outcome: SitePublisher.Outcome
    do throws(SiteError) {
        outcome = try SitePublisher.publish(
            site, to: out, fileMode: 0o666 & ~mask, directoryMode: 0o777 & ~mask,
            progress: { done, total in
                // Only a large site takes long enough to report on: every tenth.
                guard total >= 200 else { return }
                let tenth = done * 10 / total
                if tenth > reported, done < total {
                    reported = tenth
                    context.warn("Site: \(InputLimits.number(done)) van \(InputLimits.number(total)) bestanden geschreven…")
                }
            })
    } catch {
        switch error.kind {
        case .refused: throw UsageError(message: error.message)
        case .io: throw StoreError.io(error.message)
        }
    }
    context.warn(
        "Site met \(InputLimits.number(total)) bestanden (\(InputLimits.size(outcome.bytes))) gepubliceerd in \(out)"
            + (outcome.replacedEarlierSite ? "; de vorige site is vervangen" : "") + ".")
    context.warn("Kop van het journaal: \(head.anchor) (publiceer hem, bijvoorbeeld in de notulen).")
    if let leftover = outcome.leftover {
        context.warn(
            "Let op: de vorige site staat nog in \(leftover): daar stonden ook andere bestanden in. Kijk wat het is en ruim het op.")
    }
    return ExitCode.ok
}
