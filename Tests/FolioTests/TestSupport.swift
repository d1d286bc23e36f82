import FolioPlugins
import Foundation
import Testing

// MARK: - Locations

enum Fixtures {
    /// The copied `Fixtures` folder inside the test resource bundle.
    static var directory: URL {
        get throws { try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)) }
    }

    static func url(_ name: String) throws -> URL { try directory.appendingPathComponent(name) }
    static func path(_ name: String) throws -> String { try url(name).path }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
    static func string(_ name: String) throws -> String { try String(decoding: data(name), as: UTF8.self) }
}

enum Repo {
    /// The package root: this file is `<root>/Tests/FolioTests/TestSupport.swift`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` next to the package, if present.
    static let shared: URL = root.deletingLastPathComponent().appendingPathComponent("shared")

    static var sampleReport: URL { root.appendingPathComponent("input/sample-report.pdf") }
}

/// A fresh temporary directory, removed by the caller with `cleanUp()`.
struct TempDir {
    let url: URL

    init(_ label: String = "folio-tests") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

// MARK: - Text metrics (independent of the product's own code)

enum TextMetrics {
    /// Lower-cased words of letters and digits; typographic apostrophes folded.
    static func words(_ text: String) -> [String] {
        text.lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
    }

    /// Case-insensitive, whitespace- and punctuation-insensitive form of a string.
    static func normalized(_ text: String) -> String { words(text).joined(separator: " ") }

    static func trigrams(_ text: String) -> [String] {
        let w = words(text)
        guard w.count >= 3 else { return w.isEmpty ? [] : [w.joined(separator: " ")] }
        return (0..<(w.count - 2)).map { "\(w[$0]) \(w[$0 + 1]) \(w[$0 + 2])" }
    }

    /// Share of `truth`'s word trigrams (as a multiset) also present in `predicted`.
    static func trigramShare(truth: String, predicted: String) -> Double {
        let t = trigrams(truth)
        guard !t.isEmpty else { return 1 }
        var available: [String: Int] = [:]
        for g in trigrams(predicted) { available[g, default: 0] += 1 }
        var hits = 0
        for g in t where (available[g] ?? 0) > 0 {
            available[g]! -= 1
            hits += 1
        }
        return Double(hits) / Double(t.count)
    }

    /// Number of non-overlapping occurrences of `needle` in `haystack` (both normalized).
    static func occurrences(of needle: String, in haystack: String) -> Int {
        let n = normalized(needle)
        let h = normalized(haystack)
        guard !n.isEmpty else { return 0 }
        var count = 0
        var range = h.startIndex..<h.endIndex
        while let found = h.range(of: n, range: range) {
            count += 1
            range = found.upperBound..<h.endIndex
        }
        return count
    }

    static func format(_ x: Double) -> String { String(format: "%.4f", x) }
}

// MARK: - Processes

struct ProcessResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs `executable` with `arguments`, feeding `input` on standard input, and
/// collects both output streams: Folio's own `ProcessRunner`, with no time limit.
func run(
    _ executable: URL, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
    currentDirectory: URL? = nil
) throws -> ProcessResult {
    var runner = ProcessRunner(executable: executable.path, arguments: arguments)
    runner.input = .data(input ?? Data())
    runner.environment = environment
    runner.currentDirectory = currentDirectory
    // A program started by folio (a plugin's `sleep`) may outlive it holding
    // the pipes: what folio wrote is read by then.
    runner.outputGrace = 10
    // The bound on a hung program. Tests carry no time limit of their own:
    // Swift Testing counts a test's limit while it still waits for one of the
    // pool's threads, which other blocking tests hold on a 2-core machine.
    runner.timeout = 900
    let result = try runner.run()
    return ProcessResult(status: result.status, stdout: result.stdout, stderr: result.stderr)
}

/// Locates an executable on PATH.
func which(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}

/// Whether `python3 -c "import <module>"` succeeds.
func pythonHasModule(_ module: String) -> Bool {
    guard let python = which("python3"),
        let result = try? run(python, ["-c", "import \(module)"])
    else { return false }
    return result.status == 0
}
