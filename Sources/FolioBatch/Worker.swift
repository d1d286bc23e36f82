import FolioPlugins
import Foundation

/// One `folio convert` run in a child process, so that a document that crashes,
/// hangs or exhausts memory takes only itself down. Run by `ProcessRunner`, in
/// its own process group (a timeout kills the whole group).
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

    /// A worker converting one document: stdout on /dev/null, stderr in
    /// `stderrFile`, stdin a pipe holding `input` (a secret that must not be on a
    /// command line) or /dev/null; its process group killed after `timeout` seconds.
    package static func runner(
        executable: String, arguments: [String], environment: [String: String], input: Data?, stderrFile: URL,
        timeout: Double
    ) -> ProcessRunner {
        var runner = ProcessRunner(executable: executable, arguments: arguments)
        runner.environment = environment
        runner.input = input.map { .data($0) } ?? .none
        runner.stdout = .discard
        runner.stderr = .file(stderrFile)
        runner.timeout = timeout
        return runner
    }

    /// The batch's reason for a worker that could not be run.
    package static func reason(_ failure: ProcessRunner.Failure) -> String {
        let why = String(cString: strerror(failure.code))
        switch failure.step {
        case .pipe: return "cannot make a pipe for the worker"
        case .input: return "cannot write to the worker's pipe"
        case .spawn: return "cannot start \(failure.executable): \(why)"
        case .wait: return "lost the worker: \(why)"
        }
    }
}
