import Foundation
import GRDB
import Handlers
import Hummingbird
import Logging
import NIOHTTP1
import Synchronization
import TestSupport
import Testing

/// Signing-key rotation and rollback over the admin API, with a real hook receiver.
@Suite("Identity: key rotation, overlap, rollback and hooks")
struct KeyRotationTests {
    @Test("after a rotation old tokens verify through the overlap and not after; hooks and audit events follow")
    func rotationOverlap() async throws {
        let received = HookInbox()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            received.append(String(buffer: try await request.body.collect(upTo: 4096)))
            return .noContent
        }
        let hookServer = try await LoopbackApplication.start(router, logger: Logger(label: "hook"))
        let server = try await IdentityServer(arguments: ["--rotation-hook", hookServer.baseURL + "/hook"])
        let admin = try await server.adminToken()
        let old = try await server.adminToken("identity:admin")
        let oldKid = try Self.kid(of: old)

        // An overlap long enough for the checks below on a loaded machine; the wait after them
        // is measured from the rotation.
        let rotated = try await server.call(.POST, "/v1/keys/rotate", token: admin, json: ["overlap_seconds": 8])
        let rotatedAt = ContinuousClock.now
        #expect(rotated.status == 200, "\(rotated.text)")
        let result = try rotated.jsonObject()
        let newKid = try #require((result["active"] as? [String: Any])?["kid"] as? String)
        #expect(newKid != oldKid)
        #expect((result["retiring"] as? [[String: Any]])?.map { $0["kid"] as? String } == [oldKid])

        let fresh = try await server.adminToken("identity:admin")
        #expect(try Self.kid(of: fresh) == newKid)
        #expect(try await Self.publishedKids(server) == Set([oldKid, newKid]))
        #expect(try await server.call(.GET, "/v1/clients", token: old).status == 200, "old tokens verify during the overlap")
        #expect(try verifyWithPyJWT(old, jwks: server.base + "/.well-known/jwks.json", issuer: server.issuer).status == 0)

        try await Task.sleep(until: rotatedAt + .seconds(8.5))
        #expect(try await server.call(.GET, "/v1/clients", token: old).status == 401, "and not after it")
        #expect(try await server.call(.GET, "/v1/clients", token: fresh).status == 200)
        #expect(try await Self.publishedKids(server) == [newKid])

        let deadline = ContinuousClock.now + .seconds(10)
        while received.messages.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let hook = try #require(received.messages.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(hook["event"] as? String == "key.rotated")
        #expect(hook["kid"] as? String == newKid)
        await hookServer.stop()

        let actions = try Self.auditActions(server)
        #expect(actions.contains("key.rotated"))
        #expect(actions.contains("token.issued"))
    }

    @Test("a rollback restores the previous key: its tokens verify again and the bad key's stop")
    func rollback() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let beforeKid = try Self.kid(of: admin)
        #expect(try await server.call(.POST, "/v1/keys/rotate", token: admin, json: [:]).status == 200)
        let underBadKey = try await server.adminToken()
        #expect(try Self.kid(of: underBadKey) != beforeKid)

        let rolledBack = try await server.call(.POST, "/v1/keys/rollback", token: admin, json: ["reason": "the new key leaked"])
        #expect(rolledBack.status == 200, "\(rolledBack.text)")
        #expect(((try rolledBack.jsonObject()["active"]) as? [String: Any])?["kid"] as? String == beforeKid)
        #expect(try await server.call(.GET, "/v1/clients", token: admin).status == 200)
        #expect(try await server.call(.GET, "/v1/clients", token: underBadKey).status == 401)
        #expect(try Self.kid(of: try await server.adminToken()) == beforeKid)
        #expect(try await Self.publishedKids(server) == [beforeKid])

        // Nothing left to roll back to: 409 saying what to do instead.
        let again = try await server.call(.POST, "/v1/keys/rollback", token: admin, json: [:])
        #expect(again.status == 409)
        #expect(
            try again.jsonObject()["detail"] as? String == "Rollback refused: no previous key still verifies; rotate to a new key instead.")
        #expect(try Self.auditActions(server).contains("key.rolled_back"))
    }

    static func kid(of token: String) throws -> String {
        let header = try #require(token.split(separator: ".").first)
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let object = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: base64))) as? [String: Any]
        return try #require(object?["kid"] as? String)
    }

    static func publishedKids(_ server: borrowing IdentityServer) async throws -> Set<String> {
        let keys = try await send(.GET, server.base + "/.well-known/jwks.json").jsonObject()["keys"] as? [[String: Any]] ?? []
        return Set(keys.compactMap { $0["kid"] as? String })
    }

    /// The `action` of every identity.audit event in the outbox.
    static func auditActions(_ server: borrowing IdentityServer) throws -> [String] {
        try server.outboxEvents(on: "identity.audit").compactMap { $0.payload["action"] as? String }
    }
}

/// Bodies a hook receiver got, in order.
final class HookInbox: Sendable {
    private let bodies = Mutex<[String]>([])

    func append(_ body: String) { bodies.withLock { $0.append(body) } }

    var messages: [String] { bodies.withLock { $0 } }
}
