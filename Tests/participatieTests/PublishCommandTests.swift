import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// `participatie publish`: the demo store's site and every example's, walked by the link
/// checker; the same bytes from two runs; no names; hostile text inert; refusals that write
/// nothing.
@Suite("participatie publish", .serialized)
struct PublishCommandTests {
    /// Every file of a folder by name, as text.
    static func files(_ folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        return files
    }

    /// What must never be on the site: every writer's name, address, e-mail and phone in
    /// `personal.jsonl`, and every person's name an actor gave (`--as ROL:NAAM` with a space in it).
    static func forbidden(_ store: String) throws -> [String] {
        var words: [String] = []
        let personal = (try? String(contentsOfFile: store + "/personal.jsonl", encoding: .utf8)) ?? ""
        for line in personal.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let details = object["details"] as? [String: String]
            else { continue }
            words += details.values.filter { $0.count > 3 }
        }
        let journal = String(decoding: JournalSurgery.segments(store + "/journal").flatMap { $0 }, as: UTF8.self)
        for match in journal.matches(of: /"actor":\{"role":"[^"]*","name":"([^"]+)"\}/) where match.1.contains(" ") {
            words.append(String(match.1))
        }
        return Array(Set(words)).sorted()
    }

    /// The checks every published site must pass.
    static func check(_ site: String, store: String, place: String) throws {
        let files = try Self.files(site)
        #expect(files["index.html"] != nil && files[Site.manifestName] != nil && files[Site.calendarName] != nil, "\(place)")
        #expect(SiteChecks.brokenLinks(files).isEmpty, "\(place): \(SiteChecks.brokenLinks(files).prefix(5))")
        let forbidden = try Self.forbidden(store)
        for (name, text) in files {
            if name.hasSuffix(".html") {
                #expect(SiteChecks.structureProblems(text).isEmpty, "\(place)/\(name): \(SiteChecks.structureProblems(text))")
                #expect(text.contains(ReportDocument.exerciseNotice), "\(place)/\(name): geen melding van de oefenopslag")
            }
            for word in forbidden { #expect(!text.contains(word), "\(place)/\(name) bevat \(word)") }
        }
    }

    @Test(
        "the demo store: every link resolves, every page keeps the rules, no names, the same bytes from two runs and over the earlier site")
    func demo() throws {
        let directory = TestSupport.temporaryDirectory("publish-demo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        #expect(try tool.run(["demo", "--store", tool.store]).code == 0)
        tool.now = "2026-07-20T10:00:00+02:00"
        let first = try tool.run(["publish", "--out", directory + "/site"])
        #expect(first.code == 0, "\(first.err)")
        #expect(
            first.out.isEmpty && first.err.contains("gepubliceerd in \(directory)/site") && first.err.contains("Kop van het journaal: "))
        try Self.check(directory + "/site", store: tool.store, place: "demo")
        let files = try Self.files(directory + "/site")
        #expect(try Self.forbidden(tool.store).contains("Fatima Yilmaz"), "de test zoekt naar namen die in de opslag staan")
        let process = try #require(files["proces-inspraak-2026-001.html"])
        for number in 1...13 { #expect(process.contains(String(format: "id=\"kenmerk-R-%04d\"", number))) }
        #expect(process.contains("Bewonersvereniging Groenekwartier"))
        #expect(files["register.html"]?.contains("proces-brief-2026-017.html") == true)
        // Each point of the letter with its behandelaar, and the hand-over with its day, role and reason.
        let letter = try #require(files["proces-brief-2026-017.html"])
        #expect(letter.contains("Behandelaar</dt><dd>Afdeling Verkeer</dd>"))
        #expect(letter.contains("Overgedragen</dt><dd>Team Groen → Wijkzaken op 07-05-2026 (door griffie): "))
        #expect(files["journaal.html"]?.contains("participatie verify --anchor ") == true)
        #expect(files[Site.calendarName]?.hasPrefix("BEGIN:VCALENDAR\r\n") == true)

        // A second run, another process, the same store and day: the same bytes.
        #expect(try tool.run(["publish", "--out", directory + "/again"]).code == 0)
        #expect(try Self.files(directory + "/again") == files)
        // Over the earlier site: replaced, the same bytes, nothing left beside it.
        let replaced = try tool.run(["publish", "--out", directory + "/site"])
        #expect(replaced.code == 0 && replaced.err.contains("de vorige site is vervangen"), "\(replaced.err)")
        #expect(try Self.files(directory + "/site") == files)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["again", "site", "store"])
        // A selection of processes: the site shrinks, and the pages of the others go.
        #expect(try tool.run(["publish", "--out", directory + "/site", "inspraak-2026-001"]).code == 0)
        let selected = try Self.files(directory + "/site")
        #expect(selected["proces-inspraak-2026-001.html"] != nil && selected["proces-brief-2026-017.html"] == nil)
        #expect(SiteChecks.brokenLinks(selected).isEmpty, "\(SiteChecks.brokenLinks(selected))")
    }

    @Test("the site of every example: every link resolves, every page keeps the rules, no names", arguments: ExamplesTests.scripts)
    func example(_ name: String) throws {
        let directory = TestSupport.temporaryDirectory("publish-example")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try ExamplesTests.play(name, store: directory + "/store")
        let result = try tool.run(["publish", "--out", directory + "/site"])
        #expect(result.code == 0, "\(name): \(result.err)")
        try Self.check(directory + "/site", store: tool.store, place: name)
    }

    @Test("hostile text in titles, names, themes and motivations stays text on every page")
    func hostile() throws {
        let directory = TestSupport.temporaryDirectory("publish-hostile")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tool = try ReportEscapingTests.store(directory)
        #expect(try tool.run(["publish", "--out", directory + "/site", "--title", "Gemeente <Test> & \u{202E}omgekeerd"]).code == 0)
        let files = try Self.files(directory + "/site")
        // The site's own name is typed too, and shown as text on every page.
        for (name, text) in files where name.hasSuffix(".html") {
            #expect(text.contains("Gemeente &lt;Test&gt; &amp; &lt;U+202E&gt;omgekeerd"), "\(name)")
        }
        var seen = false
        for (name, text) in files where name.hasSuffix(".html") {
            #expect(SiteChecks.structureProblems(text).isEmpty, "\(name): \(SiteChecks.structureProblems(text))")
            #expect(!text.contains("\u{1B}"), "\(name): ESC")
            seen = seen || text.contains("&lt;script&gt;") || text.contains("&lt;img")
        }
        #expect(seen, "de vijandige tekst staat nergens: de test zegt niets")
        #expect(SiteChecks.brokenLinks(files).isEmpty, "\(SiteChecks.brokenLinks(files))")
    }

    @Test("a folder with other files, a folder inside the store or around it, no --out, an unknown process: refused, nothing written")
    func refusals() throws {
        let directory = TestSupport.temporaryDirectory("publish-refusals")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        tool.now = "2026-03-13T10:00:00+01:00"
        #expect(try tool.run(["start", "inspraak", "--id", "P", "--title", "Plein", "--attr", "impact=laag"]).code == 0)
        let www = directory + "/www"
        try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: false)
        try Data("<h1>Gemeente</h1>".utf8).write(to: URL(fileURLWithPath: www + "/index.html"))

        var result = try tool.run(["publish", "--out", www])
        #expect(
            result.code == 64 && result.err.contains("geen site die participatie eerder maakte") && result.err.contains("index.html"),
            "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: www) == ["index.html"])
        #expect(try String(contentsOfFile: www + "/index.html", encoding: .utf8) == "<h1>Gemeente</h1>")

        result = try tool.run(["publish", "--out", tool.store + "/site"])
        #expect(result.code == 64 && result.err.contains("ligt in de opslag"), "\(result.err)")
        result = try tool.run(["publish", "--out", directory])
        #expect(result.code == 64 && result.err.contains("bevat de opslag"), "\(result.err)")
        result = try tool.run(["publish"])
        #expect(result.code == 64 && result.err.contains("--out MAP"), "\(result.err)")
        result = try tool.run(["publish", "--out", directory + "/site", "Q"])
        #expect(result.code == 65, "\(result.err)")
        result = try tool.run(["publish", "--out", directory + "/site", "--year", "twintig"])
        #expect(result.code == 64, "\(result.err)")
        result = try tool.run(["publish", "--out", directory + "/site", "--title", " "])
        #expect(result.code == 64 && result.err.contains("--title is leeg"), "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["store", "www"])

        // A missing store: exit 74, and neither a store nor a site is made.
        let missing = Tool(store: directory + "/geen-opslag")
        result = try missing.run(["publish", "--out", directory + "/site"])
        #expect(result.code == 74, "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["store", "www"])
    }

    @Test("publish --help says in Dutch what it does, how it keeps other files and how to run it nightly")
    func help() throws {
        let result = try Tool(store: "/nonexistent").run(["publish", "--help"])
        #expect(result.code == 0)
        for phrase in [
            "Gebruik: participatie publish --out MAP", "zoek uw kenmerk", "nooit iets", "participatie tick && participatie publish",
        ] {
            #expect(result.out.contains(phrase), "\(phrase)")
        }
        #expect(try Tool(store: "/nonexistent").run(["--help"]).out.contains("publish"))
    }
}
