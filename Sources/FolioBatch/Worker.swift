import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `folio convert` run in a child process, so that a document that crashes,
/// hangs or exhausts memory takes only itself down.
///
/// Spawned with posix_spawn rather than Foundation's `Process` for three things
/// `Process` does not promise on every platform: the child leads its own process
/// group (a timeout kills the whole group), its signal dispositions are reset to
/// the defaults (the batch itself ignores SIGINT while it cleans up), and its
/// standard error goes straight to a file (no reader threads).
package struct WorkerOutcome: Sendable {
    package enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
        case couldNotStart(String)
    }

    package var ending: Ending
    package var stderr: String
    package var seconds: Double
}

package enum Worker {
    /// The executable workers run: `$FOLIO_WORKER` when set (tests point it at a
    /// wrapper), else this very binary.
    package static func executablePath() -> String {
        if let override = ProcessInfo.processInfo.environment["FOLIO_WORKER"], !override.isEmpty { return override }
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        if let path = Bundle.main.executablePath { return path }
        let arg0 = CommandLine.arguments[0]
        if arg0.contains("/") {
            return URL(
                fileURLWithPath: arg0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            )
            .standardizedFileURL.path
        }
        return arg0
    }

    /// Runs `executable arguments…` with stdout on /dev/null and stderr in
    /// `stderrFile`; stdin is a pipe holding `input` (a secret that must not be
    /// on a command line), or /dev/null. Kills its process group after `timeout`
    /// seconds. `started`/`finished` let the caller track the pid (to kill it on Ctrl-C).
    package static func run(
        executable: String, arguments: [String], environment: [String: String], input: Data? = nil,
        stderrFile: URL, timeout: Double, started: (pid_t) -> Void, finished: (pid_t) -> Void
    ) -> WorkerOutcome {
        let begin = Date()
        func outcome(_ ending: WorkerOutcome.Ending) -> WorkerOutcome {
            let text = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            return WorkerOutcome(ending: ending, stderr: text, seconds: Date().timeIntervalSince(begin))
        }

        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            var attr = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t? = nil
            var attr: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attr)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attr)
        }
        // Close-on-exec ends: another worker started at the same moment inherits neither.
        var inputPipe: [Int32] = [-1, -1]
        defer { for fd in inputPipe where fd >= 0 { close(fd) } }
        if let input {
            guard input.count < 65_536, makePipe(&inputPipe, O_CLOEXEC) == 0 else {
                return WorkerOutcome(
                    ending: .couldNotStart("cannot make a pipe for the worker"), stderr: "", seconds: 0)
            }
            // Fits in the pipe's buffer: written whole before the worker starts.
            let written = input.withUnsafeBytes { write(inputPipe[1], $0.baseAddress, $0.count) }
            close(inputPipe[1])
            inputPipe[1] = -1
            guard written == input.count else {
                return WorkerOutcome(
                    ending: .couldNotStart("cannot write to the worker's pipe"), stderr: "", seconds: 0)
            }
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] =
            environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        guard rc == 0 else {
            return WorkerOutcome(
                ending: .couldNotStart("cannot start \(executable): \(String(cString: strerror(rc)))"), stderr: "",
                seconds: 0)
        }
        started(pid)
        defer { finished(pid) }
        if inputPipe[0] >= 0 {
            close(inputPipe[0])
            inputPipe[0] = -1
        }

        // Poll: a blocking waitpid cannot time out, and a worker's life is seconds.
        let deadline = begin.addingTimeInterval(timeout)
        var status: Int32 = 0
        var delay: useconds_t = 2_000
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR {
                return outcome(.couldNotStart("lost the worker: \(String(cString: strerror(errno)))"))
            }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return outcome(.timedOut)
            }
            usleep(delay)
            delay = min(delay * 2, 50_000)
        }
        let signal = status & 0x7f
        return outcome(signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal))
    }
}

// pipe2(2): Glibc's module leaves it out (it needs _GNU_SOURCE). Both ends close-on-exec
// from the start, so no worker spawned meanwhile by another thread inherits them.
@_silgen_name("pipe2")
private func makePipe(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
