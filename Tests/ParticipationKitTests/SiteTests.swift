import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// The published site: every link resolves, every page keeps the structure rules, citizen text
/// stays text, nobody is named, an exercise store says so everywhere, and a large process
/// spreads its inputs over pages by kenmerk.
@Suite("Site")
struct SiteTests {
    static let projectleider = ActorIdentity(role: "projectleider", name: "Fatima Yilmaz")
    static let college = ActorIdentity(role: "college", name: "Wethouder Karel Smit")
    static let griffie = ActorIdentity(role: "griffie", name: "Griffier Els Bos")
    static func t(_ text: String) -> Date { TestSupport.instant(text) }

    /// The writers' details in the store: none may reach the site.
    static let writers = [
        PersonalDetails(name: "Jan de Vries", address: "Lindelaan 4, Voorbeeldstad", email: "jan.devries@example.nl", phone: "06-12345678"),
        PersonalDetails(name: "Petra Hoekstra", address: "Beukenlaan 17", email: "petra@example.nl", phone: "024-3456789"),
        PersonalDetails(name: "Kees Achterberg", address: "Molenweg 2", email: "kees@example.nl", phone: "06-87654321"),
    ]

    /// An exercise store with an inspraak that went all the way (inputs with and without a public
    /// name, a withdrawal with the writer's request, an erasure, a verdaging, answers, a
    /// decision, answers sent) and a letter to the raad still open. `text` goes into every piece
    /// of text a person can type: the title, public names, theme, motivations, references, reasons.
    static func store(_ path: String, text: String = "Plein", ids: [InputID] = ["R-2", "R-10", "R-1", "R-3"]) throws -> ParticipationStore {
        let store = try ParticipationStore(path: path, session: .exercise(account: "jdevries.ambtenaar"))
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        let p: ProcessID = "inspraak-1"
        try store.execute(
            .start(StartProcess(id: p, title: "Herinrichting \(text)", attributes: ["impact": "laag"], definitionHash: hash)), on: p,
            by: projectleider, at: t("2026-03-13T10:00:00+01:00"))
        try store.execute(
            .attachDocument(kind: "ontwerp", reference: "Z-1 \(text)"), on: p, by: projectleider, at: t("2026-03-13T10:05:00+01:00"))
        try store.execute(.advance("terInzageLeggen", reason: nil), on: p, by: projectleider, at: t("2026-03-16T09:00:00+01:00"))
        for (number, id) in ids.enumerated() {
            let input = NewInput(
                id: id, kind: "inspraakreactie",
                text: "Ik, \(writers[number % 3].name ?? ""), woon aan de \(writers[number % 3].address ?? ""). \(text)",
                received: CivilDate(year: 2026, month: 3, day: 16 + number % 9), channel: "e-mail", theme: number == 0 ? text : "verkeer",
                publicName: number == 1 ? "Vereniging \(text)" : (number == 2 ? "Buurtgroep Noord" : nil))
            try store.execute(
                .addInput(input), on: p, by: projectleider, at: t("2026-03-25T10:00:00+01:00"), personal: [writers[number % 3]])
        }
        try store.execute(.extendTerm(days: 7, reason: "Verdaging: \(text)"), on: p, by: projectleider, at: t("2026-03-26T10:00:00+01:00"))
        try store.execute(
            .withdrawInput(ids[ids.count - 1], reason: "Ingetrokken: \(text)", evidence: "e-mail van jan.devries@example.nl"), on: p,
            by: projectleider, at: t("2026-04-01T10:00:00+02:00"))
        try store.execute(
            .redactPersonalData(ids[2], reason: "verzoek van de indiener"), on: p, by: projectleider, at: t("2026-04-02T10:00:00+02:00"))
        for id in ids.dropLast() {
            try store.execute(
                .recordFeedback(NewFeedback(input: id, verdict: .deels, motivation: "Motivering: \(text)")), on: p, by: projectleider,
                at: t("2026-04-03T10:00:00+02:00"))
        }
        try store.execute(.advance("inzageSluiten", reason: nil), on: p, by: projectleider, at: t("2026-05-11T10:00:00+02:00"))
        try store.execute(
            .attachDocument(kind: "reactienota", reference: "Reactienota \(text)"), on: p, by: projectleider,
            at: t("2026-05-12T10:00:00+02:00"))
        try store.execute(.advance("besluiten", reason: nil), on: p, by: college, at: t("2026-05-26T10:00:00+02:00"))
        try store.execute(
            .markFeedbackSent(.allUnsent, on: TestSupport.day("2026-05-27")), on: p, by: projectleider,
            at: t("2026-05-27T10:00:00+02:00"))

        let letterHash = try store.storeDefinition(try TestSupport.shippedFile("ingekomen-stuk"))
        let b: ProcessID = "brief-1"
        try store.execute(
            .start(StartProcess(id: b, title: "Brief over \(text)", definitionHash: letterHash)), on: b, by: griffie,
            at: t("2026-05-04T10:00:00+02:00"))
        try store.execute(
            .addInput(NewInput(id: "B-1", kind: "punt", text: "Brief van Jan de Vries", publicName: "Bewonersgroep \(text)")), on: b,
            by: griffie,
            at: t("2026-05-04T10:00:00+02:00"), personal: [writers[0]])
        return store
    }

    static func site(_ store: ParticipationStore, options: Site.Options = Site.Options(), today: String = "2026-07-01") throws -> Site {
        var processes: [(state: ProcessState, engine: ProcessEngine)] = []
        for state in store.processes { processes.append((state, try store.engine(for: state))) }
        return Site(
            processes: processes, head: Site.JournalHead(seq: store.head.seq, hash: store.head.hash, verified: true),
            exercise: store.isExercise,
            rolesRestricted: store.rolesRestricted, today: TestSupport.day(today), options: options)
    }

    static func texts(_ site: Site) -> [String: String] {
        Dictionary(site.files().map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("every page keeps the structure rules and every link resolves, with and without pages of inputs", arguments: [200, 2])
    func structureAndLinks(_ perPage: Int) throws {
        let path = TestSupport.temporaryDirectory("site-structure")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let site = try Self.site(try Self.store(path), options: Site.Options(inputsPerPage: perPage))
        let files = Self.texts(site)
        #expect(files.keys.contains("index.html") && files.keys.contains("termijnen.ics") && files.keys.contains(Site.manifestName))
        #expect(
            files.keys.contains("proces-inspraak-1.html") && files.keys.contains("register.html") && files.keys.contains("journaal.html"))
        #expect(files.keys.contains("werkstroom-inspraak.html") && files.keys.contains("werkstroom-inspraak--afgerond.html") == false)
        #expect(files.keys.contains("werkstroom-inspraak--besloten.html") && files.keys.contains("werkstroom-ingekomen-stuk.html"))
        for (name, text) in files where name.hasSuffix(".html") {
            #expect(SiteChecks.structureProblems(text).isEmpty, "\(name): \(SiteChecks.structureProblems(text))")
        }
        #expect(SiteChecks.brokenLinks(files).isEmpty, "\(SiteChecks.brokenLinks(files))")
        // The checker is not vacuous: a link to a missing anchor is found.
        var broken = files
        broken["index.html", default: ""] += "<a href=\"proces-inspraak-1.html#kenmerk-X-99\">x</a>"
        #expect(SiteChecks.brokenLinks(broken).count == 1)
        // The manifest lists every other file with its SHA-256.
        let manifest = try #require(Site.manifestPaths(Array((files[Site.manifestName] ?? "").utf8)))
        #expect(Set(manifest) == Set(files.keys).subtracting([Site.manifestName]))
        for file in site.files() where file.path != Site.manifestName {
            #expect((files[Site.manifestName] ?? "").contains("\(SHA256.hash(file.bytes).hex)  \(file.path)\n"))
        }
    }

    @Test("with more inputs than fit on a page, they go by kenmerk over pages of their own, each exactly once")
    func pages() throws {
        let path = TestSupport.temporaryDirectory("site-pages")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ids: [InputID] = ["R-10", "R-2", "R-1", "R-3", "R-20", "R-11", "R-9"]
        let site = try Self.site(try Self.store(path, ids: ids), options: Site.Options(inputsPerPage: 3))
        let files = Self.texts(site)
        let pages = (1...3).map { "proces-inspraak-1--inbreng-\($0).html" }
        for page in pages { #expect(files[page] != nil, "\(page) ontbreekt") }
        #expect(files["proces-inspraak-1--inbreng-4.html"] == nil)
        // Natural order: R-1, R-2, R-3 | R-9, R-10, R-11 | R-20.
        let expected = [["R-1", "R-2", "R-3"], ["R-9", "R-10", "R-11"], ["R-20"]]
        for (page, kenmerken) in zip(pages, expected) {
            let headings = (files[page] ?? "").matches(of: /<h3 id="[^"]+">Kenmerk ([^<]+)<\/h3>/).map { String($0.1) }
            #expect(headings == kenmerken, "\(page): \(headings)")
        }
        let process = files["proces-inspraak-1.html"] ?? ""
        #expect(process.contains("R-1 tot en met R-3") && process.contains("R-20 tot en met R-20"))
        #expect(!process.contains("<article"))
        #expect(SiteChecks.brokenLinks(files).isEmpty, "\(SiteChecks.brokenLinks(files))")
    }

    @Test("no writer's name or contact details, no official's name, no account, no input text anywhere in the site")
    func noNames() throws {
        let path = TestSupport.temporaryDirectory("site-names")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.store(path)
        let files = Self.texts(try Self.site(store))
        // They are in the store: the test is not vacuous.
        let personal = try String(contentsOfFile: path + "/personal.jsonl", encoding: .utf8)
        #expect(personal.contains("Petra Hoekstra"))
        let journal = String(decoding: JournalSurgery.segments(path + "/journal").flatMap { $0 }, as: UTF8.self)
        #expect(journal.contains("Fatima Yilmaz") && journal.contains("jdevries.ambtenaar") && journal.contains("Lindelaan"))
        var forbidden = ["Fatima Yilmaz", "Karel Smit", "Els Bos", "jdevries.ambtenaar", "jan.devries@example.nl", "Ik, "]
        for writer in Self.writers {
            forbidden += [writer.name, writer.address, writer.email, writer.phone].compactMap { $0 }
        }
        for (name, text) in files {
            for word in forbidden { #expect(!text.contains(word), "\(name) bevat \(word)") }
        }
        let page = files["proces-inspraak-1.html"] ?? ""
        // A public name is public; the one of the input whose details were erased is not shown.
        #expect(page.contains("Buurtgroep Noord") == false)
        #expect(page.contains("Vereniging Plein") && page.contains(Redaction.placeholder))
        // The roles are there instead of the names, and the withdrawal shows its request was kept.
        #expect(page.contains("College van B en W") && page.contains("het verzoek van de indiener is vastgelegd"))
        #expect((files["audit.html"] ?? "").contains("vastgelegd (niet openbaar)"))
    }

    @Test("an exercise store says so on every page; a real store on none")
    func exerciseNotice() throws {
        let path = TestSupport.temporaryDirectory("site-exercise")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let files = Self.texts(try Self.site(try Self.store(path)))
        for (name, text) in files where name.hasSuffix(".html") {
            #expect(text.contains("<p class=\"let-op\" role=\"note\">Let op: \(ReportDocument.exerciseNotice)"), "\(name)")
        }

        let real = TestSupport.temporaryDirectory("site-real")
        defer { try? FileManager.default.removeItem(atPath: real) }
        let store = try ParticipationStore(path: real, session: StoreSession(account: "griffie"))
        let hash = try store.storeDefinition(try TestSupport.shippedFile("inspraak"))
        try store.execute(
            .start(StartProcess(id: "P", title: "Plein", attributes: ["impact": "laag"], definitionHash: hash)), on: "P",
            by: Self.projectleider,
            at: Date())
        #expect(!store.isExercise)
        let realFiles = Self.texts(try Self.site(store, today: CivilDate(amsterdam: Date()).iso))
        #expect(realFiles.count > 5)
        for (name, text) in realFiles where name.hasSuffix(".html") {
            #expect(!text.contains(ReportDocument.exerciseNotice), "\(name)")
            #expect(SiteChecks.structureProblems(text).isEmpty, "\(name): \(SiteChecks.structureProblems(text))")
        }
    }

    @Test("hostile text in every field a person types stays text on every page and in the agenda", arguments: HostileText.all)
    func hostile(_ hostile: HostileText) throws {
        let path = TestSupport.temporaryDirectory("site-hostile")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let files = Self.texts(try Self.site(try Self.store(path, text: hostile.text)))
        var seen = 0
        for (name, text) in files {
            if name.hasSuffix(".ics") {
                // iCalendar text may hold a tab (RFC 5545 §3.3.11); nothing else.
                let raw = OutputChecks.rawControls(text, tabs: true, crlf: true)
                #expect(raw.isEmpty, "\(name): \(raw)")
                #expect(OutputChecks.iCalendarProblems(text).isEmpty, "\(name): \(OutputChecks.iCalendarProblems(text).prefix(3))")
                continue
            }
            #expect(OutputChecks.rawControls(text).isEmpty, "\(name): \(OutputChecks.rawControls(text))")
            if name.hasSuffix(".html") {
                #expect(SiteChecks.structureProblems(text).isEmpty, "\(name): \(SiteChecks.structureProblems(text))")
                // A long word may have a <wbr> (a place to break the line) inside.
                if text.replacingOccurrences(of: "<wbr>", with: "").contains(hostile.marker) { seen += 1 }
            }
        }
        // Title, public name, motivation and references reach the pages, as text.
        #expect(seen >= 5, "de tekst staat op \(seen) pagina's")
        #expect((files["proces-inspraak-1.html"] ?? "").contains("Motivering: "))
        #expect(SiteChecks.brokenLinks(files).isEmpty, "\(SiteChecks.brokenLinks(files))")
    }

    @Test("kenmerken with any character get plain, distinct anchors that resolve")
    func hostileKenmerken() throws {
        let path = TestSupport.temporaryDirectory("site-kenmerken")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ids: [InputID] = ["<b>1</b>", "../../etc/passwd", "R 1/2", "R-1", "r-1", "😀", "\u{202E}exe", "a\"b'c"]
        let files = Self.texts(try Self.site(try Self.store(path, ids: ids)))
        let page = files["proces-inspraak-1.html"] ?? ""
        let anchors = page.matches(of: /<h3 id="([^"]+)">/).map { String($0.1) }
        #expect(anchors.count == ids.count && Set(anchors).count == ids.count, "\(anchors)")
        #expect(Set(anchors.map { $0.lowercased() }).count == ids.count, "twee ankers verschillen alleen in hoofdletters")
        for anchor in anchors {
            #expect(anchor.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }, "\(anchor)")
        }
        #expect(page.contains("Kenmerk &lt;b&gt;1&lt;/b&gt;"))
        #expect(SiteChecks.structureProblems(page).isEmpty, "\(SiteChecks.structureProblems(page))")
        #expect(SiteChecks.brokenLinks(files).isEmpty, "\(SiteChecks.brokenLinks(files))")
    }

    @Test("names made from ids: plain, distinct also without case, the same whatever the order")
    func names() {
        #expect(SiteNames.plain("inspraak-2026-001") == "inspraak-2026-001")
        #expect(SiteNames.plain("../../etc/passwd") == "etc-passwd")
        #expect(SiteNames.plain("<script>") == "script")
        #expect(SiteNames.plain("😀") == "x")
        let ids = ["P", "p", "R 1", "R-1", "inspraak-1", "../x", "x"]
        let names = SiteNames.names(for: ids)
        #expect(names["inspraak-1"] == "inspraak-1" && names["R-1"] != "R-1" && names["R 1"] != names["R-1"])
        #expect(Set(names.values.map { $0.lowercased() }).count == ids.count, "\(names)")
        #expect(SiteNames.names(for: ids.reversed()) == names)
        let sorted = ["R-10", "R-2", "r-1", "R-1", "R-01", "A", "R-", "R-2a"].sorted(by: SiteNames.precedes)
        #expect(sorted == ["A", "R-", "R-1", "R-01", "R-2", "R-2a", "R-10", "r-1"], "\(sorted)")
    }
}
