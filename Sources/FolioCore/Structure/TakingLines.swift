import FolioModel

extension PageLayout {
    /// The page with each group's lines taken out of the blocks that held them
    /// and the group's own block (a table, a figure's text) placed where the
    /// first of those blocks stood: what a block keeps above the new block stays
    /// before it, what it keeps below comes after it.
    ///
    /// Why lines and not blocks: layout links a table's cells, or a diagram's
    /// labels, with whatever text stands next to them; only here are the words
    /// and their boxes still at hand to take them apart.
    func takingLines(_ groups: [(lines: [(block: Int, line: Int)], block: TextBlock)]) -> PageLayout {
        guard !groups.isEmpty else { return self }
        var taken: [Int: Set<Int>] = [:]  // block → its lines that groups took
        var placed: [(block: Int, made: TextBlock, top: Double)] = []
        for group in groups {
            guard let first = group.lines.map(\.block).min() else { continue }
            for ref in group.lines { taken[ref.block, default: []].insert(ref.line) }
            placed.append((first, group.block, group.block.box.y0))
        }
        var blocks: [TextBlock] = []
        for (i, block) in self.blocks.enumerated() {
            guard let gone = taken[i] else {
                blocks.append(block)
                continue
            }
            let here = placed.filter { $0.block == i }
            let kept = block.lines.indices.filter { !gone.contains($0) }.map { block.lines[$0] }
            let top = here.map(\.top).min() ?? block.box.y1
            let above = kept.filter { $0.box.y0 < top }
            let below = kept.filter { $0.box.y0 >= top }
            if !above.isEmpty { blocks.append(TextBlock(lines: above)) }
            blocks += here.sorted { $0.top < $1.top }.map(\.made)
            if !below.isEmpty { blocks.append(TextBlock(lines: below)) }
        }
        var page = self
        page.blocks = blocks
        return page
    }
}
