import Foundation
import Testing

@testable import AccordTokenizer

@Suite struct TiktokenVocabularyTests {
    private func vocabulary(_ text: String) throws -> TiktokenVocabulary {
        try TiktokenVocabulary(tiktokenFile: Data(text.utf8), source: "test.tiktoken")
    }

    @Test func parsesTokensAndRanks() throws {
        // "a", "b", "ab", "abcdefghij" (longer than a slot's inline eight bytes).
        let vocabulary = try vocabulary("YQ== 0\nYg== 1\nYWI= 2\nYWJjZGVmZ2hpag== 3\n")
        #expect(vocabulary.count == 4)
        #expect(vocabulary.rank(of: Array("ab".utf8)) == 2)
        #expect(vocabulary.rank(of: Array("abcdefghij".utf8)) == 3)
        #expect(vocabulary.rank(of: Array("abcdefghik".utf8)) == nil)
        #expect(vocabulary.rank(of: Array("ba".utf8)) == nil)
        #expect(vocabulary.rank(of: [UInt8]()) == nil)
        #expect(vocabulary.bytes(ofRank: 3) == Array("abcdefghij".utf8))
        #expect(vocabulary.bytes(ofRank: 4) == nil)
    }

    @Test(
        arguments: [
            ("YQ== 0\nnot base64! 1\n", 2),
            ("YQ== 0\nYg==\n", 2),
            ("YQ== 0\nYg== x\n", 2),
            ("YQ== 0\nYQ== 1\n", 2),
            ("YQ== 0\nYg== 0\n", nil),
        ] as [(String, Int?)])
    func rejectsMalformedFiles(text: String, line: Int?) {
        #expect {
            try vocabulary(text)
        } throws: { error in
            (error as? TiktokenVocabularyError)?.line == line
        }
    }

    @Test func tokenizerNeedsEverySingleByte() throws {
        let vocabulary = try vocabulary("YQ== 0\n")
        #expect(throws: TiktokenVocabularyError.self) {
            try TiktokenTokenizer(encoding: .cl100kBase, vocabulary: vocabulary)
        }
    }

    @Test(arguments: TiktokenEncoding.allCases)
    func everyRankRoundTrips(encoding: TiktokenEncoding) throws {
        let vocabulary = try TokenizerTestEnvironment.tokenizer(encoding).vocabulary
        for rank in stride(from: 0, to: vocabulary.count, by: 97) {
            let bytes = try #require(vocabulary.bytes(ofRank: rank))
            #expect(vocabulary.rank(of: bytes) == rank)
        }
    }

    /// The long-piece merger must pick exactly the merges tiktoken's flat scan picks.
    @Test(arguments: TiktokenEncoding.allCases)
    func longPieceMergerEqualsFlatMerger(encoding: TiktokenEncoding) throws {
        let table = try TokenizerTestEnvironment.tokenizer(encoding).vocabulary.table
        var generator = FuzzCorpus.SeededGenerator(state: 99)
        let alphabets: [[UInt8]] = [Array("abcdefghijklmnopqrstuvwxyz".utf8), Array("ab ".utf8), Array("日本語".utf8), Array(0...255)]
        for round in 0..<400 {
            let alphabet = alphabets[round % alphabets.count]
            let piece = (0..<Int.random(in: 2...300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            var flat: [UInt32] = []
            var long: [UInt32] = []
            piece.withUnsafeBufferPointer { bytes in
                let parts = UnsafeMutablePointer<BytePairMerger.Part>.allocate(capacity: bytes.count + 1)
                defer { parts.deallocate() }
                BytePairMerger(table: table).merge(bytes.baseAddress!, count: bytes.count, parts: parts) { flat.append($0) }
                LongPieceMerger(table: table).merge(bytes.baseAddress!, count: bytes.count) { long.append($0) }
            }
            #expect(flat == long, "\(piece)")
        }
    }
}
