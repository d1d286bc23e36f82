import ArgumentParser
import FolioModel
import FolioPlugins
import Foundation

struct Exporters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the output formats.",
        discussion: """
            One line per format: its name (for --format), the file extension, what it \
            writes, and where it comes from: (built in), or the path of an external \
            exporter, a folio-export-NAME program found in a --plugins folder, \
            FOLIO_PLUGIN_PATH or PATH.
            """)

    @Option(
        name: .customLong("plugins"),
        help: ArgumentHelp("Also look for folio-export-NAME programs in this folder (repeatable).", valueName: "dir"))
    var pluginDirs: [String] = []

    func run() {
        let registry = Registry.make(pluginDirs: pluginDirs)
        let rows = registry.exporters.map { e -> (String, String, String, String) in
            let origin = (e as? ExternalExporter).map { "(\($0.path))" } ?? "(built in)"
            return (e.name, "." + e.fileExtension, e.summary, origin)
        }
        let nameWidth = max(6, rows.map(\.0.count).max() ?? 0)
        let extWidth = max(5, rows.map(\.1.count).max() ?? 0)
        for (name, ext, summary, origin) in rows {
            print(
                "\(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)) "
                    + "\(ext.padding(toLength: extWidth, withPad: " ", startingAt: 0))  \(summary)  \(origin)")
        }
        for (plugin, by) in Registry.discover(pluginDirs: pluginDirs).shadowed {
            printErr("folio: ignored \(plugin.path): '\(plugin.name)' is already provided by \(by)")
        }
    }
}
