import FolioText

/// Heading levels: the sizes of what remains a heading once titles and
/// pull-quotes are set aside, ranked over the whole document (level 2 the
/// largest, at most 4).
enum HeadingLevelRanking {
    static func assign(_ chapters: inout [ChapterFinder.Found]) {
        let sizes = Set(
            chapters.flatMap(\.units).filter { $0.kind == .heading }.map { TypeScale.rounded($0.style.size) }
        ).sorted(by: >)
        for i in chapters.indices {
            var sectionSeen = false
            for j in chapters[i].units.indices where chapters[i].units[j].kind == .heading {
                let rank = sizes.firstIndex(of: TypeScale.rounded(chapters[i].units[j].style.size)) ?? 0
                chapters[i].units[j].level = min(4, 2 + rank)
                // A smaller heading is a subsection only under a larger one: before
                // the chapter's first section heading (a recommendations box) it is a section.
                if chapters[i].units[j].level == 2 {
                    sectionSeen = true
                } else if !sectionSeen {
                    chapters[i].units[j].level = 2
                }
            }
        }
    }
}
