import NIOCore

/// The instant by which a call must be done, shared by all its attempts and the waits between them.
struct CallDeadline: Sendable {
    /// The allowance the deadline was made from, reported in ``ClientError/timedOut(after:)``.
    let timeout: Duration
    let instant: ContinuousClock.Instant

    init(timeout: Duration) {
        self.timeout = timeout
        self.instant = .now + timeout
    }

    /// Whether a wait of `delay` starting now still leaves time before the deadline.
    func allows(waiting delay: Duration) -> Bool {
        ContinuousClock.now + delay < instant
    }

    /// The same instant for AsyncHTTPClient, which enforces it only until the response head arrives.
    var nioDeadline: NIODeadline {
        .now() + (instant - .now).timeAmount
    }

    /// Runs `operation`, cancelling it and throwing ``ClientError/timedOut(after:)`` if the
    /// deadline passes first.
    ///
    /// AsyncHTTPClient's own deadline stops at the response head, so reading the body needs this
    /// to stay bounded too.
    func run<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
        guard ContinuousClock.now < instant else { throw ClientError.timedOut(after: timeout) }
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: instant, clock: .continuous)
                throw ClientError.timedOut(after: timeout)
            }
            defer { group.cancelAll() }
            // The group is never empty here: two children were just added.
            return try await group.next()!
        }
    }
}
