import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("Identity: tokens issued, verified independently, and required on protected routes")
struct TokenIssuanceTests {
    @Test("an issued EdDSA token verifies with PyJWT from the published JWK set alone", arguments: ["EdDSA", "ES256"])
    func independentVerification(_ algorithm: String) async throws {
        let server = try await IdentityServer(arguments: ["--signing-algorithm", algorithm])
        let issued = try await server.issue(
            clientID: server.adminID, secret: server.adminSecret, scopes: "tokens:introspect identity:admin")
        #expect(issued.status == 200)
        #expect(issued.headers.first(name: "cache-control") == "no-store")
        let body = try issued.jsonObject()
        #expect(body["token_type"] as? String == "Bearer")
        #expect(body["scope"] as? String == "tokens:introspect identity:admin")
        #expect(body["expires_in"] as? Int == 900)
        let token = try #require(body["access_token"] as? String)

        let verified = try verifyWithPyJWT(token, jwks: server.base + "/.well-known/jwks.json", issuer: server.issuer)
        #expect(verified.status == 0, "\(verified.output)")
        let claims = try JSONSerialization.jsonObject(with: Data(verified.output.utf8)) as? [String: Any]
        #expect(claims?["sub"] as? String == server.adminID)
        #expect(claims?["client_id"] as? String == server.adminID)
        #expect(claims?["scope"] as? String == "tokens:introspect identity:admin")
        #expect(claims?["tenant"] as? String == "accord")
        for claim in ["exp", "nbf", "iat", "jti"] { #expect(claims?[claim] != nil, "\(claim)") }

        let jwks = try await send(.GET, server.base + "/.well-known/jwks.json")
        let keys = try jwks.jsonObject()["keys"] as? [[String: Any]]
        #expect(keys?.count == 1)
        #expect(keys?.first?["alg"] as? String == algorithm)
        #expect(keys?.first?["d"] == nil, "the private key is never published")
        // A second independent check of the other direction: PyJWT refuses a wrong audience.
        #expect(
            try verifyWithPyJWT(token, jwks: server.base + "/.well-known/jwks.json", issuer: server.issuer, audience: "other").status == 1)
    }

    @Test("wrong secret, unknown client and a scope the client may not have are refused the OAuth way")
    func issuanceRefusals() async throws {
        let server = try await IdentityServer()
        let wrong = try await server.issue(clientID: server.adminID, secret: "not-the-secret", scopes: "identity:admin")
        #expect(wrong.status == 401)
        #expect(try wrong.jsonObject()["code"] as? String == "invalid_client")
        let unknown = try await server.issue(clientID: UUID().uuidString.lowercased(), secret: server.adminSecret, scopes: "identity:admin")
        #expect(unknown.status == 401)
        #expect(try unknown.jsonObject()["detail"] as? String == (try wrong.jsonObject()["detail"] as? String), "never says which")

        let admin = try await server.adminToken()
        let client = try await server.registerClient(name: "reader", scopes: ["policy:read"], token: admin)
        let tooMuch = try await server.issue(clientID: client.id, secret: client.secret, scopes: "policy:read identity:admin")
        #expect(tooMuch.status == 400)
        #expect(try tooMuch.jsonObject()["code"] as? String == "invalid_scope")
        #expect(try await server.issue(clientID: client.id, secret: client.secret, scopes: "policy:read").status == 200)

        // A stale bearer token on the (public) token endpoint does not get in the way.
        let body = ["client_id": client.id, "client_secret": client.secret, "scope": "policy:read"]
        let withStaleToken = try await send(
            .POST, server.base + "/v1/tokens/issue",
            headers: [("Content-Type", "application/json"), ("Authorization", "Bearer stale.token.value")],
            body: try JSONSerialization.data(withJSONObject: body))
        #expect(withStaleToken.status == 200)
    }

    @Test("a protected route needs a token (401 with a Bearer challenge) and its scopes (403 insufficient_scope)")
    func protectedRoutes() async throws {
        let server = try await IdentityServer()
        let anonymous = try await server.call(.GET, "/v1/clients", token: nil)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers.first(name: "www-authenticate") == "Bearer realm=\"accord\"")

        let weak = try await server.adminToken("tokens:introspect")
        let forbidden = try await server.call(.GET, "/v1/clients", token: weak)
        #expect(forbidden.status == 403)
        #expect(forbidden.headers.first(name: "www-authenticate")?.contains("error=\"insufficient_scope\"") == true)

        let admin = try await server.adminToken()
        let listed = try await server.call(.GET, "/v1/clients", token: admin)
        #expect(listed.status == 200)
        let items = try listed.jsonObject()["items"] as? [[String: Any]]
        #expect(items?.map { $0["name"] as? String } == ["admin"])

        let metrics = try await send(.GET, server.base + "/metrics")
        #expect(metrics.text.contains("accord_authentication_failures_total{reason=\"missing_token\"} 1"))
        #expect(metrics.text.contains("accord_authentication_failures_total{reason=\"insufficient_scope\"} 1"))
    }

    @Test("secrets and tokens never reach the log")
    func nothingSecretInLogs() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let client = try await server.registerClient(name: "logged", scopes: ["policy:read"], token: admin)
        let token = try await server.token(clientID: client.id, secret: client.secret, scopes: "policy:read")
        _ = try await server.call(.GET, "/v1/clients", token: token)
        _ = try await server.call(.POST, "/v1/tokens/introspect", token: admin, json: ["token": token])
        _ = try await server.issue(clientID: client.id, secret: "wrong-\(client.secret)", scopes: "policy:read")
        try await Task.sleep(for: .milliseconds(200))
        let log = server.process.log
        for secret in [server.adminSecret, client.secret, admin, token, server.keyEncryptionKey] {
            #expect(!log.contains(secret), "the log holds a secret or token")
        }
        #expect(log.contains("token refused"), "the refusal itself is logged, without what was presented")
    }
}
