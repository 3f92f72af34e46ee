import Foundation

/// Token counts for turn accounting when a provider reports no usage (a stream the client
/// cancelled, a provider that does not send usage); such counts are labelled `estimate`.
public enum TokenCounting {
    /// The estimator turn accounting uses.
    public static func estimator(directory: String) -> @Sendable (String) -> Int {
        { text in
            // About four bytes per token for English text with BPE vocabularies.
            text.isEmpty ? 0 : max(1, (text.utf8.count + 3) / 4)
        }
    }
}
