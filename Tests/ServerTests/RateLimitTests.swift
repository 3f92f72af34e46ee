import AccordRuntime
import AccordServerRuntime
import Foundation
import HTTPTypes
import NIOHTTP1
import TestSupport
import Testing

/// `--rate-limit`: the contract's 429 on evaluation, chat, token issue and estimates. Each caller
/// has an allowance per operation; operations whose contract has no 429 are never limited.
@Suite("Rate limits: 429 with Retry-After where the contract documents it")
struct RateLimitTests {
    @Test("a caller over its limit gets 429 problem+json with Retry-After; other callers, other operations and unlimited ones go on")
    func overTheLimit() async throws {
        let server = try await IdentityServer(arguments: ["--rate-limit", "3"])
        // Token issue is limited too, by address as it is public: these three tokens from
        // 127.0.0.1 spend its allowance.
        _ = try await EvaluationHTTPTests.preparePack(on: server)
        let admin = try await server.adminToken("policy:read policy:evaluate identity:admin")
        let client = try await server.registerClient(name: "other-caller", scopes: ["policy:evaluate"], token: admin)
        let other = try await server.token(clientID: client.id, secret: client.secret, scopes: "policy:evaluate")

        for _ in 1...3 {
            #expect(try await server.call(.POST, "/v1/evaluate", token: admin, json: Self.evaluation).status == 200)
        }
        let decisionsBefore = try server.outboxEvents(on: "policy.decisions").count
        let refused = try await server.call(.POST, "/v1/evaluate", token: admin, json: Self.evaluation)
        #expect(refused.status == 429, "\(refused.text)")
        #expect(refused.headers.first(name: "Content-Type") == "application/problem+json")
        let problem = try refused.jsonObject()
        #expect(problem["type"] as? String == "urn:accord:problem:rate-limited")
        #expect(problem["code"] as? String == "rate_limited")
        #expect(problem["instance"] as? String == "/v1/evaluate")
        let detail = problem["detail"] as? String ?? ""
        #expect(detail.contains("Limit of 3 requests per minute") && detail.contains("evaluatePolicy"), "\(detail)")
        // Three calls a minute refill one every 20 seconds.
        let retryAfter = try #require(refused.headers.first(name: "Retry-After").flatMap(Int.init))
        #expect((1...20).contains(retryAfter), "Retry-After: \(retryAfter)")
        // Refused before the gateway: no policy decision was taken or logged for it.
        #expect(refused.headers.first(name: "X-Policy-Decision") == "none")
        #expect(try server.outboxEvents(on: "policy.decisions").count == decisionsBefore)

        // Another operation, another caller: their own allowances.
        let batch = ["requests": [Self.evaluation]]
        #expect(try await server.call(.POST, "/v1/evaluate/batch", token: admin, json: batch).status == 200)
        #expect(try await server.call(.POST, "/v1/evaluate", token: other, json: Self.evaluation).status == 200)
        // An operation whose contract documents no 429 is never limited.
        for _ in 1...5 {
            #expect(try await server.call(.GET, "/v1/rule-packs", token: admin).status == 200)
        }

        // The public token endpoint counts by address: a fourth token is refused.
        let anonymous = try await server.issue(clientID: client.id, secret: client.secret, scopes: "policy:evaluate")
        #expect(anonymous.status == 429, "\(anonymous.text)")
        #expect(try (anonymous.jsonObject()["detail"] as? String)?.contains("address 127.0.0.1") == true, "\(anonymous.text)")

        let metrics = try await send(.GET, server.base + "/metrics").text
        #expect(metrics.contains(#"accord_rate_limited_total{operation="evaluatePolicy"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"accord_rate_limited_total{operation="issueToken"} 1"#), "\(metrics)")
    }

    @Test("the allowance refills: after the Retry-After a refused caller is admitted again")
    func refills() async throws {
        // One call a second once the minute's 60 are spent.
        let server = try await IdentityServer(arguments: ["--rate-limit", "60"])
        let admin = try await EvaluationHTTPTests.preparePack(on: server)
        var admitted = 0
        var refused: HTTPResult?
        while refused == nil, admitted < 200 {
            let result = try await server.call(.POST, "/v1/evaluate", token: admin, json: Self.evaluation)
            if result.status == 429 { refused = result } else { admitted += 1 }
        }
        let refusal = try #require(refused, "200 calls were admitted under a limit of 60 a minute")
        #expect(admitted >= 60, "refused after \(admitted) calls")
        #expect(refusal.headers.first(name: "Retry-After") == "1")
        try await Task.sleep(for: .milliseconds(1_100))
        let again = try await server.call(.POST, "/v1/evaluate", token: admin, json: Self.evaluation)
        #expect(again.status == 200, "\(again.text)")
    }

    @Test("a negative limit, as a flag or in the environment, stops the server naming the setting")
    func invalidLimit() async throws {
        let flag = try ServerProcess(arguments: ["--rate-limit=-5"])
        #expect(try await flag.waitForExit() != 0)
        #expect(flag.log.contains("--rate-limit must be 0 (no limit) or more calls a minute, got -5"), "\(flag.log)")
        let environment = try ServerProcess(arguments: [], environment: ["ACCORD_RATE_LIMIT": "lots"])
        #expect(try await environment.waitForExit() != 0)
        #expect(environment.log.contains("ACCORD_RATE_LIMIT") && environment.log.contains("lots"), "\(environment.log)")
    }

    @Test("the limiter itself: a minute's allowance at once, then one call per 60/limit seconds, per caller and operation")
    func limiterArithmetic() {
        // 60 a minute: one a second, which keeps the arithmetic exact.
        let limiter = CallRateLimiter(requestsPerMinute: 60)
        let start = ContinuousClock.now
        for _ in 1...60 { #expect(limiter.admit(caller: "a", operation: "op", at: start) == nil) }
        #expect(limiter.admit(caller: "a", operation: "op", at: start) == .seconds(1))
        #expect(limiter.admit(caller: "a", operation: "other", at: start) == nil)
        #expect(limiter.admit(caller: "b", operation: "op", at: start) == nil)
        // Refused calls cost nothing: a quarter second later the wait is three quarters, and
        // at one second one call passes.
        #expect(limiter.admit(caller: "a", operation: "op", at: start + .milliseconds(250)) == .milliseconds(750))
        #expect(limiter.admit(caller: "a", operation: "op", at: start + .seconds(1)) == nil)
        #expect(limiter.admit(caller: "a", operation: "op", at: start + .seconds(1)) != nil)
        // After a minute's quiet the bucket is full again: sixty calls, not more.
        let later = start + .seconds(100)
        for _ in 1...60 { #expect(limiter.admit(caller: "a", operation: "op", at: later) == nil) }
        #expect(limiter.admit(caller: "a", operation: "op", at: later) != nil)
    }

    @Test("the 429 rounds its Retry-After up to whole seconds, at least one, and says it in the detail")
    func refusalWording() {
        let refusal = ProblemResponse.rateLimited(
            caller: "client c1", operation: "op", requestsPerMinute: 1, retryAfter: .milliseconds(1_500))
        #expect(refusal.problem.status == 429 && refusal.problem.code == "rate_limited")
        #expect(refusal.problem.detail == "Limit of 1 request per minute for client c1 on op exceeded; retry in 2 s.")
        #expect(refusal.headers[.retryAfter] == "2")
        let soon = ProblemResponse.rateLimited(caller: "client c1", operation: "op", requestsPerMinute: 600, retryAfter: .milliseconds(5))
        #expect(soon.headers[.retryAfter] == "1")
    }

    @Test("callers seen once do not pile up: full buckets are swept as new callers arrive")
    func bucketsStayBounded() {
        let limiter = CallRateLimiter(requestsPerMinute: 10)
        let start = ContinuousClock.now
        for index in 0..<10_000 { _ = limiter.admit(caller: "address 10.0.\(index / 256).\(index % 256)", operation: "op", at: start) }
        #expect(limiter.bucketCount == 10_000)
        // A minute later every one of them has refilled; the next arrivals sweep them out.
        let later = start + .seconds(61)
        for index in 0..<10_000 { _ = limiter.admit(caller: "address 10.1.\(index / 256).\(index % 256)", operation: "op", at: later) }
        #expect(limiter.bucketCount <= 10_000, "\(limiter.bucketCount) buckets")
    }

    static var evaluation: [String: Any] {
        [
            "principal": ["id": "alice", "roles": ["publisher"], "tenant": "acme"], "action": "capsule.submit",
            "resource": ["type": "capsule", "id": "invoice-summarizer", "tenant": "acme"],
            "context": ["time": "2025-03-14T09:26:53Z"],
        ]
    }
}
