import AccordRuntime
import Foundation
import Handlers
import Kafka

/// One batch of outbox rows on its way to the broker: enqueued at once, completed when every
/// delivery report arrived.
struct RelayBatch {
    let entries: [OutboxEntry]
    let records: [OutgoingRecord]
    let reports: DeliveryReports

    /// Enqueues every row on `producer`, in order. A row librdkafka refuses to enqueue (queue
    /// full, producer failed) fails at once, with every row after it, so they are retried in order.
    init(_ entries: [OutboxEntry], on producer: KafkaProducer) {
        self.entries = entries
        records = entries.map { entry in
            let record = entry.record
            return OutgoingRecord(
                topic: record.topic,
                key: record.key.map { Array($0.utf8) },
                value: record.value,
                headers: record.headers.map { KafkaHeader(name: $0.name, string: $0.value) }
            )
        }
        let reports = DeliveryReports(expected: entries.count)
        self.reports = reports
        for (index, outgoing) in records.enumerated() {
            do throws(KafkaError) {
                try producer.produce(outgoing) { result in reports.set(index, result.map { ($0, Date()) }) }
            } catch {
                for rest in index..<entries.count { reports.set(rest, .failure(error)) }
                break
            }
        }
    }

    /// The last sequence number in the batch.
    var lastSequence: Int64 { entries.last?.sequence ?? 0 }
}

/// One row's outcome.
struct RowOutcome: Sendable {
    var sequence: Int64
    var eventID: String
    var outcome: OutboxStore.Outcome

    var isFailure: Bool {
        if case .failed = outcome { return true }
        return false
    }
}
