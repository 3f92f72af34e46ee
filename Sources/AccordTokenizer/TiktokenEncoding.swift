/// The OpenAI encodings AccordTokenizer counts exactly: which vocabulary file and split pattern each uses.
public enum TiktokenEncoding: String, Sendable, Hashable, CaseIterable {
    /// The encoding of GPT-4, GPT-3.5 Turbo and the text-embedding-3 models.
    case cl100kBase = "cl100k_base"
    /// The encoding of GPT-4o, GPT-4.1, o1, o3 and o4-mini.
    case o200kBase = "o200k_base"

    /// The encoding's name as tiktoken and OpenAI spell it.
    public var name: String { rawValue }

    /// The vocabulary's file name in the directory `scripts/fetch-tokenizers.sh` fills.
    public var fileName: String { "\(rawValue).tiktoken" }

    /// How the encoding splits text into pieces before merging.
    public var splitPattern: TiktokenSplitPattern {
        switch self {
        case .cl100kBase: .cl100k
        case .o200kBase: .o200k
        }
    }

    /// The special tokens tiktoken defines for the encoding (never produced from plain text).
    public var specialTokens: [String: Int] {
        switch self {
        case .cl100kBase:
            [
                "<|endoftext|>": 100_257, "<|fim_prefix|>": 100_258, "<|fim_middle|>": 100_259,
                "<|fim_suffix|>": 100_260, "<|endofprompt|>": 100_276,
            ]
        case .o200kBase:
            ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018]
        }
    }
}
