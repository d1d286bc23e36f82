/// Edit distance for OCR slips, where only "the same or one slip away" is asked.
package enum EditDistance {
    /// At most one substitution, insertion or deletion apart (equal included).
    package static func atMostOne<C: Collection>(_ a: C, _ b: C) -> Bool where C.Element: Equatable {
        let a = Array(a)
        let b = Array(b)
        var i = 0
        while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
        if a.count == b.count { return i == a.count || a[(i + 1)...].elementsEqual(b[(i + 1)...]) }
        if a.count == b.count + 1 { return a[(i + 1)...].elementsEqual(b[i...]) }
        if b.count == a.count + 1 { return a[i...].elementsEqual(b[(i + 1)...]) }
        return false
    }

    /// Exactly one substitution, insertion or deletion apart.
    package static func isOne(_ a: String, _ b: String) -> Bool { a != b && atMostOne(a, b) }
}
