import AccordRuntime
import Foundation

/// Anthropic's Messages API: `POST {base_url}/v1/messages` with `"stream": true`, read as its
/// events (`message_start`, `content_block_delta`, `message_delta`, `message_stop`) until
/// `message_stop`.
///
/// - `base_url` is the API's root, as Anthropic's SDKs take it (`https://api.anthropic.com`);
///   one that already ends in `/v1` works too.
/// - System messages go in `system`, joined by blank lines; the others in `messages`, in order.
/// - The key travels as `x-api-key`, with `anthropic-version: 2023-06-01`.
/// - Usage: the input tokens of `message_start` (uncached, read from the cache and written to
///   it, together), the output tokens of `message_delta`.
/// - Finish reasons: `max_tokens` is `length`, `refusal` is `content_filter`, any other
///   (`end_turn`, `stop_sequence`) is `stop`.
/// - Events of types it does not know (`ping`, content block boundaries, types added later) are
///   skipped, as Anthropic asks of clients; an `error` event fails the turn.
struct AnthropicWire: ChatWire {
    /// The API version requested.
    static let version = "2023-06-01"

    /// Anthropic refuses temperatures above 1.
    var temperatureRange: ClosedRange<Double> { 0...1 }

    func url(base: String) -> String {
        (base.hasSuffix("/v1") ? base : base + "/v1") + "/messages"
    }

    func headers(for request: UpstreamChatRequest) -> [(name: String, value: String)] {
        [("anthropic-version", Self.version)] + (request.apiKey.map { [("x-api-key", $0)] } ?? [])
    }

    func body(for request: UpstreamChatRequest) -> [UInt8] {
        let system = request.messages.filter { $0.role == "system" }.map(\.content)
        let conversation = request.messages.filter { $0.role != "system" }
        var object: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": messagesJSON(conversation),
            "max_tokens": .integer(Int64(request.maxTokens)),
            "stream": .bool(true),
            "temperature": .number(request.temperature),
        ]
        if !system.isEmpty { object["system"] = .string(system.joined(separator: "\n\n")) }
        if !request.stop.isEmpty { object["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        return CanonicalJSON.bytes(.object(object))
    }

    func reader() -> Reader { Reader() }

    struct Reader: ChatEventReader {
        static var ending: String { "message_stop" }

        /// From `message_start`, until `message_delta` reports the output.
        private var inputTokens: Int?

        mutating func read(_ event: ServerSentEvent) throws -> [UpstreamChunk]? {
            let object = try eventObject(event)
            switch object["type"]?.stringValue {
            case "message_start":
                if case .object(let message)? = object["message"], case .object(let usage)? = message["usage"] {
                    inputTokens = Self.inputTokens(usage)
                }
                return []
            case "content_block_delta":
                guard case .object(let delta)? = object["delta"], delta["type"]?.stringValue == "text_delta",
                    let text = delta["text"]?.stringValue, !text.isEmpty
                else { return [] }
                return [.delta(text)]
            case "message_delta":
                var chunks: [UpstreamChunk] = []
                if case .object(let delta)? = object["delta"], let reason = delta["stop_reason"]?.stringValue {
                    chunks.append(.finish(Self.finishReason(reason)))
                }
                // Later API versions repeat the input tokens here; they then win.
                if case .object(let usage)? = object["usage"], let output = usage["output_tokens"]?.tokenCount,
                    let input = Self.inputTokens(usage) ?? inputTokens
                {
                    chunks.append(.usage(input: input, output: output))
                }
                return chunks
            case "message_stop":
                return nil
            case "error":
                let message: String? =
                    if case .object(let error)? = object["error"] { error["message"]?.stringValue } else { nil }
                throw UpstreamFailure(status: nil, detail: "the provider reported an error mid-stream: \(message ?? "unknown error")")
            default:
                return []
            }
        }

        /// All the input tokens a usage object counts; nil when it has no `input_tokens`.
        private static func inputTokens(_ usage: [String: JSONValue]) -> Int? {
            guard let uncached = usage["input_tokens"]?.tokenCount else { return nil }
            return uncached + (usage["cache_read_input_tokens"]?.tokenCount ?? 0)
                + (usage["cache_creation_input_tokens"]?.tokenCount ?? 0)
        }

        /// The finish reason in the terms ``ChatTurn`` reads (OpenAI's).
        private static func finishReason(_ stopReason: String) -> String {
            switch stopReason {
            case "max_tokens": "length"
            case "refusal": "content_filter"
            default: "stop"
            }
        }
    }
}
