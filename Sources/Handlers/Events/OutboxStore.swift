import Foundation
import GRDB

/// The outbox queries of the relay and of operators: what is pending, what became of each
/// publication attempt, and the counts the metrics report.
public struct OutboxStore: Sendable {
    let pool: DatabasePool

    public init(database: AccordDatabase) {
        self.pool = database.pool
    }

    /// The oldest pending rows after sequence `after`, in commit order.
    public func pending(after: Int64 = 0, limit: Int) throws -> [OutboxEntry] {
        try pool.read { database in
            // A literal `'pending'` (not a bound parameter) lets SQLite use the partial index.
            try OutboxEntry.fetchAll(
                database,
                sql: "SELECT * FROM outbox WHERE status = 'pending' AND sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [after, limit])
        }
    }

    /// What happened to one row's publication attempt.
    public enum Outcome: Sendable {
        /// The broker acknowledged it at this partition and offset, at this time.
        case delivered(partition: Int32, offset: Int64, at: Date)
        /// It was not delivered and will be tried again (the broker was unreachable, say).
        case failed(error: String)
        /// The broker refused it for good; it is parked with the error.
        case parked(error: String)
    }

    /// Records the outcomes of a batch in one transaction. Only pending rows change, so a row
    /// delivered twice (at-least-once) is counted once.
    public func record(_ outcomes: [(sequence: Int64, outcome: Outcome)]) throws {
        // Deliveries, the bulk of a batch, go in one statement that reads them from a JSON
        // array: one statement per row made the relay spend more time binding arguments than
        // SQLite spent updating.
        var deliveries = "["
        var failures: [(sequence: Int64, error: String, parks: Bool)] = []
        for (sequence, outcome) in outcomes {
            switch outcome {
            case .delivered(let partition, let offset, let acknowledged):
                if deliveries.utf8.count > 1 { deliveries += "," }
                deliveries += "[\(sequence),\(partition),\(offset),\(acknowledged.timeIntervalSince1970)]"
            case .failed(let error):
                failures.append((sequence, error, false))
            case .parked(let error):
                failures.append((sequence, error, true))
            }
        }
        deliveries += "]"
        try pool.write { database in
            if deliveries.utf8.count > 2 {
                try database.execute(
                    sql: """
                        UPDATE outbox SET status = 'delivered', partition = delivery.value ->> 1,
                            offset = delivery.value ->> 2, delivered_at = delivery.value ->> 3
                        FROM json_each(?) AS delivery
                        WHERE outbox.sequence = delivery.value ->> 0 AND outbox.status = 'pending'
                        """,
                    arguments: [deliveries])
            }
            let failed = try database.cachedStatement(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE sequence = ? AND status = 'pending'")
            let parked = try database.cachedStatement(
                sql:
                    "UPDATE outbox SET status = 'parked', attempts = attempts + 1, last_error = ? WHERE sequence = ? AND status = 'pending'"
            )
            for failure in failures {
                try (failure.parks ? parked : failed).execute(arguments: [failure.error, failure.sequence])
            }
        }
    }

    /// How many rows are in each status.
    ///
    /// Pending and parked rows are counted through their partial indexes, cheaply however large
    /// the table; delivered rows are the rest of the table, a full count (skip it with
    /// `includingDelivered: false` when it is asked for often).
    public func counts(includingDelivered: Bool = true) throws -> [OutboxEntry.Status: Int] {
        try pool.read { database in
            let pending = try Self.count(of: .pending, in: database)
            let parked = try Self.count(of: .parked, in: database)
            var counts: [OutboxEntry.Status: Int] = [.pending: pending, .parked: parked]
            if includingDelivered {
                let total = try Int.fetchOne(database, sql: "SELECT COUNT(*) FROM outbox") ?? 0
                counts[.delivered] = total - pending - parked
            }
            return counts
        }
    }

    /// Deletes up to `limit` delivered rows appended before `cutoff`, none after sequence
    /// `lastSequence`, oldest first, in one transaction, and returns how many it deleted.
    /// Pending and parked rows are never deleted, and a deleted row's `sequence` is never
    /// reused (the column is `AUTOINCREMENT`).
    ///
    /// Rows are appended in `sequence` order, so those old enough are the table's first: both
    /// statements read from the oldest row and stop at the first one appended at or after
    /// `cutoff`, instead of reading the whole table.
    public func pruneDelivered(appendedBefore cutoff: Date, through lastSequence: Int64, limit: Int) throws -> Int {
        try pool.write { database in
            let firstKept =
                try Int64.fetchOne(
                    database, sql: "SELECT sequence FROM outbox WHERE created_at >= ? ORDER BY sequence LIMIT 1",
                    arguments: [cutoff.timeIntervalSince1970]) ?? Int64.max
            try database.execute(
                sql: """
                    DELETE FROM outbox WHERE sequence IN (
                        SELECT sequence FROM outbox WHERE sequence < ? AND status = 'delivered' ORDER BY sequence LIMIT ?)
                    """,
                arguments: [min(firstKept, lastSequence + 1), limit])
            return database.changesCount
        }
    }

    /// The rows appended after sequence `after`: how many, and the newest one's sequence
    /// (`after` when there is none).
    ///
    /// After the first count (`after` 0, which reads every row), it reads one page, whatever was
    /// appended: sequence numbers are `AUTOINCREMENT`ed by one writer at a time, and a rolled-back
    /// insert gives its number back, so the rows after `after` are numbered without gaps, and
    /// their count is the newest sequence minus `after`. That holds as long as rows after `after`
    /// are never deleted: the retention deletes only rows at or before a sequence already
    /// counted (``pruneDelivered(appendedBefore:through:limit:)``).
    public func appended(after: Int64) throws -> (rows: Int, lastSequence: Int64) {
        try pool.read { database in
            if after == 0 {
                let row = try Row.fetchOne(database, sql: "SELECT COUNT(*), MAX(sequence) FROM outbox")
                return (row?[0] ?? 0, row?[1] ?? after)
            }
            let newest = try Int64.fetchOne(database, sql: "SELECT MAX(sequence) FROM outbox") ?? after
            return (Int(max(newest - after, 0)), max(newest, after))
        }
    }

    /// How many rows are in `status`: through the partial index for pending and parked rows,
    /// which costs what that index holds; delivered rows are a count of the whole table.
    public func count(of status: OutboxEntry.Status) throws -> Int {
        try pool.read { try Self.count(of: status, in: $0) }
    }

    private static func count(of status: OutboxEntry.Status, in database: Database) throws -> Int {
        // Literal statuses (not bound parameters) let SQLite use the partial indexes.
        let sql =
            switch status {
            case .pending: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'"
            case .parked: "SELECT COUNT(*) FROM outbox WHERE status = 'parked'"
            case .delivered: "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'"
            }
        return try Int.fetchOne(database, sql: sql) ?? 0
    }

    /// Whether any row is pending (one index probe).
    public func hasPending() throws -> Bool {
        try pool.read { database in
            try Bool.fetchOne(database, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending')") ?? false
        }
    }

    /// Rows for an operator, in commit order: those after `afterSequence` (a cursor), in
    /// `status` when given, at most `limit`.
    public func list(status: OutboxEntry.Status?, afterSequence: Int64 = 0, limit: Int) throws -> [OutboxEntry] {
        try pool.read { database in
            var request = OutboxEntry.filter(Column("sequence") > afterSequence)
            if let status { request = request.filter(Column("status") == status.rawValue) }
            return try request.order(Column("sequence")).limit(limit).fetchAll(database)
        }
    }

    /// The events appended by requests of one trace, in commit order.
    ///
    /// Record mode calls it after each exchange. It reads the newest `window` rows only, so its
    /// cost does not grow with the table; an exchange never appends that many.
    public func entries(traceID: String, window: Int = 1000) throws -> [OutboxEntry] {
        try pool.read { database in
            try OutboxEntry.fetchAll(
                database,
                sql: """
                    SELECT * FROM (SELECT * FROM outbox ORDER BY sequence DESC LIMIT ?)
                    WHERE EXISTS (
                        SELECT 1 FROM json_each(headers)
                        WHERE json_extract(value, '$.name') = 'trace_id' AND json_extract(value, '$.value') = ?
                    )
                    ORDER BY sequence
                    """,
                arguments: [window, traceID]
            )
        }
    }
}
