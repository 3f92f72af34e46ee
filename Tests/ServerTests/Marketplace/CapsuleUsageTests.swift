import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// `getCapsuleTokenSummary` over turns of the real model that name the capsule they ran for.
@Suite("Marketplace: a capsule's token usage")
struct CapsuleUsageTests {
    @Test("turns naming a capsule are summed by provider and model over [from, to); other turns and other periods are not")
    func tokenSummary() async throws {
        let server = try await IdentityServer()
        let token = try await server.adminToken("chat:write chat:read providers:admin marketplace:read marketplace:write")
        let model = try await CapturedModel()
        try await server.putProvider("local", baseURL: model.baseURL + "/v1", token: token, inputPrice: 2, outputPrice: 4)
        try await server.submitCapsule("invoice-summarizer", token: token)

        var usages: [[String: Any]] = []
        for question in ["What is the capital of France?", "What is 2 + 2?"] {
            let step = try await server.call(
                .POST, "/v1/conversation/step", token: token, json: chatRequest(question, extra: ["capsule_id": "invoice-summarizer"]))
            #expect(step.status == 200, "\(step.text)")
            let turn = try step.jsonObject()
            #expect(turn["capsule_id"] as? String == "invoice-summarizer")
            usages.append(turn["usage"] as? [String: Any] ?? [:])
            // The stored turn says so too.
            let conversation = try #require(turn["conversation_id"] as? String)
            let turns = try await server.call(.GET, "/v1/conversations/\(conversation)/turns", token: token).jsonObject()
            #expect((turns["items"] as? [[String: Any]])?.last?["capsule_id"] as? String == "invoice-summarizer")
        }
        let streamed = try await server.streamChat(chatRequest("Name a colour.", extra: ["capsule_id": "invoice-summarizer"]), token: token)
        let streamedUsage = try payloads(streamed).first { $0["type"] as? String == "usage" }?["usage"] as? [String: Any]
        usages.append(try #require(streamedUsage))
        // Not attributed: no capsule, or one the caller cannot see (nothing runs then).
        let unattributed = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Hello?"))
        #expect(try unattributed.status == 200 && unattributed.jsonObject()["capsule_id"] == nil)
        let unknown = try await server.call(
            .POST, "/v1/conversation/step", token: token, json: chatRequest("Hello?", extra: ["capsule_id": "no-such-capsule"]))
        #expect(try unknown.status == 422 && unknown.fieldErrors() == ["/capsule_id unknown_capsule"])
        try await server.submitCapsule("retired", token: token)
        #expect(try await server.call(.POST, "/v1/capsules/retired/withdraw", token: token).status == 200)
        let withdrawn = try await server.call(
            .POST, "/v1/conversation/step", token: token, json: chatRequest("Hello?", extra: ["capsule_id": "retired"]))
        #expect(try withdrawn.status == 422 && withdrawn.fieldErrors() == ["/capsule_id capsule_unavailable"])

        let summary = try await server.call(.GET, "/v1/capsules/invoice-summarizer/token-summary", token: token)
        #expect(summary.status == 200, "\(summary.text)")
        let body = try summary.jsonObject()
        let totals = try #require(body["totals"] as? [String: Any])
        let input = usages.reduce(0) { $0 + ($1["input_tokens"] as? Int ?? 0) }
        let output = usages.reduce(0) { $0 + ($1["output_tokens"] as? Int ?? 0) }
        #expect(totals["requests"] as? Int == 3 && totals["input_tokens"] as? Int == input && totals["output_tokens"] as? Int == output)
        #expect(totals["total_tokens"] as? Int == input + output)
        let cost = try #require(totals["cost"] as? [String: Any])
        #expect(abs((cost["total"] as? Double ?? 0) - Double(input * 2 + output * 4) / 1_000_000) < 1e-12)
        let byModel = try #require(body["by_model"] as? [[String: Any]])
        #expect(byModel.count == 1 && byModel.first?["provider_id"] as? String == "local" && byModel.first?["requests"] as? Int == 3)

        // The period is half-open and defaults to the last 30 days.
        let period = try #require(body["period"] as? [String: Any])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let from = try #require((period["from"] as? String).flatMap { formatter.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) })
        let to = try #require((period["to"] as? String).flatMap { formatter.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) })
        #expect(abs(to.timeIntervalSince(from) - 30 * 86_400) < 1)
        let past = try await server.call(
            .GET, "/v1/capsules/invoice-summarizer/token-summary?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z", token: token
        ).jsonObject()
        #expect((past["totals"] as? [String: Any])?["requests"] as? Int == 0 && (past["by_model"] as? [Any])?.isEmpty == true)

        let backwards = try await server.call(
            .GET, "/v1/capsules/invoice-summarizer/token-summary?from=2025-03-01T00:00:00Z&to=2025-02-01T00:00:00Z", token: token)
        #expect(try backwards.status == 422 && backwards.fieldErrors() == ["/query/from empty_period"])
        let tooLong = try await server.call(
            .GET, "/v1/capsules/invoice-summarizer/token-summary?from=2023-01-01T00:00:00Z&to=2025-02-01T00:00:00Z", token: token)
        #expect(try tooLong.status == 422 && tooLong.fieldErrors() == ["/query/from period_too_long"])
        #expect(try await server.call(.GET, "/v1/capsules/no-such-capsule/token-summary", token: token).status == 404)
    }
}
