import Foundation
import Handlers
import NIOHTTP1
import TestSupport
import Testing

/// `/v1/evaluate`, its batch form and dry runs over HTTP, with the decision metrics.
@Suite("Policy evaluation over HTTP: batches, dry runs, determinism, metrics")
struct EvaluationHTTPTests {
    static var rules: [[String: Any]] {
        [
            [
                "id": "publishers_may_submit", "effect": "permit", "description": "Publishers submit.",
                "condition": ["op": "contains", "attribute": "principal.roles", "value": "publisher"],
            ],
            [
                "id": "gold_needs_review", "effect": "review", "description": "Gold tier is reviewed.",
                "condition": ["op": "eq", "attribute": "resource.attributes.tier", "value": "gold"],
            ],
            [
                "id": "bad_amount", "effect": "forbid", "description": "Errors on a non-numeric amount.",
                "condition": ["op": "gt", "attribute": "resource.attributes.amount", "value": 100],
            ],
        ]
    }

    static func request(_ principal: String, roles: [String], tier: String, amount: Any? = nil) -> [String: Any] {
        var attributes: [String: Any] = ["tier": tier]
        if let amount { attributes["amount"] = amount }
        return [
            "principal": ["id": principal, "roles": roles, "tenant": "acme"], "action": "capsule.submit",
            "resource": ["type": "capsule", "id": "c1", "tenant": "acme", "attributes": attributes],
            "context": ["time": "2025-03-14T09:26:53Z"],
        ]
    }

    /// Creates pack `capsules` with version 1 (``rules``) active; returns an administrator token.
    static func preparePack(on server: borrowing IdentityServer) async throws -> String {
        let admin = try await server.adminToken("policy:admin policy:read policy:evaluate")
        _ = try await server.call(.POST, "/v1/rule-packs", token: admin, json: ["id": "capsules", "name": "Capsules", "tenant": "acme"])
        #expect(try await server.call(.PUT, "/v1/rule-packs/capsules/versions/1", token: admin, json: ["rules": rules]).status == 201)
        #expect(try await server.call(.POST, "/v1/rule-packs/capsules/activate", token: admin, json: ["version": 1]).status == 200)
        return admin
    }

    @Test("a batch answers one decision per request, in order, each on the decision log and counted on /metrics")
    func batch() async throws {
        let server = try await IdentityServer()
        let admin = try await Self.preparePack(on: server)
        let requests = [
            Self.request("alice", roles: ["publisher"], tier: "silver"),
            Self.request("bob", roles: ["publisher"], tier: "gold"),
            Self.request("carol", roles: [], tier: "silver"),
            Self.request("dave", roles: ["publisher"], tier: "silver", amount: "lots"),
        ]
        let answer = try await server.call(.POST, "/v1/evaluate/batch", token: admin, json: ["requests": requests])
        #expect(answer.status == 200, "\(answer.text)")
        let decisions = try answer.jsonObject()["decisions"] as? [[String: Any]] ?? []
        #expect(decisions.map { $0["effect"] as? String } == ["permit", "review", "deny", "permit"])
        // The erroring rule is reported and skipped; the permit still decides.
        let errored = decisions.last?["errors"] as? [[String: Any]]
        #expect(errored?.map { $0["rule_id"] as? String } == ["bad_amount"])

        let logged = try server.outboxEvents(on: "policy.decisions")
        #expect(
            Set(logged.compactMap { $0.payload["decision_id"] as? String }) == Set(decisions.compactMap { $0["decision_id"] as? String }))

        let metrics = try await send(.GET, server.base + "/metrics").text
        #expect(metrics.contains(#"policy_decision_total{effect="permit",pack="capsules"} 2"#), "\(metrics)")
        #expect(metrics.contains(#"policy_decision_total{effect="review",pack="capsules"} 1"#))
        #expect(metrics.contains(#"policy_decision_total{effect="deny",pack="capsules"} 1"#))
        #expect(metrics.contains("policy_evaluation_duration_seconds_count"))
        #expect(metrics.contains("policy_constitution_version 0"))
        #expect(try await server.process.stop() == 0)
    }

    @Test("a dry run reports which decisions a candidate version would change, and stores nothing")
    func dryRun() async throws {
        let server = try await IdentityServer()
        let admin = try await Self.preparePack(on: server)
        var candidate = Self.rules
        candidate[1]["effect"] = "forbid"  // gold tier: review → forbid
        let inputs = [
            Self.request("alice", roles: ["publisher"], tier: "silver"), Self.request("bob", roles: ["publisher"], tier: "gold"),
        ]
        let answer = try await server.call(
            .POST, "/v1/rule-packs/capsules/dry-run", token: admin, json: ["rules": candidate, "inputs": inputs])
        #expect(answer.status == 200, "\(answer.text)")
        let result = try answer.jsonObject()
        let items = result["results"] as? [[String: Any]] ?? []
        #expect(items.map { $0["changed"] as? Bool } == [false, true])
        #expect(items.map { $0["after"] as? String } == ["permit", "forbid"])
        #expect(items.last?["before"] as? String == "review")
        #expect((result["summary"] as? [String: Any])?["changed"] as? Int == 1)
        #expect(result["baseline_version"] as? Int == 1)

        // Nothing stored: still one version, nothing logged.
        let versions = try await server.call(.GET, "/v1/rule-packs/capsules/versions", token: admin).jsonObject()
        #expect((versions["items"] as? [Any])?.count == 1)
        #expect(try server.outboxEvents(on: "policy.decisions").isEmpty)

        // Candidate rules are validated like a new version; an unknown baseline is 404.
        var broken = candidate
        broken.append(candidate[0])
        let duplicate = try await server.call(
            .POST, "/v1/rule-packs/capsules/dry-run", token: admin, json: ["rules": broken, "inputs": inputs])
        #expect(duplicate.status == 422)
        #expect(try duplicate.fieldErrors() == ["/rules/3/id duplicate_rule_id"])
        let missing = try await server.call(
            .POST, "/v1/rule-packs/capsules/dry-run", token: admin, json: ["rules": candidate, "inputs": inputs, "baseline_version": 9])
        #expect(missing.status == 404)
        #expect(try await server.process.stop() == 0)
    }

    @Test("the same input on the same versions gives the same effect, reasons and hash on another server process and database")
    func determinismAcrossServers() async throws {
        var answers: [[String: Any]] = []
        for _ in 0..<2 {
            let server = try await IdentityServer()
            let admin = try await Self.preparePack(on: server)
            let answer = try await server.call(
                .POST, "/v1/evaluate", token: admin, json: Self.request("bob", roles: ["publisher"], tier: "gold", amount: "x"))
            answers.append(try answer.jsonObject())
            #expect(try await server.process.stop() == 0)
        }
        #expect(answers[0]["input_hash"] as? String != nil)
        #expect(answers[0]["input_hash"] as? String == answers[1]["input_hash"] as? String)
        #expect(answers[0]["effect"] as? String == "review" && answers[1]["effect"] as? String == "review")
        func ruleIDs(_ answer: [String: Any], _ key: String) -> [String?] {
            (answer[key] as? [[String: Any]])?.map { $0["rule_id"] as? String } ?? []
        }
        #expect(ruleIDs(answers[0], "reasons") == ruleIDs(answers[1], "reasons"))
        #expect(ruleIDs(answers[0], "errors") == ["bad_amount"] && ruleIDs(answers[1], "errors") == ["bad_amount"])
        #expect(answers[0]["decision_id"] as? String != answers[1]["decision_id"] as? String)
    }
}
