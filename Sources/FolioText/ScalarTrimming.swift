extension String {
    /// The text without leading and trailing scalars from `set`. Works on the
    /// scalars in place: the hot paths trim every word and every paragraph end,
    /// where bridging to Foundation's `trimmingCharacters` would copy the whole text.
    package func trimming(_ set: Set<Unicode.Scalar>) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start, set.contains(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// The last scalar that is not in `skipped` (closing quotes, brackets, spaces).
    package func lastScalar(skipping skipped: Set<Unicode.Scalar>) -> Unicode.Scalar? {
        unicodeScalars.last { !skipped.contains($0) }
    }
}

extension Set where Element == Unicode.Scalar {
    /// The scalars of `string`, as a set: `Set(scalarsOf: "”\"’' ")`.
    package init(scalarsOf string: String) { self.init(string.unicodeScalars) }
}
