import Foundation

/// How identity is configured: flags and environment resolved by the command.
public struct IdentitySettings: Sendable, Hashable {
    /// The tokens' `iss`; nil means `http://<host>:<port>`.
    public var issuer: String?
    /// Base64 of the 32-byte key that seals signing keys at rest; nil means a key generated into
    /// the data directory on first start (fine for the embedded default, not for production).
    public var keyEncryptionKey: String?
    /// The first administrator client's secret; nil means one is generated and printed once.
    public var administratorSecret: String?
    /// The first administrator client's id (a UUID); nil means a random one.
    public var administratorID: String?
    /// `EdDSA` (default) or `ES256`, for new signing keys.
    public var signingAlgorithm: String
    /// Rotate the signing key when the active one is this old; nil means only on request.
    public var rotationInterval: TimeInterval?
    /// URLs told of every rotation and rollback (POST, JSON), with retries.
    public var rotationHooks: [String]
    /// Allowed clock difference for `exp` and `nbf`.
    public var clockSkew: TimeInterval

    public init(
        issuer: String? = nil,
        keyEncryptionKey: String? = nil,
        administratorSecret: String? = nil,
        administratorID: String? = nil,
        signingAlgorithm: String = "EdDSA",
        rotationInterval: TimeInterval? = nil,
        rotationHooks: [String] = [],
        clockSkew: TimeInterval = 30
    ) {
        self.issuer = issuer
        self.keyEncryptionKey = keyEncryptionKey
        self.administratorSecret = administratorSecret
        self.administratorID = administratorID
        self.signingAlgorithm = signingAlgorithm
        self.rotationInterval = rotationInterval
        self.rotationHooks = rotationHooks
        self.clockSkew = clockSkew
    }
}
