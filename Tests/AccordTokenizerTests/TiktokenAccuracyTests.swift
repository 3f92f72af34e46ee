import AccordTokenizer
import Foundation
import Testing

/// The Swift tokenizer must give exactly tiktoken's token ids, which the tests ask tiktoken for.
@Suite struct TiktokenAccuracyTests {
    @Test(arguments: TestCorpus.allCases, TiktokenEncoding.allCases)
    func tokenIdsEqualTiktoken(section: TestCorpus, encoding: TiktokenEncoding) throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(encoding)
        let texts = section.texts
        let expected = try ReferenceTokenizer.encode(texts, encoding: encoding)
        var mismatches = 0
        for (text, reference) in zip(texts, expected) {
            let tokens = tokenizer.encode(text)
            if tokens != reference {
                mismatches += 1
                // Scalars are printed escaped, as the differences are often invisible ones.
                Issue.record(
                    """
                    \(encoding.name) differs on \(String(reflecting: text))
                      scalars: \(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
                      swift:    \(tokens)
                      tiktoken: \(reference)
                    """)
            }
            #expect(tokenizer.count(text) == reference.count)
            #expect(tokenizer.decode(tokens) == text)
        }
        #expect(mismatches == 0, "\(mismatches) of \(texts.count) texts differ")
    }

    /// The scanner implements the patterns written in `TiktokenSplitPattern`; those must be the
    /// ones the installed tiktoken uses, or an upgrade changed them.
    @Test(arguments: TiktokenEncoding.allCases)
    func patternsAndSpecialTokensAreTiktokens(encoding: TiktokenEncoding) throws {
        let settings = try ReferenceTokenizer.settings(of: encoding)
        #expect(encoding.splitPattern.regularExpression == settings.pattern)
        #expect(encoding.specialTokens == settings.specialTokens)
    }

    @Test func corpusIsLargeAndVaried() {
        #expect(TestCorpus.allTexts.count >= 300)
        #expect(FuzzCorpus.strings(count: 3, seed: 7) == FuzzCorpus.strings(count: 3, seed: 7))
    }

    @Test(arguments: TiktokenEncoding.allCases)
    func emptyTextHasNoTokens(encoding: TiktokenEncoding) throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(encoding)
        #expect(tokenizer.encode("") == [])
        #expect(tokenizer.count("") == 0)
    }

    /// encode_ordinary treats special-token text as plain text; user input must not produce them.
    @Test(arguments: TiktokenEncoding.allCases)
    func specialTokenTextIsOrdinaryText(encoding: TiktokenEncoding) throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(encoding)
        let text = "<|endoftext|> and <|endofprompt|>"
        let tokens = tokenizer.encode(text)
        #expect(tokens == (try ReferenceTokenizer.encode([text], encoding: encoding))[0])
        #expect(Set(tokens).isDisjoint(with: encoding.specialTokens.values))
    }
}
