import Synchronization

/// Carries a value from a route, deep inside the middleware stack, out to a middleware around
/// it: request contexts are values, so the route cannot hand anything back through its own
/// copy. The context holds the slot; the route fills it; the middleware reads it after `next`.
public final class RequestSlot<Value: Sendable>: Sendable {
    private let stored = Mutex<Value?>(nil)

    public init() {}

    public var value: Value? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
