import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

// MARK: - Fixed example store

/// A fixed example "store" for the griffie reports (register, reactienota, deadlines), built
/// with the shipped workflows; "today" is Tuesday 20-04-2027.
///
/// - `BRIEF-2027-004`: three points, voor kennisgeving aangenomen, all answers sent, then
///   eight weeks without follow-up: `geenOpvolging`.
/// - `BRIEF-2027-009`: in the hands of the college; one point answered but not sent, one not
///   answered; both were due on 30-03-2027 (eight weeks end on tweede Paasdag).
/// - `BRIEF-2027-012`: just received, receipt not confirmed yet (the timed step is due today).
/// - `BRIEF-2026-101`: answered by the college and closed.
/// - `inspraak-2027-001`: window closed, reactienota being written; themes, a late input, a
///   withdrawn one, one without an answer.
/// - `inspraak-2027-002`: ter inzage until Tuesday 18-05-2027 (Pinksteren moves the end).
///
/// Writers' names are kept apart, as the store keeps them in `personal.jsonl`.
enum GriffieFixture {
    static let now = TestSupport.instant("2027-04-20T09:00:00+02:00")
    static let today = TestSupport.day("2027-04-20")

    /// Writers' names by `process/input`: personal data that must not leak into a report.
    static let writerNames: [String: String] = [
        "BRIEF-2027-004/B-2027-004-1": "Gerda Bosman-Terlouw",
        "BRIEF-2027-004/B-2027-004-2": "Gerda Bosman-Terlouw",
        "BRIEF-2027-004/B-2027-004-3": "Gerda Bosman-Terlouw",
        "BRIEF-2027-009/B-2027-009-1": "Henk Achterberg",
        "BRIEF-2027-009/B-2027-009-2": "Annelies Jansen-Oudshoorn",
        "BRIEF-2027-012/B-2027-012-1": "Mustafa El Amrani",
        "BRIEF-2026-101/B-2026-101-1": "Pieter van Ooij",
        "inspraak-2027-001/R-0001": "Johanna de Vries-Klaassen",
        "inspraak-2027-001/R-0002": "Karel Groenewoud",
        "inspraak-2027-001/R-0003": "Zoë Ëlsinga",
        "inspraak-2027-001/R-0005": "Bram Dubbelman",
        "inspraak-2027-001/R-0006": "Laura Laatsma",
        "inspraak-2027-002/R-0001": "Frits Fietsenmaker",
    ]

    static func names(_ process: ProcessID, _ input: InputID) -> String? { writerNames["\(process)/\(input)"] }

    static let griffie = ActorIdentity(role: "griffie")
    static let presidium = ActorIdentity(role: "presidium")
    static let college = ActorIdentity(role: "college")
    static let projectleider = ActorIdentity(role: "projectleider")

    /// Runs a command that must be accepted.
    static func step(
        _ harness: inout ProcessHarness, _ command: Command, at time: String, by actor: ActorIdentity,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let result = harness.run(command, at: TestSupport.instant(time), by: actor)
        #expect(result.isSuccess, "\(harness.process): \(result)", sourceLocation: sourceLocation)
    }

    static func point(_ id: InputID, _ text: String, received: String, publicName: String? = nil, theme: String? = nil) -> NewInput {
        NewInput(
            id: id, kind: "punt", text: text, received: TestSupport.day(received), channel: "brief", theme: theme, publicName: publicName)
    }

    static func hoefslag() throws -> ProcessHarness {
        var h = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"), process: "BRIEF-2027-004")
        step(
            &h,
            .start(
                StartProcess(
                    id: h.process, title: "Brief Bewonersgroep Hoefslag-Kerkpad: stoep, bushalte en opvolging van meldingen",
                    definitionHash: "test")), at: "2027-01-11T10:00:00+01:00", by: griffie)
        let name = "Bewonersgroep Hoefslag-Kerkpad"
        step(
            &h,
            .addInputs([
                point("B-2027-004-1", "De stoep aan de Hoefslag ligt al sinds maart 2025 open.", received: "2027-01-11", publicName: name),
                point(
                    "B-2027-004-2", "Bij de bushalte Kerkpad zijn de bank en het afdak weggehaald.", received: "2027-01-11",
                    publicName: name),
                point("B-2027-004-3", "Onze meldingen verdwijnen zonder terugkoppeling.", received: "2027-01-11", publicName: name),
            ]), at: "2027-01-11T10:30:00+01:00", by: griffie)
        step(
            &h, .attachDocument(kind: "ontvangstbevestiging", reference: "Ontvangstbevestiging 2027-004"), at: "2027-01-13T09:00:00+01:00",
            by: griffie)
        step(&h, .advance("bevestigen", reason: nil), at: "2027-01-13T09:30:00+01:00", by: griffie)
        step(
            &h, .attachDocument(kind: "afdoeningsvoorstel", reference: "Lijst ingekomen stukken raad 17-02-2027, nummer 7"),
            at: "2027-01-19T11:00:00+01:00", by: griffie)
        step(
            &h,
            .recordFeedbacks([
                NewFeedback(input: "B-2027-004-1", verdict: .doorverwezen, motivation: "Doorgestuurd naar het team Openbare Ruimte."),
                NewFeedback(input: "B-2027-004-2", verdict: .deels, motivation: "Er komt een bank; een afdak past niet."),
                NewFeedback(input: "B-2027-004-3", verdict: .kennisgenomen, motivation: "Elk raadslid kan dit punt agenderen."),
            ]), at: "2027-02-08T14:00:00+01:00", by: griffie)
        step(&h, .advance("kennisnemen", reason: "Voor kennisgeving aannemen."), at: "2027-02-15T16:00:00+01:00", by: presidium)
        step(&h, .markFeedbackSent(.allUnsent, on: TestSupport.day("2027-02-16")), at: "2027-02-16T10:00:00+01:00", by: griffie)
        step(&h, .tick, at: "2027-04-13T06:00:00+02:00", by: .system)
        return h
    }

    static func dukenburg() throws -> ProcessHarness {
        var h = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"), process: "BRIEF-2027-009")
        step(
            &h, .start(StartProcess(id: h.process, title: "Brief Wijkraad Dukenburg: verlichting Staddijk", definitionHash: "test")),
            at: "2027-02-01T10:00:00+01:00", by: griffie)
        step(
            &h,
            .addInputs([
                point(
                    "B-2027-009-1", "De lantaarns langs de Staddijk zijn al maanden kapot.", received: "2027-02-01",
                    publicName: "Wijkraad Dukenburg"),
                point("B-2027-009-2", "Kan de raad de aanpak van donkere fietspaden bespreken?", received: "2027-02-01"),
            ]), at: "2027-02-01T10:30:00+01:00", by: griffie)
        step(
            &h, .attachDocument(kind: "ontvangstbevestiging", reference: "Ontvangstbevestiging 2027-009"), at: "2027-02-03T09:00:00+01:00",
            by: griffie)
        step(&h, .advance("bevestigen", reason: nil), at: "2027-02-03T09:05:00+01:00", by: griffie)
        step(
            &h, .attachDocument(kind: "afdoeningsvoorstel", reference: "Lijst ingekomen stukken raad 03-03-2027, nummer 2"),
            at: "2027-02-04T10:00:00+01:00", by: griffie)
        step(&h, .advance("inHandenCollege", reason: nil), at: "2027-02-10T20:00:00+01:00", by: presidium)
        step(
            &h,
            .recordFeedback(NewFeedback(input: "B-2027-009-1", verdict: .overgenomen, motivation: "De lantaarns worden in mei vervangen.")),
            at: "2027-03-20T10:00:00+01:00", by: college)
        return h
    }

    static func nijeVeld() throws -> ProcessHarness {
        var h = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"), process: "BRIEF-2027-012")
        step(
            &h, .start(StartProcess(id: h.process, title: "Brief over parkeren bij de school in Nije Veld", definitionHash: "test")),
            at: "2027-04-12T11:00:00+02:00", by: griffie)
        step(
            &h, .addInput(point("B-2027-012-1", "Elke ochtend staan auto's op de stoep bij de school.", received: "2027-04-12")),
            at: "2027-04-12T11:10:00+02:00", by: griffie)
        return h
    }

    static func ooijpolder() throws -> ProcessHarness {
        var h = ProcessHarness(definition: try TestSupport.shipped("ingekomen-stuk"), process: "BRIEF-2026-101")
        step(
            &h,
            .start(StartProcess(id: h.process, title: "Brief Stichting Ooijpolder Open: bankjes langs de dijk", definitionHash: "test")),
            at: "2026-11-02T10:00:00+01:00", by: griffie)
        step(
            &h,
            .addInput(
                point("B-2026-101-1", "Zet weer bankjes langs de dijk.", received: "2026-11-02", publicName: "Stichting Ooijpolder Open")),
            at: "2026-11-02T10:10:00+01:00", by: griffie)
        step(
            &h, .attachDocument(kind: "ontvangstbevestiging", reference: "Ontvangstbevestiging 2026-101"), at: "2026-11-04T09:00:00+01:00",
            by: griffie)
        step(&h, .advance("bevestigen", reason: nil), at: "2026-11-04T09:05:00+01:00", by: griffie)
        step(
            &h, .attachDocument(kind: "afdoeningsvoorstel", reference: "Lijst ingekomen stukken raad 25-11-2026, nummer 4"),
            at: "2026-11-05T10:00:00+01:00", by: griffie)
        step(&h, .advance("inHandenCollege", reason: nil), at: "2026-11-10T20:00:00+01:00", by: presidium)
        step(
            &h,
            .recordFeedback(
                NewFeedback(input: "B-2026-101-1", verdict: .overgenomen, motivation: "In het voorjaar komen er vier bankjes.")),
            at: "2026-12-01T10:00:00+01:00", by: college)
        step(
            &h, .attachDocument(kind: "antwoordbrief", reference: "Antwoordbrief college 2026-101"), at: "2026-12-01T10:05:00+01:00",
            by: college)
        step(&h, .advance("collegeBeantwoordt", reason: nil), at: "2026-12-02T10:00:00+01:00", by: college)
        step(&h, .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-12-03")), at: "2026-12-03T10:00:00+01:00", by: griffie)
        step(&h, .advance("sluiten", reason: nil), at: "2026-12-04T10:00:00+01:00", by: griffie)
        return h
    }

    static let longText =
        "Ik woon al dertig jaar aan de Groenestraat en ik maak me zorgen over de nieuwe inrichting. De auto's rijden nu al te hard, "
        + "vooral 's avonds. Als de weg breder wordt, rijden ze nog harder. Ik vraag u om drempels bij de school, een zebrapad bij "
        + "de bakker en minder parkeerplaatsen aan de kant van het park."

    static func reaction(_ text: String, received: String, theme: String? = nil, publicName: String? = nil) -> NewInput {
        NewInput(
            kind: "inspraakreactie", text: text, received: TestSupport.day(received), channel: "e-mail", theme: theme,
            publicName: publicName)
    }

    static func groenestraat() throws -> ProcessHarness {
        var h = ProcessHarness(definition: try TestSupport.shipped("inspraak"), process: "inspraak-2027-001")
        step(
            &h,
            .start(
                StartProcess(id: h.process, title: "Herinrichting Groenestraat", attributes: ["impact": "midden"], definitionHash: "test")),
            at: "2027-02-10T10:00:00+01:00", by: projectleider)
        step(&h, .attachDocument(kind: "ontwerp", reference: "Z-2027-0142"), at: "2027-02-10T10:05:00+01:00", by: projectleider)
        step(&h, .advance("terInzageLeggen", reason: nil), at: "2027-02-15T09:00:00+01:00", by: projectleider)
        step(
            &h, .addInput(reaction(longText, received: "2027-02-20", theme: "verkeer")), at: "2027-02-22T09:00:00+01:00", by: projectleider)
        step(
            &h,
            .addInput(
                reaction(
                    "Behoud de oude lindebomen; plant er nieuwe bij, ook op het plein.", received: "2027-02-25", theme: "groen",
                    publicName: "Bewonersvereniging Groenekwartier")),
            at: "2027-02-25T09:00:00+01:00", by: projectleider)
        step(
            &h,
            .addInput(
                reaction(
                    "Een fietsstraat, prima; maar de oversteek bij de école Saint-Exupéry is gevaarlijk, ook voor ëëntjes op de step.",
                    received: "2027-03-01", theme: " verkeer ")),
            at: "2027-03-01T09:00:00+01:00", by: projectleider)
        step(
            &h, .addInput(reaction("Waarom\nis dit\n\nzo duur?", received: "2027-03-05")), at: "2027-03-05T09:00:00+01:00",
            by: projectleider)
        step(
            &h, .addInput(reaction("Meer bomen graag.", received: "2027-03-10", theme: "groen")), at: "2027-03-10T09:00:00+01:00",
            by: projectleider)
        step(
            &h, .withdrawInput("R-0005", reason: "Dubbel ingediend, zie R-0002.", evidence: "Brief 2027-0315"),
            at: "2027-03-15T09:00:00+01:00", by: projectleider)
        step(&h, .advance("inzageSluiten", reason: nil), at: "2027-03-31T09:00:00+02:00", by: projectleider)
        step(
            &h, .addInput(reaction("Ik was te laat, maar: laat de bankjes staan.", received: "2027-04-02", theme: "groen")),
            at: "2027-04-02T09:00:00+02:00", by: projectleider)
        step(
            &h,
            .recordFeedbacks([
                NewFeedback(
                    input: "R-0001", verdict: .deels,
                    motivation: "Er komen drempels bij de school. Een zebrapad bij de bakker kan niet: daar is de weg te smal."),
                NewFeedback(input: "R-0002", verdict: .overgenomen, motivation: "De lindebomen blijven staan; er komen zes nieuwe bij."),
                NewFeedback(input: "R-0003", verdict: .nietOvergenomen, motivation: "De oversteek wordt al veiliger: er komt een plateau."),
                NewFeedback(input: "R-0004", verdict: .kennisgenomen, motivation: "De kosten staan in het raadsvoorstel, bijlage 2."),
            ]), at: "2027-04-08T10:00:00+02:00", by: projectleider)
        step(
            &h, .markFeedbackSent(.inputs(["R-0001", "R-0002", "R-0003"]), on: TestSupport.day("2027-04-09")),
            at: "2027-04-09T10:00:00+02:00", by: projectleider)
        return h
    }

    static func fietsroute() throws -> ProcessHarness {
        var h = ProcessHarness(definition: try TestSupport.shipped("inspraak"), process: "inspraak-2027-002")
        step(
            &h,
            .start(
                StartProcess(
                    id: h.process, title: "Snelfietsroute Nijmegen-Beuningen", attributes: ["impact": "laag"], definitionHash: "test")),
            at: "2027-04-01T10:00:00+02:00", by: projectleider)
        step(&h, .attachDocument(kind: "ontwerp", reference: "Z-2027-0201"), at: "2027-04-01T10:05:00+02:00", by: projectleider)
        step(&h, .advance("terInzageLeggen", reason: nil), at: "2027-04-06T09:00:00+02:00", by: projectleider)
        step(
            &h, .addInput(reaction("Graag verlichting op het hele traject.", received: "2027-04-15")), at: "2027-04-15T09:00:00+02:00",
            by: projectleider)
        return h
    }

    /// Every process of the fixture with its engine, in a fixed order.
    static func processes() throws -> [(state: ProcessState, engine: ProcessEngine)] {
        try [hoefslag(), dukenburg(), nijeVeld(), ooijpolder(), groenestraat(), fietsroute()].map { harness in
            (try #require(harness.state), harness.engine)
        }
    }

    /// JSON as `--format json` writes it.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Every piece of text in a document, one per line: what any renderer can show.
    static func strings(_ document: ReportDocument) -> String {
        var parts = [document.title, document.subtitle ?? ""]
        for section in document.sections {
            parts.append(section.heading)
            for block in section.blocks {
                switch block {
                case .paragraph(let text), .subheading(let text), .warning(let text): parts.append(text)
                case .chart(let chart): parts += [chart.title, chart.summary] + chart.rows.flatMap { [$0.label, $0.note] }
                case .facts(let facts): parts += facts.flatMap { [$0.label, $0.value] }
                case .list(let items): parts += items
                case .table(let table): parts += [table.caption] + table.columns.map(\.title) + table.rows.flatMap { $0 }
                case .phaseRibbon: break
                }
            }
        }
        return parts.joined(separator: "\n")
    }

    /// A document in every report format: text, md, html, csv.
    static func rendered(_ document: ReportDocument, csv csvDocument: ReportDocument? = nil) -> [String: String] {
        [
            "txt": ReportRenderer.text(document),
            "md": ReportRenderer.markdown(document),
            "html": ReportRenderer.html(document),
            "csv": String(decoding: ReportRenderer.csv(csvDocument ?? document), as: UTF8.self),
        ]
    }
}

/// Compares `actual` with `Snapshots/reports/<name>`; `RECORD_SNAPSHOTS=1` writes it instead.
func assertGriffieSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    assertMatchesSnapshot(
        actual, named: name, in: "reports", record: "RECORD_SNAPSHOTS=1 swift test --filter 'Register|Reactienota|Deadlines'",
        sourceLocation: sourceLocation)
}

// MARK: - Register

@Suite("RegisterReport")
struct RegisterReportTests {
    func report(open: Bool = false, overdue: Bool = false, today: CivilDate = GriffieFixture.today, names: Bool = false) throws
        -> RegisterReport
    {
        let processes = try GriffieFixture.processes()
        if names { return RegisterReport(processes: processes, today: today, open: open, overdue: overdue, names: GriffieFixture.names) }
        return RegisterReport(processes: processes, today: today, open: open, overdue: overdue)
    }

    @Test("only ingekomen-stuk processes are letters")
    func onlyLetters() throws {
        let register = try report()
        #expect(register.letters.count == 4)
        #expect(register.letters.allSatisfy { $0.process.rawValue.hasPrefix("BRIEF-") })
        #expect(register.formatVersion == 1)
    }

    @Test("geenOpvolging first, then the most overdue, then open before closed")
    func order() throws {
        let register = try report()
        #expect(register.letters.map(\.process) == ["BRIEF-2027-004", "BRIEF-2027-009", "BRIEF-2027-012", "BRIEF-2026-101"])
        #expect(register.letters.map(\.noFollowUp) == [true, false, false, false])
        #expect(register.letters[0].state == "geenOpvolging")
    }

    @Test("a geenOpvolging letter comes first even when another letter is more overdue")
    func noFollowUpBeatsOverdue() throws {
        let register = try report(today: TestSupport.day("2027-06-30"))
        #expect(register.letters.first?.process == "BRIEF-2027-004")
        #expect(register.letters.first?.daysOverdue == 0)
        #expect(register.letters[1].process == "BRIEF-2027-009")
        #expect(register.letters[1].daysOverdue > register.letters[2].daysOverdue)
    }

    @Test("due date: the earliest point still owed to the writer; days overdue counted after it")
    func dueAndOverdue() throws {
        let letters = Dictionary(uniqueKeysWithValues: try report().letters.map { ($0.process, $0) })
        // Point 1 is answered but not sent; point 2 has no answer: both still owed.
        let dukenburg = try #require(letters["BRIEF-2027-009"])
        #expect(dukenburg.due == TestSupport.day("2027-03-30"))
        #expect(dukenburg.daysOverdue == 21)
        #expect(dukenburg.points == 2 && dukenburg.answered == 1 && dukenburg.sent == 0)
        #expect(dukenburg.writerTold == nil)
        let nijeVeld = try #require(letters["BRIEF-2027-012"])
        #expect(nijeVeld.due == TestSupport.day("2027-06-07"))
        #expect(nijeVeld.daysOverdue == 0)
        // Everything sent: nothing due, the writer was told on the day of the last answer.
        let hoefslag = try #require(letters["BRIEF-2027-004"])
        #expect(hoefslag.due == nil)
        #expect(hoefslag.daysOverdue == 0)
        #expect(hoefslag.writerTold == TestSupport.day("2027-02-16"))
        let ooijpolder = try #require(letters["BRIEF-2026-101"])
        #expect(ooijpolder.isFinal && ooijpolder.outcome == "beantwoord")
        #expect(ooijpolder.writerTold == TestSupport.day("2026-12-03"))
        #expect(ooijpolder.received == TestSupport.day("2026-11-02"))
    }

    @Test(
        "an answer on its due day is on time; the day after it is one day late",
        arguments: [("2027-03-30", 0), ("2027-03-31", 1), ("2027-04-29", 30)])
    func dueDayIsOnTime(today: String, days: Int) throws {
        let register = try report(today: TestSupport.day(today))
        #expect(register.letters.first { $0.process == "BRIEF-2027-009" }?.daysOverdue == days)
    }

    @Test("--open leaves out closed letters; --overdue keeps only letters with days overdue")
    func filters() throws {
        #expect(try report(open: true).letters.map(\.process) == ["BRIEF-2027-004", "BRIEF-2027-009", "BRIEF-2027-012"])
        #expect(try report(overdue: true).letters.map(\.process) == ["BRIEF-2027-009"])
        #expect(try report(open: true, overdue: true).letters.map(\.process) == ["BRIEF-2027-009"])
        #expect(try report(overdue: true, today: TestSupport.day("2027-03-01")).letters.isEmpty)
    }

    @Test("sender, subject, afdoeningsvoorstel and the afdoening chosen by the presidium")
    func letterFields() throws {
        let letters = Dictionary(uniqueKeysWithValues: try report().letters.map { ($0.process, $0) })
        let hoefslag = try #require(letters["BRIEF-2027-004"])
        #expect(hoefslag.sender == "Bewonersgroep Hoefslag-Kerkpad")
        #expect(hoefslag.subject.hasPrefix("Brief Bewonersgroep Hoefslag-Kerkpad"))
        #expect(hoefslag.afdoeningsvoorstel == "Lijst ingekomen stukken raad 17-02-2027, nummer 7")
        #expect(hoefslag.afdoening == "Voor kennisgeving aannemen")
        #expect(hoefslag.stateLabel == "Geen opvolging door de raad")
        #expect(letters["BRIEF-2027-009"]?.afdoening == "Ter afdoening in handen van het college stellen")
        #expect(letters["BRIEF-2027-012"]?.afdoeningsvoorstel == nil)
        #expect(letters["BRIEF-2027-012"]?.sender == nil)
        #expect(letters["BRIEF-2027-012"]?.state == "ontvangen")
    }

    @Test("the document: counts, and one row per letter in the order of the register")
    func document() throws {
        let document = try report().document
        #expect(document.title == "Register brieven aan de raad")
        let table = try #require(document.tables.first)
        #expect(table.rows.map { $0[0] } == ["BRIEF-2027-004", "BRIEF-2027-009", "BRIEF-2027-012", "BRIEF-2026-101"])
        #expect(!table.columns.map(\.title).contains("Naam schrijver"))
        let dukenburg = table.rows[1]
        #expect(dukenburg.contains("30-03-2027") && dukenburg.contains("21"))
        let facts = document.sections.flatMap(\.blocks).flatMap { block -> [ReportFact] in
            if case .facts(let facts) = block { facts } else { [] }
        }
        #expect(facts.map(\.label) == ["Brieven", "Nog open", "Antwoord te laat", "Geen opvolging door de raad"])
        #expect(facts.map(\.value) == ["4", "3", "1", "1"])
    }

    @Test("no writer's name without the names lookup, in any format; with it, in every format")
    func namesOnlyWithLookup() throws {
        let names = Set(GriffieFixture.writerNames.filter { $0.key.hasPrefix("BRIEF-") }.values)
        let without = try report()
        var outputs = GriffieFixture.rendered(without.document)
        outputs["json"] = try GriffieFixture.json(without)
        outputs["document"] = GriffieFixture.strings(without.document)
        for (format, output) in outputs {
            for name in names { #expect(!output.contains(name), "\(format) bevat \(name)") }
        }
        let with = try report(names: true)
        #expect(with.letters.first { $0.process == "BRIEF-2027-009" }?.writerNames == ["Henk Achterberg", "Annelies Jansen-Oudshoorn"])
        var withOutputs = GriffieFixture.rendered(with.document)
        // Plain text wraps long cells over lines; the document it is made from is checked instead.
        withOutputs["txt"] = nil
        withOutputs["json"] = try GriffieFixture.json(with)
        withOutputs["document"] = GriffieFixture.strings(with.document)
        for (format, output) in withOutputs {
            for name in names { #expect(output.contains(name), "\(format) mist \(name)") }
        }
    }

    @Test("every count reads right in Dutch; snapshots: text, md, html, json and csv of the fixed example store")
    func snapshots() throws {
        let register = try report()
        for (format, output) in GriffieFixture.rendered(register.document) {
            assertGriffieSnapshot(output, named: "register.\(format)")
        }
        assertGriffieSnapshot(try GriffieFixture.json(register), named: "register.json")
        #expect(DutchCounts.problems(in: register.document).isEmpty, "\(DutchCounts.problems(in: register.document))")
    }
}
