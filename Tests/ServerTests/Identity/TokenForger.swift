import Crypto
import Foundation
import GRDB

@testable import Handlers

/// Builds tokens the way an attacker would: with arbitrary headers and claims, signed with the
/// server's real active key (read from its database with the key-encryption key the test chose),
/// with a key of its own, with HMAC keyed by the public key, or not at all.
struct TokenForger {
    let kid: String
    let material: SigningKeyMaterial
    let issuer: String

    init(dataDirectory: String, keyEncryptionKey: String, issuer: String) throws {
        let database = try AccordDatabase.open(inDirectory: dataDirectory)
        let stored = try SigningKeyStore(pool: database.pool).all()
        guard let active = stored.first(where: { $0.status == .active }) else { throw IdentityServerError(description: "no active key") }
        let encryption = try KeyEncryption(base64: keyEncryptionKey)
        material = try SigningKeyMaterial(
            algorithm: active.algorithm, rawRepresentation: encryption.open(active.sealedPrivateKey, kid: active.kid))
        kid = active.kid
        self.issuer = issuer
    }

    /// Valid claims for `clientID`, with `changes` applied (a nil value removes the claim).
    func claims(clientID: String, scope: String, _ changes: [String: Any?] = [:]) -> [String: Any] {
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": issuer, "sub": clientID, "aud": "accord-api", "exp": now + 600, "nbf": now, "iat": now,
            "jti": UUID().uuidString.lowercased(),
            "scope": scope, "tenant": "accord", "client_id": clientID,
        ]
        for (name, value) in changes { claims[name] = value ?? nil }
        return claims.compactMapValues { $0 }
    }

    /// Signed with the server's own active key: only the claims can make it invalid.
    func signed(_ claims: [String: Any], header: [String: Any]? = nil) throws -> String {
        let header = header ?? ["alg": material.algorithm.rawValue, "kid": kid, "typ": "JWT"]
        let input = try Self.part(header) + "." + Self.part(claims)
        return input + "." + Base64URL.encode(try material.sign(Data(input.utf8)))
    }

    /// `alg: none` with an empty signature.
    func unsigned(_ claims: [String: Any]) throws -> String {
        try Self.part(["alg": "none", "kid": kid, "typ": "JWT"]) + "." + Self.part(claims) + "."
    }

    /// HS256 keyed with the server's public key: the algorithm-confusion attack.
    func hmacWithPublicKey(_ claims: [String: Any]) throws -> String {
        let input = try Self.part(["alg": "HS256", "kid": kid, "typ": "JWT"]) + "." + Self.part(claims)
        let publicBytes: Data
        switch material.publicKey {
        case .edDSA(let key): publicBytes = key.rawRepresentation
        case .es256(let key): publicBytes = key.x963Representation
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: publicBytes))
        return input + "." + Base64URL.encode(Data(mac))
    }

    /// Signed by a key the server never had, under a `kid` it does not know.
    func signedByStranger(_ claims: [String: Any]) throws -> String {
        let stranger = SigningKeyMaterial.generate(material.algorithm)
        let input = try Self.part(["alg": stranger.algorithm.rawValue, "kid": "k-stranger", "typ": "JWT"]) + "." + Self.part(claims)
        return input + "." + Base64URL.encode(try stranger.sign(Data(input.utf8)))
    }

    /// A valid token with its payload replaced (the signature no longer covers it).
    static func tampered(_ token: String, claims: [String: Any]) throws -> String {
        let parts = token.split(separator: ".")
        return "\(parts[0]).\(try part(claims)).\(parts[2])"
    }

    static func part(_ object: [String: Any]) throws -> String {
        Base64URL.encode(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
