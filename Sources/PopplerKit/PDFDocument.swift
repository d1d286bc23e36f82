import CPoppler
import Foundation

/// Why a PDF could not be opened. Each case reads as one line a user understands.
public enum PDFOpenError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound
    case unreadable(String)
    case emptyFile
    case notAPDF
    case damaged(String)
    case passwordRequired
    case wrongPassword

    public var description: String {
        switch self {
        case .fileNotFound: return "file not found"
        case .unreadable(let why): return "cannot read the file (\(why))"
        case .emptyFile: return "empty file (0 bytes)"
        case .notAPDF: return "not a PDF (no %PDF header)"
        case .damaged(let why): return "damaged PDF (\(why))"
        case .passwordRequired: return "encrypted PDF: a password is required (use --password-file or --password)"
        case .wrongPassword: return "encrypted PDF: the password is wrong"
        }
    }
}

/// Metadata of an open document.
public struct PDFInfo: Sendable {
    public var pageCount: Int
    public var title: String?
    public var author: String?
}

/// A PDF opened with poppler-glib. Not thread-safe: open one per worker.
public final class PDFDocument {
    private let handle: OpaquePointer

    /// Opens `path`, checking first that it is a readable, non-empty PDF so the
    /// user gets the real reason rather than poppler's generic one.
    public init(path: String, password: String? = nil) throws(PDFOpenError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound }
        if isDirectory.boolValue { throw .unreadable("it is a directory") }
        guard let file = FileHandle(forReadingAtPath: path) else { throw .unreadable("permission denied") }
        let head = (try? file.read(upToCount: 1024)) ?? Data()
        try? file.close()
        if head.isEmpty { throw .emptyFile }
        guard head.range(of: Data("%PDF-".utf8)) != nil else { throw .notAPDF }

        let uri = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        var error: UnsafeMutablePointer<GError>?
        let doc = poppler_document_new_from_file(uri, password, &error)
        guard let doc else { throw Self.openError(error, password: password) }
        handle = doc
    }

    /// Opens a PDF held in memory (standard input, a download): poppler reads
    /// its own copy of the bytes, so `data` may go away afterwards.
    public init(data: Data, password: String? = nil) throws(PDFOpenError) {
        if data.isEmpty { throw .emptyFile }
        guard data.prefix(1024).range(of: Data("%PDF-".utf8)) != nil else { throw .notAPDF }
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_bytes(bytes, password, &error) else {
            throw Self.openError(error, password: password)
        }
        handle = doc
    }

    private static func openError(_ error: UnsafeMutablePointer<GError>?, password: String?) -> PDFOpenError {
        let code = error?.pointee.code ?? 0
        let message = error.flatMap { String(cString: $0.pointee.message) } ?? "unknown error"
        if error != nil { g_error_free(error) }
        if code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return password == nil ? .passwordRequired : .wrongPassword
        }
        return .damaged(message)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    public var info: PDFInfo {
        PDFInfo(
            pageCount: Int(poppler_document_get_n_pages(handle)),
            title: takeString(poppler_document_get_title(handle)).flatMap(Self.meaningfulTitle),
            author: takeString(poppler_document_get_author(handle)))
    }

    public var pageCount: Int { Int(poppler_document_get_n_pages(handle)) }

    /// A metadata title, unless it is a tool's placeholder ("Untitled",
    /// "untitled-1", "Untitled document"): no title is better than that one.
    static func meaningfulTitle(_ title: String) -> String? {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = t.lowercased().split(whereSeparator: { !$0.isLetter }).filter { !$0.isEmpty }
        if t.isEmpty || words.isEmpty || (words.first == "untitled" && words.count <= 2) { return nil }
        return t
    }

    /// The page at zero-based `index`; released when the returned value goes away.
    public func page(at index: Int) -> PDFPage? {
        guard index >= 0, index < pageCount, let page = poppler_document_get_page(handle, Int32(index))
        else { return nil }
        return PDFPage(handle: page)
    }
}

/// Takes ownership of a g_malloc'ed C string.
func takeString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
    guard let pointer else { return nil }
    defer { g_free(pointer) }
    let s = String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    return s.isEmpty ? nil : s
}
