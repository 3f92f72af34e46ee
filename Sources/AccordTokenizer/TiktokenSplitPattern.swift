/// The regular expression tiktoken splits text with before byte-pair merging, per encoding.
///
/// `PieceScanner` implements these patterns by hand; the expressions are kept here as the
/// specification it follows (copied from tiktoken 0.14.0's `tiktoken_ext/openai_public.py`).
public enum TiktokenSplitPattern: Sendable, Hashable {
    /// cl100k_base's pattern: possessive runs of letters, numbers in threes, trailing whitespace kept whole.
    case cl100k
    /// o200k_base's pattern: words split at case changes, contractions kept with their word.
    case o200k

    /// The pattern as tiktoken (fancy-regex) spells it.
    public var regularExpression: String {
        switch self {
        case .cl100k:
            #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .o200k:
            [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#,
                #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
                #"\s*[\r\n]+"#,
                #"\s+(?!\S)"#,
                #"\s+"#,
            ].joined(separator: "|")
        }
    }
}
