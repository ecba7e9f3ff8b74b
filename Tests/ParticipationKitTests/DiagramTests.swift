import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

// MARK: - Snapshots

/// Compares `actual` with `Snapshots/diagram/<name>`; `RECORD_SNAPSHOTS=1` writes it instead.
private func assertSnapshot(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    assertMatchesSnapshot(
        actual, named: name, in: "diagram", record: "RECORD_SNAPSHOTS=1 swift test --filter Diagram", sourceLocation: sourceLocation)
}

// MARK: - Fixture

/// A small workflow with every feature the diagrams draw: phases given out of order, a state
/// without phase, a decision, a timed transition, two final states and a noodrem from `*`.
private func fixture(
    stateLabel: String = "Afweging", transitionLabel: String? = nil, title: String = "Proef"
) -> WorkflowDefinition {
    WorkflowDefinition(
        id: "proef", version: "1", title: title,
        roles: Keyed([
            ("projectleider", RoleSpec(label: "Projectleider")), ("college", RoleSpec(label: "College")),
            ("raad", RoleSpec(label: "Gemeenteraad")),
        ]),
        inputKinds: Keyed([("brief", InputKindSpec(label: "Brief"))]),
        initial: "ontvangen",
        states: Keyed([
            ("ontvangen", StateSpec(label: "Ontvangen", phase: .denken, accepts: ["brief"])),
            ("terKennisneming", StateSpec(label: "Ter kennisneming", phase: .doen)),
            ("afweging", StateSpec(label: stateLabel, phase: .besluiten)),
            ("geenOpvolging", StateSpec(label: "Geen opvolging", phase: .leren)),
            ("besloten", StateSpec(label: "Besloten", phase: .besluiten, isFinal: true, outcome: "besloten")),
            ("gestopt", StateSpec(label: "Gestopt door de raad")),
            ("beeindigd", StateSpec(label: "Beëindigd", isFinal: true, outcome: "gestopt")),
        ]),
        transitions: [
            Transition(name: "doorsturen", from: .states(["ontvangen"]), to: "terKennisneming", by: ["projectleider"]),
            Transition(name: "afwegen", label: transitionLabel, from: .states(["ontvangen"]), to: "afweging", by: ["projectleider"]),
            Transition(name: "verlopen", from: .states(["terKennisneming"]), to: "geenOpvolging", by: [], after: .weeks(8)),
            Transition(
                name: "besluiten", label: "Besluiten", from: .states(["afweging", "geenOpvolging"]), to: "besloten",
                by: ["college", "raad"], decision: true),
            Transition(name: "noodrem", label: "Noodrem", from: .anyState, to: "gestopt", by: ["raad"], requires: [.reason]),
            Transition(name: "beeindigen", from: .states(["gestopt"]), to: "beeindigd", by: ["projectleider"]),
        ])
}

private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

/// The lines between `opening` and its closing `    }`, or `nil` when there is no such block.
private func block(_ text: String, opening: String) -> [String]? {
    let all = lines(text)
    guard let start = all.firstIndex(of: opening) else { return nil }
    guard let end = all[(start + 1)...].firstIndex(of: "    }") else { return nil }
    return Array(all[(start + 1)..<end])
}

/// The quoted strings of one line of DOT, unescaped, and the text outside them; `nil` when a
/// string is not closed on the line.
private func lexDOT(_ line: String) -> (strings: [String], bare: String)? {
    var strings: [String] = []
    var bare = ""
    var current: String?
    var iterator = line.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
        if current == nil {
            if scalar == "\"" { current = "" } else { bare.unicodeScalars.append(scalar) }
        } else if scalar == "\\" {
            switch iterator.next() {
            case "\"": current?.unicodeScalars.append("\"")
            case "\\": current?.unicodeScalars.append("\\")
            case "n": current?.unicodeScalars.append("\n")
            case let other?: current?.unicodeScalars.append(contentsOf: ["\\", other])
            case nil: return nil
            }
        } else if scalar == "\"" {
            strings.append(current ?? "")
            current = nil
        } else {
            current?.unicodeScalars.append(scalar)
        }
    }
    return current == nil ? (strings, bare) : nil
}

/// Mermaid text with its entity codes (`#58;`) turned back into characters.
private func decodeMermaid(_ text: String) throws -> String {
    var result = ""
    var rest = Substring(text)
    let entity = try Regex("^#([0-9]+);")
    while let first = rest.first {
        if first == "#", let match = try entity.prefixMatch(in: rest), let code = match.output[1].substring.flatMap({ UInt32($0) }),
            let scalar = Unicode.Scalar(code)
        {
            result.unicodeScalars.append(scalar)
            rest = rest[match.range.upperBound...]
        } else {
            result.append(first)
            rest = rest.dropFirst()
        }
    }
    return result
}

// MARK: - Tests

@Suite("WorkflowDiagram")
struct DiagramTests {
    @Test(
        "the diagram of every shipped workflow equals its snapshot",
        arguments: ShippedWorkflows.names, WorkflowDiagram.Format.allCases)
    func snapshot(name: String, format: WorkflowDiagram.Format) throws {
        let diagram = WorkflowDiagram.render(try TestSupport.shipped(name), as: format)
        try assertSnapshot(diagram, named: "\(name).\(format.fileExtension)")
    }

    @Test("every shipped workflow renders with one trailing newline and the right header", arguments: ShippedWorkflows.names)
    func shippedRender(name: String) throws {
        let definition = try TestSupport.shipped(name)
        for format in WorkflowDiagram.Format.allCases {
            let diagram = WorkflowDiagram.render(definition, as: format)
            #expect(diagram.hasSuffix("\n") && !diagram.hasSuffix("\n\n"))
            #expect(diagram.hasPrefix(format == .mermaid ? "stateDiagram-v2\n" : "digraph \"\(definition.id)\" {\n"))
        }
        let mermaid = WorkflowDiagram.render(definition, as: .mermaid)
        #expect(mermaid.filter { $0 == "{" }.count == mermaid.filter { $0 == "}" }.count)
        for state in definition.states.values { #expect(mermaid.contains("state \"\(WorkflowDiagram.mermaidText(state.label))\" as ")) }
    }

    @Test("a transition from every state is drawn once, however many states it can start in", arguments: WorkflowDiagram.Format.allCases)
    func noodremOnce(format: WorkflowDiagram.Format) throws {
        let definition = fixture()
        let noodrem = try #require(definition.transitions.first { $0.name == "noodrem" })
        #expect(definition.sources(of: noodrem).count == 4)
        let diagram = WorkflowDiagram.render(definition, as: format)
        let into = lines(diagram).filter {
            format == .mermaid ? $0.contains(" --> gestopt ") : $0.contains(" -> \"gestopt\"")
        }
        #expect(into.count == 1)
        let line = try #require(into.first)
        #expect(
            line.hasPrefix(
                format == .mermaid ? "    elke_toestand --> gestopt : Noodrem door raad" : "    \"__elke_toestand\" -> \"gestopt\""))
        #expect(diagram.components(separatedBy: "vanuit elke toestand").count == 2)
    }

    @Test("the noodrem of every shipped workflow has one arrow per transition from *", arguments: ShippedWorkflows.names)
    func shippedNoodrem(name: String) throws {
        let definition = try TestSupport.shipped(name)
        let fromAny = definition.transitions.filter { $0.from == .anyState }
        let mermaid = lines(WorkflowDiagram.render(definition, as: .mermaid))
        let dot = lines(WorkflowDiagram.render(definition, as: .dot))
        #expect(mermaid.filter { $0.hasPrefix("    elke_toestand --> ") }.count == fromAny.count)
        #expect(dot.filter { $0.hasPrefix("    \"__elke_toestand\" -> ") }.count == fromAny.count)
        for transition in fromAny {
            #expect(mermaid.filter { $0.contains(" --> \(transition.to) ") }.count == 1)
        }
    }

    @Test("a decision is marked, and only a decision")
    func decisionMarked() throws {
        let mermaid = lines(WorkflowDiagram.render(fixture(), as: .mermaid))
        #expect(mermaid.contains("    afweging --> besloten : ⚖ besluit#58; Besluiten door college of raad"))
        #expect(mermaid.contains("    geenOpvolging --> besloten : ⚖ besluit#58; Besluiten door college of raad"))
        #expect(mermaid.filter { $0.contains("⚖") }.count == 2)
        let dot = lines(WorkflowDiagram.render(fixture(), as: .dot))
        let decision = try #require(dot.first { $0.hasPrefix("    \"afweging\" -> \"besloten\"") })
        #expect(decision.contains("label=\"⚖ besluit: Besluiten door college of raad\""))
        #expect(decision.contains("penwidth=2.5") && decision.contains("style=\"bold\""))
        #expect(dot.filter { $0.contains("penwidth") }.count == 2)
        #expect(dot.filter { $0.contains("⚖") }.count == 2)
    }

    @Test("a timed transition shows its term, and is dashed in DOT")
    func timedTerm() throws {
        let mermaid = lines(WorkflowDiagram.render(fixture(), as: .mermaid))
        #expect(mermaid.contains("    terKennisneming --> geenOpvolging : verlopen na 8 weken"))
        let dot = lines(WorkflowDiagram.render(fixture(), as: .dot))
        #expect(dot.contains("    \"terKennisneming\" -> \"geenOpvolging\" [label=\"verlopen na 8 weken\", style=\"dashed\"];"))
        #expect(dot.filter { $0.contains("dashed") && $0.contains(" -> ") }.count == 1)
    }

    @Test("states are inside their phase group, groups in the order denken, besluiten, doen, leren")
    func phaseGroups() throws {
        let mermaid = WorkflowDiagram.render(fixture(), as: .mermaid)
        let expected: [(Phase, String, [String])] = [
            (.denken, "Samen denken", ["ontvangen"]), (.besluiten, "Samen besluiten", ["afweging", "besloten"]),
            (.doen, "Samen doen", ["terKennisneming"]), (.leren, "Samen leren", ["geenOpvolging"]),
        ]
        var positions: [Int] = []
        for (phase, label, states) in expected {
            let opening = "    state \"\(label)\" as fase_\(phase.rawValue) {"
            let members = try #require(block(mermaid, opening: opening), "\(opening) ontbreekt")
            #expect(members.map { $0.components(separatedBy: " as ").last ?? "" } == states)
            #expect(members.allSatisfy { $0.hasPrefix("        state \"") })
            positions.append(try #require(lines(mermaid).firstIndex(of: opening)))

            let dot = WorkflowDiagram.render(fixture(), as: .dot)
            let cluster = try #require(block(dot, opening: "    subgraph \"cluster_\(phase.rawValue)\" {"))
            #expect(cluster.filter { $0.hasPrefix("        \"") }.map { lexDOT($0)?.strings.first ?? "" } == states)
            #expect(cluster.contains("        label=\"\(label)\";"))
        }
        #expect(positions == positions.sorted())
        let loose = lines(mermaid).filter { $0.hasPrefix("    state \"") && !$0.hasSuffix("{") }
        #expect(loose.map { $0.components(separatedBy: " as ").last ?? "" } == ["gestopt", "beeindigd", "elke_toestand"])
    }

    @Test("the start arrow goes to the initial state, final states end with their outcome")
    func initialAndFinal() throws {
        let mermaid = lines(WorkflowDiagram.render(fixture(), as: .mermaid))
        #expect(mermaid.contains("    [*] --> ontvangen"))
        #expect(mermaid.contains("    besloten --> [*] : uitkomst#58; besloten"))
        #expect(mermaid.contains("    beeindigd --> [*] : uitkomst#58; gestopt"))
        #expect(mermaid.filter { $0.contains("--> [*]") }.count == 2)
        let dot = lines(WorkflowDiagram.render(fixture(), as: .dot))
        #expect(dot.contains("    \"__start\" -> \"ontvangen\";"))
        #expect(dot.contains("        \"besloten\" [label=\"Besloten\\nuitkomst: besloten\", peripheries=2];"))
        #expect(dot.contains("    \"beeindigd\" [label=\"Beëindigd\\nuitkomst: gestopt\", peripheries=2];"))
        #expect(dot.filter { $0.contains("peripheries=2") }.count == 2)
    }

    static let hostile = "a\"b:c;d#e\nf"
    static let script = "</script>"

    private func hostileDefinition() -> WorkflowDefinition {
        var definition = fixture(stateLabel: Self.hostile, transitionLabel: Self.script, title: "%%{init: {}}%% \(Self.hostile)")
        definition.states["a b"] = StateSpec(label: "back\\slash\r\nnieuw", phase: .denken)
        definition.states["end"] = StateSpec(label: "Sleutelwoord")
        definition.states["1e"] = StateSpec(label: "Cijfer")
        definition.states["x\"y"] = StateSpec(label: "Aanhalingsteken")
        definition.states["elke_toestand"] = StateSpec(label: "Zelfde naam als het vak")
        definition.states["__start"] = StateSpec(label: "Zelfde naam als de start")
        definition.transitions.append(
            Transition(
                name: "vreemd", label: "x --> y : z", from: .states(["a b", "end", "1e", "x\"y"]), to: "elke_toestand", by: ["raad"]))
        definition.transitions.append(Transition(name: "naarStart", from: .states(["elke_toestand"]), to: "__start", by: ["raad"]))
        return definition
    }

    @Test("hostile labels and ids keep the Mermaid structure: one statement per line, text only as entities")
    func hostileMermaid() throws {
        let diagram = WorkflowDiagram.render(hostileDefinition(), as: .mermaid)
        let id = "[A-Za-z][A-Za-z0-9_]*"
        let text = "(?:[^\"#%&:;<>\\[\\]{}\\n]|#[0-9]+;)*"
        let grammar = try [
            "stateDiagram-v2",
            "    %% \(text)",
            " *state \"\(text)\" as \(id)(?: \\{)?",
            " *\\}",
            "    (?:\(id)|\\[\\*\\]) --> (?:\(id)|\\[\\*\\])(?: : \(text))?",
            "    classDef \(id) [^\\n]*",
            "    class \(id) \(id)",
        ].map { try Regex($0) }
        for line in lines(diagram) {
            #expect(grammar.contains { (try? $0.wholeMatch(in: line)) != nil }, "regel past niet: \(line)")
        }
        #expect(!diagram.contains("<") && !diagram.contains("%%{"))
        let hostileLine = try #require(lines(diagram).first { $0.hasSuffix(" as afweging") })
        let label = try #require(hostileLine.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first)
        #expect(try decodeMermaid(String(label)) == "a\"b:c;d#e f")
        let arrow = try #require(lines(diagram).first { $0.hasPrefix("    ontvangen --> afweging : ") })
        #expect(try decodeMermaid(arrow) == "    ontvangen --> afweging : </script> door projectleider")
        #expect(diagram.contains("state \"back\\slash nieuw\" as a_b_"))

        // Every state gets its own safe id, stable from run to run, and none takes the box's id.
        let ids = WorkflowDiagram.MermaidIDs(states: hostileDefinition().states.keys)
        let all = hostileDefinition().states.keys.map { ids[$0] }
        #expect(Set(all).count == all.count)
        #expect(!all.contains("elke_toestand") && !all.contains("end"))
        #expect(ids["a b"] == "a_b_" + WorkflowDiagram.MermaidIDs.suffix(for: "a b"))
        #expect(ids["1e"].hasPrefix("s_1e_") && ids["x\"y"].hasPrefix("x_y_"))
        #expect(ids["ontvangen"] == "ontvangen")
        #expect(WorkflowDiagram.MermaidIDs.suffix(for: "a b") == "10a3f9f2")
        #expect(diagram == WorkflowDiagram.render(hostileDefinition(), as: .mermaid))
    }

    @Test("hostile labels and ids stay inside DOT strings: no bare quote, every string closed on its line")
    func hostileDOT() throws {
        let diagram = WorkflowDiagram.render(hostileDefinition(), as: .dot)
        var strings: [String] = []
        for line in lines(diagram) {
            let lexed = try #require(lexDOT(line), "open string: \(line)")
            strings += lexed.strings
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=,;[]{}->. ")
            #expect(lexed.bare.unicodeScalars.allSatisfy(allowed.contains), "buiten een string: \(lexed.bare)")
        }
        #expect(strings.contains(Self.hostile))
        #expect(strings.contains("\(Self.script) door projectleider"))
        #expect(strings.contains("back\\slash\nnieuw"))
        #expect(strings.contains("x\"y") && strings.contains("1e") && strings.contains("end"))
        #expect(diagram.contains("[label=\"a\\\"b:c;d#e\\nf\"]"))
        // The start point and the every-state box give way to states with their names.
        #expect(diagram.contains("    \"__start_2\" -> \"ontvangen\";"))
        #expect(diagram.contains("    \"__elke_toestand\" -> \"gestopt\""))
        #expect(diagram.contains("    \"elke_toestand\" -> \"__start\""))
    }

    static let graphviz = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test("Graphviz accepts the hostile DOT and shows the labels as written", .enabled(if: graphviz != nil))
    func hostileGraphviz() throws {
        let result = try ProcessRunner.run(
            executable: try #require(Self.graphviz), arguments: ["-Tsvg"], stdin: WorkflowDiagram.render(hostileDefinition(), as: .dot))
        let svg = result.out
        let messages = result.err
        #expect(result.code == 0, "\(messages)")
        #expect(messages.isEmpty, "\(messages)")
        #expect(svg.contains("a&quot;b:c;d#e"))
        #expect(svg.contains("&lt;/script&gt; door projectleider"))
        #expect(!svg.contains("</script>"))
    }

    @Test("text escaping for each format")
    func escaping() {
        #expect(WorkflowDiagram.mermaidText("a\"b:c;d#e\nf") == "a#34;b#58;c#59;d#35;e f")
        #expect(WorkflowDiagram.mermaidText("</script> 100% {x} [*] & co") == "#60;/script#62; 100#37; #123;x#125; #91;*#93; #38; co")
        #expect(WorkflowDiagram.mermaidText("r\r\ns\tt\u{0}") == "r s t ")
        #expect(WorkflowDiagram.mermaidText("Beëindigd ⚖") == "Beëindigd ⚖")
        #expect(WorkflowDiagram.dotString("a\"b\\c\nd\r\ne") == "\"a\\\"b\\\\c\\nd\\ne\"")
        #expect(WorkflowDiagram.dotString("x\\") == "\"x\\\\\"")
        #expect(WorkflowDiagram.dotString("\u{7}") == "\" \"")
        // Format characters are shown as their code point, like the bidi overrides.
        #expect(WorkflowDiagram.mermaidText("\u{200F}a\u{061C}b\u{E0041}") == "#60;U+200F#62;a#60;U+061C#62;b#60;U+E0041#62;")
        #expect(WorkflowDiagram.dotString("\u{202E}a\u{AD}b\u{FEFF}") == "\"<U+202E>a<U+00AD>b<U+FEFF>\"")
    }

    @Test("formats and their file extensions")
    func formats() {
        #expect(WorkflowDiagram.Format.allCases == [.mermaid, .dot])
        #expect(WorkflowDiagram.Format(rawValue: "dot") == .dot)
        #expect(WorkflowDiagram.Format.allCases.map(\.fileExtension) == ["mmd", "dot"])
    }
}
