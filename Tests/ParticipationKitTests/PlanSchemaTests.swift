import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// `workflows/schema/plan.schema.json` describes the JSON form of a participatieplan for
/// editors, beside the workflow schema. As ``WorkflowSchemaTests`` does for workflows, these
/// tests keep it in step with ``PlanDecoder``: the same keys, the same values, examples that
/// really decode. And every JSON plan in `examples/` is valid against it, checked by a small
/// validator of the keywords the schema uses.
@Suite("PlanSchema")
struct PlanSchemaTests {
    static let root = TestSupport.repositoryRoot()
    static let schemaPath = "workflows/schema/plan.schema.json"

    static func schema() throws -> JSONNode {
        try JSONParser.parse([UInt8](Data(contentsOf: root.appendingPathComponent(schemaPath))))
    }

    /// Every JSON plan in `examples/`: `plan-*.json` and each scenario's `plan.json`.
    static let examplePlans: [String] = {
        let examples = root.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        var plans = names.filter { $0.hasPrefix("plan") && $0.hasSuffix(".json") }
        for name in names where FileManager.default.fileExists(atPath: examples.appendingPathComponent("\(name)/plan.json").path) {
            plans.append("\(name)/plan.json")
        }
        return plans.sorted()
    }()

    // MARK: The file

    @Test("the schema is JSON Schema 2020-12 for formatVersion 1, beside the workflow schema")
    func declaresDraft() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["type"]?.stringValue == "object")
        #expect(schema["title"]?.stringValue?.isEmpty == false)
        #expect(schema.at("/properties/formatVersion/const")?.intValue == ParticipationPlan.currentFormatVersion)
        #expect(Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["formatVersion", "project"])
    }

    @Test("every $ref points to a definition, and every definition is used")
    func referencesResolve() throws {
        let schema = try Self.schema()
        var references: [String] = []
        schema.walk { node, _ in
            if let target = node["$ref"]?.stringValue { references.append(target) }
        }
        #expect(!references.isEmpty)
        for target in references {
            #expect(target.hasPrefix("#/$defs/") && schema.at(String(target.dropFirst())) != nil, "$ref \(target) bestaat niet")
        }
        for member in schema["$defs"]?.objectValue ?? [] {
            #expect(references.contains("#/$defs/\(member.key)"), "$defs/\(member.key) wordt nergens gebruikt")
        }
    }

    @Test("every property and definition has a description")
    func descriptions() throws {
        let schema = try Self.schema()
        var checked = 0
        schema.walk { node, pointer in
            for key in ["properties", "$defs"] {
                for member in node[key]?.objectValue ?? [] {
                    checked += 1
                    let blank = (member.value["description"]?.stringValue ?? "").allSatisfy(\.isWhitespace)
                    #expect(!blank, "\(pointer)/\(key)/\(member.key) heeft geen description")
                }
            }
        }
        #expect(checked > 20)
    }

    // MARK: Drift between the schema and the decoder

    @Test("the schema's property names equal the decoder's keys, object by object")
    func keysMatchDecoder() throws {
        let schema = try Self.schema()
        var closed: [String: JSONNode] = [:]
        schema.walk { node, pointer in
            if node["additionalProperties"]?.boolValue == false { closed[pointer] = node }
        }
        let expected: [String: (allowed: [String], required: [String])] = [
            "": (ParticipationPlan.topLevelKeys, ["formatVersion", "project"]),
            "/$defs/questions": (PlanQuestion.allCases.map(\.rawValue), []),
            "/$defs/phase": (ParticipationPlan.phaseKeys, ["fase"]),
            "/$defs/kaders": (ParticipationPlan.kadersKeys, []),
        ]
        #expect(Set(closed.keys) == Set(expected.keys))
        for (pointer, keys) in expected {
            let node = try #require(closed[pointer])
            #expect(Set(node["properties"]?.objectValue?.map(\.key) ?? []) == Set(keys.allowed), "\(pointer)")
            #expect(Set(node["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) == Set(keys.required), "\(pointer)")
        }
    }

    @Test("the schema's enums equal the Swift enums (plus blank and null where a draft may leave them open)")
    func enumsMatch() throws {
        let schema = try Self.schema()
        func values(_ pointer: String) -> [String] {
            schema.at(pointer)?["enum"]?.arrayValue?.compactMap(\.stringValue).filter { !$0.isEmpty } ?? []
        }
        #expect(values("/properties/impact") == ParticipationPlan.Impact.allCases.map(\.rawValue))
        #expect(values("/$defs/phase/properties/fase") == Phase.allCases.map(\.rawValue))
        #expect(values("/$defs/phase/properties/niveau") == Level.allCases.map(\.rawValue))
    }

    @Test("the question descriptions carry the verbatim wording of point 9")
    func questionWording() throws {
        let schema = try Self.schema()
        for question in PlanQuestion.allCases {
            #expect(
                schema.at("/$defs/questions/properties/\(question.rawValue)/description")?.stringValue
                    == "\(question.number). \(question.wording)")
        }
    }

    // MARK: Examples

    @Test("every example in the schema is valid against it and decodes")
    func schemaExamples() throws {
        let schema = try Self.schema()
        let examples = try #require(schema["examples"]?.arrayValue)
        #expect(examples.count >= 2)
        for (index, example) in examples.enumerated() {
            #expect(SchemaValidator(schema: schema).errors(example).isEmpty, "#/examples/\(index)")
            #expect(throws: Never.self) { try PlanFile(bytes: example.jsonBytes(), file: "#/examples/\(index)") }
        }
        #expect(try PlanFile(bytes: examples[0].jsonBytes()).check().isComplete)
    }

    @Test("the JSON plans in examples/ are valid against the schema", arguments: examplePlans)
    func examplePlanValidates(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent("examples/\(name)")))
        let errors = SchemaValidator(schema: try Self.schema()).errors(try JSONParser.parse(bytes))
        #expect(errors.isEmpty, "examples/\(name):\n\(errors.joined(separator: "\n"))")
        #expect(throws: Never.self) { try PlanFile(bytes: bytes, file: name) }
    }

    @Test("there are example plans to check, and the validator is not vacuous")
    func validatorRefuses() throws {
        #expect(Self.examplePlans.count >= 5)
        let schema = try Self.schema()
        let validator = SchemaValidator(schema: schema)
        // What the decoder refuses, the schema refuses too.
        for text in [
            #"{"formatVersion": 1}"#,
            #"{"formatVersion": 2, "project": "x"}"#,
            #"{"formatVersion": 1, "project": "  "}"#,
            #"{"formatVersion": 1, "project": "x", "projct": "y"}"#,
            #"{"formatVersion": 1, "project": "x", "impact": "enorm"}"#,
            #"{"formatVersion": 1, "project": "x", "participatie": "ja"}"#,
            #"{"formatVersion": 1, "project": "x", "vragen": {"risico's": "…"}}"#,
            #"{"formatVersion": 1, "project": "x", "fasen": [{"doel": "zonder fase"}]}"#,
            #"{"formatVersion": 1, "project": "x", "fasen": [{"fase": "nadenken"}]}"#,
            #"{"formatVersion": 1, "project": "x", "fasen": [{"fase": "denken", "niveau": "meepraten"}]}"#,
            #"{"formatVersion": 1, "project": "x", "belanghebbenden": [1]}"#,
            #"{"formatVersion": 1, "project": "x", "kaders": {"datum": "11 februari"}}"#,
        ] {
            let node = try JSONParser.parse(Array(text.utf8))
            #expect(!validator.errors(node).isEmpty, "het schema laat door: \(text)")
            #expect(throws: PlanFileError.self, "de decoder leest: \(text)") { try PlanFile(bytes: Array(text.utf8)) }
        }
    }
}

/// A validator for the JSON Schema keywords `plan.schema.json` uses: `type`, `const`, `enum`,
/// `properties`, `additionalProperties: false`, `required`, `items`, `pattern`, `oneOf` and
/// local `$ref`. Anything else in the schema makes it fail, so it never passes a file by
/// ignoring a keyword.
struct SchemaValidator {
    let schema: JSONNode
    static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "examples", "$defs"]
    static let keywords: Set<String> = [
        "type", "const", "enum", "properties", "additionalProperties", "required", "items", "pattern", "oneOf", "$ref",
    ]

    /// Every problem of `value`, with its JSON Pointer; empty when it is valid.
    func errors(_ value: JSONNode, against rule: JSONNode? = nil, at pointer: String = "") -> [String] {
        let rule = rule ?? schema
        var errors: [String] = []
        for member in rule.objectValue ?? [] where !Self.annotations.contains(member.key) && !Self.keywords.contains(member.key) {
            errors.append("\(pointer): het sleutelwoord \(member.key) kent de test niet")
        }
        if let target = rule["$ref"]?.stringValue {
            guard let resolved = schema.at(String(target.dropFirst())) else { return ["\(pointer): $ref \(target) bestaat niet"] }
            errors += self.errors(value, against: resolved, at: pointer)
        }
        if let types = rule["type"] {
            let allowed = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue].compactMap { $0 }
            if !allowed.contains(where: { Self.has(value, type: $0) }) { errors.append("\(pointer): geen \(allowed)") }
        }
        if let constant = rule["const"], !Self.same(constant, value) { errors.append("\(pointer): niet de vaste waarde") }
        if let options = rule["enum"]?.arrayValue, !options.contains(where: { Self.same($0, value) }) {
            errors.append("\(pointer): niet een van de toegestane waarden")
        }
        if let pattern = rule["pattern"]?.stringValue, let text = value.stringValue,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            errors.append("\(pointer): past niet bij \(pattern)")
        }
        if let branches = rule["oneOf"]?.arrayValue {
            let passing = branches.filter { self.errors(value, against: $0, at: pointer).isEmpty }.count
            if passing != 1 { errors.append("\(pointer): \(passing) van de oneOf-takken passen, niet precies één") }
        }
        if let members = value.objectValue {
            let properties = rule["properties"]?.objectValue ?? []
            for member in members {
                if let property = properties.first(where: { $0.key == member.key }) {
                    errors += self.errors(member.value, against: property.value, at: "\(pointer)/\(member.key)")
                } else if rule["additionalProperties"]?.boolValue == false {
                    errors.append("\(pointer)/\(member.key): onbekende sleutel")
                }
            }
            for key in rule["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !members.contains(where: { $0.key == key }) {
                errors.append("\(pointer): \(key) ontbreekt")
            }
        }
        if let items = value.arrayValue, let itemRule = rule["items"] {
            for (index, item) in items.enumerated() { errors += self.errors(item, against: itemRule, at: "\(pointer)/\(index)") }
        }
        return errors
    }

    static func has(_ value: JSONNode, type: String) -> Bool {
        switch (type, value.value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .number): true
        case ("integer", .number(let text)): Int(text) != nil
        default: false
        }
    }

    static func same(_ lhs: JSONNode, _ rhs: JSONNode) -> Bool {
        switch (lhs.value, rhs.value) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): Double(a) == Double(b)
        default: false
        }
    }
}

extension JSONNode {
    /// The node at a JSON Pointer such as `/$defs/phase/properties/fase`, or `nil`.
    fileprivate func at(_ pointer: String) -> JSONNode? {
        guard let parsed = JSONPointer(pointer) else { return nil }
        var node: JSONNode? = self
        for token in parsed.tokens {
            guard let current = node else { return nil }
            if let items = current.arrayValue {
                node = Int(token).flatMap { items.indices.contains($0) ? items[$0] : nil }
            } else {
                node = current[token]
            }
        }
        return node
    }

    /// Visits this node and every node inside it with its JSON Pointer; examples, `const` and
    /// `enum` are data, not schema, and are skipped.
    fileprivate func walk(_ pointer: String = "", _ visit: (JSONNode, String) -> Void) {
        visit(self, pointer)
        switch value {
        case .object(let members):
            for member in members where member.key != "examples" && member.key != "const" && member.key != "enum" {
                member.value.walk("\(pointer)/\(member.key)", visit)
            }
        case .array(let items):
            for (index, item) in items.enumerated() { item.walk("\(pointer)/\(index)", visit) }
        default:
            break
        }
    }

    /// The node written back as JSON text.
    fileprivate func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    private func write(to writer: inout JSONWriter) {
        switch value {
        case .null: writer.appendNull()
        case .bool(let flag): writer.appendBool(flag)
        case .number(let text): writer.appendBytes(text.utf8)
        case .string(let text): writer.appendString(text)
        case .array(let items):
            writer.appendRaw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { writer.appendRaw(",") }
                item.write(to: &writer)
            }
            writer.appendRaw("]")
        case .object(let members):
            writer.appendRaw("{")
            for (index, member) in members.enumerated() {
                if index > 0 { writer.appendRaw(",") }
                writer.appendKey(member.key)
                member.value.write(to: &writer)
            }
            writer.appendRaw("}")
        }
    }
}
