extension Array {
    /// The elements whose indices are not in `dropped`, in order.
    func removing(indices dropped: Set<Int>) -> [Element] {
        guard !dropped.isEmpty else { return self }
        return enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }
}
