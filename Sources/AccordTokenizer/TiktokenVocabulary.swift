import Foundation

/// A byte-pair-encoding vocabulary in tiktoken's format: a token's bytes mapped to its rank.
///
/// A `.tiktoken` file has one token per line: the token's bytes in base64, a space, and its rank
/// (which is also its token id, and its merge priority: lower ranks merge first). The lookup
/// table is built by hand rather than as a `[[UInt8]: Int]` because the byte-pair merge looks up
/// every adjacent pair of every word, and hashing short byte ranges in place, without creating
/// an array per lookup, is what makes counting fast.
public struct TiktokenVocabulary: Sendable {
    let table: VocabularyTable

    /// How many tokens the vocabulary has.
    public var count: Int { table.entryCount }

    /// Loads a `.tiktoken` file.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url, options: .mappedIfSafe)
        try self.init(tiktokenFile: data, source: url.path)
    }

    /// Parses the contents of a `.tiktoken` file; `source` names it in errors.
    public init(tiktokenFile contents: Data, source: String = "vocabulary") throws {
        table = try contents.withUnsafeBytes { buffer in
            try VocabularyTable(parsing: buffer.bindMemory(to: UInt8.self), source: source)
        }
    }

    /// The rank of a token given by its bytes, or nil when those bytes are not one token.
    public func rank<Bytes: Collection>(of bytes: Bytes) -> Int? where Bytes.Element == UInt8 {
        guard !bytes.isEmpty else { return nil }
        let found = bytes.withContiguousStorageIfAvailable { buffer in
            table.rank(of: buffer.baseAddress!, count: buffer.count)
        }
        if let found {
            return found.map(Int.init)
        }
        return Array(bytes).withUnsafeBufferPointer { table.rank(of: $0.baseAddress!, count: $0.count) }.map(Int.init)
    }

    /// The bytes of the token with `rank`, or nil when no token has it.
    public func bytes(ofRank rank: Int) -> [UInt8]? {
        guard let entry = table.entry(ofRank: rank) else { return nil }
        return table.bytes(ofEntry: entry)
    }
}
