import ArgumentParser
import FolioCore

/// How inputs are opened and read, shared by `convert`, `batch` and `inspect`.
struct ReadingOptions: ParsableArguments {
    @Option(help: "Password of an encrypted PDF.")
    var password: String?

    @Option(help: "When to OCR a page: auto (pages without a usable text layer), always, never.")
    var ocr: OCRModeArgument = .auto

    @Option(help: ArgumentHelp("Tesseract languages for OCR, e.g. eng+spa.", valueName: "langs"))
    var lang: String = "eng"

    @Option(
        name: .customLong("accent-lang"),
        help: ArgumentHelp(
            "Tesseract model that reads names in OCR'd text again for their accents (Bogotá, Muñoz), or 'none'.",
            discussion:
                "The default, Latin, comes with tesseract-ocr-script-latn; without it names keep what --lang read.",
            valueName: "model"))
    var accentLang: String = ConversionOptions.defaultAccentModel

    func conversionOptions(ocrDPI: Int, jobs: Int) -> ConversionOptions {
        ConversionOptions(
            password: password, ocr: ocr.mode, ocrLanguages: lang, ocrDPI: ocrDPI,
            accentModel: accentLang.lowercased() == "none" || accentLang.isEmpty ? nil : accentLang, jobs: jobs)
    }
}
