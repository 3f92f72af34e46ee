import Crypto
import Foundation

/// Seals signing keys at rest with AES-256-GCM under a key-encryption key from configuration.
///
/// The key id is authenticated with each sealed key, so a sealed key copied onto another row
/// does not open.
public struct KeyEncryption: Sendable {
    private let key: SymmetricKey

    /// A key-encryption key given as base64 of 32 bytes.
    public init(base64 text: String) throws(InvalidKey) {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw InvalidKey()
        }
        key = SymmetricKey(data: bytes)
    }

    /// A fresh random key-encryption key, as base64.
    public static func generateBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public struct InvalidKey: Error, CustomStringConvertible {
        public var description: String { "a key-encryption key is base64 of exactly 32 bytes" }
    }

    func seal(_ secret: Data, kid: String) throws -> Data {
        guard let combined = try AES.GCM.seal(secret, using: key, authenticating: Data(kid.utf8)).combined else {
            throw CryptoKitError.incorrectParameterSize
        }
        return combined
    }

    func open(_ sealed: Data, kid: String) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(kid.utf8))
    }
}
