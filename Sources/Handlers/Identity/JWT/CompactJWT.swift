import Foundation

/// A JWS in compact serialization (RFC 7515 §7.1): `header.payload.signature`, each base64url.
///
/// Parsing only splits and decodes; it trusts nothing. ``TokenVerifier`` decides what is valid.
struct CompactJWT: Sendable {
    /// The protected header's members Accord reads.
    struct Header: Codable, Sendable, Equatable {
        var alg: String
        var kid: String?
        var typ: String?
    }

    let header: Header
    /// The claims as JSON bytes, exactly as signed.
    let payload: Data
    let signature: Data
    /// `base64url(header) + "." + base64url(payload)`: the bytes the signature covers.
    let signingInput: Data

    /// Why a token could not even be read.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(parsing token: String) throws(Malformed) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw Malformed(description: "a JWS has three dot-separated parts") }
        guard let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw Malformed(description: "a part is not base64url") }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerBytes) else {
            throw Malformed(description: "the header is not a JSON object with alg")
        }
        self.header = header
        self.payload = payload
        self.signature = signature
        signingInput = Data("\(parts[0]).\(parts[1])".utf8)
    }

    /// Serializes and signs: `sign` receives the signing input and returns the signature.
    static func serialize(header: Header, claims: some Encodable, sign: (Data) throws -> Data) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let input = Base64URL.encode(try encoder.encode(header)) + "." + Base64URL.encode(try encoder.encode(claims))
        return input + "." + Base64URL.encode(try sign(Data(input.utf8)))
    }
}
