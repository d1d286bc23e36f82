import FolioModel

/// Items on a page (lines, or references to them) grouped into its rows, top
/// to bottom: taken in order of their middles, an item joins the row above
/// when it shares most of the shorter height with all that row holds so far
/// (`Box.sharesRow(with:)`), else it opens a row. Each row keeps its items in
/// the order they came and the box around them. One reading of "a row of the
/// page" for the tables stage, figure text and the test for a table's page.
func pageRows<Item>(_ items: [Item], box: (Item) -> Box) -> [(box: Box, items: [Item])] {
    var rows: [(box: Box, items: [Item])] = []
    for item in items.sorted(by: { box($0).midY < box($1).midY }) {
        let b = box(item)
        if let last = rows.last, b.sharesRow(with: last.box) {
            rows[rows.count - 1].box = last.box.union(b)
            rows[rows.count - 1].items.append(item)
        } else {
            rows.append((b, [item]))
        }
    }
    return rows
}
