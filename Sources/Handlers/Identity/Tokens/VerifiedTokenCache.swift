import Foundation
import Synchronization

/// Tokens that passed every check recently, so a client sending the same token on each request
/// pays for the signature and the database reads once every few seconds, not on every request
/// (the signature alone costs more than the rest of a typical request here).
///
/// An entry never outlives the token's `exp` (plus the clock skew), its signing key's retirement,
/// or ``lifetime``. It is dropped at once when this server revokes the token, disables its
/// client or changes its keys (any key reload). A change made by another process on the same
/// database (such as `accord-server keys rollback`) is seen within ``lifetime``.
final class VerifiedTokenCache: Sendable {
    private struct Entry {
        let claims: TokenClaims
        let validUntil: Date
        let keyGeneration: Int
    }

    /// How long a verification is trusted at most.
    let lifetime: TimeInterval
    /// How many tokens are remembered; past it, expired entries go, then everything.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The claims of `token` if it was verified under the current keys and is still trusted.
    func claims(for token: String, at now: Date, keyGeneration: Int) -> TokenClaims? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.validUntil, entry.keyGeneration == keyGeneration else {
                entries[token] = nil
                return nil
            }
            return entry.claims
        }
    }

    func remember(_ token: String, claims: TokenClaims, until validUntil: Date, keyGeneration: Int, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { now < $0.value.validUntil }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = Entry(claims: claims, validUntil: validUntil, keyGeneration: keyGeneration)
        }
    }

    /// Drops the token with this `jti` (it was revoked).
    func forget(jti: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.claims.jti != jti } }
    }

    /// Drops every token of a client (it was disabled).
    func forget(clientID: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.claims.clientID != clientID } }
    }
}
