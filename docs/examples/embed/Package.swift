// swift-tools-version: 6.1
// A Swift app that embeds Folio: `make example` builds and runs it.
import PackageDescription

let package = Package(
    name: "EmbedFolio",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Folio", path: "../../..")],
    targets: [
        .executableTarget(
            name: "convert-report",
            dependencies: [
                .product(name: "FolioCore", package: "Folio"),
                .product(name: "MarkdownExporter", package: "Folio"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
