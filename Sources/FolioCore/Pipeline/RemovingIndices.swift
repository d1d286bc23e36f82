import FolioText

extension Array {
    /// The elements whose indices are not in `dropped`, in order.
    func removing(indices dropped: Set<Int>) -> [Element] {
        guard !dropped.isEmpty else { return self }
        return enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }
}

extension Array {
    /// The array's elements, leaving it empty: a stage hands its input over
    /// instead of keeping a second copy alive while it builds the next.
    mutating func take() -> [Element] {
        var taken: [Element] = []
        swap(&taken, &self)
        return taken
    }
}
