// Folder dependencies of ParticipationKit, computed from type uses, checked against the order
// of DESIGN.md §3: Support ← Deadlines ← Definition ← Validation; Definition ← Runtime ←
// Import, Journal; Plan; Reports on Runtime and Plan; Site on Reports. Journal also uses Validation (a store
// starts no process on a workflow with errors), as Reports does; neither makes a cycle.
// A folder may use its own types and those of the folders below it, never those of a folder
// above it or beside it. Needs only the Swift toolchain: `swift .ci/folder-deps.swift [Sources/ParticipationKit]`.
//
// A type belongs to the one folder that declares it (struct, class, enum, protocol, actor or
// typealias; extensions do not count). Uses are read from the code without comments and
// without string literals, but with string interpolations (`"\(Type.member)"` is a use).
import Foundation

let allowed: [String: Set<String>] = [
    "Support": [],
    "Deadlines": ["Support"],
    "Definition": ["Support", "Deadlines"],
    "Validation": ["Support", "Deadlines", "Definition"],
    "Runtime": ["Support", "Deadlines", "Definition"],
    "Import": ["Support", "Deadlines", "Definition", "Runtime"],
    // The store refuses to start a process on a workflow the validator rejects.
    "Journal": ["Support", "Deadlines", "Definition", "Validation", "Runtime"],
    "Plan": ["Support", "Deadlines", "Definition"],
    "Reports": ["Support", "Deadlines", "Definition", "Validation", "Runtime", "Plan"],
    // The static site is made of the reports.
    "Site": ["Support", "Deadlines", "Definition", "Validation", "Runtime", "Plan", "Reports"],
]

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Sources/ParticipationKit"
var sources: [(path: String, folder: String, code: String)] = []
let enumerator = FileManager.default.enumerator(atPath: root)
while let relative = enumerator?.nextObject() as? String {
    guard relative.hasSuffix(".swift"), let folder = relative.split(separator: "/").first.map(String.init),
        relative.contains("/"), !folder.hasSuffix(".docc")
    else { continue }
    guard let text = try? String(contentsOfFile: root + "/" + relative, encoding: .utf8) else { continue }
    sources.append((relative, folder, code(of: text)))
}

/// The text without comments and without the literal parts of strings; interpolations stay.
func code(of text: String) -> String {
    var out = ""
    var index = text.startIndex
    var inString = false
    var depth = 0  // parentheses inside an interpolation
    var interpolation = false
    func peek(_ offset: Int) -> Character? {
        text.index(index, offsetBy: offset, limitedBy: text.endIndex).flatMap { $0 < text.endIndex ? text[$0] : nil }
    }
    while index < text.endIndex {
        let character = text[index]
        if !inString || interpolation {
            if character == "/", peek(1) == "/" {
                while index < text.endIndex, text[index] != "\n" { index = text.index(after: index) }
                continue
            }
            if character == "/", peek(1) == "*" {
                while index < text.endIndex, !(text[index] == "*" && peek(1) == "/") { index = text.index(after: index) }
                index = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
                continue
            }
            if character == "\"" && !interpolation {
                inString = true
            } else if interpolation {
                if character == "(" { depth += 1 }
                if character == ")" {
                    depth -= 1
                    if depth == 0 { interpolation = false }
                }
                out.append(character)
            } else {
                out.append(character)
            }
        } else {
            if character == "\\", peek(1) == "(" {
                interpolation = true
                depth = 1
                out.append(" ")
                index = text.index(index, offsetBy: 2)
                continue
            }
            if character == "\\" {
                index = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
                continue
            }
            if character == "\"" { inString = false }
        }
        index = text.index(after: index)
    }
    return out
}

let declaration = try NSRegularExpression(
    pattern: #"(?m)^(?:(?:public|package|internal|fileprivate|private|final|indirect|@\w+)\s+)*(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w+)"#)
let word = try NSRegularExpression(pattern: #"\b[A-Z]\w{2,}\b"#)
func matches(_ expression: NSRegularExpression, _ text: String, group: Int) -> [String] {
    let range = NSRange(text.startIndex..., in: text)
    return expression.matches(in: text, range: range).compactMap { Range($0.range(at: group), in: text).map { String(text[$0]) } }
}

var owners: [String: Set<String>] = [:]
for source in sources {
    for name in matches(declaration, source.code, group: 1) { owners[name, default: []].insert(source.folder) }
}
let owner = owners.compactMapValues { $0.count == 1 ? $0.first : nil }

var problems: [String] = []
var edges: [String: Set<String>] = [:]
for source in sources {
    guard let permitted = allowed[source.folder] else {
        problems.append("\(source.path): de map \(source.folder) staat niet in de volgorde van DESIGN.md §3")
        continue
    }
    for name in Set(matches(word, source.code, group: 0)).sorted() {
        guard let folder = owner[name], folder != source.folder else { continue }
        edges[source.folder, default: []].insert(folder)
        if !permitted.contains(folder) { problems.append("\(source.path) gebruikt \(name) uit \(folder)/") }
    }
}
for (folder, uses) in edges.sorted(by: { $0.key < $1.key }) {
    print("\(folder) → \(uses.sorted().joined(separator: ", "))")
}
if problems.isEmpty {
    print("In orde: elke map gebruikt alleen mappen eronder (\(sources.count) bestanden).")
} else {
    print("\nNIET in orde: \(problems.count) gebruik(en) tegen de volgorde in:")
    for problem in problems { print("  \(problem)") }
    exit(1)
}
