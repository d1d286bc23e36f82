import FolioModel
import Foundation
import HTMLExporter

/// The three ways `folio diff` writes a report: JSON, a Markdown changelog and
/// an HTML page with the editions side by side.
public enum DiffRenderer {
    public static func json(_ diff: EditionDiff) throws -> String {
        let encoder = JSONEncoder()
        // Sorted keys: the same editions give the same bytes on every run.
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
        var data = try encoder.encode(diff)
        data.append(0x0A)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Markdown

    public static func markdown(_ diff: EditionDiff) -> String {
        var out = "# Changes from \(md(diff.old.source)) to \(md(diff.new.source))\n\n"
        if let title = diff.new.title ?? diff.old.title { out += "*\(md(title))*\n\n" }
        if diff.changes.isEmpty {
            out += "No changes.\n"
        } else {
            out += diff.counts.map { "\($0.count) \(label($0.type, plural: $0.count != 1))" }.joined(separator: ", ")
            out += ".\n"
        }
        let chapterLevel = diff.changes.filter { !isBlock($0.type) }
        if !chapterLevel.isEmpty {
            out += "\n## Chapters\n\n"
            for change in chapterLevel { out += "- " + chapterLine(change) + "\n" }
        }
        var heading: String?
        for change in diff.changes where isBlock(change.type) {
            let chapter = (change.newChapter ?? change.oldChapter).map(md) ?? "(untitled)"
            let section = change.scope.map { $0 == .frontMatter ? "Front matter" : "Back matter" } ?? chapter
            if section != heading {
                out += "\n## \(section)\n\n"
                heading = section
            }
            out += "- " + blockLine(change) + "\n"
        }
        if !diff.noise.isEmpty {
            out += "\n## Extraction noise (not counted)\n\n"
            for entry in diff.noise {
                let text = entry.newText ?? entry.newChapter ?? entry.oldText ?? entry.oldChapter ?? ""
                out += "- \(entry.reason?.rawValue ?? "noise"): \(md(excerpt(text)))\n"
            }
        }
        return out
    }

    private static func chapterLine(_ c: Change) -> String {
        let scope = c.scope.map { " (\($0.rawValue.replacingOccurrences(of: "_", with: " ")))" } ?? ""
        switch c.type {
        case .chapterAdded: return "Added: **\(md(c.newChapter ?? "untitled"))**\(scope)"
        case .chapterRemoved: return "Removed: **\(md(c.oldChapter ?? "untitled"))**\(scope)"
        case .chapterRetitled:
            return "Retitled: **\(md(c.oldChapter ?? "untitled"))** → **\(md(c.newChapter ?? "untitled"))**\(scope)"
        default:
            let before = (c.oldAuthors ?? []).map(md).joined(separator: "; ")
            let after = (c.newAuthors ?? []).map(md).joined(separator: "; ")
            return "Authors of **\(md(c.newChapter ?? "untitled"))**: \(before) → \(after)\(scope)"
        }
    }

    private static func blockLine(_ c: Change) -> String {
        let kind = (c.kind?.rawValue ?? "block").replacingOccurrences(of: "_", with: " ")
        let page = c.newPage.map { " (p. \($0))" } ?? c.oldPage.map { " (old p. \($0))" } ?? ""
        switch c.type {
        case .blockAdded: return "Added \(kind)\(page): \(md(excerpt(c.newText ?? "")))"
        case .blockRemoved: return "Removed \(kind)\(page): ~~\(md(excerpt(c.oldText ?? "")))~~"
        case .blockMoved:
            let from = md(c.oldChapter ?? "untitled")
            let to = md(c.newChapter ?? "untitled")
            let place = from == to ? "within the chapter" : "from *\(from)* to *\(to)*"
            let edit = c.words.map { ", edited: " + markedWords($0) } ?? ": \(md(excerpt(c.newText ?? "")))"
            return "Moved \(kind) \(place)\(page)\(edit)"
        default:
            return "Edited \(kind)\(page): " + markedWords(c.words ?? [])
        }
    }

    /// The changed runs with a few words of context: ~~deleted~~ **inserted**.
    private static func markedWords(_ runs: [WordChange]) -> String {
        var parts: [String] = []
        for (i, run) in runs.enumerated() {
            switch run.op {
            case .delete: parts.append("~~\(md(run.text))~~")
            case .insert: parts.append("**\(md(run.text))**")
            case .equal:
                let words = run.text.split(separator: " ")
                let context = 5
                if words.count <= context * 2 + 1 || (i == 0 && words.count <= context) {
                    parts.append(md(run.text))
                } else {
                    let head = i == 0 ? [] : words.prefix(context)
                    let tail = i == runs.count - 1 ? [] : words.suffix(context)
                    parts.append(md((head + ["…"] + tail).joined(separator: " ")))
                }
            }
        }
        return parts.joined(separator: " ")
    }

    private static func excerpt(_ text: String, words limit: Int = 30) -> String {
        let words = text.split(separator: " ")
        return words.count <= limit ? text : words.prefix(limit).joined(separator: " ") + " …"
    }

    /// Markdown's punctuation made literal.
    private static func md(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_[]<>#~|".contains(ch) { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }

    private static func isBlock(_ type: ChangeType) -> Bool {
        [.blockAdded, .blockRemoved, .blockEdited, .blockMoved].contains(type)
    }

    private static func label(_ type: ChangeType, plural: Bool) -> String {
        let name = type.rawValue.replacingOccurrences(of: "_", with: " ")
        guard plural else { return name }
        let words = name.split(separator: " ")
        return words.first.map { "\($0)s " + words.dropFirst().joined(separator: " ") } ?? name
    }

    // MARK: HTML

    /// A self-contained page: one row per change, the old edition on the
    /// left and the new on the right, deletions and insertions marked.
    public static func html(_ diff: EditionDiff) -> String {
        let title = "Changes: \(diff.old.source) → \(diff.new.source)"
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(html(title))</title>
            <style>\(css)</style>
            </head>
            <body>
            <main>
            <h1>\(html(title))</h1>
            <p class="summary">\(html(diff.changes.isEmpty ? "No changes." : diff.counts.map { "\($0.count) \(label($0.type, plural: $0.count != 1))" }.joined(separator: ", ")))</p>
            <table class="diff">
            <thead><tr><th scope="col">Change</th><th scope="col">\(html(diff.old.source))</th><th scope="col">\(html(diff.new.source))</th></tr></thead>
            <tbody>

            """
        for change in diff.changes { out += htmlRow(change, noise: false) }
        for entry in diff.noise { out += htmlRow(entry, noise: true) }
        out += "</tbody>\n</table>\n</main>\n</body>\n</html>\n"
        return out
    }

    private static func htmlRow(_ c: Change, noise: Bool) -> String {
        let type = c.type.rawValue.replacingOccurrences(of: "_", with: " ")
        var what = "<strong>\(html(type))</strong>"
        if let kind = c.kind { what += "<br>\(html(kind.rawValue.replacingOccurrences(of: "_", with: " ")))" }
        if let reason = c.reason { what += "<br><em>noise: \(html(reason.rawValue))</em>" }
        if let scope = c.scope { what += "<br><em>\(html(scope.rawValue))</em>" }
        let chapter: (String?) -> String = { $0.map { "<div class=\"chapter\">\(html($0))</div>" } ?? "" }
        var left = chapter(c.oldChapter)
        var right = chapter(c.newChapter)
        if let words = c.words {
            left +=
                "<p>"
                + words.filter { $0.op != .insert }.map { run in
                    run.op == .delete ? "<del>\(html(run.text))</del>" : html(run.text)
                }.joined(separator: " ") + "</p>"
            right +=
                "<p>"
                + words.filter { $0.op != .delete }.map { run in
                    run.op == .insert ? "<ins>\(html(run.text))</ins>" : html(run.text)
                }.joined(separator: " ") + "</p>"
        } else if c.oldAuthors != nil || c.newAuthors != nil {
            left += "<p>\(html((c.oldAuthors ?? []).joined(separator: "; ")))</p>"
            right += "<p>\(html((c.newAuthors ?? []).joined(separator: "; ")))</p>"
        } else {
            switch c.type {
            case .blockRemoved: left += "<p><del>\(html(c.oldText ?? ""))</del></p>"
            case .blockAdded: right += "<p><ins>\(html(c.newText ?? ""))</ins></p>"
            case .chapterRemoved: left = "<p><del>\(html(c.oldChapter ?? ""))</del></p>"
            case .chapterAdded: right = "<p><ins>\(html(c.newChapter ?? ""))</ins></p>"
            case .chapterRetitled:
                left = "<p><del>\(html(c.oldChapter ?? ""))</del></p>"
                right = "<p><ins>\(html(c.newChapter ?? ""))</ins></p>"
            default:
                left += "<p>\(html(c.oldText ?? ""))</p>"
                right += "<p>\(html(c.newText ?? ""))</p>"
            }
        }
        let rowClass = noise ? " class=\"noise\"" : ""
        return "<tr\(rowClass)><th scope=\"row\">\(what)</th><td>\(left)</td><td>\(right)</td></tr>\n"
    }

    /// Text as HTML, safe in elements and quoted attributes: the HTML exporter's escaping.
    static func html(_ text: String) -> String { HTMLExporter.escape(text) }

    static let css = """
        body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#fafafa;color:#222}\
        main{max-width:1200px;margin:0 auto;padding:1rem}\
        table.diff{border-collapse:collapse;width:100%;table-layout:fixed}\
        th,td{border:1px solid #ddd;padding:.4rem .6rem;vertical-align:top;text-align:left}\
        thead th:first-child,tbody th{width:10rem}\
        td p{margin:.2rem 0}.chapter{font-size:.8rem;color:#666}\
        del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}\
        tr.noise{opacity:.6}
        """
}
