import AccordAPI
import AccordRuntime
import Crypto
import Foundation

/// `input_hash`: SHA-256 (hex) of the RFC 8785 canonical JSON of an evaluation input without
/// `pack_id`. Inputs decoded from JSON that differ only in member order, white space or number
/// spelling hash alike, on every machine.
enum InputHash {
    static func of(_ request: EvaluationRequest) throws -> String {
        // Straight to the value tree: writing JSON text and parsing it back was a tenth of
        // `/v1/evaluate`'s time, for the same tree.
        var value = try JSONValueEncoder().encode(request)
        if case .object(var members) = value {
            members["pack_id"] = nil
            value = .object(members)
        }
        return Hex.lowercase(SHA256.hash(data: CanonicalJSON.bytes(value)))
    }
}
