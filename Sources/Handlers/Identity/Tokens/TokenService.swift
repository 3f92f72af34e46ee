import AccordRuntime
import Foundation
import GRDB

/// Issues and verifies Accord's access tokens: compact JWS signed with the active key.
public struct TokenService: Sendable {
    let configuration: IdentityConfiguration
    let keys: KeyRing
    let clients: ClientStore
    let revocations: RevocationStore
    /// Recent verifications, shared by every copy of this service.
    let verified = VerifiedTokenCache()

    /// A token issued to a client.
    struct Issued: Sendable {
        var token: String
        var claims: TokenClaims
        var kid: String
        var expiresIn: Int
    }

    /// Why issuance was refused, in OAuth 2.0 token-endpoint terms (RFC 6749 §5.2).
    enum IssueRefusal: Error, Equatable {
        /// Unknown client, disabled client or wrong secret: never said which to the caller.
        case invalidClient(InvalidClient)
        /// A requested scope the client may not have.
        case invalidScope([String])
    }

    /// What was wrong with the client's credentials, for the log and the audit event.
    enum InvalidClient: String, Sendable {
        case unknownClient = "unknown client"
        case disabled = "client disabled"
        case wrongSecret = "wrong secret"
    }

    /// Authenticates the client and issues a token for exactly the requested scopes.
    func issue(
        clientID: String, secret: String, scopes: [String], audience: String?, lifetime: Int?, now: Date = Date()
    ) throws -> Result<Issued, IssueRefusal> {
        guard let client = try clients.client(clientID) else { return .failure(.invalidClient(.unknownClient)) }
        guard client.status == .active else { return .failure(.invalidClient(.disabled)) }
        let matchesCurrent = SecretHasher.verify(secret, against: client.secretHash)
        let matchesPrevious =
            !matchesCurrent && client.previousSecretHash.map { SecretHasher.verify(secret, against: $0) } == true
            && (client.previousSecretExpiresAt.map { now < $0 } ?? false)
        guard matchesCurrent || matchesPrevious else { return .failure(.invalidClient(.wrongSecret)) }
        let refused = scopes.filter { !client.allowedScopes.contains($0) }
        guard refused.isEmpty else { return .failure(.invalidScope(refused)) }

        let seconds = min(lifetime ?? client.tokenLifetimeSeconds, client.tokenLifetimeSeconds, Int(configuration.maximumTokenLifetime))
        let issuedAt = Int64(now.timeIntervalSince1970)
        let claims = TokenClaims(
            iss: configuration.issuer, sub: client.id, aud: audience ?? configuration.audience, exp: issuedAt + Int64(seconds),
            nbf: issuedAt,
            iat: issuedAt, jti: RandomIdentifier.uuid(), scope: scopes.joined(separator: " "), tenant: client.tenant,
            clientID: client.id)
        let signer = try keys.signer()
        let token = try CompactJWT.serialize(
            header: .init(alg: signer.material.algorithm.rawValue, kid: signer.kid, typ: "JWT"), claims: claims
        ) {
            try signer.material.sign($0)
        }
        return .success(Issued(token: token, claims: claims, kid: signer.kid, expiresIn: seconds))
    }

    /// Why a token is not accepted. Each is specific for logs and audit; callers say only
    /// `invalid_token` to the client.
    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case unsupportedAlgorithm(String)
        case unknownKey
        case algorithmMismatch
        case badSignature
        case badClaims
        case expired
        case notYetValid
        case wrongIssuer
        case wrongAudience
        case revoked
        case clientDisabled

        public var description: String {
            switch self {
            case .malformed(let why): "malformed token: \(why)"
            case .unsupportedAlgorithm(let alg): "algorithm \(alg) is not accepted"
            case .unknownKey: "signed by a key that does not verify (unknown or retired)"
            case .algorithmMismatch: "the header's alg is not the key's algorithm"
            case .badSignature: "the signature does not verify"
            case .badClaims: "the claims are missing or of the wrong type"
            case .expired: "expired"
            case .notYetValid: "not yet valid"
            case .wrongIssuer: "issued by another issuer"
            case .wrongAudience: "meant for another audience"
            case .revoked: "revoked"
            case .clientDisabled: "its client is disabled"
            }
        }

        /// A short code for metrics labels and audit reasons.
        public var code: String {
            switch self {
            case .malformed: "malformed"
            case .unsupportedAlgorithm: "unsupported_algorithm"
            case .unknownKey: "unknown_key"
            case .algorithmMismatch: "algorithm_mismatch"
            case .badSignature: "bad_signature"
            case .badClaims: "bad_claims"
            case .expired: "expired"
            case .notYetValid: "not_yet_valid"
            case .wrongIssuer: "wrong_issuer"
            case .wrongAudience: "wrong_audience"
            case .revoked: "revoked"
            case .clientDisabled: "client_disabled"
            }
        }
    }

    /// Checks signature, algorithm, key, `exp`/`nbf` (with the configured skew), `iss`, `aud`,
    /// revocation and the client's status; returns the claims of a token that passes all.
    func verify(_ token: String, now: Date = Date()) -> Result<TokenClaims, Rejection> {
        let generation = keys.generation
        if let claims = verified.claims(for: token, at: now, keyGeneration: generation) { return .success(claims) }
        let jwt: CompactJWT
        do {
            jwt = try CompactJWT(parsing: token)
        } catch {
            return .failure(.malformed(error.description))
        }
        // Only the algorithms Accord signs with: `none` and HMAC (a public key used as a shared
        // secret) are refused before any key is looked at.
        guard let algorithm = SigningAlgorithm(rawValue: jwt.header.alg) else { return .failure(.unsupportedAlgorithm(jwt.header.alg)) }
        guard let kid = jwt.header.kid, let verification = keys.verification(kid: kid, at: now) else { return .failure(.unknownKey) }
        let key = verification.key
        guard key.algorithm == algorithm else { return .failure(.algorithmMismatch) }
        guard key.isValidSignature(jwt.signature, for: jwt.signingInput) else { return .failure(.badSignature) }
        guard let claims = try? JSONDecoder().decode(TokenClaims.self, from: jwt.payload) else { return .failure(.badClaims) }
        let seconds = now.timeIntervalSince1970
        guard Double(claims.exp) + configuration.clockSkew > seconds else { return .failure(.expired) }
        guard Double(claims.nbf) - configuration.clockSkew <= seconds else { return .failure(.notYetValid) }
        guard claims.iss == configuration.issuer else { return .failure(.wrongIssuer) }
        guard claims.aud == configuration.audience else { return .failure(.wrongAudience) }
        do {
            // One read for both checks: this runs on every protected request.
            let (revoked, clientActive) = try clients.pool.read { database in
                (try revocations.isRevoked(claims.jti, in: database), try clients.client(claims.clientID, in: database)?.status == .active)
            }
            if revoked { return .failure(.revoked) }
            guard clientActive else { return .failure(.clientDisabled) }
        } catch {
            // A store that cannot answer must not let a token through.
            return .failure(.revoked)
        }
        let validUntil = [
            now.addingTimeInterval(verified.lifetime), Date(timeIntervalSince1970: Double(claims.exp) + configuration.clockSkew),
            verification.retiresAt,
        ].compactMap { $0 }.min()!
        verified.remember(token, claims: claims, until: validUntil, keyGeneration: verification.generation, now: now)
        return .success(claims)
    }
}
