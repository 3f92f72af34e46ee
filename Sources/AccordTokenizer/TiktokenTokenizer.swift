import Foundation

/// Exact token ids and counts for cl100k_base and o200k_base, identical to tiktoken's `encode_ordinary`.
///
/// Text is split into pieces by the encoding's pattern (`PieceScanner`); a piece that is itself a
/// token is one token, and any other is byte-pair merged (`BytePairMerger`). Special tokens such
/// as `<|endoftext|>` are ordinary text here, as with `encode_ordinary`, so user input can never
/// smuggle one in. A tokenizer is immutable and safe to share between tasks.
public struct TiktokenTokenizer: Sendable {
    /// The encoding this tokenizer implements.
    public let encoding: TiktokenEncoding
    /// The vocabulary it merges with.
    public let vocabulary: TiktokenVocabulary

    /// Pieces up to this many bytes are merged by `BytePairMerger` in stack scratch space; longer
    /// ones by `LongPieceMerger`, which gives the same tokens in O(n log n) rather than O(n²).
    private static let stackPieceLimit = 255

    /// A tokenizer for `encoding` with an already loaded vocabulary.
    ///
    /// Throws when the vocabulary lacks a single-byte token, since then some text could not be encoded.
    public init(encoding: TiktokenEncoding, vocabulary: TiktokenVocabulary) throws {
        if let missing = vocabulary.table.singleByteRanks.firstIndex(of: .max) {
            throw TiktokenVocabularyError(
                source: encoding.fileName, line: nil, reason: "byte \(missing) is not a token, so not all text can be encoded")
        }
        self.encoding = encoding
        self.vocabulary = vocabulary
        // Build the scalar class table now rather than during the first request.
        _ = ScalarClass.table
    }

    /// Loads `encoding`'s vocabulary from `directory` (see `scripts/fetch-tokenizers.sh`).
    public init(encoding: TiktokenEncoding, directory: URL) throws {
        let vocabulary = try TiktokenVocabulary(contentsOf: directory.appendingPathComponent(encoding.fileName))
        try self.init(encoding: encoding, vocabulary: vocabulary)
    }

    /// The token ids of `text`.
    public func encode(_ text: String) -> [Int] {
        var tokens: [Int] = []
        tokens.reserveCapacity(text.utf8.count / 4 + 1)
        forEachToken(in: text) { tokens.append(Int($0)) }
        return tokens
    }

    /// How many tokens `text` is, without building the token array.
    public func count(_ text: String) -> Int {
        var total = 0
        forEachToken(in: text) { _ in total += 1 }
        return total
    }

    /// The text of `tokens`; invalid UTF-8 (a token sequence cut inside a character) is repaired.
    ///
    /// Returns nil when a token id is not in the vocabulary.
    public func decode(_ tokens: [Int]) -> String? {
        var bytes: [UInt8] = []
        for token in tokens {
            guard let tokenBytes = vocabulary.bytes(ofRank: token) else { return nil }
            bytes += tokenBytes
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    private func forEachToken(in text: String, _ emit: (UInt32) -> Void) {
        var text = text
        let table = vocabulary.table
        let merger = BytePairMerger(table: table)
        let pattern = encoding.splitPattern
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return }
            withUnsafeTemporaryAllocation(of: BytePairMerger.Part.self, capacity: Self.stackPieceLimit + 1) { scratch in
                let scratch = scratch.baseAddress!
                PieceScanner(bytes: base, count: utf8.count).forEachPiece(pattern) { start, end in
                    let length = end - start
                    if let rank = table.rank(of: base + start, count: length) {
                        emit(rank)
                    } else if length <= Self.stackPieceLimit {
                        merger.merge(base + start, count: length, parts: scratch, emit: emit)
                    } else {
                        LongPieceMerger(table: table).merge(base + start, count: length, emit: emit)
                    }
                }
            }
        }
    }
}
