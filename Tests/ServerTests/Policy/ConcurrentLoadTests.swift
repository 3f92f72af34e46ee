import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Many callers at once must never wedge the server. Reading SQLite the wrong way (an async read
/// beside synchronous ones) once starved Swift's cooperative pool under `wrk` on two cores:
/// every request hung. This drives the same mix, concurrently, and requires every answer.
@Suite("Concurrent load on protected routes")
struct ConcurrentLoadTests {
    @Test("448 protected calls, 64 at a time, over routes that read, write and evaluate: every one answers, every decision logged once")
    func manyCallersAtOnce() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read policy:evaluate")
        _ = try await server.call(.POST, "/v1/rule-packs", token: admin, json: ["id": "load", "name": "Load", "tenant": "acme"])
        let rules: [[String: Any]] = [
            ["id": "all", "effect": "permit", "description": "d", "condition": ["op": "present", "attribute": "principal.id"]]
        ]
        #expect(try await server.call(.PUT, "/v1/rule-packs/load/versions/1", token: admin, json: ["rules": rules]).status == 201)
        #expect(try await server.call(.POST, "/v1/rule-packs/load/activate", token: admin, json: ["version": 1]).status == 200)
        let evaluation = try JSONSerialization.data(withJSONObject: [
            "principal": ["id": "a", "roles": [], "tenant": "acme"], "action": "x.y",
            "resource": ["type": "t", "id": "1", "tenant": "acme"], "context": ["time": "2025-01-01T00:00:00Z"], "pack_id": "load",
        ])
        let base = server.base
        let headers = [("Authorization", "Bearer \(admin)"), ("Accept", "application/json"), ("Content-Type", "application/json")]

        let results = try await withThrowingTaskGroup(of: [(status: Int, decisionID: String?)].self) { group in
            for worker in 0..<64 {
                group.addTask {
                    var seen: [(status: Int, decisionID: String?)] = []
                    for call in 0..<7 {
                        let result: HTTPResult
                        switch (worker + call) % 3 {
                        case 0: result = try await send(.GET, base + "/v1/rule-packs/load", headers: headers)
                        case 1: result = try await send(.GET, base + "/v1/rule-packs/load/versions", headers: headers)
                        default: result = try await send(.POST, base + "/v1/evaluate", headers: headers, body: evaluation)
                        }
                        let decision = (call + worker) % 3 == 2 ? (try? result.jsonObject())?["decision_id"] as? String : nil
                        seen.append((result.status, decision))
                    }
                    return seen
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let statuses = results.map(\.status)
        #expect(statuses.count == 448)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
        // Every decision answered was committed to the decision log before its answer (the
        // group commit shares transactions, never skips a caller), each exactly once.
        let answered = results.compactMap(\.decisionID)
        #expect(answered.count == 149)
        let logged = try server.outboxEvents(on: "policy.decisions").compactMap { $0.payload["decision_id"] as? String }
        #expect(logged.count == answered.count)
        #expect(Set(logged) == Set(answered))
        #expect(try await server.process.stop() == 0)
    }
}
