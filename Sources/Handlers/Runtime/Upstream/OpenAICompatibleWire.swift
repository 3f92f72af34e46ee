import AccordRuntime
import Foundation

/// `POST {base_url}/chat/completions` with `"stream": true` and usage requested, read as
/// Server-Sent Events of `chat.completion.chunk` objects until `data: [DONE]`.
///
/// The reader is lenient where real servers differ (llama.cpp's first chunk carries
/// `"content": null`; chunks carry extra members such as `timings`), and strict where it
/// matters: an event that is not JSON, or an error, is an ``UpstreamFailure``.
struct OpenAICompatibleWire: ChatWire {
    var temperatureRange: ClosedRange<Double> { 0...2 }

    func url(base: String) -> String {
        base + "/chat/completions"
    }

    func headers(for request: UpstreamChatRequest) -> [(name: String, value: String)] {
        request.apiKey.map { [("Authorization", "Bearer \($0)")] } ?? []
    }

    func body(for request: UpstreamChatRequest) -> [UInt8] {
        var object: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": messagesJSON(request.messages),
            "stream": .bool(true),
            "stream_options": .object(["include_usage": .bool(true)]),
            "temperature": .number(request.temperature),
            "max_tokens": .integer(Int64(request.maxTokens)),
        ]
        if !request.stop.isEmpty { object["stop"] = .array(request.stop.map(JSONValue.string)) }
        return CanonicalJSON.bytes(.object(object))
    }

    func reader() -> Reader { Reader() }

    struct Reader: ChatEventReader {
        static var ending: String { "[DONE]" }

        /// The chunks of one `chat.completion.chunk` event; unknown members are ignored.
        mutating func read(_ event: ServerSentEvent) throws -> [UpstreamChunk]? {
            if event.data == "[DONE]" { return nil }
            let object = try eventObject(event)
            if case .object(let error)? = object["error"] {
                let message = error["message"]?.stringValue ?? "unknown error"
                throw UpstreamFailure(status: nil, detail: "the provider reported an error mid-stream: \(message)")
            }
            var chunks: [UpstreamChunk] = []
            if case .array(let choices)? = object["choices"], case .object(let choice)? = choices.first {
                if case .object(let delta)? = choice["delta"], let content = delta["content"]?.stringValue, !content.isEmpty {
                    chunks.append(.delta(content))
                }
                if let reason = choice["finish_reason"]?.stringValue { chunks.append(.finish(reason)) }
            }
            if case .object(let usage)? = object["usage"], let input = usage["prompt_tokens"]?.tokenCount,
                let output = usage["completion_tokens"]?.tokenCount
            {
                chunks.append(.usage(input: input, output: output))
            }
            return chunks
        }
    }
}
