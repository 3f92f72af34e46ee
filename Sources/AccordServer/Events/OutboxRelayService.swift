import AccordEvents
import AccordRuntime
import Foundation
import Handlers
import Kafka
import Logging
import Prometheus
import ServiceLifecycle

/// Publishes the outbox to Kafka: pending rows in commit order, each marked delivered only on
/// its delivery report (at-least-once; consumers de-duplicate on `event_id`).
///
/// Batches of pending rows are read and enqueued whole (librdkafka's idempotent producer keeps
/// the order within a partition, and the key picks the partition, so order per key holds), the
/// next batch while earlier ones wait for their reports; each batch's outcomes are recorded in
/// one transaction once all its reports arrived. A failure is followed by a capped exponential
/// backoff; a record the broker refuses for good is parked with the broker's error and the
/// relay goes on. With no Kafka configured it only keeps the metrics and
/// the readiness check current: events wait in the outbox.
struct OutboxRelayService: Service {
    static let outboxCheck = "outbox"
    static let kafkaCheck = "kafka"

    let store: OutboxStore
    /// The row counts behind the gauges, shared with the retention service.
    let tally: OutboxTally
    let configuration: RelayConfiguration
    let readiness: ReadinessChecks
    let metrics: OutboxMetrics
    let logger: Logger

    func run() async throws {
        guard await readiness.waitForMigrations() else { return }
        guard let bootstrap = configuration.kafkaBootstrap else {
            logger.info("no Kafka bootstrap configured; events stay in the outbox")
            while !Task.isShuttingDownGracefully {
                let took = refreshCounts()
                await pauseUnlessShuttingDown(Self.countInterval(after: took, atLeast: .seconds(1)))
            }
            return
        }
        // Count before reaching for the broker, which may take a while or never answer: the
        // outbox check reports the database, not Kafka.
        refreshCounts()
        var producer: KafkaProducer?
        // Topics are created before anything is produced: a broker that auto-creates topics on
        // first use would otherwise give them its default partition count.
        var topicsEnsured = await ensureTopics(bootstrap: bootstrap)
        var backoff = configuration.minimumBackoff
        var nextCountRefresh = ContinuousClock.now
        // Batches enqueued and not yet completed, oldest first, and the last sequence enqueued:
        // the next batch is read while earlier ones wait for their reports.
        var inFlight: [RelayBatch] = []
        var cursor: Int64 = 0
        logger.info("outbox relay started", metadata: ["kafka_bootstrap": .string(bootstrap)])
        while !Task.isShuttingDownGracefully || !inFlight.isEmpty {
            if ContinuousClock.now >= nextCountRefresh {
                let took = refreshCounts()
                nextCountRefresh = .now + Self.countInterval(after: took, atLeast: .milliseconds(500))
            }
            if !Task.isShuttingDownGracefully, inFlight.count < configuration.batchesInFlight {
                if !topicsEnsured { topicsEnsured = await ensureTopics(bootstrap: bootstrap) }
                if producer == nil || producer?.fatalError != nil {
                    producer?.close(timeout: .seconds(1))
                    producer = makeProducer(bootstrap: bootstrap)
                }
                let entries: [OutboxEntry]
                do {
                    entries = try store.pending(after: cursor, limit: configuration.batchSize)
                } catch {
                    logger.error("cannot read the outbox", metadata: ["error": .string("\(error)")])
                    entries = []
                }
                if let producer, !entries.isEmpty {
                    let batch = RelayBatch(entries, on: producer)
                    inFlight.append(batch)
                    cursor = batch.lastSequence
                    continue
                }
            }
            guard !inFlight.isEmpty, let activeProducer = producer else {
                await pauseUnlessShuttingDown(producer == nil ? backoff : configuration.pollInterval)
                if producer == nil { backoff = min(backoff * 2, configuration.maximumBackoff) }
                continue
            }
            let (outcomes, replacement) = await complete(inFlight.removeFirst(), bootstrap: bootstrap)
            record(outcomes)
            guard let replacement else {
                backoff = configuration.minimumBackoff
                continue
            }
            // Something failed: let the batches behind it finish on the old producer, then start
            // again from the oldest pending row with the new one after a backoff.
            for batch in inFlight {
                record(await complete(batch, bootstrap: bootstrap, isolatingRefusals: false).outcomes)
            }
            inFlight = []
            cursor = 0
            activeProducer.close(timeout: .seconds(1))
            producer = replacement
            if outcomes.contains(where: \.isFailure) {
                await pauseUnlessShuttingDown(backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
            }
        }
        producer?.close(timeout: .seconds(5))
        refreshCounts()
        logger.info("outbox relay stopped")
    }

    /// Records the outcomes in SQLite and reports them in metrics, logs and readiness.
    private func record(_ outcomes: [RowOutcome]) {
        do {
            try store.record(outcomes.map { ($0.sequence, $0.outcome) })
        } catch {
            // Not recorded: the rows stay pending and are published again (same event ids).
            logger.error("cannot record publication outcomes", metadata: ["error": .string("\(error)")])
        }
        report(outcomes)
    }

    /// Sleeps for `duration`, or less when shutdown begins.
    private func makeProducer(bootstrap: String) -> KafkaProducer? {
        var producerConfiguration = ProducerConfiguration(bootstrapServers: bootstrap)
        producerConfiguration.clientID = "accord-outbox-relay"
        producerConfiguration.deliveryTimeout = configuration.deliveryTimeout
        do {
            return try KafkaProducer(configuration: producerConfiguration)
        } catch {
            logger.error("cannot create the Kafka producer", metadata: ["error": .string("\(error)")])
            readiness.update(Self.kafkaCheck, isReady: false, detail: "\(error)")
            return nil
        }
    }

    /// Creates the contract's topics that do not exist yet, with the partition counts the
    /// contract declares, so a fresh broker works out of the box; existing topics are left as
    /// they are. A failure is only logged: topics may be managed elsewhere.
    private func ensureTopics(bootstrap: String) async -> Bool {
        // The admin call blocks for up to its timeout; keep it off the concurrency pool.
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: ensureTopicsNow(bootstrap: bootstrap)) }.start()
        }
    }

    private func ensureTopicsNow(bootstrap: String) -> Bool {
        let topics = EventTopic.allCases.compactMap { topic -> (name: String, partitions: Int32)? in
            guard !topic.address.contains("{") else { return nil }
            return (topic.address, Int32(topic.partitions ?? 1))
        }
        do {
            try KafkaAdmin.createTopics(bootstrapServers: bootstrap, topics: topics, timeout: .seconds(5))
            readiness.update(Self.kafkaCheck, isReady: true, detail: bootstrap)
            return true
        } catch {
            logger.warning("cannot ensure the Kafka topics exist", metadata: ["error": .string("\(error)")])
            readiness.update(Self.kafkaCheck, isReady: false, detail: "\(bootstrap): \(error)")
            return false
        }
    }

    /// Waits for a batch's reports and turns them into row outcomes. Returns a replacement
    /// producer when anything failed.
    ///
    /// Any failure replaces the producer: its idempotence state (producer id, sequence numbers)
    /// may no longer match the broker's. Measured on Tansu 0.6.0: after a refusal every later
    /// record gets PRODUCER_FENCED, and after a broker restart every record times out (the broker
    /// never learns the old producer id again), neither reported as fatal by librdkafka. A new
    /// producer delivers at once, and making one takes milliseconds.
    ///
    /// A broker refuses a whole produce batch when one of its records is bad, so the records
    /// refused alongside it may be fine: each refused one is sent again on its own by a new
    /// producer, and only one refused on its own is parked.
    ///
    /// With `isolatingRefusals` false (draining the batches behind a failed one), nothing is
    /// parked or replaced: failures are retried in the next round.
    private func complete(
        _ batch: RelayBatch,
        bootstrap: String,
        isolatingRefusals: Bool = true
    ) async -> (outcomes: [RowOutcome], replacement: KafkaProducer?) {
        var results = await batch.reports.all()
        var replacement: KafkaProducer?
        for index in results.indices where isolatingRefusals {
            guard case .failure(let error) = results[index] else { continue }
            if replacement == nil { replacement = makeProducer(bootstrap: bootstrap) }
            guard Self.isRefusal(error), let alone = replacement else { continue }
            results[index] = await sendAlone(batch.records[index], with: alone)
            if case .failure(let again) = results[index], Self.isRefusal(again) {
                // The refusal left this producer out of step too; the next record gets a new one.
                alone.close(timeout: .seconds(1))
                replacement = makeProducer(bootstrap: bootstrap)
            }
        }
        let outcomes = zip(batch.entries, results).map { entry, result in
            let outcome: OutboxStore.Outcome
            switch result {
            case .success(let (report, acknowledged)):
                outcome = .delivered(partition: report.partition, offset: report.offset, at: acknowledged)
            case .failure(let error) where Self.isRefusal(error) && isolatingRefusals:
                outcome = .parked(error: error.description)
            case .failure(let error):
                outcome = .failed(error: error.description)
            }
            return RowOutcome(sequence: entry.sequence!, eventID: entry.eventID, outcome: outcome)
        }
        return (outcomes, replacement)
    }

    /// Sends one record in a produce request of its own and waits for its report.
    private func sendAlone(_ record: OutgoingRecord, with producer: KafkaProducer) async -> Result<Acknowledgement, KafkaError> {
        do throws(KafkaError) {
            return .success((try await producer.send(record), Date()))
        } catch {
            return .failure(error)
        }
    }

    /// Whether the broker refused the record itself (it would refuse it again): such a record is
    /// parked. Anything else (unreachable broker, timeouts, leadership changes) is retried.
    static func isRefusal(_ error: KafkaError) -> Bool {
        guard !error.isRetriable, !error.isFatal else { return false }
        return refusalNames.contains(error.name)
    }

    /// Broker and client errors that are about the record, not about reaching the broker.
    static let refusalNames: Set<String> = [
        "INVALID_RECORD", "MSG_SIZE_TOO_LARGE", "_MSG_SIZE_TOO_LARGE", "CORRUPT_MESSAGE", "POLICY_VIOLATION",
        "INVALID_TIMESTAMP", "RECORD_LIST_TOO_LARGE", "INVALID_MSG", "_INVALID_ARG",
    ]

    private func report(_ outcomes: [RowOutcome]) {
        var delivered = 0
        var failures: [String: Int] = [:]
        for row in outcomes {
            switch row.outcome {
            case .delivered:
                delivered += 1
            case .failed(let error):
                failures[error, default: 0] += 1
            case .parked(let error):
                logger.error(
                    "event parked: the broker refused it",
                    metadata: ["event_id": .string(row.eventID), "sequence": .stringConvertible(row.sequence), "error": .string(error)])
            }
        }
        metrics.deliveredByThisProcess.increment(by: Int64(delivered))
        metrics.failedAttempts.increment(by: Int64(failures.values.reduce(0, +)))
        if failures.isEmpty {
            if delivered > 0 { readiness.update(Self.kafkaCheck, isReady: true, detail: configuration.kafkaBootstrap ?? "") }
        } else {
            for (error, count) in failures {
                logger.warning(
                    "events not delivered; retrying with backoff",
                    metadata: ["count": .stringConvertible(count), "error": .string(error)])
            }
            readiness.update(Self.kafkaCheck, isReady: false, detail: failures.keys.sorted().first ?? "")
        }
    }

    /// How long to wait before counting again: `least`, or a hundred times what the last count
    /// took when that is longer. Pending rows are counted through their index, which a broker
    /// outage (or running without Kafka) can fill with millions, so counting never costs more
    /// than about 1% of a core.
    static func countInterval(after took: Duration, atLeast least: Duration) -> Duration {
        max(least, took * 100)
    }

    /// Sets the row gauges and the outbox readiness check. No count reads the whole table
    /// (but the tally's first): the total comes from the tally, pending and parked rows from
    /// their partial indexes. Returns how long the counting took.
    @discardableResult
    private func refreshCounts() -> Duration {
        let started = ContinuousClock.now
        let pending: Int
        let parked: Int
        let total: Int
        do {
            total = try tally.refresh().total
            pending = try store.count(of: .pending)
            parked = try store.count(of: .parked)
        } catch {
            logger.error("counting the outbox failed", metadata: ["error": .string("\(error)")])
            return ContinuousClock.now - started
        }
        let took = ContinuousClock.now - started
        metrics.pending.set(Double(pending))
        metrics.parked.set(Double(parked))
        metrics.delivered.set(Double(max(0, total - pending - parked)))
        readiness.update(Self.outboxCheck, isReady: true, detail: "\(pending) pending events", took: took)
        return took
    }
}
