import AccordEvents
import AccordRuntime
import Foundation
import Handlers
import Kafka
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// Publishes the outbox to Kafka: pending rows in commit order, each marked delivered only on
/// its delivery report (at-least-once; consumers de-duplicate on `event_id`).
///
/// A round reads a batch, enqueues it all (librdkafka's idempotent producer keeps the order
/// within a partition, and the key picks the partition, so order per key holds), waits for
/// every report and records the outcomes in one transaction. A round with failures is followed
/// by a capped exponential backoff; a record the broker refuses for good is parked with the
/// broker's error and the relay goes on. With no Kafka configured it only keeps the metrics and
/// the readiness check current: events wait in the outbox.
struct OutboxRelayService: Service {
    static let outboxCheck = "outbox"
    static let kafkaCheck = "kafka"

    let store: OutboxStore
    let configuration: RelayConfiguration
    let readiness: Readiness
    let metrics: OutboxMetrics
    let logger: Logger

    func run() async throws {
        guard await waitForMigrations() else { return }
        guard let bootstrap = configuration.kafkaBootstrap else {
            logger.info("no Kafka bootstrap configured; events stay in the outbox")
            while !Task.isShuttingDownGracefully {
                refreshCounts()
                await pause(.seconds(1))
            }
            return
        }
        var producer: KafkaProducer?
        var backoff = configuration.minimumBackoff
        var lastCountRefresh = ContinuousClock.now - .seconds(10)
        logger.info("outbox relay started", metadata: ["kafka_bootstrap": .string(bootstrap)])
        while !Task.isShuttingDownGracefully {
            if ContinuousClock.now - lastCountRefresh > .milliseconds(500) {
                refreshCounts()
                lastCountRefresh = .now
            }
            let batch: [OutboxEntry]
            do {
                batch = try store.pending(limit: configuration.batchSize)
            } catch {
                logger.error("cannot read the outbox", metadata: ["error": .string("\(error)")])
                await pause(backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
                continue
            }
            if batch.isEmpty {
                await pause(configuration.pollInterval)
                continue
            }
            if producer == nil || producer?.fatalError != nil {
                producer?.close(timeout: .seconds(1))
                producer = makeProducer(bootstrap: bootstrap)
            }
            guard let activeProducer = producer else {
                await pause(backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
                continue
            }
            let (outcomes, replacement) = await publish(batch, with: activeProducer, bootstrap: bootstrap)
            if let replacement {
                // The producer's idempotence state no longer matches the broker's (after a
                // refusal, or a broker that lost its state): a new producer id starts afresh.
                activeProducer.close(timeout: .seconds(1))
                producer = replacement
            }
            do {
                try store.record(outcomes.map { ($0.sequence, $0.outcome) })
            } catch {
                // Not recorded: the rows stay pending and are published again (same event ids).
                logger.error("cannot record publication outcomes", metadata: ["error": .string("\(error)")])
            }
            report(outcomes)
            if outcomes.contains(where: { if case .failed = $0.outcome { true } else { false } }) {
                await pause(backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
            } else {
                backoff = configuration.minimumBackoff
            }
        }
        producer?.close(timeout: .seconds(5))
        refreshCounts()
        logger.info("outbox relay stopped")
    }

    /// Sleeps for `duration`, or less when shutdown begins.
    private func pause(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }

    /// Waits until the database is migrated; false if the server shuts down first.
    private func waitForMigrations() async -> Bool {
        while readiness.snapshot[DatabaseMigrationService.readinessCheck]?.isReady != true {
            if Task.isShuttingDownGracefully { return false }
            await pause(.milliseconds(20))
        }
        return true
    }

    private func makeProducer(bootstrap: String) -> KafkaProducer? {
        var producerConfiguration = ProducerConfiguration(bootstrapServers: bootstrap)
        producerConfiguration.clientID = "accord-outbox-relay"
        producerConfiguration.deliveryTimeout = configuration.deliveryTimeout
        do {
            let producer = try KafkaProducer(configuration: producerConfiguration)
            ensureTopics(bootstrap: bootstrap)
            return producer
        } catch {
            logger.error("cannot create the Kafka producer", metadata: ["error": .string("\(error)")])
            readiness.update(Self.kafkaCheck, isReady: false, detail: "\(error)")
            return nil
        }
    }

    /// Creates the contract's topics that do not exist yet, with the partition counts the
    /// contract declares, so a fresh broker works out of the box; existing topics are left as
    /// they are. A failure is only logged: topics may be managed elsewhere.
    private func ensureTopics(bootstrap: String) {
        let topics = EventTopic.allCases.compactMap { topic -> (name: String, partitions: Int32)? in
            guard !topic.address.contains("{") else { return nil }
            return (topic.address, Int32(topic.partitions ?? 1))
        }
        do {
            try KafkaAdmin.createTopics(bootstrapServers: bootstrap, topics: topics, timeout: .seconds(5))
            readiness.update(Self.kafkaCheck, isReady: true, detail: bootstrap)
        } catch {
            logger.warning("cannot ensure the Kafka topics exist", metadata: ["error": .string("\(error)")])
            readiness.update(Self.kafkaCheck, isReady: false, detail: "\(bootstrap): \(error)")
        }
    }

    /// One row's outcome.
    struct RowOutcome: Sendable {
        var sequence: Int64
        var eventID: String
        var outcome: OutboxStore.Outcome
    }

    /// Enqueues every row and waits for every delivery report.
    /// Returns the outcomes and, when the producer had to be replaced, its replacement.
    private func publish(
        _ batch: [OutboxEntry],
        with producer: KafkaProducer,
        bootstrap: String
    ) async -> (outcomes: [RowOutcome], replacement: KafkaProducer?) {
        let reports = DeliveryReports(expected: batch.count)
        let outgoingRecords = batch.map { entry in
            let record = entry.record
            return OutgoingRecord(
                topic: record.topic,
                key: record.key.map { Array($0.utf8) },
                value: record.value,
                headers: record.headers.map { KafkaHeader(name: $0.name, string: $0.value) }
            )
        }
        for (index, outgoing) in outgoingRecords.enumerated() {
            do throws(KafkaError) {
                try producer.produce(outgoing) { result in reports.set(index, result) }
            } catch {
                // Not enqueued (queue full, producer failed): this row and the rest wait for
                // the next round, in order.
                reports.set(index, .failure(error))
                for rest in (index + 1)..<batch.count { reports.set(rest, .failure(error)) }
                break
            }
        }
        var results = await reports.all()
        var replacement: KafkaProducer?
        // A broker refuses a whole produce batch when one of its records is bad, so the records
        // refused alongside it may be fine: each refused one is sent again on its own (by a new
        // producer: the refusal left the old one's sequence numbers out of step with the
        // broker's), and only one refused alone is parked.
        for index in results.indices {
            guard case .failure(let error) = results[index], Self.isRefusal(error) || Self.needsNewProducer(error) else { continue }
            if replacement == nil { replacement = makeProducer(bootstrap: bootstrap) }
            guard Self.isRefusal(error), let alone = replacement else { continue }
            results[index] = await sendAlone(outgoingRecords[index], with: alone)
            if case .failure(let again) = results[index], Self.isRefusal(again) {
                // The refusal left this producer out of step too; the next record gets a new one.
                alone.close(timeout: .seconds(1))
                replacement = makeProducer(bootstrap: bootstrap)
            }
        }
        let outcomes = zip(batch, results).map { entry, result in
            let outcome: OutboxStore.Outcome
            switch result {
            case .success(let report):
                outcome = .delivered(partition: report.partition, offset: report.offset)
            case .failure(let error) where Self.isRefusal(error):
                outcome = .parked(error: error.description)
            case .failure(let error):
                outcome = .failed(error: error.description)
            }
            return RowOutcome(sequence: entry.sequence!, eventID: entry.eventID, outcome: outcome)
        }
        return (outcomes, replacement)
    }

    /// Errors after which the producer's idempotence state (producer id and sequence numbers)
    /// no longer matches the broker's, so it cannot deliver again; a new producer can.
    static func needsNewProducer(_ error: KafkaError) -> Bool {
        error.isFatal || producerStateErrors.contains(error.name)
    }

    static let producerStateErrors: Set<String> = [
        "PRODUCER_FENCED", "OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID", "INVALID_PRODUCER_EPOCH",
        "DUPLICATE_SEQUENCE_NUMBER", "INVALID_PRODUCER_ID_MAPPING", "_FATAL",
    ]

    /// Sends one record in a produce request of its own and waits for its report.
    private func sendAlone(_ record: OutgoingRecord, with producer: KafkaProducer) async -> Result<DeliveryReport, KafkaError> {
        do throws(KafkaError) {
            return .success(try await producer.send(record))
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

    private func refreshCounts() {
        guard let counts = try? store.counts() else { return }
        let pending = counts[.pending] ?? 0
        metrics.update(pending: pending, delivered: counts[.delivered] ?? 0, parked: counts[.parked] ?? 0)
        readiness.update(Self.outboxCheck, isReady: true, detail: "\(pending) pending events")
    }
}

/// Collects the delivery reports of one batch, which arrive on librdkafka's polling thread.
private final class DeliveryReports: Sendable {
    private struct State {
        var results: [Result<DeliveryReport, KafkaError>?]
        var remaining: Int
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    init(expected: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: expected), remaining: expected))
    }

    func set(_ index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if case .some = state.results[index] { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Every result, once all arrived. librdkafka reports each enqueued record within its
    /// delivery timeout, so this does not wait forever.
    func all() async -> [Result<DeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.remaining == 0 { return true }
                state.waiter = continuation
                return false
            }
            if done { continuation.resume() }
        }
        return state.withLock { $0.results.map { $0! } }
    }
}
