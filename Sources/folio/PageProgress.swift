import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `report.pdf: page 12 of 35 (34%), 14 s` on standard error, redrawn in place
/// twice a second, for a document that takes more than a second; only on a
/// terminal (a log or a pipe gets the one summary line per document). Before
/// the first page is done it says `reading`, after the last `assembling`.
final class PageProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var label = ""
    private var started = Date()
    private var done = 0
    private var total = 0
    private var shown = false
    private var timer: (any DispatchSourceTimer)?

    /// Delay before the first line: short documents print only their summary.
    static let delay = 1.0

    func begin(_ label: String, enabled: Bool) {
        lock.withLock {
            self.label = label
            started = Date()
            done = 0
            total = 0
            shown = false
            timer?.cancel()
            timer = nil
            guard enabled else { return }
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + Self.delay, repeating: 0.5)
            timer.setEventHandler { [weak self] in self?.draw() }
            timer.resume()
            self.timer = timer
        }
    }

    /// Called from the page workers as each page is done.
    func report(done: Int, total: Int) {
        lock.withLock {
            self.done = max(self.done, done)
            self.total = total
        }
    }

    private func draw() {
        lock.withLock {
            guard timer != nil else { return }
            shown = true
            let seconds = Int(Date().timeIntervalSince(started))
            let state: String
            if total == 0 {
                state = "reading"
            } else if done < total {
                state = "page \(done) of \(total) (\(done * 100 / total)%)"
            } else {
                state = "page \(done) of \(total) (100%), assembling"
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(state), \(seconds) s".utf8))
        }
    }

    /// Stops the line and erases it before anything else is printed.
    func clear() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }
}
