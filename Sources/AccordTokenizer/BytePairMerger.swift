/// Byte-pair merging of one piece, step for step as tiktoken's `_byte_pair_merge` does it.
///
/// The piece starts as single bytes. Each step finds the adjacent pair whose concatenation has
/// the lowest rank in the vocabulary (the leftmost such pair on a tie) and merges it, until no
/// adjacent pair is a token. Matching tiktoken's order exactly matters: a different, equally
/// "valid" merge order can give different tokens.
///
/// Like tiktoken, this keeps the parts in a flat array and rescans it for the minimum after each
/// merge: O(n²) for an n-byte piece, but pieces are words, and for short arrays this beats a heap.
struct BytePairMerger {
    /// One part of the piece being merged.
    struct Part {
        /// Offset of the part's first byte in the piece.
        var start: Int32
        /// Rank of this part merged with the next one (`UInt32.max`: not a token).
        var pairRank: UInt32
        /// The token this part is, which is the rank of its bytes.
        var token: UInt32
    }

    let table: VocabularyTable

    /// Merges `piece[0 ..< count]` (at least two bytes) and calls `emit` with each resulting token.
    ///
    /// `parts` is scratch space for at least `count + 1` parts.
    @inline(__always)
    func merge(
        _ piece: UnsafePointer<UInt8>,
        count: Int,
        parts: UnsafeMutablePointer<Part>,
        emit: (UInt32) -> Void
    ) {
        var partCount = count + 1
        table.singleByteRanks.withUnsafeBufferPointer { byteRanks in
            for offset in 0..<count {
                let pairRank = offset + 1 < count ? table.rank(of: piece + offset, count: 2) ?? .max : .max
                parts[offset] = Part(start: Int32(offset), pairRank: pairRank, token: byteRanks[Int(piece[offset])])
            }
        }
        parts[count] = Part(start: Int32(count), pairRank: .max, token: .max)

        while true {
            var minimumRank = UInt32.max
            var minimumIndex = 0
            for index in 0..<(partCount - 1) where parts[index].pairRank < minimumRank {
                minimumRank = parts[index].pairRank
                minimumIndex = index
            }
            if minimumRank == .max {
                break
            }
            // Recompute the neighbours' pair ranks before dropping part minimumIndex + 1, as
            // tiktoken does: part j's next pair then spans parts j ..< j + 3.
            if minimumIndex > 0 {
                parts[minimumIndex - 1].pairRank = pairRank(minimumIndex - 1, piece, parts, partCount)
            }
            parts[minimumIndex].pairRank = pairRank(minimumIndex, piece, parts, partCount)
            parts[minimumIndex].token = minimumRank
            (parts + minimumIndex + 1).update(from: parts + minimumIndex + 2, count: partCount - minimumIndex - 2)
            partCount -= 1
        }
        for index in 0..<(partCount - 1) {
            emit(parts[index].token)
        }
    }

    /// The rank of parts `index` and `index + 1` merged, with part `index + 1` not yet removed
    /// (so the merged pair ends where part `index + 3` starts).
    @inline(__always)
    private func pairRank(_ index: Int, _ piece: UnsafePointer<UInt8>, _ parts: UnsafeMutablePointer<Part>, _ partCount: Int) -> UInt32 {
        guard index + 3 < partCount else { return .max }
        let start = Int(parts[index].start)
        return table.rank(of: piece + start, count: Int(parts[index + 3].start) - start) ?? .max
    }
}
