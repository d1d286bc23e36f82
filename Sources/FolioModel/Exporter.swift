/// An output format. Exporters see only the document model.
public protocol Exporter: Sendable {
    /// Short name used on the command line (`--format json`).
    var name: String { get }
    /// File extension without the dot.
    var fileExtension: String { get }
    /// One line for `--help` and `folio exporters`.
    var summary: String { get }
    /// The document rendered in this format.
    func render(_ document: Document) throws -> String
}

/// The exporters a run can use, looked up by name.
public struct ExporterRegistry: Sendable {
    public private(set) var exporters: [any Exporter]

    public init(_ exporters: [any Exporter]) { self.exporters = exporters }

    public mutating func register(_ exporter: any Exporter) {
        exporters.removeAll { $0.name == exporter.name }
        exporters.append(exporter)
    }

    public func exporter(named name: String) -> (any Exporter)? {
        let key = name.lowercased() == "markdown" ? "md" : name.lowercased()
        return exporters.first { $0.name == key }
    }

    public var names: [String] { exporters.map(\.name) }
}
