import FolioCore
import Foundation

/// What a run does with each input, decided before any worker starts: which
/// inputs are this shard's, which output names each takes (the first input in
/// sorted order owns a stem; a later one with the same stem fails rather than
/// overwrite it), what is unchanged since the manifest (skipped), what is to be
/// converted, and which manifest entries are for inputs no longer there.
package struct BatchPlan {
    /// This shard's inputs and their hashes (nil: the input could not be read).
    package var mine: [(input: BatchInput, sha256: String?)] = []
    /// To convert, in input order.
    package var todo: [(input: BatchInput, sha256: String)] = []
    /// Converted before, unchanged since, outputs all present.
    package var skipped = 0
    /// Failed before any conversion (unreadable, outputs taken): path and reason.
    package var failed: [(String, String)] = []
    /// Manifest entries whose input is gone.
    package var removed: [String] = []
    /// The manifest as the plan leaves it: failures and removals recorded,
    /// entries of other shards' inputs and of long-gone inputs dropped.
    package var manifest: BatchManifest

    /// `inputs` sorted by relative path (as `InputScanner` gives them), `hashes`
    /// their SHA-256s in the same order.
    package init(inputs: [BatchInput], hashes: [String?], manifest: BatchManifest, settings: BatchSettings) {
        self.manifest = manifest
        let fm = FileManager.default

        // Output names: the first input (in sorted order) owns a stem.
        var stemOwner: [String: String] = [:]
        var collisions: [String: String] = [:]
        for input in inputs {
            if let owner = stemOwner[input.outputStem] {
                collisions[input.relativePath] = owner
            } else {
                stemOwner[input.outputStem] = input.relativePath
            }
        }

        // This shard's inputs.
        for (input, hash) in zip(inputs, hashes) {
            if let shard = settings.shard, let hash, !shard.contains(sha256: hash) { continue }
            // An unreadable input has no hash: shard 1 reports it.
            if let shard = settings.shard, hash == nil, shard.index != 1 { continue }
            mine.append((input, hash))
        }

        // Removed inputs (and entries that moved to another shard).
        let present = Set(inputs.map(\.relativePath))
        let mineSet = Set(mine.map(\.input.relativePath))
        for (path, entry) in manifest.documents.sorted(by: { $0.key < $1.key }) where !mineSet.contains(path) {
            if present.contains(path) {
                self.manifest.documents[path] = nil  // another shard's now
            } else if entry.status == .removed
                && !entry.outputs.contains(where: {
                    fm.fileExists(atPath: settings.outDir.appendingPathComponent($0).path)
                })
            {
                self.manifest.documents[path] = nil  // removed earlier and its outputs deleted since
            } else if entry.status == .failed && entry.outputs.isEmpty {
                self.manifest.documents[path] = nil
                removed.append(path)
            } else {
                var e = entry
                e.status = .removed
                e.reason = "input no longer present"
                self.manifest.documents[path] = e
                removed.append(path)
            }
        }

        // What needs doing.
        for (input, hash) in mine {
            let path = input.relativePath
            guard let hash else {
                let reason = InputFile.problem(input.url.path)?.reason ?? "cannot read the file"
                self.manifest.documents[path] = settings.failedEntry(sha: "", reason: reason)
                failed.append((path, reason))
                continue
            }
            if let owner = collisions[path] {
                let reason = "its outputs (\(input.outputStem).*) would overwrite those of \(owner)"
                self.manifest.documents[path] = settings.failedEntry(sha: hash, reason: reason)
                failed.append((path, reason))
                continue
            }
            if !settings.force, let old = self.manifest.documents[path], old.status == .converted,
                old.sha256 == hash, old.folioVersion == FolioVersion.current,
                old.options == settings.optionsFingerprint, old.outputsPresent(in: settings.outDir)
            {
                skipped += 1
                continue
            }
            todo.append((input, hash))
        }
    }
}

extension BatchSettings {
    /// The manifest's entry for an input that failed.
    package func failedEntry(sha: String, reason: String) -> BatchManifest.Entry {
        BatchManifest.Entry(
            sha256: sha, folioVersion: FolioVersion.current, options: optionsFingerprint, outputs: [],
            status: .failed, reason: reason, pages: nil, chapters: nil)
    }
}
