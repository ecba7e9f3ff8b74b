import Foundation
import ParticipationKit
import ParticipationKitTestSupport
import Testing

/// Every report in every format, the CLI's own text output, the participatieparagraaf and
/// the diagrams, each with every hostile string of ``Hostile/all`` in every field a citizen,
/// a civil servant or a workflow author can fill: nothing becomes markup, a formula or a
/// terminal command, and each piece of text is still there to read.
@Suite("Output safety matrix", .serialized)
struct OutputSafetyTests {
    // MARK: Fixtures

    /// A store with an inspraak whose title and every input (text, public name, theme,
    /// answer) carry hostile text, and a letter to the raad in the register.
    static let store: String = {
        let directory = TestSupport.temporaryDirectory("output-safety")
        var tool = Tool(store: directory + "/store")
        func must(_ arguments: [String]) {
            let result = (try? tool.run(arguments)) ?? (code: -1, out: "", err: "kon niet starten")
            if result.code != 0 { preconditionFailure("\(arguments.prefix(4)): \(result.err)") }
        }
        let title = "Plein " + HostileText.all.prefix(20).map(\.text).joined(separator: " ")
        tool.now = "2026-03-13T10:00:00+01:00"
        must(["start", "inspraak", "--id", "P", "--title", title, "--attr", "impact=laag"])
        must(["document", "add", "P", "--kind", "ontwerp", "--ref", HostileText.all[0].text])
        tool.now = "2026-03-16T09:00:00+01:00"
        must(["advance", "P", "terInzageLeggen"])
        tool.now = "2026-03-20T09:00:00+01:00"
        func quoted(_ field: String) -> String { "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var inputs = "kenmerk;soort;publieke_naam;thema;tekst\n"
        var answers = "kenmerk;oordeel;motivering\n"
        for (index, hostile) in HostileText.all.enumerated() {
            inputs +=
                ["H-\(index + 1)", "inspraakreactie", hostile.text, hostile.text, hostile.text].map(quoted).joined(separator: ";") + "\n"
            if index % 2 == 0 { answers += ["H-\(index + 1)", "deels", hostile.text].map(quoted).joined(separator: ";") + "\n" }
        }
        // An id with control characters of its own.
        must(["input", "add", "P", "--kind", "inspraakreactie", "--id", "ID\u{1B}[2J\u{202E}", "--text", "Vreemd kenmerk"])
        let inputFile = directory + "/inbreng.csv"
        let answerFile = directory + "/antwoorden.csv"
        _ = FileManager.default.createFile(atPath: inputFile, contents: Data(inputs.utf8))
        _ = FileManager.default.createFile(atPath: answerFile, contents: Data(answers.utf8))
        must(["input", "import", "P", inputFile])
        must(["feedback", "import", "P", answerFile])
        must(["start", "ingekomen-stuk", "--id", "B", "--title", "Brief " + HostileText.all[1].text, "--as", "griffie"])
        for (index, hostile) in HostileText.all.enumerated() where index % 3 == 0 {
            must([
                "input", "add", "B", "--kind", "punt", "--id", "B-\(index)", "--text", hostile.text, "--public-name", hostile.text,
                "--as", "griffie",
            ])
        }
        return directory + "/store"
    }()

    static var tool: Tool {
        var tool = Tool(store: store)
        tool.now = "2026-04-01T09:00:00+02:00"
        return tool
    }

    // MARK: Reports

    static let reports: [[String]] = [
        ["report", "audit"], ["report", "register"], ["report", "reactienota", "P"], ["deadlines", "--within", "365"],
    ]

    @Test("every report in every format keeps every hostile string inert", arguments: reports)
    func report(_ command: [String]) throws {
        let tool = Self.tool
        for format in ["text", "md", "html", "json", "csv", "csv-excel"] + (command.first == "deadlines" ? ["ics"] : []) {
            let arguments = command + (format == "csv-excel" ? ["--format", "csv", "--excel"] : ["--format", format])
            let result = try tool.run(arguments)
            let label = "\(command.joined(separator: " ")) \(format)"
            #expect(result.code == 0, "\(label): \(result.err)")
            #expect(OutputChecks.rawControls(result.err).isEmpty, "\(label): stuurtekens op het foutkanaal")
            let out = result.out
            switch format {
            case "text":
                #expect(OutputChecks.rawControls(out).isEmpty, "\(label): \(OutputChecks.rawControls(out))")
            case "md":
                #expect(OutputChecks.rawControls(out).isEmpty, "\(label): \(OutputChecks.rawControls(out))")
                #expect(OutputChecks.markdownProblems(out).isEmpty, "\(label): \(OutputChecks.markdownProblems(out).prefix(5))")
            case "html":
                #expect(OutputChecks.rawControls(out).isEmpty, "\(label): \(OutputChecks.rawControls(out))")
                #expect(OutputChecks.foreignTags(out).isEmpty, "\(label): \(OutputChecks.foreignTags(out).prefix(5))")
            case "json":
                #expect(OutputChecks.rawControls(out).isEmpty, "\(label): \(OutputChecks.rawControls(out))")
                #expect((try? JSONSerialization.jsonObject(with: Data(out.utf8))) != nil, "\(label): geen geldige JSON")
            case "csv", "csv-excel":
                let raw = OutputChecks.rawControls(out, tabs: true, crlf: true, byteOrderMark: format == "csv-excel")
                #expect(raw.isEmpty, "\(label): \(raw)")
                let formulas = try OutputChecks.formulaCells(Array(out.utf8))
                #expect(formulas.isEmpty, "\(label): \(formulas.prefix(5))")
            case "ics":
                // RFC 5545 allows a tab in TEXT; it steers nothing.
                #expect(
                    OutputChecks.rawControls(out, tabs: true, crlf: true).isEmpty,
                    "\(label): \(OutputChecks.rawControls(out, tabs: true, crlf: true))")
                #expect(OutputChecks.iCalendarProblems(out).isEmpty, "\(label): \(OutputChecks.iCalendarProblems(out).prefix(5))")
            default:
                break
            }
            // Not vacuous: the text is still there to read.
            if command.count > 1, command[1] == "reactienota" {
                for hostile in HostileText.all where !out.contains(hostile.marker) {
                    Issue.record("\(label): \(hostile.name) is verdwenen")
                }
            }
        }
    }

    // MARK: The CLI's own text

    @Test("status, list, refusals and unknown ids show control characters, never send them")
    func cliText() throws {
        let tool = Self.tool
        var results: [(String, (code: Int32, out: String, err: String))] = []
        results.append(("status", try tool.run(["status", "P"])))
        results.append(("status json", try tool.run(["status", "P", "--format", "json"])))
        results.append(("list", try tool.run(["list"])))
        results.append(("list json", try tool.run(["list", "--format", "json"])))
        results.append(("onbekend proces", try tool.run(["status", "X\u{1B}[2J\u{9B}H\u{202E}"])))
        results.append(("onbekende inbreng", try tool.run(["feedback", "sent", "P", "\u{1B}]0;Titel\u{07}"])))
        results.append(("onbekende stap", try tool.run(["advance", "P", "stap\u{1B}[31m\u{85}"])))
        results.append(("onbekende opdracht", try tool.run(["\u{1B}[31mrood"])))
        results.append(("verify", try tool.run(["verify"])))
        for (name, result) in results {
            #expect(OutputChecks.rawControls(result.out).isEmpty, "\(name): \(OutputChecks.rawControls(result.out)) op stdout")
            #expect(OutputChecks.rawControls(result.err).isEmpty, "\(name): \(OutputChecks.rawControls(result.err)) op stderr")
        }
        #expect(results[0].1.out.contains("Plein"))
        #expect(results[4].1.err.contains("<U+001B>[2J<U+009B>H<U+202E>"))
        #expect(results[5].1.err.contains("<U+001B>]0;Titel<U+0007>"))
        #expect(results[1].1.out.contains(#"\u202e"#) || results[1].1.out.contains(#"\u202E"#))
    }

    @Test("RLM, ALM and a tag character in a title and an input text: visible in text, escaped in JSON, kept in the store")
    func formatCharacters() throws {
        let directory = TestSupport.temporaryDirectory("output-safety-format")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var tool = Tool(store: directory + "/store")
        let title = "Plein \u{200F}links\u{061C} \u{E0041}Tag"
        let text = "Bezwaar \u{200F}\u{061C}\u{E0001}\u{E0074}Verborgen\u{E007F} zacht\u{AD}streepje"
        tool.now = "2026-03-13T10:00:00+01:00"
        #expect(try tool.run(["start", "inspraak", "--id", "P", "--title", title, "--attr", "impact=laag"]).code == 0)
        #expect(try tool.run(["document", "add", "P", "--kind", "ontwerp", "--ref", "Z-1"]).code == 0)
        tool.now = "2026-03-16T09:00:00+01:00"
        #expect(try tool.run(["advance", "P", "terInzageLeggen"]).code == 0)
        tool.now = "2026-03-20T09:00:00+01:00"
        #expect(try tool.run(["input", "add", "P", "--kind", "inspraakreactie", "--id", "R-1", "--text", text]).code == 0)

        let visibleTitle = "Plein <U+200F>links<U+061C> <U+E0041>Tag"
        for arguments in [["status", "P"], ["report", "reactienota", "P"], ["report", "audit"]] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.err)")
            #expect(OutputChecks.rawControls(result.out).isEmpty, "\(arguments): \(OutputChecks.rawControls(result.out))")
            #expect(result.out.contains(visibleTitle), "\(arguments): titel niet zichtbaar gemaakt")
        }
        // The input text (wrapped in its table cell).
        let reactienota = try tool.run(["report", "reactienota", "P"]).out
        #expect(reactienota.contains("<U+200F><U+061C><U+E0001><U+E0074>") && reactienota.contains("zacht<U+00AD>streepje"))

        for arguments in [["status", "P", "--format", "json"], ["report", "reactienota", "P", "--format", "json"]] {
            let result = try tool.run(arguments)
            #expect(result.code == 0, "\(arguments): \(result.err)")
            #expect(OutputChecks.rawControls(result.out).isEmpty, "\(arguments): \(OutputChecks.rawControls(result.out))")
            // Escaped as JSON escapes (a tag character as its surrogate pair), which mean the same text.
            for escape in [#"\u200f"#, #"\u061c"#, #"\udb40\udc41"#] {
                #expect(result.out.contains(escape), "\(arguments): \(escape) ontbreekt")
            }
            func strings(_ value: Any) -> [String] {
                switch value {
                case let text as String: [text]
                case let array as [Any]: array.flatMap(strings)
                case let object as [String: Any]: object.values.flatMap(strings)
                default: []
                }
            }
            let read = strings(try JSONSerialization.jsonObject(with: Data(result.out.utf8)))
            #expect(read.contains(title), "\(arguments): de JSON leest niet terug als de titel")
        }
        let report = try tool.run(["report", "reactienota", "P", "--format", "json"]).out
        #expect(report.contains(#"\udb40\udc01\udb40\udc74Verborgen\udb40\udc7f"#))
    }

    // MARK: Plan paragraph and diagrams

    @Test("the participatieparagraaf of a plan full of hostile text, in Markdown and HTML")
    func paragraph() throws {
        let directory = TestSupport.temporaryDirectory("output-safety-plan")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = TestSupport.repositoryRoot().appendingPathComponent("examples/plan-plein.json")
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var hostile = HostileText.all.makeIterator()
        func next() -> String { (hostile.next() ?? HostileText.all[0]).text + " met genoeg woorden om als antwoord te tellen" }
        plan["project"] = next()
        if var questions = plan["vragen"] as? [String: Any] {
            for key in questions.keys.sorted() { questions[key] = next() }
            plan["vragen"] = questions
        }
        if var phases = plan["fasen"] as? [[String: Any]] {
            for index in phases.indices { phases[index]["doel"] = next() }
            plan["fasen"] = phases
        }
        plan["belanghebbenden"] = (0..<8).map { _ in next() }
        let path = directory + "/plan.json"
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: path))
        let tool = Tool(store: directory + "/store")
        for format in ["md", "html"] {
            let result = try tool.run(["plan", "paragraph", path, "--concept", "--format", format])
            #expect(result.code == 0, "\(format): \(result.err)")
            #expect(OutputChecks.rawControls(result.out).isEmpty, "\(format): \(OutputChecks.rawControls(result.out))")
            #expect(OutputChecks.rawControls(result.err).isEmpty)
            if format == "md" {
                #expect(OutputChecks.markdownProblems(result.out).isEmpty, "\(OutputChecks.markdownProblems(result.out).prefix(5))")
            } else {
                #expect(OutputChecks.foreignTags(result.out).isEmpty, "\(OutputChecks.foreignTags(result.out).prefix(5))")
            }
            #expect(result.out.contains("ROOD"))
        }
        let check = try tool.run(["plan", "check", path])
        #expect(OutputChecks.rawControls(check.out).isEmpty && OutputChecks.rawControls(check.err).isEmpty, "plan check")
    }

    @Test("Mermaid and DOT of a workflow whose every label is hostile stay well-formed")
    func diagrams() throws {
        let directory = TestSupport.temporaryDirectory("output-safety-diagram")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let url = TestSupport.repositoryRoot().appendingPathComponent("workflows/nijmegen-participatie.json")
        var workflow = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var cycle = 0
        func next() -> String {
            cycle += 1
            return HostileText.all[cycle % HostileText.all.count].text + "\nSENTINEL"
        }
        workflow["title"] = next()
        if var states = workflow["states"] as? [String: [String: Any]] {
            for key in states.keys.sorted() {
                states[key]?["label"] = next()
                if states[key]?["outcome"] != nil { states[key]?["outcome"] = next() }
            }
            workflow["states"] = states
        }
        if var transitions = workflow["transitions"] as? [[String: Any]] {
            for index in transitions.indices { transitions[index]["label"] = next() }
            workflow["transitions"] = transitions
        }
        let path = directory + "/vijandig.json"
        try JSONSerialization.data(withJSONObject: workflow).write(to: URL(fileURLWithPath: path))
        let tool = Tool(store: directory + "/store")
        for format in ["mermaid", "dot"] {
            let result = try tool.run(["diagram", path, "--format", format])
            #expect(result.code == 0, "\(format): \(result.err)")
            #expect(OutputChecks.rawControls(result.out).isEmpty, "\(format): \(OutputChecks.rawControls(result.out))")
            let lines = result.out.components(separatedBy: "\n")
            #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("SENTINEL") }, "\(format): label brak een regel af")
            #expect(result.out.contains("SENTINEL"))
            for line in lines {
                // Quotes open and close on the same line; a backslash escapes the next character in DOT.
                var quotes = 0
                var escaped = false
                for character in line {
                    if escaped {
                        escaped = false
                    } else if character == "\\", format == "dot" {
                        escaped = true
                    } else if character == "\"" {
                        quotes += 1
                    }
                }
                #expect(quotes % 2 == 0, "\(format): \(line)")
                if format == "dot" {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    #expect(trimmed.isEmpty || trimmed.hasSuffix(";") || trimmed.hasSuffix("{") || trimmed == "}", "dot: \(line)")
                } else {
                    #expect(line.filter { $0 == "\"" }.count <= 2, "mermaid: \(line)")
                }
            }
        }
    }
}
