import FolioCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs another program, the one way Folio does: batch workers, external
/// exporters and filters alike. No shell: the arguments reach the program as
/// they are.
///
/// Spawned with posix_spawn rather than Foundation's `Process` for what
/// `Process` does not promise on every platform: the child leads its own
/// process group (a timeout ends the whole group, so a script's own children
/// go too), its signal dispositions are reset to the defaults (a batch ignores
/// SIGINT while it cleans up), and its output can go straight to a file (no
/// reader threads). Nothing process-wide (a signal disposition) is changed.
///
/// ```swift
/// var runner = ProcessRunner(executable: "/usr/bin/wc", arguments: ["-w"])
/// runner.input = .data(Data("three short words".utf8))
/// runner.timeout = 10
/// let result = try runner.run()
/// print(result.status, String(decoding: result.stdout, as: UTF8.self))
/// ```
public struct ProcessRunner: Sendable {
    /// What the program reads on standard input.
    public enum Input: Sendable {
        /// /dev/null.
        case none
        /// These bytes, through a pipe that is closed after them.
        case data(Data)
    }

    /// Where standard output or standard error goes.
    public enum Output: Sendable {
        /// /dev/null.
        case discard
        /// Collected into the result (read as the program writes, so no pipe fills up).
        case capture
        /// Written to this file (created, or emptied first).
        case file(URL)
    }

    public var executable: String
    public var arguments: [String]
    /// The program's environment; nil for this process's own.
    public var environment: [String: String]?
    /// The folder the program starts in; nil for this process's own.
    public var currentDirectory: URL?
    public var input: Input = .none
    public var stdout: Output = .capture
    public var stderr: Output = .capture
    /// Seconds the program may run before its process group is stopped; nil for no limit.
    public var timeout: TimeInterval?
    /// After the timeout, SIGTERM and this long for the group to end before
    /// SIGKILL; 0 for SIGKILL at once.
    public var gracePeriod: TimeInterval = 0
    /// How long to wait, once the program has ended, for the end of its captured
    /// output: a program may leave a child behind that still holds the pipes.
    public var outputGrace: TimeInterval = 2

    public init(executable: String, arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    public struct Result: Sendable {
        public enum Ending: Sendable, Equatable {
            case exited(Int32)
            case signaled(Int32)
            case timedOut
        }

        public var ending: Ending
        /// Empty unless captured.
        public var stdout: Data
        public var stderr: Data
        public var seconds: Double

        /// The exit status; for a program ended by a signal, the signal's number
        /// (as Foundation's `Process` reports it).
        public var status: Int32 {
            switch ending {
            case .exited(let code): code
            case .signaled(let signal): signal
            case .timedOut: 128 + SIGKILL
            }
        }

        public var timedOut: Bool { ending == .timedOut }

        /// The first non-empty lines of standard error, joined into one line.
        public func stderrHead(lines: Int = 3, maxLength: Int = 300) -> String {
            let text = String(decoding: stderr, as: UTF8.self)
            let head = text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
                .prefix(lines)
                .joined(separator: " | ")
            return head.count > maxLength ? String(head.prefix(maxLength)) + "…" : head
        }
    }

    /// The program could not be run, or was lost.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public enum Step: Sendable {
            /// Making a pipe to or from it.
            case pipe
            /// Writing its standard input before it started.
            case input
            /// Starting it.
            case spawn
            /// Waiting for it.
            case wait
        }

        public var executable: String
        public var step: Step
        /// The errno.
        public var code: Int32

        public var description: String { "cannot run \(executable): \(FileProblem.reason(errno: code))" }
    }

    /// Input this small fits in a pipe's buffer: written whole before the
    /// program starts, with no thread and no chance of a broken pipe.
    static let smallInput = 16_384

    /// Runs the program to its end (or its timeout). `started` and `finished`
    /// are called with its pid, on this thread, so a caller can track it (to end
    /// it on Ctrl-C).
    public func run(
        started: ((pid_t) -> Void)? = nil, finished: ((pid_t) -> Void)? = nil
    ) throws(Failure) -> Result {
        let begin = Date()
        func failure(_ step: Failure.Step, _ code: Int32) -> Failure {
            Failure(executable: executable, step: step, code: code)
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

        // Every pipe end is close-on-exec from the start: a program spawned at the
        // same moment by another thread inherits none.
        var pipes = Pipes()
        defer { pipes.closeAll() }
        var late: Data?  // input too large to write before the program starts
        switch input {
        case .none:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .data(let data):
            guard let fds = pipes.make(forInput: true) else { throw failure(.pipe, errno) }
            if data.count <= Self.smallInput {
                let written = data.withUnsafeBytes { write(fds.write, $0.baseAddress, $0.count) }
                guard written == data.count else { throw failure(.input, written < 0 ? errno : EPIPE) }
                pipes.release(fds.write)
            } else {
                late = data
            }
            posix_spawn_file_actions_adddup2(&actions, fds.read, 0)
        }
        var readers: [(fd: Int32, isOut: Bool)] = []
        for (fd, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch output {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .file(let url):
                posix_spawn_file_actions_addopen(&actions, fd, url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .capture:
                guard let fds = pipes.make(forInput: false) else { throw failure(.pipe, errno) }
                posix_spawn_file_actions_adddup2(&actions, fds.write, fd)
                readers.append((fds.read, fd == 1))
            }
        }
        if let currentDirectory {
            _ = addChdir(&actions, currentDirectory.path)
        }
        // The program inherits standard input, output and error only: no file another
        // thread has open, which would stay open (a script being written: "text file
        // busy") as long as the program lives.
        #if os(Linux)
            closeInheritedFiles(&actions)
        #endif

        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        var flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        #if canImport(Darwin)
            flags |= POSIX_SPAWN_CLOEXEC_DEFAULT
        #endif
        posix_spawnattr_setflags(&attr, Int16(flags))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        // This process's environment as it is now (a variable unset since start stays unset).
        let envp: [UnsafeMutablePointer<CChar>?] =
            (environment ?? ProcessInfo.processInfo.environment).sorted { $0.key < $1.key }
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
        guard rc == 0 else { throw failure(.spawn, rc) }
        started?(pid)
        defer { finished?(pid) }
        // The child's ends are the child's alone now.
        pipes.closeAllBut(readers.map(\.fd) + (late == nil ? [] : [pipes.inputWriteEnd].compactMap { $0 }))

        // Readers and the writer on threads of their own, so a program that writes a
        // lot before reading (or never reads) cannot block it or us.
        let collected = Collected()
        let readersDone = DispatchGroup()
        for (fd, isOut) in readers {
            readersDone.enter()
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { break }
                    collected.append(Data(buffer[0..<n]), isOut: isOut)
                }
                close(fd)
                readersDone.leave()
            }
        }
        pipes.forget(readers.map(\.fd))
        if let late, let fd = pipes.inputWriteEnd {
            pipes.forget([fd])
            Thread.detachNewThread {
                // A program that exits without reading gives EPIPE here, not a
                // SIGPIPE for the whole process: the signal is blocked on this thread.
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                late.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                        if n < 0 && errno == EINTR { continue }
                        guard n > 0 else { break }
                        offset += n
                    }
                }
                close(fd)
            }
        }

        // Poll: a blocking waitpid cannot time out.
        let deadline = timeout.map { begin.addingTimeInterval($0) }
        var status: Int32 = 0
        var delay: useconds_t = 2_000
        var timedOut = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw failure(.wait, errno) }
            if let deadline, Date() >= deadline {
                timedOut = true
                stop(pid, status: &status)
                break
            }
            usleep(delay)
            delay = min(delay * 2, 50_000)
        }
        _ = readersDone.wait(timeout: .now() + (timedOut ? min(outputGrace, 0.5) : outputGrace))
        let (out, err) = collected.values
        let signal = status & 0x7f
        let ending: Result.Ending =
            timedOut ? .timedOut : signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        return Result(ending: ending, stdout: out, stderr: err, seconds: Date().timeIntervalSince(begin))
    }

    /// Ends the program's process group: SIGTERM first when there is a grace
    /// period, then SIGKILL, which cannot be ignored.
    private func stop(_ pid: pid_t, status: inout Int32) {
        if gracePeriod > 0 {
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
            let end = Date().addingTimeInterval(gracePeriod)
            while Date() < end {
                let r = waitpid(pid, &status, WNOHANG)
                if r == pid || (r < 0 && errno != EINTR) { return }
                usleep(10_000)
            }
        }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// The executable a command names: a path (anything with a slash) as given,
    /// otherwise the first match on PATH.
    public static func resolve(
        _ command: String, path: String? = ProcessInfo.processInfo.environment["PATH"]
    ) -> String? {
        let fm = FileManager.default
        if command.contains("/") {
            let full = URL(fileURLWithPath: command).standardizedFileURL.path
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: full, isDirectory: &isDir) && !isDir.boolValue
                && fm.isExecutableFile(atPath: full) ? full : nil
        }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(command).path
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue,
                fm.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        return nil
    }
}

/// The pipe ends a run holds, closed when it is done with them.
private struct Pipes {
    private var open: [Int32] = []
    /// The write end of the standard-input pipe, while it is ours.
    private(set) var inputWriteEnd: Int32?

    /// A pipe, both ends close-on-exec; nil when none can be made (errno set).
    mutating func make(forInput: Bool) -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard makePipe(&fds, O_CLOEXEC) == 0 else { return nil }
        open += fds
        if forInput { inputWriteEnd = fds[1] }
        return (fds[0], fds[1])
    }

    mutating func release(_ fd: Int32) {
        if let i = open.firstIndex(of: fd) {
            open.remove(at: i)
            close(fd)
        }
        if fd == inputWriteEnd { inputWriteEnd = nil }
    }

    /// Ends that now belong to a thread: never closed here.
    mutating func forget(_ fds: [Int32]) {
        open.removeAll { fds.contains($0) }
        if let input = inputWriteEnd, fds.contains(input) { inputWriteEnd = nil }
    }

    mutating func closeAllBut(_ keep: [Int32]) {
        for fd in open where !keep.contains(fd) { release(fd) }
    }

    mutating func closeAll() { closeAllBut([]) }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func append(_ data: Data, isOut: Bool) {
        lock.withLock {
            if isOut { out.append(data) } else { err.append(data) }
        }
    }

    var values: (Data, Data) { lock.withLock { (out, err) } }
}

/// Formats seconds for messages: "2 s", "0.5 s".
package func formatSeconds(_ s: TimeInterval) -> String {
    s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
}

// pipe2(2): Glibc's module leaves it out (it needs _GNU_SOURCE). Both ends close-on-exec
// from the start, so no program spawned meanwhile by another thread inherits them.
@_silgen_name("pipe2")
private func makePipe(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

#if os(Linux)
    /// Adds, after the other file actions, the closing of every descriptor from 3
    /// up: with `posix_spawn_file_actions_addclosefrom_np` where the C library has
    /// it (glibc 2.34), else one close per descriptor open now.
    private func closeInheritedFiles(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>) {
        if let closeFrom = addCloseFrom, closeFrom(actions, 3) == 0 { return }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd >= 3 {
            posix_spawn_file_actions_addclose(actions, fd)
        }
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    // Also behind _GNU_SOURCE in glibc's spawn.h.
    @_silgen_name("posix_spawn_file_actions_addchdir_np")
    private func addChdir(
        _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
    ) -> Int32
#else
    private func addChdir(
        _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t?>, _ path: UnsafePointer<CChar>
    ) -> Int32 {
        posix_spawn_file_actions_addchdir_np(actions, path)
    }
#endif
