/// Hyphens as the rules see them. Two sets on purpose:
/// - ``lineEnd``: what can end a line mid-word and is resolved by joining:
///   the hyphen-minus, the Unicode hyphen and the soft hyphen (which only
///   ever marks a break).
/// - ``inWord``: what a compound is spelled with (`fossil-fuel`): no soft
///   hyphen, which is never part of a spelling.
package enum Hyphens {
    package static let lineEnd: Set<Character> = ["-", "\u{2010}", "\u{00AD}"]
    package static let inWord: Set<Character> = ["-", "\u{2010}"]
}

/// Where a pull-quote stands: near the passage it repeats, on the same spread
/// or a few pages before or after. Looking only there keeps a long document
/// that repeats itself (a series bound together) from costing quadratic time;
/// text mode's sidebar search uses the same window.
package enum QuoteDistance {
    package static let pages = 5
}
