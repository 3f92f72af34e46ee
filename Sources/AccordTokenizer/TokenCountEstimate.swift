/// An estimated token count with the range the true count is expected to fall in.
public struct TokenCountEstimate: Sendable, Hashable {
    /// The best single guess.
    public var estimate: Int
    /// The lowest count expected from a modern BPE tokenizer.
    public var low: Int
    /// The highest count expected from a modern BPE tokenizer.
    public var high: Int

    /// An estimate with its range; `low <= estimate <= high`.
    public init(estimate: Int, low: Int, high: Int) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }

    /// Two estimates added, as for the parts of one request.
    public static func + (left: TokenCountEstimate, right: TokenCountEstimate) -> TokenCountEstimate {
        TokenCountEstimate(estimate: left.estimate + right.estimate, low: left.low + right.low, high: left.high + right.high)
    }
}
