extension RandomAccessCollection where Index == Int {
    /// The first index whose element does not satisfy `isBefore`, for a
    /// collection where every element that does comes first (sorted data and a
    /// "less than the key" test): a binary search. `endIndex` when all satisfy it.
    @inlinable
    package func partitionPoint(where isBefore: (Element) throws -> Bool) rethrows -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if try isBefore(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
