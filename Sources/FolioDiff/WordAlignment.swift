import FolioText

/// Longest-common-subsequence alignment of word sequences: the similarity the
/// differ matches blocks by, and the word-level difference of an edit.
enum WordAlignment {
    enum Step: Equatable { case equal(Int, Int), delete(Int), insert(Int) }

    /// Indel similarity in 0…1: twice the common words over all words (the
    /// measure `score_diff.py` uses, so "similar" means the same to both).
    static func similarity<T: Equatable>(_ a: [T], _ b: [T]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        return 2 * Double(commonLength(a, b)) / Double(a.count + b.count)
    }

    /// The common prefix's length and where the common suffix starts in each:
    /// most edits touch a few words, and only the middle needs a table.
    static func commonEnds<T: Equatable>(_ a: [T], _ b: [T]) -> (start: Int, endA: Int, endB: Int) {
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count
        var endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] {
            endA -= 1
            endB -= 1
        }
        return (start, endA, endB)
    }

    /// Length of the longest common subsequence, in O(min) memory.
    static func commonLength<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        let (start, endA, endB) = commonEnds(a, b)
        let shared = start + (a.count - endA)
        if endA == start || endB == start { return shared }
        var previous = [Int32](repeating: 0, count: endB - start + 1)
        var current = previous
        for i in start..<endA {
            for j in start..<endB {
                let k = j - start + 1
                current[k] = a[i] == b[j] ? previous[k - 1] + 1 : max(previous[k], current[k - 1])
            }
            swap(&previous, &current)
        }
        return shared + Int(previous[endB - start])
    }

    /// The steps turning `a` into `b`, deletions before insertions within a run.
    static func steps<T: Equatable>(_ a: [T], _ b: [T]) -> [Step] {
        let (start, endA, endB) = commonEnds(a, b)
        let n = endA - start
        let m = endB - start
        // table[i][j]: common length of a[start+i..<endA] and b[start+j..<endB].
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i * (m + 1) + j] =
                        a[start + i] == b[start + j]
                        ? table[(i + 1) * (m + 1) + j + 1] + 1
                        : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
                }
            }
        }
        var out = (0..<start).map { Step.equal($0, $0) }
        var i = 0
        var j = 0
        var deletions: [Step] = []
        var insertions: [Step] = []
        func flush() {
            out += deletions + insertions
            deletions.removeAll()
            insertions.removeAll()
        }
        while i < n || j < m {
            if i < n, j < m, a[start + i] == b[start + j] {
                flush()
                out.append(.equal(start + i, start + j))
                i += 1
                j += 1
            } else if j == m || (i < n && table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) {
                deletions.append(.delete(start + i))
                i += 1
            } else {
                insertions.append(.insert(start + j))
                j += 1
            }
        }
        flush()
        out += (0..<(a.count - endA)).map { Step.equal(endA + $0, endB + $0) }
        return out
    }

    /// Runs of consecutive non-equal steps, as (deleted indices, inserted indices).
    static func changedRuns(_ steps: [Step]) -> [(deleted: [Int], inserted: [Int])] {
        var runs: [(deleted: [Int], inserted: [Int])] = []
        var deleted: [Int] = []
        var inserted: [Int] = []
        for step in steps {
            switch step {
            case .equal:
                if !deleted.isEmpty || !inserted.isEmpty { runs.append((deleted, inserted)) }
                deleted = []
                inserted = []
            case .delete(let i): deleted.append(i)
            case .insert(let j): inserted.append(j)
            }
        }
        if !deleted.isEmpty || !inserted.isEmpty { runs.append((deleted, inserted)) }
        return runs
    }

    /// Levenshtein distance of two words, in characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// Indices of a longest strictly increasing subsequence of `values`
    /// (patience sorting): the matched blocks that kept their order.
    static func longestIncreasing(_ values: [Int]) -> Set<Int> {
        var tails: [Int] = []  // index into values of the smallest tail of each length
        var parent = [Int](repeating: -1, count: values.count)
        for (i, v) in values.enumerated() {
            let low = tails.partitionPoint { values[$0] < v }
            if low > 0 { parent[i] = tails[low - 1] }
            if low == tails.count { tails.append(i) } else { tails[low] = i }
        }
        var kept = Set<Int>()
        var k = tails.last ?? -1
        while k >= 0 {
            kept.insert(k)
            k = parent[k]
        }
        return kept
    }
}
