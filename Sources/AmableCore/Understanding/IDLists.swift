/// A list of elements per id, all lists end to end in one array: reading a list retains no
/// array of its own, which in the per-token loops cost more than the look-up itself.
struct IDLists<Element: Sendable>: Sendable {
    /// List `id` is `elements[starts[id]..<starts[id + 1]]`.
    private var starts: [Int32] = [0]
    private var elements: [Element] = []

    /// The lists of ids `0..<count`; ids missing from `lists` get an empty list.
    init(_ lists: [Int32: [Element]], count: Int) {
        starts.reserveCapacity(count + 1)
        for id in 0..<count {
            elements += lists[Int32(id)] ?? []
            starts.append(Int32(elements.count))
        }
    }

    /// The lists of ids `0..<lists.count`.
    init(_ lists: [[Element]]) {
        starts.reserveCapacity(lists.count + 1)
        for list in lists {
            elements += list
            starts.append(Int32(elements.count))
        }
    }

    /// The lists of ids `0..<count`, each filled by `fill(id, &elements)` appending to the end.
    init(count: Int, _ fill: (Int, inout [Element]) -> Void) {
        starts.reserveCapacity(count + 1)
        for id in 0..<count {
            fill(id, &elements)
            starts.append(Int32(elements.count))
        }
    }

    /// Indices of list `id` (empty for an id beyond the lists: a word interned later).
    @inline(__always)
    func range(_ id: Int) -> Range<Int> {
        guard id >= 0, id + 1 < starts.count else { return 0..<0 }
        return Int(starts[id])..<Int(starts[id + 1])
    }

    @inline(__always)
    subscript(index: Int) -> Element { elements[index] }
}
