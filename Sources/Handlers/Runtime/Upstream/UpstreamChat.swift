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

/// A provider kind's way of streaming chat completions: ``StreamingUpstream`` with the kind's
/// ``ChatWire`` (`openai-compatible`: ``OpenAICompatibleWire``; `anthropic`: ``AnthropicWire``).
protocol ChatUpstream: Sendable {
    /// The temperatures the provider accepts; a turn asking for another is refused before it
    /// starts.
    var temperatureRange: ClosedRange<Double> { get }

    /// Streams the answer. Cancelling the consuming task cancels the upstream request at once.
    func stream(_ request: UpstreamChatRequest) -> AsyncThrowingStream<UpstreamChunk, any Error>
}
