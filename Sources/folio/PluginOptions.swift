import ArgumentParser
import FolioModel
import FolioPlugins
import Foundation

/// Filters and external exporters, the same for `convert` and `batch` (which
/// passes them on to each worker's `convert`).
struct PluginOptions: ParsableArguments {
    @Option(
        name: .customLong("filter"),
        help: ArgumentHelp(
            "Run CMD on the document JSON before exporting (repeatable, applied in order).",
            discussion: "CMD is a path or a name on PATH; it reads the document on stdin and writes it on stdout.",
            valueName: "cmd"))
    var filters: [String] = []

    @Option(
        name: .customLong("plugins"),
        help: ArgumentHelp(
            "A folder of external exporters (folio-export-NAME programs); repeatable.",
            discussion: "Searched before FOLIO_PLUGIN_PATH (colon-separated folders) and PATH.",
            valueName: "dir"))
    var pluginDirs: [String] = []

    @Option(
        name: .customLong("plugin-timeout"),
        help: ArgumentHelp(
            "Seconds an external exporter or filter may run before it is stopped and its output fails.",
            valueName: "seconds"))
    var pluginTimeout: Double = ExternalExporter.defaultTimeout

    /// The exporters `formats` may name: the built-in ones alone when every
    /// format is one of them (an external exporter never takes a built-in
    /// name, so listing every folder on PATH would change nothing: a few
    /// milliseconds of each run, and of each worker of a batch), else all.
    func registry(for formats: [String]) -> ExporterRegistry {
        if formats.allSatisfy({ Registry.inProcess.exporter(named: $0) != nil }) { return Registry.inProcess }
        return Registry.make(pluginDirs: pluginDirs, timeout: pluginTimeout)
    }

    /// Folders exist, the timeout is positive, every format and filter is found.
    func validate(formats: [String]) throws {
        for dir in pluginDirs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("--plugins \(dir): no such folder")
            }
        }
        if !(pluginTimeout > 0) { throw ValidationError("--plugin-timeout must be more than 0 seconds") }
        let registry = registry(for: formats)
        for name in formats where registry.exporter(named: name) == nil {
            throw ValidationError("unknown format '\(name)'; available: \(registry.names.joined(separator: ", "))")
        }
        for command in filters where Filter(command: command) == nil {
            throw ValidationError(
                "--filter \(command): " + (command.contains("/") ? "no such executable file" : "not found on PATH"))
        }
    }
}
