import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Providers of kind `anthropic`, against the real embedded model: llama.cpp's server speaks
/// Anthropic's Messages API (`POST /v1/messages`, its streamed events) beside OpenAI's.
@Suite("Anthropic providers over a real model")
struct AnthropicProviderTests {
    @Test("an answer streams through the Messages API: deltas, the provider's token counts, finish reasons stop and length")
    func streamsAnAnswer() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        // The API's root, as Anthropic's SDKs take it: the server adds /v1/messages.
        try await server.putProvider(
            "claude", baseURL: try await ModelServer.shared(), token: token, kind: "anthropic", inputPrice: 2, outputPrice: 8)
        let response = try await server.streamChat(chatRequest("What is the capital of France?"), token: token)
        #expect(response.status == 200, "\(response.body)")
        let events = try payloads(response)
        let types = events.compactMap { $0["type"] as? String }
        #expect(types.first == "start" && Array(types.suffix(3)) == ["moderation", "usage", "done"], "\(types)")
        #expect(types.filter { $0 == "delta" }.count > 1, "\(types)")
        let text = try answer(response)
        #expect(text.contains("Paris"), "\(text)")
        let usage = try #require(events.first { $0["type"] as? String == "usage" }?["usage"] as? [String: Any])
        let input = try #require(usage["input_tokens"] as? Int)
        let output = try #require(usage["output_tokens"] as? Int)
        #expect(input > 10 && output > 0 && usage["total_tokens"] as? Int == input + output)
        #expect(events.last?["finish_reason"] as? String == "stop")

        // Stopped by max_tokens: `length`, with exactly that many output tokens.
        let cut = try await server.streamChat(chatRequest("Count from one to twenty.", maxTokens: 3), token: token)
        let cutEvents = try payloads(cut)
        #expect(cutEvents.last?["finish_reason"] as? String == "length", "\(cutEvents)")
        let cutUsage = try #require(cutEvents.first { $0["type"] as? String == "usage" }?["usage"] as? [String: Any])
        #expect(cutUsage["output_tokens"] as? Int == 3)

        // The counts are the provider's, not the server's estimate.
        let metrics = try server.outboxEvents(on: "slm.metrics").map(\.payload)
        #expect(metrics.count == 2 && metrics.allSatisfy { $0["token_source"] as? String == "upstream" }, "\(metrics)")
        #expect(metrics.first?["input_tokens"] as? Int == input && metrics.first?["output_tokens"] as? Int == output)
    }

    @Test("the provider gets Anthropic's request: /v1/messages, the system prompt apart, x-api-key and anthropic-version, stop_sequences")
    func requestShape() async throws {
        let server = try await IdentityServer(environment: ["CLAUDE_TEST_KEY": "sk-ant-test-key-0123"])
        let token = try await server.runtimeToken()
        let model = try await CapturedModel()
        // A base URL that already ends in /v1 works too.
        try await server.putProvider(
            "claude", baseURL: model.baseURL + "/v1", token: token, kind: "anthropic",
            apiKeyRef: ["source": "env", "variable": "CLAUDE_TEST_KEY"])
        let traceID = "0af7651916cd43dd8448eb211c80319c"
        let response = try await server.streamChat(
            chatRequest("Say hi.", maxTokens: 8, extra: ["stop": ["\n\nUser:"]]), token: token,
            headers: [("traceparent", "00-\(traceID)-b7ad6b7169203331-01")])
        #expect(response.status == 200, "\(response.body)")

        let sent = try #require(model.requests.first)
        #expect(sent["method"] as? String == "POST" && sent["path"] as? String == "/v1/messages", "\(sent)")
        let headers = (sent["headers"] as? [String: String] ?? [:]).reduce(into: [:]) { $0[$1.key.lowercased()] = $1.value }
        #expect(headers["x-api-key"] == "sk-ant-test-key-0123")
        #expect(headers["anthropic-version"] == "2023-06-01")
        #expect(headers["authorization"] == nil)
        #expect(headers["traceparent"]?.hasPrefix("00-\(traceID)-") == true)
        let body = try JSONSerialization.jsonObject(with: Data((sent["body"] as? String ?? "").utf8)) as? [String: Any] ?? [:]
        #expect(body["model"] as? String == ModelServer.model && body["stream"] as? Bool == true && body["max_tokens"] as? Int == 8)
        #expect(body["system"] as? String == "You are a helpful assistant.")
        #expect(body["messages"] as? [[String: String]] == [["role": "user", "content": "Say hi."]])
        #expect(body["stop_sequences"] as? [String] == ["\n\nUser:"] && body["temperature"] as? Double == 0)
        #expect(body["stop"] == nil && body["stream_options"] == nil)
    }

    @Test("a temperature Anthropic refuses (above 1) answers 422 naming /temperature before any provider call")
    func temperatureRange() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let model = try await CapturedModel()
        try await server.putProvider("claude", baseURL: model.baseURL, token: token, kind: "anthropic")
        let refused = try await server.streamChat(chatRequest("Say hi.", extra: ["temperature": 1.5]), token: token)
        #expect(refused.status == 422, "\(refused.body)")
        let problem = try JSONSerialization.jsonObject(with: Data(refused.body.utf8)) as? [String: Any] ?? [:]
        let errors = (problem["errors"] as? [[String: Any]] ?? []).map { error in
            "\(error["pointer"] as? String ?? "") \(error["code"] as? String ?? "")"
        }
        #expect(errors == ["/temperature out_of_range"], "\(refused.body)")
        #expect((problem["detail"] as? String)?.contains("from 0 to 1") == true, "\(refused.body)")
        #expect(model.requests.isEmpty)
        // 1 itself is accepted.
        let accepted = try await server.streamChat(chatRequest("Say hi.", maxTokens: 4, extra: ["temperature": 1]), token: token)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(model.requests.count == 1)
    }
}
