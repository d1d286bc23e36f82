import FolioCore
import FolioModel
import FolioPlugins
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `folio batch` was asked to do, validated.
public struct BatchSettings: Sendable {
    public var inputDir: URL
    public var outDir: URL
    public var jobs: Int
    /// The formats kept in OUT_DIR: the requested ones, plus json (the datasets
    /// are built from it).
    public var formats: [String]
    public var timeout: Double
    public var force: Bool
    public var shard: Shard?
    public var password: String?
    public var ocr: String
    public var lang: String
    public var accentLang: String = ConversionOptions.defaultAccentModel
    public var quiet: Bool
    /// Run in each worker, as `convert --filter` (absolute paths or names on PATH).
    public var filters: [String] = []
    public var pluginDirs: [String] = []
    public var pluginTimeout: Double = ExternalExporter.defaultTimeout
    /// The `folio` executable each worker runs (`folio convert` on one document);
    /// nil for `$FOLIO_WORKER`, else this very program (the `folio` command's own
    /// batches). An app that runs a batch names a `folio` executable here.
    public var workerExecutable: String?

    public init(
        inputDir: URL, outDir: URL, jobs: Int, formats: [String], timeout: Double, force: Bool = false,
        shard: Shard? = nil, password: String? = nil, ocr: String = "auto", lang: String = "eng",
        accentLang: String = ConversionOptions.defaultAccentModel, quiet: Bool = false
    ) {
        self.inputDir = inputDir
        self.outDir = outDir
        self.jobs = jobs
        self.formats = formats
        self.timeout = timeout
        self.force = force
        self.shard = shard
        self.password = password
        self.ocr = ocr
        self.lang = lang
        self.accentLang = accentLang
        self.quiet = quiet
    }

    /// The file extension of each format, external exporters' included.
    package var outputExtensions: [String] {
        let registry = Registry.make(pluginDirs: pluginDirs, timeout: pluginTimeout)
        return formats.compactMap { registry.exporter(named: $0)?.fileExtension }
    }

    /// What changes the output; `jobs` and `password` do not. The accent model
    /// and filters are named only when set, so earlier manifests stay valid.
    package var optionsFingerprint: String {
        "formats=\(formats.sorted().joined(separator: ",")) ocr=\(ocr) lang=\(lang)"
            + (accentLang == ConversionOptions.defaultAccentModel ? "" : " accent-lang=\(accentLang)")
            + (filters.isEmpty ? "" : " filters=\(filters.joined(separator: "|"))")
    }

    package var manifestURL: URL { outDir.appendingPathComponent(Shard.manifestName(shard)) }
    package var datasetBase: String { Shard.datasetBase(shard) }
}

/// `--shard K/N`: this run takes the inputs whose content hash, read as a
/// number, is K-1 modulo N.
public struct Shard: Sendable, Equatable {
    public var index: Int  // K, 1-based
    public var count: Int  // N

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let n = Int(parts[1].trimmingCharacters(in: .whitespaces)), n >= 1, k >= 1, k <= n
        else { return nil }
        self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }
    package var tag: String { "shard-\(index)-of-\(count)" }

    /// The first 8 bytes of the SHA-256, big-endian, modulo N.
    package static func bucket(sha256 hex: String, count: Int) -> Int {
        let value = UInt64(hex.prefix(16), radix: 16) ?? 0
        return Int(value % UInt64(count))
    }

    package func contains(sha256 hex: String) -> Bool { Self.bucket(sha256: hex, count: count) == index - 1 }

    package static func manifestName(_ shard: Shard?) -> String {
        shard.map { "folio-manifest.\($0.tag).json" } ?? "folio-manifest.json"
    }

    package static func datasetBase(_ shard: Shard?) -> String { shard.map { "dataset.\($0.tag)" } ?? "dataset" }
}

/// One input file.
package struct BatchInput: Sendable {
    package var relativePath: String
    package var url: URL

    package init(relativePath: String, url: URL) {
        self.relativePath = relativePath
        self.url = url
    }

    /// `sub/report` for `sub/report.pdf`: outputs are `<stem>.<ext>` in OUT_DIR.
    package var outputStem: String {
        let ns = relativePath as NSString
        let name = (ns.lastPathComponent as NSString).deletingPathExtension
        let dir = OutputFolder.parent(of: relativePath)
        return dir.isEmpty ? name : "\(dir)/\(name)"
    }

    /// Its outputs, relative to OUT_DIR: `sub/report.json`, `sub/report.csv` ….
    package func outputs(extensions: [String]) -> [String] { extensions.map { "\(outputStem).\($0)" } }
}

package enum InputScanner {
    /// Every *.pdf and *.txt (any case) under `dir`, recursively, sorted by
    /// relative path; hidden files and folders, and `exclude` (OUT_DIR when it is
    /// inside INPUT_DIR), are left out.
    package static func scan(_ dir: URL, excluding exclude: URL) throws -> [BatchInput] {
        let root = dir.resolvingSymlinksInPath().standardizedFileURL
        let excluded = exclude.resolvingSymlinksInPath().standardizedFileURL.path
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey]
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { throw BatchError("cannot read \(dir.path)") }
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var found: [BatchInput] = []
        while let item = walker.nextObject() as? URL {
            let path = item.standardizedFileURL.path
            let values = try? item.resourceValues(forKeys: Set(keys))
            if values?.isDirectory == true {
                if path == excluded || path.hasPrefix(excluded + "/") { walker.skipDescendants() }
                continue
            }
            let ext = item.pathExtension.lowercased()
            guard ext == "pdf" || ext == "txt", path.hasPrefix(rootPath) else { continue }
            let isFile =
                values?.isRegularFile ?? false
                || (try? item.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]).isRegularFile)
                    == true
            guard isFile else { continue }
            found.append(BatchInput(relativePath: String(path.dropFirst(rootPath.count)), url: item))
        }
        return found.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
    }
}

/// Runs a batch: decides what to do, runs workers in parallel, keeps the
/// manifest current, writes the datasets, reports.
public final class BatchRunner: @unchecked Sendable {
    public let settings: BatchSettings
    private let lock = NSLock()
    private var manifest = BatchManifest()
    private var activeWorkers: Set<pid_t> = []
    private var lastSave = Date.distantPast
    private var interrupted = false
    private let progress: BatchProgress
    private let tempRoot: URL
    private let workerExecutable: String
    private var workerEnvironment: [String: String]
    private let outputExtensions: [String]
    /// `folio-editions.json`, read at the start, and each series' documents converted
    /// so far (path → JSON output and title), for `compareAhead`.
    private var editionOverrides: [String: EditionSeries.Override] = [:]
    private var seriesMembers: [String: [String: (json: String, title: String?)]] = [:]

    public init(settings: BatchSettings) {
        self.settings = settings
        progress = BatchProgress(quiet: settings.quiet)
        tempRoot = settings.outDir.appendingPathComponent(".folio-tmp").appendingPathComponent(
            settings.shard?.tag ?? "all")
        workerExecutable = settings.workerExecutable ?? Worker.executablePath()
        outputExtensions = settings.outputExtensions
        workerEnvironment = ProcessInfo.processInfo.environment
        workerEnvironment["OMP_THREAD_LIMIT"] = "1"
        // The password reaches workers through a pipe, never their environment or command line.
        workerEnvironment["FOLIO_PASSWORD"] = nil
        workerEnvironment[ParentWatch.variable] = String(getpid())
    }

    package struct Result {
        package var converted = 0, skipped = 0, failed: [(String, String)] = [], removed: [String] = []
        package var pages = 0
    }

    /// Returns whether every document converted (or was skipped).
    public func run() throws -> Bool {
        let fm = FileManager.default
        let started = Date()
        try OutputFolder.prepare(settings.outDir.path)
        do {
            try fm.createDirectory(at: tempRoot, withIntermediateDirectories: true)
        } catch {
            throw FileProblem(tempRoot.path, "cannot create the folder: \(FileProblem.reason(of: error))")
        }
        let lockFD = try takeLock()
        defer { close(lockFD) }
        // Leftovers of a run that was killed: never outputs, only temp folders.
        for leftover in (try? fm.contentsOfDirectory(at: tempRoot, includingPropertiesForKeys: nil)) ?? []
        where !leftover.lastPathComponent.hasPrefix(".lock") {
            try? fm.removeItem(at: leftover)
        }
        manifest = try BatchManifest.load(settings.manifestURL)
        editionOverrides = (try? EditionSeries.overrides(in: settings.outDir)) ?? [:]
        manifest.shard = settings.shard?.description

        // 1. Inputs and their hashes; 2–5. what to do with each (`BatchPlan`).
        let inputs = try InputScanner.scan(settings.inputDir, excluding: settings.outDir)
        let plan = BatchPlan(inputs: inputs, hashes: hashAll(inputs), manifest: manifest, settings: settings)
        manifest = plan.manifest
        var result = Result()
        result.skipped = plan.skipped
        result.failed = plan.failed
        result.removed = plan.removed
        let mine = plan.mine
        let todo = plan.todo
        try saveManifest(force: true)

        progress.begin(total: mine.count, skipped: result.skipped, toConvert: todo.count)
        for (path, _) in result.failed { progress.note(failed: path, reason: manifest.documents[path]?.reason ?? "") }
        for path in result.removed { progress.note(removed: path, outputs: manifest.documents[path]?.outputs ?? []) }
        let todoSet = Set(todo.map(\.0.relativePath))
        for (input, _) in mine
        where !todoSet.contains(input.relativePath)
            && manifest.documents[input.relativePath]?.status == .converted
        {
            progress.note(skipped: input.relativePath)
        }

        // 6. Convert, `jobs` at a time.
        installSignalHandlers()
        let work = todo
        let next = Counter()
        let group = DispatchGroup()
        let outcomes = Outcomes()
        for _ in 0..<min(settings.jobs, max(todo.count, 1)) {
            group.enter()
            let thread = Thread { [self] in
                while let i = next.take(below: work.count) {
                    let (input, hash) = work[i]
                    outcomes.append(convert(input, sha: hash))
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        while group.wait(timeout: .now() + 1) == .timedOut { progress.tick() }
        try saveManifest(force: true)

        for o in outcomes.all {
            if let reason = o.failure {
                result.failed.append((o.path, reason))
            } else {
                result.converted += 1
                result.pages += o.pages
            }
        }
        result.failed.sort { $0.0 < $1.0 }

        // 7. Datasets from everything converted so far.
        let snapshot = lock.withLock { manifest }
        let dataset = try Dataset.write(manifest: snapshot, outDir: settings.outDir, base: settings.datasetBase)
        try? fm.removeItem(at: tempRoot)
        let tempParent = tempRoot.deletingLastPathComponent()
        if (try? fm.contentsOfDirectory(atPath: tempParent.path))?.isEmpty == true {
            try? fm.removeItem(at: tempParent)
        }

        progress.finish(
            result: result, dataset: dataset, base: settings.datasetBase, seconds: Date().timeIntervalSince(started))
        return result.failed.isEmpty
    }

    // MARK: One document

    package struct Outcome: Sendable {
        package var path: String
        package var failure: String?
        package var pages = 0
    }

    private func convert(_ input: BatchInput, sha: String) -> Outcome {
        let fm = FileManager.default
        let path = input.relativePath
        progress.started(path)
        // Named per run: a worker orphaned by a killed run never writes into this run's folder.
        let temp = tempRoot.appendingPathComponent(
            "\(SHA256.hex(of: Data(path.utf8)).prefix(16))-\(getpid())")
        try? fm.removeItem(at: temp)
        defer { try? fm.removeItem(at: temp) }
        let out = temp.appendingPathComponent("out")
        do {
            try fm.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            return fail(path, sha: sha, reason: "cannot create \(temp.path)")
        }
        var args = [
            "convert", input.url.path, "--format", settings.formats.joined(separator: ","), "--output", out.path,
            "--jobs", "1", "--ocr", settings.ocr, "--lang", settings.lang, "--accent-lang", settings.accentLang,
        ]
        if settings.password != nil { args += ["--password-file", "-"] }
        for filter in settings.filters { args += ["--filter", filter] }
        for dir in settings.pluginDirs { args += ["--plugins", dir] }
        if !settings.filters.isEmpty || !settings.pluginDirs.isEmpty {
            args += ["--plugin-timeout", String(settings.pluginTimeout)]
        }
        let stderrFile = temp.appendingPathComponent("stderr.txt")
        let runner = Worker.runner(
            executable: workerExecutable, arguments: args, environment: workerEnvironment,
            input: settings.password.map { Data(($0 + "\n").utf8) }, stderrFile: stderrFile, timeout: settings.timeout)
        let outcome: ProcessRunner.Result
        do {
            outcome = try runner.run(
                started: { [self] pid in lock.withLock { _ = activeWorkers.insert(pid) } },
                finished: { [self] pid in lock.withLock { _ = activeWorkers.remove(pid) } })
        } catch {
            if lock.withLock({ interrupted }) { return Outcome(path: path, failure: "interrupted") }
            return fail(path, sha: sha, reason: Worker.reason(error))
        }
        if lock.withLock({ interrupted }) { return Outcome(path: path, failure: "interrupted") }
        let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""

        switch outcome.ending {
        case .timedOut: return fail(path, sha: sha, reason: "timed out after \(Self.format(settings.timeout)) s")
        case .signaled(let s): return fail(path, sha: sha, reason: "crashed (signal \(s))")
        case .exited(let status) where status != 0:
            return fail(
                path, sha: sha, reason: Self.reason(fromStderr: stderr, file: input.url.path, status: status))
        case .exited: break
        }

        // Every requested output must be there before any is moved into place.
        let stem = input.url.deletingPathExtension().lastPathComponent
        let exts = outputExtensions
        let produced = exts.map { out.appendingPathComponent("\(stem).\($0)") }
        guard produced.allSatisfy({ fm.fileExists(atPath: $0.path) }) else {
            return fail(path, sha: sha, reason: "the worker finished without writing its outputs")
        }
        var pages: Int?
        var chapters: Int?
        var document: Document?
        if let json = produced.first(where: { $0.pathExtension == "json" }),
            let doc = try? JSONDecoder().decode(Document.self, from: Data(contentsOf: json))
        {
            document = doc
            pages = doc.source.pageCount
            chapters = doc.chapters.count
            // JSONEncoder's key order changes from run to run; with keys sorted, the
            // same input always gives the same bytes (a resumed run matches an
            // uninterrupted one). Same encoder and options as the JSON exporter.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            if let canonical = try? encoder.encode(doc) { try? (canonical + Data("\n".utf8)).write(to: json) }
        } else if let summary = Self.summary(fromStderr: stderr) {
            (pages, chapters) = summary
        }
        let outputs = input.outputs(extensions: exts)
        do {
            for (from, rel) in zip(produced, outputs) {
                let dest = settings.outDir.appendingPathComponent(rel)
                try fm.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
                try AtomicFile.rename(from, to: dest)
            }
        } catch {
            return fail(path, sha: sha, reason: "\(error)")
        }
        let entry = BatchManifest.Entry(
            sha256: sha, folioVersion: FolioVersion.current, options: settings.optionsFingerprint, outputs: outputs,
            status: .converted, reason: nil, pages: pages, chapters: chapters)
        // This document's dataset rows, and its comparison with the editions next to
        // it, made here, in parallel with the other documents, rather than at the end
        // of the run.
        if let document, let json = entry.jsonOutput,
            let stamp = DatasetFragment.stamp(of: settings.outDir.appendingPathComponent(json))
        {
            try? DatasetFragment(document: document, path: path, sha256: sha, json: json, stamp: stamp).save(
                outDir: settings.outDir)
            compareAhead(path: path, json: json, stamp: stamp, document: document)
        }
        record(path, entry)
        progress.converted(path, pages: pages, chapters: chapters, seconds: outcome.seconds)
        return Outcome(path: path, failure: nil, pages: pages ?? 0)
    }

    /// Compares a converted document with its neighbours among the editions this
    /// run has converted so far (the series and order `EditionSeries` will give
    /// them, as far as they are known), and keeps the comparisons where
    /// `changes.jsonl` looks for them. A neighbour that a later document comes
    /// between is compared for nothing; the end of the run compares whatever
    /// is missing.
    private static let compareAheadLimit = 200

    private func compareAhead(path: String, json: String, stamp: String, document: Document) {
        let key = EditionSeries.group(of: path, title: document.title, overrides: editionOverrides).key
        guard !key.isEmpty else { return }
        let members = lock.withLock {
            seriesMembers[key, default: [:]][path] = (json, document.title)
            return seriesMembers[key] ?? [:]
        }
        // Ordering a long series after every document would cost more than it saves:
        // past `compareAheadLimit` editions, the end of the run compares them.
        guard members.count > 1, members.count <= Self.compareAheadLimit else { return }
        let known = EditionSeries(titles: members.mapValues(\.title), overrides: editionOverrides)
        guard let paths = known.series.first(where: { $0.paths.contains(path) })?.paths,
            let i = paths.firstIndex(of: path)
        else { return }
        let outDir = settings.outDir
        for (neighbour, isOlder) in [(i - 1, true), (i + 1, false)] where paths.indices.contains(neighbour) {
            guard let otherJSON = members[paths[neighbour]]?.json else { continue }
            let otherURL = outDir.appendingPathComponent(otherJSON)
            guard let otherStamp = DatasetFragment.stamp(of: otherURL) else { continue }
            let this = (json, stamp)
            let other = (otherJSON, otherStamp)
            let url = EditionSeries.comparisonURL(
                old: isOlder ? other : this, new: isOlder ? this : other, outDir: outDir)
            guard !FileManager.default.fileExists(atPath: url.path),
                let otherDocument = try? JSONDecoder().decode(Document.self, from: Data(contentsOf: otherURL)),
                DatasetFragment.stamp(of: otherURL) == otherStamp,
                let comparison = try? EditionSeries.compare(
                    old: isOlder ? otherDocument : document, new: isOlder ? document : otherDocument)
            else { continue }
            EditionSeries.save(comparison, to: url)
        }
    }

    private func fail(_ path: String, sha: String, reason: String) -> Outcome {
        record(path, failedEntry(sha: sha, reason: reason))
        progress.failed(path, reason: reason)
        return Outcome(path: path, failure: reason)
    }

    private func failedEntry(sha: String, reason: String) -> BatchManifest.Entry {
        settings.failedEntry(sha: sha, reason: reason)
    }

    private func record(_ path: String, _ entry: BatchManifest.Entry) {
        lock.withLock {
            guard !interrupted else { return }
            manifest.documents[path] = entry
            try? saveManifestLocked(force: false)
        }
    }

    private func saveManifest(force: Bool) throws {
        try lock.withLock { try saveManifestLocked(force: force) }
    }

    /// After every document; once a second at most when the manifest is large
    /// (a kill then costs at most a second of redone work).
    private func saveManifestLocked(force: Bool) throws {
        let now = Date()
        guard force || manifest.documents.count < 1000 || now.timeIntervalSince(lastSave) >= 1 else { return }
        try manifest.save(settings.manifestURL)
        lastSave = now
    }

    // MARK: Helpers

    /// The worker's own explanation: its last `folio: FILE: reason` line.
    package static func reason(fromStderr text: String, file: String, status: Int32) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard var line = lines.last(where: { $0.hasPrefix("folio: ") }) ?? lines.last else {
            return "the worker exited with status \(status)"
        }
        if line.hasPrefix("folio: ") { line.removeFirst("folio: ".count) }
        if line.hasPrefix(file + ": ") { line.removeFirst(file.count + 2) }
        return line
    }

    /// "FILE: 12 pages, 3 chapters, 2.1 s" → (12, 3).
    package static func summary(fromStderr text: String) -> (Int, Int)? {
        for line in text.split(whereSeparator: \.isNewline).reversed() {
            let words = line.split(separator: " ")
            guard let p = words.firstIndex(where: { $0.hasPrefix("pages") }),
                let c = words.firstIndex(where: { $0.hasPrefix("chapters") }), p > 0, c > 0,
                let pages = Int(words[p - 1]), let chapters = Int(words[c - 1])
            else { continue }
            return (pages, chapters)
        }
        return nil
    }

    package static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    private func hashAll(_ inputs: [BatchInput]) -> [String?] {
        parallelMap(inputs.count) { i in try? SHA256.hex(ofFile: inputs[i].url) }
    }

    /// One batch per OUT_DIR and shard at a time.
    private func takeLock() throws -> Int32 {
        let path = tempRoot.deletingLastPathComponent().appendingPathComponent(".lock-\(settings.shard?.tag ?? "all")")
            .path
        // Close-on-exec: a worker that outlives a killed batch must not hold the lock.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BatchError("cannot create \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw BatchError("another folio batch is already writing \(settings.outDir.path)")
        }
        return fd
    }

    // MARK: Interruption

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// Ctrl-C, SIGTERM, SIGHUP: kill the workers, keep the manifest, leave no temp
    /// files; what finished is kept and a re-run resumes.
    private func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in interrupt(signal: sig) }
            source.resume()
            Self.signalSources.append(source)
        }
    }

    private func interrupt(signal sig: Int32) {
        lock.lock()
        interrupted = true
        for pid in activeWorkers {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        try? manifest.save(settings.manifestURL)
        try? FileManager.default.removeItem(at: tempRoot)
        progress.interrupted()
        exit(128 + sig)
    }
}

// MARK: - Small thread-safe boxes

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take(below n: Int) -> Int? {
        lock.withLock {
            guard next < n else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [BatchRunner.Outcome] = []
    func append(_ o: BatchRunner.Outcome) { lock.withLock { items.append(o) } }
    var all: [BatchRunner.Outcome] { lock.withLock { items } }
}
