import Handlers
import Synchronization

/// The outbox's row count, kept up to date without reading the whole table again.
///
/// The first ``refresh()`` reads every row, once per process; each later one adds the rows
/// appended since from the newest sequence number (one page, however many were appended), and
/// the retention service reports what it deleted (``removed(_:)``).
/// Nothing else adds or deletes outbox rows, so the total stays exact however large the table
/// grows, whoever changes the rows' statuses.
final class OutboxTally: Sendable {
    struct Counts: Sendable {
        /// Every row in the outbox.
        var total = 0
        /// The newest row counted.
        var lastSequence: Int64 = 0
    }

    private let store: OutboxStore
    /// Held while reading, so two refreshes never count the same appended rows twice.
    private let counts = Mutex(Counts())

    init(store: OutboxStore) {
        self.store = store
    }

    /// Counts the rows appended since the last refresh (every row, the first time).
    func refresh() throws -> Counts {
        try counts.withLock { counts in
            let appended = try store.appended(after: counts.lastSequence)
            counts.total += appended.rows
            counts.lastSequence = appended.lastSequence
            return counts
        }
    }

    /// Subtracts `rows` deleted rows, all of them counted before (sequence at most the
    /// ``Counts/lastSequence`` of a refresh).
    func removed(_ rows: Int) {
        counts.withLock { $0.total -= rows }
    }
}
