import FolioModel
import FolioText

/// The order of the stages, in one place.
///
/// Reading (a PDF page by page, or a text file) comes first and is the
/// `Converter`'s; then:
/// 1. page cleaning, per page in parallel;
/// 2. document cleaning, once (text mode has repairs of its own first);
/// 3. layout, per page in parallel;
/// 4. structure, once: type scale → tables → figures → units → kinds → notes → title → chapters →
///    note markers → note references → pull-quotes → heading levels → blocks → references.
struct Pipeline: Sendable {
    var pageCleaning: [any PageStage]
    var documentCleaning: [any DocumentStage<ExtractedPages>]
    var layout: LayoutAnalyzer
    var structure: [any DocumentStage<Draft>]

    /// PDFs: text layers and OCR.
    static let pdf = Pipeline(
        pageCleaning: [UnicodeCleaning()],
        documentCleaning: [OCRRepairStage(), FurnitureRemoval()],
        layout: LayoutAnalyzer(),
        structure: structureStages)

    /// Text mode: already-extracted text, whose own damage (dropped hyphens,
    /// quotes and sidebars interleaved with the body) is repaired before the
    /// shared cleaning. No figure finding (plain text has no drawings) and no table finding: plain text is read onto a nominal
    /// grid, so the columns it shows are the extraction's (a quote or sidebar
    /// beside the body), not cells. Tables written out cell by cell are told
    /// by their figures instead, once the units are cut (`DataRunFinder`).
    static let text = Pipeline(
        pageCleaning: [UnicodeCleaning()],
        documentCleaning: [
            LostHyphenStage(), InterleavedQuoteStage(), SidebarStage(), StrayFolioStage(), OCRRepairStage(),
            FurnitureRemoval(),
        ],
        layout: LayoutAnalyzer(),
        structure: structureStages.flatMap { stage -> [any DocumentStage<Draft>] in
            stage is TableFinding || stage is FigureTextFinding
                ? [] : stage is UnitCutting ? [stage, DataRunFinding()] : [stage]
        })

    static let structureStages: [any DocumentStage<Draft>] = [
        TypeScaleMeasure(), TableFinding(), FigureTextFinding(), UnitCutting(), UnitClassification(), NoteFinding(),
        DocumentTitleFinding(),
        ChapterFinding(), FootnoteMarkerRecovery(), NoteReferences(), PullQuoteConfirmation(), HeadingLevels(),
        BlockAssembly(), ReferenceListing(),
    ]

    /// Every stage's name in the order a run takes them, reading first.
    var stageNames: [String] {
        ["read"] + pageCleaning.map(\.name) + documentCleaning.map(\.name) + [layout.name]
            + structure.map(\.name)
    }
}
