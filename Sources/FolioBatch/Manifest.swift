import Foundation

/// `folio-manifest.json`: what a batch did to each input, keyed by the input's
/// path relative to INPUT_DIR. Written atomically after every document, so a run
/// that is killed at any moment resumes where it stopped.
public struct BatchManifest: Codable, Equatable, Sendable {
    public static let schemaID = "folio/batch-manifest@1"

    public var schema = BatchManifest.schemaID
    /// "K/N" for a shard's manifest, nil for a whole run or a merge.
    public var shard: String?
    public var documents: [String: Entry] = [:]

    public init() {}

    public struct Entry: Codable, Equatable, Sendable {
        public enum Status: String, Codable, Sendable { case converted, failed, removed }

        public var sha256: String
        public var folioVersion: String
        /// The options that change the output (formats, OCR mode, languages).
        public var options: String
        /// Files written, relative to OUT_DIR.
        public var outputs: [String]
        public var status: Status
        public var reason: String?
        public var pages: Int?
        public var chapters: Int?

        package enum CodingKeys: String, CodingKey {
            case sha256, options, outputs, status, reason, pages, chapters
            case folioVersion = "folio_version"
        }

        /// The outputs are all on disk.
        public func outputsPresent(in outDir: URL) -> Bool {
            !outputs.isEmpty
                && outputs.allSatisfy { FileManager.default.fileExists(atPath: outDir.appendingPathComponent($0).path) }
        }

        /// The JSON output, relative to OUT_DIR.
        public var jsonOutput: String? { outputs.first { $0.hasSuffix(".json") } }
    }

    public static func load(_ url: URL) throws -> BatchManifest {
        guard FileManager.default.fileExists(atPath: url.path) else { return BatchManifest() }
        do {
            return try JSONDecoder().decode(BatchManifest.self, from: Data(contentsOf: url))
        } catch {
            throw BatchError("cannot read \(url.lastPathComponent): \(error.localizedDescription)")
        }
    }

    package func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    package func save(_ url: URL) throws { try AtomicFile.write(data(), to: url) }
}

/// A batch-level failure (not one document's): reported and exit 1.
public struct BatchError: Error, CustomStringConvertible {
    public var description: String
    package init(_ description: String) { self.description = description }
}

/// Whole-file writes that a reader (or a crash) never sees half done: the bytes
/// go to a hidden temporary file in the same folder, which is then renamed.
package enum AtomicFile {
    package static func write(_ data: Data, to url: URL) throws {
        let temp = temporaryURL(for: url)
        do {
            try data.write(to: temp)
            try rename(temp, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    package static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    }

    /// rename(2): atomic, and replaces the destination if it exists.
    package static func rename(_ from: URL, to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw BatchError("cannot move \(from.lastPathComponent) to \(to.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Streams text into a file that appears, complete, only when `commit` is called.
package final class AtomicTextFile {
    package let url: URL
    private let temp: URL
    private let handle: FileHandle
    private var buffer = Data()

    package init(_ url: URL) throws {
        self.url = url
        temp = AtomicFile.temporaryURL(for: url)
        guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
            throw BatchError("cannot write \(temp.path)")
        }
        handle = try FileHandle(forWritingTo: temp)
    }

    package func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    package func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    package func commit() throws {
        try flush()
        try handle.close()
        try AtomicFile.rename(temp, to: url)
    }

    package func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temp)
    }
}
