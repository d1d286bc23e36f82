import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `report.pdf: page 12 of 35` on standard error, redrawn in place, for a
/// document that takes more than a second; only on a terminal (a log or a pipe
/// gets the one summary line per document).
final class PageProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var enabled = false
    private var label = ""
    private var started = Date()
    private var lastDrawn = Date.distantPast
    private var shown = false

    /// Delay before the first line: short documents print only their summary.
    static let delay = 1.0

    func begin(_ label: String, enabled: Bool) {
        lock.withLock {
            self.label = label
            self.enabled = enabled
            started = Date()
            lastDrawn = .distantPast
            shown = false
        }
    }

    /// Called from the page workers as each page is done.
    func report(done: Int, total: Int) {
        lock.withLock {
            let now = Date()
            guard enabled, now.timeIntervalSince(started) >= Self.delay, now.timeIntervalSince(lastDrawn) >= 0.1
            else { return }
            lastDrawn = now
            shown = true
            let percent = total > 0 ? done * 100 / total : 0
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label): page \(done) of \(total) (\(percent)%)".utf8))
        }
    }

    /// Erases the line before anything else is printed.
    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
            enabled = false
        }
    }
}
