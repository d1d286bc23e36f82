import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a batch tells its user, on standard error. On a terminal: one line,
/// redrawn, `[12/40 docs, 380 pages] 31% ETA 2m10s  current: file.pdf` (and
/// failures as they happen). Otherwise (logs, CI): one plain line per document.
/// Then a summary, every failure with its reason.
package final class BatchProgress: @unchecked Sendable {
    package let isTTY = isatty(2) == 1
    package let quiet: Bool
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var toConvert = 0
    private var converted = 0
    /// Documents this run's workers finished, converted or failed.
    private var processed = 0
    private var pages = 0
    private var started = Date()
    private var workSeconds = 0.0
    private var active: [String] = []
    private var lineShown = false

    package init(quiet: Bool) { self.quiet = quiet }

    package func begin(total: Int, skipped: Int, toConvert: Int) {
        lock.withLock {
            self.total = total
            self.done = skipped
            self.toConvert = toConvert
            started = Date()
            redraw()
        }
    }

    package func note(skipped path: String) {
        guard !isTTY else { return }
        say("skipped \(path) (unchanged)")
    }

    package func note(removed path: String, outputs: [String]) {
        let kept = outputs.isEmpty ? "" : " (outputs kept: \(outputs.joined(separator: ", ")))"
        say("removed \(path)\(kept)")
    }

    package func note(failed path: String, reason: String) {
        lock.withLock { done += 1 }
        say("failed \(path): \(reason)", always: true)
    }

    package func started(_ path: String) {
        lock.withLock {
            active.append(path)
            redraw()
        }
    }

    package func converted(_ path: String, pages: Int?, chapters: Int?, seconds: Double) {
        lock.withLock {
            finishOne(path)
            converted += 1
            self.pages += pages ?? 0
            workSeconds += seconds
        }
        let p = pages.map { "\($0) pages" } ?? "? pages"
        let c = chapters.map { "\($0) chapters" } ?? "? chapters"
        if !isTTY { say("converted \(path) (\(p), \(c), \(String(format: "%.1f", seconds)) s)") }
        lock.withLock { redraw() }
    }

    package func failed(_ path: String, reason: String) {
        lock.withLock { finishOne(path) }
        say("failed \(path): \(reason)", always: true)
    }

    package func tick() { lock.withLock { redraw() } }

    package func interrupted() {
        lock.withLock {
            clearLine()
            if !quiet {
                write("folio batch: interrupted after \(converted) converted; run the same command again to resume")
            }
        }
    }

    package func finish(result: BatchRunner.Result, dataset: Dataset.Summary, base: String, seconds: Double) {
        lock.withLock {
            clearLine()
            for problem in dataset.problems { write("folio batch: dataset: \(problem)") }
            if !quiet {
                write(
                    "folio batch: \(result.converted) converted, \(result.skipped) skipped, \(result.failed.count) failed, "
                        + "\(result.removed.count) removed; \(result.pages) pages in \(Self.duration(seconds))"
                        + "; \(base).csv: \(dataset.rows) rows from \(dataset.documents) documents")
            }
            if !result.failed.isEmpty {
                write("failed:")
                for (path, reason) in result.failed { write("  \(path): \(reason)") }
            }
            if !quiet && !result.removed.isEmpty {
                write("no longer in the input folder (outputs left in place):")
                for path in result.removed { write("  \(path)") }
            }
        }
    }

    // MARK: Drawing (lock held)

    private func finishOne(_ path: String) {
        done += 1
        processed += 1
        if let i = active.firstIndex(of: path) { active.remove(at: i) }
    }

    private func say(_ line: String, always: Bool = false) {
        guard !quiet || always else { return }
        lock.withLock {
            clearLine()
            write(line)
            redraw()
        }
    }

    private func redraw() {
        guard isTTY, !quiet, total > 0 else { return }
        let percent = total == 0 ? 100 : done * 100 / total
        var line = "[\(done)/\(total) docs, \(pages) pages] \(percent)%"
        let finished = processed
        let remaining = toConvert - finished
        if finished > 0 && remaining > 0 {
            let elapsed = Date().timeIntervalSince(started)
            line += " ETA \(Self.duration(elapsed / Double(finished) * Double(remaining)))"
        }
        if let current = active.last { line += "  current: \((current as NSString).lastPathComponent)" }
        let width = Self.terminalWidth()
        if line.count > width - 1 { line = String(line.prefix(width - 1)) }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        lineShown = true
    }

    private func clearLine() {
        guard lineShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        lineShown = false
    }

    private func write(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    package static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m"
    }

    package static func terminalWidth() -> Int {
        var size = winsize()
        #if os(Linux)
            let request = UInt(TIOCGWINSZ)
        #else
            let request = TIOCGWINSZ
        #endif
        if ioctl(2, request, &size) == 0, size.ws_col > 10 { return Int(size.ws_col) }
        return 80
    }
}
