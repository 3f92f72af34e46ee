import AccordRuntime
import Foundation

/// When a failed attempt is repeated, and how long the client waits first.
///
/// A call is retried only when its request is retry-safe (``ClientRequest/isIdempotent``) and the
/// attempt failed in a way a later attempt may not: a connection failure, a timeout of that one
/// attempt (never the call's own deadline), or status 429, 502, 503 or 504. Waits use full jitter
/// (uniform between zero and the exponential backoff) so that clients that failed together do not
/// come back together; a `Retry-After` header replaces the backoff, up to four times
/// ``maximumBackoff``. No retry starts after the call's deadline.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per call, the first included; 1 means no retry.
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry.
    public var initialBackoff: Duration
    /// The largest backoff ceiling, however many attempts failed.
    public var maximumBackoff: Duration
    /// How much the backoff ceiling grows after each failed attempt.
    public var multiplier: Double

    /// A policy with the given limits; the defaults are those of ``default``.
    public init(
        maxAttempts: Int = 3,
        initialBackoff: Duration = .milliseconds(100),
        maximumBackoff: Duration = .seconds(2),
        multiplier: Double = 2
    ) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.multiplier = multiplier
    }

    /// Three attempts, backing off from 100 ms, doubling, up to 2 s.
    public static let `default` = RetryPolicy()

    /// One attempt only.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Statuses saying that the server, or a proxy in front of it, cannot take the request now.
    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]

    /// The wait after failed attempt number `attempt` (counted from 1), or the server's
    /// `Retry-After` delay when it sent one.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        // A server asking for an hour would otherwise hold the caller that long; past the cap the
        // call's deadline usually ends the retries anyway.
        if let retryAfter { return min(max(retryAfter, .zero), maximumBackoff * 4) }
        let ceiling = backoffCeiling(afterAttempt: attempt)
        guard ceiling > .zero else { return .zero }
        return .seconds(Double.random(in: 0...ceiling.inSeconds))
    }

    /// The exponential backoff before jitter: `initialBackoff * multiplier^(attempt - 1)`, at most `maximumBackoff`.
    func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let growth = pow(max(multiplier, 1), Double(max(attempt - 1, 0)))
        // Compared in seconds first: after many attempts the growth would overflow `Duration`.
        guard initialBackoff.inSeconds * growth < maximumBackoff.inSeconds else { return max(maximumBackoff, .zero) }
        return max(initialBackoff * growth, .zero)
    }
}
