import Foundation
import Testing

@testable import FolioCore
@testable import TesseractKit

/// The scale-out a user runs as written: the Kubernetes and Slurm examples'
/// own commands, as concurrent local processes, merge to the dataset of one
/// machine; and the Containerfile's runtime stage installs what folio needs.
@Suite("Scale-out")
struct ScaleOutTests {
    static let shards = 3
    static let examples = Repo.root.appendingPathComponent("docs/examples")

    // MARK: The examples as local processes

    /// Seven inputs, nested: the batch tests' four, the 12-page sample and two reports.
    static func inputs(in dir: URL) throws {
        try BatchTests.goodInputs(in: dir)
        try FileManager.default.copyItem(at: Repo.sampleReport, to: dir.appendingPathComponent("sub/sample.pdf"))
        for i in 1...2 {
            try Data("Report \(i)\n\nThe findings of report number \(i), in one paragraph.\n".utf8)
                .write(to: dir.appendingPathComponent("report-\(i).txt"))
        }
    }

    /// A folder for PATH: `folio` (the built executable) and an `sbatch` that
    /// records its arguments, one a line, in `sbatch.log` beside it.
    static func binFolder(in dir: URL) throws -> URL {
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let exe = try #require(CLITests.executable, "the folio executable was not built")
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("folio"), withDestinationURL: exe)
        let sbatch = bin.appendingPathComponent("sbatch")
        try "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '\(bin.path)/sbatch.log'\n"
            .write(to: sbatch, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sbatch.path)
        return bin
    }

    /// Runs `command` (a path and its arguments) once per shard, all at once (shard i gets
    /// `environment(i)`, i = 0..<shards), each writing its log to
    /// `logs/shard-i.log`; returns each exit status and log.
    static func runShards(
        _ command: [String], in dir: URL, bin: URL, environment: (Int) -> [String: String]
    ) throws -> [(status: Int32, log: String)] {
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        var running: [(Process, URL)] = []
        for i in 0..<shards {
            let log = logs.appendingPathComponent("shard-\(i).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            process.environment = shellEnvironment(bin: bin).merging(environment(i)) { $1 }
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try handle.close()
            running.append((process, log))
        }
        return try running.map { process, log in
            process.waitUntilExit()
            return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
        }
    }

    static func shellEnvironment(bin: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["OMP_THREAD_LIMIT"] = "1"
        return env
    }

    /// One machine: `folio batch IN --output OUT`, as docs/batch.md opens with.
    static func oneMachine(_ input: URL, _ output: URL) throws {
        let whole = try BatchTests.folio(["batch", input.path, "--output", output.path])
        #expect(whole.status == 0, "one-machine batch: \(whole.err)")
    }

    /// The merged folder holds the one-machine run's files, byte for byte
    /// (documents, datasets, manifest), and each shard did part of the work.
    static func expectSameAsOneMachine(merged: URL, whole: URL) throws {
        var mergedFiles = try BatchTests.tree(merged)
        for i in 1...shards {
            let manifest = try BatchTests.manifest(
                merged.appendingPathComponent("folio-manifest.shard-\(i)-of-\(shards).json"))
            #expect(!manifest.isEmpty, "shard \(i)/\(shards) converted nothing: the test wants other inputs")
        }
        // Each shard's own manifest, datasets and changes stay beside the merged ones.
        mergedFiles = mergedFiles.filter { !$0.key.contains(".shard-") }
        let wholeFiles = try BatchTests.tree(whole)
        #expect(wholeFiles.keys.contains("dataset.csv") && wholeFiles.keys.contains("dataset.jsonl"))
        #expect(wholeFiles.keys.contains("sub/sample.json"))
        #expect(mergedFiles.keys.sorted() == wholeFiles.keys.sorted())
        for (name, data) in wholeFiles {
            #expect(mergedFiles[name] == data, "\(name) differs between the merged shards and one machine")
        }
    }

    /// The lines of the YAML literal block (`- |`) that follows the line `key:`, dedented.
    static func literalBlock(after key: String, in yaml: String) throws -> String {
        let lines = yaml.components(separatedBy: "\n")
        let keyLine = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == key + ":" })
        #expect(lines[keyLine + 1].trimmingCharacters(in: .whitespaces) == "- |")
        let body = lines[(keyLine + 2)...]
        let indent = try #require(body.first).prefix { $0 == " " }.count
        let block = body.prefix {
            $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.hasPrefix(String(repeating: " ", count: indent))
        }
        return block.map { String($0.dropFirst(indent)) }.joined(separator: "\n")
    }

    @Test func theKubernetesJobsMergeToTheOneMachineDataset() throws {
        let dir = try TempDir("folio-scale")
        defer { dir.cleanUp() }
        let yaml = try String(contentsOf: Self.examples.appendingPathComponent("kubernetes-job.yaml"), encoding: .utf8)
        // The shard count the pods are told is the Job's number of completions.
        let completions = yaml.firstMatch(of: /completions: (\d+)/)?.1
        let told = yaml.firstMatch(of: /name: SHARDS, value: "(\d+)"/)?.1
        #expect(completions != nil && completions == told, "completions \(completions ?? "?"), SHARDS \(told ?? "?")")

        // The two containers' commands (the batch pods' with the script of their
        // args), with the paths of the pods' volume moved into the test's folder.
        let data = dir.file("data")
        func local(_ text: String) -> String { text.replacingOccurrences(of: "/data/", with: data.path + "/") }
        let commands = try yaml.components(separatedBy: "\n").filter { $0.contains("command: [") }.map { line in
            try #require(
                JSONSerialization.jsonObject(with: Data(line.split(separator: ":", maxSplits: 1)[1].utf8)) as? [String])
        }
        try #require(commands.count == 2)
        let batch = try Self.literalBlock(after: "args", in: yaml)
        #expect(commands[0] == ["/bin/sh", "-c"])
        #expect(batch.contains("folio batch /data/in --output /data/out"))
        let merge = commands[1]
        #expect(merge.first == "folio")

        try Self.inputs(in: data.appendingPathComponent("in"))
        let bin = try Self.binFolder(in: dir.url)
        let shards = try Self.runShards(commands[0] + [local(batch)], in: dir.url, bin: bin) { i in
            ["JOB_COMPLETION_INDEX": "\(i)", "SHARDS": "\(Self.shards)"]
        }
        for (i, shard) in shards.enumerated() {
            #expect(shard.status == 0, "pod \(i): \(shard.log)")
        }
        let merged = try BatchTests.folio(Array(merge.dropFirst()).map(local))
        #expect(merged.status == 0, "merge: \(merged.err)")

        let whole = dir.file("whole")
        try Self.oneMachine(data.appendingPathComponent("in"), whole)
        try Self.expectSameAsOneMachine(merged: data.appendingPathComponent("out"), whole: whole)
    }

    @Test func theSlurmArrayMergesToTheOneMachineDataset() throws {
        let dir = try TempDir("folio-scale")
        defer { dir.cleanUp() }
        let script = Self.examples.appendingPathComponent("slurm.sh")
        let input = dir.file("in")
        let output = dir.file("out")
        try Self.inputs(in: input)
        let bin = try Self.binFolder(in: dir.url)
        let exe = try #require(CLITests.executable)

        // The array's tasks as Slurm starts them; folio is the built binary, not the image.
        let tasks = try Self.runShards(["/bin/bash", script.path], in: dir.url, bin: bin) { i in
            [
                "SLURM_ARRAY_JOB_ID": "4242", "SLURM_ARRAY_TASK_ID": "\(i + 1)",
                "SLURM_ARRAY_TASK_COUNT": "\(Self.shards)", "SLURM_CPUS_PER_TASK": "1",
                "FOLIO_IN": input.path, "FOLIO_OUT": output.path, "FOLIO": exe.path,
            ]
        }
        for (i, task) in tasks.enumerated() {
            #expect(task.status == 0, "task \(i + 1): \(task.log)")
        }

        // Task 1 queued the merge after the whole array: run what it queued.
        let queued = try String(contentsOf: bin.appendingPathComponent("sbatch.log"), encoding: .utf8)
            .components(separatedBy: "\n")
        #expect(queued.contains("--dependency=afterany:4242"))
        let wrap = try #require(queued.first { $0.hasPrefix("--wrap=") }).dropFirst("--wrap=".count)
        let merged = try run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", String(wrap)], environment: Self.shellEnvironment(bin: bin))
        #expect(merged.status == 0, "merge: \(merged.err)")

        let whole = dir.file("whole")
        try Self.oneMachine(input, whole)
        try Self.expectSameAsOneMachine(merged: output, whole: whole)
    }

    // MARK: The Containerfile's runtime packages

    /// The packages the last stage's `apt-get install` names.
    static func runtimePackages(_ containerfile: String) throws -> Set<String> {
        let joined = containerfile.replacingOccurrences(of: "\\\n", with: " ")
        let stages = joined.components(separatedBy: "\nFROM ")
        let runtime = try #require(stages.last)
        let install = try #require(
            runtime.components(separatedBy: "\n").first { $0.hasPrefix("RUN ") && $0.contains("apt-get -q install") })
        let words = install.components(separatedBy: " install ")[1].split(separator: " ")
        return Set(words.prefix { $0 != "&&" }.filter { !$0.hasPrefix("-") }.map(String.init))
    }

    /// Paths of the shared libraries `ldd` finds for `file`, and the names it does not find.
    static func linkedLibraries(_ file: String) throws -> (found: [String], missing: [String]) {
        let ldd = try run(URL(fileURLWithPath: "/usr/bin/ldd"), [file])
        #expect(ldd.status == 0, "ldd \(file): \(ldd.err)")
        var found: [String] = []
        var missing: [String] = []
        for line in ldd.out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if line.contains("not found") {
                missing.append(String(parts[0]))
            } else if let arrow = parts.firstIndex(of: "=>"), arrow + 1 < parts.count, parts[arrow + 1].hasPrefix("/") {
                found.append(String(parts[arrow + 1]))
            } else if parts.first?.hasPrefix("/") == true {
                found.append(String(parts[0]))
            }
        }
        return (found, missing)
    }

    /// The package owning each of `paths` (any spelling of a merged /usr), or none.
    static func owners(_ paths: [String]) throws -> [String: String] {
        func spellings(_ path: String) -> [String] {
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return Array(
                Set(
                    [path, real].flatMap { p in
                        [p, p.hasPrefix("/usr/") ? String(p.dropFirst(4)) : "/usr" + p]
                    }))
        }
        let dpkg = try run(try #require(which("dpkg")), ["-S"] + paths.flatMap(spellings))
        var owner: [String: String] = [:]
        for line in dpkg.out.split(separator: "\n") {
            guard let colon = line.range(of: ": /") else { continue }
            let package = line[..<colon.lowerBound].split(separator: ":")[0].split(separator: ",")[0]
            let file = String(line[line.index(after: colon.lowerBound)...]).trimmingCharacters(in: .whitespaces)
            for path in paths where spellings(path).contains(file) { owner[path] = String(package) }
        }
        return owner
    }

    /// Every installed package the `roots` pull in (Depends, Pre-Depends), with
    /// what a minimal Debian image holds anyway (Essential and required packages).
    static func installedClosure(of roots: Set<String>) throws -> Set<String> {
        let query = try run(
            try #require(which("dpkg-query")),
            ["-W", "-f", "${Package}\t${Essential}\t${Priority}\t${Provides}\t${Pre-Depends}, ${Depends}\n"])
        var depends: [String: [[String]]] = [:]
        var providers: [String: [String]] = [:]
        var base: [String] = []
        func names(_ field: Substring) -> [[String]] {
            field.split(separator: ",").map { alternatives in
                alternatives.split(separator: "|").compactMap {
                    $0.split(separator: " ").first.map { String($0.split(separator: ":")[0]) }
                }
            }.filter { !$0.isEmpty }
        }
        for line in query.out.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 5 else { continue }
            let package = String(f[0])
            if f[1] == "yes" || f[2] == "required" { base.append(package) }
            for provided in names(f[3]).joined() { providers[provided, default: []].append(package) }
            depends[package] = names(f[4])
        }
        var closure = Set<String>()
        var queue = Array(roots) + base
        while let package = queue.popLast() {
            for name in [package] + (providers[package] ?? []) where depends[name] != nil {
                guard closure.insert(name).inserted else { continue }
                queue += depends[name]!.joined()
            }
        }
        return closure
    }

    @Test(.enabled(if: which("dpkg-query") != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd")))
    func theContainerfileInstallsWhatFolioLinksAndOpens() throws {
        let containerfile = try String(contentsOf: Repo.root.appendingPathComponent("Containerfile"), encoding: .utf8)
        #expect(containerfile.contains(#"ENTRYPOINT ["folio"]"#))
        let installed = try Self.runtimePackages(containerfile)
        #expect(installed.contains("libpoppler-glib8"), "read \(installed.sorted())")

        // What the binary links, and libtesseract, which it opens when a page needs OCR.
        let exe = try #require(CLITests.executable)
        let tesseractName = try #require(TesseractLibrary.fileNames.first)
        let ldconfig = try run(URL(fileURLWithPath: "/sbin/ldconfig"), ["-p"])
        let tesseract = try #require(
            ldconfig.out.split(separator: "\n").first {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(tesseractName + " ")
            }?
            .components(separatedBy: "=> ").last,
            "\(tesseractName) is not installed")
        var files: [String] = [tesseract]
        for file in [exe.path, tesseract] {
            let libraries = try Self.linkedLibraries(file)
            #expect(libraries.missing.isEmpty, "\(file) links libraries not found: \(libraries.missing)")
            files += libraries.found
        }
        // The data folio reads: the OCR models of the default options, and the word list.
        let tessdata = "/usr/share/tesseract-ocr/5/tessdata/"
        let options = ConversionOptions()
        for model in [options.ocrLanguages, try #require(options.accentModel)] {
            files.append(tessdata + model + ".traineddata")
        }
        files.append("/usr/share/dict/words")
        for file in files.suffix(3) {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) is not installed here")
        }

        let owner = try Self.owners(files)
        let image = try Self.installedClosure(of: installed)
        for file in Set(files) {
            if let package = owner[file] {
                let inImage = image.contains(package)
                #expect(inImage, "\(file) comes from \(package), which the runtime stage does not install")
            } else {
                // Not a Debian package's: the Swift runtime, linked into the image's binary.
                #expect(file.contains("/lib/swift/"), "\(file) belongs to no package")
                #expect(containerfile.contains("--static-swift-stdlib"), "\(file) is not in the runtime stage")
            }
        }
    }
}
