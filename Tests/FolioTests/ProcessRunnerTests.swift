import FolioPlugins
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way Folio runs another program (batch workers, external exporters, filters).
@Suite("Process runner")
struct ProcessRunnerTests {
    static func shell(_ script: String) -> ProcessRunner {
        ProcessRunner(executable: "/bin/sh", arguments: ["-c", script])
    }

    @Test func inputSmallAndLargeComesBackWhole() throws {
        for size in [5, 1 << 20] {
            let bytes = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            var runner = ProcessRunner(executable: "/bin/cat")
            runner.input = .data(bytes)
            let result = try runner.run()
            #expect(result.ending == .exited(0))
            #expect(result.stdout == bytes, "\(size) bytes")
        }
    }

    @Test func bothStreamsAreCapturedApartAndTheStatusKept() throws {
        let result = try Self.shell("echo out; echo err >&2; exit 3").run()
        #expect(result.ending == .exited(3))
        #expect(result.status == 3)
        #expect(String(decoding: result.stdout, as: UTF8.self) == "out\n")
        #expect(result.stderrHead() == "err")
    }

    @Test func aSignalIsReportedAsFoundationWould() throws {
        let result = try Self.shell("kill -9 $$").run()
        #expect(result.ending == .signaled(9))
        #expect(result.status == 9)
    }

    @Test func aTimeoutEndsTheWholeGroup() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let marker = dir.file("late")
        // The child's own child would write the marker after two seconds.
        var runner = Self.shell("(sleep 2; touch '\(marker.path)') & sleep 30")
        runner.timeout = 0.3
        runner.gracePeriod = 0.2
        let started = Date()
        let result = try runner.run()
        #expect(result.timedOut)
        #expect(Date().timeIntervalSince(started) < 5)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func outputToAFileInAnotherFolder() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        var runner = ProcessRunner(executable: "/bin/pwd")
        runner.currentDirectory = dir.url
        runner.stdout = .file(dir.file("pwd.txt"))
        runner.stderr = .discard
        let result = try runner.run()
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOf: dir.file("pwd.txt"), encoding: .utf8)
        #expect(
            URL(fileURLWithPath: written.trimmingCharacters(in: .newlines)).resolvingSymlinksInPath()
                == dir.url.resolvingSymlinksInPath())
    }

    /// A file this process has open (a script another thread is writing) is not
    /// the program's: it would keep it open, and running the script would fail.
    @Test func theProgramInheritsOnlyTheStandardStreams() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let fd = open(dir.file("being-written").path, O_WRONLY | O_CREAT, 0o644)
        try #require(fd >= 0)
        let high = dup2(fd, 200)
        defer {
            close(fd)
            close(high)
        }
        try #require(high == 200)
        let result = try Self.shell("ls /proc/$$/fd").run()
        let open = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(open.contains("2"))
        #expect(!open.contains("200") && !open.contains("\(fd)"))
    }

    @Test func aMissingProgramFailsInPlainWords() {
        do {
            _ = try ProcessRunner(executable: "/nonexistent/folio-test").run()
            Issue.record("a missing program ran")
        } catch {
            #expect(error.step == .spawn)
            #expect(error.description == "cannot run /nonexistent/folio-test: not found")
        }
    }
}
