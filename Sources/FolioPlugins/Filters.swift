import FolioCore
import FolioModel
import Foundation

/// A program that rewrites the document between conversion and export, like a
/// Pandoc filter: document JSON on standard input, document JSON on standard output.
public struct Filter: Sendable {
    /// As given on the command line (`--filter CMD`).
    public let command: String
    /// The executable it resolved to.
    public let path: String

    /// Resolves CMD: a path (anything with a slash) as given, otherwise a name on PATH.
    public init?(command: String, path searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        guard let resolved = ProcessRunner.resolve(command, path: searchPath) else { return nil }
        self.command = command
        self.path = resolved
    }

    public func apply(documentJSON: Data, timeout: TimeInterval) throws -> Document {
        // The filter's output goes to an unnamed-in-advance file and is read back
        // mapped: a large document is not held twice in memory.
        var template = Array((NSTemporaryDirectory() + "/folio-filter.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw FilterFailure(filter: command, reason: "cannot hold its output: \(FileProblem.reason(errno: errno))")
        }
        close(fd)
        let outputPath = String(nulTerminated: template)
        defer { unlink(outputPath) }
        var runner = ProcessRunner.plugin(path, input: documentJSON, timeout: timeout)
        runner.stdout = .file(URL(fileURLWithPath: outputPath))
        let r: ProcessRunner.Result
        do {
            r = try runner.run()
        } catch {
            throw FilterFailure(filter: command, reason: "\(error)")
        }
        let head = r.stderrHead()
        let tail = head.isEmpty ? "" : ": \(head)"
        if r.timedOut {
            throw FilterFailure(filter: command, reason: "timed out after \(formatSeconds(timeout))\(tail)")
        }
        if r.status != 0 { throw FilterFailure(filter: command, reason: "failed with exit status \(r.status)\(tail)") }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: outputPath), options: .alwaysMapped)
            return try DocumentValidator.decode(data)
        } catch let invalid as DocumentValidator.Invalid {
            throw FilterFailure(filter: command, reason: "wrote an invalid document: \(invalid.reason)")
        }
    }
}

public struct FilterFailure: Error, CustomStringConvertible {
    public var filter: String
    public var reason: String
    public var description: String { "filter '\(filter)' \(reason)" }
}

/// Reads a `folio/document@1` JSON document written by someone else and says,
/// in one line, what is wrong with it.
public enum DocumentValidator {
    public struct Invalid: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public static let requiredTopLevel = ["schema", "source", "title", "pages", "chapters"]

    public static func decode(_ data: Data) throws -> Document {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw Invalid(reason: "standard output was empty")
        }
        try checkShape(data)
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw Invalid(reason: describe(error))
        }
    }

    /// The checks that give a filter's author a precise message, on a generic
    /// parse that is let go before the real decoding starts.
    private static func checkShape(_ data: Data) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let start = String(decoding: data.prefix(40), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            throw Invalid(reason: "output is not valid JSON (it starts \"\(start)\")")
        }
        guard let top = object as? [String: Any] else { throw Invalid(reason: "output is not a JSON object") }
        for key in requiredTopLevel where top[key] == nil {
            throw Invalid(reason: "missing required field '\(key)'")
        }
        guard let schema = top["schema"] as? String, schema == Document.schemaID else {
            throw Invalid(reason: "schema is \(describe(top["schema"])), expected \"\(Document.schemaID)\"")
        }
        // Enumerations first, for messages that list the valid values.
        if let pages = top["pages"] as? [Any] {
            for (i, page) in pages.enumerated() {
                if let method = (page as? [String: Any])?["method"] as? String,
                    ExtractionMethod(rawValue: method) == nil
                {
                    throw Invalid(reason: "pages[\(i)].method \"\(method)\" is not one of: text, ocr")
                }
            }
        }
        if let chapters = top["chapters"] as? [Any] {
            for (c, chapter) in chapters.enumerated() {
                guard let blocks = (chapter as? [String: Any])?["blocks"] as? [Any] else { continue }
                for (b, block) in blocks.enumerated() {
                    if let kind = (block as? [String: Any])?["kind"] as? String,
                        !BlockKind.known.contains(BlockKind(rawValue: kind))
                    {
                        let valid = BlockKind.known.map(\.rawValue).joined(separator: ", ")
                        throw Invalid(reason: "chapters[\(c)].blocks[\(b)].kind \"\(kind)\" is not one of: \(valid)")
                    }
                }
            }
        }
    }

    package static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing required field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' is not a \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' is null, expected a \(typeName(type))"
        case .dataCorrupted(let context):
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `chapters[0].blocks[3].text`
    package static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(i)" {
                out += "[\(i)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out.isEmpty ? "(document)" : out
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Double.Type: "number"
        case is Bool.Type: "boolean"
        default: "\(type)".lowercased().contains("array") ? "array" : "\(type)"
        }
    }

    private static func describe(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: "null"
        case let s as String: "\"\(s)\""
        default: "\(value!)"
        }
    }
}
