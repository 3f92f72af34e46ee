import Foundation
import GRDB
import Handlers
import NIOHTTP1
import TestSupport
import Testing

/// The contract's `Idempotency-Key` on creating `POST`s (rule packs, clients): a retry with the
/// same key and body replays the first answer, the key with another body or while the first is
/// in flight answers 409, for 24 hours, per caller.
@Suite("Idempotency keys: creating POSTs are safe to retry")
struct IdempotencyKeyTests {
    @Test("a rule pack created with a key: a retry replays the first answer; another body with the key is refused; keys are per caller")
    func rulePacks() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read identity:admin")
        let first = try await post(
            server.base, "/v1/rule-packs", token: admin, key: "pack-1", body: #"{"id":"retried","name":"Retried","tenant":"acme"}"#)
        #expect(first.status == 201 && first.headers.first(name: "Idempotent-Replayed") == nil, "\(first.text)")

        // The same body, written differently (member order, spaces): the first answer again.
        let again = try await post(
            server.base, "/v1/rule-packs", token: admin, key: "pack-1", body: #"{ "tenant": "acme", "name": "Retried", "id": "retried" }"#)
        #expect(again.status == 201 && again.headers.first(name: "Idempotent-Replayed") == "true", "\(again.text)")
        #expect(again.headers.first(name: "Location") == "/v1/rule-packs/retried")
        let (replayed, original) = (try again.jsonObject() as NSDictionary, try first.jsonObject() as NSDictionary)
        #expect(replayed == original)

        // Without the key it is a new request, refused because the pack exists.
        let unkeyed = try await post(
            server.base, "/v1/rule-packs", token: admin, key: nil, body: #"{"id":"retried","name":"Retried","tenant":"acme"}"#)
        #expect(try unkeyed.status == 409 && unkeyed.jsonObject()["code"] as? String == "duplicate_pack", "\(unkeyed.text)")

        // The key with another body: refused, and nothing is created.
        let other = try await post(
            server.base, "/v1/rule-packs", token: admin, key: "pack-1", body: #"{"id":"other","name":"Other","tenant":"acme"}"#)
        #expect(try other.status == 409 && other.jsonObject()["code"] as? String == "idempotency_key_reused", "\(other.text)")
        #expect(try await server.call(.GET, "/v1/rule-packs/other", token: admin).status == 404)

        // Another caller's key of the same text is its own.
        let client = try await server.registerClient(name: "pack-author", scopes: ["policy:admin"], token: admin)
        let author = try await server.token(clientID: client.id, secret: client.secret, scopes: "policy:admin")
        let theirs = try await post(
            server.base, "/v1/rule-packs", token: author, key: "pack-1", body: #"{"id":"theirs","name":"Theirs","tenant":"acme"}"#)
        #expect(theirs.status == 201 && theirs.headers.first(name: "Idempotent-Replayed") == nil, "\(theirs.text)")
    }

    @Test("a key is remembered for 24 hours: after that the same key is a new request")
    func expiry() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read")
        let body = #"{"id":"aged","name":"Aged","tenant":"acme"}"#
        #expect(try await post(server.base, "/v1/rule-packs", token: admin, key: "aged-1", body: body).status == 201)
        // A day and a second pass, on the server's own database file.
        let database = try AccordDatabase.open(inDirectory: server.data.path)
        try await database.pool.write { try $0.execute(sql: "UPDATE idempotency_keys SET created_at = created_at - 86401") }
        // The same key and body run again (and find the pack), and the key takes another body.
        let again = try await post(server.base, "/v1/rule-packs", token: admin, key: "aged-1", body: body)
        #expect(try again.status == 409 && again.jsonObject()["code"] as? String == "duplicate_pack", "\(again.text)")
        let other = try await post(
            server.base, "/v1/rule-packs", token: admin, key: "aged-1", body: #"{"id":"fresh","name":"Fresh","tenant":"acme"}"#)
        #expect(other.status == 201 && other.headers.first(name: "Idempotent-Replayed") == nil, "\(other.text)")
        // The expired answer was dropped when the new one was remembered.
        let remembered = try await database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM idempotency_keys") }
        #expect(remembered == 1)
    }

    @Test("a client registered with a key: a retry replays its secret, which works, after a restart too; the secret is sealed at rest")
    func clients() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let body = #"{"name":"retried-agent","tenant":"acme","allowed_scopes":["policy:evaluate"]}"#
        let first = try await post(server.base, "/v1/clients", token: admin, key: "register-1", body: body)
        #expect(first.status == 201, "\(first.text)")
        let credentials = try first.jsonObject()
        let secret = try #require(credentials["client_secret"] as? String)
        let id = try #require((credentials["client"] as? [String: Any])?["client_id"] as? String)

        let again = try await post(server.base, "/v1/clients", token: admin, key: "register-1", body: body)
        #expect(again.status == 201 && again.headers.first(name: "Idempotent-Replayed") == "true", "\(again.text)")
        #expect(again.headers.first(name: "Cache-Control") == "no-store" && again.headers.first(name: "Location") == "/v1/clients/\(id)")
        let replayed = try again.jsonObject() as NSDictionary
        #expect(replayed == credentials as NSDictionary)
        _ = try await server.token(clientID: id, secret: secret, scopes: "policy:evaluate")
        let clients = try await server.call(.GET, "/v1/clients?limit=200", token: admin).jsonObject()["items"] as? [[String: Any]] ?? []
        #expect(clients.filter { $0["name"] as? String == "retried-agent" }.count == 1)

        // Only a hash of a secret is stored otherwise; the remembered answer is sealed.
        for file in try FileManager.default.contentsOfDirectory(atPath: server.data.path) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: server.data.path).appendingPathComponent(file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret in plain text")
        }

        // Kept in the database: the same data started again replays it too.
        #expect(try await server.process.stop() == 0)
        let restarted = try server.startAgain()
        let base = try await restarted.baseURL()
        let afterRestart = try await send(
            .POST, base + "/v1/clients",
            headers: [("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json"), ("Idempotency-Key", "register-1")],
            body: Data(body.utf8))
        #expect(afterRestart.status == 201 && afterRestart.headers.first(name: "Idempotent-Replayed") == "true", "\(afterRestart.text)")
        #expect((try afterRestart.jsonObject())["client_secret"] as? String == secret)
        #expect(try await restarted.stop() == 0)
    }

    @Test("two requests with one key at once register one client: the other is refused as in flight, or replays it")
    func concurrent() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let body = #"{"name":"raced-agent","tenant":"acme","allowed_scopes":["chat:write"]}"#
        let base = server.base
        async let one = post(base, "/v1/clients", token: admin, key: "race", body: body)
        async let two = post(base, "/v1/clients", token: admin, key: "race", body: body)
        let results = [try await one, try await two]
        let created = results.filter { $0.status == 201 && $0.headers.first(name: "Idempotent-Replayed") == nil }
        #expect(created.count == 1, "\(results.map(\.text))")
        let id = try (created.first?.jsonObject()["client"] as? [String: Any])?["client_id"] as? String
        for result in results where !(result.status == 201 && result.headers.first(name: "Idempotent-Replayed") == nil) {
            let object = try result.jsonObject()
            if result.status == 409 {
                #expect(object["code"] as? String == "idempotency_key_in_flight", "\(result.text)")
            } else {
                #expect(result.status == 201 && (object["client"] as? [String: Any])?["client_id"] as? String == id, "\(result.text)")
            }
        }
        let clients = try await server.call(.GET, "/v1/clients?limit=200", token: admin).jsonObject()["items"] as? [[String: Any]] ?? []
        #expect(clients.filter { $0["name"] as? String == "raced-agent" }.count == 1)
    }

    @Test("a key outside the contract (a space, or longer than 255) is refused naming the header, and nothing is created")
    func malformedKey() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken("policy:admin policy:read")
        for key in ["has space", String(repeating: "k", count: 256)] {
            let refused = try await post(
                server.base, "/v1/rule-packs", token: admin, key: key, body: #"{"id":"keyed","name":"Keyed","tenant":"acme"}"#)
            #expect(refused.status == 400, "\(refused.text)")
            #expect(try refused.fieldErrors().contains { $0.contains("Idempotency-Key") }, "\(refused.text)")
        }
        #expect(try await server.call(.GET, "/v1/rule-packs/keyed", token: admin).status == 404)
    }
}

/// A JSON `POST` with a bearer token and, when given, an `Idempotency-Key`.
private func post(_ base: String, _ path: String, token: String, key: String?, body: String) async throws -> HTTPResult {
    var headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json"), ("Accept", "application/json")]
    if let key { headers.append(("Idempotency-Key", key)) }
    return try await send(.POST, base + path, headers: headers, body: Data(body.utf8))
}
