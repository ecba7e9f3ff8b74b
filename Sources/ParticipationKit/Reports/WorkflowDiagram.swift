/// Draws a workflow definition as a state diagram: Mermaid `stateDiagram-v2` or Graphviz DOT.
///
/// Both formats show the same picture, built from the definition alone:
///
/// - **Phases.** States are grouped by phase in the order denken, besluiten, doen, leren
///   (a Mermaid composite state `fase_denken`, a DOT `subgraph "cluster_denken"`), each group
///   labelled "Samen denken" and so on; states without a phase follow outside any group.
///   Within a group, states keep the order of the file.
/// - **States** carry their Dutch label. The initial state gets an arrow from the start dot.
///   A final state gets an arrow to the end dot labelled `uitkomst: …` in Mermaid, and a
///   double border (`peripheries=2`) with `uitkomst: …` on a second line in DOT.
/// - **Transitions** are labelled with their `label`, or their `name` when they have none,
///   followed by the roles that may fire them: `terInzageLeggen door projectleider`,
///   `Besluiten door college of raad`.
/// - **Decisions** (besluiten) start with `⚖ besluit: ` in both formats, because Mermaid
///   cannot style one transition apart; DOT also draws them bold (`penwidth=2.5`).
/// - **Timed transitions** show their term, `geenOpvolging na 8 weken` (they have no roles:
///   the engine fires them), and are dashed in DOT.
/// - **Transitions from every state** (`"from": "*"`, such as the raad's noodrem) are drawn
///   once, from one extra box "vanuit elke toestand (behalve eindtoestanden)" (dashed), not
///   from each state: exactly one arrow per such transition goes into its target.
///
/// Every piece of text from the file is escaped, so no label can break the syntax. Mermaid
/// text uses Mermaid's entity codes (`#34;` for `"`, `#58;` for `:`, and so on for
/// `# % & ; < > [ ] { }`), and line breaks become spaces. State ids that are not plain
/// `[A-Za-z][A-Za-z0-9_]*`, or that are Mermaid keywords, become such an id with a stable
/// suffix derived from the original (`a_b_3f1c9e02` for `a-b`). DOT quotes every id and
/// label, escaping `"` and `\`; line breaks become `\n`.
///
/// The output depends only on the definition (file order throughout) and ends with a newline.
public enum WorkflowDiagram: Sendable {
    /// A diagram language.
    public enum Format: String, Hashable, CaseIterable, Sendable {
        /// Mermaid `stateDiagram-v2`, for Markdown on GitHub, GitLab and in many wikis.
        case mermaid
        /// Graphviz DOT, for `dot -Tsvg`.
        case dot

        /// The usual file extension, without the dot: `mmd` or `dot`.
        public var fileExtension: String {
            switch self {
            case .mermaid: "mmd"
            case .dot: "dot"
            }
        }
    }

    /// Renders a definition as a diagram.
    ///
    /// - Parameters:
    ///   - definition: The workflow to draw. It need not be valid; states that transitions
    ///     name but the definition lacks are drawn as plain states.
    ///   - format: Mermaid or DOT.
    /// - Returns: The diagram source, ending with a newline.
    ///
    /// - Complexity: O(states + transitions × sources).
    public static func render(_ definition: WorkflowDefinition, as format: Format) -> String {
        let layout = Layout(definition)
        switch format {
        case .mermaid: return mermaid(layout)
        case .dot: return dot(layout)
        }
    }
}

// MARK: - Shared layout

extension WorkflowDiagram {
    /// The Dutch name of a phase group.
    static func groupLabel(_ phase: Phase) -> String {
        switch phase {
        case .denken: "Samen denken"
        case .besluiten: "Samen besluiten"
        case .doen: "Samen doen"
        case .leren: "Samen leren"
        }
    }

    /// The marker in front of a decision's label.
    static let decisionMarker = "⚖ besluit: "

    /// The label of the box that stands for every state (`"from": "*"`).
    static let anyStateLabel = ["vanuit elke toestand", "(behalve eindtoestanden)"]

    /// The label of a transition arrow: the marker for a decision, the label or name, the
    /// term of a timed transition and who may fire it: `⚖ besluit: Besluiten door college of raad`,
    /// `geenOpvolging na 8 weken`.
    static func arrowLabel(_ transition: Transition) -> String {
        let given = transition.label.map(trimmed) ?? ""
        var text = given.isEmpty ? transition.name.rawValue : given
        if transition.decision { text = decisionMarker + text }
        if let after = transition.after { text += " na \(after)" }
        if !transition.by.isEmpty { text += " door " + list(transition.by.map(\.rawValue)) }
        if !transition.except.isEmpty { text += ", niet vanuit " + list(transition.except.map(\.rawValue)) }
        return text
    }

    /// `a`, `a of b`, `a, b of c`: any one of them may fire the transition.
    private static func list(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " of " + last
    }

    /// The text below a final state's label.
    static func outcomeLabel(_ outcome: String) -> String { "uitkomst: \(outcome)" }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// One state as drawn.
    struct Node {
        var id: StateID
        var label: String
        var outcome: String?
        var isFinal: Bool
    }

    /// One arrow between two states, or from the every-state box (`source == nil`).
    struct Arrow {
        var source: StateID?
        var target: StateID
        var transition: Transition
    }

    /// What both renderers draw, in drawing order.
    struct Layout {
        var name: String
        var title: String
        var groups: [(phase: Phase, nodes: [Node])] = []
        var loose: [Node] = []
        var initial: StateID
        var arrows: [Arrow] = []
        var finals: [Node] = []
        /// Every state id that appears, declared or only named by a transition, in order.
        var allStates: [StateID] = []
        var hasAnyStateArrows: Bool { arrows.contains { $0.source == nil } }

        init(_ definition: WorkflowDefinition) {
            name = definition.id.rawValue
            title = "\(definition.title) (\(definition.id) \(definition.version))"
            initial = definition.initial
            var nodes: [Node] = []
            for (id, spec) in definition.states {
                let label = WorkflowDiagram.trimmed(spec.label)
                nodes.append(
                    Node(id: id, label: label.isEmpty ? id.rawValue : label, outcome: spec.outcome, isFinal: spec.isFinal))
            }
            for phase in Phase.allCases {
                let members = nodes.filter { definition.states[$0.id]?.phase == phase }
                if !members.isEmpty { groups.append((phase, members)) }
            }
            loose = nodes.filter { definition.states[$0.id]?.phase == nil }
            finals = nodes.filter(\.isFinal)
            for transition in definition.transitions {
                switch transition.from {
                case .anyState:
                    arrows.append(Arrow(source: nil, target: transition.to, transition: transition))
                case .states(let sources):
                    for source in sources {
                        arrows.append(Arrow(source: source, target: transition.to, transition: transition))
                    }
                }
            }
            var seen = Set<StateID>()
            let named = nodes.map(\.id) + [initial] + arrows.flatMap { [$0.source, $0.target].compactMap { $0 } }
            for id in named where seen.insert(id).inserted { allStates.append(id) }
        }
    }
}

// MARK: - Mermaid

extension WorkflowDiagram {
    private static let indent = "    "
    static let mermaidAnyStateID = "elke_toestand"
    static let mermaidAnyStateClass = "elkeToestand"

    private static func mermaid(_ layout: Layout) -> String {
        let ids = MermaidIDs(states: layout.allStates)
        var lines = ["stateDiagram-v2", "\(indent)%% \(mermaidText(layout.title))"]
        func declare(_ node: Node, depth: Int) {
            let pad = String(repeating: indent, count: depth)
            lines.append("\(pad)state \"\(mermaidText(node.label))\" as \(ids[node.id])")
        }
        for (phase, nodes) in layout.groups {
            lines.append("\(indent)state \"\(mermaidText(groupLabel(phase)))\" as \(ids.group(phase)) {")
            for node in nodes { declare(node, depth: 2) }
            lines.append("\(indent)}")
        }
        for node in layout.loose { declare(node, depth: 1) }
        if layout.hasAnyStateArrows {
            let label = anyStateLabel.joined(separator: " ")
            lines.append("\(indent)state \"\(mermaidText(label))\" as \(ids.anyState)")
        }
        lines.append("\(indent)[*] --> \(ids[layout.initial])")
        for arrow in layout.arrows {
            let source = arrow.source.map { ids[$0] } ?? ids.anyState
            lines.append("\(indent)\(source) --> \(ids[arrow.target]) : \(mermaidText(arrowLabel(arrow.transition)))")
        }
        for node in layout.finals {
            var line = "\(indent)\(ids[node.id]) --> [*]"
            if let outcome = node.outcome { line += " : \(mermaidText(outcomeLabel(outcome)))" }
            lines.append(line)
        }
        if layout.hasAnyStateArrows {
            lines.append("\(indent)classDef \(mermaidAnyStateClass) fill:none,stroke-dasharray:5 5")
            lines.append("\(indent)class \(ids.anyState) \(mermaidAnyStateClass)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text made safe for a Mermaid label, state description or comment.
    ///
    /// Characters with a meaning in Mermaid's grammar become entity codes, which Mermaid turns
    /// back into the character in the drawing; line breaks and other control characters
    /// (C1 included) become spaces, format characters (bidi overrides and marks, zero-width
    /// joiners…; ``ReportRenderer/isInvisibleOrSteering(_:)``) their visible code point
    /// (`<U+202E>`, entity-coded).
    static func mermaidText(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var afterReturn = false
        for scalar in text.unicodeScalars {
            defer { afterReturn = scalar == "\r" }
            switch scalar {
            case "\"", "#", "%", "&", ":", ";", "<", ">", "[", "]", "{", "}":
                result += "#\(scalar.value);"
            case "\n" where afterReturn:
                continue
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}", "\u{85}":
                result += " "
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += " "
                } else if ReportRenderer.isInvisibleOrSteering(scalar) {
                    result += "#60;\(ReportRenderer.codePoint(scalar))#62;"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Words Mermaid's state diagram grammar reserves; a state with such an id is renamed.
    static let mermaidKeywords: Set<String> = [
        "state", "note", "end", "as", "left", "right", "of", "direction", "classdef", "class", "style",
        "click", "default", "acctitle", "accdescr", "root", "hide", "empty", "description",
    ]

    /// Mermaid ids for the states of one diagram: plain ids stay, others get a safe form with
    /// a stable suffix; no two states share an id, and none takes an id the diagram uses itself.
    struct MermaidIDs {
        private var ids: [StateID: String] = [:]
        let anyState: String
        private var groups: [Phase: String] = [:]

        init(states: [StateID]) {
            var taken = Set<String>()
            for phase in Phase.allCases {
                let id = "fase_\(phase.rawValue)"
                groups[phase] = id
                taken.insert(id)
            }
            anyState = WorkflowDiagram.mermaidAnyStateID
            taken.insert(anyState)
            for state in states {
                var candidate = Self.candidate(for: state.rawValue)
                if taken.contains(candidate) { candidate += "_" + Self.suffix(for: state.rawValue) }
                var number = 2
                let base = candidate
                while taken.contains(candidate) {
                    candidate = "\(base)_\(number)"
                    number += 1
                }
                taken.insert(candidate)
                ids[state] = candidate
            }
        }

        subscript(state: StateID) -> String { ids[state] ?? Self.candidate(for: state.rawValue) }

        func group(_ phase: Phase) -> String { groups[phase] ?? "fase_\(phase.rawValue)" }

        /// The id itself when it is plain, otherwise a sanitised form with a stable suffix.
        static func candidate(for raw: String) -> String {
            if isPlain(raw), !WorkflowDiagram.mermaidKeywords.contains(raw.lowercased()) { return raw }
            var base = String(
                String.UnicodeScalarView(
                    raw.unicodeScalars.map { isASCIILetterOrDigit($0) || $0 == "_" ? $0 : "_" }))
            if let first = base.unicodeScalars.first, !isASCIILetter(first) { base = "s_" + base }
            if base.isEmpty { base = "s" }
            return base + "_" + suffix(for: raw)
        }

        /// Eight hex digits of the FNV-1a hash of the id's UTF-8 bytes.
        static func suffix(for raw: String) -> String {
            var hash: UInt32 = 0x811C_9DC5
            for byte in raw.utf8 {
                hash ^= UInt32(byte)
                hash = hash &* 0x0100_0193
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }

        private static func isPlain(_ raw: String) -> Bool {
            guard let first = raw.unicodeScalars.first, isASCIILetter(first) else { return false }
            return raw.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || $0 == "_" }
        }

        private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }

        private static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
            isASCIILetter(scalar) || ("0"..."9").contains(scalar)
        }
    }
}

// MARK: - DOT

extension WorkflowDiagram {
    static let dotStartID = "__start"
    static let dotAnyStateID = "__elke_toestand"

    private static func dot(_ layout: Layout) -> String {
        let states = Set(layout.allStates.map(\.rawValue))
        func free(_ id: String) -> String {
            var candidate = id
            var number = 2
            while states.contains(candidate) {
                candidate = "\(id)_\(number)"
                number += 1
            }
            return candidate
        }
        let start = free(dotStartID)
        let anyState = free(dotAnyStateID)
        var lines = [
            "digraph \(dotString(layout.name)) {",
            "\(indent)graph [label=\(dotString(layout.title)), labelloc=t, fontname=\"Helvetica\", fontsize=16];",
            "\(indent)node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=12];",
            "\(indent)edge [fontname=\"Helvetica\", fontsize=10];",
            "\(indent)\(dotString(start)) [shape=point, width=0.15, fillcolor=black, label=\"\"];",
        ]
        func declare(_ node: Node, depth: Int) {
            let pad = String(repeating: indent, count: depth)
            var label = node.label
            if node.isFinal, let outcome = node.outcome { label += "\n" + outcomeLabel(outcome) }
            var attributes = ["label=\(dotString(label))"]
            if node.isFinal { attributes.append("peripheries=2") }
            lines.append("\(pad)\(dotString(node.id.rawValue)) [\(attributes.joined(separator: ", "))];")
        }
        for (phase, nodes) in layout.groups {
            lines.append("\(indent)subgraph \(dotString("cluster_\(phase.rawValue)")) {")
            lines.append("\(indent)\(indent)label=\(dotString(groupLabel(phase)));")
            lines.append("\(indent)\(indent)style=\"rounded,filled\"; fillcolor=\"#f4f4f4\"; color=\"#999999\";")
            lines.append("\(indent)\(indent)fontname=\"Helvetica-Bold\"; fontsize=13;")
            for node in nodes { declare(node, depth: 2) }
            lines.append("\(indent)}")
        }
        for node in layout.loose { declare(node, depth: 1) }
        if layout.hasAnyStateArrows {
            let label = dotString(anyStateLabel.joined(separator: "\n"))
            lines.append("\(indent)\(dotString(anyState)) [label=\(label), style=\"rounded,dashed\"];")
        }
        lines.append("\(indent)\(dotString(start)) -> \(dotString(layout.initial.rawValue));")
        for arrow in layout.arrows {
            let source = arrow.source?.rawValue ?? anyState
            var attributes = ["label=\(dotString(arrowLabel(arrow.transition)))"]
            var styles: [String] = []
            if arrow.transition.isTimed { styles.append("dashed") }
            if arrow.transition.decision {
                styles.append("bold")
                attributes.append("penwidth=2.5")
            }
            if !styles.isEmpty { attributes.append("style=\(dotString(styles.joined(separator: ",")))") }
            lines.append(
                "\(indent)\(dotString(source)) -> \(dotString(arrow.target.rawValue)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as `\n` (centred), other control
    /// characters (C1 included) as spaces, format characters (bidi overrides and marks,
    /// zero-width joiners…; ``ReportRenderer/isInvisibleOrSteering(_:)``) as their visible
    /// code point (`<U+202E>`).
    static func dotString(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        var afterReturn = false
        for scalar in text.unicodeScalars {
            defer { afterReturn = scalar == "\r" }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n" where afterReturn: continue
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}": result += "\\n"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += " "
                } else if ReportRenderer.isInvisibleOrSteering(scalar) {
                    result += ReportRenderer.visible(scalar)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
