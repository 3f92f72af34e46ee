import Foundation
import Handlers
import Logging
import Prometheus
import ServiceLifecycle

/// Deletes delivered events from the outbox once they are older than the retention
/// (`--outbox-retention`), so that a server publishing thousands of events a second does not
/// fill its disk with rows Kafka already holds.
///
/// It deletes in transactions of ``batchSize`` rows, so that a backlog never holds the write
/// lock long enough to stall requests, and looks again every minute (more often for a
/// retention under two minutes). Pending and parked events stay until they are delivered or
/// an operator deals with them. SQLite reuses the freed pages, so the file stops growing; it
/// does not shrink.
struct OutboxRetentionService: Service {
    static let batchSize = 1_000

    let store: OutboxStore
    let tally: OutboxTally
    let retention: Duration
    let readiness: ReadinessChecks
    let metrics: OutboxMetrics
    let logger: Logger

    func run() async throws {
        guard await readiness.waitForMigrations() else { return }
        let interval = min(.seconds(60), max(.milliseconds(500), retention / 2))
        while !Task.isShuttingDownGracefully {
            await pruneOnce()
            await pauseUnlessShuttingDown(interval)
        }
    }

    /// Deletes every delivered event past the retention now, batch after batch.
    private func pruneOnce() async {
        let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
        var deleted = 0
        do {
            // Only rows the tally has counted, so that what it subtracts is what it added.
            let counted = try tally.refresh().lastSequence
            while !Task.isShuttingDownGracefully {
                let batch = try store.pruneDelivered(appendedBefore: cutoff, through: counted, limit: Self.batchSize)
                tally.removed(batch)
                deleted += batch
                if batch < Self.batchSize { break }
                // Between batches, let requests waiting for the write lock go first.
                await Task.yield()
            }
        } catch {
            logger.error("deleting delivered events past the retention failed", metadata: ["error": .string("\(error)")])
        }
        guard deleted > 0 else { return }
        metrics.pruned.increment(by: Int64(deleted))
        logger.info(
            "deleted delivered events past the retention",
            metadata: ["count": .stringConvertible(deleted), "retention_seconds": .stringConvertible(retention.components.seconds)])
    }
}
