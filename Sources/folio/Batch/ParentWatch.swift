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
/// thread outlives it. The parent may already be gone before the call: then
/// the worker has been re-parented and stops at once.
enum ParentWatch {
    static let variable = "FOLIO_BATCH_PARENT"

    static func install() {
        guard let value = ProcessInfo.processInfo.environment[variable], let parent = pid_t(value) else { return }
        unsetenv(variable)  // not for the filters and exporters this worker starts
        #if os(Linux)
            _ = setParentDeathSignal(1, UInt(SIGKILL), 0, 0, 0)  // PR_SET_PDEATHSIG
        #endif
        if getppid() != parent { exit(1) }
    }
}

#if os(Linux)
    // prctl(2) is variadic in C, which Swift cannot call; its arguments are plain words.
    @_silgen_name("prctl")
    private func setParentDeathSignal(_ option: Int32, _ a2: UInt, _ a3: UInt, _ a4: UInt, _ a5: UInt) -> Int32
#endif
