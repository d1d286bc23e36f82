/// Edit distance for OCR slips, where only "the same or one slip away" is asked.
package enum EditDistance {
    /// At most one substitution, insertion or deletion apart (equal included).
    /// Inlinable so that callers' hot loops (text mode's quote alignment runs it
    /// on every candidate word) get a version specialised to their element type.
    @inlinable
    @_specialize(exported:true,where C == ArraySlice<UInt32>)
    package static func atMostOne<C: BidirectionalCollection>(_ a: C, _ b: C) -> Bool where C.Element: Equatable {
        let n = a.count
        let m = b.count
        guard abs(n - m) <= 1 else { return false }
        var i = a.startIndex
        var j = b.startIndex
        while i != a.endIndex, j != b.endIndex, a[i] == b[j] {
            a.formIndex(after: &i)
            b.formIndex(after: &j)
        }
        if i == a.endIndex, j == b.endIndex { return true }
        if n == m { return a[a.index(after: i)...].elementsEqual(b[b.index(after: j)...]) }
        if n == m + 1 { return a[a.index(after: i)...].elementsEqual(b[j...]) }
        return a[i...].elementsEqual(b[b.index(after: j)...])
    }

    /// Exactly one substitution, insertion or deletion apart.
    package static func isOne(_ a: String, _ b: String) -> Bool { a != b && atMostOne(a, b) }
}
