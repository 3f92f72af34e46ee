import Foundation

/// How identity behaves: who issues tokens, for whom, for how long, and with which keys.
public struct IdentityConfiguration: Sendable {
    /// The `iss` of every token, checked on every request.
    public var issuer: String
    /// The `aud` this API accepts, and the default audience of issued tokens.
    public var audience: String
    /// The longest lifetime any token gets, whatever the client or request asks.
    public var maximumTokenLifetime: TimeInterval
    /// How far `exp` and `nbf` may be off because clocks differ.
    public var clockSkew: TimeInterval
    /// The algorithm of new signing keys.
    public var signingAlgorithm: SigningAlgorithm
    /// How long a rotated-out key keeps verifying when the rotation does not say.
    public var defaultRotationOverlap: TimeInterval
    /// Seals signing keys at rest.
    public var keyEncryption: KeyEncryption

    public init(
        issuer: String,
        audience: String = "accord-api",
        maximumTokenLifetime: TimeInterval = 86400,
        clockSkew: TimeInterval = 30,
        signingAlgorithm: SigningAlgorithm = .edDSA,
        defaultRotationOverlap: TimeInterval = 86400,
        keyEncryption: KeyEncryption
    ) {
        self.issuer = issuer
        self.audience = audience
        self.maximumTokenLifetime = maximumTokenLifetime
        self.clockSkew = clockSkew
        self.signingAlgorithm = signingAlgorithm
        self.defaultRotationOverlap = defaultRotationOverlap
        self.keyEncryption = keyEncryption
    }
}
