import Foundation

/// Debian's Tesseract is built with OpenMP; with more than one OpenMP thread per
/// engine, per-page parallelism makes OCR several times slower on small machines,
/// and the thread count can only be set before the process starts. So the first
/// thing `folio` does is re-execute itself with OMP_THREAD_LIMIT=1 when unset.
enum ThreadLimit {
    static func ensureForOCR() {
        guard ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        let args = CommandLine.arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        cArgs.append(nil)
        execv("/proc/self/exe", &cArgs)
        // execv only returns on failure: carry on with the limit set for child threads.
    }
}
