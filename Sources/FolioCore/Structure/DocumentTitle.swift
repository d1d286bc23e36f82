import FolioText

/// The document's title as the first page shows it.
enum DocumentTitle {
    /// The largest type in the upper part of the first page (a pull-quote lower
    /// down can be larger still), when it is title-sized and no paragraph above
    /// it runs into it; nil otherwise.
    static func find(in units: [Unit], scale: TypeScale) -> String? {
        let first = units.filter {
            $0.page == 1 && $0.wordCount > 0 && $0.box.y0 < TypeScale.upperPart * $0.pageHeight
        }
        let paragraphs = first.filter { $0.lines.count >= 2 && $0.style.size < scale.displaySize }
        guard let biggest = first.max(by: { $0.style.size < $1.style.size }), biggest.style.size >= scale.titleSize,
            !paragraphs.contains(where: { $0.box.y1 <= biggest.box.y0 && $0.box.xOverlap(biggest.box) > 0 })
        else { return nil }
        return biggest.text
    }
}
