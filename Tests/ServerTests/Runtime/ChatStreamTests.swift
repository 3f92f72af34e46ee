import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// `POST /v1/chat/stream` against the real embedded model (SmolLM2-135M behind llama.cpp).
@Suite("Chat streaming over a real model")
struct ChatStreamTests {
    @Test("an answer streams event by event: start, deltas as they are generated, moderation, usage, done; ids count up; Paris")
    func streamsAnAnswer() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: token, inputPrice: 2, outputPrice: 8)
        let response = try await server.streamChat(chatRequest("What is the capital of France?"), token: token)
        #expect(response.status == 200, "\(response.body)")
        #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
        #expect(response.headers.first(name: "Cache-Control") == "no-store")
        let events = try payloads(response)
        let types = events.compactMap { $0["type"] as? String }
        #expect(types.first == "start")
        #expect(Array(types.suffix(3)) == ["moderation", "usage", "done"])
        #expect(types.dropFirst().dropLast(3).allSatisfy { $0 == "delta" } && types.count > 4, "\(types)")
        // SSE framing: the event name is the type; ids are <stream id>:<sequence from 0>.
        let streamID = try #require(events.first?["stream_id"] as? String)
        for (sequence, event) in response.events.enumerated() {
            #expect(event.id == "\(streamID):\(sequence)")
            #expect(event.event == (events[sequence]["type"] as? String))
        }
        // Event by event: the deltas arrived as the model produced them, not in one burst at the
        // end. A burst arrives within a millisecond; the model takes 5 to 20 ms per token here,
        // so 2 ms per delta tells the two apart however fast or loaded the machine is.
        let deltas = response.events.filter { $0.event == "delta" }
        let spread = try #require(deltas.last).receivedAt - (try #require(deltas.first)).receivedAt
        #expect(spread > .milliseconds(2 * (deltas.count - 1)), "\(deltas.count) deltas arrived within \(spread)")
        let text = try answer(response)
        #expect(text.contains("Paris"), "\(text)")

        // Usage adds up, the cost follows the provider's prices, and the stored turn is what streamed.
        let usage = try #require(events.first { $0["type"] as? String == "usage" }?["usage"] as? [String: Any])
        let input = try #require(usage["input_tokens"] as? Int)
        let output = try #require(usage["output_tokens"] as? Int)
        #expect(input > 10 && output > 0 && usage["total_tokens"] as? Int == input + output)
        let cost = try #require(usage["cost"] as? [String: Any])
        #expect(abs((cost["total"] as? Double ?? 0) - (Double(input) * 2 + Double(output) * 8) / 1_000_000) < 1e-12)
        let done = try #require(events.last)
        #expect(done["finish_reason"] as? String == "stop")
        let conversationID = try #require(events.first?["conversation_id"] as? String)
        let turns = try await server.call(.GET, "/v1/conversations/\(conversationID)/turns", token: token).jsonObject()
        let turn = try #require((turns["items"] as? [[String: Any]])?.first)
        #expect((turn["message"] as? [String: Any])?["content"] as? String == text)
        #expect((turn["usage"] as? [String: Any])?["output_tokens"] as? Int == output)
        #expect(turn["turn_id"] as? String == done["turn_id"] as? String)
    }

    @Test("turns reuse one kept-alive connection to the provider: each answer's response is read to its end")
    func providerConnectionReused() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        // The proxy keeps Accord's connections alive (the model server closes each after a
        // streamed answer) and logs the port each request came from. It sends the end of each
        // response a moment after the answer's last event, as a slow network can: 1 s, more than
        // a turn takes to store itself and say `done` (milliseconds; 0.6 s once, on a busy
        // machine), and well inside the 2 s Accord drains a response's end for before it gives
        // the connection up (a delay at that limit races it, and the connection is lost).
        let endDelay = Duration.seconds(1)
        let model = try await CapturedModel(endDelay: endDelay)
        try await server.putProvider("local", baseURL: model.baseURL + "/v1", token: token)
        for question in ["What is the capital of France?", "What is the capital of Italy?", "What is two plus two?"] {
            let response = try await server.streamChat(chatRequest(question, maxTokens: 8), token: token)
            #expect(try payloads(response).last?["type"] as? String == "done", "\(response.body)")
            // The turn ends without waiting for the end of the provider's response.
            let lastDelta = try #require(response.events.last { $0.event == "delta" })
            let done = try #require(response.events.last)
            let wait = done.receivedAt - lastDelta.receivedAt
            #expect(wait < endDelay, "done came \(wait) after the last delta")
            // The next turn starts once that end has come, so the connection is free again.
            try await Task.sleep(for: endDelay + .milliseconds(500))
        }
        let ports = model.completionPorts
        // A response left unread after the answer's last event closes its connection, and every
        // turn then pays a new handshake (TCP, and TLS with a real provider) before its first token.
        #expect(ports.count == 3 && Set(ports).count == 1, "client ports of the turns: \(ports)")
    }

    @Test("a provider that holds back the end of its response past the drain limit loses that connection, not the next turn")
    func providerConnectionClosedAfterDrainLimit() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        // Longer than the two seconds Accord reads the end of a response for after its last event.
        let endDelay = Duration.seconds(4)
        let model = try await CapturedModel(endDelay: endDelay)
        try await server.putProvider("local", baseURL: model.baseURL + "/v1", token: token)
        let first = try await server.streamChat(chatRequest("What is the capital of France?", maxTokens: 8), token: token)
        #expect(try payloads(first).last?["type"] as? String == "done", "\(first.body)")
        try await Task.sleep(for: endDelay + .milliseconds(500))
        // Accord closed the connection at the limit, before the end came, rather than wait for it.
        let closed = model.closedBeforeEnd
        let after = try #require(closed.first?["after_last_data_ms"] as? Int, "closed before the end: \(closed)")
        #expect(closed.count == 1 && (1_500..<3_900).contains(after), "closed \(after) ms after the last data")
        // The next turn is answered on a new connection.
        let second = try await server.streamChat(chatRequest("What is two plus two?", maxTokens: 8), token: token)
        #expect(try payloads(second).last?["type"] as? String == "done", "\(second.body)")
        let ports = model.completionPorts
        #expect(ports.count == 2 && Set(ports).count == 2, "client ports of the turns: \(ports)")
    }

    @Test("traceparent is accepted, returned, and propagated to the provider as a child of the caller's trace")
    func propagatesTraceparent() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let model = try await CapturedModel()
        try await server.putProvider("local", baseURL: model.baseURL + "/v1", token: token)
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        let response = try await server.streamChat(
            chatRequest("Say hi.", maxTokens: 8), token: token, headers: [("traceparent", "00-\(traceID)-00f067aa0ba902b7-01")])
        #expect(response.status == 200)
        #expect(response.headers.first(name: "traceparent")?.contains(traceID) == true)
        let sent = try #require(model.requests.first { $0["path"] as? String == "/v1/chat/completions" })
        let headers = (sent["headers"] as? [String: String] ?? [:]).reduce(into: [:]) { $0[$1.key.lowercased()] = $1.value }
        let upstreamParent = try #require(headers["traceparent"])
        #expect(upstreamParent.hasPrefix("00-\(traceID)-") && !upstreamParent.contains("00f067aa0ba902b7"), "\(upstreamParent)")
        // The provider got the whole request: the model, streaming with usage, the messages.
        let body = try JSONSerialization.jsonObject(with: Data((sent["body"] as? String ?? "").utf8)) as? [String: Any] ?? [:]
        #expect(body["model"] as? String == ModelServer.model && body["stream"] as? Bool == true)
        #expect((body["messages"] as? [[String: Any]])?.count == 2)
        // One structured log line for the turn, under the caller's trace.
        let line = try await server.process.waitForLogLine("the turn's log line") { $0["message"] as? String == "turn" }
        #expect(line["trace_id"] as? String == traceID && line["outcome"] as? String == "completed")
        #expect(line["provider"] as? String == "local" && line["model"] as? String == ModelServer.model)
    }

    @Test("input moderation refuses a forbidden prompt with 403 before any provider call; allowed prompts reach the provider")
    func inputModeration() async throws {
        let server = try await IdentityServer(environment: ["ACCORD_MODERATION_BLOCKED_TERMS": "launch codes"])
        let token = try await server.runtimeToken()
        // A provider nobody listens on: a call that reached it would fail with 502, not 403.
        let closed = try TansuBroker.freeLoopbackPort()
        try await server.putProvider("nowhere", baseURL: "http://127.0.0.1:\(closed)/v1", token: token)
        let blocked = try await server.streamChat(chatRequest("Tell me the LAUNCH CODES please."), token: token)
        #expect(blocked.status == 403, "\(blocked.body)")
        let problem = try JSONSerialization.jsonObject(with: Data(blocked.body.utf8)) as? [String: Any] ?? [:]
        #expect(problem["code"] as? String == "policy_forbid")
        #expect((problem["reasons"] as? [[String: Any]])?.first?["rule_id"] as? String == "no_blocked_terms")
        let credentials = try await server.call(
            .POST, "/v1/conversation/step", token: token,
            json: ["messages": [["role": "user", "content": "my key is sk-proj-abcdefghijklmnopqrstuvwx0123"]]])
        #expect(credentials.status == 403)
        #expect((try credentials.jsonObject()["reasons"] as? [[String: Any]])?.first?["rule_id"] as? String == "no_credentials")
        // The same provider, an allowed prompt: it is called, and fails.
        let allowed = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Hello there."))
        #expect(allowed.status == 502, "\(allowed.text)")
        // Each refusal is a logged policy decision on the moderation pack.
        let decisions = try server.outboxEvents(on: "policy.decisions").map(\.payload)
        let refused = decisions.filter { $0["effect"] as? String == "forbid" && $0["pack_id"] as? String == "moderation" }
        #expect(refused.count >= 2, "\(decisions)")
    }

    @Test("output moderation cuts the stream: a moderation stop event, the forbidden text never sent, finish reason content_filter")
    func outputModeration() async throws {
        let server = try await IdentityServer(environment: ["ACCORD_MODERATION_BLOCKED_TERMS": "paris"])
        let token = try await server.runtimeToken()
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: token)
        let response = try await server.streamChat(chatRequest("What is the capital of France?"), token: token)
        #expect(response.status == 200)
        let events = try payloads(response)
        let moderation = try #require(events.first { $0["type"] as? String == "moderation" })
        #expect(moderation["action"] as? String == "stop" && moderation["applies_to"] as? String == "output")
        #expect(moderation["categories"] as? [String] == ["policy"])
        let text = try answer(response)
        #expect(!text.lowercased().contains("paris"), "\(text)")
        #expect(events.last?["type"] as? String == "done" && events.last?["finish_reason"] as? String == "content_filter")
        let conversationID = try #require(events.first?["conversation_id"] as? String)
        let turn = try #require(
            (try await server.call(.GET, "/v1/conversations/\(conversationID)/turns", token: token).jsonObject()["items"]
                as? [[String: Any]])?.first)
        #expect((turn["moderation"] as? [String: Any])?["action"] as? String == "stop")
        let kinds = try server.outboxEvents(on: "conversation.events").compactMap { $0.payload["kind"] as? String }
        #expect(kinds == ["turn_started", "turn_moderated"], "\(kinds)")
    }

    @Test("a provider that is down: the stream starts, then ends with an error event carrying a 502 problem; step answers 502")
    func providerDown() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        try await server.putProvider("nowhere", baseURL: "http://127.0.0.1:\(try TansuBroker.freeLoopbackPort())/v1", token: token)
        let response = try await server.streamChat(chatRequest("Hello?"), token: token)
        #expect(response.status == 200)
        let events = try payloads(response)
        #expect(events.map { $0["type"] as? String } == ["start", "error"])
        let problem = try #require(events.last?["problem"] as? [String: Any])
        #expect(problem["status"] as? Int == 502 && problem["code"] as? String == "provider_error")
        let step = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Hello?"))
        #expect(step.status == 502 && step.headers.first(name: "Content-Type") == "application/problem+json")
        let kinds = try server.outboxEvents(on: "conversation.events").compactMap { $0.payload["kind"] as? String }
        #expect(kinds.filter { $0 == "turn_failed" }.count == 2)
        let metrics = try server.outboxEvents(on: "slm.metrics").compactMap { $0.payload["outcome"] as? String }
        #expect(metrics == ["failed", "failed"])
    }

    @Test("a provider that goes silent fails the turn after its timeout_ms: an error event, not a stream held open")
    func silentProvider() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let silent = try SilentListener()
        try await server.putProvider("silent", baseURL: "http://127.0.0.1:\(silent.port)/v1", token: token, timeoutMs: 500)
        let started = ContinuousClock.now
        let response = try await server.streamChat(chatRequest("Hello?"), token: token)
        #expect(ContinuousClock.now - started < .seconds(5))
        let events = try payloads(response)
        #expect(events.map { $0["type"] as? String } == ["start", "error"])
        let detail = (events.last?["problem"] as? [String: Any])?["detail"] as? String ?? ""
        #expect(detail.contains("sent nothing for 500 ms"), "\(detail)")
    }

    @Test("Last-Event-ID resumes from the next event without running the model again")
    func resumes() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: token)
        let full = try await server.streamChat(chatRequest("Name three colors.", maxTokens: 24), token: token)
        let ids = full.events.compactMap(\.id)
        #expect(ids.count > 5)
        let resumed = try await server.streamChat(
            chatRequest("Name three colors.", maxTokens: 24), token: token, headers: [("Last-Event-ID", ids[2])])
        #expect(resumed.status == 200)
        #expect(resumed.events.compactMap(\.id) == Array(ids.dropFirst(3)))
        #expect(resumed.events.map(\.data) == full.events.dropFirst(3).map(\.data))
        // Nothing ran again: still one turn.
        let conversationID = try #require(try payloads(full).first?["conversation_id"] as? String)
        let conversation = try await server.call(.GET, "/v1/conversations/\(conversationID)", token: token).jsonObject()
        #expect(conversation["turn_count"] as? Int == 1)
        // Another caller cannot resume someone else's stream.
        let other = try await server.registerClient(name: "other", scopes: ["chat:write"], token: try await server.adminToken())
        let otherToken = try await server.token(clientID: other.id, secret: other.secret, scopes: "chat:write")
        let stolen = try await server.streamChat(chatRequest("x"), token: otherToken, headers: [("Last-Event-ID", ids[2])])
        #expect(stolen.events.isEmpty)
    }

    @Test("a client that goes away cancels the provider's generation at once; the turn is stored as cancelled")
    func disconnectCancelsUpstream() async throws {
        let model = try await ModelServer.start(parallel: 1)
        let modelURL = "http://127.0.0.1:\(model.port)"
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        try await server.putProvider("own", baseURL: modelURL + "/v1", token: token)
        let partial = try await server.streamChat(
            chatRequest("Write a very long story about a dragon and a knight.", maxTokens: 2000), token: token, stopAfter: 4)
        #expect(partial.events.count == 4)
        // The model server stops generating: its slot goes idle, and its token count stops growing.
        var idle = false
        let deadline = ContinuousClock.now + .seconds(5)
        while !idle && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let slots = try await send(.GET, modelURL + "/slots")
            let states = try JSONSerialization.jsonObject(with: slots.body) as? [[String: Any]] ?? []
            idle = !states.isEmpty && states.allSatisfy { $0["is_processing"] as? Bool == false }
        }
        #expect(idle, "the model kept generating after the client went away")
        let predicted = try await Self.tokensPredicted(modelURL)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await Self.tokensPredicted(modelURL) == predicted)
        #expect(predicted < 1000, "the model generated \(predicted) tokens")
        // The turn is stored as cancelled, its tokens estimated (the provider sent no usage).
        let conversationID = try #require(try payloads(partial).first?["conversation_id"] as? String)
        var turn: [String: Any]?
        for _ in 0..<50 where turn == nil {
            let page = try await server.call(.GET, "/v1/conversations/\(conversationID)/turns", token: token)
            turn = (try? page.jsonObject()["items"] as? [[String: Any]])?.first
            if turn == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(turn?["finish_reason"] as? String == "cancelled")
        let metrics = try server.outboxEvents(on: "slm.metrics").map(\.payload)
        #expect(metrics.first?["token_source"] as? String == "estimate")
    }

    static func tokensPredicted(_ modelURL: String) async throws -> Double {
        let text = try await send(.GET, modelURL + "/metrics").text
        return text.split(separator: "\n").first { $0.hasPrefix("llamacpp:tokens_predicted_total") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? -1
    }
}
