import FolioModel
import Testing

@testable import FolioCore

/// Text mode on short extractions written here, one artifact each.
@Suite("Text mode")
struct TextModeTests {
    static func convert(_ text: String) -> Document {
        Converter().convert(text: text, fileName: "fixture.txt")
    }

    static func body(_ doc: Document) -> [Block] {
        doc.allBlocks.map(\.block).filter { $0.kind.isBody }
    }

    static let filler =
        "The committee met in the spring and agreed on a common plan for the border towns, which had waited years for it."

    @Test func letterSpacedHeadersAndPageNumbersAreRemoved() {
        let pages = (1...4).map { n in
            "S E C U R I T Y\n\n\(Self.filler) Page \(n) adds a sentence of its own about district \(n).\n\n\(n + 10)\n"
        }
        let doc = Self.convert(pages.joined(separator: "\u{0C}"))
        let text = Self.body(doc).map(\.text).joined(separator: " ")
        #expect(!text.contains("S E C U R I T Y"))
        #expect(!text.contains(" 11"))
        #expect(doc.pages.map(\.label) == ["11", "12", "13", "14"])
    }

    @Test func gluedNoteMarkerFollowsTheRunningNumbering() {
        let text = """
            The program began in 2019.1 It was extended after two years of trials in the three districts.

            1. Interview with a district officer, March 2021.
            """
        let doc = Self.convert(text)
        let paragraph = Self.body(doc).first { $0.text.hasPrefix("The program") }
        #expect(
            paragraph?.text
                == "The program began in 2019. It was extended after two years of trials in the three districts.")
        #expect(paragraph?.footnoteRefs == ["1"])
        let note = doc.allBlocks.map(\.block).first { $0.kind == .footnote }
        #expect(note?.label == "1")
        #expect(note?.text == "Interview with a district officer, March 2021.")
    }

    @Test func numberedListThatCitesNothingStaysAList() {
        let text = """
            The plan has three parts.

            1. Share patrol schedules every week.
            2. Hold joint training twice a year.
            3. Publish a short annual report.
            """
        let kinds = Self.convert(text).allBlocks.map(\.block).map(\.kind)
        #expect(kinds.filter { $0 == .listItem }.count == 3)
        #expect(!kinds.contains(.footnote))
    }

    @Test func sidebarSetOneWordPerLineIsLiftedOut() {
        // The sidebar "Trust is built one shared shift at a time." is interleaved
        // with the box beside it; the same sentence stands in the body on page 2.
        let opener = """
            Trust
            Key Recommendations
            is built
            • Share patrol schedules with the other side every single week of the year.
            one shared
            • Hold joint training sessions for new officers twice a year at least.
            shift at
            • Publish the results of the joint patrols in a short annual report.
            a time.
            """
        let body =
            "Officers on both sides agree on one point. Trust is built one shared shift at a time. \(Self.filler)"
        let doc = Self.convert(opener + "\u{0C}" + body)
        let blocks = doc.allBlocks.map(\.block)
        let items = blocks.filter { $0.kind == .listItem }.map(\.text)
        #expect(items.count == 3)
        #expect(items.allSatisfy { !$0.contains("shared") && !$0.contains("Trust") })
        let quotes = blocks.filter { $0.kind == .pullQuote }.map(\.text)
        #expect(quotes == ["Trust is built one shared shift at a time."])
    }

    static func bodyText(_ doc: Document) -> String {
        body(doc).map(\.text).joined(separator: " ")
    }

    static func quotes(_ doc: Document) -> [String] {
        doc.allBlocks.map(\.block).filter { $0.kind == .pullQuote }.map(\.text)
    }

    static let quote = "Local leaders say that the balance between patrols and prevention must change soon."

    /// A quote column to the right of the body: its lines end body lines.
    static let quoteGluedToLineEnds = """
        Budgets for security have grown every year since 2015, yet the
        results remain uneven across the region. Local leaders say that
        the balance between patrols and prevention must change soon.
        Most of the new money still goes to patrols, while programs Local leaders say
        for young people receive a small share of the total. The that the balance
        mayors asked the ministry for a multiyear commitment and between patrols and
        for independent reviews of every program that receives prevention must
        public money. Officials have promised an answer by June.
        change soon.
        """

    @Test func pullQuoteGluedToLineEndsIsLiftedOut() {
        let text = Self.quoteGluedToLineEnds
        let doc = Self.convert(text)
        #expect(Self.quotes(doc) == [Self.quote])
        let body = Self.bodyText(doc)
        #expect(body.contains("while programs for young people receive a small share of the total. The mayors asked"))
        #expect(body.contains("every program that receives public money. Officials have promised an answer by June."))
        #expect(body.components(separatedBy: "Local leaders say").count == 2)
        #expect(!body.contains("change soon. change soon."))
    }

    @Test func aLongTextWithoutFormFeedsIsRepairedInPartsAndStaysOnePage() {
        // 1,200 lines on one page: three-line paragraphs, a blank line after each,
        // and the quote glued to line ends near the end.
        var paragraphs = (1...400).map { i in
            """
            In district \(i) the survey counted \(i * 3) new households and
            \(i + 7) schools, and the council of district \(i) asked for a
            review of its budget by the end of year \(2000 + i).
            """
        }
        paragraphs.insert(Self.quoteGluedToLineEnds, at: 370)
        let text = paragraphs.joined(separator: "\n\n")
        let page = PlainTextReader().read(text)[0]
        #expect(page.lines.count > LongPages.maxLines)
        let parts = LongPages.split(page)
        #expect(parts.count == 3)
        #expect(parts.flatMap(\.lines) == page.lines)
        for part in parts.dropLast() {
            #expect((LongPages.partLines...LongPages.maxLines).contains(part.lines.count))
        }
        // Each part ends at a paragraph's end: the next part opens after a blank line.
        for (part, next) in zip(parts, parts.dropFirst()) {
            #expect(next.lines[0].box.y0 - part.lines.last!.box.y0 > PlainTextReader.lineHeight)
        }
        let doc = Self.convert(text)
        #expect(doc.pages.count == 1)
        #expect(Self.quotes(doc) == [Self.quote])
        #expect(Self.bodyText(doc).contains("In district 400 the survey counted 1200 new households"))
    }

    @Test func quoteLinesBetweenBodyLinesWithAnOCRSlipAreLiftedOut() {
        // The quote's lines fall between the body's, and OCR read "patrols" as "patroIs".
        let text = """
            Budgets for security have grown every year since 2015, yet the
            results remain uneven across the region. Local leaders say that
            the balance between patrols and prevention must change soon.
            Most of the new money still goes to patrols, while programs
            Local leaders say that
            for young people receive a small share of the total. The
            the balance between
            mayors asked the ministry for a multiyear commitment and
            patroIs and prevention
            for independent reviews of every program that receives
            must change soon.
            public money. Officials have promised an answer by June.
            """
        let doc = Self.convert(text)
        #expect(Self.quotes(doc).count == 1)
        #expect(Self.quotes(doc).first?.hasPrefix("Local leaders say that the balance between") == true)
        let body = Self.bodyText(doc)
        #expect(body.contains("while programs for young people receive a small share of the total. The mayors asked"))
        #expect(!body.contains("patroIs"))
    }

    /// Body paragraphs that repeat nothing, to give a page its full measure.
    static let fullLines = """
        The committee met in the spring and agreed on a common plan for the border
        towns, which had waited years for it. The plan covered roads, clinics and
        schools, and each town was asked to name one official to follow its progress.
        Reports were due every quarter, and most towns sent them on time in 2021.
        """

    @Test func quotePieceGluedToAWordThatLostItsHyphenIsLiftedOut() {
        // Extraction dropped the hyphen of "coun-termeasures" and read the quote's
        // line next: "counthe balance between". The quote takes "the balance
        // between"; the body keeps "coun", hyphen restored, and reads on.
        let text = """
            \(Self.fullLines)
            The survey teams visited every district twice during the year and wrote
            a short report on each visit. Officials praised the work Local leaders say that
            of the regional procurement office for medical counthe balance between
            termeasures, which had cut delivery times by half patrols and prevention
            since the last review. Mayors asked the ministry for must change soon.
            a multiyear commitment and for an independent review of every program.
            Local leaders say that the balance between patrols and prevention must
            change soon. Officials have promised an answer by June of next year.
            """
        let doc = Self.convert(text)
        #expect(Self.quotes(doc) == [Self.quote])
        let body = Self.bodyText(doc)
        #expect(
            body.contains(
                "Officials praised the work of the regional procurement office for medical countermeasures, which"))
        #expect(body.contains("since the last review. Mayors asked the ministry for a multiyear commitment"))
    }

    @Test func quoteWhoseLineEndsASentenceBetweenBodyLinesIsLiftedWhole() {
        // "according to the ministry." falls between body lines and ends the body
        // sentence there for a first reading: the quote's tail is found alone, then
        // its opening, and the two are one quote.
        let text = """
            \(Self.fullLines)
            The survey teams visited every district twice during the year. Yet the record of
            Between 2010 and 2020,
            regional procurement of medical supplies has been uneven, and the
            school enrolment in
            reasons are instructive. Between 2010
            Oaxaca rose from
            and 2020, school enrolment in
            12,400 to 31,900,
            according to the ministry.
            Oaxaca rose from 12,400 to 31,900, according to the ministry. Mayors asked the
            ministry for a multiyear commitment and for an independent review of each program.
            """
        let doc = Self.convert(text)
        #expect(
            Self.quotes(doc) == [
                "Between 2010 and 2020, school enrolment in Oaxaca rose from 12,400 to 31,900, according to the ministry."
            ])
        #expect(
            Self.bodyText(doc).contains(
                "Yet the record of regional procurement of medical supplies has been uneven, and the reasons are instructive. Between 2010"
            ))
    }

    @Test func sidebarWhoseFirstLineHoldsFourWordsIsLiftedWhole() {
        let text = """
            The survey teams visited every district twice during the year and wrote
            a short report on each visit, which the council read in the spring.

            Yet the record of
            municipal water
            boards has been
            uneven, and the
            reasons are
            instructive.

            Officials praised the work of the regional office. Yet the record of
            municipal water boards has been uneven, and the reasons are instructive.
            Mayors asked the ministry for a multiyear commitment and for reviews.
            """
        let doc = Self.convert(text)
        #expect(
            Self.quotes(doc) == [
                "Yet the record of municipal water boards has been uneven, and the reasons are instructive."
            ])
        #expect(!Self.bodyText(doc).contains("Yet the record of Officials"))
    }

    @Test func bylineAboveASidebarStaysTheChaptersByline() {
        // The byline's words run on into the body copy on this page once the
        // sidebar's short lines are set aside; a blank line keeps it apart.
        let text = """
            CHAPTER 1

            Beyond the Border:
            Prosecution Capacity and Trade in the Region
            By Ana Lopez and Tom Reed

            Trust is
            built one
            shared shift
            at a time.

            Trust is built one shared shift at a time, and the officers who patrol the river know it better than anyone.
            The committee met in the spring and agreed on a common plan for the border towns, which had waited years
            for it. The plan covered roads, clinics and schools, and each town was asked to name one official to follow
            its progress. Reports were due every quarter, and most towns sent them on time in 2021.
            """
        let doc = Self.convert(text)
        #expect(doc.chapters.count == 1)
        #expect(doc.chapters.first?.authors == ["Ana Lopez", "Tom Reed"])
        #expect(doc.chapters.first?.title?.hasSuffix("Prosecution Capacity and Trade in the Region") == true)
        #expect(Self.quotes(doc) == ["Trust is built one shared shift at a time."])
    }

    @Test func letterheadOnEveryPageIsFurnitureNotASidebar() {
        // Four short lines on top of every page repeat the pages nearby, as a
        // sidebar repeats the body; they are a letterhead, removed whole.
        let letterhead = "Dr. Ann Example, Example Lab\nHarbour Road 14\nD 20095 Hamburg\nexample.org · ann@example.org"
        let pages = (1...5).map { n in
            (1...10).map { i in
                """
                In district \(n * 100 + i) the survey counted \(i * 3 + n) new households and
                \(i + 7 * n) schools, and the council of district \(n * 100 + i) asked for a
                review of its budget by the end of year \(2000 + i).
                """
            }.joined(separator: "\n")
        }
        // Each page ends in lines of its own, so that only the letterhead recurs.
        let places = ["north", "south", "east", "west", "harbour", "river", "hill", "valley", "market", "old"]
        let places2 = ["new", "upper", "lower", "inner", "outer"]
        let endings = (0..<5).map { n in
            """
            The \(places[2 * n]) clinic opened in the autumn after a long delay.
            Roads to the \(places[2 * n + 1]) villages were repaired first, as planned.
            Teachers reached the \(places2[n]) school before the winter.
            """
        }
        let doc = Self.convert(
            zip(pages, endings).map { letterhead + "\n\n" + $0 + "\n" + $1 + "\n" }.joined(separator: "\u{0C}"))
        #expect(!Self.bodyText(doc).contains("example.org"))
        #expect(!Self.bodyText(doc).contains("Hamburg"))
        for page in doc.pages {
            #expect(page.furniture.map(\.text) == letterhead.components(separatedBy: "\n"))
        }
    }

    @Test func sidebarWordsGluedToTheStartsOfBoxLinesAreLiftedOut() {
        // A sidebar to the left of a box: some of its words run into the box's lines.
        let opener = """
            Trust
            Key Recommendations
            is built
            • Share patrol schedules with the other side every single week of the year.
            one shared
            shift • Hold joint training sessions for new officers twice a year at least.
            at a
            • Publish the results of the joint patrols in a short annual report.
            time.
            """
        let body =
            "Officers on both sides agree on one point. Trust is built one shared shift at a time. \(Self.filler)"
        let doc = Self.convert(opener + "\u{0C}" + body)
        let items = doc.allBlocks.map(\.block).filter { $0.kind == .listItem }.map(\.text)
        #expect(items.count == 3)
        #expect(items.contains("Hold joint training sessions for new officers twice a year at least."))
        #expect(Self.quotes(doc) == ["Trust is built one shared shift at a time."])
    }

    @Test func repeatedSentenceInRunningTextIsNotAQuote() {
        // Templated prose repeats a sentence verbatim; neither copy is interleaved with anything.
        let text = """
            The first program trained officers in three districts over two years. The record so far
            is mixed. Some districts reported fewer assaults, while others saw no change at all.

            The second program paid for street lighting and youth centres in the same districts.
            The record so far is mixed. Surveys show more trust in the police where centres opened.
            """
        let doc = Self.convert(text)
        #expect(Self.quotes(doc).isEmpty)
        #expect(Self.bodyText(doc).components(separatedBy: "The record so far is mixed.").count == 3)
    }

    @Test func ocrDebrisLinesAreDropped() {
        let text = """
            The committee met in the spring and agreed on a common plan for the border towns.
            ~
            . ,
            ®
            It will report on the plan to the ministers of both countries next year.
            """
        let body = Self.bodyText(Self.convert(text))
        #expect(
            body
                == "The committee met in the spring and agreed on a common plan for the border towns. "
                + "It will report on the plan to the ministers of both countries next year.")
    }

    @Test func compoundThatLostItsHyphenTakesTheDocumentsSpelling() {
        let text = """
            The ministry cut fossil-fuel subsidies in 2019 and again in 2021, as the plan required.
            Spending on fossilfuel subsidies still exceeds spending on rural clinics in two provinces.
            """
        let body = Self.bodyText(Self.convert(text))
        #expect(body.contains("Spending on fossil-fuel subsidies"))
        #expect(!body.contains("fossilfuel"))
    }

    /// A table extracted column by column: one cell per line, figures and short labels.
    @Test func tableWrittenOneCellPerLineIsATableNotProse() {
        let days = (1...10).map(String.init)
        let counts = ["82", "87", "83", "78", "69", "69", "77", "85", "86", "78"]
        let column = (["Day"] + days + ["Total", "Avg"]).joined(separator: "\n")
        let values = (["2015"] + counts + ["794", "79.4"]).joined(separator: "\n")
        let text = """
            Deaths by day of the month in 2015, as the registry counted them by the end of May.

            \(column)

            \(values)

            \(Self.filler) In 2015 and 2016 the counts rose by 3 and 4 per cent.
            """
        let doc = Self.convert(text)
        let body = Self.bodyText(doc)
        #expect(!body.contains("794"))
        #expect(!body.contains("Avg"))
        #expect(body.contains("In 2015 and 2016 the counts rose by 3 and 4 per cent."))
        let tables = doc.allBlocks.map(\.block).filter { $0.kind == .table }
        #expect(tables.count == 1)
        #expect(tables.first?.cells.first?.contains("Total") == true)
        #expect(tables.first?.cells.last?.contains("79.4") == true)
    }

    /// A figure title the extraction joins to the next paragraph, without a blank line.
    /// A quote box written between two paragraphs as narrow lines, the body
    /// going on right after it without a blank line: the quote is a block of its
    /// own, kept once as a pull-quote, and the paragraph after it starts clean.
    @Test func narrowQuoteBoxBeforeTheBodyIsItsOwnBlock() {
        let text = """
            Budgets for security have grown every year since 2015, yet the results remain
            uneven across the region. Local leaders say that the balance between patrols
            and prevention must change soon. Most of the new money still goes to patrols.

            Local leaders say that the balance
            between patrols and prevention must
            change soon.
            The mayors asked the ministry for a multiyear commitment and for independent
            reviews of every program that receives public money from the national budget.
            Officials have promised an answer by June, after the regional elections end.
            """
        let doc = Self.convert(text)
        #expect(Self.quotes(doc) == [Self.quote])
        let paragraphs = Self.body(doc).map(\.text)
        #expect(paragraphs.contains { $0.hasPrefix("The mayors asked the ministry") }, "\(paragraphs)")
        #expect(Self.bodyText(doc).components(separatedBy: "Local leaders say").count == 2)
    }

    @Test func captionEndsWhereTheBodyResumesAtFullWidth() {
        let text = """
            \(Self.filler)

            Figure 1.
            Source repository layout
            Developers edit personal copies of a file at the same time, and each copy is
            brought up to date with the head revision before it can be committed for good,
            so that nobody has to wait for another developer to release a lock on the file.
            """
        let doc = Self.convert(text)
        let captions = doc.allBlocks.map(\.block).filter { $0.kind == .caption }.map(\.text)
        #expect(captions == ["Figure 1. Source repository layout"])
        #expect(Self.bodyText(doc).contains("Developers edit personal copies of a file"))
    }

    @Test func sentenceOpeningWithNamesGoesOnAfterAYearAtTheLineStart() {
        // "Interviews conducted in Mérida and Cusco in March" reads as title case;
        // the figures that open the next line continue its sentence.
        let text = """
            \(Self.filler)

            Interviews conducted in Mérida and Cusco in March
            2022 point to the same conclusion: rural clinics were the
            first to close and the last to reopen after the floods.

            Results for the Region
            2021 was the first year in which every clinic reported on time.
            """
        let doc = Self.convert(text)
        let blocks = doc.allBlocks.map(\.block)
        #expect(blocks.filter { $0.kind == .heading }.map(\.text) == ["Results for the Region"])
        #expect(
            Self.bodyText(doc).contains(
                "Interviews conducted in Mérida and Cusco in March 2022 point to the same conclusion"))
    }

    @Test func pageNumberBetweenTheHalvesOfAWordIsFurniture() {
        // pdftotext read a two-column page's folio between its columns.
        // Pages 3 and 4 of a report; the squared term of an equation set as text stays.
        let places = ["northern", "southern"]
        let pages = (3...4).map { n in
            """
            \(Self.filler)

            In practice, health ministries on page \(n) have struggled to share ge-

            \(n)

            nomic surveillance data across borders, in part because the rules differ.

            The area grows as r

            2

            times the constant, as the survey found.
            The \(places[n - 3]) towns asked for the rest of the money before the winter.
            Officials of the \(places[n - 3]) region promised an answer within a month.
            Mayors of the \(places[n - 3]) valleys welcomed the promise of the officials.
            """
        }
        let doc = Self.convert(pages.joined(separator: "\u{0C}"))
        #expect(
            Self.bodyText(doc).contains("on page 4 have struggled to share genomic surveillance data across borders"))
        #expect(doc.pages.map { $0.furniture.map(\.text) } == [["3"], ["4"]])
        #expect(doc.pages.flatMap { $0.furniture.map(\.role) } == ["page_number", "page_number"])
        #expect(Self.bodyText(doc).contains("grows as r 2 times"))
    }

    @Test func runningLineReadIntoTheTextOnEveryPageIsFurniture() {
        // The header of a two-column page, read between the columns, cuts a
        // sentence on each page; once would be content, on three pages it is furniture.
        // Each page ends in lines of its own, so that only the header recurs.
        let places = ["northern", "southern", "eastern"]
        let pages = (0..<3).map { n in
            """
            \(Self.filler)
            Financing remains the binding constraint in district \(n + 1), with

            Policy Brief No. 14 | May 2024

            credit guarantees committed since 2016 but only \(40 + n) percent disbursed.
            The \(places[n]) towns asked for the rest of the money before the winter.
            Officials of the \(places[n]) region promised an answer within a month.
            Mayors of the \(places[n]) valleys welcomed the promise of the officials.
            """
        }
        let doc = Self.convert(pages.joined(separator: "\u{0C}"))
        #expect(!Self.bodyText(doc).contains("Policy Brief"))
        #expect(Self.bodyText(doc).contains("in district 2, with credit guarantees committed"))
        #expect(
            doc.pages.map { $0.furniture.map(\.text) } == Array(repeating: ["Policy Brief No. 14 | May 2024"], count: 3)
        )
    }

    @Test func equationPartsThatRecurAreNoRunningLines() {
        #expect(StrayFolios.isWordy("Policy Brief No. 14 | May 2024"))
        #expect(StrayFolios.isWordy("GeoBase®"))
        #expect(!StrayFolios.isWordy("min{"))
        #expect(!StrayFolios.isWordy("0 if s = t = ε"))
    }

    @Test func sentenceOpeningWithNamesGoesOnAfterAMinorWordAtTheLineEnd() {
        let text = """
            \(Self.filler)

            Interviews conducted in Montréal and São Paulo in
            April 2023 point to the same conclusion: most new investment is concentrated in the north.
            """
        let doc = Self.convert(text)
        #expect(doc.allBlocks.map(\.block).filter { $0.kind == .heading }.isEmpty)
        #expect(Self.bodyText(doc).contains("São Paulo in April 2023 point to the same conclusion"))
    }

    /// A paper without chapter openers: its title is the first unit of page 1,
    /// with the line it was broken onto, and it titles the one chapter.
    @Test func paperTitleOpensThePlainText() {
        let text = """
            Shared Patrols and Common Plans: Lessons of
            Border Towns
            Ana López, Northern University; Tom Reed, Southern Institute

            Abstract
            \(Self.filler)

            The towns kept their own records of the work, and the records agree on the dates of every patrol.
            """
        let doc = Self.convert(text)
        let title = "Shared Patrols and Common Plans: Lessons of Border Towns"
        #expect(doc.title == title)
        #expect(doc.chapters.map(\.title) == [title])
        #expect(!Self.bodyText(doc).contains("Lessons of"))
    }

    /// A paper's note as pdftotext writes it: its number on a line of its own,
    /// its text after it, between the lines of the paragraph it interrupts.
    @Test func noteNumberOnItsOwnLineBeforeItsTextIsANote() {
        let text = """
            Kernel development on UNIX1 is an excellent example of the problems that an adequate
            revision control system must address, since pieces of the kernel must be edited by
            1

            UNIX is a registered trademark of a telephone company.

            many developers within an organization at the same time.
            """
        let doc = Self.convert(text)
        let notes = doc.allBlocks.map(\.block).filter { $0.kind == .footnote }
        #expect(notes.map(\.label) == ["1"])
        #expect(notes.first?.text == "UNIX is a registered trademark of a telephone company.")
        let body = Self.bodyText(doc)
        #expect(!body.contains("trademark"))
        #expect(body.contains("must be edited by many developers within an organization"))
    }

    /// A column's notes as pdftotext reads a two-column page: right after the
    /// column's last line, no blank line between, citing a source (volume,
    /// issue, year and pages are figures, not words against prose).
    @Test func notesReadAfterAColumnsLastLineAreNotes() {
        let text = """
            Financing remains the binding constraint, with large credit lines committed since 2016 but
            only a part disbursed.1 Officials in the capital have signaled that they intend to expand the fund.
            Between 2011 and 2019, spending in the provinces rose by a third, according to the alliance.
            1 Inês Núñez, “Data, Trust, and Surveillance,” Journal of Hemispheric
            Policy 27, no. 2 (2015): 114–202.

            Notably, out-of-pocket spending remains above 30 percent of total health expenditure.
            """
        let doc = Self.convert(text)
        let notes = doc.allBlocks.map(\.block).filter { $0.kind == .footnote }
        #expect(notes.map(\.label) == ["1"])
        #expect(notes.first?.text.hasPrefix("Inês Núñez, “Data, Trust") == true)
        let body = Self.bodyText(doc)
        #expect(!body.contains("Núñez"))
        #expect(body.contains("according to the alliance."))
    }

    /// A marker set apart from its word inside a line (`funding. 1 Three`, as
    /// some producers space raised numbers) opens no note: the sentence after it is body text.
    @Test func aSpacedMarkerInsideALineOpensNoNote() {
        let text = """
            Interviews point to the same conclusion: the most affected towns receive the least funding.1 Three factors help explain this pattern: the flexibility of trafficking networks, weak supervision, and underfunded courts.
            Notably, conviction rates remain low. The next step is funding. 1 Three factors help explain this pattern again.
            1 Camila Álvarez, “A Decade of Shared Commitments,” Journal of Hemispheric Policy 29, no. 2 (2016): 192–246.

            The committee met again in the spring and agreed on a plan for the courts.
            """
        let doc = Self.convert(text)
        let notes = doc.allBlocks.map(\.block).filter { $0.kind == .footnote }
        #expect(notes.map(\.label) == ["1"])
        #expect(notes.first?.text.hasPrefix("Camila Álvarez") == true)
        let body = Self.bodyText(doc)
        #expect(body.contains("help explain this pattern again."))
        #expect(!body.contains("Álvarez"))
    }

    /// A column cut mid-sentence runs straight into its notes: two notes in a
    /// row open lines after it. A marker glued to a year that ends a sentence
    /// (`in 2014.1`) counts as much as one glued to a word.
    @Test func notesAfterAColumnCutMidSentenceAreNotes() {
        let text = """
            The target set by the board was met in 2014.1 Financing remains the binding constraint, with
            large credit lines committed since 2018 but only half disbursed.2 By 2021, customs agencies had
            1 Ibid., 86.
            2 Author interview with an industrial park manager, Guayaquil, February 2021.

            The next chapter turns to the ports and the roads that serve them.
            """
        let doc = Self.convert(text)
        let notes = doc.allBlocks.map(\.block).filter { $0.kind == .footnote }
        #expect(notes.map(\.label) == ["1", "2"])
        #expect(
            notes.map(\.text) == [
                "Ibid., 86.", "Author interview with an industrial park manager, Guayaquil, February 2021.",
            ])
        let body = Self.bodyText(doc)
        #expect(body.contains("customs agencies had"))
        #expect(!body.contains("Ibid."))
        #expect(NoteFinder.markerAfterYear("2014.19") == 19)
        #expect(NoteFinder.markerAfterYear("1998,”4") == 4)
        #expect(NoteFinder.markerAfterYear("2.0.2") == nil)
        #expect(NoteFinder.markerAfterYear("2014.195") == nil)
    }

    /// pdftotext drops the hyphen of a word broken at a column's end and glues
    /// its first half to the column's notes: `for ex-` / `1 Author interview …`
    /// reads `for ex1 Author interview …`. The note starts after the half, and
    /// the half keeps its hyphen in the body.
    @Test func noteGluedToHalfAWordIsANote() {
        let text = """
            Health Systems in the Americas

            Coverage for the third dose fell below 80 percent in six countries, as the ministries reported.1 In Bogotá, for ex1 Author interview with a hospital director, Guayaquil, October 2022.

            The next chapter turns to the ports and the roads that serve them.
            """
        let doc = Self.convert(text)
        let notes = doc.allBlocks.map(\.block).filter { $0.kind == .footnote }
        #expect(notes.map(\.label) == ["1"])
        #expect(notes.first?.text == "Author interview with a hospital director, Guayaquil, October 2022.")
        let body = Self.bodyText(doc)
        #expect(body.contains("In Bogotá, for ex-"))
        #expect(!body.contains("Guayaquil"))
        #expect(NoteFinder.gluedHalf("ex8")! == ("ex", 8))
        #expect(NoteFinder.gluedHalf("UNIX1") == nil)
        #expect(NoteFinder.gluedHalf("x8") == nil)
    }

    /// A report's title is the first page's line that its running header
    /// repeats, though a publisher's name or a series line stands above it
    /// and the title is broken over two lines.
    @Test func titleRepeatedInTheRunningHeaderIsTheDocumentsTitle() {
        let opening = """
            Policy Brief · No. 14 · May 2024

            Nearshoring and the Future of North
            American Supply Chains
            How Mexico, the United States, and Canada can turn announcements into lasting capacity

            \(Self.filler)
            """
        let pages = (2...4).map { n in
            "Nearshoring and the Future of North American Supply Chains\n\n\(Self.filler) Page \(n) adds a sentence.\n\n\(n)\n"
        }
        let doc = Self.convert(([opening] + pages).joined(separator: "\u{0C}"))
        let title = "Nearshoring and the Future of North American Supply Chains"
        #expect(doc.title == title)
        #expect(doc.chapters.map(\.title) == [title])
        #expect(!Self.bodyText(doc).contains("American Supply Chains"))
    }

    /// When the column goes on after its notes, the line that resumes the
    /// broken word in lower case ends the notes and mends the word.
    @Test func wordBrokenAroundGluedNotesIsWholeAgain() {
        let text = """
            Health Systems in the Americas

            Coverage for the third dose fell below 80 percent in six countries, as the ministries reported.1
            In Bogotá, for ex1 Author interview with a hospital director, Guayaquil, October 2022.
            ample, municipal spending on digital health records rose by a third between 2013 and 2022.
            """
        let doc = Self.convert(text)
        let notes = doc.allBlocks.map(\.block).filter { $0.kind == .footnote }
        #expect(notes.map(\.text) == ["Author interview with a hospital director, Guayaquil, October 2022."])
        #expect(Self.bodyText(doc).contains("In Bogotá, for example, municipal spending on digital health records"))
    }

    /// A pull-quote set between two paragraphs, read with no blank line after
    /// it: its lines open the body text that follows, and it is kept once, as a pull-quote.
    @Test func pullQuoteOpeningTheNextParagraphIsAPullQuote() {
        let text = """
            Health Systems in the Americas

            The joint review committed member governments to digitize all customs declarations, but implementation
            has lagged well behind expectations. Officials in Mexico City have
            signaled that new incentives for semiconductor packaging are under discussion. This is not simply a
            technical problem; it is a question of regulatory predictability and competitiveness.

            Officials in Mexico City have signaled that new
            incentives for semiconductor packaging are under
            discussion.
            The HTFB estimates that 55 percent of workers in special economic zones lack certification to join
            global supply chains, and the stakes could hardly be higher.
            """
        let doc = Self.convert(text)
        let quotes = doc.allBlocks.map(\.block).filter { $0.kind == .pullQuote }
        #expect(
            quotes.map(\.text) == [
                "Officials in Mexico City have signaled that new incentives for semiconductor packaging are under discussion."
            ])
        let body = Self.body(doc).filter { $0.kind == .paragraph }.map(\.text)
        #expect(body.last?.hasPrefix("The HTFB estimates") == true)
        #expect(body.joined(separator: " ").components(separatedBy: "Officials in Mexico City").count == 2)
    }

    /// A title-case line inside a sentence (a narrow quote's `Paulo and
    /// Concepción in`) did not stand on its own, so it is no heading the next
    /// line breaks away from: the sentence stays one.
    @Test func titleCaseLineInsideASentenceGoesOn() {
        let text = """
            Health Systems in the Americas

            \(Self.filler)

            Interviews conducted in São
            Paulo and Concepción in
            December 2022 point to the
            same conclusion: the majority
            of trafficked firearms were
            originally purchased legally.

            \(Self.filler)
            """
        let doc = Self.convert(text)
        #expect(
            Self.body(doc).contains {
                $0.text.contains("in São Paulo and Concepción in December 2022 point to the same conclusion")
            })
        #expect(!doc.allBlocks.map(\.block).contains { $0.kind == .heading && $0.text.contains("Concepción") })
    }

    /// A one-page text ending with a numbered note keeps it: a long line that
    /// starts with a number is no running line with the page's number.
    @Test func longNumberedLastLineOfOnePageIsNoFolio() {
        let text = """
            The program began in 2019.1 It was extended after two years of trials in the three districts.

            1 Camila Álvarez, “A Decade of Shared Commitments,” Journal of Hemispheric Policy 29, no. 2 (2016): 192–246.
            """
        let doc = Self.convert(text)
        #expect(doc.pages.allSatisfy { $0.furniture.isEmpty })
        #expect(doc.allBlocks.map(\.block).contains { $0.text.contains("Camila Álvarez") })
    }
}
