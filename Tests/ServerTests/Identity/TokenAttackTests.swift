import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// The attack set: each forged or stale token is refused with 401 `invalid_token` on a
/// protected route, and introspects as inactive.
@Suite("Identity: the attack set is refused")
struct TokenAttackTests {
    @Test("forged, tampered, stale, foreign, revoked and disabled-client tokens are each refused")
    func attacks() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let forger = try TokenForger(dataDirectory: server.data.path, keyEncryptionKey: server.keyEncryptionKey, issuer: server.issuer)
        let scope = "identity:admin tokens:introspect"
        let now = Int(Date().timeIntervalSince1970)

        // The control: a token the forger signs with the real key and valid claims is accepted,
        // so each refusal below is due to the one thing that attack changes.
        let control = try forger.signed(forger.claims(clientID: server.adminID, scope: scope))
        #expect(try await server.call(.GET, "/v1/clients", token: control).status == 200)

        // Both used once before they are revoked or their client disabled, so a verification the
        // server remembers must be forgotten for the refusals below.
        let revokedToken = try await server.adminToken()
        #expect(try await server.call(.GET, "/v1/clients", token: revokedToken).status == 200)
        #expect(
            try await server.call(.POST, "/v1/tokens/revoke", token: admin, json: ["token": revokedToken, "reason": "test"]).status == 200)

        let disabled = try await server.registerClient(name: "soon-disabled", scopes: ["identity:admin"], token: admin)
        let disabledToken = try await server.token(clientID: disabled.id, secret: disabled.secret, scopes: "identity:admin")
        #expect(try await server.call(.GET, "/v1/clients", token: disabledToken).status == 200)
        #expect(
            try await server.call(.POST, "/v1/clients/\(disabled.id)/disable", token: admin, json: ["reason": "compromised"]).status == 200)

        let attacks: [(String, String)] = [
            ("alg none", try forger.unsigned(forger.claims(clientID: server.adminID, scope: scope))),
            ("HS256 keyed with the public key", try forger.hmacWithPublicKey(forger.claims(clientID: server.adminID, scope: scope))),
            (
                "tampered payload",
                try TokenForger.tampered(admin, claims: forger.claims(clientID: server.adminID, scope: scope + " policy:admin"))
            ),
            (
                "expired",
                try forger.signed(
                    forger.claims(clientID: server.adminID, scope: scope, ["exp": now - 120, "nbf": now - 720, "iat": now - 720]))
            ),
            (
                "not yet valid",
                try forger.signed(forger.claims(clientID: server.adminID, scope: scope, ["nbf": now + 600, "exp": now + 1200]))
            ),
            ("wrong audience", try forger.signed(forger.claims(clientID: server.adminID, scope: scope, ["aud": "someone-else"]))),
            ("wrong issuer", try forger.signed(forger.claims(clientID: server.adminID, scope: scope, ["iss": "https://evil.example"]))),
            ("unknown kid", try forger.signedByStranger(forger.claims(clientID: server.adminID, scope: scope))),
            ("missing claims", try forger.signed(forger.claims(clientID: server.adminID, scope: scope, ["jti": nil]))),
            ("revoked", revokedToken),
            ("token of a disabled client", disabledToken),
            ("not a JWT", "definitely-not-a-token"),
        ]
        for (name, token) in attacks {
            let response = try await server.call(.GET, "/v1/clients", token: token)
            #expect(response.status == 401, "\(name): \(response.status) \(response.text)")
            #expect(response.headers.first(name: "www-authenticate")?.contains("error=\"invalid_token\"") == true, "\(name)")
            let introspected = try await server.call(.POST, "/v1/tokens/introspect", token: admin, json: ["token": token])
            #expect(try introspected.jsonObject().keys.sorted() == ["active"], "\(name): \(introspected.text)")
            #expect(try introspected.jsonObject()["active"] as? Bool == false, "\(name)")
        }

        // Issuance for a disabled client is refused as invalid_client.
        #expect(try await server.issue(clientID: disabled.id, secret: disabled.secret, scopes: "identity:admin").status == 401)
    }

    @Test("introspection returns every claim of an active token; revocation by jti takes effect at once")
    func introspectionAndRevocation() async throws {
        let server = try await IdentityServer()
        let admin = try await server.adminToken()
        let token = try await server.adminToken("identity:admin")
        let introspected = try await server.call(.POST, "/v1/tokens/introspect", token: admin, json: ["token": token])
        #expect(introspected.status == 200)
        let claims = try introspected.jsonObject()
        #expect(claims["active"] as? Bool == true)
        #expect(claims["client_id"] as? String == server.adminID)
        #expect(claims["iss"] as? String == server.issuer)
        #expect(claims["aud"] as? String == "accord-api")
        #expect(claims["token_type"] as? String == "Bearer")
        let jti = try #require(claims["jti"] as? String)

        #expect(try await server.call(.GET, "/v1/clients", token: token).status == 200)
        let revoked = try await server.call(.POST, "/v1/tokens/revoke", token: admin, json: ["jti": jti])
        #expect(revoked.status == 200)
        #expect(try revoked.jsonObject()["acknowledged"] as? Bool == true)
        #expect(try await server.call(.GET, "/v1/clients", token: token).status == 401)
        // RFC 7009: an unknown or invalid token is acknowledged the same way.
        #expect(try await server.call(.POST, "/v1/tokens/revoke", token: admin, json: ["token": "garbage.garbage.garbage"]).status == 200)
        // Neither token nor jti: 422 naming both.
        let neither = try await server.call(.POST, "/v1/tokens/revoke", token: admin, json: ["reason": "?"])
        #expect(neither.status == 422)
        #expect(try neither.fieldErrors() == ["/token required", "/jti required"])
    }
}
