import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A batch worker ends with its batch. `folio batch` names itself in
/// FOLIO_BATCH_PARENT; the worker then asks the kernel for SIGKILL when its
/// parent goes (so a `kill -9` of the batch leaves no worker writing or holding
/// files, and a re-run can start at once).
///
/// PR_SET_PDEATHSIG fires when the parent *thread* that started the worker
/// ends; a batch thread waits for its worker before taking the next, so that
/// thread outlives it. The batch may already be gone before the call: then
/// the worker stops at once.
package enum ParentWatch {
    package static let variable = "FOLIO_BATCH_PARENT"

    package static func install() {
        guard let value = ProcessInfo.processInfo.environment[variable], let parent = pid_t(value) else { return }
        unsetenv(variable)  // not for the filters and exporters this worker starts
        #if os(Linux)
            _ = setParentDeathSignal(1, UInt(SIGKILL), 0, 0, 0)  // PR_SET_PDEATHSIG
        #endif
        // Gone already: stop before doing any work. (A wrapper in FOLIO_WORKER may
        // sit between, so the batch is looked up rather than compared with getppid.)
        if getppid() == 1 || isGone(parent) { exit(1) }
    }
}

/// Whether `pid` has ended: no such process, or a zombie its parent has not reaped.
private func isGone(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 && errno == ESRCH { return true }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(after: close)...].split(separator: " ").first
    return state == "Z" || state == "X"
}

#if os(Linux)
    // prctl(2) is variadic in C, which Swift cannot call; its arguments are plain words.
    @_silgen_name("prctl")
    private func setParentDeathSignal(_ option: Int32, _ a2: UInt, _ a3: UInt, _ a4: UInt, _ a5: UInt) -> Int32
#endif
