import Foundation

// MARK: - The index and the filters

extension Site {
    func indexPage() -> SiteHTML.Page {
        var body = """
            <p>Hier ziet u alle participatieprocessen. Per proces ziet u waar het staat, of elke inbreng een antwoord kreeg \
            vóór het besluit, en of de antwoorden naar de indieners zijn verstuurd.</p>
            <p>Zoekt u het antwoord op uw eigen inbreng? Kies het proces. Op de pagina van het proces staat uw kenmerk, met \
            het oordeel en de motivering. Uw kenmerk staat in de ontvangstbevestiging die u kreeg.</p>

            """
        body += workflowFilter(current: nil)
        body += SiteHTML.section(
            id: "processen", heading: "Processen",
            processTable(Array(entries.indices), caption: "Alle processen, één regel per proces", id: "processen-tabel"))
        body += SiteHTML.section(
            id: "meer", heading: "Meer op deze site",
            "<ul>\n"
                + [
                    (SiteHTML.Menu.register, "elke brief aan de raad, met de stand en wanneer de schrijver antwoord kreeg."),
                    (.audit, "per proces: kreeg elke inbreng een antwoord vóór het besluit, en wat voor antwoord."),
                    (.deadlines, "wat eraan komt en wat te laat is, ook als agendabestand."),
                    (.journal, "de kop van het journaal, om na te gaan dat er niets is weggehaald."),
                ].map { "<li>\(SiteHTML.link($0.0.path, $0.0.label)): \(SiteHTML.text($0.1))</li>\n" }.joined() + "</ul>\n")
        return SiteHTML.Page(path: "index.html", title: options.title, subtitle: nil, menu: .processes, body: body)
    }

    func workflowPage(_ groupIndex: Int, state stateIndex: Int?) -> SiteHTML.Page {
        let group = workflows[groupIndex]
        var body = ""
        if let summary = group.summary { body += "<p>\(SiteHTML.text(summary))</p>\n" }
        if !group.legalBasis.isEmpty {
            body += "<p>Wettelijke basis: \(SiteHTML.text(group.legalBasis.joined(separator: "; "))).</p>\n"
        }
        body += workflowFilter(current: groupIndex)
        var items = ["<li>\(SiteHTML.link(group.file, "Alle toestanden (\(group.entries.count))", current: stateIndex == nil))</li>\n"]
        for (index, state) in group.states.enumerated() {
            items.append("<li>\(SiteHTML.link(state.file, "\(state.label) (\(state.entries.count))", current: stateIndex == index))</li>\n")
        }
        body +=
            "<nav class=\"filter\" aria-labelledby=\"filter-toestand\">\n<h2 id=\"filter-toestand\">Kies een toestand</h2>\n<ul>\n"
            + items.joined() + "</ul>\n</nav>\n"
        let title: String
        let members: [Int]
        if let stateIndex {
            let state = group.states[stateIndex]
            title = "\(group.title): \(state.label)"
            members = state.entries
        } else {
            title = "Werkstroom: \(group.title)"
            members = group.entries
        }
        body += SiteHTML.section(
            id: "processen", heading: "Processen", processTable(members, caption: title + ", één regel per proces", id: "processen-tabel"))
        let path = stateIndex.map { group.states[$0].file } ?? group.file
        return SiteHTML.Page(path: path, title: title, subtitle: nil, menu: .processes, body: body)
    }

    /// The links to every workflow; `current` is marked (`nil`: all processes).
    private func workflowFilter(current: Int?) -> String {
        var items = ["<li>\(SiteHTML.link("index.html", "Alle processen (\(entries.count))", current: current == nil))</li>\n"]
        for (index, group) in workflows.enumerated() {
            items.append("<li>\(SiteHTML.link(group.file, "\(group.title) (\(group.entries.count))", current: current == index))</li>\n")
        }
        return "<nav class=\"filter\" aria-labelledby=\"filter-werkstroom\">\n<h2 id=\"filter-werkstroom\">Kies een werkstroom</h2>\n<ul>\n"
            + items.joined() + "</ul>\n</nav>\n"
    }

    /// One row per process with its line at a glance. On a phone each row stacks into a block
    /// whose cells name their column.
    private func processTable(_ indices: [Int], caption: String, id: String) -> String {
        guard !indices.isEmpty else { return "<p>Er zijn geen processen in deze selectie.</p>\n" }
        let rows = indices.map { index -> [String] in
            let entry = entries[index]
            let state = entry.state
            var where_ = entry.stateLabel(state.current)
            if let phase = entry.definition.states[state.current]?.phase {
                where_ += " (\(WorkflowDiagram.groupLabel(phase).lowercased()))"
            }
            if state.isFinal, let outcome = state.outcome { where_ += ", afgesloten: \(outcome)" }
            return [
                SiteHTML.link(entry.file, state.title) + " <span class=\"nowrap\">(\(SiteHTML.line(state.id.rawValue)))</span>",
                SiteHTML.text(entry.definition.title), SiteHTML.text(where_), "\(state.counts.total)", SiteHTML.text(entry.glance.answered),
                SiteHTML.text(entry.glance.sent), SiteHTML.text(entry.glance.next),
            ]
        }
        return SiteHTML.table(
            id: id, caption: caption,
            columns: [
                ("Proces", false), ("Werkstroom", false), ("Toestand", false), ("Inbreng", true),
                ("Elke inbreng beantwoord vóór elk besluit", false), ("Antwoorden verstuurd", false), ("Volgende termijn", false),
            ], rows: rows)
    }
}

// MARK: - A process

extension Site {
    func processPage(_ entry: Entry) -> SiteHTML.Page {
        let state = entry.state
        let definition = entry.definition
        let spec = definition.states[state.current]

        var sections: [ReportSection] = []
        sections.append(
            ReportSection(
                heading: "Kort",
                blocks: [
                    .paragraph(AuditReport.shortAnswer(entry.audit)),
                    .facts([
                        ReportFact("Elke inbreng beantwoord vóór elk besluit", entry.glance.answered),
                        ReportFact("Antwoorden verstuurd", entry.glance.sent),
                        ReportFact("Volgende termijn", entry.glance.next),
                    ]),
                ]))

        var facts = [
            ReportFact("Kenmerk van het proces", state.id.rawValue),
            ReportFact("Werkstroom", definition.title),
            ReportFact("Toestand", entry.stateLabel(state.current)),
        ]
        if let phase = spec?.phase { facts.append(ReportFact("Fase", WorkflowDiagram.groupLabel(phase))) }
        if let level = spec?.level { facts.append(ReportFact("Participatieladder", level.rawValue)) }
        facts.append(ReportFact("Gestart", CivilDate(amsterdam: state.startedAt).longDescription))
        if state.isFinal { facts.append(ReportFact("Afgesloten", state.outcome.map { "ja, uitkomst: \($0)" } ?? "ja")) }
        if !definition.legalBasis.isEmpty { facts.append(ReportFact("Wettelijke basis", definition.legalBasis.joined(separator: "; "))) }
        var stand: [ReportBlock] = [.facts(facts), .phaseRibbon(current: spec?.phase)]
        if let summary = definition.summary { stand.append(.paragraph(summary)) }
        sections.append(ReportSection(heading: "Stand", blocks: stand))

        var body = SiteHTML.reportSections(sections)
        body += SiteHTML.section(id: "termijnen", heading: "Termijnen", terms(entry))
        body += SiteHTML.section(id: "besluiten", heading: "Besluiten", decisions(entry))
        body += SiteHTML.section(id: "verloop", heading: "Verloop", history(entry))
        body += SiteHTML.section(id: "documenten", heading: "Documenten", documents(entry))
        if entry.pageCount == 0 {
            body += findSection(entry, positions: entry.range(ofPage: nil), on: entry.file)
            body += inputsSection(entry, positions: entry.range(ofPage: nil))
        } else {
            body += rangesSection(entry)
            body += SiteHTML.section(id: "inbreng", heading: "Inbreng en antwoorden", inputsIntro(entry))
        }
        return SiteHTML.Page(
            path: entry.file, title: state.title, subtitle: "Proces \(state.id) · \(definition.title)", menu: .processes, body: body)
    }

    func inputsPage(_ entry: Entry, page: Int) -> SiteHTML.Page {
        let positions = entry.range(ofPage: page)
        let file = entry.inputsFile(page)
        let first = entry.state.inputs[entry.order[positions.lowerBound]].id.rawValue
        let last = entry.state.inputs[entry.order[positions.upperBound - 1]].id.rawValue
        var links = ["<li>\(SiteHTML.link(entry.file, "Terug naar het proces"))</li>"]
        if page > 0 { links.append("<li>\(SiteHTML.link(entry.inputsFile(page - 1), "Vorige kenmerken"))</li>") }
        if page + 1 < entry.pageCount { links.append("<li>\(SiteHTML.link(entry.inputsFile(page + 1), "Volgende kenmerken"))</li>") }
        let navigation =
            "<nav class=\"filter verder\" aria-label=\"Bladeren\">\n<ul>\n" + links.joined(separator: "\n") + "\n</ul>\n</nav>\n"
        var body = navigation
        body += findSection(entry, positions: positions, on: file)
        body += inputsSection(entry, positions: positions)
        return SiteHTML.Page(
            path: file, title: "Inbreng \(first) tot en met \(last)",
            subtitle: "Proces \(entry.state.id) · \(entry.state.title) · deel \(page + 1) van \(entry.pageCount)", menu: .processes,
            body: body)
    }

    private func terms(_ entry: Entry) -> String {
        let state = entry.state
        var html = ""
        if !state.isFinal, let window = state.window {
            let label = entry.stateLabel(state.current)
            html += SiteHTML.facts([
                ("Termijn van \"\(label)\"", "tot en met \(window.end.longDescription)\(today > window.end ? " (verstreken)" : "")")
            ])
            html += "<p>\(SiteHTML.text(window.explanation))</p>\n"
            if let source = entry.definition.states[state.current]?.window?.source {
                let text =
                    source == WindowSpec.modelSource
                    ? "De lengte van deze termijn is een voorbeeld; de eigen verordening van de gemeente bepaalt hem."
                    : "Bron van deze termijn: \(source)"
                html += "<p>\(SiteHTML.text(text))</p>\n"
            }
        }
        if !state.extensions.isEmpty {
            html += "<ul>\n"
            for item in state.extensions {
                let text =
                    "Verdaagd met \(item.days) dagen tot en met \(item.newEnd.longDescription), door "
                    + "\(entry.roleLabel(item.by.role.rawValue).lowercased()): \(item.reason)"
                html += "<li>\(SiteHTML.text(text))</li>\n"
            }
            html += "</ul>\n"
        }
        if entry.deadlines.isEmpty {
            if html.isEmpty { html = "<p>Er loopt geen termijn.</p>\n" }
        } else {
            html += SiteHTML.table(
                id: "tabel-termijnen", caption: "Termijnen van dit proces, de vroegste eerst",
                columns: [("Datum", false), ("Stand", false), ("Wat", false), ("Toelichting", false)],
                rows: entry.deadlines.map {
                    [$0.date.longDescription, DeadlinesReport.distance($0.daysLeft), $0.summary, $0.detail].map(SiteHTML.text)
                })
        }
        return html
    }

    private func decisions(_ entry: Entry) -> String {
        let decisions = entry.audit.decisions
        guard !decisions.isEmpty else { return "<p>Er is nog geen besluit genomen.</p>\n" }
        return "<p>Bij elk besluit staat hoeveel reacties een antwoord nodig hadden, en hoeveel daarvan op dat moment nog geen "
            + "antwoord hadden. Dat komt uit het journaal, niet uit een aanname.</p>\n"
            + SiteHTML.table(
                id: "tabel-besluiten", caption: "Besluiten, met de stand van de reacties op dat moment",
                columns: [
                    ("Besluit", false), ("Datum", false), ("Door", false), ("Gewogen", true), ("Zonder antwoord op dat moment", true),
                    ("Niet verstuurd op dat moment", true),
                ],
                rows: decisions.map {
                    [
                        $0.label, $0.date.longDescription, $0.timed ? "vanzelf (termijn verstreken)" : entry.roleLabel($0.by),
                        "\($0.inputsWeighed)", $0.unansweredAtThatMoment == 0 ? "geen" : "\($0.unansweredAtThatMoment)",
                        "\($0.unsentAtThatMoment)",
                    ].map(SiteHTML.text)
                })
    }

    private func history(_ entry: Entry) -> String {
        let state = entry.state
        let start = [
            "Gestart", CivilDate(amsterdam: state.startedAt).longDescription, entry.stateLabel(state.history.first?.from ?? state.current),
            entry.roleLabel(state.startedBy.role.rawValue), "",
        ]
        let steps = state.history.map { record in
            [
                entry.engine.label(of: record.transition, in: record.from), CivilDate(amsterdam: record.at).longDescription,
                entry.stateLabel(record.to), record.timed ? "vanzelf" : entry.roleLabel(record.by.role.rawValue), record.reason ?? "",
            ]
        }
        return SiteHTML.table(
            id: "tabel-verloop", caption: "Elke stap van het proces, de oudste eerst",
            columns: [("Stap", false), ("Datum", false), ("Naar", false), ("Door", false), ("Reden", false)],
            rows: ([start] + steps).map { $0.map(SiteHTML.text) })
    }

    private func documents(_ entry: Entry) -> String {
        let documents = entry.state.documents
        guard !documents.isEmpty else { return "<p>Er zijn nog geen documenten.</p>\n" }
        return SiteHTML.table(
            id: "tabel-documenten", caption: "Documenten van het proces",
            columns: [("Soort", false), ("Verwijzing", false), ("Datum", false)],
            rows: documents.map {
                [
                    entry.definition.documents[$0.kind] ?? $0.kind.rawValue, $0.reference,
                    ($0.date ?? CivilDate(amsterdam: $0.at)).longDescription,
                ].map(SiteHTML.text)
            })
    }

    /// "Zoek uw kenmerk": the kenmerken of `positions`, sorted, each a link to its answer on `file`.
    private func findSection(_ entry: Entry, positions: Range<Int>, on file: String) -> String {
        guard !positions.isEmpty else {
            return SiteHTML.section(id: "zoek", heading: "Zoek uw kenmerk", "<p>Er is nog geen inbreng.</p>\n")
        }
        var html =
            "<p>Uw kenmerk staat in de ontvangstbevestiging. Kies het hieronder, of zoek het op deze pagina "
            + "(Ctrl+F, of Zoeken op pagina op uw telefoon).</p>\n<ul class=\"kenmerken\">\n"
        for position in positions {
            let index = entry.order[position]
            html += "<li>\(SiteHTML.link(file + "#" + entry.anchors[index], entry.state.inputs[index].id.rawValue))</li>\n"
        }
        return SiteHTML.section(id: "zoek", heading: "Zoek uw kenmerk", html + "</ul>\n")
    }

    /// For a process whose inputs are on pages of their own: which kenmerken each page has.
    private func rangesSection(_ entry: Entry) -> String {
        var html =
            "<p>Uw kenmerk staat in de ontvangstbevestiging. De inbreng staat op volgorde van kenmerk, verdeeld over "
            + "\(entry.pageCount) pagina's. Kies de pagina met uw kenmerk.</p>\n<ul>\n"
        for page in 0..<entry.pageCount {
            let positions = entry.range(ofPage: page)
            let first = entry.state.inputs[entry.order[positions.lowerBound]].id.rawValue
            let last = entry.state.inputs[entry.order[positions.upperBound - 1]].id.rawValue
            html += "<li>\(SiteHTML.link(entry.inputsFile(page), "\(first) tot en met \(last)")) (\(positions.count))</li>\n"
        }
        return SiteHTML.section(id: "zoek", heading: "Zoek uw kenmerk", html + "</ul>\n")
    }

    private func inputsIntro(_ entry: Entry) -> String {
        let c = entry.state.counts
        var counts = "\(c.total == 1 ? "1 stuk inbreng" : "\(c.total) stuks inbreng")"
        if c.needingFeedback > 0 {
            counts += "; \(c.answered) van de \(c.needingFeedback) die een antwoord nodig hebben, zijn beantwoord en \(c.sent) verstuurd"
        }
        if c.late > 0 { counts += "; \(c.late) te laat ingediend" }
        if c.withdrawn > 0 { counts += "; \(c.withdrawn) ingetrokken" }
        var html =
            "<p>\(SiteHTML.text(counts + ".")) Bij elke inbreng staan het oordeel van de gemeente en de motivering. De tekst van de "
            + "inbreng zelf staat hier niet, want daarin kunnen persoonsgegevens staan. Een naam staat er alleen bij als de indiener "
            + "een publieke naam opgaf, zoals die van een vereniging.</p>\n"
        html += "<details>\n<summary>Wat betekent het oordeel?</summary>\n<ul>\n"
        for verdict in Verdict.allCases {
            html += "<li><strong>\(SiteHTML.line(verdict.label))</strong>: \(SiteHTML.text(verdict.meaning))</li>\n"
        }
        return html + "</ul>\n</details>\n"
    }

    /// Every input of `positions` as a card with its kenmerk as heading and anchor.
    private func inputsSection(_ entry: Entry, positions: Range<Int>) -> String {
        var html = inputsIntro(entry)
        let definition = entry.definition
        var thresholdKinds: Set<InputKindID> = []
        for (requirement, _) in definition.requirementsWithPointers() {
            if case .atLeast(let kind, _) = requirement { thresholdKinds.insert(kind) }
        }
        for position in positions {
            let index = entry.order[position]
            let input = entry.state.inputs[index]
            let anchor = entry.anchors[index]
            let spec = definition.inputKinds[input.kind]
            var facts: [(String, String)] = [("Soort", spec?.label ?? input.kind.rawValue)]
            if input.redaction != nil {
                facts.append(("Van", Redaction.placeholder))
            } else if let name = input.publicName {
                facts.append(("Van", name))
            }
            facts.append(("Ontvangen", input.received.longDescription))
            if let theme = input.theme { facts.append(("Thema", theme)) }
            // A point names its letter and the role that answers it; a letter names its points.
            if let parent = input.parent { facts.append(("Punt van", parent.rawValue)) }
            if let route = input.route { facts.append(("Beantwoord door", definition.roles[route]?.label ?? route.rawValue)) }
            if input.hasPoints {
                let points = entry.state.points(of: input.id)
                let answered = points.filter { $0.isWithdrawn || $0.isAnswered }.count
                facts.append(
                    (
                        "Punten",
                        "\(points.map(\.id.rawValue).joined(separator: ", ")); "
                            + "\(ProcessEngine.share(answered, of: points.count, ProcessEngine.pointNoun)) beantwoord"
                    ))
            }
            // Who must see that it gets an answer, and every hand-over (a role, never an account or a name).
            if let owner = input.owner { facts.append(("Behandelaar", owner)) }
            for handover in input.handovers {
                let day = CivilDate(amsterdam: handover.at).description
                facts.append(
                    (
                        "Overgedragen",
                        "\(handover.from ?? "niemand") → \(handover.to) op \(day) (door \(handover.by.role))"
                            + (handover.reason.map { ": \($0)" } ?? "")
                    ))
            }
            if let feedback = input.currentFeedback {
                facts.append(("Oordeel", feedback.verdict.label))
                facts.append(("Motivering", feedback.motivation))
                if input.feedback.count > 1 {
                    facts.append(("Aangepast", "Het antwoord is \(input.feedback.count - 1) keer aangepast; dit is het laatste."))
                }
            } else if input.hasPoints {
                facts.append(("Oordeel", "elk punt krijgt een eigen antwoord"))
            } else if input.needsFeedback {
                facts.append(("Oordeel", input.isWithdrawn ? "geen antwoord meer nodig" : "nog geen antwoord"))
            } else {
                facts.append(("Oordeel", "geen eigen antwoord nodig" + (spec?.feedbackReason.map { ": \($0)" } ?? "")))
            }
            if input.countsForGate {
                if let sent = input.sentOn {
                    facts.append(("Antwoord verstuurd", sent.longDescription))
                } else {
                    var waiting = "nog niet"
                    if let due = input.answerDue {
                        waiting +=
                            input.isOverdue(on: today)
                            ? "; het moest uiterlijk \(due.longDescription) (\(DeadlinesReport.distance(due.days(since: today))))"
                            : "; uiterlijk \(due.longDescription)"
                    }
                    facts.append(("Antwoord verstuurd", waiting))
                }
            }
            if thresholdKinds.contains(input.kind) {
                var reasons: [String] = []
                if input.isWithdrawn { reasons.append("ingetrokken") }
                if input.outOfScope { reasons.append("buiten de fase") }
                if input.early { reasons.append("te vroeg") }
                if input.late { reasons.append("te laat") }
                facts.append(("Telt mee", reasons.isEmpty ? "ja" : "nee: " + reasons.joined(separator: ", ")))
            }
            var notes: [String] = []
            if let withdrawal = input.withdrawal {
                notes.append(
                    "ingetrokken op \(CivilDate(amsterdam: withdrawal.at).longDescription): \(withdrawal.reason)"
                        + (withdrawal.evidence == nil ? "" : " (het verzoek van de indiener is vastgelegd)"))
            }
            if input.late { notes.append("te laat ingediend; de inbreng telt toch mee en krijgt een antwoord") }
            if input.outOfScope { notes.append("ingediend buiten de fase die om deze inbreng vroeg") }
            if input.early { notes.append("ingediend voordat de termijn begon") }
            if let redaction = input.redaction {
                notes.append(
                    "de contactgegevens van de indiener zijn gewist op \(CivilDate(amsterdam: redaction.at).longDescription) (AVG)")
            }
            if !notes.isEmpty { facts.append(("Let op", notes.joined(separator: "; "))) }
            html +=
                "<article class=\"inbreng\" aria-labelledby=\"\(anchor)\">\n<h3 id=\"\(anchor)\">Kenmerk \(SiteHTML.line(input.id.rawValue))</h3>\n"
            html += SiteHTML.facts(facts) + "</article>\n"
        }
        return SiteHTML.section(id: "inbreng", heading: "Inbreng en antwoorden", html)
    }
}

// MARK: - Register, audit, deadlines, journal

extension Site {
    func registerPage() -> SiteHTML.Page {
        let document = register.document
        // The report's own words (counts, what comes first); its table is shown below with a link per letter.
        var body = SiteHTML.reportSections(Self.withoutTables(document.sections))
        let byID = Dictionary(entries.map { ($0.state.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = register.letters.map { letter -> [String] in
            let name = "\(letter.subject) (\(letter.process))"
            return [
                byID[letter.process].map { SiteHTML.link($0.file, name) } ?? SiteHTML.text(name), letter.received.longDescription,
                letter.sender ?? "—", letter.afdoeningsvoorstel ?? "—", letter.afdoening ?? "—", letter.stateLabel,
                letter.due?.longDescription ?? "—", "\(letter.daysOverdue)", letter.outcome ?? "—",
                letter.writerTold?.longDescription ?? "—",
            ].enumerated().map { $0.offset == 0 ? $0.element : SiteHTML.text($0.element) }
        }
        let table = SiteHTML.table(
            id: "tabel-brieven", caption: "Brieven aan de raad: geen opvolging eerst, dan de langst te late",
            columns: [
                ("Brief", false), ("Ontvangen", false), ("Afzender", false), ("Afdoeningsvoorstel", false), ("Afdoening", false),
                ("Stand", false), ("Antwoord uiterlijk", false), ("Dagen te laat", true), ("Uitkomst", false),
                ("Schrijver geïnformeerd", false),
            ], rows: rows)
        body += SiteHTML.section(
            id: "brieven", heading: "Brieven",
            (rows.isEmpty ? "" : "<p>Op de pagina van een brief staat elk punt met het antwoord.</p>\n") + table)
        return SiteHTML.Page(
            path: SiteHTML.Menu.register.path, title: document.title, subtitle: document.subtitle, menu: .register, body: body)
    }

    /// The sections without their tables (the site shows those itself), and without sections left empty.
    static func withoutTables(_ sections: [ReportSection]) -> [ReportSection] {
        sections.compactMap { section in
            var section = section
            section.blocks = section.blocks.filter { if case .table = $0 { false } else { true } }
            return section.blocks.isEmpty ? nil : section
        }
    }

    func auditPage() -> SiteHTML.Page {
        var document = audit.document
        if let hint = options.verificationHint, let index = document.sections.firstIndex(where: { $0.heading == "Journaal" }) {
            document.sections[index].blocks.append(.paragraph(hint))
        }
        var body =
            "<p>Op deze site staan geen namen van indieners, medewerkers of accounts: wie iets deed, staat er als rol. "
            + "De tekst van de inbreng staat er ook niet.</p>\n"
        if !rolesRestricted {
            body = "<p class=\"let-op\" role=\"note\">Let op: \(SiteHTML.text(ReportDocument.openRolesNotice))</p>\n" + body
        }
        body += SiteHTML.reportSections(document.sections)
        if !entries.isEmpty {
            body += SiteHTML.section(
                id: "naar-processen", heading: "Naar de processen",
                "<ul>\n" + entries.map { "<li>\(SiteHTML.link($0.file, "\($0.state.id): \($0.state.title)"))</li>\n" }.joined() + "</ul>\n")
        }
        return SiteHTML.Page(path: SiteHTML.Menu.audit.path, title: document.title, subtitle: document.subtitle, menu: .audit, body: body)
    }

    func deadlinesPage() -> SiteHTML.Page {
        let document = deadlines.document
        var body =
            "<p>Zet de termijnen in uw agenda met het agendabestand \(SiteHTML.link(Self.calendarName, Self.calendarName)) "
            + "(iCalendar, voor Outlook, Thunderbird en de agenda op uw telefoon). Importeert u later een nieuwer bestand, dan "
            + "worden dezelfde termijnen bijgewerkt.</p>\n"
        body += SiteHTML.reportSections(Self.withoutTables(document.sections))
        let byID = Dictionary(entries.map { ($0.state.id, $0) }, uniquingKeysWith: { first, _ in first })
        let table = SiteHTML.table(
            id: "tabel-termijnen", caption: "Termijnen tot en met \(deadlines.until.longDescription), de vroegste eerst",
            columns: [("Datum", false), ("Stand", false), ("Proces", false), ("Soort", false), ("Wat", false), ("Toelichting", false)],
            rows: deadlines.deadlines.map { item in
                [
                    SiteHTML.text(item.date.longDescription), SiteHTML.text(DeadlinesReport.distance(item.daysLeft)),
                    byID[item.process].map { SiteHTML.link($0.file, "\(item.processTitle) (\(item.process))") }
                        ?? SiteHTML.text(item.process.rawValue),
                    SiteHTML.text(item.kind.label), SiteHTML.text(item.summary), SiteHTML.text(item.detail),
                ]
            })
        body += SiteHTML.section(id: "alle-termijnen", heading: "Alle termijnen", table)
        return SiteHTML.Page(
            path: SiteHTML.Menu.deadlines.path, title: document.title, subtitle: document.subtitle, menu: .deadlines, body: body)
    }

    func journalPage() -> SiteHTML.Page {
        let check: String
        switch head.verified {
        case true?: check = "gecontroleerd van de eerste tot de laatste regel: in orde"
        case false?: check = "NIET IN ORDE: de controle van het journaal vond een fout"
        case nil: check = "niet gecontroleerd"
        }
        var body = """
            <p>Alles op deze site komt uit het journaal: de lijst van alles wat er in de processen gebeurde, regel voor regel. \
            Elke regel heeft een vingerafdruk (een SHA-256-hash) die ook afhangt van alle regels ervoor. Wie later een regel \
            weghaalt of verandert, verandert de vingerafdruk van de laatste regel: de kop.</p>

            """
        body += SiteHTML.section(
            id: "kop", heading: "De kop van het journaal",
            "<dl>\n<div><dt>Laatste regel</dt><dd>\(head.seq)</dd></div>\n"
                + "<div><dt>Vingerafdruk (SHA-256)</dt><dd class=\"kop-hash\">\(head.hash.hex)</dd></div>\n"
                + "<div><dt>Samen</dt><dd class=\"kop-hash\">\(head.anchor)</dd></div>\n"
                + "<div><dt>Hashketen</dt><dd>\(SiteHTML.text(check))</dd></div>\n</dl>\n")
        var how =
            "<p>Publiceer de kop, bijvoorbeeld in de notulen van de raad. Wie het journaal later tegen die kop controleert, ziet of "
            + "de geschiedenis tot die regel nog precies dezelfde is.</p>\n"
        if let hint = options.verificationHint { how += "<p class=\"kop-hash\">\(SiteHTML.text(hint))</p>\n" }
        how +=
            "<p>In \(SiteHTML.line(Self.manifestName)) staat de SHA-256 van elk bestand van deze site. Zo ziet u ook of een pagina "
            + "na het publiceren is veranderd.</p>\n"
        body += SiteHTML.section(id: "controleren", heading: "Zo controleert u het", how)
        return SiteHTML.Page(
            path: SiteHTML.Menu.journal.path, title: "Journaal", subtitle: "Stand op \(today.longDescription).", menu: .journal, body: body)
    }
}
