import Foundation
import Handlers
import NIOHTTP1
import TestSupport
import Testing

/// The gateway evaluates every protected operation's `x-policy-action` before its handler runs,
/// against the `gateway` pack and the constitution.
@Suite("Gateway enforcement over HTTP")
struct GatewayEnforcementTests {
    static func isUUID(_ text: String?) -> Bool {
        text.map { UUID(uuidString: $0) != nil && $0 == $0.lowercased() } ?? false
    }

    @Test(
        "a fresh server permits authenticated callers; forbid, review and default deny answer 403 with the rules; headers on every response"
    )
    func enforcement() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read policy:evaluate identity:admin")

        // A fresh server: the gateway pack exists and permits every authenticated caller.
        let packs = try await server.call(.GET, "/v1/rule-packs", token: admin)
        #expect(packs.status == 200, "\(packs.text)")
        #expect(packs.headers.first(name: "X-Policy-Decision") == "permit")
        #expect(Self.isUUID(packs.headers.first(name: "X-Policy-Decision-Id")))
        let gateway = try await server.call(.GET, "/v1/rule-packs/gateway", token: admin).jsonObject()
        #expect(gateway["active_version"] as? Int == 1)
        // No evaluation: a public operation, and a call refused before the gate.
        let health = try await send(.GET, server.base + "/healthz")
        #expect(health.headers.first(name: "X-Policy-Decision") == "none")
        #expect(health.headers.first(name: "X-Policy-Decision-Id") == nil)
        let anonymous = try await server.call(.GET, "/v1/rule-packs", token: nil)
        #expect(anonymous.status == 401 && anonymous.headers.first(name: "X-Policy-Decision") == "none")

        // Tighten the gateway: reading one pack is forbidden, listing needs review, and only
        // the administrator (or a caller with the identity:admin scope) is permitted at all.
        let reader = try await server.registerClient(name: "pack-reader", scopes: ["policy:read"], token: admin)
        let rules: [[String: Any]] = [
            [
                "id": "admins", "effect": "permit", "description": "Administrators may do anything not forbidden.",
                "condition": ["op": "contains", "attribute": "principal.roles", "value": "identity:admin"],
            ],
            [
                "id": "readers_may_read", "effect": "permit", "description": "Readers may read packs.",
                "condition": ["op": "eq", "attribute": "action", "value": "rule_pack.read"],
            ],
            [
                "id": "sealed_pack", "effect": "forbid", "description": "Nobody reads the sealed pack through the API.",
                "condition": [
                    "op": "all",
                    "conditions": [
                        ["op": "eq", "attribute": "resource.type", "value": "rule_pack"],
                        ["op": "eq", "attribute": "resource.id", "value": "sealed"],
                    ],
                ],
            ],
            [
                "id": "listing_needs_review", "effect": "review", "description": "Listing packs is reviewed.",
                "condition": ["op": "eq", "attribute": "context.attributes.operation", "value": "listRulePacks"],
            ],
        ]
        #expect(try await server.call(.PUT, "/v1/rule-packs/gateway/versions/2", token: admin, json: ["rules": rules]).status == 201)
        #expect(try await server.call(.POST, "/v1/rule-packs/gateway/activate", token: admin, json: ["version": 2]).status == 200)

        // permit
        let read = try await server.call(.GET, "/v1/rule-packs/gateway", token: admin)
        #expect(read.status == 200 && read.headers.first(name: "X-Policy-Decision") == "permit")

        // forbid wins over the admin's permit, named by rule, and lands on the decision log.
        let sealed = try await server.call(.GET, "/v1/rule-packs/sealed", token: admin)
        #expect(sealed.status == 403, "\(sealed.text)")
        #expect(sealed.headers.first(name: "X-Policy-Decision") == "forbid")
        let forbidden = try sealed.jsonObject()
        #expect(forbidden["code"] as? String == "policy_forbid")
        #expect((forbidden["reasons"] as? [[String: Any]])?.map { $0["rule_id"] as? String } == ["sealed_pack"])
        #expect(forbidden["decision_id"] as? String == sealed.headers.first(name: "X-Policy-Decision-Id"))

        // review
        let listed = try await server.call(.GET, "/v1/rule-packs", token: admin)
        #expect(listed.status == 403 && listed.headers.first(name: "X-Policy-Decision") == "review")
        let review = try listed.jsonObject()
        #expect(review["code"] as? String == "policy_review")
        #expect(review["review_hint"] is String)

        // A reader is permitted to read by its rule, and its listing is reviewed like anyone's…
        let readerToken = try await server.token(clientID: reader.id, secret: reader.secret, scopes: "policy:read")
        let readerRead = try await server.call(.GET, "/v1/rule-packs/gateway", token: readerToken)
        #expect(readerRead.status == 200 && readerRead.headers.first(name: "X-Policy-Decision") == "permit")
        let readerList = try await server.call(.GET, "/v1/rule-packs", token: readerToken)
        #expect(readerList.status == 403 && readerList.headers.first(name: "X-Policy-Decision") == "review")
        let evaluate: [String: Any] = [
            "principal": ["id": "a", "roles": [], "tenant": "acme"], "action": "x.y",
            "resource": ["type": "t", "id": "1", "tenant": "acme"], "context": ["time": "2025-01-01T00:00:00Z"],
        ]
        // …so a caller no rule permits is denied by default (scopes alone are not enough).
        let readerVersions = try await server.call(.GET, "/v1/rule-packs/gateway/versions", token: readerToken)
        #expect(readerVersions.status == 200, "\(readerVersions.text)")
        let other = try await server.registerClient(name: "evaluator", scopes: ["policy:evaluate"], token: admin)
        let otherToken = try await server.token(clientID: other.id, secret: other.secret, scopes: "policy:evaluate")
        let deniedCall = try await server.call(.POST, "/v1/evaluate", token: otherToken, json: evaluate)
        #expect(deniedCall.status == 403, "\(deniedCall.text)")
        #expect(deniedCall.headers.first(name: "X-Policy-Decision") == "deny")
        #expect(try deniedCall.jsonObject()["code"] as? String == "policy_deny")

        // Refusals are on the decision log; permits are not.
        let effects = try server.outboxEvents(on: "policy.decisions").compactMap { $0.payload["effect"] as? String }
        #expect(effects.sorted() == ["deny", "forbid", "review", "review"])
        #expect(try await server.process.stop() == 0)
    }
}
