import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs an external program (a plugin exporter or a filter) directly, with no
/// shell: feeds `input` on standard input, collects both output streams, and
/// kills the program (and whatever it started) when it runs past `timeout`.
package struct Subprocess {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: Data
        package var stderr: Data
        package var timedOut: Bool

        /// The first non-empty lines of standard error, joined into one line.
        package func stderrHead(lines: Int = 3, maxLength: Int = 300) -> String {
            let text = String(decoding: stderr, as: UTF8.self)
            let head = text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
                .prefix(lines)
                .joined(separator: " | ")
            return head.count > maxLength ? String(head.prefix(maxLength)) + "…" : head
        }
    }

    package enum Failure: Error, CustomStringConvertible {
        case cannotStart(String, String)

        package var description: String {
            switch self {
            case .cannotStart(let path, let reason): "cannot run \(path): \(reason)"
            }
        }
    }

    /// Writing to a program that has exited must be an error (EPIPE), not a signal that kills folio.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// With `stdoutTo`, standard output goes straight to that file (a filter's
    /// document may be hundreds of megabytes) and `Result.stdout` is empty.
    package static func run(
        _ executable: String, _ arguments: [String], input: Data?, timeout: TimeInterval,
        environment: [String: String]? = nil, currentDirectory: URL? = nil, stdoutTo file: FileHandle? = nil
    ) throws -> Result {
        _ = ignoreSIGPIPE
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = file ?? outPipe
        process.standardError = errPipe
        process.standardInput = inPipe

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw Failure.cannotStart(executable, (error as NSError).localizedDescription)
        }
        let pid = process.processIdentifier

        // Readers and the writer run on their own threads, so a program that writes a lot
        // before reading (or never reads) cannot deadlock us.
        let collected = Collected()
        let readersDone = DispatchGroup()
        for (pipe, isOut) in (file == nil ? [(outPipe, true)] : []) + [(errPipe, false)] {
            readersDone.enter()
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                while let chunk = try? handle.read(upToCount: 65536), !chunk.isEmpty {
                    collected.append(chunk, isOut: isOut)
                }
                readersDone.leave()
            }
        }
        let writer = inPipe.fileHandleForWriting
        Thread.detachNewThread {
            if let input { try? writer.write(contentsOf: input) }
            try? writer.close()
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            // Foundation starts the child as the leader of its own process group:
            // end the group, so a script's own children (a `sleep`) go too.
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
            if exited.wait(timeout: .now() + 1) == .timedOut {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                // SIGKILL cannot be ignored; the bound only guards against the
                // exit notice itself going missing on a loaded machine.
                _ = exited.wait(timeout: .now() + 10)
            }
        }
        // A program may leave a child behind that still holds the pipes open:
        // wait for the end of its output only briefly.
        _ = readersDone.wait(timeout: .now() + (timedOut ? 0.5 : 2))
        let (out, err) = collected.values
        let status = process.isRunning ? SIGKILL + 128 : process.terminationStatus
        return Result(status: status, stdout: out, stderr: err, timedOut: timedOut)
    }

    /// The executable a command names: a path (anything with a slash) as given,
    /// otherwise the first match on PATH.
    package static func resolve(_ command: String, path: String? = ProcessInfo.processInfo.environment["PATH"])
        -> String?
    {
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
