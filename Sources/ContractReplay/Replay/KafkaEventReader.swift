import Foundation
import Kafka

/// Reads back the records that carry one of a set of trace ids, from every topic the
/// AsyncAPI contract declares (topics with address parameters cannot be listed, so are skipped).
struct KafkaEventReader {
    let contract: Contract
    let bootstrap: String

    func read(traceIDs: Set<String>, expecting count: Int, timeout: Duration) async throws -> [ObservedEvent] {
        let assignments = contract.fixedTopics.flatMap { topic in
            (0..<Int32(topic.partitions)).map { TopicPartitionOffset(topic: topic.name, partition: $0) }
        }
        guard !assignments.isEmpty else { return [] }
        let consumer = try KafkaConsumer(bootstrapServers: bootstrap, assignments: assignments)
        defer { consumer.close() }
        var events: [ObservedEvent] = []
        var eventIDs: Set<String> = []
        let deadline = ContinuousClock.now + timeout
        // Keep reading a little after the expected count arrived, to see undeclared extras.
        var settleUntil: ContinuousClock.Instant?
        while ContinuousClock.now < (settleUntil ?? deadline) {
            for record in try consumer.read(count: 500, timeout: .milliseconds(500)) {
                guard let trace = record.header("trace_id"), traceIDs.contains(trace) else { continue }
                let id = record.header("event_id")
                if let id, !eventIDs.insert(id).inserted { continue }
                events.append(
                    ObservedEvent(
                        topic: record.topic, key: record.key.map { String(decoding: $0, as: UTF8.self) }, payload: record.value,
                        traceID: trace,
                        eventID: id))
            }
            if settleUntil == nil, events.count >= count { settleUntil = min(deadline, ContinuousClock.now + .seconds(1)) }
            await Task.yield()
        }
        return events
    }
}
