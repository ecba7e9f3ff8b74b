import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// `workflows/schema/workflow.schema.json` describes the workflow file format for editors. These
/// tests keep it in step with ``DefinitionDecoder``: the same keys, the same values, and
/// examples that really decode.
@Suite("WorkflowSchema")
struct WorkflowSchemaTests {
    static let root = TestSupport.repositoryRoot()
    static let schemaPath = "workflows/schema/workflow.schema.json"

    /// The schema, parsed with the project's own parser.
    static func schema() throws -> JSONNode {
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(schemaPath)))
        return try JSONParser.parse(bytes)
    }

    // MARK: The file

    @Test("the schema is JSON and declares JSON Schema 2020-12")
    func declaresDraft() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["type"]?.stringValue == "object")
        #expect(schema["title"]?.stringValue?.isEmpty == false)
        #expect(schema.at("/properties/formatVersion/const")?.intValue == WorkflowDefinition.currentFormatVersion)
    }

    @Test("every $ref points to a definition, and every definition is used")
    func referencesResolve() throws {
        let schema = try Self.schema()
        var references: [(pointer: String, target: String)] = []
        schema.walk { node, pointer in
            if let target = node["$ref"]?.stringValue { references.append((pointer, target)) }
        }
        #expect(!references.isEmpty)
        for (pointer, target) in references {
            #expect(target.hasPrefix("#/$defs/"), "\(pointer): $ref \(target) wijst niet naar $defs")
            #expect(schema.at(String(target.dropFirst())) != nil, "\(pointer): $ref \(target) bestaat niet")
        }
        let used = Set(references.map(\.target))
        for member in schema["$defs"]?.objectValue ?? [] {
            #expect(used.contains("#/$defs/\(member.key)"), "$defs/\(member.key) wordt nergens gebruikt")
        }
    }

    @Test("every property and definition has a description in the schema")
    func descriptions() throws {
        let schema = try Self.schema()
        var checked = 0
        func requireDescription(_ node: JSONNode, _ pointer: String) {
            checked += 1
            let isEmpty = (node["description"]?.stringValue ?? "").allSatisfy(\.isWhitespace)
            #expect(!isEmpty, "\(pointer) heeft geen description")
        }
        requireDescription(schema, "/")
        schema.walk { node, pointer in
            for key in ["properties", "$defs"] {
                for member in node[key]?.objectValue ?? [] {
                    requireDescription(member.value, "\(pointer)/\(key)/\(member.key)")
                }
            }
            // The branches of a choice (requirement kinds, role and document forms) show in
            // editors as alternatives; each says what it is.
            for (index, branch) in (node["oneOf"]?.arrayValue ?? []).enumerated() where branch["properties"] != nil {
                requireDescription(branch, "\(pointer)/oneOf/\(index)")
            }
        }
        #expect(checked > 50)
    }

    // MARK: Examples and shipped workflows

    @Test("every example in the schema decodes and passes the validator")
    func examplesDecode() throws {
        let schema = try Self.schema()
        let examples = try #require(schema["examples"]?.arrayValue)
        #expect(examples.count >= 2)
        var ids: Set<String> = []
        for (index, example) in examples.enumerated() {
            let name = "\(Self.schemaPath)#/examples/\(index)"
            let file: WorkflowFile
            do {
                file = try WorkflowFile(bytes: example.jsonBytes(), file: name)
            } catch {
                Issue.record("\(name) wordt niet gelezen:\n\(error)")
                continue
            }
            let errors = WorkflowValidator.diagnostics(for: file).filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(name):\n\(errors.map(\.description).joined(separator: "\n"))")
            #expect(ids.insert(file.definition.id.rawValue).inserted, "\(name): id \(file.definition.id) komt twee keer voor")
        }
    }

    @Test("every workflows/*.json decodes")
    func shippedWorkflowsDecode() throws {
        let directory = Self.root.appendingPathComponent("workflows")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            do {
                _ = try WorkflowFile(bytes: bytes, file: "workflows/\(name)")
            } catch {
                Issue.record("workflows/\(name) wordt niet gelezen:\n\(error)")
            }
        }
    }

    // MARK: Drift between the schema and the decoder

    /// Every closed object in the schema (`"additionalProperties": false`), by JSON Pointer,
    /// with the keys the decoder allows and requires there.
    static func expectedObjects(in schema: JSONNode) throws -> [String: (allowed: [String], required: [String])] {
        typealias Decoder = DefinitionDecoder
        var expected: [String: (allowed: [String], required: [String])] = [
            "": (Decoder.topLevelKeys, Decoder.topLevelRequiredKeys),
            "/$defs/termLength": (Decoder.termKeys, []),
            "/$defs/role/oneOf/1": (Decoder.roleKeys, Decoder.roleRequiredKeys),
            "/$defs/attribute": (Decoder.attributeKeys, []),
            "/$defs/inputKind": (Decoder.inputKindKeys, Decoder.inputKindRequiredKeys),
            "/$defs/points": (Decoder.pointsKeys, []),
            "/$defs/document/oneOf/1": (Decoder.documentKeys, Decoder.documentRequiredKeys),
            "/$defs/state": (Decoder.stateKeys, Decoder.stateRequiredKeys),
            "/$defs/window": (Decoder.windowKeys, []),
            "/$defs/transition": (Decoder.transitionKeys, Decoder.transitionRequiredKeys),
            "/$defs/moment": (Decoder.momentKeys, []),
            "/$defs/afterTerm": (["term"], ["term"]),
            "/$defs/term": (Decoder.namedTermKeys, Decoder.namedTermRequiredKeys),
            "/$defs/termOrigin": (Decoder.termOriginKeys, []),
            "/$defs/termExtension": (Decoder.termExtensionKeys, Decoder.termExtensionRequiredKeys),
        ]
        // One branch per kind of requirement, found by the kind's key.
        let branches = try #require(schema.at("/$defs/requirement/oneOf")?.arrayValue)
        for (index, branch) in branches.enumerated() {
            let pointer = "/$defs/requirement/oneOf/\(index)"
            let keys = branch["properties"]?.objectValue?.map(\.key) ?? []
            let kinds = keys.filter(Decoder.requirementKeys.contains)
            #expect(kinds.count == 1, "\(pointer) noemt niet precies één soort eis: \(kinds)")
            guard let kind = kinds.first else { continue }
            expected[pointer] = (Decoder.requirementKeys(of: kind), Decoder.requirementRequiredKeys(of: kind))
            switch kind {
            case "atLeast": expected[pointer + "/properties/atLeast"] = (Decoder.atLeastKeys, Decoder.atLeastKeys)
            case "when": expected[pointer + "/properties/when"] = (Decoder.conditionKeys, Decoder.conditionKeys)
            case "withinBudget":
                expected[pointer + "/properties/withinBudget"] = (Decoder.withinBudgetKeys, Decoder.withinBudgetKeys)
            case "verdicts":
                expected[pointer + "/properties/verdicts"] = (Decoder.verdictsKeys, Decoder.verdictsRequiredKeys)
                expected[pointer + "/properties/verdicts/properties/orGround"] =
                    (Decoder.documentConditionKeys, Decoder.documentConditionRequiredKeys)
            default: break
            }
        }
        return expected
    }

    @Test("the schema's property names equal the decoder's keys, object by object")
    func keysMatchDecoder() throws {
        let schema = try Self.schema()
        var closed: [String: JSONNode] = [:]
        schema.walk { node, pointer in
            if node["additionalProperties"]?.boolValue == false { closed[pointer] = node }
        }
        let expected = try Self.expectedObjects(in: schema)
        #expect(
            Set(closed.keys) == Set(expected.keys),
            "objecten in het schema zonder sleutellijst in de test: \(Set(closed.keys).subtracting(expected.keys).sorted()); in de test maar niet in het schema: \(Set(expected.keys).subtracting(closed.keys).sorted())"
        )
        for (pointer, keys) in expected.sorted(by: { $0.key < $1.key }) {
            guard let node = closed[pointer] else { continue }
            let properties = Set(node["properties"]?.objectValue?.map(\.key) ?? [])
            let required = Set(node["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(
                properties == Set(keys.allowed),
                "\(pointer == "" ? "/" : pointer): schema \(properties.sorted()) ≠ decoder \(keys.allowed.sorted())")
            #expect(
                required == Set(keys.required),
                "\(pointer == "" ? "/" : pointer) required: schema \(required.sorted()) ≠ decoder \(keys.required.sorted())")
        }
    }

    @Test("the schema has one branch for every kind of requirement")
    func requirementKinds() throws {
        let schema = try Self.schema()
        let branches = try #require(schema.at("/$defs/requirement/oneOf")?.arrayValue)
        let kinds = branches.compactMap { $0["title"]?.stringValue }
        #expect(kinds.sorted() == DefinitionDecoder.requirementKeys.sorted())
        for branch in branches {
            let title = branch["title"]?.stringValue ?? "?"
            #expect(branch["properties"]?[title] != nil, "de tak \(title) heeft geen sleutel \(title)")
        }
    }

    @Test("firstInput in both kinds of moment is one input kind or a non-empty list of them, as the decoder reads it")
    func firstInputList() throws {
        let schema = try Self.schema()
        for pointer in ["/$defs/termOrigin/properties/firstInput/$ref", "/$defs/moment/properties/firstInput/$ref"] {
            #expect(schema.at(pointer)?.stringValue == "#/$defs/inputKinds", "\(pointer)")
        }
        let branches = try #require(schema.at("/$defs/inputKinds/oneOf")?.arrayValue)
        #expect(branches.count == 2)
        #expect(branches.first?["$ref"]?.stringValue == "#/$defs/name")
        #expect(branches.last?["type"]?.stringValue == "array")
        #expect(branches.last?["minItems"]?.intValue == 1)
        #expect(branches.last?["items"]?["$ref"]?.stringValue == "#/$defs/name")
    }

    @Test("the term units are the decoder's")
    func termUnits() {
        #expect(DefinitionDecoder.termKeys == TermLength.Unit.allCases.map(\.rawValue))
        #expect(DefinitionDecoder.windowKeys.starts(with: DefinitionDecoder.termKeys))
    }

    @Test("the schema's enums equal the Swift enums")
    func enumsMatch() throws {
        let schema = try Self.schema()
        func values(_ pointer: String) -> [String] {
            schema.at(pointer)?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        #expect(values("/$defs/state/properties/phase") == Phase.allCases.map(\.rawValue))
        #expect(values("/$defs/state/properties/level") == Level.allCases.map(\.rawValue))
        #expect(values("/$defs/termRule") == TermRule.allCases.map(\.rawValue))
        #expect(values("/$defs/window/properties/startsOn") == TermStart.allCases.map(\.rawValue))
        #expect(values("/$defs/inputKind/properties/feedback") == FeedbackPolicy.allCases.map(\.rawValue))
        #expect(values("/$defs/verdict") == Verdict.allCases.map(\.rawValue))
        #expect(schema.at("/properties/roles/propertyNames/not/const")?.stringValue == RoleID.system.rawValue)
    }

    @Test("the schema's term limits are the decoder's", arguments: TermLength.Unit.allCases)
    func termLimits(unit: TermLength.Unit) throws {
        let schema = try Self.schema()
        for pointer in ["/$defs/termLength", "/$defs/window"] {
            let property = try #require(schema.at("\(pointer)/properties/\(unit.rawValue)"))
            let minimum = try #require(property["minimum"]?.intValue)
            let maximum = try #require(property["maximum"]?.intValue)
            #expect(Self.decodes(answerWithin: "{\"\(unit.rawValue)\": \(minimum)}"), "\(pointer): \(minimum) wordt geweigerd")
            #expect(Self.decodes(answerWithin: "{\"\(unit.rawValue)\": \(maximum)}"), "\(pointer): \(maximum) wordt geweigerd")
            #expect(!Self.decodes(answerWithin: "{\"\(unit.rawValue)\": \(minimum - 1)}"), "\(pointer): \(minimum - 1) wordt gelezen")
            #expect(!Self.decodes(answerWithin: "{\"\(unit.rawValue)\": \(maximum + 1)}"), "\(pointer): \(maximum + 1) wordt gelezen")
        }
    }

    /// Whether a minimal workflow with this `answerWithin` decodes.
    static func decodes(answerWithin term: String) -> Bool {
        let text = """
            {
              "formatVersion": 1, "id": "t", "version": "1", "title": "T",
              "roles": { "college": "College" },
              "inputKinds": { "reactie": { "label": "Reactie", "answerWithin": \(term) } },
              "initial": "open",
              "states": { "open": { "label": "Open", "accepts": ["reactie"] }, "klaar": { "label": "Klaar", "final": true } },
              "transitions": [ { "name": "besluiten", "from": ["open"], "to": "klaar", "by": ["college"], "decision": true } ]
            }
            """
        return (try? WorkflowFile(bytes: Array(text.utf8))) != nil
    }
}

extension JSONNode {
    /// The node at a JSON Pointer such as `/$defs/state/properties/phase`, or `nil`.
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

    /// Visits this node and every node inside it with its JSON Pointer (the root is `""`).
    /// Examples are data, not schema, and are skipped.
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
