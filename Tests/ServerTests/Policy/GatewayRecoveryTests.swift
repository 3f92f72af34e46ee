import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// A gateway pack that refuses everyone also refuses the calls that could replace it; the
/// `accord-server policy` command is the way back.
@Suite("Gateway recovery: accord-server policy versions and activate")
struct GatewayRecoveryTests {
    @Test("a gateway version that locks every caller out is undone by activating the earlier version with the command")
    func recoverFromLockout() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read identity:admin")
        let lockout: [String: Any] = [
            "rules": [
                [
                    "id": "nobody", "effect": "forbid", "description": "A mistake: refuses every caller.",
                    "condition": ["op": "present", "attribute": "principal.id"],
                ]
            ],
            "notes": "locks everyone out",
        ]
        #expect(try await server.call(.PUT, "/v1/rule-packs/gateway/versions/2", token: admin, json: lockout).status == 201)
        #expect(try await server.call(.POST, "/v1/rule-packs/gateway/activate", token: admin, json: ["version": 2]).status == 200)
        // Locked out: not even the administrator can activate version 1 again.
        let refused = try await server.call(.POST, "/v1/rule-packs/gateway/activate", token: admin, json: ["version": 1])
        #expect(refused.status == 403 && refused.headers.first(name: "X-Policy-Decision") == "forbid", "\(refused.text)")
        #expect(try await server.process.stop() == 0)

        let data = server.data.path
        let listed = try runBuiltExecutable("accord-server", ["policy", "versions", "--data-dir", data])
        #expect(listed.status == 0, "\(listed.output)")
        let lines = try listed.output.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(lines.map { $0["version"] as? Int } == [2, 1])
        #expect(lines.map { $0["active"] as? Bool } == [true, false])
        #expect(lines.first?["rule_ids"] as? [String] == ["nobody"])
        #expect(lines.first?["notes"] as? String == "locks everyone out")
        #expect((lines.first?["created_at"] as? String)?.hasSuffix("Z") == true, "\(lines)")

        let missing = try runBuiltExecutable("accord-server", ["policy", "activate", "--version", "7", "--data-dir", data])
        #expect(missing.status != 0 && missing.output.contains("rule pack gateway has no version 7"), "\(missing.output)")
        let unknownPack = try runBuiltExecutable("accord-server", ["policy", "versions", "--pack", "nope", "--data-dir", data])
        #expect(unknownPack.status != 0 && unknownPack.output.contains("there is no rule pack nope"), "\(unknownPack.output)")
        let activated = try runBuiltExecutable("accord-server", ["policy", "activate", "--version", "1", "--data-dir", data])
        #expect(activated.status == 0 && activated.output.contains("rule pack gateway: version 1 is active"), "\(activated.output)")

        // The same data, started again: the administrator's token works, and version 2 is kept.
        let restarted = try server.startAgain()
        let base = try await restarted.baseURL()
        let packs = try await send(
            .GET, base + "/v1/rule-packs/gateway", headers: [("Authorization", "Bearer \(admin)"), ("Accept", "application/json")])
        #expect(packs.status == 200 && packs.headers.first(name: "X-Policy-Decision") == "permit", "\(packs.text)")
        let gateway = try packs.jsonObject()
        #expect(gateway["active_version"] as? Int == 1 && gateway["latest_version"] as? Int == 2)
        #expect(try await restarted.stop() == 0)
    }
}
