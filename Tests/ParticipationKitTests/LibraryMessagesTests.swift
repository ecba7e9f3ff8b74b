import Foundation
import ParticipationKitTestSupport
import Testing

/// The library's messages say what is missing in words any program can show; command-line
/// syntax (`--reason`, `--as ROL`, `document add`, `participatie verify`) is added by the tool
/// from each refusal's code. A portal that embeds the library must never show `--as ROL` to a
/// resident.
@Suite("Library messages without command-line syntax")
struct LibraryMessagesTests {
    /// Command-line syntax that must not appear in a string literal of the library.
    static let forbidden = [
        #"--[a-z]"#, #"participatie (verify|plan|document|input|feedback|advance|status|report|redact|start|role)\b"#,
        #"\bdocument add\b"#, #"\bplan (attach|check)\b"#, #"\bROL\b"#,
    ]

    /// The string literals of a Swift file, without its comments.
    static func literals(_ source: String) -> [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        for (number, line) in source.components(separatedBy: "\n").enumerated() {
            let code = line.trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("//") { continue }
            var inString = false
            var current = ""
            var previous: Character = " "
            for character in line {
                if character == "\"" && previous != "\\" {
                    if inString { result.append((number + 1, current)) }
                    inString.toggle()
                    current = ""
                } else if inString {
                    current.append(character)
                } else if character == "/" && previous == "/" {
                    break
                }
                previous = character
            }
        }
        return result
    }

    @Test("no string literal in ParticipationKit contains command-line syntax")
    func noCommandLineSyntax() throws {
        let root = TestSupport.repositoryRoot().appendingPathComponent("Sources/ParticipationKit").path
        let files = try #require(FileManager.default.subpaths(atPath: root)).filter {
            $0.hasSuffix(".swift") && !$0.hasSuffix("Shipped.swift")
        }
        #expect(files.count > 50)
        let forbidden = try Self.forbidden.map { try NSRegularExpression(pattern: $0) }
        var found: [String] = []
        for file in files {
            let source = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for (line, text) in Self.literals(source) {
                let range = NSRange(text.startIndex..., in: text)
                if forbidden.contains(where: { $0.firstMatch(in: text, range: range) != nil }) {
                    found.append("\(file):\(line): \(text)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}
