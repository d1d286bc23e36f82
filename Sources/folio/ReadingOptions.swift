import ArgumentParser
import FolioCore
import Foundation

/// How inputs are opened and read, shared by `convert`, `batch` and `inspect`.
struct ReadingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Password of an encrypted PDF (visible to other users in `ps`; prefer --password-file).",
            discussion: "Also read from the FOLIO_PASSWORD environment variable when neither option is given."))
    var password: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp(
            "Read the password of encrypted PDFs from FILE (its first line; - for standard input).",
            valueName: "file"))
    var passwordFile: String?

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

    /// --password, else --password-file, else $FOLIO_PASSWORD. The variable is
    /// then removed from this process's environment: the filters and exporters
    /// it starts have no use for it.
    func resolvedPassword() throws -> String? {
        let fromEnvironment = ProcessInfo.processInfo.environment["FOLIO_PASSWORD"]
        unsetenv("FOLIO_PASSWORD")
        if let password { return password }
        if let passwordFile {
            let data: Data
            do {
                data =
                    passwordFile == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile()
                    : try Data(contentsOf: URL(fileURLWithPath: passwordFile))
            } catch {
                throw FileProblem(passwordFile, "cannot read the password file: \(FileProblem.reason(of: error))")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        return fromEnvironment
    }

    /// The password, or one line (`prefix: FILE: reason`) and exit 1.
    func passwordOrExit(_ prefix: String) throws -> String? {
        do {
            return try resolvedPassword()
        } catch {
            printErr("\(prefix): \(error)")
            throw ExitCode(1)
        }
    }

    func validatePasswordSource() throws {
        if password != nil && passwordFile != nil {
            throw ValidationError("give --password or --password-file, not both")
        }
    }

    func conversionOptions(ocrDPI: Int, jobs: Int, password: String?) -> ConversionOptions {
        ConversionOptions(
            password: password, ocr: ocr.mode, ocrLanguages: lang, ocrDPI: ocrDPI,
            accentModel: accentLang.lowercased() == "none" || accentLang.isEmpty ? nil : accentLang, jobs: jobs)
    }
}
