import Crypto
import CryptoExtras
import Foundation

/// Client secrets are stored only as salted, slow hashes: PBKDF2-HMAC-SHA256, a 16-byte random
/// salt, stored as `pbkdf2-sha256$<rounds>$<salt>$<hash>` so the cost can be raised later
/// without invalidating existing secrets.
enum SecretHasher {
    /// The fewest rounds swift-crypto allows (210,000), which is also OWASP's floor for
    /// PBKDF2-HMAC-SHA512; secrets are 256 random bits, so the stretching only has to make a
    /// stolen table costly, not rescue weak passwords.
    static let rounds = 210_000

    static func hash(_ secret: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let derived = try derive(secret, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(salt.base64EncodedString())$\(derived.base64EncodedString())"
    }

    /// Whether `secret` matches `stored`, compared in constant time.
    static func verify(_ secret: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= 210_000,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let derived = try? derive(secret, salt: salt, rounds: rounds)
        else { return false }
        return derived.count == expected.count && zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new secret: 32 random bytes as base64url (43 characters).
    static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Base64URL.encode(Data($0)) }
    }

    private static func derive(_ secret: String, salt: Data, rounds: Int) throws -> Data {
        try KDF.Insecure.PBKDF2.deriveKey(from: Data(secret.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds)
            .withUnsafeBytes { Data($0) }
    }
}
