// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
        // For Swift apps: the pipeline, the document model, and each built-in exporter.
        .library(name: "FolioCore", targets: ["FolioCore"]),
        .library(name: "FolioModel", targets: ["FolioModel"]),
        .library(name: "JSONExporter", targets: ["JSONExporter"]),
        .library(name: "CSVExporter", targets: ["CSVExporter"]),
        .library(name: "MarkdownExporter", targets: ["MarkdownExporter"]),
        .library(name: "HTMLExporter", targets: ["HTMLExporter"]),
        .library(name: "FolioDiff", targets: ["FolioDiff"]),
        // For Swift apps that do what the command line does: exporters by name and
        // external exporters, batches, inspection pages.
        .library(name: "FolioPlugins", targets: ["FolioPlugins"]),
        .library(name: "FolioBatch", targets: ["FolioBatch"]),
        .library(name: "FolioInspect", targets: ["FolioInspect"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // C libraries, each behind a thin Swift wrapper.
        .systemLibrary(
            name: "CPoppler", path: "Sources/CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]),
        // Headers only: TesseractKit opens libtesseract at run time (dlopen).
        .systemLibrary(
            name: "CTesseract", path: "Sources/CTesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "PopplerKit", dependencies: ["CPoppler"]),
        .target(name: "SQLiteKit", dependencies: ["CSQLite"]),
        .target(name: "TesseractKit", dependencies: ["CTesseract"]),

        // The document model: the one language every stage and exporter speaks.
        .target(name: "FolioModel"),
        // Text rules every stage shares: list markers, sentence ends, title case, edit distance, patterns.
        .target(name: "FolioText"),

        // Exporters: each sees only the model.
        .target(name: "JSONExporter", dependencies: ["FolioModel"], path: "Plugins/JSONExporter"),
        .target(name: "CSVExporter", dependencies: ["FolioModel"], path: "Plugins/CSVExporter"),
        .target(
            name: "MarkdownExporter", dependencies: ["FolioModel"], path: "Plugins/MarkdownExporter"),
        .target(name: "HTMLExporter", dependencies: ["FolioModel"], path: "Plugins/HTMLExporter"),

        // Edition diffs: the model, and the HTML exporter's one text escaping for its page.
        .target(name: "FolioDiff", dependencies: ["FolioModel", "FolioText", "HTMLExporter"]),

        // The pipeline: extract, clean, segment.
        .target(name: "FolioCore", dependencies: ["FolioModel", "FolioText", "PopplerKit", "TesseractKit"]),

        // The exporter registry (built in and external `folio-export-NAME` programs),
        // filters, and the one way Folio runs another program (`ProcessRunner`).
        .target(
            name: "FolioPlugins",
            dependencies: [
                "FolioCore", "FolioModel", "JSONExporter", "CSVExporter", "MarkdownExporter", "HTMLExporter",
            ]),
        // Batches: planning, worker processes, manifest, datasets (CSV, JSON Lines, SQLite), shards, editions.
        .target(
            name: "FolioBatch",
            dependencies: ["FolioCore", "FolioModel", "FolioPlugins", "FolioDiff", "SQLiteKit", "CSVExporter"]),
        // Inspection: page images with what the pipeline found drawn on them, and the review page.
        .target(name: "FolioInspect", dependencies: ["FolioCore", "FolioModel", "PopplerKit", "HTMLExporter"]),

        // The command line: parses arguments, calls the libraries, prints.
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioCore", "FolioModel", "FolioDiff", "FolioPlugins", "FolioBatch", "FolioInspect", "PopplerKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(
            name: "FolioTests",
            dependencies: [
                "FolioCore", "FolioModel", "FolioText", "PopplerKit", "TesseractKit", "JSONExporter", "CSVExporter",
                "MarkdownExporter", "HTMLExporter", "FolioDiff", "FolioPlugins", "FolioBatch", "FolioInspect", "folio",
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TesseractKitTests", dependencies: ["TesseractKit"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
