import Foundation

/// Pages chosen with `--pages`: `3`, `3-5`, `1,4,7-9` (1-based, inclusive).
public struct PageSelection: Equatable, Sendable {
    public var ranges: [ClosedRange<Int>]

    /// Parses the option's value; nil when it is not a list of pages and ranges.
    public init?(_ text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
                let lo = Int(bounds[0]), let hi = Int(bounds[bounds.count - 1]), lo >= 1, lo <= hi
            else { return nil }
            ranges.append(lo...hi)
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }

    /// The largest page asked for.
    public var last: Int { ranges.map(\.upperBound).max() ?? 0 }

    /// Selected pages in ascending order, without repeats.
    public var pages: [Int] { Array(Set(ranges.flatMap { Array($0) })).sorted() }

    public func contains(_ page: Int) -> Bool { ranges.contains { $0.contains(page) } }
}
