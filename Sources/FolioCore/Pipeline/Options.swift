import FolioText
import Foundation

/// When a page goes to OCR.
public enum OCRMode: String, Sendable, CaseIterable {
    /// Pages without a usable text layer.
    case auto
    /// Every page.
    case always
    /// No page; image-only pages come out empty, with a warning.
    case never
}

/// Everything a conversion can be told.
public struct ConversionOptions: Sendable {
    public var password: String?
    public var ocr: OCRMode
    public var ocrLanguages: String
    public var ocrDPI: Int
    /// Tesseract model that reads names again for their accents (`Latin`), or
    /// nil for none. The default is skipped, with a warning, when not installed.
    public var accentModel: String?
    /// Tesseract's Latin-script model: it knows the accented letters of every
    /// Western European language.
    public static let defaultAccentModel = "Latin"
    /// Worker threads for page-level stages; 0 means one per core.
    public var jobs: Int

    public init(
        password: String? = nil, ocr: OCRMode = .auto, ocrLanguages: String = "eng", ocrDPI: Int = 300,
        accentModel: String? = defaultAccentModel, jobs: Int = 0
    ) {
        self.accentModel = accentModel
        self.password = password
        self.ocr = ocr
        self.ocrLanguages = ocrLanguages
        self.ocrDPI = ocrDPI
        self.jobs = jobs
    }

    var workerCount: Int {
        jobs > 0 ? jobs : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
