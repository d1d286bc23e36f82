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

    func conversionOptions(ocrDPI: Int, jobs: Int) -> ConversionOptions {
        ConversionOptions(password: password, ocr: ocr.mode, ocrLanguages: lang, ocrDPI: ocrDPI, jobs: jobs)
    }
}
