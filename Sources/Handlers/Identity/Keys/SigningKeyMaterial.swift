import AccordAPI
import Crypto
import Foundation

/// The JWS algorithms Accord signs with. Nothing else is ever accepted: not `none`, not HMAC
/// (which would let a public key be used as a shared secret), not RSA.
public enum SigningAlgorithm: String, Sendable, CaseIterable, Codable {
    /// Ed25519 (RFC 8037): the default.
    case edDSA = "EdDSA"
    /// ECDSA on P-256 with SHA-256 (RFC 7518 §3.4).
    case es256 = "ES256"
}

/// A private signing key of either algorithm, with what it can do.
enum SigningKeyMaterial: Sendable {
    case edDSA(Curve25519.Signing.PrivateKey)
    case es256(P256.Signing.PrivateKey)

    static func generate(_ algorithm: SigningAlgorithm) -> SigningKeyMaterial {
        switch algorithm {
        case .edDSA: .edDSA(Curve25519.Signing.PrivateKey())
        case .es256: .es256(P256.Signing.PrivateKey())
        }
    }

    init(algorithm: SigningAlgorithm, rawRepresentation: Data) throws {
        switch algorithm {
        case .edDSA: self = .edDSA(try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation))
        case .es256: self = .es256(try P256.Signing.PrivateKey(rawRepresentation: rawRepresentation))
        }
    }

    var algorithm: SigningAlgorithm {
        switch self {
        case .edDSA: .edDSA
        case .es256: .es256
        }
    }

    var rawRepresentation: Data {
        switch self {
        case .edDSA(let key): key.rawRepresentation
        case .es256(let key): key.rawRepresentation
        }
    }

    /// The JWS signature: raw Ed25519 (64 bytes), or ECDSA as R‖S (64 bytes), never DER.
    func sign(_ input: Data) throws -> Data {
        switch self {
        case .edDSA(let key): try key.signature(for: input)
        case .es256(let key): try key.signature(for: SHA256.hash(data: input)).rawRepresentation
        }
    }

    var publicKey: PublicSigningKey {
        switch self {
        case .edDSA(let key): .edDSA(key.publicKey)
        case .es256(let key): .es256(key.publicKey)
        }
    }
}

/// A public key that verifies tokens, and its JWK (RFC 7517, RFC 8037).
enum PublicSigningKey: Sendable {
    case edDSA(Curve25519.Signing.PublicKey)
    case es256(P256.Signing.PublicKey)

    var algorithm: SigningAlgorithm {
        switch self {
        case .edDSA: .edDSA
        case .es256: .es256
        }
    }

    func isValidSignature(_ signature: Data, for input: Data) -> Bool {
        switch self {
        case .edDSA(let key):
            return key.isValidSignature(signature, for: input)
        case .es256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: input))
        }
    }

    func jwk(kid: String) -> Jwk {
        switch self {
        case .edDSA(let key):
            return .okp(OkpJwk(kty: "OKP", crv: "Ed25519", x: Base64URL.encode(key.rawRepresentation), kid: kid, use: "sig", alg: "EdDSA"))
        case .es256(let key):
            // x963: 0x04 ‖ X (32 bytes) ‖ Y (32 bytes).
            let point = key.x963Representation
            return .ec(
                EcJwk(
                    kty: "EC", crv: "P-256", x: Base64URL.encode(point[1..<33]), y: Base64URL.encode(point[33..<65]), kid: kid, use: "sig",
                    alg: "ES256"))
        }
    }
}
