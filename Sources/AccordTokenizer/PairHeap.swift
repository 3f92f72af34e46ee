/// A binary min-heap of candidate merges, ordered by rank and then by start offset.
///
/// Both go into one `UInt64` key (rank in the high half), so ordering is a single integer
/// comparison and ties on rank go to the leftmost pair, as in tiktoken.
struct PairHeap {
    private var keys: [UInt64] = []

    /// Adds the pair starting at `start` whose merged bytes have `rank`.
    mutating func push(rank: UInt32, start: Int) {
        var index = keys.count
        let key = UInt64(rank) << 32 | UInt64(UInt32(truncatingIfNeeded: start))
        keys.append(key)
        while index > 0 {
            let parent = (index - 1) / 2
            guard keys[parent] > key else { break }
            keys[index] = keys[parent]
            index = parent
        }
        keys[index] = key
    }

    /// Removes and returns the lowest-ranked, then leftmost, pair.
    mutating func pop() -> (rank: UInt32, start: Int)? {
        guard let top = keys.first else { return nil }
        let last = keys.removeLast()
        if !keys.isEmpty {
            var index = 0
            let count = keys.count
            while true {
                var child = 2 * index + 1
                guard child < count else { break }
                if child + 1 < count && keys[child + 1] < keys[child] {
                    child += 1
                }
                guard keys[child] < last else { break }
                keys[index] = keys[child]
                index = child
            }
            keys[index] = last
        }
        return (UInt32(top >> 32), Int(top & 0xFFFF_FFFF))
    }
}
