import FolioText

/// Union–find over the indices `0..<count`: items joined pair by pair end up
/// in one group (lines of one block, gaps of one column edge).
struct DisjointSets {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    /// The representative of `i`'s group.
    mutating func find(_ i: Int) -> Int {
        var i = i
        while parent[i] != i {
            parent[i] = parent[parent[i]]
            i = parent[i]
        }
        return i
    }

    /// Puts `b`'s group into `a`'s.
    mutating func join(_ a: Int, _ b: Int) { parent[find(b)] = find(a) }
}
