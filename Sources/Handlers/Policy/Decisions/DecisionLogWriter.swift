import AccordAPI
import Foundation
import GRDB
import Synchronization

/// Appends decisions to `policy.decisions` with group commit: evaluations that arrive while a
/// transaction is committing wait for the next one together, so concurrent callers share
/// commits instead of queueing one each. Each caller returns once its own decisions are
/// committed, exactly as with a transaction of its own.
final class DecisionLogWriter: Sendable {
    private struct Pending {
        let entries: [(decision: Decision, request: EvaluationRequest)]
        let traceID: String
        let done: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var writing = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Appends `entries` (decided for one request with `traceID`); returns once committed.
    func append(_ entries: [(decision: Decision, request: EvaluationRequest)], traceID: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let starts = state.withLock { state -> Bool in
                state.queue.append(Pending(entries: entries, traceID: traceID, done: continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if starts { Task { self.drain() } }
        }
    }

    /// Commits on the calling thread: an asynchronous write would hand the batch to GRDB's
    /// queue and the result back, two thread wake-ups per batch on a path that has little else
    /// to do. Only one drain runs at a time, so this blocks at most one thread of the pool.
    private func write(_ batch: [Pending]) throws {
        try pool.write { database in
            for pending in batch {
                for entry in pending.entries {
                    try DecisionLog.append(entry.decision, for: entry.request, traceID: pending.traceID, in: database)
                }
            }
        }
    }

    /// Commits what is queued, batch after batch, until nothing is.
    private func drain() {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let batch = state.queue
                state.queue = []
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try write(batch)
                for pending in batch { pending.done.resume() }
            } catch {
                // One caller's failure must not fail the others: each goes again on its own.
                for pending in batch {
                    do {
                        try write([pending])
                        pending.done.resume()
                    } catch {
                        pending.done.resume(throwing: error)
                    }
                }
            }
        }
    }
}
