import Foundation

/// One request to a model provider, in provider-neutral terms; each ``ChatUpstream`` turns it
/// into its own wire format.
struct UpstreamChatRequest: Sendable {
    var baseURL: String
    var apiKey: String?
    var model: String
    var messages: [(role: String, content: String)]
    var temperature: Double
    var maxTokens: Int
    var stop: [String]
    /// Propagated as the upstream request's `traceparent` (a child of the caller's trace).
    var traceparent: String
    var timeout: Duration
}

/// What a provider streams back, in provider-neutral terms.
enum UpstreamChunk: Sendable, Equatable {
    /// A fragment of the answer.
    case delta(String)
    /// Token counts as the provider reports them.
    case usage(input: Int, output: Int)
    /// Why generation ended, in the provider's words (`stop`, `length`, …).
    case finish(String)
}

/// A provider failed: before answering (unreachable, an error status) or while streaming
/// (a broken connection, something that is not its protocol).
struct UpstreamFailure: Error, Sendable, CustomStringConvertible {
    /// The provider's HTTP status, when it answered one.
    var status: Int?
    var detail: String

    var description: String { detail }
}

/// A wire protocol for chat completions. `openai-compatible` is the first; another protocol
/// (such as Anthropic's event format) is another conformance mapping its events to
/// ``UpstreamChunk``.
protocol ChatUpstream: Sendable {
    /// Streams the answer. Cancelling the consuming task cancels the upstream request at once.
    func stream(_ request: UpstreamChatRequest) -> AsyncThrowingStream<UpstreamChunk, any Error>
}
