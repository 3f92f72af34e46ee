/// Byte-pair merging for long pieces in O(n log n), with exactly `BytePairMerger`'s result.
///
/// The flat-array merge (`BytePairMerger`, tiktoken's `_byte_pair_merge`) rescans every part
/// after each merge, which is quadratic: a megabyte-long run of letters (a base64 blob, a
/// minified bundle) would take minutes, and the server accepts texts of a megabyte. (tiktoken
/// itself bounds this too: 0.14.0 encodes a megabyte of random letters in about a second.) Here the candidate pairs sit in a min-heap keyed by
/// (rank, start offset), which pops the same pair the flat scan would pick (lowest rank, then
/// leftmost), and the parts form a linked list so a merge is O(1) plus the heap updates.
/// A heap entry goes stale when either of its parts merges with something else; it is then
/// skipped on pop, recognised by its rank no longer being the left part's current pair rank
/// (a pair's rank identifies its bytes, so an unchanged rank means an unchanged pair).
struct LongPieceMerger {
    let table: VocabularyTable

    /// Merges `piece[0 ..< count]` (at least two bytes) and calls `emit` with each resulting token.
    func merge(_ piece: UnsafePointer<UInt8>, count: Int, emit: (UInt32) -> Void) {
        // Per byte offset where a part starts: the next part's start, and the part's pair rank
        // and token. Offsets that no longer start a part are never read again.
        var next = [Int32](unsafeUninitializedCapacity: count + 1) { buffer, initialized in
            for offset in 0...count {
                buffer[offset] = Int32(offset + 1)
            }
            initialized = count + 1
        }
        var previous = [Int32](unsafeUninitializedCapacity: count + 1) { buffer, initialized in
            for offset in 0...count {
                buffer[offset] = Int32(offset - 1)
            }
            initialized = count + 1
        }
        var pairRank = [UInt32](repeating: .max, count: count + 1)
        var token = table.singleByteRanks.withUnsafeBufferPointer { byteRanks in
            (0..<count).map { byteRanks[Int(piece[$0])] }
        }
        var heap = PairHeap()
        for offset in 0..<(count - 1) {
            if let rank = table.rank(of: piece + offset, count: 2) {
                pairRank[offset] = rank
                heap.push(rank: rank, start: offset)
            }
        }

        /// The rank of the part at `start` merged with the part after it, if that is a token.
        func rankOfPair(startingAt start: Int) -> UInt32 {
            let second = Int(next[start])
            guard second < count else { return .max }
            let end = Int(next[second])
            return table.rank(of: piece + start, count: end - start) ?? .max
        }

        while let (rank, start) = heap.pop() {
            guard pairRank[start] == rank else { continue }  // stale: the pair has changed
            // Merge the part at `start` with the one after it.
            let removed = Int(next[start])
            let after = Int(next[removed])
            pairRank[removed] = .max  // no longer starts a part, so its heap entries are stale
            next[start] = Int32(after)
            if after <= count {
                previous[after] = Int32(start)
            }
            token[start] = rank
            pairRank[start] = rankOfPair(startingAt: start)
            if pairRank[start] != .max {
                heap.push(rank: pairRank[start], start: start)
            }
            let before = Int(previous[start])
            if before >= 0 {
                pairRank[before] = rankOfPair(startingAt: before)
                if pairRank[before] != .max {
                    heap.push(rank: pairRank[before], start: before)
                }
            }
        }
        var start = 0
        while start < count {
            emit(token[start])
            start = Int(next[start])
        }
    }
}
