import AccordAPI
import AccordRuntime
import Crypto
import Foundation

/// The attestation issuers this server knows, with their published Ed25519 keys.
///
/// An attestation's signature is made over the RFC 8785 canonical JSON of its `statement`. It is
/// `verified` when its issuer is known and the signature checks out with the key its `key_id`
/// names (or, without a `key_id`, with one of the issuer's keys). An attestation from an
/// unknown issuer, or one whose signature does not verify, is still stored, as unverified: the
/// contract has `verified` report the outcome rather than refuse it.
struct AttestationIssuers: Sendable {
    private let keys: [String: [String: Curve25519.Signing.PublicKey]]

    /// - Parameter keys: issuer → key id → raw Ed25519 public key (32 bytes).
    init(_ keys: [String: [String: Data]]) throws {
        self.keys = try keys.mapValues { try $0.mapValues { try Curve25519.Signing.PublicKey(rawRepresentation: $0) } }
    }

    /// Whether `signature` (base64) verifies over `statement` for `issuer`.
    func verifies(_ statement: [String: JSONValue], signature: String, issuer: String, keyID: String?) -> Bool {
        guard let published = keys[issuer], let signature = Data(base64Encoded: signature), signature.count == 64 else { return false }
        let candidates = keyID.map { published[$0].map { [$0] } ?? [] } ?? Array(published.values)
        let document = Data(CanonicalJSON.text(.object(statement)).utf8)
        return candidates.contains { $0.isValidSignature(signature, for: document) }
    }
}
