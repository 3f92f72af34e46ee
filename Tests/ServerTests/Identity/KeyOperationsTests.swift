import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Rotation on a cadence, the rollback command, and client-secret rotation with a grace period.
@Suite("Identity: scheduled rotation, the rollback command, secret grace")
struct KeyOperationsTests {
    @Test("with a rotation interval the server rotates on its own and audits it")
    func scheduledRotation() async throws {
        let server = try await IdentityServer(arguments: ["--key-rotation-interval", "2"])
        // The first key is created at start; every 2 s another is activated, and the earlier
        // ones stay published through their overlap. How many by now depends on the machine.
        let deadline = ContinuousClock.now + .seconds(20)
        var kids = try await KeyRotationTests.publishedKids(server)
        while kids.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            kids = try await KeyRotationTests.publishedKids(server)
        }
        #expect(kids.count >= 2, "\(kids)")
        #expect(try KeyRotationTests.auditActions(server).contains("key.rotated"))
        #expect(server.process.log.contains("signing key rotated on schedule"))
    }

    @Test("accord-server keys rollback restores the previous key of a stopped server")
    func rollbackCommand() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let before = try KeyRotationTests.kid(of: admin)
        #expect(try await server.call(.POST, "/v1/keys/rotate", token: admin, json: [:]).status == 200)
        #expect(try await server.process.stop() == 0)

        let environment = ["ACCORD_KEY_ENCRYPTION_KEY": server.keyEncryptionKey]
        let listed = try runBuiltExecutable("accord-server", ["keys", "list", "--data-dir", server.data.path], environment: environment)
        #expect(listed.status == 0)
        #expect(listed.output.split(separator: "\n").count == 2, "\(listed.output)")
        let rolled = try runBuiltExecutable(
            "accord-server", ["keys", "rollback", "--data-dir", server.data.path, "--reason", "drill"], environment: environment)
        #expect(rolled.status == 0, "\(rolled.output)")
        #expect(rolled.output.contains("active signing key: \(before)"))
        let again = try runBuiltExecutable("accord-server", ["keys", "rollback", "--data-dir", server.data.path], environment: environment)
        #expect(again.status != 0)
        #expect(again.output.contains("no previous key still verifies"))
        // Without the key-encryption key the command says so instead of failing obscurely.
        let keyless = try runBuiltExecutable("accord-server", ["keys", "list", "--data-dir", server.data.path], environment: [:])
        #expect(keyless.status != 0)
        #expect(keyless.output.contains("ACCORD_KEY_ENCRYPTION_KEY"))
    }

    @Test("a rotated secret with a grace period: both work until the grace ends, then only the new one")
    func secretGrace() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let client = try await server.registerClient(name: "graceful", scopes: ["policy:read"], token: admin)
        let rotated = try await server.call(.POST, "/v1/clients/\(client.id)/secret", token: admin, json: ["grace_seconds": 6])
        let rotatedAt = ContinuousClock.now
        #expect(rotated.status == 200)
        let newSecret = try #require(try rotated.jsonObject()["client_secret"] as? String)
        #expect(try rotated.jsonObject()["previous_secret_expires_at"] as? String != nil)
        #expect(try await server.issue(clientID: client.id, secret: client.secret, scopes: "policy:read").status == 200)
        #expect(try await server.issue(clientID: client.id, secret: newSecret, scopes: "policy:read").status == 200)
        try await Task.sleep(until: rotatedAt + .seconds(6.5))
        #expect(try await server.issue(clientID: client.id, secret: client.secret, scopes: "policy:read").status == 401)
        #expect(try await server.issue(clientID: client.id, secret: newSecret, scopes: "policy:read").status == 200)
    }
}
