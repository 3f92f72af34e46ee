import AccordRuntime
import Synchronization

/// Limits how often one caller calls one operation: a token bucket per caller and operation
/// that holds a minute's allowance and refills continuously.
///
/// A caller may spend the whole minute's allowance at once and then makes one call per
/// `60 / requestsPerMinute` seconds. Buckets are kept per operation, so a caller chatting at its
/// limit can still evaluate policies. Only operations whose contract documents 429
/// (``OperationDescriptor/rateLimited``) are limited; ``ServerExchange`` asks before anything
/// else is done for the call.
public final class CallRateLimiter: Sendable {
    /// Calls one caller may make to one operation per minute.
    public let requestsPerMinute: Int
    private let buckets = Mutex(Buckets())
    private let onLimited: @Sendable (_ operation: String) -> Void

    /// - Parameters:
    ///   - requestsPerMinute: the allowance, at least 1.
    ///   - onLimited: told of every refused call, with its operation id (for metrics).
    public init(requestsPerMinute: Int, onLimited: @escaping @Sendable (_ operation: String) -> Void = { _ in }) {
        precondition(requestsPerMinute > 0, "a rate limit allows at least one call a minute")
        self.requestsPerMinute = requestsPerMinute
        self.onLimited = onLimited
    }

    /// Takes one call from `caller`'s allowance for `operation`: nil when the call may go
    /// ahead, otherwise how long until it could.
    public func admit(caller: String, operation: String, at now: ContinuousClock.Instant = .now) -> Duration? {
        let capacity = Double(requestsPerMinute)
        let perSecond = capacity / 60
        let wait = buckets.withLock { buckets -> Duration? in
            buckets.sweepIfLarge(now: now, capacity: capacity, perSecond: perSecond)
            let key = Key(caller: caller, operation: operation)
            var bucket = buckets.byKey[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.refill(to: now, capacity: capacity, perSecond: perSecond)
            defer { buckets.byKey[key] = bucket }
            guard bucket.tokens < 1 else {
                bucket.tokens -= 1
                return nil
            }
            return .seconds((1 - bucket.tokens) / perSecond)
        }
        if wait != nil { onLimited(operation) }
        return wait
    }

    /// How many callers and operations have a bucket now (tests watch memory stay bounded).
    public var bucketCount: Int { buckets.withLock { $0.byKey.count } }

    private struct Key: Hashable {
        let caller: String
        let operation: String
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant

        mutating func refill(to now: ContinuousClock.Instant, capacity: Double, perSecond: Double) {
            tokens = min(capacity, tokens + max(0, (now - updated).inSeconds) * perSecond)
            updated = now
        }
    }

    private struct Buckets {
        var byKey: [Key: Bucket] = [:]
        /// The size at which full buckets are next swept out.
        var sweepAt = 4096

        /// Drops every bucket that has refilled to the brim: it says nothing a new bucket would
        /// not. Sweeping when the table has doubled keeps the cost per call constant on average,
        /// and callers seen once (anonymous addresses, say) from accumulating.
        mutating func sweepIfLarge(now: ContinuousClock.Instant, capacity: Double, perSecond: Double) {
            guard byKey.count >= sweepAt else { return }
            byKey = byKey.filter { _, bucket in
                var bucket = bucket
                bucket.refill(to: now, capacity: capacity, perSecond: perSecond)
                return bucket.tokens < capacity
            }
            sweepAt = max(4096, byKey.count * 2)
        }
    }
}
