import FolioModel
import FolioText
import Foundation

/// How long one stage of a conversion took.
public struct StageTiming: Sendable, Equatable {
    /// The stage's name, as `docs/architecture.md` lists it.
    public var name: String
    /// Wall-clock seconds; for page stages, the sum over all pages and workers.
    public var seconds: Double
    /// Whether the stage ran per page (its time summed over workers).
    public var perPage: Bool
}

/// Watches a run from outside the stages: each stage's time and, when
/// inspecting, what the stages produced. The stages never see it.
final class RunRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let onStage: (@Sendable (StageTiming) -> Void)?
    private var pageStageSeconds: [String: Double] = [:]
    /// Inspection keeps the pages as read, their layouts and the final units.
    let keepsIntermediates: Bool
    private(set) var readPages: [PageText] = []
    private(set) var layouts: [PageLayout] = []
    private(set) var units: [Unit] = []

    init(keepsIntermediates: Bool = false, onStage: (@Sendable (StageTiming) -> Void)? = nil) {
        self.keepsIntermediates = keepsIntermediates
        self.onStage = onStage
    }

    /// Runs a document-level stage (or a whole per-page pass) and reports its wall time.
    func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard onStage != nil else { return try body() }
        let start = DispatchTime.now()
        let result = try body()
        report(StageTiming(name: name, seconds: Self.seconds(since: start), perPage: false))
        return result
    }

    /// Runs a page stage on one page, adding its time to the stage's sum (any thread).
    func timePage<T>(_ name: String, _ body: () -> T) -> T {
        guard onStage != nil else { return body() }
        let start = DispatchTime.now()
        let result = body()
        let elapsed = Self.seconds(since: start)
        lock.withLock { pageStageSeconds[name, default: 0] += elapsed }
        return result
    }

    /// Reports the summed page-stage times, in the order given.
    func reportPageStages(_ names: [String]) {
        guard onStage != nil else { return }
        let sums = lock.withLock { pageStageSeconds }
        for name in names { report(StageTiming(name: name, seconds: sums[name] ?? 0, perPage: true)) }
    }

    func keep(readPages pages: [PageText]) { if keepsIntermediates { readPages = pages } }
    func keep(layouts: [PageLayout]) { if keepsIntermediates { self.layouts = layouts } }
    func keep(units: [Unit]) { if keepsIntermediates { self.units = units } }

    private func report(_ timing: StageTiming) { onStage?(timing) }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
