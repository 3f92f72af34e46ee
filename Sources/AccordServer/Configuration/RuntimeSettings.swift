import Foundation

/// How the model runtime is configured: flags and environment resolved by the command.
public struct RuntimeSettings: Sendable, Hashable {
    /// The operations that answer 423 while training mode is on when none are configured:
    /// provider changes, so a training run's data all comes from one configuration.
    public static let defaultTrainingRefusals = ["putProvider", "deleteProvider"]

    /// A command that serves the embedded model (OpenAI-compatible) on `--port N` and prints
    /// `ready N` once it answers. When set and no provider is configured, the server starts it
    /// and registers it as the default provider `local`; nil starts nothing.
    public var localModelCommand: [String]?
    /// The port the local model serves on.
    public var localModelPort: Int
    /// Terms moderation reports as `blocked_terms` (case-insensitive substrings).
    public var blockedTerms: [String]
    /// Operation ids refused with 423 while training mode is on.
    public var trainingRefusals: [String]
    /// Where `cl100k_base.tiktoken` and `o200k_base.tiktoken` are (scripts/fetch-tokenizers.sh).
    public var tokenizerDirectory: String

    public init(
        localModelCommand: [String]? = nil, localModelPort: Int = 18080, blockedTerms: [String] = [],
        trainingRefusals: [String] = defaultTrainingRefusals, tokenizerDirectory: String = ".tokenizers"
    ) {
        self.localModelCommand = localModelCommand
        self.localModelPort = localModelPort
        self.blockedTerms = blockedTerms
        self.trainingRefusals = trainingRefusals
        self.tokenizerDirectory = tokenizerDirectory
    }
}
