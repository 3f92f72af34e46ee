import Foundation

/// The storage behind `TiktokenVocabulary`: every token's bytes in one buffer, and an
/// open-addressing hash table (linear probing) from those bytes to the token's rank.
///
/// Each slot holds the key's first eight bytes, its length and its rank, so looking up a key of
/// up to eight bytes (most byte-pair lookups) reads one slot and nothing else; longer keys compare
/// the rest of their bytes with the token buffer.
///
/// Raw buffers rather than arrays keep the hot lookup free of bounds checks, reference counting
/// and exclusivity checks; the table is never mutated after `init`, which is what makes the
/// `@unchecked Sendable` sound.
final class VocabularyTable: @unchecked Sendable {
    /// How many tokens the table holds.
    let entryCount: Int
    /// The ranks of the 256 single-byte tokens (`UInt32.max` for a byte that is not a token),
    /// which byte-pair merging starts from.
    let singleByteRanks: [UInt32]

    /// One hash table slot; `length` 0 marks an empty one (no token is empty).
    struct Slot {
        /// The key's first eight bytes, little-endian, zero-padded.
        var prefix: UInt64
        var length: UInt32
        var rank: UInt32
    }

    /// Every token's bytes, back to back, in file order.
    private let tokenBytes: UnsafeMutablePointer<UInt8>
    /// Entry i's bytes are `tokenBytes[entryStarts[i] ..< entryStarts[i + 1]]`.
    private let entryStarts: UnsafeMutablePointer<UInt32>
    private let entryRanks: UnsafeMutablePointer<UInt32>
    private let slots: UnsafeMutablePointer<Slot>
    private let slotMask: Int
    /// Entry index + 1 of each rank (0 for none), for decoding.
    private let entryOfRank: UnsafeMutablePointer<UInt32>
    private let rankLimit: Int

    init(parsing file: UnsafeBufferPointer<UInt8>, source: String) throws {
        let bytes = file.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let size = file.count
        var lineCount = 0
        for byte in file where byte == UInt8(ascii: "\n") {
            lineCount += 1
        }
        lineCount += 1
        // Base64 is 4 characters for 3 bytes, so the decoded tokens fit in the file's size.
        tokenBytes = .allocate(capacity: max(size, 1))
        entryStarts = .allocate(capacity: lineCount + 1)
        entryRanks = .allocate(capacity: lineCount)
        var slotCount = 16
        while slotCount < lineCount * 2 {
            slotCount <<= 1
        }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: Slot(prefix: 0, length: 0, rank: 0), count: slotCount)
        slotMask = slotCount - 1

        // Which entry each slot holds, to compare long tokens while checking for duplicates.
        var slotEntries = [UInt32](repeating: 0, count: slotCount)
        var entries = 0
        var written = 0
        var maximumRank = -1
        var lineStart = 0
        var lineNumber = 0
        var failure: TiktokenVocabularyError?
        entryStarts[0] = 0
        while lineStart < size {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < size && bytes[lineEnd] != UInt8(ascii: "\n") {
                lineEnd += 1
            }
            defer { lineStart = lineEnd + 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == UInt8(ascii: "\r") {
                contentEnd -= 1
            }
            if contentEnd == lineStart {
                continue
            }
            var space = lineStart
            while space < contentEnd && bytes[space] != UInt8(ascii: " ") {
                space += 1
            }
            guard
                space < contentEnd,
                let decoded = Base64.decode(bytes + lineStart, count: space - lineStart, into: tokenBytes + written),
                decoded > 0,
                let rank = Self.parseRank(bytes + space + 1, count: contentEnd - space - 1)
            else {
                failure = TiktokenVocabularyError(source: source, line: lineNumber, reason: "expected \"<base64 token> <rank>\"")
                break
            }
            let key = UnsafePointer(tokenBytes + written)
            let (hash, prefix) = Self.hash(key, count: decoded)
            var index = Int(truncatingIfNeeded: hash) & slotMask
            var duplicate = false
            while slots[index].length != 0 {
                if slots[index].length == decoded && slots[index].prefix == prefix
                    && (decoded <= 8 || Self.equal(key, decoded, tokenBytes, entryStarts, Int(slotEntries[index])))
                {
                    duplicate = true
                    break
                }
                index = (index + 1) & slotMask
            }
            slotEntries[index] = UInt32(entries)
            if duplicate {
                failure = TiktokenVocabularyError(source: source, line: lineNumber, reason: "the token is listed twice")
                break
            }
            slots[index] = Slot(prefix: prefix, length: UInt32(decoded), rank: UInt32(rank))
            entryRanks[entries] = UInt32(rank)
            written += decoded
            entries += 1
            entryStarts[entries] = UInt32(written)
            maximumRank = max(maximumRank, rank)
        }
        entryCount = entries
        rankLimit = maximumRank + 1
        entryOfRank = .allocate(capacity: max(rankLimit, 1))
        entryOfRank.initialize(repeating: 0, count: max(rankLimit, 1))
        for entry in 0..<entries where failure == nil {
            let rank = Int(entryRanks[entry])
            if entryOfRank[rank] != 0 {
                failure = TiktokenVocabularyError(source: source, line: nil, reason: "rank \(rank) is given to two tokens")
            }
            entryOfRank[rank] = UInt32(entry + 1)
        }
        let (slots, slotMask) = (slots, slotMask)
        singleByteRanks = (0..<256).map { byte in
            let (hash, prefix) = Self.hash(prefix: UInt64(byte), count: 1)
            var index = Int(truncatingIfNeeded: hash) & slotMask
            while slots[index].length != 0 {
                if slots[index].length == 1 && slots[index].prefix == prefix {
                    return slots[index].rank
                }
                index = (index + 1) & slotMask
            }
            return .max
        }
        if let failure {
            throw failure
        }
        if entries == 0 {
            throw TiktokenVocabularyError(source: source, line: nil, reason: "the file holds no tokens")
        }
    }

    deinit {
        tokenBytes.deallocate()
        entryStarts.deallocate()
        entryRanks.deallocate()
        slots.deallocate()
        entryOfRank.deallocate()
    }

    /// The rank of the token whose bytes are `key[0 ..< count]`, if there is one.
    @inline(__always)
    func rank(of key: UnsafePointer<UInt8>, count: Int) -> UInt32? {
        let (hash, prefix) = Self.hash(key, count: count)
        var index = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let slot = slots[index]
            if slot.length == 0 {
                return nil
            }
            if slot.prefix == prefix && Int(slot.length) == count {
                if count <= 8 {
                    return slot.rank
                }
                let entry = Int(entryOfRank[Int(slot.rank)]) - 1
                if memcmp(key + 8, tokenBytes + Int(entryStarts[entry]) + 8, count - 8) == 0 {
                    return slot.rank
                }
            }
            index = (index + 1) & slotMask
        }
    }

    /// The entry index holding `rank`, if any token has it.
    func entry(ofRank rank: Int) -> Int? {
        guard rank >= 0 && rank < rankLimit, entryOfRank[rank] != 0 else { return nil }
        return Int(entryOfRank[rank]) - 1
    }

    /// The bytes of entry `entry`.
    func bytes(ofEntry entry: Int) -> [UInt8] {
        let start = Int(entryStarts[entry])
        return Array(UnsafeBufferPointer(start: tokenBytes + start, count: Int(entryStarts[entry + 1]) - start))
    }

    @inline(__always)
    private static func equal(
        _ key: UnsafePointer<UInt8>,
        _ count: Int,
        _ tokenBytes: UnsafeMutablePointer<UInt8>,
        _ entryStarts: UnsafeMutablePointer<UInt32>,
        _ entry: Int
    ) -> Bool {
        let start = Int(entryStarts[entry])
        guard Int(entryStarts[entry + 1]) - start == count else { return false }
        return memcmp(key, tokenBytes + start, count) == 0
    }

    /// A 64-bit hash of a byte string, and its first eight bytes as a little-endian word.
    ///
    /// Most keys are two to a dozen bytes, so a word-at-a-time multiply-xorshift (the mixing
    /// steps of SplitMix64) beats a byte-at-a-time hash.
    @inline(__always)
    static func hash(_ key: UnsafePointer<UInt8>, count: Int) -> (hash: UInt64, prefix: UInt64) {
        if count >= 8 {
            let prefix = UnsafeRawPointer(key).loadUnaligned(as: UInt64.self)
            var hash = mix(prefix ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count)))
            var offset = 8
            while offset + 8 <= count {
                hash = mix(hash ^ UnsafeRawPointer(key + offset).loadUnaligned(as: UInt64.self))
                offset += 8
            }
            if offset < count {
                hash = mix(hash ^ tail(key + offset, count: count - offset))
            }
            return (hash, prefix)
        }
        return hash(prefix: tail(key, count: count), count: count)
    }

    /// The hash of a key shorter than eight bytes, given as its zero-padded word.
    @inline(__always)
    static func hash(prefix: UInt64, count: Int) -> (hash: UInt64, prefix: UInt64) {
        (mix(prefix ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count))), prefix)
    }

    /// `count` (< 8) bytes as a zero-padded little-endian word.
    @inline(__always)
    private static func tail(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for offset in 0..<count {
            word |= UInt64(bytes[offset]) << shift
            shift += 8
        }
        return word
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A non-negative decimal rank, or nil.
    private static func parseRank(_ digits: UnsafePointer<UInt8>, count: Int) -> Int? {
        guard count > 0 && count <= 9 else { return nil }
        var value = 0
        for offset in 0..<count {
            let digit = Int(digits[offset]) - Int(UInt8(ascii: "0"))
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
