import CSVExporter
import FolioModel
import Foundation
import HTMLExporter
import JSONExporter
import MarkdownExporter

/// Every output format a run can use: the built-in exporters, the in-process
/// HTML exporter, then external `folio-export-NAME` programs.
///
/// External exporters are looked up, in this order, in the `--plugins` folders,
/// the folders of `FOLIO_PLUGIN_PATH` (colon-separated) and the folders of
/// `PATH`. The first program found for a name wins; a program cannot replace
/// a built-in format.
public enum Registry {
    public static let prefix = "folio-export-"

    /// The in-process exporters, the one list of them: those linked from `Plugins/`.
    /// Add an in-process exporter here.
    public static let inProcess = ExporterRegistry([JSONExporter(), CSVExporter(), MarkdownExporter(), HTMLExporter()])

    public static func make(
        pluginDirs: [String], timeout: TimeInterval = ExternalExporter.defaultTimeout,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ExporterRegistry {
        var registry = inProcess
        for plugin in discover(pluginDirs: pluginDirs, timeout: timeout, environment: environment).active {
            registry.register(plugin)
        }
        return registry
    }

    /// External exporters found, and those ignored because an earlier one (or a
    /// built-in format) already has their name.
    public struct Discovery {
        public var active: [ExternalExporter] = []
        public var shadowed: [(plugin: ExternalExporter, by: String)] = []
    }

    public static func discover(
        pluginDirs: [String], timeout: TimeInterval = ExternalExporter.defaultTimeout,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Discovery {
        var places: [(dir: String, origin: ExternalExporter.Origin)] = pluginDirs.map { ($0, .pluginsOption) }
        for dir in (environment["FOLIO_PLUGIN_PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            places.append((String(dir), .environment))
        }
        for dir in (environment["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            places.append((String(dir), .path))
        }

        let builtIn = Set(inProcess.names)
        var found = Discovery()
        var seenDirs = Set<String>()
        let fm = FileManager.default
        for (dir, origin) in places {
            let folder = URL(fileURLWithPath: dir).standardizedFileURL
            guard seenDirs.insert(folder.path).inserted,
                let entries = try? fm.contentsOfDirectory(atPath: folder.path)
            else { continue }
            for entry in entries.sorted() where entry.hasPrefix(prefix) {
                guard let name = pluginName(entry) else { continue }
                let path = folder.appendingPathComponent(entry).path
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                    fm.isExecutableFile(atPath: path)
                else { continue }
                let plugin = ExternalExporter(name: name, path: path, origin: origin, timeout: timeout)
                if builtIn.contains(name) {
                    found.shadowed.append((plugin, "the built-in format"))
                } else if let earlier = found.active.first(where: { $0.name == name }) {
                    found.shadowed.append((plugin, earlier.path))
                } else {
                    found.active.append(plugin)
                }
            }
        }
        return found
    }

    /// NAME from `folio-export-NAME`: letters, digits, `-` and `_` (so editor
    /// backups and `.py` sources next to a plugin are not formats).
    package static func pluginName(_ fileName: String) -> String? {
        guard fileName.hasPrefix(prefix) else { return nil }
        let name = String(fileName.dropFirst(prefix.count)).lowercased()
        guard let first = name.first, first.isLetter || first.isNumber,
            name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" })
        else { return nil }
        return name
    }
}

/// An output format served by an executable `folio-export-NAME`: it reads the
/// document JSON on standard input and writes the file named by its single argument.
public struct ExternalExporter: Exporter {
    public static let defaultTimeout: TimeInterval = 60
    /// How long `folio-export-NAME --extension` may take to answer.
    public static let extensionTimeout: TimeInterval = 5

    public enum Origin: String, Sendable {
        case pluginsOption = "--plugins"
        case environment = "FOLIO_PLUGIN_PATH"
        case path = "PATH"
    }

    public let name: String
    public let path: String
    public let origin: Origin
    public let timeout: TimeInterval
    private let extensionAnswer = LazyAnswer()

    public init(name: String, path: String, origin: Origin, timeout: TimeInterval) {
        self.name = name
        self.path = path
        self.origin = origin
        self.timeout = timeout
    }

    public var summary: String { "external exporter (\(Registry.prefix)\(name), found via \(origin.rawValue))" }

    /// The plugin's answer to `--extension` when it is a single token, else NAME.
    public var fileExtension: String {
        extensionAnswer.value {
            // Run in an empty folder: a plugin that takes `--extension` for a file name
            // must not litter the user's working directory.
            let scratch = FileManager.default.temporaryDirectory
                .appendingPathComponent("folio-ext-\(UUID().uuidString)", isDirectory: true)
            try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            guard
                let r = try? ProcessRunner.plugin(
                    path, ["--extension"], input: Data(), timeout: Self.extensionTimeout, currentDirectory: scratch
                ).run(),
                !r.timedOut, r.status == 0
            else { return name }
            var token = String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if token.hasPrefix(".") { token.removeFirst() }
            let valid =
                !token.isEmpty && token.count <= 16
                && token.allSatisfy {
                    ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" || $0 == "."
                }
            return valid ? token : name
        }
    }

    /// Runs the plugin: `documentJSON` on its standard input, `url` as its argument.
    public func export(documentJSON: Data, to url: URL) throws {
        let r: ProcessRunner.Result
        do {
            r = try ProcessRunner.plugin(path, [url.path], input: documentJSON, timeout: timeout).run()
        } catch {
            throw PluginFailure(plugin: name, path: path, reason: "\(error)", stderr: "")
        }
        let head = r.stderrHead()
        if r.timedOut {
            throw PluginFailure(
                plugin: name, path: path, reason: "timed out after \(formatSeconds(timeout))", stderr: head)
        }
        if r.status != 0 {
            throw PluginFailure(plugin: name, path: path, reason: "failed with exit status \(r.status)", stderr: head)
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PluginFailure(
                plugin: name, path: path, reason: "exited 0 but wrote no file \(url.lastPathComponent)", stderr: head)
        }
    }

    /// The plugin's output as text (for `--output -` and callers of the `Exporter` protocol).
    public func render(_ document: Document) throws -> String {
        String(decoding: try renderData(document), as: UTF8.self)
    }

    public func renderData(_ document: Document) throws -> Data {
        try renderData(documentJSON: DocumentJSON.encode(document))
    }

    public func renderData(documentJSON: Data) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("folio-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("stdout.\(fileExtension)")
        try export(documentJSON: documentJSON, to: file)
        return try Data(contentsOf: file)
    }
}

/// A plugin exporter that failed; one line naming it, with the start of its standard error.
public struct PluginFailure: Error, CustomStringConvertible {
    public var plugin: String
    public var path: String
    public var reason: String
    public var stderr: String

    public var description: String {
        "exporter '\(plugin)' (\(path)) \(reason)" + (stderr.isEmpty ? "" : ": \(stderr)")
    }
}

/// Computed once, on first use, from any thread.
private final class LazyAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: String?

    func value(_ compute: () -> String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let v = compute()
        cached = v
        return v
    }
}

/// The document as plugins and filters receive it: exactly what the JSON exporter writes.
public enum DocumentJSON {
    public static func encode(_ document: Document) throws -> Data {
        Data(try JSONExporter().render(document).utf8)
    }
}

extension ProcessRunner {
    /// An external exporter or a filter: `input` on its standard input, both output
    /// streams captured; past `timeout`, SIGTERM, and SIGKILL a second later.
    static func plugin(
        _ executable: String, _ arguments: [String] = [], input: Data, timeout: TimeInterval,
        currentDirectory: URL? = nil
    ) -> ProcessRunner {
        var runner = ProcessRunner(executable: executable, arguments: arguments)
        runner.input = .data(input)
        runner.timeout = timeout
        runner.gracePeriod = 1
        runner.currentDirectory = currentDirectory
        return runner
    }
}
