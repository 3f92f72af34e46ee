import Foundation
import Handlers
import NIOHTTP1
import TestSupport
import Testing

@Suite("Governance over HTTP: packs, versions, evaluation")
struct GovernanceHTTPTests {
    @Test("a pack's active version decides; a new version is validated; determinism of the hash")
    func packsAndEvaluation() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read policy:evaluate")
        #expect(
            try await server.call(.POST, "/v1/rule-packs", token: admin, json: ["id": "support", "name": "Support", "tenant": "acme"])
                .status == 201)
        let rules: [[String: Any]] = [
            [
                "id": "publishers-may-submit", "effect": "permit", "description": "Publishers submit.",
                "condition": ["op": "contains", "attribute": "principal.roles", "value": "publisher"],
            ],
            [
                "id": "no-night-submissions", "effect": "forbid", "description": "Not at night.",
                "condition": ["op": "lt", "attribute": "context.time", "value": "2025-03-14T06:00:00Z"],
            ],
        ]
        let put = try await server.call(.PUT, "/v1/rule-packs/support/versions/1", token: admin, json: ["rules": rules])
        #expect(put.status == 201, "\(put.text)")
        #expect(try await server.call(.POST, "/v1/rule-packs/support/activate", token: admin, json: ["version": 1]).status == 200)

        let request: [String: Any] = [
            "principal": ["id": "alice@acme.example", "roles": ["publisher"], "tenant": "acme"], "action": "capsule.submit",
            "resource": ["type": "capsule", "id": "c1", "tenant": "acme"], "context": ["time": "2025-03-14T09:26:53Z"],
        ]
        let first = try await server.call(.POST, "/v1/evaluate", token: admin, json: request)
        #expect(first.status == 200, "\(first.text)")
        let decision = try first.jsonObject()
        #expect(decision["effect"] as? String == "permit")
        #expect((decision["reasons"] as? [[String: Any]])?.map { $0["rule_id"] as? String } == ["publishers-may-submit"])
        let second = try await server.call(.POST, "/v1/evaluate", token: admin, json: request).jsonObject()
        #expect(second["input_hash"] as? String == decision["input_hash"] as? String)
        #expect(second["decision_id"] as? String != decision["decision_id"] as? String)

        var night = request
        night["context"] = ["time": "2025-03-14T03:00:00Z"]
        #expect(try await server.call(.POST, "/v1/evaluate", token: admin, json: night).jsonObject()["effect"] as? String == "forbid")

        let bad = try await server.call(
            .PUT, "/v1/rule-packs/support/versions/2", token: admin,
            json: [
                "rules": [
                    [
                        "id": "x", "effect": "permit", "description": "d",
                        "condition": ["op": "eq", "attribute": "principal.salary", "value": 1],
                    ]
                ]
            ])
        #expect(bad.status == 422)
        #expect(try bad.fieldErrors() == ["/rules/0/condition/attribute unknown_attribute"])
        let again = try await server.call(.PUT, "/v1/rule-packs/support/versions/1", token: admin, json: ["rules": rules])
        #expect(again.status == 409)

        // Every evaluation is on the decision log (the outbox, for policy.decisions).
        let ids = try server.outboxEvents(on: "policy.decisions").compactMap { $0.payload["decision_id"] as? String }
        #expect(ids.count == 3)
        #expect(ids.contains(decision["decision_id"] as? String ?? "?"))
    }
}
