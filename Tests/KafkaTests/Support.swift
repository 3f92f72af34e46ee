import Foundation
import Kafka
import Synchronization

/// Runs blocking librdkafka calls (consumer reads, admin requests) on their own thread, so that
/// tests running in parallel do not starve the small cooperative thread pool.
func offThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
    }
}

/// Counts every `onDelivery` call per record, to check that each runs exactly once.
final class DeliveryRecorder: Sendable {
    private let outcomes = Mutex<[Int: [Result<DeliveryReport, KafkaError>]]>([:])

    /// The callback for record number `index`.
    func callback(for index: Int) -> @Sendable (Result<DeliveryReport, KafkaError>) -> Void {
        { result in self.outcomes.withLock { $0[index, default: []].append(result) } }
    }

    /// Everything reported so far, by record number.
    var reported: [Int: [Result<DeliveryReport, KafkaError>]] {
        outcomes.withLock { $0 }
    }

    /// Waits until `count` records have been reported at least once, or `timeout` passed.
    func waitForReports(count: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while reported.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension OutgoingRecord {
    /// A record with a UTF-8 JSON value.
    static func json(_ topic: String, _ value: String, key: String? = nil, headers: [KafkaHeader] = []) -> OutgoingRecord {
        OutgoingRecord(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }
}

extension ProducerConfiguration {
    /// A producer for `bootstrap` that gives up after `deliveryTimeout`, quietly: brokers that are
    /// down on purpose would otherwise fill the test log with connection errors.
    static func test(_ bootstrap: String, deliveryTimeout: Duration = .seconds(10), idempotent: Bool = true) -> ProducerConfiguration {
        var configuration = ProducerConfiguration(bootstrapServers: bootstrap)
        configuration.deliveryTimeout = deliveryTimeout
        configuration.isIdempotent = idempotent
        configuration.properties["log.connection.close"] = "false"
        // Reconnect quickly after a broker restart instead of backing off for up to 10 s.
        configuration.properties["reconnect.backoff.max.ms"] = "200"
        return configuration
    }
}

/// Reads `count` records from partition `partition` of `topic`, from the beginning.
func readBack(_ bootstrap: String, topic: String, partition: Int32, count: Int) async throws -> [ConsumedRecord] {
    try await offThread {
        let consumer = try KafkaConsumer(
            bootstrapServers: bootstrap, assignments: [TopicPartitionOffset(topic: topic, partition: partition)])
        defer { consumer.close() }
        return try consumer.read(count: count, timeout: .seconds(10))
    }
}

/// The high watermark of a partition: how many records it holds when nothing was deleted.
func highWatermark(_ bootstrap: String, topic: String, partition: Int32 = 0) async throws -> Int64 {
    try await offThread {
        try KafkaAdmin.watermarks(bootstrapServers: bootstrap, topic: topic, partition: partition, timeout: .seconds(5)).high
    }
}

/// Measures how long `body` takes.
func timed<Result>(_ body: () async throws -> Result) async rethrows -> (Result, Duration) {
    let start = ContinuousClock.now
    let result = try await body()
    return (result, ContinuousClock.now - start)
}

/// A fresh directory holding one `<topic>.json` schema, for `TansuBroker.start(schemaRegistry:)`.
func makeSchemaRegistry(topic: String, schema: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("accord-schemas-\(UUID().uuidString)")
        .appendingPathComponent("schemas")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(schema.utf8).write(to: directory.appendingPathComponent("\(topic).json"))
    return directory
}

extension KafkaProducer {
    /// `send`, with the outcome as a value so tests can look at failures.
    func sendResult(_ record: OutgoingRecord) async -> Result<DeliveryReport, KafkaError> {
        do throws(KafkaError) {
            return .success(try await send(record))
        } catch {
            return .failure(error)
        }
    }
}
