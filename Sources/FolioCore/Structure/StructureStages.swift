import FolioModel
import FolioText

/// The body size, whether the text has type sizes at all, and the document's
/// vocabulary for de-hyphenation: from every line, once, in parallel runs of pages.
struct TypeScaleMeasure: DocumentStage {
    let name = "type-scale"
    func run(_ draft: inout Draft, workers: Int) {
        let pages = draft.layouts
        let runs = max(1, min(workers, pages.count))
        let perRun = parallelMap(count: runs, workers: workers) { r in
            var weight: [Double: Int] = [:]
            var vocabulary = Vocabulary()
            var monospace = 0
            let run = (r * pages.count / runs)..<((r + 1) * pages.count / runs)
            for block in pages[run].flatMap(\.blocks) {
                var afterBreak = false
                for line in block.lines {
                    // Words whole on the line only: not the one broken at its end,
                    // nor the tail that a break on the line before carried over.
                    for w in line.words.dropLast().dropFirst(afterBreak ? 1 : 0) { vocabulary.add(w.text) }
                    afterBreak = line.words.last?.text.last.map { Dehyphenator.hyphens.contains($0) } ?? false
                    for w in line.words where !w.superscript {
                        let count = w.text.unicodeScalars.count
                        weight[TypeScale.rounded(w.style.size), default: 0] += count
                        if w.style.monospace { monospace += count }
                    }
                }
            }
            return (weight, vocabulary, monospace)
        }
        var weight: [Double: Int] = [:]
        var vocabulary = Vocabulary()
        var monospace = 0
        for (w, v, m) in perRun {
            weight.merge(w, uniquingKeysWith: +)
            vocabulary.merge(v)
            monospace += m
        }
        // Ties go to the larger size, the same in every run (a dictionary's order is not).
        let body = weight.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? 10
        let total = weight.values.reduce(0, +)
        draft.scale = TypeScale(
            body: body, typeless: total == 0 || Double(weight[body] ?? 0) >= 0.995 * Double(total),
            monospaceBody: 2 * monospace >= total && total > 0)
        draft.dehyphenator = Dehyphenator(vocabulary: vocabulary)
    }
}

/// Layout blocks → units, with their text rendered, page by page in parallel
/// (`UnitCutter`). The pages' words are let go here.
struct UnitCutting: DocumentStage {
    let name = "units"
    func run(_ draft: inout Draft, workers: Int) {
        var cutter = UnitCutter(scale: draft.scale, dehyphenator: draft.dehyphenator)
        if draft.scale.typeless { cutter.measure = UnitCutter.measure(of: draft.layouts) }
        var perBlock = Self.cut(draft.layouts.take(), with: cutter, workers: workers)
        // Moved block by block: one copy of the units at a time.
        var units: [Unit] = []
        units.reserveCapacity(perBlock.reduce(0) { $0 + $1.count })
        for b in perBlock.indices {
            units += perBlock[b]
            perBlock[b] = []
        }
        draft.units = units
        // The pages' words are gone now: hand their memory back.
        releaseFreeMemory()
    }

    /// Units block by block, in document order: blocks, not pages, are handed
    /// to the workers, so that a text without form feeds (one page) is cut on
    /// every core too. Blocks are numbered through the document.
    private static func cut(_ pages: [PageLayout], with cutter: UnitCutter, workers: Int) -> [[Unit]] {
        let blocks = pages.indices.flatMap { p in pages[p].blocks.indices.map { (page: p, block: $0) } }
        return parallelMap(count: blocks.count, workers: workers) { id in
            cutter.units(of: pages[blocks[id].page], block: blocks[id].block, id: id)
        }
    }
}

/// Captions, footnotes, list items and headings by type and wording (`UnitClassifier`).
struct UnitClassification: DocumentStage {
    let name = "kinds"
    func run(_ draft: inout Draft, workers: Int) {
        UnitClassifier(scale: draft.scale).classify(&draft.units)
    }
}

/// Endnotes after a "Notes" heading; in plain text, numbered citing entries that close a page (`NoteFinder`).
struct NoteFinding: DocumentStage {
    let name = "notes"
    func run(_ draft: inout Draft, workers: Int) {
        NoteFinder(scale: draft.scale).mark(&draft.units)
    }
}

/// The largest type high on the first page, else the file's metadata title.
struct DocumentTitleFinding: DocumentStage {
    let name = "title"
    func run(_ draft: inout Draft, workers: Int) {
        draft.title =
            DocumentTitle.find(in: draft.units, scale: draft.scale, headers: draft.headers) ?? draft.fallbackTitle
    }
}

/// Chapter openers, titles, authors and page ranges (`ChapterFinder`).
struct ChapterFinding: DocumentStage {
    let name = "chapters"
    func run(_ draft: inout Draft, workers: Int) {
        var units = draft.units.take()
        draft.chapters = ChapterFinder(scale: draft.scale, headers: draft.headers).chapters(
            &units, documentTitle: draft.title, pageCount: draft.pageCount)
        let inChapters = Set(draft.chapters.flatMap(\.units).map(\.blockID))
        draft.outside = units.filter { !inChapters.contains($0.blockID) }
    }
}

/// Note markers glued to words where no type size told them apart (`FootnoteMarkers`).
struct FootnoteMarkerRecovery: DocumentStage {
    let name = "note-markers"
    func run(_ draft: inout Draft, workers: Int) {
        for i in draft.chapters.indices { FootnoteMarkers.recover(&draft.chapters[i].units) }
    }
}

/// Pull-quotes confirmed by the body passage they repeat (`PullQuoteFinder`).
struct PullQuoteConfirmation: DocumentStage {
    let name = "pull-quotes"
    func run(_ draft: inout Draft, workers: Int) {
        for i in draft.chapters.indices {
            PullQuoteFinder.confirm(&draft.chapters[i].units, scale: draft.scale, workers: workers)
        }
    }
}

/// Heading levels ranked over the whole document (`HeadingLevelRanking`).
struct HeadingLevels: DocumentStage {
    let name = "heading-levels"
    func run(_ draft: inout Draft, workers: Int) {
        HeadingLevelRanking.assign(&draft.chapters)
    }
}

/// Units → the model's blocks, paragraphs re-joined across interruptions (`BlockAssembler`).
struct BlockAssembly: DocumentStage {
    let name = "blocks"
    func run(_ draft: inout Draft, workers: Int) {
        let assembler = BlockAssembler(dehyphenator: draft.dehyphenator)
        draft.blocks = draft.chapters.enumerated().map { index, c in
            Chapter(
                index: index + 1, title: c.title, authors: c.authors, startPage: c.startPage, endPage: c.endPage,
                blocks: assembler.blocks(from: c.units))
        }
        // What no chapter took is kept: before the first chapter, front matter; after, back matter.
        let firstInChapter = draft.chapters.first?.units.first?.blockID ?? Int.max
        let front = draft.outside.filter { $0.blockID < firstInChapter }
        let back = draft.outside.filter { $0.blockID >= firstInChapter }
        draft.frontMatter = assembler.blocks(from: front)
        draft.backMatter = assembler.blocks(from: back)
    }
}
