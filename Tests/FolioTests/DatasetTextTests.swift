import CSVExporter
import FolioBatch
import Foundation
import Testing

/// The texts of dataset rows as JSON strings and CSV fields: every row of a
/// batch passes through them, so they work on bytes; these check that what
/// a reader decodes is the text itself, whatever it holds.
@Suite("Batch: dataset texts")
struct DatasetTextTests {
    static let texts = [
        "", "plain words", "a \"quoted\" word", #"back\slash"#, "line\nbreak", "cr\r\nlf", "tab\there",
        "bell\u{7} and nul\u{0} and \u{1f}", "separators \u{2028} and \u{2029}", "curly “quotes” and ’ and – dash",
        "é composed and e\u{301} decomposed", "emoji 👩🏽‍💻 and CJK 漢字", ",\u{301} a comma with an accent",
        "next line \u{85} and form feed \u{c}", "\u{2027}\u{202a} (not line ends)",
    ]

    @Test(arguments: texts) func aJSONStringDecodesToItsText(_ text: String) throws {
        let encoded = Dataset.jsonString(text)
        let decoded = try JSONDecoder().decode(String.self, from: Data(encoded.utf8))
        #expect(decoded == text)
        #expect(Array(decoded.unicodeScalars) == Array(text.unicodeScalars))
        // Control characters and JavaScript's extra line ends never stand raw in a JSON line.
        #expect(!encoded.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    @Test(arguments: texts) func aCSVFieldReadsBackAsItsText(_ text: String) throws {
        let field = CSVExporter.field(text)
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0.isNewline }
        #expect(field.hasPrefix("\"") == needsQuotes)
        let unquoted =
            needsQuotes ? String(field.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") : field
        #expect(unquoted == text)
    }
}
