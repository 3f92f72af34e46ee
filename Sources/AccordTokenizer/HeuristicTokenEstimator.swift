/// Estimates token counts for models whose tokenizer Accord does not have, with a likely range.
///
/// The text is reduced to feature counts (`TextFeatures`: ASCII words, digit groups,
/// punctuation, whitespace runs, and scalars per script family, since tokenizers differ most by
/// script), and the estimate and both bounds are linear in those counts. The coefficients are
/// fitted by `calibrate.py` against four real BPE tokenizers (cl100k_base, o200k_base, and the
/// Anthropic and DeepSeek tokenizers): the estimate tracks their mean, and the range is drawn so
/// that over 99% of their counts on a varied held-out corpus fall inside it. English-like text
/// (`isEnglishLike`) has coefficients of its own, with an estimate within about 3% of the
/// tokenizers' mean and a range about ±20% wide, since the tokenizers agree on it; other text
/// gets wider ranges, widest for scripts some tokenizers encode byte by byte (Hindi can cost one
/// tokenizer four times what it costs another). Estimating takes one pass over the
/// text and no vocabulary.
public struct HeuristicTokenEstimator: Sendable {
    /// An estimator with the calibrated coefficients.
    public init() {}

    /// The estimated token count of `text`, with its range.
    public func estimate(_ text: String) -> TokenCountEstimate {
        let features = TextFeatures(text)
        guard features[.constant] > 0 else { return TokenCountEstimate(estimate: 0, low: 0, high: 0) }
        let english = Self.isEnglishLike(features)
        var point = 0.0
        var low = 0.0
        var high = 0.0
        for (count, weights) in zip(features.counts, HeuristicCoefficients.weights) {
            let count = Double(count)
            let bounds = english ? weights.english : weights.other
            point += count * bounds.estimate
            low += count * bounds.low
            high += count * bounds.high
        }
        let estimate = max(1, Int(point.rounded()))
        let lowBound = max(0, Int((low * (1 - HeuristicCoefficients.margin) - HeuristicCoefficients.slack).rounded(.down)))
        let highBound = Int((high * (1 + HeuristicCoefficients.margin) + HeuristicCoefficients.slack).rounded(.up))
        return TokenCountEstimate(estimate: estimate, low: min(lowBound, estimate), high: max(highBound, estimate))
    }

    /// Whether text gets the narrower English-like bounds: at least three common words
    /// (`HeuristicCoefficients.commonWordList`) making up a fifth of its ASCII words, and under 5%
    /// of its scalars outside ASCII letters, digits, punctuation and whitespace. That is English
    /// prose and code with English identifiers; `calibrate.py` applies the same rule.
    static func isEnglishLike(_ features: TextFeatures) -> Bool {
        let common = features[.commonWords]
        return common >= 3 && 5 * common >= common + features[.otherWords]
            && 20 * features.unusualScalarCount < features.scalarCount
    }

    /// The estimated prompt tokens of chat `messages`, framing included.
    ///
    /// Each field is estimated on its own and OpenAI's framing (see
    /// `TiktokenTokenizer.countChatMessages`) is added to the estimate and both bounds: other
    /// providers frame messages differently but similarly, a few tokens per message.
    public func estimate(messages: [ChatMessageText]) -> TokenCountEstimate {
        let framing = TiktokenTokenizer.tokensPrimingReply + messages.count * TiktokenTokenizer.tokensPerMessage
        var total = TokenCountEstimate(estimate: framing, low: framing, high: framing)
        for message in messages {
            total = total + estimate(message.role) + estimate(message.content)
            if let name = message.name {
                let perName = TiktokenTokenizer.tokensPerName
                total = total + estimate(name) + TokenCountEstimate(estimate: perName, low: perName, high: perName)
            }
        }
        return total
    }
}
