/// Where the values of a JSON document stand in its file, so that a JSON Pointer can be turned
/// into a line and column.
struct SourceMap: Sendable {
    var source: SourceText
    var offsets: [JSONPointer: Int]

    /// The line and column of a JSON Pointer, or of its nearest parent that has one.
    func location(of pointer: JSONPointer) -> SourceLocation? {
        var tokens = pointer.tokens
        while true {
            var current = JSONPointer()
            for token in tokens { current = current.appending(token) }
            if let offset = offsets[current] { return source.location(ofOffset: offset) }
            if tokens.isEmpty { return nil }
            tokens.removeLast()
        }
    }

    /// The diagnostic with the file's name and the location of its pointer filled in.
    func locate(_ diagnostic: Diagnostic, file: String?) -> Diagnostic {
        var result = diagnostic
        result.file = result.file ?? file
        if result.location == nil { result.location = location(of: diagnostic.pointer) }
        return result
    }
}

/// What workflow files and plan files share in reading: a parsed JSON document turned into a
/// model while every problem is collected as a ``Diagnostic`` with its line, column and
/// pointer, and the place of every value is remembered for later checks.
class JSONDocumentReader {
    /// The codes a format reports for the problems found here.
    struct Codes {
        var unknownKey: Diagnostic.Code
        var missingKey: Diagnostic.Code
        var wrongType: Diagnostic.Code
    }

    let source: SourceText
    let file: String?
    let bytes: [UInt8]
    let codes: Codes
    private(set) var diagnostics: [Diagnostic] = []
    var offsets: [JSONPointer: Int] = [:]

    init(bytes: [UInt8], file: String?, codes: Codes) {
        self.bytes = bytes
        self.file = file
        self.codes = codes
        self.source = SourceText(bytes)
    }

    /// Where each value read so far stands in the file.
    var sourceMap: SourceMap { SourceMap(source: source, offsets: offsets) }

    func report(_ code: Diagnostic.Code, _ message: String, offset: Int, pointer: JSONPointer) {
        diagnostics.append(
            Diagnostic(.error, code, message, file: file, pointer: pointer, location: source.location(ofOffset: offset)))
    }

    func wrongType(_ node: JSONNode, expected: String, at pointer: JSONPointer) {
        report(codes.wrongType, "verwacht \(expected), gevonden \(node.kindName)", offset: node.offset, pointer: pointer)
    }

    /// The members of an object, after reporting unknown keys (with a "bedoelt u …?"
    /// suggestion) and missing required keys.
    func fields(_ node: JSONNode, at pointer: JSONPointer, allowed: [String], required: [String] = []) -> Fields? {
        offsets[pointer] = node.offset
        guard let members = node.objectValue else {
            wrongType(node, expected: "een object", at: pointer)
            return nil
        }
        var map: [String: JSONMember] = [:]
        for member in members {
            let memberPointer = pointer.appending(member.key)
            offsets[memberPointer] = member.value.offset
            if allowed.contains(member.key) {
                map[member.key] = member
            } else {
                var message = "onbekende sleutel \"\(member.key)\""
                if let suggestion = DefinitionDecoder.closest(to: member.key, in: allowed) {
                    message += "; bedoelt u \"\(suggestion)\"?"
                } else {
                    message += "; toegestaan: \(allowed.joined(separator: ", "))"
                }
                report(codes.unknownKey, message, offset: member.keyOffset, pointer: memberPointer)
            }
        }
        for key in required where map[key] == nil {
            report(codes.missingKey, "sleutel \"\(key)\" ontbreekt", offset: node.offset, pointer: pointer)
        }
        return Fields(pointer: pointer, offset: node.offset, map: map)
    }
}
