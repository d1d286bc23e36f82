import FolioModel
import Foundation
import JSONExporter
import Testing

// MARK: - A small JSON Schema validator

/// A parsed JSON value that keeps booleans, numbers and null apart.
indirect enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var number: Double? { if case .number(let n) = self { n } else { nil } }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? "\(Int(n))" : "\(n)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.count) items]"
        case .object(let o): "{\(o.keys.sorted().joined(separator: ", "))}"
        }
    }
}

/// Validates against the keywords the Folio schema uses: type, required,
/// properties, additionalProperties, items, enum, const, minimum, maximum,
/// pattern, $defs/$ref (local) and anyOf. Any other keyword is reported, so the
/// validator never silently ignores part of the schema.
struct JSONSchemaValidator {
    static let keywords: Set<String> = [
        "type", "required", "properties", "additionalProperties", "items", "enum", "const", "minimum", "maximum",
        "pattern", "$ref", "anyOf",
    ]
    /// Keywords that only annotate.
    static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]

    let root: JSONValue

    /// Problems with `value`, one line each with the JSON path; empty when valid.
    func validate(_ value: JSONValue) -> [String] { validate(value, against: root, at: "$") }

    /// Keywords in the schema this validator does not implement.
    func unsupportedKeywords() -> [String] {
        var found: [String] = []
        func walk(_ schema: JSONValue, _ path: String) {
            guard let o = schema.object else { return }
            for (key, sub) in o {
                if !Self.keywords.contains(key) && !Self.annotations.contains(key) { found.append("\(path)/\(key)") }
                switch key {
                case "properties", "$defs": for (name, s) in sub.object ?? [:] { walk(s, "\(path)/\(key)/\(name)") }
                case "items", "additionalProperties": walk(sub, "\(path)/\(key)")
                case "anyOf": for (i, s) in (sub.array ?? []).enumerated() { walk(s, "\(path)/anyOf/\(i)") }
                default: break
                }
            }
        }
        walk(root, "#")
        return found
    }

    func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        for part in ref.dropFirst().split(separator: "/") {
            guard let next = node.object?[String(part)] else { return nil }
            node = next
        }
        return node
    }

    func validate(_ value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        if case .bool(let allowed) = schema { return allowed ? [] : ["\(path): no value is allowed here"] }
        guard let s = schema.object else { return ["\(path): schema is not an object"] }
        var errors: [String] = []
        if let ref = s["$ref"]?.string {
            guard let target = resolve(ref) else { return ["\(path): unresolvable $ref \(ref)"] }
            errors += validate(value, against: target, at: path)
        }
        if let type = s["type"] {
            let types = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if !types.contains(where: { Self.has(value, type: $0) }) {
                errors.append("\(path): \(value) is not of type \(types.joined(separator: "|"))")
                return errors
            }
        }
        if let c = s["const"], c != value { errors.append("\(path): \(value) is not \(c)") }
        if let options = s["enum"]?.array, !options.contains(value) {
            errors.append("\(path): \(value) is not one of \(options.map(\.description).joined(separator: ", "))")
        }
        if let branches = s["anyOf"]?.array,
            !branches.contains(where: { validate(value, against: $0, at: path).isEmpty })
        {
            errors.append("\(path): \(value) matches none of the anyOf branches")
        }
        if let n = value.number {
            if let min = s["minimum"]?.number, n < min { errors.append("\(path): \(value) < minimum \(min)") }
            if let max = s["maximum"]?.number, n > max { errors.append("\(path): \(value) > maximum \(max)") }
        }
        if let text = value.string, let pattern = s["pattern"]?.string,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            errors.append("\(path): \(value) does not match \(pattern)")
        }
        if let o = value.object {
            for key in s["required"]?.array?.compactMap(\.string) ?? [] where o[key] == nil {
                errors.append("\(path): missing required key '\(key)'")
            }
            let properties = s["properties"]?.object ?? [:]
            for (key, v) in o.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[key] {
                    errors += validate(v, against: sub, at: "\(path).\(key)")
                } else if let extra = s["additionalProperties"] {
                    if case .bool(false) = extra {
                        errors.append("\(path): key '\(key)' is not in the schema")
                    } else {
                        errors += validate(v, against: extra, at: "\(path).\(key)")
                    }
                }
            }
        }
        if let a = value.array, let items = s["items"] {
            for (i, v) in a.enumerated() { errors += validate(v, against: items, at: "\(path)[\(i)]") }
        }
        return errors
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let n)): n == n.rounded()
        default: false
        }
    }
}

// MARK: - Tests

@Suite("Schema: schema/folio-document-1.schema.json")
struct SchemaTests {
    static var schemaURL: URL { Repo.root.appendingPathComponent("schema/folio-document-1.schema.json") }

    static func validator() throws -> JSONSchemaValidator {
        JSONSchemaValidator(root: try JSONValue.parse(Data(contentsOf: schemaURL)))
    }

    @Test func schemaIsDraft202012AndNamesTheContract() throws {
        let v = try Self.validator()
        let root = try #require(v.root.object)
        #expect(root["$schema"]?.string == "https://json-schema.org/draft/2020-12/schema")
        #expect(root["$id"]?.string?.hasSuffix("folio/document@1") == true)
        #expect(root["properties"]?.object?["schema"]?.object?["const"]?.string == Document.schemaID)
        #expect(
            v.unsupportedKeywords().isEmpty, "keywords the test validator does not check: \(v.unsupportedKeywords())")
    }

    /// Every document `folio convert` writes for the sample report and the fixtures validates.
    @Test func everyConvertedDocumentValidates() throws {
        let v = try Self.validator()
        let out = try TempDir("folio-schema")
        defer { out.cleanUp() }
        let inputs =
            [Repo.sampleReport.path] + (try ["two-page.pdf", "two-column.pdf", "scanned.pdf"].map(Fixtures.path))
        let r = try PluginHarness.folio(["convert"] + inputs + ["--format", "json", "--output", out.url.path, "-q"])
        #expect(r.status == 0, "stderr: \(r.err)")
        // Plain-text input goes through the same contract (the .txt fixtures share PDF names: own folder).
        let text = try TempDir("folio-schema-text")
        defer { text.cleanUp() }
        let t = try PluginHarness.folio(
            ["convert"] + (try ["two-page.txt", "scanned.txt"].map(Fixtures.path))
                + ["--format", "json", "--output", text.url.path, "-q"])
        #expect(t.status == 0, "stderr: \(t.err)")
        let locked = try PluginHarness.folio([
            "convert", try Fixtures.path("encrypted.pdf"), "--password", "secret", "--format", "json", "--output", "-",
        ])
        #expect(locked.status == 0, "stderr: \(locked.err)")
        let stdin = try PluginHarness.folio(
            ["convert", "-", "--format", "json", "--output", "-"], input: try Fixtures.data("two-page.pdf"))
        #expect(stdin.status == 0, "stderr: \(stdin.err)")

        var documents: [(String, Data)] = [("encrypted.pdf", locked.stdout), ("stdin", stdin.stdout)]
        for dir in [out, text] {
            for name in try PluginHarness.files(in: dir) {
                documents.append((name, try Data(contentsOf: dir.file(name))))
            }
        }
        #expect(documents.count == 8)
        for (name, data) in documents {
            let errors = v.validate(try JSONValue.parse(data))
            #expect(errors.isEmpty, "\(name): \(errors.prefix(10).joined(separator: "\n"))")
        }
    }

    /// The validator is not vacuous: broken documents fail, with the path of the problem.
    @Test func brokenDocumentsFail() throws {
        let v = try Self.validator()
        let good = try JSONValue.parse(Data(JSONExporter().render(Self.everyFieldSet).utf8))
        #expect(v.validate(good).isEmpty, "\(v.validate(good))")

        func edited(_ edit: (inout [String: Any]) -> Void) throws -> JSONValue {
            var d = try #require(
                JSONSerialization.jsonObject(with: Data(JSONExporter().render(Self.everyFieldSet).utf8))
                    as? [String: Any])
            edit(&d)
            return try JSONValue.parse(JSONSerialization.data(withJSONObject: d))
        }
        func setBlock(_ d: inout [String: Any], _ key: String, _ value: Any?) {
            var chapters = d["chapters"] as! [[String: Any]]
            var blocks = chapters[0]["blocks"] as! [[String: Any]]
            blocks[0][key] = value
            chapters[0]["blocks"] = blocks
            d["chapters"] = chapters
        }
        let cases: [(String, JSONValue)] = [
            ("is not \"folio/document@1\"", try edited { $0["schema"] = "folio/document@2" }),
            ("missing required key 'title'", try edited { $0["title"] = nil }),
            ("$.chapters[0].blocks[0]: missing required key 'text'", try edited { setBlock(&$0, "text", nil) }),
            ("$.chapters[0].blocks[0].kind", try edited { setBlock(&$0, "kind", "sidebar") }),
            ("$.chapters[0].blocks[0].page", try edited { setBlock(&$0, "page", 0) }),
            ("key 'colour' is not in the schema", try edited { setBlock(&$0, "colour", "red") }),
            ("$.source.sha256", try edited { $0["source"] = ["file": "x", "sha256": "XYZ", "page_count": 1] }),
            (
                "$.pages[0].confidence",
                try edited { $0["pages"] = [["number": 1, "method": "ocr", "confidence": 1.5]] }
            ),
        ]
        for (message, document) in cases {
            let errors = v.validate(document)
            #expect(errors.contains { $0.contains(message) }, "expected '\(message)' in \(errors)")
        }
    }

    // MARK: Model ↔ schema drift

    /// A document with every optional field set and every array non-empty.
    static let everyFieldSet = Document(
        source: Source(file: "report.pdf", sha256: String(repeating: "ab", count: 32), pageCount: 2),
        title: "A Title",
        pages: [
            Page(
                number: 1, method: .text, confidence: 0.5, label: "i",
                furniture: [Furniture(role: "running_header", text: "A Report")], warnings: ["page 1: a warning"]),
            Page(
                number: 2, method: .ocr, confidence: 0.91, label: "1",
                furniture: [Furniture(role: "page_number", text: "1")], warnings: ["page 2: OCR found no text"]),
        ],
        chapters: [
            Chapter(
                index: 1, title: "Chapter", authors: ["Jane Q. Author"], startPage: 1, endPage: 2,
                blocks: [
                    Block(
                        kind: .paragraph, text: "Body.", page: 1, level: 2, label: "3", footnoteRefs: ["3"],
                        rows: [["Year", "Total"], ["2004", "166.7"]])
                ])
        ],
        frontMatter: [
            Block(kind: .heading, text: "Contents", page: 1, level: 2, label: "*", footnoteRefs: ["1"], rows: [["1"]])
        ],
        backMatter: [
            Block(
                kind: .footnote, text: "About the Authors", page: 2, level: 2, label: "2", footnoteRefs: ["2"],
                rows: [["2"]])
        ],
        metadata: Metadata(producer: "folio", ocrRepairs: 1, warnings: ["a warning"])
    ).withIdentities()

    /// Guards the fixture above: when the model gains a field, it must be set here
    /// (and so reach the key comparison below).
    @Test func driftFixtureSetsEveryField() {
        var unset: [String] = []
        func walk(_ value: Any, _ path: String) {
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let child = mirror.children.first { walk(child.value, path) } else { unset.append(path) }
            case .collection:
                if mirror.children.isEmpty { unset.append(path + "[]") }
                for (i, child) in mirror.children.enumerated() { walk(child.value, "\(path)[\(i)]") }
            case .struct, .class:
                for child in mirror.children { walk(child.value, path + "." + (child.label ?? "?")) }
            default:
                break
            }
        }
        walk(Self.everyFieldSet, "document")
        #expect(unset.isEmpty, "set these in SchemaTests.everyFieldSet: \(unset)")
    }

    /// Fails when the model and the schema drift apart: every key the model emits
    /// is in the schema's properties, every schema property is emitted when every
    /// field is set, and every required key is emitted.
    @Test func modelAndSchemaHaveTheSameKeys() throws {
        let v = try Self.validator()
        let emitted = try JSONValue.parse(Data(JSONExporter().render(Self.everyFieldSet).utf8))
        var problems: [String] = []

        func objectSchema(_ schema: JSONValue) -> [String: JSONValue]? {
            guard var s = schema.object else { return nil }
            if let ref = s["$ref"]?.string, let target = v.resolve(ref)?.object { s = target }
            if let branches = s["anyOf"]?.array {
                return branches.lazy.compactMap { objectSchema($0) }.first { $0["properties"] != nil }
            }
            return s
        }
        func itemsSchema(_ schema: JSONValue) -> JSONValue? {
            guard var s = schema.object else { return nil }
            if let ref = s["$ref"]?.string, let target = v.resolve(ref)?.object { s = target }
            if let items = s["items"] { return items }
            return s["anyOf"]?.array?.lazy.compactMap { itemsSchema($0) }.first
        }
        func compare(_ value: JSONValue, _ schema: JSONValue, _ path: String) {
            switch value {
            case .object(let o):
                guard let s = objectSchema(schema), let properties = s["properties"]?.object else {
                    problems.append("\(path): the model emits an object the schema does not describe")
                    return
                }
                for key in o.keys.sorted() where properties[key] == nil {
                    problems.append("\(path).\(key): emitted by the model, missing from the schema")
                }
                for key in properties.keys.sorted() where o[key] == nil {
                    problems.append("\(path).\(key): in the schema, not emitted by the model")
                }
                for key in s["required"]?.array?.compactMap(\.string) ?? [] where o[key] == nil {
                    problems.append("\(path).\(key): required by the schema, not emitted by the model")
                }
                for (key, sub) in o { if let p = properties[key] { compare(sub, p, "\(path).\(key)") } }
            case .array(let a):
                guard let items = itemsSchema(schema) else {
                    problems.append("\(path): the model emits an array the schema does not describe")
                    return
                }
                for (i, sub) in a.enumerated() { compare(sub, items, "\(path)[\(i)]") }
            default:
                break
            }
        }
        compare(emitted, v.root, "$")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(v.validate(emitted).isEmpty, "\(v.validate(emitted))")
        // Every field survives a round trip (the decoder reads what the encoder writes).
        #expect(
            try JSONDecoder().decode(Document.self, from: Data(JSONExporter().render(Self.everyFieldSet).utf8))
                == Self.everyFieldSet)
    }

    @Test func enumerationsMatchTheModel() throws {
        let v = try Self.validator()
        let kinds = v.resolve("#/$defs/block/properties/kind/enum")?.array?.compactMap(\.string)
        #expect(kinds == BlockKind.known.map(\.rawValue))
        let methods = v.resolve("#/$defs/page/properties/method/enum")?.array?.compactMap(\.string) ?? []
        #expect(!methods.isEmpty)
        #expect(methods.allSatisfy { ExtractionMethod(rawValue: $0) != nil })
        #expect(Set(methods) == Set([ExtractionMethod.text, .ocr].map(\.rawValue)))
    }
}
