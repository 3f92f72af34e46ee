import Synchronization

/// Counts the requests in flight to each provider, refusing one beyond the provider's
/// `max_concurrency` (the caller answers 503 with `Retry-After`) instead of queueing it behind
/// a saturated upstream.
final class ProviderLimiter: Sendable {
    private let inFlight = Mutex<[String: Int]>([:])

    /// Takes a slot; false when the provider is at its limit.
    func acquire(_ providerID: String, limit: Int) -> Bool {
        inFlight.withLock { counts in
            guard counts[providerID, default: 0] < limit else { return false }
            counts[providerID, default: 0] += 1
            return true
        }
    }

    func release(_ providerID: String) {
        inFlight.withLock { $0[providerID, default: 1] -= 1 }
    }
}
