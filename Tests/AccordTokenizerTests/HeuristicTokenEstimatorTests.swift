import AccordTokenizer
import Testing

/// The heuristic's range must hold the exact counts (tiktoken's, as the accuracy tests prove)
/// of the accuracy corpus, a corpus the heuristic was not calibrated on.
///
/// The range is a calibrated statistical bound, not a guarantee: `calibrate.py` draws it to hold
/// over 99% of four tokenizers' counts on held-out text. So this allows 1% of the corpus outside
/// it (the misses are printed), and fails when more fall outside, or any by more than a third.
@Suite struct HeuristicTokenEstimatorTests {
    let estimator = HeuristicTokenEstimator()

    @Test(arguments: TiktokenEncoding.allCases)
    func rangeHoldsExactCounts(encoding: TiktokenEncoding) throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(encoding)
        var outside: [String] = []
        var absoluteError = 0
        var total = 0
        var texts = 0
        for section in TestCorpus.allCases {
            for text in section.texts {
                texts += 1
                let exact = tokenizer.count(text)
                let estimate = estimator.estimate(text)
                #expect(estimate.low <= estimate.estimate && estimate.estimate <= estimate.high)
                absoluteError += abs(estimate.estimate - exact)
                total += exact
                guard !(estimate.low...estimate.high).contains(exact) else { continue }
                outside.append(
                    "\(section): \(exact) tokens outside \(estimate.low)...\(estimate.high) for \(String(reflecting: text.prefix(80)))")
                // A miss by a wide margin is a broken heuristic, not a rare text.
                let nearest = exact < estimate.low ? estimate.low : estimate.high
                #expect(Double(abs(exact - nearest)) <= Double(exact) / 3 + 3, "\(outside.last!)")
            }
        }
        print("\(encoding.name): \(outside.count) of \(texts) texts outside the heuristic range", outside.joined(separator: "\n  "))
        #expect(Double(outside.count) <= Double(texts) * 0.01, "\(outside.joined(separator: "\n"))")
        // Not a bound the heuristic promises, but a regression alarm: on this corpus (heavy in
        // scripts and fuzz, where the four tokenizers disagree) the estimate is off either
        // encoding's counts by about a quarter to a third of its total.
        #expect(Double(absoluteError) / Double(total) < 0.4)
    }

    @Test func emptyTextIsZeroTokens() {
        #expect(estimator.estimate("") == TokenCountEstimate(estimate: 0, low: 0, high: 0))
    }

    @Test func englishRangeIsUsefullyNarrow() {
        let text = String(repeating: "The committee published its report on the city's transit network on Tuesday. ", count: 20)
        let estimate = estimator.estimate(text)
        #expect(Double(estimate.high) / Double(estimate.low) < 2)
    }

    @Test func moreTextNeverEstimatesFewerTokens() {
        var previous = TokenCountEstimate(estimate: 0, low: 0, high: 0)
        var text = ""
        for word in ["Hello", ",", " world", "!", " 12345", " 日本語", " 👋🏽", "\n\n", "    indented()"] {
            text += word
            let estimate = estimator.estimate(text)
            #expect(estimate.estimate >= previous.estimate && estimate.high >= previous.high)
            previous = estimate
        }
    }

    @Test func messagesAddFramingToEachBound() {
        let messages = [
            ChatMessageText(role: "user", content: "Hello there"), ChatMessageText(role: "assistant", content: "Hi", name: "bot"),
        ]
        let total = estimator.estimate(messages: messages)
        let parts = ["user", "Hello there", "assistant", "Hi", "bot"].map(estimator.estimate).reduce(
            TokenCountEstimate(estimate: 0, low: 0, high: 0), +)
        let framing = 3 + 2 * 3 + 1
        #expect(total == parts + TokenCountEstimate(estimate: framing, low: framing, high: framing))
    }
}
