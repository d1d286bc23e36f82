import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends `folio convert` when no page of a PDF has been read for a while.
///
/// A damaged image (a JBIG2 stream, say) can keep the PDF library's decoder
/// busy for hours inside one C call, which no thread can interrupt; only the
/// process can end. Outputs are written whole or not at all, so the inputs
/// converted before stay as they are. `folio batch` bounds each document in a
/// worker process of its own (`--timeout`) instead.
final class PageWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var label = ""
    private var after = 0
    private var limit = 0.0
    private var lastProgress = Date()
    private var armed = false
    private var started = false

    /// Watches one PDF's page reading; `after` is how many inputs follow it.
    func begin(_ label: String, limit: Double, inputsAfter after: Int) {
        lock.withLock {
            self.label = label
            self.after = after
            self.limit = limit
            lastProgress = Date()
            armed = limit > 0
            guard armed, !started else { return }
            started = true
            // A thread of its own, not a Dispatch timer: the page workers can
            // hold every thread of Dispatch's pool while the library hangs.
            let watcher = Thread { [weak self] in
                while let self {
                    Thread.sleep(forTimeInterval: 1)
                    self.check()
                }
            }
            watcher.start()
        }
    }

    /// A page is done; once all are, the document stages that follow are not watched.
    func report(done: Int, total: Int) {
        lock.withLock {
            lastProgress = Date()
            if total > 0 && done >= total { armed = false }
        }
    }

    func end() {
        lock.withLock { armed = false }
    }

    private func check() {
        lock.lock()
        guard armed, Date().timeIntervalSince(lastProgress) > limit else {
            lock.unlock()
            return
        }
        let rest =
            after == 0
            ? ""
            : after == 1
                ? "; the 1 input after it was not converted" : "; the \(after) inputs after it were not converted"
        let message =
            "\r\u{1B}[Kfolio: \(label): gave up: no page was read in \(Int(limit)) s (a page the PDF library "
            + "cannot render or read in time; --page-timeout sets the limit, --ocr never skips rendering)\(rest)\n"
        FileHandle.standardError.write(Data(message.utf8))
        // Other threads may be inside the PDF library: leave without running exit handlers.
        _exit(1)
    }
}
