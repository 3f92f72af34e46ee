import AccordAPI
import AccordRuntime
import Crypto
import Foundation

/// The constitution's detached Ed25519 signature: made over the RFC 8785 canonical JSON of
/// `{"metadata": …, "rules": […], "version": n}` by a key whose public half is configured as
/// trusted. Anything else is refused, and the constitution in force stays.
enum ConstitutionSignature {
    /// Why a constitution was refused; each says what to fix.
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case unknownSigner(String)
        case malformedSignature
        case badSignature

        var description: String {
            switch self {
            case .unknownSigner(let id): "no trusted constitution key is called \(id)"
            case .malformedSignature: "the signature is not base64 of 64 bytes"
            case .badSignature: "the signature does not verify over the canonical document with the key that key_id names"
            }
        }
    }

    /// The bytes that are signed.
    static func document(version: Int, rules: [Rule], metadata: [String: String]) throws -> Data {
        let rulesValue = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(rules))
        let document: JSONValue = .object([
            "version": .integer(Int64(version)), "rules": rulesValue, "metadata": .object(metadata.mapValues(JSONValue.string)),
        ])
        return Data(CanonicalJSON.text(document).utf8)
    }

    /// Verifies `request` against the trusted keys; returns the SHA-256 (hex) of the signed document.
    static func verify(_ request: PutConstitutionRequest, trusted: [String: Curve25519.Signing.PublicKey]) throws -> Result<String, Refusal>
    {
        guard let key = trusted[request.keyID] else { return .failure(.unknownSigner(request.keyID)) }
        guard let signature = Data(base64Encoded: request.signature), signature.count == 64 else { return .failure(.malformedSignature) }
        let document = try document(version: Int(request.version), rules: request.rules, metadata: request.metadata)
        guard key.isValidSignature(signature, for: document) else { return .failure(.badSignature) }
        return .success(Hex.lowercase(SHA256.hash(data: document)))
    }
}
