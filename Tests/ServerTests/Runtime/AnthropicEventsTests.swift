import AccordRuntime
import Foundation
import Testing

@testable import Handlers

/// `AnthropicWire.Reader` on the event streams Anthropic's Messages API documents, for what the
/// embedded model's server never sends: `ping`, cached input tokens, a `refusal`, an `error`
/// event mid-stream, and block types other than text.
@Suite("Anthropic's streamed events, as documented")
struct AnthropicEventsTests {
    /// Reads `stream` (Server-Sent Events text) to its end: the chunks, and whether an event
    /// ended the answer.
    private func read(_ stream: String) throws -> (chunks: [UpstreamChunk], ended: Bool) {
        var parser = ServerSentEventParser()
        var reader = AnthropicWire().reader()
        var chunks: [UpstreamChunk] = []
        for event in parser.consume(Array(stream.utf8)) {
            guard let read = try reader.read(event) else { return (chunks, true) }
            chunks += read
        }
        return (chunks, false)
    }

    @Test("the documented basic stream: text deltas, end_turn as stop, input from message_start and output from message_delta")
    func basicStream() throws {
        let stream = """
            event: message_start
            data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-opus-4-20250514", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

            event: content_block_start
            data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

            event: content_block_delta
            data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}

            event: content_block_stop
            data: {"type": "content_block_stop", "index": 0}

            event: message_delta
            data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}

            event: message_stop
            data: {"type": "message_stop"}


            """
        let (chunks, ended) = try read(stream)
        #expect(ended)
        #expect(chunks == [.delta("Hello"), .delta("!"), .finish("stop"), .usage(input: 25, output: 15)])
    }

    @Test("cached input counts as input; a later API's input_tokens on message_delta wins; thinking is not answer text")
    func usageAndOtherBlocks() throws {
        let stream = """
            event: message_start
            data: {"type":"message_start","message":{"usage":{"input_tokens":5,"cache_read_input_tokens":20,"cache_creation_input_tokens":3,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Yes."}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":2}}


            """
        let (chunks, ended) = try read(stream)
        #expect(!ended)
        #expect(chunks == [.delta("Yes."), .finish("length"), .usage(input: 28, output: 2)])

        let repeated = """
            event: message_start
            data: {"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"refusal"},"usage":{"input_tokens":40,"output_tokens":0}}


            """
        #expect(try read(repeated).chunks == [.finish("content_filter"), .usage(input: 40, output: 0)])
    }

    @Test("an error event fails the turn with the provider's message; an event that is not JSON is not Anthropic's")
    func failures() throws {
        let overloaded = """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

            event: error
            data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


            """
        let reported = #expect(throws: UpstreamFailure.self) { try read(overloaded) }
        #expect(reported?.detail == "the provider reported an error mid-stream: Overloaded")
        let garbled = #expect(throws: UpstreamFailure.self) { try read("event: message_start\ndata: not json\n\n") }
        #expect(garbled?.detail.hasPrefix("the provider sent an event that is not a JSON object") == true)
    }

    @Test("the request goes to /v1/messages under the API's root, or under a base URL that ends in /v1")
    func url() {
        #expect(AnthropicWire().url(base: "https://api.anthropic.com") == "https://api.anthropic.com/v1/messages")
        #expect(AnthropicWire().url(base: "http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/v1/messages")
    }
}
