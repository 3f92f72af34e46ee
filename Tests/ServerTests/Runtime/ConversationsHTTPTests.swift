import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// `/v1/conversation/step` and the conversation read operations.
@Suite("Conversations over HTTP")
struct ConversationsHTTPTests {
    @Test("step runs one turn and returns it stored; a second step continues with the history; turns and conversations page")
    func stepsAndPages() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let model = try await CapturedModel()
        try await server.putProvider("local", baseURL: model.baseURL + "/v1", token: token, inputPrice: 1, outputPrice: 1)

        let first = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("What is the capital of France?"))
        #expect(first.status == 200, "\(first.text)")
        let turn = try first.jsonObject()
        #expect(turn["index"] as? Int == 0 && turn["provider_id"] as? String == "local" && turn["model"] as? String == ModelServer.model)
        #expect(((turn["message"] as? [String: Any])?["content"] as? String)?.contains("Paris") == true)
        #expect((turn["moderation"] as? [String: Any])?["action"] as? String == "allow")
        let conversationID = try #require(turn["conversation_id"] as? String)

        let second = try await server.call(
            .POST, "/v1/conversation/step", token: token,
            json: [
                "conversation_id": conversationID, "messages": [["role": "user", "content": "And of Italy?"]], "temperature": 0,
                "max_tokens": 16,
            ])
        #expect(second.status == 200)
        #expect(try second.jsonObject()["index"] as? Int == 1)
        // The provider received the stored history first: system, user, assistant, then the new message.
        let sent = model.requests.filter { $0["path"] as? String == "/v1/chat/completions" }
        let lastBody = try JSONSerialization.jsonObject(with: Data((sent.last?["body"] as? String ?? "").utf8)) as? [String: Any]
        let roles = (lastBody?["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
        #expect(roles == ["system", "user", "assistant", "user"])

        let firstPage = try await server.call(.GET, "/v1/conversations/\(conversationID)/turns?limit=1", token: token).jsonObject()
        #expect((firstPage["items"] as? [[String: Any]])?.first?["index"] as? Int == 0)
        let cursor = try #require(firstPage["next_cursor"] as? String)
        let secondPage = try await server.call(.GET, "/v1/conversations/\(conversationID)/turns?limit=1&cursor=\(cursor)", token: token)
            .jsonObject()
        #expect((secondPage["items"] as? [[String: Any]])?.first?["index"] as? Int == 1)
        #expect(secondPage["next_cursor"] is NSNull)

        let conversation = try await server.call(.GET, "/v1/conversations/\(conversationID)", token: token).jsonObject()
        #expect(conversation["turn_count"] as? Int == 2 && conversation["title"] as? String == "What is the capital of France?")
        #expect(conversation["last_provider_id"] as? String == "local")

        // A second conversation: the list is most recently updated first, and pages.
        let other = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Say hi.", maxTokens: 4))
        let otherID = try #require(try other.jsonObject()["conversation_id"] as? String)
        let page = try await server.call(.GET, "/v1/conversations?limit=1", token: token).jsonObject()
        #expect((page["items"] as? [[String: Any]])?.first?["conversation_id"] as? String == otherID)
        let next = try #require(page["next_cursor"] as? String)
        let rest = try await server.call(.GET, "/v1/conversations?limit=1&cursor=\(next)", token: token).jsonObject()
        #expect((rest["items"] as? [[String: Any]])?.first?["conversation_id"] as? String == conversationID)

        // Events: each turn started and completed, in order per conversation; metrics from upstream usage.
        let events = try server.outboxEvents(on: "conversation.events").filter { $0.key == conversationID }.map(\.payload)
        #expect(events.compactMap { $0["kind"] as? String } == ["turn_started", "turn_completed", "turn_started", "turn_completed"])
        #expect(events.compactMap { $0["sequence"] as? Int } == [0, 1, 2, 3])
        let metrics = try server.outboxEvents(on: "slm.metrics").map(\.payload)
        #expect(metrics.count == 3 && metrics.allSatisfy { $0["token_source"] as? String == "upstream" })
    }

    @Test("another caller sees none of my conversations: 404 for get, turns and continuing it; an empty list")
    func isolation() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: token)
        let mine = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Say hi.", maxTokens: 4))
        let id = try #require(try mine.jsonObject()["conversation_id"] as? String)
        let other = try await server.registerClient(
            name: "other", scopes: ["chat:write", "chat:read"], token: try await server.adminToken())
        let otherToken = try await server.token(clientID: other.id, secret: other.secret, scopes: "chat:write chat:read")
        #expect(try await server.call(.GET, "/v1/conversations/\(id)", token: otherToken).status == 404)
        #expect(try await server.call(.GET, "/v1/conversations/\(id)/turns", token: otherToken).status == 404)
        let hijack = try await server.call(
            .POST, "/v1/conversation/step", token: otherToken, json: chatRequest("Hi", extra: ["conversation_id": id]))
        #expect(hijack.status == 404)
        let list = try await server.call(.GET, "/v1/conversations", token: otherToken).jsonObject()
        #expect((list["items"] as? [Any])?.isEmpty == true)
    }

    @Test("/metrics counts turns by provider, model and outcome, with time to first token")
    func metrics() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: token)
        #expect(
            try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Say hi.", maxTokens: 4)).status == 200)
        let exposition = try await send(.GET, server.base + "/metrics").text
        #expect(
            exposition.contains(#"orchestrator_requests_total{provider="local",model="smollm2-135m",outcome="completed"} 1"#),
            "\(exposition)")
        #expect(exposition.contains("orchestrator_time_to_first_token_seconds_count 1"))
        #expect(exposition.contains("orchestrator_streams_in_flight 0"))
        #expect(exposition.contains("training_mode_state 0"))
    }
}
