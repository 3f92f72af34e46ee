import AccordAPI
import Foundation
import GRDB
import NIOHTTP1
import TestSupport
import Testing

@testable import Handlers

/// The training-mode lock over HTTP, and its lease in process.
@Suite("Training mode")
struct TrainingModeHTTPTests {
    @Test("one holder at a time (409 naming the holder); refused operations answer 423 with Retry-After; renew, release; audited")
    func lockRules() async throws {
        let server = try await IdentityServer()
        let admin = try await server.runtimeToken()
        let otherClient = try await server.registerClient(
            name: "trainer-2", scopes: ["training:admin"], token: try await server.adminToken())
        let other = try await server.token(clientID: otherClient.id, secret: otherClient.secret, scopes: "training:admin")
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: admin)

        let off = try await server.call(.GET, "/v1/training-mode", token: admin).jsonObject()
        #expect(off["enabled"] as? Bool == false && off["lock_id"] is NSNull && (off["refused_operations"] as? [Any])?.isEmpty == true)

        let acquired = try await server.call(
            .POST, "/v1/training-mode/lock", token: admin, json: ["reason": "nightly fine-tune", "lease_seconds": 600])
        #expect(acquired.status == 200, "\(acquired.text)")
        let state = try acquired.jsonObject()
        let lockID = try #require(state["lock_id"] as? String)
        #expect(state["enabled"] as? Bool == true && state["holder"] as? String == server.adminID)
        #expect(state["refused_operations"] as? [String] == ["putProvider", "deleteProvider"])

        let second = try await server.call(.POST, "/v1/training-mode/lock", token: other, json: ["reason": "me too"])
        #expect(second.status == 409)
        #expect(try second.jsonObject()["holder"] as? String == server.adminID)

        // Refused operations answer 423 before anything changes.
        let put = try await server.call(
            .PUT, "/v1/providers/another", token: admin,
            json: ["kind": "openai-compatible", "base_url": "http://127.0.0.1:9/v1", "models": ["m"], "api_key_ref": ["source": "none"]])
        #expect(put.status == 423, "\(put.text)")
        let retryAfter = Int(put.headers.first(name: "Retry-After") ?? "") ?? 0
        #expect((590...600).contains(retryAfter))
        #expect(try put.jsonObject()["code"] as? String == "training_mode_enabled")
        #expect(try await server.call(.GET, "/v1/providers/another", token: admin).status == 404)

        // Conversations go on, recorded as training data.
        let step = try await server.call(.POST, "/v1/conversation/step", token: admin, json: chatRequest("Say hi.", maxTokens: 4))
        #expect(step.status == 200)
        let turnID = try #require(try step.jsonObject()["turn_id"] as? String)
        let database = try AccordDatabase.open(inDirectory: server.data.path)
        #expect(
            try await database.pool.read {
                try Bool.fetchOne($0, sql: "SELECT training FROM runtime_turns WHERE id = ?", arguments: [turnID])
            } == true)
        #expect(metricValue("training_mode_state", in: try await send(.GET, server.base + "/metrics").text) == 1)

        // Only the lock id renews or releases it.
        let wrong = try await server.call(.POST, "/v1/training-mode/renew", token: admin, json: ["lock_id": UUID().uuidString.lowercased()])
        #expect(try wrong.status == 409 && wrong.jsonObject()["code"] as? String == "not_lock_holder")
        let renewed = try await server.call(
            .POST, "/v1/training-mode/renew", token: admin, json: ["lock_id": lockID, "lease_seconds": 1200])
        #expect(renewed.status == 200)
        let released = try await server.call(.POST, "/v1/training-mode/unlock", token: admin, json: ["lock_id": lockID, "note": "done"])
        #expect(try released.status == 200 && released.jsonObject()["enabled"] as? Bool == false)
        #expect(try await server.call(.POST, "/v1/training-mode/unlock", token: admin, json: ["lock_id": lockID]).status == 409)
        #expect(try await server.call(.DELETE, "/v1/providers/local", token: admin).status == 409)  // the default, no longer 423

        // A turn after release is not training data.
        let after = try await server.call(.POST, "/v1/conversation/step", token: admin, json: chatRequest("Say hi.", maxTokens: 4))
        let afterID = try #require(try after.jsonObject()["turn_id"] as? String)
        #expect(
            try await database.pool.read {
                try Bool.fetchOne($0, sql: "SELECT training FROM runtime_turns WHERE id = ?", arguments: [afterID])
            } == false)

        let audit = try server.outboxEvents(on: "training.audit")
        #expect(audit.compactMap { $0.payload["transition"] as? String } == ["acquired", "refused", "renewed", "released"])
        #expect(audit.allSatisfy { $0.key == "training-mode" })
        #expect(audit[1].payload["holder"] as? String == otherClient.id)
        #expect(audit[3].payload["reason"] as? String == "done")

        // Without the training:admin scope the lock is out of reach.
        let chatOnly = try await server.registerClient(name: "chatter", scopes: ["chat:write"], token: try await server.adminToken())
        let chatter = try await server.token(clientID: chatOnly.id, secret: chatOnly.secret, scopes: "chat:write")
        #expect(try await server.call(.POST, "/v1/training-mode/lock", token: chatter, json: ["reason": "x"]).status == 403)
    }

    @Test("a lease that is not renewed expires: the next read finds the mode off and audits the expiry once")
    func leaseExpires() throws {
        let data = try TemporaryDirectory()
        let database = try AccordDatabase.open(inDirectory: data.path)
        try database.migrate()
        let training = try TrainingMode(database: database, refusedOperations: ["putProvider"])
        let start = Date()
        guard case .success = try training.acquire(holder: "ops", reason: "run", lease: 30, now: start) else {
            Issue.record("the lock was not acquired")
            return
        }
        #expect(try training.refusal(of: "putProvider", now: start.addingTimeInterval(29)) != nil)
        #expect(try training.refusal(of: "streamChat", now: start.addingTimeInterval(29)) == nil)
        #expect(try training.refusal(of: "putProvider", now: start.addingTimeInterval(31)) == nil)
        #expect(try training.state(now: start.addingTimeInterval(32)).enabled == false)
        let transitions = try OutboxStore(database: database).list(status: nil, limit: 100).filter { $0.topic == "training.audit" }
            .compactMap { try JSONSerialization.jsonObject(with: $0.value) as? [String: Any] }.compactMap { $0["transition"] as? String }
        #expect(transitions == ["acquired", "expired"])
        // And the lock is free again.
        guard case .success = try training.acquire(holder: "next", reason: "again", lease: 30, now: start.addingTimeInterval(40)) else {
            Issue.record("the expired lock could not be acquired again")
            return
        }
    }
}
