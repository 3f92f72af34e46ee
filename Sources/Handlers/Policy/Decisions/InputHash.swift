import AccordAPI
import AccordRuntime
import Crypto
import Foundation

/// `input_hash`: SHA-256 (hex) of the RFC 8785 canonical JSON of an evaluation input without
/// `pack_id`. Inputs decoded from JSON that differ only in member order, white space or number
/// spelling hash alike, on every machine.
enum InputHash {
    static func of(_ request: EvaluationRequest) throws -> String {
        // Written straight from the model: going through JSON text, then a value tree, were each
        // a tenth of `/v1/evaluate`'s time in turn.
        var input = request
        input.packID = nil
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        try input.writeCanonicalJSON(into: &bytes)
        return Hex.lowercase(SHA256.hash(data: bytes))
    }
}
