import FolioText
import Foundation

/// Runs `work` for every index in `0..<count` on `workers` threads, each worker
/// with its own state from `makeState` (a C library handle that must not be
/// shared), and returns the results in index order.
func parallelMap<State, Result: Sendable>(
    count: Int, workers: Int, makeState: @Sendable () throws -> State,
    _ work: @Sendable (inout State, Int) throws -> Result
) throws -> [Result] {
    let results = ResultBox<Result>(count: count)
    let workerCount = max(1, min(workers, count))
    DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
        do {
            var state = try makeState()
            // Indices are handed out one at a time: a slow page (OCR) does not hold up the rest.
            while let index = results.next() {
                results.set(index, try work(&state, index))
            }
        } catch {
            results.fail(error)
        }
    }
    return try results.values()
}

/// `work` for every index in `0..<count` on `workers` threads, without
/// per-worker state (page-level parts of the document stages); results in
/// index order.
package func parallelMap<Result: Sendable>(count: Int, workers: Int, _ work: @Sendable (Int) -> Result) -> [Result] {
    // Neither the (empty) state nor the work can throw.
    try! parallelMap(count: count, workers: workers, makeState: {}) { _, i in work(i) }
}

/// Collects results written from several threads.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    private var error: (any Error)?

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    private var handedOut = 0

    /// The next index to work on; nil when all are handed out or one failed.
    func next() -> Int? {
        lock.withLock {
            guard error == nil, handedOut < slots.count else { return nil }
            handedOut += 1
            return handedOut - 1
        }
    }
    func set(_ i: Int, _ v: T) { lock.withLock { slots[i] = v } }
    func fail(_ e: any Error) { lock.withLock { if error == nil { error = e } } }

    func values() throws -> [T] {
        try lock.withLock {
            if let error { throw error }
            return slots.map { $0! }
        }
    }
}
