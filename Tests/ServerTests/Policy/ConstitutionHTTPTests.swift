import AccordAPI
import Crypto
import Foundation
import NIOHTTP1
import TestSupport
import Testing

@testable import Handlers

@Suite("Governance over HTTP: the signed constitution")
struct ConstitutionHTTPTests {
    @Test("a signed constitution is accepted and its forbid wins over a pack's permit; a bad signature or a stale version is refused")
    func constitution() async throws {
        let board = Curve25519.Signing.PrivateKey()
        let server = try await IdentityServer(arguments: [
            "--constitution-key", "board=\(board.publicKey.rawRepresentation.base64EncodedString())",
        ])
        let admin = try await server.adminToken("policy:admin policy:evaluate constitution:admin policy:read")
        #expect(try await server.call(.GET, "/v1/constitution", token: admin).status == 404)

        func signed(_ version: Int, rules: [[String: Any]], key: Curve25519.Signing.PrivateKey = board) throws -> [String: Any] {
            let parsed = try JSONDecoder().decode([AccordAPI.Rule].self, from: JSONSerialization.data(withJSONObject: rules))
            let document = try ConstitutionSignature.document(version: version, rules: parsed, metadata: ["title": "Charter"])
            return [
                "version": version, "rules": rules, "metadata": ["title": "Charter"], "key_id": "board",
                "signature": try key.signature(for: document).base64EncodedString(),
            ]
        }
        let forbidExports: [[String: Any]] = [
            [
                "id": "no-exports", "effect": "forbid", "description": "Never.",
                "condition": ["op": "eq", "attribute": "action", "value": "data.export"],
            ]
        ]
        let accepted = try await server.call(.PUT, "/v1/constitution", token: admin, json: try signed(1, rules: forbidExports))
        #expect(accepted.status == 200, "\(accepted.text)")
        let forged = try await server.call(
            .PUT, "/v1/constitution", token: admin, json: try signed(2, rules: [], key: Curve25519.Signing.PrivateKey()))
        #expect(forged.status == 422)
        #expect(try forged.fieldErrors() == ["/signature bad_signature"])
        #expect(try await server.call(.PUT, "/v1/constitution", token: admin, json: try signed(1, rules: forbidExports)).status == 409)
        #expect(try await server.call(.GET, "/v1/constitution", token: admin).jsonObject()["version"] as? Int == 1)

        #expect(
            try await server.call(.POST, "/v1/rule-packs", token: admin, json: ["id": "ops", "name": "Ops", "tenant": "acme"]).status == 201
        )
        let permitAll: [[String: Any]] = [
            ["id": "all", "effect": "permit", "description": "d", "condition": ["op": "present", "attribute": "action"]]
        ]
        #expect(try await server.call(.PUT, "/v1/rule-packs/ops/versions/1", token: admin, json: ["rules": permitAll]).status == 201)
        #expect(try await server.call(.POST, "/v1/rule-packs/ops/activate", token: admin, json: ["version": 1]).status == 200)
        let request: [String: Any] = [
            "principal": ["id": "bob@acme.example", "roles": [], "tenant": "acme"], "action": "data.export",
            "resource": ["type": "dataset", "id": "d1", "tenant": "acme"], "context": ["time": "2025-03-14T09:26:53Z"],
        ]
        let decision = try await server.call(.POST, "/v1/evaluate", token: admin, json: request).jsonObject()
        #expect(decision["effect"] as? String == "forbid")
        #expect(decision["constitution_version"] as? Int == 1)
        #expect((decision["reasons"] as? [[String: Any]])?.first?["source"] as? String == "constitution")

        // Announced once (the forged and stale attempts were not), and in force on /metrics.
        let announced = try server.outboxEvents(on: "constitution.updated")
        #expect(announced.count == 1)
        let announcement = announced.first?.payload
        #expect(announcement?["version"] as? Int == 1 && announcement?["key_id"] as? String == "board")
        #expect(announced.first?.key == "constitution")
        let metrics = try await send(.GET, server.base + "/metrics").text
        #expect(metrics.contains("policy_constitution_version 1"), "\(metrics)")
        #expect(try await server.process.stop() == 0)
    }
}
