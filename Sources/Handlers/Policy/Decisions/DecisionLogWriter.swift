import AccordAPI
import Foundation
import GRDB
import Synchronization

/// Appends decisions to `policy.decisions` with group commit: decisions that arrive while a
/// transaction is committing wait for the next one together, so concurrent callers share
/// commits instead of queueing one each. Each caller returns once its own decisions are
/// committed, exactly as with a transaction of its own.
///
/// There is no writer thread. A caller that finds no commit in progress *leads*: it lets the
/// tasks ready to run go first (one `Task.yield()`, so that the callers among them queue their
/// rows behind it), then commits, on its own thread, its rows and every row queued by then.
/// Callers that arrive meanwhile queue theirs and wait. When a leader's commit is done it wakes
/// the callers it committed for, and hands the lead to the first caller still queued, whose
/// wake-up is due anyway. A writer thread would cost two more thread wake-ups per commit, and
/// on two cores those kept the machine from being busy; without the yield, most commits held
/// one row, and each commit writes its pages to the WAL whatever it holds.
///
/// Rows are built and validated against the contract by each caller before it queues, in
/// parallel, so the commit, which only one thread runs at a time, holds nothing but inserts.
final class DecisionLogWriter: Sendable {
    private struct Waiting {
        let entries: [OutboxEntry]
        let turn: CheckedContinuation<Turn, any Error>
    }

    /// What a waiting caller is woken for.
    private enum Turn {
        /// Its rows are committed.
        case committed
        /// Its rows are still queued, and it leads the next commit.
        case lead
    }

    private struct State {
        var queue: [Waiting] = []
        /// Whether a caller leads a commit now (or has been handed the lead).
        var leading = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Appends `entries` (decided for one request with `traceID`); returns once committed.
    func append(_ entries: [(decision: Decision, request: EvaluationRequest)], traceID: String) async throws {
        let now = Date()
        let rows = try entries.map { try DecisionLog.prepare($0.decision, for: $0.request, traceID: traceID, now: now) }
        var leads = state.withLock { state in
            if state.leading { return false }
            state.leading = true
            return true
        }
        if !leads {
            let turn = try await withCheckedThrowingContinuation { (turn: CheckedContinuation<Turn, any Error>) in
                let leadsNow = state.withLock { state -> Bool in
                    // The leader may have finished between the two locks.
                    if !state.leading {
                        state.leading = true
                        return true
                    }
                    state.queue.append(Waiting(entries: rows, turn: turn))
                    return false
                }
                if leadsNow { turn.resume(returning: .lead) }
            }
            leads = turn == .lead
        }
        guard leads else { return }
        await Task.yield()
        try lead(rows)
    }

    /// Commits `own` with every row queued now, wakes their callers, then passes the lead on
    /// (or gives it up when nobody waits). Throws only for `own`.
    private func lead(_ own: [OutboxEntry]) throws {
        let batch = state.withLock { state -> [Waiting] in
            defer { state.queue = [] }
            return state.queue
        }
        var ownFailure: (any Error)?
        do {
            try commit([own] + batch.map(\.entries))
            for waiting in batch { waiting.turn.resume(returning: .committed) }
        } catch {
            // One caller's failure must not fail the others: each goes again on its own.
            do { try commit([own]) } catch { ownFailure = error }
            for waiting in batch {
                do {
                    try commit([waiting.entries])
                    waiting.turn.resume(returning: .committed)
                } catch {
                    waiting.turn.resume(throwing: error)
                }
            }
        }
        let next = state.withLock { state -> Waiting? in
            guard !state.queue.isEmpty else {
                state.leading = false
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.turn.resume(returning: .lead)
        if let ownFailure { throw ownFailure }
    }

    /// One transaction on the calling thread: an asynchronous write would hand the rows to
    /// GRDB's queue and the result back, two thread wake-ups more per commit.
    private func commit(_ groups: [[OutboxEntry]]) throws {
        try pool.write { database in
            for group in groups {
                for var entry in group { try Outbox.append(&entry, in: database) }
            }
        }
    }
}
