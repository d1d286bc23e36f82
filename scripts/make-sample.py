#!/usr/bin/env python3
"""make-sample.py - build Folio's sample report and the small PDF test fixtures.

Run from the repository root:

    python3 scripts/make-sample.py

Needs Python 3, reportlab (`pip install reportlab` or `apt-get install python3-reportlab`),
pyphen (optional, `pip install pyphen`: enables hyphenation, which changes line breaks)
and Pillow (for the scanned fixture). pdftoppm/pdftotext (poppler-utils) are used for the
scanned fixture and for the final cross-check.

What it writes (all deterministic: reportlab runs with invariant=1, so two runs give
byte-identical files on the same machine and library versions):

  input/sample-report.pdf                          12-page edited collection (text layer)
  Tests/FolioTests/Fixtures/sample-report.truth.json   its ground truth (folio/document@1)
  Tests/FolioTests/Fixtures/two-page.pdf + .txt    simple 2-page text fixture
  Tests/FolioTests/Fixtures/encrypted.pdf          1 page, user password "secret"
  Tests/FolioTests/Fixtures/damaged.pdf            first 40% of two-page.pdf's bytes
  Tests/FolioTests/Fixtures/not-a-pdf.pdf          plain text with a .pdf name
  Tests/FolioTests/Fixtures/scanned.pdf + .txt     1 image-only page (no text layer)
  Tests/FolioTests/Fixtures/scan-names.pdf + .txt  the same, with accented names
  Tests/FolioTests/Fixtures/scan-given-names.pdf + .txt  the same, with given names
  Tests/FolioTests/Fixtures/scan-figure.pdf + .txt a scanned page with a chart
  Tests/FolioTests/Fixtures/two-column.pdf + .truth.json
                                                   2 pages, two columns, spanning pull-quote

All prose below is invented for this project; people and institutions are fictitious.

How the truth is built: every block is first generated as data (the text below). Each
block's paragraph gets a named anchor (<a name="..."/>) at its first character; a Canvas
subclass records the physical page on which reportlab draws each anchor. That page is the
only value taken from the layout. Page footnotes need two passes: pass 1 learns on which
page each footnote marker lands, pass 2 prints the notes at the bottom of those pages
(in a footnote zone that is reserved on every body page, so the body layout cannot
change between passes) and fills in the contents page numbers.
"""
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

# invariant must be set before the other reportlab modules are imported: pdfencrypt and
# the canvas read it at import time (fixed dates, fixed document ID, fixed "random" keys).
from reportlab import rl_config
rl_config.invariant = 1

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.platypus import (ActionFlowable, BaseDocTemplate, BalancedColumns, CondPageBreak, Flowable,
                                Frame, ImageAndFlowables, KeepTogether, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table,
                                TableStyle)

try:
    import pyphen  # noqa: F401  (reportlab uses it when a style sets hyphenationLang)
    HYPHEN_LANG = "en_US"
except ImportError:
    HYPHEN_LANG = ""
    print("note: pyphen not installed, building without hyphenation", file=sys.stderr)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUT_DIR = os.path.join(ROOT, "input")
FIXTURES = os.path.join(ROOT, "Tests", "FolioTests", "Fixtures")

PAGE_W, PAGE_H = letter  # 612 x 792 pt
MARGIN = 72
FRAME_W = PAGE_W - 2 * MARGIN
BODY_TOP = PAGE_H - 80      # below the running header
BODY_BOTTOM = 132           # everything below is footnote zone + footer
FOOTNOTE_TOP = BODY_BOTTOM - 8
FOOTNOTE_BOTTOM = 58
FOOTER_Y = 38

REPORT_TITLE = "Bridges and Borders: Essays on Regional Cooperation"
INSTITUTE = "Larkspur Institute for Regional Policy"
YEAR = "2024"
EDITOR = "Helena Marsh-Olivares"

# ---------------------------------------------------------------------------
# Content (invented). Footnote markers are written {n} in the text; they become a
# glued superscript in the PDF and move to footnote_refs in the truth.
# Block kinds: ("h", text) level-2 heading; ("p", text) paragraph;
# ("pq-float", quote, [paragraph texts]) pull-quote floated right with those
# paragraphs wrapping beside it; ("pq-wide", quote) full-width pull-quote box;
# ("fig", caption, source) chart placeholder plus its two caption lines.
# ---------------------------------------------------------------------------

CHAPTERS = [
    {
        "title": "Rivers Without Passports",
        "subtitle": "Governing Shared Water Basins in a Warming Region",
        "authors": ["Ana María Quiroga", "Thomas Reedley"],
        "short": "Shared Waters",
        "notes": "page",      # page footnotes
        "opener": "opener",   # page template of the opener page
        "recs": [
            "Create a standing data-sharing protocol for river flows and reservoir levels, "
            "updated at least once a week.",
            "Tie infrastructure finance to joint environmental impact assessments agreed "
            "by all riparian states.",
            "Give municipal water utilities a formal seat in basin commissions alongside "
            "national ministries.",
        ],
        "body": [
            ("p", "Few resources test the habits of cooperation as severely as water. A river "
                  "does not stop at a customs post, and the decisions taken upstream shape the "
                  "harvests, the electricity and the drinking water of communities hundreds of "
                  "kilometers away. Across the region, at least fourteen major basins are shared "
                  "by two or more countries, and in most of them the institutions that are meant "
                  "to coordinate their use were designed for a wetter and more predictable "
                  "century. The result is a patchwork of treaties that work tolerably well in "
                  "ordinary years and poorly in the years that matter most."),
            ("p", "This chapter argues that the weakness of basin governance is less a matter of "
                  "missing law than of missing routine. Governments have signed agreements; what "
                  "they rarely do is exchange the daily information that would allow those "
                  "agreements to function. When the drought of 2020 reduced flows on the upper "
                  "Paraná to their lowest level in half a century, operators downstream learned "
                  "of reservoir releases from local radio rather than from their counterparts "
                  "across the border, as late as March 2020.{1} The episode was not unusual, only unusually "
                  "visible."),
            ("h", "Treaties Built for Another Climate"),
            ("p", "Most of the basin agreements still in force were negotiated between the 1960s "
                  "and the 1990s, when the principal concern was the division of hydropower "
                  "revenue. They allocate electricity and, sometimes, navigation rights with "
                  "great precision, but say little about minimum ecological flows, groundwater "
                  "or the sediment that dams trap behind their walls. The Tri-Basin Commission, "
                  "which we use throughout as a composite of several bodies, meets twice a year "
                  "and publishes a communiqué that is largely drafted in advance."),
            ("pq-float", "Cooperation that lives in a personal address book disappears the day "
                         "its owner leaves office.",
             ["Interviews with officials in Asunción, Corrientes and Foz do Iguaçu suggest that "
              "the problem is not hostility. Technical staff on both sides of each border tend "
              "to know and respect one another, and several described informal telephone "
              "networks that fill the gaps left by formal channels. Yet informal channels depend "
              "on individuals, and individuals retire, move or lose favor. Cooperation that "
              "lives in a personal address book disappears the day its owner leaves office. A "
              "durable arrangement needs procedures that survive changes of government, budget "
              "cycles and the ordinary turnover of staff.",
              "The financial incentives point in the same direction. Multilateral lenders have "
              "approved more than US$3.1 billion for water infrastructure in shared basins "
              "since 2015, but only a small share of that money has required any consultation "
              "with neighboring states. Projects are appraised country by country, and their "
              "benefits are counted on one side of the border while their costs are often "
              "borne on the other.{2} A reservoir that stabilizes supply for one city can, in a "
              "dry year, leave irrigators downstream with half of their usual allocation."]),
            ("h", "What Routine Cooperation Looks Like"),
            ("p", "The most successful arrangements we examined share three features. First, "
                  "they publish data on a fixed schedule, whether or not anything dramatic has "
                  "happened. Second, they give technical staff a mandate to act within agreed "
                  "limits without waiting for ministerial approval. Third, they bring in the "
                  "municipal utilities and irrigation districts that actually manage water, "
                  "rather than treating basin governance as an exclusively diplomatic matter. "
                  "None of these features is expensive, and all of them can be introduced "
                  "without renegotiating the underlying treaties."),
            ("p", "A small joint secretariat in the lower Uruguay basin illustrates the point. "
                  "Established in 2017 with a staff of six, it publishes a weekly bulletin of "
                  "flows, rainfall and reservoir levels from forty-two stations on both banks of "
                  "the river. During the dry season of 2022 the bulletin allowed utilities in two "
                  "countries to agree on staggered withdrawals several weeks before shortages "
                  "would otherwise have forced emergency rationing.{3} The secretariat’s annual "
                  "budget is smaller than the cost of a single day of lost hydropower "
                  "generation."),
            ("p", "Scaling up such models will require political sponsorship as well as "
                  "technical goodwill. Ministers need to be able to point to concrete gains, and "
                  "the most persuasive gains are local: a town that did not run dry, a harvest "
                  "that was not lost, a power cut that did not happen. Basin commissions should "
                  "therefore report their results in terms that ordinary voters recognize, and "
                  "governments should be prepared to defend the modest sovereignty costs of "
                  "automatic data sharing in public."),
            ("h", "Conclusion"),
            ("p", "Water will become scarcer in much of the region over the coming decades, and "
                  "the temptation to treat it as a national asset to be defended will grow. The "
                  "evidence gathered here suggests that the opposite instinct serves national "
                  "interests better. Countries that share information early and routinely lose "
                  "little autonomy and gain a great deal of predictability. The task for the "
                  "next decade is to turn the informal habits of a few dedicated officials into "
                  "the ordinary business of the institutions they serve."),
        ],
        "footnotes": {
            "1": "Interview with a reservoir operator, Encarnación, March 2023. Interviewees "
                 "are not named at their request.",
            "2": "Authors’ calculations from the project databases of three multilateral "
                 "lenders, 2015–2023.",
            "3": "Lower Uruguay Joint Secretariat, Annual Bulletin 2022 (Salto: LUJS, 2023), "
                 "14–17.",
        },
    },
    {
        "title": "The Long Road to Integration",
        "subtitle": "Trade Corridors and Customs Reform in the Southern Cone",
        "authors": ["Joaquín Ibarra-Céspedes"],
        "short": "Trade Corridors",
        "notes": "page",
        "opener": "opener-2col",  # the page after this opener is the two-column page
        "recs": [
            "Adopt a single electronic transit declaration that is valid at every border "
            "post along the main corridors.",
            "Publish monthly clearance-time statistics for each crossing, broken down by "
            "type of cargo.",
            "Fund joint inspection facilities so that trucks stop once, not twice, at each "
            "border.",
        ],
        "body": [
            ("p", "A truck carrying soybeans from the interior to a Pacific port in 2023 spent, "
                  "on average, longer waiting at borders than driving between them. That single "
                  "observation captures both the promise and the frustration of regional "
                  "integration. Tariffs between most neighboring economies have fallen close to "
                  "zero, yet the cost of moving goods across a frontier remains stubbornly high, "
                  "because the obstacles that matter today are procedures, not duties."),
            ("p", "This chapter examines the three busiest road corridors linking the Atlantic "
                  "and Pacific coasts of the continent. It draws on a survey of 311 freight "
                  "operators conducted by the Larkspur Institute between October 2022 and May "
                  "2023, on customs data published by five national agencies, and on site visits "
                  "to eleven border posts. The picture that emerges is of a system in which each "
                  "country has modernized its own procedures while the points at which those "
                  "procedures meet have been left largely untouched."),
            ("h", "Where the Time Goes"),
            ("p", "Operators reported that the median crossing took just under nine hours, but "
                  "the spread was wide: a quarter of crossings took less than three hours and a "
                  "tenth took more than a day. Physical inspection accounted for a surprisingly "
                  "small part of the delay. Most of the waiting occurred before inspection began, "
                  "as drivers queued to present documents that had, in many cases, already been "
                  "submitted electronically to the same agency.{1} Duplicate paperwork, rather "
                  "than scrutiny, is the main source of delay."),
            ("p", "The duplication has a simple origin. Customs agencies on either side of a "
                  "border typically operate separate information systems that cannot read each "
                  "other’s declarations. A driver who files an electronic manifest in one country "
                  "must often print it, carry it across the bridge and have its contents typed "
                  "into a second system by an official on the other side. At the busiest posts "
                  "this retyping alone can occupy a dozen officials for an entire shift."),
            ("p", "Reform efforts have tended to focus on the largest and most visible projects, "
                  "such as new bridges and widened access roads. These are valuable, but they do "
                  "little for the queue if the same documents must still be checked twice. In "
                  "several cases we observed new facilities built with separate buildings for "
                  "each country’s agencies, standing a few hundred meters apart, so that trucks "
                  "continue to stop twice even after millions have been spent on concrete."),
            ("h", "Lessons from Joint Inspection"),
            ("p", "Where agencies have agreed to share a single facility and a single "
                  "inspection, the results have been striking. At one crossing on the southern "
                  "corridor, a pilot that began in 2019 brought officials from both countries "
                  "under one roof and allowed a single physical check to satisfy both "
                  "administrations. Median clearance times fell from eleven hours to four within "
                  "eighteen months. The pilot required no new treaty, only a memorandum between "
                  "the two customs directors and a modest investment in shared software."),
            ("p", "The pilot’s success depended on trust as much as technology. Officials on "
                  "each side had to accept that an inspection carried out by their counterparts "
                  "would be thorough enough for their own purposes. That acceptance did not come "
                  "immediately. For the first six months both teams continued to re-inspect a "
                  "sample of each other’s cargo, and only when the discrepancy rate fell below "
                  "one percent did they agree to rely on a single check.{2}"),
            ("p", "It is tempting to treat such pilots as easily replicable. They are not. Each "
                  "border post has its own history, its own local interests and its own informal "
                  "arrangements, some of which benefit the people who would have to implement "
                  "reform. Agents who earn fees for expediting documents, for instance, have "
                  "little reason to welcome a system that makes expediting unnecessary."),
            ("h", "Who Pays for Delay"),
            ("p", "Delay is usually described as a cost to exporters, but the burden is "
                  "shared more widely than that. Perishable goods lose value with every hour "
                  "in a queue, and producers of fruit, fish and flowers in the interior "
                  "absorb those losses through lower prices at the farm gate. Drivers, who "
                  "are often paid by the trip rather than by the hour, lose income while "
                  "they wait. Towns along the approach roads bear the congestion, the noise "
                  "and the pollution of trucks idling for a night or more."),
            ("p", "Governments pay as well, although the bill is seldom itemized. Customs "
                  "agencies staff border posts around the clock to process documents that "
                  "could have been checked in advance, and public hospitals in border towns "
                  "treat the respiratory illnesses that follow from chronic traffic "
                  "congestion. When these costs are added together, the case for investing "
                  "in shared procedures becomes much stronger than the narrow calculation of "
                  "customs revenue would suggest."),
            ("p", "Exporters themselves respond to delay in ways that make the problem harder "
                  "to see. Some hold larger inventories at the port to protect themselves "
                  "against an unpredictable border, tying up working capital that could have "
                  "been invested elsewhere. Others route shipments through longer maritime "
                  "connections that avoid land borders altogether. In both cases the cost "
                  "of the border no longer shows up in clearance statistics, because the "
                  "trade that would have crossed it never arrives at the gate."),
            ("p", "The survey data also reveal how unevenly the costs of delay are distributed. "
                  "Small operators, who cannot afford to keep trucks idle, are hit hardest. "
                  "Among firms with fewer than ten vehicles, one in three reported turning down "
                  "cross-border contracts in the previous year because the expected waiting time "
                  "made them unprofitable. Border delays act as a tax that falls most heavily on "
                  "the smallest firms."),
            ("pq-wide", "Border delays act as a tax that falls most heavily on the smallest "
                        "firms."),
            ("p", "Clearance times have not moved evenly across the three corridors. Figure 1 "
                  "shows the median for each corridor since 2015: the southern corridor, where "
                  "the joint inspection pilot operates, improved sharply after 2019, while the "
                  "other two have barely changed."),
            ("fig", "Figure 1. Median clearance time for freight trucks on the three main "
                    "corridors, in hours, 2015–2023",
                    "Source: Larkspur Institute freight operator survey (2023) and national "
                    "customs agencies."),
            ("h", "Conclusion"),
            ("p", "Trade integration in the region no longer waits on tariff negotiations. It "
                  "waits on the far less glamorous work of making information systems talk to "
                  "one another and persuading officials to trust their counterparts’ "
                  "inspections. Governments that want faster borders should spend less on new "
                  "buildings and more on the software, training and joint procedures that let a "
                  "truck stop once. The gains would be felt first by the small firms that can "
                  "least afford to wait."),
        ],
        "footnotes": {
            "1": "Larkspur Institute freight operator survey, question 14; 311 respondents.",
            "2": "Internal evaluation shared with the author by the customs directorate, "
                 "August 2022.",
        },
    },
    {
        "title": "Beyond the Checkpoint",
        "subtitle": "Security Cooperation in Twin Border Cities",
        "authors": ["Mariela Sotomayor", "Kofi Adjei-Brandt", "Lena Hartvig"],
        "short": "Border Security",
        "notes": "end",       # endnotes under a "Notes" heading
        "opener": "opener",
        "recs": [
            "Establish joint municipal security councils in each pair of twin cities, meeting "
            "at least monthly.",
            "Share anonymized crime and emergency-call data across the border through a "
            "common platform.",
            "Measure success by reductions in violence and extortion, not by the number of "
            "arrests.",
        ],
        "body": [
            ("p", "Twin cities that face each other across a river or a fence live with a "
                  "peculiar form of interdependence. Workers, students and shoppers cross daily; "
                  "so do stolen vehicles, smuggled goods and the people who profit from them. Yet "
                  "the police forces of the two cities usually answer to different national "
                  "ministries, use incompatible radio systems and, in some cases, are forbidden "
                  "by law from speaking directly to one another."),
            ("p", "This chapter looks at six pairs of twin cities along three international "
                  "borders. It asks why local security cooperation has flourished in some and "
                  "withered in others, and what national governments can do to help. Our "
                  "evidence comes from 58 interviews with police officers, mayors, prosecutors "
                  "and community leaders carried out in 2023, and from municipal crime "
                  "statistics compiled for the period 2016–2023.{1}"),
            ("h", "The Limits of National Agreements"),
            ("p", "Every country in our sample has signed bilateral security agreements with its "
                  "neighbors, and several of those agreements explicitly mention border cities. "
                  "In practice, however, they are implemented through national channels that "
                  "move slowly. A request for information about a stolen vehicle typically "
                  "travels from a municipal station to the national police headquarters, then to "
                  "the foreign ministry, across to its counterpart and back down the chain. One "
                  "officer estimated that such a request took forty days to answer, by which "
                  "time the vehicle had usually been dismantled.{2}"),
            ("pq-float", "Regular meetings build the personal trust that formal agreements "
                         "cannot supply on their own.",
             ["The cities that have done better have found ways to shorten the chain. In two of "
              "our six pairs, mayors created joint security councils that bring together police "
              "commanders, prosecutors and civil society representatives from both sides. The "
              "councils have no formal authority, but they meet every month and they keep "
              "minutes. Regular meetings build the personal trust that formal agreements cannot "
              "supply on their own. In both cases, reported vehicle thefts fell by more than a "
              "third within three years of the councils’ creation."]),
            ("p", "The councils’ members were candid about the limits of what they had achieved. "
                  "They could not compel national agencies to act, and the most serious forms of "
                  "organized crime, which operate across entire regions rather than single "
                  "cities, remained beyond their reach. But they had made the ordinary work of "
                  "policing easier. A patrol officer who knows her counterpart by name can ask "
                  "for help with a single telephone call."),
            ("h", "Data Without Borders"),
            ("p", "The second lesson concerns information. In the cities where cooperation "
                  "worked, both sides had agreed to share anonymized data on crimes and "
                  "emergency calls, usually through a simple shared spreadsheet rather than an "
                  "elaborate platform. The data allowed commanders to see patterns that were "
                  "invisible from one side alone, such as robberies that moved across the border "
                  "whenever patrols intensified on one bank.{3} Elaborate regional databases "
                  "announced in national agreements, by contrast, had in most cases never become "
                  "operational."),
            ("p", "Data sharing raises legitimate concerns about privacy and about the misuse of "
                  "information by security forces with poor human rights records. Those concerns "
                  "argue for careful safeguards, not for abandoning the practice. The councils we "
                  "studied limited shared data to aggregate counts by neighborhood and week, "
                  "which was enough to guide patrols without exposing any individual to risk."),
            ("h", "Conclusion"),
            ("p", "Security cooperation in border regions is usually discussed as a matter for "
                  "presidents and ministers. The experience of twin cities suggests that much of "
                  "the useful work happens at a far more local level, among people who share "
                  "streets, markets and problems. National governments can help most by giving "
                  "municipal authorities the legal room to talk to their neighbors, and by "
                  "judging success by the safety of residents rather than the number of "
                  "arrests."),
        ],
        "footnotes": {
            "1": "Municipal statistics were obtained from local police records and, where "
                 "available, from national crime observatories.",
            "2": "Interview with a municipal police commander, name withheld, June 2023.",
            "3": "Data provided by the joint council of one city pair on condition that the "
                 "cities not be identified.",
        },
    },
]

CONTRIBUTORS = [
    ("Helena Marsh-Olivares", "is director of research at the Larkspur Institute for Regional "
     "Policy and editor of this collection. She previously led the institute’s program on "
     "cross-border infrastructure."),
    ("Ana María Quiroga", "is a senior fellow at the Larkspur Institute, where she works on "
     "water governance and climate adaptation in river basins shared by several countries."),
    ("Thomas Reedley", "is a hydrologist and visiting scholar at the Larkspur Institute. His "
     "research covers reservoir operations and the design of early-warning systems."),
    ("Joaquín Ibarra-Céspedes", "is a trade economist who has advised customs agencies on "
     "transit procedures and border modernization for more than fifteen years."),
    ("Mariela Sotomayor", "is a researcher on urban security and policing, with a focus on "
     "municipal institutions in border regions."),
    ("Kofi Adjei-Brandt", "is a former police official and now a fellow in the Larkspur "
     "Institute’s security program."),
    ("Lena Hartvig", "is a data scientist who builds open tools for sharing public safety "
     "statistics between local governments."),
]

# ---------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------

BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14.2,
                      alignment=TA_JUSTIFY, spaceAfter=7, hyphenationLang=HYPHEN_LANG,
                      embeddedHyphenation=1, uriWasteReduce=0.3)
H2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=12.5, leading=15,
                    spaceBefore=8, spaceAfter=6, keepWithNext=1)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=25, leading=30,
                       spaceAfter=8)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica", fontSize=15, leading=19,
                          textColor=colors.Color(0.3, 0.3, 0.3), spaceAfter=14)
BYLINE = ParagraphStyle("byline", fontName="Times-Italic", fontSize=12.5, leading=16,
                        spaceAfter=18)
BOX_HEAD = ParagraphStyle("boxhead", fontName="Helvetica-Bold", fontSize=11, leading=14,
                          spaceAfter=4)
BOX_ITEM = ParagraphStyle("boxitem", fontName="Times-Roman", fontSize=10.5, leading=13.5,
                          leftIndent=14, bulletIndent=2, spaceAfter=3)
QUOTE = ParagraphStyle("quote", fontName="Times-Italic", fontSize=15, leading=19,
                       textColor=colors.Color(0.15, 0.25, 0.45))
CAPTION = ParagraphStyle("caption", fontName="Helvetica", fontSize=9, leading=11.5,
                         spaceBefore=4, spaceAfter=2)
SOURCE = ParagraphStyle("source", fontName="Helvetica-Oblique", fontSize=8, leading=10,
                        spaceAfter=10)
FOOTNOTE = ParagraphStyle("footnote", fontName="Times-Roman", fontSize=8.5, leading=10.3,
                          leftIndent=9, firstLineIndent=-9)
ENDNOTE = ParagraphStyle("endnote", fontName="Times-Roman", fontSize=9.5, leading=12,
                         leftIndent=14, bulletIndent=0, spaceAfter=3)

# ---------------------------------------------------------------------------
# Layout helpers shared by the report and the fixtures
# ---------------------------------------------------------------------------

class RecordingCanvas(rl_canvas.Canvas):
    """Canvas that remembers the physical page of every named anchor it draws.

    reportlab turns <a name="x"/> inside a Paragraph into bookmarkPage("x") at the moment
    the line holding it is drawn, so the page recorded here is where the block starts."""
    anchors = {}

    def bookmarkPage(self, key, *args, **kw):
        RecordingCanvas.anchors.setdefault(key, self.getPageNumber())
        return super().bookmarkPage(key, *args, **kw)


def marked_up(text, anchor, fn_prefix=None):
    """XML markup for a paragraph: an anchor first, {n} markers as glued superscripts."""
    out = escape(text)

    def sup(m):
        label = m.group(1)
        a = f'<a name="{fn_prefix}{label}"/>' if fn_prefix else ""
        return f"{a}<super>{label}</super>"
    out = re.sub(r"\{(\d+)\}", sup, out)
    return f'<a name="{anchor}"/>{out}'


def plain(text):
    """Truth text: the same string without footnote markers."""
    return re.sub(r"\{\d+\}", "", text)


def refs(text):
    return re.findall(r"\{(\d+)\}", text)


def draw_spaced(c, text, x_center, y, font="Helvetica", size=8, spacing=4, word_space=-3):
    """Letter-spaced caps, centered: real character spacing (Tc), not inserted spaces.
    4 pt at 8 pt is wide enough that pdftotext prints "S E C U R I T Y" (at 3 pt it
    still prints "SECURITY"); the negative word spacing (Tw) keeps the gap between
    words small enough that pdftotext keeps a two-word header on one line."""
    width = (stringWidth(text, font, size) + spacing * (len(text) - 1)
             + word_space * text.count(" "))
    # Tc (character spacing) is part of the graphics state and outlives the text
    # object: without save/restore it would letter-space all the body text drawn later.
    c.saveState()
    t = c.beginText(x_center - width / 2, y)
    t.setFont(font, size)
    t.setCharSpace(spacing)
    t.setWordSpace(word_space)
    t.textOut(text)
    t.setCharSpace(0)
    t.setWordSpace(0)
    c.drawText(t)
    c.restoreState()


def quote_box(text, anchor, width, style=QUOTE):
    """Pull-quote: enlarged italic text between two rules, on a pale ground."""
    t = Table([[Paragraph(f'<a name="{anchor}"/>{escape(text)}', style)]], colWidths=[width])
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.94, 0.95, 0.97)),
        ("LINEABOVE", (0, 0), (-1, 0), 1.6, colors.Color(0.15, 0.25, 0.45)),
        ("LINEBELOW", (0, -1), (-1, -1), 1.6, colors.Color(0.15, 0.25, 0.45)),
        ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]))
    return t


class FloatBox(Flowable):
    """Lets a Table act as the floated "image" of ImageAndFlowables (which asks the
    image for _restrictSize/_unRestrictSize)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def wrap(self, aw, ah):
        self.width, self.height = self.inner.wrap(aw, ah)
        return self.width, self.height

    def _restrictSize(self, aw, ah):
        return self.width, self.height

    def _unRestrictSize(self):
        pass

    def draw(self):
        self.inner.drawOn(self.canv, 0, 0)


def chart_placeholder():
    """A bar chart drawn with shapes only: no strings, so it adds nothing to the text layer."""
    d = Drawing(380, 150)
    d.add(Line(30, 15, 370, 15, strokeWidth=0.8))
    d.add(Line(30, 15, 30, 145, strokeWidth=0.8))
    for gy in (45, 75, 105, 135):
        d.add(Line(30, gy, 370, gy, strokeWidth=0.25, strokeColor=colors.Color(0.8, 0.8, 0.8)))
    # three corridors x nine years; the southern one drops after 2019 (as the text says)
    series = [
        [11, 11, 10.5, 11, 10, 8, 6, 4.5, 4],
        [9, 9.5, 9, 9.5, 9, 9.5, 9, 8.5, 9],
        [7, 7.5, 8, 7.5, 8, 8, 7.5, 8, 7.5],
    ]
    shades = [colors.Color(0.15, 0.25, 0.45), colors.Color(0.45, 0.6, 0.8),
              colors.Color(0.75, 0.8, 0.88)]
    for year in range(9):
        for s in range(3):
            h = series[s][year] * 10
            x = 38 + year * 37 + s * 10
            d.add(Rect(x, 15, 9, h, fillColor=shades[s], strokeColor=None))
    d.hAlign = "CENTER"
    return d


class LeaveColumns(ActionFlowable):
    """Guard before full-width elements: if we are still on the two-column page, end it
    (the next page is a single-column "body" page). Normally the text before the
    element is long enough that this does nothing."""

    def apply(self, doc):
        if doc.pageTemplate.id == "twocol":
            print("note: LeaveColumns ended the two-column page early", file=sys.stderr)
            doc.handle_pageBreak()


class ChapterMark(Flowable):
    """Zero-size flowable: tells the page callbacks which chapter is current."""

    def __init__(self, state, chapter):
        super().__init__()
        self.state, self.chapter = state, chapter
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.state["chapter"] = self.chapter


def roman(n):
    return {1: "i", 2: "ii", 3: "iii", 4: "iv", 5: "v"}[n]


# ---------------------------------------------------------------------------
# The sample report
# ---------------------------------------------------------------------------

FRONT_PAGES = 3  # cover (i, not printed), imprint (ii), contents (iii)


def page_label(phys):
    if phys == 1:
        return None
    if phys <= FRONT_PAGES:
        return roman(phys)
    return str(phys - FRONT_PAGES)


def byline(authors):
    """"A", "A and B", "A, B and C"."""
    if len(authors) == 1:
        return authors[0]
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def build_report(path, fn_pages, toc_pages):
    """Lay out the report once. fn_pages: {(chapter, label): page} from the previous pass
    (empty on pass 1). toc_pages: {chapter index or 'back': physical page} (or empty).
    Returns (truth blocks per chapter, anchors, page count)."""
    state = {"chapter": None}
    RecordingCanvas.anchors = {}

    # ---- page callbacks -------------------------------------------------
    def footer(c, phys):
        c.setFont("Times-Italic", 9)
        c.drawString(MARGIN, FOOTER_Y, "Bridges and Borders")
        c.setFont("Times-Roman", 9.5)
        c.drawRightString(PAGE_W - MARGIN, FOOTER_Y, page_label(phys))

    def running_header(c):
        ch = state["chapter"]
        if ch is None:
            return
        draw_spaced(c, CHAPTERS[ch - 1]["short"].upper(), PAGE_W / 2, PAGE_H - 52)
        c.setLineWidth(0.4)
        c.line(MARGIN, PAGE_H - 60, PAGE_W - MARGIN, PAGE_H - 60)

    def page_footnotes(c, phys):
        # Notes whose marker landed on this page in the previous pass. Drawn at page end,
        # bottom-aligned in the reserved zone, under a short rule.
        notes = sorted((k, v) for k, v in fn_pages.items() if v == phys)
        if not notes:
            return
        paras = []
        for (ch, label), _ in notes:
            text = CHAPTERS[ch - 1]["footnotes"][label]
            paras.append(Paragraph(f'<a name="fntext-{ch}-{label}"/><super>{label}</super> '
                                   f'{escape(text)}', FOOTNOTE))
        heights = [p.wrap(FRAME_W, 200)[1] for p in paras]
        total = sum(heights) + 3 * (len(paras) - 1)
        if total > FOOTNOTE_TOP - FOOTNOTE_BOTTOM - 8:
            raise SystemExit(f"footnotes on page {phys} do not fit the footnote zone")
        y = FOOTNOTE_BOTTOM + total
        c.setLineWidth(0.5)
        c.line(MARGIN, y + 6, MARGIN + 110, y + 6)
        for p, h in zip(paras, heights):
            p.drawOn(c, MARGIN, y - h)
            y -= h + 3

    def on_front(c, doc):
        phys = c.getPageNumber()
        if phys > 1:  # the cover carries no folio
            c.setFont("Times-Roman", 9.5)
            c.drawCentredString(PAGE_W / 2, FOOTER_Y, page_label(phys))

    def on_twocol(c, doc):
        state.setdefault("twocol_pages", []).append(c.getPageNumber())
        on_body(c, doc)

    def on_body(c, doc):
        running_header(c)
        footer(c, c.getPageNumber())

    def on_body_end(c, doc):
        page_footnotes(c, c.getPageNumber())

    def on_back(c, doc):
        footer(c, c.getPageNumber())

    full = lambda bottom=BODY_BOTTOM, top=BODY_TOP, fid="f": Frame(
        MARGIN, bottom, FRAME_W, top - bottom, id=fid, leftPadding=0, rightPadding=0,
        topPadding=0, bottomPadding=0)
    col_w = (FRAME_W - 20) / 2
    cols = [Frame(MARGIN + i * (col_w + 20), BODY_BOTTOM, col_w, BODY_TOP - BODY_BOTTOM,
                  id=f"col{i}", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            for i in range(2)]
    def then(template_id, *callbacks):
        # Chain of page templates: opener -> body, opener-2col -> twocol -> body.
        # (reportlab's autoNextPageTemplate repeats the next template once, so the
        # follow-up template is requested explicitly when a page begins.)
        def on_page(c, doc):
            doc.handle_nextPageTemplate(template_id)
            for cb in callbacks:
                cb(c, doc)
        return on_page

    templates = [
        PageTemplate("front", [full(MARGIN, PAGE_H - MARGIN)], onPage=on_front),
        # Openers: no header, no footer; the body continues on a "body" page (or, for
        # chapter 2, on the two-column page, which then hands over to "body").
        PageTemplate("opener", [full()], onPage=then("body"), onPageEnd=on_body_end),
        PageTemplate("opener-2col", [full()], onPage=then("twocol"), onPageEnd=on_body_end),
        PageTemplate("twocol", cols, onPage=then("body", on_twocol), onPageEnd=on_body_end),
        PageTemplate("body", [full()], onPage=on_body, onPageEnd=on_body_end),
        PageTemplate("back", [full(90)], onPage=on_back),
    ]
    doc = BaseDocTemplate(path, pagesize=letter, pageTemplates=templates,
                          title=REPORT_TITLE, author=INSTITUTE, subject="Folio sample report",
                          creator="Folio scripts/make-sample.py", invariant=1)

    story = []
    truth = []  # per chapter: list of block dicts, "page" filled from anchors later
    n = [0]

    def anchor():
        n[0] += 1
        return f"b{n[0]}"

    # ---- cover (physical 1) ----
    cover_t = ParagraphStyle("ct", fontName="Helvetica-Bold", fontSize=34, leading=40,
                             textColor=colors.Color(0.15, 0.25, 0.45))
    cover_s = ParagraphStyle("cs", fontName="Helvetica", fontSize=18, leading=23)
    cover_m = ParagraphStyle("cm", fontName="Times-Roman", fontSize=13, leading=17)
    story += [Spacer(1, 150), Paragraph("Bridges and Borders", cover_t), Spacer(1, 8),
              Paragraph("Essays on Regional Cooperation", cover_s), Spacer(1, 30),
              Paragraph(f"Edited by {EDITOR}", cover_m), Spacer(1, 230),
              Paragraph(INSTITUTE, ParagraphStyle("ci", parent=cover_m, fontName="Helvetica-Bold")),
              Paragraph(YEAR, cover_m), PageBreak()]

    # ---- imprint (ii) ----
    small = ParagraphStyle("small", fontName="Times-Roman", fontSize=10, leading=13, spaceAfter=8)
    story += [Spacer(1, 380),
              Paragraph(f"© {YEAR} {INSTITUTE}. All rights reserved.", small),
              Paragraph("The Larkspur Institute for Regional Policy is an independent, "
                        "nonpartisan research organization. The views expressed in this "
                        "collection are those of the authors alone.", small),
              Paragraph("This publication is a fictitious sample produced to test document "
                        "conversion software. All people, institutions and figures in it are "
                        "invented.", small),
              Paragraph("Larkspur Institute for Regional Policy, 14 Harbor Row, Suite 300", small),
              PageBreak()]

    # ---- contents (iii) ----
    toc_style = ParagraphStyle("toc", fontName="Times-Roman", fontSize=12, leading=15)
    toc_auth = ParagraphStyle("toca", fontName="Times-Italic", fontSize=10.5, leading=13)
    rows = []
    for i, ch in enumerate(CHAPTERS, 1):
        num = page_label(toc_pages[i]) if toc_pages else "00"
        rows.append([Paragraph(f"{i}. {escape(ch['title'])}: {escape(ch['subtitle'])}", toc_style),
                     Paragraph(num, ParagraphStyle("tn", parent=toc_style, alignment=TA_RIGHT))])
        rows.append([Paragraph(escape(byline(ch["authors"])), toc_auth), ""])
    num = page_label(toc_pages["back"]) if toc_pages else "00"
    rows.append([Paragraph("About the Contributors", toc_style),
                 Paragraph(num, ParagraphStyle("tn", parent=toc_style, alignment=TA_RIGHT))])
    toc = Table(rows, colWidths=[FRAME_W - 50, 50])
    toc.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)] +
                            [("BOTTOMPADDING", (0, r), (-1, r), 14)
                             for r in range(1, len(rows), 2)]))
    story += [Spacer(1, 40), Paragraph("Contents", ParagraphStyle(
        "ch", fontName="Helvetica-Bold", fontSize=22, leading=26, spaceAfter=26)), toc]

    # ---- chapters ----
    for ci, ch in enumerate(CHAPTERS, 1):
        blocks = []
        truth.append(blocks)
        fnp = f"fn-{ci}-"
        story += [NextPageTemplate(ch["opener"]), PageBreak(), ChapterMark(state, ci),
                  Spacer(1, 36),
                  Paragraph(f'<a name="ch{ci}"/>{escape(ch["title"])}', TITLE),
                  Paragraph(escape(ch["subtitle"]), SUBTITLE),
                  Paragraph("By " + escape(byline(ch["authors"])), BYLINE)]

        # Key Policy Recommendations box: heading + bullet list, on the opener
        a = anchor()
        box = [[Paragraph(f'<a name="{a}"/>Key Policy Recommendations', BOX_HEAD)]]
        blocks.append({"kind": "heading", "level": 2, "text": "Key Policy Recommendations",
                       "_a": a})
        for rec in ch["recs"]:
            a = anchor()
            box.append([Paragraph(f'<a name="{a}"/>{escape(rec)}', BOX_ITEM, bulletText="•")])
            blocks.append({"kind": "list_item", "text": rec, "_a": a})
        t = Table(box, colWidths=[FRAME_W])
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.93, 0.93, 0.90)),
            ("BOX", (0, 0), (-1, -1), 0.6, colors.Color(0.5, 0.5, 0.45)),
            ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, 0), 10), ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
            ("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -2), 1),
        ]))
        story += [t, Spacer(1, 16)]

        def para(text):
            a = anchor()
            b = {"kind": "paragraph", "text": plain(text), "_a": a}
            if refs(text):
                b["footnote_refs"] = refs(text)
            blocks.append(b)
            # page footnotes follow the paragraph that cites them (truth convention)
            if ch["notes"] == "page":
                for label in refs(text):
                    blocks.append({"kind": "footnote", "label": label,
                                   "text": ch["footnotes"][label], "_a": f"{fnp}{label}"})
            return Paragraph(marked_up(text, a, fnp), BODY)

        for item in ch["body"]:
            kind = item[0]
            if kind == "p":
                story.append(para(item[1]))
            elif kind == "h":
                a = anchor()
                blocks.append({"kind": "heading", "level": 2, "text": item[1], "_a": a})
                story.append(Paragraph(f'<a name="{a}"/>{escape(item[1])}', H2))
            elif kind == "pq-float":
                # the quote sits at the start of the paragraphs that wrap around it
                a = anchor()
                blocks.append({"kind": "pull_quote", "text": item[1], "_a": a})
                paras = [para(t) for t in item[2]]
                story.append(ImageAndFlowables(FloatBox(quote_box(item[1], a, 170)), paras,
                                               imageLeftPadding=14, imageRightPadding=0,
                                               imageTopPadding=2, imageBottomPadding=6,
                                               imageSide="right"))
            elif kind == "pq-wide":
                story.append(LeaveColumns())
                a = anchor()
                blocks.append({"kind": "pull_quote", "text": item[1], "_a": a})
                story += [Spacer(1, 4), quote_box(item[1], a, FRAME_W - 60,
                                                  ParagraphStyle("qw", parent=QUOTE,
                                                                 alignment=TA_CENTER)),
                          Spacer(1, 12)]
            elif kind == "fig":
                a1, a2 = anchor(), anchor()
                blocks.append({"kind": "caption", "text": item[1], "_a": a1})
                blocks.append({"kind": "caption", "text": item[2], "_a": a2})
                story.append(KeepTogether([
                    Spacer(1, 6), chart_placeholder(), Spacer(1, 4),
                    Paragraph(f'<a name="{a1}"/>{escape(item[1])}', CAPTION),
                    Paragraph(f'<a name="{a2}"/>{escape(item[2])}', SOURCE)]))

        if ch["notes"] == "end":
            a = anchor()
            blocks.append({"kind": "heading", "level": 2, "text": "Notes", "_a": a})
            story += [CondPageBreak(80), Paragraph(f'<a name="{a}"/>Notes', H2)]
            for label, text in ch["footnotes"].items():
                a = anchor()
                blocks.append({"kind": "footnote", "label": label, "text": text, "_a": a})
                story.append(Paragraph(f'<a name="{a}"/>{escape(text)}', ENDNOTE,
                                       bulletText=f"{label}."))

    # ---- back matter ----
    story += [NextPageTemplate("back"), PageBreak(),
              Paragraph('<a name="back"/>About the Contributors', ParagraphStyle(
                  "bh", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=20))]
    for name, bio in CONTRIBUTORS:
        story.append(Paragraph(f"<b>{escape(name)}</b> {escape(bio)}",
                               ParagraphStyle("bio", parent=BODY, spaceAfter=10)))

    doc.build(story, canvasmaker=RecordingCanvas)
    # full-width elements would overlap the columns if they landed on the two-column page
    wide = [b["_a"] for bl in truth for b in bl if b["kind"] in ("pull_quote", "caption")]
    for a in wide:
        if RecordingCanvas.anchors[a] in state.get("twocol_pages", []):
            raise SystemExit(f"{a}: a full-width element landed on the two-column page; "
                             "add text before it")
    return truth, dict(RecordingCanvas.anchors), doc.page


def make_report():
    pdf = os.path.join(INPUT_DIR, "sample-report.pdf")
    # pass 1: where do footnote markers and chapter openers land?
    truth, anchors, _ = build_report(pdf, {}, {})
    fn_pages = {(ci, label): anchors[f"fn-{ci}-{label}"]
                for ci, ch in enumerate(CHAPTERS, 1) if ch["notes"] == "page"
                for label in ch["footnotes"]}
    toc_pages = {ci: anchors[f"ch{ci}"] for ci in range(1, len(CHAPTERS) + 1)}
    toc_pages["back"] = anchors["back"]
    # pass 2: same body layout, now with page footnotes and contents page numbers
    truth, anchors2, page_count = build_report(pdf, fn_pages, toc_pages)
    moved = {k for k in anchors if anchors[k] != anchors2.get(k)}
    if moved:
        raise SystemExit(f"layout moved between passes: {sorted(moved)[:5]}")
    for (ci, label), p in fn_pages.items():
        assert anchors2[f"fntext-{ci}-{label}"] == p, "footnote printed on the wrong page"

    chapters = []
    for ci, (ch, blocks) in enumerate(zip(CHAPTERS, truth), 1):
        start = anchors2[f"ch{ci}"]
        end = (anchors2[f"ch{ci + 1}"] - 1) if ci < len(CHAPTERS) else anchors2["back"] - 1
        out = []
        for b in blocks:
            b = dict(b)
            b["page"] = anchors2[b.pop("_a")]
            assert start <= b["page"] <= end, (ci, b)
            out.append(b)
        body_text = " ".join(b["text"] for b in out if b["kind"] == "paragraph")
        for b in out:  # every pull-quote repeats a body sentence of its chapter verbatim
            if b["kind"] == "pull_quote":
                assert b["text"] in body_text, b["text"]
        chapters.append({"index": ci, "title": f"{ch['title']}: {ch['subtitle']}",
                         "authors": ch["authors"], "start_page": start, "end_page": end,
                         "running_header": ch["short"], "blocks": out})

    doc = {
        "schema": "folio/document@1",
        "source": {"file": "sample-report.pdf", "sha256": sha256(pdf), "page_count": page_count},
        "title": REPORT_TITLE,
        "pages": [{"number": i, "method": "text", "confidence": None}
                  for i in range(1, page_count + 1)],
        "page_labels": [page_label(i) for i in range(1, page_count + 1)],
        "chapters": chapters,
    }
    tpath = os.path.join(FIXTURES, "sample-report.truth.json")
    write_json(tpath, doc)
    return [pdf, tpath], doc


# ---------------------------------------------------------------------------
# Small fixtures
# ---------------------------------------------------------------------------
# Tests rely on (see two-page.txt, scanned.txt, two-column.truth.json):
#  - two-page.pdf: exactly 2 pages; page 1 starts with "Fixture Heading" (Helvetica-Bold
#    18 pt), then TWO_PAGE_P1 and TWO_PAGE_P2 (Times-Roman 11 pt; P2 contains the italic
#    sentence TWO_PAGE_ITALIC and a superscript "1" glued after "2020."); page 2 holds
#    TWO_PAGE_P3 only. No header or footer.
#  - encrypted.pdf: 1 page, user password "secret" (owner password "folio-owner").
#  - damaged.pdf: first 40% of two-page.pdf's bytes (no xref, no trailer).
#  - not-a-pdf.pdf: plain UTF-8 text, does not start with "%PDF".
#  - scanned.pdf: 1 page, one image, no text layer; the image shows SCANNED_TEXT.
#  - scan-names.pdf: the same at 300 dpi, showing SCAN_NAMES_TEXT (accented names).
#  - scan-given-names.pdf: the same, showing SCAN_GIVEN_NAMES_TEXT (given names).
#  - scan-figure.pdf: a paragraph, a line chart, its caption and a paragraph, at 300 dpi.
#  - two-column.pdf: 2 pages, running header "SECURITY" letter-spaced (pdftotext prints
#    "S E C U R I T Y"), folios "7" and "8"; truth in two-column.truth.json.

TWO_PAGE_HEADING = "Fixture Heading"
TWO_PAGE_P1 = ("This is the first body paragraph of the two-page fixture. It is set in "
               "Times-Roman at eleven points and wraps onto a second line so that line "
               "joining can be tested.")
TWO_PAGE_ITALIC = "This sentence is set in italic type."
TWO_PAGE_P2 = ("The second paragraph records that the survey closed in 2020.{1} "
               + TWO_PAGE_ITALIC + " The paragraph then ends in plain roman type.")
TWO_PAGE_P3 = "Page two holds one short paragraph and nothing else."

SCANNED_TEXT = ("Scanned pages have no text layer, so their words must be recovered by "
                "optical character recognition. This paragraph was rendered at two hundred "
                "dots per inch and stored as a single grayscale image.")
# Names whose accents an English OCR model loses (Bogota, Mufioz, Asunci6n).
# A page with a chart between two paragraphs: the chart's labels are not body text.
SCAN_FIGURE_BEFORE = ("Clinic attendance rose in every country of the survey after the new schedules "
                      "were introduced, although the pace of the increase differed widely from one "
                      "health district to the next, as the chart below shows for three of them.")
SCAN_FIGURE_CAPTION = "Figure 1. Clinic visits per hundred residents, 2015 to 2023"
SCAN_FIGURE_AFTER = ("The districts that gained most were those where community health workers "
                     "visited households before the clinics opened, which suggests that outreach "
                     "mattered more than the schedules themselves.")
SCAN_NAMES_TEXT = ("The evaluation was led by Joaquín Muñoz and Inés Ibáñez, who visited clinics in "
                   "Bogotá, Medellín, Asunción and Ciudad Juárez. Officials in Concepción and "
                   "Valparaíso said that the programme would continue, and Sebastián Núñez agreed.")

# Given names the word list knows in lower case (the bird "martin") carry accents
# beside accented surnames; the same name before an English surname, the bird, and
# a place name printed without accents keep theirs as printed.
SCAN_GIVEN_NAMES_TEXT = ("The survey was led by Martín Zúñiga and Martín Ortíz, who visited clinics in "
                         "Mexico and León. A purple martin nested under the roof of the clinic in "
                         "Mexico City, where Martin Lewis kept the records for the programme.")


def make_two_page():
    pdf = os.path.join(FIXTURES, "two-page.pdf")
    c = rl_canvas.Canvas(pdf, pagesize=letter, invariant=1)
    c.setTitle("Two-page fixture")
    c.setFont("Helvetica-Bold", 18)
    c.drawString(MARGIN, PAGE_H - 90, TWO_PAGE_HEADING)
    body = ParagraphStyle("fx", fontName="Times-Roman", fontSize=11, leading=14)
    y = PAGE_H - 120
    for text in (TWO_PAGE_P1, TWO_PAGE_P2):
        markup = escape(text).replace(escape(TWO_PAGE_ITALIC), f"<i>{escape(TWO_PAGE_ITALIC)}</i>")
        markup = re.sub(r"\{(\d+)\}", r"<super>\1</super>", markup)
        p = Paragraph(markup, body)
        _, h = p.wrap(FRAME_W, 500)
        p.drawOn(c, MARGIN, y - h)
        y -= h + 10
    c.showPage()
    p = Paragraph(escape(TWO_PAGE_P3), body)
    _, h = p.wrap(FRAME_W, 500)
    p.drawOn(c, MARGIN, PAGE_H - 90 - h)
    c.showPage()
    c.save()

    txt = os.path.join(FIXTURES, "two-page.txt")
    with open(txt, "w", encoding="utf-8") as f:
        f.write("two-page.pdf - exact strings (generated by scripts/make-sample.py)\n"
                "pages: 2 (US Letter), text layer, no header/footer\n\n"
                f"page 1 heading (Helvetica-Bold 18pt): {TWO_PAGE_HEADING}\n"
                f"page 1 paragraph 1 (Times-Roman 11pt): {TWO_PAGE_P1}\n"
                f"page 1 paragraph 2 (Times-Roman 11pt), marker removed: {plain(TWO_PAGE_P2)}\n"
                f"  italic sentence (Times-Italic): {TWO_PAGE_ITALIC}\n"
                "  superscript footnote marker \"1\" glued after \"2020.\" "
                "(pdftotext shows \"2020.1 This\"); footnote_refs [\"1\"]\n"
                f"page 2 paragraph (Times-Roman 11pt): {TWO_PAGE_P3}\n")
    return [pdf, txt]


def make_encrypted():
    pdf = os.path.join(FIXTURES, "encrypted.pdf")
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="folio-owner", strength=128)
    c = rl_canvas.Canvas(pdf, pagesize=letter, invariant=1, encrypt=enc)
    c.setFont("Times-Roman", 12)
    c.drawString(MARGIN, PAGE_H - 100, "This page is encrypted with the user password secret.")
    c.showPage()
    c.save()
    return [pdf]


def make_damaged_and_junk():
    src = os.path.join(FIXTURES, "two-page.pdf")
    data = open(src, "rb").read()
    dmg = os.path.join(FIXTURES, "damaged.pdf")
    with open(dmg, "wb") as f:
        f.write(data[: int(len(data) * 0.4)])
    junk = os.path.join(FIXTURES, "not-a-pdf.pdf")
    with open(junk, "w", encoding="utf-8") as f:
        f.write("This file is not a PDF.\nIt is plain text with a .pdf extension,\n"
                "used to test that Folio rejects it with a clear error.\n")
    return [dmg, junk]


def scan(name, text, font_size, leading, dpi, draw=None):
    """Render `text` (or what `draw` puts on the canvas) to a grayscale PNG at `dpi` with
    pdftoppm and wrap it in a PDF page with no text layer (the image fills the page, so the
    page size is kept); the text goes beside it as name.txt."""
    pdf = os.path.join(FIXTURES, name + ".pdf")
    tmp = tempfile.mkdtemp(prefix="folio-scan-")
    try:
        src = os.path.join(tmp, "src.pdf")
        c = rl_canvas.Canvas(src, pagesize=letter, invariant=1)
        if draw:
            draw(c)
        else:
            p = Paragraph(escape(text), ParagraphStyle(
                "sc", fontName="Times-Roman", fontSize=font_size, leading=leading))
            _, h = p.wrap(FRAME_W, 500)
            p.drawOn(c, MARGIN, PAGE_H - 110 - h)
        c.showPage()
        c.save()
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", src,
                        os.path.join(tmp, "page")], check=True)
        c = rl_canvas.Canvas(pdf, pagesize=letter, invariant=1)
        # From bytes, not a path: reportlab names the image after its file name, and
        # the temporary directory's name is random.
        with open(os.path.join(tmp, "page.png"), "rb") as f:
            png = ImageReader(io.BytesIO(f.read()))
        c.drawImage(png, 0, 0, width=PAGE_W, height=PAGE_H)
        c.showPage()
        c.save()
    finally:
        shutil.rmtree(tmp)
    txt = os.path.join(FIXTURES, name + ".txt")
    with open(txt, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    return [pdf, txt]


def draw_figure_page(c):
    """A paragraph, a line chart (axes, three series, tick labels, legend), its caption,
    and another paragraph."""
    style = ParagraphStyle("sf", fontName="Times-Roman", fontSize=11, leading=14)
    y = PAGE_H - 100
    p = Paragraph(escape(SCAN_FIGURE_BEFORE), style)
    _, h = p.wrap(FRAME_W, 500)
    p.drawOn(c, MARGIN, y - h)
    y -= h + 40
    left, bottom, width, height = MARGIN + 40, y - 200, FRAME_W - 60, 180
    c.setStrokeColor(colors.black)
    c.setLineWidth(1)
    c.line(left, bottom, left + width, bottom)
    c.line(left, bottom, left, bottom + height)
    years = list(range(2015, 2024))
    c.setFont("Helvetica", 8)
    for i, year in enumerate(years):
        x = left + 10 + i * (width - 20) / (len(years) - 1)
        c.drawCentredString(x, bottom - 12, str(year))
    for k, value in enumerate((20, 40, 60, 80)):
        c.drawRightString(left - 4, bottom + value * height / 100 - 3, str(value))
    series = [("Paraguay", [30, 34, 41, 38, 52, 57, 55, 63, 70]),
              ("Uruguay", [62, 60, 58, 66, 64, 71, 75, 72, 80]),
              ("Bolivia", [12, 18, 15, 22, 28, 26, 33, 39, 41])]
    for k, (label, values) in enumerate(series):
        c.setLineWidth(1.8)
        c.setStrokeGray(0.1 + 0.25 * k)
        points = [(left + 10 + i * (width - 20) / (len(values) - 1), bottom + v * height / 100)
                  for i, v in enumerate(values)]
        for a, b in zip(points, points[1:]):
            c.line(a[0], a[1], b[0], b[1])
        lx = left + 20 + k * 110
        c.line(lx, bottom + height + 12, lx + 20, bottom + height + 12)
        c.drawString(lx + 24, bottom + height + 9, label)
    c.setStrokeGray(0)
    y = bottom - 40
    c.setFont("Times-Bold", 10)
    c.drawString(MARGIN, y, SCAN_FIGURE_CAPTION)
    y -= 30
    p = Paragraph(escape(SCAN_FIGURE_AFTER), style)
    _, h = p.wrap(FRAME_W, 500)
    p.drawOn(c, MARGIN, y - h)


def make_scanned():
    return (scan("scanned", SCANNED_TEXT, 14, 19, 200) + scan("scan-names", SCAN_NAMES_TEXT, 11, 14, 300)
            + scan("scan-given-names", SCAN_GIVEN_NAMES_TEXT, 11, 14, 300)
            + scan("scan-figure", "\n\n".join([SCAN_FIGURE_BEFORE, SCAN_FIGURE_CAPTION, SCAN_FIGURE_AFTER]),
                   11, 14, 300, draw_figure_page))


TWO_COL_HEADING = "Policing the Frontier"
TWO_COL_QUOTE = "Trust between patrols is built one shared shift at a time."
TWO_COL_BEFORE = [
    "Border towns have always depended on informal arrangements between the officers who "
    "patrol them. A sergeant on one bank of the river telephones a colleague on the other, "
    "a stolen car is stopped before it reaches the highway, and nobody files a report. Such "
    "arrangements work until the people who made them move on.",
    "In the three districts we studied, patrols from both sides began to share a radio "
    "channel in 2021. The channel was meant to carry only emergency traffic, but within "
    "months it was used for routine coordination as well. Officers told us that the channel "
    "mattered less than the habit it created. Trust between patrols is built one shared shift "
    "at a time. Commanders who had never met began to plan joint operations.",
    "The results were modest but measurable. Response times to incidents near the bridges "
    "fell by about a fifth, and complaints from residents about officers who refused to act "
    "because an incident lay outside their jurisdiction almost disappeared.",
]
TWO_COL_AFTER = [
    "None of this required new legislation. The radio channel was approved by a letter "
    "between two regional police chiefs, and its running cost was paid from ordinary "
    "maintenance budgets. What it did require was tolerance from national ministries, which "
    "might easily have objected that local officers were conducting foreign relations "
    "without authority.",
    "National authorities could build on such experiments rather than replace them. A "
    "simple framework that recognizes local agreements, sets minimum standards for data "
    "protection and gives commanders a clear mandate would protect the arrangements from "
    "the next change of government. It would also make it easier for other districts to "
    "copy what has worked.",
    "Critics warn that informal cooperation can shield misconduct, and the risk is real. "
    "Joint patrols that answer to no one can become a way of avoiding oversight rather than "
    "improving service. Any framework should therefore require that joint operations be "
    "logged, that complaints can be filed on either side, and that independent inspectors "
    "have access to the records.",
    "The experience of these districts suggests that the most valuable forms of security "
    "cooperation are also the least visible. They rarely make the news, they cost little, "
    "and they depend on the willingness of ordinary officers to pick up the telephone. "
    "Policy should aim to make that willingness easier to sustain.",
    "Language is a smaller obstacle than outsiders expect. Most officers in the border "
    "districts grew up hearing both languages, and many have relatives on the other side. "
    "The harder barriers are institutional: different ranks, different reporting lines and "
    "different rules about what may be written down. A joint glossary of procedures, drafted "
    "by the officers themselves, proved more useful than any formal translation service.",
    "Money, when it arrives, should follow the routines rather than precede them. In one "
    "district a generous grant for joint equipment arrived before the commanders had agreed "
    "on how to use it, and the new vehicles spent a year in a depot while the two sides "
    "argued about insurance. In another, a much smaller sum paid for fuel and overtime on "
    "joint patrols that were already running, and it was spent within weeks.",
    "A further question concerns the role of the communities that live along the border. "
    "Residents are often the first to notice when smuggling routes shift or when a new group "
    "begins to extort local shops, yet they have few safe ways to pass that knowledge to the "
    "police on either side. Community liaison officers, appointed jointly and known by name, "
    "were the most trusted channel in the districts where they existed.",
    "Training is a second area where small investments could yield large returns. Officers "
    "in our sample had rarely received any instruction in the law or procedures of the "
    "neighboring country, and many were unsure what their counterparts were permitted to do. "
    "Short joint courses, taught by instructors from both sides, would remove much of this "
    "uncertainty and would also create the personal contacts on which cooperation depends.",
    "Equipment matters less than is often assumed. The districts that cooperated best did not "
    "have more vehicles, more cameras or better databases than the others. They had commanders "
    "who met regularly, a shared channel for urgent messages and a habit of returning each "
    "other's calls. Donors who fund border security would do well to remember that such "
    "habits cannot be purchased, although they can be encouraged.",
    "Finally, cooperation must be judged by what it achieves for residents. Arrest figures and "
    "seizure statistics are easy to count and easy to inflate. Measures of how safe people "
    "feel when they cross the bridge, how long it takes for help to arrive and how often "
    "complaints are resolved are harder to collect, but they say far more about whether the "
    "arrangements are working.",
    "Future research should follow these districts over a longer period, to learn whether "
    "the habits formed on a shared radio channel survive the retirement of the officers who "
    "first used it, and whether they spread to the prosecutors and courts that must act on "
    "the arrests that patrols make.",
    "Until then, the lesson for policymakers is a modest one. Cooperation at the border is "
    "less a matter of grand agreements than of small routines, repeated often enough that "
    "they outlast the people who began them.",
]


def make_two_column():
    """Two columns (Times 10 pt) with a full-width pull-quote spanning both columns in
    the middle of page 1 (like CSS column-span: reading order is upper-left, upper-right,
    quote, lower-left, lower-right), continuing on page 2."""
    pdf = os.path.join(FIXTURES, "two-column.pdf")
    RecordingCanvas.anchors = {}
    body = ParagraphStyle("tc", fontName="Times-Roman", fontSize=10, leading=12.6,
                          alignment=TA_JUSTIFY, spaceAfter=6)
    head = ParagraphStyle("tch", fontName="Helvetica-Bold", fontSize=12, leading=15,
                          spaceAfter=6, keepWithNext=1)
    qstyle = ParagraphStyle("tcq", fontName="Helvetica-Oblique", fontSize=14, leading=18,
                            alignment=TA_CENTER, textColor=colors.Color(0.15, 0.25, 0.45))

    def on_page(c, doc):
        phys = c.getPageNumber()
        draw_spaced(c, "SECURITY", PAGE_W / 2, PAGE_H - 52)
        c.setLineWidth(0.4)
        c.line(MARGIN, PAGE_H - 60, PAGE_W - MARGIN, PAGE_H - 60)
        c.setFont("Times-Roman", 10)
        c.drawCentredString(PAGE_W / 2, FOOTER_Y, str(6 + phys))  # folios 7 and 8

    doc = BaseDocTemplate(pdf, pagesize=letter, invariant=1, title="Two-column fixture",
                          pageTemplates=[PageTemplate("p", [Frame(
                              MARGIN, 72, FRAME_W, BODY_TOP - 72, leftPadding=0,
                              rightPadding=0, topPadding=0, bottomPadding=0, id="main")],
                              onPage=on_page)])
    blocks, anchors_of = [], []

    def para(text, style=body, kind="paragraph"):
        a = f"b{len(anchors_of) + 1}"
        anchors_of.append(a)
        b = {"kind": kind, "text": text}
        if kind == "heading":
            b["level"] = 2
        blocks.append(b)
        return Paragraph(f'<a name="{a}"/>{escape(text)}', style)

    upper = [para(TWO_COL_HEADING, head, "heading")] + [para(t) for t in TWO_COL_BEFORE]
    a = f"b{len(anchors_of) + 1}"
    anchors_of.append(a)
    blocks.append({"kind": "pull_quote", "text": TWO_COL_QUOTE})
    quote = quote_box(TWO_COL_QUOTE, a, FRAME_W, qstyle)
    lower = [para(t) for t in TWO_COL_AFTER]
    story = [BalancedColumns(upper, nCols=2, spaceBefore=0, spaceAfter=10, innerPadding=10,
                             leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0),
             quote, Spacer(1, 12),
             BalancedColumns(lower, nCols=2, innerPadding=10, leftPadding=0,
                             rightPadding=0, topPadding=0, bottomPadding=0)]
    doc.build(story, canvasmaker=RecordingCanvas)
    assert doc.page == 2, f"two-column fixture has {doc.page} pages"
    for b, a in zip(blocks, anchors_of):
        b["page"] = RecordingCanvas.anchors[a]
    assert TWO_COL_QUOTE in " ".join(TWO_COL_BEFORE)

    truth = {
        "schema": "folio/document@1",
        "source": {"file": "two-column.pdf", "sha256": sha256(pdf), "page_count": 2},
        "title": None,
        "pages": [{"number": i, "method": "text", "confidence": None} for i in (1, 2)],
        "page_labels": ["7", "8"],
        "chapters": [{"index": 1, "title": None, "authors": [], "start_page": 1,
                      "end_page": 2, "running_header": "Security", "blocks": blocks}],
    }
    tpath = os.path.join(FIXTURES, "two-column.truth.json")
    write_json(tpath, truth)
    return [pdf, tpath]


# ---------------------------------------------------------------------------
# Utilities and the cross-check
# ---------------------------------------------------------------------------

def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_json(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def norm_words(s):
    s = re.sub(r"-\n", "", s)  # undo line-end hyphens from the hyphenator
    return re.findall(r"[\w’'.,:;$–-]+", s)


def cross_check(pdf, truth):
    """Independent check with pdftotext: do each block's first words occur on its page?"""
    if not shutil.which("pdftotext"):
        print("  (pdftotext not found, cross-check skipped)")
        return
    pages = {}
    ok = bad = 0
    for ch in truth["chapters"]:
        for b in ch["blocks"]:
            p = b["page"]
            if p not in pages:
                out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(p), "-l", str(p),
                                      pdf, "-"], capture_output=True, text=True, check=True)
                pages[p] = " ".join(norm_words(out.stdout))
            first = " ".join(norm_words(b["text"])[:3])
            if first in pages[p]:
                ok += 1
            else:
                bad += 1
                print(f"  WARN {os.path.basename(pdf)} p{p} {b['kind']}: '{first}' not found")
    print(f"  pdftotext cross-check {os.path.basename(pdf)}: {ok}/{ok + bad} blocks found "
          f"on their page")


def main():
    os.makedirs(INPUT_DIR, exist_ok=True)
    os.makedirs(FIXTURES, exist_ok=True)
    written = []
    files, report_truth = make_report()
    written += files
    written += make_two_page()
    written += make_encrypted()
    written += make_damaged_and_junk()
    written += make_scanned()
    tc = make_two_column()
    written += tc
    for path in written:
        print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")
    cross_check(written[0], report_truth)
    cross_check(tc[0], json.load(open(tc[1], encoding="utf-8")))


if __name__ == "__main__":
    main()
