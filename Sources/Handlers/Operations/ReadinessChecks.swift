import AccordRuntime
import Synchronization

/// Whether the server may take traffic: each named check must pass.
///
/// `/readyz` reports these checks; it stays not-ready until every registered check has passed
/// (for example the database check, which passes once migrations ran).
public final class ReadinessChecks: Sendable {
    /// The state of one check.
    public struct Check: Sendable, Hashable {
        public var isReady: Bool
        public var detail: String
        /// How long the check took when it last ran, in whole milliseconds.
        public var durationMilliseconds: Int32
    }

    private let checks: Mutex<[String: Check]>

    /// Creates readiness with `pendingChecks` registered and not yet passing.
    public init(pendingChecks: [String: String]) {
        checks = Mutex(pendingChecks.mapValues { Check(isReady: false, detail: $0, durationMilliseconds: 0) })
    }

    /// Records the outcome of a check, and how long it took when the caller measured it.
    public func update(_ name: String, isReady: Bool, detail: String, took duration: Duration = .zero) {
        let milliseconds = Int32(clamping: duration.milliseconds)
        checks.withLock { $0[name] = Check(isReady: isReady, detail: detail, durationMilliseconds: max(0, milliseconds)) }
    }

    /// Every check by name.
    public var snapshot: [String: Check] { checks.withLock { $0 } }

    /// True once every check passes.
    public var isReady: Bool { snapshot.values.allSatisfy(\.isReady) }
}
